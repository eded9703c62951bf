# Helpers that give every module the same shape: one library target ascot_<name> with the
# alias ascot::<name>, the project's warnings, optional sanitizers, and tests beside the code.

set(ASCOT_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
    # Designated initialisers that leave members at their defaults are the intended idiom.
    -Wno-missing-field-initializers)
if(ASCOT_WERROR)
  list(APPEND ASCOT_WARNINGS -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 at -O3 reports a false -Wrestrict in std::string's operator+(const char*, string&&)
  # (GCC bug 105651, fixed in GCC 13): every "literal" + std::string(...) can trip it.
  list(APPEND ASCOT_WARNINGS -Wno-restrict)
endif()
if(ASCOT_FUZZ)
  # libstdc++ 12 hides <expected> from compilers that report __cpp_concepts < 202002L; clang 16
  # implements the feature that guard stands for (P0848) but still reports 201907L.
  add_compile_options(-D__cpp_concepts=202002L -Wno-macro-redefined -Wno-builtin-macro-redefined)
  # Coverage feedback and sanitizers in every library the fuzz targets reach, not only in the
  # targets' own files.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(ASCOT_SANITIZE)
  add_compile_options(-fsanitize=${ASCOT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ASCOT_SANITIZE})
endif()

# ascot_library(<name> SOURCES ... [DEPS ...] [INCLUDE_ROOT dir])
function(ascot_library name)
  cmake_parse_arguments(ARG "" "INCLUDE_ROOT" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_INCLUDE_ROOT)
    set(ARG_INCLUDE_ROOT "${PROJECT_SOURCE_DIR}/reference")
  endif()
  add_library(ascot_${name} ${ARG_SOURCES})
  add_library(ascot::${name} ALIAS ascot_${name})
  set_target_properties(ascot_${name} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME ascot_${name})
  target_compile_options(ascot_${name} PRIVATE ${ASCOT_WARNINGS})
  target_include_directories(ascot_${name} PUBLIC
    $<BUILD_INTERFACE:${ARG_INCLUDE_ROOT}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/ascot>)
  target_link_libraries(ascot_${name} PUBLIC ${ARG_DEPS})
  ascot_header_check(${name} ${ARG_INCLUDE_ROOT})
endfunction()

# ascot_install_library(<name> HEADERS_FROM <dir>): install a reference module and its headers.
function(ascot_install_library name)
  install(TARGETS ascot_${name} EXPORT ascot-targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ascot/${name}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "*_test*" EXCLUDE PATTERN "fuzz" EXCLUDE
          PATTERN "testdata" EXCLUDE)
endfunction()

# ascot_test(<name> SOURCES ... DEPS ...): a GoogleTest program whose cases ctest discovers.
function(ascot_test name)
  if(NOT ASCOT_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;DEFINITIONS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${ASCOT_WARNINGS})
  target_compile_definitions(${name} PRIVATE ASCOT_SOURCE_DIR="${PROJECT_SOURCE_DIR}" ${ARG_DEFINITIONS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  # A GTEST_SKIP is reported by ctest as skipped, never counted as passed.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES TIMEOUT 120 SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
endfunction()

# ascot_fuzzer(<name> SOURCE file DEPS ... CORPUS dir): a libFuzzer target when ASCOT_FUZZ is on;
# otherwise a replay program that runs the seed corpus through the same entry point under ctest,
# so every seed stays a regression test in the ordinary build.
function(ascot_fuzzer name)
  cmake_parse_arguments(ARG "" "SOURCE;CORPUS" "DEPS" ${ARGN})
  if(ASCOT_FUZZ)
    add_executable(${name} ${ARG_SOURCE})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(${name} PRIVATE ${ARG_DEPS})
    set_property(GLOBAL APPEND PROPERTY ASCOT_FUZZERS "${name}=${ARG_CORPUS}")
  elseif(ASCOT_BUILD_TESTS)
    add_executable(${name}_replay ${ARG_SOURCE} ${PROJECT_SOURCE_DIR}/reference/core/fuzz_replay_main.cpp)
    target_compile_options(${name}_replay PRIVATE ${ASCOT_WARNINGS})
    target_link_libraries(${name}_replay PRIVATE ${ARG_DEPS})
    add_test(NAME fuzz-replay.${name} COMMAND ${name}_replay ${ARG_CORPUS})
  endif()
endfunction()

# ascot_header_check(<name> <include-root>): compile each public header of the module on its own, first in
# its translation unit, so that every header is self-contained (STYLE.md).
function(ascot_header_check name)
  file(GLOB headers RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.hpp)
  set(sources)
  foreach(h ${headers})
    string(MAKE_C_IDENTIFIER ${h} id)
    set(src ${CMAKE_CURRENT_BINARY_DIR}/header_check/${id}.cpp)
    file(RELATIVE_PATH rel ${ARGV1} ${CMAKE_CURRENT_SOURCE_DIR}/${h})
    file(CONFIGURE OUTPUT ${src} CONTENT "#include \"${rel}\"\n")
    list(APPEND sources ${src})
  endforeach()
  if(sources)
    add_library(ascot_${name}_header_check OBJECT ${sources})
    target_compile_options(ascot_${name}_header_check PRIVATE ${ASCOT_WARNINGS})
    target_link_libraries(ascot_${name}_header_check PRIVATE ascot::${name})
  endif()
endfunction()

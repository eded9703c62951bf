# ASCOT: the two commands a newcomer types are `make run` and `make test`.
# Every target installs what is missing first (scripts/install-deps), then builds.

PRESET   ?= default
BUILD    := build/$(PRESET)
ASCOT    := $(BUILD)/harness/ascot
OUT      ?= out/reference
JOBS     ?= 2
PYTHON   := /usr/bin/python3

.PHONY: all deps build run test ctest pytest asan fuzz-smoke bench load mutants format lint install clean help

all: build

help:
	@echo "make run         every suite against the built-in reference, the e-mail suite over SMTP on loopback;"
	@echo "                 report in $(OUT)/"
	@echo "make test        install, build and run every test (what CI runs)"
	@echo "make asan        build and test with AddressSanitizer and UBSan"
	@echo "make fuzz-smoke  build the libFuzzer targets (clang-16) and run each for FUZZ_SECONDS"
	@echo "make bench       release build; SPF, DKIM and MTA benchmarks, and the ratios against python3-spf and python3-dkim"
	@echo "make load        release build; 200 SMTP clients send 10,000 messages through the reference MTA"
	@echo "make mutants     break the reference on purpose (SPF, DKIM, DMARC, ARC, A-R, ARF) and show which vectors notice"
	@echo "make format      clang-format every C++ file in place"
	@echo "make lint        clang-tidy (16) over the sources"
	@echo "make install     install the ascot CLI, libascot, vectors and purposes (PREFIX=...)"

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

# Every suite against the reference: the mechanisms in-process, and the e-mail suite over the
# network (the reference IUT starts the DNS scenario server, the sink and the reference MTA on
# loopback ports for it, and stops them when the run ends).
run: build
	$(ASCOT) run --iut reference --suite all --out $(OUT)

test: build
	ctest --preset $(PRESET) -j $(JOBS)
	$(PYTHON) -m pytest -q harness scripts

asan:
	$(MAKE) test PRESET=asan

FUZZ_SECONDS ?= 30
fuzz-smoke:
	@scripts/install-deps --fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	scripts/fuzz-smoke build/fuzz $(FUZZ_SECONDS)

bench:
	$(MAKE) build PRESET=release
	build/release/reference/spf/spf_bench --benchmark_min_time=1
	$(PYTHON) scripts/bench-spf-compare --bench build/release/reference/spf/spf_bench \
	    --ascot build/release/harness/ascot --json build/release/bench-spf-compare.json
	build/release/reference/dkim/dkim_bench --benchmark_min_time=0.5
	$(PYTHON) scripts/bench-dkim-compare --bench build/release/reference/dkim/dkim_bench \
	    --json build/release/bench-dkim-compare.json
	build/release/reference/mta/mta_bench --benchmark_min_time=2

load:
	$(MAKE) build PRESET=release
	build/release/reference/mta/mta_load --clients 200 --messages 10000

# Each script builds in its own scratch copy of the tree; nothing here is modified.
mutants: deps
	scripts/mutants-spf
	scripts/mutants-mailauth

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# clang-tidy 16 reads libstdc++ 12's <expected> given the same help as the fuzz build
# (docs/building.md). Slow: several minutes on two cores.
lint: build
	@scripts/install-deps --fuzz
	@git ls-files 'reference/*.cpp' 'harness/*.cpp' 'reports/*.cpp' 'conformance/*.cpp' | grep -v _test.cpp | \
	  xargs clang-tidy-16 -p $(BUILD) --quiet --extra-arg=-std=c++2b \
	  --extra-arg=-D__cpp_concepts=202002L --extra-arg=-Wno-macro-redefined

PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf build out

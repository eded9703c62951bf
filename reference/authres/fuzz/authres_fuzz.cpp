// Fuzz target: the Authentication-Results parser (RFC 8601 2.2), strict and lenient. Whatever
// parses must format and parse back to the same value.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "authres/authres.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool lenient : {false, true}) {
    auto parsed = ascot::authres::parse(text, {lenient});
    if (!parsed) continue;
    auto again = ascot::authres::parse_field(ascot::authres::format(*parsed), {lenient});
    if (!again || !(*again == *parsed)) std::abort();
  }
  return 0;
}

// Fuzz target: the SPF macro-string parser and expander (RFC 7208 7), in all three contexts.
#include <cstdint>
#include <string_view>

#include "spf/macro.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ascot::spf::MacroValues values;
  values.sender = "strong-bad@email.example.com";
  values.local_part = "strong-bad";
  values.sender_domain = "email.example.com";
  values.domain = "email.example.com";
  values.ip = *ascot::IpAddress::parse("2001:db8::cb01");
  values.helo = "mx.example.org";
  values.receiver = "receiver.example.net";
  values.timestamp = 1700000000;
  for (auto context :
       {ascot::spf::MacroContext::domain_spec, ascot::spf::MacroContext::modifier_value,
        ascot::spf::MacroContext::explanation}) {
    auto macro = ascot::spf::parse_macro_string(text, context);
    if (!macro) continue;
    std::string expanded = ascot::spf::expand(*macro, values);
    // Every expansion is bounded: the longest value times the number of tokens, URL-escaped.
    if (expanded.size() > 3 * 100 * (size + 1)) __builtin_trap();
    std::string truncated = ascot::spf::truncate_domain(expanded);
    if (truncated.size() > 253) __builtin_trap();
  }
  return 0;
}

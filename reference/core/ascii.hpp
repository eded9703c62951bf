// core/ascii.hpp: ASCII-only text helpers. Protocol grammars (RFC 5234 ABNF) compare
// case-insensitively over ASCII only; these helpers never consult the C locale.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ascot::ascii {

constexpr bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// lower returns a copy of |s| with ASCII letters lower-cased.
std::string lower(std::string_view s);

// iequals compares |a| and |b| ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

// istarts_with reports whether |s| begins with |prefix|, ignoring ASCII case.
bool istarts_with(std::string_view s, std::string_view prefix);

// split cuts |s| at every occurrence of |sep|; empty pieces are kept.
std::vector<std::string_view> split(std::string_view s, char sep);

// trim removes leading and trailing SP and HTAB.
std::string_view trim(std::string_view s);

// printable returns |s| with bytes outside printable ASCII shown as \xHH, for messages.
std::string printable(std::string_view s, std::size_t max_length = 200);

}  // namespace ascot::ascii

// Reducing an HTML part to its text for filtering (X.1240 7.9 (derived-from-heading)). Not an
// HTML parser (the HTML Living Standard's tokeniser is far larger than a filter needs): it
// keeps what a reader would see closely enough for words to be found, in one linear pass.
#include "content/text.hpp"
#include "core/ascii.hpp"

namespace ascot::content {

namespace {

// kMaxEntityLength bounds how far a character reference is read before it is taken as a
// literal "&" (the longest one decoded here, "&#x10FFFF;", has 10 characters).
constexpr std::size_t kMaxEntityLength = 10;

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Decodes the character reference at |pos| ("&...;") into |out| and returns its length, or 0
// when it is not one decoded here.
std::size_t decode_entity(std::string_view s, std::size_t pos, std::string& out) {
  std::size_t semi = s.substr(pos, kMaxEntityLength + 1).find(';');
  if (semi == std::string_view::npos) return 0;
  std::string_view name = s.substr(pos + 1, semi - 1);
  if (name.starts_with('#')) {
    std::string_view digits = name.substr(1);
    int base = 10;
    if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
      base = 16;
      digits.remove_prefix(1);
    }
    if (digits.empty()) return 0;
    std::uint32_t cp = 0;
    for (char c : digits) {
      int v = ascii::is_digit(c)                 ? c - '0'
              : (base == 16 && ascii::is_hex(c)) ? ascii::to_lower(c) - 'a' + 10
                                                 : -1;
      if (v < 0) return 0;
      cp = cp * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(v);
      if (cp > 0x10ffff) return 0;
    }
    // Surrogates and NUL are not characters; they read as a space, not as bytes.
    if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) cp = ' ';
    append_utf8(out, cp);
    return semi + 1;
  }
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}};
  for (const auto& [n, c] : kNamed) {
    if (ascii::iequals(name, n)) {
      out += c;
      return semi + 1;
    }
  }
  return 0;
}

// The tag name after "<" or "</" at |pos|, lower-cased, at most a few characters (enough to
// tell the tags below apart).
std::string tag_name(std::string_view s, std::size_t pos) {
  std::size_t i = pos + 1;
  if (i < s.size() && s[i] == '/') ++i;
  std::string name;
  while (i < s.size() && ascii::is_alnum(s[i]) && name.size() < 12) {
    name += ascii::to_lower(s[i++]);
  }
  return name;
}

bool breaks_line(std::string_view name) {
  static constexpr std::string_view kBlock[] = {"br", "p",  "div", "li", "tr",    "h1",        "h2",
                                                "h3", "h4", "h5",  "h6", "table", "blockquote"};
  for (auto b : kBlock) {
    if (name == b) return true;
  }
  return false;
}

// Finds the "</name" that closes a script or style element, from |from|; npos when none.
std::size_t find_close(std::string_view s, std::size_t from, std::string_view name) {
  for (std::size_t i = s.find("</", from); i != std::string_view::npos; i = s.find("</", i + 2)) {
    if (ascii::istarts_with(s.substr(i + 2), name)) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string strip_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '<' && i + 1 < s.size()) {
      if (s.substr(i).starts_with("<!--")) {
        std::size_t end = s.find("-->", i + 4);
        i = end == std::string_view::npos ? s.size() : end + 3;
        continue;
      }
      char next = s[i + 1];
      if (ascii::is_alpha(next) || next == '/' || next == '!' || next == '?') {
        std::size_t close = s.find('>', i);
        if (close == std::string_view::npos) break;
        std::string name = tag_name(s, i);
        out += breaks_line(name) ? '\n' : ' ';
        i = close + 1;
        if (next != '/' && (name == "script" || name == "style")) {
          std::size_t end = find_close(s, i, name);
          i = end == std::string_view::npos ? s.size() : end;
        }
        continue;
      }
    } else if (c == '&') {
      if (std::size_t n = decode_entity(s, i, out); n > 0) {
        i += n;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace ascot::content

// RFC 7208 section 7: macro strings. The grammar (7.1):
//
//   domain-spec    = macro-string domain-end
//   domain-end     = ( "." toplabel [ "." ] ) / macro-expand
//   toplabel       = ( *alphanum ALPHA *alphanum ) /
//                    ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
//   explain-string = *( macro-string / SP )
//   macro-string   = *( macro-expand / macro-literal )
//   macro-expand   = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
//   macro-literal  = %x21-24 / %x26-7E
//   macro-letter   = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v"
//   transformers   = *DIGIT [ "r" ]
//   delimiter      = "." / "-" / "+" / "," / "/" / "_" / "="
#include <algorithm>

#include "core/ascii.hpp"
#include "spf/macro.hpp"

namespace ascot::spf {

namespace {

constexpr std::string_view kLetters = "slodiphcrtv";
constexpr std::string_view kExplanationOnly = "crt";  // 7.2: allowed only in "exp" text
constexpr std::string_view kDelimiters = ".-+,/_=";

std::unexpected<Error> syntax(std::string message, std::string_view text, std::size_t at) {
  return fail(Errc::parse_error, std::move(message) + " at position " + std::to_string(at + 1) +
                                     " of '" + ascii::printable(text) + "'");
}

bool is_toplabel(std::string_view label) {
  if (label.empty() || label.front() == '-' || label.back() == '-') return false;
  bool alpha = false, hyphen = false;
  for (char c : label) {
    if (c == '-') {
      hyphen = true;
    } else if (ascii::is_alpha(c)) {
      alpha = true;
    } else if (!ascii::is_digit(c)) {
      return false;
    }
  }
  return alpha || hyphen;
}

void append_literal(MacroString& out, std::string_view text) {
  if (!out.tokens.empty() && out.tokens.back().kind == MacroToken::Kind::literal) {
    out.tokens.back().literal += text;
  } else {
    out.tokens.push_back(MacroToken{MacroToken::Kind::literal, std::string(text), {}});
  }
}

// domain-end: the string ends in a macro-expand (including %% %_ %-, which the grammar
// counts as macro-expand), or its literal tail ends in "." toplabel with an optional dot.
Expected<void> check_domain_end(const MacroString& m, bool ends_with_expand) {
  if (ends_with_expand) return {};
  if (m.tokens.empty()) {
    return fail(Errc::parse_error, "a domain-spec may not be empty (RFC 7208 7.1 domain-end)");
  }
  std::string_view tail = m.tokens.back().literal;
  if (tail.ends_with('.')) tail.remove_suffix(1);
  auto dot = tail.rfind('.');
  if (dot == std::string_view::npos) {
    return fail(Errc::parse_error,
                "domain-spec '" + ascii::printable(m.text) +
                    "' does not end in '.' and a top-level label (RFC 7208 7.1)");
  }
  std::string_view top = tail.substr(dot + 1);
  if (!is_toplabel(top)) {
    return fail(Errc::parse_error, "'" + ascii::printable(top) + "' in domain-spec '" +
                                       ascii::printable(m.text) +
                                       "' is not a valid top-level label (RFC 7208 7.1 toplabel)");
  }
  return {};
}

}  // namespace

Expected<MacroString> parse_macro_string(std::string_view text, MacroContext context) {
  MacroString out;
  out.text = std::string(text);
  bool last_was_expand = false;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '%') {
      auto u = static_cast<unsigned char>(c);
      bool literal_ok =
          (u >= 0x21 && u <= 0x7e) || (u == ' ' && context == MacroContext::explanation);
      if (!literal_ok)
        return syntax("character '" + ascii::printable(std::string(1, c)) + "' is not allowed",
                      text, i);
      std::size_t start = i;
      while (i < text.size() && text[i] != '%') {
        auto v = static_cast<unsigned char>(text[i]);
        if (!((v >= 0x21 && v <= 0x7e) || (v == ' ' && context == MacroContext::explanation)))
          break;
        ++i;
      }
      append_literal(out, text.substr(start, i - start));
      last_was_expand = false;
      continue;
    }
    // 7.3: '%' must be followed by '{', '%', '_' or '-'.
    if (i + 1 >= text.size()) return syntax("'%' at the end of the string", text, i);
    char next = text[i + 1];
    if (next == '%' || next == '_' || next == '-') {
      append_literal(out, next == '%' ? "%" : next == '_' ? " " : "%20");
      i += 2;
      last_was_expand = true;
      continue;
    }
    if (next != '{')
      return syntax("'%' followed by '" + ascii::printable(std::string(1, next)) + "'", text, i);
    std::size_t j = i + 2;
    if (j >= text.size()) return syntax("unterminated macro", text, i);
    char letter = text[j];
    char lower = ascii::to_lower(letter);
    if (kLetters.find(lower) == std::string_view::npos || !ascii::is_alpha(letter)) {
      return syntax("unknown macro letter '" + ascii::printable(std::string(1, letter)) + "'", text,
                    j);
    }
    if (context == MacroContext::domain_spec &&
        kExplanationOnly.find(lower) != std::string_view::npos) {
      return syntax(std::string("macro letter '") + letter +
                        "' is allowed only in explanation text (RFC 7208 7.2)",
                    text, j);
    }
    MacroExpand e;
    e.letter = lower;
    e.url_escape = letter != lower;
    ++j;
    std::size_t digits_start = j;
    long keep = 0;
    while (j < text.size() && ascii::is_digit(text[j])) {
      keep = std::min<long>(keep * 10 + (text[j] - '0'), 1000000);
      ++j;
    }
    if (j > digits_start) {
      // 7.3: "If a DIGIT is specified, the value MUST be nonzero."
      if (keep == 0)
        return syntax("the digit transformer must not be zero (RFC 7208 7.3)", text, digits_start);
      e.keep = static_cast<int>(std::min<long>(keep, kMaxKeep));
    }
    if (j < text.size() && (text[j] == 'r' || text[j] == 'R')) {
      e.reverse = true;
      ++j;
    }
    while (j < text.size() && kDelimiters.find(text[j]) != std::string_view::npos) {
      e.delimiters += text[j];
      ++j;
    }
    if (j >= text.size()) return syntax("unterminated macro", text, i);
    if (text[j] != '}') {
      return syntax("unexpected '" + ascii::printable(std::string(1, text[j])) + "' in macro", text,
                    j);
    }
    out.tokens.push_back(MacroToken{MacroToken::Kind::expand, {}, std::move(e)});
    i = j + 1;
    last_was_expand = true;
  }
  if (context == MacroContext::domain_spec) {
    auto end = check_domain_end(out, last_was_expand);
    if (!end) return std::unexpected(end.error());
  }
  return out;
}

namespace {

std::string letter_value(char letter, const MacroValues& v) {
  switch (letter) {
    case 's':
      return std::string(v.sender);
    case 'l':
      return std::string(v.local_part);
    case 'o':
      return std::string(v.sender_domain);
    case 'd':
      return std::string(v.domain);
    case 'i':
      return v.ip.is_v4() ? v.ip.to_string() : v.ip.nibbles();
    case 'p':
      return v.validated_name ? v.validated_name() : std::string("unknown");
    case 'v':
      return v.ip.is_v4() ? "in-addr" : "ip6";
    case 'h':
      return std::string(v.helo);
    case 'c':
      return v.ip.to_string();
    case 'r':
      return std::string(v.receiver);
    case 't':
      return std::to_string(v.timestamp);
  }
  return {};
}

// 7.3: split on the delimiters, optionally reverse, keep the right-hand |keep| parts, and
// join with ".". Empty parts are kept: leading, trailing or doubled delimiters are not
// special.
std::string transform(const std::string& value, const MacroExpand& e) {
  if (e.keep == 0 && !e.reverse && e.delimiters.empty()) return value;
  std::string_view delims =
      e.delimiters.empty() ? std::string_view(".") : std::string_view(e.delimiters);
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  std::string_view sv = value;
  for (std::size_t k = 0; k <= sv.size(); ++k) {
    if (k == sv.size() || delims.find(sv[k]) != std::string_view::npos) {
      parts.push_back(sv.substr(start, k - start));
      start = k + 1;
    }
  }
  if (e.reverse) std::reverse(parts.begin(), parts.end());
  std::size_t first = 0;
  if (e.keep > 0 && static_cast<std::size_t>(e.keep) < parts.size())
    first = parts.size() - static_cast<std::size_t>(e.keep);
  std::string out;
  for (std::size_t k = first; k < parts.size(); ++k) {
    if (k > first) out += '.';
    out += parts[k];
  }
  return out;
}

// RFC 3986 2.3 unreserved characters stay; every other octet becomes %XX.
std::string url_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (ascii::is_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace

std::string expand(const MacroString& macro, const MacroValues& values) {
  std::string out;
  for (const auto& token : macro.tokens) {
    if (token.kind == MacroToken::Kind::literal) {
      out += token.literal;
      continue;
    }
    std::string value = transform(letter_value(token.expand.letter, values), token.expand);
    out += token.expand.url_escape ? url_escape(value) : value;
  }
  return out;
}

std::string truncate_domain(std::string name) {
  if (name.ends_with('.')) name.pop_back();
  constexpr std::size_t kMax = 253;  // 7.3: the maximum length of a domain name in this format
  std::size_t cut = 0;
  while (name.size() - cut > kMax) {
    auto dot = name.find('.', cut);
    if (dot == std::string::npos)
      return std::string(name.end() - static_cast<std::ptrdiff_t>(kMax), name.end());
    cut = dot + 1;
  }
  return name.substr(cut);
}

}  // namespace ascot::spf

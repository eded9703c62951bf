// RFC 5321 4.1 (command syntax), 4.5.3.1 (size limits), RFC 3207 (STARTTLS), RFC 4954 4
// (AUTH), RFC 3461 4 (xtext), and Postfix's XCLIENT.
#include <array>

#include "core/ascii.hpp"
#include "core/ip.hpp"
#include "smtp/command.hpp"

namespace ascot::smtp {
namespace {

using Failure = std::unexpected<Reply>;

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

Failure refuse(int code, std::string_view status, std::string text) {
  return Failure(reply(code, status, text));
}

// 4.1.2 atext (RFC 5322 3.2.3): ALPHA, DIGIT and !#$%&'*+-/=?^_`{|}~
bool is_atext(char c) {
  if (ascii::is_alnum(c)) return true;
  constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~";
  return specials.find(c) != std::string_view::npos;
}

// 4.1.2 Dot-string = Atom *("." Atom)
bool is_dot_string(std::string_view s) {
  if (s.empty()) return false;
  bool atom_started = false;
  for (char c : s) {
    if (c == '.') {
      if (!atom_started) return false;
      atom_started = false;
    } else if (is_atext(c)) {
      atom_started = true;
    } else {
      return false;
    }
  }
  return atom_started;
}

// 4.1.2 Quoted-string = DQUOTE *QcontentSMTP DQUOTE; returns the length of the quoted string
// at the start of |s| (quotes included), or 0 when there is none.
std::size_t quoted_string_length(std::string_view s) {
  if (s.empty() || s[0] != '"') return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    auto u = static_cast<unsigned char>(s[i]);
    if (s[i] == '"') return i + 1;
    if (s[i] == '\\') {
      // quoted-pairSMTP = %d92 %d32-126
      if (i + 1 == s.size()) return 0;
      auto next = static_cast<unsigned char>(s[i + 1]);
      if (next < 32 || next > 126) return 0;
      ++i;
      continue;
    }
    // qtextSMTP = %d32-33 / %d35-91 / %d93-126
    if (u < 32 || u > 126) return 0;
  }
  return 0;
}

// 4.1.3 Snum = 1*3DIGIT, a value from 0 to 255 (leading zeros are not forbidden by the ABNF).
bool is_ipv4_literal(std::string_view s) {
  auto parts = ascii::split(s, '.');
  if (parts.size() != 4) return false;
  for (auto p : parts) {
    if (p.empty() || p.size() > 3) return false;
    int value = 0;
    for (char c : p) {
      if (!ascii::is_digit(c)) return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
  }
  return true;
}

// Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig, after a Let-dig: a sub-domain of 4.1.2.
bool is_sub_domain(std::string_view s) {
  // RFC 1035 2.3.4: a label is at most 63 octets.
  if (s.empty() || s.size() > 63) return false;
  if (!ascii::is_alnum(s.front()) || !ascii::is_alnum(s.back())) return false;
  for (char c : s) {
    if (!ascii::is_alnum(c) && c != '-') return false;
  }
  return true;
}

struct ParsedPath {
  Path path;
  std::size_t length = 0;  // octets consumed, brackets included
};

// parse_path reads a Path, "<>" (when |allow_null|) or "<Postmaster>" (when
// |allow_postmaster|) at the start of |s|. The error text says what was wrong.
std::expected<ParsedPath, std::string> parse_path(std::string_view s, bool allow_null,
                                                  bool allow_postmaster) {
  if (s.empty() || s[0] != '<') {
    return std::unexpected("the address must be in angle brackets (RFC 5321 4.1.2 Path)");
  }
  // Find the closing bracket outside any quoted string.
  std::size_t end = std::string_view::npos;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '"') {
      auto q = quoted_string_length(s.substr(i));
      if (q == 0) return std::unexpected("an unterminated or invalid quoted local-part");
      i += q - 1;
      continue;
    }
    if (s[i] == '>') {
      end = i;
      break;
    }
  }
  if (end == std::string_view::npos) return std::unexpected("no closing '>'");
  std::size_t length = end + 1;
  if (length > kMaxPath) {
    return std::unexpected("path of " + std::to_string(length) +
                           " octets is longer than the 256 of RFC 5321 4.5.3.1.3");
  }
  std::string_view inner = s.substr(1, end - 1);
  ParsedPath out;
  out.length = length;
  if (inner.empty()) {
    if (!allow_null) return std::unexpected("the null path <> is allowed only in MAIL");
    return out;
  }
  if (allow_postmaster && ascii::iequals(inner, "postmaster")) {
    out.path.postmaster = true;
    return out;
  }
  // A-d-l = At-domain *( "," At-domain ) ":"; read and ignored (3.3, Appendix C).
  if (inner[0] == '@') {
    auto colon = inner.find(':');
    if (colon == std::string_view::npos) return std::unexpected("a source route without ':'");
    for (auto hop : ascii::split(inner.substr(0, colon), ',')) {
      if (hop.size() < 2 || hop[0] != '@' || !is_domain(hop.substr(1))) {
        return std::unexpected("a malformed source route");
      }
    }
    inner.remove_prefix(colon + 1);
  }
  auto mailbox = parse_mailbox(inner);
  if (!mailbox)
    return std::unexpected("not a mailbox of RFC 5321 4.1.2: " + ascii::printable(inner, 80));
  if (mailbox->local_part.size() > kMaxLocalPart) {
    return std::unexpected("local-part of " + std::to_string(mailbox->local_part.size()) +
                           " octets is longer than the 64 of RFC 5321 4.5.3.1.1");
  }
  if (mailbox->domain.size() > kMaxDomain) {
    return std::unexpected("domain longer than the 255 octets of RFC 5321 4.5.3.1.2");
  }
  out.path.mailbox = std::move(*mailbox);
  return out;
}

// esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
bool is_esmtp_keyword(std::string_view s) {
  if (s.empty() || !ascii::is_alnum(s[0])) return false;
  for (char c : s) {
    if (!ascii::is_alnum(c) && c != '-') return false;
  }
  return true;
}

// esmtp-value = 1*(%d33-60 / %d62-126)
bool is_esmtp_value(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == '=') return false;
  }
  return true;
}

// Mail-parameters = esmtp-param *(SP esmtp-param), each keyword["=" value].
std::expected<std::vector<Parameter>, std::string> parse_parameters(std::string_view s) {
  std::vector<Parameter> out;
  for (auto word : ascii::split(s, ' ')) {
    if (out.size() == kMaxParameters) return std::unexpected("too many parameters");
    auto eq = word.find('=');
    Parameter p;
    auto keyword = word.substr(0, eq);
    if (!is_esmtp_keyword(keyword)) {
      return std::unexpected("a malformed parameter: " + ascii::printable(word, 60));
    }
    p.keyword = upper(keyword);
    if (eq != std::string_view::npos) {
      auto value = word.substr(eq + 1);
      if (!is_esmtp_value(value)) {
        return std::unexpected("a malformed parameter value: " + ascii::printable(word, 60));
      }
      p.value = std::string(value);
    }
    out.push_back(std::move(p));
  }
  return out;
}

struct VerbName {
  std::string_view name;
  Verb verb;
};
constexpr std::array<VerbName, 14> kVerbs{{
    {"HELO", Verb::helo},
    {"EHLO", Verb::ehlo},
    {"MAIL", Verb::mail},
    {"RCPT", Verb::rcpt},
    {"DATA", Verb::data},
    {"RSET", Verb::rset},
    {"VRFY", Verb::vrfy},
    {"EXPN", Verb::expn},
    {"HELP", Verb::help},
    {"NOOP", Verb::noop},
    {"QUIT", Verb::quit},
    {"STARTTLS", Verb::starttls},
    {"AUTH", Verb::auth},
    {"XCLIENT", Verb::xclient},
}};

// MAIL and RCPT: "FROM:" or "TO:" then the path, then optional parameters.
std::expected<Command, Reply> parse_transaction(Command cmd, std::string_view rest) {
  bool mail = cmd.verb == Verb::mail;
  std::string_view keyword = mail ? "FROM:" : "TO:";
  std::string_view status = mail ? "5.1.7" : "5.1.3";  // RFC 3463 3.2
  if (!ascii::istarts_with(rest, keyword)) {
    return refuse(501, "5.5.4",
                  std::string("Syntax: ") + (mail ? "MAIL FROM:<address>" : "RCPT TO:<address>"));
  }
  rest.remove_prefix(keyword.size());
  if (!rest.empty() && rest[0] == ' ') {
    // 3.3: spaces are not permitted on either side of the colon.
    return refuse(501, "5.5.4", "no space is allowed after the colon (RFC 5321 3.3)");
  }
  auto path = parse_path(rest, mail, !mail);
  if (!path) return refuse(501, status, "Bad address syntax: " + path.error());
  cmd.path = std::move(path->path);
  rest.remove_prefix(path->length);
  if (rest.empty()) return cmd;
  if (rest[0] != ' ' || rest.size() == 1) {
    return refuse(501, "5.5.4", "expected a space and parameters after the address");
  }
  auto params = parse_parameters(rest.substr(1));
  if (!params) return refuse(501, "5.5.4", "Bad parameters: " + params.error());
  cmd.parameters = std::move(*params);
  return cmd;
}

// RFC 4422 3.1: a SASL mechanism name is 1 to 20 upper-case letters, digits, '-' and '_'.
bool is_sasl_mechanism(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s) {
    if (!ascii::is_alnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

std::string_view verb_name(Verb v) {
  for (const auto& entry : kVerbs) {
    if (entry.verb == v) return entry.name;
  }
  return "?";
}

std::string Path::to_string() const {
  if (postmaster) return "<Postmaster>";
  if (!mailbox) return "<>";
  return "<" + mailbox->to_string() + ">";
}

bool is_domain(std::string_view text) {
  if (text.empty() || text.size() > kMaxDomain) return false;
  for (auto label : ascii::split(text, '.')) {
    if (!is_sub_domain(label)) return false;
  }
  return true;
}

bool is_address_literal(std::string_view text) {
  if (text.size() < 3 || text.front() != '[' || text.back() != ']') return false;
  auto inner = text.substr(1, text.size() - 2);
  if (is_ipv4_literal(inner)) return true;
  if (ascii::istarts_with(inner, "IPv6:")) {
    return IpAddress::parse_v6(inner.substr(5)).has_value();
  }
  // General-address-literal = Standardized-tag ":" 1*dcontent; dcontent = %d33-90 / %d94-126
  auto colon = inner.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == inner.size()) return false;
  auto tag = inner.substr(0, colon);
  if (!ascii::is_alnum(tag.back())) return false;
  for (char c : tag) {
    if (!ascii::is_alnum(c) && c != '-') return false;
  }
  for (char c : inner.substr(colon + 1)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || (u >= 91 && u <= 93)) return false;
  }
  return true;
}

std::optional<Mailbox> parse_mailbox(std::string_view text) {
  Mailbox out;
  std::size_t at = 0;
  if (!text.empty() && text[0] == '"') {
    at = quoted_string_length(text);
    if (at == 0) return std::nullopt;
  } else {
    at = text.find('@');
    if (at == std::string_view::npos || !is_dot_string(text.substr(0, at))) return std::nullopt;
  }
  if (at >= text.size() || text[at] != '@') return std::nullopt;
  out.local_part = std::string(text.substr(0, at));
  auto domain = text.substr(at + 1);
  if (is_domain(domain)) {
    out.domain = std::string(domain);
  } else if (is_address_literal(domain)) {
    out.domain = std::string(domain);
    out.domain_is_literal = true;
  } else {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> decode_xtext(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    if (text[i] == '+') {
      // RFC 3461 4: "+" followed by two upper-case hexadecimal digits.
      if (i + 2 >= text.size()) return std::nullopt;
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      int hi = hex(text[i + 1]);
      int lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
      continue;
    }
    // xchar: "!" to "~" except "+" and "="
    if (u < 33 || u > 126 || text[i] == '=') return std::nullopt;
    out.push_back(text[i]);
  }
  return out;
}

std::string encode_xtext(std::string_view text) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == '+' || c == '=') {
      out.push_back('+');
      out.push_back(digits[u >> 4]);
      out.push_back(digits[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::expected<Command, Reply> parse_command(std::string_view line) {
  auto space = line.find(' ');
  auto verb_text = line.substr(0, space);
  const VerbName* found = nullptr;
  for (const auto& entry : kVerbs) {
    if (ascii::iequals(verb_text, entry.name)) found = &entry;
  }
  // 4.5.3.1.4 (and RFC 4954 4 for AUTH, whose initial response may be long).
  std::size_t limit = found && found->verb == Verb::auth ? kMaxAuthLine : kMaxCommandLine;
  if (line.size() + 2 > limit) return refuse(500, "5.5.2", "Line too long");
  for (char c : line) {
    // 2.3.8: CR and LF appear only together, as the line ending; NUL is never text.
    if (c == '\r' || c == '\n' || c == '\0') {
      return refuse(500, "5.5.2", "Syntax error: bare CR, LF or NUL in the command line");
    }
  }
  if (!found) return refuse(500, "5.5.1", "Command unrecognized");
  Command cmd;
  cmd.verb = found->verb;
  std::string_view rest =
      space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  bool has_argument = space != std::string_view::npos;
  switch (cmd.verb) {
    case Verb::helo:
    case Verb::ehlo:
      // 4.1.1.1: HELO and EHLO take the client's domain (or, for EHLO, an address literal).
      if (rest.empty()) {
        return refuse(501, "5.5.4",
                      std::string("Syntax: ") + std::string(found->name) + " hostname");
      }
      cmd.argument = std::string(rest);
      return cmd;
    case Verb::mail:
    case Verb::rcpt:
      if (!has_argument) {
        return refuse(
            501, "5.5.4",
            cmd.verb == Verb::mail ? "Syntax: MAIL FROM:<address>" : "Syntax: RCPT TO:<address>");
      }
      return parse_transaction(std::move(cmd), rest);
    case Verb::data:
    case Verb::rset:
    case Verb::quit:
    case Verb::starttls:
      // 4.1.1.4, 4.1.1.5, 4.1.1.10, RFC 3207 4: no parameters.
      if (has_argument) {
        return refuse(501, "5.5.4", std::string(found->name) + " takes no arguments");
      }
      return cmd;
    case Verb::vrfy:
    case Verb::expn:
      // 4.1.1.6, 4.1.1.7: a String is required.
      if (rest.empty()) {
        return refuse(501, "5.5.4", std::string("Syntax: ") + std::string(found->name) + " string");
      }
      cmd.argument = std::string(rest);
      return cmd;
    case Verb::help:
    case Verb::noop:
      cmd.argument = std::string(rest);
      return cmd;
    case Verb::auth: {
      // RFC 4954 4: AUTH mechanism [initial-response]
      auto words = ascii::split(rest, ' ');
      if (rest.empty() || words.size() > 2 || !is_sasl_mechanism(words[0]) ||
          (words.size() == 2 && words[1].empty())) {
        return refuse(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
      }
      // The mechanism name is case-insensitive in use; we pass it on upper-cased.
      cmd.argument = upper(words[0]);
      if (words.size() == 2) cmd.argument += " " + std::string(words[1]);
      return cmd;
    }
    case Verb::xclient: {
      // XCLIENT attribute=value ..., values in xtext.
      if (rest.empty()) return refuse(501, "5.5.4", "Syntax: XCLIENT attribute=value ...");
      for (auto word : ascii::split(rest, ' ')) {
        auto eq = word.find('=');
        if (eq == std::string_view::npos || eq == 0 || cmd.parameters.size() == kMaxParameters) {
          return refuse(501, "5.5.4", "Bad XCLIENT attribute: " + ascii::printable(word, 60));
        }
        auto value = decode_xtext(word.substr(eq + 1));
        if (!value) {
          return refuse(501, "5.5.4", "Bad XCLIENT attribute value: " + ascii::printable(word, 60));
        }
        Parameter p;
        for (char c : word.substr(0, eq)) {
          if (!ascii::is_alpha(c)) {
            return refuse(501, "5.5.4",
                          "Bad XCLIENT attribute name: " + ascii::printable(word, 60));
          }
        }
        p.keyword = upper(word.substr(0, eq));
        p.value = std::move(*value);
        cmd.parameters.push_back(std::move(p));
      }
      return cmd;
    }
  }
  return refuse(500, "5.5.1", "Command unrecognized");
}

}  // namespace ascot::smtp

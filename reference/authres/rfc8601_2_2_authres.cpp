// RFC 8601 2.2: the grammar of Authentication-Results.
//
//   authres-payload = [CFWS] authserv-id [ CFWS authres-version ]
//                     ( no-result / 1*resinfo ) [CFWS] CRLF
//   authserv-id     = value                     ; RFC 2045 token / quoted-string
//   authres-version = 1*DIGIT [CFWS]
//   no-result       = [CFWS] ";" [CFWS] "none"
//   resinfo         = [CFWS] ";" methodspec [ CFWS reasonspec ] [ CFWS 1*propspec ]
//   methodspec      = [CFWS] method [CFWS] "=" [CFWS] result
//   reasonspec      = "reason" [CFWS] "=" [CFWS] value
//   propspec        = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue
//   method          = Keyword [ [CFWS] "/" [CFWS] method-version ]
//   method-version  = 1*DIGIT [CFWS]
//   result, ptype   = Keyword                   ; RFC 5321 4.1.2: Ldh-str
//   property        = special-smtp-verb / Keyword
//   pvalue          = [CFWS] ( value / [ [ local-part ] "@" ] domain-name ) [CFWS]
#include "authres/authres.hpp"

#include "core/ascii.hpp"
#include "mail/lexer.hpp"

namespace ascot::authres {

std::optional<std::string> ResultInfo::property(std::string_view ptype,
                                                std::string_view name) const {
  for (const auto& p : properties) {
    if (p.ptype == ptype && p.property == name) return p.value;
  }
  return std::nullopt;
}

std::vector<const ResultInfo*> AuthenticationResults::results_for(std::string_view method) const {
  std::vector<const ResultInfo*> out;
  for (const auto& r : results) {
    if (r.method == method) out.push_back(&r);
  }
  return out;
}

namespace {

using mail::Lexer;

// RFC 5321 4.1.2: Keyword = Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig.
std::optional<std::string_view> keyword(Lexer& lex) {
  std::string_view rest = lex.rest();
  std::size_t n = 0;
  while (n < rest.size() && (ascii::is_alnum(rest[n]) || rest[n] == '-')) ++n;
  if (n == 0 || rest[n - 1] == '-') return std::nullopt;
  lex.advance(n);
  return rest.substr(0, n);
}

Expected<int> digits(Lexer& lex, const char* what) {
  std::string_view rest = lex.rest();
  std::size_t n = 0;
  while (n < rest.size() && ascii::is_digit(rest[n])) ++n;
  if (n == 0) return lex.error(std::string("expected ") + what);
  if (n > 9) return lex.error(std::string(what) + " is too large");
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) v = v * 10 + (rest[i] - '0');
  lex.advance(n);
  return v;
}

// RFC 2045 value = token / quoted-string.
Expected<std::string> value(Lexer& lex, const char* what) {
  auto quoted = lex.quoted_string();
  if (!quoted) return std::unexpected(quoted.error());
  if (*quoted) return std::move(**quoted);
  auto t = lex.token();
  if (!t) return lex.error(std::string("expected ") + what);
  return std::string(*t);
}

bool is_atext(char c) {
  return ascii::is_alnum(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// pvalue = value / [ [ local-part ] "@" ] domain-name. The forms overlap: a token such as
// "example.com" is both a value and a domain-name, and reads the same either way.
Expected<std::string> pvalue(Lexer& lex, bool lenient) {
  auto quoted = lex.quoted_string();
  if (!quoted) return std::unexpected(quoted.error());
  std::string out;
  if (*quoted) {
    if (lex.peek() != '@') return std::move(**quoted);
    out = std::move(**quoted);  // a quoted local-part
  } else {
    std::string_view rest = lex.rest();
    std::size_t n = 0;
    // A token, or a dot-atom local-part; '@' and the domain follow below.
    while (n < rest.size()) {
      char c = rest[n];
      auto u = static_cast<unsigned char>(c);
      bool token_char = u > 32 && u < 127 && !mail::is_tspecial(c);
      bool allowed = token_char || is_atext(c) || c == '.' ||
                     (lenient && u > 32 && u < 127 && c != ';' && c != '(' && c != '"' && c != '@');
      if (!allowed) break;
      ++n;
    }
    out = std::string(rest.substr(0, n));
    lex.advance(n);
  }
  if (lex.consume('@')) {
    // domain-name (RFC 6376 3.5): sub-domain *("." sub-domain), letters, digits and hyphens.
    std::string_view rest = lex.rest();
    std::size_t n = 0;
    while (n < rest.size() && (ascii::is_alnum(rest[n]) || rest[n] == '-' || rest[n] == '.')) ++n;
    std::string_view domain = rest.substr(0, n);
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos) {
      return lex.error("expected a domain name after '@'");
    }
    lex.advance(n);
    return out + "@" + std::string(domain);
  }
  if (out.empty()) return lex.error("expected a property value");
  // Without '@' the value is an RFC 2045 token, which excludes tspecials such as '/' and '='.
  if (!*quoted && !lenient) {
    for (char c : out) {
      if (mail::is_tspecial(c)) {
        return lex.error("the value '" + out + "' holds '" + std::string(1, c) +
                         "' and must be quoted");
      }
    }
  }
  return out;
}

// Skips CFWS, returning whether any was skipped (some rules need CFWS between elements).
Expected<bool> cfws(Lexer& lex) {
  std::size_t before = lex.position();
  auto r = lex.skip_cfws();
  if (!r) return std::unexpected(r.error());
  return lex.position() != before;
}

}  // namespace

Expected<AuthenticationResults> parse(std::string_view text, ParseOptions options) {
  Lexer lex(text);
  AuthenticationResults out;
#define ASCOT_CFWS()                                       \
  do {                                                     \
    auto skipped = cfws(lex);                              \
    if (!skipped) return std::unexpected(skipped.error()); \
  } while (0)
  ASCOT_CFWS();
  if (lex.at_end()) return lex.error("the field is empty; an authserv-id is required");
  auto id = value(lex, "an authserv-id");
  if (!id) return std::unexpected(id.error());
  out.authserv_id = std::move(*id);
  auto space = cfws(lex);
  if (!space) return std::unexpected(space.error());
  if (ascii::is_digit(lex.peek())) {
    if (!*space) return lex.error("expected white space between the authserv-id and the version");
    auto v = digits(lex, "a version number");
    if (!v) return std::unexpected(v.error());
    out.version = *v;
    ASCOT_CFWS();
  }
  if (lex.at_end()) return lex.error("expected ';' and a result, or '; none'");
  bool first = true;
  while (!lex.at_end()) {
    if (!lex.consume(';')) return lex.error("expected ';' before a result");
    ASCOT_CFWS();
    if (lex.at_end()) {
      if (options.lenient && !first) break;
      return lex.error("expected a result after ';'");
    }
    auto method = keyword(lex);
    if (!method) return lex.error("expected an authentication method");
    std::string method_name = ascii::lower(*method);
    ASCOT_CFWS();
    if (first && method_name == "none" && (lex.at_end() || lex.peek() != '=')) {
      if (!lex.at_end()) return lex.error("nothing may follow '; none'");
      return out;  // no-result: no authentication was done
    }
    first = false;
    if (out.results.size() == kMaxResults) {
      return fail(Errc::limit_exceeded,
                  "more than " + std::to_string(kMaxResults) + " results in one field");
    }
    ResultInfo info;
    info.method = method_name;
    if (lex.consume('/')) {
      ASCOT_CFWS();
      auto v = digits(lex, "a method version");
      if (!v) return std::unexpected(v.error());
      info.method_version = *v;
      ASCOT_CFWS();
    }
    if (!lex.consume('=')) return lex.error("expected '=' after the method '" + method_name + "'");
    ASCOT_CFWS();
    auto result = keyword(lex);
    if (!result) return lex.error("expected a result for '" + method_name + "'");
    info.result = ascii::lower(*result);
    bool seen_property = false;
    while (true) {
      auto gap = cfws(lex);
      if (!gap) return std::unexpected(gap.error());
      if (lex.at_end() || lex.peek() == ';') break;
      if (!*gap)
        return lex.error("expected white space before '" + std::string(lex.rest().substr(0, 10)) +
                         "'");
      auto word = keyword(lex);
      if (!word) return lex.error("expected reason= or a property");
      std::string name = ascii::lower(*word);
      ASCOT_CFWS();
      if (name == "reason" && lex.peek() == '=') {
        if (info.reason || seen_property)
          return lex.error("reason= must come once, before the properties");
        lex.consume('=');
        ASCOT_CFWS();
        auto r = value(lex, "a reason");
        if (!r) return std::unexpected(r.error());
        info.reason = std::move(*r);
        continue;
      }
      if (!lex.consume('.')) return lex.error("expected '.' after the ptype '" + name + "'");
      ASCOT_CFWS();
      auto property = keyword(lex);
      if (!property) return lex.error("expected a property name after '" + name + ".'");
      ASCOT_CFWS();
      if (!lex.consume('='))
        return lex.error("expected '=' after '" + name + "." + std::string(*property) + "'");
      ASCOT_CFWS();
      auto v = pvalue(lex, options.lenient);
      if (!v) return std::unexpected(v.error());
      info.properties.push_back({name, ascii::lower(*property), std::move(*v)});
      seen_property = true;
    }
    out.results.push_back(std::move(info));
  }
#undef ASCOT_CFWS
  return out;
}

Expected<AuthenticationResults> parse_field(std::string_view field, ParseOptions options) {
  constexpr std::string_view kName = "Authentication-Results";
  std::size_t colon = field.find(':');
  if (colon == std::string_view::npos) return fail(Errc::parse_error, "not a header field: no ':'");
  std::string_view name = ascii::trim(field.substr(0, colon));
  if (!ascii::iequals(name, kName)) {
    return fail(Errc::parse_error,
                "the field is '" + ascii::printable(name) + "', not Authentication-Results");
  }
  std::string_view value = field.substr(colon + 1);
  if (value.ends_with("\r\n")) value.remove_suffix(2);
  return parse(value, options);
}

namespace {

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || mail::is_tspecial(c)) return false;
  }
  return true;
}

std::string quote_if_needed(std::string_view s) {
  if (is_token(s)) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\r' || c == '\n') ? ' ' : c;
  }
  return out + "\"";
}

// A pvalue: a token as is, an address local@domain as is when it is a dot-atom, else quoted.
std::string format_pvalue(std::string_view s) {
  auto at = s.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view local = s.substr(0, at);
    std::string_view domain = s.substr(at + 1);
    bool dot_atom = !local.empty() || at == 0;
    for (char c : local) dot_atom = dot_atom && (is_atext(c) || c == '.');
    // The domain-name the parser reads back (RFC 6376 3.5): no empty label anywhere.
    bool domain_ok = !domain.empty() && domain.front() != '.' && domain.back() != '.' &&
                     domain.find("..") == std::string_view::npos;
    for (char c : domain) domain_ok = domain_ok && (ascii::is_alnum(c) || c == '-' || c == '.');
    if (dot_atom && domain_ok) return std::string(s);
    if (domain_ok) return quote_if_needed(local) + "@" + std::string(domain);
  }
  return quote_if_needed(s);
}

}  // namespace

std::string format(const AuthenticationResults& results) {
  std::vector<std::string> words;
  std::string head = "Authentication-Results: " + quote_if_needed(results.authserv_id);
  if (results.version) head += " " + std::to_string(*results.version);
  if (results.results.empty()) return head + "; none";
  head += ";";
  words.push_back(head);
  for (std::size_t i = 0; i < results.results.size(); ++i) {
    const auto& r = results.results[i];
    std::string m = r.method;
    if (r.method_version) m += "/" + std::to_string(*r.method_version);
    m += "=" + r.result;
    std::vector<std::string> parts{m};
    if (r.reason) parts.push_back("reason=" + quote_if_needed(*r.reason));
    for (const auto& p : r.properties)
      parts.push_back(p.ptype + "." + p.property + "=" + format_pvalue(p.value));
    if (i + 1 < results.results.size()) parts.back() += ";";
    for (auto& part : parts) words.push_back(std::move(part));
  }
  std::string out;
  std::size_t line = 0;
  for (const auto& w : words) {
    if (out.empty()) {
      out = w;
      line = w.size();
    } else if (line + 1 + w.size() > 78) {
      out += "\r\n\t" + w;
      line = 1 + w.size();
    } else {
      out += " " + w;
      line += 1 + w.size();
    }
  }
  return out;
}

std::string format_resinfo(std::string_view authserv_id, const std::vector<std::string>& resinfo,
                           std::string_view newline) {
  std::string out = "Authentication-Results: " + std::string(authserv_id) + ";";
  if (resinfo.empty()) return out + " none";
  for (std::size_t i = 0; i < resinfo.size(); ++i) {
    out += (i ? ";" : "") + std::string(newline) + "\t" + resinfo[i];
  }
  return out;
}

}  // namespace ascot::authres

// RFC 7208 4.5, 4.6.1, 5 and 6: record selection and the term grammar.
//
//   record           = version terms *SP
//   version          = "v=spf1"
//   terms            = *( 1*SP ( directive / modifier ) )
//   directive        = [ qualifier ] mechanism
//   qualifier        = "+" / "-" / "?" / "~"
//   mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
//   modifier         = redirect / explanation / unknown-modifier
//   unknown-modifier = name "=" macro-string
//   name             = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
//
//   all     = "all"                              include = "include" ":" domain-spec
//   a       = "a"  [ ":" domain-spec ] [ dual-cidr-length ]
//   mx      = "mx" [ ":" domain-spec ] [ dual-cidr-length ]
//   ptr     = "ptr" [ ":" domain-spec ]          exists  = "exists" ":" domain-spec
//   ip4     = "ip4" ":" ip4-network [ ip4-cidr-length ]
//   ip6     = "ip6" ":" ip6-network [ ip6-cidr-length ]
//   ip4-cidr-length  = "/" ("0" / %x31-39 0*1DIGIT) ; value range 0-32
//   ip6-cidr-length  = "/" ("0" / %x31-39 0*2DIGIT) ; value range 0-128
//   dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
//   redirect    = "redirect" "=" domain-spec      explanation = "exp" "=" domain-spec
#include "core/ascii.hpp"
#include "spf/record.hpp"

namespace ascot::spf {

namespace {

constexpr std::string_view kVersion = "v=spf1";

std::unexpected<Error> term_error(std::string_view term, std::string why) {
  return fail(Errc::parse_error, "term '" + ascii::printable(term) + "': " + std::move(why));
}

// Reads a CIDR length "0" / %x31-39 followed by up to |max_more| digits; nullopt if |s| is
// not exactly that.
std::optional<int> cidr_digits(std::string_view s, int max_more) {
  if (s.empty() || static_cast<int>(s.size()) > max_more + 1) return std::nullopt;
  if (s == "0") return 0;
  if (s.front() == '0') return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!ascii::is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool is_modifier_name(std::string_view name) {
  if (name.empty() || !ascii::is_alpha(name.front())) return false;
  for (char c : name) {
    if (!ascii::is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// Splits a trailing dual-cidr-length from |rest| (the part after the mechanism name).
// A domain-spec cannot end in "/digits" (it ends in a toplabel or a macro), so a trailing
// "/N" or "//N" always belongs to the CIDR length.
Expected<void> take_dual_cidr(std::string_view term, std::string_view& rest, Mechanism& m) {
  auto ends_with_length = [](std::string_view s, std::string_view prefix, int max_more,
                             std::string_view& before, std::string_view& digits) {
    auto slash = s.rfind('/');
    if (slash == std::string_view::npos) return false;
    digits = s.substr(slash + 1);
    if (digits.empty()) return false;
    for (char c : digits) {
      if (!ascii::is_digit(c)) return false;
    }
    if (static_cast<int>(digits.size()) > max_more + 1) return false;
    if (slash + 1 < prefix.size() || s.substr(slash + 1 - prefix.size(), prefix.size()) != prefix)
      return false;
    before = s.substr(0, slash + 1 - prefix.size());
    return true;
  };
  std::string_view before, digits;
  if (ends_with_length(rest, "//", 2, before, digits)) {
    auto v = cidr_digits(digits, 2);
    if (!v)
      return term_error(term, "IPv6 CIDR length '" + std::string(digits) + "' has a leading zero");
    if (*v > 128)
      return term_error(term,
                        "IPv6 CIDR length " + std::to_string(*v) + " is over 128 (RFC 7208 5.6)");
    m.cidr6 = *v;
    rest = before;
  }
  if (ends_with_length(rest, "/", 1, before, digits) && !before.ends_with('/')) {
    auto v = cidr_digits(digits, 1);
    if (!v)
      return term_error(term, "IPv4 CIDR length '" + std::string(digits) + "' has a leading zero");
    if (*v > 32)
      return term_error(term,
                        "IPv4 CIDR length " + std::to_string(*v) + " is over 32 (RFC 7208 5.6)");
    m.cidr4 = *v;
    rest = before;
  }
  return {};
}

Expected<MacroString> domain_spec(std::string_view term, std::string_view text) {
  auto spec = parse_macro_string(text, MacroContext::domain_spec);
  if (!spec) return term_error(term, spec.error().message);
  return spec;
}

Expected<Mechanism> parse_mechanism(std::string_view term) {
  Mechanism m;
  m.text = std::string(term);
  std::string_view body = term;
  switch (body.front()) {
    case '+':
      m.qualifier = Qualifier::pass;
      body.remove_prefix(1);
      break;
    case '-':
      m.qualifier = Qualifier::fail;
      body.remove_prefix(1);
      break;
    case '~':
      m.qualifier = Qualifier::softfail;
      body.remove_prefix(1);
      break;
    case '?':
      m.qualifier = Qualifier::neutral;
      body.remove_prefix(1);
      break;
    default:
      break;
  }
  auto name_end = body.find_first_of(":/");
  std::string_view name = body.substr(0, name_end);
  std::string_view rest =
      name_end == std::string_view::npos ? std::string_view() : body.substr(name_end);
  static constexpr MechanismKind kKinds[] = {
      MechanismKind::all, MechanismKind::include, MechanismKind::a,   MechanismKind::mx,
      MechanismKind::ptr, MechanismKind::ip4,     MechanismKind::ip6, MechanismKind::exists};
  bool known = false;
  for (MechanismKind k : kKinds) {
    if (ascii::iequals(name, mechanism_name(k))) {
      m.kind = k;
      known = true;
    }
  }
  if (!known)
    return term_error(term, "unknown mechanism '" + ascii::printable(name) + "' (RFC 7208 5)");

  switch (m.kind) {
    case MechanismKind::all:
      if (!rest.empty()) return term_error(term, "'all' takes no argument (RFC 7208 5.1)");
      break;
    case MechanismKind::include:
    case MechanismKind::exists: {
      if (!rest.starts_with(':')) {
        return term_error(
            term, "'" + std::string(mechanism_name(m.kind)) + "' needs ':' and a domain-spec");
      }
      auto spec = domain_spec(term, rest.substr(1));
      if (!spec) return std::unexpected(spec.error());
      m.domain_spec = std::move(*spec);
      break;
    }
    case MechanismKind::a:
    case MechanismKind::mx: {
      auto cidr = take_dual_cidr(term, rest, m);
      if (!cidr) return std::unexpected(cidr.error());
      if (!rest.empty()) {
        if (!rest.starts_with(':'))
          return term_error(term, "unexpected '" + ascii::printable(rest) + "'");
        auto spec = domain_spec(term, rest.substr(1));
        if (!spec) return std::unexpected(spec.error());
        m.domain_spec = std::move(*spec);
      }
      break;
    }
    case MechanismKind::ptr:
      if (!rest.empty()) {
        if (!rest.starts_with(':'))
          return term_error(term, "'ptr' takes no CIDR length (RFC 7208 5.5)");
        auto spec = domain_spec(term, rest.substr(1));
        if (!spec) return std::unexpected(spec.error());
        m.domain_spec = std::move(*spec);
      }
      break;
    case MechanismKind::ip4:
    case MechanismKind::ip6: {
      bool v4 = m.kind == MechanismKind::ip4;
      if (!rest.starts_with(':'))
        return term_error(term, std::string(v4 ? "'ip4'" : "'ip6'") + " needs ':' and a network");
      std::string_view network = rest.substr(1);
      auto slash = network.find('/');
      if (slash != std::string_view::npos) {
        std::string_view digits = network.substr(slash + 1);
        auto v = cidr_digits(digits, v4 ? 1 : 2);
        if (!v) return term_error(term, "'" + ascii::printable(digits) + "' is not a CIDR length");
        if (*v > (v4 ? 32 : 128)) {
          return term_error(term, "CIDR length " + std::to_string(*v) + " is over " +
                                      (v4 ? "32" : "128") + " (RFC 7208 5.6)");
        }
        (v4 ? m.cidr4 : m.cidr6) = *v;
        network = network.substr(0, slash);
      }
      // 5.6: ip4-network is a full dotted quad; ip6-network follows RFC 4291 2.2.
      auto ip = v4 ? IpAddress::parse_v4(network) : IpAddress::parse_v6(network);
      if (!ip) {
        return term_error(term, "'" + ascii::printable(network) + "' is not an " +
                                    (v4 ? "IPv4" : "IPv6") + " network (RFC 7208 5.6)");
      }
      m.network = *ip;
      break;
    }
  }
  return m;
}

}  // namespace

Result qualifier_result(Qualifier q) {
  switch (q) {
    case Qualifier::pass:
      return Result::pass;
    case Qualifier::fail:
      return Result::fail;
    case Qualifier::softfail:
      return Result::softfail;
    case Qualifier::neutral:
      return Result::neutral;
  }
  return Result::neutral;
}

std::string_view mechanism_name(MechanismKind kind) {
  switch (kind) {
    case MechanismKind::all:
      return "all";
    case MechanismKind::include:
      return "include";
    case MechanismKind::a:
      return "a";
    case MechanismKind::mx:
      return "mx";
    case MechanismKind::ptr:
      return "ptr";
    case MechanismKind::ip4:
      return "ip4";
    case MechanismKind::ip6:
      return "ip6";
    case MechanismKind::exists:
      return "exists";
  }
  return "all";
}

bool is_spf_record(std::string_view text) {
  return ascii::istarts_with(text, kVersion) &&
         (text.size() == kVersion.size() || text[kVersion.size()] == ' ');
}

Expected<Record> parse_record(std::string_view text) {
  if (!is_spf_record(text))
    return fail(Errc::parse_error, "the record does not begin with 'v=spf1'");
  Record record;
  record.text = std::string(text);
  std::string_view rest = text.substr(kVersion.size());
  std::size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = rest.find(' ', i);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view term = rest.substr(i, end - i);
    i = end;
    // 4.6.1: a modifier has '=' right after its name, before any ':' or '/'.
    auto special = term.find_first_of("=:/");
    if (special != std::string_view::npos && term[special] == '=') {
      std::string_view name = term.substr(0, special);
      std::string_view value = term.substr(special + 1);
      if (!is_modifier_name(name)) {
        return term_error(
            term, "'" + ascii::printable(name) + "' is not a modifier name (RFC 7208 4.6.1)");
      }
      bool is_redirect = ascii::iequals(name, "redirect");
      bool is_exp = ascii::iequals(name, "exp");
      if (is_redirect || is_exp) {
        auto& slot = is_redirect ? record.redirect : record.exp;
        // 6: "These two modifiers MUST NOT appear in a record more than once each."
        if (slot)
          return term_error(term,
                            "'" + std::string(name) + "' appears more than once (RFC 7208 6)");
        auto spec = domain_spec(term, value);
        if (!spec) return std::unexpected(spec.error());
        slot = std::move(*spec);
      } else {
        // 6: unknown modifiers are ignored, but they must still be valid macro-strings.
        auto v = parse_macro_string(value, MacroContext::modifier_value);
        if (!v) return term_error(term, v.error().message);
        record.unknown_modifiers.emplace_back(term);
      }
      continue;
    }
    auto m = parse_mechanism(term);
    if (!m) return std::unexpected(m.error());
    if (m->kind == MechanismKind::all) record.has_all = true;
    record.mechanisms.push_back(std::move(*m));
  }
  return record;
}

}  // namespace ascot::spf

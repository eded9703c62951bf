// RFC 5782 sections 2.1, 2.4 and 3: the DNS name a client asks for a subject.
#include <array>

#include "core/ascii.hpp"
#include "dnsbl/dnsbl.hpp"

namespace ascot::dnsbl {

namespace {

constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                       '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

bool is_name_char(char c) {
  // Letters, digits and '-' (the LDH rule of RFC 1123 2.1), plus '_', which list operators
  // use in zone names and which the DNS itself allows (RFC 2181 11).
  return ascii::is_alnum(c) || c == '-' || c == '_';
}

// check_labels validates a name (without its trailing dot) label by label. |what| names it
// in messages ("zone", "domain").
Expected<void> check_labels(std::string_view name, std::string_view what) {
  std::string shown = "'" + ascii::printable(name) + "'";
  if (name.empty()) return fail(Errc::invalid_argument, "the " + std::string(what) + " is empty");
  for (auto label : ascii::split(name, '.')) {
    if (label.empty()) {
      return fail(Errc::invalid_argument,
                  "the " + std::string(what) + " " + shown + " has an empty label");
    }
    if (label.size() > kMaxLabelLength) {
      return fail(Errc::invalid_argument, "the " + std::string(what) + " " + shown +
                                              " has a label of " + std::to_string(label.size()) +
                                              " octets; RFC 1035 2.3.4 allows 63");
    }
    for (char c : label) {
      if (!is_name_char(c)) {
        return fail(Errc::invalid_argument,
                    "the " + std::string(what) + " " + shown + " has the character '" +
                        ascii::printable(std::string_view(&c, 1)) +
                        "'; a DNS list name has only letters, digits, '-' and '_' (give "
                        "internationalised names as A-labels)");
      }
    }
  }
  return {};
}

std::string_view drop_trailing_dot(std::string_view name) {
  if (name.size() > 1 && name.ends_with('.')) name.remove_suffix(1);
  return name;
}

// compose joins the subject's labels and the zone, enforcing the length limit of RFC 1035
// 2.3.4 on the whole name: the subject's own length is fine only together with the zone.
Expected<std::string> compose(std::string prefix, std::string_view zone) {
  auto z = normalize_zone(zone);
  if (!z) return std::unexpected(z.error());
  std::string name = std::move(prefix) + "." + *z;
  if (name.size() > kMaxNameLength) {
    return fail(Errc::limit_exceeded, "the query name would be " + std::to_string(name.size()) +
                                          " octets; RFC 1035 2.3.4 allows 253 (" +
                                          ascii::printable(name, 80) + ")");
  }
  return name;
}

}  // namespace

Expected<std::string> normalize_zone(std::string_view zone) {
  if (zone == ".") return fail(Errc::invalid_argument, "the zone is the root; a list needs a zone");
  zone = drop_trailing_dot(zone);
  auto ok = check_labels(zone, "zone");
  if (!ok) return std::unexpected(ok.error());
  if (zone.size() > kMaxNameLength) {
    return fail(Errc::limit_exceeded, "the zone is " + std::to_string(zone.size()) +
                                          " octets; RFC 1035 2.3.4 allows 253");
  }
  return ascii::lower(zone);
}

Expected<std::string> ipv4_query_name(const IpAddress& address, std::string_view zone) {
  if (!address.is_v4()) {
    return fail(Errc::invalid_argument,
                address.to_string() + " is an IPv6 address; an IPv4 list cannot hold it");
  }
  // 2.1: the octets of the address in reverse order, as decimal labels, then the zone
  // (the layout of IN-ADDR.ARPA).
  const auto& o = address.octets();
  std::string prefix = std::to_string(o[3]) + "." + std::to_string(o[2]) + "." +
                       std::to_string(o[1]) + "." + std::to_string(o[0]);
  return compose(std::move(prefix), zone);
}

Expected<std::string> ipv6_query_name(const IpAddress& address, std::string_view zone) {
  if (!address.is_v6()) {
    return fail(Errc::invalid_argument,
                address.to_string() + " is an IPv4 address; an IPv6 list cannot hold it");
  }
  // 2.4: the 128 bits as 32 hexadecimal nibbles, least significant first, one label each
  // (the layout of IP6.ARPA, RFC 3596 2.5). Lower-case hex, so names compare byte for byte.
  std::string prefix;
  prefix.reserve(63);
  const auto& o = address.octets();
  for (std::size_t i = 16; i-- > 0;) {
    if (!prefix.empty()) prefix += '.';
    prefix += kHex[o[i] & 0xf];
    prefix += '.';
    prefix += kHex[o[i] >> 4];
  }
  return compose(std::move(prefix), zone);
}

Expected<std::string> domain_query_name(std::string_view domain, std::string_view zone) {
  if (domain.starts_with('[')) {
    return fail(Errc::invalid_argument,
                "'" + ascii::printable(domain) +
                    "' is an address literal; look addresses up in an IP list (RFC 5782 2.1, "
                    "2.4), not a domain list");
  }
  if (domain == ".") return fail(Errc::invalid_argument, "the domain is the root");
  domain = drop_trailing_dot(domain);
  auto ok = check_labels(domain, "domain");
  if (!ok) return std::unexpected(ok.error());
  // 3: the domain name itself, prefixed to the zone. DNS names compare without regard to
  // case (RFC 4343), so the name is lower-cased for stable traces and comparisons.
  return compose(ascii::lower(domain), zone);
}

Expected<std::string> query_name(const List& list, const Subject& subject) {
  if (const auto* domain = std::get_if<std::string>(&subject)) {
    if (list.kind != Kind::domain) {
      return fail(Errc::invalid_argument, "'" + ascii::printable(*domain) + "' is a domain; the " +
                                              std::string(kind_name(list.kind)) + " list " +
                                              ascii::printable(list.zone) + " holds addresses");
    }
    return domain_query_name(*domain, list.zone);
  }
  const auto& ip = std::get<IpAddress>(subject);
  switch (list.kind) {
    case Kind::domain:
      return fail(Errc::invalid_argument, ip.to_string() + " is an address; the domain list " +
                                              ascii::printable(list.zone) + " holds domains");
    case Kind::ipv4:
      // A dual-stack server sees an IPv4 client as ::ffff:a.b.c.d (RFC 4291 2.5.5.2); it is
      // still the IPv4 address that an IPv4 list holds.
      return ipv4_query_name(ip.unmapped(), list.zone);
    case Kind::ipv6:
      return ipv6_query_name(ip, list.zone);
    case Kind::ip: {
      IpAddress plain = ip.unmapped();
      return plain.is_v4() ? ipv4_query_name(plain, list.zone) : ipv6_query_name(plain, list.zone);
    }
  }
  return fail(Errc::internal, "unknown list kind");
}

}  // namespace ascot::dnsbl

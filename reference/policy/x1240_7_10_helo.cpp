// X.1240 7.10 (derived-from-heading): HELO checks. RFC 5321 4.1.1.1 asks the client for its
// fully-qualified domain name, or an address literal when it has none (2.3.5); 4.1.4 says a
// server MUST NOT refuse a message only because the name does not match the client's
// address, so none of these checks is an SMTP rule: they are anti-spam evidence, and the
// action each hit has is the operator's choice (docs/smtp.md).
#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {
namespace {

std::optional<IpAddress> literal_address(std::string_view helo) {
  if (!smtp::is_address_literal(helo)) return std::nullopt;
  auto inner = helo.substr(1, helo.size() - 2);
  if (ascii::istarts_with(inner, "IPv6:")) return IpAddress::parse_v6(inner.substr(5));
  return IpAddress::parse_v4(inner);
}

}  // namespace

std::optional<Finding> check_helo(const Config& config, dns::Resolver& resolver,
                                  std::string_view helo, const IpAddress& client,
                                  const IpAddress& server) {
  Finding f{Technique::helo};
  auto hit = [&](std::string check, std::string detail) {
    f.hit = true;
    f.check = std::move(check);
    f.detail = std::move(detail);
    return f;
  };
  std::string shown = ascii::printable(helo, 80);
  if (smtp::is_address_literal(helo)) {
    auto address = literal_address(helo);
    if (!address) return hit("bad-literal", shown + " is not an address we can compare");
    // Our own address in the client's HELO is a forgery.
    if (address->unmapped() == server.unmapped() && server.unmapped() != client.unmapped()) {
      return hit("forged", shown + " is this server's address");
    }
    if (address->unmapped() != client.unmapped()) {
      return hit("literal-mismatch", shown + " is not the client's address " + client.to_string());
    }
    f.check = "literal";
    return f;
  }
  if (!smtp::is_domain(helo))
    return hit("syntax", shown + " is neither a domain nor an address literal");
  auto name = ascii::lower(helo);
  if (name.find('.') == std::string::npos)
    return hit("not-fqdn", shown + " is not fully qualified");
  if (name == ascii::lower(config.hostname) || is_local_domain(config, name)) {
    return hit("forged", shown + " is this server's own name or domain");
  }
  bool any = false;
  for (auto type : {dns::RRType::A, dns::RRType::AAAA}) {
    auto a = resolver.query(name, type);
    if (a.is_error()) {
      f.temporary = true;
      f.check = "temperror";
      f.detail = dns::type_name(type) + " lookup for " + name + ": " +
                 std::string(dns::status_name(a.status));
      return f;
    }
    any = any || !a.records.empty();
    if (a.status == dns::Answer::Status::nxdomain) break;
  }
  if (!any) return hit("unresolvable", shown + " has no A or AAAA record");
  f.check = "ok";
  return f;
}

}  // namespace ascot::policy

// X.1240 7.5 (derived-from-heading): the existence of the sender's domain. Our reading, in
// docs/smtp.md: the MAIL FROM domain must be one that mail could be returned to, so the
// rules are those by which an SMTP client finds a domain's mail servers (RFC 5321 5.1):
// MX records, or, with none, an A or AAAA record (the implicit MX); and a null MX
// (RFC 7505 3: one MX of preference 0 and exchange ".") says the domain takes no mail.
#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {

std::optional<Finding> check_sender_domain(dns::Resolver& resolver, const smtp::Path& mail_from) {
  if (!mail_from.mailbox || mail_from.mailbox->domain_is_literal) return std::nullopt;
  const std::string domain = ascii::lower(mail_from.mailbox->domain);
  Finding f{Technique::sender_domain};
  auto temporary = [&](const dns::Answer& a, std::string_view type) {
    f.temporary = true;
    f.check = "temperror";
    f.detail = std::string(type) + " lookup for " + domain + ": " +
               std::string(dns::status_name(a.status));
    return f;
  };
  auto mx = resolver.query(domain, dns::RRType::MX);
  if (mx.is_error()) return temporary(mx, "MX");
  if (mx.status == dns::Answer::Status::nxdomain) {
    f.hit = true;
    f.check = "nxdomain";
    f.detail = domain + " does not exist";
    return f;
  }
  if (!mx.records.empty()) {
    // RFC 7505 3: a single MX with an empty exchange (the root) is a null MX.
    const auto* only = mx.records.size() == 1 ? mx.records[0].mx() : nullptr;
    if (only && (only->exchange.empty() || only->exchange == ".")) {
      f.hit = true;
      f.check = "null-mx";
      f.detail = domain + " publishes a null MX (RFC 7505)";
      return f;
    }
    f.check = "mx";
    f.detail = domain + " has MX records";
    return f;
  }
  // RFC 5321 5.1: no MX; the domain itself is the implicit MX when it has an address.
  for (auto type : {dns::RRType::A, dns::RRType::AAAA}) {
    auto a = resolver.query(domain, type);
    if (a.is_error()) return temporary(a, dns::type_name(type));
    if (!a.records.empty()) {
      f.check = "implicit-mx";
      f.detail = domain + " has no MX but has " + dns::type_name(type) + " records";
      return f;
    }
  }
  f.hit = true;
  f.check = "no-mail-host";
  f.detail = domain + " has no MX, A or AAAA records";
  return f;
}

}  // namespace ascot::policy

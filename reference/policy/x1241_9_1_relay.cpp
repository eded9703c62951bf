// X.1241 9.1 (derived-from-heading): turning off the open-relay function. Mail for a domain
// that is not ours is accepted only from the relay networks or an authenticated client
// (9.2, RFC 4954); everyone else gets 554 5.7.1 at RCPT (RFC 3463 X.7.1). RFC 5321 3.6.1
// says a host that is not configured to relay SHOULD reject such recipients.
#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {

bool is_local_domain(const Config& config, std::string_view domain) {
  auto d = ascii::lower(domain);
  for (const auto& local : config.local_domains) {
    if (d == local) return true;
  }
  return false;
}

std::optional<Finding> check_relay(const Config& config, const IpAddress& client,
                                   bool authenticated, const smtp::Path& rcpt) {
  Finding f{Technique::relay};
  // 4.1.1.3: <Postmaster> without a domain is always local.
  if (rcpt.postmaster || !rcpt.mailbox) {
    f.check = "local";
    return f;
  }
  if (!rcpt.mailbox->domain_is_literal && is_local_domain(config, rcpt.mailbox->domain)) {
    f.check = "local";
    return f;
  }
  if (authenticated) {
    f.check = "authenticated";
    f.detail = "relay for an authenticated client";
    return f;
  }
  for (const auto& [network, prefix] : config.relay_networks) {
    if (client.unmapped().matches_prefix(network, prefix)) {
      f.check = "relay-network";
      f.detail = "relay for " + client.to_string();
      return f;
    }
  }
  f.hit = true;
  f.check = "denied";
  f.detail = "relaying to " + rcpt.mailbox->domain + " denied for " + client.to_string();
  return f;
}

}  // namespace ascot::policy

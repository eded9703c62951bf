// X.1240 7.7 (derived-from-heading): black and white lists, the local part. Entries are
// client networks, sender domains (a domain covers its subdomains) and sender addresses.
// Precedence (docs/smtp.md): an allow entry wins over a block entry, so that an operator can
// make an exception inside a blocked range.
#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {
namespace {

std::string match(const ListEntries& list, const IpAddress& client, const smtp::Path& from) {
  for (const auto& [network, prefix] : list.networks) {
    if (client.unmapped().matches_prefix(network, prefix)) {
      return "client " + client.to_string() + " in " + network.to_string() + "/" +
             std::to_string(prefix);
    }
  }
  if (!from.mailbox) return {};
  auto address = ascii::lower(from.mailbox->to_string());
  for (const auto& a : list.addresses) {
    if (a == address) return "sender " + address;
  }
  auto domain = ascii::lower(from.mailbox->domain);
  for (const auto& d : list.domains) {
    if (domain == d || (domain.size() > d.size() && domain.ends_with("." + d))) {
      return "sender domain " + domain + " under " + d;
    }
  }
  return {};
}

}  // namespace

std::optional<Finding> check_local_lists(const Config& config, const IpAddress& client,
                                         const smtp::Path& mail_from) {
  Finding f{Technique::local_lists};
  if (auto why = match(config.allow, client, mail_from); !why.empty()) {
    f.allow = true;
    f.check = "allowed";
    f.detail = why;
    return f;
  }
  if (auto why = match(config.block, client, mail_from); !why.empty()) {
    f.hit = true;
    f.check = "blocked";
    f.detail = why;
    return f;
  }
  f.check = "unlisted";
  return f;
}

}  // namespace ascot::policy

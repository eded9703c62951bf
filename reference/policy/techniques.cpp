// The technique table, action names and default replies (X.1240 7, X.1241 9;
// derived-from-heading).
#include "core/ascii.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {

const std::vector<TechniqueInfo>& techniques() {
  static const std::vector<TechniqueInfo> table{
      {Technique::sender_domain, "sender-domain", "X.1240 7.5", "the sender's domain exists"},
      {Technique::callback, "callback", "X.1240 7.5", "eliciting a response from the sender's MX"},
      {Technique::ptr, "ptr", "X.1240 7.6", "the client address has a PTR record"},
      {Technique::fcrdns, "fcrdns", "X.1240 7.6", "forward-confirmed reverse DNS"},
      {Technique::local_lists, "local-lists", "X.1240 7.7", "local block and allow lists"},
      {Technique::dnsbl, "dnsbl", "X.1240 7.7", "DNS-based lists of client addresses"},
      {Technique::uribl, "uribl", "X.1240 7.7", "DNS-based lists of domains in the body"},
      {Technique::dynamic, "dynamic", "X.1240 7.8", "dynamic or residential senders"},
      {Technique::bayes, "bayes", "X.1240 7.9", "the trainable content classifier"},
      {Technique::rules, "rules", "X.1240 7.9", "keyword and pattern rules"},
      {Technique::helo, "helo", "X.1240 7.10", "HELO checks"},
      {Technique::greylist, "greylist", "X.1240 7.11", "greylisting"},
      {Technique::tokens, "tokens", "X.1240 7.12", "tokens in recipient addresses"},
      {Technique::spf, "spf", "X.1240 7.4", "SPF (RFC 7208)"},
      {Technique::dkim, "dkim", "X.1240 7.4", "DKIM (RFC 6376)"},
      {Technique::dmarc, "dmarc", "X.1240 7.4", "DMARC (RFC 7489, RFC 9989)"},
      {Technique::arc, "arc", "X.1240 7.4", "ARC (RFC 8617)"},
      {Technique::relay, "relay", "X.1241 9.1", "no open relay"},
      {Technique::auth, "auth", "X.1241 9.2", "delivery authorisation"},
      {Technique::trace, "trace", "X.1241 9.4", "traceability"},
  };
  return table;
}

const TechniqueInfo& info(Technique t) {
  for (const auto& i : techniques()) {
    if (i.id == t) return i;
  }
  return techniques().front();
}

std::optional<Technique> parse_technique(std::string_view name) {
  for (const auto& i : techniques()) {
    if (i.name == name) return i.id;
  }
  return std::nullopt;
}

namespace {
struct ActionName {
  Action action;
  std::string_view name;
};
constexpr ActionName kActions[] = {
    {Action::score, "score"},     {Action::reject, "reject"}, {Action::tempfail, "tempfail"},
    {Action::discard, "discard"}, {Action::bounce, "bounce"}, {Action::spam_box, "spam-box"},
    {Action::mark, "mark"},
};
}  // namespace

std::string_view action_name(Action a) {
  for (const auto& n : kActions) {
    if (n.action == a) return n.name;
  }
  return "?";
}

std::optional<Action> parse_action(std::string_view name) {
  for (const auto& n : kActions) {
    if (n.name == name) return n.action;
  }
  return std::nullopt;
}

bool Config::enabled(Technique t) const {
  auto it = techniques.find(t);
  return it != techniques.end() && it->second.enabled;
}

const TechniqueConfig& Config::technique(Technique t) const {
  static const TechniqueConfig off;
  auto it = techniques.find(t);
  return it == techniques.end() ? off : it->second;
}

namespace {
// tag_of is the prefix of every default reply text: "[X.1240 7.10 helo] ".
std::string tag_of(Technique t) {
  return "[" + std::string(info(t).clause) + " " + std::string(info(t).name) + "] ";
}
}  // namespace

smtp::Reply default_reply(const Finding& f, Action a) {
  if (f.temporary) return smtp::reply(451, "4.4.3", tag_of(f.technique) + "Temporary DNS failure");
  if (a == Action::reject && f.technique == Technique::sender_domain && f.check == "null-mx") {
    return smtp::reply(550, "5.7.27", tag_of(f.technique) + "Sender address has null MX");
  }
  if (a == Action::reject && f.technique == Technique::dnsbl) {
    // The list's own words: untrusted, but smtp::format neutralises controls and cuts the line.
    return smtp::reply(550, "5.7.1", tag_of(f.technique) + f.detail);
  }
  return default_reply(f.technique, a);
}

smtp::Reply default_reply(Technique t, Action a) {
  std::string tag = tag_of(t);
  if (a == Action::tempfail) {
    // RFC 3463 X.7.1 with a 4yz class: try again later; greylisting uses the same (RFC 6647 2.1).
    return smtp::reply(451, "4.7.1", tag + "Try again later");
  }
  switch (t) {
    // RFC 3463 X.1.8: bad sender's system address.
    case Technique::sender_domain:
      return smtp::reply(550, "5.1.8", tag + "Sender domain does not resolve");
    // RFC 7372 3: X.7.25, reverse DNS validation failed.
    case Technique::ptr:
    case Technique::fcrdns:
      return smtp::reply(550, "5.7.25", tag + "Reverse DNS validation failed");
    // RFC 7372 3: X.7.23, SPF validation failed.
    case Technique::spf:
      return smtp::reply(550, "5.7.23", tag + "SPF validation failed");
    // RFC 7372 3: X.7.20, no passing DKIM signature.
    case Technique::dkim:
      return smtp::reply(550, "5.7.20", tag + "No passing DKIM signature found");
    // RFC 3463 X.7.1: delivery not authorized, message refused.
    case Technique::relay:
      return smtp::reply(554, "5.7.1", tag + "Relay access denied");
    // RFC 4954 6: 530 5.7.0 authentication required.
    case Technique::auth:
      return smtp::reply(530, "5.7.0", tag + "Authentication required");
    default:
      return smtp::reply(550, "5.7.1", tag + "Message refused by policy");
  }
}

}  // namespace ascot::policy

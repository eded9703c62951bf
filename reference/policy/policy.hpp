// policy/policy.hpp: the anti-spam policy of the reference MTA: one named technique per
// clause of X.1240 7 and X.1241 9, each switchable, scored (X.1240 7.3) and turned into one
// of the actions of X.1240 7.15 to 7.19.
//
// The ITU texts are known by their headings only (../shared/standards/itu-x1240-series.md);
// every clause reference below is derived-from-heading, and what each technique does is our
// interpretation, written down in docs/smtp.md with the RFCs that make it testable.
//
// Each technique is a pure function over the session's facts and an injected dns::Resolver
// (and Clock, greylist store, content model), returning a Finding. SessionPolicy, in
// session_policy.hpp, runs them at the SMTP stage where their facts become known.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/ip.hpp"
#include "dns/resolver.hpp"
#include "smtp/command.hpp"
#include "smtp/reply.hpp"

namespace ascot::policy {

// Technique names one technique. The name is stable: profiles, reports and the findings
// header use it.
enum class Technique {
  sender_domain,  // X.1240 7.5: the MAIL FROM domain exists (MX, A or AAAA; RFC 7505 null MX)
  callback,       // X.1240 7.5: "eliciting a response": call-back verification of the sender
  ptr,            // X.1240 7.6: the client address has a PTR record
  fcrdns,         // X.1240 7.6: forward-confirmed reverse DNS (RFC 8601 iprev)
  local_lists,    // X.1240 7.7: local block and allow lists (IP/CIDR, domain, address)
  dnsbl,          // X.1240 7.7: DNS-based lists of client addresses (RFC 5782)
  uribl,          // X.1240 7.7: DNS-based lists of domains found in the body (RFC 5782 3)
  dynamic,        // X.1240 7.8: dynamic or residential senders
  bayes,          // X.1240 7.9: the trainable content classifier
  rules,          // X.1240 7.9: keyword and regular-expression rules
  helo,           // X.1240 7.10: HELO checks
  greylist,       // X.1240 7.11: greylisting (RFC 6647)
  tokens,         // X.1240 7.12: tokens in recipient addresses
  spf,            // sender authentication (RFC 7208), X.1240 clause 7 survey
  dkim,           // RFC 6376
  dmarc,          // RFC 7489 / RFC 9989
  arc,            // RFC 8617
  relay,          // X.1241 9.1: no open relay
  auth,           // X.1241 9.2: delivery authorisation (SMTP AUTH, RFC 4954)
  trace,          // X.1241 9.4: traceability (Received fields, RFC 5321 4.4)
};

struct TechniqueInfo {
  Technique id;
  std::string_view name;    // "sender-domain"
  std::string_view clause;  // "X.1240 7.5"
  std::string_view title;
};
const std::vector<TechniqueInfo>& techniques();
const TechniqueInfo& info(Technique t);
std::optional<Technique> parse_technique(std::string_view name);

// Action is what a technique's hit does on its own (X.1240 7.15 to 7.19). "score" adds the
// technique's score to the message's total (7.3), which the thresholds turn into an action.
enum class Action { score, reject, tempfail, discard, bounce, spam_box, mark };
std::string_view action_name(Action a);  // "score", "reject", ...
std::optional<Action> parse_action(std::string_view name);

// Finding is one technique's judgement.
struct Finding {
  Technique technique = Technique::sender_domain;
  std::string check;       // the sub-check that decided: "nxdomain", "not-fqdn", "listed"...
  bool hit = false;        // the technique found the message (or client) suspicious
  bool allow = false;      // an allow list matched: the message bypasses the other techniques
  bool temporary = false;  // the technique could not decide (a DNS failure)
  std::string detail;      // words for logs and the findings header
};

// TechniqueConfig is the part of every technique's configuration that is the same.
struct TechniqueConfig {
  bool enabled = false;
  Action action = Action::score;
  double score = 1.0;
  // The reply when |action| is reject or tempfail; a sensible default per technique
  // (default_reply) when absent.
  std::optional<smtp::Reply> reply;
};

struct ListEntries {
  std::vector<std::pair<IpAddress, int>> networks;  // address and prefix length
  std::vector<std::string> domains;                 // lower-case; "example.com" covers subdomains
  std::vector<std::string> addresses;               // lower-case local@domain
};

struct DnsList {
  std::string zone;
  bool domains = false;  // a domain list (RFC 5782 3) rather than an address list
  double score = 1.0;
};

struct Thresholds {
  // X.1240 7.3: the total score at or above which each action is taken; nullopt: never.
  std::optional<double> reject;    // 7.15, 550 5.7.1 at the end of DATA
  std::optional<double> bounce;    // 7.17
  std::optional<double> discard;   // 7.16
  std::optional<double> spam_box;  // 7.18
  std::optional<double> mark;      // 7.19
};

struct Config {
  std::string hostname = "mx.ascot.test";
  std::vector<std::string> local_domains;  // we accept mail for these (lower-case)
  // X.1241 9.1: clients in these networks (and authenticated users) may relay to other
  // domains; everyone else may only send to local_domains.
  std::vector<std::pair<IpAddress, int>> relay_networks;
  // X.1241 9.2: SMTP AUTH users (RFC 4954, PLAIN over TLS only).
  std::map<std::string, std::string> users;
  std::map<Technique, TechniqueConfig> techniques;
  Thresholds thresholds;

  ListEntries block, allow;             // local_lists
  std::vector<DnsList> dnsbls, uribls;  // dnsbl, uribl
  // dynamic: regexes on the reverse name (the text, and the compiled form).
  std::vector<std::pair<std::string, std::regex>> dynamic_patterns;
  std::vector<DnsList> dynamic_zones;         // dynamic: policy lists of dynamic space
  std::uint16_t callback_port = 25;           // callback: the port of the sender's MX (PIXIT)
  std::vector<std::string> token_recipients;  // tokens: recipients that require a token
  std::string token_secret;                   // tokens: the HMAC key
  // greylist (RFC 6647): the delays in seconds; see docs/smtp.md.
  std::chrono::seconds greylist_delay{300};
  std::chrono::seconds greylist_retry_window{24 * 3600};
  std::string state_file;   // SQLite file for greylisting; empty: in memory
  std::string bayes_model;  // the SQLite model of bayes (its own file: content::SqliteModel)
  double bayes_threshold = 0.9;
  // rules: the JSON rule set (reference/content/rules.hpp). A rule whose id is
  // "action-<action>" (action-reject, action-discard, ...) takes that action when it hits,
  // whatever the score: how a profile configures the action cases (docs/iut-profile.md).
  std::string rules_file;
  // marking (7.19): the subject tag and whether to add it.
  std::string subject_tag = "[SPAM]";
  bool tag_subject = true;

  bool enabled(Technique t) const;
  const TechniqueConfig& technique(Technique t) const;
};

// load_config reads a policy file (JSON, format in docs/smtp.md); errors name the key.
Expected<Config> load_config(const std::string& path);
Expected<Config> parse_config(std::string_view json, std::string_view where);

// default_reply is the reply a technique uses to refuse when the config gives none.
smtp::Reply default_reply(Technique t, Action a);
// default_reply for one finding: a finding the DNS kept from a verdict gets 451 4.4.3 (a
// refusing technique must not refuse for good on a transient failure, RFC 3463 X.4.3); a
// null MX gets 550 5.7.27 (RFC 7505 4.2); a DNS listing quotes the list's reason (RFC 5782
// 2.1); everything else the technique's reply.
smtp::Reply default_reply(const Finding& f, Action a);

// --- The techniques, each pure over its inputs. ---

// X.1240 7.5: the reverse-path's domain resolves (RFC 5321 5.1: MX, else A/AAAA), and is
// not a null MX (RFC 7505 3). nullopt for the null reverse-path and address literals.
std::optional<Finding> check_sender_domain(dns::Resolver& resolver, const smtp::Path& mail_from);

// X.1240 7.6: PTR existence, then forward confirmation (RFC 8601 3, "iprev"): some name of
// at most kMaxPtrNames has an A/AAAA record equal to |client|. |verified_name| receives
// that name.
inline constexpr std::size_t kMaxPtrNames = 10;
struct ReverseDns {
  Finding ptr;
  Finding fcrdns;
  std::string verified_name;
  std::string iprev;  // RFC 8601 2.7.3 result: pass, fail, temperror, permerror
};
ReverseDns check_reverse_dns(dns::Resolver& resolver, const IpAddress& client);

// X.1240 7.7 (local part): |client|, the sender's address and domain against the lists.
// Allow wins over block (documented precedence).
std::optional<Finding> check_local_lists(const Config& config, const IpAddress& client,
                                         const smtp::Path& mail_from);

// X.1240 7.8: the verified reverse name looks dynamic (a configured pattern, or the
// client's address written into the name).
std::optional<Finding> check_dynamic_name(const Config& config, const IpAddress& client,
                                          std::string_view reverse_name);

// X.1240 7.10: HELO syntax (RFC 5321 4.1.1.1, 2.3.5), a single-label name, an address
// literal that is not the client's, our own name or address (forged), and a name without
// A/AAAA records.
std::optional<Finding> check_helo(const Config& config, dns::Resolver& resolver,
                                  std::string_view helo, const IpAddress& client,
                                  const IpAddress& server);

// X.1240 7.12: tokens. A protected recipient accepts mail only with a valid token, in the
// address's detail ("user+TOKEN@domain") or in the Subject ("[token:TOKEN]"). The token of
// a recipient is the first 10 characters of the base32 of HMAC-SHA256(secret, recipient).
std::string make_token(std::string_view secret, std::string_view recipient);
// token_required reports whether |rcpt| is protected; |address_token| is the detail part
// when it carries one.
bool token_protected(const Config& config, const smtp::Mailbox& rcpt);
std::optional<Finding> check_tokens(const Config& config, const smtp::Mailbox& rcpt,
                                    std::string_view subject);
// canonical_recipient removes a "+detail" from the local part, lower-cased.
std::string canonical_recipient(const smtp::Mailbox& rcpt);

// X.1241 9.1: the recipient is local, or the client may relay (relay network or AUTH).
bool is_local_domain(const Config& config, std::string_view domain);
std::optional<Finding> check_relay(const Config& config, const IpAddress& client,
                                   bool authenticated, const smtp::Path& rcpt);

// X.1240 7.3: the total score and the action the thresholds give.
struct Scored {
  double total = 0;
  std::optional<Action> action;  // nullopt: deliver unmarked
};
Scored score(const Config& config, const std::vector<Finding>& findings);

// findings_header renders findings for the X-ASCOT-Findings trace field:
// "helo=hit(not-fqdn); ptr=pass; score=3.0".
std::string findings_header(const std::vector<Finding>& findings, double total);

}  // namespace ascot::policy

// policy/session_policy.hpp: the policy of one SMTP session (an smtp::SessionHooks).
//
// When each technique runs (docs/smtp.md has the table):
//   RCPT (the first one, once per transaction): local lists, DNSBL, reverse DNS, dynamic
//     senders, HELO, sender domain, call-back, SPF; then for every recipient: relay
//     (X.1241 9.1) and greylisting (X.1240 7.11, last, so that mail refused anyway is not
//     greylisted).
//   end of DATA: tokens, URI lists, content (Bayes, rules), DKIM, ARC, DMARC, the trace
//     check; then the score (7.3) and the action (7.15-7.19).
// Refusals are delayed to RCPT, as most MTAs do, so that a harness on loopback can first
// present the case's client with XCLIENT, and the refusal names a recipient in the logs.
// A technique whose action is reject or tempfail refuses at the stage where it runs; one
// whose action is score adds to the total; one whose action is discard, bounce, spam-box or
// mark takes that action at the end of DATA whatever the total.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "content/model.hpp"
#include "content/rules.hpp"
#include "core/clock.hpp"
#include "dns/resolver.hpp"
#include "greylist/greylist.hpp"
#include "policy/policy.hpp"
#include "smtp/session.hpp"

namespace ascot::policy {

// Outgoing is a message the MTA hands on: relayed to the next hop, filed in a spam box, or
// a DSN to a sender.
struct Outgoing {
  smtp::Path mail_from;
  std::vector<smtp::Path> recipients;
  std::string message;
  smtp::Disposition disposition = smtp::Disposition::deliver;
};

// Delivery takes responsibility for a message (RFC 5321 4.5.4 / 6.1: after our 250 the
// message must not be lost). It is called from the server's threads and must be
// thread-safe. An error makes the session answer 451 4.3.0 instead of 250.
class Delivery {
 public:
  virtual ~Delivery() = default;
  virtual Expected<void> deliver(const Outgoing& message) = 0;
};

// Services are what every session of one MTA shares.
struct Services {
  std::shared_ptr<const Config> config;
  // make_resolver gives a new Resolver for one session (Resolvers are not thread-safe).
  std::function<std::unique_ptr<dns::Resolver>()> make_resolver;
  const Clock* clock = nullptr;
  greylist::Store* greylist = nullptr;  // required when the greylist technique is on
  Delivery* delivery = nullptr;
  const content::Model* bayes = nullptr;    // required when bayes is on (trained beforehand)
  const content::RuleSet* rules = nullptr;  // required when rules is on
  IpAddress server_address;                 // our own address, for the HELO forgery check
  // call_back asks the sender's mail server whether it accepts the sender (X.1240 7.5
  // "eliciting a response"): host and port to ask, the reverse-path; returns the reply
  // code or an error. Set by the MTA (it needs a network client); nullptr: not available.
  std::function<Expected<int>(const std::string& host, std::uint16_t port,
                              const smtp::Path& sender)>
      call_back;
  // next_id numbers queued messages ("ASCOT" + hex) for Received and replies.
  std::atomic<std::uint64_t>* next_id = nullptr;
};

class SessionPolicy : public smtp::SessionHooks {
 public:
  explicit SessionPolicy(const Services& services);

  std::optional<smtp::Reply> on_connect(const smtp::Envelope&) override;
  std::optional<smtp::Reply> on_helo(const smtp::Envelope&) override;
  std::optional<smtp::Reply> on_mail(const smtp::Envelope&) override;
  std::optional<smtp::Reply> on_rcpt(const smtp::Envelope&, const smtp::Path&) override;
  smtp::MessageOutcome on_message(const smtp::Envelope&, std::string_view message) override;
  bool authenticate(std::string_view user, std::string_view password) override;

  // findings of the current transaction (for tests and logs).
  const std::vector<Finding>& findings() const { return findings_; }

 private:
  std::optional<smtp::Reply> sender_stage(const smtp::Envelope& e);
  std::optional<smtp::Reply> act(const Finding& f);
  void add(Finding f);
  std::string headers_for(const smtp::Envelope& e, const std::string& id, double total,
                          const std::vector<std::string>& resinfo, bool marked) const;

  const Services& services_;
  const Config& config_;
  std::unique_ptr<dns::Resolver> resolver_;
  std::vector<Finding> findings_;
  bool sender_checked_ = false;
  std::optional<smtp::Reply> sender_refusal_;  // what every RCPT gets after a sender-stage refusal
  bool allowed_ = false;                       // an allow list matched: no other technique applies
  std::string iprev_;                          // RFC 8601 iprev result of the client
  std::string spf_resinfo_;
  std::string spf_result_;
  std::string spf_domain_;
  std::string verified_name_;
  std::optional<Action> rule_action_;  // an "action-<action>" rule hit in this message
};

// dsn builds a delivery status notification (RFC 3464) for |e|'s recipients, reporting
// |status| (an RFC 3463 code) and |diagnostic|; the original's header section is attached
// (RFC 3462 text/rfc822-headers). The result is a whole message with CRLF line ends.
std::string make_dsn(const Config& config, const smtp::Envelope& e, std::string_view original,
                     std::string_view status, std::string_view diagnostic,
                     std::chrono::sys_seconds now, std::string_view id);

}  // namespace ascot::policy

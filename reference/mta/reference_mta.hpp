// mta/reference_mta.hpp: the reference MTA, the embedded default IUT: the SMTP server shell,
// the X.1240/X.1241 policy of reference/policy, greylisting state in SQLite, relaying to a
// next hop and a spam box in maildir form.
//
// Delivery is synchronous (the message is relayed to the next hop, or filed, before the
// client gets its 250): there is no queue that a crash could lose (RFC 5321 6.1), at the
// price of tying the client's session to the next hop's speed. This is a reference, not a
// production MTA; docs/smtp.md says so.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "content/model.hpp"
#include "content/rules.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "greylist/greylist.hpp"
#include "mta/client.hpp"
#include "mta/server.hpp"
#include "policy/session_policy.hpp"

namespace ascot::mta {

struct ReferenceMtaOptions {
  ServerConfig server;
  std::string policy_file;  // the JSON policy (docs/smtp.md); or give |policy| directly
  std::shared_ptr<const policy::Config> policy;
  std::string dns = "127.0.0.1:53";             // the DNS server every lookup goes to
  std::chrono::milliseconds dns_timeout{2000};  // per query attempt
  int dns_attempts = 2;
  std::string relay;         // HOST:PORT of the next hop; required to deliver
  std::string spam_box_dir;  // maildir root of the spam box; required for spam-box
  // The greylisting state; when empty the policy's state_file is used, and when that is
  // empty too, state lives in memory (and is lost on restart).
  std::string state_file;
  ClientTimeouts relay_timeouts = ClientTimeouts::harness(std::chrono::seconds(30));
  const Clock* clock = nullptr;  // nullptr: the system clock
};

// RelayDelivery hands messages on: to the next hop by SMTP, or into a maildir spam box.
class RelayDelivery final : public policy::Delivery {
 public:
  RelayDelivery(std::string hostname, std::string relay, std::string spam_box_dir,
                ClientTimeouts timeouts);
  Expected<void> deliver(const policy::Outgoing& message) override;
  std::uint64_t relayed() const { return relayed_; }
  std::uint64_t filed() const { return filed_; }

 private:
  Expected<void> relay(const policy::Outgoing& message);
  Expected<void> file(const policy::Outgoing& message);
  std::string hostname_, relay_host_, spam_box_dir_;
  std::uint16_t relay_port_ = 0;
  ClientTimeouts timeouts_;
  std::atomic<std::uint64_t> relayed_{0}, filed_{0}, sequence_{0};
};

// write_maildir files |message| in the maildir |dir| (created if missing) by the maildir
// protocol: written under tmp/, then renamed into new/, so a reader never sees half a file.
Expected<std::string> write_maildir(const std::string& dir, std::string_view message,
                                    std::uint64_t sequence);

class ReferenceMta {
 public:
  static Expected<std::unique_ptr<ReferenceMta>> start(ReferenceMtaOptions options);
  ~ReferenceMta();
  Server& server() { return *server_; }
  const policy::Config& policy() const { return *services_.config; }
  const RelayDelivery& delivery() const { return *delivery_; }
  void stop();

 private:
  ReferenceMta() = default;
  std::unique_ptr<greylist::Store> greylist_;
  std::unique_ptr<content::Model> bayes_;
  std::unique_ptr<content::RuleSet> rules_;
  std::unique_ptr<RelayDelivery> delivery_;
  std::unique_ptr<Clock> own_clock_;
  std::atomic<std::uint64_t> next_id_{0};
  policy::Services services_;
  std::unique_ptr<Server> server_;
};

}  // namespace ascot::mta

// The reference MTA: wiring of server, policy, state and delivery.
#include "mta/reference_mta.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "content/sqlite_model.hpp"
#include "core/ascii.hpp"
#include "dns/stub_resolver.hpp"
#include "greylist/memory_store.hpp"
#include "greylist/sqlite_store.hpp"

namespace ascot::mta {
namespace {

Expected<std::pair<std::string, std::uint16_t>> split_endpoint(const std::string& text,
                                                               std::string_view what) {
  dns::StubOptions o;
  if (auto r = dns::parse_endpoint(text, o); !r) {
    return fail(Errc::invalid_argument, std::string(what) + ": " + r.error().message, text);
  }
  return std::pair{o.host, o.port};
}

}  // namespace

RelayDelivery::RelayDelivery(std::string hostname, std::string relay, std::string spam_box_dir,
                             ClientTimeouts timeouts)
    : hostname_(std::move(hostname)), spam_box_dir_(std::move(spam_box_dir)), timeouts_(timeouts) {
  if (auto e = split_endpoint(relay, "relay")) {
    relay_host_ = e->first;
    relay_port_ = e->second;
  }
}

Expected<void> RelayDelivery::deliver(const policy::Outgoing& message) {
  switch (message.disposition) {
    case smtp::Disposition::deliver:
      return relay(message);
    case smtp::Disposition::spam_box:
      return file(message);
    case smtp::Disposition::discard:
    case smtp::Disposition::bounce:
      return {};
  }
  return {};
}

Expected<void> RelayDelivery::relay(const policy::Outgoing& m) {
  if (relay_host_.empty()) return fail(Errc::invalid_argument, "no next hop configured (--relay)");
  auto client = Client::connect(relay_host_, relay_port_, timeouts_);
  if (!client) return std::unexpected(client.error());
  auto& c = **client;
  auto expect = [&](Expected<smtp::Reply> r, std::string_view step) -> Expected<void> {
    if (!r) return std::unexpected(r.error());
    if (!r->positive()) {
      return fail(Errc::io_error, "next hop answered " + std::to_string(r->code) + " to " +
                                      std::string(step) + ": " + r->text());
    }
    return {};
  };
  if (c.greeting().code != 220)
    return fail(Errc::io_error, "next hop greeted " + std::to_string(c.greeting().code));
  if (auto r = expect(c.ehlo(hostname_), "EHLO"); !r) return r;
  if (auto r = expect(c.command("MAIL FROM:" + m.mail_from.to_string()), "MAIL"); !r) return r;
  for (const auto& rcpt : m.recipients) {
    if (auto r = expect(c.command("RCPT TO:" + rcpt.to_string()), "RCPT"); !r) return r;
  }
  if (auto r = expect(c.data(m.message), "DATA"); !r) return r;
  c.quit();
  ++relayed_;
  return {};
}

Expected<std::string> write_maildir(const std::string& dir, std::string_view message,
                                    std::uint64_t sequence) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const char* sub : {"tmp", "new", "cur"}) {
    fs::create_directories(fs::path(dir) / sub, ec);
    if (ec) return fail(Errc::io_error, "cannot create the maildir: " + ec.message(), dir);
  }
  // The maildir unique name: time, process and a sequence number, then the host.
  auto now = std::chrono::system_clock::now().time_since_epoch();
  std::string name = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) +
                     ".P" + std::to_string(::getpid()) + "Q" + std::to_string(sequence) + ".ascot";
  auto tmp = fs::path(dir) / "tmp" / name;
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(message.data(), static_cast<std::streamsize>(message.size()));
    out.flush();
    if (!out) return fail(Errc::io_error, "cannot write the message", tmp.string());
  }
  auto target = fs::path(dir) / "new" / name;
  fs::rename(tmp, target, ec);
  if (ec)
    return fail(Errc::io_error, "cannot move the message into new/: " + ec.message(),
                target.string());
  return target.string();
}

Expected<void> RelayDelivery::file(const policy::Outgoing& m) {
  if (spam_box_dir_.empty())
    return fail(Errc::invalid_argument, "no spam box configured (--spam-box)");
  // One maildir per recipient: <spam-box>/<recipient>/.
  for (const auto& rcpt : m.recipients) {
    std::string who = rcpt.mailbox ? ascii::lower(rcpt.mailbox->to_string()) : "postmaster";
    for (auto& c : who) {
      if (c == '/' || c == '\0') c = '_';
    }
    auto written = write_maildir(spam_box_dir_ + "/" + who, m.message, ++sequence_);
    if (!written) return std::unexpected(written.error());
  }
  ++filed_;
  return {};
}

Expected<std::unique_ptr<ReferenceMta>> ReferenceMta::start(ReferenceMtaOptions options) {
  std::unique_ptr<ReferenceMta> mta(new ReferenceMta());
  if (!options.policy) {
    if (options.policy_file.empty())
      return fail(Errc::invalid_argument, "a policy file is required (--policy)");
    auto loaded = policy::load_config(options.policy_file);
    if (!loaded) return std::unexpected(loaded.error());
    options.policy = std::make_shared<const policy::Config>(std::move(*loaded));
  }
  const auto& config = *options.policy;
  dns::StubOptions stub;
  if (auto r = dns::parse_endpoint(options.dns, stub); !r) {
    return fail(Errc::invalid_argument, "--dns: " + r.error().message, options.dns);
  }
  stub.timeout = options.dns_timeout;
  stub.attempts = options.dns_attempts;
  if (!options.relay.empty()) {
    if (auto e = split_endpoint(options.relay, "--relay"); !e) return std::unexpected(e.error());
  }
  std::string state = options.state_file.empty() ? config.state_file : options.state_file;
  if (state.empty()) {
    mta->greylist_ = std::make_unique<greylist::MemoryStore>();
  } else {
    auto store = greylist::SqliteStore::open(state);
    if (!store) return std::unexpected(store.error());
    mta->greylist_ = std::move(*store);
  }
  if (config.enabled(policy::Technique::bayes)) {
    if (config.bayes_model.empty())
      return fail(Errc::invalid_argument, "the bayes technique needs bayes.model");
    auto model = content::SqliteModel::open(config.bayes_model);
    if (!model) return std::unexpected(model.error());
    mta->bayes_ = std::move(*model);
  }
  if (config.enabled(policy::Technique::rules)) {
    if (config.rules_file.empty())
      return fail(Errc::invalid_argument, "the rules technique needs rules_file");
    auto rules = content::RuleSet::load(config.rules_file);
    if (!rules) return std::unexpected(rules.error());
    mta->rules_ = std::make_unique<content::RuleSet>(std::move(*rules));
  }
  if (!options.clock) {
    mta->own_clock_ = std::make_unique<SystemClock>();
    options.clock = mta->own_clock_.get();
  }
  mta->delivery_ = std::make_unique<RelayDelivery>(config.hostname, options.relay,
                                                   options.spam_box_dir, options.relay_timeouts);
  auto& s = mta->services_;
  s.config = options.policy;
  s.make_resolver = [stub]() -> std::unique_ptr<dns::Resolver> {
    auto r = dns::StubResolver::create(stub);
    return r ? std::unique_ptr<dns::Resolver>(std::move(*r)) : nullptr;
  };
  s.clock = options.clock;
  s.greylist = mta->greylist_.get();
  s.delivery = mta->delivery_.get();
  s.bayes = mta->bayes_.get();
  s.rules = mta->rules_.get();
  s.next_id = &mta->next_id_;
  s.server_address = IpAddress::parse(options.server.host).value_or(IpAddress());
  auto timeouts = options.relay_timeouts;
  auto hostname = config.hostname;
  s.call_back = [timeouts, hostname](const std::string& host, std::uint16_t port,
                                     const smtp::Path& sender) -> Expected<int> {
    // X.1240 7.5: ask the sender's MX whether it accepts the sender as a recipient; the
    // probe's own reverse-path is null so that it cannot cause a bounce (RFC 5321 4.5.5).
    // ASCOT never sends traffic off loopback: a sender's MX elsewhere is not contacted.
    auto ip = IpAddress::parse(host);
    bool loopback = ip && ((ip->unmapped().is_v4() && ip->unmapped().octets()[0] == 127) ||
                           *ip == *IpAddress::parse("::1"));
    if (!loopback) {
      return fail(Errc::unsupported,
                  "call-back target " + host + " is not on loopback; not contacted");
    }
    auto c = Client::connect(host, port, timeouts);
    if (!c) return std::unexpected(c.error());
    auto& client = **c;
    if (client.greeting().code != 220) return client.greeting().code;
    auto ehlo = client.ehlo(hostname);
    if (!ehlo) return std::unexpected(ehlo.error());
    auto mail = client.command("MAIL FROM:<>");
    if (!mail) return std::unexpected(mail.error());
    if (!mail->positive()) return mail->code;
    auto rcpt = client.command("RCPT TO:" + sender.to_string());
    if (!rcpt) return std::unexpected(rcpt.error());
    (void)client.command("RSET");
    client.quit();
    return rcpt->code;
  };
  auto& server_config = options.server;
  server_config.session.hostname = config.hostname;
  server_config.session.auth_available =
      config.enabled(policy::Technique::auth) && !config.users.empty();
  const policy::Services* services = &mta->services_;
  auto server = Server::start(server_config, [services](const smtp::Client&) {
    return std::make_unique<policy::SessionPolicy>(*services);
  });
  if (!server) return std::unexpected(server.error());
  mta->server_ = std::move(*server);
  return mta;
}

ReferenceMta::~ReferenceMta() {
  stop();
}

void ReferenceMta::stop() {
  if (server_) server_->stop();
}

}  // namespace ascot::mta

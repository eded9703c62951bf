// The SMTP adapters: a product over SMTP ("smtp"), and the reference MTA started in-process
// ("reference-mta").
#include "adapters/smtp_adapter.hpp"

#include <stdlib.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <mutex>

#include "authres/authres.hpp"
#include "conformance/smtp_probe.hpp"
#include "content/corpus.hpp"
#include "content/sqlite_model.hpp"
#include "core/json.hpp"
#include "dns/stub_resolver.hpp"
#include "dnsserver/scenario_server.hpp"
#include "mail/message.hpp"
#include "mta/reference_mta.hpp"
#include "smtp/received.hpp"
#include "smtpdriver/attempt.hpp"
#include "spf/result.hpp"

#ifndef ASCOT_VERSION
#define ASCOT_VERSION "0"
#endif

namespace ascot::harness {
namespace {

using namespace std::chrono_literals;

Expected<std::pair<std::string, std::uint16_t>> endpoint_of(const std::string& text,
                                                            const std::string& where) {
  dns::StubOptions o;
  if (auto r = dns::parse_endpoint(text, o); !r)
    return fail(Errc::invalid_argument, r.error().message, where);
  return std::pair{o.host, o.port};
}

// trace_check: RFC 5321 4.4, the newest Received field of the delivered copy names the
// client's address (TCP-info) and its HELO.
std::pair<bool, std::string> trace_check(const std::string& bytes, const vectors::SmtpScenario& s) {
  auto m = mail::Message::parse(bytes);
  if (!m) return {false, "the delivered copy is not a message: " + m.error().message};
  auto fields = m->named("Received");
  if (fields.empty()) return {false, "no Received field"};
  auto r = smtp::parse_received(m->value(*fields.front()));
  if (!r) return {false, "the newest Received field cannot be read: " + r.error().message};
  auto client = IpAddress::parse(s.client_address);
  if (!r->from_ip || !client || r->from_ip->unmapped() != client->unmapped()) {
    return {false,
            "the newest Received field does not name the client address " + s.client_address};
  }
  if (r->from != s.helo && r->from_info.find(s.helo) == std::string::npos) {
    return {false, "the newest Received field does not carry the HELO name " + s.helo};
  }
  return {true, ""};
}

// SettableClock is the clock of the reference MTA that replays the mechanisms' vectors: each
// case sets it to the vector's time (a product's clock cannot be set; see docs/smtp.md).
class SettableClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds_.load()));
  }
  void set(std::int64_t seconds) { seconds_ = seconds; }

 private:
  std::atomic<std::int64_t> seconds_{0};
};

// why_not_carried says why SMTP DATA cannot carry |message| byte for byte, or "" when it can:
// every line ends in CRLF, no bare CR or LF, no NUL, no line over 998 octets (RFC 5321
// 4.5.3.1.6, 2.3.8). The harness would otherwise change the bytes a signature covers.
std::string why_not_carried(std::string_view message) {
  std::size_t line = 0;
  for (std::size_t i = 0; i < message.size(); ++i) {
    char c = message[i];
    if (c == '\0') return "the message contains a NUL octet";
    if (c == '\r') {
      if (i + 1 >= message.size() || message[i + 1] != '\n')
        return "the message contains a bare CR";
      ++i;
      line = 0;
      continue;
    }
    if (c == '\n') return "the message contains a bare LF";
    if (++line > 998) return "the message has a line longer than 998 octets";
  }
  return "";
}

class SmtpAdapter final : public Adapter,
                          public conformance::SmtpProbe,
                          public conformance::SpfProbe,
                          public conformance::DkimProbe,
                          public conformance::ArcProbe {
 public:
  SmtpAdapter(IutProfile profile, std::unique_ptr<ScenarioServer> dns, std::unique_ptr<Sink> sink,
              SmtpTarget target, std::map<std::string, std::string> actions)
      : profile_(std::move(profile)),
        dns_(std::move(dns)),
        sink_(std::move(sink)),
        target_(std::move(target)),
        actions_(std::move(actions)) {}

  ~SmtpAdapter() override {
    auth_mta_.reset();
    mta_.reset();
    if (!scratch_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(scratch_, ec);
    }
  }

  const IutProfile& profile() const override { return profile_; }

  conformance::Probes probes() override {
    conformance::Probes p;
    p.smtp = this;
    if (auth_mta_) {
      p.spf = this;
      p.dkim = this;
      p.arc = this;
    }
    return p;
  }

  std::optional<std::string> claimed_action(const std::string& technique) const override {
    auto it = actions_.find(technique);
    if (it == actions_.end()) return std::nullopt;
    return it->second;
  }

  Expected<conformance::SmtpObservation> deliver(const vectors::SmtpScenario& s) override {
    dns_->set_zone(s.zone);
    Attempt a;
    a.case_id = s.meta.id;
    a.client_address = s.client_address;
    a.helo = s.helo;
    a.mail_from = s.mail_from;
    a.rcpt_to = s.rcpt_to;
    a.message = s.message;
    if (s.auth) a.auth = AttemptAuth{s.auth->user, s.auth->password, s.auth->tls};
    auto r = run_attempt(target_, *sink_, a);
    if (!r) return std::unexpected(r.error());
    conformance::SmtpObservation o;
    o.outcome = std::string(outcome_name(r->outcome));
    o.greylisted = r->greylisted;
    o.code = r->code;
    o.status = r->status;
    o.stage = r->stage;
    o.reply_text = r->reply_text;
    o.transcript = std::move(r->transcript);
    if (r->delivered && r->outcome != Outcome::bounced) {
      auto [ok, why] = trace_check(r->delivered->bytes, s);
      o.trace_ok = ok;
      o.trace_detail = why;
    }
    return o;
  }

  // SPF (RFC 7208) over SMTP: the attempt carries the query's client, HELO and MAIL FROM, and
  // the result is read from the Authentication-Results field of the delivered copy (RFC 8601
  // 2.7.2). Only the MAIL FROM identity shows there (the HELO identity is not observable).
  Expected<conformance::SpfObservation> check(const spf::Query& q,
                                              std::shared_ptr<const dns::Zone> zone) override {
    conformance::SpfObservation o;
    if (q.identity == spf::Identity::helo) {
      o.transcript =
          "* the HELO identity is not observable over SMTP: the IUT reports its MAIL FROM check\n";
      return o;
    }
    auth_clock_.set(q.timestamp);
    dns_->set_zone(std::move(zone));
    Attempt a;
    a.case_id = "spf-" + std::to_string(++replays_);
    a.client_address = q.ip.to_string();
    a.helo = q.helo;
    a.mail_from = q.sender;
    a.rcpt_to = {"spf-check@example.org"};
    a.message = "Subject: SPF check\r\n\r\nSPF check.\r\n";
    auto r = run_attempt(auth_target_, *sink_, a);
    if (!r) return std::unexpected(r.error());
    o.transcript = std::move(r->transcript);
    if (!r->delivered) {
      o.transcript += "* not delivered (" + std::string(outcome_name(r->outcome)) +
                      "): no Authentication-Results to read\n";
      return o;
    }
    auto m = mail::Message::parse(r->delivered->bytes);
    if (!m) return o;
    for (const auto* field : m->named("Authentication-Results")) {
      auto ar = authres::parse(m->value(*field));
      if (!ar || ar->authserv_id != authserv_id_) continue;
      for (const auto* result : ar->results_for("spf")) {
        o.result = spf::parse_result(result->result);
        o.transcript += "* Authentication-Results: spf=" + result->result + "\n";
      }
    }
    return o;
  }

  // replay sends |message| through the authentication-only MTA at time |now| and returns the
  // Authentication-Results entries of |method| on the delivered copy (nullopt when the message
  // could not be carried or did not arrive; |transcript| says why).
  std::optional<std::vector<authres::ResultInfo>> replay(const std::string& message,
                                                         std::int64_t now,
                                                         std::shared_ptr<const dns::Zone> zone,
                                                         std::string_view method,
                                                         std::string& transcript) {
    if (auto why = why_not_carried(message); !why.empty()) {
      transcript = "* not sent: " + why + ", so SMTP would change the signed bytes\n";
      return std::nullopt;
    }
    auth_clock_.set(now);
    dns_->set_zone(std::move(zone));
    Attempt a;
    a.case_id = "replay-" + std::to_string(++replays_);
    a.client_address = "192.0.2.1";
    a.helo = "replay.example.net";
    a.mail_from = "replay@example.net";
    a.rcpt_to = {"replay@example.org"};
    a.message = message;
    auto r = run_attempt(auth_target_, *sink_, a);
    if (!r) {
      transcript = "* " + r.error().to_string() + "\n";
      return std::nullopt;
    }
    transcript = std::move(r->transcript);
    if (!r->delivered) {
      transcript += "* not delivered (" + std::string(outcome_name(r->outcome)) + ")\n";
      return std::nullopt;
    }
    auto m = mail::Message::parse(r->delivered->bytes);
    if (!m) return std::nullopt;
    for (const auto* field : m->named("Authentication-Results")) {
      auto ar = authres::parse(m->value(*field));
      if (!ar || ar->authserv_id != authserv_id_) continue;
      std::vector<authres::ResultInfo> out;
      for (const auto* result : ar->results_for(method)) out.push_back(*result);
      transcript += "* Authentication-Results of " + authserv_id_ + " read\n";
      return out;
    }
    transcript += "* no Authentication-Results of " + authserv_id_ + "\n";
    return std::nullopt;
  }

  // DKIM (RFC 6376) over SMTP: one dkim= entry per signature, in order (RFC 8601 2.7.1).
  Expected<conformance::DkimObservation> verify(const std::string& message, std::int64_t now,
                                                std::shared_ptr<const dns::Zone> zone) override {
    conformance::DkimObservation o;
    auto results = replay(message, now, std::move(zone), "dkim", o.transcript);
    if (!results) return o;
    std::vector<conformance::DkimSignatureObservation> signatures;
    for (const auto& r : *results) {
      if (r.result == "none") continue;  // "dkim=none": no signature
      conformance::DkimSignatureObservation s;
      s.result = r.result;
      s.domain = r.property("header", "d").value_or("");
      s.selector = r.property("header", "s").value_or("");
      signatures.push_back(std::move(s));
    }
    o.signatures = std::move(signatures);
    return o;
  }

  // ARC (RFC 8617) over SMTP: arc=<cv> with header.oldest-pass (RFC 8617 10.1).
  Expected<conformance::ArcObservation> validate(const std::string& message, std::int64_t now,
                                                 std::shared_ptr<const dns::Zone> zone) override {
    conformance::ArcObservation o;
    auto results = replay(message, now, std::move(zone), "arc", o.transcript);
    if (!results || results->empty()) return o;
    o.cv = results->front().result;
    if (auto oldest = results->front().property("header", "oldest-pass")) {
      try {
        o.oldest_pass = std::stoi(*oldest);
      } catch (const std::exception&) {
      }
    }
    return o;
  }

  // Set by make_reference_mta_adapter: the in-process MTAs and their scratch directory.
  std::unique_ptr<mta::ReferenceMta> mta_;
  std::unique_ptr<mta::ReferenceMta> auth_mta_;  // the authentication-only configuration
  SmtpTarget auth_target_;
  SettableClock auth_clock_;
  std::string authserv_id_;
  std::uint64_t replays_ = 0;
  std::filesystem::path scratch_;

 private:
  IutProfile profile_;
  std::unique_ptr<ScenarioServer> dns_;
  std::unique_ptr<Sink> sink_;
  SmtpTarget target_;
  std::map<std::string, std::string> actions_;
};

// The PIXIT of an "smtp" profile (docs/iut-profile.md), read strictly.
struct SmtpPixit {
  SmtpTarget target;
  std::string dns = "127.0.0.1:5353";
  std::string sink = "127.0.0.1:2526";
  std::map<std::string, std::string> actions;
};

Expected<SmtpPixit> read_pixit(const boost::json::value& value, const std::string& where) {
  auto o = json::Object::of(value, where + ": pixit");
  if (!o) return std::unexpected(o.error());
  SmtpPixit p;
  auto endpoint = o->string("endpoint");
  if (!endpoint) return std::unexpected(endpoint.error());
  auto e = endpoint_of(*endpoint, o->child_path("endpoint"));
  if (!e) return std::unexpected(e.error());
  p.target.host = e->first;
  p.target.port = e->second;
  for (auto [key, target] : {std::pair{"dns", &p.dns}, std::pair{"sink", &p.sink}}) {
    auto v = o->optional_string(key);
    if (!v) return std::unexpected(v.error());
    if (*v) *target = **v;
  }
  for (auto [key, target] : {std::pair{"greylistDelayMs", &p.target.greylist_delay},
                             std::pair{"deliveryWaitMs", &p.target.delivery_wait},
                             std::pair{"timeoutMs", &p.target.timeout}}) {
    auto v = o->optional_integer(key);
    if (!v) return std::unexpected(v.error());
    if (*v) *target = std::chrono::milliseconds(**v);
  }
  for (auto [key, target] :
       {std::pair{"spamBox", &p.target.spam_box_dir}, std::pair{"markField", &p.target.mark_field},
        std::pair{"markSubjectTag", &p.target.mark_subject_tag},
        std::pair{"harnessHelo", &p.target.harness_helo}}) {
    auto v = o->optional_string(key);
    if (!v) return std::unexpected(v.error());
    if (*v) *target = **v;
  }
  if (o->has("actions")) {
    const auto* actions = o->value("actions");
    if (!actions->is_object())
      return fail(Errc::parse_error, "must be an object", o->child_path("actions"));
    for (const auto& [technique, action] : actions->as_object()) {
      if (!action.is_string()) {
        return fail(Errc::parse_error, "an action must be a string",
                    o->child_path("actions") + "." + std::string(technique));
      }
      p.actions[std::string(technique)] = std::string(action.as_string());
    }
  }
  if (auto f = o->finish(); !f) return std::unexpected(f.error());
  return p;
}

// claims_of: a claim per technique the policy turns on, and the actions when the rules
// technique is on (the action cases work through rules named action-<action>).
std::set<std::string> claims_of(const policy::Config& config) {
  std::set<std::string> claims;
  for (const auto& [technique, t] : config.techniques) {
    if (t.enabled)
      claims.insert(vectors::scenario_claim(std::string(policy::info(technique).name)));
  }
  const auto& t = config.thresholds;
  if (t.reject || t.bounce || t.discard || t.spam_box || t.mark)
    claims.insert(vectors::scenario_claim("scoring"));
  if (config.enabled(policy::Technique::rules)) {
    for (const char* a : {"reject", "discard", "bounce", "spam-box", "mark"}) {
      claims.insert(vectors::scenario_claim(std::string("action-") + a));
    }
  }
  return claims;
}

class LazyReferenceMta final : public conformance::SmtpProbe {
 public:
  explicit LazyReferenceMta(std::string data_root) : data_root_(std::move(data_root)) {}
  Expected<conformance::SmtpObservation> deliver(const vectors::SmtpScenario& s) override {
    auto* probe = get();
    if (probe == nullptr) return std::unexpected(error_);
    return probe->deliver(s);
  }
  std::optional<std::string> claimed_action(const std::string& technique) const override {
    auto* probe = const_cast<LazyReferenceMta*>(this)->get();
    return probe == nullptr ? std::nullopt : probe->claimed_action(technique);
  }

 private:
  conformance::SmtpProbe* get() {
    std::call_once(once_, [this] {
      auto adapter = make_reference_mta_adapter(data_root_);
      if (adapter) {
        adapter_ = std::move(*adapter);
      } else {
        error_ = adapter.error();
      }
    });
    return adapter_ ? adapter_->probes().smtp : nullptr;
  }
  std::string data_root_;
  std::once_flag once_;
  std::unique_ptr<Adapter> adapter_;
  Error error_;
};

}  // namespace

std::set<std::string> reference_mta_claims(const std::string& data_root) {
  auto config = policy::load_config(data_root + "/profiles/reference-mta.policy.json");
  return config ? claims_of(*config) : std::set<std::string>{};
}

std::unique_ptr<conformance::SmtpProbe> make_lazy_reference_mta_probe(
    const std::string& data_root) {
  return std::make_unique<LazyReferenceMta>(data_root);
}

Expected<std::unique_ptr<Adapter>> make_smtp_adapter(IutProfile profile) {
  auto pixit = read_pixit(profile.pixit, profile.source);
  if (!pixit) return std::unexpected(pixit.error());
  auto dns_endpoint = endpoint_of(pixit->dns, "pixit.dns");
  if (!dns_endpoint) return std::unexpected(dns_endpoint.error());
  auto dns = ScenarioServer::start(dns_endpoint->first, dns_endpoint->second, nullptr);
  if (!dns) return std::unexpected(dns.error());
  auto sink_endpoint = endpoint_of(pixit->sink, "pixit.sink");
  if (!sink_endpoint) return std::unexpected(sink_endpoint.error());
  auto sink = Sink::start(sink_endpoint->first, sink_endpoint->second);
  if (!sink) return std::unexpected(sink.error());
  return std::unique_ptr<Adapter>(new SmtpAdapter(std::move(profile), std::move(*dns),
                                                  std::move(*sink), pixit->target, pixit->actions));
}

Expected<std::unique_ptr<Adapter>> make_reference_mta_adapter(const std::string& data_root) {
  const std::string profile_dir = data_root + "/profiles";
  auto config = policy::load_config(profile_dir + "/reference-mta.policy.json");
  if (!config) return std::unexpected(config.error());
  char scratch_template[] = "/tmp/ascot-reference-mta-XXXXXX";
  if (::mkdtemp(scratch_template) == nullptr) {
    return fail(Errc::io_error, "cannot create a scratch directory", scratch_template);
  }
  std::filesystem::path scratch(scratch_template);
  auto dns = ScenarioServer::start("127.0.0.1", 0, nullptr);
  if (!dns) return std::unexpected(dns.error());
  auto sink = Sink::start();
  if (!sink) return std::unexpected(sink.error());
  config->callback_port = (*sink)->port();
  if (config->enabled(policy::Technique::bayes)) {
    // X.1240 7.9: the classifier learns the training corpus of profiles/bayes-training
    // (docs/iut-profile.md) into a fresh model before the MTA starts.
    auto model_path = (scratch / "bayes.sqlite").string();
    {
      auto model = content::SqliteModel::open(model_path);
      if (!model) return std::unexpected(model.error());
      for (auto [dir, label] :
           {std::pair{"ham", content::Label::ham}, std::pair{"spam", content::Label::spam}}) {
        auto trained =
            content::train_corpus(**model, profile_dir + "/bayes-training/" + dir, label);
        if (!trained) return std::unexpected(trained.error());
      }
    }
    config->bayes_model = model_path;
  }
  mta::ReferenceMtaOptions o;
  o.policy = std::make_shared<const policy::Config>(*config);
  o.dns = (*dns)->endpoint();
  o.relay = (*sink)->endpoint();
  o.spam_box_dir = (scratch / "spam").string();
  o.server.xclient_networks.push_back(*mta::parse_network("127.0.0.0/8"));
  o.server.tls_certificate_file = profile_dir + "/reference-mta-cert.pem";
  o.server.tls_key_file = profile_dir + "/reference-mta-key.pem";
  o.relay_timeouts = mta::ClientTimeouts::harness(10s);
  auto mta = mta::ReferenceMta::start(std::move(o));
  if (!mta) return std::unexpected(mta.error());
  SmtpTarget target;
  target.port = (*mta)->server().port();
  target.greylist_delay = config->greylist_delay + 200ms;
  // Delivery is synchronous (the copy is at the sink before the 250): a short wait suffices
  // to conclude that a message was discarded.
  target.delivery_wait = 300ms;
  target.timeout = 10s;
  target.spam_box_dir = (scratch / "spam").string();
  std::map<std::string, std::string> actions;
  IutProfile profile;
  profile.claims = claims_of(*config);
  // Replayed through the authentication-only configuration.
  for (const char* c : {"spf", "dkim", "arc"}) profile.claims.insert(c);
  profile.name = "ASCOT reference MTA " ASCOT_VERSION;
  profile.adapter = "reference-mta";
  profile.description =
      "The reference MTA in-process on loopback, with profiles/reference-mta.policy.json.";
  profile.source = "built-in";
  boost::json::object pixit_actions;
  for (const auto& [technique, t] : config->techniques) {
    if (!t.enabled) continue;
    std::string name(policy::info(technique).name);
    actions[name] = std::string(policy::action_name(t.action));
    pixit_actions[name] = actions[name];
  }
  profile.pixit = boost::json::object{{"endpoint", (*mta)->server().endpoint()},
                                      {"dns", (*dns)->endpoint()},
                                      {"sink", (*sink)->endpoint()},
                                      {"greylistDelayMs", target.greylist_delay.count()},
                                      {"deliveryWaitMs", target.delivery_wait.count()},
                                      {"spamBox", target.spam_box_dir},
                                      {"markField", target.mark_field},
                                      {"actions", pixit_actions}};
  // The second configuration replays the mechanisms' vectors: SPF, DKIM, DMARC and ARC only,
  // scored 0, no greylisting, the clock set by each case.
  auto auth_config = policy::load_config(profile_dir + "/reference-mta-auth.policy.json");
  if (!auth_config) return std::unexpected(auth_config.error());
  std::string dns_endpoint = (*dns)->endpoint();
  std::string sink_endpoint = (*sink)->endpoint();
  auto adapter = std::make_unique<SmtpAdapter>(std::move(profile), std::move(*dns),
                                               std::move(*sink), target, std::move(actions));
  adapter->mta_ = std::move(*mta);
  mta::ReferenceMtaOptions a;
  a.policy = std::make_shared<const policy::Config>(*auth_config);
  a.dns = dns_endpoint;
  a.dns_timeout = 300ms;  // a TIMEOUT record costs this much per query
  a.dns_attempts = 1;
  a.relay = sink_endpoint;
  a.clock = &adapter->auth_clock_;
  a.server.xclient_networks.push_back(*mta::parse_network("127.0.0.0/8"));
  auto auth_mta = mta::ReferenceMta::start(std::move(a));
  if (!auth_mta) return std::unexpected(auth_mta.error());
  adapter->auth_target_.port = (*auth_mta)->server().port();
  adapter->auth_target_.delivery_wait = 300ms;
  adapter->auth_target_.timeout = 20s;  // SPF may wait on several DNS timeouts (RFC 7208 4.6.4)
  adapter->authserv_id_ = auth_config->hostname;
  adapter->auth_mta_ = std::move(*auth_mta);
  adapter->scratch_ = scratch;
  return std::unique_ptr<Adapter>(std::move(adapter));
}

}  // namespace ascot::harness

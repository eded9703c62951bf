#include "adapters/reference_adapter.hpp"

#include <boost/json.hpp>

#include "adapters/smtp_adapter.hpp"
#include "adapters/transcript.hpp"
#include "arc/arc.hpp"
#include "arf/arf.hpp"
#include "authres/authres.hpp"
#include "dkim/verify.hpp"
#include "dmarc/evaluate.hpp"
#include "dns/stub_resolver.hpp"
#include "dns/zone_resolver.hpp"
#include "dnsbl/dnsbl.hpp"
#include "dnsserver/scenario_server.hpp"
#include "greylist/memory_store.hpp"
#include "spf/received_spf.hpp"

#ifndef ASCOT_VERSION
#define ASCOT_VERSION "0.0.0"
#endif

namespace ascot::harness {

namespace {

conformance::SpfObservation observe(const spf::Query& query, dns::Resolver& resolver,
                                    TranscriptRecorder& recorder) {
  resolver.set_observer(&recorder);
  spf::Outcome outcome = spf::evaluate(query, resolver, {}, &recorder);
  resolver.set_observer(nullptr);
  recorder.line(spf::received_spf_field(query, outcome, query.receiver));
  conformance::SpfObservation out;
  out.result = outcome.result;
  out.explanation = outcome.explanation;
  out.transcript = recorder.take();
  return out;
}

// The DNS a probe asks: the case's zone in-process, or the DNS scenario server serving it on
// loopback, the path a product's DNS traffic takes.
class DnsSource {
 public:
  // |server| null: in-process. Not owned; it outlives the probes (the adapter owns both).
  explicit DnsSource(ScenarioServer* server) : server_(server) {}

  // resolver returns a resolver that answers from |zone|, and notes the server in |recorder|.
  Expected<std::unique_ptr<dns::Resolver>> resolver(std::shared_ptr<const dns::Zone> zone,
                                                    TranscriptRecorder& recorder) const {
    if (server_ == nullptr)
      return std::unique_ptr<dns::Resolver>(std::make_unique<dns::ZoneResolver>(std::move(zone)));
    server_->set_zone(std::move(zone));
    dns::StubOptions options;
    options.host = server_->host();
    options.port = server_->port();
    options.timeout = kLoopbackTimeout;
    options.attempts = 1;
    auto stub = dns::StubResolver::create(options);
    if (!stub) return std::unexpected(stub.error());
    recorder.line("dns server: " + server_->endpoint());
    return std::unique_ptr<dns::Resolver>(std::move(*stub));
  }

 private:
  // The stub's per-attempt timeout: TIMEOUT pseudo-records cost this much per query, and an
  // answer on loopback takes well under a millisecond.
  static constexpr std::chrono::milliseconds kLoopbackTimeout{250};

  ScenarioServer* server_;
};

class ReferenceSpf final : public conformance::SpfProbe {
 public:
  explicit ReferenceSpf(DnsSource dns) : dns_(dns) {}

  Expected<conformance::SpfObservation> check(const spf::Query& query,
                                              std::shared_ptr<const dns::Zone> zone) override {
    TranscriptRecorder recorder;
    auto resolver = dns_.resolver(std::move(zone), recorder);
    if (!resolver) return std::unexpected(resolver.error());
    return observe(query, **resolver, recorder);
  }

 private:
  DnsSource dns_;
};

class ReferenceDnsbl final : public conformance::DnsblProbe {
 public:
  explicit ReferenceDnsbl(DnsSource dns) : dns_(dns) {}

  Expected<conformance::DnsblObservation> lookup(const dnsbl::List& list,
                                                 const dnsbl::Subject& subject, bool want_reason,
                                                 std::shared_ptr<const dns::Zone> zone) override {
    TranscriptRecorder recorder;
    auto resolver = dns_.resolver(std::move(zone), recorder);
    if (!resolver) return std::unexpected(resolver.error());
    (*resolver)->set_observer(&recorder);
    auto result = dnsbl::lookup(**resolver, list, subject, {.want_reason = want_reason});
    (*resolver)->set_observer(nullptr);
    conformance::DnsblObservation out;
    out.dns_queries = (*resolver)->query_count();
    if (!result) {
      recorder.line("dnsbl: refused: " + result.error().to_string());
      out.refused = result.error().to_string();
      out.error_code = std::string(errc_name(result.error().code));
      out.transcript = recorder.take();
      return out;
    }
    const dnsbl::Result& r = *result;
    std::string line = "dnsbl: " + r.query_name + " " + std::string(dnsbl::status_name(r.status)) +
                       ", effect " + std::string(dnsbl::effect_name(r.effect()));
    if (!r.problem.empty()) line += " (" + r.problem + ")";
    recorder.line(line);
    std::vector<std::string> codes, meanings;
    for (const auto& c : r.codes) {
      codes.push_back(c.address.to_string());
      std::string described = "dnsbl: code " + c.address.to_string() + ":";
      for (const auto& m : c.meanings) {
        meanings.push_back(m);
        described += " " + m + ";";
      }
      recorder.line(described);
    }
    for (const auto& reason : r.reasons) recorder.line("dnsbl: reason \"" + reason + "\"");
    for (const auto& note : r.notes) recorder.line("dnsbl: note: " + note);
    out.status = r.status;
    out.query_name = r.query_name;
    out.effect = r.effect();
    out.codes = std::move(codes);
    out.meanings = std::move(meanings);
    if (want_reason) out.reasons = r.reasons;
    out.transcript = recorder.take();
    return out;
  }

  Expected<conformance::DnsblHealthObservation> check_health(
      const dnsbl::List& list, std::shared_ptr<const dns::Zone> zone) override {
    TranscriptRecorder recorder;
    auto resolver = dns_.resolver(std::move(zone), recorder);
    if (!resolver) return std::unexpected(resolver.error());
    (*resolver)->set_observer(&recorder);
    auto health = dnsbl::check_health(**resolver, list);
    (*resolver)->set_observer(nullptr);
    if (!health) return std::unexpected(health.error());
    for (const auto& c : health->checks) {
      std::string outcome = c.outcome == dnsbl::CheckOutcome::pass   ? "pass"
                            : c.outcome == dnsbl::CheckOutcome::fail ? "fail"
                                                                     : "inconclusive";
      recorder.line("dnsbl: test entry " + c.id + ": " + c.query_name + " " +
                    std::string(dnsbl::status_name(c.observed)) + " -> " + outcome +
                    (c.problem.empty() ? "" : " (" + c.problem + ")"));
    }
    recorder.line("dnsbl: health " + std::string(dnsbl::health_status_name(health->status)));
    conformance::DnsblHealthObservation out;
    out.status = health->status;
    out.failed = health->failed();
    out.inconclusive = health->inconclusive();
    out.transcript = recorder.take();
    return out;
  }

 private:
  DnsSource dns_;
};

// ReferenceGreylist runs each sequence against a fresh store from its factory, with a clock it
// sets to each attempt's time.
class ReferenceGreylist final : public conformance::GreylistProbe {
 public:
  explicit ReferenceGreylist(GreylistStoreFactory open_store)
      : open_store_(std::move(open_store)) {}

  Expected<conformance::GreylistObservation> run(
      const greylist::Policy& policy,
      const std::vector<vectors::GreylistAttempt>& attempts) override {
    auto opened = open_store_();
    if (!opened) return std::unexpected(opened.error());
    greylist::Store& store = **opened;
    FixedClock clock(kStart);
    TranscriptRecorder recorder;
    conformance::GreylistObservation out;
    for (const auto& a : attempts) {
      clock.set(kStart + std::chrono::seconds(a.at));
      std::string attempt = "+" + std::to_string(a.at) + "s " + a.client.to_string() + " <" +
                            a.mail_from + "> <" + a.rcpt_to + ">";
      auto d = greylist::decide(store, clock, policy, {a.client, a.mail_from, a.rcpt_to});
      if (!d) return fail_at(d.error(), "greylisting " + attempt);
      conformance::GreylistDecisionObservation seen;
      seen.outcome = std::string(greylist::outcome_name(d->outcome));
      seen.detail = std::string(greylist::reason_name(d->reason));
      std::string line = "greylist: " + attempt + ": " + seen.outcome + " (" + seen.detail + ")";
      if (d->reply) {
        seen.reply_code = d->reply->code;
        line += ", " + std::to_string(d->reply->code) + " " + d->reply->enhanced;
      }
      recorder.line(line + ", key " + d->key);
      out.decisions.push_back(std::move(seen));
    }
    out.transcript = recorder.take();
    return out;
  }

 private:
  // The sequence's time 0. Any instant works; a fixed one makes every run the same.
  static constexpr std::chrono::system_clock::time_point kStart{
      std::chrono::seconds(1'700'000'000)};

  GreylistStoreFactory open_store_;
};

Expected<std::unique_ptr<greylist::Store>> memory_greylist_store() {
  return std::unique_ptr<greylist::Store>(std::make_unique<greylist::MemoryStore>());
}

class AuthresParse final : public conformance::ParseProbe {
 public:
  Expected<conformance::ParseObservation> parse(const std::string& input) override {
    conformance::ParseObservation out;
    auto parsed = authres::parse_field(input);
    out.valid = parsed.has_value();
    if (parsed) {
      out.parsed_json = boost::json::serialize(authres_json(*parsed));
    } else {
      out.error = parsed.error().to_string();
    }
    return out;
  }
};

class ArfParse final : public conformance::ParseProbe {
 public:
  Expected<conformance::ParseObservation> parse(const std::string& input) override {
    conformance::ParseObservation out;
    auto message = mail::Message::parse(input);
    if (!message) {
      out.error = "not a message: " + message.error().to_string();
      return out;
    }
    auto report = arf::parse(*message);
    out.valid = report.has_value();
    if (report) {
      out.parsed_json = boost::json::serialize(arf_json(*report));
    } else {
      out.error = report.error().to_string();
    }
    return out;
  }
};

// vector_message parses a vector's message; one that does not parse is the vector's fault.
Expected<mail::Message> vector_message(const std::string& text) {
  auto message = mail::Message::parse(text);
  if (!message)
    return fail(Errc::invalid_argument,
                "the vector's message does not parse: " + message.error().to_string());
  return message;
}

class DkimVerify final : public conformance::DkimProbe {
 public:
  Expected<conformance::DkimObservation> verify(const std::string& text, std::int64_t now,
                                                std::shared_ptr<const dns::Zone> zone) override {
    conformance::DkimObservation out;
    auto message = vector_message(text);
    if (!message) return std::unexpected(message.error());
    dns::ZoneResolver resolver(std::move(zone));
    TranscriptRecorder recorder;
    resolver.set_observer(&recorder);
    auto results = dkim::verify(*message, resolver, {.now = now});
    std::vector<conformance::DkimSignatureObservation> signatures;
    for (const auto& r : results) {
      recorder.line("dkim: d=" + r.domain + " s=" + r.selector + " a=" + r.algorithm + ": " +
                    std::string(dkim::result_name(r.result)) +
                    (r.reason.empty() ? "" : " (" + r.reason + ": " + r.detail + ")"));
      signatures.push_back(
          {std::string(dkim::result_name(r.result)), r.reason, r.domain, r.selector});
    }
    out.signatures = std::move(signatures);
    out.transcript = recorder.take();
    return out;
  }
};

class ArcValidate final : public conformance::ArcProbe {
 public:
  Expected<conformance::ArcObservation> validate(const std::string& text, std::int64_t now,
                                                 std::shared_ptr<const dns::Zone> zone) override {
    auto message = vector_message(text);
    if (!message) return std::unexpected(message.error());
    dns::ZoneResolver resolver(std::move(zone));
    TranscriptRecorder recorder;
    resolver.set_observer(&recorder);
    arc::ChainResult r = arc::validate(*message, resolver, {.now = now});
    recorder.line("arc: cv=" + std::string(arc::chain_status_name(r.status)) + " (" + r.reason +
                  ")");
    conformance::ArcObservation out;
    out.cv = std::string(arc::chain_status_name(r.status));
    if (r.status == arc::ChainStatus::pass) out.oldest_pass = r.oldest_pass;
    if (r.status == arc::ChainStatus::fail) out.failed_instance = r.failed_instance;
    out.transcript = recorder.take();
    return out;
  }
};

class DmarcEvaluate final : public conformance::DmarcProbe {
 public:
  Expected<conformance::DmarcObservation> evaluate(const vectors::DmarcQuestion& question,
                                                   std::shared_ptr<const dns::Zone> zone) override {
    dmarc::Question q;
    q.mode = question.mode == "rfc9989" ? dmarc::Mode::rfc9989 : dmarc::Mode::rfc7489;
    q.from_domain = question.from_domain;
    q.spf = {question.spf_result, question.spf_domain};
    for (const auto& [result, domain] : question.dkim) q.dkim.push_back({result, domain});
    q.sample = question.sample;
    dmarc::Options options;
    std::optional<dmarc::PublicSuffixList> own;
    if (question.public_suffixes) {
      own = dmarc::PublicSuffixList::from_rules(*question.public_suffixes);
      options.psl = &*own;
    } else {
      auto system = dmarc::system_public_suffix_list();
      if (!system) return std::unexpected(system.error());
      options.psl = *system;
    }
    dns::ZoneResolver resolver(std::move(zone));
    TranscriptRecorder recorder;
    resolver.set_observer(&recorder);
    dmarc::Evaluation e = dmarc::evaluate(q, resolver, options);
    for (const auto& line : e.trace) recorder.line("dmarc: " + line);
    conformance::DmarcObservation out;
    out.result = std::string(dmarc::result_name(e.result));
    if (e.policy) out.policy = std::string(dmarc::policy_name(*e.policy));
    if (e.disposition) out.disposition = std::string(dmarc::policy_name(*e.disposition));
    if (!e.policy_domain.empty()) out.policy_domain = e.policy_domain;
    if (!e.org_domain.empty()) out.org_domain = e.org_domain;
    out.spf_aligned = e.spf_aligned;
    out.dkim_aligned = e.dkim_aligned;
    out.transcript = recorder.take();
    return out;
  }
};

class ReferenceAdapter final : public Adapter {
 public:
  // |server| null: every probe reads the case's zone in-process.
  ReferenceAdapter(IutProfile profile, std::unique_ptr<ScenarioServer> server)
      : profile_(std::move(profile)),
        server_(std::move(server)),
        spf_(DnsSource(server_.get())),
        dnsbl_(DnsSource(server_.get())),
        greylist_(memory_greylist_store) {}
  const IutProfile& profile() const override { return profile_; }
  conformance::Probes probes() override {
    conformance::Probes p;
    p.spf = &spf_;
    p.dnsbl = &dnsbl_;
    p.greylist = &greylist_;
    p.authres = &authres_;
    p.arf = &arf_;
    p.dkim = &dkim_;
    p.dmarc = &dmarc_;
    p.arc = &arc_;
    p.smtp = smtp_.get();
    return p;
  }

 private:
  IutProfile profile_;
  // The SMTP scenarios go to the reference MTA, started on loopback when the first one runs.
  std::unique_ptr<conformance::SmtpProbe> smtp_ = make_lazy_reference_mta_probe(data_dir());
  std::unique_ptr<ScenarioServer> server_;  // declared before the probes that borrow it
  ReferenceSpf spf_;
  ReferenceDnsbl dnsbl_;
  ReferenceGreylist greylist_;
  AuthresParse authres_;
  ArfParse arf_;
  DkimVerify dkim_;
  DmarcEvaluate dmarc_;
  ArcValidate arc_;
};

}  // namespace

std::unique_ptr<conformance::GreylistProbe> make_reference_greylist_probe(
    GreylistStoreFactory open_store) {
  return std::make_unique<ReferenceGreylist>(std::move(open_store));
}

boost::json::value authres_json(const authres::AuthenticationResults& ar) {
  boost::json::array results;
  for (const auto& r : ar.results) {
    boost::json::object o{{"method", r.method}, {"result", r.result}};
    if (r.method_version) o["methodVersion"] = *r.method_version;
    if (r.reason) o["reason"] = *r.reason;
    boost::json::array properties;
    for (const auto& p : r.properties) {
      properties.push_back(
          boost::json::object{{"ptype", p.ptype}, {"property", p.property}, {"value", p.value}});
    }
    o["properties"] = std::move(properties);
    results.push_back(std::move(o));
  }
  boost::json::object out{{"authservId", ar.authserv_id}, {"results", std::move(results)}};
  if (ar.version) out["version"] = *ar.version;
  return out;
}

boost::json::value arf_json(const arf::Report& report) {
  boost::json::object fields;
  for (const auto& [name, values] : report.fields) {
    boost::json::array list;
    for (const auto& v : values) list.emplace_back(v);
    fields[name] = std::move(list);
  }
  boost::json::object out{{"fields", std::move(fields)}, {"original", report.original_type}};
  if (report.original_from) out["originalFrom"] = *report.original_from;
  return out;
}

IutProfile reference_profile(const std::string& adapter_name) {
  IutProfile p;
  p.name = std::string("ASCOT reference ") + ASCOT_VERSION;
  p.adapter = adapter_name;
  p.description =
      adapter_name == "reference-dns"
          ? "The built-in reference implementation, asking the harness's DNS scenario server on "
            "loopback"
          : "The built-in reference implementation, reading each case's zone in-process";
  p.claims = {"spf",
              "spf.helo",
              "dkim",
              "dmarc",
              "dmarc.rfc7489",
              "dmarc.rfc9989",
              "arc",
              "authres.parse",
              "arf.parse",
              "dnsbl",
              "dnsbl.domain",
              "dnsbl.health",
              "greylist",
              "greylist.auto-whitelist",
              "greylist.exemptions"};
  // The X.1240/X.1241 claims of the reference MTA, from its policy.
  for (const auto& claim : reference_mta_claims(data_dir())) p.claims.insert(claim);
  p.pixit = boost::json::object{
      {"dns", adapter_name == "reference-dns" ? "scenario server on 127.0.0.1" : "in-process"}};
  p.source = "built-in";
  return p;
}

Expected<std::unique_ptr<Adapter>> make_reference_adapter(bool over_dns, IutProfile profile) {
  std::unique_ptr<ScenarioServer> server;
  if (over_dns) {
    auto started = ScenarioServer::start("127.0.0.1", 0, nullptr);
    if (!started) return std::unexpected(started.error());
    server = std::move(*started);
  }
  return std::unique_ptr<Adapter>(new ReferenceAdapter(std::move(profile), std::move(server)));
}

}  // namespace ascot::harness

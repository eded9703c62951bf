#include "adapters/reference_adapter.hpp"

#include <boost/json.hpp>

#include "adapters/transcript.hpp"
#include "arc/arc.hpp"
#include "arf/arf.hpp"
#include "authres/authres.hpp"
#include "dkim/verify.hpp"
#include "dmarc/evaluate.hpp"
#include "dns/stub_resolver.hpp"
#include "dns/zone_resolver.hpp"
#include "dnsserver/scenario_server.hpp"
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

class InProcessSpf final : public conformance::SpfProbe {
 public:
  Expected<conformance::SpfObservation> check(const spf::Query& query,
                                              std::shared_ptr<const dns::Zone> zone) override {
    dns::ZoneResolver resolver(std::move(zone));
    TranscriptRecorder recorder;
    return observe(query, resolver, recorder);
  }
};

// The stub's per-attempt timeout: TIMEOUT pseudo-records cost this much per query, and an
// answer on loopback takes well under a millisecond.
constexpr std::chrono::milliseconds kLoopbackTimeout{250};

class OverDnsSpf final : public conformance::SpfProbe {
 public:
  explicit OverDnsSpf(std::unique_ptr<ScenarioServer> server) : server_(std::move(server)) {}

  Expected<conformance::SpfObservation> check(const spf::Query& query,
                                              std::shared_ptr<const dns::Zone> zone) override {
    server_->set_zone(std::move(zone));
    dns::StubOptions options;
    options.host = server_->host();
    options.port = server_->port();
    options.timeout = kLoopbackTimeout;
    options.attempts = 1;
    auto resolver = dns::StubResolver::create(options);
    if (!resolver) return std::unexpected(resolver.error());
    TranscriptRecorder recorder;
    recorder.line("dns server: " + server_->endpoint());
    return observe(query, **resolver, recorder);
  }

 private:
  std::unique_ptr<ScenarioServer> server_;
};

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
  ReferenceAdapter(IutProfile profile, std::unique_ptr<conformance::SpfProbe> spf)
      : profile_(std::move(profile)), spf_(std::move(spf)) {}
  const IutProfile& profile() const override { return profile_; }
  conformance::Probes probes() override {
    conformance::Probes p;
    p.spf = spf_.get();
    p.authres = &authres_;
    p.arf = &arf_;
    p.dkim = &dkim_;
    p.dmarc = &dmarc_;
    p.arc = &arc_;
    return p;
  }

 private:
  IutProfile profile_;
  std::unique_ptr<conformance::SpfProbe> spf_;
  AuthresParse authres_;
  ArfParse arf_;
  DkimVerify dkim_;
  DmarcEvaluate dmarc_;
  ArcValidate arc_;
};

}  // namespace

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
  p.claims = {"spf",           "spf.helo", "dkim",          "dmarc",    "dmarc.rfc7489",
              "dmarc.rfc9989", "arc",      "authres.parse", "arf.parse"};
  p.pixit = boost::json::object{
      {"dns", adapter_name == "reference-dns" ? "scenario server on 127.0.0.1" : "in-process"}};
  p.source = "built-in";
  return p;
}

Expected<std::unique_ptr<Adapter>> make_reference_adapter(bool over_dns, IutProfile profile) {
  std::unique_ptr<conformance::SpfProbe> spf;
  if (over_dns) {
    auto server = ScenarioServer::start("127.0.0.1", 0, nullptr);
    if (!server) return std::unexpected(server.error());
    spf = std::make_unique<OverDnsSpf>(std::move(*server));
  } else {
    spf = std::make_unique<InProcessSpf>();
  }
  return std::unique_ptr<Adapter>(new ReferenceAdapter(std::move(profile), std::move(spf)));
}

}  // namespace ascot::harness

#include "adapters/reference_adapter.hpp"

#include <boost/json.hpp>

#include "adapters/transcript.hpp"
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

class ReferenceAdapter final : public Adapter {
 public:
  ReferenceAdapter(IutProfile profile, std::unique_ptr<conformance::SpfProbe> spf)
      : profile_(std::move(profile)), spf_(std::move(spf)) {}
  const IutProfile& profile() const override { return profile_; }
  conformance::SpfProbe* spf() override { return spf_.get(); }

 private:
  IutProfile profile_;
  std::unique_ptr<conformance::SpfProbe> spf_;
};

}  // namespace

IutProfile reference_profile(const std::string& adapter_name) {
  IutProfile p;
  p.name = std::string("ASCOT reference ") + ASCOT_VERSION;
  p.adapter = adapter_name;
  p.description =
      adapter_name == "reference-dns"
          ? "The built-in reference implementation, asking the harness's DNS scenario server on "
            "loopback"
          : "The built-in reference implementation, reading each case's zone in-process";
  p.claims = {"spf", "spf.helo"};
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

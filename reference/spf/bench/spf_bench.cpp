// Google Benchmark for SPF evaluation. The scenarios (zone data and queries) are read from
// reference/spf/bench/scenarios.json, the same file scripts/bench-spf-compare feeds to
// python3-spf, so both implementations are timed on identical work.
//
//   InProcess/<scenario>  the reference with a ZoneResolver (no I/O: the engine's cost)
//   OverDns/<scenario>    the reference with a StubResolver asking $ASCOT_BENCH_DNS (HOST:PORT),
//                         registered only when that variable is set
//   ParseRecord           the record parser alone
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "core/json.hpp"
#include "dns/stub_resolver.hpp"
#include "dns/zone_resolver.hpp"
#include "spf/check_host.hpp"
#include "spf/record.hpp"

namespace {

using namespace ascot;

struct Scenario {
  std::string name;
  spf::Query query;
  spf::Result expected;
};

void run_scenario(benchmark::State& state, const Scenario& s, dns::Resolver& resolver) {
  for (auto _ : state) {
    spf::Outcome o = spf::evaluate(s.query, resolver);
    if (o.result != s.expected) {
      state.SkipWithError(("unexpected result " + std::string(spf::result_name(o.result))).c_str());
      break;
    }
    benchmark::DoNotOptimize(o);
  }
}

void BM_ParseRecord(benchmark::State& state) {
  const std::string record =
      "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a:mail.example.com/28//64 mx "
      "include:_spf.example.net "
      "exists:%{ir}.%{l1r+-}._spf.%{d} redirect=_spf.example.org exp=explain.%{d2}";
  for (auto _ : state) benchmark::DoNotOptimize(spf::parse_record(record));
}
BENCHMARK(BM_ParseRecord);

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(ASCOT_SOURCE_DIR) + "/reference/spf/bench/scenarios.json";
  auto doc = json::parse_file(path);
  if (!doc) {
    std::cerr << doc.error().to_string() << "\n";
    return 2;
  }
  auto zone = dns::Zone::from_json(doc->at("zone"), "zone");
  if (!zone) {
    std::cerr << zone.error().to_string() << "\n";
    return 2;
  }
  auto shared = std::make_shared<const dns::Zone>(std::move(*zone));
  static std::vector<Scenario> scenarios;
  for (const auto& v : doc->at("scenarios").as_array()) {
    Scenario s;
    s.name = std::string(v.at("name").as_string());
    s.query.ip = *IpAddress::parse(v.at("ip").as_string());
    s.query.sender = std::string(v.at("sender").as_string());
    s.query.helo = std::string(v.at("helo").as_string());
    s.expected = *spf::parse_result(v.at("expected").as_string());
    scenarios.push_back(std::move(s));
  }
  static dns::ZoneResolver zone_resolver(shared);
  for (const auto& s : scenarios) {
    benchmark::RegisterBenchmark(("InProcess/" + s.name).c_str(), [&s](benchmark::State& st) {
      run_scenario(st, s, zone_resolver);
    });
  }
  static std::unique_ptr<dns::StubResolver> stub;
  if (const char* endpoint = std::getenv("ASCOT_BENCH_DNS")) {
    dns::StubOptions options;
    auto parsed = dns::parse_endpoint(endpoint, options);
    auto created = parsed ? dns::StubResolver::create(options) : std::unexpected(parsed.error());
    if (!created) {
      std::cerr << "ASCOT_BENCH_DNS: " << created.error().to_string() << "\n";
      return 2;
    }
    stub = std::move(*created);
    for (const auto& s : scenarios) {
      benchmark::RegisterBenchmark(("OverDns/" + s.name).c_str(),
                                   [&s](benchmark::State& st) { run_scenario(st, s, *stub); });
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

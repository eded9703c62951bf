// mta_bench: messages per second through the reference MTA with the techniques on (issue 4
// part 8). Everything runs on loopback: the DNS scenario server answers every lookup (local
// DNS), the sink takes what the MTA relays, and one client sends one message per connection
// (XCLIENT, EHLO, MAIL, RCPT, DATA, QUIT), as the harness does. Greylisting is off (it would
// defer every first attempt); every other technique that needs no per-case data is on, with
// SPF, DKIM, DMARC and ARC evaluated on every message.
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/json.hpp"
#include "dnsserver/scenario_server.hpp"
#include "mta/client.hpp"
#include "mta/reference_mta.hpp"
#include "smtpdriver/sink.hpp"

namespace {

using namespace ascot;
using namespace std::chrono_literals;

constexpr std::string_view kZone = R"({
  "example.com": [{"MX": "10 mail.example.com"}, {"TXT": "v=spf1 ip4:192.0.2.0/24 -all"}],
  "_dmarc.example.com": [{"TXT": "v=DMARC1; p=reject"}],
  "mail.example.com": [{"A": "192.0.2.10"}],
  "10.2.0.192.in-addr.arpa": [{"PTR": "mail.example.com"}]
})";

constexpr std::string_view kPolicy = R"json({
  "hostname": "mx.example.org",
  "local_domains": ["example.org"],
  "techniques": {
    "relay": {"action": "reject"}, "local-lists": {"action": "reject"}, "dnsbl": {"action": "reject"},
    "ptr": {"action": "reject"}, "fcrdns": {"action": "spam-box"}, "dynamic": {"action": "discard"},
    "helo": {"action": "reject"}, "sender-domain": {"action": "reject"}, "uribl": {"action": "bounce"},
    "spf": {"score": 1}, "dkim": {"score": 1}, "dmarc": {"score": 1}, "arc": {"score": 1},
    "trace": {"action": "mark"}
  },
  "thresholds": {"reject": 10},
  "block": {"networks": ["192.0.2.66"]},
  "dnsbls": [{"zone": "bl.ascot.test"}],
  "uribls": [{"zone": "uribl.ascot.test"}],
  "dynamic_patterns": ["(^|[.-])(dyn|dsl|pool|dhcp)[0-9]*([.-]|$)"]
})json";

constexpr std::string_view kMessage =
    "From: Alice <a@example.com>\r\nTo: <b@example.org>\r\nSubject: Lunch\r\n"
    "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <bench@example.com>\r\n\r\n"
    "Shall we meet at noon? See https://www.example.com/menu\r\n";

struct Rig {
  std::unique_ptr<harness::ScenarioServer> dns;
  std::unique_ptr<harness::Sink> sink;
  std::unique_ptr<mta::ReferenceMta> mta;
};

Rig& rig() {
  static Rig r = [] {
    Rig out;
    auto zone_json = json::parse(kZone, "zone");
    auto zone = dns::Zone::from_json(*zone_json, "zone");
    out.dns = std::move(*harness::ScenarioServer::start(
        "127.0.0.1", 0, std::make_shared<const dns::Zone>(std::move(*zone))));
    out.sink = std::move(*harness::Sink::start());
    mta::ReferenceMtaOptions o;
    o.policy =
        std::make_shared<const policy::Config>(*policy::parse_config(kPolicy, "bench policy"));
    o.dns = out.dns->endpoint();
    o.relay = out.sink->endpoint();
    o.server.xclient_networks.push_back(*mta::parse_network("127.0.0.0/8"));
    out.mta = std::move(*mta::ReferenceMta::start(std::move(o)));
    return out;
  }();
  return r;
}

bool send_one(std::uint16_t port) {
  auto c = mta::Client::connect("127.0.0.1", port, mta::ClientTimeouts::harness(10s));
  if (!c) return false;
  auto& client = **c;
  client.ehlo("bench.example");
  client.command("XCLIENT ADDR=192.0.2.10");
  client.ehlo("mail.example.com");
  client.command("MAIL FROM:<a@example.com>");
  client.command("RCPT TO:<b@example.org>");
  auto done = client.data(kMessage);
  client.quit();
  return done && done->positive();
}

// One client, one message per connection: the latency of a whole delivery.
void BM_DeliverSequential(benchmark::State& state) {
  auto port = rig().mta->server().port();
  for (auto _ : state) {
    if (!send_one(port)) state.SkipWithError("a delivery failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DeliverSequential)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Several clients at once: the throughput of the server's threads.
void BM_DeliverConcurrent(benchmark::State& state) {
  auto port = rig().mta->server().port();
  const int clients = static_cast<int>(state.range(0));
  constexpr int kPerClient = 20;
  for (auto _ : state) {
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kPerClient; ++i) {
          if (!send_one(port)) ++failed;
        }
      });
    }
    for (auto& t : threads) t.join();
    if (failed) state.SkipWithError("a delivery failed");
  }
  state.SetItemsProcessed(state.iterations() * clients * kPerClient);
}
BENCHMARK(BM_DeliverConcurrent)->Arg(8)->Arg(32)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

// mta_load: the load test of the reference MTA (issue 4 part 7), bounded and on loopback only.
//
// Starts the DNS scenario server, the SMTP sink and the reference MTA with every technique
// that needs no training on (greylisting off: it would defer every first attempt), then
// sends --messages messages from --clients concurrent clients. Half of the clients present an
// address whose reverse DNS is not confirmed, which the policy files in the spam box, so both
// paths carry load. At the end every message the MTA accepted must be found at the sink or in
// the spam box: accepted == delivered + spam-boxed, or the program exits 1. It prints the
// counts, the throughput and the peak resident memory.
//
// Usage: mta_load [--clients N] [--messages N]   (defaults 200 and 10000)
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
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
  "mail.example.com": [{"A": "192.0.2.10"}],
  "10.2.0.192.in-addr.arpa": [{"PTR": "mail.example.com"}],
  "20.2.0.192.in-addr.arpa": [{"PTR": "other.example.com"}],
  "other.example.com": [{"A": "192.0.2.99"}]
})";

// Every technique that needs no training or per-case data; greylisting is off.
constexpr std::string_view kPolicy = R"json({
  "hostname": "mx.example.org",
  "local_domains": ["example.org"],
  "techniques": {
    "relay": {"action": "reject"}, "local-lists": {"action": "reject"}, "dnsbl": {"action": "reject"},
    "ptr": {"action": "reject"}, "fcrdns": {"action": "spam-box"}, "dynamic": {"action": "discard"},
    "helo": {"action": "reject"}, "sender-domain": {"action": "reject"}, "uribl": {"action": "bounce"},
    "spf": {"action": "score", "score": 1}, "dkim": {"action": "score", "score": 1},
    "dmarc": {"action": "score", "score": 1}, "arc": {"action": "score", "score": 1},
    "trace": {"action": "mark"}
  },
  "thresholds": {"reject": 10},
  "block": {"networks": ["192.0.2.66"]},
  "dnsbls": [{"zone": "bl.ascot.test"}],
  "uribls": [{"zone": "uribl.ascot.test"}],
  "dynamic_patterns": ["(^|[.-])(dyn|dsl|pool|dhcp)[0-9]*([.-]|$)"]
})json";

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::size_t count_files(const std::filesystem::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().parent_path().filename() == "new") ++n;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  int clients = 200;
  int messages = 10'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--clients") == 0) clients = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--messages") == 0) messages = std::atoi(argv[i + 1]);
  }
  if (clients < 1 || messages < 1) {
    std::fprintf(stderr, "usage: mta_load [--clients N] [--messages N]\n");
    return 2;
  }
  auto zone_json = json::parse(kZone, "zone");
  auto zone = dns::Zone::from_json(*zone_json, "zone");
  auto dns = harness::ScenarioServer::start("127.0.0.1", 0,
                                            std::make_shared<const dns::Zone>(std::move(*zone)));
  auto sink = harness::Sink::start();
  if (!dns || !sink) {
    std::fprintf(stderr, "mta_load: cannot start the DNS server or the sink\n");
    return 1;
  }
  auto spam_box =
      std::filesystem::temp_directory_path() / ("ascot-load-spam-" + std::to_string(::getpid()));
  auto config = policy::parse_config(kPolicy, "load policy");
  if (!config) {
    std::fprintf(stderr, "mta_load: %s\n", config.error().to_string().c_str());
    return 1;
  }
  mta::ReferenceMtaOptions o;
  o.policy = std::make_shared<const policy::Config>(std::move(*config));
  o.dns = (*dns)->endpoint();
  o.relay = (*sink)->endpoint();
  o.spam_box_dir = spam_box.string();
  o.server.xclient_networks.push_back(*mta::parse_network("127.0.0.0/8"));
  o.server.threads = 2;
  auto mta = mta::ReferenceMta::start(std::move(o));
  if (!mta) {
    std::fprintf(stderr, "mta_load: %s\n", mta.error().to_string().c_str());
    return 1;
  }
  const auto port = (*mta)->server().port();
  std::atomic<int> next{0}, accepted{0}, refused{0}, errors{0};
  auto start = std::chrono::steady_clock::now();
  long rss_before = peak_rss_kib();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      // Half the clients have unconfirmed reverse DNS: their mail goes to the spam box.
      std::string address = t % 2 == 0 ? "192.0.2.10" : "192.0.2.20";
      while (true) {
        int n = next.fetch_add(1);
        if (n >= messages) return;
        auto c = mta::Client::connect("127.0.0.1", port, mta::ClientTimeouts::harness(30s));
        if (!c) {
          ++errors;
          continue;
        }
        auto& client = **c;
        client.ehlo("load.example");
        auto x = client.command("XCLIENT ADDR=" + address);
        client.ehlo("mail.example.com");
        auto mail = client.command("MAIL FROM:<a@example.com>");
        auto rcpt = client.command("RCPT TO:<b@example.org>");
        if (!x || !mail || !rcpt || x->code != 220) {
          ++errors;
          continue;
        }
        if (!rcpt->positive()) {
          ++refused;
          client.quit();
          continue;
        }
        auto done =
            client.data("From: <a@example.com>\r\nTo: <b@example.org>\r\nSubject: load " +
                        std::to_string(n) + "\r\n\r\nMessage " + std::to_string(n) + "\r\n");
        if (!done) {
          ++errors;
        } else if (done->positive()) {
          ++accepted;
        } else {
          ++refused;
        }
        client.quit();
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  (*mta)->stop();
  std::size_t delivered = (*sink)->received();
  std::size_t boxed = count_files(spam_box);
  std::error_code ec;
  std::filesystem::remove_all(spam_box, ec);
  std::printf("clients %d, messages %d: accepted %d, refused %d, errors %d\n", clients, messages,
              accepted.load(), refused.load(), errors.load());
  std::printf("found: delivered at the sink %zu + spam-boxed %zu = %zu\n", delivered, boxed,
              delivered + boxed);
  std::printf(
      "throughput: %.0f messages/s over %.1f s; peak RSS %ld MiB (%ld MiB before the load)\n",
      messages / seconds, seconds, peak_rss_kib() / 1024, rss_before / 1024);
  bool ok = errors == 0 && static_cast<std::size_t>(accepted) == delivered + boxed;
  std::printf("%s\n", ok ? "OK: every accepted message was found"
                         : "FAILED: accepted != delivered + spam-boxed");
  return ok ? 0 : 1;
}

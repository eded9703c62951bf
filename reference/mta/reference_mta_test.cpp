// The reference MTA end to end on loopback: the DNS scenario server serves the zone, a sink
// stands for the next hop, and a client presents each case's client address with XCLIENT.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>

#include "core/json.hpp"
#include "dnsserver/scenario_server.hpp"
#include "mta/client.hpp"
#include "mta/reference_mta.hpp"

namespace ascot::mta {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kZone = R"({
  "10.2.0.192.in-addr.arpa": [{"PTR": "mail.example.com"}],
  "mail.example.com": [{"A": "192.0.2.10"}],
  "20.2.0.192.in-addr.arpa": [{"PTR": "forged.example.com"}],
  "forged.example.com": [{"A": "192.0.2.99"}],
  "example.com": [{"MX": "10 mail.example.com"}, {"TXT": "v=spf1 ip4:192.0.2.10 -all"}],
  "2.0.0.127.bl.example": [{"A": "127.0.0.2"}],
  "30.2.0.192.bl.example": [{"A": "127.0.0.2"}, {"TXT": "listed: see https://bl.example/192.0.2.30"}],
  "30.2.0.192.in-addr.arpa": [{"PTR": "mail.example.com"}]
})";

constexpr std::string_view kPolicy = R"({
  "hostname": "mx.example.org",
  "local_domains": ["example.org"],
  "techniques": {
    "relay": {"action": "reject"},
    "helo": {"action": "reject"},
    "fcrdns": {"action": "spam-box"},
    "dnsbl": {"action": "reject"},
    "greylist": {},
    "spf": {"action": "score", "score": 1},
    "trace": {}
  },
  "dnsbls": [{"zone": "bl.example"}],
  "greylist": {"delay": 60, "retry_window": 3600},
  "thresholds": {"reject": 10}
})";

struct Sink {
  std::mutex mutex;
  std::vector<std::string> messages;
};

class SinkHooks : public smtp::SessionHooks {
 public:
  explicit SinkHooks(Sink& s) : sink_(s) {}
  smtp::MessageOutcome on_message(const smtp::Envelope&, std::string_view m) override {
    std::lock_guard lock(sink_.mutex);
    sink_.messages.emplace_back(m);
    return {smtp::reply(250, "2.0.0", "Ok"), smtp::Disposition::deliver};
  }

 private:
  Sink& sink_;
};

class ReferenceMtaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto zone_json = json::parse(kZone, "zone");
    auto zone = dns::Zone::from_json(*zone_json, "zone");
    ASSERT_TRUE(zone);
    auto dns = harness::ScenarioServer::start("127.0.0.1", 0,
                                              std::make_shared<const dns::Zone>(std::move(*zone)));
    ASSERT_TRUE(dns);
    dns_ = std::move(*dns);
    auto sink = Server::start(
        {}, [this](const smtp::Client&) { return std::make_unique<SinkHooks>(sink_); });
    ASSERT_TRUE(sink);
    sink_server_ = std::move(*sink);
    spam_box_ = std::filesystem::temp_directory_path() /
                ("ascot-spam-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                 "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(spam_box_);
    start_mta("");
  }

  void start_mta(const std::string& state_file) {
    auto config = policy::parse_config(kPolicy, "policy");
    ASSERT_TRUE(config) << config.error().to_string();
    ReferenceMtaOptions o;
    o.policy = std::make_shared<const policy::Config>(std::move(*config));
    o.dns = dns_->endpoint();
    o.relay = sink_server_->endpoint();
    o.spam_box_dir = spam_box_.string();
    o.state_file = state_file;
    o.clock = &clock_;
    o.server.xclient_networks.push_back(*parse_network("127.0.0.0/8"));
    o.relay_timeouts = ClientTimeouts::harness(5s);
    mta_.reset();
    auto mta = ReferenceMta::start(std::move(o));
    ASSERT_TRUE(mta) << mta.error().to_string();
    mta_ = std::move(*mta);
  }
  void TearDown() override {
    mta_.reset();
    std::filesystem::remove_all(spam_box_);
  }

  // session runs one delivery attempt from |client| with |helo|; returns the codes of
  // XCLIENT's greeting, MAIL, RCPT and the final reply (0 where a step was not reached).
  std::vector<int> attempt(std::string_view client, std::string_view helo, std::string_view from,
                           std::string_view rcpt,
                           std::string_view message = "Subject: t\r\n\r\nhello\r\n") {
    auto c = Client::connect("127.0.0.1", mta_->server().port(), ClientTimeouts::harness(5s));
    if (!c) return {-1};
    std::vector<int> codes;
    (*c)->ehlo("harness.example");
    codes.push_back((*c)->command("XCLIENT ADDR=" + std::string(client))->code);
    (*c)->ehlo(helo);
    codes.push_back((*c)->command("MAIL FROM:<" + std::string(from) + ">")->code);
    auto r = (*c)->command("RCPT TO:<" + std::string(rcpt) + ">");
    codes.push_back(r->code);
    last_rcpt_text_ = r->text();
    if (r->code != 250) {
      codes.push_back(0);
    } else {
      codes.push_back((*c)->data(message)->code);
    }
    (*c)->quit();
    return codes;
  }

  std::size_t spam_box_count() {
    std::size_t n = 0;
    if (!std::filesystem::exists(spam_box_)) return 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(spam_box_)) {
      if (e.is_regular_file() && e.path().parent_path().filename() == "new") ++n;
    }
    return n;
  }

  FixedClock clock_{std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<harness::ScenarioServer> dns_;
  Sink sink_;
  std::unique_ptr<Server> sink_server_;
  std::filesystem::path spam_box_;
  std::unique_ptr<ReferenceMta> mta_;
  std::string last_rcpt_text_;
};

TEST_F(ReferenceMtaTest, GreylistThenDeliverWithTraceFields) {
  // X.1240 7.11: the first attempt is deferred, a retry after the delay is accepted.
  EXPECT_EQ(attempt("192.0.2.10", "mail.example.com", "a@example.com", "b@example.org"),
            (std::vector<int>{220, 250, 451, 0}));
  clock_.advance(61s);
  EXPECT_EQ(attempt("192.0.2.10", "mail.example.com", "a@example.com", "b@example.org"),
            (std::vector<int>{220, 250, 250, 250}));
  std::lock_guard lock(sink_.mutex);
  ASSERT_EQ(sink_.messages.size(), 1u);
  const auto& m = sink_.messages[0];
  // X.1241 9.4 / RFC 5321 4.4: our Received field names the client and its verified name.
  EXPECT_TRUE(m.starts_with("Received: from mail.example.com (mail.example.com [192.0.2.10])"))
      << m;
  EXPECT_NE(m.find("Authentication-Results: mx.example.org;"), std::string::npos);
  EXPECT_NE(m.find("iprev=pass"), std::string::npos);
  EXPECT_NE(m.find("spf=pass"), std::string::npos);
  EXPECT_NE(m.find("X-ASCOT-Findings: "), std::string::npos);
  EXPECT_NE(m.find("greylist=pass(retried)"), std::string::npos) << m;
}

TEST_F(ReferenceMtaTest, NoOpenRelay) {
  // X.1241 9.1: a recipient outside our domains from an untrusted client is refused.
  EXPECT_EQ(attempt("192.0.2.10", "mail.example.com", "a@example.com", "x@elsewhere.example"),
            (std::vector<int>{220, 250, 554, 0}));
  EXPECT_NE(last_rcpt_text_.find("X.1241 9.1"), std::string::npos);
}

TEST_F(ReferenceMtaTest, ForgedHeloRefused) {
  EXPECT_EQ(attempt("192.0.2.10", "mx.example.org", "a@example.com", "b@example.org"),
            (std::vector<int>{220, 250, 550, 0}));
  EXPECT_NE(last_rcpt_text_.find("X.1240 7.10"), std::string::npos);
}

TEST_F(ReferenceMtaTest, DnsblRefused) {
  EXPECT_EQ(attempt("192.0.2.30", "mail.example.com", "a@example.com", "b@example.org"),
            (std::vector<int>{220, 250, 550, 0}));
  EXPECT_NE(last_rcpt_text_.find("X.1240 7.7 dnsbl"), std::string::npos);
  // RFC 5782 2.1: the list's TXT reason reaches the client.
  EXPECT_NE(last_rcpt_text_.find("see https://bl.example/192.0.2.30"), std::string::npos)
      << last_rcpt_text_;
}

TEST_F(ReferenceMtaTest, UnconfirmedReverseDnsGoesToTheSpamBox) {
  EXPECT_EQ(attempt("192.0.2.20", "mail.example.com", "a@example.com", "b@example.org")[2], 451);
  clock_.advance(61s);
  EXPECT_EQ(attempt("192.0.2.20", "mail.example.com", "a@example.com", "b@example.org"),
            (std::vector<int>{220, 250, 250, 250}));
  EXPECT_EQ(spam_box_count(), 1u);
  std::lock_guard lock(sink_.mutex);
  EXPECT_TRUE(sink_.messages.empty());
}

TEST_F(ReferenceMtaTest, GreylistStateSurvivesRestart) {
  std::filesystem::create_directories(spam_box_);
  auto state = (spam_box_ / "state.sqlite").string();
  start_mta(state);
  EXPECT_EQ(attempt("192.0.2.10", "mail.example.com", "a@example.com", "b@example.org")[2], 451);
  // The MTA stops and starts again on the same state file: the pending triplet is known.
  start_mta(state);
  clock_.advance(61s);
  EXPECT_EQ(attempt("192.0.2.10", "mail.example.com", "a@example.com", "b@example.org")[2], 250);
  start_mta(state);
  clock_.advance(3600s);
  EXPECT_EQ(attempt("192.0.2.10", "mail.example.com", "a@example.com", "b@example.org")[2], 250);
  // Without the state file, a restart forgets: the same triplet is deferred again.
  start_mta("");
  EXPECT_EQ(attempt("192.0.2.10", "mail.example.com", "a@example.com", "b@example.org")[2], 451);
}

TEST(Maildir, WritesIntoNew) {
  auto dir = std::filesystem::temp_directory_path() / "ascot-maildir-test";
  std::filesystem::remove_all(dir);
  auto path = write_maildir(dir.string(), "Subject: x\r\n\r\nbody\r\n", 1);
  ASSERT_TRUE(path) << path.error().to_string();
  EXPECT_NE(path->find("/new/"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir / "tmp"));
  std::filesystem::remove_all(dir);
  auto bad = write_maildir("/proc/forbidden/maildir", "x", 1);
  EXPECT_FALSE(bad);
}

}  // namespace
}  // namespace ascot::mta

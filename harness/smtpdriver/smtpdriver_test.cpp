// The SMTP driver against the reference MTA on loopback: each X.1240 action observed as the
// outcome it should be, and the robustness of the driver against IUTs that misbehave.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <filesystem>
#include <thread>

#include "core/json.hpp"
#include "dnsserver/scenario_server.hpp"
#include "mta/reference_mta.hpp"
#include "smtpdriver/attempt.hpp"

namespace ascot::harness {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kZone = R"({
  "example.com": [{"MX": "10 mail.example.com"}, {"TXT": "v=spf1 ip4:192.0.2.0/24 -all"}],
  "mail.example.com": [{"A": "192.0.2.10"}],
  "10.2.0.192.in-addr.arpa": [{"PTR": "mail.example.com"}],
  "20.2.0.192.in-addr.arpa": [{"PTR": "other.example.com"}],
  "other.example.com": [{"A": "192.0.2.99"}],
  "50.2.0.192.in-addr.arpa": [{"PTR": "192-0-2-50.pool.isp.example"}],
  "192-0-2-50.pool.isp.example": [{"A": "192.0.2.50"}],
  "spam-landing.example.uribl.ascot.test": [{"A": "127.0.0.2"}]
})";

constexpr std::string_view kPolicy = R"({
  "hostname": "mx.example.org",
  "local_domains": ["example.org"],
  "techniques": {
    "relay": {"action": "reject"}, "helo": {"action": "reject"}, "fcrdns": {"action": "spam-box"},
    "dynamic": {"action": "discard"}, "uribl": {"action": "bounce"}, "trace": {"action": "mark"},
    "greylist": {}
  },
  "uribls": [{"zone": "uribl.ascot.test"}],
  "greylist": {"delay": 1}
})";

constexpr std::string_view kMessage =
    "From: <a@example.com>\r\nTo: <b@example.org>\r\nSubject: hello\r\n\r\nHi.\r\n";

class DriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto zone_json = json::parse(kZone, "zone");
    auto zone = dns::Zone::from_json(*zone_json, "zone");
    ASSERT_TRUE(zone);
    auto dns =
        ScenarioServer::start("127.0.0.1", 0, std::make_shared<const dns::Zone>(std::move(*zone)));
    ASSERT_TRUE(dns);
    dns_ = std::move(*dns);
    auto sink = Sink::start();
    ASSERT_TRUE(sink);
    sink_ = std::move(*sink);
    spam_box_ = std::filesystem::temp_directory_path() /
                ("ascot-driver-spam-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(spam_box_);
    auto config = policy::parse_config(kPolicy, "policy");
    ASSERT_TRUE(config) << config.error().to_string();
    mta::ReferenceMtaOptions o;
    o.policy = std::make_shared<const policy::Config>(std::move(*config));
    o.dns = dns_->endpoint();
    o.relay = sink_->endpoint();
    o.spam_box_dir = spam_box_.string();
    o.server.xclient_networks.push_back(*mta::parse_network("127.0.0.0/8"));
    auto mta = mta::ReferenceMta::start(std::move(o));
    ASSERT_TRUE(mta) << mta.error().to_string();
    mta_ = std::move(*mta);
    target_.port = mta_->server().port();
    target_.greylist_delay = 1100ms;
    target_.delivery_wait = 500ms;
    target_.spam_box_dir = spam_box_.string();
    target_.timeout = 5s;
  }
  void TearDown() override {
    mta_.reset();
    std::filesystem::remove_all(spam_box_);
  }

  AttemptResult run(std::string id, std::string client, std::string helo = "mail.example.com",
                    std::string message = std::string(kMessage)) {
    Attempt a{id, client, helo, "a@example.com", {"b@example.org"}, message, std::nullopt};
    auto r = run_attempt(target_, *sink_, a);
    if (!r) ADD_FAILURE() << r.error().to_string();
    return r ? *r : AttemptResult{};
  }

  std::unique_ptr<ScenarioServer> dns_;
  std::unique_ptr<Sink> sink_;
  std::filesystem::path spam_box_;
  std::unique_ptr<mta::ReferenceMta> mta_;
  SmtpTarget target_;
};

TEST_F(DriverTest, CleanAfterGreylisting) {
  auto r = run("clean-1", "192.0.2.10");
  EXPECT_EQ(r.outcome, Outcome::clean) << r.transcript;
  EXPECT_TRUE(r.greylisted);
  ASSERT_TRUE(r.delivered);
  EXPECT_NE(r.delivered->bytes.find("X-ASCOT-Case: clean-1"), std::string::npos);
}

TEST_F(DriverTest, RejectedAtRcpt) {
  auto r = run("helo-1", "192.0.2.10", "mx.example.org");
  EXPECT_EQ(r.outcome, Outcome::rejected);
  EXPECT_EQ(r.stage, "rcpt");
  EXPECT_EQ(r.code, 550);
  EXPECT_FALSE(r.greylisted);
}

TEST_F(DriverTest, SpamBoxedDiscardedBouncedMarked) {
  auto boxed = run("fcrdns-1", "192.0.2.20");
  EXPECT_EQ(boxed.outcome, Outcome::spam_boxed) << boxed.transcript;
  auto discarded = run("dynamic-1", "192.0.2.50");
  EXPECT_EQ(discarded.outcome, Outcome::discarded) << discarded.transcript;
  auto bounced = run("uribl-1", "192.0.2.10", "mail.example.com",
                     "Subject: offer\r\n\r\nhttp://spam-landing.example/x\r\n");
  EXPECT_EQ(bounced.outcome, Outcome::bounced) << bounced.transcript;
  auto marked =
      run("trace-1", "192.0.2.10", "mail.example.com",
          "Received: from a.example ([198.51.100.1]) by b.example; 1 Jan 2050 00:00 +0000\r\n"
          "Subject: invoice\r\n\r\npay\r\n");
  EXPECT_EQ(marked.outcome, Outcome::marked) << marked.transcript;
}

TEST(Driver, UnreachableIutIsAnError) {
  Sink* no_sink = nullptr;
  auto sink = Sink::start();
  ASSERT_TRUE(sink);
  no_sink = sink->get();
  SmtpTarget t;
  t.port = 1;  // nothing listens on port 1 of loopback
  t.timeout = 1s;
  auto r = run_attempt(
      t, *no_sink,
      Attempt{"x", "192.0.2.1", "h.example", "a@example.com", {"b@example.org"}, "x", {}});
  EXPECT_FALSE(r);
}

// A fake IUT that misbehaves in one of several ways after its greeting.
void misbehave(boost::asio::ip::tcp::acceptor& acceptor, std::string mode) {
  boost::system::error_code ec;
  auto s = acceptor.accept(ec);
  if (ec) return;
  using boost::asio::buffer;
  if (mode == "reset") {
    s.set_option(boost::asio::socket_base::linger(true, 0), ec);
    s.close(ec);
    return;
  }
  // The harness gives up early, so these writes may fail: that is expected.
  if (mode == "garbage") {
    boost::asio::write(s, buffer(std::string("\x01\x02garbage\r\n")), ec);
  } else if (mode == "long-line") {
    boost::asio::write(s, buffer(std::string(1 << 20, 'x')), ec);
  } else if (mode == "hang") {
    // Says nothing at all.
  }
  std::this_thread::sleep_for(800ms);
}

TEST(Driver, SurvivesMisbehavingIuts) {
  auto sink = Sink::start();
  ASSERT_TRUE(sink);
  for (std::string mode : {"reset", "garbage", "long-line", "hang"}) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    SmtpTarget t;
    t.port = acceptor.local_endpoint().port();
    t.timeout = 500ms;
    std::thread iut([&] { misbehave(acceptor, mode); });
    auto start = std::chrono::steady_clock::now();
    auto r = run_attempt(
        t, **sink,
        Attempt{"x", "192.0.2.1", "h.example", "a@example.com", {"b@example.org"}, "x", {}});
    EXPECT_FALSE(r) << mode;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1400ms) << mode;
    iut.join();
  }
}

}  // namespace
}  // namespace ascot::harness

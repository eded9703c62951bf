// The DNS scenario server and the StubResolver, tested against each other over real UDP and
// TCP on loopback.
#include <gtest/gtest.h>

#include "dnsserver/scenario_server.hpp"

#include <boost/asio.hpp>

#include "core/json.hpp"
#include "dns/stub_resolver.hpp"
#include "dns/wire.hpp"
#include "dns/zone.hpp"

namespace ascot::harness {
namespace {

std::shared_ptr<const dns::Zone> zone_of(std::string_view text) {
  auto v = json::parse(text, "test");
  EXPECT_TRUE(v);
  auto z = dns::Zone::from_json(*v, "zone");
  EXPECT_TRUE(z) << z.error().to_string();
  return std::make_shared<const dns::Zone>(z ? *z : dns::Zone());
}

std::string big_txt_zone() {
  // Eight 200-octet strings in one TXT record: over 512 octets, so UDP must truncate.
  std::string strings;
  for (int i = 0; i < 8; ++i)
    strings +=
        std::string(i ? "," : "") + "\"" + std::string(200, static_cast<char>('a' + i)) + "\"";
  return R"({"big.example.com": [{"TXT": [)" + strings +
         R"(]}], "example.com": [{"TXT": "v=spf1 -all"},
            {"A": "192.0.2.1"}], "slow.example.com": ["TIMEOUT"], "bad.example.com": ["SERVFAIL"]})";
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = ScenarioServer::start("127.0.0.1", 0, zone_of(big_txt_zone()));
    ASSERT_TRUE(s) << s.error().to_string();
    server = std::move(*s);
    dns::StubOptions options;
    options.host = "127.0.0.1";
    options.port = server->port();
    options.timeout = std::chrono::milliseconds(300);
    options.attempts = 1;
    auto r = dns::StubResolver::create(options);
    ASSERT_TRUE(r);
    stub = std::move(*r);
  }
  std::unique_ptr<ScenarioServer> server;
  std::unique_ptr<dns::StubResolver> stub;
};

TEST_F(ServerTest, AnswersOverUdp) {
  auto a = stub->query("EXAMPLE.com", dns::RRType::TXT);
  ASSERT_EQ(a.status, dns::Answer::Status::ok) << a.detail;
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ((*a.records[0].strings())[0], "v=spf1 -all");
  EXPECT_EQ(stub->tcp_fallbacks(), 0u);
  EXPECT_EQ(stub->query("nope.example.com", dns::RRType::A).status, dns::Answer::Status::nxdomain);
  EXPECT_EQ(stub->query("bad.example.com", dns::RRType::A).status, dns::Answer::Status::servfail);
  auto nodata = stub->query("example.com", dns::RRType::MX);
  EXPECT_EQ(nodata.status, dns::Answer::Status::ok);
  EXPECT_TRUE(nodata.records.empty());
  EXPECT_EQ(stub->query_count(), 4u);
  EXPECT_EQ(server->requests(), 4u);
}

TEST_F(ServerTest, FallsBackToTcpWhenTruncated) {
  auto a = stub->query("big.example.com", dns::RRType::TXT);
  ASSERT_EQ(a.status, dns::Answer::Status::ok) << a.detail;
  ASSERT_EQ(a.records.size(), 1u);
  ASSERT_EQ(a.records[0].strings()->size(), 8u);
  EXPECT_EQ((*a.records[0].strings())[7], std::string(200, 'h'));
  EXPECT_EQ(stub->tcp_fallbacks(), 1u);
  EXPECT_EQ(server->requests(), 2u) << "one UDP query, one TCP query";
}

TEST_F(ServerTest, StaysSilentForTimeout) {
  auto start = std::chrono::steady_clock::now();
  auto a = stub->query("slow.example.com", dns::RRType::TXT);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(a.status, dns::Answer::Status::timeout);
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_EQ(server->requests(), 1u);
}

TEST_F(ServerTest, SwapsZonesBetweenCases) {
  server->set_zone(zone_of(R"({"example.com": [{"TXT": "v=spf1 +all"}]})"));
  auto a = stub->query("example.com", dns::RRType::TXT);
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ((*a.records[0].strings())[0], "v=spf1 +all");
}

TEST_F(ServerTest, LogsEachRequest) {
  std::vector<ServedQuery> log;
  std::mutex m;
  server->set_log([&](const ServedQuery& q) {
    std::lock_guard lock(m);
    log.push_back(q);
  });
  stub->query("slow.example.com", dns::RRType::A);
  stub->query("example.com", dns::RRType::A);
  std::lock_guard lock(m);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].outcome, "silent (TIMEOUT)");
  EXPECT_EQ(log[1].name, "example.com");
  EXPECT_EQ(log[1].outcome, "NOERROR 1 record(s)");
}

TEST_F(ServerTest, AnswersGarbageWithFormerrAndIgnoresShortPackets) {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket socket(io, boost::asio::ip::udp::v4());
  boost::asio::ip::udp::endpoint to(boost::asio::ip::make_address("127.0.0.1"), server->port());
  std::vector<std::uint8_t> garbage = {0xbe, 0xef, 0x01, 0x00, 0x00, 0x01, 0x00,
                                       0x00, 0x00, 0x00, 0x00, 0x00, 0x3f};
  socket.send_to(boost::asio::buffer(garbage), to);
  std::array<std::uint8_t, 512> reply{};
  boost::asio::ip::udp::endpoint from;
  std::size_t n = socket.receive_from(boost::asio::buffer(reply), from);
  auto message = dns::decode(std::span(reply.data(), n));
  ASSERT_TRUE(message);
  EXPECT_EQ(message->header.id, 0xbeef);
  EXPECT_EQ(message->header.rcode, dns::Rcode::formerr);
}

TEST(ScenarioServer, RefusesNonLoopbackAddresses) {
  auto s = ScenarioServer::start("192.0.2.1", 0, nullptr);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("loopback"), std::string::npos);
  EXPECT_TRUE(is_loopback("127.0.0.53"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("::"));
}

TEST(ScenarioServer, ServesIpv6Loopback) {
  auto s =
      ScenarioServer::start("::1", 0, zone_of(R"({"example.com": [{"AAAA": "2001:db8::1"}]})"));
  if (!s) GTEST_SKIP() << "no IPv6 loopback here: " << s.error().to_string();
  dns::StubOptions options;
  ASSERT_TRUE(dns::parse_endpoint((*s)->endpoint(), options));
  auto stub = dns::StubResolver::create(options);
  ASSERT_TRUE(stub);
  auto a = (*stub)->query("example.com", dns::RRType::AAAA);
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ(a.records[0].address()->to_string(), "2001:db8::1");
}

TEST(Respond, IsAPureFunctionOfZoneAndRequest) {
  auto zone = zone_of(R"({"example.com": [{"A": "192.0.2.1"}], "slow.example.com": ["TIMEOUT"]})");
  dns::Message q;
  q.header.id = 7;
  q.header.rd = true;
  q.questions.push_back({"example.com", dns::RRType::A, 1});
  auto reply = respond(*zone, *dns::encode(q), Transport::udp);
  ASSERT_TRUE(reply);
  auto m = dns::decode(*reply);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->header.qr);
  EXPECT_TRUE(m->header.aa);
  EXPECT_TRUE(m->header.rd);
  EXPECT_EQ(m->answers.size(), 1u);
  q.questions[0].name = "slow.example.com";
  EXPECT_FALSE(respond(*zone, *dns::encode(q), Transport::udp)) << "TIMEOUT means no reply";
  q.header.opcode = 2;
  EXPECT_EQ(dns::decode(*respond(*zone, *dns::encode(q), Transport::udp))->header.rcode,
            dns::Rcode::notimp);
}

TEST(StubResolver, RejectsBadEndpoints) {
  dns::StubOptions o;
  EXPECT_FALSE(dns::parse_endpoint("localhost:53", o));
  EXPECT_FALSE(dns::parse_endpoint("127.0.0.1:0", o));
  EXPECT_FALSE(dns::parse_endpoint("127.0.0.1:99999", o));
  EXPECT_FALSE(dns::parse_endpoint("[::1", o));
  ASSERT_TRUE(dns::parse_endpoint("[::1]:5353", o));
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 5353);
  ASSERT_TRUE(dns::parse_endpoint("127.0.0.1", o));
  EXPECT_EQ(o.host, "127.0.0.1");
}

TEST(StubResolver, TimesOutWhenNobodyAnswers) {
  // A bound UDP socket that never replies.
  boost::asio::io_context io;
  boost::asio::ip::udp::socket silent(
      io, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  dns::StubOptions o;
  o.port = silent.local_endpoint().port();
  o.timeout = std::chrono::milliseconds(100);
  o.attempts = 2;
  auto stub = dns::StubResolver::create(o);
  ASSERT_TRUE(stub);
  auto a = (*stub)->query("example.com", dns::RRType::A);
  EXPECT_EQ(a.status, dns::Answer::Status::timeout);
  EXPECT_NE(a.detail.find("100 ms"), std::string::npos);
}

}  // namespace
}  // namespace ascot::harness

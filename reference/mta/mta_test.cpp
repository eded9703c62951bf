// Tests of the SMTP server shell and client over loopback: a whole transaction, pipelining,
// STARTTLS (with the RFC 3207 5 injection check), timeouts, over-long lines, garbage and the
// connection limit.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <mutex>
#include <thread>

#include "mta/client.hpp"
#include "mta/server.hpp"

namespace ascot::mta {
namespace {

using namespace std::chrono_literals;

struct Store {
  std::mutex mutex;
  std::vector<std::string> messages;
  std::vector<smtp::Envelope> envelopes;
};

class StoringHooks : public smtp::SessionHooks {
 public:
  explicit StoringHooks(Store& store) : store_(store) {}
  smtp::MessageOutcome on_message(const smtp::Envelope& e, std::string_view m) override {
    std::lock_guard lock(store_.mutex);
    store_.messages.emplace_back(m);
    store_.envelopes.push_back(e);
    return {smtp::reply(250, "2.0.0", "Ok: queued"), smtp::Disposition::deliver};
  }

 private:
  Store& store_;
};

struct Fixture {
  explicit Fixture(ServerConfig config = {}) {
    config.session.hostname = "mx.ascot.test";
    auto s = Server::start(std::move(config), [this](const smtp::Client&) {
      return std::make_unique<StoringHooks>(store);
    });
    if (!s) throw std::runtime_error(s.error().to_string());
    server = std::move(*s);
  }
  std::unique_ptr<Client> connect() {
    auto c = Client::connect("127.0.0.1", server->port(), ClientTimeouts::harness(5s));
    if (!c) throw std::runtime_error(c.error().to_string());
    return std::move(*c);
  }
  Store store;
  std::unique_ptr<Server> server;
};

TEST(Mta, RefusesNonLoopbackAddresses) {
  ServerConfig config;
  config.host = "192.0.2.1";
  auto s = Server::start(
      config, [](const smtp::Client&) { return std::make_unique<smtp::SessionHooks>(); });
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("loopback"), std::string::npos);
}

TEST(Mta, WholeTransaction) {
  Fixture f;
  auto c = f.connect();
  EXPECT_EQ(c->greeting().code, 220);
  ASSERT_EQ(c->ehlo("client.example")->code, 250);
  EXPECT_TRUE(c->has_extension("PIPELINING"));
  EXPECT_FALSE(c->has_extension("STARTTLS"));
  EXPECT_EQ(c->command("MAIL FROM:<a@example.com>")->code, 250);
  EXPECT_EQ(c->command("RCPT TO:<b@example.org>")->code, 250);
  auto done = c->data("Subject: t\n\n.dot line\nlast");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->code, 250);
  c->quit();
  std::lock_guard lock(f.store.mutex);
  ASSERT_EQ(f.store.messages.size(), 1u);
  EXPECT_EQ(f.store.messages[0], "Subject: t\r\n\r\n.dot line\r\nlast\r\n");
  EXPECT_EQ(f.store.envelopes[0].client.address, IpAddress::parse("127.0.0.1"));
  EXPECT_EQ(f.server->stats().messages, 1u);
  EXPECT_NE(c->transcript_text().find("C: RCPT TO:<b@example.org>"), std::string::npos);
}

TEST(Mta, Pipelining) {
  Fixture f;
  auto c = f.connect();
  c->ehlo("client.example");
  auto replies = c->pipeline(
      {"MAIL FROM:<a@example.com>", "RCPT TO:<b@example.org>", "RCPT TO:<c@example.org>", "DATA"});
  ASSERT_TRUE(replies);
  ASSERT_EQ(replies->size(), 4u);
  EXPECT_EQ((*replies)[3].code, 354);
  ASSERT_TRUE(c->send_raw("x\r\n.\r\nQUIT\r\n"));
  EXPECT_EQ(c->read_reply(5s)->code, 250);
  EXPECT_EQ(c->read_reply(5s)->code, 221);
}

TEST(Mta, StartTlsAndInjection) {
  ServerConfig config;
  config.tls_certificate_file = ASCOT_MTA_TESTDATA "/reference-mta-cert.pem";
  config.tls_key_file = ASCOT_MTA_TESTDATA "/reference-mta-key.pem";
  Fixture f(config);
  auto c = f.connect();
  c->ehlo("client.example");
  ASSERT_TRUE(c->has_extension("STARTTLS"));
  // RFC 3207 5: a command sent in the same packet as STARTTLS must be discarded. Had the
  // server kept the MAIL below, it would run it inside TLS, before EHLO, and answer 503.
  ASSERT_TRUE(c->send_raw("STARTTLS\r\nMAIL FROM:<injected@example.com>\r\n"));
  auto go = c->read_reply(5s);
  ASSERT_TRUE(go);
  EXPECT_EQ(go->code, 220);
  ASSERT_TRUE(c->tls_handshake());
  auto first = c->ehlo("client.example");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->code, 250);
  c->quit();

  auto t = f.connect();
  t->ehlo("client.example");
  auto started = t->starttls();
  ASSERT_TRUE(started) << started.error().to_string();
  ASSERT_EQ(started->code, 220);
  auto again = t->ehlo("client.example");
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_FALSE(t->has_extension("STARTTLS"));
  EXPECT_EQ(t->command("MAIL FROM:<a@example.com>")->code, 250);
  EXPECT_EQ(t->command("RCPT TO:<b@example.org>")->code, 250);
  EXPECT_EQ(t->data("Subject: tls\n\nbody")->code, 250);
  t->quit();
  std::lock_guard lock(f.store.mutex);
  ASSERT_EQ(f.store.envelopes.size(), 1u);
  EXPECT_TRUE(f.store.envelopes[0].tls);
}

TEST(Mta, MissingCertificateIsAClearError) {
  ServerConfig config;
  config.tls_certificate_file = "/nonexistent/cert.pem";
  config.tls_key_file = "/nonexistent/key.pem";
  auto s = Server::start(
      config, [](const smtp::Client&) { return std::make_unique<smtp::SessionHooks>(); });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().where, "/nonexistent/cert.pem");
}

TEST(Mta, IdleClientGets421) {
  ServerConfig config;
  config.idle_timeout = 200ms;
  Fixture f(config);
  auto c = f.connect();
  auto r = c->read_reply(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, 421);
  EXPECT_EQ(f.server->stats().timeouts, 1u);
}

TEST(Mta, OverlongLineAndGarbage) {
  Fixture f;
  auto c = f.connect();
  ASSERT_TRUE(c->send_raw(std::string(1 << 20, 'x') + "\r\n"));
  auto r = c->read_reply(5s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, 500);
  std::string garbage;
  for (int i = 0; i < 256; ++i) garbage.push_back(static_cast<char>(i));
  // The LF (octet 10) inside ends a first line; both lines hold controls: two 500 replies.
  ASSERT_TRUE(c->send_raw(garbage + "\r\n"));
  EXPECT_EQ(c->read_reply(5s)->code, 500);
  EXPECT_EQ(c->read_reply(5s)->code, 500);
  // The session still works.
  EXPECT_EQ(c->ehlo("client.example")->code, 250);
}

TEST(Mta, SurvivesClientsThatResetOrVanish) {
  Fixture f;
  namespace asio = boost::asio;
  for (int i = 0; i < 20; ++i) {
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), f.server->port()});
    std::string half =
        "EHLO c.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n"
        "DATA\r\nSubject: cut\r\n\r\nhalf a messa";
    asio::write(s, asio::buffer(half));
    if (i % 2 == 0) s.set_option(asio::socket_base::linger(true, 0));  // RST instead of FIN
    s.close();
  }
  // Nothing half-received was taken as a message, and the server still serves.
  auto c = f.connect();
  EXPECT_EQ(c->ehlo("client.example")->code, 250);
  c->quit();
  std::lock_guard lock(f.store.mutex);
  EXPECT_TRUE(f.store.messages.empty());
}

TEST(Mta, ConnectionLimit) {
  ServerConfig config;
  config.max_connections = 2;
  Fixture f(config);
  auto a = f.connect();
  auto b = f.connect();
  auto c = Client::connect("127.0.0.1", f.server->port(), ClientTimeouts::harness(5s));
  ASSERT_TRUE(c);
  EXPECT_EQ((*c)->greeting().code, 421);
  a->quit();
  b->quit();
}

TEST(Mta, XclientFromTrustedNetworkOnly) {
  ServerConfig config;
  config.xclient_networks.push_back(*parse_network("127.0.0.0/8"));
  Fixture f(config);
  auto c = f.connect();
  c->ehlo("harness.example");
  EXPECT_TRUE(c->has_extension("XCLIENT"));
  EXPECT_EQ(c->command("XCLIENT ADDR=192.0.2.77 NAME=client.example")->code, 220);
  c->ehlo("client.example");
  c->command("MAIL FROM:<a@example.com>");
  c->command("RCPT TO:<b@example.org>");
  c->data("x");
  c->quit();
  std::lock_guard lock(f.store.mutex);
  ASSERT_EQ(f.store.envelopes.size(), 1u);
  EXPECT_EQ(f.store.envelopes[0].client.address, IpAddress::parse("192.0.2.77"));
  EXPECT_EQ(f.store.envelopes[0].client.reverse_name, "client.example");
}

TEST(Mta, ClientTimesOutOnASilentServer) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  auto port = acceptor.local_endpoint().port();
  std::thread t([&] {
    auto s = acceptor.accept();
    std::this_thread::sleep_for(1s);
  });
  auto start = std::chrono::steady_clock::now();
  auto c = Client::connect("127.0.0.1", port, ClientTimeouts::harness(200ms));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Errc::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);
  t.join();
}

TEST(Mta, ClientRefusesAMalformedGreeting) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  auto port = acceptor.local_endpoint().port();
  std::thread t([&] {
    auto s = acceptor.accept();
    boost::asio::write(s, boost::asio::buffer(std::string("HELLO THERE\r\n")));
    std::this_thread::sleep_for(300ms);
  });
  auto c = Client::connect("127.0.0.1", port, ClientTimeouts::harness(2s));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Errc::parse_error);
  t.join();
}

TEST(Mta, ParseNetwork) {
  EXPECT_TRUE(parse_network("192.0.2.0/24")->contains(*IpAddress::parse("192.0.2.9")));
  EXPECT_FALSE(parse_network("192.0.2.0/24")->contains(*IpAddress::parse("192.0.3.9")));
  EXPECT_TRUE(parse_network("::1")->contains(*IpAddress::parse("::1")));
  EXPECT_FALSE(parse_network("192.0.2.0/33"));
  EXPECT_FALSE(parse_network("nonsense"));
}

TEST(Mta, DotStuff) {
  EXPECT_EQ(dot_stuff("a\n.b\r\n..c"), "a\r\n..b\r\n...c\r\n.\r\n");
  EXPECT_EQ(dot_stuff(""), ".\r\n");
}

}  // namespace
}  // namespace ascot::mta

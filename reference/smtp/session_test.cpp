// Unit tests for the SMTP server state machine (smtp/session.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base64.hpp"
#include "smtp/session.hpp"

namespace ascot::smtp {
namespace {

// Hooks that record what the session asked and refuse what a test tells them to.
class RecordingHooks : public SessionHooks {
 public:
  std::optional<Reply> connect_refusal, helo_refusal, mail_refusal;
  std::string refuse_rcpt;  // a recipient mailbox to greylist
  std::vector<std::string> messages;
  Disposition disposition = Disposition::deliver;

  std::optional<Reply> on_connect(const Envelope&) override { return connect_refusal; }
  std::optional<Reply> on_helo(const Envelope&) override { return helo_refusal; }
  std::optional<Reply> on_mail(const Envelope&) override { return mail_refusal; }
  std::optional<Reply> on_rcpt(const Envelope&, const Path& rcpt) override {
    if (rcpt.mailbox && rcpt.mailbox->to_string() == refuse_rcpt) {
      return reply(451, "4.7.1", "Greylisted");
    }
    return std::nullopt;
  }
  MessageOutcome on_message(const Envelope& e, std::string_view message) override {
    last_envelope = e;
    messages.emplace_back(message);
    return {reply(250, "2.0.0", "Ok: queued"), disposition};
  }
  bool authenticate(std::string_view user, std::string_view password) override {
    return user == "alice" && password == "secret";
  }
  Envelope last_envelope;
};

struct Dialog {
  explicit Dialog(SessionConfig config = {}, bool tls = false)
      : session(std::move(config), hooks, Client{*IpAddress::parse("192.0.2.1"), "", 0, ""}, tls) {}

  // send gives the lines to the session and returns the codes of all replies.
  std::vector<int> send(std::initializer_list<std::string_view> lines) {
    std::vector<int> codes;
    for (auto line : lines) {
      last = session.on_line(line);
      for (const auto& r : last.replies) codes.push_back(r.code);
    }
    return codes;
  }
  int code(std::string_view line) {
    auto codes = send({line});
    return codes.empty() ? 0 : codes.back();
  }
  std::string status() const {
    return last.replies.empty() || !last.replies.back().status
               ? ""
               : last.replies.back().status->to_string();
  }

  RecordingHooks hooks;
  Session session;
  Output last;
};

TEST(Session, WholeTransaction) {
  Dialog d;
  auto greeting = d.session.start();
  ASSERT_EQ(greeting.replies.size(), 1u);
  EXPECT_EQ(greeting.replies[0].code, 220);
  EXPECT_EQ(d.send({"EHLO client.example", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.org>",
                    "DATA", "Subject: hi", "", "..leading dot", ".", "QUIT"}),
            (std::vector<int>{250, 250, 250, 354, 250, 221}));
  EXPECT_TRUE(d.last.close);
  EXPECT_TRUE(d.session.closed());
  ASSERT_EQ(d.hooks.messages.size(), 1u);
  // 4.5.2: the leading dot of a data line is removed.
  EXPECT_EQ(d.hooks.messages[0], "Subject: hi\r\n\r\n.leading dot\r\n");
  EXPECT_EQ(d.hooks.last_envelope.helo, "client.example");
  EXPECT_EQ(d.session.messages_accepted(), 1u);
}

TEST(Session, EhloAdvertisesExtensions) {
  SessionConfig config;
  config.starttls_available = true;
  config.auth_available = true;
  Dialog d(config);
  d.session.start();
  d.send({"EHLO c.example"});
  const auto& lines = d.last.replies[0].lines;
  auto has = [&](std::string_view l) {
    return std::find(lines.begin(), lines.end(), l) != lines.end();
  };
  EXPECT_TRUE(has("PIPELINING"));
  EXPECT_TRUE(has("8BITMIME"));
  EXPECT_TRUE(has("ENHANCEDSTATUSCODES"));
  EXPECT_TRUE(has("STARTTLS"));
  EXPECT_TRUE(has("SIZE 10485760"));
  EXPECT_FALSE(has("AUTH PLAIN"));  // RFC 4954 4: not before TLS
  EXPECT_FALSE(has("XCLIENT NAME ADDR PORT PROTO HELO LOGIN"));
}

TEST(Session, Sequencing) {
  Dialog d;
  d.session.start();
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com>"), 503);  // 4.1.4: EHLO first
  EXPECT_EQ(d.code("RCPT TO:<b@example.org>"), 503);
  EXPECT_EQ(d.code("DATA"), 503);
  EXPECT_EQ(d.code("HELO c.example"), 250);
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com>"), 250);
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com>"), 503);  // nested
  EXPECT_EQ(d.code("DATA"), 554);                       // 3.3: no valid recipients
  EXPECT_EQ(d.code("RSET"), 250);
  EXPECT_EQ(d.code("RCPT TO:<b@example.org>"), 503);
}

TEST(Session, HeloSessionRefusesParameters) {
  Dialog d;
  d.session.start();
  d.send({"HELO c.example"});
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com> SIZE=10"), 555);  // 4.1.1.11
  d.send({"EHLO c.example"});
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com> SIZE=10 BODY=8BITMIME"), 250);
  EXPECT_EQ(d.code("RCPT TO:<b@example.org> NOTIFY=NEVER"), 555);
}

TEST(Session, SizeLimits) {
  SessionConfig config;
  config.max_message_size = 100;
  Dialog d(config);
  d.session.start();
  d.send({"EHLO c.example"});
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com> SIZE=101"), 552);  // RFC 1870 6.1
  EXPECT_EQ(d.status(), "5.3.4");
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com> SIZE=x"), 501);
  d.send({"MAIL FROM:<a@example.com> SIZE=50", "RCPT TO:<b@example.org>", "DATA"});
  for (int i = 0; i < 20; ++i) d.send({"0123456789"});
  EXPECT_EQ(d.code("."), 552);
  EXPECT_TRUE(d.hooks.messages.empty());
  // The transaction is over; a new one works.
  EXPECT_EQ(d.send({"MAIL FROM:<a@example.com>", "RCPT TO:<b@example.org>", "DATA", "x", "."}),
            (std::vector<int>{250, 250, 354, 250}));
}

TEST(Session, OverlongDataLineRefusesTheMessage) {
  Dialog d;
  d.session.start();
  d.send({"EHLO c.example", "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.org>", "DATA"});
  d.send({std::string(999, 'x')});
  EXPECT_EQ(d.code("."), 500);  // 4.5.3.1.6 and 4.5.3.1.10
  EXPECT_TRUE(d.hooks.messages.empty());
  d.send({"MAIL FROM:<a@example.com>", "RCPT TO:<b@example.org>", "DATA"});
  EXPECT_TRUE(d.session.on_overlong_line().replies.empty());
  EXPECT_EQ(d.code("."), 500);
}

TEST(Session, TooManyRecipients) {
  SessionConfig config;
  config.max_recipients = 2;
  Dialog d(config);
  d.session.start();
  EXPECT_EQ(d.send({"EHLO c.example", "MAIL FROM:<a@example.com>", "RCPT TO:<b1@example.org>",
                    "RCPT TO:<b2@example.org>", "RCPT TO:<b3@example.org>"}),
            (std::vector<int>{250, 250, 250, 250, 452}));
  EXPECT_EQ(d.status(), "4.5.3");
}

TEST(Session, PolicyRefusals) {
  Dialog d;
  d.hooks.refuse_rcpt = "grey@example.org";
  d.session.start();
  EXPECT_EQ(
      d.send({"EHLO c.example", "MAIL FROM:<a@example.com>", "RCPT TO:<grey@example.org>", "DATA"}),
      (std::vector<int>{250, 250, 451, 554}));
  d.hooks.mail_refusal = reply(550, "5.7.1", "Sender refused");
  EXPECT_EQ(d.code("RSET"), 250);
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com>"), 550);
  EXPECT_EQ(d.code("RCPT TO:<b@example.org>"), 503);  // the refused MAIL opened nothing
}

TEST(Session, ConnectRefusalServesOnlyQuit) {
  Dialog d;
  d.hooks.connect_refusal = reply(554, "5.7.1", "No SMTP service here");
  EXPECT_EQ(d.session.start().replies[0].code, 554);
  EXPECT_EQ(d.code("EHLO c.example"), 503);  // 3.1
  EXPECT_EQ(d.code("QUIT"), 221);
}

TEST(Session, SyntaxErrorsAndTheErrorBound) {
  SessionConfig config;
  config.max_errors = 3;
  Dialog d(config);
  d.session.start();
  EXPECT_EQ(d.send({"BOGUS", "MAIL FROM:<", "HELO"}), (std::vector<int>{500, 501, 501}));
  EXPECT_EQ(d.send({"BOGUS"}), (std::vector<int>{500, 421}));
  EXPECT_TRUE(d.last.close);
  EXPECT_TRUE(d.send({"NOOP"}).empty());
}

TEST(Session, IdleCommandBound) {
  SessionConfig config;
  config.max_idle_commands = 2;
  Dialog d(config);
  d.session.start();
  EXPECT_EQ(d.send({"NOOP", "NOOP", "NOOP"}), (std::vector<int>{250, 250, 421}));
}

TEST(Session, StartTlsResetsTheSession) {
  SessionConfig config;
  config.starttls_available = true;
  config.auth_available = true;
  Dialog d(config);
  d.session.start();
  d.send({"EHLO c.example"});
  EXPECT_EQ(d.code("AUTH PLAIN AGFsaWNlAHNlY3JldA=="), 538);  // RFC 4954 6
  EXPECT_EQ(d.code("STARTTLS"), 220);
  EXPECT_TRUE(d.last.start_tls);
  EXPECT_TRUE(d.session.awaiting_tls());
  // RFC 3207 5: anything pipelined before the handshake is ignored.
  EXPECT_TRUE(d.send({"MAIL FROM:<injected@example.com>"}).empty());
  d.session.on_tls_established();
  EXPECT_TRUE(d.session.envelope().tls);
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com>"), 503);  // EHLO again first (3207 4.2)
  d.send({"EHLO c.example"});
  const auto& lines = d.last.replies[0].lines;
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "STARTTLS"), 0);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "AUTH PLAIN"), 1);
  EXPECT_EQ(d.code("STARTTLS"), 503);
}

TEST(Session, AuthPlain) {
  SessionConfig config;
  config.auth_available = true;
  Dialog d(config, /*tls=*/true);
  d.session.start();
  d.send({"EHLO c.example"});
  EXPECT_EQ(d.code("AUTH LOGIN"), 504);
  EXPECT_EQ(d.code("AUTH PLAIN " + base64_encode(std::string("\0alice\0wrong", 12))), 535);
  EXPECT_EQ(d.code("AUTH PLAIN " + base64_encode(std::string("bob\0alice\0secret", 17))), 535);
  EXPECT_EQ(d.code("AUTH PLAIN !!!"), 501);
  EXPECT_EQ(d.code("AUTH PLAIN"), 334);
  EXPECT_EQ(d.code("*"), 501);  // canceled
  EXPECT_EQ(d.code("AUTH PLAIN"), 334);
  EXPECT_EQ(d.code(base64_encode(std::string("\0alice\0secret", 13))), 235);
  EXPECT_EQ(d.session.envelope().auth_user, "alice");
  EXPECT_EQ(d.code("AUTH PLAIN"), 503);  // once per session
}

TEST(Session, XclientOnlyWhenTrusted) {
  Dialog untrusted;
  untrusted.session.start();
  EXPECT_EQ(untrusted.code("XCLIENT ADDR=198.51.100.7"), 550);

  SessionConfig config;
  config.xclient_trusted = true;
  Dialog d(config);
  d.session.start();
  d.send({"EHLO harness.example"});
  EXPECT_EQ(d.code("XCLIENT ADDR=IPV6:2001:db8::7 NAME=[UNAVAILABLE] PORT=25"), 220);
  EXPECT_EQ(d.session.envelope().client.address, IpAddress::parse("2001:db8::7"));
  EXPECT_EQ(d.session.envelope().client.reverse_name_state, "unknown");
  EXPECT_EQ(d.code("MAIL FROM:<a@example.com>"), 503);  // a fresh session: EHLO first
  EXPECT_EQ(d.code("XCLIENT ADDR=300.1.1.1"), 501);
  EXPECT_EQ(d.code("XCLIENT FOO=1"), 501);
  EXPECT_EQ(d.code("XCLIENT NAME=mail.example ADDR=192.0.2.9"), 220);
  EXPECT_EQ(d.session.envelope().client.reverse_name, "mail.example");
}

TEST(Session, VrfyExpnHelp) {
  Dialog d;
  d.session.start();
  EXPECT_EQ(d.code("VRFY alice"), 252);
  EXPECT_EQ(d.code("EXPN list"), 502);
  EXPECT_EQ(d.code("HELP"), 214);
}

TEST(Session, DispositionNames) {
  EXPECT_EQ(disposition_name(Disposition::spam_box), "spam-box");
  EXPECT_EQ(disposition_name(Disposition::bounce), "bounce");
}

}  // namespace
}  // namespace ascot::smtp

// Unit tests for reference/smtp: command syntax (RFC 5321 4.1), replies (4.2, RFC 2034,
// RFC 3463), Received fields (4.4) and the trace check (X.1241 9.4).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "mail/datetime.hpp"
#include "smtp/command.hpp"
#include "smtp/received.hpp"
#include "smtp/reply.hpp"

namespace ascot::smtp {
namespace {

using namespace std::chrono_literals;

std::string refusal(std::string_view line) {
  auto cmd = parse_command(line);
  if (cmd) return "accepted";
  return std::to_string(cmd.error().code) + " " +
         (cmd.error().status ? cmd.error().status->to_string() : std::string("-"));
}

TEST(Command, VerbsAreCaseInsensitive) {
  auto cmd = parse_command("ehlo client.example");
  ASSERT_TRUE(cmd);
  EXPECT_EQ(cmd->verb, Verb::ehlo);
  EXPECT_EQ(cmd->argument, "client.example");
  EXPECT_EQ(parse_command("QuIt")->verb, Verb::quit);
}

TEST(Command, UnknownVerbIs500) {
  EXPECT_EQ(refusal("FOO bar"), "500 5.5.1");
}

TEST(Command, HeloKeepsAnyArgumentForTheHeloTechnique) {
  // 7.10 HELO checks score a bad name; the parser does not refuse it.
  auto cmd = parse_command("HELO not_a_domain!");
  ASSERT_TRUE(cmd);
  EXPECT_EQ(cmd->argument, "not_a_domain!");
  EXPECT_EQ(refusal("HELO"), "501 5.5.4");
  EXPECT_EQ(refusal("EHLO "), "501 5.5.4");
}

TEST(Command, MailFromWithParameters) {
  auto cmd = parse_command("MAIL FROM:<Sender@Example.ORG> size=1000 BODY=8BITMIME SMTPUTF8");
  ASSERT_TRUE(cmd);
  ASSERT_TRUE(cmd->path.mailbox);
  EXPECT_EQ(cmd->path.mailbox->local_part, "Sender");  // 2.4: local-part case is kept
  EXPECT_EQ(cmd->path.mailbox->domain, "Example.ORG");
  ASSERT_EQ(cmd->parameters.size(), 3u);
  EXPECT_EQ(cmd->parameters[0].keyword, "SIZE");
  EXPECT_EQ(cmd->parameters[0].value, "1000");
  EXPECT_FALSE(cmd->parameters[2].value);
}

TEST(Command, NullReversePathOnlyInMail) {
  auto cmd = parse_command("MAIL FROM:<>");
  ASSERT_TRUE(cmd);
  EXPECT_TRUE(cmd->path.null());
  EXPECT_EQ(refusal("RCPT TO:<>"), "501 5.1.3");
}

TEST(Command, PostmasterWithoutDomain) {
  auto cmd = parse_command("RCPT TO:<postmaster>");
  ASSERT_TRUE(cmd);
  EXPECT_TRUE(cmd->path.postmaster);
  EXPECT_EQ(cmd->path.to_string(), "<Postmaster>");
  EXPECT_EQ(refusal("MAIL FROM:<postmaster>"), "501 5.1.7");
}

TEST(Command, SpaceAroundColonIsRefused) {
  // 3.3: spaces are not permitted on either side of the colon.
  EXPECT_EQ(refusal("MAIL FROM: <a@example.org>"), "501 5.5.4");
  EXPECT_EQ(refusal("MAIL FROM :<a@example.org>"), "501 5.5.4");
}

TEST(Command, AngleBracketsAreRequired) {
  EXPECT_EQ(refusal("MAIL FROM:a@example.org"), "501 5.1.7");
  EXPECT_EQ(refusal("RCPT TO:<a@example.org"), "501 5.1.3");
}

TEST(Command, SourceRouteIsDropped) {
  auto cmd = parse_command("RCPT TO:<@hosta.example,@hostb.example:user@hostc.example>");
  ASSERT_TRUE(cmd);
  EXPECT_EQ(cmd->path.to_string(), "<user@hostc.example>");
}

TEST(Command, QuotedLocalPartAndAddressLiterals) {
  auto cmd = parse_command(R"(RCPT TO:<"john > doe"@[192.0.2.1]>)");
  ASSERT_TRUE(cmd);
  EXPECT_EQ(cmd->path.mailbox->local_part, R"("john > doe")");
  EXPECT_TRUE(cmd->path.mailbox->domain_is_literal);
  EXPECT_TRUE(parse_command("RCPT TO:<u@[IPv6:2001:db8::1]>"));
  EXPECT_EQ(refusal("RCPT TO:<u@[IPv6:2001:db8::zz]>"), "501 5.1.3");
  EXPECT_EQ(refusal("RCPT TO:<u@[256.0.0.1]>"), "501 5.1.3");
  EXPECT_TRUE(is_address_literal("[x400:c=us]"));
}

TEST(Command, DomainSyntax) {
  EXPECT_TRUE(is_domain("a.example"));
  EXPECT_TRUE(is_domain("1-2.example"));
  EXPECT_FALSE(is_domain("-a.example"));
  EXPECT_FALSE(is_domain("a-.example"));
  EXPECT_FALSE(is_domain("a..example"));
  EXPECT_FALSE(is_domain("a.example."));
  EXPECT_FALSE(is_domain(std::string(64, 'a') + ".example"));
  EXPECT_EQ(refusal("RCPT TO:<a@b_c.example>"), "501 5.1.3");
}

TEST(Command, LengthLimitsOf4531) {
  // 4.5.3.1.1: local-part 64 octets.
  EXPECT_TRUE(parse_command("RCPT TO:<" + std::string(64, 'a') + "@example.org>"));
  EXPECT_EQ(refusal("RCPT TO:<" + std::string(65, 'a') + "@example.org>"), "501 5.1.3");
  // 4.5.3.1.4: the command line is 512 octets with its CRLF.
  std::string line = "NOOP " + std::string(505, 'x');
  EXPECT_EQ(line.size() + 2, 512u);
  EXPECT_TRUE(parse_command(line));
  EXPECT_EQ(refusal(line + "x"), "500 5.5.2");
  // 4.5.3.1.3: the path is 256 octets with its brackets.
  std::string domain;
  while (domain.size() < 200) domain += "abcdefghij.";
  domain += "example";
  EXPECT_EQ(refusal("RCPT TO:<" + std::string(60, 'a') + "@" + domain + ">"), "501 5.1.3");
}

TEST(Command, BareLineEndingsAndNul) {
  EXPECT_EQ(refusal("NOOP a\rb"), "500 5.5.2");
  EXPECT_EQ(refusal(std::string("NOOP a\0b", 8)), "500 5.5.2");
}

TEST(Command, NoArgumentVerbs) {
  EXPECT_TRUE(parse_command("DATA"));
  EXPECT_EQ(refusal("DATA now"), "501 5.5.4");
  EXPECT_EQ(refusal("STARTTLS x"), "501 5.5.4");
  EXPECT_EQ(refusal("VRFY"), "501 5.5.4");
  EXPECT_TRUE(parse_command("NOOP"));
}

TEST(Command, BadParameters) {
  EXPECT_EQ(refusal("MAIL FROM:<a@example.org> SIZE="), "501 5.5.4");
  EXPECT_EQ(refusal("MAIL FROM:<a@example.org>  SIZE=1"), "501 5.5.4");
  EXPECT_EQ(refusal("MAIL FROM:<a@example.org>SIZE=1"), "501 5.5.4");
  EXPECT_EQ(refusal("MAIL FROM:<a@example.org> -X=1"), "501 5.5.4");
}

TEST(Command, Auth) {
  auto cmd = parse_command("AUTH plain AHVzZXIAcGFzcw==");
  ASSERT_TRUE(cmd);
  EXPECT_EQ(cmd->argument, "PLAIN AHVzZXIAcGFzcw==");
  EXPECT_EQ(refusal("AUTH"), "501 5.5.4");
  EXPECT_EQ(refusal("AUTH PLAIN "), "501 5.5.4");
  // RFC 4954 4: a long initial response fits in 12288 octets.
  EXPECT_TRUE(parse_command("AUTH PLAIN " + std::string(2000, 'A')));
}

TEST(Command, XclientDecodesXtext) {
  auto cmd = parse_command("XCLIENT ADDR=192.0.2.7 helo=a+2Bb+20c");
  ASSERT_TRUE(cmd);
  ASSERT_EQ(cmd->parameters.size(), 2u);
  EXPECT_EQ(cmd->parameters[1].keyword, "HELO");
  EXPECT_EQ(cmd->parameters[1].value, "a+b c");
  EXPECT_EQ(refusal("XCLIENT ADDR=1+2"), "501 5.5.4");
  EXPECT_EQ(refusal("XCLIENT ADDR"), "501 5.5.4");
  EXPECT_EQ(encode_xtext("a+b c="), "a+2Bb+20c+3D");
  EXPECT_EQ(decode_xtext(encode_xtext("x\x01y")), "x\x01y");
}

TEST(Reply, FormatsMultiLineWithStatus) {
  Reply r{550, EnhancedStatus{5, 7, 1}, {"first", "second"}};
  EXPECT_EQ(format(r), "550-5.7.1 first\r\n550 5.7.1 second\r\n");
  EXPECT_EQ(format(reply(250, "", "")), "250\r\n");
  EXPECT_EQ(format(reply(354, "", "go ahead")), "354 go ahead\r\n");
}

TEST(Reply, FormatNeutralisesControlsAndLength) {
  auto wire = format(reply(550, "5.1.1", "bad\r\nRCPT TO:<x>"));
  EXPECT_EQ(wire, "550 5.1.1 bad??RCPT TO:<x>\r\n");
  auto long_wire = format(reply(250, "", std::string(1000, 'x')));
  EXPECT_EQ(long_wire.size(), kMaxReplyLine);
}

TEST(Reply, ReaderAssemblesAndSplitsStatus) {
  ReplyReader reader;
  auto a = reader.feed("250-mx.example greets you");
  ASSERT_TRUE(a);
  EXPECT_FALSE(*a);
  EXPECT_TRUE(reader.in_progress());
  auto b = reader.feed("250 PIPELINING");
  ASSERT_TRUE(b && *b);
  EXPECT_EQ((*b)->lines.size(), 2u);
  EXPECT_FALSE((*b)->status);

  auto c = reader.feed("451-4.7.1 Greylisted,");
  auto d = reader.feed("451 4.7.1 try again later");
  ASSERT_TRUE(c && d && *d);
  ASSERT_TRUE((*d)->status);
  EXPECT_EQ((*d)->status->to_string(), "4.7.1");
  EXPECT_EQ((*d)->lines[1], "try again later");
}

TEST(Reply, ReaderRefusesMalformedReplies) {
  ReplyReader reader;
  EXPECT_FALSE(reader.feed("25 x"));
  EXPECT_FALSE(reader.feed("250x"));
  EXPECT_FALSE(reader.feed("650 x"));
  EXPECT_FALSE(reader.feed("260 x"));
  ASSERT_TRUE(reader.feed("250-a"));
  EXPECT_FALSE(reader.feed("251 b"));  // 4.2.1: one code for all lines
  EXPECT_FALSE(reader.in_progress());
  EXPECT_FALSE(reader.feed("250 " + std::string(510, 'x')));
  for (std::size_t i = 0; i < kMaxReplyLines; ++i) ASSERT_TRUE(reader.feed("250-x"));
  EXPECT_FALSE(reader.feed("250-x"));
}

TEST(Reply, StatusMustMatchClassAndBeOnEveryLine) {
  ReplyReader reader;
  auto r = reader.feed("250 5.0.0 odd");
  ASSERT_TRUE(r && *r);
  EXPECT_FALSE((*r)->status);  // class 5 on a 2xx reply: left as text
  ASSERT_TRUE(reader.feed("250-2.0.0 a"));
  auto s = reader.feed("250 b");
  ASSERT_TRUE(s && *s);
  EXPECT_FALSE((*s)->status);
}

TEST(EnhancedStatus, Syntax) {
  EXPECT_TRUE(EnhancedStatus::parse("2.0.0"));
  EXPECT_TRUE(EnhancedStatus::parse("5.999.999"));
  EXPECT_FALSE(EnhancedStatus::parse("3.0.0"));
  EXPECT_FALSE(EnhancedStatus::parse("5.01.1"));
  EXPECT_FALSE(EnhancedStatus::parse("5.1000.1"));
  EXPECT_FALSE(EnhancedStatus::parse("5.1"));
  EXPECT_FALSE(EnhancedStatus::parse("55.1.1"));
}

TEST(DateTime, ModernAndObsoleteForms) {
  auto t = mail::parse_date_time("Sat, 28 Nov 2026 20:15:30 +0000");
  ASSERT_TRUE(t);
  EXPECT_EQ(mail::format_date_time(*t), "Sat, 28 Nov 2026 20:15:30 +0000");
  auto zoned = mail::parse_date_time("28 Nov 2026 22:15 +0200 (CEST)");
  ASSERT_TRUE(zoned);
  EXPECT_EQ(*zoned, *t - 30s);
  auto obsolete = mail::parse_date_time("Sat, 28 Nov 26 15:15:30 EST");
  ASSERT_TRUE(obsolete);
  EXPECT_EQ(*obsolete, *t);
  EXPECT_FALSE(mail::parse_date_time("Fri, 28 Nov 2026 20:15:30 +0000"));  // wrong weekday
  EXPECT_FALSE(mail::parse_date_time("31 Apr 2026 00:00 +0000"));
  EXPECT_FALSE(mail::parse_date_time("1 Jan 2026 24:00 +0000"));
  EXPECT_FALSE(mail::parse_date_time("1 Jan 2026 00:00 +0060"));
  EXPECT_FALSE(mail::parse_date_time("1 Jan 2026 00:00"));
  EXPECT_FALSE(mail::parse_date_time("1 Jan 2026 00:00 +0000 junk"));
}

TEST(Received, FormatThenParse) {
  ReceivedStamp stamp;
  stamp.helo = "mail.example.com";
  stamp.reverse_name = "mail.example.com";
  stamp.client = *IpAddress::parse("192.0.2.1");
  stamp.by = "mx.example.org";
  stamp.with = "ESMTPS";
  stamp.id = "A1B2";
  stamp.for_path = "<u@example.org>";
  stamp.at = *mail::parse_date_time("Sat, 28 Nov 2026 20:15:30 +0000");
  auto value = format_received(stamp);
  EXPECT_EQ(value,
            "from mail.example.com (mail.example.com [192.0.2.1])\r\n\tby mx.example.org with "
            "ESMTPS id A1B2\r\n\tfor <u@example.org>; Sat, 28 Nov 2026 20:15:30 +0000");
  auto field = parse_received(value);
  ASSERT_TRUE(field) << field.error().to_string();
  EXPECT_EQ(field->from, "mail.example.com");
  EXPECT_EQ(field->from_name, "mail.example.com");
  EXPECT_EQ(field->from_ip, stamp.client);
  EXPECT_EQ(field->by, "mx.example.org");
  EXPECT_EQ(field->with, "ESMTPS");
  EXPECT_EQ(field->id, "A1B2");
  EXPECT_EQ(field->for_path, "<u@example.org>");
  EXPECT_EQ(field->date, stamp.at);
  EXPECT_TRUE(field->deviations.empty());
}

TEST(Received, BadHeloIsReplacedByTheLiteral) {
  ReceivedStamp stamp;
  stamp.helo = "bad helo!";
  stamp.client = *IpAddress::parse("2001:db8::1");
  stamp.by = "mx.example.org";
  auto value = format_received(stamp);
  EXPECT_TRUE(value.starts_with("from [IPv6:2001:db8::1] ([IPv6:2001:db8::1])")) << value;
}

TEST(Received, ReadsOtherServersForms) {
  auto exim = parse_received(
      "from [198.51.100.7] (helo=client.example) by mx.example with esmtp (Exim 4.96) id 1q; "
      "Sat, 28 Nov 2026 20:15:30 +0000");
  ASSERT_TRUE(exim);
  EXPECT_EQ(exim->from_ip, IpAddress::parse("198.51.100.7"));
  EXPECT_EQ(exim->with, "esmtp");
  auto local =
      parse_received("by mx.example (Postfix, from userid 0) id 4X; 1 Jan 2026 00:00 +0000");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->deviations.size(), 1u);  // no FROM clause
  auto odd = parse_received("with SMTP from a.example by b.example; 1 Jan 2026 00:00 +0000");
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->deviations.empty());
  EXPECT_FALSE(parse_received("from a.example by b.example"));
  EXPECT_FALSE(parse_received("from a.example (unterminated by b; 1 Jan 2026 00:00 +0000"));
}

TEST(Trace, ConsistentChain) {
  std::vector<std::string> chain = {
      "from relay.example (relay.example [192.0.2.9]) by mx.example.org; 1 Jan 2026 00:10 +0000",
      "from client.example (client.example [198.51.100.1]) by relay.example; 1 Jan 2026 00:09 "
      "+0000",
  };
  auto now = *mail::parse_date_time("1 Jan 2026 00:11 +0000");
  auto check = check_trace(chain, now, IpAddress::parse("192.0.2.9"));
  EXPECT_TRUE(check.consistent()) << check.problems.front().what;
  auto wrong_client = check_trace(chain, now, IpAddress::parse("192.0.2.10"));
  EXPECT_FALSE(wrong_client.consistent());
}

TEST(Trace, TimeTravelAndFutureDates) {
  std::vector<std::string> chain = {
      "from a.example ([192.0.2.9]) by b.example; 1 Jan 2026 00:00 +0000",
      "from c.example ([192.0.2.8]) by a.example; 1 Jan 2026 01:00 +0000",
  };
  auto now = *mail::parse_date_time("1 Jan 2026 00:05 +0000");
  auto check = check_trace(chain, now);
  ASSERT_EQ(check.problems.size(), 2u);  // hop 1 is later than hop 0, and in the future
  EXPECT_EQ(check.problems[0].hop, 1u);
  // Within the clock skew allowance both are fine.
  std::vector<std::string> skewed = {
      "from a.example ([192.0.2.9]) by b.example; 1 Jan 2026 00:00 +0000",
      "from c.example ([192.0.2.8]) by a.example; 1 Jan 2026 00:10 +0000",
  };
  EXPECT_TRUE(check_trace(skewed, now + 1h).consistent());
}

TEST(Trace, UnreadableAndLoop) {
  std::vector<std::string> chain = {"garbage"};
  auto check = check_trace(chain, std::chrono::sys_seconds{});
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_FALSE(check.hops[0]);
  std::vector<std::string> loop(
      kMaxTraceHops + 1, "from a.example ([192.0.2.9]) by b.example; 1 Jan 2026 00:00 +0000");
  auto looped = check_trace(loop, *mail::parse_date_time("1 Jan 2026 00:00 +0000"));
  EXPECT_FALSE(looped.consistent());
  EXPECT_EQ(looped.hops.size(), kMaxTraceHops);
}

}  // namespace
}  // namespace ascot::smtp

#include <gtest/gtest.h>

#include "mail/address.hpp"
#include "mail/lexer.hpp"
#include "mail/message.hpp"
#include "mail/mime.hpp"

namespace ascot::mail {
namespace {

TEST(Message, SplitsFieldsKeepingExactBytes) {
  std::string text =
      "From: a@example.com\r\n"
      "Subject: hello\r\n"
      " world\r\n"
      "Received: one\r\n"
      "received : two\r\n"
      "\r\n"
      "body line\r\n";
  auto m = Message::parse(text);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->bytes(), text);
  ASSERT_EQ(m->fields().size(), 4u);
  EXPECT_EQ(m->whole(m->fields()[1]), "Subject: hello\r\n world\r\n");
  EXPECT_EQ(m->value(m->fields()[1]), " hello\r\n world");
  EXPECT_EQ(unfold(m->value(m->fields()[1])), " hello world");
  auto received = m->named("RECEIVED");
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(m->value(*received[1]), " two");
  EXPECT_EQ(m->name(*received[1]), "received");
  EXPECT_TRUE(m->has_body());
  EXPECT_EQ(m->body(), "body line\r\n");
  EXPECT_EQ(*m->first("from"), " a@example.com");
}

TEST(Message, HeaderOnlyAndEmptyBody) {
  auto header_only = Message::parse("From: a@example.com\r\n");
  ASSERT_TRUE(header_only);
  EXPECT_FALSE(header_only->has_body());
  EXPECT_EQ(header_only->body(), "");
  auto empty_body = Message::parse("From: a@example.com\r\n\r\n");
  ASSERT_TRUE(empty_body);
  EXPECT_TRUE(empty_body->has_body());
  EXPECT_EQ(empty_body->body(), "");
  auto unterminated = Message::parse("From: a@example.com");
  ASSERT_TRUE(unterminated);
  EXPECT_EQ(unterminated->value(unterminated->fields()[0]), " a@example.com");
}

TEST(Message, RejectsMalformedHeadersWithTheLine) {
  struct Case {
    const char* text;
    const char* where;
  };
  for (const Case& c :
       {Case{"From: a\r\nno colon here\r\n\r\n", "line 2"},
        Case{" leading: space\r\n\r\n", "line 1"}, Case{"From: a\nSubject: b\r\n\r\n", "line 1"},
        Case{"From: a\rb\r\n\r\n", "line 1"}, Case{": empty name\r\n\r\n", "line 1"},
        Case{"Fr\x01om: a\r\n\r\n", "line 1"}}) {
    auto m = Message::parse(c.text);
    ASSERT_FALSE(m) << c.text;
    EXPECT_EQ(m.error().where, c.where) << m.error().to_string();
  }
  auto lf = Message::parse("From: a\nSubject: b\n\nbody\n", {.allow_bare_lf = true});
  ASSERT_TRUE(lf) << lf.error().to_string();
  EXPECT_EQ(lf->fields().size(), 2u);
  EXPECT_EQ(lf->body(), "body\n");
}

TEST(Message, EnforcesLimits) {
  std::string many;
  for (std::size_t i = 0; i <= kMaxHeaderFields; ++i) many += "X: y\r\n";
  auto m = Message::parse(many + "\r\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, Errc::limit_exceeded);
}

TEST(Lexer, CommentsQuotedStringsAndTokens) {
  Lexer lex(" (a (nested \\) one) c)\r\n\t\"q\\\"uoted\" tok/en");
  ASSERT_TRUE(lex.skip_cfws());
  auto q = lex.quoted_string();
  ASSERT_TRUE(q && *q);
  EXPECT_EQ(**q, "q\"uoted");
  ASSERT_TRUE(lex.skip_cfws());
  EXPECT_EQ(*lex.token(), "tok");
  EXPECT_TRUE(lex.consume('/'));
  EXPECT_EQ(*lex.token(), "en");
  EXPECT_TRUE(lex.at_end());
  Lexer open("(never closed");
  EXPECT_FALSE(open.skip_cfws());
  Lexer bare("a\r\nb");
  bare.token();
  EXPECT_FALSE(bare.skip_cfws());
  const std::string parens = std::string(100, '(') + std::string(100, ')');  // outlives the Lexer
  Lexer deep(parens);
  EXPECT_FALSE(deep.skip_cfws());
}

TEST(Mime, ParsesContentType) {
  auto ct = parse_content_type(
      " Multipart/Report; report-type=feedback-report;\r\n boundary=\"b 1\" (comment)");
  ASSERT_TRUE(ct) << ct.error().to_string();
  EXPECT_EQ(ct->media_type(), "multipart/report");
  EXPECT_EQ(*ct->parameter("Report-Type"), "feedback-report");
  EXPECT_EQ(*ct->parameter("boundary"), "b 1");
  EXPECT_FALSE(parse_content_type("text"));
  EXPECT_FALSE(parse_content_type("text/plain; charset"));
  EXPECT_FALSE(parse_content_type("text/plain; charset=\"unterminated"));
}

TEST(Mime, WalksMultipartsAndEncapsulatedMessages) {
  std::string text =
      "From: a@example.com\r\n"
      "Content-Type: multipart/mixed; boundary=XX\r\n"
      "\r\n"
      "preamble\r\n"
      "--XX\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "first\r\n"
      "--XX \r\n"
      "Content-Type: message/rfc822\r\n"
      "\r\n"
      "Subject: inner\r\n"
      "\r\n"
      "inner body\r\n"
      "--XX--\r\n"
      "epilogue\r\n";
  auto m = Message::parse(text);
  ASSERT_TRUE(m);
  auto tree = walk_mime(*m);
  ASSERT_TRUE(tree) << tree.error().to_string();
  EXPECT_EQ(tree->content_type.media_type(), "multipart/mixed");
  ASSERT_EQ(tree->children.size(), 2u);
  EXPECT_EQ(m->view(tree->children[0].entity.body), "first");
  const Part& rfc822 = tree->children[1];
  EXPECT_EQ(rfc822.content_type.media_type(), "message/rfc822");
  ASSERT_EQ(rfc822.children.size(), 1u);
  const Part& inner = rfc822.children[0];
  ASSERT_EQ(inner.entity.fields.size(), 1u);
  EXPECT_EQ(m->view(inner.entity.fields[0].value), " inner");
  EXPECT_EQ(m->view(inner.entity.body), "inner body");
}

TEST(Mime, RejectsBrokenMultiparts) {
  auto no_close =
      Message::parse("Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n\r\na\r\n");
  ASSERT_TRUE(no_close);
  EXPECT_FALSE(walk_mime(*no_close));
  auto no_boundary = Message::parse("Content-Type: multipart/mixed\r\n\r\nx\r\n");
  ASSERT_TRUE(no_boundary);
  EXPECT_FALSE(walk_mime(*no_boundary));
  std::string nested = "Content-Type: message/rfc822\r\n\r\n";
  std::string text;
  for (int i = 0; i < kMaxMimeDepth + 2; ++i) text += nested;
  auto deep = Message::parse(text + "x\r\n");
  ASSERT_TRUE(deep);
  auto tree = walk_mime(*deep);
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error().code, Errc::limit_exceeded);
}

TEST(Mime, DefaultsToTextPlain) {
  auto m = Message::parse("Subject: x\r\n\r\nhi\r\n");
  ASSERT_TRUE(m);
  auto tree = walk_mime(*m);
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->content_type.media_type(), "text/plain");
  EXPECT_FALSE(tree->explicit_type);
}

// RFC 5322 3.4 and Appendix A.1 describe these forms.
TEST(MailboxList, ReadsTheFormsOfFrom) {
  struct Case {
    const char* value;
    std::vector<std::string> domains;
  };
  for (const Case& c :
       {Case{"alice@example.com", {"example.com"}},
        Case{" Alice Example <alice@example.com>", {"example.com"}},
        Case{"\"Example, Alice\" <alice@example.com>", {"example.com"}},
        Case{"alice@example.com (Alice), Bob <bob@example.org>", {"example.com", "example.org"}},
        Case{"<alice@sub.example.com>", {"sub.example.com"}},
        Case{"\"alice smith\"@example.com", {"example.com"}},
        Case{"Dr. Alice <alice@example.com>", {"example.com"}},
        Case{"alice @ example.com", {"example.com"}}, Case{"alice@[192.0.2.1]", {"[192.0.2.1]"}},
        Case{"=?utf-8?q?Alice?= <alice@example.com>", {"example.com"}}}) {
    auto list = parse_mailbox_list(c.value);
    ASSERT_TRUE(list) << c.value << ": " << list.error().to_string();
    std::vector<std::string> domains;
    for (const auto& m : *list) domains.push_back(m.domain);
    EXPECT_EQ(domains, c.domains) << c.value;
  }
  auto named = parse_mailbox_list("\"Example, Alice\" <alice@example.com>");
  ASSERT_TRUE(named);
  EXPECT_EQ((*named)[0].display_name, "Example, Alice");
  EXPECT_EQ((*named)[0].local_part, "alice");
  for (const char* bad :
       {"", "Alice Example", "alice@", "<alice@example.com", "alice@example.com bob@example.org",
        "team: alice@example.com;", "alice@example.com,", "(unterminated alice@example.com"}) {
    EXPECT_FALSE(parse_mailbox_list(bad)) << bad;
  }
}

}  // namespace
}  // namespace ascot::mail

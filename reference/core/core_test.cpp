#include <gtest/gtest.h>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/clause.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/ip.hpp"
#include "core/json.hpp"
#include "core/verdict.hpp"

#include <filesystem>

namespace ascot {
namespace {

TEST(IpAddress, ParsesDottedQuad) {
  auto a = IpAddress::parse("192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->to_string(), "192.0.2.1");
  EXPECT_EQ(a->reverse_name(), "1.2.0.192.in-addr.arpa");
}

TEST(IpAddress, RefusesMalformedDottedQuads) {
  for (const char* bad : {"192.0.2", "192.0.2.256", "192.0.2.01", "192.0.2.1.", ".192.0.2.1",
                          "192..2.1", "", "a.b.c.d", "192.0.2.1 ", "1234.0.0.1"}) {
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
  }
}

TEST(IpAddress, ParsesIpv6Forms) {
  auto a = IpAddress::parse("2001:DB8::cb01");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v6());
  EXPECT_EQ(a->to_string(), "2001:db8::cb01");
  EXPECT_EQ(a->nibbles(), "2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1");
  EXPECT_EQ(IpAddress::parse("::")->to_string(), "::");
  EXPECT_EQ(IpAddress::parse("::1")->to_string(), "::1");
  EXPECT_EQ(IpAddress::parse("2001:db8:0:0:1:0:0:1")->to_string(), "2001:db8::1:0:0:1");
  EXPECT_EQ(IpAddress::parse("1:2:3:4:5:6:7:8")->to_string(), "1:2:3:4:5:6:7:8");
  EXPECT_EQ(IpAddress::parse("1::")->to_string(), "1::");
  auto mapped = IpAddress::parse("::ffff:192.0.2.1");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(mapped->is_v4_mapped());
  EXPECT_EQ(mapped->unmapped().to_string(), "192.0.2.1");
}

TEST(IpAddress, RefusesMalformedIpv6) {
  for (const char* bad : {":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1", "1:", ":1",
                          "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", "::ffff:1.2.3.4:5"}) {
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
  }
}

TEST(IpAddress, MatchesPrefixes) {
  auto ip = *IpAddress::parse("192.0.2.130");
  EXPECT_TRUE(ip.matches_prefix(*IpAddress::parse("192.0.2.0"), 24));
  EXPECT_TRUE(ip.matches_prefix(*IpAddress::parse("192.0.2.128"), 25));
  EXPECT_FALSE(ip.matches_prefix(*IpAddress::parse("192.0.2.0"), 25));
  EXPECT_TRUE(ip.matches_prefix(*IpAddress::parse("10.0.0.0"), 0));
  EXPECT_FALSE(ip.matches_prefix(*IpAddress::parse("::"), 0));
  auto v6 = *IpAddress::parse("2001:db8:1::5");
  EXPECT_TRUE(v6.matches_prefix(*IpAddress::parse("2001:db8::"), 32));
  EXPECT_FALSE(v6.matches_prefix(*IpAddress::parse("2001:db8::"), 48));
}

TEST(Clause, ParsesShortForms) {
  auto rfc = parse_clause("7208:4.6.4");
  ASSERT_TRUE(rfc);
  EXPECT_EQ(rfc->document, "RFC 7208");
  EXPECT_EQ(rfc->section, "4.6.4");
  EXPECT_EQ(rfc->key(), "7208:4.6.4");
  auto itu = parse_clause("X.1240:7.11");
  ASSERT_TRUE(itu);
  EXPECT_EQ(itu->to_string(), "X.1240 7.11");
  EXPECT_FALSE(parse_clause("7208"));
  EXPECT_FALSE(parse_clause("7208:4 6"));
}

TEST(Clause, OrdersNumerically) {
  EXPECT_TRUE(clause_less(*parse_clause("7208:4.6.4"), *parse_clause("7208:4.10")));
  EXPECT_TRUE(clause_less(*parse_clause("7208:2.6"), *parse_clause("7208:10")));
}

TEST(Verdict, NamesRoundTripAndCombine) {
  for (Verdict v : kAllVerdicts) EXPECT_EQ(parse_verdict(verdict_name(v)), v);
  EXPECT_EQ(worse(Verdict::pass, Verdict::non_strict), Verdict::non_strict);
  EXPECT_EQ(worse(Verdict::fail, Verdict::inconclusive), Verdict::fail);
  EXPECT_EQ(worse(Verdict::not_applicable, Verdict::pass), Verdict::pass);
  EXPECT_EQ(judge(Judgement::acceptable), Verdict::non_strict);
  EXPECT_EQ(judge(Judgement::wrong), Verdict::fail);
}

TEST(Json, ReportsSyntaxErrorsWithPosition) {
  auto v = json::parse("{\n  \"a\": [1,\n}", "x.json");
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("line 3"), std::string::npos) << v.error().to_string();
  EXPECT_EQ(v.error().where, "x.json");
}

TEST(Json, StrictObjectRejectsUnknownAndMistypedKeys) {
  auto v = json::parse(R"({"id": "x", "count": 3, "typo": true})", "t");
  ASSERT_TRUE(v);
  auto obj = json::Object::of(*v, "vectors[0]");
  ASSERT_TRUE(obj);
  EXPECT_EQ(*obj->string("id"), "x");
  auto wrong = obj->string("count");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().where, "vectors[0].count");
  auto missing = obj->integer("absent");
  ASSERT_FALSE(missing);
  auto done = obj->finish();
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().message.find("'typo'"), std::string::npos);
}

TEST(Files, AtomicWriteReplacesWholeFile) {
  auto dir = std::filesystem::temp_directory_path() / "ascot_core_test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "out.txt").string();
  ASSERT_TRUE(write_file_atomic(path, "first"));
  ASSERT_TRUE(write_file_atomic(path, "second"));
  EXPECT_EQ(*read_file(path), "second");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename(), "out.txt") << "temporary file left behind";
  }
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(write_file_atomic((dir / "no" / "such" / "dir").string(), "x"));
}

TEST(Ascii, Helpers) {
  EXPECT_TRUE(ascii::iequals("V=SPF1", "v=spf1"));
  EXPECT_EQ(ascii::lower("MiXeD"), "mixed");
  EXPECT_EQ(ascii::split("a..b", '.').size(), 3u);
  EXPECT_EQ(ascii::printable("a\r\n"), "a\\x0D\\x0A");
}

}  // namespace
}  // namespace ascot

namespace ascot {
namespace {

TEST(Base64, RoundTripsAndRejectsBadInput) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)}) {
    auto back = base64_decode(base64_encode(s));
    ASSERT_TRUE(back) << s;
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*base64_decode("Zm9v YmE=\r\n", true), "fooba");
  EXPECT_FALSE(base64_decode("Zm9v YmE=", false));
  EXPECT_FALSE(base64_decode("Zm9"));
  EXPECT_FALSE(base64_decode("Zm==9v"));
  EXPECT_FALSE(base64_decode("Zm9v!A=="));
  EXPECT_FALSE(base64_decode("Z==="));
}

}  // namespace
}  // namespace ascot

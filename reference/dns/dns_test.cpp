#include <gtest/gtest.h>

#include "dns/name.hpp"
#include "dns/resolver.hpp"
#include "dns/types.hpp"
#include "dns/wire.hpp"
#include "dns/zone.hpp"
#include "dns/zone_resolver.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace ascot::dns {
namespace {

Zone zone_of(std::string_view text) {
  auto v = json::parse(text, "test");
  EXPECT_TRUE(v) << v.error().to_string();
  auto z = Zone::from_json(*v, "zone");
  EXPECT_TRUE(z) << z.error().to_string();
  return z ? *z : Zone();
}

TEST(Name, ValidityAndAncestry) {
  EXPECT_TRUE(is_valid_name("example.com"));
  EXPECT_TRUE(is_valid_name("example.com."));
  EXPECT_FALSE(is_valid_name("example..com"));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name(std::string(64, 'a') + ".com"));
  EXPECT_TRUE(is_valid_name(std::string(63, 'a') + ".com"));
  EXPECT_TRUE(is_at_or_below("mail.Example.com", "example.COM"));
  EXPECT_TRUE(is_at_or_below("example.com", "example.com."));
  EXPECT_FALSE(is_at_or_below("myexample.com", "example.com"));
  EXPECT_EQ(parent("a.b.c"), "b.c");
  EXPECT_EQ(canonical("Example.COM."), "example.com");
}

TEST(Zone, AnswersRecordsNodataNxdomainAndNonterminals) {
  Zone z = zone_of(R"({"Example.com.": [{"TXT": "v=spf1 -all"}, {"A": "192.0.2.1"}],
                       "a.b.example.com": [{"A": "192.0.2.2"}]})");
  ZoneResolver r(std::make_shared<Zone>(z));
  auto txt = r.query("EXAMPLE.com", RRType::TXT);
  ASSERT_EQ(txt.status, Answer::Status::ok);
  ASSERT_EQ(txt.records.size(), 1u);
  EXPECT_EQ((*txt.records[0].strings())[0], "v=spf1 -all");
  auto nodata = r.query("example.com", RRType::MX);
  EXPECT_EQ(nodata.status, Answer::Status::ok);
  EXPECT_TRUE(nodata.records.empty());
  EXPECT_TRUE(nodata.is_void());
  EXPECT_EQ(r.query("nope.example.com", RRType::A).status, Answer::Status::nxdomain);
  auto ent = r.query("b.example.com", RRType::A);
  EXPECT_EQ(ent.status, Answer::Status::ok) << "an empty non-terminal exists";
  EXPECT_TRUE(ent.records.empty());
  EXPECT_EQ(r.query_count(), 4u);
}

TEST(Zone, PseudoRecords) {
  Zone z = zone_of(R"({"slow.example.com": ["TIMEOUT"], "bad.example.com": ["SERVFAIL"],
                       "gone.example.com": ["NXDOMAIN"], "gone.example.com.x": [{"A": "192.0.2.9"}]})");
  ZoneResolver r(std::make_shared<Zone>(z));
  EXPECT_EQ(r.query("slow.example.com", RRType::TXT).status, Answer::Status::timeout);
  EXPECT_EQ(r.query("bad.example.com", RRType::A).status, Answer::Status::servfail);
  EXPECT_EQ(r.query("gone.example.com", RRType::A).status, Answer::Status::nxdomain);
}

TEST(Zone, FollowsCnamesAndStopsLoops) {
  Zone z = zone_of(R"({"alias.example.com": [{"CNAME": "host.example.com"}],
                       "host.example.com": [{"A": "192.0.2.7"}],
                       "loop1.example.com": [{"CNAME": "loop2.example.com"}],
                       "loop2.example.com": [{"CNAME": "loop1.example.com"}],
                       "dangling.example.com": [{"CNAME": "missing.example.com"}]})");
  ZoneResolver r(std::make_shared<Zone>(z));
  auto a = r.query("alias.example.com", RRType::A);
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ(a.records[0].address()->to_string(), "192.0.2.7");
  EXPECT_EQ(r.query("loop1.example.com", RRType::A).status, Answer::Status::servfail);
  EXPECT_EQ(r.query("dangling.example.com", RRType::A).status, Answer::Status::nxdomain);
  EXPECT_EQ(r.query("alias.example.com", RRType::CNAME).records.size(), 1u);
}

TEST(Zone, Wildcards) {
  Zone z =
      zone_of(R"({"*.bl.example.com": [{"A": "127.0.0.2"}], "x.bl.example.com": [{"TXT": "t"}]})");
  ZoneResolver r(std::make_shared<Zone>(z));
  auto hit = r.query("2.0.0.192.bl.example.com", RRType::A);
  ASSERT_EQ(hit.records.size(), 1u);
  EXPECT_EQ(hit.records[0].name, "2.0.0.192.bl.example.com");
  EXPECT_TRUE(r.query("x.bl.example.com", RRType::A).records.empty())
      << "an existing name is not covered";
}

TEST(Zone, RejectsBadDataWithItsPath) {
  struct Case {
    const char* json;
    const char* where;
  };
  for (const Case& c : {
           Case{R"({"example.com": [{"A": "192.0.2.300"}]})", "zone[\"example.com\"][0].A"},
           Case{R"({"example.com": [{"MX": "ten mx.example.com"}]})",
                "zone[\"example.com\"][0].MX"},
           Case{R"({"example.com": [{"TXT": "a", "A": "192.0.2.1"}]})", "zone[\"example.com\"][0]"},
           Case{R"({"example.com": ["SLOW"]})", "zone[\"example.com\"][0]"},
           Case{R"({"example..com": [{"A": "192.0.2.1"}]})", "zone[\"example..com\"]"},
           Case{R"({"example.com": []})", "zone[\"example.com\"]"},
           Case{R"({"example.com": [{"HINFO": "x"}]})", "zone[\"example.com\"][0].HINFO"},
       }) {
    auto v = json::parse(c.json, "t");
    ASSERT_TRUE(v);
    auto z = Zone::from_json(*v, "zone");
    ASSERT_FALSE(z) << c.json;
    EXPECT_EQ(z.error().where, c.where) << z.error().to_string();
  }
  auto v = json::parse(R"({"example.com": [{"TXT": ")" + std::string(256, 'x') + R"("}]})", "t");
  EXPECT_FALSE(Zone::from_json(*v, "zone"));
}

TEST(Zone, JsonRoundTrip) {
  const char* text = R"({"example.com": [{"TXT": ["v=spf1 ", "-all"]}, {"MX": "10 mx.example.com"},
                         {"AAAA": "2001:db8::1"}], "slow.example.com": ["TIMEOUT"]})";
  Zone z = zone_of(text);
  auto again = Zone::from_json(z.to_json(), "zone");
  ASSERT_TRUE(again);
  EXPECT_EQ(boost::json::serialize(again->to_json()), boost::json::serialize(z.to_json()));
}

Message sample_response() {
  Message m;
  m.header = {.id = 0x1234,
              .qr = true,
              .opcode = 0,
              .aa = true,
              .tc = false,
              .rd = true,
              .ra = false,
              .rcode = Rcode::noerror};
  m.questions.push_back({"example.com", RRType::TXT, 1});
  m.answers.push_back(
      {"example.com", RRType::TXT, 300, std::vector<std::string>{"v=spf1 ", "-all"}});
  m.answers.push_back({"example.com", RRType::A, 60, *IpAddress::parse("192.0.2.1")});
  m.answers.push_back({"example.com", RRType::AAAA, 60, *IpAddress::parse("2001:db8::1")});
  m.answers.push_back({"example.com", RRType::MX, 60, Mx{10, "mx.example.com"}});
  m.authority.push_back(
      {"1.2.0.192.in-addr.arpa", RRType::PTR, 60, std::string("host.example.com")});
  m.additional.push_back(
      {"x.example.com", static_cast<RRType>(65280), 1, std::vector<std::uint8_t>{1, 2, 3}});
  return m;
}

TEST(Wire, RoundTrips) {
  Message m = sample_response();
  auto wire = encode(m);
  ASSERT_TRUE(wire);
  auto back = decode(*wire);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, m);
}

TEST(Wire, DecodesCompressionPointers) {
  // Question "example.com" TXT, then an answer whose owner is a pointer to offset 12.
  std::vector<std::uint8_t> bytes = {0, 1,   0x84, 0,   0,   1,    0,   1,   0,  0,   0,   0,
                                     7, 'e', 'x',  'a', 'm', 'p',  'l', 'e', 3,  'c', 'o', 'm',
                                     0, 0,   16,   0,   1,   0xc0, 12,  0,   16, 0,   1,   0,
                                     0, 0,   60,   0,   4,   3,    'a', 'b', 'c'};
  auto m = decode(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->answers.size(), 1u);
  EXPECT_EQ(m->answers[0].name, "example.com");
  EXPECT_EQ((*m->answers[0].strings())[0], "abc");
}

TEST(Wire, RejectsLoopsTruncationAndForgedCounts) {
  // A pointer to itself.
  std::vector<std::uint8_t> loop = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
  auto l = decode(loop);
  ASSERT_FALSE(l);
  EXPECT_NE(l.error().message.find("backwards"), std::string::npos);
  // Header claims 65535 answers and holds none.
  std::vector<std::uint8_t> forged = {0, 1, 0x80, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0};
  EXPECT_FALSE(decode(forged));
  EXPECT_FALSE(decode(std::vector<std::uint8_t>{0, 1, 2}));
  // RDATA length longer than the message.
  auto wire = *encode(sample_response());
  wire.resize(wire.size() - 2);
  EXPECT_FALSE(decode(wire));
}

TEST(Wire, EscapesOddLabelBytes) {
  Message m;
  m.questions.push_back({"a\\.b.example.com", RRType::A, 1});
  m.questions.push_back({"sp\\032ace.example.com", RRType::A, 1});
  auto wire = encode(m);
  ASSERT_TRUE(wire);
  auto back = decode(*wire);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->questions[0].name, "a\\.b.example.com");
  EXPECT_EQ(back->questions[1].name, "sp\\032ace.example.com");
  Message bad;
  bad.questions.push_back({"a..b", RRType::A, 1});
  EXPECT_FALSE(encode(bad));
  bad.questions[0].name = std::string(64, 'x') + ".com";
  EXPECT_FALSE(encode(bad));
}

TEST(Types, Names) {
  EXPECT_EQ(type_name(RRType::TXT), "TXT");
  EXPECT_EQ(type_name(static_cast<RRType>(65280)), "TYPE65280");
  EXPECT_EQ(parse_type("aaaa"), RRType::AAAA);
  EXPECT_EQ(parse_type("TYPE99"), RRType::SPF);
  EXPECT_FALSE(parse_type("BOGUS"));
}

}  // namespace
}  // namespace ascot::dns

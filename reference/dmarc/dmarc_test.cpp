// Unit tests of DMARC records, the Public Suffix List and aggregate reports. Evaluation is
// pinned by the vectors in vectors/dmarc/ (each its own test in reference_vectors_test).
#include <gtest/gtest.h>

#include "dmarc/aggregate.hpp"
#include "dmarc/evaluate.hpp"
#include "dmarc/record.hpp"

#include <fstream>

namespace ascot::dmarc {
namespace {

TEST(Record, ParsesTagsAndDefaults) {
  auto r = parse_record(
      "v=DMARC1; p=REJECT; sp=quarantine; adkim=s; pct=50; rua=mailto:a@example.com; foo=bar",
      Mode::rfc7489);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->p, Policy::reject);
  EXPECT_EQ(r->sp, Policy::quarantine);
  EXPECT_TRUE(r->strict_dkim);
  EXPECT_FALSE(r->strict_spf);
  EXPECT_EQ(r->pct, 50);
  EXPECT_TRUE(r->valid_rua);
  EXPECT_FALSE(parse_record("p=reject; v=DMARC1", Mode::rfc7489)) << "v must come first";
  EXPECT_FALSE(parse_record("v=dmarc1; p=reject", Mode::rfc7489)) << "DMARC1 is exact";
  EXPECT_FALSE(parse_record("v=DMARC2; p=reject", Mode::rfc7489));
  auto bad_p = parse_record("v=DMARC1; p=bogus", Mode::rfc7489);
  ASSERT_TRUE(bad_p);
  EXPECT_TRUE(bad_p->p_invalid);
  EXPECT_EQ(parse_record("v=DMARC1; p=none; pct=250", Mode::rfc7489)->pct, 100);
  auto bis = parse_record("v=DMARC1; p=reject; np=none; t=y; psd=n; pct=0", Mode::rfc9989);
  ASSERT_TRUE(bis);
  EXPECT_EQ(bis->np, Policy::none);
  EXPECT_TRUE(bis->testing);
  EXPECT_EQ(bis->psd, 'n');
  EXPECT_EQ(bis->pct, 100) << "pct is not a tag of RFC 9989";
  EXPECT_FALSE(parse_record("v=DMARC1; p=reject; np=none", Mode::rfc7489)->np)
      << "np is not a tag of RFC 7489";
}

TEST(PublicSuffixList, OrganizationalDomains) {
  auto psl = PublicSuffixList::from_rules(
      {"// comment", "com", "net", "example.net", "*.example.org", "!keep.example.org", "org"});
  EXPECT_EQ(psl.organizational_domain("a.b.c.example.com"), "example.com");
  EXPECT_EQ(psl.organizational_domain("Mail.Shop.Example.NET"), "shop.example.net");
  EXPECT_EQ(psl.organizational_domain("example.net"), "example.net") << "a suffix is its own";
  EXPECT_EQ(psl.organizational_domain("a.tenant.example.org"), "a.tenant.example.org");
  EXPECT_EQ(psl.organizational_domain("x.keep.example.org"), "keep.example.org");
  EXPECT_EQ(psl.organizational_domain("host.unlisted"), "host.unlisted") << "the implicit * rule";
}

TEST(PublicSuffixList, DebianListLoads) {
  auto list = system_public_suffix_list();
  ASSERT_TRUE(list) << list.error().to_string();
  EXPECT_GT((*list)->size(), 1000u);
  EXPECT_EQ((*list)->organizational_domain("mail.example.com"), "example.com");
}

AggregateReport sample(AggregateReport::Format format) {
  AggregateReport r;
  r.format = format;
  r.org_name = "receiver.example.org";
  r.email = "dmarc@receiver.example.org";
  r.report_id = "r-1";
  r.begin = 1767139200;
  r.end = 1767225599;
  r.policy.domain = "example.com";
  r.policy.p = "reject";
  r.policy.sp = "quarantine";
  r.policy.pct = 100;
  if (format == AggregateReport::Format::rfc9990) {
    r.policy.np = "reject";
    r.policy.testing = "n";
    r.policy.discovery_method = "treewalk";
    r.generator = "ascot";
  }
  AggregateReport::Record rec;
  rec.source_ip = "192.0.2.1";
  rec.count = 3;
  rec.disposition = "reject";
  rec.dkim = "fail";
  rec.spf = "fail";
  rec.reasons.push_back({"local_policy", "test"});
  rec.envelope_from = "example.com";
  rec.header_from = "example.com";
  rec.dkim_results.push_back({"example.com", "sel", "fail", ""});
  rec.spf_results.push_back({"example.com", "mfrom", "fail", ""});
  r.records.push_back(rec);
  return r;
}

TEST(Aggregate, RoundTripsBothForms) {
  for (auto format : {AggregateReport::Format::rfc7489, AggregateReport::Format::rfc9990}) {
    std::string xml = write_aggregate(sample(format));
    auto back = parse_aggregate(xml);
    ASSERT_TRUE(back) << back.error().to_string() << "\n" << xml;
    EXPECT_EQ(back->format, format);
    EXPECT_EQ(back->records.size(), 1u);
    EXPECT_EQ(back->records[0].count, 3u);
    EXPECT_EQ(back->policy.p, "reject");
    EXPECT_EQ(xml.find(kAggregateNamespace2) != std::string::npos,
              format == AggregateReport::Format::rfc9990);
  }
}

TEST(Aggregate, RejectsStructuralErrorsWithThePath) {
  std::string xml = write_aggregate(sample(AggregateReport::Format::rfc7489));
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string copy = xml;
    copy.replace(copy.find(from), from.size(), to);
    return copy;
  };
  struct Case {
    std::string xml;
    std::string where;
  };
  for (const Case& c :
       {Case{replace("<count>3</count>", "<count>three</count>"), "/feedback/record[1]/row/count"},
        Case{replace("<p>reject</p>", "<p>drop</p>"), "/feedback/policy_published/p"},
        Case{replace("<pct>100</pct>", ""), "/feedback/policy_published"},
        Case{replace("<source_ip>192.0.2.1</source_ip>", "<source_ip>nowhere</source_ip>"),
             "/feedback/record[1]/row/source_ip"},
        Case{replace("<type>local_policy</type>", "<type>policy_test_mode</type>"),
             "/feedback/record[1]/row/policy_evaluated/reason/type"}}) {
    auto r = parse_aggregate(c.xml);
    ASSERT_FALSE(r) << c.where;
    EXPECT_EQ(r.error().where, c.where) << r.error().to_string();
  }
  EXPECT_FALSE(parse_aggregate("<feedback>"));
  EXPECT_FALSE(parse_aggregate("<other/>"));
}

}  // namespace
}  // namespace ascot::dmarc

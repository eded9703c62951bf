// Unit tests of the SPF module's parts. The behaviour of check_host() as a whole is pinned
// by the vectors under vectors/spf/ (harness/suites/spf_vectors_test.cpp runs each as its
// own test); these tests cover the pieces and the outputs that vectors do not.
#include <gtest/gtest.h>

#include "spf/check_host.hpp"
#include "spf/macro.hpp"
#include "spf/received_spf.hpp"
#include "spf/record.hpp"
#include "spf/result.hpp"

#include <memory>

#include "dns/zone.hpp"
#include "dns/zone_resolver.hpp"

namespace ascot::spf {
namespace {

MacroValues rfc_example_values(const char* ip) {
  // RFC 7208 7.4: sender strong-bad@email.example.com, PTR name mx.example.org.
  MacroValues v;
  v.sender = "strong-bad@email.example.com";
  v.local_part = "strong-bad";
  v.sender_domain = "email.example.com";
  v.domain = "email.example.com";
  v.ip = *IpAddress::parse(ip);
  v.helo = "mx.example.org";
  v.receiver = "receiver.example.net";
  v.timestamp = 1234567890;
  v.validated_name = [] { return std::string("mx.example.org"); };
  return v;
}

std::string expand_text(std::string_view text, const char* ip = "192.0.2.3",
                        MacroContext context = MacroContext::modifier_value) {
  auto m = parse_macro_string(text, context);
  EXPECT_TRUE(m) << text << ": " << m.error().message;
  return m ? expand(*m, rfc_example_values(ip)) : std::string();
}

// Every example of RFC 7208 7.4, with its published expansion.
TEST(Macro, Rfc7208Section7_4Examples) {
  struct Example {
    const char* macro;
    const char* expansion;
  };
  for (const Example& e : {
           Example{"%{s}", "strong-bad@email.example.com"},
           Example{"%{o}", "email.example.com"},
           Example{"%{d}", "email.example.com"},
           Example{"%{d4}", "email.example.com"},
           Example{"%{d3}", "email.example.com"},
           Example{"%{d2}", "example.com"},
           Example{"%{d1}", "com"},
           Example{"%{dr}", "com.example.email"},
           Example{"%{d2r}", "example.email"},
           Example{"%{l}", "strong-bad"},
           Example{"%{l-}", "strong.bad"},
           Example{"%{lr}", "strong-bad"},
           Example{"%{lr-}", "bad.strong"},
           Example{"%{l1r-}", "strong"},
           Example{"%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"},
           Example{"%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"},
           Example{"%{lr-}.lp.%{ir}.%{v}._spf.%{d2}",
                   "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"},
           Example{"%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}",
                   "3.2.0.192.in-addr.strong.lp._spf.example.com"},
           Example{"%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"},
       }) {
    EXPECT_EQ(expand_text(e.macro), e.expansion) << e.macro;
  }
  EXPECT_EQ(expand_text("%{ir}.%{v}._spf.%{d2}", "2001:db8::cb01"),
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
}

TEST(Macro, EscapesUpperCaseAndSpecials) {
  EXPECT_EQ(expand_text("%{S}"), "strong-bad%40email.example.com");
  EXPECT_EQ(expand_text("%%%_%-"), "% %20");
  EXPECT_EQ(expand_text("%{p}.%{h}"), "mx.example.org.mx.example.org");
  EXPECT_EQ(expand_text("%{c} %{r} %{t}", "2001:db8::cb01", MacroContext::explanation),
            "2001:db8::cb01 receiver.example.net 1234567890");
  EXPECT_EQ(expand_text("%{d200}"), "email.example.com") << "more parts than exist means all";
}

TEST(Macro, RejectsSyntaxErrorsWithPosition) {
  for (const char* bad : {"%", "%{", "%{d", "%{x}", "%{d0}", "%{d2x}", "%(ir)", "foo%.bar",
                          "%{dr2}", "a b", "\x01", "%{1}"}) {
    auto m = parse_macro_string(bad, MacroContext::modifier_value);
    EXPECT_FALSE(m) << bad;
    if (!m) {
      EXPECT_NE(m.error().message.find("position"), std::string::npos) << m.error().message;
    }
  }
  EXPECT_FALSE(parse_macro_string("%{c}.example.com", MacroContext::domain_spec))
      << "c is exp-only";
  EXPECT_TRUE(parse_macro_string("a b %{c}", MacroContext::explanation));
}

TEST(Macro, DomainEnd) {
  for (const char* good : {"example.com", "example.com.", "%{d}", "foo.%{d2}", "x.xn--zckzah",
                           "a.123-4", "%{i}.bl.example.org", "%-"}) {
    EXPECT_TRUE(parse_macro_string(good, MacroContext::domain_spec)) << good;
  }
  for (const char* bad : {"", "example", "example.123", "example.com-", "example.-com", "%{d}com",
                          "example..", "example.c_m"}) {
    EXPECT_FALSE(parse_macro_string(bad, MacroContext::domain_spec)) << bad;
  }
}

TEST(Macro, TruncatesLongNamesFromTheLeft) {
  std::string label(60, 'a');
  std::string name = label + "." + label + "." + label + "." + label + "." + label + ".example.com";
  std::string cut = truncate_domain(name);
  EXPECT_LE(cut.size(), 253u);
  // 316 characters: dropping one 60-character label leaves 255, still too long; two leave 194.
  EXPECT_EQ(cut, label + "." + label + "." + label + ".example.com");
  EXPECT_EQ(truncate_domain("example.com."), "example.com");
}

TEST(Record, ParsesEveryMechanismAndModifier) {
  auto r = parse_record(
      "v=spf1 +all -include:_spf.example.com ~a ?a:example.com/24 mx//64 MX:example.com/16//48 ptr "
      "ptr:example.org ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{i}.example.net "
      "redirect=example.net "
      "exp=explain.example.com note=anything  ");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->mechanisms.size(), 11u);
  EXPECT_EQ(r->mechanisms[1].qualifier, Qualifier::fail);
  EXPECT_EQ(r->mechanisms[3].cidr4, 24);
  EXPECT_EQ(r->mechanisms[4].cidr6, 64);
  EXPECT_EQ(r->mechanisms[5].cidr4, 16);
  EXPECT_EQ(r->mechanisms[5].cidr6, 48);
  EXPECT_EQ(r->mechanisms[8].network.to_string(), "192.0.2.0");
  EXPECT_TRUE(r->redirect);
  EXPECT_TRUE(r->exp);
  EXPECT_EQ(r->unknown_modifiers.size(), 1u);
  EXPECT_TRUE(r->has_all);
}

TEST(Record, RejectsWhatTheGrammarForbids) {
  for (const char* bad : {
           "v=spf1 foo",
           "v=spf1 a:",
           "v=spf1 a/33",
           "v=spf1 a//129",
           "v=spf1 a/024",
           "v=spf1 a/24/64",
           "v=spf1 ip4:192.0.2",
           "v=spf1 ip4:192.0.2.1/33",
           "v=spf1 ip4:192.0.2.01",
           "v=spf1 ip6:2001:db8::/129",
           "v=spf1 ip4",
           "v=spf1 include",
           "v=spf1 exists",
           "v=spf1 all:x",
           "v=spf1 ptr/24",
           "v=spf1 redirect=a.example.com redirect=b.example.com",
           "v=spf1 exp=a.example.com exp=b.example.com",
           "v=spf1 exp=",
           "v=spf1 redirect=-all",
           "v=spf1 1up=foo",
           "v=spf1 =all",
           "v=spf1 x=50%off",
           "v=spf1 ++all",
           "v=spf1 !all",
           "v=spf1 -all\r",
           "v=spf1 a:example.com:8080",
           "v=spf1 redirect:example.com",
           "v=spf1 a:%{r}.example.com",
       }) {
    auto r = parse_record(bad);
    EXPECT_FALSE(r) << bad;
  }
  EXPECT_TRUE(parse_record("v=spf1"));
  EXPECT_TRUE(parse_record("V=SPF1 -ALL"));
  EXPECT_TRUE(parse_record("v=spf1 ip4=192.0.2.1 -all")) << "an unknown modifier, ignored";
}

TEST(Record, Selection) {
  EXPECT_TRUE(is_spf_record("v=spf1"));
  EXPECT_TRUE(is_spf_record("v=spf1 -all"));
  EXPECT_FALSE(is_spf_record("v=spf10"));
  EXPECT_FALSE(is_spf_record(" v=spf1 -all"));
  EXPECT_FALSE(is_spf_record("v=spf1\t-all"));
  EXPECT_FALSE(is_spf_record("spf2.0/pra -all"));
}

std::shared_ptr<dns::Zone> zone_with(std::initializer_list<dns::Record> records) {
  auto z = std::make_shared<dns::Zone>();
  for (const auto& r : records) z->add(r);
  return z;
}

dns::Record txt(const char* name, const char* text) {
  return {name, dns::RRType::TXT, 300, std::vector<std::string>{text}};
}

TEST(Evaluate, ReportsCountsAndMechanism) {
  auto zone =
      zone_with({txt("example.com", "v=spf1 a:a.example.com ip4:192.0.2.0/24 -all"),
                 {"a.example.com", dns::RRType::A, 300, *IpAddress::parse("198.51.100.1")}});
  dns::ZoneResolver resolver(zone);
  Query q{*IpAddress::parse("192.0.2.7"), "user@example.com", "mail.example.com"};
  Outcome o = evaluate(q, resolver);
  EXPECT_EQ(o.result, Result::pass);
  EXPECT_EQ(o.mechanism, "ip4:192.0.2.0/24");
  EXPECT_EQ(o.dns_terms, 1);
  EXPECT_EQ(o.dns_queries, 2u);
  EXPECT_EQ(o.domain, "example.com");
}

TEST(Evaluate, IsTracedStepByStep) {
  struct Lines : TraceSink {
    std::vector<std::string> lines;
    void trace(int, std::string_view line) override { lines.emplace_back(line); }
  } sink;
  auto zone = zone_with({txt("example.com", "v=spf1 -all")});
  dns::ZoneResolver resolver(zone);
  Outcome o = evaluate({*IpAddress::parse("192.0.2.7"), "user@example.com", "h.example.com"},
                       resolver, {}, &sink);
  EXPECT_EQ(o.result, Result::fail);
  ASSERT_GE(sink.lines.size(), 3u);
  EXPECT_NE(sink.lines.back().find("result: fail"), std::string::npos);
}

TEST(Evaluate, VoidLimitIsConfigurable) {
  auto zone = zone_with(
      {txt("example.com", "v=spf1 a:n1.example.com a:n2.example.com a:n3.example.com ?all")});
  dns::ZoneResolver resolver(zone);
  Query q{*IpAddress::parse("192.0.2.7"), "user@example.com", "h.example.com"};
  EXPECT_EQ(evaluate(q, resolver).result, Result::permerror);
  Options lenient;
  lenient.max_void_lookups.reset();
  EXPECT_EQ(evaluate(q, resolver, lenient).result, Result::neutral);
}

// RFC 5322 2.2.3: unfolding removes each CRLF that precedes white space.
std::string unfold(std::string field) {
  for (auto pos = field.find("\r\n"); pos != std::string::npos; pos = field.find("\r\n", pos)) {
    field.erase(pos, 2);
  }
  return field;
}

TEST(HeaderFields, ReceivedSpfHasTheKeysOf9_1) {
  Query q{*IpAddress::parse("192.0.2.1"), "myname@example.com", "foo.example.com"};
  Outcome o;
  o.result = Result::pass;
  o.sender = "myname@example.com";
  o.domain = "example.com";
  o.mechanism = "ip4:192.0.2.1";
  std::string folded = received_spf_field(q, o, "mybox.example.org");
  std::string field = unfold(folded);
  EXPECT_TRUE(
      field.starts_with("Received-SPF: pass (mybox.example.org: domain of myname@example.com "
                        "designates 192.0.2.1"))
      << field;
  for (const char* key :
       {"client-ip=192.0.2.1;", "envelope-from=\"myname@example.com\";", "helo=foo.example.com;",
        "identity=mailfrom;", "receiver=mybox.example.org;", "mechanism=\"ip4:192.0.2.1\";"}) {
    EXPECT_NE(field.find(key), std::string::npos) << key << " in " << field;
  }
  for (auto line_start = 0ul; line_start < folded.size();) {
    auto end = folded.find("\r\n", line_start);
    if (end == std::string::npos) end = folded.size();
    EXPECT_LE(end - line_start, 78u);
    line_start = end + 2;
  }
}

TEST(HeaderFields, ReceivedSpfNeutralisesHostileSessionData) {
  Query q{*IpAddress::parse("2001:db8::1"), "a\"b\r\nX-Evil: 1@example.com", "evil)(\r\nhelo"};
  Outcome o;
  o.result = Result::permerror;
  o.sender = q.sender;
  o.problem = "bad \"record\"";
  std::string field = unfold(received_spf_field(q, o, "mx.example.org"));
  EXPECT_EQ(field.find("\r\nX-Evil"), std::string::npos) << field;
  EXPECT_NE(field.find("client-ip=\"2001:db8::1\";"), std::string::npos) << field;
  EXPECT_NE(field.find("problem=\"bad \\\"record\\\"\";"), std::string::npos) << field;
}

TEST(HeaderFields, AuthenticationResultsFragment) {
  Outcome o;
  o.result = Result::softfail;
  EXPECT_EQ(authentication_results_spf(
                {*IpAddress::parse("192.0.2.1"), "user@example.net", "h.example.com"}, o),
            "spf=softfail smtp.mailfrom=example.net");
  EXPECT_EQ(authentication_results_spf(
                {*IpAddress::parse("192.0.2.1"), "", "h.example.com", Identity::helo}, o),
            "spf=softfail smtp.helo=h.example.com");
}

TEST(Result, Names) {
  for (Result r : kAllResults) EXPECT_EQ(parse_result(result_name(r)), r);
  EXPECT_EQ(parse_result("PermError"), Result::permerror);
  EXPECT_FALSE(parse_result("hardfail"));
}

}  // namespace
}  // namespace ascot::spf

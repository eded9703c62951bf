// Unit tests of the DNSBL module: query names (RFC 5782 2.1, 2.4, 3), lookups and their
// outcomes (2.1-2.3), the test entries of section 5, and URI host extraction. The vectors of
// vectors/dnsbl/ pin the same behaviour as data (conformance/reference_vectors_test runs each);
// these tests also reach what zone data cannot express (a TXT query failing on its own, an
// RCODE other than SERVFAIL and NXDOMAIN) and the edges of every branch.
#include "dnsbl/dnsbl.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "dns/zone.hpp"
#include "dns/zone_resolver.hpp"
#include "dnsbl/uri_hosts.hpp"

namespace ascot::dnsbl {
namespace {

IpAddress ip(const char* text) {
  auto a = IpAddress::parse(text);
  EXPECT_TRUE(a) << text;
  return a ? *a : IpAddress();
}

void add_a(dns::Zone& zone, const std::string& name, const char* address) {
  zone.add({name, dns::RRType::A, 300, ip(address)});
}

void add_txt(dns::Zone& zone, const std::string& name, std::vector<std::string> strings) {
  zone.add({name, dns::RRType::TXT, 300, std::move(strings)});
}

// A resolver that answers each type from a script: for the failures zone data cannot express
// (a TXT query failing while the A query works, an RCODE such as REFUSED).
class ScriptedResolver final : public dns::Resolver {
 public:
  std::map<dns::RRType, dns::Answer> answers;

 protected:
  dns::Answer do_query(std::string_view, dns::RRType type) override {
    auto it = answers.find(type);
    if (it != answers.end()) return it->second;
    dns::Answer nx;
    nx.status = dns::Answer::Status::nxdomain;
    return nx;
  }
};

dns::Answer a_answer(std::initializer_list<const char*> addresses) {
  dns::Answer out;
  for (const char* a : addresses) out.records.push_back({"x", dns::RRType::A, 300, ip(a)});
  return out;
}

List ipv4_list() {
  List list;
  list.zone = "bl.example.com";
  list.kind = Kind::ipv4;
  list.meanings = {{ip("127.0.0.2"), "spam source"}, {ip("127.0.0.3"), "dynamic address"}};
  list.default_meaning = "listed";
  return list;
}

// ---- query names: 2.1, 2.4, 3 ----

TEST(QueryName, Ipv4OctetsReversed) {
  EXPECT_EQ(*ipv4_query_name(ip("192.0.2.99"), "bl.example.com"), "99.2.0.192.bl.example.com");
  EXPECT_EQ(*ipv4_query_name(ip("203.0.113.0"), "BL.Example.COM."), "0.113.0.203.bl.example.com");
  auto v6 = ipv4_query_name(ip("2001:db8::1"), "bl.example.com");
  ASSERT_FALSE(v6);
  EXPECT_EQ(v6.error().code, Errc::invalid_argument);
}

TEST(QueryName, Ipv6ThirtyTwoNibblesReversed) {
  EXPECT_EQ(*ipv6_query_name(ip("2001:db8::1"), "bl6.example.net"),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl6.example.net");
  EXPECT_EQ(*ipv6_query_name(ip("2001:DB8:1:2:3:4:567:89AB"), "bl6.example.net"),
            "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl6.example.net");
  // Section 5's test entry: an IPv4-mapped address keeps its IPv6 form.
  EXPECT_EQ(*ipv6_query_name(ip("::ffff:7f00:2"), "bl6.example.net"),
            "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl6.example.net");
  auto v4 = ipv6_query_name(ip("192.0.2.1"), "bl6.example.net");
  ASSERT_FALSE(v4);
  EXPECT_EQ(v4.error().code, Errc::invalid_argument);
}

TEST(QueryName, DomainAsItIs) {
  EXPECT_EQ(*domain_query_name("example.net", "dbl.example.com"), "example.net.dbl.example.com");
  EXPECT_EQ(*domain_query_name("Mail.Example.NET.", "DBL.example.com."),
            "mail.example.net.dbl.example.com");
  EXPECT_EQ(*domain_query_name("TEST", "dbl.example.com"), "test.dbl.example.com");
  EXPECT_EQ(*domain_query_name("_dmarc.example.net", "dbl.example.com"),
            "_dmarc.example.net.dbl.example.com");
}

TEST(QueryName, BadDomainsAreErrors) {
  for (const char* bad : {"", ".", "[192.0.2.1]", "example..net", ".example.net", "exa mple.net",
                          "ex\xc3\xa4mple.net", "example.net/path", "a@example.net"}) {
    auto r = domain_query_name(bad, "dbl.example.com");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << bad;
    EXPECT_FALSE(r.error().message.empty());
  }
  auto long_label = domain_query_name(std::string(64, 'a') + ".example", "dbl.example.com");
  ASSERT_FALSE(long_label);
  EXPECT_NE(long_label.error().message.find("63"), std::string::npos);
  EXPECT_TRUE(domain_query_name(std::string(63, 'a') + ".example", "dbl.example.com"));
}

TEST(QueryName, BadZonesAreErrors) {
  for (const char* bad : {"", ".", "bl..example.com", ".bl.example.com", "bl example.com",
                          "bl.example.com..", "bl/example.com"}) {
    auto r = normalize_zone(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << bad;
    auto q = ipv4_query_name(ip("192.0.2.1"), bad);
    ASSERT_FALSE(q) << bad;
  }
  EXPECT_FALSE(normalize_zone(std::string(64, 'z') + ".example"));
  // 4 labels of 63 and one of 1: 257 octets, every label valid.
  std::string huge = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                     std::string(63, 'c') + "." + std::string(63, 'd') + ".e";
  auto r = normalize_zone(huge);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::limit_exceeded);
  EXPECT_EQ(*normalize_zone("Bl.Example.Com."), "bl.example.com");
}

TEST(QueryName, LengthLimitOnTheWholeName) {
  // zone of 15 octets; domain of 237 makes 237 + 1 + 15 = 253, the most RFC 1035 allows.
  std::string zone = "dbl.example.com";
  std::string domain = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                       std::string(63, 'c') + "." + std::string(45, 'd');
  ASSERT_EQ(domain.size(), 237u);
  auto ok = domain_query_name(domain, zone);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 253u);
  auto over = domain_query_name(domain + "d", zone);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, Errc::limit_exceeded);
  // 63 octets of nibbles + '.' + a zone of 190 is 254.
  std::string zone190 =
      std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(62, 'c');
  ASSERT_EQ(zone190.size(), 190u);
  auto v6 = ipv6_query_name(ip("2001:db8::1"), zone190);
  ASSERT_FALSE(v6);
  EXPECT_EQ(v6.error().code, Errc::limit_exceeded);
  EXPECT_TRUE(ipv6_query_name(ip("2001:db8::1"), zone190.substr(1)));
}

TEST(QueryName, SubjectMustFitTheList) {
  List v4 = ipv4_list();
  EXPECT_EQ(*query_name(v4, ip("::ffff:192.0.2.99")), "99.2.0.192.bl.example.com");
  EXPECT_EQ(query_name(v4, ip("2001:db8::1")).error().code, Errc::invalid_argument);
  EXPECT_EQ(query_name(v4, std::string("example.net")).error().code, Errc::invalid_argument);

  List v6 = v4;
  v6.kind = Kind::ipv6;
  EXPECT_TRUE(query_name(v6, ip("::ffff:192.0.2.99"))->starts_with("3.6.2.0.0.0.0.c.f.f.f.f"));
  EXPECT_EQ(query_name(v6, ip("192.0.2.99")).error().code, Errc::invalid_argument);

  List both = v4;
  both.kind = Kind::ip;
  EXPECT_EQ(*query_name(both, ip("192.0.2.99")), "99.2.0.192.bl.example.com");
  EXPECT_EQ(*query_name(both, ip("::ffff:192.0.2.99")), "99.2.0.192.bl.example.com");
  EXPECT_TRUE(query_name(both, ip("2001:db8::1"))->ends_with(".8.b.d.0.1.0.0.2.bl.example.com"));

  List domains = v4;
  domains.kind = Kind::domain;
  EXPECT_EQ(*query_name(domains, std::string("example.net")), "example.net.bl.example.com");
  EXPECT_EQ(query_name(domains, ip("192.0.2.1")).error().code, Errc::invalid_argument);
}

// ---- lookups: 2.1-2.3 ----

class Lookup : public ::testing::Test {
 protected:
  void SetUp() override {
    add_a(zone, "99.2.0.192.bl.example.com", "127.0.0.2");
    add_txt(zone, "99.2.0.192.bl.example.com", {"192.0.2.99 sent mail to ", "a spam trap"});
    add_a(zone, "10.2.0.192.bl.example.com", "127.0.0.3");
    add_a(zone, "11.2.0.192.bl.example.com", "127.0.0.2");
    add_a(zone, "11.2.0.192.bl.example.com", "127.0.0.9");
    add_a(zone, "11.2.0.192.bl.example.com", "127.0.0.2");  // duplicate value
    add_txt(zone, "11.2.0.192.bl.example.com", {"first reason"});
    add_txt(zone, "11.2.0.192.bl.example.com", {"second reason"});
    add_txt(zone, "11.2.0.192.bl.example.com", {"first reason"});  // duplicate text
    add_txt(zone, "13.2.0.192.bl.example.com", {"a TXT record but no A record"});
    zone.add_pseudo("14.2.0.192.bl.example.com", dns::Pseudo::timeout);
    zone.add_pseudo("15.2.0.192.bl.example.com", dns::Pseudo::servfail);
    add_a(zone, "16.2.0.192.bl.example.com", "198.51.100.7");
    zone.add({"18.2.0.192.bl.example.com", dns::RRType::CNAME, 300,
              std::string("listed.bl.example.com")});
    add_a(zone, "listed.bl.example.com", "127.0.0.2");
    add_a(zone, "20.2.0.192.bl.example.com", "127.0.0.2");
    add_txt(zone, "20.2.0.192.bl.example.com", {std::string(255, 'x'), std::string(255, 'y')});
    add_a(zone, "x.0.2.0.192.sub.bl.example.com", "127.0.0.2");  // 0.2.0.192.sub... exists, empty
    resolver = std::make_unique<dns::ZoneResolver>(std::make_shared<const dns::Zone>(zone));
  }
  Result run(const char* address, Options options = {}, List list = ipv4_list()) {
    auto r = lookup(*resolver, list, ip(address), options);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : Result{};
  }
  dns::Zone zone;
  std::unique_ptr<dns::ZoneResolver> resolver;
};

TEST_F(Lookup, ListedWithCodeAndMeaning) {
  Result r = run("192.0.2.99");
  EXPECT_EQ(r.status, Status::listed);
  EXPECT_EQ(r.query_name, "99.2.0.192.bl.example.com");
  ASSERT_EQ(r.codes.size(), 1u);
  EXPECT_EQ(r.codes[0].address, ip("127.0.0.2"));
  EXPECT_EQ(r.codes[0].meanings, std::vector<std::string>{"spam source"});
  EXPECT_TRUE(r.codes[0].in_loopback_net);
  EXPECT_TRUE(r.reasons.empty()) << "the TXT record is only asked for on request";
  EXPECT_EQ(r.dns_queries, 1u);
  EXPECT_EQ(r.effect(), Effect::block);
  EXPECT_TRUE(r.notes.empty());
}

TEST_F(Lookup, ReasonOnRequestJoinsCharacterStrings) {
  Result r = run("192.0.2.99", {.want_reason = true});
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0], "192.0.2.99 sent mail to a spam trap");
  EXPECT_EQ(r.dns_queries, 2u);
}

TEST_F(Lookup, NotListedAnswersCostOneQuery) {
  Result r = run("192.0.2.1", {.want_reason = true});
  EXPECT_EQ(r.status, Status::not_listed);
  EXPECT_TRUE(r.codes.empty());
  EXPECT_EQ(r.dns_queries, 1u) << "no TXT query for an unlisted subject";
  EXPECT_EQ(r.effect(), Effect::none);
  // An empty non-terminal (NOERROR, no records) is not a listing either.
  List sub = ipv4_list();
  sub.zone = "sub.bl.example.com";
  EXPECT_EQ(run("192.0.2.0", {}, sub).status, Status::not_listed);
}

TEST_F(Lookup, TxtWithoutARecordIsNotAListing) {
  Result r = run("192.0.2.13", {.want_reason = true});
  EXPECT_EQ(r.status, Status::not_listed);
  EXPECT_TRUE(r.reasons.empty());
}

TEST_F(Lookup, SecondCodeHasItsOwnMeaning) {
  Result r = run("192.0.2.10");
  ASSERT_EQ(r.codes.size(), 1u);
  EXPECT_EQ(r.codes[0].meanings, std::vector<std::string>{"dynamic address"});
}

TEST_F(Lookup, SeveralCodesAndReasonsDeduplicated) {
  Result r = run("192.0.2.11", {.want_reason = true});
  EXPECT_EQ(r.status, Status::listed);
  ASSERT_EQ(r.codes.size(), 2u);
  EXPECT_EQ(r.codes[0].address, ip("127.0.0.2"));
  EXPECT_EQ(r.codes[1].address, ip("127.0.0.9"));
  EXPECT_EQ(r.codes[1].meanings, std::vector<std::string>{"listed"}) << "unknown code: default";
  EXPECT_EQ(r.reasons, (std::vector<std::string>{"first reason", "second reason"}));
}

TEST_F(Lookup, DnsFailuresAreTemperror) {
  Result t = run("192.0.2.14", {.want_reason = true});
  EXPECT_EQ(t.status, Status::temperror);
  EXPECT_NE(t.problem.find("TIMEOUT"), std::string::npos) << t.problem;
  EXPECT_NE(t.problem.find("14.2.0.192.bl.example.com"), std::string::npos) << t.problem;
  EXPECT_EQ(t.effect(), Effect::none);
  EXPECT_EQ(t.dns_queries, 1u);
  Result s = run("192.0.2.15");
  EXPECT_EQ(s.status, Status::temperror);
  EXPECT_NE(s.problem.find("SERVFAIL"), std::string::npos) << s.problem;

  ScriptedResolver refused;
  dns::Answer answer;
  answer.status = dns::Answer::Status::error;
  answer.detail = "RCODE 5 (REFUSED)";
  refused.answers[dns::RRType::A] = answer;
  auto r = lookup(refused, ipv4_list(), ip("192.0.2.1"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::temperror);
  EXPECT_NE(r->problem.find("REFUSED"), std::string::npos) << r->problem;
}

TEST_F(Lookup, CodeOutsideLoopbackNetIsStillAListing) {
  Result r = run("192.0.2.16");
  EXPECT_EQ(r.status, Status::listed);
  ASSERT_EQ(r.codes.size(), 1u);
  EXPECT_FALSE(r.codes[0].in_loopback_net);
  EXPECT_EQ(r.codes[0].meanings, std::vector<std::string>{"listed"});
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("198.51.100.7"), std::string::npos);
}

TEST_F(Lookup, CnameIsFollowed) {
  Result r = run("192.0.2.18");
  EXPECT_EQ(r.status, Status::listed);
  ASSERT_EQ(r.codes.size(), 1u);
  EXPECT_EQ(r.codes[0].address, ip("127.0.0.2"));
}

TEST_F(Lookup, LongReasonIsCut) {
  Result r = run("192.0.2.20", {.want_reason = true});
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0].size(), kMaxReasonLength);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("510"), std::string::npos) << r.notes[0];
}

TEST_F(Lookup, WhitelistListingAllows) {
  List wl = ipv4_list();
  wl.role = Role::whitelist;
  Result r = run("192.0.2.99", {}, wl);
  EXPECT_EQ(r.role, Role::whitelist);
  EXPECT_EQ(r.effect(), Effect::allow);
  EXPECT_EQ(run("192.0.2.1", {}, wl).effect(), Effect::none);
  EXPECT_EQ(run("192.0.2.14", {}, wl).effect(), Effect::none);
}

TEST_F(Lookup, BadInputIsAnErrorNotAResult) {
  List bad = ipv4_list();
  bad.zone = "";
  auto r = lookup(*resolver, bad, ip("192.0.2.99"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
  EXPECT_EQ(resolver->query_count(), 0u) << "nothing is asked for bad input";
}

TEST(LookupScripted, TxtFailureKeepsTheListing) {
  ScriptedResolver r;
  r.answers[dns::RRType::A] = a_answer({"127.0.0.2"});
  dns::Answer timeout;
  timeout.status = dns::Answer::Status::timeout;
  r.answers[dns::RRType::TXT] = timeout;
  auto out = lookup(r, ipv4_list(), ip("192.0.2.99"), {.want_reason = true});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, Status::listed);
  EXPECT_TRUE(out->reasons.empty());
  ASSERT_EQ(out->notes.size(), 1u);
  EXPECT_NE(out->notes[0].find("TXT query"), std::string::npos) << out->notes[0];
}

TEST(LookupScripted, RecordsOfOtherTypesAreIgnored) {
  // A resolver is meant to return only A records for an A query; a stray record of another
  // type, or an IPv6 address in an A record, must not count as a listing.
  ScriptedResolver r;
  dns::Answer odd;
  odd.records.push_back({"x", dns::RRType::AAAA, 300, ip("2001:db8::2")});
  odd.records.push_back({"x", dns::RRType::A, 300, ip("2001:db8::3")});
  odd.records.push_back({"x", dns::RRType::A, 300, std::string("not an address")});
  r.answers[dns::RRType::A] = odd;
  dns::Answer txt;
  txt.records.push_back({"x", dns::RRType::A, 300, ip("127.0.0.2")});
  r.answers[dns::RRType::TXT] = txt;
  auto out = lookup(r, ipv4_list(), ip("192.0.2.99"), {.want_reason = true});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, Status::not_listed);

  r.answers[dns::RRType::A] = a_answer({"127.0.0.2"});
  out = lookup(r, ipv4_list(), ip("192.0.2.99"), {.want_reason = true});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, Status::listed);
  EXPECT_TRUE(out->reasons.empty()) << "a non-TXT record in a TXT answer is not a reason";
}

TEST(LookupScripted, BitmaskCodes) {
  List list = ipv4_list();
  list.encoding = Encoding::bitmask;
  list.meanings = {{ip("127.0.0.2"), "spam"},           {ip("127.0.0.4"), "proxy"},
                   {ip("127.0.0.8"), "dynamic"},        {ip("127.0.1.0"), "policy"},
                   {ip("127.0.0.0"), "never: no bits"}, {ip("192.0.2.2"), "never: outside 127/8"}};
  list.default_meaning = "unknown sublist";
  ScriptedResolver r;
  r.answers[dns::RRType::A] = a_answer({"127.0.0.6", "127.0.1.8", "127.0.0.16", "198.51.100.6"});
  auto out = lookup(r, list, ip("192.0.2.99"));
  ASSERT_TRUE(out);
  ASSERT_EQ(out->codes.size(), 4u);
  EXPECT_EQ(out->codes[0].meanings, (std::vector<std::string>{"spam", "proxy"}));
  EXPECT_EQ(out->codes[1].meanings, (std::vector<std::string>{"dynamic", "policy"}));
  EXPECT_EQ(out->codes[2].meanings, std::vector<std::string>{"unknown sublist"});
  EXPECT_EQ(out->codes[3].meanings, std::vector<std::string>{"unknown sublist"});
  EXPECT_FALSE(out->codes[3].in_loopback_net);
}

TEST(Names, RoundTrip) {
  for (Kind k : {Kind::ipv4, Kind::ipv6, Kind::ip, Kind::domain})
    EXPECT_EQ(parse_kind(kind_name(k)), k);
  for (Role r : {Role::blacklist, Role::whitelist}) EXPECT_EQ(parse_role(role_name(r)), r);
  for (Encoding e : {Encoding::exact, Encoding::bitmask})
    EXPECT_EQ(parse_encoding(encoding_name(e)), e);
  for (Status s : {Status::listed, Status::not_listed, Status::temperror})
    EXPECT_EQ(parse_status(status_name(s)), s);
  for (Effect e : {Effect::none, Effect::block, Effect::allow})
    EXPECT_EQ(parse_effect(effect_name(e)), e);
  for (HealthStatus h :
       {HealthStatus::healthy, HealthStatus::unhealthy, HealthStatus::inconclusive})
    EXPECT_EQ(parse_health_status(health_status_name(h)), h);
  EXPECT_EQ(status_name(Status::not_listed), "not-listed");
  EXPECT_EQ(parse_status("LISTED"), Status::listed);
  EXPECT_FALSE(parse_kind("ipv5"));
  EXPECT_FALSE(parse_role(""));
  EXPECT_FALSE(parse_encoding("mask"));
  EXPECT_FALSE(parse_status("listed "));
  EXPECT_FALSE(parse_effect("deny"));
  EXPECT_FALSE(parse_health_status("ok"));
  EXPECT_EQ(kind_name(static_cast<Kind>(99)), "unknown");
  EXPECT_EQ(role_name(static_cast<Role>(99)), "unknown");
  EXPECT_EQ(encoding_name(static_cast<Encoding>(99)), "unknown");
  EXPECT_EQ(status_name(static_cast<Status>(99)), "unknown");
  EXPECT_EQ(effect_name(static_cast<Effect>(99)), "unknown");
  EXPECT_EQ(health_status_name(static_cast<HealthStatus>(99)), "unknown");
  // A kind outside the enumeration is a bug in the caller, reported as one.
  List odd = ipv4_list();
  odd.kind = static_cast<Kind>(99);
  auto r = query_name(odd, ip("192.0.2.1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::internal);
}

// ---- section 5: test entries ----

std::shared_ptr<const dns::Zone> zone_of(const std::function<void(dns::Zone&)>& fill) {
  auto zone = std::make_shared<dns::Zone>();
  fill(*zone);
  return zone;
}

TEST(Health, Ipv4) {
  List list = ipv4_list();
  dns::ZoneResolver good(zone_of([](dns::Zone& z) {
    add_a(z, "2.0.0.127.bl.example.com", "127.0.0.2");
    add_txt(z, "2.0.0.127.bl.example.com", {"test entry"});
  }));
  auto h = check_health(good, list);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, HealthStatus::healthy);
  ASSERT_EQ(h->checks.size(), 2u);
  EXPECT_EQ(h->checks[0].id, "ipv4-127.0.0.2-listed");
  EXPECT_EQ(h->checks[0].query_name, "2.0.0.127.bl.example.com");
  EXPECT_TRUE(h->checks[0].must_be_listed);
  EXPECT_EQ(h->checks[1].id, "ipv4-127.0.0.1-absent");
  EXPECT_FALSE(h->checks[1].must_be_listed);
  EXPECT_TRUE(h->failed().empty());

  // A dead list (nothing answers) lacks 127.0.0.2; a wildcarded one lists 127.0.0.1.
  dns::ZoneResolver dead(zone_of([](dns::Zone&) {}));
  h = check_health(dead, list);
  EXPECT_EQ(h->status, HealthStatus::unhealthy);
  EXPECT_EQ(h->failed(), std::vector<std::string>{"ipv4-127.0.0.2-listed"});
  dns::ZoneResolver wild(zone_of([](dns::Zone& z) { add_a(z, "*.bl.example.com", "127.0.0.2"); }));
  h = check_health(wild, list);
  EXPECT_EQ(h->status, HealthStatus::unhealthy);
  EXPECT_EQ(h->failed(), std::vector<std::string>{"ipv4-127.0.0.1-absent"});
  EXPECT_EQ(h->checks[1].observed, Status::listed);

  dns::ZoneResolver slow(zone_of(
      [](dns::Zone& z) { z.add_pseudo("2.0.0.127.bl.example.com", dns::Pseudo::timeout); }));
  h = check_health(slow, list);
  EXPECT_EQ(h->status, HealthStatus::inconclusive);
  EXPECT_EQ(h->inconclusive(), std::vector<std::string>{"ipv4-127.0.0.2-listed"});
  EXPECT_NE(h->checks[0].problem.find("TIMEOUT"), std::string::npos);
  EXPECT_TRUE(h->failed().empty());

  // A failure outweighs an undecided check.
  dns::ZoneResolver mixed(zone_of([](dns::Zone& z) {
    z.add_pseudo("2.0.0.127.bl.example.com", dns::Pseudo::servfail);
    add_a(z, "1.0.0.127.bl.example.com", "127.0.0.2");
  }));
  h = check_health(mixed, list);
  EXPECT_EQ(h->status, HealthStatus::unhealthy);
  EXPECT_EQ(h->failed(), std::vector<std::string>{"ipv4-127.0.0.1-absent"});
  EXPECT_EQ(h->inconclusive(), std::vector<std::string>{"ipv4-127.0.0.2-listed"});
}

TEST(Health, Ipv6DomainAndBoth) {
  const std::string v6two = "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0";
  const std::string v6one = "1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0";
  List v6 = ipv4_list();
  v6.kind = Kind::ipv6;
  dns::ZoneResolver six(zone_of([&](dns::Zone& z) {
    add_a(z, v6two + ".bl.example.com", "127.0.0.2");
    add_a(z, v6one + ".bl.example.com", "127.0.0.2");
  }));
  auto h = check_health(six, v6);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, HealthStatus::unhealthy);
  EXPECT_EQ(h->failed(), std::vector<std::string>{"ipv6-::ffff:7f00:1-absent"});
  EXPECT_EQ(h->checks[0].id, "ipv6-::ffff:7f00:2-listed");
  EXPECT_EQ(h->checks[0].query_name, v6two + ".bl.example.com");

  List domains = ipv4_list();
  domains.kind = Kind::domain;
  dns::ZoneResolver dom(
      zone_of([](dns::Zone& z) { add_a(z, "test.bl.example.com", "127.0.0.2"); }));
  h = check_health(dom, domains);
  EXPECT_EQ(h->status, HealthStatus::healthy);
  ASSERT_EQ(h->checks.size(), 2u);
  EXPECT_EQ(h->checks[0].id, "domain-test-listed");
  EXPECT_EQ(h->checks[1].query_name, "invalid.bl.example.com");

  List both = ipv4_list();
  both.kind = Kind::ip;
  dns::ZoneResolver mixed(zone_of([&](dns::Zone& z) {
    add_a(z, "2.0.0.127.bl.example.com", "127.0.0.2");
    add_a(z, v6two + ".bl.example.com", "127.0.0.2");
  }));
  h = check_health(mixed, both);
  EXPECT_EQ(h->status, HealthStatus::healthy);
  ASSERT_EQ(h->checks.size(), 4u);
  EXPECT_EQ(h->checks[2].query_name, v6two + ".bl.example.com")
      << "the IPv6 test entry of a two-family list is asked in IPv6 form";

  List bad = ipv4_list();
  bad.zone = "bl..example.com";
  auto err = check_health(mixed, bad);
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error().code, Errc::invalid_argument);
}

// ---- URI hosts ----

TEST(UriHosts, HttpAndHttpsHosts) {
  auto h = extract_uri_hosts(
      "Buy at http://Pills.Example.COM/buy?x=1 or HTTPS://www.example.net:8443/p, again "
      "http://pills.example.com/other and https://shop.example.org.");
  EXPECT_EQ(h.domains,
            (std::vector<std::string>{"pills.example.com", "www.example.net", "shop.example.org"}));
  EXPECT_TRUE(h.addresses.empty());
  EXPECT_FALSE(h.truncated);
}

TEST(UriHosts, UserinfoAndLiterals) {
  auto h = extract_uri_hosts(
      "<a href=\"http://bank.example@evil.example/login\">x</a> "
      "http://user:pw@192.0.2.7:8080/ https://[2001:DB8::1]/p.gif http://[v1.fe]/ "
      "http://[2001:db8::2 http://[not-ipv6]/ http://192.0.2.7/again");
  EXPECT_EQ(h.domains, std::vector<std::string>{"evil.example"});
  EXPECT_EQ(h.addresses, (std::vector<IpAddress>{ip("192.0.2.7"), ip("2001:db8::1")}));
}

TEST(UriHosts, BareWwwAtWordStartOnly) {
  std::string_view body =
      "Visit www.Shop.example.org, or (www.two.example). Not mail.www.three.example, "
      "not user@www.four.example, not /www.five.example, not xwww.six.example.";
  auto h = extract_uri_hosts(body);
  EXPECT_EQ(h.domains, (std::vector<std::string>{"www.shop.example.org", "www.two.example"}));
  EXPECT_TRUE(extract_uri_hosts(body, {.bare_www = false}).domains.empty());
  EXPECT_TRUE(extract_uri_hosts("www. www.x www..example").domains.size() == 1);
}

TEST(UriHosts, UnusableHostsAreSkipped) {
  auto h = extract_uri_hosts(
      "http:// http://localhost/ http://999.1.1.1/ http://a..example/ http://x.123/ "
      "http://" +
      std::string(64, 'a') +
      ".example/ http://%77%77%77.example/ "
      "http://exa\xc3\xa4mple.net/ https://ok.example... http://example.net.");
  EXPECT_EQ(h.domains, (std::vector<std::string>{"ok.example", "example.net"}));
  EXPECT_TRUE(h.addresses.empty());
}

TEST(UriHosts, OverLongAuthorityIsSkippedWhole) {
  std::string body =
      "http://" + std::string(600, 'a') + "www.hidden.example/ http://after.example/";
  auto h = extract_uri_hosts(body);
  EXPECT_EQ(h.domains, std::vector<std::string>{"after.example"});
  // Exactly the limit is read; one more octet is not.
  std::string at_limit = std::string(kMaxAuthorityLength - 14, 'a');  // "user" .. "@c.example"
  EXPECT_TRUE(extract_uri_hosts("http://user" + at_limit + "@c.example/").domains.size() == 1);
  EXPECT_TRUE(extract_uri_hosts("http://user" + at_limit + "x@c.example/").domains.empty());
}

TEST(UriHosts, BoundedCount) {
  std::string body;
  for (int i = 0; i < 80; ++i) body += "http://h" + std::to_string(i) + ".example/ ";
  auto h = extract_uri_hosts(body);
  EXPECT_EQ(h.domains.size(), kMaxUriHosts);
  EXPECT_TRUE(h.truncated);
  EXPECT_EQ(h.domains.front(), "h0.example");
  auto three = extract_uri_hosts(body, {.max_hosts = 3});
  EXPECT_EQ(three.domains.size(), 3u);
  EXPECT_TRUE(three.truncated);
  auto capped = extract_uri_hosts(body, {.max_hosts = 1000});
  EXPECT_EQ(capped.domains.size(), kMaxUriHosts);
  // Repeats of kept hosts do not count, and the limit counts addresses too.
  auto mixed = extract_uri_hosts(
      "http://a.example/ http://a.example/ http://192.0.2.1/ http://b.example/", {.max_hosts = 2});
  EXPECT_EQ(mixed.domains, std::vector<std::string>{"a.example"});
  EXPECT_EQ(mixed.addresses, std::vector<IpAddress>{ip("192.0.2.1")});
  EXPECT_TRUE(mixed.truncated);
  auto exact = extract_uri_hosts("http://a.example/ http://a.example/", {.max_hosts = 1});
  EXPECT_FALSE(exact.truncated) << "a repeat of a kept host is not more";
}

TEST(UriHosts, EmptyAndPathologicalInput) {
  EXPECT_TRUE(extract_uri_hosts("").domains.empty());
  // Inputs built to make a careless scanner quadratic: one long authority run, and many
  // scheme prefixes back to back. Both finish in one pass and yield nothing.
  std::string run(1 << 20, 'a');
  EXPECT_TRUE(extract_uri_hosts("http://" + run).domains.empty());
  std::string schemes;
  for (int i = 0; i < 100000; ++i) schemes += "http:/hTTp://wwwhttps:";
  EXPECT_TRUE(extract_uri_hosts(schemes).domains.empty());
}

}  // namespace
}  // namespace ascot::dnsbl

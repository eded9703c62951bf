// Unit tests of the X.1240/X.1241 techniques over zone data, and of the policy file.
#include <gtest/gtest.h>

#include "core/json.hpp"
#include "dns/zone.hpp"
#include "dns/zone_resolver.hpp"
#include "policy/policy.hpp"

namespace ascot::policy {
namespace {

dns::ZoneResolver resolver_for(std::string_view zone_json) {
  auto value = json::parse(zone_json, "test zone");
  if (!value) throw std::runtime_error(value.error().to_string());
  auto zone = dns::Zone::from_json(*value, "zone");
  if (!zone) throw std::runtime_error(zone.error().to_string());
  return dns::ZoneResolver(std::make_shared<const dns::Zone>(std::move(*zone)));
}

smtp::Path path(std::string_view address) {
  auto m = smtp::parse_mailbox(address);
  if (!m) throw std::runtime_error("bad mailbox");
  return smtp::Path{*m, false};
}

IpAddress ip(std::string_view text) {
  return *IpAddress::parse(text);
}

Config config_from(std::string_view json) {
  auto c = parse_config(json, "test policy");
  if (!c) throw std::runtime_error(c.error().to_string());
  return *c;
}

constexpr std::string_view kZone = R"({
  "mx.example.com": [{"MX": "10 mail.example.com"}],
  "mail.example.com": [{"A": "192.0.2.10"}],
  "implicit.example.com": [{"A": "192.0.2.11"}],
  "nullmx.example.com": [{"MX": "0 ."}],
  "nomail.example.com": [{"TXT": "no mail here"}],
  "broken.example.com": ["SERVFAIL"],
  "10.2.0.192.in-addr.arpa": [{"PTR": "mail.example.com"}],
  "20.2.0.192.in-addr.arpa": [{"PTR": "forged.example.com"}],
  "forged.example.com": [{"A": "192.0.2.99"}],
  "30.2.0.192.in-addr.arpa": ["TIMEOUT"],
  "client.example.net": [{"A": "198.51.100.7"}]
})";

TEST(SenderDomain, Rfc5321Section51) {
  auto r = resolver_for(kZone);
  EXPECT_EQ(check_sender_domain(r, path("a@mx.example.com"))->check, "mx");
  EXPECT_EQ(check_sender_domain(r, path("a@implicit.example.com"))->check, "implicit-mx");
  auto null_mx = check_sender_domain(r, path("a@nullmx.example.com"));
  EXPECT_TRUE(null_mx->hit);
  EXPECT_EQ(null_mx->check, "null-mx");
  EXPECT_EQ(check_sender_domain(r, path("a@nomail.example.com"))->check, "no-mail-host");
  auto nx = check_sender_domain(r, path("a@absent.example.com"));
  EXPECT_TRUE(nx->hit);
  EXPECT_EQ(nx->check, "nxdomain");
  auto broken = check_sender_domain(r, path("a@broken.example.com"));
  EXPECT_TRUE(broken->temporary);
  EXPECT_FALSE(broken->hit);
  EXPECT_FALSE(check_sender_domain(r, smtp::Path{}));  // null reverse-path
  EXPECT_FALSE(check_sender_domain(r, path("a@[192.0.2.1]")));
}

TEST(ReverseDns, PtrAndForwardConfirmation) {
  auto r = resolver_for(kZone);
  auto good = check_reverse_dns(r, ip("192.0.2.10"));
  EXPECT_FALSE(good.ptr.hit);
  EXPECT_FALSE(good.fcrdns.hit);
  EXPECT_EQ(good.verified_name, "mail.example.com");
  EXPECT_EQ(good.iprev, "pass");
  auto forged = check_reverse_dns(r, ip("192.0.2.20"));
  EXPECT_FALSE(forged.ptr.hit);
  EXPECT_TRUE(forged.fcrdns.hit);
  EXPECT_EQ(forged.iprev, "fail");
  auto none = check_reverse_dns(r, ip("192.0.2.40"));
  EXPECT_TRUE(none.ptr.hit);
  EXPECT_EQ(none.iprev, "permerror");
  auto slow = check_reverse_dns(r, ip("192.0.2.30"));
  EXPECT_TRUE(slow.ptr.temporary);
  EXPECT_EQ(slow.iprev, "temperror");
}

TEST(LocalLists, AllowWinsOverBlock) {
  auto c = config_from(R"({"hostname": "mx.example.org",
    "block": {"networks": ["192.0.2.0/24"], "domains": ["spam.example"], "addresses": ["bad@example.com"]},
    "allow": {"networks": ["192.0.2.7"], "addresses": ["friend@spam.example"]}})");
  EXPECT_TRUE(check_local_lists(c, ip("192.0.2.1"), path("a@example.com"))->hit);
  EXPECT_TRUE(check_local_lists(c, ip("192.0.2.7"), path("a@example.com"))->allow);
  EXPECT_TRUE(check_local_lists(c, ip("198.51.100.1"), path("x@sub.spam.example"))->hit);
  EXPECT_FALSE(check_local_lists(c, ip("198.51.100.1"), path("x@notspam.example"))->hit);
  EXPECT_TRUE(check_local_lists(c, ip("198.51.100.1"), path("Bad@Example.com"))->hit);
  EXPECT_TRUE(check_local_lists(c, ip("198.51.100.1"), path("friend@spam.example"))->allow);
}

TEST(Dynamic, NamesThatLookDynamic) {
  auto c = config_from(R"json({"hostname": "mx.example.org",
    "dynamic_patterns": ["(^|[.-])(dyn|dsl|pool|dhcp)[0-9]*([.-]|$)"]})json");
  EXPECT_TRUE(check_dynamic_name(c, ip("192.0.2.1"), "192-0-2-1.isp.example")->hit);
  EXPECT_TRUE(check_dynamic_name(c, ip("192.0.2.1"), "1.2.0.192.isp.example")->hit);
  EXPECT_FALSE(check_dynamic_name(c, ip("192.0.2.1"), "192-0-2-11.isp.example")->hit);
  EXPECT_TRUE(check_dynamic_name(c, ip("198.51.100.1"), "host.dsl.isp.example")->hit);
  EXPECT_FALSE(check_dynamic_name(c, ip("198.51.100.1"), "mail.isp.example")->hit);
  EXPECT_FALSE(check_dynamic_name(c, ip("198.51.100.1"), ""));
}

TEST(Helo, Checks) {
  auto c = config_from(R"({"hostname": "mx.example.org", "local_domains": ["example.org"]})");
  auto r = resolver_for(kZone);
  auto server = ip("127.0.0.1");
  auto client = ip("198.51.100.7");
  auto check = [&](std::string_view helo) { return check_helo(c, r, helo, client, server)->check; };
  EXPECT_EQ(check("client.example.net"), "ok");
  EXPECT_EQ(check("[198.51.100.7]"), "literal");
  EXPECT_EQ(check("[198.51.100.8]"), "literal-mismatch");
  EXPECT_EQ(check("[127.0.0.1]"), "forged");
  EXPECT_EQ(check("mx.example.org"), "forged");
  EXPECT_EQ(check("example.org"), "forged");
  EXPECT_EQ(check("localhost"), "not-fqdn");
  EXPECT_EQ(check("bad_name!"), "syntax");
  EXPECT_EQ(check("absent.example.net"), "unresolvable");
  EXPECT_TRUE(check_helo(c, r, "broken.example.com", client, server)->temporary);
}

TEST(Tokens, AddressAndSubject) {
  auto c = config_from(R"({"hostname": "mx.example.org", "token_recipients": ["Alice@example.org"],
                           "token_secret": "s3cret"})");
  auto token = make_token("s3cret", "alice@example.org");
  EXPECT_EQ(token.size(), 10u);
  EXPECT_EQ(token, make_token("s3cret", "alice@example.org"));
  EXPECT_NE(token, make_token("other", "alice@example.org"));
  auto alice = *smtp::parse_mailbox("alice@example.org");
  auto tagged = *smtp::parse_mailbox("alice+" + token + "@example.org");
  auto wrong = *smtp::parse_mailbox("alice+aaaaaaaaaa@example.org");
  EXPECT_TRUE(check_tokens(c, alice, "hello")->hit);
  EXPECT_FALSE(check_tokens(c, tagged, "hello")->hit);
  EXPECT_TRUE(check_tokens(c, wrong, "hello")->hit);
  EXPECT_FALSE(check_tokens(c, alice, "Re: [token:" + token + "] lunch")->hit);
  EXPECT_FALSE(check_tokens(c, *smtp::parse_mailbox("bob@example.org"), ""));
  EXPECT_FALSE(parse_config(R"({"hostname": "h", "token_recipients": ["a@b.c"]})", "p"));
}

TEST(Relay, OnlyLocalOrTrusted) {
  auto c = config_from(R"({"hostname": "mx.example.org", "local_domains": ["example.org"],
                           "relay_networks": ["10.0.0.0/8"]})");
  EXPECT_FALSE(check_relay(c, ip("192.0.2.1"), false, path("a@EXAMPLE.org"))->hit);
  EXPECT_TRUE(check_relay(c, ip("192.0.2.1"), false, path("a@elsewhere.example"))->hit);
  EXPECT_FALSE(check_relay(c, ip("10.1.2.3"), false, path("a@elsewhere.example"))->hit);
  EXPECT_FALSE(check_relay(c, ip("192.0.2.1"), true, path("a@elsewhere.example"))->hit);
  EXPECT_TRUE(check_relay(c, ip("192.0.2.1"), false, path("a@[192.0.2.2]"))->hit);
  EXPECT_FALSE(check_relay(c, ip("192.0.2.1"), false, smtp::Path{std::nullopt, true})->hit);
}

TEST(Score, ThresholdsInOrderOfSeverity) {
  auto c = config_from(R"({"hostname": "h",
    "thresholds": {"reject": 10, "spam_box": 5, "mark": 2},
    "techniques": {"helo": {"score": 2}, "ptr": {"score": 3}, "dnsbl": {"score": 6},
                   "dynamic": {"enabled": false, "score": 50}}})");
  auto hit = [](Technique t) { return Finding{t, "x", true}; };
  EXPECT_FALSE(score(c, {}).action);
  EXPECT_EQ(score(c, {hit(Technique::helo)}).action, Action::mark);
  EXPECT_EQ(score(c, {hit(Technique::helo), hit(Technique::ptr)}).action, Action::spam_box);
  EXPECT_EQ(score(c, {hit(Technique::helo), hit(Technique::ptr), hit(Technique::dnsbl)}).action,
            Action::reject);
  EXPECT_EQ(score(c, {hit(Technique::dynamic)}).total, 0);  // disabled techniques do not count
  Finding allow{Technique::local_lists, "allowed", false, true};
  EXPECT_FALSE(score(c, {hit(Technique::dnsbl), allow, hit(Technique::dnsbl)}).action);
  EXPECT_EQ(findings_header({hit(Technique::helo), Finding{Technique::ptr, "ptr"}}, 2),
            "helo=hit(x); ptr=pass(ptr); score=2.0");
}

TEST(Config, ErrorsNameTheKey) {
  auto unknown = parse_config(R"({"hostname": "h", "techniques": {"hello": {}}})", "p.json");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().to_string().find("techniques.hello"), std::string::npos);
  auto typo = parse_config(R"({"hostname": "h", "tresholds": {}})", "p.json");
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().to_string().find("tresholds"), std::string::npos);
  auto action =
      parse_config(R"({"hostname": "h", "techniques": {"helo": {"action": "explode"}}})", "p");
  ASSERT_FALSE(action);
  EXPECT_NE(action.error().message.find("unknown action"), std::string::npos);
  auto reply = parse_config(
      R"({"hostname": "h", "techniques": {"helo": {"reply": {"code": 550, "status": "4.7.1", "text": "x"}}}})",
      "p");
  ASSERT_FALSE(reply);
  auto regex = parse_config(R"({"hostname": "h", "dynamic_patterns": ["("]})", "p");
  ASSERT_FALSE(regex);
  EXPECT_NE(regex.error().to_string().find("dynamic_patterns[0]"), std::string::npos);
  auto network = parse_config(R"({"hostname": "h", "relay_networks": ["10.0.0.0/40"]})", "p");
  ASSERT_FALSE(network);
}

TEST(Config, DefaultReplies) {
  EXPECT_EQ(default_reply(Technique::relay, Action::reject).code, 554);
  EXPECT_EQ(default_reply(Technique::fcrdns, Action::reject).status->to_string(), "5.7.25");
  EXPECT_EQ(default_reply(Technique::greylist, Action::tempfail).code, 451);
  EXPECT_NE(default_reply(Technique::helo, Action::reject).text().find("X.1240 7.10 helo"),
            std::string::npos);
}

}  // namespace
}  // namespace ascot::policy

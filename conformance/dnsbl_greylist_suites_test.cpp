// The judges of the DNSBL and greylisting suites, fed by probes that answer what a test says, so
// that every verdict a product could earn (not only the reference's passes) is checked.
#include <gtest/gtest.h>

#include <functional>

#include "conformance/suite.hpp"
#include "vectors/json_schema.hpp"

namespace ascot::conformance {
namespace {

std::unique_ptr<Suite> load(std::string_view name, const std::string& file) {
  vectors::SchemaStore schemas;
  auto loaded = schemas.load_directory(std::string(ASCOT_SOURCE_DIR) + "/vectors/schemas");
  EXPECT_TRUE(loaded) << loaded.error().to_string();
  auto vf = vectors::load_vector_file(std::string(ASCOT_SOURCE_DIR) + "/vectors/" + file, schemas);
  EXPECT_TRUE(vf) << vf.error().to_string();
  for (auto& suite : make_suites()) {
    if (suite->name() != name) continue;
    auto added = suite->add_file(*vf);
    EXPECT_TRUE(added) << added.error().to_string();
    return std::move(suite);
  }
  ADD_FAILURE() << "no suite " << name;
  return nullptr;
}

class FakeDnsbl final : public DnsblProbe {
 public:
  std::function<DnsblObservation()> answer;
  Expected<DnsblObservation> lookup(const dnsbl::List&, const dnsbl::Subject&, bool,
                                    std::shared_ptr<const dns::Zone>) override {
    return answer();
  }
  Expected<DnsblHealthObservation> check_health(const dnsbl::List&,
                                                std::shared_ptr<const dns::Zone>) override {
    return health;
  }
  DnsblHealthObservation health;
};

TEST(DnsblSuite, JudgesEveryPartOfALookupThatIsShown) {
  auto suite = load("dnsbl", "dnsbl/rfc5782-ipv4.json");
  ASSERT_TRUE(suite);
  FakeDnsbl fake;
  Probes probes{.dnsbl = &fake};
  // Only the status shown: the rest is not judged.
  fake.answer = [] { return DnsblObservation{.status = dnsbl::Status::listed}; };
  EXPECT_EQ(suite->run(probes, "ipv4-listed-query-name").verdict, Verdict::pass);
  fake.answer = [] { return DnsblObservation{.status = dnsbl::Status::not_listed}; };
  auto o = suite->run(probes, "ipv4-listed-query-name");
  EXPECT_EQ(o.verdict, Verdict::fail);
  EXPECT_NE(o.reason.find("expected listed, got not-listed"), std::string::npos) << o.reason;
  // The query name compares without case or a trailing dot; the codes as a set.
  fake.answer = [] {
    return DnsblObservation{.status = dnsbl::Status::listed,
                            .query_name = "99.2.0.192.BL.example.com.",
                            .codes = std::vector<std::string>{"127.0.0.2"}};
  };
  EXPECT_EQ(suite->run(probes, "ipv4-listed-query-name").verdict, Verdict::pass);
  fake.answer = [] {
    return DnsblObservation{.status = dnsbl::Status::listed,
                            .codes = std::vector<std::string>{"127.0.0.3"}};
  };
  o = suite->run(probes, "ipv4-listed-query-name");
  EXPECT_EQ(o.verdict, Verdict::fail);
  EXPECT_NE(o.reason.find("codes: expected [127.0.0.2], got [127.0.0.3]"), std::string::npos);
  fake.answer = [] { return DnsblObservation{}; };
  EXPECT_EQ(suite->run(probes, "ipv4-listed-query-name").verdict, Verdict::inconclusive);
  fake.answer = [] { return DnsblObservation{.refused = "no"}; };
  EXPECT_EQ(suite->run(probes, "ipv4-listed-query-name").verdict, Verdict::fail);
  // A SHOULD vector without acceptable alternatives: another status is a fail.
  fake.answer = [] { return DnsblObservation{.status = dnsbl::Status::not_listed}; };
  EXPECT_EQ(suite->run(probes, "ipv4-timeout-temperror").verdict, Verdict::fail);
}

TEST(DnsblSuite, BadInputMustBeRefusedBeforeAnyQuery) {
  auto suite = load("dnsbl", "dnsbl/rfc5782-inputs.json");
  ASSERT_TRUE(suite);
  FakeDnsbl fake;
  Probes probes{.dnsbl = &fake};
  fake.answer = [] { return DnsblObservation{.refused = "bad zone"}; };
  EXPECT_EQ(suite->run(probes, "input-zone-empty").verdict, Verdict::pass);
  fake.answer = [] {
    return DnsblObservation{
        .refused = "bad zone", .error_code = "invalid-argument", .dns_queries = 0};
  };
  EXPECT_EQ(suite->run(probes, "input-zone-empty").verdict, Verdict::pass);
  fake.answer = [] { return DnsblObservation{.refused = "x", .error_code = "limit-exceeded"}; };
  EXPECT_EQ(suite->run(probes, "input-zone-empty").verdict, Verdict::fail);
  fake.answer = [] { return DnsblObservation{.refused = "bad zone", .dns_queries = 1}; };
  EXPECT_EQ(suite->run(probes, "input-zone-empty").verdict, Verdict::fail);
  fake.answer = [] { return DnsblObservation{.status = dnsbl::Status::not_listed}; };
  EXPECT_EQ(suite->run(probes, "input-zone-empty").verdict, Verdict::fail);
  EXPECT_TRUE(suite->claims("input-zone-empty").empty());
  EXPECT_EQ(suite->claims("input-domain-empty"), std::vector<std::string>{"dnsbl.domain"});
}

TEST(DnsblSuite, HealthComparesStatusAndTheChecksThatFailed) {
  auto suite = load("dnsbl", "dnsbl/rfc5782-test-entries.json");
  ASSERT_TRUE(suite);
  FakeDnsbl fake;
  Probes probes{.dnsbl = &fake};
  EXPECT_EQ(suite->claims("test-entries-ipv4-wildcard"), std::vector<std::string>{"dnsbl.health"});
  fake.health = {.status = dnsbl::HealthStatus::unhealthy,
                 .failed = std::vector<std::string>{"ipv4-127.0.0.1-absent"},
                 .inconclusive = std::vector<std::string>{}};
  EXPECT_EQ(suite->run(probes, "test-entries-ipv4-wildcard").verdict, Verdict::pass);
  fake.health.failed = std::vector<std::string>{"ipv4-127.0.0.2-listed"};
  EXPECT_EQ(suite->run(probes, "test-entries-ipv4-wildcard").verdict, Verdict::fail);
  fake.health = {.status = dnsbl::HealthStatus::healthy};
  EXPECT_EQ(suite->run(probes, "test-entries-ipv4-wildcard").verdict, Verdict::fail);
  fake.health = {};
  fake.health.status.reset();
  EXPECT_EQ(suite->run(probes, "test-entries-ipv4-wildcard").verdict, Verdict::inconclusive);
}

class FakeGreylist final : public GreylistProbe {
 public:
  std::vector<GreylistDecisionObservation> decisions;
  Expected<GreylistObservation> run(const greylist::Policy&,
                                    const std::vector<vectors::GreylistAttempt>&) override {
    return GreylistObservation{decisions, ""};
  }
};

TEST(GreylistSuite, EachAttemptIsJudgedInTurn) {
  auto suite = load("greylist", "greylist/rfc6647-triplet.json");
  ASSERT_TRUE(suite);
  FakeGreylist fake;
  Probes probes{.greylist = &fake};
  fake.decisions = {{"defer", 451, ""}, {"pass-after-delay", {}, ""}};
  EXPECT_EQ(suite->run(probes, "retry-after-delay-passes").verdict, Verdict::pass);
  // An IUT that only shows "accepted" matches any pass.
  fake.decisions = {{"defer", {}, ""}, {"accept", {}, ""}};
  EXPECT_EQ(suite->run(probes, "retry-after-delay-passes").verdict, Verdict::pass);
  fake.decisions = {{"accept", {}, ""}, {"accept", {}, ""}};
  auto o = suite->run(probes, "retry-after-delay-passes");
  EXPECT_EQ(o.verdict, Verdict::fail);
  EXPECT_NE(o.reason.find("attempt 1"), std::string::npos) << o.reason;
  fake.decisions = {{"defer", {}, ""}};
  EXPECT_EQ(suite->run(probes, "retry-after-delay-passes").verdict, Verdict::inconclusive);
  fake.decisions = {{"defer", {}, ""}, {"pass-after-delay", {}, ""}, {"defer", {}, ""}};
  EXPECT_EQ(suite->run(probes, "retry-after-delay-passes").verdict, Verdict::error);
  fake.decisions = {{"maybe", {}, ""}, {"defer", {}, ""}};
  EXPECT_EQ(suite->run(probes, "retry-after-delay-passes").verdict, Verdict::error);
  // Reply codes: 450 and 451 are allowed, 421 is not.
  fake.decisions = {{"defer", 450, ""}};
  EXPECT_EQ(suite->run(probes, "deferral-is-4yz").verdict, Verdict::pass);
  fake.decisions = {{"defer", 421, ""}};
  EXPECT_EQ(suite->run(probes, "deferral-is-4yz").verdict, Verdict::fail);
  // An acceptable outcome of a SHOULD vector: non-strict, and the sequence goes on.
  fake.decisions = {{"pass-whitelisted", {}, ""}, {"pass-whitelisted", {}, ""}};
  o = suite->run(probes, "null-sender-retry-passes");
  EXPECT_EQ(o.verdict, Verdict::non_strict) << o.reason;
}

TEST(DnsblAndGreylistSuites, WithoutTheirProbeCasesAreNotApplicable) {
  auto dnsbl = load("dnsbl", "dnsbl/rfc5782-ipv4.json");
  auto greylist = load("greylist", "greylist/rfc6647-triplet.json");
  ASSERT_TRUE(dnsbl && greylist);
  EXPECT_EQ(dnsbl->run({}, "ipv4-listed-query-name").verdict, Verdict::not_applicable);
  EXPECT_EQ(greylist->run({}, "retry-after-delay-passes").verdict, Verdict::not_applicable);
}

TEST(GreylistSuite, OptionalFeaturesNeedTheirClaims) {
  auto suite = load("greylist", "greylist/rfc6647-whitelist.json");
  ASSERT_TRUE(suite);
  EXPECT_EQ(suite->claims("whitelisted-after-three-passes"),
            std::vector<std::string>{"greylist.auto-whitelist"});
  EXPECT_EQ(suite->claims("exempt-client-passes"), std::vector<std::string>{"greylist.exemptions"});
}

}  // namespace
}  // namespace ascot::conformance

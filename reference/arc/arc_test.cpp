// Unit tests of ARC: instance parsing, collection, and sealing against validation. The
// conformance of validation is pinned by the vectors in vectors/arc/ (each its own test).
#include <gtest/gtest.h>

#include <memory>

#include "arc/arc.hpp"
#include "core/files.hpp"
#include "dkim/crypto.hpp"
#include "dns/zone_resolver.hpp"

namespace ascot::arc {
namespace {

constexpr std::int64_t kNow = 1767225600;

TEST(Instance, ReadsEachFieldKind) {
  EXPECT_EQ(instance_of("ARC-Authentication-Results", "i=3; mx.example.net; spf=pass"), 3);
  EXPECT_EQ(instance_of("arc-authentication-results", " (hop) i = 12 (c) ; mx.example.net; none"),
            12);
  EXPECT_EQ(instance_of("ARC-Seal", "i=1; a=rsa-sha256; cv=none; d=example.net; s=s; b=AA=="), 1);
  EXPECT_EQ(instance_of("ARC-Message-Signature", "i=50; a=rsa-sha256"), 50);
  for (const char* bad :
       {"i=0; a=x", "i=51; a=x", "i=001; a=x", "i=one; a=x", "a=rsa-sha256; i=1", ""}) {
    EXPECT_FALSE(instance_of("ARC-Seal", bad)) << bad;
  }
  EXPECT_FALSE(instance_of("ARC-Authentication-Results", "i=1 mx.example.net"))
      << "the ';' is required";
}

TEST(ChainStatus, NamesAreCaseInsensitive) {
  EXPECT_EQ(parse_chain_status("Pass"), ChainStatus::pass);
  EXPECT_EQ(parse_chain_status("NONE"), ChainStatus::none);
  EXPECT_FALSE(parse_chain_status("invalid"));
}

// Keys and DNS for sealing: the committed test keys of vectors/dkim/keys.
class Sealing : public ::testing::Test {
 protected:
  void SetUp() override {
    zone_ = std::make_shared<dns::Zone>();
    for (auto [file, selector, type] :
         {std::tuple{"rsa-2048-a", "rsa", "rsa"}, std::tuple{"ed25519-a", "ed", "ed25519"}}) {
      auto pem = read_file(std::string(ASCOT_SOURCE_DIR) + "/vectors/dkim/keys/" + file + ".pem");
      ASSERT_TRUE(pem) << pem.error().to_string();
      auto key = dkim::PrivateKey::from_pem(*pem);
      ASSERT_TRUE(key) << key.error().to_string();
      auto p = key->public_record_p();
      ASSERT_TRUE(p);
      for (const char* domain : {"relay.example.net", "lists.example.org"}) {
        zone_->add({std::string(selector) + "._domainkey." + domain, dns::RRType::TXT, 300,
                    std::vector<std::string>{"v=DKIM1; k=" + std::string(type) + "; p=" + *p}});
      }
      (std::string_view(type) == "rsa" ? rsa_ : ed_) = std::move(*key);
    }
  }

  ChainResult check(const std::string& text) {
    auto message = mail::Message::parse(text);
    EXPECT_TRUE(message);
    dns::ZoneResolver resolver(zone_);
    return validate(*message, resolver, {.now = kNow});
  }

  // seal_hop validates |received| as a sealer does on arrival, appends |footer| to the body
  // (a list's change), and prepends a new set.
  std::string seal_hop(const std::string& received, const dkim::PrivateKey& key,
                       const char* selector, const char* domain, const std::string& footer = "") {
    ChainResult incoming = check(received);
    std::string text = received + footer;
    auto message = mail::Message::parse(text);
    EXPECT_TRUE(message);
    SealOptions o{.domain = domain,
                  .selector = selector,
                  .authserv_id = std::string("mx.") + domain,
                  .results = "spf=pass smtp.mailfrom=example.com",
                  .timestamp = kNow - 60,
                  .chain_status = incoming.status};
    auto set = seal(*message, key, o);
    EXPECT_TRUE(set) << set.error().to_string();
    return set ? *set + text : text;
  }

  std::shared_ptr<dns::Zone> zone_;
  dkim::PrivateKey rsa_;
  dkim::PrivateKey ed_;
  const std::string original_ =
      "From: Alice <alice@example.com>\r\nTo: team@lists.example.org\r\nSubject: minutes\r\n"
      "Date: Wed, 31 Dec 2025 22:00:00 +0000\r\n\r\nThe minutes are attached.\r\n";
};

TEST_F(Sealing, NoArcIsNone) {
  ChainResult r = check(original_);
  EXPECT_EQ(r.status, ChainStatus::none);
  EXPECT_EQ(r.instances, 0);
}

TEST_F(Sealing, ChainOfThreePasses) {
  std::string m = seal_hop(original_, rsa_, "rsa", "relay.example.net");
  ChainResult one = check(m);
  EXPECT_EQ(one.status, ChainStatus::pass) << one.reason;
  m = seal_hop(m, ed_, "ed", "lists.example.org");
  m = seal_hop(m, rsa_, "rsa", "relay.example.net");
  ChainResult r = check(m);
  EXPECT_EQ(r.status, ChainStatus::pass) << r.reason;
  EXPECT_EQ(r.instances, 3);
  EXPECT_EQ(r.oldest_pass, 0);
  EXPECT_EQ(r.seal_domain, "relay.example.net");
}

TEST_F(Sealing, ModifyingHopSetsOldestPass) {
  std::string m = seal_hop(original_, rsa_, "rsa", "relay.example.net");
  m = seal_hop(m, ed_, "ed", "lists.example.org", "-- \r\nteam mailing list\r\n");
  ChainResult r = check(m);
  EXPECT_EQ(r.status, ChainStatus::pass) << r.reason;
  EXPECT_EQ(r.oldest_pass, 2);
}

TEST_F(Sealing, ChangeAfterTheLastSealFailsAtTheNewestAms) {
  std::string m = seal_hop(original_, rsa_, "rsa", "relay.example.net");
  m = seal_hop(m, ed_, "ed", "lists.example.org");
  ChainResult r = check(m + "appended\r\n");
  EXPECT_EQ(r.status, ChainStatus::fail);
  EXPECT_EQ(r.failed_instance, 2);
}

TEST_F(Sealing, TamperedOlderSealFails) {
  std::string m = seal_hop(original_, rsa_, "rsa", "relay.example.net");
  m = seal_hop(m, ed_, "ed", "lists.example.org");
  // Change the AAR of instance 1, which AS 2 covers.
  auto at = m.find("ARC-Authentication-Results: i=1; mx.relay.example.net");
  ASSERT_NE(at, std::string::npos);
  m.replace(m.find("spf=pass", at), 8, "spf=fail");
  ChainResult r = check(m);
  EXPECT_EQ(r.status, ChainStatus::fail);
  EXPECT_EQ(r.failed_instance, 2);
}

TEST_F(Sealing, BrokenChainIsSealedWithCvFailOverItsOwnSetOnly) {
  std::string m = seal_hop(original_, rsa_, "rsa", "relay.example.net") + "appended\r\n";
  ASSERT_EQ(check(m).status, ChainStatus::fail);
  m = seal_hop(m, ed_, "ed", "lists.example.org");
  EXPECT_NE(m.find("cv=fail"), std::string::npos);
  ChainResult r = check(m);
  EXPECT_EQ(r.status, ChainStatus::fail);
  EXPECT_NE(r.reason.find("step 2"), std::string::npos) << r.reason;
  // 5.1: a sealer does not continue a chain whose newest seal says cv=fail.
  auto message = mail::Message::parse(m);
  ASSERT_TRUE(message);
  auto again = seal(*message, rsa_,
                    {.domain = "relay.example.net",
                     .selector = "rsa",
                     .authserv_id = "mx",
                     .chain_status = ChainStatus::fail});
  EXPECT_FALSE(again);
}

TEST_F(Sealing, RefusesContradictionsAndForbiddenFields) {
  auto message = mail::Message::parse(original_);
  ASSERT_TRUE(message);
  SealOptions o{
      .domain = "relay.example.net", .selector = "rsa", .authserv_id = "mx.relay.example.net"};
  o.chain_status = ChainStatus::pass;
  EXPECT_FALSE(seal(*message, rsa_, o)) << "cv=pass with no chain";
  o.chain_status = ChainStatus::none;
  o.headers = {"From", "Authentication-Results"};
  EXPECT_FALSE(seal(*message, rsa_, o)) << "4.1.2: the AMS MUST NOT sign Authentication-Results";
}

TEST_F(Sealing, DuplicateAndMissingSetsFail) {
  std::string m = seal_hop(original_, rsa_, "rsa", "relay.example.net");
  std::string aar = m.substr(m.find("ARC-Authentication-Results:"));
  aar = aar.substr(0, aar.find("\r\n", aar.find("\r\n") + 2) + 2);
  ChainResult dup = check(aar + m);
  EXPECT_EQ(dup.status, ChainStatus::fail);
  EXPECT_NE(dup.reason.find("2 ARC-Authentication-Results"), std::string::npos) << dup.reason;
  std::string renumbered = m;
  for (std::size_t at = renumbered.find("i=1;"); at != std::string::npos;
       at = renumbered.find("i=1;", at)) {
    renumbered.replace(at, 4, "i=2;");
  }
  ChainResult gap = check(renumbered);
  EXPECT_EQ(gap.status, ChainStatus::fail);
  EXPECT_NE(gap.reason.find("no ARC Set with i=1"), std::string::npos) << gap.reason;
}

}  // namespace
}  // namespace ascot::arc

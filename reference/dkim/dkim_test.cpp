// Unit tests of the DKIM pieces, and signing against verifying. The conformance of
// verification is pinned by the vectors in vectors/dkim/ (each its own test).
#include <gtest/gtest.h>

#include "dkim/canonicalization.hpp"
#include "dkim/crypto.hpp"
#include "dkim/signature.hpp"
#include "dkim/tag_list.hpp"
#include "dkim/verify.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "core/base64.hpp"
#include "dns/zone_resolver.hpp"

namespace ascot::dkim {
namespace {

TEST(TagList, ParsesAndRejects) {
  auto t = TagList::parse(" v = 1 ;a=rsa-sha256;\r\n\tb=ab cd\r\n ef ; x= ;");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->tags().size(), 4u);
  EXPECT_EQ(t->find("v")->value, "1");
  EXPECT_EQ(t->find("b")->value, "ab cd\r\n ef");
  EXPECT_EQ(remove_fws(t->find("b")->value), "abcdef");
  EXPECT_EQ(t->find("x")->value, "");
  EXPECT_EQ(t->find("V"), nullptr) << "tag names are case-sensitive";
  for (const char* bad : {"a=1; a=2", "1a=x", "=x", "a", "a=b\r\nc=d", "a=\x01"}) {
    EXPECT_FALSE(TagList::parse(bad)) << bad;
  }
  EXPECT_TRUE(TagList::parse(""));
}

// RFC 6376 3.4.5 gives this example of both canonicalisations.
TEST(Canonicalization, Rfc6376Section3_4_5Example) {
  EXPECT_EQ(canonical_header("A: X\r\n", Canonicalization::relaxed), "a:X\r\n");
  EXPECT_EQ(canonical_header("B : Y\t\r\n\tZ  \r\n", Canonicalization::relaxed), "b:Y Z\r\n");
  EXPECT_EQ(canonical_header("B : Y\t\r\n\tZ  \r\n", Canonicalization::simple),
            "B : Y\t\r\n\tZ  \r\n");
  std::string body = " C \r\nD \t E\r\n\r\n\r\n";
  EXPECT_EQ(canonical_body(body, Canonicalization::relaxed), " C\r\nD E\r\n");
  EXPECT_EQ(canonical_body(body, Canonicalization::simple), " C \r\nD \t E\r\n");
}

TEST(Canonicalization, EmptyAndUnterminatedBodies) {
  EXPECT_EQ(canonical_body("", Canonicalization::simple), "\r\n");
  EXPECT_EQ(canonical_body("", Canonicalization::relaxed), "");
  EXPECT_EQ(canonical_body("\r\n\r\n", Canonicalization::relaxed), "");
  EXPECT_EQ(canonical_body("x", Canonicalization::simple), "x\r\n");
  EXPECT_EQ(canonical_body("x  ", Canonicalization::relaxed), "x\r\n");
  EXPECT_EQ(canonical_body(" \r\n", Canonicalization::relaxed), "");
}

TEST(Signature, ParsesAndChecks) {
  auto s = parse_signature(
      "v=1; a=rsa-sha256; c=relaxed; d=example.com; s=sel; i=user@mail.example.com; h=From : To; "
      "bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==; t=100; x=200; l=10; q=dns/txt");
  ASSERT_TRUE(s) << s.error().detail;
  EXPECT_EQ(s->header_canonicalization, Canonicalization::relaxed);
  EXPECT_EQ(s->body_canonicalization, Canonicalization::simple);
  EXPECT_EQ(s->headers, (std::vector<std::string>{"From", "To"}));
  EXPECT_EQ(s->identity, "user@mail.example.com");
  EXPECT_EQ(s->length, 10u);
  struct Case {
    const char* value;
    const char* reason;
  };
  const std::string ok_tail = "; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==";
  for (const Case& c :
       {Case{"v=1; a=rsa-sha256; s=sel; h=from", "missing-tag"},
        Case{"v=2; a=rsa-sha256; d=example.com; s=sel; h=from", "version"},
        Case{"v=1; a=rsa-md5; d=example.com; s=sel; h=from", "algorithm"},
        Case{"v=1; a=rsa-sha256; c=fancy; d=example.com; s=sel; h=from", "canonicalization"},
        Case{"v=1; a=rsa-sha256; d=example.com; s=sel; h=to", "from-not-signed"},
        Case{"v=1; a=rsa-sha256; d=example.com; s=sel; h=from; i=a@example.org",
             "identity-mismatch"},
        Case{"v=1; a=rsa-sha256; d=example.com; s=sel; h=from; t=5; x=5", "timestamps"},
        Case{"v=1; a=rsa-sha256; d=example.com; s=sel; h=from; q=http", "query-method"},
        Case{"v=1; v=1; a=rsa-sha256; d=example.com; s=sel; h=from", "duplicate-tag"}}) {
    auto bad = parse_signature(std::string(c.value) + ok_tail);
    ASSERT_FALSE(bad) << c.value;
    EXPECT_EQ(bad.error().reason, c.reason) << c.value << ": " << bad.error().detail;
  }
}

TEST(Signature, BlanksBInTheExactBytes) {
  std::string field = "DKIM-Signature: a=x; b=abc\r\n def; bh=zz\r\n";
  EXPECT_EQ(signature_input_field(field, Canonicalization::simple),
            "DKIM-Signature: a=x; b=; bh=zz");
  EXPECT_EQ(signature_input_field(field, Canonicalization::relaxed),
            "dkim-signature:a=x; b=; bh=zz");
}

TEST(KeyRecord, ParsesAndRejects) {
  auto k = parse_key_record("v=DKIM1; k=ed25519; h=sha256; s=email:*; t=y:s; p=AAAA");
  ASSERT_TRUE(k) << k.error().detail;
  EXPECT_EQ(k->key_type, "ed25519");
  EXPECT_TRUE(k->testing);
  EXPECT_TRUE(k->strict);
  auto revoked = parse_key_record("v=DKIM1; p=");
  ASSERT_TRUE(revoked);
  EXPECT_TRUE(revoked->public_key.empty());
  EXPECT_FALSE(parse_key_record("k=rsa; v=DKIM1; p=AAAA")) << "v= must come first";
  EXPECT_FALSE(parse_key_record("v=DKIM2; p=AAAA"));
  EXPECT_FALSE(parse_key_record("v=DKIM1; k=rsa"));
  EXPECT_FALSE(parse_key_record("v=DKIM1; p=!!!"));
}

// A PEM private key made in the test.
std::string generate_pem(int type, int bits) {
  EVP_PKEY* pkey = type == EVP_PKEY_RSA ? EVP_RSA_gen(static_cast<unsigned>(bits))
                                        : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(pkey);
  return pem;
}

class SignAndVerify : public ::testing::TestWithParam<int> {};

TEST_P(SignAndVerify, RoundTripAndTampering) {
  auto key = PrivateKey::from_pem(generate_pem(GetParam(), 2048));
  ASSERT_TRUE(key) << key.error().to_string();
  auto p = key->public_record_p();
  ASSERT_TRUE(p);
  auto zone = std::make_shared<dns::Zone>();
  std::string k = key->type() == KeyType::ed25519 ? "ed25519" : "rsa";
  zone->add({"sel._domainkey.example.com", dns::RRType::TXT, 300,
             std::vector<std::string>{"v=DKIM1; k=" + k + "; p=" + *p}});
  dns::ZoneResolver resolver(zone);
  std::string text =
      "From: Alice <alice@example.com>\r\nTo: bob@example.org\r\nSubject: "
      "hi\r\n\tthere\r\n\r\nHello  \r\nworld\r\n\r\n";
  auto message = mail::Message::parse(text);
  ASSERT_TRUE(message);
  for (auto hc : {Canonicalization::simple, Canonicalization::relaxed}) {
    for (auto bc : {Canonicalization::simple, Canonicalization::relaxed}) {
      SignOptions o{.domain = "example.com",
                    .selector = "sel",
                    .header_canonicalization = hc,
                    .body_canonicalization = bc,
                    .timestamp = 1000};
      auto field = sign(*message, *key, o);
      ASSERT_TRUE(field) << field.error().to_string();
      auto signed_message = mail::Message::parse(*field + text);
      ASSERT_TRUE(signed_message) << signed_message.error().to_string();
      auto results = verify(*signed_message, resolver, {.now = 2000});
      ASSERT_EQ(results.size(), 1u);
      EXPECT_EQ(results[0].result, Result::pass)
          << results[0].reason << ": " << results[0].detail << "\n"
          << *field;
      auto body_tampered = mail::Message::parse(*field + text + "more\r\n");
      EXPECT_EQ(verify(*body_tampered, resolver, {.now = 2000})[0].reason, "body-hash-mismatch");
      std::string header_tampered_text = *field + text;
      header_tampered_text.replace(header_tampered_text.find("Subject: hi"), 11, "Subject: HI");
      auto header_tampered = mail::Message::parse(header_tampered_text);
      EXPECT_EQ(verify(*header_tampered, resolver, {.now = 2000})[0].reason, "signature-mismatch");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, SignAndVerify,
                         ::testing::Values(EVP_PKEY_RSA, EVP_PKEY_ED25519),
                         [](const auto& param_info) {
                           return param_info.param == EVP_PKEY_RSA ? "rsa" : "ed25519";
                         });

TEST(Sign, RefusesSmallRsaKeys) {
  auto key = PrivateKey::from_pem(generate_pem(EVP_PKEY_RSA, 768));
  ASSERT_TRUE(key);
  auto message = mail::Message::parse("From: a@example.com\r\n\r\nx\r\n");
  auto field = sign(*message, *key, {.domain = "example.com", .selector = "s"});
  ASSERT_FALSE(field);
  EXPECT_NE(field.error().message.find("8301"), std::string::npos);
}

TEST(Verify, NoSignatureMeansNoResults) {
  auto message = mail::Message::parse("From: a@example.com\r\n\r\nx\r\n");
  dns::ZoneResolver resolver(std::make_shared<dns::Zone>());
  EXPECT_TRUE(verify(*message, resolver, {}).empty());
}

}  // namespace
}  // namespace ascot::dkim

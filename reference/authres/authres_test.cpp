// Unit tests of the Authentication-Results parser and writer. The parse cases that pin down
// RFC 8601 are the vectors in vectors/authres/ (each its own test in authres_vectors_test).
#include <gtest/gtest.h>

#include "authres/authres.hpp"

namespace ascot::authres {
namespace {

TEST(Authres, ParsesResultsPropertiesAndReasons) {
  auto ar = parse_field(
      "Authentication-Results: mx.example.org 1; (comment) spf=pass "
      "smtp.mailfrom=user@example.net;\r\n"
      "\tdkim=pass reason=\"good sig\" header.d=example.com header.i=@example.com;\r\n"
      " DKIM/1 = FAIL header.d=\"example.org\"");
  ASSERT_TRUE(ar) << ar.error().to_string();
  EXPECT_EQ(ar->authserv_id, "mx.example.org");
  EXPECT_EQ(ar->version, 1);
  ASSERT_EQ(ar->results.size(), 3u);
  EXPECT_EQ(ar->results[0].property("smtp", "mailfrom"), "user@example.net");
  EXPECT_EQ(ar->results[1].reason, "good sig");
  EXPECT_EQ(ar->results[1].property("header", "i"), "@example.com");
  EXPECT_EQ(ar->results[2].method, "dkim");
  EXPECT_EQ(ar->results[2].method_version, 1);
  EXPECT_EQ(ar->results[2].result, "fail");
  EXPECT_EQ(ar->results_for("dkim").size(), 2u);
}

TEST(Authres, TheNoneForm) {
  auto ar = parse(" example.org ; none");
  ASSERT_TRUE(ar) << ar.error().to_string();
  EXPECT_TRUE(ar->results.empty());
  EXPECT_FALSE(parse(" example.org; none; spf=pass"));
  auto spf_none = parse(" example.org; spf=none");
  ASSERT_TRUE(spf_none);
  EXPECT_EQ(spf_none->results[0].result, "none");
}

TEST(Authres, RejectsWhatTheGrammarForbids) {
  for (const char* bad :
       {"", " ", " example.org", " example.org;", " example.org; spf",
        " example.org; spf=", " example.org; dkim=pass d=example.com",
        " example.org; dkim=pass header.b=ab/cd", " example.org; spf=pass (unclosed",
        " \"unterminated; spf=pass", " example.org; spf=pass\r\nbroken", " example.org x; spf=pass",
        " example.org; spf=pass smtp.mailfrom=a reason=late"}) {
    auto ar = parse(bad);
    EXPECT_FALSE(ar) << "'" << bad << "' parsed";
  }
  EXPECT_FALSE(parse_field("Received: from x"));
}

TEST(Authres, LenientModeReadsCommonDeviations) {
  EXPECT_TRUE(parse(" example.org; dkim=pass header.b=ab/cd+e=;", {.lenient = true}));
  EXPECT_EQ(parse(" example.org; dkim=pass header.b=ab/cd", {.lenient = true})
                ->results[0]
                .property("header", "b"),
            "ab/cd");
}

TEST(Authres, FormatRoundTrips) {
  AuthenticationResults ar;
  ar.authserv_id = "mx.example.org";
  ar.results.push_back(
      {"spf", std::nullopt, "pass", std::nullopt, {{"smtp", "mailfrom", "example.net"}}});
  ar.results.push_back({"dkim",
                        1,
                        "fail",
                        "body hash \"differs\"",
                        {{"header", "d", "example.com"},
                         {"header", "b", "ab/cd"},
                         {"header", "i", "@example.com"}}});
  std::string field = format(ar);
  EXPECT_TRUE(field.starts_with(
      "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.net;"));
  auto back = parse_field(field);
  ASSERT_TRUE(back) << back.error().to_string() << "\n" << field;
  EXPECT_EQ(*back, ar);
  AuthenticationResults none;
  none.authserv_id = "a b";
  EXPECT_EQ(format(none), "Authentication-Results: \"a b\"; none");
}

// Found by authres_fuzz: a quoted value that looks like an address but whose domain has an
// empty label must stay quoted, or it does not parse back.
TEST(Authres, AddressLikeValuesWithBadDomainsStayQuoted) {
  for (const char* value : {"a@b.", "a@.b", "o@org..p", "a@"}) {
    AuthenticationResults ar;
    ar.authserv_id = "mx.example.org";
    ar.results.push_back({"auth", std::nullopt, "pass", std::nullopt, {{"smtp", "auth", value}}});
    auto back = parse_field(format(ar));
    ASSERT_TRUE(back) << value << ": " << back.error().to_string() << "\n" << format(ar);
    EXPECT_EQ(*back, ar) << value;
  }
}

}  // namespace
}  // namespace ascot::authres

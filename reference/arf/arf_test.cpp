// Unit tests of the ARF writer and parser. Parsing conformance is pinned by the vectors in
// vectors/arf/ (each its own test in reference_vectors_test).
#include <gtest/gtest.h>

#include "arf/arf.hpp"

namespace ascot::arf {
namespace {

const char* kOriginal =
    "From: spammer@example.net\r\nTo: victim@example.com\r\nSubject: buy now\r\n\r\ncheap "
    "stuff\r\n";

TEST(Arf, GeneratesWhatItParses) {
  ReportSpec spec;
  spec.from = "abuse@example.org";
  spec.to = "abuse@example.net";
  spec.user_agent = "ascot/0.1";
  spec.fields = {{"Source-IP", "192.0.2.1"},
                 {"Reported-Domain", "example.net"},
                 {"Reported-Domain", "example.com"}};
  spec.original = kOriginal;
  for (bool headers_only : {false, true}) {
    spec.headers_only = headers_only;
    auto text = generate(spec);
    ASSERT_TRUE(text) << text.error().to_string();
    auto message = mail::Message::parse(*text);
    ASSERT_TRUE(message) << message.error().to_string();
    auto report = parse(*message);
    ASSERT_TRUE(report) << report.error().to_string() << "\n" << *text;
    EXPECT_EQ(report->field("feedback-type"), "abuse");
    EXPECT_EQ(report->field("user-agent"), "ascot/0.1");
    EXPECT_EQ(report->field("version"), "1");
    EXPECT_EQ(report->field("source-ip"), "192.0.2.1");
    EXPECT_EQ(report->fields["reported-domain"].size(), 2u);
    EXPECT_EQ(report->original_type, headers_only ? "text/rfc822-headers" : "message/rfc822");
    EXPECT_EQ(report->original_from, "spammer@example.net");
  }
}

TEST(Arf, GenerateRefusesBadSpecs) {
  ReportSpec spec;
  spec.original = kOriginal;
  EXPECT_FALSE(generate(spec)) << "no User-Agent";
  spec.user_agent = "x/1";
  spec.fields = {{"Source-IP", "192.0.2.1\r\nInjected: 1"}};
  EXPECT_FALSE(generate(spec));
  spec.fields.clear();
  spec.original = "not a message\n";
  EXPECT_FALSE(generate(spec));
}

TEST(Arf, RejectsOrdinaryMessages) {
  auto message = mail::Message::parse(kOriginal);
  ASSERT_TRUE(message);
  auto report = parse(*message);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("multipart/report"), std::string::npos);
}

}  // namespace
}  // namespace ascot::arf

#include <gtest/gtest.h>

#include "reports/results.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <pugixml.hpp>

#include "core/files.hpp"
#include "core/json.hpp"
#include "vectors/json_schema.hpp"

namespace ascot::reports {
namespace {

Run sample_run() {
  Run run;
  run.tool_version = "9.9.9";
  run.suite_version = "9.9.9+abc";
  run.suite = "spf";
  run.iut = boost::json::object{
      {"name", "Test <IUT> & co"}, {"adapter", "reference"}, {"claims", boost::json::array{"spf"}}};
  run.started = "2026-01-01T00:00:00Z";
  run.finished = "2026-01-01T00:00:01Z";
  PurposeResult p;
  p.id = "spf/4.6.4/void-lookups";
  p.suite = "spf";
  p.title = "Void lookups";
  p.description = "More than two <void> lookups";
  p.level = Level::should;
  p.rfc = "7208:4.6.4";
  p.itu.push_back({"X.1240:7.4", "derived-from-heading", "Types of anti-spam technologies"});
  p.claims = {"spf"};
  CaseResult ok{"spf/4.6.4/void-lookups/a",
                "a",
                "vectors/spf/x.json",
                "two voids",
                "7208:4.6.4",
                Level::should,
                {"VOID"},
                "pass",
                "pass",
                Verdict::pass,
                "",
                "dns: TXT example.com -> NOERROR\n",
                1.5};
  CaseResult lenient = ok;
  lenient.id = "spf/4.6.4/void-lookups/b";
  lenient.vector = "b";
  lenient.verdict = Verdict::non_strict;
  lenient.expected = "permerror (acceptable: neutral)";
  lenient.observed = "neutral";
  CaseResult bad = ok;
  bad.id = "spf/4.6.4/void-lookups/c";
  bad.vector = "c";
  bad.level = Level::must;
  bad.verdict = Verdict::fail;
  bad.observed = "permerror";
  bad.reason = "expected <pass>";
  p.cases = {ok, lenient, bad};
  p.verdict = Verdict::fail;
  PurposeResult na = p;
  na.id = "spf/2.3/helo";
  na.verdict = Verdict::not_applicable;
  na.reason = "the IUT does not claim spf.helo";
  for (auto& c : na.cases) c.verdict = Verdict::not_applicable;
  run.purposes = {p, na};
  return run;
}

TEST(Results, SummaryCountsByVerdictLevelAndClause) {
  Summary s = summarize(sample_run());
  EXPECT_EQ(s.purposes.total(), 2);
  EXPECT_EQ(s.cases.total(), 6);
  EXPECT_EQ(s.cases.count(Verdict::not_applicable), 3);
  EXPECT_EQ(s.must_cases.count(Verdict::fail), 1);
  EXPECT_EQ(s.should_cases.count(Verdict::non_strict), 1);
  EXPECT_EQ(s.by_rfc_clause["7208:4.6.4"].total(), 6);
  EXPECT_EQ(s.by_itu_clause["X.1240:7.4"].count(Verdict::pass), 1);
  EXPECT_FALSE(passed(sample_run()));
}

TEST(Results, JsonRoundTripsAndMatchesTheSchema) {
  reports::Run run = sample_run();
  auto doc = to_json(run);
  auto back = from_json(doc);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(boost::json::serialize(to_json(*back)), boost::json::serialize(doc));
  vectors::SchemaStore schemas;
  ASSERT_TRUE(schemas.load_directory(std::string(ASCOT_SOURCE_DIR) + "/reports/schemas"));
  auto errors = schemas.validate("results.schema.json", doc);
  std::string all;
  for (const auto& e : errors) all += e + "\n";
  EXPECT_TRUE(errors.empty()) << all;
}

TEST(Results, FromJsonRejectsUnknownKeysAndVerdicts) {
  auto doc = to_json(sample_run());
  doc.as_object()["extra"] = 1;
  EXPECT_FALSE(from_json(doc));
  doc = to_json(sample_run());
  doc.at("purposes").as_array()[0].at("cases").as_array()[0].as_object()["verdict"] = "maybe";
  auto r = from_json(doc);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("maybe"), std::string::npos);
}

TEST(Results, JunitMapsVerdicts) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(to_junit(sample_run()).c_str()));
  auto suites = doc.child("testsuites");
  EXPECT_EQ(suites.attribute("tests").as_int(), 6);
  EXPECT_EQ(suites.attribute("failures").as_int(), 1);
  EXPECT_EQ(suites.attribute("skipped").as_int(), 3);
  auto first = suites.child("testsuite");
  EXPECT_STREQ(first.attribute("name").value(), "spf/4.6.4/void-lookups");
  int failures = 0, verdict_props = 0;
  for (auto tc : first.children("testcase")) {
    if (tc.child("failure")) ++failures;
    for (auto prop : tc.child("properties").children("property")) {
      if (std::string(prop.attribute("name").value()) == "verdict") ++verdict_props;
    }
  }
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(verdict_props, 3);
}

TEST(Results, HtmlEscapesEverythingAndShowsEachCase) {
  std::string html = to_html(sample_run());
  EXPECT_EQ(html.find("<IUT>"), std::string::npos);
  EXPECT_NE(html.find("Test &lt;IUT&gt; &amp; co"), std::string::npos);
  EXPECT_NE(html.find("expected &lt;pass&gt;"), std::string::npos);
  EXPECT_NE(html.find("derived-from-heading"), std::string::npos);
  EXPECT_NE(html.find("<details><summary>transcript</summary>"), std::string::npos);
}

TEST(Results, WriteReportsWritesAllThreeFiles) {
  auto dir = std::filesystem::temp_directory_path() / "ascot_reports_test";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(write_reports(sample_run(), (dir / "nested").string()));
  for (const char* f : {"results.json", "junit.xml", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "nested" / f)) << f;
  }
  auto text = read_file((dir / "nested" / "results.json").string());
  ASSERT_TRUE(text);
  auto doc = json::parse(*text, "results.json");
  ASSERT_TRUE(doc);
  EXPECT_TRUE(from_json(*doc));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ascot::reports

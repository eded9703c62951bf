// Every vector of every suite as its own GoogleTest case, run against the reference through
// the same suites, probes and judges as `ascot run`. Run one alone with, for example,
//   reference_vectors_test --gtest_filter='*spf__mech_include_pass_matches'
// The greylisting sequences run a second time against the SQLite store, so that both stores of
// the reference meet every vector.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "adapters/reference_adapter.hpp"
#include "adapters/smtp_adapter.hpp"
#include "greylist/sqlite_store.hpp"
#include "runner/suite_data.hpp"

namespace ascot::conformance {
namespace {

const harness::SuiteData& data() {
  static const harness::SuiteData loaded = [] {
    auto d = harness::load_suite_data(ASCOT_SOURCE_DIR);
    if (!d) {
      ADD_FAILURE() << d.error().to_string();
      return harness::SuiteData{};
    }
    return std::move(*d);
  }();
  return loaded;
}

struct Case {
  std::string suite;
  std::string id;
};

// all_cases lists the cases of suite |only|, or of every suite but the SMTP suite, whose
// cases run against the reference MTA over the network (below).
std::vector<Case> all_cases(std::string_view only = {}) {
  std::vector<Case> out;
  for (const auto& suite : data().suites) {
    if (!only.empty() && suite->name() != only) continue;
    if (only.empty() && suite->name() == "smtp") continue;
    for (const auto* meta : suite->metas()) out.push_back({std::string(suite->name()), meta->id});
  }
  return out;
}

std::string case_name(const ::testing::TestParamInfo<Case>& param_info) {
  std::string name = param_info.param.suite + "__" + param_info.param.id;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// expect_pass runs one case through its suite and expects a pass, showing all a reader needs.
void expect_pass(const conformance::Probes& probes, const Case& c) {
  const Suite* suite = data().suite(c.suite);
  ASSERT_NE(suite, nullptr);
  const auto* meta = suite->meta(c.id);
  ASSERT_NE(meta, nullptr);
  CaseOutcome o = suite->run(probes, c.id);
  EXPECT_EQ(o.verdict, Verdict::pass)
      << meta->id << " (" << meta->file << ", " << meta->clause.to_string() << ")\n"
      << meta->comment << "\nexpected: " << o.expected << "\nobserved: " << o.observed << "\n"
      << o.reason << "\ntranscript:\n"
      << o.transcript;
}

class Vector : public ::testing::TestWithParam<Case> {};

TEST_P(Vector, Reference) {
  static auto adapter =
      harness::make_reference_adapter(false, harness::reference_profile("reference"));
  ASSERT_TRUE(adapter) << adapter.error().to_string();
  expect_pass((*adapter)->probes(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(All, Vector, ::testing::ValuesIn(all_cases()), case_name);

// The greylisting sequences against greylist::SqliteStore, one database file per sequence in a
// directory of the case's own.
class SqliteGreylist : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ascot-greylist-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_P(SqliteGreylist, Reference) {
  int opened = 0;
  auto probe =
      harness::make_reference_greylist_probe([&]() -> Expected<std::unique_ptr<greylist::Store>> {
        auto store =
            greylist::SqliteStore::open((dir_ / (std::to_string(++opened) + ".db")).string());
        if (!store) return std::unexpected(store.error());
        return std::unique_ptr<greylist::Store>(std::move(*store));
      });
  conformance::Probes probes;
  probes.greylist = probe.get();
  expect_pass(probes, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Greylist, SqliteGreylist, ::testing::ValuesIn(all_cases("greylist")),
                         case_name);

// The SMTP scenarios against the reference MTA, started on loopback with the DNS scenario
// server and the sink, and driven over SMTP exactly as `ascot run --iut reference-mta` does.
class SmtpScenario : public ::testing::TestWithParam<Case> {};

TEST_P(SmtpScenario, ReferenceMta) {
  static auto adapter = harness::make_reference_mta_adapter(ASCOT_SOURCE_DIR);
  ASSERT_TRUE(adapter) << adapter.error().to_string();
  expect_pass((*adapter)->probes(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Smtp, SmtpScenario, ::testing::ValuesIn(all_cases("smtp")), case_name);

TEST(Vectors, EverySuiteHasVectors) {
  for (const auto& suite : data().suites) EXPECT_FALSE(suite->metas().empty()) << suite->name();
}

}  // namespace
}  // namespace ascot::conformance

// Every vector of every suite as its own GoogleTest case, run against the reference through
// the same suites, probes and judges as `ascot run`. Run one alone with, for example,
//   reference_vectors_test --gtest_filter='*spf__mech_include_pass_matches'
#include <gtest/gtest.h>

#include <algorithm>

#include "adapters/reference_adapter.hpp"
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

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto& suite : data().suites) {
    for (const auto* meta : suite->metas()) out.push_back({std::string(suite->name()), meta->id});
  }
  return out;
}

class Vector : public ::testing::TestWithParam<Case> {};

TEST_P(Vector, Reference) {
  static auto adapter =
      harness::make_reference_adapter(false, harness::reference_profile("reference"));
  ASSERT_TRUE(adapter) << adapter.error().to_string();
  const Suite* suite = data().suite(GetParam().suite);
  ASSERT_NE(suite, nullptr);
  const auto* meta = suite->meta(GetParam().id);
  ASSERT_NE(meta, nullptr);
  CaseOutcome o = suite->run((*adapter)->probes(), GetParam().id);
  EXPECT_EQ(o.verdict, Verdict::pass)
      << meta->id << " (" << meta->file << ", " << meta->clause.to_string() << ")\n"
      << meta->comment << "\nexpected: " << o.expected << "\nobserved: " << o.observed << "\n"
      << o.reason << "\ntranscript:\n"
      << o.transcript;
}

INSTANTIATE_TEST_SUITE_P(All, Vector, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.suite + "__" + param_info.param.id;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(Vectors, EverySuiteHasVectors) {
  for (const auto& suite : data().suites) EXPECT_FALSE(suite->metas().empty()) << suite->name();
}

}  // namespace
}  // namespace ascot::conformance

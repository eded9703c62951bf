// Every SPF vector as its own GoogleTest case, run against the reference implementation
// through the same probe and judge as `ascot run` uses. Run one vector alone with
//   ctest -R 'SpfVector.*mech_include_pass_matches'   or
//   spf_vectors_test --gtest_filter='*mech_include_pass_matches*'
#include <gtest/gtest.h>

#include <algorithm>

#include "adapters/reference_adapter.hpp"
#include "conformance/spf/spf_judge.hpp"
#include "vectors/spf_vectors.hpp"

namespace ascot::conformance {
namespace {

const std::vector<vectors::SpfVector>& all_vectors() {
  static const std::vector<vectors::SpfVector> loaded = [] {
    vectors::SchemaStore schemas;
    auto ok = schemas.load_directory(std::string(ASCOT_SOURCE_DIR) + "/vectors/schemas");
    if (!ok) {
      ADD_FAILURE() << ok.error().to_string();
      return std::vector<vectors::SpfVector>{};
    }
    auto v = vectors::load_all_spf_vectors(
        vectors::find_vector_files(std::string(ASCOT_SOURCE_DIR) + "/vectors/spf"), schemas);
    if (!v) {
      ADD_FAILURE() << v.error().to_string();
      return std::vector<vectors::SpfVector>{};
    }
    return *v;
  }();
  return loaded;
}

class SpfVector : public ::testing::TestWithParam<std::size_t> {};

TEST_P(SpfVector, Reference) {
  const auto& vector = all_vectors().at(GetParam());
  static auto adapter =
      harness::make_reference_adapter(false, harness::reference_profile("reference"));
  ASSERT_TRUE(adapter) << adapter.error().to_string();
  auto observation = (*adapter)->spf()->check(vector.query, vector.zone);
  ASSERT_TRUE(observation) << observation.error().to_string();
  CaseJudgement judgement = judge_spf(vector, *observation);
  EXPECT_EQ(judgement.verdict, Verdict::pass)
      << vector.id << " (" << vector.file << ", " << vector.clause.to_string() << ")\n"
      << vector.comment << "\nexpected: " << judgement.expected
      << "\nobserved: " << judgement.observed << "\n"
      << judgement.reason << "\ntranscript:\n"
      << observation->transcript;
}

std::vector<std::size_t> indices() {
  std::vector<std::size_t> out(all_vectors().size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = i;
  return out;
}

INSTANTIATE_TEST_SUITE_P(Rfc7208, SpfVector, ::testing::ValuesIn(indices()),
                         [](const ::testing::TestParamInfo<std::size_t>& param_info) {
                           std::string name = all_vectors().at(param_info.param).id;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SpfVectors, AreEnough) {
  EXPECT_GE(all_vectors().size(), 150u);
}

}  // namespace
}  // namespace ascot::conformance

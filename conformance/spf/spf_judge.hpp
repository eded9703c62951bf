// conformance/spf/spf_judge.hpp: judging an SPF observation against an SPF vector.
#pragma once

#include <string>

#include "conformance/probes.hpp"
#include "core/verdict.hpp"
#include "vectors/spf_vectors.hpp"

namespace ascot::conformance {

struct CaseJudgement {
  Verdict verdict = Verdict::error;
  std::string expected;  // what the vector allows, as text
  std::string observed;  // what the IUT did, as text
  std::string reason;    // why the verdict is what it is
};

// judge_spf: pass when the observed result is expected (and, for a fail result whose
// vector pins the explanation, the explanation matches where it can be observed);
// non-strict when the result is only acceptable; fail otherwise; inconclusive when the
// observation holds no result.
CaseJudgement judge_spf(const vectors::SpfVector& vector, const SpfObservation& observation);

}  // namespace ascot::conformance

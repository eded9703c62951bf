#include "conformance/spf/spf_judge.hpp"

namespace ascot::conformance {

CaseJudgement judge_spf(const vectors::SpfVector& vector, const SpfObservation& observation) {
  CaseJudgement out;
  out.expected = vectors::results_text(vector.expected);
  if (!vector.acceptable.empty())
    out.expected += " (acceptable: " + vectors::results_text(vector.acceptable) + ")";
  if (vector.explanation) {
    out.expected += *vector.explanation ? ", explanation \"" + **vector.explanation + "\""
                                        : ", no explanation from exp=";
  }
  if (!observation.result) {
    out.verdict = Verdict::inconclusive;
    out.observed = "no result";
    out.reason = "the IUT reported no SPF result that could be read";
    return out;
  }
  spf::Result result = *observation.result;
  out.observed = std::string(spf::result_name(result));
  if (observation.explanation && !observation.explanation->empty()) {
    out.observed += ", explanation \"" + *observation.explanation + "\"";
  }
  if (vector.expected.contains(result)) {
    out.verdict = Verdict::pass;
  } else if (vector.acceptable.contains(result)) {
    out.verdict = Verdict::non_strict;
    out.reason = std::string(spf::result_name(result)) + " is tolerated, but the " +
                 std::string(level_name(vector.meta.level)) + " of " +
                 vector.meta.clause.to_string() + " asks for " +
                 vectors::results_text(vector.expected);
    return out;
  } else {
    out.verdict = Verdict::fail;
    out.reason = "expected " + vectors::results_text(vector.expected) + " (" +
                 vector.meta.clause.to_string() + "), got " + std::string(spf::result_name(result));
    return out;
  }
  if (vector.explanation && result == spf::Result::fail) {
    if (!observation.explanation) {
      out.reason =
          "result as expected; the IUT's interface does not show the explanation, so it was not "
          "judged";
    } else if (*vector.explanation && *observation.explanation != **vector.explanation) {
      out.verdict = Verdict::fail;
      out.reason = "explanation (RFC 7208 6.2) differs: expected \"" + **vector.explanation +
                   "\", got \"" + *observation.explanation + "\"";
    } else if (!*vector.explanation && !observation.explanation->empty()) {
      out.verdict = Verdict::fail;
      out.reason = "exp= must not yield an explanation here (RFC 7208 6.2), but the IUT gave \"" +
                   *observation.explanation + "\"";
    }
  }
  return out;
}

}  // namespace ascot::conformance

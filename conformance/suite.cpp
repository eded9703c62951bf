#include "conformance/suite.hpp"

namespace ascot::conformance {

CaseOutcome not_applicable(std::string reason) {
  CaseOutcome out;
  out.verdict = Verdict::not_applicable;
  out.reason = std::move(reason);
  return out;
}

CaseOutcome from_probe_error(const Error& error) {
  CaseOutcome out;
  bool iut_side = error.code == Errc::timeout || error.code == Errc::io_error;
  out.verdict = iut_side ? Verdict::inconclusive : Verdict::error;
  out.reason = (iut_side ? "could not observe the IUT: " : "harness fault: ") + error.to_string();
  return out;
}

}  // namespace ascot::conformance

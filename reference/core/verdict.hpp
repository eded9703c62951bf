// core/verdict.hpp: the verdict vocabulary of conformance testing and requirement levels.
//
// Verdicts follow ITU-T X.290 / ISO/IEC 9646 (pass, fail, inconclusive), extended as
// Autobahn|Testsuite and h2spec do: non-strict for a SHOULD that is not met, not-applicable
// for a feature the IUT does not claim, error for a fault of the harness itself.
#pragma once

#include <optional>
#include <string_view>

namespace ascot {

enum class Verdict {
  pass,            // the IUT did what the requirement demands
  fail,            // the IUT violated a MUST (or did something no reading permits)
  non_strict,      // the IUT did not follow a SHOULD, in a way the spec permits
  inconclusive,    // the harness could not decide: timeout, crash, unobservable
  not_applicable,  // the IUT does not claim the feature the case tests
  error,           // a fault of the harness (bad vector, I/O failure), not of the IUT
};

// kAllVerdicts lists every verdict in report order.
inline constexpr Verdict kAllVerdicts[] = {Verdict::pass,           Verdict::fail,
                                           Verdict::non_strict,     Verdict::inconclusive,
                                           Verdict::not_applicable, Verdict::error};

// verdict_name returns the report spelling: "pass", "non-strict", "not-applicable", ...
std::string_view verdict_name(Verdict v);
// parse_verdict is the inverse of verdict_name.
std::optional<Verdict> parse_verdict(std::string_view name);

// worse returns the verdict that dominates when two cases are combined into one purpose:
// error > fail > inconclusive > non-strict > pass > not-applicable.
Verdict worse(Verdict a, Verdict b);

// Level is a requirement keyword of RFC 2119.
enum class Level { must, should, may };

std::string_view level_name(Level level);  // "MUST", "SHOULD", "MAY"
std::optional<Level> parse_level(std::string_view name);

// Judgement is what a comparison of an observation with a vector's expectations found.
enum class Judgement {
  expected,    // the observation is one of the expected outcomes
  acceptable,  // not expected, but one of the outcomes the spec tolerates (a SHOULD not met)
  wrong,       // neither
};

// judge turns a Judgement of a case at |level| into a verdict. A wrong observation of a
// SHOULD- or MAY-level case is still a fail: the vector's "acceptable" list, not its level,
// says which deviations are permitted.
Verdict judge(Judgement judgement);

}  // namespace ascot

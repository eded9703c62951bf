#include "core/verdict.hpp"

namespace ascot {

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "pass";
    case Verdict::fail:
      return "fail";
    case Verdict::non_strict:
      return "non-strict";
    case Verdict::inconclusive:
      return "inconclusive";
    case Verdict::not_applicable:
      return "not-applicable";
    case Verdict::error:
      return "error";
  }
  return "error";
}

std::optional<Verdict> parse_verdict(std::string_view name) {
  for (Verdict v : kAllVerdicts) {
    if (verdict_name(v) == name) return v;
  }
  return std::nullopt;
}

namespace {
int severity(Verdict v) {
  switch (v) {
    case Verdict::not_applicable:
      return 0;
    case Verdict::pass:
      return 1;
    case Verdict::non_strict:
      return 2;
    case Verdict::inconclusive:
      return 3;
    case Verdict::fail:
      return 4;
    case Verdict::error:
      return 5;
  }
  return 5;
}
}  // namespace

Verdict worse(Verdict a, Verdict b) {
  return severity(a) >= severity(b) ? a : b;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::must:
      return "MUST";
    case Level::should:
      return "SHOULD";
    case Level::may:
      return "MAY";
  }
  return "MUST";
}

std::optional<Level> parse_level(std::string_view name) {
  if (name == "MUST") return Level::must;
  if (name == "SHOULD") return Level::should;
  if (name == "MAY") return Level::may;
  return std::nullopt;
}

Verdict judge(Judgement judgement) {
  switch (judgement) {
    case Judgement::expected:
      return Verdict::pass;
    case Judgement::acceptable:
      return Verdict::non_strict;
    case Judgement::wrong:
      return Verdict::fail;
  }
  return Verdict::error;
}

}  // namespace ascot

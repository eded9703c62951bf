#include "spf/result.hpp"

#include "core/ascii.hpp"

namespace ascot::spf {

std::string_view result_name(Result result) {
  switch (result) {
    case Result::none:
      return "none";
    case Result::neutral:
      return "neutral";
    case Result::pass:
      return "pass";
    case Result::fail:
      return "fail";
    case Result::softfail:
      return "softfail";
    case Result::temperror:
      return "temperror";
    case Result::permerror:
      return "permerror";
  }
  return "permerror";
}

std::optional<Result> parse_result(std::string_view name) {
  for (Result r : kAllResults) {
    if (ascii::iequals(result_name(r), name)) return r;
  }
  return std::nullopt;
}

}  // namespace ascot::spf

// spf/result.hpp: the seven results of an SPF evaluation (RFC 7208 2.6, 8).
#pragma once

#include <optional>
#include <string_view>

namespace ascot::spf {

enum class Result {
  none,       // 2.6.1: no syntactically valid DNS domain, or no SPF record
  neutral,    // 2.6.2: the ADMD states no assertion
  pass,       // 2.6.3: the client is authorised
  fail,       // 2.6.4: the client is not authorised
  softfail,   // 2.6.5: probably not authorised
  temperror,  // 2.6.6: a transient (generally DNS) error
  permerror,  // 2.6.7: the published records could not be correctly interpreted
};

inline constexpr Result kAllResults[] = {Result::none,     Result::neutral,  Result::pass,
                                         Result::fail,     Result::softfail, Result::temperror,
                                         Result::permerror};

// result_name returns the RFC's lower-case spelling ("softfail").
std::string_view result_name(Result result);
// parse_result is the inverse of result_name, case-insensitive.
std::optional<Result> parse_result(std::string_view name);

}  // namespace ascot::spf

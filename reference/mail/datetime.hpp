// mail/datetime.hpp: the date-time of RFC 5322 3.3, as Date, Received and Arrival-Date carry it.
//
// parse_date_time accepts the modern syntax and the obsolete forms of 4.3 that mail still
// carries (two- and three-digit years, the named zones UT, GMT, EST...), and CFWS between the
// tokens; it refuses dates that do not exist (31 April) and zones out of range.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ascot::mail {

// parse_date_time returns the instant |text| names, in UTC.
Expected<std::chrono::sys_seconds> parse_date_time(std::string_view text);

// format_date_time writes |t| as "Sat, 28 Nov 2026 20:15:30 +0000" (3.3, UTC).
std::string format_date_time(std::chrono::sys_seconds t);

}  // namespace ascot::mail

// RFC 5322 3.3 (date-time) and 4.3 (obsolete date and time).
#include "mail/datetime.hpp"

#include <array>
#include <cstdio>
#include <optional>
#include <vector>

#include "core/ascii.hpp"
#include "mail/lexer.hpp"

namespace ascot::mail {
namespace {

constexpr std::array<std::string_view, 7> kDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Tokens of a date-time: runs of letters or digits, and the separators , : + -.
// Comments and white space (CFWS, 3.2.2) only separate tokens.
Expected<std::vector<std::string_view>> tokenize(std::string_view s) {
  std::vector<std::string_view> out;
  Lexer lexer(s);
  while (true) {
    if (auto skipped = lexer.skip_cfws(); !skipped) return std::unexpected(skipped.error());
    if (lexer.at_end()) return out;
    auto rest = lexer.rest();
    char c = rest[0];
    std::size_t length = 1;
    if (ascii::is_alnum(c)) {
      bool digits = ascii::is_digit(c);
      while (length < rest.size() && ascii::is_alnum(rest[length]) &&
             ascii::is_digit(rest[length]) == digits) {
        ++length;
      }
    } else if (c != ',' && c != ':' && c != '+' && c != '-') {
      return lexer.error("unexpected character in a date-time");
    }
    out.push_back(rest.substr(0, length));
    lexer.advance(length);
  }
}

std::optional<int> number(std::string_view t, std::size_t min_digits, std::size_t max_digits) {
  if (t.size() < min_digits || t.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : t) {
    if (!ascii::is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// 4.3 obs-zone: UT, GMT and the North American zones; military letters mean "unknown"
// (-0000), as 4.3 says they must be read.
std::optional<int> named_zone_minutes(std::string_view t) {
  struct Zone {
    std::string_view name;
    int minutes;
  };
  constexpr std::array<Zone, 10> zones{{{"UT", 0},
                                        {"GMT", 0},
                                        {"EST", -300},
                                        {"EDT", -240},
                                        {"CST", -360},
                                        {"CDT", -300},
                                        {"MST", -420},
                                        {"MDT", -360},
                                        {"PST", -480},
                                        {"PDT", -420}}};
  for (const auto& z : zones) {
    if (ascii::iequals(t, z.name)) return z.minutes;
  }
  if (t.size() == 1 && ascii::is_alpha(t[0]) && t[0] != 'j' && t[0] != 'J') return 0;
  return std::nullopt;
}

}  // namespace

Expected<std::chrono::sys_seconds> parse_date_time(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens) return std::unexpected(tokens.error());
  const auto& t = *tokens;
  std::size_t i = 0;
  auto bad = [&](std::string what) {
    return fail(Errc::parse_error, what + " in date-time \"" + ascii::printable(text, 80) + "\"");
  };
  // [ day-of-week "," ]
  std::optional<int> weekday;
  if (i < t.size() && ascii::is_alpha(t[i][0])) {
    for (std::size_t d = 0; d < kDays.size(); ++d) {
      if (ascii::iequals(t[i], kDays[d])) weekday = static_cast<int>(d);
    }
    if (!weekday) return bad("unknown day name");
    ++i;
    if (i >= t.size() || t[i] != ",") return bad("a comma must follow the day name");
    ++i;
  }
  // date = day month year
  if (i + 3 > t.size()) return bad("missing date");
  auto day = number(t[i++], 1, 2);
  if (!day) return bad("bad day");
  std::optional<int> month;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (ascii::iequals(t[i], kMonths[m])) month = static_cast<int>(m) + 1;
  }
  if (!month) return bad("unknown month");
  ++i;
  auto year_token = t[i++];
  auto year = number(year_token, 2, 4);
  if (!year) return bad("bad year");
  // 4.3: a two-digit year below 50 is 20xx, otherwise 19xx; three digits add 1900.
  if (year_token.size() == 2) *year += *year < 50 ? 2000 : 1900;
  if (year_token.size() == 3) *year += 1900;
  if (*year < 1900) return bad("year before 1900");
  // time = hour ":" minute [ ":" second ] zone
  if (i + 3 > t.size()) return bad("missing time");
  auto hour = number(t[i++], 2, 2);
  if (!hour || t[i++] != ":") return bad("bad hour");
  auto minute = number(t[i++], 2, 2);
  if (!minute) return bad("bad minute");
  int second = 0;
  if (i < t.size() && t[i] == ":") {
    ++i;
    auto s = i < t.size() ? number(t[i++], 2, 2) : std::nullopt;
    if (!s) return bad("bad second");
    second = *s;
  }
  // 3.3: hour 00-23, minute 00-59, second 00-60 (a leap second).
  if (*hour > 23 || *minute > 59 || second > 60) return bad("time out of range");
  if (i >= t.size()) return bad("missing zone");
  int zone_minutes = 0;
  if (t[i] == "+" || t[i] == "-") {
    bool minus = t[i] == "-";
    ++i;
    auto zone = i < t.size() ? number(t[i++], 4, 4) : std::nullopt;
    // 3.3: the last two digits of the zone are minutes and must be 00-59.
    if (!zone || *zone % 100 > 59) return bad("bad zone");
    zone_minutes = (*zone / 100) * 60 + *zone % 100;
    if (minus) zone_minutes = -zone_minutes;
  } else {
    auto named = named_zone_minutes(t[i++]);
    if (!named) return bad("unknown zone");
    zone_minutes = *named;
  }
  if (i != t.size()) return bad("unexpected text after the zone");
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                     std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return bad("no such date");
  sys_days days(ymd);
  // 3.3: the day of the week, when present, must be that of the date.
  if (weekday && static_cast<int>(std::chrono::weekday(days).iso_encoding()) - 1 != *weekday) {
    return bad("the day of the week does not match the date");
  }
  return sys_seconds(days) + hours(*hour) + minutes(*minute) + seconds(second) -
         minutes(zone_minutes);
}

std::string format_date_time(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(t);
  year_month_day ymd(days);
  hh_mm_ss hms(t - days);
  unsigned wd = std::chrono::weekday(days).iso_encoding();  // 1 = Monday
  char out[64];
  std::snprintf(out, sizeof out, "%s, %u %s %d %02d:%02d:%02d +0000", kDays[wd - 1].data(),
                static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1].data(),
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return out;
}

}  // namespace ascot::mail

// smtp/received.hpp: Received fields (RFC 5321 4.4, RFC 5322 3.6.7) and the trace check of
// X.1241 9.4 ("examination of traceability", derived-from-heading).
//
// A server writes a Received field for every message it accepts (RFC 5321 4.4 MUST). The
// reader is for fields other systems wrote: they follow the 5321 grammar loosely at best
// (Postfix, Exim and Sendmail differ), so parse_received is strict only where RFC 5322 3.6.7
// is ("Received:" *received-token ";" date-time) and records departures from the 5321 Stamp
// grammar as |deviations| instead of refusing the field.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/ip.hpp"

namespace ascot::smtp {

// Our bounds on a field we read: tokens and the length of the value.
inline constexpr std::size_t kMaxReceivedTokens = 256;
inline constexpr std::size_t kMaxReceivedLength = 8192;

// ReceivedStamp is what a server knows when it accepts a message (4.4 Stamp).
struct ReceivedStamp {
  std::string helo;          // the EHLO/HELO argument as the client sent it
  std::string reverse_name;  // the client's verified reverse name; empty when none
  IpAddress client;          // the address of the source host (TCP-info)
  std::string by;            // this server's name
  std::string with;          // Protocol: "SMTP", "ESMTP", "ESMTPS", "ESMTPA", "ESMTPSA" (RFC 3848)
  std::string id;            // this server's queue id; empty when none
  std::string for_path;      // "<rcpt@example.org>" when there is exactly one recipient, or empty
  std::chrono::sys_seconds at;
};

// format_received writes the value of a Received field (without "Received:"), folded with
// CRLF TAB before "by" and "for", so that every line stays well under 78 octets (5322 2.1.1).
// A HELO argument that is not a Domain or address-literal (4.1.2) cannot appear in the FROM
// clause's grammar; the client's address literal stands in for it.
std::string format_received(const ReceivedStamp& stamp);

// ReceivedField is a parsed Received value.
struct ReceivedField {
  std::string from;                  // the word after FROM
  std::string from_info;             // the comment after it (TCP-info), without parentheses
  std::string from_name;             // the Domain that starts TCP-info (a reverse name), or empty
  std::optional<IpAddress> from_ip;  // the first address literal in TCP-info, or FROM itself
  std::string by;
  std::string via;
  std::string with;
  std::string id;
  std::string for_path;
  std::chrono::sys_seconds date{};
  // deviations lists departures from the Stamp grammar of RFC 5321 4.4 (no FROM clause,
  // clauses out of order, an unregistered clause), in words.
  std::vector<std::string> deviations;
};

// parse_received reads one Received value (unfolded or folded). It fails when the value is
// not "*received-token ; date-time" (RFC 5322 3.6.7), or too long.
Expected<ReceivedField> parse_received(std::string_view value);

// Our interpretation of X.1241 9.4 for a chain of Received fields, written in docs/smtp.md:
// every field is readable, each carries FROM and BY, dates do not increase from the newest
// (top) field to the oldest by more than kTraceClockSkew, none is later than the check's own
// time by more than that, and the newest field's FROM address is the connecting client.
inline constexpr std::chrono::seconds kTraceClockSkew{15 * 60};
// Our bound on the number of fields examined (RFC 5321 6.3 suggests treating more than 100
// Received fields as a loop).
inline constexpr std::size_t kMaxTraceHops = 100;

struct TraceProblem {
  std::size_t hop = 0;  // index into the fields, 0 = the newest (topmost)
  std::string what;
};

struct TraceCheck {
  std::vector<std::optional<ReceivedField>> hops;  // nullopt where a field did not parse
  std::vector<TraceProblem> problems;
  bool consistent() const { return problems.empty(); }
};

// check_trace examines |values| (the Received values, topmost first). When |client| is
// given, |values| must start with the receiver's own field (the one it wrote for this
// delivery, whose FROM clause names the client); its address must be |client|.
TraceCheck check_trace(std::span<const std::string> values, std::chrono::sys_seconds now,
                       std::optional<IpAddress> client = std::nullopt);

}  // namespace ascot::smtp

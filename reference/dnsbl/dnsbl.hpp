// dnsbl/dnsbl.hpp: DNS blacklists and whitelists (RFC 5782), the DNS-based part of the "black
// and white lists" technique of ITU-T X.1240 clause 7.7 (derived from the heading).
//
// A DNS list (a "DNSxL" in RFC 5782's words: a DNSBL or a DNSWL) publishes one DNS name per
// listed IP address or domain below its own zone. A client builds that name from the subject
// (2.1: IPv4 octets reversed; 2.4: IPv6 as 32 reversed nibbles; 3: a domain name as it is)
// and asks for A records: any A record means "listed" (2.1), its value says why when the
// list combines several sublists (2.3), and a TXT record at the same name may give a reason
// in words (2.1). Section 5 fixes test entries that every list must and must not hold, so a
// client can tell a working list from a dead or wildcarded one.
//
// lookup() and check_health() are pure functions of their arguments and of the DNS as seen
// through an injected Resolver; they never throw. A protocol outcome (listed, not listed, a
// DNS failure reported as temperror, an unhealthy list) is an ordinary result value. Only
// bad input - an empty or malformed zone, a malformed domain, a subject of the wrong kind
// for the list, a name longer than the DNS allows - is an Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/ip.hpp"
#include "dns/name.hpp"
#include "dns/resolver.hpp"

namespace ascot::dnsbl {

// RFC 1035 2.3.4: a name is at most 255 octets on the wire, 253 in presentation form without
// the trailing dot; a label is at most 63 octets. Query names longer than that cannot be
// asked, so building one is an error (Errc::limit_exceeded), never a silent truncation.
inline constexpr std::size_t kMaxNameLength = dns::kMaxNameLength;
inline constexpr std::size_t kMaxLabelLength = dns::kMaxLabelLength;

// A TXT reason is "often used as the text of an SMTP error response" (RFC 5782 2.1). RFC 5321
// 4.5.3.1.5 limits a reply line to 512 octets including the code, so a longer reason is cut
// at this length (and a note says so) rather than handed on to break a reply.
inline constexpr std::size_t kMaxReasonLength = 400;

// Kind is what a list holds, which fixes how a subject becomes a query name.
enum class Kind {
  ipv4,    // IPv4 addresses, octets reversed (RFC 5782 2.1)
  ipv6,    // IPv6 addresses, 32 nibbles reversed (RFC 5782 2.4)
  ip,      // both families in one zone: IPv4 as in 2.1, IPv6 as in 2.4
  domain,  // domain names, queried as they are (RFC 5782 3)
};

// Role is what a listing means: a blacklist (DNSBL) marks a source as bad, a whitelist
// (DNSWL, RFC 5782 2.2) marks it as trustworthy. The DNS structure is the same for both.
enum class Role { blacklist, whitelist };

// Encoding says how the A record values of a list that combines several sublists carry
// which sublists an entry is on (RFC 5782 2.3).
enum class Encoding {
  exact,    // each value is one code: 127.0.0.2 one meaning, 127.0.0.3 another
  bitmask,  // each bit of the low 24 bits is one sublist: 127.0.0.6 = 127.0.0.2 + 127.0.0.4
};

// List describes one DNS list as a client is configured to use it.
struct List {
  // The list's zone, e.g. "bl.example.com" (presentation form; one trailing dot and any
  // letter case are accepted). Must be a valid name of letters, digits, '-' and '_'.
  std::string zone;
  Kind kind = Kind::ipv4;
  Role role = Role::blacklist;
  // What each return code means (keys are IPv4 addresses, normally in 127.0.0.0/8). With
  // Encoding::bitmask, each key has the bits of one sublist.
  std::map<IpAddress, std::string> meanings;
  // The meaning of a code that |meanings| does not name. Any A record is a listing (RFC 5782
  // 2.1), so an unknown code still lists the subject; it gets this meaning.
  std::string default_meaning = "listed";
  Encoding encoding = Encoding::exact;
};

// Subject is what is looked up: an IP address, or a domain name (presentation form).
using Subject = std::variant<IpAddress, std::string>;

// Status is the outcome of one lookup.
enum class Status {
  listed,      // at least one A record (RFC 5782 2.1)
  not_listed,  // NXDOMAIN, or NOERROR without an A record
  temperror,   // no usable answer (timeout, SERVFAIL, another RCODE): neither of the above
};

// Effect is what a result means to a mail receiver: a blacklist listing blocks, a whitelist
// listing allows; anything else (not listed, or a DNS failure) has no effect either way.
enum class Effect { none, block, allow };

// Code is one A record value returned for a listed subject.
struct Code {
  IpAddress address;
  // Its configured meanings: one with Encoding::exact; one per set bit with
  // Encoding::bitmask; List::default_meaning when none is configured.
  std::vector<std::string> meanings;
  // Whether the value lies in 127.0.0.0/8, where lists put their codes. A value outside it
  // still means "listed" (RFC 5782 2.1); Result::notes says so, because a resolver that
  // rewrites NXDOMAIN into an address of its own produces exactly such answers.
  bool in_loopback_net = true;
};

// Options tunes one lookup.
struct Options {
  // Ask for the TXT record too when the subject is listed (RFC 5782 2.1: a client MAY check
  // the TXT record). Off by default: it costs a second query.
  bool want_reason = false;
};

// Result is one lookup with everything a caller records about it.
struct Result {
  Status status = Status::not_listed;
  Role role = Role::blacklist;
  std::string query_name;   // the name asked for, lower-case, without the trailing dot
  std::vector<Code> codes;  // distinct A record values, in answer order (listed only)
  // The TXT reasons, one per TXT record with its character-strings joined (listed and
  // Options::want_reason only; empty when the list publishes none or the query failed).
  std::vector<std::string> reasons;
  std::string problem;             // temperror: which query failed and how
  std::vector<std::string> notes;  // anomalies worth a log line (codes outside 127/8, ...)
  std::uint64_t dns_queries = 0;

  // effect maps status and role to what the receiver should do.
  Effect effect() const;
};

// normalize_zone checks |zone| and returns it lower-case without a trailing dot. Fails with
// Errc::invalid_argument when it is empty or has an empty, over-long or non-LDH label
// ('_' is also accepted), and with Errc::limit_exceeded when it is over 253 octets.
Expected<std::string> normalize_zone(std::string_view zone);

// ipv4_query_name builds the name of RFC 5782 2.1: "99.2.0.192.<zone>" for 192.0.2.99.
// Fails with Errc::invalid_argument for an IPv6 |address| or a bad |zone|, and with
// Errc::limit_exceeded when the name would be over 253 octets.
Expected<std::string> ipv4_query_name(const IpAddress& address, std::string_view zone);

// ipv6_query_name builds the name of RFC 5782 2.4: the 32 nibbles of |address|, least
// significant first, then the zone (an IPv4-mapped address keeps its IPv6 form, as the test
// entry ::FFFF:7F00:2 of section 5 requires). Fails as ipv4_query_name does, for an IPv4
// |address| instead.
Expected<std::string> ipv6_query_name(const IpAddress& address, std::string_view zone);

// domain_query_name builds the name of RFC 5782 3: "<domain>.<zone>", lower-case, one
// trailing dot of |domain| dropped. Single-label names are accepted (the test entries TEST
// and INVALID of section 5 are single labels). Fails with Errc::invalid_argument for an
// empty domain, an address literal, or a label that is empty, over 63 octets or not LDH
// ('_' accepted; internationalised names must be given as A-labels), and with
// Errc::limit_exceeded when the name would be over 253 octets.
Expected<std::string> domain_query_name(std::string_view domain, std::string_view zone);

// query_name builds the name to ask for |subject| in |list|: IP subjects need an IP list of
// their family (an IPv4-mapped IPv6 address counts as IPv4 for ipv4 and ip lists), domain
// subjects a domain list; a mismatch fails with Errc::invalid_argument.
Expected<std::string> query_name(const List& list, const Subject& subject);

// lookup asks |list| about |subject| through |resolver|: one A query, and one TXT query when
// the subject is listed and |options| asks for the reason. Fails only where query_name
// fails; every DNS outcome is a Result.
Expected<Result> lookup(dns::Resolver& resolver, const List& list, const Subject& subject,
                        const Options& options = {});

// CheckOutcome is how one test entry of RFC 5782 section 5 fared.
enum class CheckOutcome {
  pass,          // the entry is present (or absent) as section 5 requires
  fail,          // it is not
  inconclusive,  // the DNS did not answer (temperror), so nothing can be said
};

// TestEntryCheck is one test entry of RFC 5782 section 5, asked and judged.
struct TestEntryCheck {
  // A stable name: "ipv4-127.0.0.2-listed", "ipv4-127.0.0.1-absent",
  // "ipv6-::ffff:7f00:2-listed", "ipv6-::ffff:7f00:1-absent", "domain-test-listed",
  // "domain-invalid-absent".
  std::string id;
  bool must_be_listed = true;
  std::string query_name;
  Status observed = Status::not_listed;
  CheckOutcome outcome = CheckOutcome::pass;
  std::string problem;  // for inconclusive: the DNS failure
};

// HealthStatus sums up the checks: unhealthy if any failed, else inconclusive if any could
// not be decided, else healthy.
enum class HealthStatus { healthy, unhealthy, inconclusive };

struct Health {
  HealthStatus status = HealthStatus::healthy;
  std::vector<TestEntryCheck> checks;

  // failed and inconclusive list the ids of the checks with that outcome, in check order.
  std::vector<std::string> failed() const;
  std::vector<std::string> inconclusive() const;
};

// check_health asks |list| for the test entries of RFC 5782 section 5 that fit its kind
// (ipv4: 127.0.0.2 listed, 127.0.0.1 not; ipv6: ::FFFF:7F00:2 listed, ::FFFF:7F00:1 not;
// domain: TEST listed, INVALID not; ip: both address pairs). Fails only for a bad zone.
Expected<Health> check_health(dns::Resolver& resolver, const List& list);

// The stable lower-case names used in vectors, reports and the CLI, and their inverses.
std::string_view kind_name(Kind kind);  // "ipv4", "ipv6", "ip", "domain"
std::optional<Kind> parse_kind(std::string_view name);
std::string_view role_name(Role role);  // "blacklist", "whitelist"
std::optional<Role> parse_role(std::string_view name);
std::string_view encoding_name(Encoding encoding);  // "exact", "bitmask"
std::optional<Encoding> parse_encoding(std::string_view name);
std::string_view status_name(Status status);  // "listed", "not-listed", "temperror"
std::optional<Status> parse_status(std::string_view name);
std::string_view effect_name(Effect effect);  // "none", "block", "allow"
std::optional<Effect> parse_effect(std::string_view name);
std::string_view health_status_name(HealthStatus status);  // "healthy", "unhealthy", ...
std::optional<HealthStatus> parse_health_status(std::string_view name);

}  // namespace ascot::dnsbl

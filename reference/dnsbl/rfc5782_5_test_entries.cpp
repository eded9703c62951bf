// RFC 5782 section 5: the test entries every list must and must not hold.
//
// A list that has shut down may leave its zone to a registrar that wildcards every name, so
// that every query "lists" its subject; a list may also just stop answering. Section 5 gives
// clients a way to notice: each list holds a fixed entry that must be there and a fixed one
// that must not (127.0.0.1 is the loopback address, which no one can send spam from).
#include <array>
#include <cstdint>

#include "dnsbl/dnsbl.hpp"

namespace ascot::dnsbl {

namespace {

struct Entry {
  const char* id;
  Kind kind;  // the query-name form the entry is asked in
  Subject subject;
  bool must_be_listed;
};

// IPv4 lists: 127.0.0.2 present, 127.0.0.1 absent.
std::vector<Entry> ipv4_entries() {
  return {{"ipv4-127.0.0.2-listed", Kind::ipv4, IpAddress::v4({127, 0, 0, 2}), true},
          {"ipv4-127.0.0.1-absent", Kind::ipv4, IpAddress::v4({127, 0, 0, 1}), false}};
}

// IPv6 lists: the same two addresses in IPv4-mapped form, ::FFFF:7F00:2 and ::FFFF:7F00:1,
// asked as IPv6 nibbles.
std::vector<Entry> ipv6_entries() {
  std::array<std::uint8_t, 16> two{};
  two[10] = 0xff;
  two[11] = 0xff;
  two[12] = 0x7f;
  two[15] = 2;
  std::array<std::uint8_t, 16> one = two;
  one[15] = 1;
  return {{"ipv6-::ffff:7f00:2-listed", Kind::ipv6, IpAddress::v6(two), true},
          {"ipv6-::ffff:7f00:1-absent", Kind::ipv6, IpAddress::v6(one), false}};
}

// Domain lists: the reserved name TEST present, the reserved name INVALID absent (both from
// RFC 2606, so neither can be a real domain that someone listed or forgot to).
std::vector<Entry> domain_entries() {
  return {{"domain-test-listed", Kind::domain, std::string("test"), true},
          {"domain-invalid-absent", Kind::domain, std::string("invalid"), false}};
}

}  // namespace

std::vector<std::string> Health::failed() const {
  std::vector<std::string> out;
  for (const auto& c : checks) {
    if (c.outcome == CheckOutcome::fail) out.push_back(c.id);
  }
  return out;
}

std::vector<std::string> Health::inconclusive() const {
  std::vector<std::string> out;
  for (const auto& c : checks) {
    if (c.outcome == CheckOutcome::inconclusive) out.push_back(c.id);
  }
  return out;
}

Expected<Health> check_health(dns::Resolver& resolver, const List& list) {
  std::vector<Entry> entries;
  switch (list.kind) {
    case Kind::ipv4:
      entries = ipv4_entries();
      break;
    case Kind::ipv6:
      entries = ipv6_entries();
      break;
    case Kind::ip:
      entries = ipv4_entries();
      for (auto& e : ipv6_entries()) entries.push_back(std::move(e));
      break;
    case Kind::domain:
      entries = domain_entries();
      break;
  }
  Health out;
  bool any_failed = false;
  bool any_inconclusive = false;
  for (const auto& entry : entries) {
    // Each entry is asked in its own form: in a list of both families ::FFFF:7F00:2 is an
    // IPv6 entry, although query_name would treat a mapped client address as IPv4.
    List as_asked = list;
    as_asked.kind = entry.kind;
    auto result = lookup(resolver, as_asked, entry.subject);
    if (!result) return std::unexpected(result.error());
    TestEntryCheck check;
    check.id = entry.id;
    check.must_be_listed = entry.must_be_listed;
    check.query_name = result->query_name;
    check.observed = result->status;
    if (result->status == Status::temperror) {
      check.outcome = CheckOutcome::inconclusive;
      check.problem = result->problem;
      any_inconclusive = true;
    } else if ((result->status == Status::listed) == entry.must_be_listed) {
      check.outcome = CheckOutcome::pass;
    } else {
      check.outcome = CheckOutcome::fail;
      any_failed = true;
    }
    out.checks.push_back(std::move(check));
  }
  out.status = any_failed         ? HealthStatus::unhealthy
               : any_inconclusive ? HealthStatus::inconclusive
                                  : HealthStatus::healthy;
  return out;
}

}  // namespace ascot::dnsbl

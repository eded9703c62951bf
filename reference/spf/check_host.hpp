// spf/check_host.hpp: SPF evaluation, the check_host() function of RFC 7208 section 4.
//
// evaluate() is a pure function of its query, the DNS as seen through an injected Resolver,
// and its options. It never throws and never fails: every outcome of RFC 7208, including
// permerror for bad records and temperror for DNS failures, is an ordinary Result with the
// reason recorded. Its DNS use is bounded by the limits of 4.6.4, which are named constants
// below; the only unbounded input (the number of records in one DNS answer) is bounded by
// the resolver's message size.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ip.hpp"
#include "dns/resolver.hpp"
#include "spf/result.hpp"

namespace ascot::spf {

// 4.6.4: "SPF implementations MUST limit the total number of those terms to 10".
inline constexpr int kMaxDnsTerms = 10;
// 4.6.4: "SPF implementations SHOULD limit "void lookups" to two."
inline constexpr int kDefaultMaxVoidLookups = 2;
// 4.6.4: the evaluation of one "mx" MUST NOT query more than 10 address records.
inline constexpr std::size_t kMaxMxNames = 10;
// 4.6.4: the evaluation of one "ptr" (or %{p}) uses at most the first 10 PTR names.
inline constexpr std::size_t kMaxPtrNames = 10;
// 4.6.4: a time limit on check_host() "SHOULD allow at least 20 seconds".
inline constexpr std::chrono::seconds kDefaultTimeLimit{20};
// Explanation strings are for an SMTP reply line (6.2 permits a length limit); RFC 5321
// 4.5.3.1.5 limits a reply line to 512 octets including the code.
inline constexpr std::size_t kMaxExplanationLength = 400;

// Identity is which identity of 2.3 / 2.4 is being authorised.
enum class Identity { mailfrom, helo };

std::string_view identity_name(Identity identity);  // "mailfrom", "helo"

// Query is one authorisation question.
struct Query {
  IpAddress ip;        // the SMTP client address; IPv4-mapped IPv6 is treated as IPv4
  std::string sender;  // MAIL FROM reverse-path without <>; empty for the null path
  std::string helo;    // the HELO/EHLO parameter
  Identity identity = Identity::mailfrom;
  std::string receiver = "unknown";  // the checking host, for %{r} (7.2)
  std::int64_t timestamp = 0;        // seconds since the epoch, for %{t} (7.2)
};

// Options tunes the evaluation. The defaults are what RFC 7208 prescribes or recommends.
struct Options {
  // 4.6.4 permits a configurable void lookup limit; std::nullopt disables it.
  std::optional<int> max_void_lookups = kDefaultMaxVoidLookups;
  std::chrono::milliseconds time_limit = kDefaultTimeLimit;
};

// TraceSink receives one line per step of an evaluation (terms, records, results), for
// `ascot check spf --trace` and transcripts. DNS queries are traced by the Resolver's
// QueryObserver and arrive interleaved in the same order.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void trace(int depth, std::string_view line) = 0;
};

// Outcome is the result of an evaluation with everything a caller records about it.
struct Outcome {
  Result result = Result::none;
  std::string domain;       // the domain checked first (from the identity)
  std::string sender;       // the <sender> used: postmaster@<helo> where 4.3 / 2.4 say so
  std::string mechanism;    // the directive that matched, "default", or empty
  std::string explanation;  // for fail: the text exp= produced; empty when none
  std::string problem;      // for permerror, temperror and none: why
  int dns_terms = 0;        // terms counted against the limit of 10
  int void_lookups = 0;
  std::uint64_t dns_queries = 0;
};

// evaluate authorises |query| (2.3, 2.4, 4). |trace| may be nullptr.
Outcome evaluate(const Query& query, dns::Resolver& resolver, const Options& options = {},
                 TraceSink* trace = nullptr);

}  // namespace ascot::spf

// harness/vectors/greylist_vectors.hpp: greylisting sequence vectors
// (vectors/schemas/greylist-sequence.schema.json) as typed values (RFC 6647).
//
// A vector is a timed sequence of delivery attempts against one greylisting receiver that
// starts with no state, configured with its group's policy, and the outcomes allowed for each
// attempt.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ip.hpp"
#include "greylist/greylist.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

// A vector's sequence is short; a longer one is a mistake in the file (the schema's maxItems).
inline constexpr std::size_t kMaxGreylistSteps = 64;

// GreylistAttempt is one delivery attempt: one RCPT TO of one SMTP transaction.
struct GreylistAttempt {
  std::int64_t at = 0;  // seconds from the start of the sequence
  IpAddress client;
  std::string mail_from;  // without <>; empty for the null reverse-path
  std::string rcpt_to;    // without <>
};

struct GreylistStep {
  GreylistAttempt attempt;
  // Outcome names (greylist::outcome_name): those a conforming receiver may give, and those
  // that ignore a SHOULD or MAY but are otherwise permitted (non-strict).
  std::set<std::string> expected;
  std::set<std::string> acceptable;
  std::vector<int> reply_codes;  // for a deferral: the reply codes allowed; empty: any 4yz
};

struct GreylistVector {
  VectorMeta meta;
  greylist::Policy policy;  // the group's policy; auto-whitelisting off unless it says otherwise
  std::vector<GreylistStep> steps;
};

// load_greylist_vectors reads the vectors of a file whose schema is
// greylist-sequence.schema.json. Every key is read. Beyond the schema and the lint, it checks
// what they cannot: a valid policy (greylist::validate), client addresses, steps in time order, a
// choice of outcomes only on the last step (a later step could not know which branch was taken),
// reply codes only for a deferral, and a choice of reply codes explained by an AMBIGUOUS flag.
Expected<std::vector<GreylistVector>> load_greylist_vectors(const VectorFile& file);

// attempts returns the attempts of |vector|, in order.
std::vector<GreylistAttempt> attempts(const GreylistVector& vector);

}  // namespace ascot::vectors

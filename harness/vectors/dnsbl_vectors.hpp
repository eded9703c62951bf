// harness/vectors/dnsbl_vectors.hpp: DNS blacklist and whitelist vectors
// (vectors/schemas/dnsbl-lookup.schema.json) as typed values, ready to run against any DNSxL
// client (RFC 5782).
//
// A vector is one of three kinds: a lookup of a subject with the outcome expected, a lookup whose
// input is bad and must be refused without a query (error), or a check of the list's test entries
// of RFC 5782 section 5 (health). Every vector carries its group's zone data and the description
// of the list being asked.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dns/zone.hpp"
#include "dnsbl/dnsbl.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

// DnsblLookupExpectation is what a lookup must give. Absent members are not checked; list
// members are sorted, so that they compare as sets (codes, reasons) or multisets (meanings).
struct DnsblLookupExpectation {
  dnsbl::Status status = dnsbl::Status::not_listed;
  std::optional<std::string> query_name;
  std::optional<dnsbl::Effect> effect;
  std::optional<std::vector<std::string>> codes;
  std::optional<std::vector<std::string>> meanings;
  std::optional<std::vector<std::string>> reasons;  // [] means: no reason
};

// DnsblHealthExpectation is what a check of the test entries must give; ids are
// dnsbl::TestEntryCheck ids, in check order.
struct DnsblHealthExpectation {
  dnsbl::HealthStatus status = dnsbl::HealthStatus::healthy;
  std::vector<std::string> failed;
  std::vector<std::string> inconclusive;
};

struct DnsblVector {
  VectorMeta meta;
  std::shared_ptr<const dns::Zone> zone;
  dnsbl::List list;
  // Lookup and error vectors: the subject. Health vectors: none.
  std::optional<dnsbl::Subject> subject;
  bool want_reason = false;  // ask for the TXT reason too (RFC 5782 2.1)
  // Exactly one of the three is set.
  std::optional<DnsblLookupExpectation> expected;
  std::optional<std::string> error;  // an errc_name: "invalid-argument" or "limit-exceeded"
  std::optional<DnsblHealthExpectation> health;
};

// load_dnsbl_vectors reads the vectors of a file whose schema is dnsbl-lookup.schema.json (as
// load_vector_file returned it). Every key of every group, list, vector and expectation is read:
// an unread key, an unknown status, kind, role or encoding, or a bad address fails the load with
// the file and JSON path.
Expected<std::vector<DnsblVector>> load_dnsbl_vectors(const VectorFile& file);

// subject_text prints a subject: the address or the domain as written.
std::string subject_text(const dnsbl::Subject& subject);

// sorted returns |values| in ascending order, the form in which list expectations compare.
std::vector<std::string> sorted(std::vector<std::string> values);

}  // namespace ascot::vectors

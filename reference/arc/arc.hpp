// arc/arc.hpp: Authenticated Received Chain (RFC 8617): chain validation (5.2) and sealing
// (5.1), on the DKIM pieces (tag lists, canonicalisation, keys, signatures) of ascot::dkim.
//
// validate() is a pure function of the message, the DNS seen through the Resolver and the
// options. Where RFC 8617 admits more than one reading, the reading ASCOT takes is named next
// to the code and in docs/arc.md; the vectors accept every reading the RFC allows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "dkim/canonicalization.hpp"
#include "dkim/crypto.hpp"
#include "dns/resolver.hpp"
#include "mail/message.hpp"

namespace ascot::arc {

// ChainStatus is the Chain Validation Status (RFC 8617 4.4): the cv= of an ARC-Seal and the
// result of validation.
enum class ChainStatus { none, pass, fail };

std::string_view chain_status_name(ChainStatus s);
// parse_chain_status reads a cv= value; chain-status is case-insensitive (RFC 5234 2.3).
std::optional<ChainStatus> parse_chain_status(std::string_view text);

// RFC 8617 4.2.1: instance values are 1 to 50.
inline constexpr int kMaxInstances = 50;

// ArcSet holds the three header fields of one instance (RFC 8617 4.1), pointers into the
// message they were collected from.
struct ArcSet {
  const mail::HeaderField* results = nullptr;    // ARC-Authentication-Results (4.1.1)
  const mail::HeaderField* signature = nullptr;  // ARC-Message-Signature (4.1.2)
  const mail::HeaderField* seal = nullptr;       // ARC-Seal (4.1.3)
};

// Collection is what step 1 of 5.2 finds: no ARC field at all, a structurally valid chain of
// sets 1..n, or the reason the ARC fields do not form one (a field without a usable instance,
// a duplicate, a gap). A broken structure makes the chain fail (5.2 step 3).
struct Collection {
  bool any_arc_field = false;
  std::map<int, ArcSet> sets;  // instance -> set, when the structure is sound
  std::string problem;         // empty when the structure is sound
  int problem_instance = 0;    // the instance the problem concerns, when there is one
  int newest() const { return sets.empty() ? 0 : sets.rbegin()->first; }
};

// collect finds the ARC Sets of |message| (RFC 8617 5.2 steps 1 and 3, structure only: the
// cv= values are checked by validate()).
Collection collect(const mail::Message& message);

// instance_of reads the instance of an ARC header field value: for ARC-Authentication-Results
// "i=N" before the first ";" (4.1.1), for ARC-Message-Signature and ARC-Seal the first tag of
// the tag list, which must be i= (4.1.2, 4.1.3 ABNF). nullopt when there is none or it is
// outside 1-50.
std::optional<int> instance_of(std::string_view field_name, std::string_view value);

struct ValidateOptions {
  std::int64_t now = 0;  // seconds since the epoch
  // RFC 6376 3.5 lets a verifier treat a signature past x= as invalid ("MAY"). For the AMS ASCOT
  // does not (it reports how far a chain got, and sealers rarely set x=); see docs/arc.md.
  bool reject_expired_ams = false;
};

struct ChainResult {
  ChainStatus status = ChainStatus::none;
  int instances = 0;  // the highest instance (N) when there is a chain
  int oldest_pass =
      0;  // for pass: the oldest instance whose AMS still validates (5.2 step 5); 0 = all
  int failed_instance = 0;  // for fail: the instance where validation failed, 0 when none applies
  std::string reason;       // for people: what decided the status
  std::string seal_domain;  // d= of the newest AS, for Authentication-Results
};

// validate runs RFC 8617 5.2, steps 1 to 7, in order; every error ends in fail (5.2.1).
ChainResult validate(const mail::Message& message, dns::Resolver& resolver,
                     const ValidateOptions& options);

// authentication_results_arc returns the resinfo of RFC 8617 10.1: "arc=pass (i=2)
// header.oldest-pass=1".
std::string authentication_results_arc(const ChainResult& r);

struct SealOptions {
  std::string domain;       // d= of the AMS and the AS
  std::string selector;     // s=
  std::string authserv_id;  // the authserv-id of the ARC-Authentication-Results (4.1.1)
  // The results of the AAR after the authserv-id: "spf=pass smtp.mailfrom=...; dkim=pass ..."
  // (the resinfo part of an RFC 8601 Authentication-Results); empty gives "none".
  std::string results;
  // h= of the AMS; empty means From and the fields of RFC 6376 5.4.1 present. ARC fields and
  // Authentication-Results are refused (4.1.2).
  std::vector<std::string> headers;
  dkim::Canonicalization header_canonicalization = dkim::Canonicalization::relaxed;
  dkim::Canonicalization body_canonicalization = dkim::Canonicalization::relaxed;
  std::optional<std::int64_t> timestamp;  // t= of the AMS and the AS
  // The Chain Validation Status of the chain as received (the status validate() returned).
  ChainStatus chain_status = ChainStatus::none;
};

// seal returns a new ARC Set to prepend to |message| (5.1): ARC-Seal, ARC-Message-Signature
// and ARC-Authentication-Results fields, top to bottom, each ending in CRLF. With chain status
// fail the AS signs only the new set (5.1.2). Errors: the newest AS already says cv=fail (5.1
// step 1: the chain is not continued), 50 sets already, a chain status that contradicts the
// sets present (none over an existing chain, pass with none), a forbidden AMS field, a key
// RFC 8301 forbids.
Expected<std::string> seal(const mail::Message& message, const dkim::PrivateKey& key,
                           const SealOptions& options);

}  // namespace ascot::arc

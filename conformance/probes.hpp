// conformance/probes.hpp: the interfaces through which test cases observe an IUT.
//
// A case is written once against a probe. The reference implementation answers a probe
// in-process; a product answers it over the network through its adapter (harness/adapters),
// with the harness's DNS scenario server serving the case's zone. The case never knows which.
// Each probe's check() returns an Error only when the case could not be run at all (the IUT
// unreachable, a local failure): the case is then inconclusive or an error, never a fail.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dns/zone.hpp"
#include "dnsbl/dnsbl.hpp"
#include "greylist/greylist.hpp"
#include "spf/check_host.hpp"
#include "spf/result.hpp"
#include "vectors/dmarc_question.hpp"
#include "vectors/greylist_vectors.hpp"

namespace ascot::conformance {

// SPF (RFC 7208): authorise one identity with |zone| as the DNS.
struct SpfObservation {
  std::optional<spf::Result> result;  // nullopt: no result the adapter could read
  // The exp= explanation if the IUT's interface shows it; nullopt when it cannot be observed
  // (then expectations about it are not judged).
  std::optional<std::string> explanation;
  std::string transcript;  // what was exchanged (DNS queries, protocol lines, steps)
};

class SpfProbe {
 public:
  virtual ~SpfProbe() = default;
  virtual Expected<SpfObservation> check(const spf::Query& query,
                                         std::shared_ptr<const dns::Zone> zone) = 0;
};

// DKIM (RFC 6376): verify every signature of a message at time |now|.
struct DkimSignatureObservation {
  std::string result;                 // an RFC 8601 2.7.1 result
  std::optional<std::string> reason;  // ASCOT's reason vocabulary, when the IUT exposes one
  std::string domain;
  std::string selector;
};

struct DkimObservation {
  // One entry per DKIM-Signature field, top to bottom; nullopt when unobservable.
  std::optional<std::vector<DkimSignatureObservation>> signatures;
  std::string transcript;
};

class DkimProbe {
 public:
  virtual ~DkimProbe() = default;
  virtual Expected<DkimObservation> verify(const std::string& message, std::int64_t now,
                                           std::shared_ptr<const dns::Zone> zone) = 0;
};

// DMARC (RFC 7489 / RFC 9989): evaluate given authentication results (the question is the
// vector's input, vectors::DmarcQuestion).
struct DmarcObservation {
  std::optional<std::string> result;
  std::optional<std::string> policy;
  std::optional<std::string> disposition;
  std::optional<std::string> policy_domain;
  std::optional<std::string> org_domain;
  std::optional<bool> spf_aligned;
  std::optional<bool> dkim_aligned;
  std::string transcript;
};

class DmarcProbe {
 public:
  virtual ~DmarcProbe() = default;
  virtual Expected<DmarcObservation> evaluate(const vectors::DmarcQuestion& question,
                                              std::shared_ptr<const dns::Zone> zone) = 0;
};

// ARC (RFC 8617): validate the chain of a message at time |now|.
struct ArcObservation {
  std::optional<std::string> cv;  // none, pass, fail
  std::optional<int> oldest_pass;
  std::optional<int> failed_instance;
  std::string transcript;
};

class ArcProbe {
 public:
  virtual ~ArcProbe() = default;
  virtual Expected<ArcObservation> validate(const std::string& message, std::int64_t now,
                                            std::shared_ptr<const dns::Zone> zone) = 0;
};

// Parsers of report formats: Authentication-Results (RFC 8601) and ARF (RFC 5965). The
// observation is the parse result as JSON in the vectors' format, or the rejection.
struct ParseObservation {
  bool valid = false;
  std::string parsed_json;  // when valid: the parse result in the vectors' JSON form
  std::string error;        // when not valid: why
  std::string transcript;
};

class ParseProbe {
 public:
  virtual ~ParseProbe() = default;
  virtual Expected<ParseObservation> parse(const std::string& input) = 0;
};

// DNS lists (RFC 5782): ask a list about a subject, or check the list's test entries, with
// |zone| as the DNS. The list is described as the client is configured to use it (zone, kind,
// role, the meanings of its codes).
struct DnsblObservation {
  // The lookup was refused as bad input (no query name can be built): why, and when the IUT's
  // interface tells, which kind of error (an errc_name: "invalid-argument", "limit-exceeded").
  std::optional<std::string> refused;
  std::optional<std::string> error_code;
  // Otherwise the outcome; each member is nullopt when the IUT's interface does not show it
  // (then expectations about it are not judged).
  std::optional<dnsbl::Status> status;
  std::optional<std::string> query_name;
  std::optional<dnsbl::Effect> effect;
  std::optional<std::vector<std::string>> codes;     // A record values, dotted quads
  std::optional<std::vector<std::string>> meanings;  // the configured meanings of the codes
  std::optional<std::vector<std::string>> reasons;   // TXT reasons (asked for only)
  std::optional<std::uint64_t> dns_queries;          // queries the lookup asked
  std::string transcript;
};

struct DnsblHealthObservation {
  std::optional<dnsbl::HealthStatus> status;
  // The ids of the RFC 5782 section 5 checks that failed or could not be decided
  // (dnsbl::TestEntryCheck ids), in check order; nullopt when the IUT does not show them.
  std::optional<std::vector<std::string>> failed;
  std::optional<std::vector<std::string>> inconclusive;
  std::string transcript;
};

class DnsblProbe {
 public:
  virtual ~DnsblProbe() = default;
  // lookup asks |list| about |subject|; with |want_reason|, the TXT reason of a listing too.
  virtual Expected<DnsblObservation> lookup(const dnsbl::List& list, const dnsbl::Subject& subject,
                                            bool want_reason,
                                            std::shared_ptr<const dns::Zone> zone) = 0;
  // check_health asks the test entries of RFC 5782 section 5 that fit the list's kind.
  virtual Expected<DnsblHealthObservation> check_health(const dnsbl::List& list,
                                                        std::shared_ptr<const dns::Zone> zone) = 0;
};

// Greylisting (RFC 6647): a receiver configured with |policy| and starting with no state sees
// |attempts| at their times. Over the network a product cannot be given a fake clock, so only
// the in-process reference answers this probe for now.
struct GreylistDecisionObservation {
  // An outcome name (greylist::outcome_name), or "accept" when the IUT only shows that it
  // accepted (over SMTP: a 2yz reply), not which kind of pass it was.
  std::string outcome;
  std::optional<int> reply_code;  // for a deferral, when observable
  std::string detail;             // why, in the IUT's words (for the report)
};

struct GreylistObservation {
  // One decision per attempt, in order; fewer when the IUT stopped answering.
  std::vector<GreylistDecisionObservation> decisions;
  std::string transcript;
};

class GreylistProbe {
 public:
  virtual ~GreylistProbe() = default;
  virtual Expected<GreylistObservation> run(
      const greylist::Policy& policy, const std::vector<vectors::GreylistAttempt>& attempts) = 0;
};

// Probes is what an adapter offers; a null probe means the IUT cannot be asked that kind of
// question at all (its cases are not-applicable).
class SmtpProbe;

struct Probes {
  SpfProbe* spf = nullptr;
  DkimProbe* dkim = nullptr;
  DmarcProbe* dmarc = nullptr;
  ArcProbe* arc = nullptr;
  ParseProbe* authres = nullptr;
  ParseProbe* arf = nullptr;
  DnsblProbe* dnsbl = nullptr;
  GreylistProbe* greylist = nullptr;
  SmtpProbe* smtp = nullptr;  // SMTP scenarios (conformance/smtp_probe.hpp)
};

}  // namespace ascot::conformance

// harness/adapters/adapter.hpp: how the runner reaches an implementation under test.
//
// An Adapter binds an IUT profile (what the product claims, how to reach and observe it) to
// probe implementations. The runner hands a case the adapter's probes; a null probe means
// the IUT cannot be asked that kind of question at all, and its cases are reported as
// not-applicable, as are cases whose claims the profile lacks. Later adapters (SMTP
// products, rspamd's HTTP API, SpamAssassin) implement the same interface.
#pragma once

#include <memory>
#include <set>
#include <string>

#include <boost/json/value.hpp>

#include "conformance/probes.hpp"
#include "core/error.hpp"

namespace ascot::harness {

// IutProfile is the PICS (claims) and PIXIT (reach and observe) of one IUT; see
// docs/iut-profile.md for the file format.
struct IutProfile {
  std::string name;     // shown in reports, e.g. "ASCOT reference 0.1.0"
  std::string adapter;  // which adapter drives it: "reference", "reference-dns"
  std::string description;
  std::set<std::string> claims;  // the PICS, e.g. "spf", "spf.helo" (docs/methodology.md)
  boost::json::value pixit;      // adapter-specific parameters, kept for the report
  std::string source;            // the profile file, or "built-in"

  bool claims_all(const std::vector<std::string>& needed) const;
};

// load_profile reads a profile file (JSON, strictly: unknown keys are errors).
Expected<IutProfile> load_profile(const std::string& path);

// profile_to_json writes the profile as it appears in results.json.
boost::json::value profile_to_json(const IutProfile& profile);

class Adapter {
 public:
  virtual ~Adapter() = default;
  virtual const IutProfile& profile() const = 0;
  // probes returns the probes this IUT answers; null members for questions it cannot answer.
  virtual conformance::Probes probes() = 0;
};

// data_dir locates the folder holding vectors/, conformance/ and profiles/: $ASCOT_DATA_DIR if
// set, else the installed share/ascot next to the binary, else the source tree it was built
// from.
std::string data_dir();

// make_adapter builds the adapter for |iut|: "reference" (the built-in implementation,
// in-process), "reference-dns" (the built-in implementation asking the harness's DNS
// scenario server over UDP/TCP on loopback), "reference-mta" (the reference MTA started
// in-process and driven over SMTP on loopback), or the path of a profile file (adapters
// reference, reference-dns and smtp).
Expected<std::unique_ptr<Adapter>> make_adapter(const std::string& iut);

}  // namespace ascot::harness

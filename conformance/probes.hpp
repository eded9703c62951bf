// conformance/probes.hpp: the interfaces through which test cases observe an IUT.
//
// A case is written once against a probe. The reference implementation answers a probe
// in-process; a product answers it over the network through its adapter (harness/adapters),
// with the harness's DNS scenario server serving the case's zone. The case never knows which.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "dns/zone.hpp"
#include "spf/check_host.hpp"
#include "spf/result.hpp"

namespace ascot::conformance {

// SpfObservation is what an IUT was seen to conclude about one SPF question.
struct SpfObservation {
  // The result the IUT reported; nullopt when it reported none the adapter could read.
  std::optional<spf::Result> result;
  // The explanation string (6.2) if the IUT's interface shows it; nullopt when it cannot be
  // observed, in which case expectations about it are not judged.
  std::optional<std::string> explanation;
  // What was exchanged with the IUT (DNS queries, protocol lines, evaluation steps).
  std::string transcript;
};

// SpfProbe asks an IUT to authorise one identity, with |zone| as the DNS it sees.
class SpfProbe {
 public:
  virtual ~SpfProbe() = default;
  // check returns the observation, or an Error when the harness could not run the case at
  // all (the IUT unreachable, a local failure): the case is then inconclusive, not failed.
  virtual Expected<SpfObservation> check(const spf::Query& query,
                                         std::shared_ptr<const dns::Zone> zone) = 0;
};

}  // namespace ascot::conformance

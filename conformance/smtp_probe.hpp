// conformance/smtp_probe.hpp: the probe through which SMTP scenario cases (X.1240 techniques,
// X.1241 controls) observe an SMTP IUT.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "vectors/smtp_vectors.hpp"

namespace ascot::conformance {

// SmtpObservation is what became of one delivery attempt.
struct SmtpObservation {
  // clean, rejected, deferred, discarded, bounced, spam-boxed, marked
  std::string outcome;
  bool greylisted = false;  // 4xx at RCPT first, then accepted after the profile's delay
  int code = 0;             // the deciding reply
  std::string status;
  std::string stage;
  std::string reply_text;
  // For checkTrace: whether the delivered copy's newest Received field names the client's
  // address and HELO, with the reason when not; nullopt when nothing was delivered.
  std::optional<bool> trace_ok;
  std::string trace_detail;
  std::string transcript;
};

class SmtpProbe {
 public:
  virtual ~SmtpProbe() = default;
  // deliver serves the scenario's zone, makes the attempt and observes it.
  virtual Expected<SmtpObservation> deliver(const vectors::SmtpScenario& scenario) = 0;
  // claimed_action is the action the IUT's profile says it takes when |technique| fires:
  // "reject", "tempfail", "discard", "bounce", "spam-box" or "mark"; nullopt when unknown.
  virtual std::optional<std::string> claimed_action(const std::string& technique) const = 0;
};

}  // namespace ascot::conformance

// harness/vectors/smtp_vectors.hpp: SMTP scenario vectors (smtp-scenario.schema.json): one
// delivery attempt to an SMTP IUT per vector, for the X.1240 techniques and X.1241 controls.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dns/zone.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

struct ScenarioAuth {
  std::string user, password;
  bool tls = true;
};

struct SmtpScenario {
  VectorMeta meta;
  std::string technique;  // "helo", "relay", ... (reference/policy/policy.hpp names)
  std::string client_address;
  std::string helo;
  std::string mail_from;  // empty for <>
  std::vector<std::string> rcpt_to;
  std::optional<ScenarioAuth> auth;
  std::string message;
  std::set<std::string> expected;  // outcome classes (the schema's "outcome")
  bool check_trace = false;
  std::shared_ptr<const dns::Zone> zone;  // shared by the vectors of a group
};

Expected<std::vector<SmtpScenario>> load_smtp_scenarios(const VectorFile& file);

// scenario_claim is the PICS item a technique's cases need: "x1240.helo", "x1241.relay".
std::string scenario_claim(const std::string& technique);

}  // namespace ascot::vectors

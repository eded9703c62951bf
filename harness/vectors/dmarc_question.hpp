// harness/vectors/dmarc_question.hpp: the input of one DMARC evaluation, as a vector gives it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ascot::vectors {

struct DmarcQuestion {
  std::string mode;  // "rfc7489" or "rfc9989"
  std::string from_domain;
  std::string spf_result, spf_domain;
  std::vector<std::pair<std::string, std::string>> dkim;    // result, domain
  std::optional<int> sample;                                // the pct= draw, 0..99
  std::optional<std::vector<std::string>> public_suffixes;  // PSL rules for this case
};

}  // namespace ascot::vectors

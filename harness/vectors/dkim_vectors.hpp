// harness/vectors/dkim_vectors.hpp: DKIM verification vectors (dkim-verify.schema.json).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dns/zone.hpp"
#include "vectors/message_vectors.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

struct ExpectedSignature {
  std::optional<std::string> domain;
  std::optional<std::string> selector;
  std::set<std::string> result;      // RFC 8601 2.7.1 results
  std::set<std::string> acceptable;  // results that ignore a SHOULD
  std::optional<std::string> reason;
};

struct DkimVector : MessageCase {
  std::vector<ExpectedSignature> signatures;
};

Expected<std::vector<DkimVector>> load_dkim_vectors(const VectorFile& file);

// set_text prints a set as "pass" or "[fail, permerror]".
std::string set_text(const std::set<std::string>& values);

}  // namespace ascot::vectors

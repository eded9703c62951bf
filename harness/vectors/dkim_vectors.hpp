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

struct DkimVector {
  VectorMeta meta;
  std::string message;  // exact bytes
  std::int64_t now = 0;
  std::vector<ExpectedSignature> signatures;
  std::shared_ptr<const dns::Zone> zone;
};

Expected<std::vector<DkimVector>> load_dkim_vectors(const VectorFile& file);

// set_text prints a set as "pass" or "[fail, permerror]".
std::string set_text(const std::set<std::string>& values);

}  // namespace ascot::vectors

// harness/vectors/dmarc_vectors.hpp: DMARC evaluation vectors (dmarc-evaluate.schema.json).
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "dns/zone.hpp"
#include "vectors/dmarc_question.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

struct DmarcExpectation {
  std::set<std::string> result;
  std::optional<std::set<std::string>> policy;
  std::optional<std::set<std::string>> disposition;
  std::optional<std::string> policy_domain;
  std::optional<std::string> org_domain;
  std::optional<bool> spf_aligned;
  std::optional<bool> dkim_aligned;
};

struct DmarcVector {
  VectorMeta meta;
  DmarcQuestion question;
  DmarcExpectation expected;
  std::shared_ptr<const dns::Zone> zone;
};

Expected<std::vector<DmarcVector>> load_dmarc_vectors(const VectorFile& file);

}  // namespace ascot::vectors

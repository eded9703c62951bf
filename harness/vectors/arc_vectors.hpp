// harness/vectors/arc_vectors.hpp: ARC chain validation vectors (arc-validate.schema.json).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "vectors/message_vectors.hpp"
#include "vectors/vector_file.hpp"

namespace ascot::vectors {

struct ArcVector : MessageCase {
  std::set<std::string> cv;  // the chain validation statuses allowed
  std::optional<int> oldest_pass;
  std::optional<int> failed_instance;
};

Expected<std::vector<ArcVector>> load_arc_vectors(const VectorFile& file);

}  // namespace ascot::vectors

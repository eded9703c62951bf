// harness/vectors/message_vectors.hpp: what the vectors that check one message against the DNS
// of their group at a given time (DKIM, ARC) have in common.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/json.hpp"
#include "dns/zone.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

struct MessageCase {
  VectorMeta meta;
  std::string message;  // exact bytes
  std::int64_t now = 0;
  std::shared_ptr<const dns::Zone> zone;  // shared by the vectors of a group
};

// for_each_message_vector checks that |file| holds |schema| vectors, then calls |fn| for each
// with its common part read and the rest of its object for |fn| to read; after |fn| every key
// must have been read. Stops at, and returns, the first error.
Expected<void> for_each_message_vector(
    const VectorFile& file, std::string_view schema,
    const std::function<Expected<void>(MessageCase, json::Object&)>& fn);

}  // namespace ascot::vectors

// harness/vectors/spf_vectors.hpp: SPF vectors (vectors/schemas/spf-check.schema.json) as
// typed values, ready to run against any SPF implementation.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clause.hpp"
#include "core/error.hpp"
#include "core/verdict.hpp"
#include "dns/zone.hpp"
#include "spf/check_host.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

struct SpfVector {
  VectorMeta meta;
  spf::Query query;
  std::set<spf::Result> expected;
  std::set<spf::Result> acceptable;
  // Absent: the explanation is not checked. Present and empty (JSON null): exp= must not
  // yield anything. Present with text: exp= must yield exactly that.
  std::optional<std::optional<std::string>> explanation;
  std::shared_ptr<const dns::Zone> zone;
};

// load_spf_vectors reads the vectors of a file whose schema is spf-check.schema.json. Every
// key of every vector is read (an unread key is an error, as is a bad address).
Expected<std::vector<SpfVector>> load_spf_vectors(const VectorFile& file);

// load_all_spf_vectors loads, lints and returns every SPF vector in |files|. Any load error
// or lint problem fails the whole set, with every problem listed.
Expected<std::vector<SpfVector>> load_all_spf_vectors(const std::vector<std::string>& files,
                                                      const SchemaStore& schemas);

// results_text prints a result set as "pass" or "[fail, permerror]".
std::string results_text(const std::set<spf::Result>& results);

}  // namespace ascot::vectors

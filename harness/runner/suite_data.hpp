// harness/runner/suite_data.hpp: everything a run reads from the data folder.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "conformance/catalogue.hpp"
#include "core/error.hpp"
#include "vectors/spf_vectors.hpp"

namespace ascot::harness {

// data_dir locates the folder holding vectors/ and conformance/: $ASCOT_DATA_DIR if set,
// else the installed share/ascot beside the executable, else the source tree it was built
// from.
std::string data_dir();

struct SuiteData {
  std::string root;
  conformance::Catalogue catalogue;
  std::vector<vectors::SpfVector> spf_vectors;
  std::map<std::string, const vectors::SpfVector*> spf_by_id;
  std::string digest;  // FNV-1a over the vector and purpose files, for the suite version
};

// load_suite_data reads and cross-checks the vectors and purposes under |root|: every file
// against its schema, the vector lint, and every purpose's vectors present and every vector
// used by some purpose.
Expected<SuiteData> load_suite_data(const std::string& root);

}  // namespace ascot::harness

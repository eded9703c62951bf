// harness/runner/suite_data.hpp: everything a run reads from the data folder.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "conformance/catalogue.hpp"
#include "conformance/suite.hpp"
#include "core/error.hpp"

namespace ascot::harness {

// data_dir locates the folder holding vectors/ and conformance/: $ASCOT_DATA_DIR if set,
// else the installed share/ascot beside the executable, else the source tree it was built
// from.
std::string data_dir();

struct SuiteData {
  std::string root;
  conformance::Catalogue catalogue;
  std::vector<std::unique_ptr<conformance::Suite>> suites;
  std::string digest;  // FNV-1a over the vector and purpose files, for the suite version

  // suite returns the suite called |name|, or nullptr.
  const conformance::Suite* suite(std::string_view name) const;
  // suite_for_schema returns the suite that reads vectors of |schema|, or nullptr.
  conformance::Suite* suite_for_schema(std::string_view schema) const;
};

// load_suite_data reads and cross-checks the vectors and purposes under |root|: every file
// against its schema, the vector lint, and for every suite, every purpose's vectors present
// and every vector used by some purpose.
Expected<SuiteData> load_suite_data(const std::string& root);

}  // namespace ascot::harness

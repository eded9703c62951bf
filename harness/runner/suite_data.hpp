// harness/runner/suite_data.hpp: everything a run reads from the data folder.
#pragma once

#include "adapters/adapter.hpp"  // data_dir()

#include <memory>
#include <string>
#include <vector>

#include "conformance/catalogue.hpp"
#include "conformance/suite.hpp"
#include "core/error.hpp"

namespace ascot::harness {

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

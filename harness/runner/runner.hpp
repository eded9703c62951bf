// harness/runner/runner.hpp: running test purposes against an IUT.
#pragma once

#include <string>

#include "adapters/adapter.hpp"
#include "reports/results.hpp"
#include "runner/suite_data.hpp"

namespace ascot::harness {

struct RunOptions {
  std::string suite = "all";  // a suite name, or "all"
  std::string filter;         // purpose id prefix, e.g. "spf/4.6.4"
};

// ProgressSink hears about each case as it finishes (for progress on long runs).
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void case_done(std::size_t done, std::size_t total,
                         const reports::CaseResult& result) = 0;
};

// case_count returns how many cases |options| selects.
std::size_t case_count(const SuiteData& data, const RunOptions& options);

// run_suite runs every case the options select and returns the run. Purposes the IUT does
// not claim are recorded as not-applicable with the reason, never dropped. Fails only when
// the selection is empty or unknown.
Expected<reports::Run> run_suite(Adapter& adapter, const SuiteData& data, const RunOptions& options,
                                 ProgressSink* progress = nullptr);

}  // namespace ascot::harness

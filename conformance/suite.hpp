// conformance/suite.hpp: one mechanism's executable cases.
//
// A Suite reads the vectors of its schema, runs one of them against an IUT's probes, and
// judges what it observed. The runner, the CLI (`ascot vectors run`) and the per-vector
// GoogleTest cases all go through this interface, so a vector means the same everywhere.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/probes.hpp"
#include "core/verdict.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::conformance {

struct CaseOutcome {
  Verdict verdict = Verdict::error;
  std::string expected;  // what the vector allows, as text
  std::string observed;  // what the IUT did, as text
  std::string reason;    // why the verdict is what it is (empty for a plain pass)
  std::string transcript;
};

class Suite {
 public:
  virtual ~Suite() = default;
  // name is the suite's name in the catalogue ("spf"); schema the vector schema it reads.
  virtual std::string_view name() const = 0;
  virtual std::string_view schema() const = 0;
  // add_file loads the vectors of one file of this suite's schema.
  virtual Expected<void> add_file(const vectors::VectorFile& file) = 0;
  // metas lists the loaded vectors, in file order; meta finds one (nullptr when unknown).
  virtual std::vector<const vectors::VectorMeta*> metas() const = 0;
  virtual const vectors::VectorMeta* meta(const std::string& id) const = 0;
  // claims returns the PICS items the case |id| needs beyond its purpose's claims.
  virtual std::vector<std::string> claims(const std::string& id) const = 0;
  // run runs vector |id| against |probes| and judges it. A null probe gives not-applicable.
  virtual CaseOutcome run(const Probes& probes, const std::string& id) const = 0;
};

// make_suites returns one empty Suite per mechanism ASCOT knows.
std::vector<std::unique_ptr<Suite>> make_suites();

// CaseOutcome helpers for suites.
CaseOutcome not_applicable(std::string reason);
CaseOutcome from_probe_error(const Error& error);

}  // namespace ascot::conformance

// conformance/catalogue.hpp: the test-purpose catalogue.
//
// A test purpose states one requirement an IUT must meet, with the two references every
// purpose carries (DESIGN.md): the ITU-T clause it serves, marked derived-from-heading when
// only the heading is known, and the RFC clause that makes it testable. It lists the vectors
// that check it; each (purpose, vector) pair is one executable case.
#pragma once

#include <string>
#include <vector>

#include "core/clause.hpp"
#include "core/error.hpp"
#include "core/verdict.hpp"
#include "vectors/json_schema.hpp"

namespace ascot::conformance {

struct ItuRef {
  ClauseRef clause;  // basis says how much the mapping rests on
  std::string heading;
};

struct Purpose {
  std::string id;  // "spf/4.6.4/void-lookups"
  std::string suite;
  std::string title;
  std::string description;
  Level level = Level::must;
  ClauseRef rfc;
  std::vector<ItuRef> itu;
  std::vector<std::string> claims;
  std::vector<std::string> vectors;
  std::string file;
};

struct Catalogue {
  std::vector<Purpose> purposes;

  // select returns the purposes of |suite| ("all" for every suite) whose id starts with
  // |prefix| (empty for all), in catalogue order.
  std::vector<const Purpose*> select(const std::string& suite, const std::string& prefix) const;
  // suites lists the suite names in the catalogue.
  std::vector<std::string> suites() const;
};

// load_catalogue reads every purpose file under |dir| (its schemas/ excluded), checking each
// against conformance/schemas/purposes.schema.json and requiring unique purpose ids.
Expected<Catalogue> load_catalogue(const std::string& dir);

// check_coverage returns problems between a catalogue and the ids of the vectors of one
// suite: purposes naming vectors that do not exist, and vectors no purpose uses.
std::vector<std::string> check_coverage(const Catalogue& catalogue, const std::string& suite,
                                        const std::vector<std::string>& vector_ids);

}  // namespace ascot::conformance

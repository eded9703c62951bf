// harness/vectors/json_schema.hpp: a validator for the subset of JSON Schema (draft 2020-12)
// that the vector schemas use.
//
// The vector schemas in vectors/schemas/ are ordinary JSON Schema, so implementers in any
// language can validate the files with their own tools (scripts/check-vector-schemas.py does
// so with python3-jsonschema). This validator lets the C++ linter do the same without a
// dependency. It refuses a schema that uses a keyword it does not implement, rather than
// silently ignoring it: a linter that checks less than the schema says is worse than none.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace ascot::vectors {

// SchemaStore holds schemas by their $id and validates documents against them.
class SchemaStore {
 public:
  SchemaStore();
  ~SchemaStore();
  SchemaStore(const SchemaStore&) = delete;
  SchemaStore& operator=(const SchemaStore&) = delete;

  // load_directory reads every *.schema.json in |dir| and checks that each uses only the
  // supported keywords and that every $ref resolves.
  Expected<void> load_directory(const std::string& dir);
  // add registers one schema document under its "$id".
  Expected<void> add(boost::json::value schema, const std::string& origin);

  bool has(const std::string& id) const;

  // validate checks |document| against the schema with |id|. Every violation is returned,
  // each as "path: message" (path like groups[0].vectors[3].ip); empty means valid.
  std::vector<std::string> validate(const std::string& id,
                                    const boost::json::value& document) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ascot::vectors

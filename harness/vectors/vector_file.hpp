// harness/vectors/vector_file.hpp: loading and linting vector files.
//
// Every vector file names its schema ("schema": "spf-check.schema.json") and has the same
// outer shape: notes defining flags, a declared numberOfVectors, and groups of vectors, each
// vector with an id, a clause, a level and flags. load_vector_file checks a file against its
// schema; lint checks what a schema cannot: ids unique across all files of a mechanism, the
// declared count, every flag used defined and every defined flag used, clauses well formed,
// every choice of expected results explained by an AMBIGUOUS flag, and "acceptable" results
// only on SHOULD/MAY vectors and never also expected.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "vectors/json_schema.hpp"

namespace ascot::vectors {

struct FlagNote {
  std::string bug_type;
  std::string description;
};

struct VectorFile {
  std::string path;
  std::string schema;  // e.g. "spf-check.schema.json"
  std::string title;
  std::string spec;
  std::map<std::string, FlagNote, std::less<>> notes;
  std::int64_t declared_count = 0;
  boost::json::value document;
};

// load_vector_file parses |path| and validates it against the schema it names. The error
// lists every schema violation (up to a limit), each with its JSON path.
Expected<VectorFile> load_vector_file(const std::string& path, const SchemaStore& schemas);

// lint returns every problem found across |files| (empty when all is well). Ids must be
// unique among files of the same schema.
std::vector<std::string> lint(const std::vector<VectorFile>& files);

// count_vectors returns the number of vectors in |file|'s groups.
std::size_t count_vectors(const VectorFile& file);

// find_vector_files lists the *.json files under |dir| (recursively, schemas/ excluded), in
// sorted order.
std::vector<std::string> find_vector_files(const std::string& dir);

}  // namespace ascot::vectors

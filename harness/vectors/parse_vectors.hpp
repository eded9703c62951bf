// harness/vectors/parse_vectors.hpp: vectors for parsers of report formats, whose expected
// outcome is a parse result in JSON or a rejection (authres-parse, arf-parse).
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "vectors/vector_file.hpp"
#include "vectors/vector_meta.hpp"

namespace ascot::vectors {

struct ParseVector {
  VectorMeta meta;
  std::string input;                           // the field or message, exact bytes
  std::optional<boost::json::value> expected;  // the parse result, when the input is valid
  std::optional<std::string> invalid;          // why the input must be rejected
};

// load_parse_vectors reads an authres-parse (input: "field") or arf-parse (input: "message"
// or "messageBase64") file.
Expected<std::vector<ParseVector>> load_parse_vectors(const VectorFile& file);

}  // namespace ascot::vectors

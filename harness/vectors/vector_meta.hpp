// harness/vectors/vector_meta.hpp: what every vector has, whatever its mechanism.
#pragma once

#include <memory>

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/clause.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/verdict.hpp"
#include "dns/zone.hpp"
#include "vectors/vector_file.hpp"

namespace ascot::vectors {

// VectorMeta is the part of a vector that reports show: its id, what it checks and why.
struct VectorMeta {
  std::string id;
  std::string comment;
  std::string file;           // the vector file it came from
  std::string group_comment;  // what its group sets up
  ClauseRef clause;
  Level level = Level::must;
  std::vector<std::string> flags;
};

// read_meta reads id, comment, clause, level and flags from |obj|, marking them read.
Expected<VectorMeta> read_meta(json::Object& obj, const VectorFile& file,
                               const std::string& group_comment);

// for_each_vector calls |fn| for every vector of |file| with its group and a JSON path for
// messages ("groups[1].vectors[3]"); stops at, and returns, the first error.
Expected<void> for_each_vector(const VectorFile& file,
                               const std::function<Expected<void>(const boost::json::object& group,
                                                                  const boost::json::value& vector,
                                                                  const std::string& path)>& fn);

// for_each_group reads the groups of |file| strictly: for each group, |on_group| reads the
// group's own keys (its zone, list or policy) from the group's Object, given the group's comment
// and JSON path; then |on_vector| is called for each vector with its value, its JSON path
// ("groups[1].vectors[3]") and the group's comment; last, a group key that nobody read is an
// error. Stops at, and returns, the first error, located in |file|.
Expected<void> for_each_group(
    const VectorFile& file,
    const std::function<Expected<void>(json::Object& group, const std::string& path)>& on_group,
    const std::function<Expected<void>(const boost::json::value& vector, const std::string& path,
                                       const std::string& group_comment)>& on_vector);

// read_group_zone reads the "zone" of a group (for for_each_group's |on_group|).
Expected<std::shared_ptr<const dns::Zone>> read_group_zone(json::Object& group,
                                                           const std::string& path);

// read_message returns the bytes of "message" (text) or "messageBase64" in |obj|.
Expected<std::string> read_message(json::Object& obj);

}  // namespace ascot::vectors

// core/json.hpp: strict reading of JSON data files (vectors, zones, purposes, profiles).
//
// Data files are read the way BoringSSL's FileTest reads its test files: every key must be
// known and read, every type must be right, and an error names the file, the JSON path
// (groups[2].vectors[0].ip) and what was wrong. A typo in a vector must never make a test
// silently check less than its author meant.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace ascot::json {

// parse reads a JSON text; on error the message gives the line and column. |where| names
// the source (a file path) in the error.
Expected<boost::json::value> parse(std::string_view text, std::string_view where);

// parse_file reads and parses the file at |path|.
Expected<boost::json::value> parse_file(const std::string& path);

// type_name returns "object", "array", "string", "integer", "number", "boolean" or "null".
std::string_view type_name(const boost::json::value& v);

// Object reads one JSON object strictly. Each accessor marks its key as read; finish()
// fails if the object holds a key nobody read. Accessors return errors located at
// path.key. The Object borrows the value; keep the document alive while using it.
class Object {
 public:
  // of checks that |v| is an object; |path| is where it sits ("groups[0]").
  static Expected<Object> of(const boost::json::value& v, std::string path);

  const std::string& path() const { return path_; }
  bool has(std::string_view key) const;

  Expected<std::string> string(std::string_view key);
  Expected<std::optional<std::string>> optional_string(std::string_view key);
  Expected<std::int64_t> integer(std::string_view key);
  Expected<std::optional<std::int64_t>> optional_integer(std::string_view key);
  Expected<bool> boolean(std::string_view key, bool fallback);
  Expected<const boost::json::array*> array(std::string_view key);
  Expected<const boost::json::array*> optional_array(std::string_view key);
  Expected<Object> object(std::string_view key);
  // value returns the raw value (any type) and marks it read; nullptr when absent.
  const boost::json::value* value(std::string_view key);
  // strings reads an array of strings; absent gives an empty vector.
  Expected<std::vector<std::string>> strings(std::string_view key);

  // finish fails when a key was present but never read, naming every such key.
  Expected<void> finish() const;

  // child_path returns path.key for messages about nested values.
  std::string child_path(std::string_view key) const;

 private:
  Object(const boost::json::object& obj, std::string path) : obj_(&obj), path_(std::move(path)) {}
  Expected<const boost::json::value*> get(std::string_view key, bool required);

  const boost::json::object* obj_;
  std::string path_;
  std::set<std::string, std::less<>> read_;
};

// pretty prints |v| with two-space indentation, one member or element per line (arrays of
// scalars stay on one line), for files people read and diff.
std::string pretty(const boost::json::value& v);

// index_path returns path[i].
std::string index_path(std::string_view path, std::size_t i);

}  // namespace ascot::json

#include "core/json.hpp"

#include <algorithm>

#include "core/files.hpp"

namespace ascot::json {

namespace {
std::string line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}
}  // namespace

Expected<boost::json::value> parse(std::string_view text, std::string_view where) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) {
    return fail(Errc::parse_error,
                "unexpected text after the JSON value at " + line_column(text, consumed),
                std::string(where));
  }
  if (!ec) parser.finish(ec);
  if (ec) {
    return fail(Errc::parse_error,
                "invalid JSON at " + line_column(text, consumed) + ": " + ec.message(),
                std::string(where));
  }
  return parser.release();
}

Expected<boost::json::value> parse_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse(*text, path);
}

std::string_view type_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object:
      return "object";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "integer";
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::null:
      return "null";
  }
  return "value";
}

namespace {
void pretty_into(const boost::json::value& v, std::string& out, int indent) {
  auto newline = [&](int level) {
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  if (v.is_object()) {
    const auto& obj = v.get_object();
    if (obj.empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& [key, value] : obj) {
      if (!first) out += ',';
      first = false;
      newline(indent + 1);
      out += boost::json::serialize(boost::json::value(key));
      out += ": ";
      pretty_into(value, out, indent + 1);
    }
    newline(indent);
    out += '}';
  } else if (v.is_array()) {
    const auto& arr = v.get_array();
    bool scalars = std::all_of(arr.begin(), arr.end(),
                               [](const auto& e) { return !e.is_object() && !e.is_array(); });
    if (arr.empty() || scalars) {
      out += boost::json::serialize(v);
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < arr.size(); ++i) {
      if (i) out += ',';
      newline(indent + 1);
      pretty_into(arr[i], out, indent + 1);
    }
    newline(indent);
    out += ']';
  } else {
    out += boost::json::serialize(v);
  }
}
}  // namespace

std::string pretty(const boost::json::value& v) {
  std::string out;
  pretty_into(v, out, 0);
  return out;
}

std::string index_path(std::string_view path, std::size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

Expected<Object> Object::of(const boost::json::value& v, std::string path) {
  if (!v.is_object()) {
    return fail(Errc::parse_error, "expected an object, found " + std::string(type_name(v)),
                path.empty() ? "(top)" : path);
  }
  return Object(v.get_object(), std::move(path));
}

std::string Object::child_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool Object::has(std::string_view key) const {
  return obj_->contains(key);
}

Expected<const boost::json::value*> Object::get(std::string_view key, bool required) {
  read_.emplace(key);
  auto it = obj_->find(key);
  if (it == obj_->end()) {
    if (required) return fail(Errc::parse_error, "required key is missing", child_path(key));
    return nullptr;
  }
  return &it->value();
}

const boost::json::value* Object::value(std::string_view key) {
  read_.emplace(key);
  auto it = obj_->find(key);
  return it == obj_->end() ? nullptr : &it->value();
}

namespace {
std::unexpected<Error> wrong_type(std::string path, std::string_view want,
                                  const boost::json::value& got) {
  return fail(Errc::parse_error,
              "expected " + std::string(want) + ", found " + std::string(type_name(got)),
              std::move(path));
}
}  // namespace

Expected<std::string> Object::string(std::string_view key) {
  auto v = get(key, true);
  if (!v) return std::unexpected(v.error());
  if (!(*v)->is_string()) return wrong_type(child_path(key), "a string", **v);
  return std::string((*v)->get_string());
}

Expected<std::optional<std::string>> Object::optional_string(std::string_view key) {
  auto v = get(key, false);
  if (!v) return std::unexpected(v.error());
  if (*v == nullptr) return std::optional<std::string>();
  if (!(*v)->is_string()) return wrong_type(child_path(key), "a string", **v);
  return std::optional<std::string>(std::string((*v)->get_string()));
}

Expected<std::int64_t> Object::integer(std::string_view key) {
  auto v = get(key, true);
  if (!v) return std::unexpected(v.error());
  if (!(*v)->is_int64()) return wrong_type(child_path(key), "an integer", **v);
  return (*v)->get_int64();
}

Expected<std::optional<std::int64_t>> Object::optional_integer(std::string_view key) {
  auto v = get(key, false);
  if (!v) return std::unexpected(v.error());
  if (*v == nullptr) return std::optional<std::int64_t>();
  if (!(*v)->is_int64()) return wrong_type(child_path(key), "an integer", **v);
  return std::optional<std::int64_t>((*v)->get_int64());
}

Expected<bool> Object::boolean(std::string_view key, bool fallback) {
  auto v = get(key, false);
  if (!v) return std::unexpected(v.error());
  if (*v == nullptr) return fallback;
  if (!(*v)->is_bool()) return wrong_type(child_path(key), "true or false", **v);
  return (*v)->get_bool();
}

Expected<const boost::json::array*> Object::array(std::string_view key) {
  auto v = get(key, true);
  if (!v) return std::unexpected(v.error());
  if (!(*v)->is_array()) return wrong_type(child_path(key), "an array", **v);
  return &(*v)->get_array();
}

Expected<const boost::json::array*> Object::optional_array(std::string_view key) {
  auto v = get(key, false);
  if (!v) return std::unexpected(v.error());
  if (*v == nullptr) return static_cast<const boost::json::array*>(nullptr);
  if (!(*v)->is_array()) return wrong_type(child_path(key), "an array", **v);
  return &(*v)->get_array();
}

Expected<Object> Object::object(std::string_view key) {
  auto v = get(key, true);
  if (!v) return std::unexpected(v.error());
  return Object::of(**v, child_path(key));
}

Expected<std::vector<std::string>> Object::strings(std::string_view key) {
  auto arr = optional_array(key);
  if (!arr) return std::unexpected(arr.error());
  std::vector<std::string> out;
  if (*arr == nullptr) return out;
  for (std::size_t i = 0; i < (*arr)->size(); ++i) {
    const auto& item = (**arr)[i];
    if (!item.is_string()) return wrong_type(index_path(child_path(key), i), "a string", item);
    out.emplace_back(item.get_string());
  }
  return out;
}

Expected<void> Object::finish() const {
  std::string unknown;
  for (const auto& kv : *obj_) {
    if (!read_.contains(std::string_view(kv.key()))) {
      if (!unknown.empty()) unknown += ", ";
      unknown += "'" + std::string(kv.key()) + "'";
    }
  }
  if (!unknown.empty()) {
    return fail(Errc::parse_error, "unknown key(s) " + unknown, path_.empty() ? "(top)" : path_);
  }
  return {};
}

}  // namespace ascot::json

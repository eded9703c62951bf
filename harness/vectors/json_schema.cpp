#include "vectors/json_schema.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <regex>
#include <set>

#include "core/json.hpp"

namespace ascot::vectors {

namespace {

const std::set<std::string, std::less<>> kAnnotations = {
    "$schema", "$id", "$defs", "$comment", "title", "description", "format", "examples", "default"};
const std::set<std::string, std::less<>> kAssertions = {"type",
                                                        "enum",
                                                        "const",
                                                        "properties",
                                                        "required",
                                                        "additionalProperties",
                                                        "items",
                                                        "minItems",
                                                        "maxItems",
                                                        "uniqueItems",
                                                        "minLength",
                                                        "maxLength",
                                                        "pattern",
                                                        "minimum",
                                                        "maximum",
                                                        "oneOf",
                                                        "anyOf",
                                                        "allOf",
                                                        "$ref",
                                                        "propertyNames",
                                                        "minProperties",
                                                        "maxProperties",
                                                        "not"};

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool type_matches(std::string_view type, const boost::json::value& v) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer")
    return v.is_int64() || v.is_uint64() ||
           (v.is_double() &&
            v.get_double() == static_cast<double>(static_cast<long long>(v.get_double())));
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_bool();
  if (type == "null") return v.is_null();
  return false;
}

double as_double(const boost::json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

}  // namespace

struct SchemaStore::Impl {
  std::map<std::string, boost::json::value, std::less<>> schemas;
  mutable std::map<std::string, std::regex, std::less<>> regexes;

  const std::regex& regex(const std::string& pattern) const {
    auto it = regexes.find(pattern);
    if (it == regexes.end())
      it = regexes.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    return it->second;
  }

  // Resolves "file.schema.json#/$defs/x" or "#/$defs/x" relative to |base_id|.
  const boost::json::value* resolve(const std::string& ref, const std::string& base_id,
                                    std::string& target_id) const {
    auto hash = ref.find('#');
    target_id = hash == 0 ? base_id : ref.substr(0, hash);
    auto doc = schemas.find(target_id);
    if (doc == schemas.end()) return nullptr;
    if (hash == std::string::npos || hash + 1 == ref.size()) return &doc->second;
    std::string pointer = ref.substr(hash + 1);
    boost::system::error_code ec;
    const boost::json::value* v = doc->second.find_pointer(pointer, ec);
    return ec ? nullptr : v;
  }

  Expected<void> check_schema(const boost::json::value& s, const std::string& id,
                              const std::string& where) const {
    if (s.is_bool()) return {};
    if (!s.is_object()) return fail(Errc::parse_error, "a schema must be an object", where);
    for (const auto& [key, value] : s.get_object()) {
      std::string k(key);
      if (!kAnnotations.contains(k) && !kAssertions.contains(k)) {
        return fail(Errc::unsupported, "schema keyword '" + k + "' is not supported by the linter",
                    where);
      }
      std::string here = where + "/" + k;
      if (k == "$ref") {
        std::string target;
        if (!value.is_string() || resolve(std::string(value.get_string()), id, target) == nullptr) {
          return fail(Errc::parse_error, "$ref does not resolve", here);
        }
      } else if (k == "properties" || k == "$defs") {
        for (const auto& [name, sub] : value.get_object()) {
          auto r = check_schema(sub, id, here + "/" + std::string(name));
          if (!r) return r;
        }
      } else if (k == "items" || k == "additionalProperties" || k == "propertyNames" ||
                 k == "not") {
        auto r = check_schema(value, id, here);
        if (!r) return r;
      } else if (k == "oneOf" || k == "anyOf" || k == "allOf") {
        for (std::size_t i = 0; i < value.get_array().size(); ++i) {
          auto r = check_schema(value.get_array()[i], id, here + "/" + std::to_string(i));
          if (!r) return r;
        }
      } else if (k == "pattern") {
        try {
          regex(std::string(value.get_string()));
        } catch (const std::regex_error& e) {
          return fail(Errc::parse_error, std::string("invalid pattern: ") + e.what(), here);
        }
      }
    }
    return {};
  }

  void validate(const boost::json::value& s, const std::string& id, const boost::json::value& v,
                const std::string& path, std::vector<std::string>& errors) const {
    auto report = [&](const std::string& message) {
      errors.push_back((path.empty() ? "(top)" : path) + ": " + message);
    };
    if (s.is_bool()) {
      if (!s.get_bool()) report("no value is allowed here");
      return;
    }
    const auto& schema = s.get_object();
    if (const auto* ref = schema.if_contains("$ref")) {
      std::string target_id;
      const auto* target = resolve(std::string(ref->get_string()), id, target_id);
      validate(*target, target_id, v, path, errors);
    }
    if (const auto* type = schema.if_contains("type")) {
      bool ok = false;
      std::string names;
      if (type->is_string()) {
        ok = type_matches(type->get_string(), v);
        names = std::string(type->get_string());
      } else {
        for (const auto& t : type->get_array()) {
          ok = ok || type_matches(t.get_string(), v);
          names += (names.empty() ? "" : " or ") + std::string(t.get_string());
        }
      }
      if (!ok) {
        report("expected " + names + ", found " + std::string(json::type_name(v)));
        return;
      }
    }
    if (const auto* e = schema.if_contains("enum")) {
      bool found = false;
      for (const auto& option : e->get_array()) found = found || option == v;
      if (!found)
        report(boost::json::serialize(v) + " is not one of " + boost::json::serialize(*e));
    }
    if (const auto* c = schema.if_contains("const"); c != nullptr && *c != v) {
      report("must be " + boost::json::serialize(*c));
    }
    if (v.is_string()) {
      std::string_view str = v.get_string();
      if (const auto* n = schema.if_contains("minLength");
          n != nullptr && code_points(str) < n->to_number<std::size_t>()) {
        report("shorter than " + std::to_string(n->to_number<std::size_t>()) + " characters");
      }
      if (const auto* n = schema.if_contains("maxLength");
          n != nullptr && code_points(str) > n->to_number<std::size_t>()) {
        report("longer than " + std::to_string(n->to_number<std::size_t>()) + " characters");
      }
      if (const auto* p = schema.if_contains("pattern")) {
        if (!std::regex_search(str.begin(), str.end(), regex(std::string(p->get_string())))) {
          report("'" + std::string(str.substr(0, 80)) + "' does not match " +
                 std::string(p->get_string()));
        }
      }
    }
    if (v.is_number()) {
      if (const auto* n = schema.if_contains("minimum");
          n != nullptr && as_double(v) < as_double(*n)) {
        report("below the minimum " + boost::json::serialize(*n));
      }
      if (const auto* n = schema.if_contains("maximum");
          n != nullptr && as_double(v) > as_double(*n)) {
        report("above the maximum " + boost::json::serialize(*n));
      }
    }
    if (v.is_array()) {
      const auto& arr = v.get_array();
      if (const auto* n = schema.if_contains("minItems");
          n != nullptr && arr.size() < n->to_number<std::size_t>()) {
        report("needs at least " + std::to_string(n->to_number<std::size_t>()) + " items");
      }
      if (const auto* n = schema.if_contains("maxItems");
          n != nullptr && arr.size() > n->to_number<std::size_t>()) {
        report("holds more than " + std::to_string(n->to_number<std::size_t>()) + " items");
      }
      if (const auto* u = schema.if_contains("uniqueItems"); u != nullptr && u->as_bool()) {
        for (std::size_t i = 0; i < arr.size(); ++i) {
          for (std::size_t j = i + 1; j < arr.size(); ++j) {
            if (arr[i] == arr[j])
              report("items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
          }
        }
      }
      if (const auto* items = schema.if_contains("items")) {
        for (std::size_t i = 0; i < arr.size(); ++i)
          validate(*items, id, arr[i], json::index_path(path, i), errors);
      }
    }
    if (v.is_object()) {
      const auto& obj = v.get_object();
      if (const auto* n = schema.if_contains("minProperties");
          n != nullptr && obj.size() < n->to_number<std::size_t>()) {
        report("needs at least " + std::to_string(n->to_number<std::size_t>()) + " keys");
      }
      if (const auto* n = schema.if_contains("maxProperties");
          n != nullptr && obj.size() > n->to_number<std::size_t>()) {
        report("holds more than " + std::to_string(n->to_number<std::size_t>()) + " keys");
      }
      if (const auto* req = schema.if_contains("required")) {
        for (const auto& name : req->get_array()) {
          if (!obj.contains(name.get_string()))
            report("required key '" + std::string(name.get_string()) + "' is missing");
        }
      }
      const boost::json::object* props = nullptr;
      if (const auto* p = schema.if_contains("properties")) props = &p->get_object();
      const auto* additional = schema.if_contains("additionalProperties");
      const auto* names = schema.if_contains("propertyNames");
      for (const auto& [key, value] : obj) {
        if (names != nullptr)
          validate(*names, id, boost::json::value(key), child(path, key) + " (key)", errors);
        if (props != nullptr && props->contains(key)) {
          validate(props->at(key), id, value, child(path, key), errors);
        } else if (additional != nullptr) {
          if (additional->is_bool() && !additional->get_bool()) {
            report("unknown key '" + std::string(key) + "'");
          } else {
            validate(*additional, id, value, child(path, key), errors);
          }
        }
      }
    }
    if (const auto* all = schema.if_contains("allOf")) {
      for (const auto& sub : all->get_array()) validate(sub, id, v, path, errors);
    }
    if (const auto* any = schema.if_contains("anyOf")) {
      bool ok = false;
      for (const auto& sub : any->get_array()) {
        std::vector<std::string> sub_errors;
        validate(sub, id, v, path, sub_errors);
        ok = ok || sub_errors.empty();
      }
      if (!ok) report("matches none of the alternatives allowed here");
    }
    if (const auto* one = schema.if_contains("oneOf")) {
      std::size_t matches = 0;
      std::vector<std::string> closest;
      for (const auto& sub : one->get_array()) {
        std::vector<std::string> sub_errors;
        validate(sub, id, v, path, sub_errors);
        if (sub_errors.empty()) {
          ++matches;
        } else if (closest.empty() || sub_errors.size() < closest.size()) {
          closest = std::move(sub_errors);
        }
      }
      if (matches == 0) {
        report(boost::json::serialize(v).substr(0, 120) + " matches none of the allowed forms" +
               (closest.empty() ? "" : " (nearest: " + closest.front() + ")"));
      } else if (matches > 1) {
        report("matches more than one of the allowed forms");
      }
    }
    if (const auto* negated = schema.if_contains("not")) {
      std::vector<std::string> sub_errors;
      validate(*negated, id, v, path, sub_errors);
      if (sub_errors.empty()) report("matches a form that is not allowed here");
    }
  }
};

SchemaStore::SchemaStore() : impl_(std::make_unique<Impl>()) {}
SchemaStore::~SchemaStore() = default;

Expected<void> SchemaStore::add(boost::json::value schema, const std::string& origin) {
  if (!schema.is_object() || !schema.get_object().contains("$id") ||
      !schema.at("$id").is_string()) {
    return fail(Errc::parse_error, "a schema needs a string \"$id\"", origin);
  }
  std::string id(schema.at("$id").get_string());
  impl_->schemas[id] = std::move(schema);
  return {};
}

Expected<void> SchemaStore::load_directory(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> loaded;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string path = entry.path().string();
    if (!path.ends_with(".schema.json")) continue;
    auto doc = json::parse_file(path);
    if (!doc) return std::unexpected(doc.error());
    auto r = add(std::move(*doc), path);
    if (!r) return r;
    loaded.push_back(path);
  }
  if (ec) return fail(Errc::not_found, "cannot read the schema directory: " + ec.message(), dir);
  if (loaded.empty()) return fail(Errc::not_found, "no *.schema.json files", dir);
  for (const auto& [id, schema] : impl_->schemas) {
    auto r = impl_->check_schema(schema, id, id + "#");
    if (!r) return r;
  }
  return {};
}

bool SchemaStore::has(const std::string& id) const {
  return impl_->schemas.contains(id);
}

std::vector<std::string> SchemaStore::validate(const std::string& id,
                                               const boost::json::value& document) const {
  std::vector<std::string> errors;
  auto it = impl_->schemas.find(id);
  if (it == impl_->schemas.end()) return {"(top): unknown schema '" + id + "'"};
  impl_->validate(it->second, id, document, "", errors);
  return errors;
}

}  // namespace ascot::vectors

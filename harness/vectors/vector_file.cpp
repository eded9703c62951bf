#include "vectors/vector_file.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "core/clause.hpp"
#include "core/json.hpp"

namespace ascot::vectors {

Expected<VectorFile> load_vector_file(const std::string& path, const SchemaStore& schemas) {
  auto doc = json::parse_file(path);
  if (!doc) return std::unexpected(doc.error());
  if (!doc->is_object() || !doc->get_object().contains("schema") ||
      !doc->at("schema").is_string()) {
    return fail(Errc::parse_error, "a vector file must be an object with a \"schema\" string",
                path);
  }
  VectorFile file;
  file.path = path;
  file.schema = std::string(doc->at("schema").get_string());
  if (!schemas.has(file.schema)) {
    return fail(Errc::parse_error, "names the unknown schema '" + file.schema + "'", path);
  }
  auto errors = schemas.validate(file.schema, *doc);
  if (!errors.empty()) {
    std::string message = std::to_string(errors.size()) + " schema violation(s):";
    for (std::size_t i = 0; i < errors.size() && i < 20; ++i) message += "\n  " + errors[i];
    if (errors.size() > 20) message += "\n  ...";
    return fail(Errc::parse_error, message, path);
  }
  const auto& obj = doc->get_object();
  file.title = std::string(obj.at("title").get_string());
  file.spec = std::string(obj.at("spec").get_string());
  file.declared_count = obj.at("numberOfVectors").as_int64();
  for (const auto& [flag, note] : obj.at("notes").get_object()) {
    file.notes[std::string(flag)] = FlagNote{std::string(note.at("bugType").get_string()),
                                             std::string(note.at("description").get_string())};
  }
  file.document = std::move(*doc);
  return file;
}

std::size_t count_vectors(const VectorFile& file) {
  std::size_t n = 0;
  for (const auto& group : file.document.at("groups").get_array())
    n += group.at("vectors").get_array().size();
  return n;
}

namespace {

bool has_ambiguous_flag(const boost::json::object& vec, const VectorFile& file) {
  if (const auto* flags = vec.if_contains("flags")) {
    for (const auto& f : flags->get_array()) {
      auto note = file.notes.find(std::string(f.get_string()));
      if (note != file.notes.end() && note->second.bug_type == "AMBIGUOUS") return true;
    }
  }
  return false;
}

// The keys whose arrays list the outcomes a conforming implementation may give.
constexpr std::string_view kOutcomeKeys[] = {"expected", "result", "cv", "policy", "disposition"};

// Walks a vector: a choice of outcomes (an outcome array of more than one) must be explained
// by an AMBIGUOUS flag; "acceptable" outcomes are for SHOULD/MAY vectors and must not also be
// expected.
void check_choices(const boost::json::value& node, const boost::json::object& vec,
                   const VectorFile& file, const std::string& where,
                   std::vector<std::string>& problems) {
  if (node.is_array()) {
    for (const auto& item : node.get_array()) check_choices(item, vec, file, where, problems);
    return;
  }
  if (!node.is_object()) return;
  const auto& obj = node.get_object();
  for (const auto& [key, value] : obj) {
    bool outcome_key =
        std::find(std::begin(kOutcomeKeys), std::end(kOutcomeKeys), key) != std::end(kOutcomeKeys);
    if (outcome_key && value.is_array() && value.get_array().size() > 1 &&
        !has_ambiguous_flag(vec, file)) {
      problems.push_back(where + ": more than one " + std::string(key) +
                         ", but no flag of bug type AMBIGUOUS says why");
    }
    if (key == "acceptable" && value.is_array()) {
      for (std::string_view sibling : {"expected", "result"}) {
        const auto* allowed = obj.if_contains(sibling);
        if (allowed == nullptr || !allowed->is_array()) continue;
        for (const auto& a : value.get_array()) {
          for (const auto& e : allowed->get_array()) {
            if (a == e)
              problems.push_back(where + ": " + boost::json::serialize(a) +
                                 " is both expected and acceptable");
          }
        }
      }
      if (vec.at("level").get_string() == "MUST") {
        problems.push_back(where + ": a MUST-level vector cannot list acceptable deviations");
      }
    }
    if (value.is_object() || value.is_array()) check_choices(value, vec, file, where, problems);
  }
}

void check_choices(const boost::json::value& vector, const VectorFile& file,
                   const std::string& where, std::vector<std::string>& problems) {
  check_choices(vector, vector.get_object(), file, where, problems);
}

}  // namespace

std::vector<std::string> lint(const std::vector<VectorFile>& files) {
  std::vector<std::string> problems;
  std::map<std::string, std::map<std::string, std::string>> ids;  // schema -> id -> where
  for (const auto& file : files) {
    std::size_t actual = count_vectors(file);
    if (static_cast<std::int64_t>(actual) != file.declared_count) {
      problems.push_back(file.path + ": numberOfVectors is " + std::to_string(file.declared_count) +
                         " but the file holds " + std::to_string(actual));
    }
    std::set<std::string> used;
    const auto& groups = file.document.at("groups").get_array();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto& vectors = groups[g].at("vectors").get_array();
      for (std::size_t v = 0; v < vectors.size(); ++v) {
        const auto& vec = vectors[v].get_object();
        std::string where =
            file.path + ": groups[" + std::to_string(g) + "].vectors[" + std::to_string(v) + "]";
        std::string id(vec.at("id").get_string());
        auto [it, inserted] = ids[file.schema].emplace(id, where);
        if (!inserted)
          problems.push_back(where + ": id '" + id + "' is also used at " + it->second);
        if (auto clause = parse_clause(vec.at("clause").get_string()); !clause) {
          problems.push_back(where + ": " + clause.error().message);
        }
        if (const auto* flags = vec.if_contains("flags")) {
          for (const auto& f : flags->get_array()) {
            std::string flag(f.get_string());
            used.insert(flag);
            if (!file.notes.contains(flag))
              problems.push_back(where + ": flag '" + flag + "' is not defined in notes");
          }
        }
        check_choices(vectors[v], file, where, problems);
      }
    }
    for (const auto& [flag, note] : file.notes) {
      if (!used.contains(flag))
        problems.push_back(file.path + ": flag '" + flag + "' is defined but no vector uses it");
    }
  }
  return problems;
}

std::vector<std::string> find_vector_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory() && it->path().filename() == "schemas") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".json")
      out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ascot::vectors

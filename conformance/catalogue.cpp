#include "conformance/catalogue.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "core/json.hpp"
#include "vectors/vector_file.hpp"

namespace ascot::conformance {

std::vector<const Purpose*> Catalogue::select(const std::string& suite,
                                              const std::string& prefix) const {
  std::vector<const Purpose*> out;
  for (const auto& p : purposes) {
    if ((suite == "all" || p.suite == suite) && p.id.starts_with(prefix)) out.push_back(&p);
  }
  return out;
}

std::vector<std::string> Catalogue::suites() const {
  std::vector<std::string> out;
  for (const auto& p : purposes) {
    if (std::find(out.begin(), out.end(), p.suite) == out.end()) out.push_back(p.suite);
  }
  return out;
}

namespace {

Expected<Purpose> read_purpose(const boost::json::value& v, const std::string& path,
                               const std::string& suite, const std::string& file) {
  auto obj = json::Object::of(v, path);
  if (!obj) return std::unexpected(obj.error());
  Purpose p;
  p.suite = suite;
  p.file = file;
  auto take = [&](std::string_view key, std::string& into) -> Expected<void> {
    auto s = obj->string(key);
    if (!s) return std::unexpected(s.error());
    into = *s;
    return {};
  };
  std::string level, rfc;
  for (auto [key, into] : {std::pair<std::string_view, std::string*>{"id", &p.id},
                           {"title", &p.title},
                           {"description", &p.description},
                           {"level", &level},
                           {"rfc", &rfc}}) {
    auto r = take(key, *into);
    if (!r) return std::unexpected(r.error());
  }
  auto parsed_level = parse_level(level);
  if (!parsed_level)
    return fail(Errc::parse_error, "'" + level + "' is not MUST, SHOULD or MAY",
                obj->child_path("level"));
  p.level = *parsed_level;
  auto ref = parse_clause(rfc);
  if (!ref) return fail_at(ref.error(), obj->child_path("rfc"));
  p.rfc = *ref;
  auto itu = obj->array("itu");
  if (!itu) return std::unexpected(itu.error());
  for (std::size_t i = 0; i < (*itu)->size(); ++i) {
    auto entry = json::Object::of((**itu)[i], json::index_path(obj->child_path("itu"), i));
    if (!entry) return std::unexpected(entry.error());
    auto clause = entry->string("clause");
    auto basis = entry->string("basis");
    auto heading = entry->string("heading");
    if (!clause || !basis || !heading)
      return fail(Errc::parse_error, "incomplete ITU reference", entry->path());
    auto parsed = parse_clause(*clause);
    if (!parsed) return fail_at(parsed.error(), entry->path());
    auto parsed_basis = parse_basis(*basis);
    if (!parsed_basis) {
      return fail(Errc::parse_error,
                  "'" + *basis + "' is not normative-text or derived-from-heading",
                  entry->child_path("basis"));
    }
    parsed->basis = *parsed_basis;
    p.itu.push_back(ItuRef{*parsed, *heading});
    auto done = entry->finish();
    if (!done) return std::unexpected(done.error());
  }
  auto claims = obj->strings("claims");
  if (!claims) return std::unexpected(claims.error());
  p.claims = *claims;
  auto vectors = obj->strings("vectors");
  if (!vectors) return std::unexpected(vectors.error());
  p.vectors = *vectors;
  auto done = obj->finish();
  if (!done) return std::unexpected(done.error());
  if (!p.id.starts_with(suite + "/")) {
    return fail(Errc::parse_error,
                "purpose id '" + p.id + "' does not start with its suite '" + suite + "/'", path);
  }
  return p;
}

}  // namespace

Expected<Catalogue> load_catalogue(const std::string& dir) {
  vectors::SchemaStore schemas;
  auto loaded = schemas.load_directory(dir + "/schemas");
  if (!loaded) return std::unexpected(loaded.error());
  Catalogue catalogue;
  std::map<std::string, std::string> seen;
  for (const auto& path : vectors::find_vector_files(dir)) {
    auto doc = json::parse_file(path);
    if (!doc) return std::unexpected(doc.error());
    auto errors = schemas.validate("purposes.schema.json", *doc);
    if (!errors.empty()) {
      std::string message = "does not match purposes.schema.json:";
      for (std::size_t i = 0; i < errors.size() && i < 20; ++i) message += "\n  " + errors[i];
      return fail(Errc::parse_error, message, path);
    }
    std::string suite(doc->at("suite").get_string());
    const auto& purposes = doc->at("purposes").get_array();
    for (std::size_t i = 0; i < purposes.size(); ++i) {
      auto p = read_purpose(purposes[i], json::index_path("purposes", i), suite, path);
      if (!p) return fail_at(p.error(), path);
      auto [it, inserted] = seen.emplace(p->id, path);
      if (!inserted)
        return fail(Errc::parse_error,
                    "purpose id '" + p->id + "' is also defined in " + it->second, path);
      catalogue.purposes.push_back(std::move(*p));
    }
  }
  if (catalogue.purposes.empty()) return fail(Errc::not_found, "no test purposes found", dir);
  return catalogue;
}

std::vector<std::string> check_coverage(const Catalogue& catalogue, const std::string& suite,
                                        const std::vector<std::string>& vector_ids) {
  std::vector<std::string> problems;
  std::set<std::string> known(vector_ids.begin(), vector_ids.end());
  std::set<std::string> used;
  for (const auto* p : catalogue.select(suite, "")) {
    for (const auto& v : p->vectors) {
      used.insert(v);
      if (!known.contains(v))
        problems.push_back(p->file + ": purpose " + p->id + " names unknown vector '" + v + "'");
    }
  }
  for (const auto& v : vector_ids) {
    if (!used.contains(v))
      problems.push_back("vector '" + v + "' is not used by any " + suite + " purpose");
  }
  return problems;
}

}  // namespace ascot::conformance

#include "runner/suite_data.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/files.hpp"
#include "vectors/json_schema.hpp"
#include "vectors/vector_file.hpp"

namespace ascot::harness {

const conformance::Suite* SuiteData::suite(std::string_view name) const {
  for (const auto& s : suites) {
    if (s->name() == name) return s.get();
  }
  return nullptr;
}

conformance::Suite* SuiteData::suite_for_schema(std::string_view schema) const {
  for (const auto& s : suites) {
    if (s->schema() == schema) return s.get();
  }
  return nullptr;
}

namespace {

// FNV-1a, 64 bits: a stable fingerprint of the suite's data, not a security measure.
void fnv1a(std::uint64_t& h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
}

}  // namespace

Expected<SuiteData> load_suite_data(const std::string& root) {
  SuiteData data;
  data.root = root;
  data.suites = conformance::make_suites();
  vectors::SchemaStore schemas;
  auto loaded = schemas.load_directory(root + "/vectors/schemas");
  if (!loaded) return std::unexpected(loaded.error());
  auto files = vectors::find_vector_files(root + "/vectors");
  std::vector<vectors::VectorFile> vector_files;
  std::string problems;
  for (const auto& path : files) {
    auto file = vectors::load_vector_file(path, schemas);
    if (!file) {
      problems += "\n  " + file.error().to_string();
      continue;
    }
    file->path = std::filesystem::relative(file->path, root).string();
    vector_files.push_back(std::move(*file));
  }
  for (const auto& p : vectors::lint(vector_files)) problems += "\n  " + p;
  if (!problems.empty())
    return fail(Errc::parse_error, "the vectors do not lint cleanly:" + problems);
  for (const auto& file : vector_files) {
    conformance::Suite* suite = data.suite_for_schema(file.schema);
    if (suite == nullptr)
      return fail(Errc::parse_error, "no suite reads vectors of " + file.schema, file.path);
    auto added = suite->add_file(file);
    if (!added) return std::unexpected(added.error());
  }
  auto catalogue = conformance::load_catalogue(root + "/conformance");
  if (!catalogue) return std::unexpected(catalogue.error());
  data.catalogue = std::move(*catalogue);
  for (const auto& suite : data.suites) {
    std::vector<std::string> ids;
    for (const auto* m : suite->metas()) ids.push_back(m->id);
    for (const auto& p :
         conformance::check_coverage(data.catalogue, std::string(suite->name()), ids)) {
      problems += "\n  " + p;
    }
  }
  for (const auto& name : data.catalogue.suites()) {
    if (data.suite(name) == nullptr)
      problems += "\n  purposes name the unknown suite '" + name + "'";
  }
  if (!problems.empty())
    return fail(Errc::parse_error, "the purposes and vectors do not match:" + problems, root);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto purpose_files = vectors::find_vector_files(root + "/conformance");
  files.insert(files.end(), purpose_files.begin(), purpose_files.end());
  for (const auto& f : files) {
    auto bytes = read_file(f);
    if (!bytes) return std::unexpected(bytes.error());
    fnv1a(h, std::filesystem::relative(f, root).string());
    fnv1a(h, *bytes);
  }
  std::ostringstream hex;
  hex << std::hex << h;
  data.digest = hex.str();
  for (auto& p : data.catalogue.purposes) p.file = std::filesystem::relative(p.file, root).string();
  return data;
}

}  // namespace ascot::harness

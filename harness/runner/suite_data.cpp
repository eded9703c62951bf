#include "runner/suite_data.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/files.hpp"

#ifndef ASCOT_DATA_DIR
#define ASCOT_DATA_DIR "."
#endif

namespace ascot::harness {

std::string data_dir() {
  if (const char* env = std::getenv("ASCOT_DATA_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "ascot";
    if (std::filesystem::exists(installed / "vectors", ec)) return installed.string();
  }
  return ASCOT_DATA_DIR;
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
  vectors::SchemaStore schemas;
  auto loaded = schemas.load_directory(root + "/vectors/schemas");
  if (!loaded) return std::unexpected(loaded.error());
  auto files = vectors::find_vector_files(root + "/vectors");
  auto spf = vectors::load_all_spf_vectors(files, schemas);
  if (!spf) return std::unexpected(spf.error());
  data.spf_vectors = std::move(*spf);
  for (const auto& v : data.spf_vectors) data.spf_by_id[v.id] = &v;
  auto catalogue = conformance::load_catalogue(root + "/conformance");
  if (!catalogue) return std::unexpected(catalogue.error());
  data.catalogue = std::move(*catalogue);
  std::vector<std::string> ids;
  for (const auto& v : data.spf_vectors) ids.push_back(v.id);
  auto problems = conformance::check_coverage(data.catalogue, "spf", ids);
  if (!problems.empty()) {
    std::string message = "the purposes and vectors do not match:";
    for (const auto& p : problems) message += "\n  " + p;
    return fail(Errc::parse_error, message, root);
  }
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
  // Files are reported relative to the data folder.
  for (auto& v : data.spf_vectors) v.file = std::filesystem::relative(v.file, root).string();
  for (auto& p : data.catalogue.purposes) p.file = std::filesystem::relative(p.file, root).string();
  return data;
}

}  // namespace ascot::harness

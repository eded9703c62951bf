// Fuzz target: the readers of JSON data files a user may be handed (vector files, zone data,
// results.json from another machine): JSON parsing, schema validation, zone loading, typed
// SPF vectors, and the strict results reader. None may crash, hang or allocate without bound.
#include <cstdint>
#include <string_view>

#include "core/json.hpp"
#include "dns/zone.hpp"
#include "reports/results.hpp"
#include "vectors/json_schema.hpp"
#include "vectors/spf_vectors.hpp"

namespace {
const ascot::vectors::SchemaStore& schemas() {
  static ascot::vectors::SchemaStore store;
  static bool loaded = [] {
    auto r = store.load_directory(std::string(ASCOT_SOURCE_DIR) + "/vectors/schemas");
    if (!r) __builtin_trap();
    return true;
  }();
  (void)loaded;
  return store;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 16) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = ascot::json::parse(text, "fuzz");
  if (!doc) return 0;
  (void)ascot::dns::Zone::from_json(*doc, "zone");
  (void)ascot::reports::from_json(*doc);
  if (schemas().validate("spf-check.schema.json", *doc).empty()) {
    ascot::vectors::VectorFile file;
    file.path = "fuzz";
    file.schema = "spf-check.schema.json";
    file.document = *doc;
    (void)ascot::vectors::load_spf_vectors(file);
  }
  return 0;
}

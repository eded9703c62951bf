// Fuzz target: the readers of JSON data files a user may be handed (vector files, zone data,
// results.json from another machine): JSON parsing, schema validation, zone loading, typed
// SPF, DNSBL and greylisting vectors, and the strict results reader. None may crash, hang or
// allocate without bound.
#include <cstdint>
#include <string_view>

#include "core/json.hpp"
#include "dns/zone.hpp"
#include "reports/results.hpp"
#include "vectors/dnsbl_vectors.hpp"
#include "vectors/greylist_vectors.hpp"
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
  // A document its schema accepts reaches the typed loader, which must refuse what the schema
  // cannot (bad addresses, policies, orders) without crashing.
  for (const char* schema :
       {"spf-check.schema.json", "dnsbl-lookup.schema.json", "greylist-sequence.schema.json"}) {
    if (!schemas().validate(schema, *doc).empty()) continue;
    ascot::vectors::VectorFile file;
    file.path = "fuzz";
    file.schema = schema;
    file.document = *doc;
    (void)ascot::vectors::load_spf_vectors(file);
    (void)ascot::vectors::load_dnsbl_vectors(file);
    (void)ascot::vectors::load_greylist_vectors(file);
  }
  return 0;
}

#include "cli/zone_input.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"
#include "runner/suite_data.hpp"

namespace ascot::cli {

Expected<ZoneInput> load_zone_input(const std::string& path,
                                    const std::optional<std::string>& vector_id) {
  auto doc = json::parse_file(path);
  if (!doc) return std::unexpected(doc.error());
  ZoneInput out;
  if (!doc->is_object() || !doc->get_object().contains("schema")) {
    if (vector_id)
      return fail(Errc::invalid_argument, "--vector needs a vector file, and this is a plain zone",
                  path);
    auto zone = dns::Zone::from_json(*doc, "zone");
    if (!zone) return fail_at(zone.error(), path);
    out.zone = std::make_shared<const dns::Zone>(std::move(*zone));
    out.description = path;
    return out;
  }
  vectors::SchemaStore schemas;
  auto loaded = schemas.load_directory(harness::data_dir() + "/vectors/schemas");
  if (!loaded) return std::unexpected(loaded.error());
  auto file = vectors::load_vector_file(path, schemas);
  if (!file) return std::unexpected(file.error());
  const auto& groups = file->document.at("groups").get_array();
  if (!vector_id && groups.size() != 1) {
    return fail(Errc::invalid_argument,
                "the file has several groups, each with its own zone: choose one with --vector ID",
                path);
  }
  if (file->schema == "spf-check.schema.json") {
    auto all = vectors::load_spf_vectors(*file);
    if (!all) return std::unexpected(all.error());
    if (!vector_id) {
      out.zone = all->front().zone;
      out.description = path + " (its only group)";
      return out;
    }
    for (auto& v : *all) {
      if (v.meta.id == *vector_id) {
        out.zone = v.zone;
        out.description = path + " vector " + v.meta.id;
        out.vector = std::move(v);
        return out;
      }
    }
    return fail(Errc::not_found, "no vector '" + *vector_id + "' in the file", path);
  }
  if (file->schema == "dnsbl-lookup.schema.json" && vector_id) {
    auto all = vectors::load_dnsbl_vectors(*file);
    if (!all) return std::unexpected(all.error());
    for (auto& v : *all) {
      if (v.meta.id != *vector_id) continue;
      out.zone = v.zone;
      out.description = path + " vector " + v.meta.id;
      out.dnsbl_vector = std::move(v);
      return out;
    }
    return fail(Errc::not_found, "no vector '" + *vector_id + "' in the file", path);
  }
  // Any other kind: the group's zone, and the vector as written.
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g].get_object();
    const boost::json::object* chosen = nullptr;
    for (const auto& v : group.at("vectors").get_array()) {
      if (vector_id && v.get_object().at("id").get_string() == *vector_id) chosen = &v.get_object();
    }
    if (vector_id && chosen == nullptr) continue;
    auto zone = dns::Zone::from_json(group.at("zone"), "groups[" + std::to_string(g) + "].zone");
    if (!zone) return fail_at(zone.error(), path);
    out.zone = std::make_shared<const dns::Zone>(std::move(*zone));
    out.description = path + (chosen ? " vector " + *vector_id : std::string(" (its only group)"));
    if (chosen) out.vector_json = *chosen;
    return out;
  }
  return fail(Errc::not_found, "no vector '" + *vector_id + "' in the file", path);
}

}  // namespace ascot::cli

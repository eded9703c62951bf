#include "vectors/vector_meta.hpp"

#include <boost/json.hpp>

#include "core/base64.hpp"

namespace ascot::vectors {

Expected<VectorMeta> read_meta(json::Object& obj, const VectorFile& file,
                               const std::string& group_comment) {
  VectorMeta meta;
  meta.file = file.path;
  meta.group_comment = group_comment;
  auto id = obj.string("id");
  if (!id) return std::unexpected(id.error());
  meta.id = *id;
  auto comment = obj.string("comment");
  if (!comment) return std::unexpected(comment.error());
  meta.comment = *comment;
  auto clause = obj.string("clause");
  if (!clause) return std::unexpected(clause.error());
  auto ref = parse_clause(*clause);
  if (!ref) return fail_at(ref.error(), obj.child_path("clause"));
  meta.clause = *ref;
  auto level = obj.string("level");
  if (!level) return std::unexpected(level.error());
  auto parsed_level = parse_level(*level);
  if (!parsed_level) {
    return fail(Errc::parse_error, "'" + *level + "' is not MUST, SHOULD or MAY",
                obj.child_path("level"));
  }
  meta.level = *parsed_level;
  auto flags = obj.strings("flags");
  if (!flags) return std::unexpected(flags.error());
  meta.flags = *flags;
  return meta;
}

Expected<void> for_each_vector(const VectorFile& file,
                               const std::function<Expected<void>(const boost::json::object& group,
                                                                  const boost::json::value& vector,
                                                                  const std::string& path)>& fn) {
  const auto& groups = file.document.at("groups").get_array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g].get_object();
    const auto& vectors = group.at("vectors").get_array();
    for (std::size_t v = 0; v < vectors.size(); ++v) {
      std::string path = "groups[" + std::to_string(g) + "].vectors[" + std::to_string(v) + "]";
      auto r = fn(group, vectors[v], path);
      if (!r) return fail_at(r.error(), file.path);
    }
  }
  return {};
}

Expected<void> for_each_group(
    const VectorFile& file,
    const std::function<Expected<void>(json::Object& group, const std::string& path)>& on_group,
    const std::function<Expected<void>(const boost::json::value& vector, const std::string& path,
                                       const std::string& group_comment)>& on_vector) {
  const auto& groups = file.document.at("groups").get_array();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string path = json::index_path("groups", g);
    auto group = json::Object::of(groups[g], path);
    if (!group) return fail_at(group.error(), file.path);
    auto comment = group->string("comment");
    if (!comment) return fail_at(comment.error(), file.path);
    if (auto r = on_group(*group, path); !r) return fail_at(r.error(), file.path);
    auto vectors = group->array("vectors");
    if (!vectors) return fail_at(vectors.error(), file.path);
    for (std::size_t v = 0; v < (*vectors)->size(); ++v) {
      auto r = on_vector((**vectors)[v], json::index_path(path + ".vectors", v), *comment);
      if (!r) return fail_at(r.error(), file.path);
    }
    if (auto done = group->finish(); !done) return fail_at(done.error(), file.path);
  }
  return {};
}

Expected<std::string> read_message(json::Object& obj) {
  auto text = obj.optional_string("message");
  if (!text) return std::unexpected(text.error());
  auto encoded = obj.optional_string("messageBase64");
  if (!encoded) return std::unexpected(encoded.error());
  if (text->has_value() == encoded->has_value()) {
    return fail(Errc::parse_error, "give exactly one of message and messageBase64", obj.path());
  }
  if (*text) return **text;
  auto bytes = base64_decode(**encoded);
  if (!bytes) return fail(Errc::parse_error, "not base64", obj.child_path("messageBase64"));
  return *bytes;
}

Expected<std::shared_ptr<const dns::Zone>> read_group_zone(json::Object& group,
                                                           const std::string& path) {
  const auto* zone_json = group.value("zone");
  if (zone_json == nullptr) return fail(Errc::parse_error, "a group needs a zone", path);
  auto z = dns::Zone::from_json(*zone_json, path + ".zone");
  if (!z) return std::unexpected(z.error());
  return std::make_shared<const dns::Zone>(std::move(*z));
}

}  // namespace ascot::vectors

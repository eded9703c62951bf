#include "vectors/message_vectors.hpp"

#include <boost/json.hpp>

namespace ascot::vectors {

Expected<void> for_each_message_vector(
    const VectorFile& file, std::string_view schema,
    const std::function<Expected<void>(MessageCase, json::Object&)>& fn) {
  if (file.schema != schema) {
    return fail(Errc::invalid_argument,
                "holds " + file.schema + " vectors, not " + std::string(schema) + " ones",
                file.path);
  }
  const boost::json::object* zone_group = nullptr;
  std::shared_ptr<const dns::Zone> zone;
  return for_each_vector(
      file,
      [&](const boost::json::object& group, const boost::json::value& v,
          const std::string& path) -> Expected<void> {
        if (&group != zone_group) {
          auto z = dns::Zone::from_json(group.at("zone"), path + " (its group's zone)");
          if (!z) return std::unexpected(z.error());
          zone = std::make_shared<const dns::Zone>(std::move(*z));
          zone_group = &group;
        }
        auto obj = json::Object::of(v, path);
        if (!obj) return std::unexpected(obj.error());
        MessageCase c;
        c.zone = zone;
        auto meta = read_meta(*obj, file, std::string(group.at("comment").get_string()));
        if (!meta) return std::unexpected(meta.error());
        c.meta = std::move(*meta);
        auto message = read_message(*obj);
        if (!message) return std::unexpected(message.error());
        c.message = std::move(*message);
        auto now = obj->integer("now");
        if (!now) return std::unexpected(now.error());
        c.now = *now;
        auto r = fn(std::move(c), *obj);
        if (!r) return r;
        return obj->finish();
      });
}

}  // namespace ascot::vectors

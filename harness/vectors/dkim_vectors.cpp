#include "vectors/dkim_vectors.hpp"

#include <boost/json.hpp>

namespace ascot::vectors {

std::string set_text(const std::set<std::string>& values) {
  if (values.size() == 1) return *values.begin();
  std::string out = "[";
  for (const auto& v : values) out += (out.size() > 1 ? ", " : "") + v;
  return out + "]";
}

Expected<std::vector<DkimVector>> load_dkim_vectors(const VectorFile& file) {
  if (file.schema != "dkim-verify.schema.json") {
    return fail(Errc::invalid_argument, "holds " + file.schema + " vectors, not DKIM vectors",
                file.path);
  }
  std::vector<DkimVector> out;
  const boost::json::object* zone_group = nullptr;
  std::shared_ptr<const dns::Zone> zone;
  auto r = for_each_vector(
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
        DkimVector vec;
        vec.zone = zone;
        auto meta = read_meta(*obj, file, std::string(group.at("comment").get_string()));
        if (!meta) return std::unexpected(meta.error());
        vec.meta = std::move(*meta);
        auto message = read_message(*obj);
        if (!message) return std::unexpected(message.error());
        vec.message = std::move(*message);
        auto now = obj->integer("now");
        if (!now) return std::unexpected(now.error());
        vec.now = *now;
        auto signatures = obj->array("signatures");
        if (!signatures) return std::unexpected(signatures.error());
        for (std::size_t i = 0; i < (*signatures)->size(); ++i) {
          auto s = json::Object::of((**signatures)[i],
                                    json::index_path(obj->child_path("signatures"), i));
          if (!s) return std::unexpected(s.error());
          ExpectedSignature e;
          auto domain = s->optional_string("domain");
          auto selector = s->optional_string("selector");
          auto reason = s->optional_string("reason");
          auto result = s->strings("result");
          auto acceptable = s->strings("acceptable");
          for (const auto* bad : {&domain, &selector, &reason}) {
            if (!*bad) return std::unexpected(bad->error());
          }
          if (!result) return std::unexpected(result.error());
          if (!acceptable) return std::unexpected(acceptable.error());
          e.domain = *domain;
          e.selector = *selector;
          e.reason = *reason;
          e.result = {result->begin(), result->end()};
          e.acceptable = {acceptable->begin(), acceptable->end()};
          auto done = s->finish();
          if (!done) return std::unexpected(done.error());
          vec.signatures.push_back(std::move(e));
        }
        auto done = obj->finish();
        if (!done) return std::unexpected(done.error());
        out.push_back(std::move(vec));
        return {};
      });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace ascot::vectors

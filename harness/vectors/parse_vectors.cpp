#include "vectors/parse_vectors.hpp"

#include <boost/json.hpp>

namespace ascot::vectors {

Expected<std::vector<ParseVector>> load_parse_vectors(const VectorFile& file) {
  bool authres = file.schema == "authres-parse.schema.json";
  if (!authres && file.schema != "arf-parse.schema.json") {
    return fail(Errc::invalid_argument, "holds " + file.schema + " vectors, not parser vectors",
                file.path);
  }
  std::vector<ParseVector> out;
  auto r = for_each_vector(
      file,
      [&](const boost::json::object& group, const boost::json::value& v,
          const std::string& path) -> Expected<void> {
        auto obj = json::Object::of(v, path);
        if (!obj) return std::unexpected(obj.error());
        ParseVector vec;
        auto meta = read_meta(*obj, file, std::string(group.at("comment").get_string()));
        if (!meta) return std::unexpected(meta.error());
        vec.meta = std::move(*meta);
        if (authres) {
          auto field = obj->string("field");
          if (!field) return std::unexpected(field.error());
          vec.input = std::move(*field);
        } else {
          auto message = read_message(*obj);
          if (!message) return std::unexpected(message.error());
          vec.input = std::move(*message);
        }
        if (const auto* expected = obj->value("expected")) vec.expected = *expected;
        auto invalid = obj->optional_string("invalid");
        if (!invalid) return std::unexpected(invalid.error());
        vec.invalid = *invalid;
        if (vec.expected.has_value() == vec.invalid.has_value()) {
          return fail(Errc::parse_error, "give exactly one of expected and invalid", path);
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

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
  std::vector<DkimVector> out;
  auto r = for_each_message_vector(
      file, "dkim-verify.schema.json", [&](MessageCase c, json::Object& obj) -> Expected<void> {
        DkimVector vec{std::move(c), {}};
        auto signatures = obj.array("signatures");
        if (!signatures) return std::unexpected(signatures.error());
        for (std::size_t i = 0; i < (*signatures)->size(); ++i) {
          auto s = json::Object::of((**signatures)[i],
                                    json::index_path(obj.child_path("signatures"), i));
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
        out.push_back(std::move(vec));
        return {};
      });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace ascot::vectors

#include "vectors/arc_vectors.hpp"

namespace ascot::vectors {

Expected<std::vector<ArcVector>> load_arc_vectors(const VectorFile& file) {
  std::vector<ArcVector> out;
  auto r = for_each_message_vector(file, "arc-validate.schema.json",
                                   [&](MessageCase c, json::Object& obj) -> Expected<void> {
                                     ArcVector vec{std::move(c), {}, {}, {}};
                                     auto cv = obj.strings("cv");
                                     auto oldest = obj.optional_integer("oldestPass");
                                     auto failed = obj.optional_integer("failedInstance");
                                     if (!cv) return std::unexpected(cv.error());
                                     if (!oldest) return std::unexpected(oldest.error());
                                     if (!failed) return std::unexpected(failed.error());
                                     vec.cv = {cv->begin(), cv->end()};
                                     if (*oldest) vec.oldest_pass = static_cast<int>(**oldest);
                                     if (*failed) vec.failed_instance = static_cast<int>(**failed);
                                     out.push_back(std::move(vec));
                                     return {};
                                   });
  if (!r) return std::unexpected(r.error());
  return out;
}

}  // namespace ascot::vectors

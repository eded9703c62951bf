#include "content/model.hpp"

#include <unordered_set>
#include <utility>

namespace ascot::content {

std::string_view label_name(Label label) {
  return label == Label::spam ? "spam" : "ham";
}

void Delta::add(std::span<const std::string> list, Label label, int sign) {
  (label == Label::spam ? spam_messages : ham_messages) += sign;
  std::unordered_set<std::string_view> seen;
  seen.reserve(list.size());
  for (const auto& token : list) {
    if (!seen.insert(token).second) continue;
    Change& c = tokens[token];
    (label == Label::spam ? c.spam : c.ham) += sign;
  }
}

Expected<void> Trainer::learn(std::span<const std::string> tokens, Label label) {
  return add(tokens, label, +1);
}

Expected<void> Trainer::unlearn(std::span<const std::string> tokens, Label label) {
  return add(tokens, label, -1);
}

Expected<void> Trainer::add(std::span<const std::string> tokens, Label label, int sign) {
  pending_.add(tokens, label, sign);
  ++messages_;
  if (pending_.tokens.size() >= flush_at_) return finish();
  return {};
}

Expected<void> Trainer::finish() {
  if (pending_.empty()) return {};
  Delta out = std::exchange(pending_, Delta{});
  return flush_(std::move(out));
}

}  // namespace ascot::content

#include "content/memory_model.hpp"

#include <limits>
#include <utility>

namespace ascot::content {

namespace {

// Adds a signed change to a count without going below zero.
void bump(std::uint64_t& count, std::int64_t change) {
  if (change >= 0) {
    count += static_cast<std::uint64_t>(change);
  } else {
    auto down = static_cast<std::uint64_t>(-change);
    count = count > down ? count - down : 0;
  }
}

}  // namespace

Expected<Evidence> MemoryModel::lookup(std::span<const std::string> tokens) const {
  std::shared_lock lock(data_mutex_);
  Evidence e;
  e.messages = messages_;
  e.tokens.reserve(tokens.size());
  for (const auto& t : tokens) {
    auto it = tokens_.find(t);
    e.tokens.push_back(it == tokens_.end() ? TokenCounts{} : it->second);
  }
  return e;
}

Expected<void> MemoryModel::train(const std::function<Expected<void>(Trainer&)>& work) {
  std::lock_guard serial(train_mutex_);
  Delta total;
  // Everything is merged at the end, so the trainer never needs to flush early: the pending
  // delta is no larger than what the model is about to hold anyway.
  Trainer trainer(
      [&](Delta&& d) -> Expected<void> {
        total = std::move(d);
        return {};
      },
      std::numeric_limits<std::size_t>::max());
  if (auto r = work(trainer); !r) return r;
  if (auto r = trainer.finish(); !r) return r;
  apply(total);
  return {};
}

void MemoryModel::apply(const Delta& delta) {
  std::unique_lock lock(data_mutex_);
  bump(messages_.spam, delta.spam_messages);
  bump(messages_.ham, delta.ham_messages);
  for (const auto& [token, change] : delta.tokens) {
    auto it = tokens_.find(token);
    if (it == tokens_.end()) {
      if (change.spam <= 0 && change.ham <= 0) continue;
      it = tokens_.emplace(token, TokenCounts{}).first;
    }
    bump(it->second.spam, change.spam);
    bump(it->second.ham, change.ham);
    if (it->second.spam == 0 && it->second.ham == 0) tokens_.erase(it);
  }
}

std::size_t MemoryModel::size() const {
  std::shared_lock lock(data_mutex_);
  return tokens_.size();
}

}  // namespace ascot::content

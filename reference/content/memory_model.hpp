// content/memory_model.hpp: a Model held in memory, for tests and short-lived filters.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "content/model.hpp"

namespace ascot::content {

// MemoryModel keeps its counts in a hash map. Thread-safety as model.hpp promises: lookups
// share a reader lock; train() runs its work without holding that lock (it collects a Delta)
// and takes the writer lock only to merge the delta, so classification goes on meanwhile.
class MemoryModel final : public Model {
 public:
  MemoryModel() = default;
  MemoryModel(const MemoryModel&) = delete;
  MemoryModel& operator=(const MemoryModel&) = delete;

  Expected<Evidence> lookup(std::span<const std::string> tokens) const override;
  Expected<void> train(const std::function<Expected<void>(Trainer&)>& work) override;

  // size returns the number of distinct tokens held.
  std::size_t size() const;

 private:
  void apply(const Delta& delta);

  mutable std::shared_mutex data_mutex_;  // guards messages_ and tokens_
  std::mutex train_mutex_;                // one train() at a time
  MessageCounts messages_;
  std::unordered_map<std::string, TokenCounts> tokens_;
};

}  // namespace ascot::content

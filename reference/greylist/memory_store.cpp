#include "greylist/memory_store.hpp"

#include <limits>
#include <vector>

namespace ascot::greylist {
namespace {

constexpr int kTriplet = 0;
constexpr int kClient = 1;

std::int64_t nanos(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

// Txn stages writes and applies them at commit, in the order they were made (as SQLite
// does, so both stores evict alike), so a failed transaction changes nothing.
class MemoryStore::Txn final : public Transaction {
 public:
  explicit Txn(MemoryStore& store) : store_(store) {}

  Expected<std::optional<TripletRecord>> get_triplet(std::string_view key) override {
    if (auto it = triplet_view_.find(key); it != triplet_view_.end()) return it->second;
    if (auto it = store_.triplets_.find(key); it != store_.triplets_.end()) return it->second;
    return std::optional<TripletRecord>();
  }
  Expected<void> put_triplet(const TripletRecord& record) override {
    triplet_view_.insert_or_assign(record.key, record);
    log_.push_back(Op{kTriplet, record.key, record, std::nullopt});
    return {};
  }
  Expected<void> erase_triplet(std::string_view key) override {
    triplet_view_.insert_or_assign(std::string(key), std::nullopt);
    log_.push_back(Op{kTriplet, std::string(key), std::nullopt, std::nullopt});
    return {};
  }
  Expected<std::optional<ClientRecord>> get_client(std::string_view network) override {
    if (auto it = client_view_.find(network); it != client_view_.end()) return it->second;
    if (auto it = store_.clients_.find(network); it != store_.clients_.end()) return it->second;
    return std::optional<ClientRecord>();
  }
  Expected<void> put_client(const ClientRecord& record) override {
    client_view_.insert_or_assign(record.network, record);
    log_.push_back(Op{kClient, record.network, std::nullopt, record});
    return {};
  }
  Expected<void> erase_client(std::string_view network) override {
    client_view_.insert_or_assign(std::string(network), std::nullopt);
    log_.push_back(Op{kClient, std::string(network), std::nullopt, std::nullopt});
    return {};
  }

  void commit() {
    for (const auto& op : log_) {
      if (op.kind == kTriplet) {
        if (op.triplet) {
          store_.upsert_triplet(*op.triplet);
        } else {
          store_.remove_triplet(op.key);
        }
      } else if (op.client) {
        store_.upsert_client(*op.client);
      } else {
        store_.remove_client(op.key);
      }
    }
  }

 private:
  struct Op {
    int kind;
    std::string key;
    std::optional<TripletRecord> triplet;  // put (kind triplet); empty: erase
    std::optional<ClientRecord> client;    // put (kind client); empty: erase
  };
  MemoryStore& store_;
  std::map<std::string, std::optional<TripletRecord>, std::less<>> triplet_view_;
  std::map<std::string, std::optional<ClientRecord>, std::less<>> client_view_;
  std::vector<Op> log_;
};

MemoryStore::MemoryStore(std::size_t max_entries)
    : max_entries_(max_entries == 0 ? 1 : max_entries) {}

MemoryStore::~MemoryStore() = default;

std::uint64_t MemoryStore::evictions() const {
  std::lock_guard lock(mutex_);
  return evictions_;
}

Expected<void> MemoryStore::transact(const std::function<Expected<void>(Transaction&)>& work) {
  std::lock_guard lock(mutex_);
  Txn txn(*this);
  auto r = work(txn);
  if (!r) return r;
  txn.commit();
  return {};
}

void MemoryStore::upsert_triplet(const TripletRecord& record) {
  auto it = triplets_.find(record.key);
  if (it != triplets_.end()) {
    const auto& old = it->second;
    order_.erase(Slot{old.passed_at ? 1 : 0, nanos(old.expires), kTriplet, old.key});
    it->second = record;
  } else {
    make_room();
    triplets_.emplace(record.key, record);
  }
  order_.insert(Slot{record.passed_at ? 1 : 0, nanos(record.expires), kTriplet, record.key});
}

void MemoryStore::upsert_client(const ClientRecord& record) {
  auto it = clients_.find(record.network);
  if (it != clients_.end()) {
    order_.erase(Slot{1, nanos(it->second.expires), kClient, record.network});
    it->second = record;
  } else {
    make_room();
    clients_.emplace(record.network, record);
  }
  order_.insert(Slot{1, nanos(record.expires), kClient, record.network});
}

void MemoryStore::remove_triplet(const std::string& key) {
  auto it = triplets_.find(key);
  if (it == triplets_.end()) return;
  order_.erase(Slot{it->second.passed_at ? 1 : 0, nanos(it->second.expires), kTriplet, key});
  triplets_.erase(it);
}

void MemoryStore::remove_client(const std::string& network) {
  auto it = clients_.find(network);
  if (it == clients_.end()) return;
  order_.erase(Slot{1, nanos(it->second.expires), kClient, network});
  clients_.erase(it);
}

void MemoryStore::make_room() {
  while (triplets_.size() + clients_.size() >= max_entries_ && !order_.empty()) {
    // The first slot is the soonest-expiring pending triplet, or failing that the
    // soonest-expiring record of any kind (see the header).
    Slot victim = *order_.begin();
    if (std::get<2>(victim) == kTriplet) {
      remove_triplet(std::get<3>(victim));
    } else {
      remove_client(std::get<3>(victim));
    }
    ++evictions_;
  }
}

Expected<std::size_t> MemoryStore::purge(TimePoint now) {
  std::lock_guard lock(mutex_);
  const std::int64_t limit = nanos(now);
  std::size_t removed = 0;
  for (int rank : {0, 1}) {
    auto it = order_.lower_bound(Slot{rank, std::numeric_limits<std::int64_t>::min(), 0, {}});
    while (it != order_.end() && std::get<0>(*it) == rank && std::get<1>(*it) <= limit) {
      Slot slot = *it++;
      if (std::get<2>(slot) == kTriplet) {
        remove_triplet(std::get<3>(slot));
      } else {
        remove_client(std::get<3>(slot));
      }
      ++removed;
    }
  }
  return removed;
}

Expected<StoreCounts> MemoryStore::counts() {
  std::lock_guard lock(mutex_);
  return StoreCounts{triplets_.size(), clients_.size()};
}

}  // namespace ascot::greylist

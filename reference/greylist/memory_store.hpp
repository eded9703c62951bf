// greylist/memory_store.hpp: a greylisting Store in memory, bounded in size.
//
// Every SMTP client can create a record by sending one RCPT TO, so a flood of distinct
// triplets must not exhaust memory (RFC 6647's security considerations on the database). A
// MemoryStore holds at most max_entries records (triplets and client records together). When
// a new record would exceed the bound, one record is evicted first:
//   1. the pending (never passed) triplet that expires soonest, if there is one;
//   2. otherwise the record of any kind that expires soonest.
// A flood of unretried triplets therefore displaces only other unretried triplets, and known
// triplets and whitelisted networks, the state that spares legitimate mail a delay, survive
// until the flood is all there is. The cost of an eviction is one more deferral for a client
// whose pending triplet was dropped. Ties are broken by key, so eviction is deterministic.
//
// State is lost when the process ends; use SqliteStore where state must survive a restart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

#include "greylist/greylist.hpp"

namespace ascot::greylist {

// The default bound, ASCOT's choice: a record whose addresses have the maximal
// 2 x kMaxPathOctets holds its key three times (map, record, eviction order), about 2 KiB, so
// 250,000 records take at most about 0.5 GiB; typical records take a fifth of that. At a
// 24-hour retry window this admits about 3 new triplets a second, sustained; busier sites
// use SqliteStore.
inline constexpr std::size_t kDefaultMaxEntries = 250'000;

// MemoryStore is a Store in memory. Thread-safe: one mutex serialises every call.
class MemoryStore final : public Store {
 public:
  // A MemoryStore holds at most |max_entries| records; 0 is taken as 1.
  explicit MemoryStore(std::size_t max_entries = kDefaultMaxEntries);
  ~MemoryStore() override;

  Expected<void> transact(const std::function<Expected<void>(Transaction&)>& work) override;
  Expected<std::size_t> purge(TimePoint now) override;
  Expected<StoreCounts> counts() override;

  std::size_t max_entries() const { return max_entries_; }
  // evictions is the number of records evicted to keep the bound since construction.
  std::uint64_t evictions() const;

 private:
  class Txn;
  // Eviction order: (rank, expiry, kind, key); rank 0 for pending triplets, 1 for the rest.
  using Slot = std::tuple<int, std::int64_t, int, std::string>;

  void upsert_triplet(const TripletRecord& record);
  void upsert_client(const ClientRecord& record);
  void remove_triplet(const std::string& key);
  void remove_client(const std::string& network);
  void make_room();

  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::map<std::string, TripletRecord, std::less<>> triplets_;
  std::map<std::string, ClientRecord, std::less<>> clients_;
  std::set<Slot> order_;
  std::uint64_t evictions_ = 0;
};

}  // namespace ascot::greylist

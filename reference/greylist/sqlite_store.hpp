// greylist/sqlite_store.hpp: a greylisting Store in an SQLite database file.
//
// The greylisting state must survive a restart of the MTA (a project rule): a restart that
// forgot every pending triplet would defer every retry again, and one that forgot every known
// triplet would delay all regular correspondence. SqliteStore keeps its records in one file:
//   - the schema is created when the file is opened, inside a transaction, and recorded in a
//     schema_version table; a file of another version is refused, never rewritten;
//   - the journal is a write-ahead log (PRAGMA journal_mode=WAL) with synchronous=FULL, so a
//     committed decision is on disk before decide() returns, and readers never see half of one;
//   - every transact() is one BEGIN IMMEDIATE ... COMMIT transaction, so a decision is atomic
//     even between processes that share the file;
//   - times are stored as integer nanoseconds since the Unix epoch, so they read back exactly;
//   - a file that is not an SQLite database, or fails SQLite's quick_check, is refused at open.
// Errors name the file. The number of records is bounded as in MemoryStore (same eviction
// rule), counted exactly by triggers in the database, so the bound holds across processes.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "greylist/greylist.hpp"

struct sqlite3;

namespace ascot::greylist {

// The schema this build reads and writes; a file with another version is refused.
inline constexpr int kSqliteSchemaVersion = 1;
// How long a transaction waits for another process's lock before failing. ASCOT's choice: an
// SMTP server answers within the minutes RFC 5321 4.5.3.2 allows, so seconds are affordable.
inline constexpr std::chrono::milliseconds kSqliteBusyTimeout{5000};

// The default bound of a database file, ASCOT's choice: rows of maximal addresses take about
// 1.2 KiB with their indexes, so at most about 6 GiB of disk; typical rows a tenth of that.
inline constexpr std::size_t kDefaultSqliteMaxEntries = 5'000'000;

struct SqliteOptions {
  std::size_t max_entries = kDefaultSqliteMaxEntries;  // 0 is taken as 1
};

// SqliteStore is a Store in a database file. Thread-safe: one mutex serialises the calls of
// this object on its single connection; other processes are serialised by SQLite's locks.
class SqliteStore final : public Store {
 public:
  // open opens or creates the database at |path|, creating or checking the schema. Fails
  // (io_error) when the file cannot be opened or written, (parse_error) when it is not a
  // greylist database or is corrupt, and (unsupported) for another schema version.
  static Expected<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                     SqliteOptions options = {});
  ~SqliteStore() override;

  Expected<void> transact(const std::function<Expected<void>(Transaction&)>& work) override;
  Expected<std::size_t> purge(TimePoint now) override;
  Expected<StoreCounts> counts() override;

  const std::string& path() const { return path_; }

 private:
  class Txn;
  SqliteStore(sqlite3* db, std::string path, SqliteOptions options);

  sqlite3* db_;
  const std::string path_;
  const SqliteOptions options_;
  std::mutex mutex_;
};

}  // namespace ascot::greylist

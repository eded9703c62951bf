// content/sqlite_model.hpp: a Model in an SQLite database file, so that what a filter has
// learnt survives a restart (a project rule: a filter that forgot its training on every
// restart would let spam through until retrained).
//
// The file holds a messages table (the spam and ham message counts) and a tokens table
// (token BLOB primary key, spam and ham counts); tokens are BLOBs because they are octets,
// not necessarily UTF-8. The database header says what the file is: PRAGMA application_id is
// kSqliteApplicationId and PRAGMA user_version is kSqliteSchemaVersion (the places SQLite's
// file format documentation sets aside for exactly this). Guarantees:
//   - the schema is created when the file is opened, inside a transaction; a file of another
//     schema version, or an SQLite database of some other application (a greylist store, say),
//     is refused, never rewritten; a file that is not an SQLite database or fails SQLite's
//     quick_check is refused at open (parse_error naming the file);
//   - a file that cannot be created or written (a missing directory, a read-only file) is
//     refused at open (io_error naming the file);
//   - every train() is one BEGIN IMMEDIATE ... COMMIT transaction: its work is kept whole or
//     not at all, also if the process dies half way;
//   - the journal is a write-ahead log (journal_mode=WAL, synchronous=FULL): a committed
//     train() is on disk when it returns, and readers never wait for a writer.
// Thread-safety (as model.hpp promises): lookup() may be called from any number of threads,
// also while train() runs. Each lookup borrows a read-only connection of its own from a small
// pool and reads inside one read transaction, so it sees the last committed state, whole.
// train() uses the one writing connection, serialised by a mutex in this process and by
// SQLite's write lock between processes. WAL needs a local file system (not NFS).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "content/model.hpp"

struct sqlite3;

namespace ascot::content {

// The schema this build reads and writes; a file with another version is refused.
inline constexpr int kSqliteSchemaVersion = 1;
// PRAGMA application_id of a content model file: "ACTM" (ASCOT content model) in ASCII.
inline constexpr std::int32_t kSqliteApplicationId = 0x4143544d;
// How long a statement waits for another process's lock before failing (ASCOT's choice:
// training is a batch job, so seconds of waiting are better than a spurious failure).
inline constexpr std::chrono::milliseconds kSqliteBusyTimeout{5000};
// kTrainFlushTokens is how many distinct pending tokens a train() collects in memory before
// it writes them into its open transaction (ASCOT's choice: about 10 MB of memory, and few
// enough statements per flush that a flush takes well under a second).
inline constexpr std::size_t kTrainFlushTokens = 100000;
// kMaxIdleReaders bounds the read connections kept open between lookups (ASCOT's choice: more
// threads than this may read at once; the extra connections are closed after use).
inline constexpr std::size_t kMaxIdleReaders = 8;

// SqliteModel is a Model in a database file. Not copyable.
class SqliteModel final : public Model {
 public:
  // open opens or creates the model at |path|. Fails (io_error) when the file cannot be
  // opened, created or written, (parse_error) when it is not an SQLite database, is damaged
  // or is another kind of database, and (unsupported) for another schema version.
  static Expected<std::unique_ptr<SqliteModel>> open(const std::string& path);
  ~SqliteModel() override;
  SqliteModel(const SqliteModel&) = delete;
  SqliteModel& operator=(const SqliteModel&) = delete;

  Expected<Evidence> lookup(std::span<const std::string> tokens) const override;
  Expected<void> train(const std::function<Expected<void>(Trainer&)>& work) override;

  // size returns the number of distinct tokens in the file.
  Expected<std::size_t> size() const;

  const std::string& path() const { return path_; }

 private:
  struct Reader;
  SqliteModel(sqlite3* db, std::string path);
  Expected<std::unique_ptr<Reader>> borrow() const;
  void give_back(std::unique_ptr<Reader> reader) const;
  Expected<void> flush(const Delta& delta);

  sqlite3* db_;  // the writing connection
  const std::string path_;
  std::mutex train_mutex_;
  mutable std::mutex readers_mutex_;
  mutable std::vector<std::unique_ptr<Reader>> idle_readers_;
};

}  // namespace ascot::content

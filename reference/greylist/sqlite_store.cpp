#include "greylist/sqlite_store.hpp"

#include <sqlite3.h>

#include <utility>

namespace ascot::greylist {
namespace {

std::int64_t nanos(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

TimePoint from_nanos(std::int64_t n) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(n)));
}

Errc classify(int rc) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Errc::parse_error;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Errc::timeout;
    default:
      return Errc::io_error;
  }
}

std::unexpected<Error> sql_error(sqlite3* db, int rc, std::string_view doing,
                                 const std::string& path) {
  std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return fail(classify(rc), std::string(doing) + ": " + why, path);
}

// Stmt owns one prepared statement.
class Stmt {
 public:
  static Expected<Stmt> prepare(sqlite3* db, std::string_view sql, const std::string& path) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(s);
      return sql_error(db, rc, "preparing a statement", path);
    }
    return Stmt(db, s, path);
  }
  Stmt(Stmt&& other) noexcept
      : db_(other.db_), s_(std::exchange(other.s_, nullptr)), path_(other.path_) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  void bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, TimePoint t) { sqlite3_bind_int64(s_, i, nanos(t)); }
  void bind(int i, const std::optional<TimePoint>& t) {
    if (t) {
      bind(i, *t);
    } else {
      sqlite3_bind_null(s_, i);
    }
  }
  void bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }

  // step returns true for a row, false when done.
  Expected<bool> step(std::string_view doing) {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sql_error(db_, rc, doing, *path_);
  }

  std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  TimePoint time(int col) const { return from_nanos(int64(col)); }
  std::optional<TimePoint> optional_time(int col) const {
    if (sqlite3_column_type(s_, col) == SQLITE_NULL) return std::nullopt;
    return time(col);
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(s_, col);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(s_, col)));
  }

 private:
  Stmt(sqlite3* db, sqlite3_stmt* s, const std::string& path) : db_(db), s_(s), path_(&path) {}
  sqlite3* db_;
  sqlite3_stmt* s_;
  const std::string* path_;
};

// run executes a statement that returns no rows of interest.
Expected<void> run(sqlite3* db, std::string_view sql, const std::string& path,
                   std::string_view doing) {
  auto s = Stmt::prepare(db, sql, path);
  if (!s) return std::unexpected(s.error());
  while (true) {
    auto row = s->step(doing);
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
  }
}

// Times are integer nanoseconds since the Unix epoch. The counters table is kept exact by the
// triggers, so the bound on entries holds for every process that shares the file.
constexpr std::string_view kSchema[] = {
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS triplets (key TEXT PRIMARY KEY NOT NULL, "
    "first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, passed_at INTEGER, "
    "attempts INTEGER NOT NULL, passes INTEGER NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS triplets_by_expiry ON triplets (expires)",
    "CREATE INDEX IF NOT EXISTS pending_by_expiry ON triplets (expires) WHERE passed_at IS NULL",
    "CREATE TABLE IF NOT EXISTS clients (network TEXT PRIMARY KEY NOT NULL, "
    "passes INTEGER NOT NULL, whitelisted_at INTEGER, last_seen INTEGER NOT NULL, "
    "expires INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS clients_by_expiry ON clients (expires)",
    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY NOT NULL, "
    "value INTEGER NOT NULL) WITHOUT ROWID",
    "INSERT OR IGNORE INTO counters (name, value) VALUES ('triplets', 0), ('clients', 0)",
    "CREATE TRIGGER IF NOT EXISTS triplet_added AFTER INSERT ON triplets BEGIN "
    "UPDATE counters SET value = value + 1 WHERE name = 'triplets'; END",
    "CREATE TRIGGER IF NOT EXISTS triplet_removed AFTER DELETE ON triplets BEGIN "
    "UPDATE counters SET value = value - 1 WHERE name = 'triplets'; END",
    "CREATE TRIGGER IF NOT EXISTS client_added AFTER INSERT ON clients BEGIN "
    "UPDATE counters SET value = value + 1 WHERE name = 'clients'; END",
    "CREATE TRIGGER IF NOT EXISTS client_removed AFTER DELETE ON clients BEGIN "
    "UPDATE counters SET value = value - 1 WHERE name = 'clients'; END",
};

Expected<StoreCounts> read_counts(sqlite3* db, const std::string& path) {
  auto s = Stmt::prepare(db, "SELECT name, value FROM counters", path);
  if (!s) return std::unexpected(s.error());
  StoreCounts out;
  while (true) {
    auto row = s->step("reading the record counts");
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    auto value = static_cast<std::size_t>(s->int64(1));
    if (s->text(0) == "triplets") out.triplets = value;
    if (s->text(0) == "clients") out.clients = value;
  }
}

// Creates or checks the schema; runs inside BEGIN IMMEDIATE.
Expected<void> prepare_schema(sqlite3* db, const std::string& path) {
  auto tables =
      Stmt::prepare(db,
                    "SELECT count(*), coalesce(sum(name = 'schema_version'), 0) FROM sqlite_schema "
                    "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                    path);
  if (!tables) return std::unexpected(tables.error());
  auto row = tables->step("reading the schema");
  if (!row) return std::unexpected(row.error());
  if (tables->int64(0) > 0 && tables->int64(1) == 0) {
    return fail(Errc::parse_error,
                "is an SQLite database, but not a greylist database (no schema_version table)",
                path);
  }
  for (auto sql : kSchema) {
    if (auto r = run(db, sql, path, "creating the schema"); !r) return r;
  }
  auto version = Stmt::prepare(db, "SELECT version FROM schema_version", path);
  if (!version) return std::unexpected(version.error());
  auto v = version->step("reading the schema version");
  if (!v) return std::unexpected(v.error());
  if (!*v) {
    return run(db,
               "INSERT INTO schema_version (version) VALUES (" +
                   std::to_string(kSqliteSchemaVersion) + ")",
               path, "recording the schema version");
  }
  if (version->int64(0) != kSqliteSchemaVersion) {
    return fail(Errc::unsupported,
                "greylist database schema version " + std::to_string(version->int64(0)) +
                    "; this build reads version " + std::to_string(kSqliteSchemaVersion),
                path);
  }
  return {};
}

}  // namespace

class SqliteStore::Txn final : public Transaction {
 public:
  Txn(sqlite3* db, const std::string& path, std::size_t max_entries)
      : db_(db), path_(path), max_entries_(max_entries) {}

  Expected<std::optional<TripletRecord>> get_triplet(std::string_view key) override {
    auto s = Stmt::prepare(db_,
                           "SELECT first_seen, last_seen, passed_at, attempts, passes, expires "
                           "FROM triplets WHERE key = ?1",
                           path_);
    if (!s) return std::unexpected(s.error());
    s->bind(1, key);
    auto row = s->step("reading a triplet");
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<TripletRecord>();
    return TripletRecord{.key = std::string(key),
                         .first_seen = s->time(0),
                         .last_seen = s->time(1),
                         .passed_at = s->optional_time(2),
                         .attempts = s->int64(3),
                         .passes = s->int64(4),
                         .expires = s->time(5)};
  }

  Expected<void> put_triplet(const TripletRecord& r) override {
    auto update = Stmt::prepare(db_,
                                "UPDATE triplets SET first_seen = ?2, last_seen = ?3, "
                                "passed_at = ?4, attempts = ?5, passes = ?6, expires = ?7 "
                                "WHERE key = ?1",
                                path_);
    if (!update) return std::unexpected(update.error());
    bind_triplet(*update, r);
    if (auto done = update->step("writing a triplet"); !done) return std::unexpected(done.error());
    if (sqlite3_changes(db_) > 0) return {};
    if (auto room = make_room(); !room) return room;
    auto insert = Stmt::prepare(db_,
                                "INSERT INTO triplets (key, first_seen, last_seen, passed_at, "
                                "attempts, passes, expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                path_);
    if (!insert) return std::unexpected(insert.error());
    bind_triplet(*insert, r);
    if (auto done = insert->step("writing a triplet"); !done) return std::unexpected(done.error());
    return {};
  }

  Expected<void> erase_triplet(std::string_view key) override {
    return erase("DELETE FROM triplets WHERE key = ?1", key);
  }

  Expected<std::optional<ClientRecord>> get_client(std::string_view network) override {
    auto s = Stmt::prepare(db_,
                           "SELECT passes, whitelisted_at, last_seen, expires FROM clients "
                           "WHERE network = ?1",
                           path_);
    if (!s) return std::unexpected(s.error());
    s->bind(1, network);
    auto row = s->step("reading a client");
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<ClientRecord>();
    return ClientRecord{.network = std::string(network),
                        .passes = s->int64(0),
                        .whitelisted_at = s->optional_time(1),
                        .last_seen = s->time(2),
                        .expires = s->time(3)};
  }

  Expected<void> put_client(const ClientRecord& r) override {
    auto update = Stmt::prepare(db_,
                                "UPDATE clients SET passes = ?2, whitelisted_at = ?3, "
                                "last_seen = ?4, expires = ?5 WHERE network = ?1",
                                path_);
    if (!update) return std::unexpected(update.error());
    bind_client(*update, r);
    if (auto done = update->step("writing a client"); !done) return std::unexpected(done.error());
    if (sqlite3_changes(db_) > 0) return {};
    if (auto room = make_room(); !room) return room;
    auto insert = Stmt::prepare(db_,
                                "INSERT INTO clients (network, passes, whitelisted_at, "
                                "last_seen, expires) VALUES (?1, ?2, ?3, ?4, ?5)",
                                path_);
    if (!insert) return std::unexpected(insert.error());
    bind_client(*insert, r);
    if (auto done = insert->step("writing a client"); !done) return std::unexpected(done.error());
    return {};
  }

  Expected<void> erase_client(std::string_view network) override {
    return erase("DELETE FROM clients WHERE network = ?1", network);
  }

 private:
  static void bind_triplet(Stmt& s, const TripletRecord& r) {
    s.bind(1, r.key);
    s.bind(2, r.first_seen);
    s.bind(3, r.last_seen);
    s.bind(4, r.passed_at);
    s.bind(5, r.attempts);
    s.bind(6, r.passes);
    s.bind(7, r.expires);
  }

  static void bind_client(Stmt& s, const ClientRecord& r) {
    s.bind(1, r.network);
    s.bind(2, r.passes);
    s.bind(3, r.whitelisted_at);
    s.bind(4, r.last_seen);
    s.bind(5, r.expires);
  }

  Expected<void> erase(std::string_view sql, std::string_view key) {
    auto s = Stmt::prepare(db_, sql, path_);
    if (!s) return std::unexpected(s.error());
    s->bind(1, key);
    auto done = s->step("erasing a record");
    if (!done) return std::unexpected(done.error());
    return {};
  }

  // make_room evicts records until one more fits, by the rule of memory_store.hpp: the
  // soonest-expiring pending triplet, else the soonest-expiring record of any kind.
  Expected<void> make_room() {
    while (true) {
      auto counts = read_counts(db_, path_);
      if (!counts) return std::unexpected(counts.error());
      if (counts->triplets + counts->clients < max_entries_) return {};
      auto pending = Stmt::prepare(
          db_, "SELECT key FROM triplets WHERE passed_at IS NULL ORDER BY expires, key LIMIT 1",
          path_);
      if (!pending) return std::unexpected(pending.error());
      auto row = pending->step("choosing a record to evict");
      if (!row) return std::unexpected(row.error());
      if (*row) {
        if (auto r = erase("DELETE FROM triplets WHERE key = ?1", pending->text(0)); !r) return r;
        continue;
      }
      auto any = Stmt::prepare(db_,
                               "SELECT kind, key FROM (SELECT 0 AS kind, key, expires FROM "
                               "triplets UNION ALL SELECT 1, network, expires FROM clients) "
                               "ORDER BY expires, kind, key LIMIT 1",
                               path_);
      if (!any) return std::unexpected(any.error());
      auto got = any->step("choosing a record to evict");
      if (!got) return std::unexpected(got.error());
      if (!*got) return {};
      auto sql = any->int64(0) == 0 ? "DELETE FROM triplets WHERE key = ?1"
                                    : "DELETE FROM clients WHERE network = ?1";
      if (auto r = erase(sql, any->text(1)); !r) return r;
    }
  }

  sqlite3* db_;
  const std::string& path_;
  const std::size_t max_entries_;
};

SqliteStore::SqliteStore(sqlite3* db, std::string path, SqliteOptions options)
    : db_(db), path_(std::move(path)), options_(options) {}

SqliteStore::~SqliteStore() {
  sqlite3_close_v2(db_);
}

Expected<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                         SqliteOptions options) {
  if (options.max_entries == 0) options.max_entries = 1;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    auto error = sql_error(db, rc, "cannot open the greylist database", path);
    sqlite3_close_v2(db);
    error.error().code = Errc::io_error;
    return error;
  }
  // From here on the store owns the handle and closes it on every path.
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path, options));
  sqlite3_busy_timeout(db, static_cast<int>(kSqliteBusyTimeout.count()));

  // quick_check reads every page: a damaged file is refused now, not half way through a
  // decision. For a file that is not a database this is where SQLITE_NOTADB surfaces.
  auto unreadable = [&](const Error& e) {
    return fail(e.code, std::string("cannot read the greylist database: ") + sqlite3_errmsg(db),
                path);
  };
  auto check = Stmt::prepare(db, "PRAGMA quick_check", store->path_);
  if (!check) return unreadable(check.error());
  while (true) {
    auto row = check->step("checking the database");
    if (!row) return unreadable(row.error());
    if (!*row) break;
    if (auto line = check->text(0); line != "ok") {
      return fail(Errc::parse_error, "the greylist database is damaged: " + line, path);
    }
  }
  if (auto r = run(db, "PRAGMA journal_mode = WAL", path, "enabling the write-ahead log"); !r) {
    return std::unexpected(r.error());
  }
  if (auto r = run(db, "PRAGMA synchronous = FULL", path, "setting synchronous writes"); !r) {
    return std::unexpected(r.error());
  }
  auto schema = store->transact([&](Transaction&) { return prepare_schema(db, store->path_); });
  if (!schema) return std::unexpected(schema.error());
  return store;
}

Expected<void> SqliteStore::transact(const std::function<Expected<void>(Transaction&)>& work) {
  std::lock_guard lock(mutex_);
  // IMMEDIATE takes the write lock at once, so two processes cannot both read a triplet as
  // unknown and then both write it.
  if (auto r = run(db_, "BEGIN IMMEDIATE", path_, "starting a transaction"); !r) return r;
  Txn txn(db_, path_, options_.max_entries);
  auto result = work(txn);
  if (result) {
    result = run(db_, "COMMIT", path_, "committing a transaction");
    if (result) return {};
  }
  // Best effort: the error that matters is the one already in hand.
  (void)run(db_, "ROLLBACK", path_, "rolling back a transaction");
  return result;
}

Expected<std::size_t> SqliteStore::purge(TimePoint now) {
  std::size_t removed = 0;
  auto r = transact([&](Transaction&) -> Expected<void> {
    for (std::string_view sql : {std::string_view("DELETE FROM triplets WHERE expires <= ?1"),
                                 std::string_view("DELETE FROM clients WHERE expires <= ?1")}) {
      auto s = Stmt::prepare(db_, sql, path_);
      if (!s) return std::unexpected(s.error());
      s->bind(1, now);
      auto done = s->step("purging expired records");
      if (!done) return std::unexpected(done.error());
      removed += static_cast<std::size_t>(sqlite3_changes(db_));
    }
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return removed;
}

Expected<StoreCounts> SqliteStore::counts() {
  std::lock_guard lock(mutex_);
  return read_counts(db_, path_);
}

}  // namespace ascot::greylist

#include "content/sqlite_model.hpp"

#include <sqlite3.h>

#include <optional>
#include <utility>

namespace ascot::content {

namespace {

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

// Stmt owns one prepared statement; it may be stepped, reset and stepped again.
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

  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind_text(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  // Tokens are octets: stored and compared as BLOBs. An empty BLOB must not be bound as NULL.
  void bind_blob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()),
                      SQLITE_TRANSIENT);
  }

  // step returns true for a row, false when done.
  Expected<bool> step(std::string_view doing) {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sql_error(db_, rc, doing, *path_);
  }

  std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  // count reads a counter; a negative value (only a hand-edited file has one) reads as zero.
  std::uint64_t count(int col) const {
    std::int64_t v = int64(col);
    return v > 0 ? static_cast<std::uint64_t>(v) : 0;
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

// run executes a statement whose rows, if any, are not needed.
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

// pragma_int reads an integer PRAGMA.
Expected<std::int64_t> pragma_int(sqlite3* db, std::string_view name, const std::string& path) {
  auto s = Stmt::prepare(db, "PRAGMA " + std::string(name), path);
  if (!s) return std::unexpected(s.error());
  auto row = s->step("reading the database header");
  if (!row) return std::unexpected(row.error());
  return *row ? s->int64(0) : 0;
}

constexpr std::string_view kSchema[] = {
    "CREATE TABLE messages (label TEXT PRIMARY KEY NOT NULL, count INTEGER NOT NULL) "
    "WITHOUT ROWID",
    "INSERT INTO messages (label, count) VALUES ('spam', 0), ('ham', 0)",
    "CREATE TABLE tokens (token BLOB PRIMARY KEY NOT NULL, spam INTEGER NOT NULL, "
    "ham INTEGER NOT NULL) WITHOUT ROWID",
};

// Creates the schema in an empty file or checks that the file holds a content model of this
// version; runs inside BEGIN IMMEDIATE.
Expected<void> prepare_schema(sqlite3* db, const std::string& path) {
  auto id = pragma_int(db, "application_id", path);
  if (!id) return std::unexpected(id.error());
  auto tables = Stmt::prepare(db, "SELECT count(*) FROM sqlite_schema", path);
  if (!tables) return std::unexpected(tables.error());
  auto row = tables->step("reading the schema");
  if (!row) return std::unexpected(row.error());
  if (tables->int64(0) == 0 && *id == 0) {
    for (auto sql : kSchema) {
      if (auto r = run(db, sql, path, "creating the schema"); !r) return r;
    }
    if (auto r = run(db, "PRAGMA application_id = " + std::to_string(kSqliteApplicationId), path,
                     "marking the file as a content model");
        !r) {
      return r;
    }
    return run(db, "PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion), path,
               "recording the schema version");
  }
  if (*id != kSqliteApplicationId) {
    return fail(Errc::parse_error,
                "is an SQLite database, but not an ASCOT content model (application_id " +
                    std::to_string(*id) + ")",
                path);
  }
  auto version = pragma_int(db, "user_version", path);
  if (!version) return std::unexpected(version.error());
  if (*version != kSqliteSchemaVersion) {
    return fail(Errc::unsupported,
                "content model schema version " + std::to_string(*version) +
                    "; this build reads version " + std::to_string(kSqliteSchemaVersion),
                path);
  }
  return {};
}

}  // namespace

// Reader is one read-only connection with its statements prepared once.
struct SqliteModel::Reader {
  sqlite3* db = nullptr;
  std::optional<Stmt> messages;
  std::optional<Stmt> token;

  ~Reader() {
    messages.reset();
    token.reset();
    sqlite3_close_v2(db);
  }
};

SqliteModel::SqliteModel(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

SqliteModel::~SqliteModel() {
  idle_readers_.clear();  // readers first: the last connection to close removes the WAL
  sqlite3_close_v2(db_);
}

Expected<std::unique_ptr<SqliteModel>> SqliteModel::open(const std::string& path) {
  // Both would give each connection a database of its own, not one shared file.
  if (path.empty() || path == ":memory:") {
    return fail(Errc::invalid_argument,
                "a content model needs a file name (MemoryModel is the in-memory model)", path);
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    auto error = sql_error(db, rc, "cannot open the content model", path);
    sqlite3_close_v2(db);
    error.error().code = Errc::io_error;
    return error;
  }
  // From here on the model owns the handle and closes it on every path.
  std::unique_ptr<SqliteModel> model(new SqliteModel(db, path));
  // SQLite quietly opens a write-protected file read-only; training would fail much later.
  if (sqlite3_db_readonly(db, "main") == 1) {
    return fail(Errc::io_error, "cannot write the content model (the file is read-only)", path);
  }
  sqlite3_busy_timeout(db, static_cast<int>(kSqliteBusyTimeout.count()));

  // quick_check reads every page: a damaged file is refused now, not half way through
  // training. For a file that is not a database this is where SQLITE_NOTADB surfaces.
  auto unreadable = [](Error e) {
    e.message = "cannot read the content model (" + e.message + ")";
    return std::unexpected<Error>(std::move(e));
  };
  auto check = Stmt::prepare(db, "PRAGMA quick_check", model->path_);
  if (!check) return unreadable(check.error());
  while (true) {
    auto row = check->step("checking the database");
    if (!row) return unreadable(row.error());
    if (!*row) break;
    if (auto line = check->text(0); line != "ok") {
      return fail(Errc::parse_error, "the content model is damaged: " + line, path);
    }
  }
  if (auto r = run(db, "PRAGMA journal_mode = WAL", path, "enabling the write-ahead log"); !r) {
    return std::unexpected(r.error());
  }
  if (auto r = run(db, "PRAGMA synchronous = FULL", path, "setting synchronous writes"); !r) {
    return std::unexpected(r.error());
  }
  if (auto r = run(db, "BEGIN IMMEDIATE", path, "starting a transaction"); !r) {
    return std::unexpected(r.error());
  }
  auto schema = prepare_schema(db, path);
  if (schema) schema = run(db, "COMMIT", path, "committing the schema");
  if (!schema) {
    (void)run(db, "ROLLBACK", path, "rolling back");  // the error in hand is the one to report
    return std::unexpected(schema.error());
  }
  return model;
}

Expected<std::unique_ptr<SqliteModel::Reader>> SqliteModel::borrow() const {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
  }
  auto reader = std::make_unique<Reader>();
  int rc = sqlite3_open_v2(path_.c_str(), &reader->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) return sql_error(reader->db, rc, "cannot open the content model", path_);
  sqlite3_busy_timeout(reader->db, static_cast<int>(kSqliteBusyTimeout.count()));
  auto messages = Stmt::prepare(reader->db, "SELECT label, count FROM messages", path_);
  if (!messages) return std::unexpected(messages.error());
  reader->messages.emplace(std::move(*messages));
  auto token = Stmt::prepare(reader->db, "SELECT spam, ham FROM tokens WHERE token = ?1", path_);
  if (!token) return std::unexpected(token.error());
  reader->token.emplace(std::move(*token));
  return reader;
}

void SqliteModel::give_back(std::unique_ptr<Reader> reader) const {
  std::lock_guard lock(readers_mutex_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(reader));
}

Expected<Evidence> SqliteModel::lookup(std::span<const std::string> tokens) const {
  auto reader = borrow();
  if (!reader) return std::unexpected(reader.error());
  Reader& r = **reader;
  // One read transaction: in WAL mode it reads one snapshot, the last committed train().
  if (auto b = run(r.db, "BEGIN", path_, "starting a read transaction"); !b) {
    return std::unexpected(b.error());
  }
  auto read = [&]() -> Expected<Evidence> {
    Evidence e;
    r.messages->reset();
    while (true) {
      auto row = r.messages->step("reading the message counts");
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      (r.messages->text(0) == "spam" ? e.messages.spam : e.messages.ham) = r.messages->count(1);
    }
    e.tokens.reserve(tokens.size());
    for (const auto& t : tokens) {
      r.token->reset();
      r.token->bind_blob(1, t);
      auto row = r.token->step("reading a token");
      if (!row) return std::unexpected(row.error());
      e.tokens.push_back(*row ? TokenCounts{r.token->count(0), r.token->count(1)} : TokenCounts{});
    }
    r.token->reset();
    r.messages->reset();
    return e;
  };
  auto evidence = read();
  auto end = run(r.db, evidence ? "COMMIT" : "ROLLBACK", path_, "ending a read transaction");
  if (!evidence) return evidence;  // the connection is dropped: its state is unknown
  if (!end) return std::unexpected(end.error());
  give_back(std::move(*reader));
  return evidence;
}

Expected<std::size_t> SqliteModel::size() const {
  auto reader = borrow();
  if (!reader) return std::unexpected(reader.error());
  std::size_t n = 0;
  {
    // The statement is finalised before the connection goes back to the pool, where another
    // thread may take it.
    auto s = Stmt::prepare((*reader)->db, "SELECT count(*) FROM tokens", path_);
    if (!s) return std::unexpected(s.error());
    auto row = s->step("counting tokens");
    if (!row) return std::unexpected(row.error());
    n = static_cast<std::size_t>(s->count(0));
  }
  give_back(std::move(*reader));
  return n;
}

Expected<void> SqliteModel::flush(const Delta& delta) {
  for (auto [label, change] :
       {std::pair{"spam", delta.spam_messages}, std::pair{"ham", delta.ham_messages}}) {
    if (change == 0) continue;
    auto s = Stmt::prepare(db_, "UPDATE messages SET count = max(count + ?2, 0) WHERE label = ?1",
                           path_);
    if (!s) return std::unexpected(s.error());
    s->bind_text(1, label);
    s->bind(2, change);
    if (auto done = s->step("counting messages"); !done) return std::unexpected(done.error());
  }
  auto upsert = Stmt::prepare(db_,
                              "INSERT INTO tokens (token, spam, ham) VALUES "
                              "(?1, max(?2, 0), max(?3, 0)) ON CONFLICT (token) DO UPDATE SET "
                              "spam = max(spam + ?2, 0), ham = max(ham + ?3, 0)",
                              path_);
  if (!upsert) return std::unexpected(upsert.error());
  // Unlearning can bring a token to zero in both columns; such a row says nothing.
  auto prune =
      Stmt::prepare(db_, "DELETE FROM tokens WHERE token = ?1 AND spam = 0 AND ham = 0", path_);
  if (!prune) return std::unexpected(prune.error());
  for (const auto& [token, change] : delta.tokens) {
    upsert->reset();
    upsert->bind_blob(1, token);
    upsert->bind(2, change.spam);
    upsert->bind(3, change.ham);
    if (auto done = upsert->step("counting a token"); !done) return std::unexpected(done.error());
    if (change.spam < 0 || change.ham < 0) {
      prune->reset();
      prune->bind_blob(1, token);
      if (auto done = prune->step("removing a token"); !done) return std::unexpected(done.error());
    }
  }
  return {};
}

Expected<void> SqliteModel::train(const std::function<Expected<void>(Trainer&)>& work) {
  std::lock_guard serial(train_mutex_);
  // IMMEDIATE takes the write lock at once, so another process cannot slip its own training
  // in between this one's reads and writes.
  if (auto r = run(db_, "BEGIN IMMEDIATE", path_, "starting a transaction"); !r) return r;
  Trainer trainer([this](Delta&& d) { return flush(d); }, kTrainFlushTokens);
  auto result = work(trainer);
  if (result) result = trainer.finish();
  if (result) result = run(db_, "COMMIT", path_, "committing the training");
  if (result) return {};
  (void)run(db_, "ROLLBACK", path_, "rolling back");  // the error in hand is the one to report
  return result;
}

}  // namespace ascot::content

#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "storage/internal/connection_base.hpp"
#include "storage/internal/pool.hpp"

namespace linli::storage::sqlite {
namespace {

constexpr size_t kStatementCacheLimit = 512;

std::string_view ConstraintColumn(std::string_view message) {
  // "UNIQUE constraint failed: table.column" -> "column" (only when one column is named).
  const size_t colon = message.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view target = message.substr(colon + 2);
  if (target.find(',') != std::string_view::npos) return {};
  const size_t dot = target.find('.');
  return dot == std::string_view::npos ? std::string_view() : target.substr(dot + 1);
}

core::Error ErrorFrom(sqlite3* db, int code, std::string_view context) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : code;
  const std::string detail = std::string(db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  // Clients see the Chinese message; the driver's text goes to the log only.
  const std::string logged = "sqlite " + std::string(context) + ": " + detail;
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return core::Error::AlreadyExists("记录已存在", std::string(ConstraintColumn(detail)))
          .WithDetail(logged);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return core::Error::Validation("引用的记录不存在").WithDetail(logged);
    case SQLITE_CONSTRAINT_NOTNULL:
      return core::Error::Validation("缺少必填字段", std::string(ConstraintColumn(detail)))
          .WithDetail(logged);
    case SQLITE_CONSTRAINT_CHECK:
      return core::Error::Validation("数据不符合约束").WithDetail(logged);
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return core::Error::Validation("数据不符合约束").WithDetail(logged);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return core::Error::Unavailable("数据库繁忙，请稍后重试").WithDetail(logged);
    case SQLITE_CANTOPEN:
      return core::Error::Unavailable("无法打开数据库文件").WithDetail(logged);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return core::Error::Internal("数据库文件已损坏").WithDetail(logged);
    default:
      return core::Error::Internal("数据库错误").WithDetail(logged);
  }
}

// Prefix LIKEs without a re-prepare. SQLite marks a statement whose `col LIKE ?` could use an
// index as depending on that parameter's value: every new binding (and every clear) expires
// it, and the next step parses and plans it again — ScopeClause's `place_code LIKE '3210%'`
// made every scoped read a fresh prepare. So `col LIKE ?` (a plain column, no NOT, no ESCAPE)
// is also prepared as `(col >= ? AND col < ?)`, used whenever the values bound to those
// LIKEs are plain prefixes ("text%": no other % or _): then the two forms select the same rows
// (BINARY comparison of the prefix and the prefix with its last byte incremented; the
// connection runs with case_sensitive_like=ON) and the range form is planned once, still on the
// column's index. Any other value (a '%text%' search, a code with '_') runs the statement as
// written, and so does a statement with two prefix LIKEs on one column (see below).
struct PrefixLikeRewrite {
  std::string sql;                  // the range form
  std::vector<size_t> like_params;  // 0-based indexes of the parameters split in two, ascending
};

bool IdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

bool KeywordAt(std::string_view sql, size_t at, std::string_view keyword) {
  if (at + keyword.size() > sql.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    char c = sql[at + i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  const bool starts = at == 0 || !IdentifierChar(sql[at - 1]);
  const bool ends = at + keyword.size() == sql.size() || !IdentifierChar(sql[at + keyword.size()]);
  return starts && ends;
}

// nullopt when the text has no rewritable `col LIKE ?` (or anything the scan does not handle:
// numbered parameters, comments).
std::optional<PrefixLikeRewrite> RewritePrefixLikes(std::string_view sql) {
  PrefixLikeRewrite out;
  std::vector<std::string_view> columns;  // of the LIKEs rewritten so far
  size_t copied = 0;                      // sql[copied..] not yet in out.sql
  size_t parameter = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      return std::nullopt;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      return std::nullopt;
    } else if (c == '?') {
      if (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') return std::nullopt;
      ++parameter;
    } else if (KeywordAt(sql, i, "LIKE")) {
      // LIKE, spaces, ?, and no ESCAPE after it.
      size_t mark = i + 4;
      while (mark < sql.size() && sql[mark] == ' ') ++mark;
      if (mark >= sql.size() || sql[mark] != '?') continue;
      if (mark + 1 < sql.size() && sql[mark + 1] >= '0' && sql[mark + 1] <= '9') {
        return std::nullopt;
      }
      size_t after = mark + 1;
      while (after < sql.size() && sql[after] == ' ') ++after;
      if (KeywordAt(sql, after, "ESCAPE")) continue;
      // The column just before LIKE: an identifier (not NOT).
      size_t end = i;
      while (end > 0 && sql[end - 1] == ' ') --end;
      size_t start = end;
      while (start > 0 && IdentifierChar(sql[start - 1])) --start;
      if (start == end || KeywordAt(sql, start, "NOT")) continue;
      if (sql[start] >= '0' && sql[start] <= '9') continue;  // a number, not a column
      if (start < copied) return std::nullopt;
      const std::string_view column = sql.substr(start, end - start);
      // Two prefix LIKEs on one column (a scope and a place filter inside it) stay LIKEs: as
      // ranges planned without their values, SQLite keeps the first range for the index and
      // filters by the second, so a community page inside a city-wide scope walked the whole
      // city. Planned with the values bound, the LIKEs use the narrower range.
      if (std::find(columns.begin(), columns.end(), column) != columns.end()) return std::nullopt;
      columns.push_back(column);
      out.sql.append(sql.substr(copied, start - copied));
      out.sql.append("(").append(column).append(" >= ? AND ").append(column).append(" < ?)");
      out.like_params.push_back(parameter);
      ++parameter;
      copied = mark + 1;
      i = mark;
    }
  }
  if (out.like_params.empty()) return std::nullopt;
  out.sql.append(sql.substr(copied));
  return out;
}

// "3210%" -> ("3210", "3211"); nullopt for anything that is not a plain prefix pattern.
std::optional<std::pair<std::string, std::string>> PrefixRange(const Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr || text->size() < 2 || text->back() != '%') return std::nullopt;
  std::string low = text->substr(0, text->size() - 1);
  if (low.find_first_of("%_") != std::string::npos) return std::nullopt;
  if (static_cast<unsigned char>(low.back()) == 0xFF) return std::nullopt;
  std::string high = low;
  high.back() = static_cast<char>(static_cast<unsigned char>(high.back()) + 1);
  return std::make_pair(std::move(low), std::move(high));
}

// Checkpoints the WAL of one database file on a thread of its own. SQLite's default copies the
// WAL into the database inside the commit that takes it past 1,000 pages, so one call in a few
// hundred paid for writing and syncing megabytes (a year of service-desk activity spent about
// half its wall time there). Every pooled connection of the file instead reports its commits
// through a WAL hook (RecordCommit), and past kWalPagesToCheckpoint this thread runs a PASSIVE
// checkpoint on its own connection — it waits for no reader or writer, and the next commit after
// a complete one starts the WAL over. A commit that finds the WAL past kWalPagesInline (the
// thread fell far behind) checkpoints inline as before.
// Thread-safety: RecordCommit may be called from any thread.
class WalCheckpointer {
 public:
  static constexpr int kWalPagesToCheckpoint = 1000;
  static constexpr int kWalPagesInline = 65536;  // 256 MiB of 4 KiB pages

  explicit WalCheckpointer(std::string target) : target_(std::move(target)) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~WalCheckpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Installs the hook on a connection (replacing the inline automatic checkpoint).
  void Attach(sqlite3* db) { sqlite3_wal_hook(db, &WalCheckpointer::Hook, this); }

 private:
  static int Hook(void* self, sqlite3* db, const char* schema, int wal_pages) {
    if (wal_pages >= kWalPagesInline) {
      sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (wal_pages >= kWalPagesToCheckpoint) {
      static_cast<WalCheckpointer*>(self)->Request();
    }
    return SQLITE_OK;
  }

  void Request() {
    {
      std::lock_guard lock(mutex_);
      requested_ = true;
    }
    wake_.notify_one();
  }

  void Loop() {
    sqlite3* db = nullptr;
    while (true) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return requested_ || stopping_; });
        if (stopping_) break;
        requested_ = false;
      }
      // A connection sees the WAL only once it has read the database: the journal_mode
      // pragma reads it (until then a checkpoint reports "not in WAL mode" and copies nothing).
      if (db == nullptr &&
          (sqlite3_open_v2(target_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           nullptr) != SQLITE_OK ||
           sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK)) {
        sqlite3_close_v2(db);  // retried on the next request; commits go on meanwhile
        db = nullptr;
        continue;
      }
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    sqlite3_close_v2(db);
  }

  const std::string target_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

class SqliteConnection final : public internal::ConnectionBase {
 public:
  explicit SqliteConnection(sqlite3* db, std::shared_ptr<WalCheckpointer> checkpointer = nullptr)
      : db_(db), checkpointer_(std::move(checkpointer)) {
    if (checkpointer_) checkpointer_->Attach(db_);
  }
  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  core::Result<QueryResult> Query(std::string_view sql, const std::vector<Value>& params) override {
    // The range form of prefix LIKEs when the values allow it (see PrefixLikeRewrite).
    const PrefixLikeRewrite* rewrite = RewriteOf(sql);
    std::vector<Value> expanded;
    if (rewrite != nullptr && ExpandPrefixes(*rewrite, params, expanded)) {
      return Run(rewrite->sql, expanded);
    }
    return Run(sql, params);
  }

 private:
  const PrefixLikeRewrite* RewriteOf(std::string_view sql) {
    if (sql.find("LIKE") == std::string_view::npos && sql.find("like") == std::string_view::npos) {
      return nullptr;
    }
    auto found = rewrites_.find(sql);
    if (found == rewrites_.end()) {
      if (rewrites_.size() >= kStatementCacheLimit) rewrites_.clear();
      found = rewrites_.emplace(std::string(sql), RewritePrefixLikes(sql)).first;
    }
    return found->second ? &*found->second : nullptr;
  }

  static bool ExpandPrefixes(const PrefixLikeRewrite& rewrite, const std::vector<Value>& params,
                             std::vector<Value>& expanded) {
    expanded.reserve(params.size() + rewrite.like_params.size());
    size_t next_like = 0;
    for (size_t i = 0; i < params.size(); ++i) {
      if (next_like < rewrite.like_params.size() && rewrite.like_params[next_like] == i) {
        ++next_like;
        auto range = PrefixRange(params[i]);
        if (!range) return false;
        expanded.emplace_back(std::move(range->first));
        expanded.emplace_back(std::move(range->second));
      } else {
        expanded.push_back(params[i]);
      }
    }
    return next_like == rewrite.like_params.size();
  }

  core::Result<QueryResult> Run(std::string_view sql, const std::vector<Value>& params) {
    ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
    // Reset and unbind on every exit so the cached statement holds no lock and no value.
    struct Resetter {
      sqlite3_stmt* statement;
      ~Resetter() {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
      }
    } resetter{statement};

    const int expected = sqlite3_bind_parameter_count(statement);
    if (expected != static_cast<int>(params.size())) {
      return core::Error::Internal("参数个数不符 (statement has " + std::to_string(expected) +
                                   " placeholders, got " + std::to_string(params.size()) +
                                   " parameters)");
    }
    for (size_t i = 0; i < params.size(); ++i)
      TRY(Bind(statement, static_cast<int>(i) + 1, params[i]));

    QueryResult result;
    const int column_count = sqlite3_column_count(statement);
    result.columns.reserve(column_count);
    for (int c = 0; c < column_count; ++c)
      result.columns.emplace_back(sqlite3_column_name(statement, c));

    while (true) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return ErrorFrom(db_, rc, "step");
      std::vector<Value> cells;
      cells.reserve(column_count);
      for (int c = 0; c < column_count; ++c) cells.push_back(ReadColumn(statement, c));
      result.rows.emplace_back(std::move(cells));
    }
    if (!sqlite3_stmt_readonly(statement)) result.affected_rows = sqlite3_changes64(db_);
    return result;
  }

 public:
  core::Status ExecScript(std::string_view sql) override {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (message != nullptr) sqlite3_free(message);
    if (rc != SQLITE_OK) return ErrorFrom(db_, rc, "script");
    return core::Ok();
  }

  bool Ping() override { return Execute("SELECT 1").ok(); }
  bool Usable() const override { return true; }

 protected:
  core::Status Execute(std::string_view sql) override {
    ASSIGN_OR_RETURN(QueryResult ignored, Query(sql, {}));
    return core::Ok();
  }
  std::string_view BeginStatement() const override { return "BEGIN IMMEDIATE"; }
  bool InTransactionNow() const override { return sqlite3_get_autocommit(db_) == 0; }

 private:
  core::Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    // Looked up by the caller's text as is: a hit allocates nothing.
    if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
    std::string key(sql);
    if (statements_.size() >= kStatementCacheLimit) {
      for (auto& [text, statement] : statements_) sqlite3_finalize(statement);
      statements_.clear();
    }
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, &tail);
    if (rc != SQLITE_OK) return ErrorFrom(db_, rc, "prepare");
    if (statement == nullptr) return core::Error::Internal("空语句 (empty SQL statement)");
    for (const char* rest = tail; rest != nullptr && *rest != '\0'; ++rest) {
      if (*rest != ' ' && *rest != '\n' && *rest != '\t' && *rest != '\r' && *rest != ';') {
        sqlite3_finalize(statement);
        return core::Error::Internal(
            "Query 只执行一条语句 (Query runs one statement; use ExecScript)");
      }
    }
    statements_.emplace(std::move(key), statement);
    return statement;
  }

  // SQLITE_STATIC: the parameters outlive every step of the statement (Query clears the
  // bindings before it returns), so SQLite need not copy each text (bulk inserts bind
  // thousands per statement).
  core::Status Bind(sqlite3_stmt* statement, int index, const Value& value) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<Null>(value)) {
      rc = sqlite3_bind_null(statement, index);
    } else if (const auto* integer = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(statement, index, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(statement, index, *real);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      rc = sqlite3_bind_text64(statement, index, text->data(), text->size(), SQLITE_STATIC,
                               SQLITE_UTF8);
    } else if (const auto* blob = std::get_if<Blob>(&value)) {
      rc = sqlite3_bind_blob64(statement, index, blob->bytes.data(), blob->bytes.size(),
                               SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) return ErrorFrom(db_, rc, "bind");
    return core::Ok();
  }

  static Value ReadColumn(sqlite3_stmt* statement, int column) {
    switch (sqlite3_column_type(statement, column)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(statement, column));
      case SQLITE_FLOAT:
        return sqlite3_column_double(statement, column);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
        return std::string(text, sqlite3_column_bytes(statement, column));
      }
      case SQLITE_BLOB: {
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
        const int size = sqlite3_column_bytes(statement, column);
        return Blob{bytes == nullptr ? std::string() : std::string(bytes, size)};
      }
      default:
        return Null{};
    }
  }

  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  sqlite3* db_;
  std::shared_ptr<WalCheckpointer> checkpointer_;  // file databases; outlives db_'s hook
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> statements_;
  // Per SQL text with a LIKE: its range form, or nullopt (none to rewrite).
  std::unordered_map<std::string, std::optional<PrefixLikeRewrite>, TextHash, std::equal_to<>>
      rewrites_;
};

std::atomic<int64_t> memory_database_counter{0};

core::Result<std::unique_ptr<internal::ConnectionBase>> OpenConnection(
    const std::string& target, bool in_memory, const OpenOptions& options,
    const std::shared_ptr<WalCheckpointer>& checkpointer) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(target.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    core::Error error = ErrorFrom(db, rc, "open");
    sqlite3_close_v2(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto connection = std::make_unique<SqliteConnection>(db, in_memory ? nullptr : checkpointer);
  if (!in_memory) {
    ASSIGN_OR_RETURN(QueryResult mode, connection->Query("PRAGMA journal_mode=WAL", {}));
    if (mode.rows.empty() || mode.rows[0].Text(0) != "wal") {
      return core::Error::Unavailable("无法启用 WAL 日志模式 (cannot enable WAL journal mode)");
    }
  }
  // case_sensitive_like: LIKE behaves as on PostgreSQL, and prefix LIKEs (ScopeClause) can use
  // an index on a plain column.
  // cache_size: 64 MiB of pages per connection (the default 2 MiB thrashes on the registry's
  // random-key indexes once a city is loaded: bulk writes spent more time in pread/pwrite than
  // in SQLite); mmap lets reads share the OS page cache instead of copying pages. threads: large
  // sorts (CREATE INDEX after a bulk load, big ORDER BYs) may use 2 helper threads.
  // temp_store stays FILE, SQLite's default: a temporary B-tree is written to a file only when
  // it outgrows its cache, and the sorter spills large sorts into files the OS caches. With
  // MEMORY those spills were in-memory journals, and a CREATE INDEX over the city's residents
  // took 16.9 s instead of 6.7 s (docs/decisions/0006). The setting cannot be switched inside a
  // transaction once the connection has opened its temporary database.
  TRY(connection->ExecScript(
      "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA case_sensitive_like=ON; "
      "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824; PRAGMA threads=2;"));
  return std::unique_ptr<internal::ConnectionBase>(std::move(connection));
}

}  // namespace

core::Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path,
                                                           const OpenOptions& options) {
  // No memory statistics: with them every SQLite allocation takes a process-wide mutex. Only
  // possible before SQLite initialises (a later call is refused and changes nothing).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  if (path.rfind("//", 0) == 0) path.remove_prefix(2);  // tolerate "sqlite://PATH"
  if (path.empty()) {
    return core::Error::InvalidArgument("SQLite 数据库路径为空 (empty SQLite path)",
                                        "database_url");
  }
  const bool in_memory = path == ":memory:";
  std::string target;
  if (in_memory) {
    // memdb VFS: a name starting with "/" is shared by every connection of this process
    // that opens it, and lives while one of them is open (the pool keeps one idle).
    target = "file:/linli-memory-" + std::to_string(++memory_database_counter) + "?vfs=memdb";
  } else {
    std::filesystem::path file(path);
    if (file.has_parent_path()) {
      std::error_code error;
      std::filesystem::create_directories(file.parent_path(), error);
      if (error) {
        return core::Error::Unavailable("无法创建数据库目录 (cannot create folder " +
                                        file.parent_path().string() + "): " + error.message());
      }
    }
    target = std::string(path);
  }
  // A file's WAL is checkpointed on a thread of its own (WalCheckpointer), alive while the
  // pool or one of its connections is.
  std::shared_ptr<WalCheckpointer> checkpointer;
  if (!in_memory) checkpointer = std::make_shared<WalCheckpointer>(target);
  auto database = std::make_unique<internal::PooledDatabase>(
      Dialect::kSqlite,
      [target, in_memory, options, checkpointer]() {
        return OpenConnection(target, in_memory, options, checkpointer);
      },
      options);
  TRY(database->Warm());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace linli::storage::sqlite

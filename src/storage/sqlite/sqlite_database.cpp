#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>
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
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return core::Error::AlreadyExists("记录已存在 (duplicate key): " + detail,
                                        std::string(ConstraintColumn(detail)));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return core::Error::Validation("引用的记录不存在 (foreign key violation): " + detail);
    case SQLITE_CONSTRAINT_NOTNULL:
      return core::Error::Validation("缺少必填字段 (not null violation): " + detail,
                                     std::string(ConstraintColumn(detail)));
    case SQLITE_CONSTRAINT_CHECK:
      return core::Error::Validation("数据不符合约束 (check violation): " + detail);
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return core::Error::Validation("数据不符合约束 (constraint violation): " + detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return core::Error::Unavailable("数据库繁忙，请稍后重试 (database busy): " + detail);
    case SQLITE_CANTOPEN:
      return core::Error::Unavailable("无法打开数据库文件 (cannot open database): " + detail);
    default:
      return core::Error::Internal("数据库错误 (sqlite " + std::string(context) + "): " + detail);
  }
}

class SqliteConnection final : public internal::ConnectionBase {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  core::Result<QueryResult> Query(std::string_view sql, const std::vector<Value>& params) override {
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
    std::string key(sql);
    if (auto found = statements_.find(key); found != statements_.end()) return found->second;
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

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

std::atomic<int64_t> memory_database_counter{0};

core::Result<std::unique_ptr<internal::ConnectionBase>> OpenConnection(const std::string& target,
                                                                       bool in_memory,
                                                                       const OpenOptions& options) {
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
  auto connection = std::make_unique<SqliteConnection>(db);
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
  TRY(connection->ExecScript(
      "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA case_sensitive_like=ON; "
      "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824; PRAGMA temp_store=MEMORY; "
      "PRAGMA threads=2;"));
  return std::unique_ptr<internal::ConnectionBase>(std::move(connection));
}

}  // namespace

core::Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path,
                                                           const OpenOptions& options) {
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
  auto database = std::make_unique<internal::PooledDatabase>(
      Dialect::kSqlite,
      [target, in_memory, options]() { return OpenConnection(target, in_memory, options); },
      options);
  TRY(database->Warm());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace linli::storage::sqlite

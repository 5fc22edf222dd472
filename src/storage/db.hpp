// The database seam: one small interface, two implementations (SQLite 3 and PostgreSQL 15).
//
// SQL is written once, in the dialect both engines accept, with `?` placeholders; the
// PostgreSQL implementation rewrites them to $1..$n and prepares each distinct statement
// once per pooled connection. Results are materialised (a vector of rows of Values):
// queries in this codebase return pages, not streams.
//
// Thread-safety: Database is thread-safe; a Connection is used by one thread at a time
// and returns to the pool when its ConnectionHandle is destroyed.
//
// Engine notes (implementation in sqlite/, postgres/, internal/):
// - Errors: duplicate key -> kAlreadyExists (field = the column when one is named); foreign
//   key, CHECK, NOT NULL -> kValidationFailed; busy/locked/pool exhausted/unreachable ->
//   kUnavailable; anything else (syntax, wrong parameter count) -> kInternal.
// - PostgreSQL infers parameter types from context: where there is none (`? IS NULL`,
//   `SELECT ?`) write CAST(? AS BIGINT) / CAST(? AS TEXT). Do not use the jsonb `?` operators.
// - A failed statement aborts the enclosing transaction on PostgreSQL: inside a transaction,
//   use INSERT ... ON CONFLICT instead of trying an INSERT and catching kAlreadyExists.
// - Begin() inside an open transaction opens a savepoint, so InTransaction nests; a connection
//   returned to the pool with a transaction still open is rolled back.
// - SQLite runs with case_sensitive_like=ON so LIKE matches as on PostgreSQL.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace linli::storage {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a result cell. Booleans are stored as integers 0/1; timestamps as
// int64 milliseconds since the epoch (UTC); binary data as std::string (Blob tag).
struct Null {};
struct Blob {
  std::string bytes;
};
using Value = std::variant<Null, int64_t, double, std::string, Blob>;

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<Null>(cells_.at(i)); }
  // Conversions are lenient across engines: PostgreSQL numeric text parses as int64.
  int64_t Int(size_t i) const;
  double Double(size_t i) const;
  std::string Text(size_t i) const;  // NULL -> ""
  const Value& At(size_t i) const { return cells_.at(i); }

 private:
  std::vector<Value> cells_;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  int64_t affected_rows = 0;  // for INSERT/UPDATE/DELETE
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement with `?` placeholders bound to params in order.
  virtual core::Result<QueryResult> Query(std::string_view sql,
                                          const std::vector<Value>& params = {}) = 0;
  // Runs a script of several statements with no parameters (migrations).
  virtual core::Status ExecScript(std::string_view sql) = 0;
  // Bulk load through PostgreSQL's COPY: `COPY <target> FROM STDIN` with `rows` in COPY's text
  // format (a line a row, tab-separated, \N for NULL; storage/bulk_write.hpp writes it).
  // Errors map as for Query. SQLite has no COPY: kInternal (callers check dialect() first).
  virtual core::Status CopyFrom(std::string_view target, std::string_view rows) {
    (void)target;
    (void)rows;
    return core::Error::Internal("COPY 仅用于 PostgreSQL (COPY is PostgreSQL only)");
  }
  // BEGIN (write intent: SQLite takes the write lock at once, BEGIN IMMEDIATE), COMMIT, ROLLBACK.
  virtual core::Status Begin() = 0;
  virtual core::Status Commit() = 0;
  virtual core::Status Rollback() = 0;
  // Cheap liveness check used by /readyz and the pool.
  virtual bool Ping() = 0;
};

struct PoolStats {
  int size = 0;       // connections opened
  int in_use = 0;     // connections handed out now
  int64_t waits = 0;  // acquisitions that had to wait for a free connection
  int64_t acquired = 0;
};

class Database;

// Borrowed connection; goes back to the pool on destruction.
class ConnectionHandle {
 public:
  ConnectionHandle(Database* owner, std::unique_ptr<Connection> connection)
      : owner_(owner), connection_(std::move(connection)) {}
  ConnectionHandle(ConnectionHandle&&) noexcept = default;
  // Returns the connection this handle held (if any) to its pool before taking other's.
  ConnectionHandle& operator=(ConnectionHandle&& other) noexcept;
  ~ConnectionHandle();
  Connection* operator->() { return connection_.get(); }
  Connection& operator*() { return *connection_; }

 private:
  Database* owner_;
  std::unique_ptr<Connection> connection_;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Blocks up to the pool timeout for a free connection; kUnavailable after that.
  virtual core::Result<ConnectionHandle> Acquire() = 0;
  virtual PoolStats Stats() const = 0;
  // Closes every pooled connection (after all handles are returned). Idempotent.
  virtual void Close() = 0;

 protected:
  friend class ConnectionHandle;
  virtual void Release(std::unique_ptr<Connection> connection) = 0;
};

struct OpenOptions {
  int pool_size = 8;
  int acquire_timeout_ms = 5000;
  int busy_timeout_ms = 5000;  // SQLite
};

// Opens "sqlite:PATH" (also "sqlite::memory:" for tests) or "postgresql://..." / "postgres://...".
// Creates the SQLite file's parent folder if needed.
core::Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                                     const OpenOptions& options = {});

// Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn returns an error or
// throws. Every multi-row change goes through this.
template <typename T>
core::Result<T> InTransaction(Connection& connection,
                              const std::function<core::Result<T>(Connection&)>& fn);

core::Status InTransaction(Connection& connection,
                           const std::function<core::Status(Connection&)>& fn);

}  // namespace linli::storage

#include "storage/internal/transaction_impl.hpp"

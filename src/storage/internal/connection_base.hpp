// What both engine connections share: nested transactions as savepoints, and the hooks the
// pool needs (is the connection still usable, bring it back to a clean state).
// Thread-safety: one thread at a time, like every Connection.
#pragma once

#include <string_view>

#include "storage/db.hpp"

namespace linli::storage::internal {

class ConnectionBase : public Connection {
 public:
  // Begin() at depth 0 opens a transaction; deeper calls open a savepoint, so a service
  // that runs InTransaction can call another that does the same on the same connection.
  core::Status Begin() final;
  core::Status Commit() final;
  core::Status Rollback() final;

  // False once the connection failed at the transport level; the pool then drops it.
  virtual bool Usable() const = 0;
  // Called when the connection goes back to the pool: rolls back a transaction left open.
  void ResetForPool();

 protected:
  // Runs one statement without parameters or result rows.
  virtual core::Status Execute(std::string_view sql) = 0;
  virtual std::string_view BeginStatement() const = 0;
  virtual bool InTransactionNow() const = 0;

 private:
  int depth_ = 0;
};

}  // namespace linli::storage::internal

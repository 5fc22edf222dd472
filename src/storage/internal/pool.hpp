// A fixed-size pool of engine connections, shared by the SQLite and PostgreSQL databases.
// Connections are opened lazily up to pool_size; Acquire() waits up to acquire_timeout_ms for
// one to come back and then answers kUnavailable. Returned connections are rolled back if a
// transaction was left open, and dropped if their transport broke (the next Acquire opens a
// fresh one).
// Thread-safety: all members are thread-safe.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/db.hpp"
#include "storage/internal/connection_base.hpp"

namespace linli::storage::internal {

class PooledDatabase : public Database {
 public:
  using Factory = std::function<core::Result<std::unique_ptr<ConnectionBase>>()>;

  PooledDatabase(Dialect dialect, Factory factory, const OpenOptions& options);
  ~PooledDatabase() override;

  Dialect dialect() const override { return dialect_; }
  core::Result<ConnectionHandle> Acquire() override;
  PoolStats Stats() const override;
  void Close() override;

  // Opens one connection now and keeps it idle, so that OpenDatabase reports a bad URL or
  // an unreachable server at once.
  core::Status Warm();

 protected:
  void Release(std::unique_ptr<Connection> connection) override;

 private:
  const Dialect dialect_;
  const Factory factory_;
  const int pool_size_;
  const int acquire_timeout_ms_;

  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<ConnectionBase>> idle_;
  int opened_ = 0;  // idle + in use + being opened
  int in_use_ = 0;
  int64_t waits_ = 0;
  int64_t acquired_ = 0;
  bool closed_ = false;
};

}  // namespace linli::storage::internal

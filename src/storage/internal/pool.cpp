#include "storage/internal/pool.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace linli::storage::internal {

PooledDatabase::PooledDatabase(Dialect dialect, Factory factory, const OpenOptions& options)
    : dialect_(dialect),
      factory_(std::move(factory)),
      pool_size_(std::max(1, options.pool_size)),
      acquire_timeout_ms_(std::max(0, options.acquire_timeout_ms)) {}

PooledDatabase::~PooledDatabase() { Close(); }

core::Status PooledDatabase::Warm() {
  ASSIGN_OR_RETURN(ConnectionHandle handle, Acquire());
  return core::Ok();  // the handle goes back to the pool, idle
}

core::Result<ConnectionHandle> PooledDatabase::Acquire() {
  std::unique_lock lock(mutex_);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(acquire_timeout_ms_);
  bool waited = false;
  while (!closed_ && idle_.empty() && opened_ >= pool_size_) {
    if (!waited) {
      waited = true;
      ++waits_;
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        opened_ >= pool_size_ && !closed_) {
      return core::Error::Unavailable(
          "数据库繁忙，请稍后重试 (database connection pool exhausted)");
    }
  }
  if (closed_) return core::Error::Unavailable("数据库已关闭 (database closed)");

  std::unique_ptr<ConnectionBase> connection;
  if (!idle_.empty()) {
    connection = std::move(idle_.back());
    idle_.pop_back();
  } else {
    ++opened_;  // reserve the slot, open outside the lock
    lock.unlock();
    core::Result<std::unique_ptr<ConnectionBase>> opened = factory_();
    lock.lock();
    if (!opened.ok()) {
      --opened_;
      available_.notify_one();
      return std::move(opened).error();
    }
    connection = std::move(opened).value();
  }
  ++in_use_;
  ++acquired_;
  return ConnectionHandle(this, std::move(connection));
}

void PooledDatabase::Release(std::unique_ptr<Connection> released) {
  // Every connection in this pool was made by factory_, which makes ConnectionBase objects.
  std::unique_ptr<ConnectionBase> connection(static_cast<ConnectionBase*>(released.release()));
  connection->ResetForPool();
  std::unique_lock lock(mutex_);
  --in_use_;
  if (closed_ || !connection->Usable()) {
    --opened_;
    available_.notify_one();
    lock.unlock();
    connection.reset();  // close outside the lock
    return;
  }
  idle_.push_back(std::move(connection));
  available_.notify_one();
}

PoolStats PooledDatabase::Stats() const {
  std::lock_guard lock(mutex_);
  PoolStats stats;
  stats.size = opened_;
  stats.in_use = in_use_;
  stats.waits = waits_;
  stats.acquired = acquired_;
  return stats;
}

void PooledDatabase::Close() {
  std::vector<std::unique_ptr<ConnectionBase>> to_close;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    opened_ -= static_cast<int>(idle_.size());
    to_close.swap(idle_);
    available_.notify_all();
  }
  to_close.clear();
}

}  // namespace linli::storage::internal

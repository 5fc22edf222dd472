#include "storage/internal/connection_base.hpp"

#include <string>

namespace linli::storage::internal {
namespace {
std::string SavepointName(int depth) { return "linli_savepoint_" + std::to_string(depth); }
}  // namespace

core::Status ConnectionBase::Begin() {
  if (depth_ == 0) {
    TRY(Execute(BeginStatement()));
  } else {
    TRY(Execute("SAVEPOINT " + SavepointName(depth_)));
  }
  ++depth_;
  return core::Ok();
}

core::Status ConnectionBase::Commit() {
  if (depth_ == 0) return core::Error::Internal("提交失败：没有打开的事务 (COMMIT without BEGIN)");
  if (depth_ > 1) {
    TRY(Execute("RELEASE SAVEPOINT " + SavepointName(depth_ - 1)));
    --depth_;
    return core::Ok();
  }
  core::Status status = Execute("COMMIT");
  if (!status.ok() && InTransactionNow()) {
    (void)Execute("ROLLBACK");  // never leave a half-open transaction behind
  }
  depth_ = 0;
  return status;
}

core::Status ConnectionBase::Rollback() {
  if (depth_ == 0) return core::Ok();
  if (depth_ > 1) {
    const std::string name = SavepointName(depth_ - 1);
    --depth_;
    TRY(Execute("ROLLBACK TO SAVEPOINT " + name));
    return Execute("RELEASE SAVEPOINT " + name);
  }
  depth_ = 0;
  return Execute("ROLLBACK");
}

void ConnectionBase::ResetForPool() {
  if (Usable() && InTransactionNow()) (void)Execute("ROLLBACK");
  depth_ = 0;
}

}  // namespace linli::storage::internal

#pragma once
// Template part of InTransaction; included from db.hpp only.
#include <exception>

namespace linli::storage {

template <typename T>
core::Result<T> InTransaction(Connection& connection,
                              const std::function<core::Result<T>(Connection&)>& fn) {
  TRY(connection.Begin());
  try {
    core::Result<T> result = fn(connection);
    if (!result.ok()) {
      (void)connection.Rollback();
      return result;
    }
    TRY(connection.Commit());
    return result;
  } catch (const std::exception& e) {
    (void)connection.Rollback();
    return core::Error::Internal(std::string("事务失败 (transaction failed): ") + e.what());
  } catch (...) {
    (void)connection.Rollback();
    return core::Error::Internal("事务失败 (transaction failed): unknown exception");
  }
}

}  // namespace linli::storage

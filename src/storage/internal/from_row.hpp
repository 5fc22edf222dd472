// How the query helpers (storage/keyset.hpp, storage/scope_sql.hpp) turn a row into a value:
// a repository's XFromRow(const Row&) returns the value, or a core::Result of it when a stored
// text may fail to parse.
// Thread-safety: compile-time only.
#pragma once

#include <type_traits>

#include "core/result.hpp"
#include "storage/db.hpp"

namespace linli::storage::internal {

template <typename T>
struct UnwrapResult {
  using Type = T;
};
template <typename T>
struct UnwrapResult<core::Result<T>> {
  using Type = T;
};

// The value type a row function makes: T for T(const Row&) and for Result<T>(const Row&).
template <typename FromRow>
using RowValue =
    typename UnwrapResult<std::decay_t<std::invoke_result_t<FromRow&, const Row&>>>::Type;

}  // namespace linli::storage::internal

// Result<T> and Error: expected failures as values.
//
// Every operation that can fail because of what a user, a file or the database sent returns
// Result<T>. An Error carries a code that maps mechanically to an HTTP status (see
// HttpStatusOf), a message fit for a user, and, for input errors, the field at fault.
// Thread-safety: plain values; safe to move across threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace linli::core {

enum class ErrorCode {
  kInvalidArgument,     // 400 malformed input (bad JSON, wrong type, bad query string)
  kUnauthenticated,     // 401 no or expired session
  kPermissionDenied,    // 403 authenticated but not allowed (or CSRF missing)
  kNotFound,            // 404 (also used for things outside the caller's jurisdiction)
  kMethodNotAllowed,    // 405
  kAlreadyExists,       // 409 duplicate key
  kFailedPrecondition,  // 409 state does not allow the operation
  kPayloadTooLarge,     // 413
  kValidationFailed,    // 422 well-formed but semantically invalid
  kResourceExhausted,   // 429 rate limited / locked out
  kInternal,            // 500
  kUnavailable,         // 503 database unreachable, shutting down
};

// Stable wire name used in the JSON error envelope ("invalid_argument", ...).
std::string_view ErrorCodeName(ErrorCode code);
int HttpStatusOf(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // empty when the error is not about one input field
  // What a driver or library said (PostgreSQL's message and DETAIL, SQLite's errmsg): for the
  // server log and the command line, never sent to an HTTP client (issue 15 item 16).
  std::string detail;

  // This error with `text` as its detail.
  Error WithDetail(std::string text) && {
    detail = std::move(text);
    return std::move(*this);
  }

  static Error InvalidArgument(std::string message, std::string field = {}) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field), {}};
  }
  static Error Validation(std::string message, std::string field = {}) {
    return {ErrorCode::kValidationFailed, std::move(message), std::move(field), {}};
  }
  static Error NotFound(std::string message) {
    return {ErrorCode::kNotFound, std::move(message), {}, {}};
  }
  static Error AlreadyExists(std::string message, std::string field = {}) {
    return {ErrorCode::kAlreadyExists, std::move(message), std::move(field), {}};
  }
  static Error FailedPrecondition(std::string message) {
    return {ErrorCode::kFailedPrecondition, std::move(message), {}, {}};
  }
  static Error PermissionDenied(std::string message, std::string field = {}) {
    return {ErrorCode::kPermissionDenied, std::move(message), std::move(field), {}};
  }
  static Error Unauthenticated(std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(message), {}, {}};
  }
  static Error ResourceExhausted(std::string message) {
    return {ErrorCode::kResourceExhausted, std::move(message), {}, {}};
  }
  static Error Internal(std::string message) {
    return {ErrorCode::kInternal, std::move(message), {}, {}};
  }
  static Error PayloadTooLarge(std::string message, std::string field = {}) {
    return {ErrorCode::kPayloadTooLarge, std::move(message), std::move(field), {}};
  }
  static Error Unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message), {}, {}};
  }
};

// Result<T>: either a T or an Error. Result<void> holds only the error state.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT implicit
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

}  // namespace linli::core

#define LINLI_CONCAT_INNER(a, b) a##b
#define LINLI_CONCAT(a, b) LINLI_CONCAT_INNER(a, b)

// TRY(expr): evaluate a Result/Status; on error return the error from the enclosing function.
#define TRY(expr)                                  \
  do {                                             \
    auto&& linli_try_result_ = (expr);             \
    if (!linli_try_result_.ok()) {                 \
      return std::move(linli_try_result_).error(); \
    }                                              \
  } while (false)

// ASSIGN_OR_RETURN(lhs, expr): lhs = value of expr, or return its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(LINLI_CONCAT(linli_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)   \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()

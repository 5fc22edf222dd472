#include "storage/db.hpp"

#include <charconv>
#include <cmath>
#include <exception>
#include <limits>
#include <string>
#include <system_error>

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace linli::storage {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool ParseInt(std::string_view text, int64_t& out) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool ParseDouble(std::string_view text, double& out) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

// Booleans arrive as 't'/'f' or 'true'/'false' when a PostgreSQL value was read as text.
bool ParseBool(std::string_view text, int64_t& out) {
  text = Trim(text);
  if (text == "t" || text == "true" || text == "TRUE") {
    out = 1;
    return true;
  }
  if (text == "f" || text == "false" || text == "FALSE") {
    out = 0;
    return true;
  }
  return false;
}

int64_t ClampToInt(double value) {
  if (std::isnan(value)) return 0;
  if (value >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
  if (value <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(std::llround(value));
}

int64_t TextToInt(std::string_view text) {
  int64_t integer = 0;
  if (ParseInt(text, integer) || ParseBool(text, integer)) return integer;
  double real = 0;
  if (ParseDouble(text, real)) return ClampToInt(real);
  return 0;
}

}  // namespace

int64_t Row::Int(size_t i) const {
  const Value& value = cells_.at(i);
  if (const auto* integer = std::get_if<int64_t>(&value)) return *integer;
  if (const auto* real = std::get_if<double>(&value)) return ClampToInt(*real);
  if (const auto* text = std::get_if<std::string>(&value)) return TextToInt(*text);
  if (const auto* blob = std::get_if<Blob>(&value)) return TextToInt(blob->bytes);
  return 0;
}

double Row::Double(size_t i) const {
  const Value& value = cells_.at(i);
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* integer = std::get_if<int64_t>(&value)) return static_cast<double>(*integer);
  const std::string* text = std::get_if<std::string>(&value);
  if (const auto* blob = std::get_if<Blob>(&value)) text = &blob->bytes;
  if (text != nullptr) {
    double real = 0;
    if (ParseDouble(*text, real)) return real;
    int64_t integer = 0;
    if (ParseBool(*text, integer)) return static_cast<double>(integer);
  }
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& value = cells_.at(i);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* integer = std::get_if<int64_t>(&value)) return std::to_string(*integer);
  if (const auto* real = std::get_if<double>(&value)) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *real);
    return error == std::errc() ? std::string(buffer, end) : std::string();
  }
  if (const auto* blob = std::get_if<Blob>(&value)) return blob->bytes;
  return std::string();
}

ConnectionHandle& ConnectionHandle::operator=(ConnectionHandle&& other) noexcept {
  if (this != &other) {
    if (connection_ != nullptr && owner_ != nullptr) owner_->Release(std::move(connection_));
    owner_ = other.owner_;
    connection_ = std::move(other.connection_);
  }
  return *this;
}

ConnectionHandle::~ConnectionHandle() {
  if (connection_ != nullptr && owner_ != nullptr) owner_->Release(std::move(connection_));
}

core::Status InTransaction(Connection& connection,
                           const std::function<core::Status(Connection&)>& fn) {
  TRY(connection.Begin());
  try {
    core::Status status = fn(connection);
    if (!status.ok()) {
      (void)connection.Rollback();
      return status;
    }
    return connection.Commit();
  } catch (const std::exception& e) {
    (void)connection.Rollback();
    return core::Error::Internal("事务失败")
        .WithDetail(std::string("transaction failed: ") + e.what());
  } catch (...) {
    (void)connection.Rollback();
    return core::Error::Internal("事务失败").WithDetail("transaction failed: unknown exception");
  }
}

core::Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                                     const OpenOptions& options) {
  if (url.rfind("sqlite:", 0) == 0) {
    return sqlite::OpenSqliteDatabase(url.substr(7), options);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return postgres::OpenPostgresDatabase(url, options);
  }
  return core::Error::InvalidArgument(
      "数据库地址无效，应以 sqlite: 或 postgresql:// 开头 (unsupported database URL)",
      "database_url");
}

}  // namespace linli::storage

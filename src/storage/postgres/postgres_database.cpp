#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/internal/connection_base.hpp"
#include "storage/internal/placeholders.hpp"
#include "storage/internal/pool.hpp"

namespace linli::storage::postgres {
namespace {

// Type OIDs from pg_type.h (stable across PostgreSQL versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr size_t kStatementCacheLimit = 512;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

void IgnoreNotice(void*, const char*) {}

std::string TrimMessage(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The database cannot be reached: a Chinese message for clients, the driver's text as detail.
core::Error Unreachable(const std::string& detail) {
  return core::Error::Unavailable("数据库无法连接").WithDetail("postgresql: " + detail);
}

// The driver's words for the log: SQLSTATE, message and DETAIL (which may quote row values).
std::string Logged(const std::string& sqlstate, const std::string& message, const char* detail) {
  std::string out = "postgresql " + sqlstate + ": " + message;
  if (detail != nullptr && *detail != '\0') out += std::string(" DETAIL: ") + detail;
  return out;
}

// "Key (name)=(x) already exists." -> "name" (only when one column is named).
std::string KeyColumn(const char* detail) {
  if (detail == nullptr) return {};
  std::string_view text(detail);
  if (text.rfind("Key (", 0) != 0) return {};
  const size_t end = text.find(")=");
  if (end == std::string_view::npos) return {};
  std::string_view columns = text.substr(5, end - 5);
  if (columns.find(',') != std::string_view::npos) return {};
  return std::string(columns);
}

class PostgresConnection final : public internal::ConnectionBase {
 public:
  explicit PostgresConnection(PGconn* connection) : connection_(connection) {
    PQsetNoticeProcessor(connection_, IgnoreNotice, nullptr);
  }
  ~PostgresConnection() override { PQfinish(connection_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  core::Result<QueryResult> Query(std::string_view sql, const std::vector<Value>& params) override {
    ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql));
    if (prepared->parameter_count != static_cast<int>(params.size())) {
      return core::Error::Internal(
          "参数个数不符 (statement has " + std::to_string(prepared->parameter_count) +
          " placeholders, got " + std::to_string(params.size()) + " parameters)");
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& param = params[i];
      if (std::holds_alternative<Null>(param)) continue;
      if (const auto* integer = std::get_if<int64_t>(&param)) {
        texts[i] = std::to_string(*integer);
      } else if (const auto* real = std::get_if<double>(&param)) {
        char buffer[64];
        auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *real);
        texts[i].assign(buffer, end);
      } else if (const auto* text = std::get_if<std::string>(&param)) {
        texts[i] = *text;
      } else if (const auto* blob = std::get_if<Blob>(&param)) {
        texts[i] = blob->bytes;
        formats[i] = 1;  // binary bytea
      }
      values[i] = texts[i].c_str();
      lengths[i] = static_cast<int>(texts[i].size());
    }
    ResultPtr result(PQexecPrepared(connection_, prepared->name.c_str(),
                                    static_cast<int>(params.size()), values.data(), lengths.data(),
                                    formats.data(), 0));
    TRY(CheckResult(result.get()));
    return Convert(result.get());
  }

  core::Status ExecScript(std::string_view sql) override {
    const std::string text(sql);
    ResultPtr result(PQexec(connection_, text.c_str()));
    return CheckResult(result.get());
  }

  core::Status CopyFrom(std::string_view target, std::string_view rows) override {
    const std::string sql = "COPY " + std::string(target) + " FROM STDIN";
    ResultPtr started(PQexec(connection_, sql.c_str()));
    if (started == nullptr || PQresultStatus(started.get()) != PGRES_COPY_IN) {
      TRY(CheckResult(started.get()));
      return core::Error::Internal("COPY 未进入数据传输状态 (COPY did not start)");
    }
    constexpr size_t kPiece = size_t{1} << 20;
    bool sent = true;
    for (size_t offset = 0; sent && offset < rows.size(); offset += kPiece) {
      const size_t length = std::min(kPiece, rows.size() - offset);
      sent = PQputCopyData(connection_, rows.data() + offset, static_cast<int>(length)) == 1;
    }
    const bool ended = PQputCopyEnd(connection_, sent ? nullptr : "client failed to send") == 1;
    // The outcome of COPY, then the end of the command (drained so the connection is reusable).
    ResultPtr finished(PQgetResult(connection_));
    while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);
    TRY(CheckResult(finished.get()));
    if (!sent || !ended) {
      broken_ = true;
      return Unreachable(TrimMessage(PQerrorMessage(connection_)));
    }
    return core::Ok();
  }

  bool Ping() override {
    if (PQstatus(connection_) != CONNECTION_OK) return false;
    ResultPtr result(PQexec(connection_, "SELECT 1"));
    return CheckResult(result.get()).ok();
  }

  bool Usable() const override { return !broken_ && PQstatus(connection_) == CONNECTION_OK; }

 protected:
  core::Status Execute(std::string_view sql) override { return ExecScript(sql); }
  std::string_view BeginStatement() const override { return "BEGIN"; }
  bool InTransactionNow() const override {
    const PGTransactionStatusType status = PQtransactionStatus(connection_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
  }

 private:
  struct Prepared {
    std::string name;
    int parameter_count = 0;
  };

  core::Result<const Prepared*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto found = prepared_.find(key); found != prepared_.end()) return &found->second;
    if (prepared_.size() >= kStatementCacheLimit) {
      ResultPtr deallocated(PQexec(connection_, "DEALLOCATE ALL"));
      TRY(CheckResult(deallocated.get()));
      prepared_.clear();
    }
    internal::RewrittenSql rewritten = internal::RewritePlaceholders(sql);
    Prepared prepared{"linli_" + std::to_string(++statement_counter_), rewritten.parameter_count};
    ResultPtr result(PQprepare(connection_, prepared.name.c_str(), rewritten.sql.c_str(),
                               rewritten.parameter_count, nullptr));
    TRY(CheckResult(result.get()));
    auto [inserted, unused] = prepared_.emplace(std::move(key), std::move(prepared));
    return &inserted->second;
  }

  core::Status CheckResult(const PGresult* result) {
    const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
      return core::Ok();
    }
    const std::string message =
        TrimMessage(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(connection_));
    if (PQstatus(connection_) != CONNECTION_OK) {
      broken_ = true;
      return Unreachable(message);
    }
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state != nullptr ? state : "";
    const char* detail =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    const char* column =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_COLUMN_NAME) : nullptr;
    if (sqlstate == "23505") {
      return core::Error::AlreadyExists("记录已存在", KeyColumn(detail))
          .WithDetail(Logged(sqlstate, message, detail));
    }
    if (sqlstate == "23503") {
      return core::Error::Validation("引用的记录不存在")
          .WithDetail(Logged(sqlstate, message, detail));
    }
    if (sqlstate == "23502") {
      return core::Error::Validation("缺少必填字段", column != nullptr ? column : "")
          .WithDetail(Logged(sqlstate, message, detail));
    }
    if (sqlstate == "23514" || sqlstate.rfind("23", 0) == 0) {
      return core::Error::Validation("数据不符合约束")
          .WithDetail(Logged(sqlstate, message, detail));
    }
    if (sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0) {
      broken_ = true;
      return Unreachable(message);
    }
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
      return core::Error::Unavailable("数据库繁忙，请稍后重试")
          .WithDetail(Logged(sqlstate, message, detail));
    }
    return core::Error::Internal("数据库错误").WithDetail(Logged(sqlstate, message, detail));
  }

  static QueryResult Convert(const PGresult* result) {
    QueryResult out;
    const int column_count = PQnfields(result);
    const int row_count = PQntuples(result);
    std::vector<Oid> types(column_count);
    for (int c = 0; c < column_count; ++c) {
      out.columns.emplace_back(PQfname(result, c));
      types[c] = PQftype(result, c);
    }
    out.rows.reserve(row_count);
    for (int r = 0; r < row_count; ++r) {
      std::vector<Value> cells;
      cells.reserve(column_count);
      for (int c = 0; c < column_count; ++c) {
        if (PQgetisnull(result, r, c)) {
          cells.emplace_back(Null{});
          continue;
        }
        const char* text = PQgetvalue(result, r, c);
        const int length = PQgetlength(result, r, c);
        switch (types[c]) {
          case kBoolOid:
            cells.emplace_back(static_cast<int64_t>(text[0] == 't' ? 1 : 0));
            break;
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid:
            cells.emplace_back(static_cast<int64_t>(std::strtoll(text, nullptr, 10)));
            break;
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid:
            cells.emplace_back(std::strtod(text, nullptr));
            break;
          case kByteaOid: {
            size_t size = 0;
            unsigned char* bytes =
                PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
            cells.emplace_back(Blob{std::string(reinterpret_cast<char*>(bytes), size)});
            PQfreemem(bytes);
            break;
          }
          default:
            cells.emplace_back(std::string(text, length));
        }
      }
      out.rows.emplace_back(std::move(cells));
    }
    const char* affected = PQcmdTuples(const_cast<PGresult*>(result));
    out.affected_rows = affected != nullptr && *affected != '\0' ? std::atoll(affected) : 0;
    return out;
  }

  PGconn* connection_;
  bool broken_ = false;
  int64_t statement_counter_ = 0;
  std::unordered_map<std::string, Prepared> prepared_;
};

// Parses the URL with libpq, then forces UTF-8 and UTC (keeping any other -c options).
core::Result<std::unique_ptr<internal::ConnectionBase>> OpenConnection(const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string detail = TrimMessage(parse_error);
    if (parse_error != nullptr) PQfreemem(parse_error);
    return core::Error::InvalidArgument("数据库地址无效 (invalid PostgreSQL URL): " + detail,
                                        "database_url");
  }
  std::vector<std::string> keys;
  std::vector<std::string> values;
  std::string options = "-c TimeZone=UTC";
  bool has_connect_timeout = false;
  for (PQconninfoOption* option = parsed; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string keyword = option->keyword;
    if (keyword == "client_encoding") continue;
    if (keyword == "options") {
      options += " ";
      options += option->val;
      continue;
    }
    if (keyword == "connect_timeout") has_connect_timeout = true;
    keys.push_back(keyword);
    values.emplace_back(option->val);
  }
  PQconninfoFree(parsed);
  keys.emplace_back("client_encoding");
  values.emplace_back("UTF8");
  keys.emplace_back("options");
  values.push_back(options);
  if (!has_connect_timeout) {
    keys.emplace_back("connect_timeout");
    values.emplace_back("5");
  }
  std::vector<const char*> key_pointers;
  std::vector<const char*> value_pointers;
  for (size_t i = 0; i < keys.size(); ++i) {
    key_pointers.push_back(keys[i].c_str());
    value_pointers.push_back(values[i].c_str());
  }
  key_pointers.push_back(nullptr);
  value_pointers.push_back(nullptr);

  PGconn* connection = PQconnectdbParams(key_pointers.data(), value_pointers.data(), 0);
  if (connection == nullptr) return Unreachable("out of memory");
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string detail = TrimMessage(PQerrorMessage(connection));
    PQfinish(connection);
    return Unreachable(detail);
  }
  return std::unique_ptr<internal::ConnectionBase>(
      std::make_unique<PostgresConnection>(connection));
}

}  // namespace

core::Result<std::unique_ptr<Database>> OpenPostgresDatabase(std::string_view url,
                                                             const OpenOptions& options) {
  auto database = std::make_unique<internal::PooledDatabase>(
      Dialect::kPostgres, [target = std::string(url)]() { return OpenConnection(target); },
      options);
  TRY(database->Warm());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace linli::storage::postgres

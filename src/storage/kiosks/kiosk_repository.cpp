#include "storage/kiosks/kiosk_repository.hpp"

#include <string>
#include <utility>
#include <vector>

#include "storage/scope_sql.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using kiosks::DeviceKind;
using kiosks::HallBoard;
using kiosks::Kiosk;
using kiosks::KioskCoverage;
using kiosks::KioskCoverageRow;
using kiosks::KioskRepository;
using kiosks::QueueTicket;
using kiosks::TicketState;

constexpr const char* kKioskColumns =
    "k.id, k.community_code, COALESCE(d.name, ''), k.name, k.location, k.kind, k.enabled, "
    "k.created_at, k.created_by, k.created_by_name, k.disabled_at, k.last_seen_at, "
    "k.token_issued_at";
constexpr const char* kKioskFrom =
    " FROM kiosks k LEFT JOIN divisions d ON d.code = k.community_code";

Kiosk KioskFromRow(const Row& row) {
  Kiosk kiosk;
  kiosk.id = row.Int(0);
  kiosk.community_code = row.Text(1);
  kiosk.community_name = row.Text(2);
  kiosk.name = row.Text(3);
  kiosk.location = row.Text(4);
  kiosk.kind = kiosks::kDeviceKindNames.From(row.Text(5)).value_or(DeviceKind::kKiosk);
  kiosk.enabled = row.Int(6) != 0;
  kiosk.created_at = row.Int(7);
  kiosk.created_by = row.Int(8);
  kiosk.created_by_name = row.Text(9);
  kiosk.disabled_at = IntOrNullopt(row, 10);
  kiosk.last_seen_at = IntOrNullopt(row, 11);
  kiosk.token_issued_at = row.Int(12);
  kiosk.token_expires_at = kiosks::TokenExpiresAt(kiosk.token_issued_at, kiosk.last_seen_at);
  return kiosk;
}

constexpr const char* kTicketColumns =
    "id, community_code, service_date, number, code, category, state, desk, kiosk_id, taken_by, "
    "taken_at, called_at, call_count, finished_at";

QueueTicket TicketFromRow(const Row& row) {
  QueueTicket ticket;
  ticket.id = row.Int(0);
  ticket.community_code = row.Text(1);
  ticket.service_date = row.Text(2);
  ticket.number = row.Int(3);
  ticket.code = row.Text(4);
  ticket.category = row.Text(5);
  ticket.state = kiosks::kTicketStateNames.From(row.Text(6)).value_or(TicketState::kWaiting);
  ticket.desk = row.Text(7);
  ticket.kiosk_id = IntOrNullopt(row, 8);
  ticket.taken_by = IntOrNullopt(row, 9);
  ticket.taken_at = row.Int(10);
  ticket.called_at = IntOrNullopt(row, 11);
  ticket.call_count = row.Int(12);
  ticket.finished_at = IntOrNullopt(row, 13);
  return ticket;
}

Value OrNull(const std::optional<int64_t>& value) {
  if (!value) return Null{};
  return *value;
}

class SqlKioskRepository final : public KioskRepository {
 public:
  explicit SqlKioskRepository(Database& database) : database_(database) {}

  core::Result<std::optional<Community>> FindCommunity(std::string_view code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT name, kind FROM divisions WHERE code = ? AND "
                                       "level = 'community' AND retired_at IS NULL",
                                       {std::string(code)}));
    if (result.rows.empty()) return std::optional<Community>();
    return std::optional<Community>(Community{result.rows[0].Text(0), result.rows[0].Text(1)});
  }

  core::Result<Kiosk> Insert(const Kiosk& kiosk, std::string_view token_hash) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "INSERT INTO kiosks (community_code, name, location, kind, enabled, token_hash, "
            "created_at, created_by, created_by_name, token_issued_at) "
            "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?) RETURNING id",
            {kiosk.community_code, kiosk.name, kiosk.location,
             std::string(kiosks::kDeviceKindNames.Name(kiosk.kind)), std::string(token_hash),
             kiosk.created_at, kiosk.created_by, kiosk.created_by_name, kiosk.token_issued_at}));
    Kiosk stored = kiosk;
    stored.id = result.rows.at(0).Int(0);
    return stored;
  }

  core::Result<std::vector<Kiosk>> List(std::string_view community_code,
                                        const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kKioskColumns + kKioskFrom + " WHERE " +
                      ScopeClause(scope, "k.community_code", params);
    if (!community_code.empty()) {
      sql += " AND k.community_code = ?";
      params.emplace_back(std::string(community_code));
    }
    sql += " ORDER BY k.community_code, k.id LIMIT 1000";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Kiosk> out;
    for (const auto& row : result.rows) out.push_back(KioskFromRow(row));
    return out;
  }

  core::Result<std::optional<Kiosk>> Find(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_,
                          std::string("SELECT ") + kKioskColumns + kKioskFrom + " WHERE k.id = ?",
                          {id}, scope, "k.community_code", KioskFromRow);
  }

  core::Result<Kiosk> Disable(int64_t id, int64_t at) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query(
        "UPDATE kiosks SET enabled = 0, disabled_at = ? WHERE id = ? AND enabled = 1", {at, id}));
    ASSIGN_OR_RETURN(auto result, connection->Query(std::string("SELECT ") + kKioskColumns +
                                                        kKioskFrom + " WHERE k.id = ?",
                                                    {id}));
    if (result.rows.empty()) return core::Error::NotFound("终端不存在");
    return KioskFromRow(result.rows[0]);
  }

  core::Result<bool> ReplaceTokenHash(int64_t id, std::string_view token_hash,
                                      int64_t at) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE kiosks SET token_hash = ?, token_issued_at = ?, "
                                       "last_seen_at = NULL WHERE id = ? AND enabled = 1",
                                       {std::string(token_hash), at, id}));
    return result.affected_rows > 0;
  }

  core::Result<std::optional<Kiosk>> Authenticate(std::string_view token_hash,
                                                  int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kKioskColumns + kKioskFrom +
                                           " WHERE k.token_hash = ? AND k.enabled = 1",
                                       {std::string(token_hash)}));
    if (result.rows.empty()) return std::optional<Kiosk>();
    Kiosk kiosk = KioskFromRow(result.rows[0]);
    // Seen at most once a minute, so a polling display does not write on every request; an
    // expired token is not seen (the service refuses it, and it stays refused).
    if (kiosks::TokenExpired(kiosk, now)) return std::optional<Kiosk>(std::move(kiosk));
    if (!kiosk.last_seen_at || *kiosk.last_seen_at < now - 60'000) {
      TRY(connection->Query(
          "UPDATE kiosks SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR "
          "last_seen_at < ?)",
          {now, kiosk.id, now - 60'000}));
      kiosk.last_seen_at = now;
      kiosk.token_expires_at = kiosks::TokenExpiresAt(kiosk.token_issued_at, now);
    }
    return std::optional<Kiosk>(std::move(kiosk));
  }

  core::Result<Expiring> ExpiringTokens(int64_t before, size_t limit,
                                        const core::Scope& scope) override {
    // TokenExpiresAt in SQL: issued + lifetime, or the last sighting (the issue when never seen)
    // + the idle limit, whichever is earlier; a replaced token clears last_seen_at, so the
    // sighting is never older than the issue.
    const std::string expires =
        "CASE WHEN k.token_issued_at + " + std::to_string(kiosks::kTokenLifetimeMillis) +
        " < COALESCE(k.last_seen_at, k.token_issued_at) + " +
        std::to_string(kiosks::kTokenIdleMillis) + " THEN k.token_issued_at + " +
        std::to_string(kiosks::kTokenLifetimeMillis) +
        " ELSE COALESCE(k.last_seen_at, k.token_issued_at) + " +
        std::to_string(kiosks::kTokenIdleMillis) + " END";
    std::vector<Value> params;
    std::string where = " WHERE k.enabled = 1 AND " + expires + " < ? AND " +
                        ScopeClause(scope, "k.community_code", params);
    params.insert(params.begin(), Value(before));
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto count,
                     connection->Query("SELECT COUNT(*) FROM kiosks k" + where, params));
    Expiring out;
    out.total = count.rows.at(0).Int(0);
    if (out.total == 0 || limit == 0) return out;
    params.emplace_back(static_cast<int64_t>(limit));
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kKioskColumns + kKioskFrom + where +
                                           " ORDER BY " + expires + ", k.id LIMIT ?",
                                       params));
    for (const auto& row : result.rows) out.kiosks.push_back(KioskFromRow(row));
    return out;
  }

  core::Result<KioskCoverage> Coverage(std::string_view division_code, size_t group_length,
                                       const core::Scope& scope) override {
    std::vector<Value> params;
    // The length is a number of ours, written into the text so that both engines see one
    // grouping expression.
    const std::string place = "substr(d.code, 1, " + std::to_string(group_length) + ")";
    std::string sql =
        "SELECT g.place, COALESCE(p.name, ''), g.communities, g.with_kiosk FROM ("
        "SELECT " +
        place +
        " AS place, COUNT(*) AS communities, "
        "SUM(CASE WHEN EXISTS (SELECT 1 FROM kiosks k WHERE k.community_code = d.code AND "
        "k.enabled = 1 AND k.kind = 'kiosk') THEN 1 ELSE 0 END) AS with_kiosk "
        "FROM divisions d WHERE d.level = 'community' AND d.kind = 'urban' AND "
        "d.retired_at IS NULL AND d.code LIKE ? AND ";
    params.emplace_back(std::string(division_code) + "%");
    sql += ScopeClause(scope, "d.code", params);
    sql += " GROUP BY " + place + ") g LEFT JOIN divisions p ON p.code = g.place ORDER BY g.place";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    KioskCoverage coverage;
    coverage.division_code = std::string(division_code);
    coverage.total.code = std::string(division_code);
    for (const auto& row : result.rows) {
      KioskCoverageRow out{row.Text(0), row.Text(1), row.Int(2), row.Int(3)};
      coverage.total.urban_communities += out.urban_communities;
      coverage.total.with_kiosk += out.with_kiosk;
      coverage.rows.push_back(std::move(out));
    }
    ASSIGN_OR_RETURN(auto name, connection->Query("SELECT name FROM divisions WHERE code = ?",
                                                  {std::string(division_code)}));
    if (!name.rows.empty()) coverage.total.name = name.rows[0].Text(0);
    return coverage;
  }

  core::Result<std::vector<std::string>> CommunitiesWithKioskAt(int64_t at) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT DISTINCT community_code FROM kiosks WHERE kind = "
                                       "'kiosk' AND created_at < ? AND (disabled_at IS NULL OR "
                                       "disabled_at >= ?) ORDER BY community_code",
                                       {at, at}));
    std::vector<std::string> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(row.Text(0));
    return out;
  }

  core::Result<QueueTicket> TakeTicket(const QueueTicket& ticket) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<QueueTicket>(*connection, [&](Connection& c) -> core::Result<QueueTicket> {
      ASSIGN_OR_RETURN(
          auto counter,
          c.Query("INSERT INTO queue_ticket_counters (community_code, service_date, last_number) "
                  "VALUES (?, ?, 1) ON CONFLICT (community_code, service_date) DO UPDATE SET "
                  "last_number = queue_ticket_counters.last_number + 1 RETURNING last_number",
                  {ticket.community_code, ticket.service_date}));
      QueueTicket stored = ticket;
      stored.number = counter.rows.at(0).Int(0);
      stored.code = kiosks::TicketCode(stored.number);
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO queue_tickets (community_code, service_date, number, code, "
                  "category, state, desk, kiosk_id, taken_by, taken_at, call_count) VALUES (?, ?, "
                  "?, ?, ?, 'waiting', '', ?, ?, ?, 0) RETURNING id",
                  {stored.community_code, stored.service_date, stored.number, stored.code,
                   stored.category, OrNull(stored.kiosk_id), OrNull(stored.taken_by),
                   stored.taken_at}));
      stored.id = inserted.rows.at(0).Int(0);
      return stored;
    });
  }

  core::Result<std::optional<QueueTicket>> FindTicket(int64_t id,
                                                      const core::Scope& scope) override {
    return FindOneInScope(
        database_, std::string("SELECT ") + kTicketColumns + " FROM queue_tickets WHERE id = ?",
        {id}, scope, "community_code", TicketFromRow);
  }

  core::Result<bool> MoveTicket(int64_t id, TicketState from, TicketState to, std::string_view desk,
                                int64_t at) override {
    const bool calls = to == TicketState::kCalled;
    const bool finishes =
        to == TicketState::kServed || to == TicketState::kSkipped || to == TicketState::kClosed;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            std::string("UPDATE queue_tickets SET state = ?, desk = ?") +
                (calls ? ", called_at = ?, call_count = call_count + 1, finished_at = NULL" : "") +
                (finishes ? ", finished_at = ?" : "") + " WHERE id = ? AND state = ?",
            [&] {
              std::vector<Value> params = {std::string(kiosks::TicketStateName(to)),
                                           std::string(desk)};
              if (calls || finishes) params.emplace_back(at);
              params.emplace_back(id);
              params.emplace_back(std::string(kiosks::TicketStateName(from)));
              return params;
            }()));
    return result.affected_rows == 1;
  }

  core::Result<std::optional<QueueTicket>> FirstWaiting(std::string_view community_code,
                                                        std::string_view date) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kTicketColumns +
                                           " FROM queue_tickets WHERE community_code = ? AND "
                                           "service_date = ? AND state = 'waiting' ORDER BY "
                                           "number LIMIT 1",
                                       {std::string(community_code), std::string(date)}));
    if (result.rows.empty()) return std::optional<QueueTicket>();
    return std::optional<QueueTicket>(TicketFromRow(result.rows[0]));
  }

  core::Result<HallBoard> Board(std::string_view community_code, std::string_view date,
                                size_t called_limit, size_t waiting_limit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const std::vector<Value> key = {std::string(community_code), std::string(date)};
    HallBoard board;
    board.community_code = std::string(community_code);
    board.service_date = std::string(date);
    ASSIGN_OR_RETURN(auto called,
                     connection->Query(std::string("SELECT ") + kTicketColumns +
                                           " FROM queue_tickets WHERE community_code = ? AND "
                                           "service_date = ? AND state = 'called' ORDER BY "
                                           "called_at DESC, id DESC LIMIT " +
                                           std::to_string(called_limit),
                                       key));
    for (const auto& row : called.rows) board.called.push_back(TicketFromRow(row));
    ASSIGN_OR_RETURN(auto waiting,
                     connection->Query(std::string("SELECT ") + kTicketColumns +
                                           " FROM queue_tickets WHERE community_code = ? AND "
                                           "service_date = ? AND state = 'waiting' ORDER BY "
                                           "number LIMIT " +
                                           std::to_string(waiting_limit),
                                       key));
    for (const auto& row : waiting.rows) board.waiting.push_back(TicketFromRow(row));
    ASSIGN_OR_RETURN(auto count,
                     connection->Query("SELECT COUNT(*) FROM queue_tickets WHERE community_code = "
                                       "? AND service_date = ? AND state = 'waiting'",
                                       key));
    board.waiting_count = count.rows.at(0).Int(0);
    return board;
  }

  core::Result<std::vector<QueueTicket>> Tickets(std::string_view community_code,
                                                 std::string_view date) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kTicketColumns +
                                           " FROM queue_tickets WHERE community_code = ? AND "
                                           "service_date = ? ORDER BY number LIMIT 2000",
                                       {std::string(community_code), std::string(date)}));
    std::vector<QueueTicket> out;
    for (const auto& row : result.rows) out.push_back(TicketFromRow(row));
    return out;
  }

  core::Result<int64_t> CloseThrough(std::string_view through_date, int64_t at) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE queue_tickets SET state = 'closed', finished_at = ? "
                                       "WHERE state IN ('waiting', 'called', 'skipped') AND "
                                       "service_date <= ?",
                                       {at, std::string(through_date)}));
    return result.affected_rows;
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<kiosks::KioskRepository> MakeSqlKioskRepository(Database& database) {
  return std::make_unique<SqlKioskRepository>(database);
}

}  // namespace linli::storage

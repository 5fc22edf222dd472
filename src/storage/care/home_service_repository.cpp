#include "storage/care/home_service_repository.hpp"

#include <boost/json.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using care::HomeOrder;
using care::Provider;

Value OptionalNumber(const std::optional<double>& v) { return v ? Value(*v) : Value(Null{}); }
std::optional<int64_t> IdOrNone(const Row& row, size_t i) {
  return row.IsNull(i) ? std::nullopt : std::optional<int64_t>(row.Int(i));
}
std::optional<double> NumberOrNone(const Row& row, size_t i) {
  return row.IsNull(i) ? std::nullopt : std::optional<double>(row.Double(i));
}

std::string QualificationsJson(const std::vector<care::Qualification>& list) {
  boost::json::array array;
  for (const auto& q : list) {
    array.push_back(boost::json::object{
        {"name", q.name}, {"number", q.number}, {"valid_until", q.valid_until}});
  }
  return boost::json::serialize(array);
}

std::vector<care::Qualification> QualificationsFrom(const std::string& text) {
  std::vector<care::Qualification> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    if (!item.is_object()) continue;
    care::Qualification q;
    const auto& o = item.as_object();
    auto text_of = [&o](const char* key) {
      const auto* v = o.if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    q.name = text_of("name");
    q.number = text_of("number");
    q.valid_until = text_of("valid_until");
    out.push_back(std::move(q));
  }
  return out;
}

// A provider is in scope when registered at a place in it, or serving a place in it or above it
// (a provider serving a whole town serves each of its communities).
std::string ProviderScopeClause(const core::Scope& scope, std::vector<Value>& params) {
  if (scope.all) return "1=1";
  if (scope.prefixes.empty()) return "1=0";
  std::string sql = "(" + ScopeClause(scope, "p.place_code", params);
  sql += " OR EXISTS (SELECT 1 FROM home_provider_areas pa WHERE pa.provider_id = p.id AND (" +
         ScopeClause(scope, "pa.code", params);
  for (const auto& prefix : scope.prefixes) {
    sql += " OR substr(?, 1, length(pa.code)) = pa.code";
    params.emplace_back(prefix);
  }
  return sql + ")))";
}

constexpr const char* kProviderColumns =
    "p.id, p.name, p.kind, p.facility_id, COALESCE(f.name, ''), p.credit_code, p.place_code, "
    "COALESCE(d.name, ''), p.qualifications, p.contact_name, p.contact_phone, p.status, "
    "p.created_by, p.created_at, p.updated_at, p.synthetic";
constexpr const char* kProviderFrom =
    " FROM home_providers p LEFT JOIN facilities f ON f.id = p.facility_id LEFT JOIN divisions d "
    "ON d.code = p.place_code";

Provider ProviderFrom(const Row& row) {
  Provider p;
  p.id = row.Int(0);
  p.name = row.Text(1);
  p.kind = care::kProviderKindNames.From(row.Text(2)).value_or(care::ProviderKind::kOrganisation);
  p.facility_id = IdOrNone(row, 3);
  p.facility_name = row.Text(4);
  p.credit_code = row.Text(5);
  p.place_code = row.Text(6);
  p.place_name = row.Text(7);
  p.qualifications = QualificationsFrom(row.Text(8));
  p.contact_name = row.Text(9);
  p.contact_phone = row.Text(10);
  p.status = care::kProviderStatusNames.From(row.Text(11)).value_or(care::ProviderStatus::kActive);
  p.created_by = row.Int(12);
  p.created_at = row.Int(13);
  p.updated_at = row.Int(14);
  p.synthetic = row.Int(15) != 0;
  return p;
}

// The areas, offers (and, for one provider, staff) of the providers read.
core::Status LoadDetails(Connection& c, std::vector<Provider>& providers, bool staff) {
  if (providers.empty()) return core::Ok();
  std::map<int64_t, Provider*> by_id;
  std::string in = "(";
  std::vector<Value> ids;
  for (auto& p : providers) {
    in += ids.empty() ? "?" : ",?";
    ids.emplace_back(p.id);
    by_id[p.id] = &p;
  }
  in += ")";
  ASSIGN_OR_RETURN(auto areas,
                   c.Query("SELECT pa.provider_id, pa.code, COALESCE(d.name, '') FROM "
                           "home_provider_areas pa LEFT JOIN divisions d ON d.code = pa.code "
                           "WHERE pa.provider_id IN " +
                               in + " ORDER BY pa.provider_id, pa.code",
                           ids));
  for (const auto& row : areas.rows) by_id[row.Int(0)]->areas.push_back({row.Text(1), row.Text(2)});
  ASSIGN_OR_RETURN(auto offers, c.Query("SELECT provider_id, service, price_cents FROM "
                                        "home_provider_services WHERE provider_id IN " +
                                            in + " ORDER BY provider_id, service",
                                        ids));
  for (const auto& row : offers.rows) {
    by_id[row.Int(0)]->services.push_back({row.Text(1), row.Int(2)});
  }
  if (staff) {
    ASSIGN_OR_RETURN(auto accounts,
                     c.Query("SELECT g.provider_id, a.username, a.display_name FROM account_grants "
                             "g JOIN accounts a ON a.id = g.account_id WHERE g.role = 'provider' "
                             "AND a.disabled = 0 AND g.provider_id IN " +
                                 in + " ORDER BY a.username",
                             ids));
    for (const auto& row : accounts.rows) {
      by_id[row.Int(0)]->staff.emplace_back(row.Text(1), row.Text(2));
    }
  }
  return core::Ok();
}

core::Status WriteDetails(Connection& c, const Provider& p) {
  TRY(c.Query("DELETE FROM home_provider_areas WHERE provider_id = ?", {p.id}));
  TRY(c.Query("DELETE FROM home_provider_services WHERE provider_id = ?", {p.id}));
  for (const auto& area : p.areas) {
    TRY(c.Query("INSERT INTO home_provider_areas (provider_id, code) VALUES (?, ?)",
                {p.id, area.code}));
  }
  for (const auto& offer : p.services) {
    TRY(c.Query(
        "INSERT INTO home_provider_services (provider_id, service, price_cents) VALUES (?, ?, ?)",
        {p.id, offer.service, offer.price_cents}));
  }
  return core::Ok();
}

const std::string kOrderColumns =
    "o.id, o.resident_id, r.name, o.place_code, COALESCE(d.name, '') || CASE WHEN gr.name IS "
    "NULL THEN '' ELSE ' · ' || gr.name END, COALESCE(b.address || ' ' || h.room, ''), b.lat, "
    "b.lon, o.provider_id, p.name, o.service, o.units, o.price_cents, o.status, o.ordered_by, "
    "o.note, o.wanted_on, o.scheduled_at, o.checkin_at, o.checkin_lat, o.checkin_lon, "
    "o.checkout_at, o.checkout_lat, o.checkout_lon, o.service_note, o.done_month, "
    "o.amount_cents, o.subsidy_cents, o.subsidy_units, o.rating, o.rating_note, "
    "o.cancel_reason, o.created_by, o.created_by_name, o.created_at, o.updated_at, o.synthetic";
constexpr const char* kOrderFrom =
    " FROM home_orders o JOIN residents r ON r.id = o.resident_id JOIN home_providers p ON p.id "
    "= o.provider_id LEFT JOIN households h ON h.id = r.household_id LEFT JOIN buildings b ON "
    "b.id = h.building_id LEFT JOIN divisions d ON d.code = substr(o.place_code, 1, 12) LEFT "
    "JOIN grids gr ON gr.code = o.place_code";

HomeOrder OrderFrom(const Row& row) {
  HomeOrder o;
  o.id = row.Int(0);
  o.resident_id = row.Int(1);
  o.resident_name = row.Text(2);
  o.place_code = row.Text(3);
  o.place_name = row.Text(4);
  o.address = row.Text(5);
  o.home_lat = NumberOrNone(row, 6);
  o.home_lon = NumberOrNone(row, 7);
  o.provider_id = row.Int(8);
  o.provider_name = row.Text(9);
  o.service = row.Text(10);
  o.units = row.Int(11);
  o.price_cents = row.Int(12);
  o.status = care::kOrderStatusNames.From(row.Text(13)).value_or(care::OrderStatus::kPlaced);
  o.ordered_by = care::kOrderedByNames.From(row.Text(14)).value_or(care::OrderedBy::kWorker);
  o.note = row.Text(15);
  o.wanted_on = row.Text(16);
  o.scheduled_at = IdOrNone(row, 17);
  o.checkin_at = IdOrNone(row, 18);
  o.checkin_lat = NumberOrNone(row, 19);
  o.checkin_lon = NumberOrNone(row, 20);
  o.checkout_at = IdOrNone(row, 21);
  o.checkout_lat = NumberOrNone(row, 22);
  o.checkout_lon = NumberOrNone(row, 23);
  o.service_note = row.Text(24);
  o.done_month = row.Text(25);
  o.amount_cents = row.Int(26);
  o.subsidy_cents = row.Int(27);
  o.subsidy_units = row.Int(28);
  o.rating = IdOrNone(row, 29);
  o.rating_note = row.Text(30);
  o.cancel_reason = row.Text(31);
  o.created_by = row.Int(32);
  o.created_by_name = row.Text(33);
  o.created_at = row.Int(34);
  o.updated_at = row.Int(35);
  o.synthetic = row.Int(36) != 0;
  return o;
}

// The orders' restriction: by place, or to the providers named.
std::string OrderScopeClause(const core::Scope& scope, const std::vector<int64_t>& providers,
                             std::vector<Value>& params) {
  if (providers.empty()) return ScopeClause(scope, "o.place_code", params);
  std::string sql = "o.provider_id IN (";
  for (size_t i = 0; i < providers.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(providers[i]);
  }
  return sql + ")";
}

Value Flag(bool b) { return int64_t{b ? 1 : 0}; }

core::Result<int64_t> UsedIn(Connection& c, int64_t resident_id, std::string_view month,
                             std::string_view service) {
  ASSIGN_OR_RETURN(auto used, c.Query("SELECT COALESCE(SUM(subsidy_units), 0) FROM home_orders "
                                      "WHERE resident_id = ? AND done_month = ? AND service = ? "
                                      "AND status = 'done'",
                                      {resident_id, std::string(month), std::string(service)}));
  return used.rows.at(0).Int(0);
}

class SqlHomeServiceRepository final : public care::HomeServiceRepository {
 public:
  SqlHomeServiceRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Provider> InsertProvider(const Provider& p,
                                        const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto result =
        InTransaction<Provider>(*connection, [&](Connection& c) -> core::Result<Provider> {
          Provider stored = p;
          ASSIGN_OR_RETURN(stored.id, InsertProviderIn(c, p));
          audit::AuditEntry audited = entry;
          audited.subject_id = std::to_string(stored.id);
          TRY(AppendAuditIn(c, *keys_, audited));
          return stored;
        });
    // A concurrent insert of the same name meets the unique index: the same answer.
    if (!result.ok() && result.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error::AlreadyExists("登记地已有同名服务商", "name");
    }
    return result;
  }

  core::Result<int64_t> InsertProviders(const std::vector<Provider>& providers,
                                        const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      for (const auto& p : providers) {
        ASSIGN_OR_RETURN(int64_t id, InsertProviderIn(c, p));
        (void)id;
      }
      TRY(AppendAuditIn(c, *keys_, entry));
      return static_cast<int64_t>(providers.size());
    });
  }

  core::Status UpdateProvider(const Provider& p, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto result = InTransaction(*connection, [&](Connection& c) -> core::Status {
      ASSIGN_OR_RETURN(
          auto existing,
          c.Query("SELECT id FROM home_providers WHERE place_code = ? AND name = ? AND id <> ?",
                  {p.place_code, p.name, p.id}));
      if (!existing.rows.empty()) {
        return core::Error::AlreadyExists("登记地已有同名服务商", "name");
      }
      TRY(
          c.Query("UPDATE home_providers SET name = ?, kind = ?, facility_id = ?, credit_code = "
                  "?, place_code = ?, qualifications = ?, contact_name = ?, contact_phone = ?, "
                  "status = ?, updated_at = ? WHERE id = ?",
                  {p.name, std::string(care::kProviderKindNames.Name(p.kind)),
                   OptionalInt(p.facility_id), p.credit_code, p.place_code,
                   QualificationsJson(p.qualifications), p.contact_name, p.contact_phone,
                   std::string(care::kProviderStatusNames.Name(p.status)), p.updated_at, p.id}));
      TRY(WriteDetails(c, p));
      TRY(AppendAuditIn(c, *keys_, entry));
      return core::Ok();
    });
    if (!result.ok() && result.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error::AlreadyExists("登记地已有同名服务商", "name");
    }
    return result;
  }

  core::Result<std::optional<Provider>> FindProvider(int64_t id,
                                                     const core::Scope& scope) override {
    std::vector<Value> params{id};
    const std::string sql = std::string("SELECT ") + kProviderColumns + kProviderFrom +
                            " WHERE p.id = ? AND " + ProviderScopeClause(scope, params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    if (result.rows.empty()) return std::optional<Provider>();
    std::vector<Provider> one{ProviderFrom(result.rows[0])};
    TRY(LoadDetails(*connection, one, true));
    return std::optional<Provider>(std::move(one[0]));
  }

  core::Result<core::Page<Provider>> ListProviders(const care::ProviderQuery& query,
                                                   const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kProviderColumns + kProviderFrom + " WHERE ";
    sql += ProviderScopeClause(scope, params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ProviderScopeClause(core::Scope::Of({query.place_prefix}), params);
    }
    if (!query.service.empty()) {
      sql +=
          " AND EXISTS (SELECT 1 FROM home_provider_services ps WHERE ps.provider_id = p.id "
          "AND ps.service = ?)";
      params.emplace_back(query.service);
    }
    if (query.status) {
      sql += " AND p.status = ?";
      params.emplace_back(std::string(care::kProviderStatusNames.Name(*query.status)));
    }
    if (!query.name.empty()) {
      sql += " AND substr(p.name, 1, length(?)) = ?";
      params.emplace_back(query.name);
      params.emplace_back(query.name);
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto page, KeysetPage(*connection, std::move(sql), std::move(params), Keyset::ById("p.id"),
                              query.page, ProviderFrom, [](const Provider& p) { return p.id; }));
    TRY(LoadDetails(*connection, page.items, false));
    return page;
  }

  core::Result<std::optional<std::pair<std::string, std::string>>> ActiveProviderPlace(
      int64_t id) override {
    using Found = std::optional<std::pair<std::string, std::string>>;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT place_code, name FROM home_providers WHERE id = ? "
                                       "AND status = 'active'",
                                       {id}));
    if (result.rows.empty()) return Found();
    return Found(std::make_pair(result.rows[0].Text(0), result.rows[0].Text(1)));
  }

  core::Result<std::optional<std::string>> FacilityName(int64_t facility_id,
                                                        const core::Scope& scope) override {
    return FindOneInScope(database_, "SELECT name FROM facilities WHERE id = ?", {facility_id},
                          scope, "community_code", [](const Row& row) { return row.Text(0); });
  }

  core::Result<HomeOrder> InsertOrder(const HomeOrder& o, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<HomeOrder>(*connection, [&](Connection& c) -> core::Result<HomeOrder> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query(
              "INSERT INTO home_orders (resident_id, place_code, provider_id, service, units, "
              "price_cents, status, ordered_by, note, wanted_on, created_by, created_by_name, "
              "created_at, updated_at, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?) RETURNING id",
              {o.resident_id, o.place_code, o.provider_id, o.service, o.units, o.price_cents,
               std::string(care::kOrderStatusNames.Name(o.status)),
               std::string(care::kOrderedByNames.Name(o.ordered_by)), o.note, o.wanted_on,
               o.created_by, o.created_by_name, o.created_at, o.updated_at, Flag(o.synthetic)}));
      HomeOrder stored = o;
      stored.id = inserted.rows.at(0).Int(0);
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<std::optional<HomeOrder>> FindOrder(int64_t id, const core::Scope& scope,
                                                   const std::vector<int64_t>& providers) override {
    std::vector<Value> params{id};
    const std::string sql = "SELECT " + kOrderColumns + kOrderFrom + " WHERE o.id = ? AND " +
                            OrderScopeClause(scope, providers, params);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    if (result.rows.empty()) return std::optional<HomeOrder>();
    return std::optional<HomeOrder>(OrderFrom(result.rows[0]));
  }

  core::Result<core::Page<HomeOrder>> ListOrders(const care::OrderQuery& query,
                                                 const core::Scope& scope,
                                                 const std::vector<int64_t>& providers) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + kOrderColumns + kOrderFrom + " WHERE ";
    sql += OrderScopeClause(scope, providers, params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "o.place_code", params);
    }
    if (query.provider_id) {
      sql += " AND o.provider_id = ?";
      params.emplace_back(*query.provider_id);
    }
    if (query.status) {
      sql += " AND o.status = ?";
      params.emplace_back(std::string(care::kOrderStatusNames.Name(*query.status)));
    }
    if (!query.service.empty()) {
      sql += " AND o.service = ?";
      params.emplace_back(query.service);
    }
    if (!query.month.empty()) {
      sql += " AND substr(o.wanted_on, 1, 7) = ?";
      params.emplace_back(query.month);
    }
    if (query.resident_id) {
      sql += " AND o.resident_id = ?";
      params.emplace_back(*query.resident_id);
    }
    if (!query.date.empty()) {
      sql +=
          " AND (CASE WHEN o.scheduled_at IS NULL THEN o.wanted_on = ? ELSE o.scheduled_at >= "
          "? AND o.scheduled_at < ? END)";
      params.emplace_back(query.date);
      params.emplace_back(query.date_from);
      params.emplace_back(query.date_to);
    }
    return KeysetPage(database_, std::move(sql), std::move(params),
                      Keyset::ById("o.id", SortOrder::kDescending), query.page, OrderFrom,
                      [](const HomeOrder& o) { return o.id; });
  }

  core::Result<bool> UpdateOrder(const HomeOrder& o, care::OrderStatus from,
                                 const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(
          auto updated,
          c.Query(
              "UPDATE home_orders SET status = ?, scheduled_at = ?, checkin_at = ?, "
              "checkin_lat = ?, checkin_lon = ?, rating = ?, rating_note = ?, cancel_reason = "
              "?, updated_at = ? WHERE id = ? AND status = ? RETURNING id",
              {std::string(care::kOrderStatusNames.Name(o.status)), OptionalInt(o.scheduled_at),
               OptionalInt(o.checkin_at), OptionalNumber(o.checkin_lat),
               OptionalNumber(o.checkin_lon), OptionalInt(o.rating), o.rating_note, o.cancel_reason,
               o.updated_at, o.id, std::string(care::kOrderStatusNames.Name(from))}));
      if (updated.rows.empty()) return false;
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<std::optional<HomeOrder>> CheckOut(const HomeOrder& o, int64_t entitled,
                                                  const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<std::optional<HomeOrder>>(
        *connection, [&](Connection& c) -> core::Result<std::optional<HomeOrder>> {
          // On PostgreSQL the row lock of the order (FOR UPDATE below would not cover the
          // person's other orders): lock the person's row so that their check-outs queue.
          if (c.dialect() == Dialect::kPostgres) {
            TRY(c.Query("SELECT id FROM residents WHERE id = ? FOR UPDATE", {o.resident_id}));
          }
          ASSIGN_OR_RETURN(int64_t used, UsedIn(c, o.resident_id, o.done_month, o.service));
          const care::Settlement settled =
              care::Settle(o.units, o.price_cents, entitled > used ? entitled - used : 0);
          ASSIGN_OR_RETURN(
              auto updated,
              c.Query("UPDATE home_orders SET status = 'done', units = ?, checkout_at = ?, "
                      "checkout_lat = ?, checkout_lon = ?, service_note = ?, done_month = ?, "
                      "amount_cents = ?, subsidy_cents = ?, subsidy_units = ?, updated_at = ? "
                      "WHERE id = ? AND status = 'serving' RETURNING id",
                      {settled.units, OptionalInt(o.checkout_at), OptionalNumber(o.checkout_lat),
                       OptionalNumber(o.checkout_lon), o.service_note, o.done_month,
                       settled.amount_cents, settled.subsidy_cents, settled.subsidy_units,
                       o.updated_at, o.id}));
          if (updated.rows.empty()) return std::optional<HomeOrder>();
          TRY(AppendAuditIn(c, *keys_, entry));
          ASSIGN_OR_RETURN(
              auto row,
              c.Query("SELECT " + kOrderColumns + kOrderFrom + " WHERE o.id = ?", {o.id}));
          return std::optional<HomeOrder>(OrderFrom(row.rows.at(0)));
        });
  }

  core::Result<std::map<std::string, int64_t>> UsedUnits(int64_t resident_id,
                                                         std::string_view month) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT service, SUM(subsidy_units) FROM home_orders WHERE "
                                       "resident_id = ? AND done_month = ? AND status = 'done' "
                                       "GROUP BY service",
                                       {resident_id, std::string(month)}));
    std::map<std::string, int64_t> out;
    for (const auto& row : result.rows) out[row.Text(0)] = row.Int(1);
    return out;
  }

  core::Result<std::vector<care::StatementLine>> StatementLines(int64_t provider_id,
                                                                std::string_view month) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return LinesIn(*connection, provider_id, month);
  }

  core::Result<std::optional<care::ClosedStatement>> FindClosed(int64_t provider_id,
                                                                std::string_view month) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT orders, units, amount_cents, subsidy_cents, "
                                       "closed_at, closed_by_name FROM home_statements WHERE "
                                       "provider_id = ? AND month = ?",
                                       {provider_id, std::string(month)}));
    if (result.rows.empty()) return std::optional<care::ClosedStatement>();
    const Row& row = result.rows[0];
    care::ClosedStatement closed;
    closed.totals = {row.Int(0), row.Int(1), row.Int(2), row.Int(3)};
    closed.closed_at = row.Int(4);
    closed.closed_by_name = row.Text(5);
    return std::optional<care::ClosedStatement>(closed);
  }

  core::Result<bool> CloseStatement(int64_t provider_id, std::string_view month, int64_t at,
                                    int64_t by, const std::string& by_name,
                                    const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto result = InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto existing,
                       c.Query("SELECT 1 FROM home_statements WHERE provider_id = ? AND month = ?",
                               {provider_id, std::string(month)}));
      if (!existing.rows.empty()) return false;
      ASSIGN_OR_RETURN(auto lines, LinesIn(c, provider_id, month));
      const care::StatementTotals totals = care::TotalsOf(lines);
      TRY(
          c.Query("INSERT INTO home_statements (provider_id, month, orders, units, amount_cents, "
                  "subsidy_cents, closed_at, closed_by, closed_by_name) VALUES (?, ?, ?, ?, ?, ?, "
                  "?, ?, ?)",
                  {provider_id, std::string(month), totals.orders, totals.units,
                   totals.amount_cents, totals.subsidy_cents, at, by, by_name}));
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
    // Two closes at once: the primary key refuses the second.
    if (!result.ok() && result.error().code == core::ErrorCode::kAlreadyExists) return false;
    return result;
  }

  core::Result<std::vector<care::ServedElderly>> ServedElderlyByCommunity(
      int64_t age, std::string_view date, std::string_view from_month,
      std::string_view to_month) override {
    // Born on or before the date `age` years earlier (the text of ISO dates orders as dates).
    const int year = std::stoi(std::string(date.substr(0, 4))) - static_cast<int>(age);
    const std::string born_by = std::to_string(year) + std::string(date.substr(4));
    const std::string sql =
        "SELECT substr(r.place_code, 1, 12), COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM "
        "home_orders o WHERE o.resident_id = r.id AND o.status = 'done' AND o.done_month >= ? "
        "AND o.done_month <= ?) THEN 1 ELSE 0 END) FROM residents r WHERE r.status IN "
        "('registered_resident', 'floating') AND r.birth_date <= ? AND r.birth_date <> '' GROUP "
        "BY substr(r.place_code, 1, 12)";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, {std::string(from_month),
                                                          std::string(to_month), born_by}));
    std::vector<care::ServedElderly> out;
    for (const auto& row : result.rows) {
      if (row.Text(0).size() != 12) continue;
      out.push_back({row.Text(0), row.Int(1), row.Int(2)});
    }
    return out;
  }

  core::Result<int64_t> CountProviders() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT COUNT(*) FROM home_providers", {}));
    return result.rows.at(0).Int(0);
  }

  core::Result<std::vector<std::pair<int64_t, std::string>>> ElderlyOf(
      std::string_view community, std::string_view born_by) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    std::vector<Value> params;
    const std::string sql =
        "SELECT r.id, r.place_code FROM residents r WHERE " +
        ScopeClause(core::Scope::Of({std::string(community)}), "r.place_code", params) +
        " AND r.status IN ('registered_resident', 'floating') AND r.birth_date <= ? AND "
        "r.birth_date <> '' ORDER BY r.id";
    params.emplace_back(std::string(born_by));
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<std::pair<int64_t, std::string>> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.emplace_back(row.Int(0), row.Text(1));
    return out;
  }

  core::Result<int64_t> InsertSyntheticOrders(const std::vector<HomeOrder>& orders) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      return InsertRows(
          c,
          "home_orders (resident_id, place_code, provider_id, service, units, price_cents, "
          "status, ordered_by, note, wanted_on, scheduled_at, checkin_at, checkout_at, "
          "done_month, amount_cents, subsidy_cents, subsidy_units, rating, created_by, "
          "created_by_name, created_at, updated_at, synthetic)",
          23, orders.size(), [&orders](size_t i, std::vector<Value>& out) {
            const HomeOrder& o = orders[i];
            out.insert(out.end(), {o.resident_id,
                                   o.place_code,
                                   o.provider_id,
                                   o.service,
                                   o.units,
                                   o.price_cents,
                                   std::string(care::kOrderStatusNames.Name(o.status)),
                                   std::string(care::kOrderedByNames.Name(o.ordered_by)),
                                   o.note,
                                   o.wanted_on,
                                   OptionalInt(o.scheduled_at),
                                   OptionalInt(o.checkin_at),
                                   OptionalInt(o.checkout_at),
                                   o.done_month,
                                   o.amount_cents,
                                   o.subsidy_cents,
                                   o.subsidy_units,
                                   OptionalInt(o.rating),
                                   o.created_by,
                                   o.created_by_name,
                                   o.created_at,
                                   o.updated_at,
                                   int64_t{1}});
          });
    });
  }

 private:
  // One provider with its areas and services; kAlreadyExists (field name) when its place already
  // has a provider of the name.
  core::Result<int64_t> InsertProviderIn(Connection& c, const Provider& p) {
    ASSIGN_OR_RETURN(auto existing,
                     c.Query("SELECT id FROM home_providers WHERE place_code = ? AND name = ?",
                             {p.place_code, p.name}));
    if (!existing.rows.empty()) {
      return core::Error::AlreadyExists("登记地已有同名服务商：" + p.name, "name");
    }
    ASSIGN_OR_RETURN(
        auto inserted,
        c.Query(
            "INSERT INTO home_providers (name, kind, facility_id, credit_code, place_code, "
            "qualifications, contact_name, contact_phone, status, created_by, created_at, "
            "updated_at, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            {p.name, std::string(care::kProviderKindNames.Name(p.kind)), OptionalInt(p.facility_id),
             p.credit_code, p.place_code, QualificationsJson(p.qualifications), p.contact_name,
             p.contact_phone, std::string(care::kProviderStatusNames.Name(p.status)), p.created_by,
             p.created_at, p.updated_at, Flag(p.synthetic)}));
    Provider stored = p;
    stored.id = inserted.rows.at(0).Int(0);
    TRY(WriteDetails(c, stored));
    return stored.id;
  }

  static core::Result<std::vector<care::StatementLine>> LinesIn(Connection& c, int64_t provider_id,
                                                                std::string_view month) {
    ASSIGN_OR_RETURN(auto result,
                     c.Query("SELECT o.id, r.name, o.service, o.checkout_at, o.units, "
                             "o.price_cents, o.amount_cents, o.subsidy_cents FROM home_orders o "
                             "JOIN residents r ON r.id = o.resident_id WHERE o.provider_id = ? "
                             "AND o.done_month = ? AND o.status = 'done' ORDER BY o.id",
                             {provider_id, std::string(month)}));
    std::vector<care::StatementLine> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) {
      out.push_back({row.Int(0), row.Text(1), row.Text(2), row.IsNull(3) ? 0 : row.Int(3),
                     row.Int(4), row.Int(5), row.Int(6), row.Int(7)});
    }
    return out;
  }

  core::Status NeedKeys() const {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    return core::Ok();
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<care::HomeServiceRepository> MakeSqlHomeServiceRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlHomeServiceRepository>(database, keys);
}

}  // namespace linli::storage

#include "storage/divisions/division_repositories.hpp"

#include <algorithm>

#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using divisions::Division;
using divisions::KindSource;

constexpr size_t kInsertBatch = 100;  // rows per multi-row INSERT (9 parameters each)

constexpr std::string_view kDivisionColumns =
    "code, name, level, parent_code, kind, kind_source, functional_zone, retired_at, updated_at";

core::Result<core::DivisionLevel> LevelFromName(const std::string& name) {
  for (auto level :
       {core::DivisionLevel::kProvince, core::DivisionLevel::kCity, core::DivisionLevel::kCounty,
        core::DivisionLevel::kTown, core::DivisionLevel::kCommunity}) {
    if (core::DivisionLevelName(level) == name) return level;
  }
  return core::Error::Internal("区划层级数据无效：" + name);
}

core::Result<Division> DivisionFromRow(const Row& row) {
  Division division;
  division.code = row.Text(0);
  division.name = row.Text(1);
  ASSIGN_OR_RETURN(division.level, LevelFromName(row.Text(2)));
  division.parent_code = row.Text(3);
  division.kind = row.Text(4);
  const auto source = divisions::KindSourceFromName(row.Text(5));
  if (!source) return core::Error::Internal("区划类型来源数据无效：" + row.Text(5));
  division.kind_source = *source;
  division.functional_zone = row.Text(6);
  if (!row.IsNull(7)) division.retired_at = row.Int(7);
  division.updated_at = row.Int(8);
  return division;
}

core::Result<std::vector<Division>> DivisionsFromResult(const QueryResult& result) {
  std::vector<Division> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    ASSIGN_OR_RETURN(auto division, DivisionFromRow(row));
    out.push_back(std::move(division));
  }
  return out;
}

Value NullableText(const std::string& text) { return text.empty() ? Value(Null{}) : Value(text); }

class SqlDivisionRepository final : public divisions::DivisionRepository {
 public:
  explicit SqlDivisionRepository(Database& database) : database_(database) {}

  core::Result<std::vector<Division>> LoadCurrent() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT " + std::string(kDivisionColumns) +
                                       " FROM divisions WHERE retired_at IS NULL ORDER BY code"));
    return DivisionsFromResult(result);
  }

  core::Result<std::vector<std::string>> CityCodes() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT code FROM divisions WHERE level = 'city' AND "
                                       "retired_at IS NULL ORDER BY code"));
    std::vector<std::string> codes;
    for (const auto& row : result.rows) codes.push_back(row.Text(0));
    return codes;
  }

  core::Result<std::vector<divisions::ActiveGrid>> LoadActiveGrids() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT code, community_code, name, kind, "
                                       "planned_households FROM grids WHERE status = 'active' "
                                       "AND level = 'grid' ORDER BY code"));
    std::vector<divisions::ActiveGrid> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) {
      out.push_back(
          divisions::ActiveGrid{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)});
    }
    return out;
  }

  core::Result<std::optional<Division>> Find(std::string_view code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT " + std::string(kDivisionColumns) +
                                                        " FROM divisions WHERE code = ?",
                                                    {std::string(code)}));
    if (result.rows.empty()) return std::optional<Division>();
    ASSIGN_OR_RETURN(auto division, DivisionFromRow(result.rows.front()));
    return std::optional<Division>(std::move(division));
  }

  core::Result<divisions::ImportPlan> ApplyImport(
      std::string_view city_code, std::string_view province_code, int64_t now,
      const divisions::ImportPlanner& planner) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<divisions::ImportPlan>(
        *connection, [&](Connection& c) -> core::Result<divisions::ImportPlan> {
          ASSIGN_OR_RETURN(
              auto result,
              c.Query("SELECT " + std::string(kDivisionColumns) +
                          " FROM divisions WHERE code = ? OR code LIKE ? ORDER BY code",
                      {std::string(province_code), std::string(city_code) + "%"}));
          ASSIGN_OR_RETURN(auto stored, DivisionsFromResult(result));
          divisions::ImportPlan plan = planner(stored);
          std::sort(plan.inserts.begin(), plan.inserts.end(),
                    [](const Division& a, const Division& b) { return a.code < b.code; });
          for (size_t first = 0; first < plan.inserts.size(); first += kInsertBatch) {
            const size_t last = std::min(plan.inserts.size(), first + kInsertBatch);
            std::string sql =
                "INSERT INTO divisions (" + std::string(kDivisionColumns) + ") VALUES ";
            std::vector<Value> params;
            params.reserve((last - first) * 9);
            for (size_t i = first; i < last; ++i) {
              const Division& d = plan.inserts[i];
              sql += i == first ? "(?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?)";
              params.emplace_back(d.code);
              params.emplace_back(d.name);
              params.emplace_back(std::string(core::DivisionLevelName(d.level)));
              params.emplace_back(NullableText(d.parent_code));
              params.emplace_back(d.kind);
              params.emplace_back(std::string(divisions::KindSourceName(d.kind_source)));
              params.emplace_back(d.functional_zone);
              params.emplace_back(Null{});
              params.emplace_back(d.updated_at ? d.updated_at : now);
            }
            TRY(c.Query(sql, params));
          }
          for (const Division& d : plan.updates) {
            TRY(c.Query(
                "UPDATE divisions SET name = ?, level = ?, parent_code = ?, kind = ?, "
                "kind_source = ?, functional_zone = ?, retired_at = NULL, updated_at = ? "
                "WHERE code = ?",
                {d.name, std::string(core::DivisionLevelName(d.level)), NullableText(d.parent_code),
                 d.kind, std::string(divisions::KindSourceName(d.kind_source)), d.functional_zone,
                 d.updated_at ? d.updated_at : now, d.code}));
          }
          for (const std::string& code : plan.retires) {
            TRY(c.Query("UPDATE divisions SET retired_at = ?, updated_at = ? WHERE code = ?",
                        {now, now, code}));
          }
          return plan;
        });
  }

  core::Status ReplaceOutlines(std::string_view city_code,
                               const std::vector<divisions::StoredOutline>& outlines,
                               int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query("DELETE FROM division_outlines WHERE code LIKE ?",
                  {std::string(city_code) + "%"}));
      for (const auto& o : outlines) {
        TRY(
            c.Query("INSERT INTO division_outlines (code, geometry, label_lon, label_lat, source, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    {o.code, o.geometry, o.label_lon, o.label_lat, o.source, now}));
      }
      return core::Ok();
    });
  }

  core::Result<std::vector<divisions::StoredOutline>> LoadOutlines(
      std::string_view prefix) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT code, geometry, label_lon, label_lat, source FROM "
                                       "division_outlines WHERE code LIKE ? ORDER BY code",
                                       {std::string(prefix) + "%"}));
    std::vector<divisions::StoredOutline> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) {
      out.push_back({row.Text(0), row.Text(1), row.Double(2), row.Double(3), row.Text(4)});
    }
    return out;
  }

  core::Status SetKind(std::string_view code, std::string_view kind, std::string_view actor,
                       int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("UPDATE divisions SET kind = ?, kind_source = 'admin', "
                          "kind_set_by = ?, updated_at = ? WHERE code = ? AND "
                          "retired_at IS NULL",
                          {std::string(kind), std::string(actor), now, std::string(code)}));
    if (result.affected_rows == 0) return core::Error::NotFound("区划不存在");
    return core::Ok();
  }

  core::Result<core::Page<Division>> Search(const divisions::DivisionSearch& search,
                                            const core::Scope& scope,
                                            const core::PageRequest& page) override {
    std::vector<Value> params;
    std::string sql =
        "SELECT " + std::string(kDivisionColumns) + " FROM divisions WHERE retired_at IS NULL";
    if (search.level) {
      sql += " AND level = ?";
      params.emplace_back(std::string(core::DivisionLevelName(*search.level)));
    }
    if (!search.text.empty()) {
      sql += " AND " + LikeClause("name", search.text, LikeMatch::kContains, params);
    }
    sql += " AND " + ScopeClause(scope, "code", params);
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ByText("code"), page,
                      DivisionFromRow, [](const Division& division) { return division.code; });
  }

  core::Result<core::Page<Division>> ListUnresolved(std::string_view under_code,
                                                    const core::Scope& scope,
                                                    const core::PageRequest& page) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + std::string(kDivisionColumns) +
                      " FROM divisions WHERE retired_at IS NULL AND kind_source = 'unresolved' "
                      "AND code LIKE ?";
    params.emplace_back(std::string(under_code) + "%");
    sql += " AND " + ScopeClause(scope, "code", params);
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ByText("code"), page,
                      DivisionFromRow, [](const Division& division) { return division.code; });
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<divisions::DivisionRepository> MakeSqlDivisionRepository(Database& database) {
  return std::make_unique<SqlDivisionRepository>(database);
}

}  // namespace linli::storage

#include "storage/divisions/division_repositories.hpp"

#include <algorithm>

#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using divisions::Division;
using divisions::KindSource;
using grids::Grid;

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

constexpr std::string_view kGridColumns =
    "code, community_code, parent_code, level, name, kind, planned_households, valid_from, "
    "valid_until, status, created_at, updated_at";

core::Result<Grid> GridFromRow(const Row& row) {
  Grid grid;
  grid.code = row.Text(0);
  grid.community_code = row.Text(1);
  grid.parent_code = row.Text(2);
  const auto level = grids::GridLevelFromName(row.Text(3));
  const auto kind = grids::GridKindFromName(row.Text(5));
  const auto status = grids::GridStatusFromName(row.Text(9));
  if (!level || !kind || !status) return core::Error::Internal("网格数据无效：" + grid.code);
  grid.level = *level;
  grid.name = row.Text(4);
  grid.kind = *kind;
  grid.planned_households = row.Int(6);
  grid.valid_from = row.Text(7);
  if (!row.IsNull(8)) grid.valid_until = row.Text(8);
  grid.status = *status;
  grid.created_at = row.Int(10);
  grid.updated_at = row.Int(11);
  return grid;
}

class SqlGridRepository final : public grids::GridRepository {
 public:
  explicit SqlGridRepository(Database& database) : database_(database) {}

  core::Result<std::optional<Grid>> Find(std::string_view code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT " + std::string(kGridColumns) +
                                                        " FROM grids WHERE code = ?",
                                                    {std::string(code)}));
    if (result.rows.empty()) return std::optional<Grid>();
    ASSIGN_OR_RETURN(auto grid, GridFromRow(result.rows.front()));
    return std::optional<Grid>(std::move(grid));
  }

  core::Result<std::vector<std::string>> ChildCodes(std::string_view parent_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const bool community = parent_code.size() == 12;
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(community ? "SELECT code FROM grids WHERE community_code "
                                                   "= ? AND level = 'grid' ORDER BY code"
                                                 : "SELECT code FROM grids WHERE parent_code = ? "
                                                   "ORDER BY code",
                                       {std::string(parent_code)}));
    std::vector<std::string> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(row.Text(0));
    return out;
  }

  core::Status Insert(const Grid& grid) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto result = connection->Query(
        "INSERT INTO grids (" + std::string(kGridColumns) +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {grid.code, grid.community_code, NullableText(grid.parent_code),
         std::string(grids::GridLevelName(grid.level)), grid.name,
         std::string(grids::GridKindName(grid.kind)), grid.planned_households, grid.valid_from,
         grid.valid_until ? Value(*grid.valid_until) : Value(Null{}),
         std::string(grids::GridStatusName(grid.status)), grid.created_at, grid.updated_at});
    if (!result.ok()) {
      if (result.error().code == core::ErrorCode::kAlreadyExists) {
        return core::Error::AlreadyExists("网格编码 " + grid.code + " 已存在", "code");
      }
      return std::move(result).error();
    }
    return core::Ok();
  }

  core::Status Update(const Grid& grid) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE grids SET name = ?, kind = ?, planned_households = "
                                       "?, updated_at = ? WHERE code = ?",
                                       {grid.name, std::string(grids::GridKindName(grid.kind)),
                                        grid.planned_households, grid.updated_at, grid.code}));
    if (result.affected_rows == 0) return core::Error::NotFound("网格不存在");
    return core::Ok();
  }

  core::Status Close(std::string_view code, std::string_view valid_until, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const std::string until(valid_until);
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      ASSIGN_OR_RETURN(auto closed, c.Query("UPDATE grids SET status = 'closed', valid_until = ?, "
                                            "updated_at = ? WHERE code = ? AND status = 'active'",
                                            {until, now, std::string(code)}));
      if (closed.affected_rows == 0) return core::Error::FailedPrecondition("网格已关闭");
      TRY(
          c.Query("UPDATE grids SET status = 'closed', valid_until = CASE WHEN valid_from > ? "
                  "THEN valid_from ELSE ? END, updated_at = ? WHERE parent_code = ? AND "
                  "status = 'active'",
                  {until, until, now, std::string(code)}));
      return core::Ok();
    });
  }

  core::Result<core::Page<Grid>> List(const grids::GridQuery& query, const core::Scope& scope,
                                      const core::PageRequest& page) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + std::string(kGridColumns) + " FROM grids WHERE " +
                      ScopeClause(scope, "code", params);
    if (!query.community_code.empty()) {
      sql += " AND community_code = ?";
      params.emplace_back(query.community_code);
    }
    if (!query.parent_code.empty()) {
      sql += " AND parent_code = ?";
      params.emplace_back(query.parent_code);
    }
    if (query.status) {
      sql += " AND status = ?";
      params.emplace_back(std::string(grids::GridStatusName(*query.status)));
    }
    if (query.valid_on) {
      sql += " AND valid_from <= ? AND (valid_until IS NULL OR valid_until > ?)";
      params.emplace_back(*query.valid_on);
      params.emplace_back(*query.valid_on);
    }
    if (!query.text.empty()) {
      sql += " AND " + LikeClause("name", query.text, LikeMatch::kContains, params);
    }
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ByText("code"), page,
                      GridFromRow, [](const Grid& grid) { return grid.code; });
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<divisions::DivisionRepository> MakeSqlDivisionRepository(Database& database) {
  return std::make_unique<SqlDivisionRepository>(database);
}

std::unique_ptr<grids::GridRepository> MakeSqlGridRepository(Database& database) {
  return std::make_unique<SqlGridRepository>(database);
}

}  // namespace linli::storage

#include "storage/grids/grid_repository.hpp"

#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using grids::Grid;

Value NullableText(const std::string& text) { return text.empty() ? Value(Null{}) : Value(text); }

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

std::unique_ptr<grids::GridRepository> MakeSqlGridRepository(Database& database) {
  return std::make_unique<SqlGridRepository>(database);
}

}  // namespace linli::storage

#include "storage/care/care_repository.hpp"

#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "storage/access/access_repositories.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/keyset.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using care::Archive;
using care::ComplianceRow;
using care::Need;
using care::Visit;
using care::VisitPhoto;

// People who are no longer there get no visits.
constexpr const char* kGone = "('deceased', 'moved_out')";

// The place's name for people: the community, and the grid when the place is one.
constexpr const char* kPlaceName =
    "COALESCE(d.name, '') || CASE WHEN gr.name IS NULL THEN '' ELSE ' · ' || gr.name END";

std::string FieldsJson(const std::map<std::string, std::string>& fields) {
  boost::json::object object;
  for (const auto& [key, value] : fields) object[key] = value;
  return boost::json::serialize(object);
}

std::map<std::string, std::string> FieldsFrom(const std::string& text) {
  std::map<std::string, std::string> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return out;
  for (const auto& [key, item] : value.as_object()) {
    if (item.is_string()) out[std::string(key)] = std::string(item.as_string());
  }
  return out;
}

std::string FindingsJson(const std::map<std::string, bool>& findings) {
  boost::json::object object;
  for (const auto& [key, value] : findings) object[key] = value;
  return boost::json::serialize(object);
}

std::map<std::string, bool> FindingsFrom(const std::string& text) {
  std::map<std::string, bool> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return out;
  for (const auto& [key, item] : value.as_object()) {
    if (item.is_bool()) out[std::string(key)] = item.as_bool();
  }
  return out;
}

std::optional<int64_t> IdOrNone(const Row& row, size_t i) {
  return row.IsNull(i) ? std::nullopt : std::optional<int64_t>(row.Int(i));
}

const std::string kArchiveColumns =
    std::string("a.id, a.resident_id, r.name, r.status, r.sex, r.birth_date, r.place_code, ") +
    kPlaceName +
    ", a.category, a.status, a.fields, a.opened_on, a.closed_on, a.close_reason, "
    "a.responsible_id, a.responsible_name, a.review_on, a.visit_anchor, a.created_by, "
    "a.created_by_name, a.created_at, a.updated_at, a.synthetic";
constexpr const char* kArchiveFrom =
    " FROM care_archives a JOIN residents r ON r.id = a.resident_id LEFT JOIN divisions d ON "
    "d.code = substr(r.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = r.place_code";

Archive ArchiveFrom(const Row& row) {
  Archive a;
  a.id = row.Int(0);
  a.resident_id = row.Int(1);
  a.resident_name = row.Text(2);
  a.resident_status = row.Text(3);
  a.sex = row.Text(4);
  a.birth_date = row.Text(5);
  a.place_code = row.Text(6);
  a.place_name = row.Text(7);
  a.category = row.Text(8);
  a.status = care::kArchiveStatusNames.From(row.Text(9)).value_or(care::ArchiveStatus::kOpen);
  a.fields = FieldsFrom(row.Text(10));
  a.opened_on = row.Text(11);
  a.closed_on = row.Text(12);
  a.close_reason = row.Text(13);
  a.responsible_id = IdOrNone(row, 14);
  a.responsible_name = row.Text(15);
  a.review_on = row.Text(16);
  a.visit_anchor = static_cast<int>(row.Int(17));
  a.created_by = row.Int(18);
  a.created_by_name = row.Text(19);
  a.created_at = row.Int(20);
  a.updated_at = row.Int(21);
  a.synthetic = row.Int(22) != 0;
  return a;
}

const std::string kVisitColumns =
    std::string(
        "v.id, v.archive_id, v.resident_id, r.name, COALESCE(b.address || ' ' || h.room, ''), "
        "v.category, v.place_code, ") +
    kPlaceName +
    ", v.month, v.assignee_id, v.assignee_name, v.status, v.visited_on, v.mode, v.findings, "
    "v.note, v.late, v.recorded_by, v.recorded_by_name, v.recorded_at, v.synthetic";
constexpr const char* kVisitFrom =
    " FROM care_visits v JOIN residents r ON r.id = v.resident_id LEFT JOIN households h ON h.id "
    "= r.household_id LEFT JOIN buildings b ON b.id = h.building_id LEFT JOIN divisions d ON "
    "d.code = substr(v.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = v.place_code";

Visit VisitFrom(const Row& row) {
  Visit v;
  v.id = row.Int(0);
  v.archive_id = row.Int(1);
  v.resident_id = row.Int(2);
  v.resident_name = row.Text(3);
  v.address = row.Text(4);
  v.category = row.Text(5);
  v.place_code = row.Text(6);
  v.place_name = row.Text(7);
  v.month = row.Text(8);
  v.assignee_id = IdOrNone(row, 9);
  v.assignee_name = row.Text(10);
  v.status = care::kVisitStatusNames.From(row.Text(11)).value_or(care::VisitStatus::kDue);
  v.visited_on = row.Text(12);
  v.mode = care::kVisitModeNames.From(row.Text(13));
  v.findings = FindingsFrom(row.Text(14));
  v.note = row.Text(15);
  v.late = row.Int(16) != 0;
  v.recorded_by = IdOrNone(row, 17);
  v.recorded_by_name = row.Text(18);
  v.recorded_at = row.Int(19);
  v.synthetic = row.Int(20) != 0;
  return v;
}

const std::string kNeedColumns =
    std::string("n.id, n.resident_id, r.name, n.place_code, ") + kPlaceName +
    ", n.visit_id, n.what, n.urgency, n.due_on, n.status, n.assignee_id, n.assignee_name, "
    "n.outcome, n.created_by, n.created_by_name, n.created_at, n.updated_at, n.synthetic, "
    "n.event_id, n.request_id";
constexpr const char* kNeedFrom =
    " FROM care_needs n JOIN residents r ON r.id = n.resident_id LEFT JOIN divisions d ON d.code "
    "= substr(n.place_code, 1, 12) LEFT JOIN grids gr ON gr.code = n.place_code";

Need NeedFrom(const Row& row) {
  Need n;
  n.id = row.Int(0);
  n.resident_id = row.Int(1);
  n.resident_name = row.Text(2);
  n.place_code = row.Text(3);
  n.place_name = row.Text(4);
  n.visit_id = IdOrNone(row, 5);
  n.what = row.Text(6);
  n.urgency = care::kUrgencyNames.From(row.Text(7)).value_or(care::Urgency::kNormal);
  n.due_on = row.Text(8);
  n.status = care::kNeedStatusNames.From(row.Text(9)).value_or(care::NeedStatus::kOpen);
  n.assignee_id = IdOrNone(row, 10);
  n.assignee_name = row.Text(11);
  n.outcome = row.Text(12);
  n.created_by = row.Int(13);
  n.created_by_name = row.Text(14);
  n.created_at = row.Int(15);
  n.updated_at = row.Int(16);
  n.synthetic = row.Int(17) != 0;
  n.event_id = IdOrNone(row, 18);
  n.request_id = IdOrNone(row, 19);
  return n;
}

core::Result<int64_t> InsertNeedIn(Connection& c, const Need& n) {
  ASSIGN_OR_RETURN(
      auto inserted,
      c.Query("INSERT INTO care_needs (resident_id, place_code, visit_id, what, urgency, due_on, "
              "status, created_by, created_by_name, created_at, updated_at, synthetic) VALUES (?, "
              "?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?) RETURNING id",
              {n.resident_id, n.place_code, OptionalInt(n.visit_id), n.what,
               std::string(care::kUrgencyNames.Name(n.urgency)), n.due_on, n.created_by,
               n.created_by_name, n.created_at, n.updated_at, int64_t{n.synthetic ? 1 : 0}}));
  return inserted.rows.at(0).Int(0);
}

class SqlCareRepository final : public care::CareRepository {
 public:
  SqlCareRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Archive> InsertArchive(const Archive& a, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto result = InTransaction<Archive>(*connection, [&](Connection& c) -> core::Result<Archive> {
      ASSIGN_OR_RETURN(
          auto existing,
          c.Query("SELECT id FROM care_archives WHERE resident_id = ? AND category = ? AND status "
                  "= 'open'",
                  {a.resident_id, a.category}));
      if (!existing.rows.empty()) {
        return core::Error::AlreadyExists("此人已有该类别的在档档案", "category");
      }
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO care_archives (resident_id, category, status, fields, opened_on, "
                  "responsible_id, responsible_name, review_on, visit_anchor, created_by, "
                  "created_by_name, created_at, updated_at, synthetic) VALUES (?, ?, 'open', ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {a.resident_id, a.category, FieldsJson(a.fields), a.opened_on,
                   OptionalInt(a.responsible_id), a.responsible_name, a.review_on,
                   int64_t{a.visit_anchor}, a.created_by, a.created_by_name, a.created_at,
                   a.updated_at, int64_t{a.synthetic ? 1 : 0}}));
      Archive stored = a;
      stored.id = inserted.rows.at(0).Int(0);
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
    if (!result.ok() && result.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error::AlreadyExists("此人已有该类别的在档档案", "category");
    }
    return result;
  }

  core::Status UpdateArchive(const Archive& a, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(
          c.Query("UPDATE care_archives SET fields = ?, responsible_id = ?, responsible_name = ?, "
                  "review_on = ?, updated_at = ? WHERE id = ?",
                  {FieldsJson(a.fields), OptionalInt(a.responsible_id), a.responsible_name,
                   a.review_on, a.updated_at, a.id}));
      TRY(AppendAuditIn(c, *keys_, entry));
      return core::Ok();
    });
  }

  core::Result<bool> CloseArchive(int64_t id, std::string_view closed_on, std::string_view reason,
                                  int64_t at, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto updated,
                       c.Query("UPDATE care_archives SET status = 'closed', closed_on = ?, "
                               "close_reason = ?, updated_at = ? WHERE id = ? AND status = 'open' "
                               "RETURNING id",
                               {std::string(closed_on), std::string(reason), at, id}));
      if (updated.rows.empty()) return false;
      TRY(
          c.Query("UPDATE care_visits SET status = 'cancelled' WHERE archive_id = ? AND status = "
                  "'due'",
                  {id}));
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<std::optional<Archive>> FindArchive(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, "SELECT " + kArchiveColumns + kArchiveFrom + " WHERE a.id = ?",
                          {id}, scope, "r.place_code", ArchiveFrom);
  }

  core::Result<core::Page<Archive>> ListArchives(const care::ArchiveQuery& query,
                                                 const core::Scope& scope) override {
    std::vector<Value> params;
    // Each clause appends its parameters: one statement each, in the order of the text.
    std::string sql = "SELECT " + kArchiveColumns + kArchiveFrom + " WHERE " +
                      ScopeClause(scope, "r.place_code", params);
    sql += " AND " + InClause("a.category", query.categories, params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "r.place_code", params);
    }
    if (query.status) {
      sql += " AND a.status = ?";
      params.emplace_back(std::string(care::kArchiveStatusNames.Name(*query.status)));
    }
    if (query.resident_id) {
      sql += " AND a.resident_id = ?";
      params.emplace_back(*query.resident_id);
    }
    if (!query.name.empty()) {
      sql += " AND substr(r.name, 1, length(?)) = ?";
      params.emplace_back(query.name);
      params.emplace_back(query.name);
    }
    if (query.deceased_only) sql += " AND a.status = 'open' AND r.status = 'deceased'";
    return KeysetPage(database_, std::move(sql), std::move(params), Keyset::ById("a.id"),
                      query.page, ArchiveFrom, [](const Archive& a) { return a.id; });
  }

  core::Result<std::vector<std::pair<int64_t, std::string>>> OpenArchivesOf(
      const std::vector<int64_t>& resident_ids) override {
    std::vector<std::pair<int64_t, std::string>> out;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    // In slices, so that a large import stays within the engines' parameter limits.
    constexpr size_t kSlice = 500;
    for (size_t from = 0; from < resident_ids.size(); from += kSlice) {
      std::vector<Value> params;
      std::string sql =
          "SELECT resident_id, category FROM care_archives WHERE status = 'open' AND resident_id "
          "IN (";
      for (size_t i = from; i < std::min(resident_ids.size(), from + kSlice); ++i) {
        sql += params.empty() ? "?" : ", ?";
        params.emplace_back(resident_ids[i]);
      }
      sql += ")";
      ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
      for (const auto& row : result.rows) out.emplace_back(row.Int(0), row.Text(1));
    }
    return out;
  }

  core::Result<int64_t> InsertArchives(const std::vector<Archive>& archives,
                                       const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto written = InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      ASSIGN_OR_RETURN(
          int64_t count,
          InsertRows(
              c,
              "care_archives (resident_id, category, status, fields, opened_on, responsible_id, "
              "responsible_name, review_on, visit_anchor, created_by, created_by_name, "
              "created_at, updated_at, synthetic)",
              14, archives.size(),
              [&](size_t i, std::vector<Value>& out) {
                const Archive& a = archives[i];
                out.emplace_back(a.resident_id);
                out.emplace_back(a.category);
                out.emplace_back(std::string("open"));
                out.emplace_back(FieldsJson(a.fields));
                out.emplace_back(a.opened_on);
                out.emplace_back(OptionalInt(a.responsible_id));
                out.emplace_back(a.responsible_name);
                out.emplace_back(a.review_on);
                out.emplace_back(int64_t{a.visit_anchor});
                out.emplace_back(a.created_by);
                out.emplace_back(a.created_by_name);
                out.emplace_back(a.created_at);
                out.emplace_back(a.updated_at);
                out.emplace_back(int64_t{a.synthetic ? 1 : 0});
              },
              ""));
      TRY(AppendAuditIn(c, *keys_, entry));
      return count;
    });
    if (!written.ok() && written.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error::AlreadyExists("导入期间有人为其中的居民建立了同类档案，请重新导入",
                                        "category");
    }
    return written;
  }

  core::Result<std::optional<std::pair<std::string, std::string>>> ResidentPlace(
      int64_t resident_id, const core::Scope& scope) override {
    return FindOneInScope(
        database_,
        std::string("SELECT r.place_code, r.name FROM residents r WHERE r.status NOT IN ") + kGone +
            " AND r.id = ?",
        {resident_id}, scope, "r.place_code",
        [](const Row& row) { return std::make_pair(row.Text(0), row.Text(1)); });
  }

  core::Result<int64_t> PlanVisits(std::string_view month,
                                   const std::vector<care::Category>& categories,
                                   int64_t now) override {
    const auto index = care::MonthIndex(month);
    if (!index) return core::Error::InvalidArgument("month 应为 YYYY-MM 格式", "month");
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      int64_t planned = 0;
      for (const auto& category : categories) {
        if (category.visit_every_months <= 0) continue;
        // The grid worker of the person's grid (the first such account) visits by default.
        ASSIGN_OR_RETURN(
            auto inserted,
            c.Query(std::string(
                        "INSERT INTO care_visits (archive_id, resident_id, category, place_code, "
                        "month, assignee_id, assignee_name, status, created_at, synthetic) SELECT "
                        "a.id, a.resident_id, a.category, r.place_code, ?, w.account_id, "
                        "COALESCE(ac.display_name, ''), 'due', ?, a.synthetic FROM care_archives a "
                        "JOIN residents r ON r.id = a.resident_id LEFT JOIN (SELECT g.scope_code, "
                        "MIN(g.account_id) AS account_id FROM account_grants g JOIN accounts x ON "
                        "x.id = g.account_id WHERE g.role = 'grid_worker' AND x.disabled = 0 GROUP "
                        "BY g.scope_code) w ON w.scope_code = r.grid_code AND r.grid_code <> '' "
                        "LEFT JOIN accounts ac ON ac.id = w.account_id WHERE a.status = 'open' AND "
                        "a.category = ? AND a.visit_anchor <= ? AND (? - a.visit_anchor) % ? = 0 "
                        "AND r.status NOT IN ") +
                        kGone + " ON CONFLICT DO NOTHING",
                    {std::string(month), now, category.code, int64_t{*index}, int64_t{*index},
                     int64_t{category.visit_every_months}}));
        planned += inserted.affected_rows;
      }
      // People who died or left since the plan was made are not visited.
      TRY(c.Query(std::string("UPDATE care_visits SET status = 'cancelled' WHERE month = ? AND "
                              "status = 'due' AND resident_id IN (SELECT id FROM residents WHERE "
                              "status IN ") +
                      kGone + ")",
                  {std::string(month)}));
      return planned;
    });
  }

  core::Result<std::vector<std::pair<std::string, int64_t>>> MarkMissed(std::string_view month,
                                                                        int64_t) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    using Out = std::vector<std::pair<std::string, int64_t>>;
    return InTransaction<Out>(*connection, [&](Connection& c) -> core::Result<Out> {
      ASSIGN_OR_RETURN(auto counts,
                       c.Query("SELECT substr(place_code, 1, 12), COUNT(*) FROM care_visits WHERE "
                               "month = ? AND status = 'due' GROUP BY substr(place_code, 1, 12) "
                               "ORDER BY 1",
                               {std::string(month)}));
      TRY(c.Query("UPDATE care_visits SET status = 'missed' WHERE month = ? AND status = 'due'",
                  {std::string(month)}));
      Out out;
      for (const auto& row : counts.rows) out.emplace_back(row.Text(0), row.Int(1));
      return out;
    });
  }

  core::Result<std::optional<Visit>> FindVisit(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, "SELECT " + kVisitColumns + kVisitFrom + " WHERE v.id = ?",
                          {id}, scope, "v.place_code", VisitFrom);
  }

  core::Result<core::Page<Visit>> ListVisits(const care::VisitQuery& query,
                                             const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + kVisitColumns + kVisitFrom + " WHERE " +
                      ScopeClause(scope, "v.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "v.place_code", params);
    }
    if (!query.categories.empty())
      sql += " AND " + InClause("v.category", query.categories, params);
    if (!query.month.empty()) {
      sql += " AND v.month = ?";
      params.emplace_back(query.month);
    }
    if (query.assignee_id) {
      sql += " AND v.assignee_id = ?";
      params.emplace_back(*query.assignee_id);
    }
    if (query.status) {
      sql += " AND v.status = ?";
      params.emplace_back(std::string(care::kVisitStatusNames.Name(*query.status)));
    }
    if (query.archive_id) {
      sql += " AND v.archive_id = ?";
      params.emplace_back(*query.archive_id);
    }
    // The month's list in (place, id) order, the (month, place_code) index's; an archive's
    // visits newest first (one a month, so the month alone orders them).
    const Keyset keyset = query.archive_id
                              ? Keyset::ByTextThenId("v.month", SortOrder::kDescending, "v.id")
                              : Keyset::ByTextThenId("v.place_code", SortOrder::kAscending, "v.id");
    const bool by_month = query.archive_id.has_value();
    return KeysetPage(database_, std::move(sql), std::move(params), keyset, query.page, VisitFrom,
                      [by_month](const Visit& v) {
                        return core::TextIdKey{by_month ? v.month : v.place_code, v.id};
                      });
  }

  core::Result<std::optional<VisitPhoto>> InsertVisitPhoto(
      const VisitPhoto& photo, int max_photos, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<std::optional<VisitPhoto>>(
        *connection, [&](Connection& c) -> core::Result<std::optional<VisitPhoto>> {
          // Counted inside the transaction that inserts, so two uploads at once cannot both take
          // the last place (PostgreSQL: the visit's row lock queues them; SQLite: one writer).
          if (c.dialect() == Dialect::kPostgres) {
            TRY(c.Query("SELECT id FROM care_visits WHERE id = ? FOR UPDATE", {photo.visit_id}));
          }
          ASSIGN_OR_RETURN(auto count,
                           c.Query("SELECT COUNT(*) FROM care_visit_photos WHERE visit_id = ?",
                                   {photo.visit_id}));
          if (count.rows.at(0).Int(0) >= max_photos) return std::optional<VisitPhoto>();
          VisitPhoto stored = photo;
          ASSIGN_OR_RETURN(
              auto inserted,
              c.Query("INSERT INTO care_visit_photos (visit_id, content_type, byte_size, "
                      "storage_name, created_by, created_by_name, created_at) VALUES (?, ?, ?, ?, "
                      "?, ?, ?) RETURNING id",
                      {photo.visit_id, photo.content_type, photo.byte_size, photo.storage_name,
                       photo.created_by, photo.created_by_name, photo.created_at}));
          stored.id = inserted.rows.at(0).Int(0);
          TRY(AppendAuditIn(c, *keys_, entry));
          return std::optional<VisitPhoto>(std::move(stored));
        });
  }

  core::Result<std::vector<VisitPhoto>> ListVisitPhotos(int64_t visit_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT id, visit_id, content_type, byte_size, storage_name, created_by, "
                          "created_by_name, created_at FROM care_visit_photos WHERE visit_id = ? "
                          "ORDER BY id",
                          {visit_id}));
    std::vector<VisitPhoto> out;
    for (const auto& row : result.rows) {
      out.push_back(VisitPhoto{row.Int(0), row.Int(1), row.Text(2), row.Int(3), row.Text(4),
                               row.Int(5), row.Text(6), row.Int(7)});
    }
    return out;
  }

  core::Result<std::optional<std::vector<int64_t>>> RecordVisit(
      const Visit& v, const std::vector<Need>& needs, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    using Out = std::optional<std::vector<int64_t>>;
    return InTransaction<Out>(*connection, [&](Connection& c) -> core::Result<Out> {
      ASSIGN_OR_RETURN(
          auto updated,
          c.Query("UPDATE care_visits SET status = 'done', visited_on = ?, mode = ?, findings = ?, "
                  "note = ?, late = ?, recorded_by = ?, recorded_by_name = ?, recorded_at = ? "
                  "WHERE id = ? AND status IN ('due', 'missed') RETURNING id",
                  {v.visited_on, std::string(v.mode ? care::kVisitModeNames.Name(*v.mode) : ""),
                   FindingsJson(v.findings), v.note, int64_t{v.late ? 1 : 0},
                   OptionalInt(v.recorded_by), v.recorded_by_name, v.recorded_at, v.id}));
      if (updated.rows.empty()) return Out();
      std::vector<int64_t> ids;
      for (const auto& need : needs) {
        ASSIGN_OR_RETURN(int64_t id, InsertNeedIn(c, need));
        ids.push_back(id);
      }
      TRY(AppendAuditIn(c, *keys_, entry));
      return Out(std::move(ids));
    });
  }

  core::Status AssignVisit(int64_t id, std::optional<int64_t> assignee_id,
                           std::string_view assignee_name,
                           const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query("UPDATE care_visits SET assignee_id = ?, assignee_name = ? WHERE id = ?",
                  {OptionalInt(assignee_id), std::string(assignee_name), id}));
      TRY(AppendAuditIn(c, *keys_, entry));
      return core::Ok();
    });
  }

  core::Result<std::vector<ComplianceRow>> Compliance(std::string_view month,
                                                      const std::string& place_prefix,
                                                      size_t group_length, bool by_worker,
                                                      const std::vector<std::string>& categories,
                                                      const core::Scope& scope) override {
    std::vector<Value> params;
    const std::string key = by_worker
                                ? std::string("CAST(COALESCE(v.assignee_id, 0) AS TEXT)")
                                : "substr(v.place_code, 1, " + std::to_string(group_length) + ")";
    std::string inner =
        "SELECT " + key +
        " AS k, MAX(v.assignee_name) AS worker, SUM(CASE WHEN v.status <> 'cancelled' THEN 1 "
        "ELSE 0 END) AS planned, SUM(CASE WHEN v.status = 'done' AND v.late = 0 THEN 1 ELSE 0 "
        "END) AS on_time, SUM(CASE WHEN v.status = 'done' AND v.late = 1 THEN 1 ELSE 0 END) AS "
        "late, SUM(CASE WHEN v.status = 'missed' THEN 1 ELSE 0 END) AS missed, SUM(CASE WHEN "
        "v.status = 'due' THEN 1 ELSE 0 END) AS due FROM care_visits v WHERE v.month = ?";
    params.emplace_back(std::string(month));
    inner += " AND " + ScopeClause(scope, "v.place_code", params);
    inner += " AND " + ScopeClause(core::Scope::Of({place_prefix}), "v.place_code", params);
    inner += " AND " + InClause("v.category", categories, params);
    inner += " GROUP BY " + key;
    const std::string sql =
        "SELECT x.k, " + std::string(by_worker ? "x.worker" : "COALESCE(gr.name, d.name, '')") +
        ", x.planned, x.on_time, x.late, x.missed, x.due FROM (" + inner +
        ") x LEFT JOIN divisions d ON d.code = x.k LEFT JOIN grids gr ON gr.code = x.k ORDER BY "
        "x.k";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<ComplianceRow> out;
    for (const auto& row : result.rows) {
      ComplianceRow item;
      item.key = row.Text(0) == "0" ? "" : row.Text(0);
      item.name = row.Text(1);
      item.counts = {row.Int(2), row.Int(3), row.Int(4), row.Int(5), row.Int(6)};
      out.push_back(std::move(item));
    }
    return out;
  }

  core::Result<std::vector<care::MonthlyVisitFigures>> MonthlyFigures(
      std::string_view month, const std::vector<std::string>& categories) override {
    std::vector<care::MonthlyVisitFigures> out;
    if (categories.empty()) return out;
    std::vector<Value> params = {std::string(month)};
    const std::string sql =
        "SELECT substr(place_code, 1, 12), SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 "
        "END), SUM(CASE WHEN status = 'done' AND late = 0 THEN 1 ELSE 0 END) FROM care_visits "
        "WHERE month = ? AND " +
        InClause("category", categories, params) + " GROUP BY substr(place_code, 1, 12) ORDER BY 1";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    for (const auto& row : result.rows) {
      out.push_back({row.Text(0), row.Int(1), row.Int(2)});
    }
    return out;
  }

  core::Result<Need> InsertNeed(const Need& need, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Need>(*connection, [&](Connection& c) -> core::Result<Need> {
      Need stored = need;
      ASSIGN_OR_RETURN(stored.id, InsertNeedIn(c, need));
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<std::optional<Need>> FindNeed(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_, "SELECT " + kNeedColumns + kNeedFrom + " WHERE n.id = ?", {id},
                          scope, "n.place_code", NeedFrom);
  }

  core::Result<std::vector<Need>> ListNeeds(const care::NeedQuery& query,
                                            const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + kNeedColumns + kNeedFrom + " WHERE " +
                      ScopeClause(scope, "n.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "n.place_code", params);
    }
    if (query.status) {
      sql += " AND n.status = ?";
      params.emplace_back(std::string(care::kNeedStatusNames.Name(*query.status)));
    }
    if (query.assignee_id) {
      sql += " AND n.assignee_id = ?";
      params.emplace_back(*query.assignee_id);
    }
    if (query.visit_id) {
      sql += " AND n.visit_id = ?";
      params.emplace_back(*query.visit_id);
    }
    if (query.referred) sql += " AND (n.event_id IS NOT NULL OR n.request_id IS NOT NULL)";
    if (query.below_id) {
      sql += " AND n.id < ?";
      params.emplace_back(*query.below_id);
    }
    sql += query.referred
               ? " ORDER BY n.id DESC"
               : " ORDER BY CASE n.urgency WHEN 'urgent' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, "
                 "n.id DESC";
    sql += " LIMIT " + std::to_string(query.limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Need> out;
    for (const auto& row : result.rows) out.push_back(NeedFrom(row));
    return out;
  }

  core::Status UpdateNeed(const Need& n, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(
          c.Query("UPDATE care_needs SET status = ?, assignee_id = ?, assignee_name = ?, outcome = "
                  "?, event_id = ?, request_id = ?, updated_at = ? WHERE id = ?",
                  {std::string(care::kNeedStatusNames.Name(n.status)), OptionalInt(n.assignee_id),
                   n.assignee_name, n.outcome, OptionalInt(n.event_id), OptionalInt(n.request_id),
                   n.updated_at, n.id}));
      TRY(AppendAuditIn(c, *keys_, entry));
      return core::Ok();
    });
  }

  core::Result<std::optional<std::string>> WorkerAt(int64_t account_id,
                                                    std::string_view place_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "SELECT a.display_name FROM accounts a JOIN account_grants g ON g.account_id = a.id "
            "WHERE a.id = ? AND a.disabled = 0 AND g.role IN ('community_worker', 'grid_worker', "
            "'town_official', 'county_official') AND substr(?, 1, length(g.scope_code)) = "
            "g.scope_code LIMIT 1",
            {account_id, std::string(place_code)}));
    if (result.rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(result.rows[0].Text(0));
  }

  core::Result<std::vector<int64_t>> AccountsWithGrant(access::Role role,
                                                       std::string_view scope_code) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return AccountsWithGrantIn(*connection, role, scope_code);
  }

  core::Result<int64_t> OpenFromTags(const std::vector<std::string>& communities,
                                     const std::vector<care::Category>& categories,
                                     std::string_view opened_on, bool synthetic, int64_t now,
                                     const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    const auto anchor = care::MonthIndex(opened_on);
    if (!anchor) return core::Error::InvalidArgument("opened_on 应为日期", "opened_on");
    if (communities.empty()) return int64_t{0};
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      int64_t written = 0;
      for (const auto& category : categories) {
        // Only the categories visited by rule: the health flags are counts, not caseloads.
        if (category.tag.empty() || category.visit_every_months <= 0) continue;
        // Required choices start at their first option; a disability's type and grade come from
        // the registry's tag.
        std::map<std::string, std::string> defaults;
        for (const auto& field : category.fields) {
          if (field.required && !field.options.empty()) defaults[field.key] = field.options[0];
        }
        const std::string review = care::MonthOfIndex(*anchor + category.review_months) + "-01";
        // Parameters in statement order: category, fields (unless computed from the tag), the
        // dates and stamps, the tag, the date the tag must still hold on, the communities.
        std::vector<Value> params = {category.code};
        std::string fields = "?";
        if (category.tag == "disability") {
          fields =
              "'{\"type\":\"' || t.subcategory || '\",\"grade\":\"' || CASE t.grade WHEN 1 THEN "
              "'一级' WHEN 2 THEN '二级' WHEN 3 THEN '三级' ELSE '四级' END || '\"}'";
        } else {
          params.emplace_back(FieldsJson(defaults));
        }
        for (Value value :
             std::vector<Value>{std::string(opened_on), review, int64_t{*anchor}, now, now,
                                int64_t{synthetic ? 1 : 0}, category.tag, std::string(opened_on)}) {
          params.push_back(std::move(value));
        }
        std::string sql =
            "INSERT INTO care_archives (resident_id, category, status, fields, opened_on, "
            "review_on, visit_anchor, created_by, created_by_name, created_at, updated_at, "
            "synthetic) SELECT t.resident_id, ?, 'open', " +
            fields +
            ", ?, ?, ?, 0, 'system', ?, ?, ? FROM resident_tags t JOIN residents r ON r.id = "
            "t.resident_id WHERE t.tag_code = ? AND (t.valid_until IS NULL OR t.valid_until > ?) "
            "AND r.status NOT IN " +
            kGone + " AND " + InClause("substr(t.place_code, 1, 12)", communities, params) +
            " ON CONFLICT DO NOTHING";
        ASSIGN_OR_RETURN(auto inserted, c.Query(sql, params));
        written += inserted.affected_rows;
      }
      if (written > 0) TRY(AppendAuditIn(c, *keys_, entry));
      return written;
    });
  }

  core::Result<int64_t> SettleSyntheticMonth(std::string_view month, uint64_t seed,
                                             double done_share, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    // A fixed draw per visit id: the same seed settles the same visits on either engine.
    ASSIGN_OR_RETURN(
        auto updated,
        connection->Query(
            "UPDATE care_visits SET status = 'done', visited_on = month || '-' || CAST(10 + id % "
            "18 AS TEXT), mode = CASE WHEN id % 10 = 0 THEN 'phone' ELSE 'in_person' END, "
            "recorded_by = assignee_id, recorded_by_name = assignee_name, recorded_at = ? WHERE "
            "month = ? AND status = 'due' AND synthetic = 1 AND (id * 7919 + ?) % 1000 < ?",
            {now, std::string(month), static_cast<int64_t>(seed % 1000003),
             static_cast<int64_t>(done_share * 1000)}));
    return updated.affected_rows;
  }

 private:
  core::Status NeedKeys() const {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    return core::Ok();
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<care::CareRepository> MakeSqlCareRepository(Database& database,
                                                            const crypto::KeyRing* keys) {
  return std::make_unique<SqlCareRepository>(database, keys);
}

}  // namespace linli::storage

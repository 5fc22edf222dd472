#include "storage/social_orgs/social_org_repository.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"

namespace linli::storage {

namespace {

using social_orgs::ActiveMonths;
using social_orgs::Activity;
using social_orgs::Organisation;
using social_orgs::OrganisationQuery;
using social_orgs::OrgStatus;

// The columns of an organisation; the last, the months with an activity since `?` (the first
// parameter of every statement reading them).
constexpr const char* kColumns =
    "o.id, o.name, o.category, o.status, o.registered_as, o.credit_code, o.filing_number, "
    "o.place_code, COALESCE(d.name, ''), o.contact_name, o.contact_phone, o.founded_on, "
    "o.deregistered_on, o.deregister_reason, o.note, o.created_by, o.created_at, o.updated_at, "
    "o.synthetic, (SELECT COUNT(DISTINCT SUBSTR(a.held_on, 1, 7)) FROM social_org_activities a "
    "WHERE a.organisation_id = o.id AND a.held_on >= ?), (SELECT COALESCE(MAX(a.held_on), '') "
    "FROM social_org_activities a WHERE a.organisation_id = o.id)";
constexpr const char* kFrom = " FROM social_orgs o LEFT JOIN divisions d ON d.code = o.place_code";

std::string StatusName(OrgStatus status) {
  return std::string(social_orgs::kOrgStatusNames.Name(status));
}

Organisation FromRow(const Row& row) {
  Organisation o;
  o.id = row.Int(0);
  o.name = row.Text(1);
  o.category = row.Text(2);
  o.status = social_orgs::kOrgStatusNames.From(row.Text(3)).value_or(OrgStatus::kRegistered);
  o.registered_as = social_orgs::kOrgStatusNames.From(row.Text(4)).value_or(OrgStatus::kRegistered);
  o.credit_code = row.Text(5);
  o.filing_number = row.Text(6);
  o.place_code = row.Text(7);
  o.place_name = row.Text(8);
  o.contact_name = row.Text(9);
  o.contact_phone = row.Text(10);
  o.founded_on = row.Text(11);
  o.deregistered_on = row.Text(12);
  o.deregister_reason = row.Text(13);
  o.note = row.Text(14);
  o.created_by = row.Int(15);
  o.created_at = row.Int(16);
  o.updated_at = row.Int(17);
  o.synthetic = row.Int(18) != 0;
  o.active_months = row.Int(19);
  o.last_activity_on = row.Text(20);
  return o;
}

constexpr const char* kActivityColumns =
    "a.id, a.organisation_id, COALESCE(o.name, ''), a.title, a.held_on, a.place_code, "
    "COALESCE(d.name, ''), a.served, a.note, a.recorded_by, a.recorded_by_name, a.recorded_at, "
    "a.synthetic FROM social_org_activities a LEFT JOIN social_orgs o ON o.id = "
    "a.organisation_id LEFT JOIN divisions d ON d.code = a.place_code";

Activity ActivityFromRow(const Row& row) {
  Activity a;
  a.id = row.Int(0);
  a.organisation_id = row.Int(1);
  a.organisation_name = row.Text(2);
  a.title = row.Text(3);
  a.held_on = row.Text(4);
  a.place_code = row.Text(5);
  a.place_name = row.Text(6);
  a.served = row.Int(7);
  a.note = row.Text(8);
  a.recorded_by = row.Int(9);
  a.recorded_by_name = row.Text(10);
  a.recorded_at = row.Int(11);
  a.synthetic = row.Int(12) != 0;
  return a;
}

core::Status WriteAreas(Connection& c, int64_t id, const std::vector<std::string>& areas) {
  TRY(c.Query("DELETE FROM social_org_areas WHERE organisation_id = ?", {id}));
  for (const auto& code : areas) {
    TRY(c.Query("INSERT INTO social_org_areas (organisation_id, code) VALUES (?, ?)", {id, code}));
  }
  return core::Ok();
}

core::Status LoadAreas(Connection& c, std::vector<Organisation>& list) {
  if (list.empty()) return core::Ok();
  std::map<int64_t, Organisation*> by_id;
  std::vector<Value> params;
  std::string sql = "SELECT organisation_id, code FROM social_org_areas WHERE organisation_id IN (";
  for (auto& o : list) {
    sql += params.empty() ? "?" : ",?";
    params.emplace_back(o.id);
    by_id[o.id] = &o;
  }
  sql += ") ORDER BY organisation_id, code";
  ASSIGN_OR_RETURN(auto result, c.Query(sql, params));
  for (const auto& row : result.rows) {
    const auto it = by_id.find(row.Int(0));
    if (it != by_id.end()) it->second->areas.push_back(row.Text(1));
  }
  return core::Ok();
}

class SqlOrganisationRepository final : public social_orgs::OrganisationRepository {
 public:
  SqlOrganisationRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Organisation> Insert(const Organisation& o,
                                    const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Organisation>(
        *connection, [&](Connection& c) -> core::Result<Organisation> {
          ASSIGN_OR_RETURN(
              auto inserted,
              c.Query(
                  "INSERT INTO social_orgs (name, category, status, registered_as, "
                  "credit_code, filing_number, place_code, contact_name, contact_phone, "
                  "founded_on, deregistered_on, deregister_reason, note, created_by, "
                  "created_at, updated_at, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {o.name, o.category, StatusName(o.status), StatusName(o.registered_as),
                   o.credit_code, o.filing_number, o.place_code, o.contact_name, o.contact_phone,
                   o.founded_on, o.deregistered_on, o.deregister_reason, o.note, o.created_by,
                   o.created_at, o.updated_at, int64_t{o.synthetic ? 1 : 0}}));
          Organisation stored = o;
          stored.id = inserted.rows.at(0).Int(0);
          TRY(WriteAreas(c, stored.id, o.areas));
          audit::AuditEntry audited = entry;
          audited.subject_id = std::to_string(stored.id);
          TRY(AppendAuditIn(c, *keys_, audited));
          return stored;
        });
  }

  core::Status Update(const Organisation& o, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query(
          "UPDATE social_orgs SET name = ?, category = ?, status = ?, registered_as = ?, "
          "credit_code = ?, filing_number = ?, place_code = ?, contact_name = ?, "
          "contact_phone = ?, founded_on = ?, deregistered_on = ?, deregister_reason = ?, "
          "note = ?, updated_at = ? WHERE id = ?",
          {o.name, o.category, StatusName(o.status), StatusName(o.registered_as), o.credit_code,
           o.filing_number, o.place_code, o.contact_name, o.contact_phone, o.founded_on,
           o.deregistered_on, o.deregister_reason, o.note, o.updated_at, o.id}));
      TRY(WriteAreas(c, o.id, o.areas));
      TRY(AppendAuditIn(c, *keys_, entry));
      return core::Ok();
    });
  }

  core::Result<std::optional<Organisation>> Find(int64_t id, const core::Scope& scope,
                                                 std::string_view active_since) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto row,
        FindRowInScope(*connection, std::string("SELECT ") + kColumns + kFrom + " WHERE o.id = ?",
                       {std::string(active_since), id}, scope, "o.place_code"));
    if (!row) return std::optional<Organisation>();
    std::vector<Organisation> one = {FromRow(*row)};
    TRY(LoadAreas(*connection, one));
    return std::optional<Organisation>(std::move(one.front()));
  }

  core::Result<std::vector<Organisation>> List(const OrganisationQuery& query,
                                               const core::Scope& scope) override {
    std::vector<Value> params = {query.active_since};
    std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE " +
                      ScopeClause(scope, "o.place_code", params);
    if (!query.place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({query.place_prefix}), "o.place_code", params);
    }
    if (!query.category.empty()) {
      sql += " AND o.category = ?";
      params.emplace_back(query.category);
    }
    if (query.status) {
      sql += " AND o.status = ?";
      params.emplace_back(StatusName(*query.status));
    }
    if (query.organisation_id) {
      sql += " AND o.id = ?";
      params.emplace_back(*query.organisation_id);
    }
    if (!query.name_contains.empty()) {
      sql += " AND " + LikeClause("o.name", query.name_contains, LikeMatch::kContains, params);
    }
    sql += " ORDER BY o.place_code, o.name, o.id LIMIT " + std::to_string(query.limit);
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<Organisation> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(FromRow(row));
    TRY(LoadAreas(*connection, out));
    return out;
  }

  core::Result<bool> NameTaken(std::string_view place_code, std::string_view name,
                               int64_t except) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id FROM social_orgs WHERE place_code "
                                       "= ? AND name = ? AND id <> ?",
                                       {std::string(place_code), std::string(name), except}));
    return !result.rows.empty();
  }

  core::Result<Activity> InsertActivity(const Activity& a,
                                        const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Activity>(*connection, [&](Connection& c) -> core::Result<Activity> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query(
              "INSERT INTO social_org_activities (organisation_id, title, held_on, "
              "place_code, served, note, recorded_by, recorded_by_name, recorded_at, "
              "synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {a.organisation_id, a.title, a.held_on, a.place_code, a.served, a.note, a.recorded_by,
               a.recorded_by_name, a.recorded_at, int64_t{a.synthetic ? 1 : 0}}));
      Activity stored = a;
      stored.id = inserted.rows.at(0).Int(0);
      ASSIGN_OR_RETURN(auto name, c.Query("SELECT COALESCE(name, '') FROM divisions WHERE code = ?",
                                          {a.place_code}));
      if (!name.rows.empty()) stored.place_name = name.rows[0].Text(0);
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<std::vector<Activity>> Activities(int64_t organisation_id, size_t limit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string("SELECT ") + kActivityColumns +
                                           " WHERE a.organisation_id = ? ORDER BY a.held_on "
                                           "DESC, a.id DESC LIMIT " +
                                           std::to_string(limit),
                                       {organisation_id}));
    std::vector<Activity> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(ActivityFromRow(row));
    return out;
  }

  core::Result<std::vector<ActiveMonths>> MonthsActive(std::string_view from,
                                                       std::string_view to) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "SELECT o.id, o.place_code, m.month FROM social_orgs o JOIN (SELECT DISTINCT "
            "organisation_id, SUBSTR(held_on, 1, 7) AS month FROM social_org_activities WHERE "
            "held_on >= ? AND held_on <= ?) m ON m.organisation_id = o.id WHERE o.founded_on <= "
            "? AND (o.deregistered_on = '' OR o.deregistered_on > ?) ORDER BY o.id, m.month",
            {std::string(from), std::string(to), std::string(to), std::string(to)}));
    std::vector<ActiveMonths> out;
    for (const auto& row : result.rows) {
      if (out.empty() || out.back().organisation_id != row.Int(0)) {
        out.push_back({row.Int(0), row.Text(1), {}});
      }
      out.back().months.push_back(row.Text(2));
    }
    return out;
  }

  core::Result<int64_t> InsertMany(const std::vector<Organisation>& list,
                                   const std::vector<Activity>& activities,
                                   const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      ASSIGN_OR_RETURN(auto ids, ReserveIds(c, "social_orgs", list.size()));
      ASSIGN_OR_RETURN(
          int64_t written,
          InsertRows(
              c,
              "social_orgs (id, name, category, status, registered_as, credit_code, "
              "filing_number, place_code, contact_name, contact_phone, founded_on, "
              "deregistered_on, deregister_reason, note, created_by, created_at, updated_at, "
              "synthetic)",
              18, list.size(), [&](size_t i, std::vector<Value>& out) {
                const Organisation& o = list[i];
                out.emplace_back(ids[i]);
                out.emplace_back(o.name);
                out.emplace_back(o.category);
                out.emplace_back(StatusName(o.status));
                out.emplace_back(StatusName(o.registered_as));
                out.emplace_back(o.credit_code);
                out.emplace_back(o.filing_number);
                out.emplace_back(o.place_code);
                out.emplace_back(o.contact_name);
                out.emplace_back(o.contact_phone);
                out.emplace_back(o.founded_on);
                out.emplace_back(o.deregistered_on);
                out.emplace_back(o.deregister_reason);
                out.emplace_back(o.note);
                out.emplace_back(o.created_by);
                out.emplace_back(o.created_at);
                out.emplace_back(o.updated_at);
                out.emplace_back(int64_t{o.synthetic ? 1 : 0});
              }));
      std::vector<std::pair<int64_t, std::string>> areas;
      for (size_t i = 0; i < list.size(); ++i) {
        for (const auto& code : list[i].areas) areas.emplace_back(ids[i], code);
      }
      TRY(InsertRows(c, "social_org_areas (organisation_id, code)", 2, areas.size(),
                     [&](size_t i, std::vector<Value>& out) {
                       out.emplace_back(areas[i].first);
                       out.emplace_back(areas[i].second);
                     }));
      TRY(InsertRows(c,
                     "social_org_activities (organisation_id, title, held_on, place_code, "
                     "served, note, recorded_by, recorded_by_name, recorded_at, synthetic)",
                     10, activities.size(), [&](size_t i, std::vector<Value>& out) {
                       const Activity& a = activities[i];
                       out.emplace_back(ids.at(static_cast<size_t>(a.organisation_id)));
                       out.emplace_back(a.title);
                       out.emplace_back(a.held_on);
                       out.emplace_back(a.place_code);
                       out.emplace_back(a.served);
                       out.emplace_back(a.note);
                       out.emplace_back(a.recorded_by);
                       out.emplace_back(a.recorded_by_name);
                       out.emplace_back(a.recorded_at);
                       out.emplace_back(int64_t{a.synthetic ? 1 : 0});
                     }));
      TRY(AppendAuditIn(c, *keys_, entry));
      return written;
    });
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

std::unique_ptr<social_orgs::OrganisationRepository> MakeSqlOrganisationRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlOrganisationRepository>(database, keys);
}

}  // namespace linli::storage

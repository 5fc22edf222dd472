#include "storage/volunteers/volunteer_repository.hpp"

#include <array>
#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/crypto/primitives.hpp"
#include "core/json_reader.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/bulk_write.hpp"
#include "storage/scope_sql.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using volunteers::AccountKind;
using volunteers::Activity;
using volunteers::LedgerEntry;
using volunteers::LedgerReport;
using volunteers::Posting;
using volunteers::Signup;
using volunteers::SignupStatus;
using volunteers::Team;
using volunteers::Volunteer;

constexpr size_t kMaxProblems = 20;
constexpr int64_t kGroupsPerPage = 20'000;

std::string SkillsJson(const std::vector<std::string>& skills) {
  std::string out = "[";
  for (size_t i = 0; i < skills.size(); ++i) out += (i ? ",\"" : "\"") + skills[i] + "\"";
  return out + "]";
}

std::string AvailabilityJson(const std::vector<volunteers::AvailabilityWindow>& windows) {
  std::string out = "[";
  for (size_t i = 0; i < windows.size(); ++i) {
    out += std::string(i ? "," : "") + "{\"weekday\":" + std::to_string(windows[i].weekday) +
           ",\"from\":\"" + windows[i].from + "\",\"until\":\"" + windows[i].until + "\"}";
  }
  return out + "]";
}

void ParseProfile(const std::string& skills, const std::string& availability, Volunteer& v) {
  auto parsed = core::json::ParseJson(skills, "skills");
  if (parsed.ok() && parsed->is_array()) {
    for (const auto& item : parsed->as_array()) {
      if (item.is_string()) v.skills.emplace_back(item.as_string());
    }
  }
  auto windows = core::json::ParseJson(availability, "availability");
  if (windows.ok() && windows->is_array()) {
    for (const auto& item : windows->as_array()) {
      if (!item.is_object()) continue;
      const auto& o = item.as_object();
      volunteers::AvailabilityWindow w;
      if (o.contains("weekday") && o.at("weekday").is_int64())
        w.weekday = static_cast<int>(o.at("weekday").as_int64());
      if (o.contains("from") && o.at("from").is_string()) w.from = o.at("from").as_string();
      if (o.contains("until") && o.at("until").is_string()) w.until = o.at("until").as_string();
      v.availability.push_back(std::move(w));
    }
  }
}

constexpr const char* kVolunteerColumns =
    "SELECT v.id, v.resident_id, v.account_id, v.name, v.community_code, v.skills, "
    "v.availability, v.status, COALESCE(a.balance_minutes, 0), v.created_by, v.created_at, "
    "v.updated_at, v.synthetic FROM volunteers v LEFT JOIN volunteer_accounts a ON "
    "a.account_kind = 'volunteer' AND a.account_id = v.id";

Volunteer VolunteerFromRow(const Row& row) {
  Volunteer v;
  v.id = row.Int(0);
  v.resident_id = IntOrNullopt(row, 1);
  v.account_id = IntOrNullopt(row, 2);
  v.name = row.Text(3);
  v.community_code = row.Text(4);
  ParseProfile(row.Text(5), row.Text(6), v);
  v.status = row.Text(7);
  v.balance_minutes = row.Int(8);
  v.created_by = row.Int(9);
  v.created_at = row.Int(10);
  v.updated_at = row.Int(11);
  v.synthetic = row.Int(12) != 0;
  return v;
}

constexpr const char* kActivityColumns =
    "SELECT t.id, t.title, t.community_code, t.organiser_place_code, t.team_id, t.starts_at, "
    "t.ends_at, t.status, COALESCE(a.balance_minutes, 0), t.created_by, t.created_at, "
    "t.synthetic FROM volunteer_activities t LEFT JOIN volunteer_accounts a ON "
    "a.account_kind = 'activity' AND a.account_id = t.id";

Activity ActivityFromRow(const Row& row) {
  Activity t;
  t.id = row.Int(0);
  t.title = row.Text(1);
  t.community_code = row.Text(2);
  t.organiser_place_code = row.Text(3);
  t.team_id = IntOrNullopt(row, 4);
  t.starts_at = row.Int(5);
  t.ends_at = row.Int(6);
  t.status = row.Text(7);
  t.balance_minutes = row.Int(8);
  t.created_by = row.Int(9);
  t.created_at = row.Int(10);
  t.synthetic = row.Int(11) != 0;
  return t;
}

constexpr const char* kSignupColumns =
    "SELECT s.id, s.activity_id, s.slot_id, s.volunteer_id, v.name, t.title, t.community_code, "
    "s.status, s.signed_up_by, s.signed_up_at, s.checkin_at, s.checkout_at, s.verified_minutes, "
    "s.verified_by, s.verified_at FROM volunteer_signups s JOIN volunteers v ON v.id = "
    "s.volunteer_id JOIN volunteer_activities t ON t.id = s.activity_id";

Signup SignupFromRow(const Row& row) {
  Signup s;
  s.id = row.Int(0);
  s.activity_id = row.Int(1);
  s.slot_id = row.Int(2);
  s.volunteer_id = row.Int(3);
  s.volunteer_name = row.Text(4);
  s.activity_title = row.Text(5);
  s.community_code = row.Text(6);
  s.status = volunteers::SignupStatusFrom(row.Text(7)).value_or(SignupStatus::kSignedUp);
  s.signed_up_by = row.Int(8);
  s.signed_up_at = row.Int(9);
  s.checkin_at = IntOrNullopt(row, 10);
  s.checkout_at = IntOrNullopt(row, 11);
  s.verified_minutes = row.Int(12);
  s.verified_by = IntOrNullopt(row, 13);
  s.verified_at = IntOrNullopt(row, 14);
  return s;
}

std::string Name(AccountKind kind) { return std::string(volunteers::AccountKindName(kind)); }

core::Status AppendPostingAudit(Connection& c, const crypto::KeyRing& keys,
                                const std::vector<int64_t>& ids, const std::string& digests,
                                const audit::AuditEntry& entry);

// Posts the groups inside the caller's transaction with one audit record covering them.
core::Result<std::vector<int64_t>> PostIn(Connection& c, const crypto::KeyRing& keys,
                                          const std::vector<Posting>& postings,
                                          const audit::AuditEntry& entry) {
  std::vector<int64_t> ids;
  std::string digests;
  for (const auto& posting : postings) {
    int64_t sum = 0;
    for (const auto& e : posting.entries) sum += e.minutes;
    if (sum != 0 || posting.entries.size() < 2) {
      return core::Error::Internal("unbalanced ledger posting");
    }
    ASSIGN_OR_RETURN(
        auto inserted,
        c.Query("INSERT INTO volunteer_ledger_groups (kind, signup_id, "
                "reverses_group, reason, posted_by, posted_at) VALUES (?, ?, ?, ?, "
                "?, ?) RETURNING id",
                {posting.kind, OptionalInt(posting.signup_id), OptionalInt(posting.reverses_group),
                 posting.reason, posting.posted_by, posting.posted_at}));
    const int64_t group = inserted.rows.at(0).Int(0);
    ids.push_back(group);
    for (const auto& e : posting.entries) {
      TRY(
          c.Query("INSERT INTO volunteer_ledger_entries (group_id, account_kind, account_id, "
                  "minutes, reason) VALUES (?, ?, ?, ?, ?)",
                  {group, Name(e.account_kind), e.account_id, e.minutes, e.reason}));
      TRY(
          c.Query("INSERT INTO volunteer_accounts (account_kind, account_id, balance_minutes, "
                  "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (account_kind, account_id) DO "
                  "UPDATE SET balance_minutes = volunteer_accounts.balance_minutes + "
                  "excluded.balance_minutes, updated_at = excluded.updated_at",
                  {Name(e.account_kind), e.account_id, e.minutes, posting.posted_at}));
    }
    ASSIGN_OR_RETURN(auto digest,
                     crypto::Sm3(volunteers::CanonicalEntries(group, posting.entries)));
    digests += digest;
  }
  TRY(AppendPostingAudit(c, keys, ids, digests, entry));
  return ids;
}

// The audit record of a posting of the groups `ids`, whose entries' digests (SM3 of each group's
// CanonicalEntries, in the order of `ids`) are concatenated in `digests`.
core::Status AppendPostingAudit(Connection& c, const crypto::KeyRing& keys,
                                const std::vector<int64_t>& ids, const std::string& digests,
                                const audit::AuditEntry& entry) {
  ASSIGN_OR_RETURN(auto digest, crypto::Sm3(digests));
  std::string detail = "{\"groups\":[";
  for (size_t i = 0; i < ids.size(); ++i) detail += (i ? "," : "") + std::to_string(ids[i]);
  detail += "],\"digest\":\"" + crypto::HexEncode(digest) + "\"}";
  audit::AuditEntry audited = entry;
  audited.detail = detail;
  audited.subject_type = "volunteer_hours";
  TRY(AppendAuditIn(c, keys, audited));
  return core::Ok();
}

class SqlVolunteerRepository final : public volunteers::VolunteerRepository {
 public:
  SqlVolunteerRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Volunteer> InsertVolunteer(const Volunteer& v,
                                          const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Volunteer>(*connection, [&](Connection& c) -> core::Result<Volunteer> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO volunteers (resident_id, account_id, name, community_code, skills, "
                  "availability, status, created_by, created_at, updated_at, synthetic) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {OptionalInt(v.resident_id), OptionalInt(v.account_id), v.name, v.community_code,
                   SkillsJson(v.skills), AvailabilityJson(v.availability), v.status, v.created_by,
                   v.created_at, v.updated_at, int64_t{v.synthetic ? 1 : 0}}));
      Volunteer stored = v;
      stored.id = inserted.rows.at(0).Int(0);
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<std::optional<Volunteer>> FindVolunteer(int64_t id,
                                                       const core::Scope& scope) override {
    return FindOneInScope(database_, std::string(kVolunteerColumns) + " WHERE v.id = ?", {id},
                          scope, "v.community_code", VolunteerFromRow);
  }

  core::Result<std::optional<Volunteer>> FindVolunteerByAccount(int64_t account_id) override {
    return FindOneInScope(database_, std::string(kVolunteerColumns) + " WHERE v.account_id = ?",
                          {account_id}, core::Scope::Everything(), "v.community_code",
                          VolunteerFromRow);
  }

  core::Result<std::optional<Volunteer>> FindVolunteerByResident(int64_t resident_id) override {
    return FindOneInScope(database_, std::string(kVolunteerColumns) + " WHERE v.resident_id = ?",
                          {resident_id}, core::Scope::Everything(), "v.community_code",
                          VolunteerFromRow);
  }

  core::Result<std::optional<std::string>> ResidentCommunity(int64_t resident_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("SELECT community_code FROM residents WHERE id = ?", {resident_id}));
    if (result.rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(result.rows[0].Text(0));
  }

  core::Result<std::vector<Volunteer>> ListVolunteers(const core::Scope& scope,
                                                      std::string_view skill,
                                                      size_t limit) override {
    std::vector<Value> params;
    std::string sql =
        std::string(kVolunteerColumns) + " WHERE " + ScopeClause(scope, "v.community_code", params);
    if (!skill.empty()) {
      sql += " AND v.skills LIKE ?";
      params.emplace_back("%\"" + std::string(skill) + "\"%");
    }
    sql += " ORDER BY v.id LIMIT " + std::to_string(limit);
    return Many<Volunteer>(sql, params, VolunteerFromRow);
  }

  core::Result<Team> InsertTeam(const Team& team, const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Team>(*connection, [&](Connection& c) -> core::Result<Team> {
      ASSIGN_OR_RETURN(auto existing,
                       c.Query("SELECT id FROM volunteer_teams WHERE community_code = ? AND "
                               "name = ?",
                               {team.community_code, team.name}));
      if (!existing.rows.empty()) {
        return core::Error::AlreadyExists("本社区已有同名队伍", "name");
      }
      ASSIGN_OR_RETURN(auto inserted,
                       c.Query("INSERT INTO volunteer_teams (name, community_code, created_by, "
                               "created_at, synthetic) VALUES (?, ?, ?, ?, ?) RETURNING id",
                               {team.name, team.community_code, team.created_by, team.created_at,
                                int64_t{team.synthetic ? 1 : 0}}));
      Team stored = team;
      stored.id = inserted.rows.at(0).Int(0);
      for (int64_t member : team.members) {
        TRY(c.Query("INSERT INTO volunteer_team_members (team_id, volunteer_id) VALUES (?, ?)",
                    {stored.id, member}));
      }
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<std::vector<Team>> ListTeams(const core::Scope& scope) override {
    std::vector<Value> params;
    const std::string sql =
        "SELECT id, name, community_code, created_by, created_at, synthetic FROM volunteer_teams "
        "WHERE " +
        ScopeClause(scope, "community_code", params) + " ORDER BY id LIMIT 500";
    ASSIGN_OR_RETURN(auto teams, Many<Team>(sql, params, TeamFromRow));
    TRY(FillMembers(teams));
    return teams;
  }

  core::Result<std::optional<Team>> FindTeam(int64_t id, const core::Scope& scope) override {
    ASSIGN_OR_RETURN(auto found,
                     FindOneInScope(database_,
                                    "SELECT id, name, community_code, created_by, created_at, "
                                    "synthetic FROM volunteer_teams WHERE id = ?",
                                    {id}, scope, "community_code", TeamFromRow));
    if (!found) return found;
    std::vector<Team> one{*found};
    TRY(FillMembers(one));
    return std::optional<Team>(one[0]);
  }

  core::Result<Activity> InsertActivity(const Activity& t,
                                        const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<Activity>(*connection, [&](Connection& c) -> core::Result<Activity> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO volunteer_activities (title, community_code, organiser_place_code, "
                  "team_id, starts_at, ends_at, status, created_by, created_at, synthetic) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {t.title, t.community_code, t.organiser_place_code, OptionalInt(t.team_id),
                   t.starts_at, t.ends_at, t.status, t.created_by, t.created_at,
                   int64_t{t.synthetic ? 1 : 0}}));
      Activity stored = t;
      stored.id = inserted.rows.at(0).Int(0);
      for (auto& slot : stored.slots) {
        ASSIGN_OR_RETURN(auto slot_row,
                         c.Query("INSERT INTO volunteer_slots (activity_id, skill, wanted) VALUES "
                                 "(?, ?, ?) RETURNING id",
                                 {stored.id, slot.skill, slot.wanted}));
        slot.id = slot_row.rows.at(0).Int(0);
      }
      audit::AuditEntry audited = entry;
      audited.subject_id = std::to_string(stored.id);
      TRY(AppendAuditIn(c, *keys_, audited));
      return stored;
    });
  }

  core::Result<std::optional<Activity>> FindActivity(int64_t id,
                                                     const core::Scope& scope) override {
    ASSIGN_OR_RETURN(auto found,
                     FindOneInScope(database_, std::string(kActivityColumns) + " WHERE t.id = ?",
                                    {id}, scope, "t.community_code", ActivityFromRow));
    if (!found) return found;
    std::vector<Activity> one{*found};
    TRY(FillSlots(one));
    return std::optional<Activity>(one[0]);
  }

  core::Result<std::vector<Activity>> ListActivities(const core::Scope& scope,
                                                     size_t limit) override {
    std::vector<Value> params;
    const std::string sql = std::string(kActivityColumns) + " WHERE " +
                            ScopeClause(scope, "t.community_code", params) +
                            " ORDER BY t.starts_at DESC, t.id DESC LIMIT " + std::to_string(limit);
    ASSIGN_OR_RETURN(auto list, Many<Activity>(sql, params, ActivityFromRow));
    TRY(FillSlots(list));
    return list;
  }

  core::Result<std::optional<Signup>> InsertSignup(const Signup& s, int64_t wanted,
                                                   const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<std::optional<Signup>>(
        *connection, [&](Connection& c) -> core::Result<std::optional<Signup>> {
          if (c.dialect() == Dialect::kPostgres) {
            // Serialises sign-ups into this slot so that it never takes more than it wants.
            TRY(c.Query("SELECT id FROM volunteer_slots WHERE id = ? FOR UPDATE", {s.slot_id}));
          }
          ASSIGN_OR_RETURN(auto taken,
                           c.Query("SELECT COUNT(*) FROM volunteer_signups WHERE slot_id = ? AND "
                                   "status <> 'cancelled'",
                                   {s.slot_id}));
          if (taken.rows.at(0).Int(0) >= wanted) return std::optional<Signup>();
          ASSIGN_OR_RETURN(auto existing,
                           c.Query("SELECT id FROM volunteer_signups WHERE activity_id = ? AND "
                                   "volunteer_id = ?",
                                   {s.activity_id, s.volunteer_id}));
          if (!existing.rows.empty()) return std::optional<Signup>();
          ASSIGN_OR_RETURN(
              auto inserted,
              c.Query("INSERT INTO volunteer_signups (activity_id, slot_id, "
                      "volunteer_id, status, signed_up_by, signed_up_at) VALUES (?, "
                      "?, ?, 'signed_up', ?, ?) RETURNING id",
                      {s.activity_id, s.slot_id, s.volunteer_id, s.signed_up_by, s.signed_up_at}));
          const int64_t id = inserted.rows.at(0).Int(0);
          audit::AuditEntry audited = entry;
          audited.subject_id = std::to_string(id);
          TRY(AppendAuditIn(c, *keys_, audited));
          ASSIGN_OR_RETURN(auto row,
                           c.Query(std::string(kSignupColumns) + " WHERE s.id = ?", {id}));
          return std::optional<Signup>(SignupFromRow(row.rows.at(0)));
        });
  }

  core::Result<std::optional<Signup>> FindSignup(int64_t id) override {
    return FindOneInScope(database_, std::string(kSignupColumns) + " WHERE s.id = ?", {id},
                          core::Scope::Everything(), "t.community_code", SignupFromRow);
  }

  core::Result<std::vector<Signup>> SignupsOfActivity(int64_t activity_id) override {
    return Many<Signup>(std::string(kSignupColumns) + " WHERE s.activity_id = ? ORDER BY s.id",
                        {activity_id}, SignupFromRow);
  }

  core::Result<std::vector<Signup>> SignupsOfVolunteer(int64_t volunteer_id) override {
    return Many<Signup>(
        std::string(kSignupColumns) + " WHERE s.volunteer_id = ? ORDER BY s.id DESC LIMIT 500",
        {volunteer_id}, SignupFromRow);
  }

  core::Result<bool> Transition(int64_t signup_id, SignupStatus from, SignupStatus to, int64_t at,
                                const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    const std::string column = to == SignupStatus::kCheckedIn ? "checkin_at" : "checkout_at";
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto updated,
                       c.Query("UPDATE volunteer_signups SET status = ?, " + column +
                                   " = ? WHERE id = ? AND status = ? RETURNING id",
                               {std::string(volunteers::SignupStatusName(to)), at, signup_id,
                                std::string(volunteers::SignupStatusName(from))}));
      if (updated.rows.empty()) return false;
      TRY(AppendAuditIn(c, *keys_, entry));
      return true;
    });
  }

  core::Result<bool> VerifyAndPost(int64_t signup_id, int64_t minutes, int64_t verified_by,
                                   const Posting& posting,
                                   const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<bool>(*connection, [&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto updated,
                       c.Query("UPDATE volunteer_signups SET status = 'verified', "
                               "verified_minutes = ?, verified_by = ?, verified_at = ? WHERE id "
                               "= ? AND status = 'checked_out' RETURNING id",
                               {minutes, verified_by, posting.posted_at, signup_id}));
      if (updated.rows.empty()) return false;
      ASSIGN_OR_RETURN(auto groups, PostIn(c, *keys_, {posting}, entry));
      (void)groups;
      return true;
    });
  }

  core::Result<std::vector<int64_t>> Post(const std::vector<Posting>& postings,
                                          const audit::AuditEntry& entry) override {
    TRY(NeedKeys());
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<std::vector<int64_t>>(
        *connection, [&](Connection& c) -> core::Result<std::vector<int64_t>> {
          // A correction moves the sign-up's verified minutes to what its groups now sum to.
          for (const auto& posting : postings) {
            if (!posting.signup_id) continue;
            for (const auto& e : posting.entries) {
              if (e.account_kind != AccountKind::kVolunteer) continue;
              TRY(
                  c.Query("UPDATE volunteer_signups SET verified_minutes = verified_minutes + ? "
                          "WHERE id = ?",
                          {e.minutes, *posting.signup_id}));
            }
          }
          return PostIn(c, *keys_, postings, entry);
        });
  }

  core::Result<std::vector<LedgerEntry>> EntriesOf(AccountKind kind, int64_t account_id,
                                                   size_t limit) override {
    return Many<LedgerEntry>(
        "SELECT e.id, e.group_id, e.account_kind, e.account_id, e.minutes, e.reason, g.posted_at "
        "FROM volunteer_ledger_entries e JOIN volunteer_ledger_groups g ON g.id = e.group_id "
        "WHERE e.account_kind = ? AND e.account_id = ? ORDER BY e.id DESC LIMIT " +
            std::to_string(limit),
        {Name(kind), account_id}, EntryFromRow);
  }

  core::Result<std::vector<LedgerEntry>> EntriesOfGroup(int64_t group_id) override {
    return Many<LedgerEntry>(
        "SELECT e.id, e.group_id, e.account_kind, e.account_id, e.minutes, e.reason, g.posted_at "
        "FROM volunteer_ledger_entries e JOIN volunteer_ledger_groups g ON g.id = e.group_id "
        "WHERE e.group_id = ? ORDER BY e.id",
        {group_id}, EntryFromRow);
  }

  core::Result<LedgerReport> VerifyLedger() override;

  core::Result<std::vector<volunteers::Stats>> StatsUnder(std::string_view place) override {
    const core::Scope scope = core::Scope::Of({std::string(place)});
    std::map<std::string, volunteers::Stats> by_community;
    auto add = [&](const std::string& sql, auto set) -> core::Status {
      std::vector<Value> params;
      const std::string where = ScopeClause(scope, "community_code", params);
      std::string text = sql;
      text.replace(text.find("{where}"), 7, where);
      ASSIGN_OR_RETURN(auto connection, database_.Acquire());
      ASSIGN_OR_RETURN(auto result, connection->Query(text, params));
      for (const auto& row : result.rows) {
        auto& stats = by_community[row.Text(0)];
        stats.community_code = row.Text(0);
        set(stats, row.Int(1));
      }
      return core::Ok();
    };
    TRY(
        add("SELECT community_code, COUNT(*) FROM volunteers WHERE {where} GROUP BY "
            "community_code",
            [](volunteers::Stats& s, int64_t n) { s.volunteers = n; }));
    TRY(
        add("SELECT community_code, COUNT(*) FROM volunteer_activities WHERE {where} GROUP BY "
            "community_code",
            [](volunteers::Stats& s, int64_t n) { s.activities = n; }));
    TRY(
        add("SELECT t.community_code, CAST(-COALESCE(SUM(a.balance_minutes), 0) AS BIGINT) FROM "
            "volunteer_activities t JOIN volunteer_accounts a ON a.account_kind = 'activity' AND "
            "a.account_id = t.id WHERE {where} GROUP BY t.community_code",
            [](volunteers::Stats& s, int64_t n) { s.verified_minutes = n; }));
    std::vector<volunteers::Stats> out;
    for (auto& [code, stats] : by_community) out.push_back(stats);
    return out;
  }

  core::Result<int64_t> CountShortActivities(const core::Scope& scope, int64_t now) override {
    std::vector<Value> params = {now};
    const std::string sql =
        "SELECT COUNT(*) FROM volunteer_activities t WHERE t.status = 'open' AND t.ends_at > ? "
        "AND " +
        ScopeClause(scope, "t.community_code", params) +
        " AND (SELECT COALESCE(SUM(wanted), 0) FROM volunteer_slots WHERE activity_id = t.id) > "
        "(SELECT COUNT(*) FROM volunteer_signups WHERE activity_id = t.id AND status <> "
        "'cancelled')";
    return One(sql, params);
  }

  core::Result<int64_t> CountToVerify(const core::Scope& scope) override {
    std::vector<Value> params;
    const std::string sql =
        "SELECT COUNT(*) FROM volunteer_signups s JOIN volunteer_activities t ON t.id = "
        "s.activity_id WHERE s.status = 'checked_out' AND " +
        ScopeClause(scope, "t.community_code", params);
    return One(sql, params);
  }

  core::Result<std::vector<volunteers::RegisteredAdult>> AdultsOf(
      std::string_view community, std::string_view born_by) override {
    std::vector<Value> params;
    std::string sql = "SELECT id, name FROM residents WHERE " +
                      ScopeClause(core::Scope::Of({std::string(community)}), "place_code", params) +
                      " AND birth_date <= ? AND status IN ('registered_resident', 'floating') AND "
                      "community_code = ? ORDER BY id";
    params.emplace_back(std::string(born_by));
    params.emplace_back(std::string(community));
    return Many<volunteers::RegisteredAdult>(sql, params, [](const Row& row) {
      return volunteers::RegisteredAdult{row.Int(0), row.Text(1)};
    });
  }

  core::Result<bool> HasSynthetic() override {
    ASSIGN_OR_RETURN(int64_t found, One("SELECT COUNT(*) FROM (SELECT id FROM volunteers WHERE "
                                        "synthetic = 1 LIMIT 1) v",
                                        {}));
    return found > 0;
  }

  core::Result<volunteers::SyntheticCounts> WriteSynthetic(const volunteers::SyntheticBatch& batch,
                                                           const audit::AuditEntry& entry) override;

 private:
  static Team TeamFromRow(const Row& row) {
    Team t;
    t.id = row.Int(0);
    t.name = row.Text(1);
    t.community_code = row.Text(2);
    t.created_by = row.Int(3);
    t.created_at = row.Int(4);
    t.synthetic = row.Int(5) != 0;
    return t;
  }

  static LedgerEntry EntryFromRow(const Row& row) {
    LedgerEntry e;
    e.id = row.Int(0);
    e.group_id = row.Int(1);
    e.account_kind = row.Text(2) == "activity" ? AccountKind::kActivity : AccountKind::kVolunteer;
    e.account_id = row.Int(3);
    e.minutes = row.Int(4);
    e.reason = row.Text(5);
    e.posted_at = row.Int(6);
    return e;
  }

  template <typename T, typename F>
  core::Result<std::vector<T>> Many(const std::string& sql, const std::vector<Value>& params,
                                    F from_row) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<T> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(from_row(row));
    return out;
  }

  core::Result<int64_t> One(const std::string& sql, const std::vector<Value>& params) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    return result.rows.at(0).Int(0);
  }

  core::Status FillMembers(std::vector<Team>& teams) {
    for (auto& team : teams) {
      ASSIGN_OR_RETURN(auto ids,
                       Many<int64_t>("SELECT volunteer_id FROM volunteer_team_members "
                                     "WHERE team_id = ? ORDER BY volunteer_id",
                                     {team.id}, [](const Row& row) { return row.Int(0); }));
      team.members = std::move(ids);
    }
    return core::Ok();
  }

  core::Status FillSlots(std::vector<Activity>& activities) {
    for (auto& activity : activities) {
      ASSIGN_OR_RETURN(
          auto slots,
          Many<volunteers::Slot>(
              "SELECT l.id, l.skill, l.wanted, (SELECT COUNT(*) FROM volunteer_signups s WHERE "
              "s.slot_id = l.id AND s.status <> 'cancelled') FROM volunteer_slots l WHERE "
              "l.activity_id = ? ORDER BY l.id",
              {activity.id}, [](const Row& row) {
                return volunteers::Slot{row.Int(0), row.Text(1), row.Int(2), row.Int(3)};
              }));
      activity.slots = std::move(slots);
    }
    return core::Ok();
  }

  core::Status NeedKeys() const {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    return core::Ok();
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

core::Result<volunteers::SyntheticCounts> SqlVolunteerRepository::WriteSynthetic(
    const volunteers::SyntheticBatch& batch, const audit::AuditEntry& entry) {
  TRY(NeedKeys());
  volunteers::SyntheticCounts counts;
  counts.volunteers = static_cast<int64_t>(batch.volunteers.size());
  counts.teams = static_cast<int64_t>(batch.teams.size());
  counts.activities = static_cast<int64_t>(batch.activities.size());
  counts.signups = static_cast<int64_t>(batch.signups.size());
  ASSIGN_OR_RETURN(auto connection, database_.Acquire());
  return InTransaction<volunteers::SyntheticCounts>(
      *connection, [&](Connection& c) -> core::Result<volunteers::SyntheticCounts> {
        const auto& vs = batch.volunteers;
        ASSIGN_OR_RETURN(auto volunteer_ids, ReserveIds(c, "volunteers", vs.size()));
        TRY(InsertRows(c,
                       "volunteers (id, resident_id, account_id, name, community_code, skills, "
                       "availability, status, created_by, created_at, updated_at, synthetic)",
                       12, vs.size(), [&](size_t i, std::vector<Value>& out) {
                         const Volunteer& v = vs[i];
                         out.emplace_back(volunteer_ids[i]);
                         out.emplace_back(OptionalInt(v.resident_id));
                         out.emplace_back(OptionalInt(v.account_id));
                         out.emplace_back(v.name);
                         out.emplace_back(v.community_code);
                         out.emplace_back(SkillsJson(v.skills));
                         out.emplace_back(AvailabilityJson(v.availability));
                         out.emplace_back(v.status);
                         out.emplace_back(v.created_by);
                         out.emplace_back(v.created_at);
                         out.emplace_back(v.updated_at);
                         out.emplace_back(int64_t{v.synthetic ? 1 : 0});
                       }));
        const auto& ts = batch.teams;
        ASSIGN_OR_RETURN(auto team_ids, ReserveIds(c, "volunteer_teams", ts.size()));
        TRY(InsertRows(c,
                       "volunteer_teams (id, name, community_code, created_by, created_at, "
                       "synthetic)",
                       6, ts.size(), [&](size_t i, std::vector<Value>& out) {
                         out.emplace_back(team_ids[i]);
                         out.emplace_back(ts[i].name);
                         out.emplace_back(ts[i].community_code);
                         out.emplace_back(ts[i].created_by);
                         out.emplace_back(ts[i].created_at);
                         out.emplace_back(int64_t{ts[i].synthetic ? 1 : 0});
                       }));
        std::vector<std::pair<int64_t, int64_t>> members;
        for (size_t t = 0; t < ts.size(); ++t) {
          for (int64_t m : ts[t].members) {
            members.emplace_back(team_ids[t], volunteer_ids.at(static_cast<size_t>(m)));
          }
        }
        TRY(InsertRows(c, "volunteer_team_members (team_id, volunteer_id)", 2, members.size(),
                       [&](size_t i, std::vector<Value>& out) {
                         out.emplace_back(members[i].first);
                         out.emplace_back(members[i].second);
                       }));
        const auto& as = batch.activities;
        ASSIGN_OR_RETURN(auto activity_ids, ReserveIds(c, "volunteer_activities", as.size()));
        TRY(InsertRows(c,
                       "volunteer_activities (id, title, community_code, organiser_place_code, "
                       "team_id, starts_at, ends_at, status, created_by, created_at, synthetic)",
                       11, as.size(), [&](size_t i, std::vector<Value>& out) {
                         const Activity& t = as[i];
                         out.emplace_back(activity_ids[i]);
                         out.emplace_back(t.title);
                         out.emplace_back(t.community_code);
                         out.emplace_back(t.organiser_place_code);
                         out.emplace_back(t.team_id
                                              ? Value(team_ids.at(static_cast<size_t>(*t.team_id)))
                                              : OptionalInt(std::nullopt));
                         out.emplace_back(t.starts_at);
                         out.emplace_back(t.ends_at);
                         out.emplace_back(t.status);
                         out.emplace_back(t.created_by);
                         out.emplace_back(t.created_at);
                         out.emplace_back(int64_t{t.synthetic ? 1 : 0});
                       }));
        // Slots: the first slot id of each activity.
        std::vector<size_t> first_slot(as.size() + 1, 0);
        for (size_t i = 0; i < as.size(); ++i)
          first_slot[i + 1] = first_slot[i] + as[i].slots.size();
        ASSIGN_OR_RETURN(auto slot_ids, ReserveIds(c, "volunteer_slots", first_slot.back()));
        std::vector<std::pair<size_t, size_t>> slots;  // (activity, slot)
        for (size_t i = 0; i < as.size(); ++i) {
          for (size_t s = 0; s < as[i].slots.size(); ++s) slots.emplace_back(i, s);
        }
        TRY(InsertRows(c, "volunteer_slots (id, activity_id, skill, wanted)", 4, slots.size(),
                       [&](size_t i, std::vector<Value>& out) {
                         const auto& slot = as[slots[i].first].slots[slots[i].second];
                         out.emplace_back(slot_ids[i]);
                         out.emplace_back(activity_ids[slots[i].first]);
                         out.emplace_back(slot.skill);
                         out.emplace_back(slot.wanted);
                       }));
        const auto& ss = batch.signups;
        ASSIGN_OR_RETURN(auto signup_ids, ReserveIds(c, "volunteer_signups", ss.size()));
        TRY(InsertRows(
            c,
            "volunteer_signups (id, activity_id, slot_id, volunteer_id, status, signed_up_by, "
            "signed_up_at, checkin_at, checkout_at, verified_minutes, verified_by, verified_at)",
            12, ss.size(), [&](size_t i, std::vector<Value>& out) {
              const Signup& s = ss[i];
              const auto activity = static_cast<size_t>(s.activity_id);
              out.emplace_back(signup_ids[i]);
              out.emplace_back(activity_ids.at(activity));
              out.emplace_back(
                  slot_ids.at(first_slot.at(activity) + static_cast<size_t>(s.slot_id)));
              out.emplace_back(volunteer_ids.at(static_cast<size_t>(s.volunteer_id)));
              out.emplace_back(std::string(volunteers::SignupStatusName(s.status)));
              out.emplace_back(s.signed_up_by);
              out.emplace_back(s.signed_up_at);
              out.emplace_back(OptionalInt(s.checkin_at));
              out.emplace_back(OptionalInt(s.checkout_at));
              out.emplace_back(s.verified_minutes);
              out.emplace_back(OptionalInt(s.verified_by));
              out.emplace_back(OptionalInt(s.verified_at));
            }));
        // The verified sign-ups' postings: one group each, +minutes to the volunteer and
        // -minutes to the activity (as VolunteerService::Verify posts them), entries in id order.
        std::vector<size_t> verified;
        for (size_t i = 0; i < ss.size(); ++i) {
          if (ss[i].status == SignupStatus::kVerified && ss[i].verified_minutes > 0)
            verified.push_back(i);
        }
        counts.verified = static_cast<int64_t>(verified.size());
        ASSIGN_OR_RETURN(auto group_ids, ReserveIds(c, "volunteer_ledger_groups", verified.size()));
        ASSIGN_OR_RETURN(auto entry_ids,
                         ReserveIds(c, "volunteer_ledger_entries", 2 * verified.size()));
        const std::string reason = "服务时长核定";
        TRY(InsertRows(c,
                       "volunteer_ledger_groups (id, kind, signup_id, reverses_group, reason, "
                       "posted_by, posted_at)",
                       7, verified.size(), [&](size_t g, std::vector<Value>& out) {
                         const Signup& s = ss[verified[g]];
                         out.emplace_back(group_ids[g]);
                         out.emplace_back(std::string("verify"));
                         out.emplace_back(signup_ids[verified[g]]);
                         out.emplace_back(OptionalInt(std::nullopt));
                         out.emplace_back(reason);
                         out.emplace_back(s.verified_by.value_or(0));
                         out.emplace_back(s.verified_at.value_or(s.signed_up_at));
                       }));
        std::map<int64_t, int64_t> volunteer_balances;
        std::map<int64_t, int64_t> activity_balances;
        std::vector<LedgerEntry> entries;
        entries.reserve(2 * verified.size());
        std::string digests;
        for (size_t g = 0; g < verified.size(); ++g) {
          const Signup& s = ss[verified[g]];
          const int64_t volunteer = volunteer_ids.at(static_cast<size_t>(s.volunteer_id));
          const int64_t activity = activity_ids.at(static_cast<size_t>(s.activity_id));
          std::vector<LedgerEntry> group = {
              {entry_ids[2 * g], group_ids[g], AccountKind::kVolunteer, volunteer,
               s.verified_minutes, reason, 0},
              {entry_ids[2 * g + 1], group_ids[g], AccountKind::kActivity, activity,
               -s.verified_minutes, reason, 0}};
          ASSIGN_OR_RETURN(auto digest,
                           crypto::Sm3(volunteers::CanonicalEntries(group_ids[g], group)));
          digests += digest;
          volunteer_balances[volunteer] += s.verified_minutes;
          activity_balances[activity] -= s.verified_minutes;
          counts.verified_minutes += s.verified_minutes;
          for (auto& e : group) entries.push_back(std::move(e));
        }
        TRY(InsertRows(c,
                       "volunteer_ledger_entries (id, group_id, account_kind, account_id, "
                       "minutes, reason)",
                       6, entries.size(), [&](size_t i, std::vector<Value>& out) {
                         const LedgerEntry& e = entries[i];
                         out.emplace_back(e.id);
                         out.emplace_back(e.group_id);
                         out.emplace_back(Name(e.account_kind));
                         out.emplace_back(e.account_id);
                         out.emplace_back(e.minutes);
                         out.emplace_back(e.reason);
                       }));
        // The accounts are new (fresh volunteer and activity ids): their running balances.
        std::vector<std::tuple<std::string, int64_t, int64_t>> accounts;
        for (const auto& [id, minutes] : volunteer_balances)
          accounts.emplace_back("volunteer", id, minutes);
        for (const auto& [id, minutes] : activity_balances)
          accounts.emplace_back("activity", id, minutes);
        TRY(InsertRows(c,
                       "volunteer_accounts (account_kind, account_id, balance_minutes, "
                       "updated_at)",
                       4, accounts.size(), [&](size_t i, std::vector<Value>& out) {
                         out.emplace_back(std::get<0>(accounts[i]));
                         out.emplace_back(std::get<1>(accounts[i]));
                         out.emplace_back(std::get<2>(accounts[i]));
                         out.emplace_back(entry.at);
                       }));
        TRY(AppendPostingAudit(c, *keys_, group_ids, digests, entry));
        return counts;
      });
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

core::Result<LedgerReport> SqlVolunteerRepository::VerifyLedger() {
  LedgerReport report;
  auto problem = [&](std::string text) {
    report.intact = false;
    if (report.problems.size() < kMaxProblems) report.problems.push_back(std::move(text));
  };
  std::chrono::steady_clock::time_point start;
  {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    Connection& c = *connection;

    // Baseline: the plain-SQL check — one GROUP BY over the entries beside the stored balances.
    const auto baseline_start = std::chrono::steady_clock::now();
    {
      ASSIGN_OR_RETURN(auto sums,
                       c.Query("SELECT account_kind, account_id, CAST(SUM(minutes) AS BIGINT) FROM "
                               "volunteer_ledger_entries GROUP BY account_kind, "
                               "account_id"));
      ASSIGN_OR_RETURN(auto stored, c.Query("SELECT account_kind, account_id, balance_minutes FROM "
                                            "volunteer_accounts"));
      std::map<std::pair<std::string, int64_t>, int64_t> balances;
      for (const auto& row : sums.rows) balances[{row.Text(0), row.Int(1)}] = row.Int(2);
      int64_t differ = 0;
      for (const auto& row : stored.rows) {
        auto it = balances.find({row.Text(0), row.Int(1)});
        if (it == balances.end() ? row.Int(2) != 0 : it->second != row.Int(2)) ++differ;
      }
      (void)differ;
    }
    report.baseline_seconds = SecondsSince(baseline_start);

    start = std::chrono::steady_clock::now();
    // 1. Walk the entries group by group: each group sums to zero, its digest, the balances.
    ASSIGN_OR_RETURN(auto max_group, c.Query("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM "
                                             "volunteer_ledger_groups"));
    const int64_t last_group = max_group.rows.at(0).Int(0);
    report.groups = max_group.rows.at(0).Int(1);
    std::vector<std::array<char, crypto::kSm3DigestSize>> digests(static_cast<size_t>(last_group) +
                                                                  1);
    std::vector<char> has_entries(static_cast<size_t>(last_group) + 1, 0);
    std::unordered_map<int64_t, int64_t> volunteer_balances;
    std::unordered_map<int64_t, int64_t> activity_balances;
    for (int64_t from = 0; from < last_group; from += kGroupsPerPage) {
      ASSIGN_OR_RETURN(auto page,
                       c.Query("SELECT group_id, account_kind, account_id, minutes FROM "
                               "volunteer_ledger_entries WHERE group_id > ? AND group_id <= ? "
                               "ORDER BY group_id, id",
                               {from, from + kGroupsPerPage}));
      size_t i = 0;
      while (i < page.rows.size()) {
        const int64_t group = page.rows[i].Int(0);
        std::vector<LedgerEntry> entries;
        int64_t sum = 0;
        for (; i < page.rows.size() && page.rows[i].Int(0) == group; ++i) {
          const Row& row = page.rows[i];
          LedgerEntry e;
          e.account_kind =
              row.Text(1) == "activity" ? AccountKind::kActivity : AccountKind::kVolunteer;
          e.account_id = row.Int(2);
          e.minutes = row.Int(3);
          sum += e.minutes;
          (e.account_kind == AccountKind::kVolunteer ? volunteer_balances
                                                     : activity_balances)[e.account_id] +=
              e.minutes;
          entries.push_back(e);
        }
        report.entries += static_cast<int64_t>(entries.size());
        if (sum != 0) {
          problem("分录组 " + std::to_string(group) +
                  " 借贷不平 (group does not sum to zero: " + std::to_string(sum) + ")");
        }
        if (group < 1 || group > last_group) {
          problem("分录属于不存在的分录组 " + std::to_string(group));
          continue;
        }
        ASSIGN_OR_RETURN(auto digest, crypto::Sm3(volunteers::CanonicalEntries(group, entries)));
        std::copy(digest.begin(), digest.end(), digests[group].begin());
        has_entries[group] = 1;
      }
    }
    // 2. Every posting's audit record: its digest recomputed from the entries of its groups.
    std::vector<char> covered(static_cast<size_t>(last_group) + 1, 0);
    ASSIGN_OR_RETURN(auto empty_digest, crypto::Sm3(""));
    int64_t after = 0;
    while (true) {
      ASSIGN_OR_RETURN(auto page, c.Query("SELECT sequence, detail FROM audit_log WHERE "
                                          "subject_type = 'volunteer_hours' AND sequence > ? ORDER "
                                          "BY sequence LIMIT 5000",
                                          {after}));
      if (page.rows.empty()) break;
      for (const auto& row : page.rows) {
        after = row.Int(0);
        ++report.audit_records;
        auto detail = core::json::ParseJson(row.Text(1), "detail");
        if (!detail.ok() || !detail->is_object() || !detail->as_object().contains("groups") ||
            !detail->as_object().contains("digest")) {
          problem("审计记录 " + std::to_string(after) + " 缺少分录摘要 (no ledger digest)");
          continue;
        }
        std::string concatenated;
        for (const auto& id : detail->as_object().at("groups").as_array()) {
          const int64_t group = id.is_int64() ? id.as_int64() : 0;
          if (group < 1 || group > last_group || !has_entries[group]) {
            problem("审计记录 " + std::to_string(after) + " 所记分录组 " + std::to_string(group) +
                    " 已不存在 (group missing)");
            concatenated += empty_digest;
            continue;
          }
          covered[group] = 1;
          concatenated.append(digests[group].data(), digests[group].size());
        }
        ASSIGN_OR_RETURN(auto digest, crypto::Sm3(concatenated));
        const auto& recorded = detail->as_object().at("digest");
        if (!recorded.is_string() || crypto::HexEncode(digest) != recorded.as_string()) {
          problem("审计记录 " + std::to_string(after) +
                  " 的分录摘要与分录不符 (entries changed since posted)");
        }
      }
    }
    for (int64_t group = 1; group <= last_group; ++group) {
      if (has_entries[group] && !covered[group]) {
        problem("分录组 " + std::to_string(group) + " 没有审计记录 (group not audited)");
      }
    }
    // 3. The stored running balances against the recomputed ones (both ways).
    ASSIGN_OR_RETURN(auto stored, c.Query("SELECT account_kind, account_id, balance_minutes FROM "
                                          "volunteer_accounts"));
    for (const auto& row : stored.rows) {
      ++report.accounts;
      auto& balances = row.Text(0) == "activity" ? activity_balances : volunteer_balances;
      auto it = balances.find(row.Int(1));
      const int64_t computed = it == balances.end() ? 0 : it->second;
      if (computed != row.Int(2)) {
        problem("账户 " + row.Text(0) + ":" + std::to_string(row.Int(1)) + " 余额 " +
                std::to_string(row.Int(2)) + " 与分录合计 " + std::to_string(computed) +
                " 不符 (stored balance differs)");
      }
      if (it != balances.end()) balances.erase(it);
    }
    for (const auto* balances : {&volunteer_balances, &activity_balances}) {
      for (const auto& [id, minutes] : *balances) {
        if (minutes != 0) problem("账户 " + std::to_string(id) + " 有分录但没有余额记录");
      }
    }
  }
  // 4. The audit chain that covers the postings.
  ASSIGN_OR_RETURN(auto chain, VerifyAuditChain(database_, keys_));
  report.audit_chain_intact = chain.intact;
  report.audit_chain_entries = chain.entries;
  if (!chain.intact) problem("审计链已损坏 (audit chain broken): " + chain.problem);
  report.seconds = SecondsSince(start);
  return report;
}

}  // namespace

std::unique_ptr<volunteers::VolunteerRepository> MakeSqlVolunteerRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlVolunteerRepository>(database, keys);
}

}  // namespace linli::storage

// Care and assistance (issue 19; decision 0031): archives of people in need by category, the
// visits planned for them each month and recorded by the workers, and the needs those visits
// find. Categories, their fields, restriction, visit rule and review period are data
// (data/care/categories.json, ParseCategories). A category is open to care.read, or restricted to
// care.minors (minors' archives) or care.health (severe mental disorder, tuberculosis).
// Thread-safety: plain values; the repository is implemented by storage/care.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/principal.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::care {

// ----- categories (data) -----
enum class FieldType { kText, kNumber, kInteger, kDate, kEnum, kBool };
inline constexpr core::EnumNames<FieldType, 6> kFieldTypeNames{{
    {FieldType::kText, "text", "文本"},
    {FieldType::kNumber, "number", "数值"},
    {FieldType::kInteger, "integer", "整数"},
    {FieldType::kDate, "date", "日期"},
    {FieldType::kEnum, "enum", "选项"},
    {FieldType::kBool, "bool", "是否"},
}};

enum class Restriction { kNone, kMinors, kHealth };
inline constexpr core::EnumNames<Restriction, 3> kRestrictionNames{{
    {Restriction::kNone, "", "不限"},
    {Restriction::kMinors, "minors", "未成年人档案（儿童主任）"},
    {Restriction::kHealth, "health", "健康敏感信息（健康联络员）"},
}};

struct FieldDefinition {
  std::string key;  // [a-z0-9_]
  std::string label;
  FieldType type = FieldType::kText;
  std::vector<std::string> options;  // kEnum
  bool required = false;
};

struct CategoryGroup {
  std::string code;
  std::string name;
};

struct Category {
  std::string code;  // [a-z0-9_]
  std::string name;
  std::string group;
  std::string tag;  // the registry tag it corresponds to ("" none)
  Restriction restricted = Restriction::kNone;
  std::vector<FieldDefinition> fields;
  int visit_every_months = 0;  // 0: no visits planned
  std::vector<std::string> checklist;
  int review_months = 12;
};

// What makes a community count for C1, 走访发现机制 (decision 0036; the "discovery" object of the
// categories file): in the month it had visits due to people of these groups' categories and
// made at least visit_percent % of them on time, and of the 政策找人 findings in it found at least
// finding_days days before the month's end, at least finding_percent % had the worker's outcome
// by then (findings the rules stopped finding before any contact are left out).
struct DiscoveryRule {
  std::vector<std::string> groups = {"difficulty"};
  int visit_percent = 90;
  int finding_days = 30;
  int finding_percent = 80;
};

struct Categories {
  std::vector<CategoryGroup> groups;
  std::vector<Category> categories;
  DiscoveryRule discovery;
  const Category* Find(std::string_view code) const;
  // The codes of the visited categories (a visit rule) of these groups.
  std::vector<std::string> VisitedIn(const std::vector<std::string>& group_codes) const;
};

// The categories file, checked: codes unique and well-formed, groups known, field keys unique,
// enum options present, every_months 0..12, review_months 1..60. Errors name the JSON path.
core::Result<Categories> ParseCategories(std::string_view text);

// An archive's field values (key → text as typed, normalised). Every key must be a field of the
// category, every required field present, each value of its type (a number, an integer ≥ 0, a
// YYYY-MM-DD date, one of the options, true/false as "true"/"false", text ≤ 200 characters).
// kValidationFailed on "fields.<key>".
core::Result<std::map<std::string, std::string>> CheckFields(
    const Category& category, const std::map<std::string, std::string>& fields);

// Months since year 0 of a YYYY-MM or YYYY-MM-DD text (for visit frequency), or nullopt.
std::optional<int> MonthIndex(std::string_view date_or_month);
std::string MonthOfIndex(int index);  // YYYY-MM
// The date `months` months after a YYYY-MM-DD date (the day kept, or the month's last); the text
// unchanged when it is no date.
std::string AddMonthsToDate(std::string_view date, int months);
// A care code: 2–40 of [a-z0-9_] (categories, fields, benefits).
bool IsCareCode(std::string_view code);
// Whether an archive opened in the month `anchor` is visited in the month `month` under a rule
// of every `every_months` months (the opening month, then every N months).
bool VisitDue(int anchor, int month, int every_months);

// ----- records -----
enum class ArchiveStatus { kOpen, kClosed };
inline constexpr core::EnumNames<ArchiveStatus, 2> kArchiveStatusNames{{
    {ArchiveStatus::kOpen, "open", "在档"},
    {ArchiveStatus::kClosed, "closed", "已关档"},
}};

struct Archive {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;    // filled by the repository
  std::string resident_status;  // the registry's (deceased …)
  std::string sex;
  std::string birth_date;
  std::string place_code;  // the resident's place (grid or community)
  std::string place_name;
  std::string category;
  ArchiveStatus status = ArchiveStatus::kOpen;
  std::map<std::string, std::string> fields;
  std::string opened_on;
  std::string closed_on;
  std::string close_reason;
  std::optional<int64_t> responsible_id;
  std::string responsible_name;
  std::string review_on;
  int visit_anchor = 0;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
};

struct ArchiveQuery {
  std::string place_prefix;             // "" = the scope
  std::vector<std::string> categories;  // the readable categories asked for (never empty)
  std::optional<ArchiveStatus> status;
  std::optional<int64_t> resident_id;
  std::string name;            // the resident's name starts with it
  bool deceased_only = false;  // open archives of people the registry says died (to confirm)
  core::PageRequest page;
};

enum class VisitStatus { kDue, kDone, kMissed, kCancelled };
inline constexpr core::EnumNames<VisitStatus, 4> kVisitStatusNames{{
    {VisitStatus::kDue, "due", "待走访"},
    {VisitStatus::kDone, "done", "已走访"},
    {VisitStatus::kMissed, "missed", "逾期未访"},
    {VisitStatus::kCancelled, "cancelled", "已取消"},
}};

enum class VisitMode { kInPerson, kPhone, kVideo };
inline constexpr core::EnumNames<VisitMode, 3> kVisitModeNames{{
    {VisitMode::kInPerson, "in_person", "入户走访"},
    {VisitMode::kPhone, "phone", "电话访问"},
    {VisitMode::kVideo, "video", "视频访问"},
}};

struct Visit {
  int64_t id = 0;
  int64_t archive_id = 0;
  int64_t resident_id = 0;
  std::string resident_name;  // filled by the repository
  std::string address;        // the household's building address ("" none)
  std::string category;
  std::string place_code;
  std::string place_name;
  std::string month;  // YYYY-MM
  std::optional<int64_t> assignee_id;
  std::string assignee_name;
  VisitStatus status = VisitStatus::kDue;
  std::string visited_on;
  std::optional<VisitMode> mode;
  std::map<std::string, bool> findings;  // checklist item → fine (true) or a problem (false)
  std::string note;
  bool late = false;  // recorded after its month
  std::optional<int64_t> recorded_by;
  std::string recorded_by_name;
  int64_t recorded_at = 0;
  bool synthetic = false;
};

// A photo taken on a visit (JPEG or PNG; the bytes in the care photo store).
struct VisitPhoto {
  int64_t id = 0;
  int64_t visit_id = 0;
  std::string content_type;
  int64_t byte_size = 0;
  std::string storage_name;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
};

struct VisitQuery {
  std::string place_prefix;
  std::string month;  // YYYY-MM, "" every month
  std::vector<std::string> categories;
  std::optional<int64_t> assignee_id;
  std::optional<VisitStatus> status;
  std::optional<int64_t> archive_id;
  core::PageRequest page;  // in (place, id) order; an archive's in (month, id), newest first
};

enum class Urgency { kLow, kNormal, kUrgent };
inline constexpr core::EnumNames<Urgency, 3> kUrgencyNames{{
    {Urgency::kLow, "low", "一般"},
    {Urgency::kNormal, "normal", "较急"},
    {Urgency::kUrgent, "urgent", "紧急"},
}};

enum class NeedStatus { kOpen, kAssigned, kClosed };
inline constexpr core::EnumNames<NeedStatus, 3> kNeedStatusNames{{
    {NeedStatus::kOpen, "open", "待分派"},
    {NeedStatus::kAssigned, "assigned", "处理中"},
    {NeedStatus::kClosed, "closed", "已办结"},
}};

// A need found for a person (by a visit or reported directly): what, for whom, where, by when,
// how urgent; assigned to a worker by hand (the five-society issue adds matching).
struct Need {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;
  std::string place_code;
  std::string place_name;
  std::optional<int64_t> visit_id;
  std::string what;
  Urgency urgency = Urgency::kNormal;
  std::string due_on;
  NeedStatus status = NeedStatus::kOpen;
  std::optional<int64_t> assignee_id;
  std::string assignee_name;
  std::string outcome;
  std::optional<int64_t> event_id;    // handed on as this event (ReferNeed)
  std::optional<int64_t> request_id;  // or filed as this service request
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
};

struct NeedQuery {
  std::string place_prefix;
  std::optional<NeedStatus> status;
  std::optional<int64_t> assignee_id;
  std::optional<int64_t> visit_id;
  // Only needs handed on to an event or a service request, newest first, below `below_id`.
  bool referred = false;
  std::optional<int64_t> below_id;
  size_t limit = 500;
};

// Visits of a month under a place: planned (not cancelled), done in the month, done later,
// missed (still not made once the month is over), still due.
struct ComplianceCounts {
  int64_t planned = 0;
  int64_t on_time = 0;
  int64_t late = 0;
  int64_t missed = 0;
  int64_t due = 0;
};

struct ComplianceRow {
  std::string key;  // a place code (by place) or an account id (by worker; "" unassigned)
  std::string name;
  ComplianceCounts counts;
};

// Per community, the visits of a month of these categories: people planned and people visited
// within the month (C2c).
struct MonthlyVisitFigures {
  std::string community_code;
  int64_t planned = 0;
  int64_t visited = 0;
};

// One community's month as C1 sees it.
struct DiscoveryFigures {
  std::string community_code;
  int64_t visits_due = 0;
  int64_t visits_on_time = 0;
  int64_t findings_due = 0;           // found at least finding_days before the month's end
  int64_t findings_with_outcome = 0;  // of them, decided by the month's end
};

// Whether the community had the mechanism in the month: visits due, enough of them on time,
// and enough of its due findings with an outcome (none due: met).
bool HasDiscoveryMechanism(const DiscoveryRule& rule, const DiscoveryFigures& figures);

class CareRepository {
 public:
  virtual ~CareRepository() = default;
  // Archives. Each write with its audit record in one transaction; kAlreadyExists when the
  // person already has an open archive of the category.
  virtual core::Result<Archive> InsertArchive(const Archive& archive,
                                              const audit::AuditEntry& entry) = 0;
  virtual core::Status UpdateArchive(const Archive& archive, const audit::AuditEntry& entry) = 0;
  // Closes it and cancels its visits still due; false when it was closed meanwhile.
  virtual core::Result<bool> CloseArchive(int64_t id, std::string_view closed_on,
                                          std::string_view reason, int64_t at,
                                          const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Archive>> FindArchive(int64_t id,
                                                           const core::Scope& scope) = 0;
  // A page in (place, name, id) order, scoped by the resident's place.
  virtual core::Result<core::Page<Archive>> ListArchives(const ArchiveQuery& query,
                                                         const core::Scope& scope) = 0;
  // The categories of the open archives of these residents, as (resident id, category).
  virtual core::Result<std::vector<std::pair<int64_t, std::string>>> OpenArchivesOf(
      const std::vector<int64_t>& resident_ids) = 0;
  // Writes the archives at once (an import), one audit record; the number written.
  // kAlreadyExists when one of them meanwhile has an open archive of its category.
  virtual core::Result<int64_t> InsertArchives(const std::vector<Archive>& archives,
                                               const audit::AuditEntry& entry) = 0;
  // The resident's place and name when in scope (nullopt otherwise or when unknown).
  virtual core::Result<std::optional<std::pair<std::string, std::string>>> ResidentPlace(
      int64_t resident_id, const core::Scope& scope) = 0;

  // Visits. The month's plan: for each category with a rule, every open archive of a living
  // person due that month gets one visit (none twice), assigned to the grid worker of the
  // person's grid when there is one; returns the number planned.
  virtual core::Result<int64_t> PlanVisits(std::string_view month,
                                           const std::vector<Category>& categories,
                                           int64_t now) = 0;
  // Marks the month's visits still due as missed; returns per community how many.
  virtual core::Result<std::vector<std::pair<std::string, int64_t>>> MarkMissed(
      std::string_view month, int64_t now) = 0;
  virtual core::Result<std::optional<Visit>> FindVisit(int64_t id, const core::Scope& scope) = 0;
  // A page of visits (storage::KeysetPage): in (place, id) order, or an archive's (archive_id
  // given) newest month first.
  virtual core::Result<core::Page<Visit>> ListVisits(const VisitQuery& query,
                                                     const core::Scope& scope) = 0;
  // Records a visit still due or missed, with the needs it found, one transaction with the
  // audit record: the ids of the needs, or nullopt when the visit was no longer due or missed.
  virtual core::Result<std::optional<std::vector<int64_t>>> RecordVisit(
      const Visit& visit, const std::vector<Need>& needs, const audit::AuditEntry& entry) = 0;
  // Adds the photo's row with its audit record unless the visit already has `max_photos`:
  // the stored photo, or nullopt when full.
  virtual core::Result<std::optional<VisitPhoto>> InsertVisitPhoto(
      const VisitPhoto& photo, int max_photos, const audit::AuditEntry& entry) = 0;
  // The visit's photos, oldest first.
  virtual core::Result<std::vector<VisitPhoto>> ListVisitPhotos(int64_t visit_id) = 0;
  virtual core::Status AssignVisit(int64_t id, std::optional<int64_t> assignee_id,
                                   std::string_view assignee_name,
                                   const audit::AuditEntry& entry) = 0;
  // Counts of a month's visits of these categories under the place, grouped by the place one
  // level below (`group_length` characters of the place code) or, with by_worker, by assignee.
  virtual core::Result<std::vector<ComplianceRow>> Compliance(
      std::string_view month, const std::string& place_prefix, size_t group_length, bool by_worker,
      const std::vector<std::string>& categories, const core::Scope& scope) = 0;
  virtual core::Result<std::vector<MonthlyVisitFigures>> MonthlyFigures(
      std::string_view month, const std::vector<std::string>& categories) = 0;

  // Needs.
  virtual core::Result<Need> InsertNeed(const Need& need, const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Need>> FindNeed(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<std::vector<Need>> ListNeeds(const NeedQuery& query,
                                                    const core::Scope& scope) = 0;
  // Writes status, assignee, outcome and the record it was handed on as.
  virtual core::Status UpdateNeed(const Need& need, const audit::AuditEntry& entry) = 0;

  // An account's display name when it is active and holds a grant covering the place (the
  // responsible worker or assignee must be able to open what they are given); nullopt else.
  virtual core::Result<std::optional<std::string>> WorkerAt(int64_t account_id,
                                                            std::string_view place_code) = 0;
  // Active accounts with a grant of the role at exactly this scope code.
  virtual core::Result<std::vector<int64_t>> AccountsWithGrant(access::Role role,
                                                               std::string_view scope_code) = 0;

  // The seeder: archives for every resident holding one of the tags on `date` in these
  // communities (category per tag), written in one transaction with one audit record; the
  // number written.
  virtual core::Result<int64_t> OpenFromTags(const std::vector<std::string>& communities,
                                             const std::vector<Category>& categories,
                                             std::string_view date, bool synthetic, int64_t now,
                                             const audit::AuditEntry& entry) = 0;
  // The seeder's visit history: the month's planned visits under the places marked done on a
  // day of the month or left missed, by a deterministic draw per visit.
  virtual core::Result<int64_t> SettleSyntheticMonth(std::string_view month, uint64_t seed,
                                                     double done_share, int64_t now) = 0;
};

}  // namespace linli::care

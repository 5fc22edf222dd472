// CareService: archives of people in need by category, monthly visit plans and their records,
// needs, and compliance (issue 19 items 1 and 2; decision 0031).
// Scopes: reads use care.read (a restricted category also needs care.minors or care.health
// covering the place), archive writes care.manage, visit records and needs care.visit. A record
// outside the scope reads as missing (404). Every read of archives is audited (one record per
// list page naming the archive ids, one per archive opened); every write with its audit record in
// its transaction.
// Thread-safety: thread-safe (the categories are immutable; state lives in the repository).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/care/care.hpp"
#include "domain/care/eligibility_service.hpp"
#include "domain/indicators/indicators.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/people/people.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::care {

struct NewArchive {
  int64_t resident_id = 0;
  std::string category;
  std::map<std::string, std::string> fields;
  std::string opened_on;  // "" = today
  std::optional<int64_t> responsible_id;
  std::string review_on;  // "" = opened_on + the category's review period
};

struct ArchivePatch {
  std::optional<std::map<std::string, std::string>> fields;
  std::optional<std::optional<int64_t>> responsible_id;  // set to nullopt to clear
  std::optional<std::string> review_on;
};

struct ArchiveFilter {
  std::string place;     // "" = the caller's widest scope
  std::string category;  // "" = every readable one
  std::string group;
  std::optional<ArchiveStatus> status;
  std::optional<int64_t> resident_id;
  std::string name;
  bool deceased_only = false;
  core::PageRequest page;
};

struct ArchiveDetail {
  Archive archive;
  std::vector<Visit> visits;  // newest first, at most 24
};

struct NeedInput {
  std::string what;
  Urgency urgency = Urgency::kNormal;
  std::string due_on;
};

struct VisitRecordInput {
  std::string visited_on;  // "" = today
  VisitMode mode = VisitMode::kInPerson;
  std::map<std::string, bool> findings;
  std::string note;
  std::vector<NeedInput> needs;
};

struct VisitFilter {
  std::string place;
  std::string month;  // "" = this month
  bool mine = false;
  std::optional<VisitStatus> status;
  core::PageRequest page;
};

struct NewNeed {
  int64_t resident_id = 0;
  NeedInput need;
};

// A visit as its page shows it: the record, its photos and the needs it found.
struct VisitDetail {
  Visit visit;
  std::vector<VisitPhoto> photos;
  std::vector<Need> needs;
};

// What a need is handed on as: an event of a category (the grid's event flow, routed and
// escalated as any report), or a service request of a catalogue item filed for the person.
enum class ReferralKind { kEvent, kServiceRequest };
inline constexpr core::EnumNames<ReferralKind, 2> kReferralKindNames{{
    {ReferralKind::kEvent, "event", "上报事件"},
    {ReferralKind::kServiceRequest, "service_request", "代办服务事项"},
}};

struct NeedReferral {
  ReferralKind kind = ReferralKind::kEvent;
  std::string code;           // the event category or the catalogue item's code
  std::string handling_mode;  // a service request's 办理方式 ("" = grid_proxy, 网格代办)
};

// Where needs are handed on; implemented in the app by the event and service-request services,
// so that the caller's own permissions there apply (events.report, services.handle). Each
// returns the id of the record made — or, for the same key, the one made before (idempotent),
// so that a retry after a failure in between makes no second record.
class NeedReferrals {
 public:
  virtual ~NeedReferrals() = default;
  virtual core::Result<int64_t> ReportEvent(const Need& need, const NeedReferral& referral,
                                            std::string_view key, const access::Caller& caller) = 0;
  virtual core::Result<int64_t> FileRequest(const Need& need, const NeedReferral& referral,
                                            std::string_view key, const access::Caller& caller) = 0;
  // When the record the need was handed on to is finished (an event closed or cancelled; a
  // request completed, closed, rejected or withdrawn): the need's outcome in words, naming the
  // record; nullopt while it is still being handled (or is gone).
  virtual core::Result<std::optional<std::string>> FinishedOutcome(const Need& need) = 0;
};

inline constexpr int kMaxVisitPhotos = 6;
inline constexpr size_t kMaxVisitPhotoBytes = 5 * 1024 * 1024;

struct ComplianceReport {
  std::string place_code;
  std::string month;
  ComplianceCounts total;
  std::vector<ComplianceRow> places;   // one level below (not under a grid)
  std::vector<ComplianceRow> workers;  // by assignee (a community or a grid)
};

// What the month's close found: missed visits per community and the notices sent.
struct MonthClose {
  int64_t missed = 0;
  int64_t notices = 0;
};

// An archives import: rows read, archives written.
struct ArchiveImportOutcome : tabular::ImportReport {
  int64_t rows = 0;
  int64_t imported = 0;
  bool written = false;
};

inline constexpr std::string_view kVisitPlanJobName = "care.visit_plan";
inline constexpr std::string_view kReferralCloseJobName = "care.referrals";

class CareService {
 public:
  // REQUIRES: repository, people, audit, notifier, clock, photos and referrals outlive the
  // service. Without a photo store visits take no photos; without referrals needs are not handed
  // on (both answer kFailedPrecondition).
  CareService(CareRepository& repository, people::PeopleRepository& people, audit::AuditLog& audit,
              notifications::Notifier& notifier, Categories categories, const core::Clock& clock,
              core::FileStore* photos = nullptr, NeedReferrals* referrals = nullptr);

  const Categories& categories() const { return categories_; }
  // The categories the caller may read at the place (its restricted permissions covering it).
  std::vector<const Category*> ReadableAt(std::string_view place,
                                          const access::Caller& caller) const;

  core::Result<core::Page<Archive>> ListArchives(const ArchiveFilter& filter,
                                                 const access::Caller& caller);
  core::Result<ArchiveDetail> GetArchive(int64_t id, const access::Caller& caller);
  core::Result<Archive> OpenArchive(const NewArchive& input, const access::Caller& caller);
  core::Result<Archive> UpdateArchive(int64_t id, const ArchivePatch& patch,
                                      const access::Caller& caller);
  core::Result<Archive> CloseArchive(int64_t id, std::string_view closed_on,
                                     std::string_view reason, const access::Caller& caller);

  // Spreadsheets (care_files.cpp): the archives import template (身份证号, 类别, 建档日期,
  // 复核日期, 档案字段 as "名称=值；名称=值", with 姓名 checked against the registry when given),
  // the all-or-nothing import on the import kernel (care.manage; the people must be registered,
  // alive, in the caller's scope, without an open archive of the category, a restricted
  // category only with its permission), its error copy, and the export of the archives a filter
  // lists (ID numbers masked unless people.personal_data covers the person; one export audit
  // record naming the unmasked archives). At most kMaxExportRows rows.
  static tabular::Table ArchiveTemplate();
  core::Result<ArchiveImportOutcome> ImportArchives(const tabular::Table& table,
                                                    const access::Caller& caller,
                                                    const tabular::ImportOptions& options);
  static core::Result<std::string> ArchiveErrorCopy(const tabular::Table& table,
                                                    const tabular::ImportReport& report);
  core::Result<tabular::Table> ExportArchives(const ArchiveFilter& filter,
                                              const access::Caller& caller);
  static constexpr size_t kMaxExportRows = 20000;

  // A page of the month's visits in scope (or the caller's own), in (place, id) order.
  core::Result<core::Page<Visit>> ListVisits(const VisitFilter& filter,
                                             const access::Caller& caller);
  // Records a visit (due, or missed: then late), creating the needs found; returns the visit
  // and the ids of the needs.
  core::Result<std::pair<Visit, std::vector<int64_t>>> RecordVisit(int64_t id,
                                                                   const VisitRecordInput& input,
                                                                   const access::Caller& caller);
  core::Result<Visit> AssignVisit(int64_t id, std::optional<int64_t> assignee_id,
                                  const access::Caller& caller);
  // A visit with its photos and needs (care.read over its place and the category's restriction).
  core::Result<VisitDetail> GetVisit(int64_t id, const access::Caller& caller);
  // A photo of a recorded visit (care.visit over its place and the category's restriction):
  // JPEG or PNG by its bytes, at most kMaxVisitPhotoBytes, kMaxVisitPhotos a visit; audited.
  core::Result<VisitPhoto> AddVisitPhoto(int64_t visit_id, std::string_view bytes,
                                         const access::Caller& caller);
  // A photo's bytes for whoever may open the visit; every read audited (a photo of a person's
  // home is personal data).
  core::Result<std::pair<VisitPhoto, std::string>> VisitPhotoBytes(int64_t visit_id,
                                                                   int64_t photo_id,
                                                                   const access::Caller& caller);
  core::Result<ComplianceReport> Compliance(std::string_view place, std::string_view month,
                                            const access::Caller& caller);

  core::Result<std::vector<Need>> ListNeeds(const std::string& place,
                                            std::optional<NeedStatus> status, bool mine,
                                            const access::Caller& caller);
  core::Result<Need> CreateNeed(const NewNeed& input, const access::Caller& caller);
  core::Result<Need> AssignNeed(int64_t id, int64_t assignee_id, const access::Caller& caller);
  core::Result<Need> CloseNeed(int64_t id, std::string_view outcome, const access::Caller& caller);
  // Hands an open need on in one step (care.visit over its place): an event of the category or
  // a service request of the item for the person, made with the caller's own permissions; the
  // need then records it and is 处理中. Once only (kFailedPrecondition when handed on or closed).
  core::Result<Need> ReferNeed(int64_t id, const NeedReferral& referral,
                               const access::Caller& caller);
  // Closes every need handed on whose record is finished, with that record's outcome (audited
  // as the system); the count closed. Without referrals: 0.
  core::Result<int64_t> CloseFinishedReferrals();

  // The month's plan for the whole city (idempotent: a visit already planned stays).
  core::Result<int64_t> PlanMonth(std::string_view month);
  // After a month: its visits still due become missed, and each community's workers and its
  // town's officials are told how many (escalation).
  core::Result<MonthClose> CloseMonth(std::string_view month);

  // The seeder: archives from the registry's tags in these communities, then `months` months of
  // plans ending with the current one, the past ones settled (about 93 % visited, the rest
  // missed). The number of archives written (0 when some exist).
  core::Result<int64_t> SeedSynthetic(const std::vector<std::string>& communities, uint64_t seed,
                                      int months);

  // Counts behind C2c: per community, the people of the monthly-visited elderly category planned
  // and visited in the month.
  core::Result<std::vector<MonthlyVisitFigures>> MonthlyFigures(
      std::string_view month, const std::vector<std::string>& categories);

 private:
  core::Result<Archive> FindArchive(int64_t id, const access::Caller& caller,
                                    access::Permission permission);
  core::Status CheckCategoryAccess(const Category& category, std::string_view place,
                                   const access::Caller& caller) const;
  // The visit when the permission's scope covers its place and the caller may read its category
  // (a visit outside either reads as missing or forbidden, as its archive would).
  core::Result<std::pair<Visit, const Category*>> FindVisit(int64_t id,
                                                            const access::Caller& caller,
                                                            access::Permission permission);
  core::Result<std::optional<std::string>> CheckWorker(std::optional<int64_t> account_id,
                                                       std::string_view place,
                                                       std::string_view field);
  core::Result<std::vector<Need>> NeedsOf(const std::vector<NeedInput>& inputs, int64_t resident_id,
                                          const std::string& place_code,
                                          const access::Caller& caller, int64_t now);
  std::string Today() const;
  std::string ThisMonth() const;

  CareRepository& repository_;
  people::PeopleRepository& people_;
  audit::AuditLog& audit_;
  notifications::Notifier& notifier_;
  const Categories categories_;
  const core::Clock& clock_;
  core::FileStore* photos_;
  NeedReferrals* referrals_;
};

// The job `care.visit_plan` (monthly, day 1 at 00:30, each missed month replayed in order):
// closes the month before and plans this one.
core::Result<scheduler::Job> VisitPlanJob(CareService& service);
// `care.referrals`, every 30 minutes: CloseFinishedReferrals.
core::Result<scheduler::Job> ReferralCloseJob(CareService& service);

// C2c from the visits of 特殊困难老年人 (the category `elderly_special_difficulty`); C1 from the
// visits of the discovery rule's categories and the 政策找人 findings (HasDiscoveryMechanism),
// every community of the city measured.
core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry, CareService& care,
                                      EligibilityService& eligibility);

}  // namespace linli::care

// Mandatory reports of harm to a child (强制报告; issue 19 item 4; decision 0034). A mandated
// reporter — a school, a hospital, a kindergarten … signed in with the role `institution` — files a
// short report about a child in a community (what happened, what it knows of the child, how urgent)
// without seeing any record of the registry, and gets a receipt whose status it can follow. The
// report goes to the community's designated children's director (儿童主任) and the county's
// civil-affairs officers (care.minors covering the community), who acknowledge it and close it,
// with the outcome and where it was referred, within the deadlines of data/care/deadlines.json
// (one and five working days of the shared working calendar); a job tells the county's officers
// of each report past a deadline. Every notice names the report as its subject. Reports
// are a restricted record of their own: never on the event boards, every read by a handler
// audited, every step audited.
// Thread-safety: plain values; the repository is implemented by storage/care.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/enum_names.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/calendar/holiday_calendar.hpp"
#include "domain/care/deadlines.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::care {

enum class HarmKind { kAbuse, kNeglect, kAbandonment, kSexualAbuse, kInjury, kOther };
inline constexpr core::EnumNames<HarmKind, 6> kHarmKindNames{{
    {HarmKind::kAbuse, "abuse", "遭受或疑似遭受暴力伤害"},
    {HarmKind::kNeglect, "neglect", "监护缺失或疏于照料"},
    {HarmKind::kAbandonment, "abandonment", "被遗弃"},
    {HarmKind::kSexualAbuse, "sexual_abuse", "遭受或疑似遭受性侵害"},
    {HarmKind::kInjury, "injury", "不明原因严重伤害"},
    {HarmKind::kOther, "other", "其他侵害情形"},
}};

enum class ReportStatus { kReceived, kAcknowledged, kClosed };
inline constexpr core::EnumNames<ReportStatus, 3> kReportStatusNames{{
    {ReportStatus::kReceived, "received", "已接报"},
    {ReportStatus::kAcknowledged, "acknowledged", "已受理"},
    {ReportStatus::kClosed, "closed", "已办结"},
}};

enum class Referral { kNone, kPolice, kProcuratorate, kCourt, kHealth, kOther };
inline constexpr core::EnumNames<Referral, 6> kReferralNames{{
    {Referral::kNone, "none", "未移送"},
    {Referral::kPolice, "police", "移送公安机关"},
    {Referral::kProcuratorate, "procuratorate", "移送检察机关"},
    {Referral::kCourt, "court", "申请人身安全保护令"},
    {Referral::kHealth, "health", "转介医疗救治"},
    {Referral::kOther, "other", "其他"},
}};

struct MandatoryReport {
  int64_t id = 0;
  std::string receipt_code;  // QZBG-YYYYMMDD-NNNNNN
  int64_t reporter_id = 0;
  std::string reporter_name;
  std::string institution;  // the reporting institution as the reporter names it
  std::string contact_phone;
  std::string place_code;  // the child's community
  std::string place_name;  // filled by the repository
  HarmKind kind = HarmKind::kOther;
  bool urgent = false;
  std::string child_name;  // what the reporter knows; "" when not given
  std::optional<int64_t> child_age;
  std::string child_address;
  std::string description;
  ReportStatus status = ReportStatus::kReceived;
  int64_t filed_at = 0;
  int64_t acknowledge_due_at = 0;
  int64_t close_due_at = 0;
  std::optional<int64_t> acknowledged_at;
  std::string acknowledged_by_name;
  std::optional<int64_t> closed_at;
  std::string closed_by_name;
  std::string outcome;
  Referral referral = Referral::kNone;
  int escalations = 0;  // deadlines passed and told to the county
};

struct ReportQuery {
  std::string place_prefix;
  std::optional<ReportStatus> status;
  bool overdue_only = false;
  int64_t now = 0;  // for overdue_only
  core::PageRequest page;
};

class MandatoryReportRepository {
 public:
  virtual ~MandatoryReportRepository() = default;
  // Writes the report with its receipt code and the audit record; returns it with its id.
  virtual core::Result<MandatoryReport> Insert(const MandatoryReport& report,
                                               const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<MandatoryReport>> Find(int64_t id,
                                                            const core::Scope& scope) = 0;
  virtual core::Result<core::Page<MandatoryReport>> List(const ReportQuery& query,
                                                         const core::Scope& scope) = 0;
  // A reporter's own reports, newest first (at most `limit`).
  virtual core::Result<std::vector<MandatoryReport>> OfReporter(int64_t reporter_id,
                                                                size_t limit) = 0;
  // Writes the step when the report still has status `from` (false otherwise), audited.
  virtual core::Result<bool> Update(const MandatoryReport& report, ReportStatus from,
                                    const audit::AuditEntry& entry) = 0;
  // Whether the code names an existing community; its name.
  virtual core::Result<std::optional<std::string>> CommunityName(const std::string& code) = 0;
  // Who handles a community's reports: its community workers whose grant carries the children's
  // director duty, and the county officials of its county (active accounts).
  virtual core::Result<std::vector<int64_t>> Handlers(const std::string& community) = 0;
  // The county officials of the community's county.
  virtual core::Result<std::vector<int64_t>> CountyOfficers(const std::string& community) = 0;
  // Reports past a deadline not yet told for it (escalations below the stage reached).
  virtual core::Result<std::vector<MandatoryReport>> PastDeadline(int64_t now) = 0;
  virtual core::Status MarkEscalated(int64_t id, int escalations) = 0;
};

struct NewReport {
  std::string institution;
  std::string contact_phone;
  std::string place_code;
  HarmKind kind = HarmKind::kOther;
  bool urgent = false;
  std::string child_name;
  std::optional<int64_t> child_age;
  std::string child_address;
  std::string description;
};

inline constexpr std::string_view kReportEscalationJobName = "care.mandatory_report_deadlines";

class MandatoryReports {
 public:
  // REQUIRES: everything outlives the service.
  // The deadlines: data/care/deadlines.json's (ParseCareDeadlines).
  MandatoryReports(MandatoryReportRepository& repository, audit::AuditLog& audit,
                   notifications::Notifier& notifier, calendar::WorkingCalendarSource& calendars,
                   const CareDeadlines& deadlines, const core::Clock& clock);

  // minors.report: the reporter's place is its grant's county; the child's community must lie in
  // it. The handlers are told at once (by SMS too when urgent).
  core::Result<MandatoryReport> File(const NewReport& input, const access::Caller& caller);
  core::Result<std::vector<MandatoryReport>> Mine(const access::Caller& caller);
  // care.minors: scoped by the child's community; each answer audited.
  core::Result<core::Page<MandatoryReport>> List(const ReportQuery& query,
                                                 const access::Caller& caller);
  core::Result<MandatoryReport> Get(int64_t id, const access::Caller& caller);
  core::Result<MandatoryReport> Acknowledge(int64_t id, const access::Caller& caller);
  core::Result<MandatoryReport> Close(int64_t id, std::string_view outcome, Referral referral,
                                      const access::Caller& caller);
  // The job's step: tells the county's officers of each report past a deadline; the number told.
  core::Result<int64_t> EscalatePastDeadline();

 private:
  core::Result<MandatoryReport> Find(int64_t id, const access::Caller& caller);

  MandatoryReportRepository& repository_;
  audit::AuditLog& audit_;
  notifications::Notifier& notifier_;
  calendar::WorkingCalendarSource& calendars_;
  CareDeadlines deadlines_;
  const core::Clock& clock_;
};

// The job (every 30 minutes): EscalatePastDeadline.
core::Result<scheduler::Job> ReportDeadlineJob(MandatoryReports& reports);

}  // namespace linli::care

#include "domain/care/mandatory_reports.hpp"

#include <algorithm>

#include "core/division_code.hpp"
#include "core/identity/phone.hpp"
#include "core/text.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

constexpr const char* kSubject = "mandatory_report";
constexpr size_t kMaxDescription = 1000;

core::Status CheckField(std::string_view text, std::string_view field, size_t max, bool required,
                        core::TextRule rule = core::TextRule::kSingleLine) {
  TRY(core::CheckText(text, field, rule));
  if (required && text.empty()) {
    return core::Error::Validation(std::string(field) + " 不能为空", std::string(field));
  }
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation(
        std::string(field) + " 不能超过 " + std::to_string(max) + " 个字符", std::string(field));
  }
  return core::Ok();
}

}  // namespace

MandatoryReports::MandatoryReports(MandatoryReportRepository& repository, audit::AuditLog& audit,
                                   notifications::Notifier& notifier,
                                   calendar::WorkingCalendarSource& calendars,
                                   const CareDeadlines& deadlines, const core::Clock& clock)
    : repository_(repository),
      audit_(audit),
      notifier_(notifier),
      calendars_(calendars),
      deadlines_(deadlines),
      clock_(clock) {}

core::Result<MandatoryReport> MandatoryReports::File(const NewReport& input, const Caller& caller) {
  // The reporter's county: the first minors.report grant's (institutions report about the
  // children of their county).
  const core::Scope scope = caller.ScopeFor(Permission::kMinorsReport);
  if (scope.prefixes.empty() && !scope.all) {
    return core::Error::PermissionDenied("需要强制报告权限");
  }
  if (input.place_code.size() != 12 || !core::LevelOfCode(input.place_code)) {
    return core::Error::Validation("请选择儿童所在的社区（村）", "place_code");
  }
  const bool in_county =
      scope.all || std::any_of(scope.prefixes.begin(), scope.prefixes.end(), [&](const auto& p) {
        return input.place_code.starts_with(p.substr(0, std::min<size_t>(p.size(), 6)));
      });
  if (!in_county) {
    return core::Error::Validation("只能报告本县（市、区）内的儿童", "place_code");
  }
  ASSIGN_OR_RETURN(auto place_name, repository_.CommunityName(input.place_code));
  if (!place_name) return core::Error::Validation("社区（村）不存在", "place_code");
  MandatoryReport report;
  report.institution = input.institution;
  TRY(CheckField(report.institution, "institution", 60, true));
  auto phone = identity::ParsePhone(input.contact_phone);
  if (!phone.ok()) return core::Error::Validation("联系电话格式不正确", "contact_phone");
  report.contact_phone = phone->text;
  TRY(CheckField(input.child_name, "child_name", 20, false));
  if (input.child_age && (*input.child_age < 0 || *input.child_age > 17)) {
    return core::Error::Validation("未成年人年龄应在 0–17 岁之间", "child_age");
  }
  TRY(CheckField(input.child_address, "child_address", 100, false));
  TRY(CheckField(input.description, "description", kMaxDescription, true,
                 core::TextRule::kMultiLine));
  ASSIGN_OR_RETURN(auto calendar, calendars_.InForce());
  const int64_t now = clock_.NowMillis();
  report.reporter_id = caller.account_id();
  report.reporter_name = caller.name_for_people();
  report.place_code = input.place_code;
  report.place_name = *place_name;
  report.kind = input.kind;
  report.urgent = input.urgent;
  report.child_name = input.child_name;
  report.child_age = input.child_age;
  report.child_address = input.child_address;
  report.description = input.description;
  report.status = ReportStatus::kReceived;
  report.filed_at = now;
  report.acknowledge_due_at =
      calendar->AddWorkingDays(now, deadlines_.report_acknowledge_working_days);
  report.close_due_at = calendar->AddWorkingDays(now, deadlines_.report_close_working_days);
  // What happened is never in the audit record's detail: only the kind and the place.
  auto entry = caller.AuditEntry(audit::AuditAction::kCreate, kSubject, "", input.place_code,
                                 "{\"kind\":\"" + std::string(kHarmKindNames.Name(input.kind)) +
                                     "\",\"urgent\":" + (input.urgent ? "true" : "false") + "}",
                                 now);
  ASSIGN_OR_RETURN(auto stored, repository_.Insert(report, entry));
  ASSIGN_OR_RETURN(auto handlers, repository_.Handlers(input.place_code));
  std::vector<notifications::Notice> notices;
  for (int64_t account : handlers) {
    notifications::Notice notice;
    notice.account_id = account;
    notice.kind = "mandatory_report";
    notice.text = std::string(input.urgent ? "【紧急】" : "") + "收到强制报告 " +
                  stored.receipt_code + "（" + *place_name + "），请于 " +
                  std::to_string(deadlines_.report_acknowledge_working_days) + " 个工作日内受理";
    notice.subject =
        notifications::Subject{notifications::SubjectType::kMandatoryReport, stored.id};
    notice.sms = input.urgent;
    notices.push_back(std::move(notice));
  }
  if (!notices.empty()) TRY(notifier_.Post(std::move(notices)));
  return stored;
}

core::Result<std::vector<MandatoryReport>> MandatoryReports::Mine(const Caller& caller) {
  return repository_.OfReporter(caller.account_id(), 100);
}

core::Result<core::Page<MandatoryReport>> MandatoryReports::List(const ReportQuery& query,
                                                                 const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  ReportQuery checked = query;
  checked.now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto page, repository_.List(checked, caller.ScopeFor(Permission::kCareMinors)));
  if (!page.items.empty()) {
    TRY(audit_.Append(caller.AuditEntry(audit::AuditAction::kRead, kSubject, "list",
                                        query.place_prefix, audit::IdsDetail(page.items),
                                        checked.now)));
  }
  return page;
}

core::Result<MandatoryReport> MandatoryReports::Find(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto report, repository_.Find(id, caller.ScopeFor(Permission::kCareMinors)));
  if (!report) return core::Error::NotFound("报告不存在");
  return std::move(*report);
}

core::Result<MandatoryReport> MandatoryReports::Get(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto report, Find(id, caller));
  TRY(audit_.Append(caller.AuditEntry(audit::AuditAction::kRead, kSubject, std::to_string(id),
                                      report.place_code, "{}", clock_.NowMillis())));
  return report;
}

core::Result<MandatoryReport> MandatoryReports::Acknowledge(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto report, Find(id, caller));
  if (report.status != ReportStatus::kReceived) {
    return core::Error::FailedPrecondition("报告已受理");
  }
  const int64_t now = clock_.NowMillis();
  report.status = ReportStatus::kAcknowledged;
  report.acknowledged_at = now;
  report.acknowledged_by_name = caller.name_for_people();
  auto entry = caller.AuditEntry(audit::AuditAction::kUpdate, kSubject, std::to_string(id),
                                 report.place_code, "{\"status\":\"acknowledged\"}", now);
  ASSIGN_OR_RETURN(bool written, repository_.Update(report, ReportStatus::kReceived, entry));
  if (!written) return core::Error::FailedPrecondition("报告状态已变化，请刷新");
  return Find(id, caller);
}

core::Result<MandatoryReport> MandatoryReports::Close(int64_t id, std::string_view outcome,
                                                      Referral referral, const Caller& caller) {
  ASSIGN_OR_RETURN(auto report, Find(id, caller));
  TRY(CheckField(outcome, "outcome", kMaxDescription, true, core::TextRule::kMultiLine));
  if (report.status != ReportStatus::kAcknowledged) {
    return core::Error::FailedPrecondition("只能办结已受理的报告");
  }
  const int64_t now = clock_.NowMillis();
  report.status = ReportStatus::kClosed;
  report.closed_at = now;
  report.closed_by_name = caller.name_for_people();
  report.outcome = std::string(outcome);
  report.referral = referral;
  auto entry = caller.AuditEntry(
      audit::AuditAction::kUpdate, kSubject, std::to_string(id), report.place_code,
      "{\"status\":\"closed\",\"referral\":\"" + std::string(kReferralNames.Name(referral)) + "\"}",
      now);
  ASSIGN_OR_RETURN(bool written, repository_.Update(report, ReportStatus::kAcknowledged, entry));
  if (!written) return core::Error::FailedPrecondition("报告状态已变化，请刷新");
  return Find(id, caller);
}

core::Result<int64_t> MandatoryReports::EscalatePastDeadline() {
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto reports, repository_.PastDeadline(now));
  int64_t told = 0;
  for (const auto& report : reports) {
    // Stage 1: not acknowledged in time; stage 2: not closed in time.
    const int stage = report.status == ReportStatus::kReceived ? 1 : 2;
    ASSIGN_OR_RETURN(auto officers, repository_.CountyOfficers(report.place_code));
    std::vector<notifications::Notice> notices;
    for (int64_t account : officers) {
      notifications::Notice notice;
      notice.account_id = account;
      notice.kind = "mandatory_report";
      notice.text = "强制报告 " + report.receipt_code + "（" + report.place_name + "）" +
                    (stage == 1 ? "逾期未受理" : "逾期未办结") + "，请督办";
      notice.subject =
          notifications::Subject{notifications::SubjectType::kMandatoryReport, report.id};
      notice.sms = report.urgent;
      notices.push_back(std::move(notice));
    }
    if (!notices.empty()) TRY(notifier_.Post(std::move(notices)));
    TRY(repository_.MarkEscalated(report.id, stage));
    ++told;
  }
  return told;
}

core::Result<scheduler::Job> ReportDeadlineJob(MandatoryReports& reports) {
  scheduler::Job job;
  job.name = std::string(kReportEscalationJobName);
  job.title = "强制报告逾期督办（逾期未受理、未办结的告知县级民政）";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::EveryMinutes(30));
  job.run = [&reports](int64_t) -> core::Status {
    TRY(reports.EscalatePastDeadline());
    return core::Ok();
  };
  return job;
}

}  // namespace linli::care

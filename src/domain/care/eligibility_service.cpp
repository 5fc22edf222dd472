#include "domain/care/eligibility_service.hpp"

#include "core/division_code.hpp"
#include "core/identity/date.hpp"
#include "core/text.hpp"
#include "domain/indicators/indicators.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

constexpr size_t kMaxNoteCharacters = 500;
constexpr const char* kFindingSubject = "care_finding";

}  // namespace

EligibilityService::EligibilityService(EligibilityRepository& repository,
                                       people::PeopleRepository& people, audit::AuditLog& audit,
                                       Benefits benefits, const core::Clock& clock)
    : repository_(repository),
      people_(people),
      audit_(audit),
      benefits_(std::move(benefits)),
      clock_(clock) {}

std::string EligibilityService::Today() const {
  return calendar::ChinaDateOf(clock_.NowMillis()).ToString();
}

core::Result<std::vector<RunCounts>> EligibilityService::Run(
    const std::vector<int64_t>& residents) {
  return repository_.Run(benefits_.benefits, Today(), clock_.NowMillis(), residents);
}

core::Result<core::Page<Finding>> EligibilityService::List(const FindingFilter& filter,
                                                           const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kCareRead);
  if (!filter.place.empty() && !core::LevelOfCode(filter.place)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  if (!filter.benefit.empty() && benefits_.Find(filter.benefit) == nullptr) {
    return core::Error::InvalidArgument("未知待遇：" + filter.benefit, "benefit");
  }
  if (!filter.place.empty() && !scope.Intersects(filter.place)) return core::Page<Finding>{};
  FindingQuery query{filter.place, filter.benefit, filter.kind, filter.status, filter.page};
  ASSIGN_OR_RETURN(auto page, repository_.List(query, scope));
  if (!page.items.empty()) {
    TRY(audit_.Append(caller.AuditEntry(audit::AuditAction::kRead, kFindingSubject, "list",
                                        filter.place.substr(0, 12), audit::IdsDetail(page.items),
                                        clock_.NowMillis())));
  }
  return page;
}

core::Result<Finding> EligibilityService::RecordOutcome(int64_t id, FindingStatus status,
                                                        std::string_view note,
                                                        const Caller& caller) {
  ASSIGN_OR_RETURN(auto found, repository_.Find(id, caller.ScopeFor(Permission::kCareManage)));
  if (!found) return core::Error::NotFound("线索不存在");
  if (status == FindingStatus::kOpen || status == FindingStatus::kResolved) {
    return core::Error::Validation("结果应为 applied、declined、not_eligible、enrolled 或 stopped",
                                   "status");
  }
  // Enrolling answers a finding of someone eligible; stopping one of someone enrolled.
  if (status == FindingStatus::kEnrolled && found->kind != FindingKind::kEligible) {
    return core::Error::Validation("只能为“可能符合条件”的线索登记纳入", "status");
  }
  if (status == FindingStatus::kStopped && found->kind != FindingKind::kNoLongerEligible) {
    return core::Error::Validation("只能为“可能不再符合”的线索登记停发", "status");
  }
  TRY(core::CheckText(note, "note", core::TextRule::kMultiLine));
  if (core::CodePointCount(note) > kMaxNoteCharacters) {
    return core::Error::Validation("note 不能超过 500 个字符", "note");
  }
  if (found->status != FindingStatus::kOpen) {
    return core::Error::FailedPrecondition("线索已处理");
  }
  Finding decided = *found;
  decided.status = status;
  decided.outcome_note = std::string(note);
  decided.worker_id = caller.account_id();
  decided.worker_name = caller.name_for_people();
  decided.updated_at = clock_.NowMillis();
  ASSIGN_OR_RETURN(
      bool recorded,
      repository_.RecordOutcome(
          decided, Today(),
          caller.AuditEntry(audit::AuditAction::kUpdate, kFindingSubject, std::to_string(id),
                            found->place_code.substr(0, 12),
                            "{\"status\":\"" + std::string(kFindingStatusNames.Name(status)) +
                                "\",\"benefit\":\"" + found->benefit + "\"}",
                            decided.updated_at)));
  if (!recorded) return core::Error::FailedPrecondition("线索已处理");
  return decided;
}

core::Result<std::vector<ContactFigures>> EligibilityService::ContactFiguresOf(
    std::string_view month, int days) {
  const std::string last_day = indicators::LastDayOf(month);
  ASSIGN_OR_RETURN(auto last, identity::ParseDate(last_day));
  const std::string found_by =
      identity::FormatDate(identity::CivilFromDays(identity::DaysFromCivil(last) - days));
  return repository_.ContactFiguresOf(found_by, last_day);
}

core::Result<int64_t> EligibilityService::SeedSynthetic(double share, uint64_t seed) {
  ASSIGN_OR_RETURN(int64_t enrolled,
                   repository_.EnrolSynthetic(benefits_.benefits, Today(), share, seed));
  TRY(Run());
  return enrolled;
}

core::Result<scheduler::Job> EligibilityJob(EligibilityService& service) {
  scheduler::Job job;
  job.name = std::string(kEligibilityJobName);
  job.title = "政策找人：按待遇规则筛查全部人口";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::DailyAt(3, 0));
  job.catch_up = scheduler::CatchUp::kMerge;
  job.lease_ms = 60 * 60 * 1000;
  job.retry_after_ms = 30 * 60 * 1000;
  job.run = [&service](int64_t) -> core::Status {
    TRY(service.Run());
    return core::Ok();
  };
  return job;
}

}  // namespace linli::care

#include "domain/care/applications.hpp"

#include "core/division_code.hpp"
#include "core/text.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;
using access::Role;

constexpr const char* kSubject = "care_application";

core::Status CheckNote(std::string_view text, std::string_view field, bool required) {
  TRY(core::CheckText(text, field, core::TextRule::kMultiLine));
  if (required && text.empty()) {
    return core::Error::Validation(std::string(field) + " 不能为空", std::string(field));
  }
  if (core::CodePointCount(text) > 500) {
    return core::Error::Validation(std::string(field) + " 不能超过 500 个字符", std::string(field));
  }
  return core::Ok();
}

std::string DivisionOf(std::string_view place) {
  return std::string(place.substr(0, std::min<size_t>(place.size(), 12)));
}

}  // namespace

Applications::Applications(ApplicationRepository& repository, EligibilityService& eligibility,
                           people::PeopleRepository& people, notifications::Notifier& notifier,
                           calendar::WorkingCalendarSource& calendars,
                           const CareDeadlines& deadlines, const core::Clock& clock)
    : repository_(repository),
      eligibility_(eligibility),
      people_(people),
      notifier_(notifier),
      calendars_(calendars),
      deadlines_(deadlines),
      clock_(clock) {}

std::string Applications::Today() const {
  return calendar::ChinaDateOf(clock_.NowMillis()).ToString();
}

core::Result<Application> Applications::File(const NewApplication& input, const Caller& caller) {
  ASSIGN_OR_RETURN(auto person, people_.FindResident(input.resident_id,
                                                     caller.ScopeFor(Permission::kCareManage)));
  if (!person || person->status == people::ResidentStatus::kDeceased ||
      person->status == people::ResidentStatus::kMovedOut) {
    return core::Error::Validation("居民不存在、不在管辖范围内或已不在本地", "resident_id");
  }
  Application a;
  a.resident_id = person->id;
  a.place_code = person->grid_code.empty() ? person->community_code : person->grid_code;
  a.kind = input.kind;
  TRY(CheckNote(input.reason, "reason", true));
  a.reason = input.reason;
  a.finding_id = input.finding_id;
  ASSIGN_OR_RETURN(auto calendar, calendars_.InForce());
  const int64_t now = clock_.NowMillis();
  if (input.kind == ApplicationKind::kBenefit) {
    if (eligibility_.benefits().Find(input.benefit) == nullptr) {
      return core::Error::Validation("未知待遇：" + input.benefit, "benefit");
    }
    if (input.amount_cents != 0) {
      return core::Error::Validation("待遇申请不填金额（由规定标准确定）", "amount");
    }
    if (input.finding_id) {
      // The finding it follows: the same person and benefit.
      ASSIGN_OR_RETURN(auto subject, repository_.FindingSubject(*input.finding_id));
      if (!subject || subject->first != person->id || subject->second != input.benefit) {
        return core::Error::Validation("线索不存在，或不是此人此项待遇的线索", "finding_id");
      }
    }
    ASSIGN_OR_RETURN(bool pending, repository_.HasPending(person->id, input.benefit));
    if (pending) return core::Error::AlreadyExists("此人已有该待遇的申请在审批中", "benefit");
    a.benefit = input.benefit;
    a.stage_due_at = calendar->AddWorkingDays(now, deadlines_.town_review_working_days);
  } else {
    if (!input.benefit.empty()) {
      return core::Error::Validation("急难救助不关联待遇", "benefit");
    }
    if (input.finding_id) return core::Error::Validation("急难救助不关联线索", "finding_id");
    if (input.amount_cents <= 0 || input.amount_cents > kMaxEmergencyCents) {
      return core::Error::Validation("急难救助金额应在 0–50000 元之间", "amount");
    }
    a.amount_cents = input.amount_cents;
    a.stage_due_at = calendar->AddWorkingDays(now, deadlines_.emergency_working_days);
  }
  a.status = ApplicationStatus::kTown;
  a.filed_by_name = caller.name_for_people();
  a.filed_at = a.updated_at = now;
  auto entry = caller.AuditEntry(
      audit::AuditAction::kCreate, kSubject, "", DivisionOf(a.place_code),
      "{\"kind\":\"" + std::string(kApplicationKindNames.Name(a.kind)) + "\",\"benefit\":\"" +
          a.benefit + "\",\"resident_id\":" + std::to_string(a.resident_id) + "}",
      now);
  ASSIGN_OR_RETURN(auto stored, repository_.Insert(a, entry));
  return Find(stored.id, caller);
}

core::Result<core::Page<Application>> Applications::List(const ApplicationQuery& query,
                                                         const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  return repository_.List(query, caller.ScopeFor(Permission::kCareRead));
}

core::Result<Application> Applications::Find(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto found, repository_.Find(id, caller.ScopeFor(Permission::kCareRead)));
  if (!found) return core::Error::NotFound("申请不存在");
  return std::move(*found);
}

core::Result<Application> Applications::Get(int64_t id, const Caller& caller) {
  return Find(id, caller);
}

bool Applications::MayDecide(const Application& a, const Caller& caller) const {
  // The stage's level or above, whose grant covers the person's place and holds care.manage.
  std::vector<Role> roles;
  if (a.status == ApplicationStatus::kTown) {
    roles = {Role::kTownOfficial, Role::kCountyOfficial, Role::kCityAdmin};
  } else if (a.status == ApplicationStatus::kCounty) {
    roles = {Role::kCountyOfficial, Role::kCityAdmin};
  } else if (a.kind == ApplicationKind::kEmergency) {
    roles = {Role::kTownOfficial, Role::kCountyOfficial, Role::kCityAdmin};  // the payment
  }
  if (caller.IsSystem()) return true;
  for (const auto& grant : caller.grants()) {
    if (std::find(roles.begin(), roles.end(), grant.role) == roles.end()) continue;
    if (!access::GrantHolds(grant, Permission::kCareManage)) continue;
    if (a.place_code.starts_with(grant.scope_code)) return true;
  }
  return false;
}

core::Result<Application> Applications::Decide(int64_t id, Decision decision, std::string_view note,
                                               const Caller& caller) {
  ASSIGN_OR_RETURN(Application a, Find(id, caller));
  if (a.status != ApplicationStatus::kTown && a.status != ApplicationStatus::kCounty) {
    return core::Error::FailedPrecondition("申请已审批完毕");
  }
  if (!MayDecide(a, caller)) {
    return core::Error::PermissionDenied(
        a.status == ApplicationStatus::kTown ? "需由乡镇（街道）或上级审核" : "需由县级民政审批");
  }
  TRY(CheckNote(note, "note", decision == Decision::kReject));
  ASSIGN_OR_RETURN(auto calendar, calendars_.InForce());
  const int64_t now = clock_.NowMillis();
  const ApplicationStatus from = a.status;
  ApplicationStep step;
  step.level = from == ApplicationStatus::kTown ? "town" : "county";
  step.decision = decision;
  step.note = std::string(note);
  step.by_name = caller.name_for_people();
  step.at = now;
  std::optional<std::string> enrol_on;
  if (decision == Decision::kReject) {
    a.status = ApplicationStatus::kRejected;
    a.stage_due_at = 0;
  } else if (from == ApplicationStatus::kTown && a.kind == ApplicationKind::kBenefit) {
    a.status = ApplicationStatus::kCounty;
    a.stage_due_at = calendar->AddWorkingDays(now, deadlines_.county_approval_working_days);
  } else {
    a.status = ApplicationStatus::kApproved;
    a.stage_due_at = 0;
    if (a.kind == ApplicationKind::kBenefit) enrol_on = Today();
  }
  a.updated_at = now;
  auto entry = caller.AuditEntry(audit::AuditAction::kUpdate, kSubject, std::to_string(id),
                                 DivisionOf(a.place_code),
                                 "{\"level\":\"" + step.level + "\",\"decision\":\"" +
                                     std::string(kDecisionNames.Name(decision)) + "\"}",
                                 now);
  ASSIGN_OR_RETURN(bool written, repository_.Advance(a, from, step, enrol_on, entry));
  if (!written) return core::Error::FailedPrecondition("申请状态已变化，请刷新");
  return Find(id, caller);
}

core::Result<Application> Applications::Pay(int64_t id, int64_t amount_cents, std::string_view note,
                                            const Caller& caller) {
  ASSIGN_OR_RETURN(Application a, Find(id, caller));
  if (a.kind != ApplicationKind::kEmergency) {
    return core::Error::FailedPrecondition("只有已批准的急难救助可以登记发放");
  }
  // The town (or above) pays; before approval the town stage's deciders are the same people.
  if (!MayDecide(a, caller)) return core::Error::PermissionDenied("需由乡镇（街道）或上级登记发放");
  if (a.status != ApplicationStatus::kApproved) {
    return core::Error::FailedPrecondition("只有已批准的急难救助可以登记发放");
  }
  TRY(CheckNote(note, "note", false));
  if (amount_cents <= 0 || amount_cents > a.amount_cents) {
    return core::Error::Validation("发放金额应大于 0 且不超过批准金额", "amount");
  }
  const int64_t now = clock_.NowMillis();
  ApplicationStep step;
  step.level = "payment";
  step.decision = Decision::kApprove;
  step.note = std::string(note);
  step.by_name = caller.name_for_people();
  step.at = now;
  a.status = ApplicationStatus::kPaid;
  a.paid_at = now;
  a.paid_cents = amount_cents;
  a.updated_at = now;
  auto entry = caller.AuditEntry(audit::AuditAction::kUpdate, kSubject, std::to_string(id),
                                 DivisionOf(a.place_code),
                                 "{\"paid_cents\":" + std::to_string(amount_cents) + "}", now);
  ASSIGN_OR_RETURN(bool written,
                   repository_.Advance(a, ApplicationStatus::kApproved, step, std::nullopt, entry));
  if (!written) return core::Error::FailedPrecondition("申请状态已变化，请刷新");
  // A hardship often shows a benefit the person qualifies for: their rules run again now.
  TRY(eligibility_.Run({a.resident_id}));
  return Find(id, caller);
}

core::Result<int64_t> Applications::EscalatePastDeadline() {
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto overdue, repository_.PastDeadline(now, 500));
  int64_t told = 0;
  for (const auto& a : overdue) {
    // Stage 1: the town's review (or an emergency's decision), told to the county's
    // civil-affairs officials; stage 2: the county's approval, told to the city's. Both hold
    // care.read over the whole of their division, so they may open the application.
    const bool county_stage = a.status == ApplicationStatus::kCounty;
    const int stage = county_stage ? 2 : 1;
    const access::Role above = county_stage ? Role::kCityAdmin : Role::kCountyOfficial;
    const std::string above_code = a.place_code.substr(0, county_stage ? 4 : 6);
    ASSIGN_OR_RETURN(auto accounts, repository_.AccountsWithGrant(above, above_code));
    std::string what;
    int days = 0;
    if (a.kind == ApplicationKind::kEmergency) {
      what = "急难救助申请 #" + std::to_string(a.id) + "（" + a.place_name + "）";
      days = deadlines_.emergency_working_days;
    } else {
      const Benefit* benefit = eligibility_.benefits().Find(a.benefit);
      what = "救助申请 #" + std::to_string(a.id) + "（" +
             (benefit != nullptr ? benefit->name : a.benefit) + "，" + a.place_name + "）";
      days = county_stage ? deadlines_.county_approval_working_days
                          : deadlines_.town_review_working_days;
    }
    const std::string text = what + "超过 " + std::to_string(days) + " 个工作日未经" +
                             (county_stage ? "县级民政审批" : "乡镇（街道）审核") + "，请督办";
    std::vector<notifications::Notice> notices;
    for (int64_t account : accounts) {
      notifications::Notice notice;
      notice.account_id = account;
      notice.kind = "application_overdue";
      notice.text = text;
      notice.subject = notifications::Subject{notifications::SubjectType::kApplication, a.id};
      notice.sms = a.kind == ApplicationKind::kEmergency;  // a hardship waits for no one
      notices.push_back(std::move(notice));
    }
    if (!notices.empty()) TRY(notifier_.Post(std::move(notices)));
    TRY(repository_.MarkEscalated(a.id, stage));
    ++told;
  }
  return told;
}

core::Result<scheduler::Job> ApplicationDeadlineJob(Applications& applications) {
  scheduler::Job job;
  job.name = std::string(kApplicationDeadlineJobName);
  job.title = "救助申请逾期督办（乡镇审核、急难救助逾期告知县级民政，县级审批逾期告知市级）";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::EveryMinutes(30));
  job.run = [&applications](int64_t) -> core::Status {
    TRY(applications.EscalatePastDeadline());
    return core::Ok();
  };
  return job;
}

}  // namespace linli::care

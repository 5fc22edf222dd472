// Applications for assistance and their approval ladder (issue 19 items 5 and 7; decision 0035).
// A community worker files an application for a person — for a benefit of the 政策找人 rules
// (often the outcome "applied" of a finding), or an emergency (救急难: a sudden hardship, with the
// amount of temporary assistance proposed). A benefit goes up the ladder community → town
// (review within 5 working days) → county civil affairs (approval within 10); an emergency is
// decided by the town within 1 working day (the deadlines: data/care/deadlines.json), then paid
// and recorded, and the person's rules are run again at once (a hardship often reveals a benefit
// they qualify for). A job tells the level above of each stage past its deadline, once per
// stage: a town review or an emergency not decided in time → the county's civil-affairs
// officials; a county approval → the city's. Each decision —
// approve or reject, with a note — is a step of the record, audited; an approved benefit starts
// the person's enrolment in the same transaction. Who decides a stage: an official of that level
// (or above) whose grant covers the person's place.
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
#include "domain/care/eligibility_service.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/people/people.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::care {

enum class ApplicationKind { kBenefit, kEmergency };
inline constexpr core::EnumNames<ApplicationKind, 2> kApplicationKindNames{{
    {ApplicationKind::kBenefit, "benefit", "待遇申请"},
    {ApplicationKind::kEmergency, "emergency", "急难救助"},
}};

// Where an application stands: with the town, with the county, or decided (and, for an
// emergency, paid).
enum class ApplicationStatus { kTown, kCounty, kApproved, kRejected, kPaid };
inline constexpr core::EnumNames<ApplicationStatus, 5> kApplicationStatusNames{{
    {ApplicationStatus::kTown, "town", "待乡镇（街道）审核"},
    {ApplicationStatus::kCounty, "county", "待县级民政审批"},
    {ApplicationStatus::kApproved, "approved", "已批准"},
    {ApplicationStatus::kRejected, "rejected", "未批准"},
    {ApplicationStatus::kPaid, "paid", "已发放"},
}};

enum class Decision { kApprove, kReject };
inline constexpr core::EnumNames<Decision, 2> kDecisionNames{{
    {Decision::kApprove, "approve", "同意"},
    {Decision::kReject, "reject", "不同意"},
}};

// The largest emergency amount a town decides (yuan × 100).
inline constexpr int64_t kMaxEmergencyCents = 5'000'000;

struct ApplicationStep {
  std::string level;  // town | county | payment
  Decision decision = Decision::kApprove;
  std::string note;
  std::string by_name;
  int64_t at = 0;
};

struct Application {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;  // filled by the repository
  std::string place_code;
  std::string place_name;
  ApplicationKind kind = ApplicationKind::kBenefit;
  std::string benefit;       // a benefit's code; "" for an emergency
  int64_t amount_cents = 0;  // emergency: proposed (then approved) temporary assistance
  std::string reason;
  std::optional<int64_t> finding_id;
  ApplicationStatus status = ApplicationStatus::kTown;
  int64_t stage_due_at = 0;  // 0 once decided
  std::string filed_by_name;
  int64_t filed_at = 0;
  std::optional<int64_t> paid_at;
  int64_t paid_cents = 0;
  int64_t updated_at = 0;
  // Stages past their deadline told to the level above: 1 once the town's (or an emergency's)
  // was, 2 once the county's was.
  int escalations = 0;
  std::vector<ApplicationStep> steps;  // detail only, oldest first
};

struct ApplicationQuery {
  std::string place_prefix;
  std::optional<ApplicationStatus> status;
  std::optional<ApplicationKind> kind;
  core::PageRequest page;
};

class ApplicationRepository {
 public:
  virtual ~ApplicationRepository() = default;
  virtual core::Result<Application> Insert(const Application& application,
                                           const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Application>> Find(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<core::Page<Application>> List(const ApplicationQuery& query,
                                                     const core::Scope& scope) = 0;
  // Writes the new state and the step when the application is still at `from` (false
  // otherwise); `enrol_on` (a date) starts the person's enrolment in the benefit in the same
  // transaction. Audited.
  virtual core::Result<bool> Advance(const Application& application, ApplicationStatus from,
                                     const ApplicationStep& step,
                                     const std::optional<std::string>& enrol_on,
                                     const audit::AuditEntry& entry) = 0;
  // The person and benefit of a 政策找人 finding (nullopt: no such finding).
  virtual core::Result<std::optional<std::pair<int64_t, std::string>>> FindingSubject(
      int64_t finding_id) = 0;
  // Whether the person has an application of this benefit still with the town or county.
  virtual core::Result<bool> HasPending(int64_t resident_id, const std::string& benefit) = 0;
  // Applications whose stage is past its deadline and not yet told for it: with the town and
  // escalations < 1, or with the county and escalations < 2; oldest first, at most `limit`.
  virtual core::Result<std::vector<Application>> PastDeadline(int64_t now, size_t limit) = 0;
  // Who is told of a stage past its deadline: the active accounts whose grant has `role` and
  // exactly `scope_code` (the county's officials, the city's administrators).
  virtual core::Result<std::vector<int64_t>> AccountsWithGrant(access::Role role,
                                                               const std::string& scope_code) = 0;
  // Records that the stage was told (escalations = `escalations`).
  virtual core::Status MarkEscalated(int64_t id, int escalations) = 0;
};

inline constexpr std::string_view kApplicationDeadlineJobName = "care.application_deadlines";

struct NewApplication {
  int64_t resident_id = 0;
  ApplicationKind kind = ApplicationKind::kBenefit;
  std::string benefit;
  int64_t amount_cents = 0;
  std::string reason;
  std::optional<int64_t> finding_id;
};

class Applications {
 public:
  // REQUIRES: everything outlives the service. The deadlines: data/care/deadlines.json's.
  Applications(ApplicationRepository& repository, EligibilityService& eligibility,
               people::PeopleRepository& people, notifications::Notifier& notifier,
               calendar::WorkingCalendarSource& calendars, const CareDeadlines& deadlines,
               const core::Clock& clock);

  // care.manage over the person's place: a benefit of the rules (not one the person has an
  // application of pending), or an emergency with its amount.
  core::Result<Application> File(const NewApplication& input, const access::Caller& caller);
  core::Result<core::Page<Application>> List(const ApplicationQuery& query,
                                             const access::Caller& caller);
  core::Result<Application> Get(int64_t id, const access::Caller& caller);
  // The stage's decision by an official of its level or above covering the place.
  core::Result<Application> Decide(int64_t id, Decision decision, std::string_view note,
                                   const access::Caller& caller);
  // An approved emergency's payment, recorded by the town (at most the approved amount); the
  // person's rules run again.
  core::Result<Application> Pay(int64_t id, int64_t amount_cents, std::string_view note,
                                const access::Caller& caller);
  // The job's step: tells the level above of each stage past its deadline (the notice's subject
  // is the application; its recipients hold care.read over the person's place); the number of
  // applications told.
  core::Result<int64_t> EscalatePastDeadline();

 private:
  core::Result<Application> Find(int64_t id, const access::Caller& caller);
  bool MayDecide(const Application& application, const access::Caller& caller) const;
  std::string Today() const;

  ApplicationRepository& repository_;
  EligibilityService& eligibility_;
  people::PeopleRepository& people_;
  notifications::Notifier& notifier_;
  calendar::WorkingCalendarSource& calendars_;
  CareDeadlines deadlines_;
  const core::Clock& clock_;
};

// The job (every 30 minutes): EscalatePastDeadline.
core::Result<scheduler::Job> ApplicationDeadlineJob(Applications& applications);

}  // namespace linli::care

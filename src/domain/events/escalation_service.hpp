// EscalationService: the whistle (街社吹哨、部门报到). A community or town escalates an event to
// departments (one Escalation each); each stage (check in, handle, verify) runs on the clock of
// events::EscalationPolicy::Default on the working calendar in force, with yellow/red
// warnings; extensions need a supervisor's approval; supervision rises by steps; the event
// follows its escalations (resolved and verified when the last one is verified, escalated again
// when one is reopened). Departments' boards and the ranking read the same rows.
// Warnings are computed when an escalation is read; notifications for them (and automatic
// supervision once overdue) are written by Sweep(), which the scheduler runs as the job
// `events.warning_sweep` (WarningSweepJob; every minute by default, missed runs merged), so that
// deadlines fire whether or not anyone reads. Reads never sweep. Sweep is idempotent
// (warned_level).
// Permissions: events.escalate (blow the whistle, verify, withdraw, reopen, rate as the
// community), events.department (a department officer's check-in, feedback, extension
// requests; scope and department from the grant), events.supervise (approve extensions,
// supervise, any department's board in scope), events.read (read in scope, ranking); the
// event's reporter may read and rate. Outside the caller's sight: kNotFound.
// Thread-safety: thread-safe (no state of its own; the repository serialises writes with
// guards).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/events/dependencies.hpp"
#include "domain/events/events.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::events {

// One escalation as its department sees it (GET /escalations/{id}): the escalation, and the
// event it is about with its photos and the timeline rows that concern this escalation (the
// event's own rows and this escalation's, not other departments'). `event` is empty when the
// caller may see the escalation but not the event.
struct EscalationDetail {
  EscalationView view;
  std::optional<Event> event;
  std::vector<Photo> photos;
  std::vector<TransitionRecord> transitions;
};

struct EscalateRequest {
  std::vector<std::string> departments;
  std::string reason;
};

struct EscalationActionRequest {
  std::string action;
  std::string reason;
  std::string feedback;
  int amount = 0;  // request_extension, in the stage's unit
  std::optional<int> rating;
};

struct RankingRow {
  int rank = 0;
  std::string department;
  int64_t escalations = 0;
  double on_time_check_in_rate = 0;    // 0..1
  double on_time_completion_rate = 0;  // 0..1
  std::optional<double> mean_rating;   // 1..5
  int64_t ratings = 0;
};

class EscalationService final {
 public:
  explicit EscalationService(const EventDependencies& dependencies);

  core::Result<std::vector<EscalationView>> Escalate(int64_t event_id,
                                                     const EscalateRequest& request,
                                                     const access::Caller& caller);
  core::Result<EscalationView> GetEscalation(int64_t id, const access::Caller& caller);
  // GetEscalation with the event, its photos and the escalation's timeline.
  core::Result<EscalationDetail> GetEscalationDetail(int64_t id, const access::Caller& caller);
  // The city's named departments a whistle is addressed to (the routing rules' list), in the
  // order listed. Anyone who takes part in the whistle may read it (events.read, .escalate,
  // .department or .supervise); others kPermissionDenied.
  core::Result<std::vector<Department>> Departments(const access::Caller& caller) const;
  core::Result<EscalationView> ActOnEscalation(int64_t id, const EscalationActionRequest& request,
                                               const access::Caller& caller);
  // Open escalations of the caller's department (or `department` when the caller has several),
  // overdue first (earliest stage deadline first), with warning levels. A supervisor
  // (events.supervise) names any department and sees its escalations inside the supervisor's
  // jurisdiction. kPermissionDenied without events.department or events.supervise;
  // kValidationFailed (field department) when no department is named or granted.
  core::Result<std::vector<EscalationView>> Board(const std::string& department,
                                                  const access::Caller& caller);
  // The supervisor's view (events.supervise): open escalations of every department inside the
  // caller's jurisdiction that have a yellow or red warning, red first, earliest deadline first.
  // kPermissionDenied without events.supervise.
  core::Result<std::vector<EscalationView>> Warnings(const access::Caller& caller);
  // Departments ranked over escalations created in [from, until] (China dates), inside the
  // caller's events.read scope.
  core::Result<std::vector<RankingRow>> Ranking(std::string_view from, std::string_view until,
                                                const access::Caller& caller);
  // Notifies new yellow/red warnings and raises supervision that overdue time calls for.
  // Returns the number of escalations changed.
  core::Result<int> Sweep();

 private:
  struct Act;  // one action on one escalation, as it is worked out (escalation_service.cpp)
  core::Result<Act> Prepare(int64_t id, const EscalationActionRequest& request,
                            const access::Caller& caller);
  // The escalation's own change, by who takes the step.
  core::Status DepartmentStep(Act& act);
  core::Status SupervisorStep(Act& act);
  core::Status WhistlerStep(Act& act);
  // The notices to the department and to the whistler.
  core::Status NotifyOfStep(Act& act);
  // The event follows its escalations.
  core::Status FollowEvent(Act& act);
  EscalationView ViewAfter(const Act& act);
  // One page of Sweep's candidates; `department_accounts` caches recipients across pages.
  // Open escalations of `department` ("": every one) inside `scope` as the caller sees them,
  // red first; only those with a warning when warned_only.
  core::Result<std::vector<EscalationView>> WarnedBoard(const std::string& department,
                                                        const core::Scope& scope,
                                                        const access::Caller& caller,
                                                        bool warned_only);
  core::Result<int> SweepPage(const std::vector<Escalation>& candidates, int64_t now,
                              const calendar::WorkingCalendar& calendar,
                              std::map<std::string, std::vector<int64_t>>& department_accounts);

  EventDependencies dependencies_;
};

// The scheduler's job for Sweep (registered by app/jobs.cpp): "events.warning_sweep", every
// `minutes` minutes, missed runs merged into one (the latest sweep covers every earlier one).
// REQUIRES: the service outlives the scheduler.
core::Result<scheduler::Job> WarningSweepJob(EscalationService& service, int minutes);

}  // namespace linli::events

// Replays a year of synthetic service-desk activity (synthetic::PlanDay) through the domain
// services — service_requests::RequestService, events::EventService and the whistle's
// events::EscalationService, with every validation, transition record and notification of a
// real call — moving a core::ManualClock from one planned action to the next. Shared by
// bench/activity and `linli seed activity`.
//
// Prepare() builds the world (communities, catalogue items that can be filed without an
// appointment, the taxonomy's active leaves, the whistle's departments) and the accounts the
// actions need: per community a community worker (requests desk, event handling, whistle), a
// grid worker and a resident (reporters); per county a county official (supervisor, extension
// approvals); per department an officer with the city as scope (made on first use: routing rules
// name departments of their own). Accounts have no password ("!": nobody signs in) and usernames
// `<prefix>cw<n>`, `<prefix>gw<n>`, … so that a second replay with another prefix does not clash.
// Run() plans each day, runs its actions in time order (a priority queue), and sweeps warnings
// once a day at 18:00 as the bell's polling would; it reports the time spent in service calls
// (wall and this thread's CPU time) apart from the planning.
// Thread-safety: one thread; the services it drives may be shared with nothing else meanwhile
// (the manual clock moves).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/account.hpp"
#include "domain/access/caller.hpp"
#include "domain/events/escalation_service.hpp"
#include "domain/events/event_service.hpp"
#include "domain/service_requests/request_service.hpp"
#include "domain/synthetic/activity_generator.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::synthetic {

struct ReplayServices {
  service_requests::CatalogueService& catalogue;
  service_requests::RequestService& requests;
  events::EventService& events;
  events::EscalationService& escalations;
  access::AccountRepository& accounts;
  core::ManualClock& clock;  // the clock the services read
};

struct ReplayFigures {
  int days_done = 0;
  int64_t filed = 0;     // requests filed
  int64_t reported = 0;  // events reported
  int64_t request_calls = 0;
  int64_t event_calls = 0;     // the daily sweeps not counted (their time is)
  double request_seconds = 0;  // wall time in request calls
  double event_seconds = 0;    // wall time in event calls and sweeps
  double request_cpu_seconds = 0;
  double event_cpu_seconds = 0;
  double replay_seconds = 0;  // wall time of Run, planning included
  size_t open_requests = 0;   // still going at the end
  size_t open_events = 0;
  std::map<std::string, int64_t> refused;            // action -> refusals (expected: none)
  std::map<std::string, std::string> first_refusal;  // action -> the first refusal's message
};

class ActivityReplay {
 public:
  // The departments whistled to (indices of PlannedEvent::departments).
  static std::vector<std::string> DefaultDepartments();

  // sites: the communities (PlanCity / SelectSites order); applicants[i]: resident ids of
  // sites[i] that may file requests (at least one each; world.applicants_per_community is the
  // smallest count). categories: the taxonomy (its active leaves are reported).
  // kInvalidArgument when a community has no applicant or nothing can be filed or reported.
  static core::Result<std::unique_ptr<ActivityReplay>> Prepare(
      ReplayServices services, const std::vector<CommunitySite>& sites,
      std::vector<std::vector<int64_t>> applicants, const std::vector<events::Category>& categories,
      const ActivityOptions& options, std::string account_prefix);

  // Replays options.days days; progress (may be empty) is called after each day.
  core::Result<ReplayFigures> Run(const std::function<void(const ReplayFigures&)>& progress);

  const ActivityWorld& world() const { return world_; }
  const access::Caller& Desk(size_t community) const { return workers_[community]; }
  // The officer of a department (made on first use; the pointer stays valid).
  core::Result<const access::Caller*> Officer(const std::string& department);
  // The resident account bound to registered person `applicant` (made on first use): online
  // requests are filed by residents themselves (decision 0026).
  core::Result<const access::Caller*> ResidentAccount(int64_t applicant,
                                                      const std::string& community_code);
  const std::map<std::string, access::Caller>& Supervisors() const { return supervisors_; }

 private:
  ActivityReplay(ReplayServices services, ActivityOptions options, std::string prefix)
      : services_(services), options_(options), prefix_(std::move(prefix)) {}
  core::Result<access::Caller> MakeAccount(const std::string& username, const std::string& name,
                                           access::Role role, const std::string& scope,
                                           const std::string& department = {},
                                           std::optional<int64_t> resident_id = {});

  ReplayServices services_;
  ActivityOptions options_;
  std::string prefix_;
  std::string city_code_;  // the officers' scope
  ActivityWorld world_;
  std::vector<std::vector<int64_t>> applicants_;
  std::vector<access::Caller> workers_, grid_workers_, residents_;
  std::map<std::string, access::Caller> supervisors_;  // county code -> official
  std::map<std::string, access::Caller> officers_;     // department -> officer
  std::map<int64_t, access::Caller> bound_residents_;  // applicant -> their own account
};

}  // namespace linli::synthetic

// A year of synthetic service-desk activity for the city: service requests (办事申请) with the
// steps they go through, and grid events (事件) handled on the spot or escalated to departments
// (街社吹哨、部门报到), plus the few synthetic applicants the requests need per community.
//
// Unlike the per-community ModuleGenerators, activity is not a batch of rows: it is a timeline
// replayed through the domain services (which assign ids, compute deadlines and record every
// transition), so the generator yields plans — what is filed when, and the actions that follow
// with their delays — and the caller (bench/activity, later `linli seed`) replays them with an
// injectable clock. The caller adapts to what the services decide (e.g. an event the routing
// rules send straight to a department follows its escalation steps).
//
// Determinism: PlanDay is a pure function of (options, world, day): each day draws from its own
// random stream keyed by (seed, "activity", day), so a day's plan never depends on the others,
// on the order days are asked for or on the number of threads. Counts are spread over the days
// (working days weigh more than weekends) so that the year's totals are exactly
// options.requests and options.events.
// Thread-safety: pure functions over immutable inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/people/people.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::synthetic {

inline constexpr std::string_view kActivityStreamName = "activity";
// 2026-01-01 00:00 China time (UTC+8), in epoch milliseconds.
inline constexpr int64_t kActivityYearStart = 1767196800000;
inline constexpr int64_t kMillisPerHour = 3600 * 1000;
inline constexpr int64_t kMillisPerDayOfActivity = 24 * kMillisPerHour;

struct ActivityOptions {
  uint64_t seed = kDefaultSeed;
  int64_t start_millis = kActivityYearStart;  // midnight (China time) of the first day
  int days = 365;
  int64_t requests = 2'000'000;  // filed over the period
  int64_t events = 500'000;      // reported over the period
};

// A catalogue item as the generator needs it (names as in docs/api.md).
struct ActivityItem {
  std::string code;
  std::vector<std::string> channels;        // web | mobile | kiosk | window
  std::vector<std::string> handling_modes;  // appointment is never drawn (no slots planned)
  int promised_working_days = 5;
};

// What activity is generated over. Indices in the plans point into these vectors.
struct ActivityWorld {
  std::vector<std::string> communities;       // community codes
  int applicants_per_community = 4;           // applicant_index < this
  std::vector<ActivityItem> items;            // items with at least one non-appointment mode
  std::vector<std::string> event_categories;  // leaf category codes
  std::vector<std::string> departments;       // whistle targets
};

// One action and how long after the previous step (or the filing) it happens.
struct PlannedStep {
  std::string action;  // the service's action name; see PlannedEvent for the event ones
  int64_t delay_millis = 0;
  std::string reason;
  int rating = 0;  // rate: 1..5
};

struct PlannedRequest {
  int64_t at = 0;  // filing time
  size_t community_index = 0;
  int applicant_index = 0;
  size_t item_index = 0;
  std::string channel;
  std::string handling_mode;
  std::vector<PlannedStep> steps;  // accept, start, complete, rate, reject, withdraw, …
};

// Event steps. handle_steps (start, resolve, verify, close) are the event's own transitions;
// escalation_steps begin with "escalate" (the whistle to `departments`, skipped when routing
// already escalated the event) and go on with the escalation actions applied to every open
// escalation of the event — check_in, request_extension, approve_extension, give_feedback,
// verify_pass — then "close" (the event) and "rate_reporter" / "rate_community".
struct PlannedEvent {
  int64_t at = 0;
  size_t community_index = 0;
  bool reported_by_resident = false;  // else by the community's grid worker
  size_t category_index = 0;
  bool urgent = false;
  bool whistle = false;             // follow escalation_steps even when routing did not
  std::vector<size_t> departments;  // whistle targets (indices into world.departments)
  std::vector<PlannedStep> handle_steps;
  std::vector<PlannedStep> escalation_steps;
};

struct ActivityDay {
  int day = 0;
  std::vector<PlannedRequest> requests;  // by filing time
  std::vector<PlannedEvent> events;      // by report time
};

// How many requests and events day `day` gets (the spread of the totals over the period).
std::pair<int64_t, int64_t> ActivityCountsOn(const ActivityOptions& options, int day);

// The plan of one day. REQUIRES: 0 <= day < options.days; world has communities, items,
// categories and departments.
ActivityDay PlanDay(const ActivityOptions& options, const ActivityWorld& world, int day);

// The synthetic applicants of one community: one building and household at the site, `count`
// registered residents with valid, city-unique ID numbers (area code + a birth date unique to
// the community's index + sequence). Pure: same inputs, same batch.
people::PeopleBatch ActivityApplicants(const CommunitySite& site, size_t community_index, int count,
                                       const ActivityOptions& options);

}  // namespace linli::synthetic

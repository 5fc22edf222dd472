// Matching (供需对接, part of 五社联动 FiveSocialLinkage): which volunteers, organisations and
// service providers ("candidates") to suggest for which needs (a care need, a resident's request,
// a charity need, an activity's volunteer slot) in one week.
//
// Model. A candidate may serve a need when it has the need's skill, is within the maximum
// distance, and one of its availability windows covers the need's window. A need wants `wanted`
// people; a candidate takes at most `capacity` needs in the week (the fairness cap: no one gets
// everything) and never two needs whose windows overlap. An eligible pair weighs
//     weight = priority × (1 − decay × distance / max_distance)      (decay = 0.5 by default)
// counted in integer thousandths (`weight_milli`, rounded to nearest) so that every total is
// exact. The engine maximises the total weight of the pairs chosen.
//
// Algorithm (a heuristic; bench/matching measures it against CBC's exact optimum):
//  1. greedy: pairs in decreasing weight (ties: need id, then candidate id), each taken when it
//     breaks no constraint;
//  2. local improvement, repeated while a pass improves (a pass after the first looks only at the
//     pairs whose need or candidate changed): for each pair not chosen, the move "take it; drop
//     what it collides with (one of the need's pairs when the need is full; the candidate's pairs
//     overlapping in time, and one of its other pairs when it is at capacity); give each need
//     that lost a person its best free candidate — or, failing that, a candidate that makes room
//     by dropping lighter pairs whose needs are refilled in turn (exchange chains three deep, five
//     candidates wide) — and the candidate the need left its best open need (or, failing that, a
//     full need that gains by leaving its lightest pair, whose candidate is refilled in turn)" is
//     evaluated for the (up to 8 × 8) choices of what to drop, lightest first, and the best is
//     kept when it raises the total; every trial is undone through a journal.
// Every step is deterministic: needs and candidates are handled in id order, so the result does
// not depend on the order of the input.
//
// Distances are the caller's: a list of (need, candidate, metres) pairs (`Reach`), e.g. from the
// life-circle engine's walking distances (engines/accessibility), or built by `BuildReaches` with
// a distance function. Pairs missing from the list are not eligible.
//
// Re-matching one community after a change: pass that community's needs, the candidates, and the
// assignments to keep (`fixed`: a worker's accepted or changed suggestions, and the assignments of
// the other communities' needs, which take up their candidates' capacity and time). Fixed
// assignments are kept even when they break a constraint; nothing new is added that would
// collide with them.
// Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace linli::matching {

inline constexpr int32_t kMinutesPerWeek = 7 * 24 * 60;

// [start, end) in minutes of the week (0 = Monday 00:00).
struct TimeWindow {
  int32_t start_minute = 0;
  int32_t end_minute = 0;

  bool Overlaps(const TimeWindow& other) const {
    return start_minute < other.end_minute && other.start_minute < end_minute;
  }
  bool Covers(const TimeWindow& other) const {
    return start_minute <= other.start_minute && other.end_minute <= end_minute;
  }
  friend bool operator==(const TimeWindow&, const TimeWindow&) = default;
};

// Where a need or a candidate is: a node of the caller's distance source (e.g. a walking
// network node; -1 when none) and plane coordinates in metres. The engine reads neither; they are
// handed to the distance function of BuildReaches.
struct Location {
  int32_t node = -1;
  double x_metres = 0.0;
  double y_metres = 0.0;
};

struct Need {
  int64_t id = 0;
  std::string skill;
  Location location;
  TimeWindow window;
  double priority = 1.0;  // > 0
  int32_t wanted = 1;     // people wanted, >= 0
};

struct Candidate {
  int64_t id = 0;
  std::vector<std::string> skills;
  Location location;
  std::vector<TimeWindow> availability;
  int32_t capacity = 1;  // needs at most in the week, >= 0
};

// The distance between needs[need] and candidates[candidate] (indices into the vectors).
struct Reach {
  int32_t need = 0;
  int32_t candidate = 0;
  double distance_metres = 0.0;
};

// An assignment to keep. When `need_id` is one of the instance's needs it takes one of its places
// and is reported as a suggestion; otherwise it only takes up the candidate's capacity and time.
struct FixedAssignment {
  int64_t need_id = 0;
  int64_t candidate_id = 0;
  TimeWindow window;
};

struct MatchingOptions {
  double max_distance_metres = 2000.0;  // pairs farther apart are pruned; > 0
  double distance_decay = 0.5;          // in [0, 1]: weight loss at max_distance
  int32_t max_improvement_passes = 8;   // local-improvement passes at most (0: greedy only)
};

struct MatchingInstance {
  std::vector<Need> needs;
  std::vector<Candidate> candidates;
  std::vector<Reach> reaches;
  std::vector<FixedAssignment> fixed;
};

// Why a better-weighted eligible candidate does not serve the need.
enum class PassedOverReason {
  kBusyAtThatTime,  // one of its assignments overlaps the need's window (said first)
  kAtCapacity,      // it already has `capacity` assignments
  kNotChosen,       // free, but the heuristic did not move it here (not seen after improvement)
};

struct PassedOver {
  int64_t candidate_id = 0;
  int64_t weight_milli = 0;
  double distance_metres = 0.0;
  PassedOverReason reason = PassedOverReason::kBusyAtThatTime;
  int64_t busy_with_need_id = 0;  // kBusyAtThatTime: the need it serves at that time
};

inline constexpr int32_t kMaxPassedOverReported = 3;

struct Suggestion {
  int64_t need_id = 0;
  int64_t candidate_id = 0;
  std::string skill;
  double distance_metres = -1.0;  // -1: a fixed pair without a known distance
  TimeWindow window;              // the need's
  int64_t weight_milli = 0;       // 0 for a fixed pair that is not eligible
  bool fixed = false;
  // Better-weighted eligible candidates not used for this need, best first (at most
  // kMaxPassedOverReported).
  std::vector<PassedOver> better_not_used;
};

struct UnfilledNeed {
  int64_t need_id = 0;
  int32_t missing = 0;              // places left open
  int32_t eligible_candidates = 0;  // 0: nobody has the skill, the time and the distance
};

struct MatchingResult {
  std::vector<Suggestion> suggestions;  // by need id, then weight (heaviest first), candidate id
  std::vector<UnfilledNeed> unfilled;   // by need id
  int64_t total_weight_milli = 0;       // of every suggestion, fixed ones included
  int64_t eligible_pairs = 0;
  int32_t improvement_passes = 0;
};

// Errors: InvalidArgument for a repeated id, a window outside the week or empty, a priority not
// finite and positive, a negative wanted or capacity, a reach with an index out of range, bad
// options, or a fixed assignment naming an unknown candidate.
core::Result<MatchingResult> Match(const MatchingInstance& instance,
                                   const MatchingOptions& options = {});

// Distance from a need's location to a candidate's, or nullopt when unreachable.
using DistanceFunction =
    std::function<std::optional<double>(const Location& need, const Location& candidate)>;

// The reaches of every pair that has the skill and the time, computed with `distance` and kept
// when within `max_distance_metres` (distance is called only for such pairs).
std::vector<Reach> BuildReaches(std::span<const Need> needs, std::span<const Candidate> candidates,
                                double max_distance_metres, const DistanceFunction& distance);

// The weight of a pair, as Match counts it.
int64_t PairWeightMilli(double priority, double distance_metres, const MatchingOptions& options);

// A suggestion in words for the interface (Chinese), e.g.
// "技能 助餐；距离 850 米；周二 09:00–11:00；权重 3.150；更优的 #17（权重 3.400）本周已满额".
// REQUIRES: the window lies inside the week (as every suggestion Match returns).
std::string DescribeSuggestion(const Suggestion& suggestion);

}  // namespace linli::matching

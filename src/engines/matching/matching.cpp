#include "engines/matching/matching.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace linli::matching {
namespace {

// An eligible pair, in ranks (positions in id order).
struct Pair {
  int32_t need = 0;
  int32_t candidate = 0;
  int64_t weight = 0;
  double distance = 0.0;
  TimeWindow window;  // the need's, kept here so that conflict checks read one array
};

bool ValidWindow(const TimeWindow& window) {
  return window.start_minute >= 0 && window.start_minute < window.end_minute &&
         window.end_minute <= kMinutesPerWeek;
}

core::Error BadInput(std::string message, std::string field) {
  return core::Error::InvalidArgument(std::move(message), std::move(field));
}

core::Result<void> Validate(const MatchingInstance& instance, const MatchingOptions& options) {
  if (!std::isfinite(options.max_distance_metres) || options.max_distance_metres <= 0.0)
    return BadInput("最大距离须为正数", "max_distance_metres");
  if (!std::isfinite(options.distance_decay) || options.distance_decay < 0.0 ||
      options.distance_decay > 1.0)
    return BadInput("距离衰减须在 0 到 1 之间", "distance_decay");
  if (options.max_improvement_passes < 0)
    return BadInput("改进轮数不能为负", "max_improvement_passes");
  for (const Need& need : instance.needs) {
    if (!ValidWindow(need.window))
      return BadInput("需求 #" + std::to_string(need.id) + " 的时段不在一周之内或为空", "needs");
    if (!std::isfinite(need.priority) || need.priority <= 0.0 || need.priority > 1e9)
      return BadInput("需求 #" + std::to_string(need.id) + " 的优先级须为正数", "needs");
    if (need.wanted < 0)
      return BadInput("需求 #" + std::to_string(need.id) + " 的人数不能为负", "needs");
  }
  for (const Candidate& candidate : instance.candidates) {
    if (candidate.capacity < 0)
      return BadInput("候选 #" + std::to_string(candidate.id) + " 的容量不能为负", "candidates");
    for (const TimeWindow& window : candidate.availability) {
      if (!ValidWindow(window))
        return BadInput("候选 #" + std::to_string(candidate.id) + " 的空闲时段不在一周之内或为空",
                        "candidates");
    }
  }
  const auto need_count = static_cast<int64_t>(instance.needs.size());
  const auto candidate_count = static_cast<int64_t>(instance.candidates.size());
  for (const Reach& reach : instance.reaches) {
    if (reach.need < 0 || reach.need >= need_count || reach.candidate < 0 ||
        reach.candidate >= candidate_count)
      return BadInput("距离表引用了不存在的需求或候选", "reaches");
  }
  for (const FixedAssignment& fixed : instance.fixed) {
    if (!ValidWindow(fixed.window))
      return BadInput("保留的安排（需求 #" + std::to_string(fixed.need_id) + "）时段无效", "fixed");
  }
  return {};
}

// Positions of `ids` sorted by id; an error when an id repeats.
template <typename T>
core::Result<std::vector<int32_t>> OrderById(const std::vector<T>& items, const char* field) {
  std::vector<int32_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int32_t a, int32_t b) { return items[a].id < items[b].id; });
  for (size_t i = 1; i < order.size(); ++i) {
    if (items[order[i]].id == items[order[i - 1]].id)
      return BadInput("编号重复：" + std::to_string(items[order[i]].id), field);
  }
  return order;
}

class Solver {
 public:
  Solver(const MatchingInstance& instance, const MatchingOptions& options,
         std::vector<int32_t> need_order, std::vector<int32_t> candidate_order)
      : instance_(instance),
        options_(options),
        need_order_(std::move(need_order)),
        candidate_order_(std::move(candidate_order)) {}

  core::Result<MatchingResult> Run() {
    BuildPairs();
    if (auto placed = PlaceFixed(); !placed.ok()) return placed.error();
    Greedy();
    int32_t passes = 0;
    while (passes < options_.max_improvement_passes) {
      ++passes;
      if (!ImprovementPass(passes == 1)) break;
    }
    MatchingResult result = Report();
    result.improvement_passes = passes;
    return result;
  }

 private:
  const Need& NeedAt(int32_t rank) const { return instance_.needs[need_order_[rank]]; }
  const Candidate& CandidateAt(int32_t rank) const {
    return instance_.candidates[candidate_order_[rank]];
  }
  int32_t NeedCount() const { return static_cast<int32_t>(need_order_.size()); }
  int32_t CandidateCount() const { return static_cast<int32_t>(candidate_order_.size()); }

  void BuildPairs() {
    const int32_t need_count = NeedCount();
    const int32_t candidate_count = CandidateCount();
    std::vector<int32_t> need_rank(need_count);
    for (int32_t r = 0; r < need_count; ++r) need_rank[need_order_[r]] = r;
    std::vector<int32_t> candidate_rank(candidate_count);
    for (int32_t r = 0; r < candidate_count; ++r) candidate_rank[candidate_order_[r]] = r;

    // Skills as small integers; each candidate's as a sorted list.
    std::unordered_map<std::string, int32_t> skill_codes;
    std::vector<int32_t> need_skill(need_count);
    for (int32_t r = 0; r < need_count; ++r) {
      need_skill[r] = skill_codes.try_emplace(NeedAt(r).skill, skill_codes.size()).first->second;
    }
    std::vector<std::vector<int32_t>> candidate_skills(candidate_count);
    for (int32_t r = 0; r < candidate_count; ++r) {
      for (const std::string& skill : CandidateAt(r).skills) {
        const auto found = skill_codes.find(skill);
        if (found != skill_codes.end()) candidate_skills[r].push_back(found->second);
      }
      std::sort(candidate_skills[r].begin(), candidate_skills[r].end());
    }

    pairs_.reserve(instance_.reaches.size());
    for (const Reach& reach : instance_.reaches) {
      if (!std::isfinite(reach.distance_metres) || reach.distance_metres < 0.0 ||
          reach.distance_metres > options_.max_distance_metres)
        continue;
      const int32_t n = need_rank[reach.need];
      const int32_t c = candidate_rank[reach.candidate];
      const Need& need = NeedAt(n);
      const Candidate& candidate = CandidateAt(c);
      if (!std::binary_search(candidate_skills[c].begin(), candidate_skills[c].end(),
                              need_skill[n]))
        continue;
      const bool available =
          std::any_of(candidate.availability.begin(), candidate.availability.end(),
                      [&](const TimeWindow& window) { return window.Covers(need.window); });
      if (!available) continue;
      const int64_t weight = PairWeightMilli(need.priority, reach.distance_metres, options_);
      if (weight <= 0) continue;
      pairs_.push_back({n, c, weight, reach.distance_metres, need.window});
    }
    // One pair per (need, candidate): the shortest distance.
    std::sort(pairs_.begin(), pairs_.end(), [](const Pair& a, const Pair& b) {
      if (a.need != b.need) return a.need < b.need;
      if (a.candidate != b.candidate) return a.candidate < b.candidate;
      return a.distance < b.distance;
    });
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end(),
                             [](const Pair& a, const Pair& b) {
                               return a.need == b.need && a.candidate == b.candidate;
                             }),
                 pairs_.end());
    const auto pair_count = static_cast<int32_t>(pairs_.size());

    // Lists of pair indices: per need and per candidate, heaviest first; and all of them.
    auto heavier = [&](int32_t a, int32_t b) {
      if (pairs_[a].weight != pairs_[b].weight) return pairs_[a].weight > pairs_[b].weight;
      if (pairs_[a].need != pairs_[b].need) return pairs_[a].need < pairs_[b].need;
      return pairs_[a].candidate < pairs_[b].candidate;
    };
    by_weight_.resize(pair_count);
    std::iota(by_weight_.begin(), by_weight_.end(), 0);
    std::sort(by_weight_.begin(), by_weight_.end(), heavier);
    need_first_.assign(need_count + 1, 0);
    candidate_first_.assign(candidate_count + 1, 0);
    for (const Pair& pair : pairs_) {
      ++need_first_[pair.need + 1];
      ++candidate_first_[pair.candidate + 1];
    }
    std::partial_sum(need_first_.begin(), need_first_.end(), need_first_.begin());
    std::partial_sum(candidate_first_.begin(), candidate_first_.end(), candidate_first_.begin());
    need_pairs_.resize(pair_count);
    candidate_pairs_.resize(pair_count);
    std::vector<int32_t> need_fill(need_first_.begin(), need_first_.end() - 1);
    std::vector<int32_t> candidate_fill(candidate_first_.begin(), candidate_first_.end() - 1);
    for (const int32_t p : by_weight_) {  // heaviest first within each list
      need_pairs_[need_fill[pairs_[p].need]++] = p;
      candidate_pairs_[candidate_fill[pairs_[p].candidate]++] = p;
    }

    need_open_.resize(need_count);
    for (int32_t r = 0; r < need_count; ++r) need_open_[r] = NeedAt(r).wanted;
    candidate_open_.resize(candidate_count);
    for (int32_t r = 0; r < candidate_count; ++r) candidate_open_[r] = CandidateAt(r).capacity;
    need_chosen_.assign(need_count, {});
    candidate_chosen_.assign(candidate_count, {});
    candidate_fixed_.assign(candidate_count, {});
    need_fixed_.assign(need_count, {});
    chosen_.assign(pair_count, 0);
    added_in_move_.assign(pair_count, 0);
  }

  int32_t FindPair(int32_t need, int32_t candidate) const {
    for (int32_t i = need_first_[need]; i < need_first_[need + 1]; ++i) {
      if (pairs_[need_pairs_[i]].candidate == candidate) return need_pairs_[i];
    }
    return -1;
  }

  core::Result<void> PlaceFixed() {
    std::vector<int64_t> candidate_ids(CandidateCount());
    for (int32_t r = 0; r < CandidateCount(); ++r) candidate_ids[r] = CandidateAt(r).id;
    std::vector<int64_t> need_ids(NeedCount());
    for (int32_t r = 0; r < NeedCount(); ++r) need_ids[r] = NeedAt(r).id;
    auto rank_of = [](const std::vector<int64_t>& ids, int64_t id) -> int32_t {
      const auto found = std::lower_bound(ids.begin(), ids.end(), id);
      return found != ids.end() && *found == id ? static_cast<int32_t>(found - ids.begin()) : -1;
    };
    std::vector<FixedAssignment> fixed = instance_.fixed;
    std::sort(fixed.begin(), fixed.end(), [](const FixedAssignment& a, const FixedAssignment& b) {
      return std::tie(a.need_id, a.candidate_id) < std::tie(b.need_id, b.candidate_id);
    });
    fixed.erase(std::unique(fixed.begin(), fixed.end(),
                            [](const FixedAssignment& a, const FixedAssignment& b) {
                              return a.need_id == b.need_id && a.candidate_id == b.candidate_id;
                            }),
                fixed.end());
    for (const FixedAssignment& assignment : fixed) {
      const int32_t c = rank_of(candidate_ids, assignment.candidate_id);
      if (c < 0)
        return BadInput("保留的安排引用了不存在的候选 #" + std::to_string(assignment.candidate_id),
                        "fixed");
      const int32_t n = rank_of(need_ids, assignment.need_id);
      --candidate_open_[c];
      candidate_fixed_[c].push_back({assignment.window, assignment.need_id});
      if (n < 0) continue;
      --need_open_[n];
      const int32_t p = FindPair(n, c);
      if (p >= 0) chosen_[p] = kFixed;
      need_fixed_[n].push_back({c, p});
    }
    return {};
  }

  bool Busy(int32_t candidate, const TimeWindow& window) const {
    for (const int32_t p : candidate_chosen_[candidate]) {
      if (pairs_[p].window.Overlaps(window)) return true;
    }
    for (const FixedWindow& fixed : candidate_fixed_[candidate]) {
      if (fixed.window.Overlaps(window)) return true;
    }
    return false;
  }

  bool CanAdd(int32_t p) const {
    const Pair& pair = pairs_[p];
    return chosen_[p] == kFree && need_open_[pair.need] > 0 &&
           candidate_open_[pair.candidate] > 0 && !Busy(pair.candidate, NeedAt(pair.need).window);
  }

  void Add(int32_t p) {
    const Pair& pair = pairs_[p];
    chosen_[p] = kChosen;
    --need_open_[pair.need];
    --candidate_open_[pair.candidate];
    need_chosen_[pair.need].push_back(p);
    candidate_chosen_[pair.candidate].push_back(p);
    total_ += pair.weight;
    journal_.push_back(p + 1);
    added_in_move_[p] = move_stamp_;
  }

  void Remove(int32_t p) {
    const Pair& pair = pairs_[p];
    chosen_[p] = kFree;
    ++need_open_[pair.need];
    ++candidate_open_[pair.candidate];
    auto erase = [p](std::vector<int32_t>& list) {
      list.erase(std::find(list.begin(), list.end(), p));
    };
    erase(need_chosen_[pair.need]);
    erase(candidate_chosen_[pair.candidate]);
    total_ -= pair.weight;
    journal_.push_back(-(p + 1));
  }

  void Undo() {
    while (!journal_.empty()) {
      const int32_t entry = journal_.back();
      if (entry > 0) {
        Remove(entry - 1);
      } else {
        Add(-entry - 1);
      }
      journal_.pop_back();  // the entry just undone
      journal_.pop_back();  // the entry it undid
    }
  }

  void Greedy() {
    for (const int32_t p : by_weight_) {
      if (CanAdd(p)) Add(p);
    }
    journal_.clear();
  }

  // Adds the first (heaviest) pair of `list` that can be added; false when there is none.
  bool FillFrom(const std::vector<int32_t>& lists, int32_t first, int32_t last) {
    for (int32_t i = first; i < last; ++i) {
      if (CanAdd(lists[i])) {
        Add(lists[i]);
        return true;
      }
    }
    return false;
  }

  // Gives `need` its best free candidate; failing that, with depth left, the first of its pairs
  // (heaviest first, kChainWidth tried at most) whose candidate can make room by dropping lighter
  // pairs — those overlapping in time, and its lightest other pair when at capacity — whose needs
  // are refilled in turn: an exchange chain. Pairs added during the move are never dropped.
  void RefillNeed(int32_t need, int32_t depth) {
    if (FillFrom(need_pairs_, need_first_[need], need_first_[need + 1])) return;
    if (depth <= 0 || need_open_[need] <= 0) return;
    int32_t tried = 0;
    for (int32_t i = need_first_[need]; i < need_first_[need + 1] && tried < kChainWidth; ++i) {
      const int32_t q = need_pairs_[i];
      if (chosen_[q] != kFree) continue;
      const Pair& pair = pairs_[q];
      bool blocked = false;
      for (const FixedWindow& fixed : candidate_fixed_[pair.candidate])
        blocked = blocked || fixed.window.Overlaps(pair.window);
      if (blocked) continue;
      ++tried;
      std::vector<int32_t> drops;
      int64_t loss = 0;
      int32_t lightest = -1;
      for (const int32_t r : candidate_chosen_[pair.candidate]) {
        if (pairs_[r].window.Overlaps(pair.window)) {
          blocked = blocked || added_in_move_[r] == move_stamp_;
          drops.push_back(r);
          loss += pairs_[r].weight;
        } else if (added_in_move_[r] != move_stamp_ &&
                   (lightest < 0 || pairs_[r].weight < pairs_[lightest].weight)) {
          lightest = r;
        }
      }
      if (blocked) continue;
      if (candidate_open_[pair.candidate] + static_cast<int32_t>(drops.size()) <= 0) {
        if (lightest < 0) continue;
        drops.push_back(lightest);
        loss += pairs_[lightest].weight;
      }
      if (loss >= pair.weight) continue;
      for (const int32_t r : drops) Remove(r);
      Add(q);
      for (const int32_t r : drops) RefillNeed(pairs_[r].need, depth - 1);
      return;
    }
  }

  // Gives `candidate` its best open need; failing that, with depth left, the first of its pairs
  // (heaviest first, kChainWidth tried at most) to a full need that gains by leaving its lightest
  // pair, whose candidate is refilled in turn. Pairs added during the move are never dropped.
  void RefillCandidate(int32_t candidate, int32_t depth) {
    if (FillFrom(candidate_pairs_, candidate_first_[candidate], candidate_first_[candidate + 1]))
      return;
    if (depth <= 0 || candidate_open_[candidate] <= 0) return;
    int32_t tried = 0;
    for (int32_t i = candidate_first_[candidate];
         i < candidate_first_[candidate + 1] && tried < kChainWidth; ++i) {
      const int32_t q = candidate_pairs_[i];
      const Pair& pair = pairs_[q];
      if (chosen_[q] != kFree || need_open_[pair.need] > 0 || need_chosen_[pair.need].empty() ||
          Busy(candidate, pair.window))
        continue;
      ++tried;
      int32_t lightest = -1;
      for (const int32_t r : need_chosen_[pair.need]) {
        if (added_in_move_[r] != move_stamp_ &&
            (lightest < 0 || pairs_[r].weight < pairs_[lightest].weight))
          lightest = r;
      }
      if (lightest < 0 || pairs_[lightest].weight >= pair.weight) continue;
      const int32_t freed = pairs_[lightest].candidate;
      Remove(lightest);
      Add(q);
      RefillCandidate(freed, depth - 1);
      return;
    }
  }

  // Takes pair p: drops `need_drop` (-1: none) from its need, the candidate's pairs overlapping
  // in time and `candidate_drop` (-1: none), then refills — each need that lost a person from
  // its best free candidate, the candidate the need left from its best open need. Returns false,
  // with nothing changed, when p still cannot be added. The journal holds what changed.
  bool ApplyMove(int32_t p, int32_t need_drop, int32_t candidate_drop) {
    const Pair& pair = pairs_[p];
    journal_.clear();
    freed_needs_.clear();
    ++move_stamp_;
    int32_t freed_candidate = -1;
    if (need_drop >= 0) {
      freed_candidate = pairs_[need_drop].candidate;
      Remove(need_drop);
    }
    for (size_t i = 0; i < candidate_chosen_[pair.candidate].size();) {
      const int32_t q = candidate_chosen_[pair.candidate][i];
      if (pairs_[q].window.Overlaps(pair.window)) {
        freed_needs_.push_back(pairs_[q].need);
        Remove(q);
      } else {
        ++i;
      }
    }
    if (candidate_drop >= 0) {
      freed_needs_.push_back(pairs_[candidate_drop].need);
      Remove(candidate_drop);
    }
    if (need_open_[pair.need] <= 0 || candidate_open_[pair.candidate] <= 0) {
      Undo();
      return false;
    }
    Add(p);
    for (const int32_t need : freed_needs_) RefillNeed(need, kChainDepth);
    if (freed_candidate >= 0) RefillCandidate(freed_candidate, kChainDepth);
    return true;
  }

  // The pairs of `list` that may be dropped, lightest first, at most kMaxDropChoices.
  void DropChoices(const std::vector<int32_t>& list, const TimeWindow* skip_overlapping,
                   std::vector<int32_t>& choices) const {
    choices.clear();
    for (const int32_t q : list) {
      if (skip_overlapping == nullptr || !pairs_[q].window.Overlaps(*skip_overlapping))
        choices.push_back(q);
    }
    std::sort(choices.begin(), choices.end(), [&](int32_t a, int32_t b) {
      if (pairs_[a].weight != pairs_[b].weight) return pairs_[a].weight < pairs_[b].weight;
      return std::tie(pairs_[a].need, pairs_[a].candidate) >
             std::tie(pairs_[b].need, pairs_[b].candidate);
    });
    if (choices.size() > kMaxDropChoices) choices.resize(kMaxDropChoices);
  }

  // The best move for pair p over the choices of what to drop; kept when the total grows.
  bool TryMove(int32_t p) {
    const Pair& pair = pairs_[p];
    for (const FixedWindow& fixed : candidate_fixed_[pair.candidate]) {
      if (fixed.window.Overlaps(pair.window)) return false;
    }
    need_drops_.assign(1, -1);
    if (need_open_[pair.need] <= 0) {
      DropChoices(need_chosen_[pair.need], nullptr, need_drops_);
      if (need_drops_.empty()) return false;
    }
    int32_t overlapping = 0;
    for (const int32_t q : candidate_chosen_[pair.candidate])
      overlapping += pairs_[q].window.Overlaps(pair.window) ? 1 : 0;
    candidate_drops_.assign(1, -1);
    if (candidate_open_[pair.candidate] + overlapping <= 0) {
      DropChoices(candidate_chosen_[pair.candidate], &pair.window, candidate_drops_);
      if (candidate_drops_.empty()) return false;
    }
    const int64_t before = total_;
    int64_t best_gain = 0;
    int32_t best_need_drop = -1;
    int32_t best_candidate_drop = -1;
    const bool single = need_drops_.size() == 1 && candidate_drops_.size() == 1;
    for (const int32_t need_drop : need_drops_) {
      for (const int32_t candidate_drop : candidate_drops_) {
        if (!ApplyMove(p, need_drop, candidate_drop)) continue;
        const int64_t gain = total_ - before;
        if (single && gain > 0) return Commit();
        Undo();
        if (gain > best_gain) {
          best_gain = gain;
          best_need_drop = need_drop;
          best_candidate_drop = candidate_drop;
        }
      }
    }
    if (best_gain <= 0 || single) return false;
    ApplyMove(p, best_need_drop, best_candidate_drop);
    return Commit();
  }

  // Keeps what the journal holds, marking its needs and candidates as touched.
  bool Commit() {
    for (const int32_t entry : journal_) {
      const Pair& changed = pairs_[entry > 0 ? entry - 1 : -entry - 1];
      need_touched_[changed.need] = 1;
      candidate_touched_[changed.candidate] = 1;
    }
    journal_.clear();
    return true;
  }

  // The first pass tries every pair not chosen; a later pass only those whose need or candidate
  // changed since the pass before began (elsewhere nothing changed that the move looks at, except
  // the refills' choices further away: a small loss of reach for a large saving of time).
  bool ImprovementPass(bool first) {
    std::vector<uint8_t> need_was_touched = std::move(need_touched_);
    std::vector<uint8_t> candidate_was_touched = std::move(candidate_touched_);
    need_touched_.assign(NeedCount(), 0);
    candidate_touched_.assign(CandidateCount(), 0);
    bool improved = false;
    for (const int32_t p : by_weight_) {
      if (chosen_[p] != kFree) continue;
      const Pair& pair = pairs_[p];
      if (!first && !need_was_touched[pair.need] && !candidate_was_touched[pair.candidate] &&
          !need_touched_[pair.need] && !candidate_touched_[pair.candidate])
        continue;
      if (TryMove(p)) improved = true;
    }
    return improved;
  }

  MatchingResult Report() const {
    MatchingResult result;
    result.eligible_pairs = static_cast<int64_t>(pairs_.size());
    for (int32_t n = 0; n < NeedCount(); ++n) {
      const Need& need = NeedAt(n);
      const size_t first_suggestion = result.suggestions.size();
      auto suggest = [&](int32_t candidate, int32_t p, bool fixed) {
        Suggestion suggestion;
        suggestion.need_id = need.id;
        suggestion.candidate_id = CandidateAt(candidate).id;
        suggestion.skill = need.skill;
        suggestion.window = need.window;
        suggestion.fixed = fixed;
        if (p >= 0) {
          suggestion.distance_metres = pairs_[p].distance;
          suggestion.weight_milli = pairs_[p].weight;
        }
        result.total_weight_milli += suggestion.weight_milli;
        result.suggestions.push_back(std::move(suggestion));
      };
      for (const FixedPair& fixed : need_fixed_[n]) suggest(fixed.candidate, fixed.pair, true);
      for (const int32_t p : need_chosen_[n]) suggest(pairs_[p].candidate, p, false);
      auto begin = result.suggestions.begin() + static_cast<std::ptrdiff_t>(first_suggestion);
      std::sort(begin, result.suggestions.end(), [](const Suggestion& a, const Suggestion& b) {
        if (a.weight_milli != b.weight_milli) return a.weight_milli > b.weight_milli;
        return a.candidate_id < b.candidate_id;
      });
      for (auto it = begin; it != result.suggestions.end(); ++it) {
        for (int32_t i = need_first_[n];
             i < need_first_[n + 1] &&
             static_cast<int32_t>(it->better_not_used.size()) < kMaxPassedOverReported;
             ++i) {
          const Pair& other = pairs_[need_pairs_[i]];
          if (other.weight <= it->weight_milli) break;
          if (chosen_[need_pairs_[i]] != kFree) continue;
          it->better_not_used.push_back(PassedOverFor(other, need.window));
        }
      }
      if (need_open_[n] > 0) {
        result.unfilled.push_back({need.id, need_open_[n], need_first_[n + 1] - need_first_[n]});
      }
    }
    return result;
  }

  PassedOver PassedOverFor(const Pair& pair, const TimeWindow& window) const {
    PassedOver passed;
    passed.candidate_id = CandidateAt(pair.candidate).id;
    passed.weight_milli = pair.weight;
    passed.distance_metres = pair.distance;
    // Busy: name the overlapping need with the lowest id.
    bool busy = false;
    auto busy_with = [&](int64_t need_id) {
      if (!busy || need_id < passed.busy_with_need_id) passed.busy_with_need_id = need_id;
      busy = true;
    };
    for (const int32_t p : candidate_chosen_[pair.candidate]) {
      if (NeedAt(pairs_[p].need).window.Overlaps(window)) busy_with(NeedAt(pairs_[p].need).id);
    }
    for (const FixedWindow& fixed : candidate_fixed_[pair.candidate]) {
      if (fixed.window.Overlaps(window)) busy_with(fixed.need_id);
    }
    if (busy) {
      passed.reason = PassedOverReason::kBusyAtThatTime;
      return passed;
    }
    passed.reason = candidate_open_[pair.candidate] <= 0 ? PassedOverReason::kAtCapacity
                                                         : PassedOverReason::kNotChosen;
    return passed;
  }

  static constexpr size_t kMaxDropChoices = 8;
  static constexpr int32_t kChainDepth = 3;  // displacements after the move's own
  static constexpr int32_t kChainWidth = 5;
  static constexpr uint8_t kFree = 0;
  static constexpr uint8_t kChosen = 1;
  static constexpr uint8_t kFixed = 2;

  struct FixedWindow {
    TimeWindow window;
    int64_t need_id = 0;
  };
  struct FixedPair {
    int32_t candidate = 0;
    int32_t pair = -1;  // -1: not an eligible pair
  };

  const MatchingInstance& instance_;
  const MatchingOptions& options_;
  std::vector<int32_t> need_order_;       // rank -> index into instance_.needs
  std::vector<int32_t> candidate_order_;  // rank -> index into instance_.candidates
  std::vector<Pair> pairs_;
  std::vector<int32_t> by_weight_;
  std::vector<int32_t> need_first_, need_pairs_;
  std::vector<int32_t> candidate_first_, candidate_pairs_;
  std::vector<int32_t> need_open_, candidate_open_;
  std::vector<std::vector<int32_t>> need_chosen_, candidate_chosen_;
  std::vector<std::vector<FixedWindow>> candidate_fixed_;
  std::vector<std::vector<FixedPair>> need_fixed_;
  std::vector<uint8_t> chosen_;
  std::vector<uint8_t> need_touched_, candidate_touched_;  // by the moves of the current pass
  std::vector<int32_t> journal_;  // +(p+1) added, -(p+1) removed, since the move began
  std::vector<int32_t> freed_needs_;
  std::vector<int32_t> need_drops_, candidate_drops_;
  std::vector<uint32_t> added_in_move_;  // move_stamp_ of the move that last added each pair
  uint32_t move_stamp_ = 1;
  int64_t total_ = 0;
};

std::string Clock(int32_t minute_of_week) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", (minute_of_week % 1440) / 60, minute_of_week % 60);
  return text;
}

std::string WindowText(const TimeWindow& window) {
  static const char* const kDays[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
  const int32_t start_day = window.start_minute / 1440;
  const int32_t end_day = (window.end_minute - 1) / 1440;
  std::string text = std::string(kDays[start_day]) + " " + Clock(window.start_minute) + "–";
  if (end_day != start_day) text += std::string(kDays[end_day]) + " ";
  text +=
      window.end_minute % 1440 == 0 && end_day == start_day ? "24:00" : Clock(window.end_minute);
  return text;
}

std::string Milli(int64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(value / 1000),
                static_cast<long long>(value % 1000));
  return text;
}

}  // namespace

int64_t PairWeightMilli(double priority, double distance_metres, const MatchingOptions& options) {
  const double decay = 1.0 - options.distance_decay * distance_metres / options.max_distance_metres;
  return std::llround(1000.0 * priority * decay);
}

core::Result<MatchingResult> Match(const MatchingInstance& instance,
                                   const MatchingOptions& options) {
  if (auto valid = Validate(instance, options); !valid.ok()) return valid.error();
  auto need_order = OrderById(instance.needs, "needs");
  if (!need_order.ok()) return need_order.error();
  auto candidate_order = OrderById(instance.candidates, "candidates");
  if (!candidate_order.ok()) return candidate_order.error();
  Solver solver(instance, options, std::move(need_order).value(),
                std::move(candidate_order).value());
  return solver.Run();
}

std::vector<Reach> BuildReaches(std::span<const Need> needs, std::span<const Candidate> candidates,
                                double max_distance_metres, const DistanceFunction& distance) {
  std::map<std::string, std::vector<int32_t>, std::less<>> by_skill;
  for (size_t c = 0; c < candidates.size(); ++c) {
    for (const std::string& skill : candidates[c].skills) {
      auto& list = by_skill[skill];
      if (list.empty() || list.back() != static_cast<int32_t>(c))
        list.push_back(static_cast<int32_t>(c));
    }
  }
  std::vector<Reach> reaches;
  for (size_t n = 0; n < needs.size(); ++n) {
    const Need& need = needs[n];
    const auto found = by_skill.find(need.skill);
    if (found == by_skill.end()) continue;
    for (const int32_t c : found->second) {
      const Candidate& candidate = candidates[c];
      const bool available =
          std::any_of(candidate.availability.begin(), candidate.availability.end(),
                      [&](const TimeWindow& window) { return window.Covers(need.window); });
      if (!available) continue;
      const std::optional<double> metres = distance(need.location, candidate.location);
      if (metres && *metres >= 0.0 && *metres <= max_distance_metres)
        reaches.push_back({static_cast<int32_t>(n), c, *metres});
    }
  }
  return reaches;
}

std::string DescribeSuggestion(const Suggestion& suggestion) {
  std::string text = "技能 " + suggestion.skill + "；";
  if (suggestion.distance_metres >= 0.0) {
    text += "距离 " + std::to_string(std::llround(suggestion.distance_metres)) + " 米；";
  } else {
    text += "距离未知；";
  }
  text += WindowText(suggestion.window) + "；权重 " + Milli(suggestion.weight_milli);
  if (suggestion.fixed) text += "；已确认，保留";
  for (const PassedOver& passed : suggestion.better_not_used) {
    text += "；更优的 #" + std::to_string(passed.candidate_id) + "（权重 " +
            Milli(passed.weight_milli) + "）";
    switch (passed.reason) {
      case PassedOverReason::kAtCapacity:
        text += "本周已满额";
        break;
      case PassedOverReason::kBusyAtThatTime:
        text += "该时段已安排需求 #" + std::to_string(passed.busy_with_need_id);
        break;
      case PassedOverReason::kNotChosen:
        text += "未被选中";
        break;
    }
  }
  return text;
}

}  // namespace linli::matching

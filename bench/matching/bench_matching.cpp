// bench_matching: the matching engine on a synthetic town's week, beside the exact solver CBC
// (coinor-cbc, run as a separate program on the same instance written as an LP file) in the same
// run; then re-matching one community after a change, timed over many changes.
//
//   bench_matching [--scale small|medium|town|large] [--seed N] [--cbc-seconds S] [--cbc PATH]
//                  [--skip-cbc] [--changes N] [--work-dir DIR] [--candidates-per-community N]
//
// CBC is a baseline only, never a dependency of Linli. Exit code 2 when a result breaks a
// constraint (each solution is checked independently of the engine).
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engines/matching/matching.hpp"

namespace {

using namespace linli::matching;  // NOLINT: a benchmark driver
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

std::string LoadAverage() {
  char text[64] = "?";
  if (FILE* file = std::fopen("/proc/loadavg", "r")) {
    if (std::fgets(text, sizeof text, file) == nullptr) text[0] = '\0';
    std::fclose(file);
  }
  std::string load = text;
  while (!load.empty() && load.back() == '\n') load.pop_back();
  return load;
}

struct Scale {
  const char* name;
  int32_t columns;  // communities in a grid of columns × rows
  int32_t rows;
  int32_t needs_per_community;
  int32_t candidates_per_community;
};

constexpr Scale kScales[] = {
    {"small", 2, 1, 100, 250},   // 200 needs, 500 candidates
    {"medium", 3, 2, 100, 250},  // 600 / 1,500
    {"town", 5, 4, 100, 250},    // 2,000 / 5,000
    {"large", 10, 6, 100, 250},  // 6,000 / 15,000
};

constexpr double kCommunityMetres = 1200.0;
constexpr double kMaxDistanceMetres = 2000.0;

// The town: needs with their community, candidates, and the reaches (Manhattan distance on the
// street grid, within 2 km).
struct Town {
  MatchingInstance instance;
  std::vector<int32_t> community_of_need;
  int32_t community_count = 0;
};

const std::vector<std::string> kSkills = {"meal_delivery", "home_visit", "escort",   "cleaning",
                                          "repair",        "activity",   "tutoring", "counselling"};
const std::vector<double> kSkillShares = {0.25, 0.22, 0.12, 0.12, 0.1, 0.1, 0.05, 0.04};

Town GenerateTown(const Scale& scale, uint32_t seed) {
  std::mt19937_64 random(seed);
  auto uniform = [&](double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(random);
  };
  auto integer = [&](int32_t low, int32_t high) {  // inclusive
    return std::uniform_int_distribution<int32_t>(low, high)(random);
  };
  std::discrete_distribution<int32_t> skill_of(kSkillShares.begin(), kSkillShares.end());
  Town town;
  town.community_count = scale.columns * scale.rows;
  auto place_in = [&](int32_t community) {
    Location location;
    location.x_metres = (community % scale.columns + uniform(0.0, 1.0)) * kCommunityMetres;
    location.y_metres = (community / scale.columns + uniform(0.0, 1.0)) * kCommunityMetres;
    return location;
  };
  int64_t next_id = 1;
  for (int32_t community = 0; community < town.community_count; ++community) {
    for (int32_t i = 0; i < scale.needs_per_community; ++i) {
      Need need;
      need.id = next_id++;
      need.skill = kSkills[skill_of(random)];
      need.location = place_in(community);
      const int32_t day = integer(0, 6);
      const int32_t start = day * 1440 + integer(16, 38) * 30;  // 08:00–19:00
      const int32_t length = integer(2, 6) * 30;                // 1–3 hours
      need.window = {start, start + length};
      // Priorities 1–5 (e.g. an elderly person living alone weighs more), with cents.
      need.priority = integer(100, 500) / 100.0;
      const int32_t wanted_draw = integer(0, 99);
      need.wanted = wanted_draw < 80 ? 1 : wanted_draw < 95 ? 2 : integer(3, 5);
      town.instance.needs.push_back(std::move(need));
      town.community_of_need.push_back(community);
    }
  }
  for (int32_t community = 0; community < town.community_count; ++community) {
    for (int32_t i = 0; i < scale.candidates_per_community; ++i) {
      Candidate candidate;
      candidate.id = 1'000'000 + next_id++;
      candidate.location = place_in(community);
      const int32_t kind = integer(0, 99);
      std::set<std::string> skills;
      if (kind < 70) {  // a volunteer: 1–2 skills, 1–3 times a week, 2–4 free spells of 3–6 h
        const int32_t skill_count = integer(1, 2);
        while (static_cast<int32_t>(skills.size()) < skill_count)
          skills.insert(kSkills[skill_of(random)]);
        candidate.capacity = integer(1, 3);
        const int32_t spells = integer(2, 4);
        for (int32_t s = 0; s < spells; ++s) {
          const int32_t start = integer(0, 6) * 1440 + integer(14, 36) * 30;
          candidate.availability.push_back({start, start + integer(6, 12) * 30});
        }
      } else if (kind < 95) {  // a social organisation: 2–4 skills, weekdays 09:00–17:00
        const int32_t skill_count = integer(2, 4);
        while (static_cast<int32_t>(skills.size()) < skill_count)
          skills.insert(kSkills[skill_of(random)]);
        candidate.capacity = integer(3, 8);
        for (int32_t day = 0; day < 5; ++day)
          candidate.availability.push_back({day * 1440 + 540, day * 1440 + 1020});
      } else {  // a service provider: 3–5 skills, Monday–Saturday 08:00–20:00
        const int32_t skill_count = integer(3, 5);
        while (static_cast<int32_t>(skills.size()) < skill_count)
          skills.insert(kSkills[skill_of(random)]);
        candidate.capacity = integer(10, 20);
        for (int32_t day = 0; day < 6; ++day)
          candidate.availability.push_back({day * 1440 + 480, day * 1440 + 1200});
      }
      candidate.skills.assign(skills.begin(), skills.end());
      town.instance.candidates.push_back(std::move(candidate));
    }
  }
  return town;
}

std::optional<double> StreetDistance(const Location& from, const Location& to) {
  return std::abs(from.x_metres - to.x_metres) + std::abs(from.y_metres - to.y_metres);
}

// An independent check: every pair eligible, every constraint kept. Returns the total.
bool Feasible(const MatchingInstance& instance, const std::vector<Suggestion>& suggestions,
              const MatchingOptions& options, int64_t* total) {
  std::map<int64_t, const Need*> needs;
  for (const Need& need : instance.needs) needs[need.id] = &need;
  std::map<int64_t, const Candidate*> candidates;
  for (const Candidate& candidate : instance.candidates) candidates[candidate.id] = &candidate;
  std::map<std::pair<int32_t, int32_t>, double> distance;
  for (const Reach& reach : instance.reaches)
    distance[{reach.need, reach.candidate}] = reach.distance_metres;
  std::map<int64_t, int32_t> need_count;
  std::map<int64_t, std::vector<TimeWindow>> taken;
  std::set<std::pair<int64_t, int64_t>> seen;
  *total = 0;
  for (const Suggestion& suggestion : suggestions) {
    const Need& need = *needs.at(suggestion.need_id);
    const Candidate& candidate = *candidates.at(suggestion.candidate_id);
    if (!seen.insert({need.id, candidate.id}).second) return false;
    if (std::find(candidate.skills.begin(), candidate.skills.end(), need.skill) ==
        candidate.skills.end())
      return false;
    if (std::none_of(candidate.availability.begin(), candidate.availability.end(),
                     [&](const TimeWindow& w) { return w.Covers(need.window); }))
      return false;
    if (suggestion.distance_metres > options.max_distance_metres) return false;
    if (++need_count[need.id] > need.wanted) return false;
    auto& windows = taken[candidate.id];
    if (static_cast<int32_t>(windows.size()) >= candidate.capacity) return false;
    for (const TimeWindow& other : windows) {
      if (other.Overlaps(need.window)) return false;
    }
    windows.push_back(need.window);
    *total += PairWeightMilli(need.priority, suggestion.distance_metres, options);
  }
  return true;
}

// The instance as a 0-1 program in CPLEX LP format: x_p for each eligible pair; a row per need
// (≤ wanted) and per candidate (≤ capacity) where binding; per candidate, one row per maximal set
// of its pairs' windows that overlap at one instant (≤ 1; interval graphs' maximal cliques, which
// with pairwise-overlap rows give the same integer solutions but a tighter relaxation).
int64_t WriteLp(const MatchingInstance& instance, const MatchingOptions& options,
                const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  const auto& reaches = instance.reaches;
  std::fprintf(file, "\\ bench_matching: %zu needs, %zu candidates, %zu pairs\nMaximize\n obj:",
               instance.needs.size(), instance.candidates.size(), reaches.size());
  for (size_t p = 0; p < reaches.size(); ++p) {
    const Need& need = instance.needs[reaches[p].need];
    std::fprintf(
        file, "%s %lld x%zu", p == 0 ? "" : " +",
        static_cast<long long>(PairWeightMilli(need.priority, reaches[p].distance_metres, options)),
        p);
    if (p % 8 == 7) std::fprintf(file, "\n");
  }
  std::fprintf(file, "\nSubject To\n");
  std::vector<std::vector<int32_t>> by_need(instance.needs.size());
  std::vector<std::vector<int32_t>> by_candidate(instance.candidates.size());
  for (size_t p = 0; p < reaches.size(); ++p) {
    by_need[reaches[p].need].push_back(static_cast<int32_t>(p));
    by_candidate[reaches[p].candidate].push_back(static_cast<int32_t>(p));
  }
  int64_t rows = 0;
  auto row = [&](const char* prefix, size_t index, const std::vector<int32_t>& pairs,
                 int32_t bound) {
    std::fprintf(file, " %s%zu:", prefix, index);
    for (size_t i = 0; i < pairs.size(); ++i) {
      std::fprintf(file, "%s x%d", i == 0 ? "" : " +", pairs[i]);
      if (i % 12 == 11) std::fprintf(file, "\n");
    }
    std::fprintf(file, " <= %d\n", bound);
    ++rows;
  };
  for (size_t n = 0; n < by_need.size(); ++n) {
    if (static_cast<int32_t>(by_need[n].size()) > instance.needs[n].wanted)
      row("n", n, by_need[n], instance.needs[n].wanted);
  }
  size_t clique_index = 0;
  for (size_t c = 0; c < by_candidate.size(); ++c) {
    const auto& pairs = by_candidate[c];
    if (static_cast<int32_t>(pairs.size()) > instance.candidates[c].capacity)
      row("c", c, pairs, instance.candidates[c].capacity);
    // Sweep: ends before starts at the same minute ([start, end) windows that touch don't clash).
    std::vector<std::pair<int32_t, int32_t>> events;  // (minute, +pair+1 start / -pair-1 end)
    for (const int32_t p : pairs) {
      const TimeWindow& window = instance.needs[reaches[p].need].window;
      events.push_back({window.start_minute, p + 1});
      events.push_back({window.end_minute, -(p + 1)});
    }
    std::sort(events.begin(), events.end());
    std::set<int32_t> active;
    bool grew = false;
    for (const auto& [minute, event] : events) {
      if (event > 0) {
        active.insert(event - 1);
        grew = true;
      } else {
        if (grew && active.size() >= 2)
          row("t", clique_index++, std::vector<int32_t>(active.begin(), active.end()), 1);
        grew = false;
        active.erase(-event - 1);
      }
    }
  }
  std::fprintf(file, "Binary\n");
  for (size_t p = 0; p < reaches.size(); ++p)
    std::fprintf(file, " x%zu%s", p, p % 16 == 15 ? "\n" : "");
  std::fprintf(file, "\nEnd\n");
  std::fclose(file);
  return rows;
}

struct CbcOutcome {
  std::string status = "not run";
  double objective = NAN;
  double bound = NAN;
  double wall_seconds = 0.0;
  double cpu_seconds = NAN;
};

double NumberAfter(const std::string& text, const std::string& label) {
  const size_t at = text.rfind(label);
  if (at == std::string::npos) return NAN;
  return std::strtod(text.c_str() + at + label.size(), nullptr);
}

CbcOutcome RunCbc(const std::string& cbc, const std::string& lp_path, int32_t seconds,
                  const std::string& log_path) {
  const std::string solution_path = lp_path + ".solution.txt";
  const std::string command = cbc + " " + lp_path + " sec " + std::to_string(seconds) +
                              " solve solu " + solution_path + " > " + log_path + " 2>&1";
  CbcOutcome outcome;
  const auto start = Clock::now();
  const int status = std::system(command.c_str());
  outcome.wall_seconds = Seconds(start);
  std::string log;
  if (FILE* file = std::fopen(log_path.c_str(), "r")) {
    char buffer[4096];
    size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) log.append(buffer, read);
    std::fclose(file);
  }
  if (status != 0 && log.find("Result - ") == std::string::npos) {
    outcome.status = "failed (exit " + std::to_string(status) + "; see " + log_path + ")";
    return outcome;
  }
  const size_t result = log.find("Result - ");
  if (result != std::string::npos) {
    const size_t end = log.find('\n', result);
    outcome.status = log.substr(result + 9, end - result - 9);
  }
  outcome.objective = NumberAfter(log, "Objective value:");
  outcome.cpu_seconds = NumberAfter(log, "Total time (CPU seconds):");
  if (log.find("No feasible solution found") != std::string::npos) outcome.objective = NAN;
  // CBC minimises internally. For a maximisation stopped early it prints the best bound as
  // "Upper bound:" (or, negated, as "Lower bound:").
  const double upper_bound = NumberAfter(log, "Upper bound:");
  const double lower_bound = NumberAfter(log, "Lower bound:");
  if (outcome.status.find("Optimal") != std::string::npos) {
    outcome.bound = outcome.objective;
  } else if (!std::isnan(upper_bound)) {
    outcome.bound = std::abs(upper_bound);
  } else if (!std::isnan(lower_bound)) {
    outcome.bound = std::abs(lower_bound);
  }
  if (!std::isnan(outcome.objective) && !std::isnan(outcome.bound))
    outcome.bound = std::max(outcome.bound, outcome.objective);
  return outcome;
}

struct Options {
  const Scale* scale = &kScales[2];
  uint32_t seed = 42;
  int32_t cbc_seconds = 600;
  std::string cbc = "/usr/bin/cbc";
  bool skip_cbc = false;
  int32_t changes = 200;
  std::string work_dir = "/tmp";
  int32_t candidates_per_community = 0;  // 0: the scale's (250)
};

Options ParseArguments(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", argument.c_str());
        std::exit(1);
      }
      return argv[++i];
    };
    if (argument == "--scale") {
      const std::string name = value();
      options.scale = nullptr;
      for (const Scale& scale : kScales) {
        if (name == scale.name) options.scale = &scale;
      }
      if (options.scale == nullptr) {
        std::fprintf(stderr, "--scale: small, medium, town or large\n");
        std::exit(1);
      }
    } else if (argument == "--seed") {
      options.seed = static_cast<uint32_t>(std::stoul(value()));
    } else if (argument == "--cbc-seconds") {
      options.cbc_seconds = std::stoi(value());
    } else if (argument == "--cbc") {
      options.cbc = value();
    } else if (argument == "--skip-cbc") {
      options.skip_cbc = true;
    } else if (argument == "--changes") {
      options.changes = std::stoi(value());
    } else if (argument == "--work-dir") {
      options.work_dir = value();
    } else if (argument == "--candidates-per-community") {
      options.candidates_per_community = std::stoi(value());
    } else {
      std::fprintf(stderr,
                   "usage: bench_matching [--scale small|medium|town|large] [--seed N] "
                   "[--cbc-seconds S] [--cbc PATH] [--skip-cbc] [--changes N] [--work-dir DIR] "
                   "[--candidates-per-community N]\n");
      std::exit(1);
    }
  }
  return options;
}

double Percentile(std::vector<double> values, double share) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<size_t>(std::ceil(share * values.size())) - 1;
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseArguments(argc, argv);
  MatchingOptions matching;
  matching.max_distance_metres = kMaxDistanceMetres;
  bool all_feasible = true;

  std::printf("bench_matching --scale %s --seed %u (load average %s)\n", options.scale->name,
              options.seed, LoadAverage().c_str());
  auto start = Clock::now();
  Scale scale = *options.scale;
  if (options.candidates_per_community > 0)
    scale.candidates_per_community = options.candidates_per_community;
  Town town = GenerateTown(scale, options.seed);
  MatchingInstance& instance = town.instance;
  std::printf(
      "town: %d communities, %zu needs (%lld places), %zu candidates; generated in %.2f s\n",
      town.community_count, instance.needs.size(),
      [&] {
        long long places = 0;
        for (const Need& need : instance.needs) places += need.wanted;
        return places;
      }(),
      instance.candidates.size(), Seconds(start));
  start = Clock::now();
  instance.reaches =
      BuildReaches(instance.needs, instance.candidates, kMaxDistanceMetres, StreetDistance);
  const double reaches_seconds = Seconds(start);
  std::printf("eligible pairs (skill, availability, street distance <= %.0f m): %zu in %.3f s\n",
              kMaxDistanceMetres, instance.reaches.size(), reaches_seconds);

  // The engine, best of 3 (wall) with its thread CPU time.
  double engine_seconds = 1e100;
  double engine_cpu = 1e100;
  MatchingResult result;
  for (int run = 0; run < 3; ++run) {
    const double cpu = ThreadCpuSeconds();
    start = Clock::now();
    auto matched = Match(instance, matching);
    const double wall = Seconds(start);
    engine_cpu = std::min(engine_cpu, ThreadCpuSeconds() - cpu);
    engine_seconds = std::min(engine_seconds, wall);
    if (!matched.ok()) {
      std::fprintf(stderr, "engine failed: %s\n", matched.error().message.c_str());
      return 1;
    }
    result = std::move(matched).value();
  }
  int64_t checked_total = 0;
  const bool feasible = Feasible(instance, result.suggestions, matching, &checked_total) &&
                        checked_total == result.total_weight_milli;
  all_feasible = all_feasible && feasible;
  int64_t unfilled_places = 0;
  for (const UnfilledNeed& unfilled : result.unfilled) unfilled_places += unfilled.missing;
  MatchingOptions greedy_only = matching;
  greedy_only.max_improvement_passes = 0;
  start = Clock::now();
  const int64_t greedy_total = Match(instance, greedy_only)->total_weight_milli;
  const double greedy_seconds = Seconds(start);
  std::printf(
      "engine: objective %lld (greedy alone %lld in %.3f s), %zu suggestions, %lld places "
      "unfilled, %d passes; %.3f s wall (best of 3), %.3f s CPU; feasible: %s\n",
      static_cast<long long>(result.total_weight_milli), static_cast<long long>(greedy_total),
      greedy_seconds, result.suggestions.size(), static_cast<long long>(unfilled_places),
      result.improvement_passes, engine_seconds, engine_cpu, feasible ? "yes" : "NO");

  if (!options.skip_cbc) {
    const std::string stem = options.work_dir + "/bench_matching_" + options.scale->name + "_" +
                             std::to_string(options.seed) + "_" +
                             std::to_string(scale.candidates_per_community);
    start = Clock::now();
    const int64_t rows = WriteLp(instance, matching, stem + ".lp");
    std::printf("LP: %zu binaries, %lld rows, written in %.2f s to %s.lp\n",
                instance.reaches.size(), static_cast<long long>(rows), Seconds(start),
                stem.c_str());
    std::fflush(stdout);
    const CbcOutcome cbc = RunCbc(options.cbc, stem + ".lp", options.cbc_seconds, stem + ".log");
    auto figure = [](double value) {
      return std::isnan(value) ? std::string("none") : std::to_string(std::llround(value));
    };
    std::printf("CBC (%s, sec %d): %s; objective %s, best bound %s; %.2f s wall, %.2f s CPU\n",
                options.cbc.c_str(), options.cbc_seconds, cbc.status.c_str(),
                figure(cbc.objective).c_str(), figure(cbc.bound).c_str(), cbc.wall_seconds,
                cbc.cpu_seconds);
    const auto engine = static_cast<double>(result.total_weight_milli);
    if (!std::isnan(cbc.objective)) {
      std::printf("gap to CBC's objective: %.4f %% (engine %s)\n",
                  100.0 * (cbc.objective - engine) / cbc.objective,
                  engine > cbc.objective ? "better" : "below or equal");
    }
    if (!std::isnan(cbc.bound))
      std::printf("gap to CBC's best bound: %.4f %%\n", 100.0 * (cbc.bound - engine) / cbc.bound);
    std::printf(
        "speed: CBC / engine = %.0f× (wall), %.0f× (CPU); counting the engine's reaches "
        "too: %.0f× (wall)\n",
        cbc.wall_seconds / engine_seconds, cbc.cpu_seconds / engine_cpu,
        cbc.wall_seconds / (engine_seconds + reaches_seconds));
  }

  // Re-matching one community after a change, `changes` times. The state is the current
  // assignment of every need; a change alters one need of a random community (its priority, or
  // its wanted count, or it is withdrawn); the community is solved again with every other
  // community's assignments fixed, and with the community's suggestions a worker accepted (every
  // third) fixed too.
  std::vector<std::vector<int32_t>> need_reaches(instance.needs.size());
  for (size_t r = 0; r < instance.reaches.size(); ++r)
    need_reaches[instance.reaches[r].need].push_back(static_cast<int32_t>(r));
  std::vector<std::vector<int32_t>> community_needs(town.community_count);
  for (size_t n = 0; n < instance.needs.size(); ++n)
    community_needs[town.community_of_need[n]].push_back(static_cast<int32_t>(n));
  std::map<int64_t, int32_t> need_index;
  for (size_t n = 0; n < instance.needs.size(); ++n)
    need_index[instance.needs[n].id] = static_cast<int32_t>(n);
  std::vector<std::vector<Suggestion>> current(instance.needs.size());
  for (const Suggestion& suggestion : result.suggestions)
    current[need_index[suggestion.need_id]].push_back(suggestion);

  std::mt19937_64 random(options.seed + 1);
  std::vector<double> wall_ms;
  std::vector<double> cpu_ms;
  int64_t kept_fixed = 0;
  for (int32_t change = 0; change < options.changes; ++change) {
    const int32_t community = static_cast<int32_t>(random() % town.community_count);
    const auto& members = community_needs[community];
    const int32_t changed = members[random() % members.size()];
    Need& need = instance.needs[changed];
    switch (random() % 3) {
      case 0:
        need.priority = static_cast<double>(100 + random() % 401) / 100.0;
        break;
      case 1:
        need.wanted = 1 + static_cast<int32_t>(random() % 3);
        break;
      default:
        need.wanted = 0;  // withdrawn
        break;
    }
    const double cpu = ThreadCpuSeconds();
    start = Clock::now();
    // The sub-instance: the community's needs, the candidates they reach, the fixed assignments
    // of those candidates elsewhere and the accepted ones here.
    MatchingInstance sub;
    std::vector<int32_t> candidate_slot(instance.candidates.size(), -1);
    std::vector<int32_t> sub_candidates;
    for (const int32_t n : members) {
      sub.needs.push_back(instance.needs[n]);
      for (const int32_t r : need_reaches[n]) {
        const Reach& reach = instance.reaches[r];
        if (candidate_slot[reach.candidate] < 0) {
          candidate_slot[reach.candidate] = static_cast<int32_t>(sub_candidates.size());
          sub_candidates.push_back(reach.candidate);
          sub.candidates.push_back(instance.candidates[reach.candidate]);
        }
        sub.reaches.push_back({static_cast<int32_t>(sub.needs.size()) - 1,
                               candidate_slot[reach.candidate], reach.distance_metres});
      }
    }
    std::set<int64_t> sub_candidate_ids;
    for (const Candidate& candidate : sub.candidates) sub_candidate_ids.insert(candidate.id);
    for (size_t n = 0; n < current.size(); ++n) {
      const bool here = town.community_of_need[n] == community;
      for (size_t i = 0; i < current[n].size(); ++i) {
        const Suggestion& suggestion = current[n][i];
        if (!sub_candidate_ids.count(suggestion.candidate_id)) continue;
        const bool accepted = here && (suggestion.need_id + suggestion.candidate_id) % 3 == 0 &&
                              static_cast<int32_t>(n) != changed;
        if (!here || accepted)
          sub.fixed.push_back({suggestion.need_id, suggestion.candidate_id, suggestion.window});
      }
    }
    auto rematched = Match(sub, matching);
    wall_ms.push_back(1000.0 * Seconds(start));
    cpu_ms.push_back(1000.0 * (ThreadCpuSeconds() - cpu));
    if (!rematched.ok()) {
      std::fprintf(stderr, "re-match failed: %s\n", rematched.error().message.c_str());
      return 1;
    }
    for (const int32_t n : members) current[n].clear();
    for (const Suggestion& suggestion : rematched->suggestions) {
      current[need_index[suggestion.need_id]].push_back(suggestion);
      kept_fixed += suggestion.fixed ? 1 : 0;
    }
  }
  std::vector<Suggestion> everything;
  for (const auto& list : current) everything.insert(everything.end(), list.begin(), list.end());
  int64_t after_changes = 0;
  const bool still_feasible = Feasible(instance, everything, matching, &after_changes);
  all_feasible = all_feasible && still_feasible;
  if (options.changes > 0) {
    std::printf(
        "re-match one community (%zu needs on average) after a change, %d changes: median %.2f ms, "
        "p99 %.2f ms, max %.2f ms wall; CPU median %.2f ms, p99 %.2f ms; %lld accepted "
        "suggestions kept; town still feasible: %s (objective now %lld)\n",
        instance.needs.size() / town.community_count, options.changes, Percentile(wall_ms, 0.5),
        Percentile(wall_ms, 0.99), Percentile(wall_ms, 1.0), Percentile(cpu_ms, 0.5),
        Percentile(cpu_ms, 0.99), static_cast<long long>(kept_fixed), still_feasible ? "yes" : "NO",
        static_cast<long long>(after_changes));
  }
  std::printf("load average at the end: %s\n", LoadAverage().c_str());
  return all_feasible ? 0 : 2;
}

// bench_accessibility: the life-circle engine on a city-sized synthetic network, beside
// Boost.Graph's dijkstra_shortest_paths (multi-source through a super-node) over the same graph,
// the same integer lengths and the same sources, measured in the same run.
//
//   bench_accessibility [--seed N] [--communities N] [--skip-baseline] [--paths-only]
//
// --paths-only times each type's search alone (1 thread, best of 3) and the 12-type paths and full
// recompute on 2 threads (best and median of 7), then stops: a quick loop for tuning the search.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engines/accessibility/bounded_search.hpp"
#include "engines/accessibility/circles.hpp"
#include "engines/accessibility/coverage.hpp"
#include "engines/accessibility/snapping.hpp"
#include "engines/accessibility/walking_network.hpp"
#include "synthetic_city.hpp"

namespace {

using namespace linli::accessibility;  // NOLINT: a benchmark driver
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of the whole process (all threads), seconds: on a shared, oversubscribed machine this
// is closer than wall time to what the step costs on an idle one.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// CPU time of the calling thread, seconds.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

double PeakRssMebibytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux: kilobytes
}

double Percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(fraction * values.size()));
  return values[index];
}

struct EdgeProperty {
  uint32_t weight = 0;
};
using BoostGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProperty>;

}  // namespace

int main(int argc, char** argv) {
  uint32_t seed = 20240605;
  int incremental_communities = 300;
  bool skip_baseline = false;
  bool paths_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--skip-baseline") == 0) skip_baseline = true;
    if (std::strcmp(argv[i], "--paths-only") == 0) paths_only = true;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seed") == 0) seed = static_cast<uint32_t>(std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--communities") == 0)
      incremental_communities = std::atoi(argv[i + 1]);
  }
  constexpr int kThreads = 2;

  auto start = Clock::now();
  linli::bench::SyntheticCity city = linli::bench::MakeSyntheticCity(seed);
  const double generate_seconds = Seconds(start);

  // Build and snap.
  start = Clock::now();
  auto built = city.network.Build();
  if (!built.ok()) {
    std::fprintf(stderr, "build failed: %s\n", built.error().message.c_str());
    return 1;
  }
  const WalkingNetwork network = std::move(built).value();
  const double build_seconds = Seconds(start);
  city.network = WalkingNetworkBuilder();  // free the input

  start = Clock::now();
  const EdgeIndex index(network);
  const double index_seconds = Seconds(start);
  start = Clock::now();
  const std::vector<Snap> building_snaps = index.SnapPoints(city.building_positions, kThreads);
  std::vector<std::vector<Snap>> facility_snaps;
  for (const auto& positions : city.facilities)
    facility_snaps.push_back(index.SnapPoints(positions, kThreads));
  const double snap_seconds = Seconds(start);
  size_t facility_count = 0;
  for (const auto& f : city.facilities) facility_count += f.size();

  std::vector<CircleTask> tasks;
  for (size_t type = 0; type < city.types.size(); ++type) {
    tasks.push_back({{city.facilities[type], facility_snaps[type]},
                     CutoffFromMetres(city.types[type].cutoff_metres).value()});
  }
  const Places targets{city.building_positions, building_snaps};
  const BuildingTable table{city.building_community, city.building_residential};

  if (paths_only) {
    CircleCalculator one(&network, {.thread_count = 1});
    BoundedSearch search(network);
    double total = 0.0, total_cpu = 0.0;
    for (size_t type = 0; type < tasks.size(); ++type) {
      double best = 1e9, best_cpu = 1e9;
      for (int run = 0; run < 3; ++run) {
        start = Clock::now();
        const double cpu = ThreadCpuSeconds();
        (void)one.AllTargets(targets, std::span(&tasks[type], 1)).value();
        best = std::min(best, Seconds(start));
        best_cpu = std::min(best_cpu, ThreadCpuSeconds() - cpu);
      }
      total_cpu += best_cpu;
      total += best;
      std::vector<Seed> seeds;
      for (const Snap& s : facility_snaps[type]) {
        seeds.push_back({s.from, s.CostToFrom()});
        seeds.push_back({s.to, s.CostToTo()});
      }
      search.Run(seeds, tasks[type].cutoff_decimetres);
      std::printf(
          "type %2zu: %5zu facilities, cutoff %5u dm, %8zu nodes reached, %7.1f ms (CPU %7.1f)\n",
          type, facility_snaps[type].size(), tasks[type].cutoff_decimetres, search.settled().size(),
          1000 * best, 1000 * best_cpu);
    }
    std::printf("sum of types, 1 thread: %.1f ms (CPU %.1f ms)\n", 1000 * total, 1000 * total_cpu);
    CircleCalculator two(&network, {.thread_count = kThreads});
    std::vector<double> paths, fulls, cpus;
    for (int run = 0; run < 7; ++run) {
      start = Clock::now();
      const double cpu = CpuSeconds();
      const auto all = two.AllTargets(targets, tasks).value();
      paths.push_back(Seconds(start));
      for (size_t type = 0; type < tasks.size(); ++type) {
        (void)ComputeCoverage(city.divisions, table, city.served[city.types[type].served_group],
                              all[type])
            .value();
      }
      fulls.push_back(Seconds(start));
      cpus.push_back(CpuSeconds() - cpu);
    }
    std::printf(
        "2 threads: paths best %.1f median %.1f ms; full best %.1f median %.1f ms (CPU best %.1f "
        "ms)\n",
        1000 * Percentile(paths, 0), 1000 * Percentile(paths, 0.5), 1000 * Percentile(fulls, 0),
        1000 * Percentile(fulls, 0.5), 1000 * Percentile(cpus, 0));
    if (FILE* file = std::fopen("/proc/loadavg", "r")) {
      char line[128] = {};
      if (std::fgets(line, sizeof line, file) != nullptr) std::printf("load average: %s", line);
      std::fclose(file);
    }
    return 0;
  }

  // Full recompute: shortest paths of 12 types + coverage per served group + roll-up.
  CircleCalculator calculator(&network, {.thread_count = kThreads});
  std::vector<TargetDistances> distances;
  std::vector<CoverageReport> reports;
  std::vector<double> full_runs, path_runs, full_cpu_runs;
  for (int run = 0; run < 5; ++run) {
    start = Clock::now();
    const double cpu_start = CpuSeconds();
    distances = std::move(calculator.AllTargets(targets, tasks)).value();
    path_runs.push_back(Seconds(start));
    reports.clear();
    for (size_t type = 0; type < tasks.size(); ++type) {
      reports.push_back(ComputeCoverage(city.divisions, table,
                                        city.served[city.types[type].served_group], distances[type])
                            .value());
    }
    full_runs.push_back(Seconds(start));
    full_cpu_runs.push_back(CpuSeconds() - cpu_start);
  }
  CircleCalculator serial_calculator(&network, {.thread_count = 1});
  start = Clock::now();
  double cpu_start = CpuSeconds();
  auto serial = serial_calculator.AllTargets(targets, tasks);
  const double serial_path_seconds = Seconds(start);
  const double serial_path_cpu = CpuSeconds() - cpu_start;

  // One community after a facility change: all 12 types for its buildings, recount, roll up.
  std::mt19937 random(seed);
  const int32_t community_count = static_cast<int32_t>(city.divisions.town_of_community.size());
  std::uniform_int_distribution<int32_t> pick(0, community_count - 1);
  std::vector<double> community_runs, community_cpu_runs;
  size_t mismatches = 0;
  std::vector<CoverageReport> updated = reports;
  for (int k = 0; k < incremental_communities; ++k) {
    const int32_t community = pick(random);
    const uint32_t first = city.community_first_building[community];
    const uint32_t last = city.community_first_building[community + 1];
    const Places local{{}, std::span(building_snaps).subspan(first, last - first)};
    start = Clock::now();
    const double community_cpu_start = ThreadCpuSeconds();
    for (size_t type = 0; type < tasks.size(); ++type) {
      const TargetDistances result = calculator.SomeTargets(local, tasks[type]).value();
      const auto& served = city.served[city.types[type].served_group];
      const CoverageCounts counts =
          CountCoverage(std::span(city.building_residential).subspan(first, last - first),
                        std::span(served).subspan(first, last - first), result.decimetres);
      (void)ReplaceCommunity(city.divisions, community, counts, updated[type]);
      for (uint32_t b = first; b < last; ++b) {
        mismatches += result.decimetres[b - first] != distances[type].decimetres[b];
      }
    }
    community_runs.push_back(Seconds(start));
    community_cpu_runs.push_back(ThreadCpuSeconds() - community_cpu_start);
  }
  const double rss_engine = PeakRssMebibytes();
  if (skip_baseline) {
    std::printf(
        "paths 1 thread %.3f s, 2 threads %.3f s, full %.3f s, community median %.2f ms p99 %.2f "
        "ms (CPU median %.2f p99 %.2f ms); %zu building distances of the community runs differ "
        "from the full run\n",
        serial_path_seconds, Percentile(path_runs, 0.5), Percentile(full_runs, 0.5),
        1000 * Percentile(community_runs, 0.5), 1000 * Percentile(community_runs, 0.99),
        1000 * Percentile(community_cpu_runs, 0.5), 1000 * Percentile(community_cpu_runs, 0.99),
        mismatches);
    return mismatches == 0 ? 0 : 2;
  }

  // Boost.Graph baseline: CSR graph + a super-node with an arc to every seed node of any type;
  // per type the arcs of its own seeds weigh the seed's cost, the others 10^9 (never within
  // the cutoff). Plain dijkstra_shortest_paths over the whole graph (no cutoff): the textbook way.
  start = Clock::now();
  const int32_t n = network.node_count();
  const auto super = static_cast<BoostGraph::vertex_descriptor>(n);
  std::vector<std::pair<int32_t, int32_t>> boost_edges;
  std::vector<EdgeProperty> boost_weights;
  boost_edges.reserve(network.arc_count() + 2 * facility_count);
  for (int32_t node = 0; node < n; ++node) {
    for (const Arc& arc : network.ArcsOf(node)) {
      boost_edges.emplace_back(node, arc.head);
      boost_weights.push_back({arc.length_decimetres});
    }
  }
  std::vector<int32_t> seed_nodes;
  for (const auto& snaps : facility_snaps) {
    for (const Snap& s : snaps) {
      seed_nodes.push_back(s.from);
      seed_nodes.push_back(s.to);
    }
  }
  std::sort(seed_nodes.begin(), seed_nodes.end());
  seed_nodes.erase(std::unique(seed_nodes.begin(), seed_nodes.end()), seed_nodes.end());
  for (const int32_t node : seed_nodes) {
    boost_edges.emplace_back(n, node);
    boost_weights.push_back({1'000'000'000});
  }
  const BoostGraph graph(boost::edges_are_unsorted_multi_pass, boost_edges.begin(),
                         boost_edges.end(), boost_weights.begin(), n + 1);
  const double boost_build_seconds = Seconds(start);
  // Index of the super-node's arcs in the CSR edge order, by seed node.
  std::vector<int64_t> super_arc(n, -1);
  for (auto [it, end] = boost::out_edges(super, graph); it != end; ++it) {
    super_arc[boost::target(*it, graph)] =
        static_cast<int64_t>(boost::get(boost::edge_index, graph, *it));
  }
  const size_t edge_total = boost::num_edges(graph);
  std::vector<std::vector<uint32_t>> boost_distances(tasks.size());
  auto boost_type = [&](size_t type) {
    std::vector<uint32_t> weights(edge_total);
    for (auto [it, end] = boost::edges(graph); it != end; ++it) {
      weights[boost::get(boost::edge_index, graph, *it)] = graph[*it].weight;
    }
    for (const Snap& s : facility_snaps[type]) {
      weights[super_arc[s.from]] = std::min(weights[super_arc[s.from]], s.CostToFrom());
      weights[super_arc[s.to]] = std::min(weights[super_arc[s.to]], s.CostToTo());
    }
    std::vector<uint32_t>& distance = boost_distances[type];
    distance.assign(n + 1, 0);
    boost::dijkstra_shortest_paths(
        graph, super,
        boost::distance_map(boost::make_iterator_property_map(
                                distance.begin(), boost::get(boost::vertex_index, graph)))
            .weight_map(boost::make_iterator_property_map(weights.begin(),
                                                          boost::get(boost::edge_index, graph))));
  };
  start = Clock::now();
  cpu_start = CpuSeconds();
  {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t type = next++; type < tasks.size(); type = next++) boost_type(type);
    };
    std::thread other(work);
    work();
    other.join();
  }
  const double boost_seconds = Seconds(start);
  const double boost_cpu = CpuSeconds() - cpu_start;
  const double rss_total = PeakRssMebibytes();

  // Check: node distances of our bounded search equal Boost's within every cutoff.
  size_t compared = 0, disagreements = 0;
  BoundedSearch search(network);
  for (size_t type = 0; type < tasks.size(); ++type) {
    std::vector<Seed> seeds;
    for (const Snap& s : facility_snaps[type]) {
      seeds.push_back({s.from, s.CostToFrom()});
      seeds.push_back({s.to, s.CostToTo()});
    }
    search.Run(seeds, tasks[type].cutoff_decimetres);
    for (int32_t node = 0; node < n; ++node) {
      const uint32_t ours = search.Distance(node);
      const uint32_t theirs = boost_distances[type][node];
      const bool within = theirs <= tasks[type].cutoff_decimetres;
      if (within) ++compared;
      if (within ? ours != theirs : ours != kUnreachable) ++disagreements;
    }
  }

  // Report.
  const double full_median = Percentile(full_runs, 0.5);
  const double path_median = Percentile(path_runs, 0.5);
  if (FILE* file = std::fopen("/proc/loadavg", "r")) {  // context: the machine is shared
    char line[128] = {};
    if (std::fgets(line, sizeof line, file) != nullptr)
      std::printf("load average at the end: %s", line);
    std::fclose(file);
  }
  std::printf(
      "Synthetic city (seed %u): %d input nodes -> %d nodes kept (%d dropped), %d edges, %lld "
      "directed arcs\n",
      seed, static_cast<int>(city.input_node_count), n, network.dropped_node_count(),
      network.edge_count(), static_cast<long long>(network.arc_count()));
  std::printf(
      "  %zu buildings in %d communities, %zu towns, %d counties; %zu facilities of %zu types\n",
      city.building_positions.size(), community_count, city.divisions.county_of_town.size(),
      city.divisions.county_count, facility_count, city.types.size());
  std::printf("\n%-52s %12s\n", "step", "time");
  std::printf("%-52s %10.3f s\n", "generate synthetic city (not engine work)", generate_seconds);
  std::printf("%-52s %10.3f s\n", "build network (lengths, largest component, renumber)",
              build_seconds);
  std::printf("%-52s %10.3f s\n", "build edge grid index", index_seconds);
  std::printf("%-52s %10.3f s\n", "snap buildings + facilities (2 threads)", snap_seconds);
  std::printf("%-52s %10.3f s   (CPU %.3f s)\n", "shortest paths, 12 types, 1 thread",
              serial_path_seconds, serial_path_cpu);
  std::printf("%-52s %10.3f s\n", "shortest paths, 12 types, 2 threads (median of 5)", path_median);
  std::printf("%-52s %10.3f s   (CPU %.3f s, both threads)\n",
              "FULL RECOMPUTE: paths + coverage + roll-up (median)", full_median,
              Percentile(full_cpu_runs, 0.5));
  std::printf("%-52s %10.3f s\n", "  slowest of 5",
              *std::max_element(full_runs.begin(), full_runs.end()));
  std::printf("%-52s %10.2f ms\n", "one community, 12 types: median",
              1000 * Percentile(community_runs, 0.5));
  std::printf("%-52s %10.2f ms\n", "one community, 12 types: p99",
              1000 * Percentile(community_runs, 0.99));
  std::printf("%-52s %10.2f / %.2f ms\n", "  the same in thread CPU time: median / p99",
              1000 * Percentile(community_cpu_runs, 0.5),
              1000 * Percentile(community_cpu_runs, 0.99));
  std::printf("%-52s %10.1f MiB\n", "peak RSS before the baseline", rss_engine);
  std::printf(
      "\nBaseline: Boost.Graph dijkstra_shortest_paths, CSR graph + super-node, 2 threads\n");
  std::printf("%-52s %10.3f s\n", "build Boost CSR graph (not compared)", boost_build_seconds);
  std::printf("%-52s %10.3f s   (CPU %.3f s)\n", "Boost Dijkstra, 12 types, 2 threads",
              boost_seconds, boost_cpu);
  std::printf("%-52s %10.1f x\n", "ratio Boost / ours in CPU time (1-thread paths)",
              boost_cpu / serial_path_cpu);
  std::printf("%-52s %10.1f x\n", "ratio Boost / our shortest paths (2 threads each)",
              boost_seconds / path_median);
  std::printf("%-52s %10.1f x\n", "ratio Boost / our full recompute", boost_seconds / full_median);
  std::printf("%-52s %10.1f MiB\n", "peak RSS including the baseline", rss_total);
  std::printf(
      "\nChecks: %zu node distances within the cutoffs compared with Boost, %zu disagree "
      "(tolerance 0: same integer decimetre lengths)\n",
      compared, disagreements);
  std::printf(
      "        %d incremental community recomputes x 12 types, %zu building distances differ from "
      "the full run\n",
      incremental_communities, mismatches);
  std::printf(
      "        serial and parallel runs agree: %s\n",
      serial.ok() &&
              [&] {
                for (size_t t = 0; t < tasks.size(); ++t) {
                  if ((*serial)[t].decimetres != distances[t].decimetres) return false;
                }
                return true;
              }()
          ? "yes"
          : "NO");
  std::printf(
      "\nCity coverage per type (served residents / residential buildings within the circle):\n");
  const char* groups[] = {"全体", "60岁以上", "0-14岁", "0-3岁"};
  for (size_t type = 0; type < tasks.size(); ++type) {
    const CoverageCounts& c = reports[type].city;
    std::printf("  %-28s %6.0f m  %-10s %5.1f%%  %5.1f%%\n", city.types[type].name.c_str(),
                city.types[type].cutoff_metres, groups[city.types[type].served_group],
                100 * c.ResidentShare().value_or(0), 100 * c.BuildingShare().value_or(0));
  }
  return disagreements == 0 && mismatches == 0 ? 0 : 2;
}

#include "engines/accessibility/circles.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

namespace linli::accessibility {
namespace {

constexpr double kMetresPerDegreeLatitude = kEarthRadiusMetres * 3.14159265358979323846 / 180.0;

// Straight-line fallback: sources bucketed in cells of about one circle radius (in degrees), so a
// target only looks at the 3 × 3 cells around it.
class SourceGrid {
 public:
  SourceGrid(std::span<const LatLon> sources, double radius_metres, double max_abs_latitude)
      : sources_(sources) {
    cell_lat_ = std::max(radius_metres / kMetresPerDegreeLatitude, 1e-6);
    const double cos_lat =
        std::max(std::cos(max_abs_latitude * 3.14159265358979323846 / 180.0), 0.01);
    cell_lon_ = std::max(radius_metres / (kMetresPerDegreeLatitude * cos_lat), 1e-6);
    keyed_.reserve(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) {
      keyed_.emplace_back(Key(Row(sources[i].lat), Column(sources[i].lon)),
                          static_cast<int32_t>(i));
    }
    std::sort(keyed_.begin(), keyed_.end());
  }

  template <typename Visit>
  void ForNear(LatLon point, Visit&& visit) const {
    const int64_t row = Row(point.lat);
    const int64_t column = Column(point.lon);
    for (int64_t r = row - 1; r <= row + 1; ++r) {
      for (int64_t c = column - 1; c <= column + 1; ++c) {
        const uint64_t key = Key(r, c);
        auto it =
            std::lower_bound(keyed_.begin(), keyed_.end(), std::pair<uint64_t, int32_t>(key, -1));
        for (; it != keyed_.end() && it->first == key; ++it) visit(sources_[it->second]);
      }
    }
  }

 private:
  int64_t Row(double lat) const { return static_cast<int64_t>(std::floor(lat / cell_lat_)); }
  int64_t Column(double lon) const { return static_cast<int64_t>(std::floor(lon / cell_lon_)); }
  static uint64_t Key(int64_t row, int64_t column) {
    return (static_cast<uint64_t>(row + (1 << 30)) << 32) |
           static_cast<uint32_t>(column + (1 << 30));
  }

  std::span<const LatLon> sources_;
  double cell_lat_ = 1.0;
  double cell_lon_ = 1.0;
  std::vector<std::pair<uint64_t, int32_t>> keyed_;
};

}  // namespace

struct CircleCalculator::Workspace {
  explicit Workspace(const WalkingNetwork& network)
      : search(network), edge_has_source(network.edge_count(), 0) {}
  BoundedSearch search;
  std::vector<Seed> seeds;
  std::vector<uint8_t> edge_has_source;                   // marks set for one task, then cleared
  std::vector<std::pair<int32_t, int32_t>> edge_sources;  // (edge, source index), sorted
};

// Seeds of one set of sources on a grid of square cells over the network's plane.
struct CircleCalculator::SeedGrid {
  struct Entry {
    PlanePoint position;  // of the seed's node
    Seed seed;
  };
  static constexpr double kCellMetres = 500.0;
  static constexpr size_t kCached = 32;  // sets of sources kept (a plan has about a dozen)

  std::vector<Snap> sources;  // what the grid was built from
  double min_x = 0.0;
  double min_y = 0.0;
  double cell = kCellMetres;
  int32_t columns = 1;
  int32_t rows = 1;
  std::vector<uint32_t> cell_start;  // columns × rows + 1 offsets into entries
  std::vector<Entry> entries;

  SeedGrid(const WalkingNetwork& network, std::span<const Snap> snaps)
      : sources(snaps.begin(), snaps.end()) {
    std::vector<Entry> all;
    all.reserve(2 * snaps.size());
    double max_x = -1e300, max_y = -1e300;
    min_x = min_y = 1e300;
    for (const Snap& snap : snaps) {
      for (const Seed seed : {Seed{snap.from, snap.CostToFrom()}, Seed{snap.to, snap.CostToTo()}}) {
        const PlanePoint p = network.PlanePosition(seed.node);
        all.push_back({p, seed});
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
      }
    }
    if (all.empty()) {
      cell_start.assign(2, 0);
      return;
    }
    // At most 2^22 cells: grow the cell for networks wider than about 1000 km.
    while ((max_x - min_x) / cell * ((max_y - min_y) / cell) > double{1 << 22}) cell *= 2.0;
    columns = static_cast<int32_t>((max_x - min_x) / cell) + 1;
    rows = static_cast<int32_t>((max_y - min_y) / cell) + 1;
    cell_start.assign(static_cast<size_t>(columns) * rows + 1, 0);
    for (const Entry& entry : all) ++cell_start[CellOf(entry.position) + 1];
    for (size_t c = 1; c < cell_start.size(); ++c) cell_start[c] += cell_start[c - 1];
    entries.resize(all.size());
    std::vector<uint32_t> fill(cell_start.begin(), cell_start.end() - 1);
    for (const Entry& entry : all) entries[fill[CellOf(entry.position)]++] = entry;
  }

  size_t CellOf(PlanePoint p) const {
    const auto column = std::clamp(static_cast<int32_t>((p.x - min_x) / cell), 0, columns - 1);
    const auto row = std::clamp(static_cast<int32_t>((p.y - min_y) / cell), 0, rows - 1);
    return static_cast<size_t>(row) * columns + column;
  }

  // Appends the seeds that BoundedSearch::RunTowards could keep for `box` (a superset: the
  // search applies the exact test): those whose straight-line lower bound to the box, plus
  // their cost, is within the cutoff, with a metre to spare.
  void SeedsNear(const PlaneBox& box, uint32_t cutoff_decimetres, double lower_bound_factor,
                 std::vector<Seed>& seeds) const {
    if (entries.empty()) return;
    const double per_decimetre = 1.0 / (kDecimetresPerMetre * lower_bound_factor);
    const double reach = (cutoff_decimetres + 2.0) * per_decimetre + 1.0;
    const auto clamp_column = [&](double x) {
      return std::clamp(static_cast<int32_t>(std::floor((x - min_x) / cell)), 0, columns - 1);
    };
    const auto clamp_row = [&](double y) {
      return std::clamp(static_cast<int32_t>(std::floor((y - min_y) / cell)), 0, rows - 1);
    };
    const int32_t first_column = clamp_column(box.min_x - reach);
    const int32_t last_column = clamp_column(box.max_x + reach);
    const int32_t first_row = clamp_row(box.min_y - reach);
    const int32_t last_row = clamp_row(box.max_y + reach);
    for (int32_t row = first_row; row <= last_row; ++row) {
      const size_t base = static_cast<size_t>(row) * columns;
      for (uint32_t k = cell_start[base + first_column]; k < cell_start[base + last_column + 1];
           ++k) {
        const Entry& entry = entries[k];
        if (entry.seed.distance_decimetres > cutoff_decimetres) continue;
        const double dx =
            std::max({box.min_x - entry.position.x, 0.0, entry.position.x - box.max_x});
        const double dy =
            std::max({box.min_y - entry.position.y, 0.0, entry.position.y - box.max_y});
        const double allowed =
            (cutoff_decimetres - entry.seed.distance_decimetres + 2.0) * per_decimetre + 1.0;
        if (dx * dx + dy * dy <= allowed * allowed) seeds.push_back(entry.seed);
      }
    }
  }
};

core::Result<uint32_t> CutoffFromWalkingTime(double walking_minutes,
                                             double speed_metres_per_second) {
  if (!(walking_minutes > 0.0) || !std::isfinite(walking_minutes)) {
    return core::Error::Validation("步行时间必须大于 0 分钟", "walking_minutes");
  }
  if (!(speed_metres_per_second > 0.0) || !(speed_metres_per_second <= 5.0)) {
    return core::Error::Validation("步行速度必须大于 0 且不超过 5 米/秒", "speed");
  }
  const double metres = walking_minutes * 60.0 * speed_metres_per_second;
  if (metres > kMaxCutoffMetres) {
    return core::Error::Validation("生活圈半径不能超过 20 公里", "walking_minutes");
  }
  return MetresToDecimetres(metres);
}

core::Result<uint32_t> CutoffFromMetres(double metres) {
  if (!(metres > 0.0) || !(metres <= kMaxCutoffMetres)) {
    return core::Error::Validation("生活圈距离必须大于 0 且不超过 20 公里", "distance_metres");
  }
  return MetresToDecimetres(metres);
}

CircleCalculator::CircleCalculator(const WalkingNetwork* network, DistanceOptions options)
    : network_(network), options_(options) {
  options_.thread_count = std::max(1, options_.thread_count);
}

CircleCalculator::~CircleCalculator() = default;

const CircleCalculator::SeedGrid& CircleCalculator::SeedGridOf(std::span<const Snap> sources) {
  const auto same = [&](const SeedGrid& grid) {
    return grid.sources.size() == sources.size() &&
           (sources.empty() ||
            std::memcmp(grid.sources.data(), sources.data(), sources.size_bytes()) == 0);
  };
  for (size_t i = seed_grids_.size(); i-- > 0;) {
    if (same(*seed_grids_[i])) {
      std::rotate(seed_grids_.begin() + i, seed_grids_.begin() + i + 1, seed_grids_.end());
      return *seed_grids_.back();
    }
  }
  if (seed_grids_.size() >= SeedGrid::kCached) seed_grids_.erase(seed_grids_.begin());
  seed_grids_.push_back(std::make_unique<SeedGrid>(*network_, sources));
  return *seed_grids_.back();
}

CircleCalculator::Workspace& CircleCalculator::WorkspaceAt(size_t index) {
  while (workspaces_.size() <= index) {
    workspaces_.push_back(std::make_unique<Workspace>(*network_));
  }
  return *workspaces_[index];
}

core::Status CircleCalculator::Validate(Places places, const char* field) const {
  const std::string name = field;
  if (network_ != nullptr) {
    if (!places.positions.empty() && places.positions.size() != places.snaps.size()) {
      return core::Error::InvalidArgument(name + " 的坐标与路网吸附点数量不一致", name);
    }
    for (size_t i = 0; i < places.snaps.size(); ++i) {
      const Snap& snap = places.snaps[i];
      if (!snap.snapped() || snap.edge >= network_->edge_count()) {
        return core::Error::InvalidArgument(
            name + " 的第 " + std::to_string(i) + " 个点没有吸附到路网", name);
      }
    }
    return core::Ok();
  }
  for (size_t i = 0; i < places.positions.size(); ++i) {
    if (!IsInChina(places.positions[i])) {
      return core::Error::Validation(
          name + " 的第 " + std::to_string(i) + " 个点坐标超出中国范围或不是数字", name);
    }
  }
  return core::Ok();
}

void CircleCalculator::RunOnNetwork(Workspace& workspace, Places targets, const CircleTask& task,
                                    bool prune, TargetDistances& result) {
  const uint32_t cutoff = task.cutoff_decimetres;
  PlaneBox box;
  if (prune) {
    box = {1e300, 1e300, -1e300, -1e300};
    for (const Snap& target : targets.snaps) {
      for (const int32_t node : {target.from, target.to}) {
        const PlanePoint p = network_->PlanePosition(node);
        box.min_x = std::min(box.min_x, p.x);
        box.min_y = std::min(box.min_y, p.y);
        box.max_x = std::max(box.max_x, p.x);
        box.max_y = std::max(box.max_y, p.y);
      }
    }
  }
  workspace.seeds.clear();
  workspace.edge_sources.clear();
  // Sources and targets on the same edge also reach each other along it: list the (edge, source)
  // pairs of the edges that carry both. With few targets, mark the targets' edges and keep the
  // sources on them; otherwise mark the sources' edges.
  const bool few_targets = targets.snaps.size() < task.sources.snaps.size();
  if (few_targets) {
    for (const Snap& target : targets.snaps) workspace.edge_has_source[target.edge] = 1;
  }
  const bool directed = prune && !targets.snaps.empty();
  if (directed) {
    // Only the sources near the community (the grid is built on the first call for this set).
    SeedGridOf(task.sources.snaps)
        .SeedsNear(box, cutoff, network_->lower_bound_factor(), workspace.seeds);
    std::sort(workspace.seeds.begin(), workspace.seeds.end(),
              [](const Seed& a, const Seed& b) { return a.node < b.node; });
  }
  for (size_t i = 0; i < task.sources.snaps.size(); ++i) {
    const Snap& source = task.sources.snaps[i];
    if (!directed) {
      workspace.seeds.push_back({source.from, source.CostToFrom()});
      workspace.seeds.push_back({source.to, source.CostToTo()});
    }
    if (few_targets) {
      if (workspace.edge_has_source[source.edge] == 0) continue;
    } else {
      workspace.edge_has_source[source.edge] = 1;
    }
    workspace.edge_sources.emplace_back(source.edge, static_cast<int32_t>(i));
  }
  if (few_targets) {
    for (const Snap& target : targets.snaps) workspace.edge_has_source[target.edge] = 0;
    for (const auto& [edge, source] : workspace.edge_sources) workspace.edge_has_source[edge] = 1;
  }
  std::sort(workspace.edge_sources.begin(), workspace.edge_sources.end());
  if (directed) {
    workspace.search.RunTowards(workspace.seeds, cutoff, box, targets.snaps);
  } else {
    workspace.search.Run(workspace.seeds, cutoff);
  }

  result.straight_line_fallback = false;
  result.decimetres.resize(targets.snaps.size());
  const BoundedSearch& search = workspace.search;
  for (size_t t = 0; t < targets.snaps.size(); ++t) {
    const Snap& target = targets.snaps[t];
    uint64_t best = kUnreachable;
    const uint32_t at_from = search.Distance(target.from);
    if (at_from != kUnreachable) best = uint64_t{at_from} + target.CostToFrom();
    const uint32_t at_to = search.Distance(target.to);
    if (at_to != kUnreachable) best = std::min(best, uint64_t{at_to} + target.CostToTo());
    if (workspace.edge_has_source[target.edge] != 0) {
      auto it = std::lower_bound(workspace.edge_sources.begin(), workspace.edge_sources.end(),
                                 std::pair<int32_t, int32_t>(target.edge, -1));
      for (; it != workspace.edge_sources.end() && it->first == target.edge; ++it) {
        best = std::min<uint64_t>(best, SameEdgeDecimetres(task.sources.snaps[it->second], target));
      }
    }
    result.decimetres[t] = best <= cutoff ? static_cast<uint32_t>(best) : kUnreachable;
  }
  for (const auto& [edge, source] : workspace.edge_sources) workspace.edge_has_source[edge] = 0;
}

void CircleCalculator::RunStraightLine(Places targets, const CircleTask& task,
                                       TargetDistances& result) const {
  result.straight_line_fallback = true;
  result.decimetres.assign(targets.positions.size(), kUnreachable);
  if (task.sources.positions.empty()) return;
  const double radius_metres =
      static_cast<double>(task.cutoff_decimetres) / kDecimetresPerMetre / options_.detour_factor;
  double max_abs_latitude = 0.0;
  for (const LatLon& p : task.sources.positions)
    max_abs_latitude = std::max(max_abs_latitude, std::abs(p.lat));
  for (const LatLon& p : targets.positions)
    max_abs_latitude = std::max(max_abs_latitude, std::abs(p.lat));
  const SourceGrid grid(task.sources.positions, radius_metres, max_abs_latitude);
  for (size_t t = 0; t < targets.positions.size(); ++t) {
    double best = radius_metres;
    bool found = false;
    grid.ForNear(targets.positions[t], [&](LatLon source) {
      const double metres = HaversineMetres(source, targets.positions[t]);
      if (metres <= best) {
        best = metres;
        found = true;
      }
    });
    if (!found) continue;
    const uint32_t decimetres = MetresToDecimetres(best * options_.detour_factor);
    if (decimetres <= task.cutoff_decimetres) result.decimetres[t] = decimetres;
  }
}

core::Result<std::vector<TargetDistances>> CircleCalculator::AllTargets(
    Places targets, std::span<const CircleTask> tasks) {
  TRY(Validate(targets, "targets"));
  for (const CircleTask& task : tasks) {
    TRY(Validate(task.sources, "sources"));
    if (task.cutoff_decimetres == 0 ||
        task.cutoff_decimetres > MetresToDecimetres(kMaxCutoffMetres)) {
      return core::Error::Validation("生活圈距离必须大于 0 且不超过 20 公里", "cutoff");
    }
  }
  if (!(options_.detour_factor >= 1.0) || !(options_.detour_factor <= 3.0)) {
    return core::Error::Validation("绕行系数必须在 1 到 3 之间", "detour_factor");
  }
  std::vector<TargetDistances> results(tasks.size());
  const size_t thread_count =
      std::min<size_t>(options_.thread_count, std::max<size_t>(tasks.size(), 1));
  if (network_ != nullptr) {
    for (size_t i = 0; i < thread_count; ++i) WorkspaceAt(i);
  }
  // Largest expected work first (sources × cutoff², a proxy for the area searched), so that the
  // threads finish together instead of one waiting for a big task picked up last.
  std::vector<size_t> order(tasks.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto expected_work = [&](size_t task) {
    const double cutoff = tasks[task].cutoff_decimetres;
    return static_cast<double>(tasks[task].sources.snaps.size() +
                               tasks[task].sources.positions.size()) *
           cutoff * cutoff;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return expected_work(a) > expected_work(b); });
  std::atomic<size_t> next{0};
  auto work = [&](size_t thread) {
    for (size_t index = next++; index < tasks.size(); index = next++) {
      const size_t task = order[index];
      if (network_ != nullptr) {
        RunOnNetwork(*workspaces_[thread], targets, tasks[task], false, results[task]);
      } else {
        RunStraightLine(targets, tasks[task], results[task]);
      }
    }
  };
  std::vector<std::thread> workers;
  for (size_t thread = 1; thread < thread_count; ++thread) workers.emplace_back(work, thread);
  work(0);
  for (auto& worker : workers) worker.join();
  return results;
}

core::Result<TargetDistances> CircleCalculator::SomeTargets(Places targets,
                                                            const CircleTask& task) {
  TRY(Validate(targets, "targets"));
  TRY(Validate(task.sources, "sources"));
  if (task.cutoff_decimetres == 0 ||
      task.cutoff_decimetres > MetresToDecimetres(kMaxCutoffMetres)) {
    return core::Error::Validation("生活圈距离必须大于 0 且不超过 20 公里", "cutoff");
  }
  TargetDistances result;
  if (network_ != nullptr) {
    RunOnNetwork(WorkspaceAt(0), targets, task, true, result);
  } else {
    RunStraightLine(targets, task, result);
  }
  return result;
}

}  // namespace linli::accessibility

#include "engines/accessibility/circles.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
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
                                    bool prune, TargetDistances& result) const {
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
  for (size_t i = 0; i < task.sources.snaps.size(); ++i) {
    const Snap& source = task.sources.snaps[i];
    workspace.seeds.push_back({source.from, source.CostToFrom()});
    workspace.seeds.push_back({source.to, source.CostToTo()});
    workspace.edge_has_source[source.edge] = 1;
    workspace.edge_sources.emplace_back(source.edge, static_cast<int32_t>(i));
  }
  std::sort(workspace.edge_sources.begin(), workspace.edge_sources.end());
  workspace.search.Run(workspace.seeds, cutoff, prune && !targets.snaps.empty() ? &box : nullptr);

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
  for (const Snap& source : task.sources.snaps) workspace.edge_has_source[source.edge] = 0;
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
  std::atomic<size_t> next{0};
  auto work = [&](size_t thread) {
    for (size_t task = next++; task < tasks.size(); task = next++) {
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

// Life-circle distances: for each circle task (the facilities of one type and a cutoff), the
// walking distance from every target (building) to its nearest facility, up to the cutoff.
//
// Which facility types and which residents a circle serves is the caller's business; a task is
// only sources + cutoff. On a network, sources and targets are snaps (see snapping.hpp for the
// exact attachment rule) and the distances are exact network distances in decimetres. Without
// a network (nullptr) the engine falls back to the straight-line (haversine) distance times a
// detour factor (kDefaultDetourFactor = 1.3, the usual ratio of street to crow-fly distance in a
// gridded Chinese city) and marks every result with straight_line_fallback = true.
//
// Incremental recompute (one community after a facility change): SomeTargets with only that
// community's buildings. The search is seeded from every facility of the type but directed
// towards the rectangle spanned by those buildings' edges (BoundedSearch::RunTowards): a seed or
// node whose distance plus a straight-line lower bound to the rectangle exceeds the cutoff is
// never expanded, nodes are scanned in the order of that sum (A*), and the search stops as soon
// as every building's distance is known, so only facilities within the cutoff (straight line) of
// the community are searched from, and only up to the farthest building's distance. The
// calculator keeps, for the last 32 distinct source sets it was given (compared in full), their
// seeds on a 500 m plane grid, so that a call reads only the facilities near the community; a
// changed set (after a facility change) is rebuilt on its first call, in time linear in its size.
// Thread-safety: a CircleCalculator holds search workspaces and that cache and is not thread-safe;
// AllTargets itself runs the tasks on options.thread_count threads. Use one calculator per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "engines/accessibility/bounded_search.hpp"
#include "engines/accessibility/geo.hpp"
#include "engines/accessibility/snapping.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::accessibility {

// Street distance ≈ 1.3 × straight-line distance (used only when no network is loaded).
inline constexpr double kDefaultDetourFactor = 1.3;
// Walking speed used by the plan's circles when none is configured: 1.2 m/s (72 m/min).
inline constexpr double kDefaultWalkingSpeedMetresPerSecond = 1.2;
// Longest circle accepted: 20 km.
inline constexpr double kMaxCutoffMetres = 20000.0;

// Cutoff of a circle given as walking minutes at a speed; validation errors (in Chinese) for
// non-positive, NaN or absurd values ("walking_minutes", "speed").
core::Result<uint32_t> CutoffFromWalkingTime(double walking_minutes,
                                             double speed_metres_per_second);
// Cutoff of a circle given as a distance in metres ("distance_metres").
core::Result<uint32_t> CutoffFromMetres(double metres);

// A set of places: positions (for the straight-line fallback) and/or snaps (on a network).
// On a network only snaps are read; without one only positions are read.
struct Places {
  std::span<const LatLon> positions;
  std::span<const Snap> snaps;
};

struct CircleTask {
  Places sources;  // the facilities of one type (may be empty: nothing is covered)
  uint32_t cutoff_decimetres = 0;
};

struct TargetDistances {
  std::vector<uint32_t> decimetres;  // one per target; kUnreachable beyond the cutoff
  bool straight_line_fallback = false;
};

struct DistanceOptions {
  int thread_count = 2;
  double detour_factor = kDefaultDetourFactor;
};

class CircleCalculator {
 public:
  // `network` may be null (straight-line fallback); otherwise it must outlive the calculator.
  explicit CircleCalculator(const WalkingNetwork* network, DistanceOptions options = {});
  ~CircleCalculator();
  CircleCalculator(const CircleCalculator&) = delete;
  CircleCalculator& operator=(const CircleCalculator&) = delete;

  // Distances of every target for every task, tasks spread over options.thread_count threads.
  core::Result<std::vector<TargetDistances>> AllTargets(Places targets,
                                                        std::span<const CircleTask> tasks);
  // The same for a few targets (one community), searching only the part of the network that can
  // reach them (see above). Single-threaded.
  core::Result<TargetDistances> SomeTargets(Places targets, const CircleTask& task);

  bool has_network() const { return network_ != nullptr; }

 private:
  struct Workspace;
  struct SeedGrid;
  // The seeds of `sources` bucketed on a plane grid, built once per distinct set of sources and
  // kept for the next SomeTargets calls (compared in full, so a changed set is rebuilt).
  const SeedGrid& SeedGridOf(std::span<const Snap> sources);
  core::Status Validate(Places places, const char* field) const;
  void RunOnNetwork(Workspace& workspace, Places targets, const CircleTask& task, bool prune,
                    TargetDistances& result);
  void RunStraightLine(Places targets, const CircleTask& task, TargetDistances& result) const;
  Workspace& WorkspaceAt(size_t index);

  const WalkingNetwork* network_;
  DistanceOptions options_;
  std::vector<std::unique_ptr<Workspace>> workspaces_;
  std::vector<std::unique_ptr<SeedGrid>> seed_grids_;  // most recently used last
};

}  // namespace linli::accessibility

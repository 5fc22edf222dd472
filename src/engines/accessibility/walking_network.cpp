#include "engines/accessibility/walking_network.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <string>
#include <tuple>
#include <utility>

namespace linli::accessibility {
namespace {

// Union-find with path halving and union by size.
class DisjointSets {
 public:
  explicit DisjointSets(int32_t count) : parent_(count), size_(count, 1) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  int32_t Find(int32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Union(int32_t a, int32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }
  int32_t SizeOf(int32_t root) const { return size_[root]; }

 private:
  std::vector<int32_t> parent_;
  std::vector<int32_t> size_;
};

// Position of (x, y) on a Hilbert curve filling a 2^16 × 2^16 square.
uint64_t HilbertKey(uint32_t x, uint32_t y) {
  constexpr uint32_t kSide = 1u << 16;
  uint64_t key = 0;
  for (uint32_t s = kSide / 2; s > 0; s /= 2) {
    const uint32_t rx = (x & s) > 0 ? 1 : 0;
    const uint32_t ry = (y & s) > 0 ? 1 : 0;
    key += static_cast<uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = kSide - 1 - x;
        y = kSide - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return key;
}

// Anchors bucketed on a grid of cells at least `reach` metres wide everywhere in the data, so
// that every anchor within reach of a point lies in the point's cell or one of its 8 neighbours.
class AnchorGrid {
 public:
  AnchorGrid(std::span<const LatLon> anchors, double reach_metres, double max_abs_lat)
      : anchors_(anchors), reach_metres_(reach_metres) {
    constexpr double kMetresPerDegree = 111'320.0;
    cell_lat_ = reach_metres / kMetresPerDegree;
    cell_lon_ = reach_metres / (kMetresPerDegree * std::cos(max_abs_lat * M_PI / 180.0));
    keyed_.reserve(anchors.size());
    for (size_t i = 0; i < anchors.size(); ++i) {
      keyed_.emplace_back(Key(Row(anchors[i]), Column(anchors[i])), static_cast<int32_t>(i));
    }
    std::sort(keyed_.begin(), keyed_.end());
  }

  bool Reaches(LatLon p) const {
    const int64_t row = Row(p), column = Column(p);
    for (int64_t r = row - 1; r <= row + 1; ++r) {
      for (int64_t c = column - 1; c <= column + 1; ++c) {
        const uint64_t key = Key(r, c);
        auto it = std::lower_bound(keyed_.begin(), keyed_.end(), std::make_pair(key, INT32_MIN));
        for (; it != keyed_.end() && it->first == key; ++it) {
          if (HaversineMetres(p, anchors_[it->second]) <= reach_metres_) return true;
        }
      }
    }
    return false;
  }

 private:
  int64_t Row(LatLon p) const { return static_cast<int64_t>(std::floor(p.lat / cell_lat_)); }
  int64_t Column(LatLon p) const { return static_cast<int64_t>(std::floor(p.lon / cell_lon_)); }
  static uint64_t Key(int64_t row, int64_t column) {
    return (static_cast<uint64_t>(row) << 32) ^ static_cast<uint32_t>(column);
  }

  std::span<const LatLon> anchors_;
  double reach_metres_;
  double cell_lat_ = 1.0;
  double cell_lon_ = 1.0;
  std::vector<std::pair<uint64_t, int32_t>> keyed_;
};

// Marks, by root, the components `rule` keeps (see ComponentRule) and counts the rest.
core::Result<std::vector<uint8_t>> ChooseComponents(
    DisjointSets& sets, std::span<const LatLon> nodes,
    const std::vector<std::pair<int32_t, int32_t>>& pairs, const ComponentRule& rule,
    ComponentReport* report) {
  const auto count = static_cast<int32_t>(nodes.size());
  std::vector<int32_t> roots;  // one per component with at least one edge
  for (int32_t i = 0; i < count; ++i) {
    if (sets.Find(i) == i && sets.SizeOf(i) >= 2) roots.push_back(i);
  }
  int32_t largest = sets.Find(pairs.front().first);
  for (int32_t root : roots) {
    if (sets.SizeOf(root) > sets.SizeOf(largest)) largest = root;
  }
  std::vector<uint8_t> keep(count, 0);
  if (rule.keep_all || rule.anchors.empty()) {
    for (int32_t root : roots) {
      if (rule.keep_all || root == largest) {
        keep[root] = 1;
        ++report->kept;
      } else {
        ++report->dropped_not_largest;
        report->dropped_nodes += sets.SizeOf(root);
      }
    }
    return keep;
  }
  double max_abs_lat = 0.0;
  for (const LatLon& p : nodes) max_abs_lat = std::max(max_abs_lat, std::abs(p.lat));
  for (const LatLon& p : rule.anchors) max_abs_lat = std::max(max_abs_lat, std::abs(p.lat));
  const AnchorGrid grid(rule.anchors, rule.reach_metres, std::min(max_abs_lat, 80.0));
  std::vector<uint8_t> reaches(count, 0);
  for (int32_t i = 0; i < count; ++i) {
    const int32_t root = sets.Find(i);
    if (sets.SizeOf(root) < 2 || reaches[root]) continue;
    if (grid.Reaches(nodes[i])) reaches[root] = 1;
  }
  for (int32_t root : roots) {
    if (reaches[root] && (root == largest || sets.SizeOf(root) >= rule.min_nodes)) {
      keep[root] = 1;
      ++report->kept;
      continue;
    }
    if (reaches[root]) {
      ++report->dropped_small;
    } else {
      ++report->dropped_unreached;
    }
    report->dropped_nodes += sets.SizeOf(root);
  }
  if (report->kept == 0) {
    return core::Error::Validation("步行路网没有任何部分在楼栋或设施 " +
                                       std::to_string(std::lround(rule.reach_metres)) + " 米以内",
                                   "anchors");
  }
  return keep;
}

}  // namespace

uint32_t MetresToDecimetres(double metres) {
  return static_cast<uint32_t>(std::llround(metres * kDecimetresPerMetre));
}

int32_t WalkingNetwork::NodeOfInputId(int32_t input_id) const {
  if (input_id < 0 || input_id >= static_cast<int32_t>(node_of_input_id_.size())) return -1;
  return node_of_input_id_[input_id];
}

void WalkingNetworkBuilder::Reserve(int64_t node_count, int64_t way_node_count) {
  nodes_.reserve(node_count);
  way_nodes_.reserve(way_node_count);
}

int32_t WalkingNetworkBuilder::AddNode(LatLon position) {
  nodes_.push_back(position);
  return static_cast<int32_t>(nodes_.size() - 1);
}

void WalkingNetworkBuilder::AddWay(std::span<const int32_t> input_node_ids) {
  if (input_node_ids.size() < 2) return;
  way_nodes_.insert(way_nodes_.end(), input_node_ids.begin(), input_node_ids.end());
  way_starts_.push_back(static_cast<int64_t>(way_nodes_.size()));
}

void WalkingNetworkBuilder::AddEdge(int32_t from_input_id, int32_t to_input_id) {
  const int32_t ids[2] = {from_input_id, to_input_id};
  AddWay(ids);
}

core::Result<WalkingNetwork> WalkingNetworkBuilder::Build(const ComponentRule& rule) const {
  const int32_t input_count = static_cast<int32_t>(nodes_.size());
  if (input_count == 0) {
    return core::Error::Validation("步行路网为空：没有节点", "nodes");
  }
  for (int32_t i = 0; i < input_count; ++i) {
    const LatLon p = nodes_[i];
    if (std::isnan(p.lat) || std::isnan(p.lon)) {
      return core::Error::Validation("第 " + std::to_string(i) + " 个节点的坐标不是数字", "nodes");
    }
    if (!IsInChina(p)) {
      return core::Error::Validation(
          "第 " + std::to_string(i) + " 个节点的坐标超出中国范围（纬度 3–54，经度 73–136）",
          "nodes");
    }
  }

  // Undirected edges as (min, max) pairs, without loops or duplicates.
  std::vector<std::pair<int32_t, int32_t>> pairs;
  pairs.reserve(way_nodes_.size());
  for (size_t w = 0; w + 1 < way_starts_.size(); ++w) {
    for (int64_t k = way_starts_[w]; k < way_starts_[w + 1]; ++k) {
      const int32_t id = way_nodes_[k];
      if (id < 0 || id >= input_count) {
        return core::Error::Validation(
            "第 " + std::to_string(w) + " 条路段引用了不存在的节点 " + std::to_string(id), "ways");
      }
      if (k == way_starts_[w]) continue;
      const int32_t previous = way_nodes_[k - 1];
      if (previous == id) continue;
      pairs.emplace_back(std::min(previous, id), std::max(previous, id));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  if (pairs.empty()) {
    return core::Error::Validation("步行路网为空：没有可步行的路段", "ways");
  }

  DisjointSets sets(input_count);
  for (const auto& [a, b] : pairs) sets.Union(a, b);
  ComponentReport report;
  ASSIGN_OR_RETURN(std::vector<uint8_t> keep_root,
                   ChooseComponents(sets, nodes_, pairs, rule, &report));
  std::vector<int32_t> kept;
  double min_lat = 90.0, max_lat = -90.0, min_lon = 180.0, max_lon = -180.0;
  for (int32_t i = 0; i < input_count; ++i) {
    if (!keep_root[sets.Find(i)]) continue;
    kept.push_back(i);
    min_lat = std::min(min_lat, nodes_[i].lat);
    max_lat = std::max(max_lat, nodes_[i].lat);
    min_lon = std::min(min_lon, nodes_[i].lon);
    max_lon = std::max(max_lon, nodes_[i].lon);
  }

  WalkingNetwork network;
  network.projection_ = LocalProjection({(min_lat + max_lat) / 2.0, (min_lon + max_lon) / 2.0});
  network.lower_bound_factor_ = network.projection_.LowerBoundFactor(min_lat, max_lat);
  network.dropped_node_count_ = input_count - static_cast<int32_t>(kept.size());
  network.components_ = report;

  // Renumber along a Hilbert curve over the bounding box.
  const double lat_span = std::max(max_lat - min_lat, 1e-9);
  const double lon_span = std::max(max_lon - min_lon, 1e-9);
  std::vector<std::pair<uint64_t, int32_t>> keyed(kept.size());
  for (size_t k = 0; k < kept.size(); ++k) {
    const LatLon p = nodes_[kept[k]];
    const auto x = static_cast<uint32_t>((p.lon - min_lon) / lon_span * 65535.0);
    const auto y = static_cast<uint32_t>((p.lat - min_lat) / lat_span * 65535.0);
    keyed[k] = {HilbertKey(x, y), kept[k]};
  }
  std::sort(keyed.begin(), keyed.end());
  const int32_t node_count = static_cast<int32_t>(keyed.size());
  network.node_of_input_id_.assign(input_count, -1);
  network.input_id_of_node_.resize(node_count);
  network.positions_.resize(node_count);
  network.plane_positions_.resize(node_count);
  for (int32_t node = 0; node < node_count; ++node) {
    const int32_t input_id = keyed[node].second;
    network.node_of_input_id_[input_id] = node;
    network.input_id_of_node_[node] = input_id;
    network.positions_[node] = nodes_[input_id];
    network.plane_positions_[node] = network.projection_.Project(nodes_[input_id]);
  }

  // Edges with lengths, then the CSR adjacency (arcs of a node sorted by head).
  network.edges_.reserve(pairs.size());
  std::vector<uint32_t> degree(node_count + 1, 0);
  for (const auto& [a, b] : pairs) {
    const int32_t from = network.node_of_input_id_[a];
    if (from < 0) continue;
    const int32_t to = network.node_of_input_id_[b];
    const uint32_t length = MetresToDecimetres(HaversineMetres(nodes_[a], nodes_[b]));
    network.edges_.push_back({std::min(from, to), std::max(from, to), length});
    ++degree[from];
    ++degree[to];
    network.max_arc_decimetres_ = std::max(network.max_arc_decimetres_, length);
  }
  std::sort(network.edges_.begin(), network.edges_.end(), [](const Edge& x, const Edge& y) {
    return std::tie(x.from, x.to) < std::tie(y.from, y.to);
  });
  network.first_arc_.assign(node_count + 1, 0);
  for (int32_t node = 0; node < node_count; ++node) {
    network.first_arc_[node + 1] = network.first_arc_[node] + degree[node];
  }
  network.arcs_.resize(network.first_arc_[node_count]);
  std::vector<uint32_t> fill(network.first_arc_.begin(), network.first_arc_.end() - 1);
  for (const Edge& edge : network.edges_) {
    network.arcs_[fill[edge.from]++] = {edge.to, edge.length_decimetres};
    network.arcs_[fill[edge.to]++] = {edge.from, edge.length_decimetres};
  }
  for (int32_t node = 0; node < node_count; ++node) {
    std::sort(network.arcs_.begin() + network.first_arc_[node],
              network.arcs_.begin() + network.first_arc_[node + 1],
              [](const Arc& x, const Arc& y) { return x.head < y.head; });
  }
  return network;
}

}  // namespace linli::accessibility

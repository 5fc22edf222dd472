// Small networks shared by the accessibility tests (test-only; not part of the library).
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <random>
#include <span>
#include <utility>
#include <vector>

#include "engines/accessibility/bounded_search.hpp"
#include "engines/accessibility/geo.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::accessibility::testing {

inline constexpr LatLon kOrigin{32.40, 119.40};  // Yangzhou
inline constexpr double kDegreesPerMetreLatitude = 1.0 / 111195.08;

// A point `east` and `north` metres from kOrigin (equirectangular; fine for tests).
inline LatLon Offset(double east, double north) {
  const double cos_lat = 0.8443279255;  // cos(32.40°)
  return {kOrigin.lat + north * kDegreesPerMetreLatitude,
          kOrigin.lon + east * kDegreesPerMetreLatitude / cos_lat};
}

// A columns × rows street grid with `spacing` metres between nodes; input id = row*columns+col.
inline WalkingNetwork GridNetwork(int32_t columns, int32_t rows, double spacing) {
  WalkingNetworkBuilder builder;
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t c = 0; c < columns; ++c) builder.AddNode(Offset(c * spacing, r * spacing));
  }
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t c = 0; c < columns; ++c) {
      const int32_t id = r * columns + c;
      if (c + 1 < columns) builder.AddEdge(id, id + 1);
      if (r + 1 < rows) builder.AddEdge(id, id + columns);
    }
  }
  return std::move(builder.Build()).value();
}

// A random connected-ish network: random points in a square, each linked to a few near ones.
inline WalkingNetwork RandomNetwork(uint32_t seed, int32_t node_count, double side_metres) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> coordinate(0.0, side_metres);
  WalkingNetworkBuilder builder;
  std::vector<std::pair<double, double>> points;
  for (int32_t i = 0; i < node_count; ++i) {
    points.emplace_back(coordinate(random), coordinate(random));
    builder.AddNode(Offset(points.back().first, points.back().second));
  }
  std::uniform_int_distribution<int32_t> pick(0, node_count - 1);
  std::vector<std::pair<double, int32_t>> by_distance;
  for (int32_t i = 0; i < node_count; ++i) {
    // Link to the three nearest nodes, plus an occasional long edge.
    by_distance.clear();
    for (int32_t j = 0; j < node_count; ++j) {
      const double dx = points[i].first - points[j].first;
      const double dy = points[i].second - points[j].second;
      if (j != i) by_distance.emplace_back(dx * dx + dy * dy, j);
    }
    std::partial_sort(by_distance.begin(), by_distance.begin() + 3, by_distance.end());
    for (int link = 0; link < 3; ++link) builder.AddEdge(i, by_distance[link].second);
    if (pick(random) % 20 == 0) builder.AddEdge(i, pick(random));
  }
  return std::move(builder.Build()).value();
}

// Textbook Dijkstra (binary heap) over the same integer lengths, without cutoff.
inline std::vector<uint64_t> TextbookDistances(const WalkingNetwork& network,
                                               std::span<const Seed> seeds) {
  constexpr uint64_t kInfinity = UINT64_MAX;
  std::vector<uint64_t> distance(network.node_count(), kInfinity);
  using Entry = std::pair<uint64_t, int32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  for (const Seed& seed : seeds) {
    if (seed.distance_decimetres < distance[seed.node]) {
      distance[seed.node] = seed.distance_decimetres;
      queue.emplace(seed.distance_decimetres, seed.node);
    }
  }
  while (!queue.empty()) {
    const auto [d, node] = queue.top();
    queue.pop();
    if (d != distance[node]) continue;
    for (const Arc& arc : network.ArcsOf(node)) {
      if (d + arc.length_decimetres < distance[arc.head]) {
        distance[arc.head] = d + arc.length_decimetres;
        queue.emplace(distance[arc.head], arc.head);
      }
    }
  }
  return distance;
}

}  // namespace linli::accessibility::testing

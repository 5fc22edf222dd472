// OpenStreetMap walking networks: reads OSM XML (what `osmium cat -f osm` writes from a .pbf;
// see docs/decisions/0005-osm-walking-network.md), keeps the walkable ways, and builds the
// accessibility engine's WalkingNetwork (largest connected component). Also the compact stored
// form of a network (NetworkArea: node coordinates and edge pairs) and back.
//
// Walkable: highway = footway, path, pedestrian, living_street, residential, service,
// unclassified, tertiary(_link), secondary(_link), primary(_link), steps, track, cycleway,
// bridleway, corridor, road, crossing — unless foot = no, or access = no/private without
// foot = yes/designated/permissive. Motorways and trunks only with foot = yes/designated.
// Errors are Chinese, kInvalidArgument: malformed XML (with the line), no <osm> root, no
// walkable way, coordinates outside China.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/facilities/facilities.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::facilities {

struct OsmWalkways {
  std::vector<accessibility::LatLon> nodes;  // only the nodes used by walkable ways
  std::vector<std::vector<int32_t>> ways;    // indices into nodes
  int64_t osm_nodes = 0;                     // <node> elements read
  int64_t osm_ways = 0;                      // <way> elements read
  int64_t missing_node_references = 0;       // way refs to nodes absent from the file (dropped)
};

// True for the tags of a walkable way (see above). Tags as key/value pairs.
bool IsWalkable(const std::vector<std::pair<std::string, std::string>>& tags);

core::Result<OsmWalkways> ParseOsmXml(std::string_view xml);

struct ImportedNetwork {
  accessibility::WalkingNetwork network;
  NetworkArea area;  // the kept component, ready to store (area_code left empty)
};

// Builds the network from the walkways, keeping the components that come within reach of an
// anchor (the area's buildings and facilities); with no anchors, the largest component. A
// network no part of which comes near an anchor is refused (kInvalidArgument on "file") with
// the distance from its centre to the nearest anchor.
core::Result<ImportedNetwork> BuildNetworkFromWalkways(
    const OsmWalkways& walkways, std::span<const accessibility::LatLon> anchors);

// What an import kept and dropped and why, in one Chinese sentence (CLI and API):
// "保留 2 个连通部分；舍弃 3 个（共 40 个节点）：1 个不足 50 个节点，2 个离楼栋和设施都超过 300
// 米； 依据本区域 120 个楼栋和设施位置".
std::string DescribeComponents(const accessibility::ComponentReport& report, int64_t anchors);

// One network from every stored area: nodes at the same position are one node, and every
// component is kept (each area was chosen when it was imported; two towns whose streets do not
// meet are two components, each serving its own buildings).
core::Result<accessibility::WalkingNetwork> NetworkFromAreas(const std::vector<NetworkArea>& areas);

}  // namespace linli::facilities

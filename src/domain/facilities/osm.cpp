#include "domain/facilities/osm.hpp"

#include <expat.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace linli::facilities {

namespace {

using accessibility::LatLon;

const std::set<std::string, std::less<>>& WalkableHighways() {
  static const std::set<std::string, std::less<>> kHighways = {
      "footway",        "path",         "pedestrian",   "living_street", "residential",
      "service",        "unclassified", "tertiary",     "tertiary_link", "secondary",
      "secondary_link", "primary",      "primary_link", "steps",         "track",
      "cycleway",       "bridleway",    "corridor",     "road",          "crossing"};
  return kHighways;
}

struct ParseState {
  XML_Parser parser = nullptr;
  bool saw_root = false;
  int depth = 0;
  // Every node of the file (id -> position); positions outside China are kept and reported
  // only if a walkable way uses them.
  std::unordered_map<int64_t, LatLon> all_nodes;
  bool in_way = false;
  std::vector<int64_t> way_refs;
  std::vector<std::pair<std::string, std::string>> way_tags;
  std::vector<std::vector<int64_t>> walkable_ways;
  int64_t osm_nodes = 0;
  int64_t osm_ways = 0;
  std::string error;
};

const char* Attribute(const XML_Char** attributes, const char* name) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (std::strcmp(attributes[i], name) == 0) return attributes[i + 1];
  }
  return nullptr;
}

bool ParseInt64(const char* text, int64_t* out) {
  if (text == nullptr || *text == '\0') return false;
  char* end = nullptr;
  long long value = std::strtoll(text, &end, 10);
  if (*end != '\0') return false;
  *out = value;
  return true;
}

bool ParseDouble(const char* text, double* out) {
  if (text == nullptr || *text == '\0') return false;
  char* end = nullptr;
  double value = std::strtod(text, &end);
  if (*end != '\0' || !std::isfinite(value)) return false;
  *out = value;
  return true;
}

void Fail(ParseState& state, std::string message) {
  if (state.error.empty()) {
    state.error = "OSM 文件第 " + std::to_string(XML_GetCurrentLineNumber(state.parser)) + " 行：" +
                  std::move(message);
  }
  XML_StopParser(state.parser, XML_FALSE);
}

void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto& state = *static_cast<ParseState*>(data);
  ++state.depth;
  if (state.depth == 1) {
    if (std::strcmp(name, "osm") != 0) {
      Fail(state, "根元素应为 <osm>");
      return;
    }
    state.saw_root = true;
    return;
  }
  if (std::strcmp(name, "node") == 0 && state.depth == 2) {
    ++state.osm_nodes;
    int64_t id = 0;
    LatLon position;
    if (!ParseInt64(Attribute(attributes, "id"), &id) ||
        !ParseDouble(Attribute(attributes, "lat"), &position.lat) ||
        !ParseDouble(Attribute(attributes, "lon"), &position.lon)) {
      Fail(state, "节点缺少有效的 id、lat 或 lon");
      return;
    }
    state.all_nodes[id] = position;
  } else if (std::strcmp(name, "way") == 0 && state.depth == 2) {
    ++state.osm_ways;
    state.in_way = true;
    state.way_refs.clear();
    state.way_tags.clear();
  } else if (state.in_way && std::strcmp(name, "nd") == 0) {
    int64_t ref = 0;
    if (!ParseInt64(Attribute(attributes, "ref"), &ref)) {
      Fail(state, "道路的节点引用 ref 无效");
      return;
    }
    state.way_refs.push_back(ref);
  } else if (state.in_way && std::strcmp(name, "tag") == 0) {
    const char* key = Attribute(attributes, "k");
    const char* value = Attribute(attributes, "v");
    if (key != nullptr && value != nullptr) state.way_tags.emplace_back(key, value);
  }
}

void OnEnd(void* data, const XML_Char* name) {
  auto& state = *static_cast<ParseState*>(data);
  --state.depth;
  if (state.in_way && std::strcmp(name, "way") == 0) {
    state.in_way = false;
    if (IsWalkable(state.way_tags)) state.walkable_ways.push_back(state.way_refs);
  }
}

}  // namespace

bool IsWalkable(const std::vector<std::pair<std::string, std::string>>& tags) {
  std::string highway, foot, access;
  for (const auto& [key, value] : tags) {
    if (key == "highway") highway = value;
    if (key == "foot") foot = value;
    if (key == "access") access = value;
  }
  if (highway.empty() || foot == "no") return false;
  const bool foot_allowed = foot == "yes" || foot == "designated" || foot == "permissive";
  if ((access == "no" || access == "private") && !foot_allowed) return false;
  if (highway == "motorway" || highway == "motorway_link" || highway == "trunk" ||
      highway == "trunk_link") {
    return foot_allowed;
  }
  return WalkableHighways().count(highway) > 0;
}

core::Result<OsmWalkways> ParseOsmXml(std::string_view xml) {
  if (xml.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return core::Error::InvalidArgument("OSM 文件是空的", "file");
  }
  ParseState state;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == nullptr) return core::Error::Internal("无法创建 XML 解析器");
  state.parser = parser;
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  // Feed in chunks (XML_Parse takes an int length).
  constexpr size_t kChunk = 1 << 24;
  bool ok = true;
  for (size_t offset = 0; offset < xml.size() && ok; offset += kChunk) {
    const size_t length = std::min(kChunk, xml.size() - offset);
    const bool last = offset + length >= xml.size();
    if (XML_Parse(parser, xml.data() + offset, static_cast<int>(length), last ? 1 : 0) ==
        XML_STATUS_ERROR) {
      ok = false;
    }
  }
  if (!ok && state.error.empty()) {
    state.error = "OSM 文件第 " + std::to_string(XML_GetCurrentLineNumber(parser)) +
                  " 行格式错误：" + XML_ErrorString(XML_GetErrorCode(parser));
  }
  XML_ParserFree(parser);
  if (!state.error.empty()) return core::Error::InvalidArgument(state.error, "file");
  if (!state.saw_root) return core::Error::InvalidArgument("不是 OSM 文件（缺少 <osm>）", "file");

  OsmWalkways out;
  out.osm_nodes = state.osm_nodes;
  out.osm_ways = state.osm_ways;
  std::unordered_map<int64_t, int32_t> index_of;
  for (const auto& refs : state.walkable_ways) {
    std::vector<int32_t> way;
    way.reserve(refs.size());
    for (int64_t ref : refs) {
      auto node = state.all_nodes.find(ref);
      if (node == state.all_nodes.end()) {
        ++out.missing_node_references;
        // A gap splits the way: keep what lies on either side.
        if (way.size() >= 2) out.ways.push_back(way);
        way.clear();
        continue;
      }
      auto [it, inserted] = index_of.emplace(ref, static_cast<int32_t>(out.nodes.size()));
      if (inserted) {
        if (!accessibility::IsInChina(node->second)) {
          return core::Error::InvalidArgument(
              "OSM 节点 " + std::to_string(ref) + " 的坐标不在中国境内", "file");
        }
        out.nodes.push_back(node->second);
      }
      way.push_back(it->second);
    }
    if (way.size() >= 2) out.ways.push_back(std::move(way));
  }
  if (out.ways.empty()) {
    return core::Error::InvalidArgument("OSM 文件中没有可步行的道路", "file");
  }
  return out;
}

core::Result<ImportedNetwork> BuildNetworkFromWalkways(const OsmWalkways& walkways,
                                                       std::span<const LatLon> anchors) {
  accessibility::WalkingNetworkBuilder builder;
  int64_t way_nodes = 0;
  for (const auto& way : walkways.ways) way_nodes += static_cast<int64_t>(way.size());
  builder.Reserve(static_cast<int64_t>(walkways.nodes.size()), way_nodes);
  for (const LatLon& node : walkways.nodes) builder.AddNode(node);
  for (const auto& way : walkways.ways) builder.AddWay(way);
  accessibility::ComponentRule rule;
  rule.anchors = anchors;
  auto built = builder.Build(rule);
  if (!built.ok()) {
    core::Error error = built.error();
    if (error.field == "anchors") {
      // Say how far off it is: from the centre of the file's nodes to the nearest anchor.
      double lat = 0.0, lon = 0.0;
      for (const LatLon& node : walkways.nodes) {
        lat += node.lat;
        lon += node.lon;
      }
      const LatLon centre{lat / double(walkways.nodes.size()), lon / double(walkways.nodes.size())};
      double nearest = std::numeric_limits<double>::infinity();
      for (const LatLon& anchor : anchors) {
        nearest = std::min(nearest, accessibility::HaversineMetres(centre, anchor));
      }
      char kilometres[32];
      std::snprintf(kilometres, sizeof kilometres, "%.1f", nearest / 1000.0);
      error.message = "路网不在该区域：它的中心离区域内最近的楼栋或设施 " +
                      std::string(kilometres) + " 公里，没有任何路段在 " +
                      std::to_string(std::lround(rule.reach_metres)) +
                      " 米以内（是否选错了区域或文件？）";
    }
    error.code = core::ErrorCode::kInvalidArgument;
    error.field = "file";
    return error;
  }
  ImportedNetwork out{std::move(*built), {}};
  const auto& network = out.network;
  out.area.coordinates.reserve(static_cast<size_t>(network.node_count()) * 2);
  for (int32_t node = 0; node < network.node_count(); ++node) {
    out.area.coordinates.push_back(network.Position(node).lat);
    out.area.coordinates.push_back(network.Position(node).lon);
  }
  out.area.edges.reserve(static_cast<size_t>(network.edge_count()) * 2);
  for (const auto& edge : network.edges()) {
    out.area.edges.push_back(static_cast<uint32_t>(edge.from));
    out.area.edges.push_back(static_cast<uint32_t>(edge.to));
  }
  return out;
}

std::string DescribeComponents(const accessibility::ComponentReport& report, int64_t anchors) {
  const accessibility::ComponentRule rule;
  std::string out = "保留 " + std::to_string(report.kept) + " 个连通部分";
  if (report.dropped() > 0) {
    out += "；舍弃 " + std::to_string(report.dropped()) + " 个（共 " +
           std::to_string(report.dropped_nodes) + " 个节点）：";
    std::vector<std::string> reasons;
    if (report.dropped_small > 0) {
      reasons.push_back(std::to_string(report.dropped_small) + " 个不足 " +
                        std::to_string(rule.min_nodes) + " 个节点");
    }
    if (report.dropped_unreached > 0) {
      reasons.push_back(std::to_string(report.dropped_unreached) + " 个离楼栋和设施都超过 " +
                        std::to_string(std::lround(rule.reach_metres)) + " 米");
    }
    if (report.dropped_not_largest > 0) {
      reasons.push_back(std::to_string(report.dropped_not_largest) + " 个不是最大的连通部分");
    }
    for (size_t i = 0; i < reasons.size(); ++i) out += (i > 0 ? "，" : "") + reasons[i];
  }
  if (anchors > 0) {
    out += "；依据本区域 " + std::to_string(anchors) + " 个楼栋和设施位置";
  } else {
    out += "；本区域还没有带坐标的楼栋或设施，只保留了最大的连通部分（导入楼栋后请重新导入路网）";
  }
  return out;
}

core::Result<accessibility::WalkingNetwork> NetworkFromAreas(
    const std::vector<NetworkArea>& areas) {
  accessibility::WalkingNetworkBuilder builder;
  int64_t nodes = 0, edges = 0;
  for (const auto& area : areas) {
    nodes += static_cast<int64_t>(area.coordinates.size() / 2);
    edges += static_cast<int64_t>(area.edges.size() / 2);
  }
  builder.Reserve(nodes, edges * 2);
  // Nodes at the same position (a boundary node of two town files) become one node.
  std::map<std::pair<int64_t, int64_t>, int32_t> by_position;
  for (const auto& area : areas) {
    const size_t count = area.coordinates.size() / 2;
    std::vector<int32_t> input_ids(count);
    for (size_t i = 0; i < count; ++i) {
      LatLon position{area.coordinates[2 * i], area.coordinates[2 * i + 1]};
      const std::pair<int64_t, int64_t> key{std::llround(position.lat * 1e7),
                                            std::llround(position.lon * 1e7)};
      auto it = by_position.find(key);
      if (it == by_position.end()) {
        it = by_position.emplace(key, builder.AddNode(position)).first;
      }
      input_ids[i] = it->second;
    }
    for (size_t e = 0; e + 1 < area.edges.size(); e += 2) {
      if (area.edges[e] >= count || area.edges[e + 1] >= count) {
        return core::Error::Internal("步行网络数据损坏：" + area.area_code);
      }
      builder.AddEdge(input_ids[area.edges[e]], input_ids[area.edges[e + 1]]);
    }
  }
  accessibility::ComponentRule every_component;
  every_component.keep_all = true;
  return builder.Build(every_component);
}

}  // namespace linli::facilities

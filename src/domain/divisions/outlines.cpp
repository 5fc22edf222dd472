#include "domain/divisions/outlines.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace linli::divisions {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

core::Error Bad(const std::string& what) {
  return core::Error::Validation("区划轮廓文件格式不正确：" + what, "outlines");
}

core::Result<geo::Ring> ReadRing(const json::value& value) {
  if (!value.is_array()) return Bad("环不是数组");
  geo::Ring ring;
  ring.reserve(value.as_array().size());
  for (const auto& point : value.as_array()) {
    if (!point.is_array() || point.as_array().size() < 2) return Bad("坐标不是 [经度, 纬度]");
    const auto& pair = point.as_array();
    auto lon = pair[0].if_double();
    auto lat = pair[1].if_double();
    double lon_value = lon != nullptr ? *lon : pair[0].is_int64() ? pair[0].as_int64() : 1e9;
    double lat_value = lat != nullptr ? *lat : pair[1].is_int64() ? pair[1].as_int64() : 1e9;
    if (lon_value < -180 || lon_value > 180 || lat_value < -90 || lat_value > 90) {
      return Bad("坐标超出经纬度范围");
    }
    ring.push_back({lon_value, lat_value});
  }
  return ring;
}

core::Result<geo::Polygon> ReadPolygon(const json::value& value) {
  if (!value.is_array() || value.as_array().empty()) return Bad("多边形为空");
  geo::Polygon polygon;
  bool first = true;
  for (const auto& ring_value : value.as_array()) {
    ASSIGN_OR_RETURN(geo::Ring ring, ReadRing(ring_value));
    if (first) {
      polygon.outer = std::move(ring);
      first = false;
    } else {
      polygon.holes.push_back(std::move(ring));
    }
  }
  return polygon;
}

core::Result<geo::Outline> ReadGeometry(const json::value& geometry) {
  if (!geometry.is_object()) return Bad("缺少 geometry");
  const auto& object = geometry.as_object();
  const auto* type = object.if_contains("type");
  const auto* coordinates = object.if_contains("coordinates");
  if (type == nullptr || !type->is_string() || coordinates == nullptr || !coordinates->is_array()) {
    return Bad("geometry 缺少 type 或 coordinates");
  }
  std::vector<geo::Polygon> polygons;
  if (type->as_string() == "Polygon") {
    ASSIGN_OR_RETURN(geo::Polygon polygon, ReadPolygon(*coordinates));
    polygons.push_back(std::move(polygon));
  } else if (type->as_string() == "MultiPolygon") {
    for (const auto& part : coordinates->as_array()) {
      ASSIGN_OR_RETURN(geo::Polygon polygon, ReadPolygon(part));
      polygons.push_back(std::move(polygon));
    }
  } else {
    return Bad("不支持的几何类型 " + std::string(type->as_string()));
  }
  return geo::Outline(std::move(polygons));
}

std::string Text(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

}  // namespace

core::Result<CityOutlines> ParseCityOutlines(std::string_view city_code,
                                             const std::vector<CountyRef>& counties,
                                             std::string_view geojson) {
  boost::system::error_code error;
  json::value root = json::parse(geojson, error);
  if (error || !root.is_object()) return Bad("不是 JSON 对象");
  const auto* features = root.as_object().if_contains("features");
  if (features == nullptr || !features->is_array()) return Bad("缺少 features");

  struct Feature {
    std::string id;
    std::string name;
    geo::Point label;
    geo::Outline outline;
    bool used = false;
  };
  std::vector<Feature> parsed;
  for (const auto& value : features->as_array()) {
    if (!value.is_object()) return Bad("feature 不是对象");
    const auto& feature = value.as_object();
    Feature item;
    item.id = Text(feature, "id");
    const auto* properties = feature.if_contains("properties");
    if (properties != nullptr && properties->is_object()) {
      item.name = Text(properties->as_object(), "name");
      const auto* cp = properties->as_object().if_contains("cp");
      if (cp != nullptr && cp->is_array() && cp->as_array().size() == 2 &&
          cp->as_array()[0].is_double() && cp->as_array()[1].is_double()) {
        item.label = {cp->as_array()[0].as_double(), cp->as_array()[1].as_double()};
      }
    }
    const auto* geometry = feature.if_contains("geometry");
    if (geometry == nullptr) return Bad("feature 缺少 geometry");
    ASSIGN_OR_RETURN(item.outline, ReadGeometry(*geometry));
    if (item.outline.empty()) continue;
    if (!item.outline.Contains(item.label.lat, item.label.lon)) {
      item.label = item.outline.InteriorPoint();
    }
    parsed.push_back(std::move(item));
  }

  CityOutlines result;
  result.city_code = std::string(city_code);
  auto take = [&](const CountyRef& county, Feature& feature) {
    feature.used = true;
    CountyOutline outline;
    outline.code = county.code;
    outline.source_code = feature.id == county.code ? feature.id : "";
    outline.name = feature.name;
    outline.label = feature.label;
    outline.outline = feature.outline;
    result.counties.emplace(county.code, std::move(outline));
  };
  // By code first, then by name among the features nobody took.
  std::vector<const CountyRef*> by_name;
  for (const auto& county : counties) {
    auto found = std::find_if(parsed.begin(), parsed.end(), [&](const Feature& feature) {
      return !feature.used && feature.id == county.code;
    });
    if (found != parsed.end()) {
      take(county, *found);
    } else {
      by_name.push_back(&county);
    }
  }
  for (const CountyRef* county : by_name) {
    auto found = std::find_if(parsed.begin(), parsed.end(), [&](const Feature& feature) {
      return !feature.used && !county->name.empty() && feature.name == county->name;
    });
    if (found != parsed.end()) {
      take(*county, *found);
    } else {
      result.unmatched.push_back(county->code);
    }
  }
  std::vector<const geo::Outline*> parts;
  for (const auto& feature : parsed) parts.push_back(&feature.outline);
  result.city = geo::Outline::Union(parts);
  return result;
}

core::Result<CityOutlines> ReadCityOutlines(std::string_view city_code,
                                            const std::vector<CountyRef>& counties,
                                            const fs::path& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    return core::Error::NotFound("区划轮廓目录不存在：" + folder.string());
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".geojson") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  // The city's file is the one whose features carry the city's codes ("id":"3210…").
  const std::string compact = "\"id\":\"" + std::string(city_code);
  const std::string spaced = "\"id\": \"" + std::string(city_code);
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    if (text.find(compact) == std::string::npos && text.find(spaced) == std::string::npos) {
      continue;
    }
    ASSIGN_OR_RETURN(CityOutlines outlines, ParseCityOutlines(city_code, counties, text));
    outlines.source_file = file.filename().string();
    return outlines;
  }
  return core::Error::NotFound("区划轮廓中没有城市 " + std::string(city_code));
}

std::string GeometryJson(const geo::Outline& outline) {
  std::string out = R"({"type":"MultiPolygon","coordinates":[)";
  char number[64];
  const auto ring = [&](const geo::Ring& points) {
    out += '[';
    for (size_t i = 0; i < points.size(); ++i) {
      std::snprintf(number, sizeof number, "%s[%.6f,%.6f]", i ? "," : "", points[i].lon,
                    points[i].lat);
      out += number;
    }
    // GeoJSON rings are closed: the last position repeats the first.
    if (!points.empty() &&
        (points.front().lon != points.back().lon || points.front().lat != points.back().lat)) {
      std::snprintf(number, sizeof number, ",[%.6f,%.6f]", points.front().lon, points.front().lat);
      out += number;
    }
    out += ']';
  };
  bool first_polygon = true;
  for (const auto& polygon : outline.polygons()) {
    if (!first_polygon) out += ',';
    first_polygon = false;
    out += '[';
    ring(polygon.outer);
    for (const auto& hole : polygon.holes) {
      out += ',';
      ring(hole);
    }
    out += ']';
  }
  out += "]}";
  return out;
}

}  // namespace linli::divisions

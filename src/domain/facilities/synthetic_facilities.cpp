#include "domain/facilities/synthetic_facilities.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "engines/accessibility/geo.hpp"

namespace linli::facilities {

namespace {

constexpr double kMetresPerDegreeLat = 111'195.0;

struct TypePlan {
  const char* code;
  double probability;  // per community
  double min_area;
  double max_area;
  const char* suffix;
};

// Frequencies per community: common things nearly everywhere, specialised ones sparse.
constexpr TypePlan kPlans[] = {
    {"party_service_center", 0.97, 300, 900, "党群服务中心"},
    {"elderly_day_care", 0.60, 150, 600, "日间照料中心"},
    {"elderly_canteen", 0.35, 80, 300, "老年食堂"},
    {"childcare", 0.25, 120, 400, "托育点"},
    {"children_home", 0.50, 40, 150, "儿童之家"},
    {"disability_home", 0.20, 60, 200, "残疾人之家"},
    {"social_work_room", 0.55, 20, 80, "社工室"},
    {"volunteer_station", 0.60, 15, 60, "志愿服务站"},
    {"parent_school", 0.30, 30, 120, "家长学校"},
    {"culture_center", 0.55, 60, 400, "文化服务中心"},
    {"sports_ground", 0.50, 300, 3000, "健身广场"},
    {"health_station", 0.70, 100, 500, "卫生服务站"},
    {"emergency_shelter", 0.25, 1000, 8000, "应急避难场所"},
    {"domestic_service", 0.35, 30, 120, "家政服务网点"},
    {"donation_point", 0.30, 10, 40, "爱心捐赠点"},
    {"convenience_store", 0.90, 50, 600, "便民超市"},
    {"kindergarten", 0.30, 1500, 4000, "幼儿园"},
    {"primary_school", 0.12, 6000, 15000, "小学"},
    {"government_kiosk", 0.55, 2, 6, "政务自助终端"},
};

}  // namespace

NetworkArea SyntheticStreetGrid(const std::vector<SyntheticBuilding>& buildings, uint64_t seed,
                                const StreetGridOptions& options) {
  NetworkArea area;
  if (buildings.empty()) return area;
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  for (const auto& b : buildings) {
    min_lat = std::min(min_lat, b.lat);
    max_lat = std::max(max_lat, b.lat);
    min_lon = std::min(min_lon, b.lon);
    max_lon = std::max(max_lon, b.lon);
  }
  const double metres_per_degree_lon =
      kMetresPerDegreeLat * std::cos((min_lat + max_lat) / 2 * M_PI / 180.0);
  const double margin_lat = options.margin_metres / kMetresPerDegreeLat;
  const double margin_lon = options.margin_metres / metres_per_degree_lon;
  min_lat -= margin_lat;
  max_lat += margin_lat;
  min_lon -= margin_lon;
  max_lon += margin_lon;
  const double step_lat = options.spacing_metres / kMetresPerDegreeLat;
  const double step_lon = options.spacing_metres / metres_per_degree_lon;
  const int rows = std::max(2, static_cast<int>(std::ceil((max_lat - min_lat) / step_lat)) + 1);
  const int columns = std::max(2, static_cast<int>(std::ceil((max_lon - min_lon) / step_lon)) + 1);
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> jitter(-0.15, 0.15);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  area.coordinates.reserve(static_cast<size_t>(rows) * columns * 2);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      area.coordinates.push_back(min_lat + (r + jitter(random)) * step_lat);
      area.coordinates.push_back(min_lon + (c + jitter(random)) * step_lon);
    }
  }
  auto node = [columns](int r, int c) { return static_cast<uint32_t>(r * columns + c); };
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      // Border segments always stay so the grid remains connected.
      const bool border_row = r == 0 || r == rows - 1;
      const bool border_column = c == 0 || c == columns - 1;
      if (c + 1 < columns && (border_row || unit(random) >= options.missing_segment_share)) {
        area.edges.push_back(node(r, c));
        area.edges.push_back(node(r, c + 1));
      }
      if (r + 1 < rows && (border_column || unit(random) >= options.missing_segment_share)) {
        area.edges.push_back(node(r, c));
        area.edges.push_back(node(r + 1, c));
      }
    }
  }
  return area;
}

std::vector<Facility> SyntheticFacilities(const std::string& community_code,
                                          const std::vector<SyntheticBuilding>& buildings,
                                          int64_t households, const Taxonomy& taxonomy,
                                          uint64_t seed) {
  std::vector<Facility> out;
  if (buildings.empty()) return out;
  std::mt19937_64 random(seed ^ std::hash<std::string>{}(community_code));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<size_t> pick(0, buildings.size() - 1);
  for (const TypePlan& plan : kPlans) {
    if (taxonomy.Find(plan.code) == nullptr) continue;
    if (unit(random) >= plan.probability) continue;
    const SyntheticBuilding& at = buildings[pick(random)];
    Facility f;
    f.community_code = community_code;
    f.type_code = plan.code;
    f.name = plan.suffix;
    f.address = "";
    // A few metres off the building so it is not on top of it.
    f.lat = at.lat + (unit(random) - 0.5) * 0.0002;
    f.lon = at.lon + (unit(random) - 0.5) * 0.0002;
    f.building_id = at.id > 0 ? std::optional<int64_t>(at.id) : std::nullopt;
    double area = plan.min_area + unit(random) * (plan.max_area - plan.min_area);
    if (std::string_view(plan.code) == "party_service_center") {
      // Sized on households: 60–140% of the 30 m² per 100 households standard.
      area = std::max(area, 0.30 * static_cast<double>(households) * (0.6 + 0.8 * unit(random)));
    }
    f.floor_area = std::round(area);
    // Mostly ≥ 70% for resident services, sometimes less.
    f.service_area = std::round(f.floor_area * (0.55 + 0.4 * unit(random)));
    f.is_public = unit(random) < 0.8;
    f.opening_hours = "08:30-20:00";
    f.capacity = static_cast<int64_t>(f.floor_area / 4);
    f.operator_name = "社区居委会";
    f.status = FacilityStatus::kOpen;
    f.opened_on = "2021-01-01";
    f.synthetic = true;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace linli::facilities

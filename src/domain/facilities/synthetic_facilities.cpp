#include "domain/facilities/synthetic_facilities.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "engines/accessibility/geo.hpp"

namespace linli::facilities {

namespace {

constexpr double kMetresPerDegreeLat = 111'195.0;
constexpr double kPi = 3.14159265358979323846;

// SplitMix64: portable, so that the same seed gives the same facilities and streets everywhere.
uint64_t Mix(uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Mix(state_ - 0x9E3779B97F4A7C15ULL);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  size_t Index(size_t count) { return static_cast<size_t>(Next() % count); }

 private:
  uint64_t state_;
};

uint64_t HashText(std::string_view text) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

// Where a type stands: at the community centre (shared building) or at a building of its own;
// `centre_share` of the time at the centre when it may be either.
struct TypePlan {
  const char* code;
  double probability;  // per community
  double min_area;
  double max_area;
  const char* suffix;
  double centre_share;
};

// Frequencies per community: common things nearly everywhere, specialised ones sparse.
constexpr TypePlan kPlans[] = {
    {"party_service_center", 0.97, 300, 900, "党群服务中心", 1.0},
    {"elderly_day_care", 0.60, 150, 600, "日间照料中心", 0.6},
    {"elderly_canteen", 0.35, 80, 300, "老年食堂", 0.5},
    {"childcare", 0.25, 120, 400, "托育点", 0.0},
    {"children_home", 0.50, 40, 150, "儿童之家", 1.0},
    {"disability_home", 0.20, 60, 200, "残疾人之家", 1.0},
    {"social_work_room", 0.55, 20, 80, "社工室", 1.0},
    {"volunteer_station", 0.60, 15, 60, "志愿服务站", 1.0},
    {"parent_school", 0.30, 30, 120, "家长学校", 1.0},
    {"culture_center", 0.55, 60, 400, "文化服务中心", 0.7},
    {"sports_ground", 0.50, 300, 3000, "健身广场", 0.0},
    {"health_station", 0.70, 100, 500, "卫生服务站", 0.0},
    {"emergency_shelter", 0.25, 1000, 8000, "应急避难场所", 0.0},
    {"domestic_service", 0.35, 30, 120, "家政服务网点", 0.0},
    {"donation_point", 0.30, 10, 40, "爱心捐赠点", 0.5},
    {"convenience_store", 0.90, 50, 600, "便民超市", 0.0},
    {"kindergarten", 0.30, 1500, 4000, "幼儿园", 0.0},
    {"primary_school", 0.12, 6000, 15000, "小学", 0.0},
    {"government_kiosk", 0.55, 2, 6, "政务自助终端", 1.0},
    // Added later: drawn after the others so that they do not move.
    {"incubation_base", 0.32, 60, 300, "社会组织孵化基地", 0.8},
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
      kMetresPerDegreeLat * std::cos((min_lat + max_lat) / 2 * kPi / 180.0);
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
  Random random(seed);
  auto jitter = [](Random& r) { return -0.15 + 0.3 * r.Unit(); };
  auto unit = [](Random& r) { return r.Unit(); };
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
                                          uint64_t seed, const std::string& name_prefix) {
  std::vector<Facility> out;
  if (buildings.empty()) return out;
  Random random(Mix(seed ^ HashText(community_code)));
  const SyntheticBuilding& centre = buildings[random.Index(buildings.size())];
  for (const TypePlan& plan : kPlans) {
    // Draw the same numbers whatever the taxonomy holds, so that a type added later does not
    // move the others.
    const bool present = random.Unit() < plan.probability;
    const bool at_centre = random.Unit() < plan.centre_share;
    const SyntheticBuilding& own = buildings[random.Index(buildings.size())];
    const double jitter_lat = random.Unit() - 0.5, jitter_lon = random.Unit() - 0.5;
    const double area_draw = random.Unit(), household_draw = random.Unit();
    const double service_draw = random.Unit(), public_draw = random.Unit();
    if (!present || taxonomy.Find(plan.code) == nullptr) continue;
    const SyntheticBuilding& at = at_centre ? centre : own;
    Facility f;
    f.community_code = community_code;
    f.type_code = plan.code;
    f.name = name_prefix + plan.suffix;
    f.address = at.address;
    // A few metres off the building so it is not on top of it.
    f.lat = at.lat + jitter_lat * 0.0002;
    f.lon = at.lon + jitter_lon * 0.0002;
    f.building_id = at.id > 0 ? std::optional<int64_t>(at.id) : std::nullopt;
    double area = plan.min_area + area_draw * (plan.max_area - plan.min_area);
    if (std::string_view(plan.code) == "party_service_center") {
      // Sized on households: 60–140% of the 30 m² per 100 households standard.
      area = std::max(area, 0.30 * static_cast<double>(households) * (0.6 + 0.8 * household_draw));
    }
    f.floor_area = std::min(kMaxFacilityArea, std::round(area));
    // Mostly ≥ 70% for resident services, sometimes less.
    f.service_area = std::round(f.floor_area * (0.55 + 0.4 * service_draw));
    f.is_public = public_draw < 0.8;
    f.opening_hours = "08:30-20:00";
    // A Yangzhou fixed line (0514, eight digits from 8), from the community and type rather
    // than the draws above, so the other values stay as they were.
    f.phone = "0514-8" + std::to_string(1000000 + HashText(community_code + plan.code) % 9000000);
    f.capacity = std::min<int64_t>(100000, static_cast<int64_t>(f.floor_area / 4));
    f.operator_name = "社区居委会";
    f.status = FacilityStatus::kOpen;
    f.opened_on = "2021-01-01";
    f.synthetic = true;
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Facility> SyntheticLevelFacilities(const std::string& community_code,
                                               const std::string& town_name,
                                               const std::string& county_name,
                                               const std::vector<SyntheticBuilding>& buildings,
                                               const Taxonomy& taxonomy, uint64_t seed) {
  std::vector<Facility> out;
  if (buildings.empty() || community_code.size() != 12 || !community_code.ends_with("001")) {
    return out;
  }
  const std::string town = community_code.substr(0, 9);
  const std::string county = community_code.substr(0, 6);
  const bool first_town = town.ends_with("001");
  struct Planned {
    std::string place;
    const char* type;
    std::string name;
    double probability;
    double min_area;
    double max_area;
    const char* operator_name;
  };
  std::vector<Planned> plans = {
      {town, "disability_home", town_name + "残疾人之家", 0.85, 200, 600, "街道（乡镇）残联"},
      {town, "incubation_base", town_name + "社会组织孵化基地", 0.62, 200, 800, "街道（乡镇）"},
      {town, "social_work_station", town_name + "社工站", 0.9, 80, 300, "街道（乡镇）民政办"}};
  if (first_town) {
    plans.push_back({county, "disability_home", county_name + "残疾人之家", 1.0, 600, 1500,
                     "县（市、区）残联"});
    plans.push_back({county, "mental_health_rehab", county_name + "精神障碍社区康复服务站", 0.85,
                     300, 800, "县（市、区）民政局"});
  }
  for (const Planned& plan : plans) {
    Random random(Mix(seed ^ HashText(plan.place + plan.type)));
    const bool present = random.Unit() < plan.probability;
    const SyntheticBuilding& at = buildings[random.Index(buildings.size())];
    const double area_draw = random.Unit();
    if (!present || taxonomy.Find(plan.type) == nullptr) continue;
    Facility f;
    f.community_code = plan.place;
    f.type_code = plan.type;
    f.name = plan.name;
    f.address = at.address;
    f.lat = at.lat + 0.0001;
    f.lon = at.lon + 0.0001;
    f.building_id = at.id > 0 ? std::optional<int64_t>(at.id) : std::nullopt;
    f.floor_area = std::round(plan.min_area + area_draw * (plan.max_area - plan.min_area));
    f.service_area = std::round(f.floor_area * 0.8);
    f.is_public = true;
    f.opening_hours = "08:30-17:30";
    f.phone = "0514-8" + std::to_string(1000000 + HashText(plan.place + plan.type) % 9000000);
    f.capacity = static_cast<int64_t>(f.floor_area / 10);
    f.operator_name = plan.operator_name;
    f.status = FacilityStatus::kOpen;
    f.opened_on = "2022-06-01";
    f.synthetic = true;
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

// Lattice node (i, j): i counts rows north of the origin, j columns east.
struct LatticeNode {
  int32_t i = 0;
  int32_t j = 0;
  friend bool operator<(LatticeNode a, LatticeNode b) { return a.i != b.i ? a.i < b.i : a.j < b.j; }
};

class Lattice {
 public:
  explicit Lattice(const StreetLattice& lattice) : lattice_(lattice) {
    step_lat_ = lattice.spacing_metres / kMetresPerDegreeLat;
    step_lon_ =
        lattice.spacing_metres / (kMetresPerDegreeLat * std::cos(lattice.origin_lat * kPi / 180.0));
  }
  uint64_t Hash(LatticeNode node, uint64_t salt) const {
    return Mix(lattice_.seed ^
               Mix(static_cast<uint64_t>(static_cast<uint32_t>(node.i)) << 32 |
                   static_cast<uint32_t>(node.j)) ^
               Mix(salt));
  }
  double Unit(LatticeNode node, uint64_t salt) const {
    return static_cast<double>(Hash(node, salt) >> 11) * 0x1.0p-53;
  }
  // Position with a jitter of up to 15% of the spacing, the same for every town.
  std::pair<double, double> Position(LatticeNode node) const {
    const double lat = lattice_.origin_lat + (node.i + 0.3 * Unit(node, 1) - 0.15) * step_lat_;
    const double lon = lattice_.origin_lon + (node.j + 0.3 * Unit(node, 2) - 0.15) * step_lon_;
    return {lat, lon};
  }
  // Whether the segment from node to its east (east = true) or north neighbour is a street.
  bool Present(LatticeNode node, bool east) const {
    return Unit(node, east ? 3 : 4) >= lattice_.missing_segment_share;
  }
  LatticeNode Nearest(double lat, double lon) const {
    return {static_cast<int32_t>(std::lround((lat - lattice_.origin_lat) / step_lat_)),
            static_cast<int32_t>(std::lround((lon - lattice_.origin_lon) / step_lon_))};
  }
  int32_t Rows(double metres) const {
    return static_cast<int32_t>(std::ceil(metres / lattice_.spacing_metres));
  }

 private:
  StreetLattice lattice_;
  double step_lat_ = 0.0;
  double step_lon_ = 0.0;
};

// Collects nodes and undirected segments (each once) of the lattice.
class Streets {
 public:
  explicit Streets(const Lattice& lattice) : lattice_(lattice) {}
  void Segment(LatticeNode a, LatticeNode b) {
    if (b < a) std::swap(a, b);
    segments_.insert({a, b});
  }
  // An L-shaped road along lattice lines: first along the row of `from`, then the column of `to`.
  void Road(LatticeNode from, LatticeNode to) {
    const int32_t step_j = to.j >= from.j ? 1 : -1;
    for (int32_t j = from.j; j != to.j; j += step_j) Segment({from.i, j}, {from.i, j + step_j});
    const int32_t step_i = to.i >= from.i ? 1 : -1;
    for (int32_t i = from.i; i != to.i; i += step_i) Segment({i, to.j}, {i + step_i, to.j});
  }
  NetworkArea Area() const {
    NetworkArea area;
    std::map<LatticeNode, uint32_t> index;
    auto node = [&](LatticeNode n) {
      auto [it, added] = index.emplace(n, static_cast<uint32_t>(index.size()));
      if (added) {
        auto [lat, lon] = lattice_.Position(n);
        area.coordinates.push_back(lat);
        area.coordinates.push_back(lon);
      }
      return it->second;
    };
    area.edges.reserve(segments_.size() * 2);
    for (const auto& [a, b] : segments_) {
      area.edges.push_back(node(a));
      area.edges.push_back(node(b));
    }
    return area;
  }

 private:
  const Lattice& lattice_;
  std::set<std::pair<LatticeNode, LatticeNode>> segments_;
};

}  // namespace

NetworkArea SyntheticTownStreets(const std::vector<std::vector<SyntheticBuilding>>& communities,
                                 const StreetLattice& options) {
  Lattice lattice(options);
  Streets streets(lattice);
  const int32_t margin = lattice.Rows(options.margin_metres);
  std::vector<LatticeNode> centres;
  double town_lat = 0, town_lon = 0;
  size_t town_buildings = 0;
  for (const auto& buildings : communities) {
    if (buildings.empty()) continue;
    int32_t min_i = INT32_MAX, max_i = INT32_MIN, min_j = INT32_MAX, max_j = INT32_MIN;
    double lat_sum = 0, lon_sum = 0;
    for (const auto& b : buildings) {
      const LatticeNode n = lattice.Nearest(b.lat, b.lon);
      min_i = std::min(min_i, n.i);
      max_i = std::max(max_i, n.i);
      min_j = std::min(min_j, n.j);
      max_j = std::max(max_j, n.j);
      lat_sum += b.lat;
      lon_sum += b.lon;
    }
    town_lat += lat_sum;
    town_lon += lon_sum;
    town_buildings += buildings.size();
    centres.push_back(lattice.Nearest(lat_sum / static_cast<double>(buildings.size()),
                                      lon_sum / static_cast<double>(buildings.size())));
    min_i -= margin;
    max_i += margin;
    min_j -= margin;
    max_j += margin;
    for (int32_t i = min_i; i <= max_i; ++i) {
      for (int32_t j = min_j; j <= max_j; ++j) {
        // The box's border always stays, so that each community's streets hang together.
        const bool border_row = i == min_i || i == max_i;
        const bool border_column = j == min_j || j == max_j;
        if (j < max_j && (border_row || lattice.Present({i, j}, true))) {
          streets.Segment({i, j}, {i, j + 1});
        }
        if (i < max_i && (border_column || lattice.Present({i, j}, false))) {
          streets.Segment({i, j}, {i + 1, j});
        }
      }
    }
  }
  if (town_buildings == 0) return {};
  const LatticeNode town = lattice.Nearest(town_lat / static_cast<double>(town_buildings),
                                           town_lon / static_cast<double>(town_buildings));
  for (const LatticeNode& centre : centres) streets.Road(centre, town);
  streets.Road(town, {0, 0});
  return streets.Area();
}

}  // namespace linli::facilities

#include "synthetic_city.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace linli::bench {
namespace {

using accessibility::LatLon;

constexpr double kMetresPerDegreeLatitude = 111195.08;
constexpr double kReferenceLatitude = 32.6;
constexpr double kMinLat = 32.2, kMaxLat = 33.0, kMinLon = 119.0, kMaxLon = 119.9;
constexpr double kSpacingMetres = 35.0;

double MetresPerDegreeLongitude() {
  return kMetresPerDegreeLatitude * std::cos(kReferenceLatitude * 3.14159265358979 / 180.0);
}

struct Town {
  double centre_east = 0.0;  // metres east of (kMinLat, kMinLon)
  double centre_north = 0.0;
  int32_t columns = 0;
  int32_t rows = 0;
  int32_t first_node = 0;
  bool urban = false;
  int32_t community_columns = 0;
  int32_t community_rows = 0;
  int32_t first_community = 0;
};

LatLon ToLatLon(double east, double north) {
  return {kMinLat + north / kMetresPerDegreeLatitude, kMinLon + east / MetresPerDegreeLongitude()};
}

}  // namespace

SyntheticCity MakeSyntheticCity(uint32_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  SyntheticCity city;
  const double width = (kMaxLon - kMinLon) * MetresPerDegreeLongitude();
  const double height = (kMaxLat - kMinLat) * kMetresPerDegreeLatitude;

  // Towns: a 4 × 3 block of urban districts (8 km grids) around the centre, then rural towns.
  std::vector<Town> towns;
  const double pitch = 8400.0;
  for (int32_t r = 0; r < 3; ++r) {
    for (int32_t c = 0; c < 4; ++c) {
      Town town;
      town.urban = true;
      town.columns = town.rows = 230;
      town.centre_east = width * 0.45 + (c - 1.5) * pitch;
      town.centre_north = height * 0.35 + (r - 1.0) * pitch;
      town.community_columns = town.community_rows = 8;
      towns.push_back(town);
    }
  }
  while (towns.size() < 12 + 86) {
    Town town;
    town.columns = 60 + static_cast<int32_t>(unit(random) * 40);
    town.rows = 60 + static_cast<int32_t>(unit(random) * 40);
    town.centre_east = 3000 + unit(random) * (width - 6000);
    town.centre_north = 3000 + unit(random) * (height - 6000);
    bool clear = true;
    for (const Town& other : towns) {
      const double need = other.urban ? 9000.0 : 5000.0;
      if (std::hypot(other.centre_east - town.centre_east, other.centre_north - town.centre_north) <
          need) {
        clear = false;
      }
    }
    if (!clear) continue;
    town.community_columns = 3;
    town.community_rows = 3;
    towns.push_back(town);
  }

  // Street grids.
  auto& builder = city.network;
  builder.Reserve(1'300'000, 6'000'000);
  int32_t next_node = 0;
  int32_t community_count = 0;
  std::uniform_real_distribution<double> jitter(-0.3 * kSpacingMetres, 0.3 * kSpacingMetres);
  for (Town& town : towns) {
    town.first_node = next_node;
    town.first_community = community_count;
    community_count += town.community_columns * town.community_rows;
    const double west = town.centre_east - town.columns * kSpacingMetres / 2;
    const double south = town.centre_north - town.rows * kSpacingMetres / 2;
    for (int32_t r = 0; r < town.rows; ++r) {
      for (int32_t c = 0; c < town.columns; ++c) {
        builder.AddNode(ToLatLon(west + c * kSpacingMetres + jitter(random),
                                 south + r * kSpacingMetres + jitter(random)));
        ++next_node;
      }
    }
    for (int32_t r = 0; r < town.rows; ++r) {
      for (int32_t c = 0; c < town.columns; ++c) {
        const int32_t id = town.first_node + r * town.columns + c;
        if (c + 1 < town.columns && unit(random) > 0.06) builder.AddEdge(id, id + 1);
        if (r + 1 < town.rows && unit(random) > 0.06) builder.AddEdge(id, id + town.columns);
        if (c + 1 < town.columns && r + 1 < town.rows && unit(random) < 0.04) {
          builder.AddEdge(id, id + town.columns + 1);
        }
      }
    }
  }
  // Rural roads: a spanning tree over town centres (Prim), nodes every 100 m.
  auto centre_node = [&](const Town& town) {
    return town.first_node + (town.rows / 2) * town.columns + town.columns / 2;
  };
  std::vector<bool> joined(towns.size(), false);
  joined[0] = true;
  for (size_t added = 1; added < towns.size(); ++added) {
    double best = 1e300;
    size_t from = 0, to = 0;
    for (size_t a = 0; a < towns.size(); ++a) {
      if (!joined[a]) continue;
      for (size_t b = 0; b < towns.size(); ++b) {
        if (joined[b]) continue;
        const double d = std::hypot(towns[a].centre_east - towns[b].centre_east,
                                    towns[a].centre_north - towns[b].centre_north);
        if (d < best) {
          best = d;
          from = a;
          to = b;
        }
      }
    }
    joined[to] = true;
    const int32_t steps = std::max(1, static_cast<int32_t>(best / 100.0));
    int32_t previous = centre_node(towns[from]);
    for (int32_t s = 1; s < steps; ++s) {
      const double f = static_cast<double>(s) / steps;
      builder.AddNode(
          ToLatLon(towns[from].centre_east + f * (towns[to].centre_east - towns[from].centre_east) +
                       jitter(random),
                   towns[from].centre_north +
                       f * (towns[to].centre_north - towns[from].centre_north) + jitter(random)));
      builder.AddEdge(previous, next_node);
      previous = next_node++;
    }
    builder.AddEdge(previous, centre_node(towns[to]));
  }
  // Detached fragments (farm tracks, unconnected estates): dropped by the builder.
  for (int32_t fragment = 0; fragment < 300; ++fragment) {
    const double east = unit(random) * width, north = unit(random) * height;
    const int32_t first = next_node;
    for (int32_t k = 0; k < 4; ++k) {
      builder.AddNode(ToLatLon(east + (k % 2) * 40.0, north + (k / 2) * 40.0));
      ++next_node;
    }
    builder.AddEdge(first, first + 1);
    builder.AddEdge(first + 1, first + 3);
    builder.AddEdge(first + 3, first + 2);
  }
  city.input_node_count = next_node;

  // Divisions: towns in 7 counties.
  city.divisions.county_count = 7;
  for (size_t t = 0; t < towns.size(); ++t) {
    city.divisions.county_of_town.push_back(static_cast<int32_t>(t % 7));
    for (int32_t k = 0; k < towns[t].community_columns * towns[t].community_rows; ++k) {
      city.divisions.town_of_community.push_back(static_cast<int32_t>(t));
    }
  }

  // Buildings: 65% in the urban districts, the rest in rural towns; in communities by position.
  struct Building {
    int32_t community;
    LatLon position;
    uint8_t residential;
    uint32_t households;
  };
  std::vector<Building> buildings;
  constexpr int32_t kBuildingCount = 500'000;
  buildings.reserve(kBuildingCount);
  int32_t rural_town_count = static_cast<int32_t>(towns.size()) - 12;
  for (int32_t b = 0; b < kBuildingCount; ++b) {
    const bool urban = b < kBuildingCount * 65 / 100;
    const Town& town = urban ? towns[b % 12] : towns[12 + b % rural_town_count];
    const double fx = unit(random), fy = unit(random);
    const double east = town.centre_east + (fx - 0.5) * town.columns * kSpacingMetres;
    const double north = town.centre_north + (fy - 0.5) * town.rows * kSpacingMetres;
    const int32_t community =
        town.first_community +
        static_cast<int32_t>(fy * town.community_rows) * town.community_columns +
        static_cast<int32_t>(fx * town.community_columns);
    const uint8_t residential = unit(random) < 0.93 ? 1 : 0;
    const uint32_t households = residential == 0
                                    ? 0
                                    : (urban ? 1 + static_cast<uint32_t>(unit(random) * 7)
                                             : 1 + static_cast<uint32_t>(unit(random) * 2));
    buildings.push_back({community, ToLatLon(east, north), residential, households});
  }
  std::stable_sort(buildings.begin(), buildings.end(),
                   [](const Building& a, const Building& b) { return a.community < b.community; });
  city.served.assign(4, {});
  city.community_first_building.assign(community_count + 1, 0);
  auto rounded = [&](double expected) {
    const double floor = std::floor(expected);
    return static_cast<uint32_t>(floor + (unit(random) < expected - floor ? 1 : 0));
  };
  for (const Building& building : buildings) {
    city.building_positions.push_back(building.position);
    city.building_community.push_back(building.community);
    city.building_residential.push_back(building.residential);
    city.households.push_back(building.households);
    const uint32_t residents = rounded(building.households * (2.3 + unit(random) * 1.2));
    city.served[0].push_back(residents);
    city.served[1].push_back(rounded(residents * 0.22));
    city.served[2].push_back(rounded(residents * 0.13));
    city.served[3].push_back(rounded(residents * 0.03));
    ++city.community_first_building[building.community + 1];
  }
  for (int32_t c = 0; c < community_count; ++c) {
    city.community_first_building[c + 1] += city.community_first_building[c];
  }

  // Facility types of the plan's circles: 15-minute convenience (everyone, 1080 m), elderly
  // (60+), children (0–14), 5-minute childcare (0–3, 360 m) and the rural 3-km circle.
  city.types = {
      {"党群服务中心", 1300, 1080, 0}, {"日间照料中心", 900, 1080, 1},
      {"老年助餐点", 700, 1080, 1},    {"托育点", 400, 360, 3},
      {"儿童之家", 1000, 1080, 2},     {"卫生服务站(3公里)", 800, 3000, 0},
      {"体育场地", 600, 1080, 0},      {"便民商店/菜场", 3000, 1080, 0},
      {"幼儿园", 700, 1080, 2},        {"小学", 350, 1080, 2},
      {"文化活动室", 1100, 1080, 0},   {"家政服务点", 500, 1080, 0},
  };
  std::uniform_int_distribution<int32_t> pick(0, kBuildingCount - 1);
  std::uniform_real_distribution<double> shift(-0.0002, 0.0002);
  for (const FacilityType& type : city.types) {
    std::vector<LatLon> positions;
    for (int32_t i = 0; i < type.count; ++i) {
      const LatLon at = city.building_positions[pick(random)];
      positions.push_back({at.lat + shift(random), at.lon + shift(random)});
    }
    city.facilities.push_back(std::move(positions));
  }
  return city;
}

}  // namespace linli::bench

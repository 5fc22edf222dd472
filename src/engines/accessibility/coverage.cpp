#include "engines/accessibility/coverage.hpp"

#include <string>

namespace linli::accessibility {
namespace {

core::Status ValidateHierarchy(const DivisionHierarchy& divisions) {
  const auto town_count = static_cast<int32_t>(divisions.county_of_town.size());
  for (const int32_t town : divisions.town_of_community) {
    if (town < 0 || town >= town_count) {
      return core::Error::InvalidArgument("社区所属街镇编号无效：" + std::to_string(town),
                                          "town_of_community");
    }
  }
  for (const int32_t county : divisions.county_of_town) {
    if (county < 0 || county >= divisions.county_count) {
      return core::Error::InvalidArgument("街镇所属区县编号无效：" + std::to_string(county),
                                          "county_of_town");
    }
  }
  return core::Ok();
}

}  // namespace

std::optional<double> CoverageCounts::ResidentShare() const {
  if (served_residents == 0) return std::nullopt;
  return static_cast<double>(covered_residents) / static_cast<double>(served_residents);
}

std::optional<double> CoverageCounts::BuildingShare() const {
  if (residential_buildings == 0) return std::nullopt;
  return static_cast<double>(covered_buildings) / static_cast<double>(residential_buildings);
}

CoverageCounts& CoverageCounts::operator+=(const CoverageCounts& other) {
  served_residents += other.served_residents;
  covered_residents += other.covered_residents;
  residential_buildings += other.residential_buildings;
  covered_buildings += other.covered_buildings;
  return *this;
}

CoverageCounts& CoverageCounts::operator-=(const CoverageCounts& other) {
  served_residents -= other.served_residents;
  covered_residents -= other.covered_residents;
  residential_buildings -= other.residential_buildings;
  covered_buildings -= other.covered_buildings;
  return *this;
}

CoverageCounts CountCoverage(std::span<const uint8_t> residential,
                             std::span<const uint32_t> served_residents,
                             std::span<const uint32_t> distances) {
  CoverageCounts counts;
  for (size_t b = 0; b < distances.size(); ++b) {
    const bool covered = distances[b] != kUnreachable;
    counts.served_residents += served_residents[b];
    counts.covered_residents += covered ? served_residents[b] : 0;
    const uint32_t is_residential = residential[b] != 0 ? 1 : 0;
    counts.residential_buildings += is_residential;
    counts.covered_buildings += covered ? is_residential : 0;
  }
  return counts;
}

core::Result<CoverageReport> ComputeCoverage(const DivisionHierarchy& divisions,
                                             BuildingTable buildings,
                                             std::span<const uint32_t> served_residents,
                                             const TargetDistances& distances) {
  TRY(ValidateHierarchy(divisions));
  const size_t building_count = distances.decimetres.size();
  if (buildings.community.size() != building_count ||
      buildings.residential.size() != building_count || served_residents.size() != building_count) {
    return core::Error::InvalidArgument("楼栋表、服务人口与距离的数量不一致", "buildings");
  }
  CoverageReport report;
  report.straight_line_fallback = distances.straight_line_fallback;
  report.communities.resize(divisions.town_of_community.size());
  report.towns.resize(divisions.county_of_town.size());
  report.counties.resize(divisions.county_count);
  const auto community_count = static_cast<int32_t>(report.communities.size());
  for (size_t b = 0; b < building_count; ++b) {
    const int32_t community = buildings.community[b];
    if (community < 0 || community >= community_count) {
      return core::Error::InvalidArgument(
          "第 " + std::to_string(b) + " 栋楼的社区编号无效：" + std::to_string(community),
          "community");
    }
    CoverageCounts& counts = report.communities[community];
    const bool covered = distances.decimetres[b] != kUnreachable;
    const uint32_t served = served_residents[b];
    counts.served_residents += served;
    const uint32_t is_residential = buildings.residential[b] != 0 ? 1 : 0;
    counts.residential_buildings += is_residential;
    if (covered) {
      counts.covered_residents += served;
      counts.covered_buildings += is_residential;
    }
  }
  for (int32_t community = 0; community < community_count; ++community) {
    const int32_t town = divisions.town_of_community[community];
    report.towns[town] += report.communities[community];
  }
  for (size_t town = 0; town < report.towns.size(); ++town) {
    report.counties[divisions.county_of_town[town]] += report.towns[town];
  }
  for (const CoverageCounts& county : report.counties) report.city += county;
  return report;
}

core::Status ReplaceCommunity(const DivisionHierarchy& divisions, int32_t community,
                              const CoverageCounts& counts, CoverageReport& report) {
  if (community < 0 || community >= static_cast<int32_t>(report.communities.size()) ||
      community >= static_cast<int32_t>(divisions.town_of_community.size())) {
    return core::Error::InvalidArgument("社区编号无效：" + std::to_string(community), "community");
  }
  const int32_t town = divisions.town_of_community[community];
  if (town < 0 || town >= static_cast<int32_t>(report.towns.size())) {
    return core::Error::InvalidArgument("社区所属街镇编号无效", "town_of_community");
  }
  const int32_t county = divisions.county_of_town[town];
  if (county < 0 || county >= static_cast<int32_t>(report.counties.size())) {
    return core::Error::InvalidArgument("街镇所属区县编号无效", "county_of_town");
  }
  const CoverageCounts old = report.communities[community];
  for (CoverageCounts* level : {&report.towns[town], &report.counties[county], &report.city}) {
    *level -= old;
    *level += counts;
  }
  report.communities[community] = counts;
  return core::Ok();
}

std::vector<UncoveredBuilding> ListUncovered(std::span<const uint8_t> residential,
                                             std::span<const uint32_t> served_residents,
                                             std::span<const uint32_t> distances) {
  std::vector<UncoveredBuilding> uncovered;
  for (size_t b = 0; b < distances.size(); ++b) {
    if (residential[b] != 0 && distances[b] == kUnreachable) {
      uncovered.push_back({static_cast<int32_t>(b), served_residents[b]});
    }
  }
  return uncovered;
}

}  // namespace linli::accessibility

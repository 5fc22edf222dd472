#include "domain/synthetic/facility_seed_writer.hpp"

namespace linli::synthetic {

core::Status FacilitySeedWriter::Begin() {
  ASSIGN_OR_RETURN(auto areas, repository_.NetworkAreas());
  for (const auto& area : areas) {
    if (!IsSyntheticNetworkSource(area.source_name)) {
      counts_.networks_skipped_because = area.area_code + " " + area.source_name;
      make_networks_ = false;
      return core::Ok();
    }
  }
  make_networks_ = true;
  return core::Ok();
}

core::Status FacilitySeedWriter::Write(CommunityData& data,
                                       const std::vector<int64_t>& building_ids) {
  if (!data.facilities.empty()) {
    const int64_t now = clock_.NowMillis();
    for (auto& facility : data.facilities) {
      if (facility.building_id) {
        const auto index = static_cast<size_t>(*facility.building_id - 1);
        if (index >= building_ids.size()) {
          return core::Error::Internal("合成设施的楼栋序号越界：" + data.site.community_code);
        }
        facility.building_id = building_ids[index];
      }
      facility.created_at = facility.updated_at = now;
    }
    TRY(repository_.InsertFacilities(data.facilities));
    counts_.facilities += static_cast<int64_t>(data.facilities.size());
  }
  if (!make_networks_) return core::Ok();
  if (data.site.town_code != town_code_) {
    TRY(FlushTown());
    town_code_ = data.site.town_code;
  }
  town_points_.push_back(StreetPoints(data));
  return core::Ok();
}

core::Status FacilitySeedWriter::Finish() { return FlushTown(); }

core::Status FacilitySeedWriter::FlushTown() {
  if (town_code_.empty() || town_points_.empty()) return core::Ok();
  facilities::NetworkArea area = TownStreets(town_code_, town_points_, options_);
  town_points_.clear();
  if (area.edges.empty()) return core::Ok();
  area.imported_at = clock_.NowMillis();
  TRY(repository_.SaveNetworkArea(area));
  ++counts_.networks;
  counts_.network_nodes += static_cast<int64_t>(area.coordinates.size() / 2);
  counts_.network_edges += static_cast<int64_t>(area.edges.size() / 2);
  return core::Ok();
}

}  // namespace linli::synthetic

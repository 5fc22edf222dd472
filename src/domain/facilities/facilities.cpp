#include "domain/facilities/facilities.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/enum_names.hpp"
#include "core/identity/date.hpp"
#include "core/identity/phone.hpp"
#include "core/json_reader.hpp"
#include "engines/accessibility/circles.hpp"
#include "engines/accessibility/geo.hpp"

namespace linli::facilities {

namespace json = boost::json;

namespace {

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string FormatArea(double square_metres) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.0f", std::ceil(square_metres - 1e-9));
  return buffer;
}

core::Result<json::value> ParseJson(std::string_view text, std::string_view what) {
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  if (error || !value.is_object()) {
    return core::Error::InvalidArgument(std::string(what) + " 不是有效的 JSON 对象");
  }
  return value;
}

std::string StringField(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

bool BoolField(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  return value && value->is_bool() && value->get_bool();
}

std::optional<double> NumberField(const json::object& object, std::string_view field) {
  const json::value* value = object.if_contains(field);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_double()) return value->get_double();
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  return std::nan("");
}

core::Status CheckArea(double area, std::string_view field, std::string_view label,
                       double maximum) {
  if (!std::isfinite(area) || area < 0.0) {
    return core::Error::Validation(std::string(label) + "不能为负数或非数字", std::string(field));
  }
  if (area > maximum) {
    return core::Error::Validation(
        std::string(label) + "过大（不超过 " + FormatArea(maximum) + " m²）", std::string(field));
  }
  return core::Ok();
}

}  // namespace

// ----- taxonomy -----

core::Result<Taxonomy> Taxonomy::FromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json::value root, ParseJson(text, "设施类型表"));
  const json::value* types = root.as_object().if_contains("types");
  if (types == nullptr || !types->is_array() || types->as_array().empty()) {
    return core::Error::InvalidArgument("设施类型表缺少 types", "types");
  }
  Taxonomy taxonomy;
  std::set<std::string> seen;
  for (const json::value& item : types->as_array()) {
    if (!item.is_object()) return core::Error::InvalidArgument("设施类型应为对象", "types");
    const json::object& object = item.as_object();
    FacilityType type;
    type.code = StringField(object, "code");
    type.name = StringField(object, "name");
    type.category = StringField(object, "category");
    type.counts_toward_standard = BoolField(object, "counts_toward_standard");
    type.childcare = BoolField(object, "childcare");
    type.mental_health_rehab = BoolField(object, "mental_health_rehab");
    type.community_service_centre = BoolField(object, "community_service_centre");
    type.volunteer_station = BoolField(object, "volunteer_station");
    ASSIGN_OR_RETURN(type.covers, core::json::ReadStringArray(object, "covers", "types", false));
    if (type.code.empty() || type.name.empty() || !seen.insert(type.code).second) {
      return core::Error::InvalidArgument("设施类型代码为空或重复：" + type.code, "types");
    }
    taxonomy.types_.push_back(std::move(type));
  }
  return taxonomy;
}

const FacilityType* Taxonomy::Find(std::string_view code) const {
  for (const auto& type : types_) {
    if (type.code == code) return &type;
  }
  return nullptr;
}

// ----- facilities -----

constexpr core::EnumNames<FacilityStatus, 4> kFacilityStatusNames{{
    {FacilityStatus::kPlanned, "planned", "规划中"},
    {FacilityStatus::kOpen, "open", "运营中"},
    {FacilityStatus::kSuspended, "suspended", "暂停"},
    {FacilityStatus::kClosed, "closed", "已关闭"},
}};

std::string_view FacilityStatusName(FacilityStatus status) {
  return kFacilityStatusNames.Name(status);
}

std::string_view FacilityStatusChineseName(FacilityStatus status) {
  return kFacilityStatusNames.Label(status);
}

std::optional<FacilityStatus> FacilityStatusFromName(std::string_view name) {
  return kFacilityStatusNames.From(name, /*labels_too=*/true);
}

std::optional<core::DivisionLevel> FacilityLevel(const Facility& facility) {
  const auto level = core::LevelOfCode(facility.community_code);
  if (level == core::DivisionLevel::kCounty || level == core::DivisionLevel::kTown ||
      level == core::DivisionLevel::kCommunity) {
    return level;
  }
  return std::nullopt;
}

core::Status CheckFacility(const Facility& facility, const Taxonomy& taxonomy) {
  if (!FacilityLevel(facility)) {
    return core::Error::Validation("所属地区应为县（6 位）、乡镇（9 位）或社区（12 位）代码",
                                   "community_code");
  }
  if (taxonomy.Find(facility.type_code) == nullptr) {
    return core::Error::Validation("设施类型不存在：" + facility.type_code, "type");
  }
  if (IsBlank(facility.name) || Utf8Length(facility.name) > 100) {
    return core::Error::Validation("设施名称应为 1 到 100 个字", "name");
  }
  if (Utf8Length(facility.address) > 200) {
    return core::Error::Validation("地址不超过 200 个字", "address");
  }
  if (!accessibility::IsInChina({facility.lat, facility.lon})) {
    return core::Error::Validation("坐标不在中国境内（纬度 3–54，经度 73–136）", "lat");
  }
  TRY(CheckArea(facility.floor_area, "floor_area", "建筑面积", kMaxFacilityArea));
  TRY(CheckArea(facility.service_area, "service_area", "服务活动面积", kMaxFacilityArea));
  if (facility.service_area > facility.floor_area + 1e-9) {
    return core::Error::Validation("服务活动面积不能大于建筑面积", "service_area");
  }
  if (facility.capacity && (*facility.capacity < 0 || *facility.capacity > 100000)) {
    return core::Error::Validation("容量应在 0 到 100000 之间", "capacity");
  }
  if (Utf8Length(facility.opening_hours) > 100) {
    return core::Error::Validation("开放时间不超过 100 个字", "opening_hours");
  }
  if (Utf8Length(facility.operator_name) > 100) {
    return core::Error::Validation("运营方不超过 100 个字", "operator");
  }
  if (!facility.phone.empty()) {
    ASSIGN_OR_RETURN(std::string normalised, NormalizeFacilityPhone(facility.phone));
    if (normalised != facility.phone) {
      return core::Error::Validation("咨询电话应为规范格式：" + normalised, "phone");
    }
  }
  if (facility.opened_on) TRY(identity::ParseDate(*facility.opened_on, "opened_on"));
  if (facility.closed_on) TRY(identity::ParseDate(*facility.closed_on, "closed_on"));
  if (facility.opened_on && facility.closed_on && *facility.closed_on < *facility.opened_on) {
    return core::Error::Validation("关闭日期不能早于启用日期", "closed_on");
  }
  if (facility.status == FacilityStatus::kClosed && !facility.closed_on) {
    return core::Error::Validation("已关闭的设施需填写关闭日期", "closed_on");
  }
  if (facility.status != FacilityStatus::kClosed && facility.closed_on) {
    return core::Error::Validation("只有已关闭的设施才有关闭日期", "closed_on");
  }
  return core::Ok();
}

// ----- standards -----

constexpr core::EnumNames<Standard, 5> kStandardNames{{
    {Standard::kAreaPerHouseholds, "area_per_100_households"},
    {Standard::kServiceShare, "service_share"},
    {Standard::kChildcareArea, "childcare_area"},
    {Standard::kSupportingRooms, "supporting_rooms"},
    {Standard::kCommerceService, "commerce_service"},
}};

std::string_view StandardName(Standard standard) { return kStandardNames.Name(standard); }

core::Status CheckResidentialComplex(const ResidentialComplex& complex) {
  if (complex.community_code.size() != 12 || !AllDigits(complex.community_code)) {
    return core::Error::Validation("社区代码应为 12 位数字", "community_code");
  }
  if (IsBlank(complex.name) || Utf8Length(complex.name) > 100) {
    return core::Error::Validation("小区名称应为 1 到 100 个字", "name");
  }
  constexpr double kMaxComplexArea = 50'000'000.0;  // 50 km²
  TRY(CheckArea(complex.total_floor_area, "total_floor_area", "总建筑面积", kMaxComplexArea));
  TRY(CheckArea(complex.supporting_room_area, "supporting_room_area", "配套社区用房面积",
                kMaxComplexArea));
  TRY(CheckArea(complex.community_area, "community_area", "社区面积", kMaxComplexArea));
  TRY(CheckArea(complex.commerce_service_area, "commerce_service_area", "商业服务设施面积",
                kMaxComplexArea));
  if (complex.total_floor_area <= 0.0) {
    return core::Error::Validation("总建筑面积应大于 0", "total_floor_area");
  }
  if (complex.community_area <= 0.0) {
    return core::Error::Validation("社区面积应大于 0", "community_area");
  }
  if (complex.supporting_room_area > complex.total_floor_area) {
    return core::Error::Validation("配套社区用房面积不能大于总建筑面积", "supporting_room_area");
  }
  if (complex.commerce_service_area > complex.community_area) {
    return core::Error::Validation("商业服务设施面积不能大于社区面积", "commerce_service_area");
  }
  return core::Ok();
}

std::vector<Shortfall> CheckAreaStandards(const std::string& division_code,
                                          const std::string& level, const AreaTotals& totals) {
  std::vector<Shortfall> out;
  if (totals.households > 0) {
    const double required_area =
        kAreaPerHundredHouseholds * static_cast<double>(totals.households) / 100.0;
    if (totals.floor_area + 1e-9 < required_area) {
      Shortfall s;
      s.division_code = division_code;
      s.level = level;
      s.standard = Standard::kAreaPerHouseholds;
      s.actual = totals.floor_area * 100.0 / static_cast<double>(totals.households);
      s.required = kAreaPerHundredHouseholds;
      s.missing_area = required_area - totals.floor_area;
      s.fix =
          "需增加 " + FormatArea(s.missing_area) + " m² 社区综合服务设施面积（每百户不低于 30 m²）";
      out.push_back(std::move(s));
    }
  }
  if (totals.floor_area > 0.0) {
    const double required_service = kServiceShare * totals.floor_area;
    if (totals.service_area + 1e-9 < required_service) {
      Shortfall s;
      s.division_code = division_code;
      s.level = level;
      s.standard = Standard::kServiceShare;
      s.actual = totals.service_area / totals.floor_area;
      s.required = kServiceShare;
      s.missing_area = required_service - totals.service_area;
      s.fix =
          "需将 " + FormatArea(s.missing_area) + " m² 调整为居民服务和活动用房（占比不低于 70%）";
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::optional<Shortfall> CheckChildcareArea(const Facility& facility, const Taxonomy& taxonomy) {
  const FacilityType* type = taxonomy.Find(facility.type_code);
  if (type == nullptr || !type->childcare || !facility.is_public || !IsActive(facility) ||
      !IsCommunityFacility(facility)) {
    return std::nullopt;
  }
  if (facility.floor_area + 1e-9 >= kChildcareMinimumArea) return std::nullopt;
  Shortfall s;
  s.division_code = facility.community_code;
  s.level = "community";
  s.standard = Standard::kChildcareArea;
  s.facility_id = facility.id;
  s.subject = facility.name;
  s.actual = facility.floor_area;
  s.required = kChildcareMinimumArea;
  s.missing_area = kChildcareMinimumArea - facility.floor_area;
  s.fix = "需增加 " + FormatArea(s.missing_area) + " m²（公办托育点不低于 200 m²）";
  return s;
}

std::vector<Shortfall> CheckComplexStandards(const ResidentialComplex& complex) {
  std::vector<Shortfall> out;
  // One share standard of the complex: `area` must be at least `share` of `base`.
  auto check = [&](Standard standard, double area, double share, double base,
                   std::string_view what) {
    const double required = share * base;
    if (area + 1e-9 >= required) return;
    Shortfall s;
    s.division_code = complex.community_code;
    s.level = "community";
    s.standard = standard;
    s.complex_id = complex.id;
    s.subject = complex.name;
    s.actual = area / base;
    s.required = share;
    s.missing_area = required - area;
    s.fix = "需增加 " + FormatArea(s.missing_area) + " m² " + std::string(what);
    out.push_back(std::move(s));
  };
  check(Standard::kSupportingRooms, complex.supporting_room_area, kSupportingRoomShare,
        complex.total_floor_area, "配套社区用房（不低于总建筑面积 3‰）");
  check(Standard::kCommerceService, complex.commerce_service_area, kCommerceServiceShare,
        complex.community_area, "商业和服务设施（不低于社区面积 10%）");
  return out;
}

ComplianceReport BuildCompliance(const std::vector<std::pair<std::string, AreaTotals>>& communities,
                                 const std::vector<Facility>& facilities,
                                 const std::vector<ResidentialComplex>& complexes,
                                 const Taxonomy& taxonomy) {
  // Community totals: households from the registry, areas from open facilities that count.
  std::map<std::string, AreaTotals> community_totals;
  for (const auto& [code, totals] : communities) community_totals[code] = totals;
  for (const Facility& facility : facilities) {
    const FacilityType* type = taxonomy.Find(facility.type_code);
    if (type == nullptr || !type->counts_toward_standard || !IsActive(facility) ||
        !IsCommunityFacility(facility)) {
      continue;
    }
    AreaTotals& totals = community_totals[facility.community_code];
    totals.floor_area += facility.floor_area;
    totals.service_area += facility.service_area;
  }
  std::map<std::string, AreaTotals> towns, counties, cities;
  for (const auto& [code, totals] : community_totals) {
    for (const auto& [level_map, length] :
         {std::pair{&towns, size_t{9}}, std::pair{&counties, size_t{6}},
          std::pair{&cities, size_t{4}}}) {
      AreaTotals& up = (*level_map)[code.substr(0, length)];
      up.floor_area += totals.floor_area;
      up.service_area += totals.service_area;
      up.households += totals.households;
    }
  }
  ComplianceReport report;
  auto add_level = [&](const std::map<std::string, AreaTotals>& places, const char* level) {
    for (const auto& [code, totals] : places) {
      PlaceStandards place;
      place.division_code = code;
      place.level = level;
      place.totals = totals;
      if (totals.households > 0) {
        place.area_per_hundred_households =
            totals.floor_area * 100.0 / static_cast<double>(totals.households);
      }
      if (totals.floor_area > 0.0) place.service_share = totals.service_area / totals.floor_area;
      report.places.push_back(place);
      for (auto& shortfall : CheckAreaStandards(code, level, totals)) {
        report.shortfalls.push_back(std::move(shortfall));
      }
    }
  };
  add_level(cities, "city");
  add_level(counties, "county");
  add_level(towns, "town");
  add_level(community_totals, "community");
  for (const Facility& facility : facilities) {
    if (auto shortfall = CheckChildcareArea(facility, taxonomy)) {
      report.shortfalls.push_back(std::move(*shortfall));
    }
  }
  for (const ResidentialComplex& complex : complexes) {
    for (auto& shortfall : CheckComplexStandards(complex)) {
      report.shortfalls.push_back(std::move(shortfall));
    }
  }
  return report;
}

// ----- circles -----

constexpr core::EnumNames<ServedGroup, 4> kServedGroupNames{{
    {ServedGroup::kAll, "all"},
    {ServedGroup::kAge60Plus, "age_60_plus"},
    {ServedGroup::kAge0To14, "age_0_14"},
    {ServedGroup::kAge0To3, "age_0_3"},
}};

std::string_view ServedGroupName(ServedGroup group) { return kServedGroupNames.Name(group); }

std::optional<ServedGroup> ServedGroupFromName(std::string_view name) {
  return kServedGroupNames.From(name);
}

uint32_t BuildingPoint::Served(ServedGroup group) const {
  switch (group) {
    case ServedGroup::kAll:
      return all;
    case ServedGroup::kAge60Plus:
      return age_60_plus;
    case ServedGroup::kAge0To14:
      return age_0_14;
    case ServedGroup::kAge0To3:
      return age_0_3;
  }
  return all;
}

core::Status CheckCircle(CircleDefinition& circle, const Taxonomy& taxonomy) {
  auto prefixed = [&](core::Error error) {
    error.message = "生活圈 " + circle.code + "：" + error.message;
    return error;
  };
  if (circle.code.empty() || circle.name.empty()) {
    return core::Error::Validation("生活圈缺少代码或名称", "code");
  }
  if (circle.facility_types.empty()) {
    return prefixed(core::Error::Validation("至少需要一种设施类型", "facility_types"));
  }
  for (const auto& type : circle.facility_types) {
    if (taxonomy.Find(type) == nullptr) {
      return prefixed(core::Error::Validation("设施类型不存在：" + type, "facility_types"));
    }
  }
  if (circle.walking_minutes.has_value() == circle.distance_metres.has_value()) {
    return prefixed(core::Error::Validation("步行时间和距离须且只能填写一项", "walking_minutes"));
  }
  if (circle.walking_minutes) {
    auto cutoff = accessibility::CutoffFromWalkingTime(*circle.walking_minutes,
                                                       circle.speed_metres_per_second);
    if (!cutoff.ok()) return prefixed(cutoff.error());
    circle.cutoff_decimetres = *cutoff;
  } else {
    auto cutoff = accessibility::CutoffFromMetres(*circle.distance_metres);
    if (!cutoff.ok()) return prefixed(cutoff.error());
    circle.cutoff_decimetres = *cutoff;
  }
  return core::Ok();
}

core::Result<std::vector<CircleDefinition>> ParseCircles(std::string_view text,
                                                         const Taxonomy& taxonomy) {
  ASSIGN_OR_RETURN(json::value root, ParseJson(text, "生活圈定义"));
  const json::value* circles = root.as_object().if_contains("circles");
  if (circles == nullptr || !circles->is_array()) {
    return core::Error::InvalidArgument("生活圈定义缺少 circles", "circles");
  }
  std::vector<CircleDefinition> out;
  std::set<std::string> seen;
  for (const json::value& item : circles->as_array()) {
    if (!item.is_object()) return core::Error::InvalidArgument("生活圈应为对象", "circles");
    const json::object& object = item.as_object();
    CircleDefinition circle;
    circle.code = StringField(object, "code");
    circle.name = StringField(object, "name");
    if (const json::value* types = object.if_contains("facility_types");
        types && types->is_array()) {
      for (const json::value& type : types->as_array()) {
        if (type.is_string()) circle.facility_types.emplace_back(type.get_string());
      }
    }
    circle.walking_minutes = NumberField(object, "walking_minutes");
    circle.distance_metres = NumberField(object, "distance_metres");
    if (auto speed = NumberField(object, "speed_metres_per_second")) {
      circle.speed_metres_per_second = *speed;
    } else {
      circle.speed_metres_per_second = accessibility::kDefaultWalkingSpeedMetresPerSecond;
    }
    auto group = ServedGroupFromName(StringField(object, "served_group"));
    if (!group) {
      return core::Error::Validation("生活圈 " + circle.code +
                                         "：服务人群应为 all、age_60_plus、"
                                         "age_0_14 或 age_0_3",
                                     "served_group");
    }
    circle.served_group = *group;
    const std::string applies = StringField(object, "applies_to");
    if (applies.empty() || applies == "all") {
      circle.applies_to = CircleSetting::kAll;
    } else if (applies == "urban") {
      circle.applies_to = CircleSetting::kUrban;
    } else if (applies == "rural") {
      circle.applies_to = CircleSetting::kRural;
    } else {
      return core::Error::Validation("生活圈 " + circle.code + "：适用范围应为 all、urban 或 rural",
                                     "applies_to");
    }
    TRY(CheckCircle(circle, taxonomy));
    if (!seen.insert(circle.code).second) {
      return core::Error::Validation("生活圈代码重复：" + circle.code, "code");
    }
    out.push_back(std::move(circle));
  }
  if (out.empty()) return core::Error::Validation("没有生活圈定义", "circles");
  return out;
}

bool CircleAppliesTo(const CircleDefinition& circle, std::string_view community_kind) {
  switch (circle.applies_to) {
    case CircleSetting::kAll:
      return true;
    case CircleSetting::kUrban:
      return community_kind != "village";
    case CircleSetting::kRural:
      return community_kind == "village";
  }
  return true;
}

// ----- places shown by the coverage and standards views -----

namespace {
// Levels from the top; a division's children are one step down.
constexpr std::string_view kLevels[] = {"city", "county", "town", "community"};
constexpr size_t kLevelLengths[] = {4, 6, 9, 12};

int LevelIndex(std::string_view level) {
  for (int i = 0; i < 4; ++i) {
    if (kLevels[i] == level) return i;
  }
  return -1;
}
}  // namespace

constexpr core::EnumNames<DataStatus, 3> kDataStatusNames{{
    {DataStatus::kComplete, "complete"},
    {DataStatus::kPartial, "partial"},
    {DataStatus::kNoData, "no_data"},
}};

std::string_view DataStatusName(DataStatus status) { return kDataStatusNames.Name(status); }

DataExtent ExtentOf(std::string_view place, const std::vector<std::string>& communities,
                    const std::set<std::string>& with_data) {
  DataExtent extent;
  const int own = LevelIndex(LevelOfCode(place));
  const bool has_places_below = own >= 0 && own < 3;
  if (has_places_below) extent.places_level = kLevels[own + 1];
  const size_t below_length = has_places_below ? kLevelLengths[own + 1] : 0;
  // Places below in code order, each with whether any of its communities has data.
  std::vector<std::pair<std::string, bool>> places;
  auto first = std::lower_bound(communities.begin(), communities.end(), place);
  for (auto it = first; it != communities.end() && it->starts_with(place); ++it) {
    const bool has = with_data.count(*it) > 0;
    ++extent.communities_total;
    if (has) ++extent.communities_with_data;
    if (!has_places_below || it->size() < below_length) continue;
    std::string below = it->substr(0, below_length);
    if (places.empty() || places.back().first != below) places.emplace_back(below, false);
    places.back().second = places.back().second || has;
  }
  for (auto& [code, has] : places) {
    ++extent.places_total;
    if (has) {
      ++extent.places_with_data;
    } else {
      extent.places_without_data.push_back(std::move(code));
    }
  }
  extent.status = extent.communities_with_data == 0                          ? DataStatus::kNoData
                  : extent.communities_with_data == extent.communities_total ? DataStatus::kComplete
                                                                             : DataStatus::kPartial;
  return extent;
}

std::string_view LevelOfCode(std::string_view code) {
  for (int i = 0; i < 4; ++i) {
    if (code.size() == kLevelLengths[i]) return kLevels[i];
  }
  return "";
}

core::Result<std::vector<std::string>> LevelsOf(std::string_view division,
                                                const PlaceFilter& filter) {
  const int own = LevelIndex(LevelOfCode(division));
  std::vector<std::string> levels;
  if (filter.depth) {
    if (*filter.depth != 0 && *filter.depth != 1) {
      return core::Error::Validation("层级深度 depth 应为 0（本级）或 1（本级和下一级）", "depth");
    }
    // A province (2 digits) has no rows of its own; its children are cities.
    const int first = own >= 0 ? own : (division.size() == 2 ? -1 : 0);
    for (int i = std::max(first, 0); i <= std::min(first + *filter.depth, 3); ++i) {
      levels.emplace_back(kLevels[i]);
    }
    if (levels.empty()) levels.emplace_back("none");
  }
  if (!filter.level.empty()) {
    const int wanted = LevelIndex(filter.level);
    if (wanted < 0) {
      return core::Error::Validation("层级 level 应为 city、county、town 或 community", "level");
    }
    if (own >= 0 && wanted < own) {
      return core::Error::Validation("层级 level 不能高于所选区划", "level");
    }
    if (!filter.depth) return std::vector<std::string>{filter.level};
    const bool kept = std::find(levels.begin(), levels.end(), filter.level) != levels.end();
    // Both given and disjoint: nothing matches; a level no code has keeps the list empty.
    return kept ? std::vector<std::string>{filter.level} : std::vector<std::string>{"none"};
  }
  return levels;
}

bool PlaceKept(std::string_view code, std::string_view division,
               const std::vector<std::string>& levels) {
  if (code.size() < division.size() || code.substr(0, division.size()) != division) return false;
  if (levels.empty()) return true;
  const std::string_view level = LevelOfCode(code);
  return std::find(levels.begin(), levels.end(), level) != levels.end();
}

// ----- coordinates against the community -----

double MetresOutsideBounds(double lat, double lon, const BuildingBounds& bounds) {
  if (bounds.buildings <= 0) return 0.0;
  const double nearest_lat = std::clamp(lat, bounds.min_lat, bounds.max_lat);
  const double nearest_lon = std::clamp(lon, bounds.min_lon, bounds.max_lon);
  if (nearest_lat == lat && nearest_lon == lon) return 0.0;
  return accessibility::HaversineMetres({lat, lon}, {nearest_lat, nearest_lon});
}

core::Status CheckNearCommunity(double lat, double lon, const BuildingBounds& bounds) {
  const double metres = MetresOutsideBounds(lat, lon, bounds);
  if (metres <= kMaxMetresFromCommunity) return core::Ok();
  char distance[32];
  std::snprintf(distance, sizeof distance, "%.1f", metres / 1000.0);
  return core::Error::Validation("坐标离所属社区的楼栋约 " + std::string(distance) +
                                     " 公里（超过 3 公里），请核对经纬度或社区代码",
                                 "lat");
}

core::Result<std::string> NormalizeFacilityPhone(std::string_view text) {
  if (IsBlank(text)) return std::string();
  auto parsed = identity::ParsePhone(text);
  if (!parsed.ok()) {
    return core::Error::Validation("咨询电话应为手机号或带区号的固定电话（如 0514-87654321）",
                                   "phone");
  }
  return parsed->text;
}

const Facility* MainServiceCentre(const std::vector<Facility>& facilities) {
  const Facility* best = nullptr;
  const auto rank = [](const Facility& f) { return f.status == FacilityStatus::kOpen ? 0 : 1; };
  for (const Facility& f : facilities) {
    if (f.type_code != kServiceCentreType || f.status == FacilityStatus::kClosed) continue;
    if (best == nullptr || rank(f) < rank(*best) ||
        (rank(f) == rank(*best) && (f.floor_area > best->floor_area ||
                                    (f.floor_area == best->floor_area && f.id < best->id)))) {
      best = &f;
    }
  }
  return best;
}

}  // namespace linli::facilities

#include "domain/facilities/facility_service.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/identity/date.hpp"
#include "core/tabular/column_map.hpp"
#include "core/tabular/error_copy.hpp"
#include "core/tabular/problem_collector.hpp"
#include "domain/facilities/osm.hpp"
#include "engines/accessibility/circles.hpp"
#include "engines/accessibility/coverage.hpp"
#include "engines/accessibility/geo.hpp"
#include "engines/accessibility/siting.hpp"

namespace linli::facilities {

using access::Permission;

namespace json = boost::json;
using accessibility::LatLon;
using accessibility::Snap;

struct FacilityService::LoadedNetwork {
  accessibility::WalkingNetwork network;
  std::unique_ptr<accessibility::EdgeIndex> index;
};

namespace {

constexpr int64_t kMillisPerDay = 86'400'000;
constexpr int64_t kChinaOffsetMillis = 8 * 3'600'000;

core::Error OutsideScope() { return core::Error::NotFound("设施不存在"); }

std::string TownOf(const std::string& community) { return community.substr(0, 9); }
std::string CountyOf(const std::string& community) { return community.substr(0, 6); }
std::string CityOf(const std::string& community) { return community.substr(0, 4); }

// Dense division indices over a set of community codes.
struct Divisions {
  std::vector<std::string> communities, towns, counties;
  std::map<std::string, int32_t> community_index;
  accessibility::DivisionHierarchy hierarchy;
  std::string city;  // first city code (the deployment has one)
};

Divisions MakeDivisions(const std::set<std::string>& community_codes) {
  Divisions d;
  std::map<std::string, int32_t> town_index, county_index;
  for (const auto& code : community_codes) {
    const std::string town = TownOf(code), county = CountyOf(code);
    if (!county_index.count(county)) {
      county_index[county] = static_cast<int32_t>(d.counties.size());
      d.counties.push_back(county);
    }
    if (!town_index.count(town)) {
      town_index[town] = static_cast<int32_t>(d.towns.size());
      d.towns.push_back(town);
      d.hierarchy.county_of_town.push_back(county_index[county]);
    }
    d.community_index[code] = static_cast<int32_t>(d.communities.size());
    d.communities.push_back(code);
    d.hierarchy.town_of_community.push_back(town_index[town]);
    if (d.city.empty()) d.city = CityOf(code);
  }
  d.hierarchy.county_count = static_cast<int32_t>(d.counties.size());
  return d;
}

CoverageRow RowOf(const std::string& circle, const std::string& type, const std::string& code,
                  const char* level, const accessibility::CoverageCounts& counts, bool fallback,
                  int64_t now) {
  CoverageRow row;
  row.circle_code = circle;
  row.facility_type = type;
  row.division_code = code;
  row.level = level;
  row.served_residents = static_cast<int64_t>(counts.served_residents);
  row.covered_residents = static_cast<int64_t>(counts.covered_residents);
  row.residential_buildings = counts.residential_buildings;
  row.covered_buildings = counts.covered_buildings;
  row.straight_line_fallback = fallback;
  row.computed_at = now;
  return row;
}

// The tasks of a circle: the whole circle (union of its types) first, then one per type.
struct CircleTasks {
  std::vector<std::string> labels;  // "" then each type
  std::vector<std::vector<LatLon>> positions;
  std::vector<std::vector<Snap>> snaps;
};

CircleTasks TasksOf(const CircleDefinition& circle, const std::vector<Facility>& facilities,
                    const std::vector<Snap>& facility_snaps) {
  CircleTasks tasks;
  tasks.labels.push_back("");
  for (const auto& type : circle.facility_types) tasks.labels.push_back(type);
  tasks.positions.resize(tasks.labels.size());
  tasks.snaps.resize(tasks.labels.size());
  for (size_t f = 0; f < facilities.size(); ++f) {
    const Facility& facility = facilities[f];
    for (size_t t = 1; t < tasks.labels.size(); ++t) {
      if (tasks.labels[t] != facility.type_code) continue;
      for (size_t target : {size_t{0}, t}) {
        tasks.positions[target].push_back({facility.lat, facility.lon});
        if (!facility_snaps.empty()) tasks.snaps[target].push_back(facility_snaps[f]);
      }
    }
  }
  return tasks;
}

std::vector<accessibility::CircleTask> EngineTasks(const CircleTasks& tasks, uint32_t cutoff) {
  std::vector<accessibility::CircleTask> out(tasks.labels.size());
  for (size_t t = 0; t < out.size(); ++t) {
    out[t].sources.positions = tasks.positions[t];
    out[t].sources.snaps = tasks.snaps[t];
    out[t].cutoff_decimetres = cutoff;
  }
  return out;
}

std::string FormatNumber(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  std::string text = buffer;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// ----- the import's columns -----
namespace column {
enum : size_t {
  kName,
  kType,
  kCommunity,
  kAddress,
  kLat,
  kLon,
  kBuildingId,
  kFloorArea,
  kServiceArea,
  kIsPublic,
  kOpeningHours,
  kCapacity,
  kOperator,
  kStatus,
  kOpenedOn,
  kClosedOn,
  kPhone,
};
}  // namespace column

const tabular::SheetTemplate& FacilitySheet() {
  static const tabular::SheetTemplate sheet{{
      {"设施名称", true},
      {"设施类型", true},
      {"社区代码", true},
      {"地址"},
      {"纬度", true},
      {"经度", true},
      {"楼栋ID"},
      {"建筑面积", true},
      {"服务活动面积", true},
      {"是否公办"},
      {"开放时间"},
      {"容量"},
      {"运营方"},
      {"状态"},
      {"启用日期"},
      {"关闭日期"},
      {"咨询电话"},
  }};
  return sheet;
}

// The column of a CheckFacility or CheckNearCommunity error's field; nullopt for the row.
std::optional<size_t> ColumnOfField(const std::string& field) {
  static const std::map<std::string, size_t> kByField = {{"community_code", column::kCommunity},
                                                         {"type", column::kType},
                                                         {"name", column::kName},
                                                         {"address", column::kAddress},
                                                         {"lat", column::kLat},
                                                         {"lon", column::kLon},
                                                         {"floor_area", column::kFloorArea},
                                                         {"service_area", column::kServiceArea},
                                                         {"capacity", column::kCapacity},
                                                         {"opening_hours", column::kOpeningHours},
                                                         {"operator", column::kOperator},
                                                         {"status", column::kStatus},
                                                         {"opened_on", column::kOpenedOn},
                                                         {"closed_on", column::kClosedOn},
                                                         {"phone", column::kPhone},
                                                         {"building_id", column::kBuildingId}};
  auto it = kByField.find(field);
  if (it == kByField.end()) return std::nullopt;
  return it->second;
}

// A problem named by an error's field (in its column, or for the whole row).
void AddFieldProblem(tabular::ProblemCollector& problems, const tabular::TableRow& row,
                     const core::Error& error) {
  if (auto column = ColumnOfField(error.field)) {
    problems.Add(row, *column, error.message);
  } else {
    problems.AddRow(row, error.message);
  }
}

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::string owned(text);
  char* end = nullptr;
  double value = std::strtod(owned.c_str(), &end);
  if (end == owned.c_str() || *end != '\0') return std::nan("");
  return value;
}

// A row read on its own: its fields, its type in the taxonomy, the checks of a single
// registration and the caller's scope. nullopt (with the problems added) when it fails.
std::optional<Facility> ReadFacilityRow(const tabular::TableRow& row,
                                        const tabular::ColumnMap& columns, const Taxonomy& taxonomy,
                                        const core::Scope& manage,
                                        tabular::ProblemCollector& problems) {
  const auto cell = [&](size_t column) { return std::string(columns.Cell(row, column)); };
  Facility f;
  f.name = cell(column::kName);
  const std::string type_text = cell(column::kType);
  for (const auto& type : taxonomy.types()) {
    if (type.code == type_text || type.name == type_text) f.type_code = type.code;
  }
  if (f.type_code.empty()) {
    problems.Add(row, column::kType, "设施类型不存在：" + type_text);
    return std::nullopt;
  }
  f.community_code = cell(column::kCommunity);
  f.address = cell(column::kAddress);
  bool row_ok = true;
  const auto number = [&](size_t column, bool required) -> std::optional<double> {
    const std::string_view text = columns.Cell(row, column);
    if (text.empty()) {
      if (required) {
        problems.Add(row, column, "必填");
        row_ok = false;
      }
      return std::nullopt;
    }
    auto value = ParseNumber(text);
    if (!value || std::isnan(*value)) {
      problems.Add(row, column, "应为数字");
      row_ok = false;
      return std::nullopt;
    }
    return value;
  };
  f.lat = number(column::kLat, true).value_or(0.0);
  f.lon = number(column::kLon, true).value_or(0.0);
  f.floor_area = number(column::kFloorArea, true).value_or(0.0);
  f.service_area = number(column::kServiceArea, true).value_or(0.0);
  if (auto building = number(column::kBuildingId, false)) {
    f.building_id = static_cast<int64_t>(*building);
  }
  if (auto capacity = number(column::kCapacity, false)) {
    f.capacity = static_cast<int64_t>(*capacity);
  }
  const std::string_view is_public = columns.Cell(row, column::kIsPublic);
  f.is_public = !(is_public == "否" || is_public == "no" || is_public == "0");
  f.opening_hours = cell(column::kOpeningHours);
  f.operator_name = cell(column::kOperator);
  if (auto phone = NormalizeFacilityPhone(cell(column::kPhone)); phone.ok()) {
    f.phone = std::move(*phone);
  } else {
    problems.Add(row, column::kPhone, phone.error().message);
    row_ok = false;
  }
  if (const std::string status = cell(column::kStatus); !status.empty()) {
    auto parsed = FacilityStatusFromName(status);
    if (!parsed) {
      problems.Add(row, column::kStatus, "应为 规划中、运营中、暂停 或 已关闭");
      return std::nullopt;
    }
    f.status = *parsed;
  }
  if (std::string text = cell(column::kOpenedOn); !text.empty()) f.opened_on = text;
  if (std::string text = cell(column::kClosedOn); !text.empty()) f.closed_on = text;
  if (!row_ok) return std::nullopt;
  if (FacilityLevel(f) && !manage.Covers(f.community_code)) {
    problems.Add(row, column::kCommunity, "所属地区不在管辖范围内");
    return std::nullopt;
  }
  if (auto checked = CheckFacility(f, taxonomy); !checked.ok()) {
    AddFieldProblem(problems, row, checked.error());
    return std::nullopt;
  }
  return f;
}

// Whether `code` names a community of the division tree, or a town or county with communities
// (a code in the caller's scope may still name nothing).
core::Result<bool> PlaceExists(FacilityRepository& repository, const std::string& code) {
  const auto level = core::LevelOfCode(code);
  if (level != core::DivisionLevel::kCounty && level != core::DivisionLevel::kTown &&
      level != core::DivisionLevel::kCommunity) {
    return false;
  }
  ASSIGN_OR_RETURN(auto communities, repository.CommunityKinds(code));
  if (level != core::DivisionLevel::kCommunity) return !communities.empty();
  return std::any_of(communities.begin(), communities.end(),
                     [&](const auto& community) { return community.first == code; });
}

}  // namespace

FacilityService::FacilityService(FacilityRepository& repository, Taxonomy taxonomy,
                                 std::vector<CircleDefinition> circles, const core::Clock& clock)
    : repository_(repository),
      taxonomy_(std::move(taxonomy)),
      circles_(std::move(circles)),
      clock_(clock) {}

FacilityService::~FacilityService() = default;

std::string FacilityService::Today() const {
  return identity::FormatDate(
      identity::CivilFromDays((clock_.NowMillis() + kChinaOffsetMillis) / kMillisPerDay));
}

// ----- registry -----

core::Result<Facility> FacilityService::Create(Facility facility, const access::Caller& caller) {
  if (!caller.ScopeFor(Permission::kFacilitiesManage).Covers(facility.community_code)) {
    if (caller.ScopeFor(Permission::kFacilitiesRead).Covers(facility.community_code)) {
      return core::Error::PermissionDenied("无权在该社区登记设施");
    }
    return core::Error::Validation("所属地区不在管辖范围内", "community_code");
  }
  ASSIGN_OR_RETURN(facility.phone, NormalizeFacilityPhone(facility.phone));
  TRY(CheckFacility(facility, taxonomy_));
  ASSIGN_OR_RETURN(bool known, PlaceExists(repository_, facility.community_code));
  if (!known) return core::Error::Validation("所属地区代码不存在", "community_code");
  TRY(CheckCoordinates(facility));
  if (facility.building_id) {
    ASSIGN_OR_RETURN(bool exists,
                     repository_.BuildingInPlace(*facility.building_id, facility.community_code));
    if (!exists) return core::Error::Validation("该地区没有这个楼栋", "building_id");
  }
  const int64_t now = clock_.NowMillis();
  facility.id = 0;
  facility.created_at = now;
  facility.updated_at = now;
  ASSIGN_OR_RETURN(Facility created, repository_.InsertFacility(facility));
  TRY(AfterChange(created.community_code));
  return created;
}

core::Result<Facility> FacilityService::Update(int64_t id, const FacilityPatch& patch,
                                               const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindFacility(id, caller.ScopeFor(Permission::kFacilitiesRead)));
  if (!found) return OutsideScope();
  Facility facility = *found;
  if (!caller.ScopeFor(Permission::kFacilitiesManage).Covers(facility.community_code)) {
    return core::Error::PermissionDenied("无权修改该设施");
  }
  if (patch.type_code) facility.type_code = *patch.type_code;
  if (patch.name) facility.name = *patch.name;
  if (patch.address) facility.address = *patch.address;
  if (patch.lat) facility.lat = *patch.lat;
  if (patch.lon) facility.lon = *patch.lon;
  if (patch.building_id) {
    facility.building_id =
        *patch.building_id > 0 ? std::optional<int64_t>(*patch.building_id) : std::nullopt;
  }
  if (patch.floor_area) facility.floor_area = *patch.floor_area;
  if (patch.service_area) facility.service_area = *patch.service_area;
  if (patch.is_public) facility.is_public = *patch.is_public;
  if (patch.opening_hours) facility.opening_hours = *patch.opening_hours;
  if (patch.phone) {
    ASSIGN_OR_RETURN(facility.phone, NormalizeFacilityPhone(*patch.phone));
  }
  if (patch.capacity) {
    facility.capacity =
        *patch.capacity >= 0 ? std::optional<int64_t>(*patch.capacity) : std::nullopt;
  }
  if (patch.operator_name) facility.operator_name = *patch.operator_name;
  if (patch.opened_on) {
    facility.opened_on = patch.opened_on->empty() ? std::nullopt : patch.opened_on;
  }
  if (patch.closed_on) {
    facility.closed_on = patch.closed_on->empty() ? std::nullopt : patch.closed_on;
  }
  if (patch.status) {
    facility.status = *patch.status;
    // Closing without a date closes today; reopening clears the date.
    if (*patch.status == FacilityStatus::kClosed && !facility.closed_on) {
      facility.closed_on = Today();
    }
    if (*patch.status != FacilityStatus::kClosed && !patch.closed_on) facility.closed_on.reset();
  }
  TRY(CheckFacility(facility, taxonomy_));
  // Only a move is checked: a facility entered before its community's buildings stays editable.
  if (facility.lat != found->lat || facility.lon != found->lon) TRY(CheckCoordinates(facility));
  if (facility.building_id && facility.building_id != found->building_id) {
    ASSIGN_OR_RETURN(bool exists,
                     repository_.BuildingInPlace(*facility.building_id, facility.community_code));
    if (!exists) return core::Error::Validation("该地区没有这个楼栋", "building_id");
  }
  facility.updated_at = clock_.NowMillis();
  TRY(repository_.UpdateFacility(facility));
  TRY(AfterChange(facility.community_code));
  return facility;
}

core::Status FacilityService::Delete(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindFacility(id, caller.ScopeFor(Permission::kFacilitiesRead)));
  if (!found) return OutsideScope();
  if (!caller.ScopeFor(Permission::kFacilitiesManage).Covers(found->community_code)) {
    return core::Error::PermissionDenied("无权删除该设施");
  }
  TRY(repository_.DeleteFacility(id));
  return AfterChange(found->community_code);
}

core::Result<Facility> FacilityService::Get(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindFacility(id, caller.ScopeFor(Permission::kFacilitiesRead)));
  if (!found) return OutsideScope();
  return *found;
}

core::Result<core::Page<Facility>> FacilityService::List(const FacilityQuery& query,
                                                         const core::PageRequest& page,
                                                         const access::Caller& caller) {
  return repository_.ListFacilities(query, caller.ScopeFor(Permission::kFacilitiesRead), page);
}

// ----- import / export -----

tabular::Table FacilityService::ImportTemplate() {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = FacilitySheet().Titles();
  table.rows.push_back({2,
                        {"（示例）东关社区党群服务中心", "党群服务中心", "321002001001",
                         "东关街100号", "32.3950", "119.4380", "", "600", "480", "是",
                         "08:30-20:00", "200", "东关社区居委会", "运营中", "2020-01-01", ""}});
  return table;
}

core::Result<FacilityImportOutcome> FacilityService::Import(const tabular::Table& table,
                                                            const access::Caller& caller,
                                                            bool dry_run) {
  tabular::ImportOptions options;
  options.dry_run = dry_run;
  return Import(table, caller, options);
}

core::Result<FacilityImportOutcome> FacilityService::Import(const tabular::Table& table,
                                                            const access::Caller& caller,
                                                            const tabular::ImportOptions& options) {
  const core::Scope manage = caller.ScopeFor(Permission::kFacilitiesManage);
  if (manage.Empty()) return core::Error::PermissionDenied("无权导入设施");
  FacilityImportOutcome outcome;
  outcome.rows = static_cast<int64_t>(table.rows.size());
  const auto refused = [&](tabular::ProblemCollector&& problems) {
    static_cast<tabular::ImportReport&>(outcome) = std::move(problems).Finish();
    return outcome;
  };

  // 1. The header: the template's columns, then data rows.
  const tabular::ColumnMap columns(FacilitySheet(), table.header);
  tabular::ProblemCollector problems(columns, options.max_reported);
  if (!problems.Any() && table.rows.empty()) problems.AddFile("文件中没有数据行");
  if (problems.Any()) return refused(std::move(problems));

  // 2. Each row on its own.
  std::vector<std::pair<size_t, Facility>> candidates;  // (index into table.rows, facility)
  for (size_t r = 0; r < table.rows.size(); ++r) {
    auto facility = ReadFacilityRow(table.rows[r], columns, taxonomy_, manage, problems);
    if (facility) candidates.emplace_back(r, std::move(*facility));
  }

  // 3. Against the registry: the community exists, the point lies near its buildings, the
  // building is in it.
  std::vector<Facility> facilities;
  std::map<std::string, BuildingBounds> bounds_cache;
  std::map<std::string, bool> community_known;
  const int64_t now = clock_.NowMillis();
  for (auto& [r, f] : candidates) {
    const tabular::TableRow& row = table.rows[r];
    auto known = community_known.find(f.community_code);
    if (known == community_known.end()) {
      ASSIGN_OR_RETURN(bool exists, PlaceExists(repository_, f.community_code));
      known = community_known.emplace(f.community_code, exists).first;
    }
    if (!known->second) {
      problems.Add(row, column::kCommunity, "所属地区代码不存在");
      continue;
    }
    if (auto near = CheckCoordinates(f, &bounds_cache); !near.ok()) {
      AddFieldProblem(problems, row, near.error());
      continue;
    }
    if (f.building_id) {
      ASSIGN_OR_RETURN(bool exists, repository_.BuildingInPlace(*f.building_id, f.community_code));
      if (!exists) {
        problems.Add(row, column::kBuildingId, "该地区没有这个楼栋");
        continue;
      }
    }
    f.created_at = now;
    f.updated_at = now;
    facilities.push_back(std::move(f));
  }
  if (problems.Any()) return refused(std::move(problems));

  // 4. The facilities, written at once; their communities' circles recomputed.
  if (options.dry_run) return outcome;
  ASSIGN_OR_RETURN(auto ids, repository_.InsertFacilities(facilities));
  outcome.written = true;
  outcome.imported = static_cast<int64_t>(ids.size());
  std::set<std::string> communities;
  for (const auto& f : facilities) communities.insert(f.community_code);
  for (const auto& community : communities) TRY(AfterChange(community));
  return outcome;
}

core::Result<std::string> FacilityService::ErrorCopy(const tabular::Table& table,
                                                     const tabular::ImportReport& report) {
  return tabular::ErrorCopy(table, report, "设施导入错误");
}

core::Result<tabular::Table> FacilityService::Export(const FacilityQuery& query,
                                                     const access::Caller& caller) {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = FacilitySheet().Titles();
  core::PageRequest page;
  page.limit = core::kMaxPageLimit;
  int number = 2;
  while (true) {
    ASSIGN_OR_RETURN(auto result, repository_.ListFacilities(
                                      query, caller.ScopeFor(Permission::kFacilitiesRead), page));
    for (const Facility& f : result.items) {
      const FacilityType* type = taxonomy_.Find(f.type_code);
      table.rows.push_back(
          {number++,
           {f.name, type ? type->name : f.type_code, f.community_code, f.address,
            FormatNumber(f.lat), FormatNumber(f.lon),
            f.building_id ? std::to_string(*f.building_id) : "", FormatNumber(f.floor_area),
            FormatNumber(f.service_area), f.is_public ? "是" : "否", f.opening_hours,
            f.capacity ? std::to_string(*f.capacity) : "", f.operator_name,
            std::string(FacilityStatusChineseName(f.status)), f.opened_on.value_or(""),
            f.closed_on.value_or(""), f.phone}});
      page.after = std::to_string(f.id);
    }
    if (!result.next_cursor) break;
  }
  return table;
}

core::Result<Facility> FacilityService::ServiceCentre(const std::string& community_code) {
  if (community_code.size() != 12 || !std::all_of(community_code.begin(), community_code.end(),
                                                  [](char c) { return c >= '0' && c <= '9'; })) {
    return core::Error::Validation("社区代码应为 12 位数字", "community_code");
  }
  ASSIGN_OR_RETURN(auto facilities, repository_.AllFacilities(community_code));
  const Facility* centre = MainServiceCentre(facilities);
  if (centre == nullptr) return core::Error::NotFound("该社区没有登记党群服务中心");
  return *centre;
}

// ----- standards -----

core::Result<ComplianceReport> FacilityService::Compliance(const std::string& division_code,
                                                           const access::Caller& caller) {
  if (!caller.ScopeFor(Permission::kFacilitiesRead).Intersects(division_code))
    return core::Error::NotFound("区划不存在");
  ASSIGN_OR_RETURN(auto households,
                   repository_.HouseholdsPerCommunity(
                       division_code, caller.ScopeFor(Permission::kFacilitiesRead)));
  std::vector<std::pair<std::string, AreaTotals>> communities;
  for (const auto& [code, count] : households) {
    AreaTotals totals;
    totals.households = count;
    communities.emplace_back(code, totals);
  }
  ASSIGN_OR_RETURN(auto all, repository_.AllFacilities(division_code));
  const core::Scope read = caller.ScopeFor(Permission::kFacilitiesRead);
  std::vector<Facility> facilities;
  for (auto& f : all) {
    if (read.Covers(f.community_code)) facilities.push_back(std::move(f));
  }
  ASSIGN_OR_RETURN(
      auto complexes,
      repository_.ListComplexes(division_code, caller.ScopeFor(Permission::kFacilitiesRead)));
  ComplianceReport report = BuildCompliance(communities, facilities, complexes, taxonomy_);
  // Which communities have standards data (an open household): every place says how much of
  // it the figures stand for, and the asked division says it too when nothing rolls up to it.
  ASSIGN_OR_RETURN(auto communities_in_scope, repository_.CommunitiesInScope(division_code, read));
  std::vector<std::string> in_scope;
  in_scope.reserve(communities_in_scope.size());
  for (auto& [code, kind] : communities_in_scope) in_scope.push_back(std::move(code));
  std::set<std::string> with_data;
  for (const auto& [code, count] : households) {
    if (count > 0) with_data.insert(code);
  }
  for (auto& place : report.places) {
    place.extent = ExtentOf(place.division_code, in_scope, with_data);
  }
  report.extent = ExtentOf(division_code, in_scope, with_data);
  // Keep the places at or below the asked division (roll-ups above it would be partial).
  auto keep = [&](const std::string& code) {
    return code.size() >= division_code.size() &&
           code.compare(0, division_code.size(), division_code) == 0;
  };
  std::erase_if(report.places, [&](const PlaceStandards& p) { return !keep(p.division_code); });
  std::erase_if(report.shortfalls, [&](const Shortfall& s) { return !keep(s.division_code); });
  return report;
}

core::Result<ResidentialComplex> FacilityService::AddComplex(ResidentialComplex complex,
                                                             const access::Caller& caller) {
  TRY(CheckResidentialComplex(complex));
  if (!caller.ScopeFor(Permission::kFacilitiesManage).Covers(complex.community_code)) {
    return core::Error::Validation("社区不在管辖范围内", "community_code");
  }
  complex.created_at = complex.updated_at = clock_.NowMillis();
  return repository_.InsertComplex(complex);
}

core::Result<std::vector<ResidentialComplex>> FacilityService::Complexes(
    const std::string& division_code, const access::Caller& caller) {
  return repository_.ListComplexes(division_code, caller.ScopeFor(Permission::kFacilitiesRead));
}

// ----- walking network -----

core::Result<NetworkAreaInfo> FacilityService::ImportNetwork(const std::string& area_code,
                                                             std::string_view osm_xml,
                                                             const std::string& source_name,
                                                             const access::Caller& caller) {
  if (area_code.empty() || area_code.size() > 12 ||
      area_code.find_first_not_of("0123456789") != std::string::npos) {
    return core::Error::InvalidArgument("区域代码应为数字", "area");
  }
  // Only an area of one's own jurisdiction, and only one that exists (it has communities).
  if (!caller.ScopeFor(Permission::kDivisionsManage).Covers(area_code)) {
    return core::Error::NotFound("区划不存在");
  }
  ASSIGN_OR_RETURN(auto communities, repository_.CommunityKinds(area_code));
  if (communities.empty()) return core::Error::NotFound("区划不存在");
  ASSIGN_OR_RETURN(OsmWalkways walkways, ParseOsmXml(osm_xml));
  // The area's buildings and facilities decide which parts of the file serve it (issue 16
  // item 7): every component near them is kept, and a file far from all of them is refused.
  std::vector<LatLon> anchors;
  ASSIGN_OR_RETURN(auto points, repository_.BuildingPoints(area_code, Today()));
  for (const auto& p : points) {
    if (accessibility::IsInChina({p.lat, p.lon})) anchors.push_back({p.lat, p.lon});
  }
  ASSIGN_OR_RETURN(auto area_facilities, repository_.AllFacilities(area_code));
  for (const auto& f : area_facilities) {
    if (accessibility::IsInChina({f.lat, f.lon})) anchors.push_back({f.lat, f.lon});
  }
  ASSIGN_OR_RETURN(ImportedNetwork imported, BuildNetworkFromWalkways(walkways, anchors));
  imported.area.area_code = area_code;
  imported.area.source_name = source_name;
  imported.area.imported_at = clock_.NowMillis();
  TRY(repository_.SaveNetworkArea(imported.area));
  {
    std::lock_guard lock(mutex_);
    network_.reset();
    network_loaded_ = false;
  }
  NetworkAreaInfo info;
  info.area_code = area_code;
  info.node_count = imported.network.node_count();
  info.edge_count = imported.network.edge_count();
  info.source_name = source_name;
  info.imported_at = imported.area.imported_at;
  info.components = imported.network.components();
  info.anchors = static_cast<int64_t>(anchors.size());
  return info;
}

core::Result<std::vector<NetworkAreaInfo>> FacilityService::NetworkAreas(
    const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kFacilitiesRead);
  ASSIGN_OR_RETURN(auto areas, repository_.NetworkAreas());
  std::erase_if(areas,
                [&](const NetworkAreaInfo& area) { return !scope.Intersects(area.area_code); });
  return areas;
}

core::Result<std::shared_ptr<const FacilityService::LoadedNetwork>> FacilityService::Network() {
  // REQUIRES: mutex_ held.
  if (network_loaded_) return network_;
  ASSIGN_OR_RETURN(auto areas, repository_.LoadNetworkAreas());
  if (areas.empty()) {
    network_.reset();
  } else {
    ASSIGN_OR_RETURN(auto network, NetworkFromAreas(areas));
    auto loaded = std::make_shared<LoadedNetwork>();
    loaded->network = std::move(network);
    loaded->index = std::make_unique<accessibility::EdgeIndex>(loaded->network);
    network_ = std::move(loaded);
  }
  network_loaded_ = true;
  return network_;
}

// ----- circles -----

core::Result<const CircleDefinition*> FacilityService::FindCircle(const std::string& code) const {
  for (const auto& circle : circles_) {
    if (circle.code == code) return &circle;
  }
  return core::Error::NotFound("生活圈不存在：" + code);
}

core::Result<ComputeSummary> FacilityService::ComputeAll() {
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(auto loaded, Network());
  const accessibility::WalkingNetwork* network = loaded ? &loaded->network : nullptr;
  ASSIGN_OR_RETURN(auto all_points, repository_.BuildingPoints("", Today()));
  std::vector<BuildingPoint> points;
  for (auto& p : all_points) {
    if (accessibility::IsInChina({p.lat, p.lon})) points.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(auto kinds_list, repository_.CommunityKinds(""));
  std::map<std::string, std::string> kinds(kinds_list.begin(), kinds_list.end());
  ASSIGN_OR_RETURN(auto all_facilities, repository_.AllFacilities(""));
  std::vector<Facility> facilities;
  for (auto& f : all_facilities) {
    if (IsActive(f)) facilities.push_back(std::move(f));
  }

  std::set<std::string> community_codes;
  for (const auto& p : points) community_codes.insert(p.community_code);
  Divisions divisions = MakeDivisions(community_codes);

  std::vector<LatLon> building_positions;
  building_positions.reserve(points.size());
  for (const auto& p : points) building_positions.push_back({p.lat, p.lon});
  std::vector<LatLon> facility_positions;
  for (const auto& f : facilities) facility_positions.push_back({f.lat, f.lon});
  std::vector<Snap> building_snaps, facility_snaps;
  if (network) {
    building_snaps = loaded->index->SnapPoints(building_positions);
    facility_snaps = loaded->index->SnapPoints(facility_positions);
  }
  std::vector<int32_t> community_of(points.size());
  for (size_t b = 0; b < points.size(); ++b) {
    community_of[b] = divisions.community_index[points[b].community_code];
  }

  accessibility::CircleCalculator calculator(network);
  const int64_t now = clock_.NowMillis();
  std::vector<CoverageRow> rows;
  std::vector<GapRow> gaps;
  bool any_fallback = network == nullptr;
  for (const CircleDefinition& circle : circles_) {
    std::vector<uint8_t> residential(points.size());
    std::vector<uint32_t> served(points.size());
    for (size_t b = 0; b < points.size(); ++b) {
      auto kind = kinds.find(points[b].community_code);
      const bool applies =
          CircleAppliesTo(circle, kind == kinds.end() ? std::string_view() : kind->second);
      residential[b] = points[b].residential && applies ? 1 : 0;
      served[b] = residential[b] ? points[b].Served(circle.served_group) : 0;
    }
    CircleTasks tasks = TasksOf(circle, facilities, facility_snaps);
    auto engine_tasks = EngineTasks(tasks, circle.cutoff_decimetres);
    ASSIGN_OR_RETURN(auto distances,
                     calculator.AllTargets({building_positions, building_snaps}, engine_tasks));
    for (size_t t = 0; t < distances.size(); ++t) {
      ASSIGN_OR_RETURN(auto report,
                       accessibility::ComputeCoverage(
                           divisions.hierarchy, {community_of, residential}, served, distances[t]));
      const bool fallback = report.straight_line_fallback;
      const std::string& type = tasks.labels[t];
      for (size_t c = 0; c < divisions.communities.size(); ++c) {
        rows.push_back(RowOf(circle.code, type, divisions.communities[c], "community",
                             report.communities[c], fallback, now));
      }
      for (size_t i = 0; i < divisions.towns.size(); ++i) {
        rows.push_back(
            RowOf(circle.code, type, divisions.towns[i], "town", report.towns[i], fallback, now));
      }
      for (size_t i = 0; i < divisions.counties.size(); ++i) {
        rows.push_back(RowOf(circle.code, type, divisions.counties[i], "county", report.counties[i],
                             fallback, now));
      }
      if (!divisions.city.empty()) {
        rows.push_back(
            RowOf(circle.code, type, divisions.city, "city", report.city, fallback, now));
      }
      if (t == 0) {
        for (const auto& gap :
             accessibility::ListUncovered(residential, served, distances[t].decimetres)) {
          const BuildingPoint& p = points[gap.building];
          gaps.push_back({circle.code, p.id, p.community_code, p.address, p.lat, p.lon,
                          gap.served_residents, fallback});
        }
      }
    }
  }
  TRY(repository_.ReplaceAllResults(rows, gaps));
  ComputeSummary summary;
  summary.circles = static_cast<int64_t>(circles_.size());
  summary.buildings = static_cast<int64_t>(points.size());
  summary.facilities = static_cast<int64_t>(facilities.size());
  summary.network_nodes = network ? network->node_count() : 0;
  summary.network_edges = network ? network->edge_count() : 0;
  summary.straight_line_fallback = any_fallback;
  summary.coverage_rows = static_cast<int64_t>(rows.size());
  summary.gap_rows = static_cast<int64_t>(gaps.size());
  return summary;
}

core::Status FacilityService::AfterChange(const std::string& place_code) {
  if (place_code.size() == 12) return RecomputeCommunity(place_code);
  // A town's or county's facility may serve any of its communities' buildings.
  ASSIGN_OR_RETURN(auto communities, repository_.CommunityKinds(place_code));
  for (const auto& [community, kind] : communities) TRY(RecomputeCommunity(community));
  return core::Ok();
}

core::Status FacilityService::RecomputeCommunity(const std::string& community_code) {
  std::lock_guard lock(mutex_);
  const std::vector<std::string> ancestors = {TownOf(community_code), CountyOf(community_code),
                                              CityOf(community_code)};
  ASSIGN_OR_RETURN(auto loaded, Network());
  const accessibility::WalkingNetwork* network = loaded ? &loaded->network : nullptr;
  ASSIGN_OR_RETURN(auto all_points, repository_.BuildingPoints(community_code, Today()));
  std::vector<BuildingPoint> points;
  for (auto& p : all_points) {
    if (accessibility::IsInChina({p.lat, p.lon})) points.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(auto kinds_list, repository_.CommunityKinds(community_code));
  std::string kind;
  for (const auto& [code, k] : kinds_list) {
    if (code == community_code) kind = k;
  }
  ASSIGN_OR_RETURN(auto all_facilities, repository_.AllFacilities(""));
  std::vector<Facility> facilities;
  for (auto& f : all_facilities) {
    if (IsActive(f)) facilities.push_back(std::move(f));
  }
  std::vector<LatLon> building_positions;
  for (const auto& p : points) building_positions.push_back({p.lat, p.lon});
  std::vector<Snap> building_snaps, facility_snaps;
  if (network) {
    std::vector<LatLon> facility_positions;
    for (const auto& f : facilities) facility_positions.push_back({f.lat, f.lon});
    building_snaps = loaded->index->SnapPoints(building_positions, 1);
    facility_snaps = loaded->index->SnapPoints(facility_positions, 1);
  }
  accessibility::CircleCalculator calculator(network);
  const int64_t now = clock_.NowMillis();
  for (const CircleDefinition& circle : circles_) {
    std::vector<std::string> codes = ancestors;
    codes.push_back(community_code);
    ASSIGN_OR_RETURN(auto old_rows, repository_.CoverageRowsFor(circle.code, codes));
    // Nothing computed yet for this circle's area: the next full computation will do it.
    bool has_city = false;
    for (const auto& row : old_rows) {
      if (row.division_code == ancestors[2]) has_city = true;
    }
    if (!has_city) continue;
    std::map<std::pair<std::string, std::string>, CoverageRow> old_by_key;
    for (const auto& row : old_rows) old_by_key[{row.facility_type, row.division_code}] = row;

    std::vector<uint8_t> residential(points.size());
    std::vector<uint32_t> served(points.size());
    for (size_t b = 0; b < points.size(); ++b) {
      residential[b] = points[b].residential && CircleAppliesTo(circle, kind) ? 1 : 0;
      served[b] = residential[b] ? points[b].Served(circle.served_group) : 0;
    }
    CircleTasks tasks = TasksOf(circle, facilities, facility_snaps);
    auto engine_tasks = EngineTasks(tasks, circle.cutoff_decimetres);
    std::vector<CoverageRow> new_rows;
    std::vector<GapRow> gaps;
    for (size_t t = 0; t < engine_tasks.size(); ++t) {
      accessibility::TargetDistances distances;
      if (points.empty()) {
        distances.straight_line_fallback = network == nullptr;
      } else {
        ASSIGN_OR_RETURN(distances, calculator.SomeTargets({building_positions, building_snaps},
                                                           engine_tasks[t]));
      }
      const auto counts = accessibility::CountCoverage(residential, served, distances.decimetres);
      const std::string& type = tasks.labels[t];
      const bool fallback = distances.straight_line_fallback;
      accessibility::CoverageCounts old_counts;
      if (auto it = old_by_key.find({type, community_code}); it != old_by_key.end()) {
        old_counts.served_residents = static_cast<uint64_t>(it->second.served_residents);
        old_counts.covered_residents = static_cast<uint64_t>(it->second.covered_residents);
        old_counts.residential_buildings = static_cast<uint32_t>(it->second.residential_buildings);
        old_counts.covered_buildings = static_cast<uint32_t>(it->second.covered_buildings);
      }
      new_rows.push_back(
          RowOf(circle.code, type, community_code, "community", counts, fallback, now));
      const char* levels[] = {"town", "county", "city"};
      for (size_t a = 0; a < ancestors.size(); ++a) {
        accessibility::CoverageCounts up;
        if (auto it = old_by_key.find({type, ancestors[a]}); it != old_by_key.end()) {
          up.served_residents = static_cast<uint64_t>(it->second.served_residents);
          up.covered_residents = static_cast<uint64_t>(it->second.covered_residents);
          up.residential_buildings = static_cast<uint32_t>(it->second.residential_buildings);
          up.covered_buildings = static_cast<uint32_t>(it->second.covered_buildings);
        }
        up -= old_counts;
        up += counts;
        new_rows.push_back(RowOf(circle.code, type, ancestors[a], levels[a], up, fallback, now));
      }
      if (t == 0) {
        for (const auto& gap :
             accessibility::ListUncovered(residential, served, distances.decimetres)) {
          const BuildingPoint& p = points[gap.building];
          gaps.push_back({circle.code, p.id, p.community_code, p.address, p.lat, p.lon,
                          gap.served_residents, fallback});
        }
      }
    }
    TRY(repository_.ReplaceCommunityResults(circle.code, community_code, new_rows, gaps));
  }
  return core::Ok();
}

core::Result<std::vector<GapRow>> FacilityService::Gaps(const std::string& circle_code,
                                                        const std::string& division_code,
                                                        const access::Caller& caller,
                                                        size_t limit) {
  TRY(FindCircle(circle_code));
  if (!caller.ScopeFor(Permission::kFacilitiesRead).Intersects(division_code))
    return core::Error::NotFound("区划不存在");
  return repository_.Gaps(circle_code, division_code, caller.ScopeFor(Permission::kFacilitiesRead),
                          limit);
}

core::Result<SitingOutcome> FacilityService::Site(const SitingRequest& request,
                                                  const access::Caller& caller) {
  ASSIGN_OR_RETURN(const CircleDefinition* circle, FindCircle(request.circle_code));
  if (request.k < 1 || request.k > 50) {
    return core::Error::Validation("选址数量 k 应在 1 到 50 之间", "k");
  }
  if (request.exact && request.k > accessibility::kExactMaxSites) {
    return core::Error::Validation("精确求解只支持 k ≤ 3", "k");
  }
  ASSIGN_OR_RETURN(auto gaps, Gaps(request.circle_code, request.division_code, caller));
  std::lock_guard lock(mutex_);
  ASSIGN_OR_RETURN(auto loaded, Network());
  SitingOutcome outcome;
  outcome.straight_line_fallback = loaded == nullptr;
  std::vector<LatLon> target_positions;
  std::vector<uint32_t> weights;
  for (const auto& gap : gaps) {
    target_positions.push_back({gap.lat, gap.lon});
    weights.push_back(static_cast<uint32_t>(gap.served_residents));
    outcome.uncovered_before += gap.served_residents;
  }
  // Candidates.
  std::vector<SitingSite> candidates;
  if (request.candidates == CandidateKind::kBuildings) {
    ASSIGN_OR_RETURN(auto points, repository_.BuildingPoints(request.division_code, Today()));
    const core::Scope read = caller.ScopeFor(Permission::kFacilitiesRead);
    for (const auto& p : points) {
      if (p.residential || !read.Covers(p.community_code)) continue;
      if (!accessibility::IsInChina({p.lat, p.lon})) continue;
      SitingSite site;
      site.building_id = p.id;
      site.address = p.address;
      site.lat = p.lat;
      site.lon = p.lon;
      candidates.push_back(site);
    }
  } else {
    if (!loaded) return core::Error::FailedPrecondition("尚未导入步行网络，不能以路网节点为候选");
    // Nodes within the bounding box of the gaps (plus the circle's reach), at most 2000.
    double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
    for (const auto& p : target_positions) {
      min_lat = std::min(min_lat, p.lat);
      max_lat = std::max(max_lat, p.lat);
      min_lon = std::min(min_lon, p.lon);
      max_lon = std::max(max_lon, p.lon);
    }
    // Widen by the circle's reach: a site up to the cutoff away can still cover a gap.
    const double reach_metres =
        static_cast<double>(circle->cutoff_decimetres) / accessibility::kDecimetresPerMetre;
    const double reach_lat = reach_metres / 111'195.0;
    const double reach_lon =
        reach_lat / std::max(0.1, std::cos((min_lat + max_lat) / 2 * M_PI / 180));
    min_lat -= reach_lat;
    max_lat += reach_lat;
    min_lon -= reach_lon;
    max_lon += reach_lon;
    const auto& network = loaded->network;
    std::vector<int32_t> nodes;
    for (int32_t n = 0; n < network.node_count(); ++n) {
      LatLon p = network.Position(n);
      if (p.lat >= min_lat && p.lat <= max_lat && p.lon >= min_lon && p.lon <= max_lon) {
        nodes.push_back(n);
      }
    }
    const size_t stride = std::max<size_t>(1, nodes.size() / 2000 + 1);
    for (size_t i = 0; i < nodes.size(); i += stride) {
      SitingSite site;
      site.node = nodes[i];
      site.lat = network.Position(nodes[i]).lat;
      site.lon = network.Position(nodes[i]).lon;
      candidates.push_back(site);
    }
  }
  outcome.candidate_count = static_cast<int64_t>(candidates.size());
  if (candidates.empty() || gaps.empty()) {
    outcome.method = "greedy";
    outcome.bound = "没有可选的候选点或缺口";
    return outcome;
  }
  accessibility::CandidateCoverage coverage;
  if (loaded) {
    std::vector<LatLon> candidate_positions;
    for (const auto& c : candidates) candidate_positions.push_back({c.lat, c.lon});
    auto candidate_snaps = loaded->index->SnapPoints(candidate_positions, 1);
    auto target_snaps = loaded->index->SnapPoints(target_positions, 1);
    ASSIGN_OR_RETURN(coverage, accessibility::ComputeCandidateCoverage(
                                   loaded->network, candidate_snaps, target_snaps, weights,
                                   circle->cutoff_decimetres));
  } else {
    const double cutoff_metres =
        static_cast<double>(circle->cutoff_decimetres) / accessibility::kDecimetresPerMetre;
    for (const auto& c : candidates) {
      std::vector<int32_t> covered;
      for (size_t t = 0; t < target_positions.size(); ++t) {
        if (weights[t] == 0) continue;
        const double metres = accessibility::HaversineMetres({c.lat, c.lon}, target_positions[t]) *
                              accessibility::kDefaultDetourFactor;
        if (metres <= cutoff_metres) covered.push_back(static_cast<int32_t>(t));
      }
      coverage.AddCandidate(covered);
    }
  }
  accessibility::SitingResult result;
  if (request.exact) {
    ASSIGN_OR_RETURN(result, accessibility::ExactMaximalCovering(coverage, weights, request.k));
    outcome.method = "exact";
    outcome.bound = "精确最优解（分支定界）";
  } else {
    result = accessibility::GreedyMaximalCovering(coverage, weights, request.k);
    outcome.method = "greedy";
    outcome.bound = "贪心最大覆盖：覆盖人数不低于最优解的 1−1/e ≈ 63.2%";
  }
  for (const auto& choice : result.chosen) {
    SitingSite site = candidates[choice.candidate];
    site.gain = static_cast<int64_t>(choice.gain);
    outcome.sites.push_back(site);
  }
  outcome.covered = static_cast<int64_t>(result.covered_weight);
  return outcome;
}

core::Status FacilityService::CheckCoordinates(const Facility& facility,
                                               std::map<std::string, BuildingBounds>* cache) {
  BuildingBounds bounds;
  if (cache != nullptr && cache->count(facility.community_code)) {
    bounds = cache->at(facility.community_code);
  } else {
    ASSIGN_OR_RETURN(bounds, repository_.PlaceBuildingBounds(facility.community_code));
    if (cache != nullptr) (*cache)[facility.community_code] = bounds;
  }
  return CheckNearCommunity(facility.lat, facility.lon, bounds);
}

core::Result<core::Page<CoverageRow>> FacilityService::CoveragePlaces(
    const std::string& circle_code, const std::string& division_code, const PlaceFilter& filter,
    const core::PageRequest& page, const access::Caller& caller) {
  if (!circle_code.empty()) TRY(FindCircle(circle_code));
  ASSIGN_OR_RETURN(auto levels, LevelsOf(division_code, filter));
  if (!caller.ScopeFor(Permission::kFacilitiesRead).Intersects(division_code))
    return core::Error::NotFound("区划不存在");
  const core::Scope read = caller.ScopeFor(Permission::kFacilitiesRead);
  ASSIGN_OR_RETURN(auto rows,
                   repository_.CoveragePage(circle_code, division_code, levels, read, page));
  if (rows.items.empty()) return rows;
  // How much of each place the figures stand for: the communities of the caller's scope that
  // the circle applies to (an urban circle does not ask villages), and those among them with a
  // located residential building in the circle.
  ASSIGN_OR_RETURN(auto in_scope, repository_.CommunitiesInScope(division_code, read));
  ASSIGN_OR_RETURN(auto covered, repository_.CommunitiesWithCoverage(circle_code, division_code));
  std::map<std::string, std::set<std::string>> with_data;  // per circle
  for (auto& [circle, community] : covered) with_data[circle].insert(std::move(community));
  std::map<std::string, std::vector<std::string>> applies;  // per circle
  for (const CircleDefinition& circle : circles_) {
    auto& codes = applies[circle.code];
    for (const auto& [code, kind] : in_scope) {
      if (CircleAppliesTo(circle, kind)) codes.push_back(code);
    }
  }
  std::map<std::pair<std::string, std::string>, DataExtent> extents;
  for (auto& row : rows.items) {
    auto key = std::make_pair(row.circle_code, row.division_code);
    auto it = extents.find(key);
    if (it == extents.end()) {
      it = extents
               .emplace(key, ExtentOf(row.division_code, applies[row.circle_code],
                                      with_data[row.circle_code]))
               .first;
    }
    row.extent = it->second;
  }
  return rows;
}

core::Result<CompliancePage> FacilityService::CompliancePlaces(const std::string& division_code,
                                                               const PlaceFilter& filter,
                                                               const core::PageRequest& page,
                                                               const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto levels, LevelsOf(division_code, filter));
  ASSIGN_OR_RETURN(auto report, Compliance(division_code, caller));
  // The page's places: every kept code of a place row or a shortfall, after the cursor.
  std::set<std::string> codes;
  for (const auto& p : report.places) {
    if (PlaceKept(p.division_code, division_code, levels)) codes.insert(p.division_code);
  }
  for (const auto& s : report.shortfalls) {
    if (PlaceKept(s.division_code, division_code, levels)) codes.insert(s.division_code);
  }
  std::set<std::string> shown;
  CompliancePage out;
  out.extent = report.extent;
  for (auto it = codes.upper_bound(page.after); it != codes.end(); ++it) {
    if (static_cast<int>(shown.size()) == page.limit) {
      out.next_cursor = core::EncodeCursor(*shown.rbegin());
      break;
    }
    shown.insert(*it);
  }
  for (auto& p : report.places) {
    if (shown.count(p.division_code)) out.places.push_back(std::move(p));
  }
  std::sort(out.places.begin(), out.places.end(),
            [](const auto& a, const auto& b) { return a.division_code < b.division_code; });
  for (auto& s : report.shortfalls) {
    if (shown.count(s.division_code)) out.shortfalls.push_back(std::move(s));
  }
  return out;
}

std::string GapsGeoJson(const std::vector<GapRow>& gaps, const CircleDefinition& circle) {
  json::object root;
  root["type"] = "FeatureCollection";
  json::array features;
  features.reserve(gaps.size());
  for (const auto& gap : gaps) {
    json::object feature;
    feature["type"] = "Feature";
    json::object geometry;
    geometry["type"] = "Point";
    geometry["coordinates"] = json::array{gap.lon, gap.lat};
    feature["geometry"] = std::move(geometry);
    json::object properties;
    properties["building_id"] = gap.building_id;
    properties["address"] = gap.address;
    properties["community_code"] = gap.community_code;
    properties["circle_code"] = circle.code;
    properties["circle_name"] = circle.name;
    properties["served_group"] = ServedGroupName(circle.served_group);
    properties["served_residents"] = gap.served_residents;
    properties["straight_line_fallback"] = gap.straight_line_fallback;
    feature["properties"] = std::move(properties);
    features.push_back(std::move(feature));
  }
  root["features"] = std::move(features);
  return json::serialize(root);
}

}  // namespace linli::facilities

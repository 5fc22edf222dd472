#include "domain/people/place_services.hpp"

#include "core/division_code.hpp"
#include "core/identity/date.hpp"

namespace linli::people {

namespace {

std::string Today(const core::Clock& clock) {
  return identity::FormatDate(identity::DateFromUnixMillis(clock.NowMillis()));
}

}  // namespace

BuildingService::BuildingService(PeopleRepository& repository,
                                 divisions::DivisionService& divisions,
                                 grids::GridRepository& grids, const core::Clock& clock)
    : repository_(repository), divisions_(divisions), grids_(grids), clock_(clock) {}

core::Result<Building> BuildingService::Create(const NewBuilding& request, const Actor& actor) {
  auto community_level = core::LevelOfCode(request.community_code);
  if (!community_level || *community_level != core::DivisionLevel::kCommunity) {
    return core::Error::Validation("社区编码应为 12 位数字", "community_code");
  }
  auto grid_level = core::LevelOfCode(request.grid_code);
  if (!grid_level || *grid_level != core::DivisionLevel::kGrid) {
    return core::Error::Validation("网格编码应为 15 位数字", "grid_code");
  }
  if (!request.grid_code.starts_with(request.community_code)) {
    return core::Error::Validation("网格不属于所填社区", "grid_code");
  }
  const std::string micro = request.micro_grid_code.value_or("");
  if (!micro.empty() &&
      (micro.size() != 17 || !core::IsDigits(micro) || !micro.starts_with(request.grid_code))) {
    return core::Error::Validation("微网格编码应为所属网格编码加 2 位数字", "micro_grid_code");
  }
  TRY(CheckAddress(request.address));
  TRY(CheckCoordinates(request.lat, request.lon));
  TRY(CheckFloors(request.floors));
  auto kind = BuildingKindFromName(request.kind);
  if (!kind) return core::Error::Validation("楼栋类型应为 residential、mixed 或 other", "kind");
  if (!actor.manage_scope.Covers(request.grid_code)) return core::Error::NotFound("网格不存在");
  ASSIGN_OR_RETURN(auto community, divisions_.Find(request.community_code));
  if (!community) return core::Error::NotFound("社区不存在");
  ASSIGN_OR_RETURN(auto grid, grids_.Find(request.grid_code));
  if (!grid || grid->level != grids::GridLevel::kGrid) return core::Error::NotFound("网格不存在");
  if (grid->status != grids::GridStatus::kActive) {
    return core::Error::Validation("网格已撤销", "grid_code");
  }
  if (!micro.empty()) {
    ASSIGN_OR_RETURN(auto micro_grid, grids_.Find(micro));
    if (!micro_grid || micro_grid->status != grids::GridStatus::kActive) {
      return core::Error::Validation("微网格不存在或已撤销", "micro_grid_code");
    }
  }
  Building building;
  building.community_code = request.community_code;
  building.grid_code = request.grid_code;
  building.micro_grid_code = micro;
  building.address = request.address;
  building.lat = request.lat;
  building.lon = request.lon;
  building.kind = *kind;
  building.floors = request.floors;
  building.synthetic = request.synthetic;
  const int64_t now = clock_.NowMillis();
  building.created_at = now;
  building.updated_at = now;
  return repository_.InsertBuilding(
      building, AuditEntryOf(actor, audit::AuditAction::kCreate, "building", "", building.grid_code,
                             "{\"fields\":[\"community_code\",\"grid_code\",\"address\"]}", now));
}

core::Result<Building> BuildingService::Get(int64_t id, const Actor& actor) {
  ASSIGN_OR_RETURN(auto building, repository_.FindBuilding(id, actor.read_scope));
  if (!building) return core::Error::NotFound("楼栋不存在");
  return *std::move(building);
}

core::Result<core::Page<Building>> BuildingService::List(const BuildingQuery& query,
                                                         const Actor& actor,
                                                         const core::PageRequest& page) {
  if (!query.community_code.empty() &&
      (!core::IsDigits(query.community_code) || query.community_code.size() > 12)) {
    return core::Error::InvalidArgument("社区编码应为数字", "community");
  }
  if (!query.grid_code.empty() &&
      (!core::IsDigits(query.grid_code) || query.grid_code.size() > 15)) {
    return core::Error::InvalidArgument("网格编码应为数字", "grid");
  }
  if (!page.after.empty() && !core::IsDigits(page.after)) {
    return core::Error::InvalidArgument("分页游标无效", "cursor");
  }
  return repository_.ListBuildings(query, actor.read_scope, page);
}

HouseholdService::HouseholdService(PeopleRepository& repository, audit::AuditLog& audit_log,
                                   const core::Clock& clock)
    : repository_(repository), audit_log_(audit_log), clock_(clock) {}

core::Result<Household> HouseholdService::Create(const NewHousehold& request, const Actor& actor) {
  TRY(CheckRoom(request.room));
  auto type = HouseholdTypeFromName(request.type);
  if (!type) return core::Error::Validation("户类型应为 registered 或 actual", "type");
  Household household;
  household.since = request.since.value_or(Today(clock_));
  TRY(CheckDate(household.since, "since"));
  ASSIGN_OR_RETURN(auto building,
                   repository_.FindBuilding(request.building_id, actor.manage_scope));
  if (!building) return core::Error::NotFound("楼栋不存在");
  household.building_id = building->id;
  household.room = request.room;
  household.type = *type;
  household.community_code = building->community_code;
  household.grid_code = building->grid_code;
  household.synthetic = request.synthetic;
  const int64_t now = clock_.NowMillis();
  household.created_at = now;
  household.updated_at = now;
  return repository_.InsertHousehold(
      household,
      AuditEntryOf(actor, audit::AuditAction::kCreate, "household", "", household.grid_code,
                   "{\"fields\":[\"building_id\",\"room\",\"type\",\"since\"]}", now));
}

core::Result<HouseholdDetail> HouseholdService::Get(int64_t id, const Actor& actor) {
  ASSIGN_OR_RETURN(auto household, repository_.FindHousehold(id, actor.read_scope));
  if (!household) return core::Error::NotFound("户不存在");
  HouseholdDetail detail;
  detail.household = *std::move(household);
  ASSIGN_OR_RETURN(detail.members, repository_.HouseholdMembers(id, actor.read_scope));
  TRY(RevealOrMask(detail.members, actor, audit_log_, clock_));
  return detail;
}

}  // namespace linli::people

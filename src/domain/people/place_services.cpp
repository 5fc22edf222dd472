#include "domain/people/place_services.hpp"

#include "core/division_code.hpp"
#include "core/identity/date.hpp"

namespace linli::people {

using access::Permission;

namespace {

std::string Today(const core::Clock& clock) {
  return identity::FormatDate(identity::DateFromUnixMillis(clock.NowMillis()));
}

}  // namespace

BuildingService::BuildingService(PeopleRepository& repository,
                                 divisions::DivisionService& divisions,
                                 grids::GridRepository& grids, const core::Clock& clock)
    : repository_(repository), divisions_(divisions), grids_(grids), clock_(clock) {}

core::Result<Building> BuildingService::Create(const NewBuilding& request,
                                               const access::Caller& caller) {
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
  if (!caller.ScopeFor(Permission::kPeopleManage).Covers(request.grid_code))
    return core::Error::NotFound("网格不存在");
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
      building,
      caller.AuditEntry(audit::AuditAction::kCreate, "building", "", building.grid_code,
                        "{\"fields\":[\"community_code\",\"grid_code\",\"address\"]}", now));
}

core::Result<Building> BuildingService::Get(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto building,
                   repository_.FindBuilding(id, caller.ScopeFor(Permission::kPeopleRead)));
  if (!building) return core::Error::NotFound("楼栋不存在");
  return *std::move(building);
}

core::Result<Building> BuildingService::Update(int64_t id, const BuildingUpdate& update,
                                               const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindBuilding(id, caller.ScopeFor(Permission::kPeopleManage)));
  if (!found) return core::Error::NotFound("楼栋不存在");
  Building building = *std::move(found);
  std::vector<std::string> changed;
  if (update.address && *update.address != building.address) {
    TRY(CheckAddress(*update.address));
    building.address = *update.address;
    changed.push_back("\"address\"");
  }
  if (update.lat || update.lon) {
    const auto lat = update.lat ? *update.lat : building.lat;
    const auto lon = update.lon ? *update.lon : building.lon;
    TRY(CheckCoordinates(lat, lon));
    building.lat = lat;
    building.lon = lon;
    changed.push_back("\"coordinates\"");
  }
  if (update.kind) {
    auto kind = BuildingKindFromName(*update.kind);
    if (!kind) return core::Error::Validation("楼栋类型应为 residential、mixed 或 other", "kind");
    building.kind = *kind;
    changed.push_back("\"kind\"");
  }
  if (update.floors) {
    TRY(CheckFloors(*update.floors));
    building.floors = *update.floors;
    changed.push_back("\"floors\"");
  }
  if (update.micro_grid_code) {
    const std::string& micro = *update.micro_grid_code;
    if (!micro.empty()) {
      if (micro.size() != 17 || !core::IsDigits(micro) || !micro.starts_with(building.grid_code)) {
        return core::Error::Validation("微网格编码应为所属网格编码加 2 位数字", "micro_grid_code");
      }
      ASSIGN_OR_RETURN(auto micro_grid, grids_.Find(micro));
      if (!micro_grid || micro_grid->status != grids::GridStatus::kActive) {
        return core::Error::Validation("微网格不存在或已撤销", "micro_grid_code");
      }
    }
    building.micro_grid_code = micro;
    changed.push_back("\"micro_grid_code\"");
  }
  if (changed.empty()) return building;
  const int64_t now = clock_.NowMillis();
  building.updated_at = now;
  std::string fields;
  for (const auto& field : changed) fields += (fields.empty() ? "" : ",") + field;
  TRY(repository_.UpdateBuilding(
      building, caller.AuditEntry(audit::AuditAction::kUpdate, "building", std::to_string(id),
                                  building.grid_code, "{\"fields\":[" + fields + "]}", now)));
  return building;
}

core::Result<core::Page<Building>> BuildingService::List(const BuildingQuery& query,
                                                         const access::Caller& caller,
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
  return repository_.ListBuildings(query, caller.ScopeFor(Permission::kPeopleRead), page);
}

HouseholdService::HouseholdService(PeopleRepository& repository, audit::AuditLog& audit_log,
                                   const core::Clock& clock)
    : repository_(repository), audit_log_(audit_log), clock_(clock) {}

core::Result<Household> HouseholdService::Create(const NewHousehold& request,
                                                 const access::Caller& caller) {
  TRY(CheckRoom(request.room));
  auto type = HouseholdTypeFromName(request.type);
  if (!type) return core::Error::Validation("户类型应为 registered 或 actual", "type");
  Household household;
  household.since = request.since.value_or(Today(clock_));
  TRY(CheckDate(household.since, "since"));
  ASSIGN_OR_RETURN(
      auto building,
      repository_.FindBuilding(request.building_id, caller.ScopeFor(Permission::kPeopleManage)));
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
      caller.AuditEntry(audit::AuditAction::kCreate, "household", "", household.grid_code,
                        "{\"fields\":[\"building_id\",\"room\",\"type\",\"since\"]}", now));
}

core::Result<Household> HouseholdService::Update(int64_t id, const HouseholdUpdate& update,
                                                 const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindHousehold(id, caller.ScopeFor(Permission::kPeopleManage)));
  if (!found) return core::Error::NotFound("户不存在");
  Household household = *std::move(found);
  std::string fields;
  if (update.room && *update.room != household.room) {
    TRY(CheckRoom(*update.room));
    household.room = *update.room;
    fields += "\"room\"";
  }
  if (update.type) {
    auto type = HouseholdTypeFromName(*update.type);
    if (!type) return core::Error::Validation("户类型应为 registered 或 actual", "type");
    if (*type != household.type) {
      household.type = *type;
      fields += std::string(fields.empty() ? "" : ",") + "\"type\"";
    }
  }
  if (fields.empty()) return household;
  const int64_t now = clock_.NowMillis();
  household.updated_at = now;
  TRY(repository_.UpdateHousehold(
      household, caller.AuditEntry(audit::AuditAction::kUpdate, "household", std::to_string(id),
                                   household.grid_code, "{\"fields\":[" + fields + "]}", now)));
  return household;
}

core::Result<Household> HouseholdService::Close(int64_t id, std::string_view until,
                                                const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindHousehold(id, caller.ScopeFor(Permission::kPeopleManage)));
  if (!found) return core::Error::NotFound("户不存在");
  Household household = *std::move(found);
  if (household.until)
    return core::Error::FailedPrecondition("该户已于 " + *household.until + " 注销");
  TRY(CheckDate(until, "until"));
  if (std::string(until) < household.since) {
    return core::Error::Validation("注销日期不能早于立户日期 " + household.since, "until");
  }
  // Everyone still registered in it, wherever the caller's scope ends.
  ASSIGN_OR_RETURN(auto members, repository_.HouseholdMembers(id, core::Scope::Everything()));
  int64_t living = 0;
  for (const auto& member : members) living += IsCurrentStatus(member.status) ? 1 : 0;
  if (living > 0) {
    return core::Error::FailedPrecondition("户内仍有 " + std::to_string(living) +
                                           " 名成员，请先为他们办理迁出或迁入其他户");
  }
  household.until = std::string(until);
  household.head_id.reset();
  const int64_t now = clock_.NowMillis();
  household.updated_at = now;
  TRY(repository_.UpdateHousehold(
      household,
      caller.AuditEntry(audit::AuditAction::kUpdate, "household", std::to_string(id),
                        household.grid_code, "{\"fields\":[\"until\"],\"event\":\"close\"}", now)));
  return household;
}

core::Result<HouseholdDetail> HouseholdService::Get(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto household,
                   repository_.FindHousehold(id, caller.ScopeFor(Permission::kPeopleRead)));
  if (!household) return core::Error::NotFound("户不存在");
  HouseholdDetail detail;
  detail.household = *std::move(household);
  ASSIGN_OR_RETURN(auto building,
                   repository_.FindBuilding(detail.household.building_id,
                                            caller.ScopeFor(Permission::kPeopleRead)));
  if (building) detail.building_address = building->address;
  ASSIGN_OR_RETURN(detail.members,
                   repository_.HouseholdMembers(id, caller.ScopeFor(Permission::kPeopleRead)));
  MaskPersonalData(detail.members);
  return detail;
}

core::Result<std::vector<std::pair<Household, std::string>>> HouseholdService::OfBuilding(
    int64_t building_id, const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kPeopleRead);
  ASSIGN_OR_RETURN(auto building, repository_.FindBuilding(building_id, scope));
  if (!building) return core::Error::NotFound("楼栋不存在");
  return repository_.OpenHouseholdsOfBuilding(building_id, scope, kMaxHouseholdsOfBuilding);
}

core::Result<HouseholdDetail> HouseholdService::Own(const access::Caller& caller) {
  if (!caller.Has(Permission::kSelfHousehold)) {
    return core::Error::PermissionDenied("没有查看本户信息的权限");
  }
  if (!caller.resident_id()) {
    return core::Error::FailedPrecondition(
        "账号尚未绑定居民登记信息：请用身份证号和手机验证码注册，或到社区服务中心绑定");
  }
  // Everything below is reached through the bound person's own id.
  const core::Scope all = core::Scope::Everything();
  ASSIGN_OR_RETURN(auto person, repository_.FindResident(*caller.resident_id(), all));
  if (!person || !person->household_id) return core::Error::NotFound("您的登记信息中没有户");
  ASSIGN_OR_RETURN(auto household, repository_.FindHousehold(*person->household_id, all));
  if (!household) return core::Error::NotFound("您的登记信息中没有户");
  HouseholdDetail detail;
  detail.household = *std::move(household);
  ASSIGN_OR_RETURN(auto building, repository_.FindBuilding(detail.household.building_id, all));
  if (building) detail.building_address = building->address;
  ASSIGN_OR_RETURN(detail.members, repository_.HouseholdMembers(detail.household.id, all));
  MaskPersonalData(detail.members);
  return detail;
}

}  // namespace linli::people

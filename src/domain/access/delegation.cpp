#include "domain/access/delegation.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace linli::access {

namespace {

using core::DivisionLevel;

// Reviewed in docs/decisions/0013-delegation-as-data.md; a change here is a change of policy.
constexpr std::array kDelegations = {
    // A community worker: the residents' accounts of its community, which it binds to the
    // registered people who hold them (decision 0026).
    Delegation{Role::kCommunityWorker, Role::kResident, DivisionLevel::kCommunity},
    // A town official: the community and grid workers of its town, and the social
    // organisations and volunteers of its communities.
    Delegation{Role::kTownOfficial, Role::kCommunityWorker, DivisionLevel::kCommunity},
    Delegation{Role::kTownOfficial, Role::kGridWorker, DivisionLevel::kGrid},
    Delegation{Role::kTownOfficial, Role::kSocialOrg, DivisionLevel::kCommunity},
    Delegation{Role::kTownOfficial, Role::kVolunteer, DivisionLevel::kCommunity},
    Delegation{Role::kTownOfficial, Role::kResident, DivisionLevel::kCommunity},
    // The staff of home-service providers registered at its town or its communities (decision
    // 0033: the grant's scope is the provider's registered place).
    Delegation{Role::kTownOfficial, Role::kProvider, DivisionLevel::kTown},
    Delegation{Role::kTownOfficial, Role::kProvider, DivisionLevel::kCommunity},
    // The mandated reporters (schools, clinics …) of its town (decision 0034).
    Delegation{Role::kTownOfficial, Role::kInstitution, DivisionLevel::kTown},
    Delegation{Role::kTownOfficial, Role::kInstitution, DivisionLevel::kCommunity},
    // A county official: also the town officials of its county and town-wide organisations.
    Delegation{Role::kCountyOfficial, Role::kTownOfficial, DivisionLevel::kTown},
    Delegation{Role::kCountyOfficial, Role::kCommunityWorker, DivisionLevel::kCommunity},
    Delegation{Role::kCountyOfficial, Role::kGridWorker, DivisionLevel::kGrid},
    Delegation{Role::kCountyOfficial, Role::kSocialOrg, DivisionLevel::kTown},
    Delegation{Role::kCountyOfficial, Role::kSocialOrg, DivisionLevel::kCommunity},
    Delegation{Role::kCountyOfficial, Role::kVolunteer, DivisionLevel::kCommunity},
    Delegation{Role::kCountyOfficial, Role::kResident, DivisionLevel::kCommunity},
    Delegation{Role::kCountyOfficial, Role::kProvider, DivisionLevel::kCounty},
    Delegation{Role::kCountyOfficial, Role::kProvider, DivisionLevel::kTown},
    Delegation{Role::kCountyOfficial, Role::kProvider, DivisionLevel::kCommunity},
    Delegation{Role::kCountyOfficial, Role::kInstitution, DivisionLevel::kCounty},
    Delegation{Role::kCountyOfficial, Role::kInstitution, DivisionLevel::kTown},
    Delegation{Role::kCountyOfficial, Role::kInstitution, DivisionLevel::kCommunity},
    // A city administrator: every role below it, department officers of the city's list (at
    // city or county level) and residents' accounts.
    Delegation{Role::kCityAdmin, Role::kCountyOfficial, DivisionLevel::kCounty},
    Delegation{Role::kCityAdmin, Role::kDepartmentOfficer, DivisionLevel::kCity},
    Delegation{Role::kCityAdmin, Role::kDepartmentOfficer, DivisionLevel::kCounty},
    Delegation{Role::kCityAdmin, Role::kTownOfficial, DivisionLevel::kTown},
    Delegation{Role::kCityAdmin, Role::kCommunityWorker, DivisionLevel::kCommunity},
    Delegation{Role::kCityAdmin, Role::kGridWorker, DivisionLevel::kGrid},
    Delegation{Role::kCityAdmin, Role::kSocialOrg, DivisionLevel::kTown},
    Delegation{Role::kCityAdmin, Role::kSocialOrg, DivisionLevel::kCommunity},
    Delegation{Role::kCityAdmin, Role::kVolunteer, DivisionLevel::kCommunity},
    Delegation{Role::kCityAdmin, Role::kResident, DivisionLevel::kCommunity},
    Delegation{Role::kCityAdmin, Role::kProvider, DivisionLevel::kCounty},
    Delegation{Role::kCityAdmin, Role::kProvider, DivisionLevel::kTown},
    Delegation{Role::kCityAdmin, Role::kProvider, DivisionLevel::kCommunity},
    Delegation{Role::kCityAdmin, Role::kInstitution, DivisionLevel::kCounty},
    Delegation{Role::kCityAdmin, Role::kInstitution, DivisionLevel::kTown},
    Delegation{Role::kCityAdmin, Role::kInstitution, DivisionLevel::kCommunity},
};

constexpr std::array kCity = {DivisionLevel::kCity};
constexpr std::array kCounty = {DivisionLevel::kCounty};
constexpr std::array kTown = {DivisionLevel::kTown};
constexpr std::array kCommunity = {DivisionLevel::kCommunity};
constexpr std::array kGrid = {DivisionLevel::kGrid};
constexpr std::array kCityOrCounty = {DivisionLevel::kCity, DivisionLevel::kCounty};
constexpr std::array kTownOrCommunity = {DivisionLevel::kTown, DivisionLevel::kCommunity};
constexpr std::array kCountyTownOrCommunity = {DivisionLevel::kCounty, DivisionLevel::kTown,
                                               DivisionLevel::kCommunity};

std::string LevelsText(std::span<const DivisionLevel> levels) {
  std::string out;
  for (DivisionLevel level : levels) {
    if (!out.empty()) out += "或";
    switch (level) {
      case DivisionLevel::kCity:
        out += "市";
        break;
      case DivisionLevel::kCounty:
        out += "县（市、区）";
        break;
      case DivisionLevel::kTown:
        out += "乡镇（街道）";
        break;
      case DivisionLevel::kCommunity:
        out += "社区（村）";
        break;
      case DivisionLevel::kGrid:
        out += "网格";
        break;
      default:
        out += std::string(core::DivisionLevelName(level));
    }
  }
  return out;
}

}  // namespace

std::span<const Delegation> Delegations() { return kDelegations; }

std::span<const DivisionLevel> ScopeLevels(Role role) {
  switch (role) {
    case Role::kCityAdmin:
      return kCity;
    case Role::kDepartmentOfficer:
      return kCityOrCounty;
    case Role::kCountyOfficial:
      return kCounty;
    case Role::kTownOfficial:
      return kTown;
    case Role::kCommunityWorker:
    case Role::kVolunteer:
    case Role::kResident:
      return kCommunity;
    case Role::kGridWorker:
      return kGrid;
    case Role::kSocialOrg:
      return kTownOrCommunity;
    case Role::kProvider:
    case Role::kInstitution:
      return kCountyTownOrCommunity;
  }
  return {};
}

core::Status CheckDelegation(const Caller& caller, const RoleGrant& grant) {
  const auto level = core::LevelOfCode(grant.scope_code);
  const auto levels = ScopeLevels(grant.role);
  if (!level || std::find(levels.begin(), levels.end(), *level) == levels.end()) {
    return core::Error::Validation(std::string(RoleName(grant.role)) + " 的管辖范围须为" +
                                       LevelsText(levels) + "：" + grant.scope_code,
                                   "grants");
  }
  bool inside = false;
  for (const RoleGrant& own : caller.grants()) {
    if (!grant.scope_code.starts_with(own.scope_code)) continue;
    inside = true;
    if (caller.IsCommandLine() && own.role == Role::kCityAdmin) return core::Ok();
    for (const Delegation& row : kDelegations) {
      if (row.manager == own.role && row.granted == grant.role && row.level == *level) {
        return core::Ok();
      }
    }
  }
  if (caller.IsSystem()) return core::Ok();
  if (!inside) {
    return core::Error::NotFound("管辖范围 " + grant.scope_code + " 不存在");
  }
  return core::Error::PermissionDenied("无权授予该角色：" + std::string(RoleName(grant.role)));
}

}  // namespace linli::access

#include "domain/access/principal.hpp"

#include <algorithm>
#include <array>

namespace linli::access {

namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
};

constexpr std::array<RoleInfo, 11> kRoles = {{
    {Role::kCityAdmin, "city_admin"},
    {Role::kDepartmentOfficer, "department_officer"},
    {Role::kCountyOfficial, "county_official"},
    {Role::kTownOfficial, "town_official"},
    {Role::kCommunityWorker, "community_worker"},
    {Role::kGridWorker, "grid_worker"},
    {Role::kSocialOrg, "social_org"},
    {Role::kVolunteer, "volunteer"},
    {Role::kResident, "resident"},
    {Role::kProvider, "provider"},
    {Role::kInstitution, "institution"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& info : kRoles) {
    if (info.role == role) return info.name;
  }
  return "unknown";
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (const auto& info : kRoles) {
    if (info.name == name) return info.role;
  }
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> all;
    for (const auto& info : kRoles) all.push_back(info.role);
    return all;
  }();
  return roles;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kDivisionsRead:
      return "divisions.read";
    case Permission::kDivisionsManage:
      return "divisions.manage";
    case Permission::kGridsRead:
      return "grids.read";
    case Permission::kGridsManage:
      return "grids.manage";
    case Permission::kAccountsManage:
      return "accounts.manage";
    case Permission::kSelf:
      return "self";
    case Permission::kPeopleRead:
      return "people.read";
    case Permission::kPeopleManage:
      return "people.manage";
    case Permission::kPeoplePersonalData:
      return "people.personal_data";
    case Permission::kPeopleExport:
      return "people.export";
    case Permission::kPeopleImport:
      return "people.import";
    case Permission::kEventsReport:
      return "events.report";
    case Permission::kEventsRead:
      return "events.read";
    case Permission::kEventsHandle:
      return "events.handle";
    case Permission::kEventsEscalate:
      return "events.escalate";
    case Permission::kEventsDepartment:
      return "events.department";
    case Permission::kEventsSupervise:
      return "events.supervise";
    case Permission::kEventsManage:
      return "events.manage";
    case Permission::kServicesRead:
      return "services.read";
    case Permission::kServicesHandle:
      return "services.handle";
    case Permission::kAuditRead:
      return "audit.read";
    case Permission::kFacilitiesRead:
      return "facilities.read";
    case Permission::kFacilitiesManage:
      return "facilities.manage";
    case Permission::kFacilitiesImport:
      return "facilities.import";
    case Permission::kCatalogueManage:
      return "catalogue.manage";
    case Permission::kJobsManage:
      return "jobs.manage";
    case Permission::kSelfServices:
      return "self.services";
    case Permission::kSelfHousehold:
      return "self.household";
    case Permission::kKiosksManage:
      return "kiosks.manage";
    case Permission::kIndicatorsRead:
      return "indicators.read";
    case Permission::kIndicatorsReport:
      return "indicators.report";
    case Permission::kIndicatorsApprove:
      return "indicators.approve";
    case Permission::kCareRead:
      return "care.read";
    case Permission::kCareManage:
      return "care.manage";
    case Permission::kCareVisit:
      return "care.visit";
    case Permission::kCareMinors:
      return "care.minors";
    case Permission::kCareHealth:
      return "care.health";
    case Permission::kHomecareRead:
      return "homecare.read";
    case Permission::kHomecareManage:
      return "homecare.manage";
    case Permission::kHomecareOrder:
      return "homecare.order";
    case Permission::kHomecareServe:
      return "homecare.serve";
    case Permission::kMinorsReport:
      return "minors.report";
    case Permission::kCharityRead:
      return "charity.read";
    case Permission::kCharityManage:
      return "charity.manage";
    case Permission::kCharityApprove:
      return "charity.approve";
    case Permission::kVolunteersRead:
      return "volunteers.read";
    case Permission::kVolunteersManage:
      return "volunteers.manage";
    case Permission::kVolunteersVerify:
      return "volunteers.verify";
    case Permission::kVolunteerSelf:
      return "volunteers.self";
    case Permission::kSocialOrgsRead:
      return "socialorgs.read";
    case Permission::kSocialOrgsManage:
      return "socialorgs.manage";
    case Permission::kSocialOrgsReport:
      return "socialorgs.report";
    case Permission::kSocialWorkRead:
      return "socialwork.read";
    case Permission::kSocialWorkManage:
      return "socialwork.manage";
    case Permission::kSocialWorkRecord:
      return "socialwork.record";
  }
  return "unknown";
}

const std::vector<Permission>& RolePermissions(Role role) {
  using P = Permission;
  static const std::vector<P> admin = {
      P::kDivisionsRead,    P::kDivisionsManage,  P::kGridsRead,
      P::kGridsManage,      P::kAccountsManage,   P::kSelf,
      P::kPeopleRead,       P::kPeopleManage,     P::kPeoplePersonalData,
      P::kPeopleExport,     P::kPeopleImport,     P::kServicesRead,
      P::kServicesHandle,   P::kCatalogueManage,  P::kEventsReport,
      P::kEventsRead,       P::kEventsHandle,     P::kEventsEscalate,
      P::kEventsDepartment, P::kEventsSupervise,  P::kEventsManage,
      P::kAuditRead,        P::kFacilitiesRead,   P::kFacilitiesManage,
      P::kFacilitiesImport, P::kJobsManage,       P::kKiosksManage,
      P::kIndicatorsRead,   P::kIndicatorsReport, P::kIndicatorsApprove,
      P::kCareRead,         P::kCareManage,       P::kCareVisit,
      P::kCareMinors,       P::kCareHealth,       P::kHomecareRead,
      P::kHomecareManage,   P::kHomecareOrder,    P::kCharityRead,
      P::kCharityManage,    P::kCharityApprove,   P::kVolunteersRead,
      P::kVolunteersManage, P::kVolunteersVerify, P::kSocialOrgsRead,
      P::kSocialOrgsManage, P::kSocialWorkRead,   P::kSocialWorkManage,
      P::kSocialWorkRecord};
  // Officials from town up manage grids, accounts and the registry inside their area; they
  // see personal data masked.
  static const std::vector<P> official = {P::kDivisionsRead,
                                          P::kGridsRead,
                                          P::kGridsManage,
                                          P::kAccountsManage,
                                          P::kSelf,
                                          P::kPeopleRead,
                                          P::kPeopleManage,
                                          P::kPeopleExport,
                                          P::kPeopleImport,
                                          P::kServicesRead,
                                          P::kServicesHandle,
                                          P::kEventsReport,
                                          P::kEventsRead,
                                          P::kEventsHandle,
                                          P::kEventsEscalate,
                                          P::kEventsSupervise,
                                          P::kAuditRead,
                                          P::kFacilitiesRead,
                                          P::kFacilitiesManage,
                                          P::kFacilitiesImport,
                                          P::kKiosksManage,
                                          P::kIndicatorsRead,
                                          P::kIndicatorsReport,
                                          P::kIndicatorsApprove,
                                          P::kCareRead,
                                          P::kCareManage,
                                          P::kHomecareRead,
                                          P::kHomecareManage,
                                          P::kCharityRead,
                                          P::kCharityManage,
                                          P::kCharityApprove,
                                          P::kVolunteersRead,
                                          P::kVolunteersManage,
                                          P::kVolunteersVerify,
                                          P::kSocialOrgsRead,
                                          P::kSocialOrgsManage,
                                          P::kSocialWorkRead,
                                          P::kSocialWorkManage,
                                          P::kSocialWorkRecord};
  // County officials are the civil-affairs officers above the communities' designated persons:
  // they also read the restricted care categories (minors, severe mental disorder, tuberculosis).
  static const std::vector<P> county = [] {
    std::vector<P> out = official;
    out.push_back(P::kCareMinors);
    out.push_back(P::kCareHealth);
    return out;
  }();
  // The generalist community worker keeps the registry and may see personal data; it manages
  // the residents' accounts of its community (delegation.cpp).
  static const std::vector<P> community = {
      P::kDivisionsRead,  P::kGridsRead,        P::kGridsManage,      P::kSelf,
      P::kAccountsManage, P::kPeopleRead,       P::kPeopleManage,     P::kPeoplePersonalData,
      P::kPeopleExport,   P::kPeopleImport,     P::kServicesRead,     P::kServicesHandle,
      P::kEventsReport,   P::kEventsRead,       P::kEventsHandle,     P::kEventsEscalate,
      P::kFacilitiesRead, P::kFacilitiesManage, P::kFacilitiesImport, P::kKiosksManage,
      P::kIndicatorsRead, P::kIndicatorsReport, P::kCareRead,         P::kCareManage,
      P::kCareVisit,      P::kHomecareRead,     P::kHomecareOrder,    P::kCharityRead,
      P::kCharityManage,  P::kVolunteersRead,   P::kVolunteersManage, P::kVolunteersVerify,
      P::kSocialOrgsRead, P::kSocialOrgsManage, P::kSocialWorkRead};
  static const std::vector<P> grid_worker = {
      P::kDivisionsRead, P::kGridsRead,    P::kSelf,           P::kPeopleRead,
      P::kPeopleManage,  P::kServicesRead, P::kServicesHandle, P::kEventsReport,
      P::kEventsRead,    P::kEventsHandle, P::kFacilitiesRead, P::kFacilitiesManage,
      P::kCareRead,      P::kCareVisit,    P::kHomecareRead,   P::kHomecareOrder};
  // A department officer: its board of escalations, and the indicators of the plan — it enters
  // the figures of the indicators its department is responsible for (IndicatorService).
  static const std::vector<P> reader = {
      P::kDivisionsRead,  P::kGridsRead,        P::kSelf,          P::kEventsDepartment,
      P::kIndicatorsRead, P::kIndicatorsReport, P::kSocialOrgsRead};
  static const std::vector<P> self_only = {P::kDivisionsRead, P::kSelf};
  // A volunteer: its own profile, sign-ups and hours (by the account's binding).
  static const std::vector<P> volunteer = {P::kDivisionsRead, P::kSelf, P::kVolunteerSelf};
  // Residents report events (随手拍) and follow what they reported; once bound to a registered
  // person, they file and follow their own requests and see their household (decision 0026).
  static const std::vector<P> resident = {P::kDivisionsRead, P::kSelf, P::kEventsReport,
                                          P::kSelfServices, P::kSelfHousehold};
  // A provider's staff serve their provider's orders, and nothing by place.
  static const std::vector<P> provider = {P::kDivisionsRead, P::kSelf, P::kHomecareServe};
  // A community social organisation's account: its own record and activities, by organisation.
  static const std::vector<P> social_org = {P::kDivisionsRead, P::kSelf, P::kSocialOrgsReport};
  // A mandated reporter files reports and sees its own receipts.
  static const std::vector<P> institution = {P::kDivisionsRead, P::kSelf, P::kMinorsReport};
  switch (role) {
    case Role::kCityAdmin:
      return admin;
    case Role::kCountyOfficial:
      return county;
    case Role::kTownOfficial:
      return official;
    case Role::kCommunityWorker:
      return community;
    case Role::kGridWorker:
      return grid_worker;
    case Role::kDepartmentOfficer:
      return reader;
    case Role::kSocialOrg:
      return social_org;
    case Role::kVolunteer:
      return volunteer;
    case Role::kResident:
      return resident;
    case Role::kProvider:
      return provider;
    case Role::kInstitution:
      return institution;
  }
  return self_only;
}

std::string_view DutyName(Duty duty) {
  switch (duty) {
    case Duty::kNone:
      return "";
    case Duty::kChildrenDirector:
      return "children_director";
    case Duty::kHealthLiaison:
      return "health_liaison";
    case Duty::kSocialWorker:
      return "social_worker";
  }
  return "";
}

std::string_view DutyLabel(Duty duty) {
  switch (duty) {
    case Duty::kNone:
      return "";
    case Duty::kChildrenDirector:
      return "儿童主任";
    case Duty::kHealthLiaison:
      return "健康联络员";
    case Duty::kSocialWorker:
      return "社会工作者";
  }
  return "";
}

std::optional<Duty> DutyFromName(std::string_view name) {
  for (Duty duty :
       {Duty::kNone, Duty::kChildrenDirector, Duty::kHealthLiaison, Duty::kSocialWorker}) {
    if (DutyName(duty) == name) return duty;
  }
  return std::nullopt;
}

const std::vector<Permission>& DutyPermissions(Duty duty) {
  static const std::vector<Permission> none;
  static const std::vector<Permission> minors = {Permission::kCareMinors};
  static const std::vector<Permission> health = {Permission::kCareHealth};
  // A social worker reads social work in the grant's scope and records their own service
  // records (SocialWorkService binds them to their social-worker record by the account).
  static const std::vector<Permission> social_worker = {Permission::kSocialWorkRead,
                                                        Permission::kSocialWorkRecord};
  switch (duty) {
    case Duty::kNone:
      return none;
    case Duty::kChildrenDirector:
      return minors;
    case Duty::kHealthLiaison:
      return health;
    case Duty::kSocialWorker:
      return social_worker;
  }
  return none;
}

bool GrantHolds(const RoleGrant& grant, Permission permission) {
  const auto& permissions = RolePermissions(grant.role);
  if (std::find(permissions.begin(), permissions.end(), permission) != permissions.end()) {
    return true;
  }
  const auto& duty = DutyPermissions(grant.duty);
  return std::find(duty.begin(), duty.end(), permission) != duty.end();
}

bool Principal::Has(Permission permission) const {
  return std::any_of(grants.begin(), grants.end(),
                     [&](const RoleGrant& grant) { return GrantHolds(grant, permission); });
}

core::Scope Principal::ScopeFor(Permission permission) const {
  std::vector<std::string> prefixes;
  for (const auto& grant : grants) {
    if (GrantHolds(grant, permission)) {
      prefixes.push_back(grant.scope_code);
    }
  }
  return core::Scope::Of(std::move(prefixes));
}

}  // namespace linli::access

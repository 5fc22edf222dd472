// Who is calling, and what they may do where.
//
// An account holds one or more (role, scope) grants; the scope is a division code or a
// grid code. Each role carries a fixed set of permissions (RolePermissions). For a given
// permission the principal's jurisdiction is the union of the scopes of the grants whose
// role holds it (ScopeFor); the storage layer filters every query by that scope.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scope.hpp"

namespace linli::access {

enum class Role {
  kCityAdmin,
  kDepartmentOfficer,
  kCountyOfficial,
  kTownOfficial,
  kCommunityWorker,
  kGridWorker,
  kSocialOrg,
  kVolunteer,
  kResident,
  kProvider,  // staff of a home-service provider (issue 19 item 3; decision 0033)
  // A mandated reporter: a school, hospital or other institution that must report harm to a
  // child (强制报告; issue 19 item 4; decision 0034).
  kInstitution,
};

// Every endpoint declares exactly one of these (or none, for public routes).
enum class Permission {
  kDivisionsRead,    // browse divisions, grids and counts
  kDivisionsManage,  // import divisions, set community kinds
  kGridsRead,
  kGridsManage,         // create, update, close grids
  kAccountsManage,      // create and disable accounts, reset passwords
  kSelf,                // any signed-in account: own profile, logout
  kPeopleRead,          // residents, households, buildings (masked personal data)
  kPeopleManage,        // create and change them
  kPeoplePersonalData,  // unmasked ID and phone numbers (each read audited)
  kPeopleExport,        // .xlsx exports (audited)
  kPeopleImport,        // bulk imports
  kEventsReport,        // report events, read what one reported, rate as reporter
  kEventsRead,          // read events and escalations in scope, the department ranking
  kEventsHandle,        // an event's own transitions (assign, start, resolve, verify, close…)
  kEventsEscalate,      // blow the whistle to departments, verify, withdraw, rate as community
  kEventsDepartment,    // a department officer's check-in, feedback, extension requests, board
  kEventsSupervise,     // approve extensions, supervise (督办)
  kEventsManage,        // event categories, Open311 API keys
  kServicesRead,        // service requests, the desk queue, figures (in scope)
  kServicesHandle,      // file requests for residents, handle them, slots, materials
  kCatalogueManage,     // edit the service catalogue and the holiday calendar
  kAuditRead,           // the audit log in scope (who read, exported, changed, signed in)
  kFacilitiesRead,      // facilities, standards, life circles, coverage, the walking network
  kFacilitiesManage,    // create, change, delete facilities and residential complexes
  kFacilitiesImport,    // facility imports
  kJobsManage,          // the scheduled jobs: their state, and running one now (city only)
  // A resident's own affairs, reached through the person the account is bound to (never by
  // place): file, follow, book, upload materials for and rate one's own requests.
  kSelfServices,
  kSelfHousehold,      // one's own household's record, masked
  kKiosksManage,       // register, list and disable a community hall's kiosks; B2a coverage
  kIndicatorsRead,     // the plan's indicators, trends and reported figures in scope
  kIndicatorsReport,   // enter a figure for an indicator no module computes (in scope)
  kIndicatorsApprove,  // approve or return reported figures at the level of one's grant
  // Care (issue 19): archives of people in need, visits, needs, compliance.
  kCareRead,    // archives of the open categories, visit plans, needs, compliance in scope
  kCareManage,  // open, change and close archives; assign visits and needs
  kCareVisit,   // record visits and the needs they find
  // Restricted categories: minors' archives (困境儿童, 留守儿童), and the severe-mental-disorder
  // and tuberculosis flags. Held by county officials and city administrators, and by a community
  // worker's grant carrying the duty 儿童主任 (kCareMinors) or 健康联络员 (kCareHealth).
  kCareMinors,
  kCareHealth,
  // Home services for the elderly (issue 19 item 3; decision 0033).
  kHomecareRead,    // providers, orders, statements in scope
  kHomecareManage,  // register and change providers, close monthly statements
  kHomecareOrder,   // place, cancel and rate orders for an elderly person
  kHomecareServe,   // a provider's staff: its own orders (by provider, never by place)
  // File a mandatory report (强制报告) and follow one's own receipts; never a child's record.
  kMinorsReport,
  // Community charity (issue 20 item 4; decision 0048): funds, donations, needs, disbursements.
  kCharityRead,     // funds, their ledgers, donations (donor phone masked), needs, disbursements
  kCharityManage,   // open funds, record donations, post needs, request disbursements, reverse
  kCharityApprove,  // approve or reject a fund's disbursements (its managers: town and up)
  // Volunteers (issue 20 item 3; decision 0047).
  kVolunteersRead,    // volunteers, teams, activities and sign-ups in scope
  kVolunteersManage,  // register volunteers, teams, activities; sign up on behalf; check in/out
  kVolunteersVerify,  // verify and correct hours (the ledger); over the city: prove the ledger
  kVolunteerSelf,     // a volunteer's own profile, sign-ups and hours (by its binding)
  // Community social organisations (issue 20 item 1; decision 0045).
  kSocialOrgsRead,    // the registry and activities in scope
  kSocialOrgsManage,  // register, change, deregister organisations; record their activities
  kSocialOrgsReport,  // an organisation's own account: its record and activities (by organisation)
  // Professional social work (issue 20 item 2; decision 0046).
  kSocialWorkRead,    // stations' reach, social workers, service records, coverage in scope
  kSocialWorkManage,  // set a station's reach, add social workers and record their leaving
  kSocialWorkRecord,  // record service records (a social worker's duty: only their own)
};

std::string_view RoleName(Role role);  // "city_admin", ...
std::optional<Role> RoleFromName(std::string_view name);
std::string_view PermissionName(Permission permission);  // "divisions.read", ...
const std::vector<Permission>& RolePermissions(Role role);
const std::vector<Role>& AllRoles();

// A designated duty a community worker's grant may carry (issue 19): it adds the restricted
// care permission of the duty inside that grant's scope, and nothing else.
enum class Duty { kNone, kChildrenDirector, kHealthLiaison, kSocialWorker };
std::string_view DutyName(Duty duty);   // "", "children_director", "health_liaison", ...
std::string_view DutyLabel(Duty duty);  // "", "儿童主任", "健康联络员"
std::optional<Duty> DutyFromName(std::string_view name);
const std::vector<Permission>& DutyPermissions(Duty duty);

struct RoleGrant {
  Role role;
  std::string scope_code;   // division or grid code; "" never
  std::string department;   // department_officer only: e.g. "市民政局"
  Duty duty = Duty::kNone;  // community_worker only
  // provider only: the provider the account is staff of (its registered place is scope_code).
  std::optional<int64_t> provider_id{};
  std::string provider_name{};  // filled when read from storage, for people
  // social_org only: the organisation the account speaks for (its home community is scope_code).
  std::optional<int64_t> organisation_id{};
  std::string organisation_name{};  // filled when read from storage, for people
};

// Whether the grant gives the permission (by its role or its duty).
bool GrantHolds(const RoleGrant& grant, Permission permission);

struct Principal {
  int64_t account_id = 0;
  std::string username;
  std::string display_name;
  std::vector<RoleGrant> grants;
  std::optional<int64_t> resident_id;  // resident accounts bound to a registered person
  int64_t session_id = 0;
  bool via_cookie = false;  // cookie-authenticated requests need a CSRF token for writes
  std::string csrf_token;
  // Until the holder chooses a new password, only the session routes and the password change
  // answer (403 on field "must_change_password" elsewhere).
  bool must_change_password = false;

  bool Has(Permission permission) const;
  // Union of the scopes of the grants whose role holds the permission. A city_admin
  // grant whose scope is a city code covers that city only; there is no implicit "all".
  core::Scope ScopeFor(Permission permission) const;
};

}  // namespace linli::access

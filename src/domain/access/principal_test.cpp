#include "domain/access/principal.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace linli::access {
namespace {

using P = Permission;

const std::vector<P> kAllPermissions = {
    P::kDivisionsRead,    P::kDivisionsManage,   P::kGridsRead,
    P::kGridsManage,      P::kAccountsManage,    P::kSelf,
    P::kPeopleRead,       P::kPeopleManage,      P::kPeoplePersonalData,
    P::kPeopleExport,     P::kPeopleImport,      P::kServicesRead,
    P::kServicesHandle,   P::kCatalogueManage,   P::kEventsReport,
    P::kEventsRead,       P::kEventsHandle,      P::kEventsEscalate,
    P::kEventsDepartment, P::kEventsSupervise,   P::kEventsManage,
    P::kAuditRead,        P::kFacilitiesRead,    P::kFacilitiesManage,
    P::kFacilitiesImport, P::kJobsManage,        P::kKiosksManage,
    P::kSelfServices,     P::kSelfHousehold,     P::kIndicatorsRead,
    P::kIndicatorsReport, P::kIndicatorsApprove, P::kCareRead,
    P::kCareManage,       P::kCareVisit,         P::kCareMinors,
    P::kCareHealth,       P::kHomecareRead,      P::kHomecareManage,
    P::kHomecareOrder,    P::kHomecareServe,     P::kMinorsReport,
    P::kCharityRead,      P::kCharityManage,     P::kCharityApprove,
    P::kVolunteersRead,   P::kVolunteersManage,  P::kVolunteersVerify,
    P::kVolunteerSelf,    P::kSocialOrgsRead,    P::kSocialOrgsManage,
    P::kSocialOrgsReport, P::kSocialWorkRead,    P::kSocialWorkManage,
    P::kSocialWorkRecord};

// The contract, written out independently of principal.cpp: role -> allowed permissions.
const std::map<std::string, std::set<P>> kExpected = {
    {"city_admin", {P::kDivisionsRead,    P::kDivisionsManage,  P::kGridsRead,
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
                    P::kSocialWorkRecord}},
    {"department_officer",
     {P::kDivisionsRead, P::kGridsRead, P::kSelf, P::kEventsDepartment, P::kIndicatorsRead,
      P::kIndicatorsReport, P::kSocialOrgsRead}},
    {"county_official",
     {P::kDivisionsRead,
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
      P::kCareMinors,
      P::kCareHealth,
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
      P::kSocialWorkRecord}},
    {"town_official",
     {P::kDivisionsRead,
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
      P::kSocialWorkRecord}},
    {"community_worker",
     {P::kDivisionsRead,  P::kGridsRead,        P::kGridsManage,      P::kSelf,
      P::kAccountsManage, P::kPeopleRead,       P::kPeopleManage,     P::kPeoplePersonalData,
      P::kPeopleExport,   P::kPeopleImport,     P::kServicesRead,     P::kServicesHandle,
      P::kEventsReport,   P::kEventsRead,       P::kEventsHandle,     P::kEventsEscalate,
      P::kFacilitiesRead, P::kFacilitiesManage, P::kFacilitiesImport, P::kKiosksManage,
      P::kIndicatorsRead, P::kIndicatorsReport, P::kCareRead,         P::kCareManage,
      P::kCareVisit,      P::kHomecareRead,     P::kHomecareOrder,    P::kCharityRead,
      P::kCharityManage,  P::kVolunteersRead,   P::kVolunteersManage, P::kVolunteersVerify,
      P::kSocialOrgsRead, P::kSocialOrgsManage, P::kSocialWorkRead}},
    {"grid_worker",
     {P::kDivisionsRead, P::kGridsRead, P::kSelf, P::kPeopleRead, P::kPeopleManage,
      P::kServicesRead, P::kServicesHandle, P::kEventsReport, P::kEventsRead, P::kEventsHandle,
      P::kFacilitiesRead, P::kFacilitiesManage, P::kCareRead, P::kCareVisit, P::kHomecareRead,
      P::kHomecareOrder}},
    {"social_org", {P::kDivisionsRead, P::kSelf, P::kSocialOrgsReport}},
    {"volunteer", {P::kDivisionsRead, P::kSelf, P::kVolunteerSelf}},
    {"resident",
     {P::kDivisionsRead, P::kSelf, P::kEventsReport, P::kSelfServices, P::kSelfHousehold}},
    {"provider", {P::kDivisionsRead, P::kSelf, P::kHomecareServe}},
    {"institution", {P::kDivisionsRead, P::kSelf, P::kMinorsReport}},
};

TEST(PrincipalTest, EveryRoleHasExactlyItsPermissions) {
  ASSERT_EQ(AllRoles().size(), kExpected.size());
  int checked = 0;
  for (const auto& [role_name, allowed] : kExpected) {
    const auto role = RoleFromName(role_name);
    ASSERT_TRUE(role.has_value()) << role_name;
    EXPECT_EQ(RoleName(*role), role_name);
    Principal principal;
    principal.grants.push_back({*role, "321002001", "民政局"});
    for (P permission : kAllPermissions) {
      SCOPED_TRACE(role_name + " " + std::string(PermissionName(permission)));
      const bool expected = allowed.count(permission) > 0;
      EXPECT_EQ(principal.Has(permission), expected);
      const core::Scope scope = principal.ScopeFor(permission);
      EXPECT_FALSE(scope.all);
      if (expected) {
        EXPECT_EQ(scope.prefixes, std::vector<std::string>{"321002001"});
        EXPECT_TRUE(scope.Covers("321002001001"));
        EXPECT_FALSE(scope.Covers("321002002001"));
      } else {
        EXPECT_TRUE(scope.Empty());
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 11 * static_cast<int>(kAllPermissions.size()));
}

TEST(PrincipalTest, ScopeIsTheUnionOfGrantsHoldingThePermission) {
  Principal principal;
  principal.grants.push_back({Role::kTownOfficial, "321002001", ""});
  principal.grants.push_back({Role::kGridWorker, "321003002001001", ""});
  principal.grants.push_back({Role::kCommunityWorker, "321002001005", ""});  // inside the town
  const core::Scope manage = principal.ScopeFor(P::kAccountsManage);
  EXPECT_EQ(manage.prefixes, std::vector<std::string>{"321002001"});
  const core::Scope read = principal.ScopeFor(P::kGridsRead);
  EXPECT_EQ(read.prefixes, (std::vector<std::string>{"321002001", "321003002001001"}));
  EXPECT_TRUE(principal.ScopeFor(P::kDivisionsManage).Empty());
}

TEST(PrincipalTest, ADutyAddsItsRestrictedPermissionInsideItsGrant) {
  Principal principal;
  principal.grants.push_back({Role::kCommunityWorker, "321002001005", "", Duty::kChildrenDirector});
  principal.grants.push_back({Role::kCommunityWorker, "321002001006", ""});
  EXPECT_TRUE(principal.Has(P::kCareMinors));
  EXPECT_FALSE(principal.Has(P::kCareHealth));
  EXPECT_EQ(principal.ScopeFor(P::kCareMinors).prefixes, std::vector<std::string>{"321002001005"});
  EXPECT_EQ(principal.ScopeFor(P::kCareRead).prefixes,
            (std::vector<std::string>{"321002001005", "321002001006"}));
  for (Duty duty :
       {Duty::kNone, Duty::kChildrenDirector, Duty::kHealthLiaison, Duty::kSocialWorker}) {
    EXPECT_EQ(DutyFromName(DutyName(duty)), duty);
  }
  EXPECT_FALSE(DutyFromName("mayor").has_value());
  EXPECT_EQ(DutyPermissions(Duty::kHealthLiaison), std::vector<P>{P::kCareHealth});
  EXPECT_EQ(DutyPermissions(Duty::kSocialWorker),
            (std::vector<P>{P::kSocialWorkRead, P::kSocialWorkRecord}));
}

TEST(PrincipalTest, NoGrantsMeansNothing) {
  Principal principal;
  for (P permission : kAllPermissions) {
    EXPECT_FALSE(principal.Has(permission));
    EXPECT_TRUE(principal.ScopeFor(permission).Empty());
  }
  EXPECT_FALSE(RoleFromName("root").has_value());
}

}  // namespace
}  // namespace linli::access

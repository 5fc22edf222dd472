#include "domain/access/caller.hpp"

#include <gtest/gtest.h>

namespace linli::access {
namespace {

Principal TownOfficial() {
  Principal principal;
  principal.account_id = 42;
  principal.username = "dongguan";
  principal.display_name = "东关街道";
  principal.grants.push_back(RoleGrant{Role::kTownOfficial, "321002001", ""});
  principal.grants.push_back(RoleGrant{Role::kCommunityWorker, "321002002001", ""});
  return principal;
}

TEST(CallerTest, ScopeIsTheUnionOfTheGrantsHoldingThePermission) {
  Caller caller(TownOfficial(), "10.1.2.3", "r-1");
  EXPECT_TRUE(caller.Has(Permission::kPeopleRead));
  EXPECT_FALSE(caller.Has(Permission::kCatalogueManage));
  const core::Scope read = caller.ScopeFor(Permission::kPeopleRead);
  EXPECT_TRUE(read.Covers("321002001003"));
  EXPECT_TRUE(read.Covers("321002002001"));
  EXPECT_FALSE(read.Covers("321002002002"));
  EXPECT_TRUE(caller.ScopeFor(Permission::kCatalogueManage).Empty());
  EXPECT_TRUE(caller.HasRole(Role::kCommunityWorker));
  EXPECT_FALSE(caller.HasRole(Role::kCityAdmin));
  EXPECT_FALSE(caller.IsSystem());
}

TEST(CallerTest, PlaceOfIsTheScopeOfTheFirstGrantOfTheFirstRoleHeld) {
  Caller caller(TownOfficial(), "10.1.2.3", "r-1");
  EXPECT_EQ(caller.PlaceOf({Role::kCommunityWorker}), "321002002001");
  EXPECT_EQ(caller.PlaceOf({Role::kCommunityWorker, Role::kTownOfficial}), "321002002001");
  EXPECT_EQ(caller.PlaceOf({Role::kTownOfficial, Role::kCommunityWorker}), "321002001");
  EXPECT_EQ(caller.PlaceOf({Role::kGridWorker}), "");
  EXPECT_EQ(Caller::System().PlaceOf({Role::kCityAdmin}), "");
}

TEST(CallerTest, AuditEntryNamesTheCallerAndTheRequest) {
  Caller caller(TownOfficial(), "10.1.2.3", "r-1");
  audit::AuditEntry entry = caller.AuditEntry(audit::AuditAction::kRead, "resident", "7",
                                              "321002001003", "{}", 1'700'000'000'000);
  EXPECT_EQ(entry.actor_id, 42);
  EXPECT_EQ(entry.actor_name, "dongguan");
  EXPECT_EQ(entry.remote_address, "10.1.2.3");
  EXPECT_EQ(entry.request_id, "r-1");
  EXPECT_EQ(entry.subject_type, "resident");
  EXPECT_EQ(entry.subject_id, "7");
  EXPECT_EQ(entry.division_code, "321002001003");
  EXPECT_EQ(entry.at, 1'700'000'000'000);
}

TEST(CallerTest, SystemHoldsEveryPermissionEverywhere) {
  const Caller system = Caller::System();
  EXPECT_TRUE(system.IsSystem());
  EXPECT_EQ(system.username(), "system");
  EXPECT_EQ(system.account_id(), 0);
  EXPECT_TRUE(system.Has(Permission::kCatalogueManage));
  EXPECT_TRUE(system.ScopeFor(Permission::kPeoplePersonalData).Covers("6501"));
  EXPECT_FALSE(system.HasRole(Role::kCityAdmin));
  EXPECT_EQ(system.AuditEntry(audit::AuditAction::kImport, "x", "", "", "", 0).actor_name,
            "system");
}

}  // namespace
}  // namespace linli::access

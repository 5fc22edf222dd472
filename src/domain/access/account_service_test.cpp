#include "domain/access/account_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/access/internal/fake_repositories.hpp"

namespace linli::access {
namespace {

constexpr char kPassword[] = "Linli-pass-2026";

class AccountServiceTest : public ::testing::Test {
 protected:
  AccountServiceTest() : clock_(1'760'000'000'000) {
    SessionOptions options;
    options.password_hash = PasswordHashParams{1, 1024, 1};
    sessions_ = std::make_unique<SessionService>(account_repository_, session_repository_,
                                                 failure_repository_, clock_, options);
    service_ = std::make_unique<AccountService>(
        account_repository_, *sessions_, clock_,
        [this](std::string_view code) { return !unknown_codes_.count(std::string(code)); });
    admin_ = CommandLineCaller("3210");
    town_ = MakeAccount(admin_, "dongguan", Role::kTownOfficial, "321002001");
  }

  Caller MakeAccount(const Caller& caller, const std::string& username, Role role,
                     const std::string& scope, const std::string& department = "") {
    auto created = service_->Create(
        caller, NewAccount{username, "", kPassword, {RoleGrant{role, scope, department}}});
    EXPECT_TRUE(created.ok()) << username << ": " << created.error().message;
    Principal principal;
    if (created.ok()) {
      principal.account_id = created->id;
      principal.username = created->username;
      principal.grants = created->grants;
    }
    return Caller(std::move(principal), "", "");
  }

  core::Result<Account> Create(const Caller& caller, const std::string& username,
                               std::vector<RoleGrant> grants,
                               const std::string& password = kPassword) {
    return service_->Create(caller, NewAccount{username, "张三", password, std::move(grants)});
  }

  std::set<std::string> ListNames(const Caller& caller, const std::string& q = "") {
    std::set<std::string> names;
    core::PageRequest page;
    while (true) {
      auto result = service_->List(caller, AccountQuery{q}, page);
      EXPECT_TRUE(result.ok());
      if (!result.ok()) break;
      for (const auto& account : result->items) names.insert(account.username);
      if (!result->next_cursor) break;
      page.after = *core::DecodeCursor(*result->next_cursor);
    }
    return names;
  }

  core::ManualClock clock_;
  testing::FakeAccountRepository account_repository_;
  testing::FakeSessionRepository session_repository_;
  testing::FakeLoginFailureRepository failure_repository_;
  std::unique_ptr<SessionService> sessions_;
  std::unique_ptr<AccountService> service_;
  std::set<std::string> unknown_codes_;
  Caller admin_ = Caller::System();
  Caller town_ = Caller::System();
};

TEST_F(AccountServiceTest, CreateStoresAHashAndReturnsNoSecret) {
  auto created = Create(admin_, "worker1", {{Role::kCommunityWorker, "321002001001", "ignored"}});
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_GT(created->id, 0);
  EXPECT_TRUE(created->password_hash.empty());
  EXPECT_EQ(created->display_name, "张三");
  EXPECT_EQ(created->grants[0].department, "");  // only department officers keep one
  EXPECT_EQ(created->created_at, clock_.NowMillis());
  auto stored = account_repository_.FindByUsername("worker1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_TRUE(VerifyPassword(kPassword, (*stored)->password_hash));
  EXPECT_EQ(
      PermissionsOf(created->grants),
      (std::vector<Permission>{
          Permission::kDivisionsRead, Permission::kGridsRead, Permission::kGridsManage,
          Permission::kSelf, Permission::kPeopleRead, Permission::kPeopleManage,
          Permission::kPeoplePersonalData, Permission::kPeopleExport, Permission::kPeopleImport,
          Permission::kEventsReport, Permission::kEventsRead, Permission::kEventsHandle,
          Permission::kEventsEscalate, Permission::kServicesRead, Permission::kServicesHandle}));
}

struct InvalidCase {
  std::string name;
  std::string username;
  std::vector<RoleGrant> grants;
  std::string password;
  core::ErrorCode code;
  std::string field;
};

TEST_F(AccountServiceTest, RejectsInvalidInput) {
  unknown_codes_.insert("321002099");
  const std::vector<InvalidCase> cases = {
      {"short username",
       "ab",
       {{Role::kResident, "3210", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "username"},
      {"upper case",
       "Abc",
       {{Role::kResident, "3210", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "username"},
      {"33 characters",
       std::string(33, 'a'),
       {{Role::kResident, "3210", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "username"},
      {"weak password",
       "valid.name",
       {{Role::kResident, "3210", ""}},
       "password",
       core::ErrorCode::kValidationFailed,
       "password"},
      {"no grants", "valid.name", {}, kPassword, core::ErrorCode::kValidationFailed, "grants"},
      {"bad code",
       "valid.name",
       {{Role::kResident, "32100", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "grants"},
      {"no department",
       "valid.name",
       {{Role::kDepartmentOfficer, "3210", " "}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "grants"},
      {"unknown division",
       "valid.name",
       {{Role::kResident, "321002099", ""}},
       kPassword,
       core::ErrorCode::kNotFound,
       ""},
      {"taken",
       "dongguan",
       {{Role::kResident, "3210", ""}},
       kPassword,
       core::ErrorCode::kAlreadyExists,
       "username"},
  };
  for (const auto& c : cases) {
    auto result = Create(admin_, c.username, c.grants, c.password);
    ASSERT_FALSE(result.ok()) << c.name;
    EXPECT_EQ(result.error().code, c.code) << c.name << ": " << result.error().message;
    EXPECT_EQ(result.error().field, c.field) << c.name;
  }
  EXPECT_TRUE(Create(admin_, "officer", {{Role::kDepartmentOfficer, "3210", "市民政局"}}).ok());
}

TEST_F(AccountServiceTest, TownOfficialStaysInsideTheTown) {
  // Another town: 404, as if it did not exist.
  auto other_town = Create(town_, "xiaoli", {{Role::kCommunityWorker, "321002002001", ""}});
  ASSERT_FALSE(other_town.ok());
  EXPECT_EQ(other_town.error().code, core::ErrorCode::kNotFound);
  // The county above: 404 too.
  EXPECT_EQ(Create(town_, "xiaoli", {{Role::kResident, "321002", ""}}).error().code,
            core::ErrorCode::kNotFound);
  // One grant inside and one outside: refused as a whole.
  EXPECT_FALSE(Create(town_, "xiaoli",
                      {{Role::kResident, "321002001001", ""}, {Role::kResident, "321003", ""}})
                   .ok());
  // Inside the town, at or below its rank: fine.
  EXPECT_TRUE(Create(town_, "worker", {{Role::kCommunityWorker, "321002001001", ""}}).ok());
  EXPECT_TRUE(Create(town_, "deputy", {{Role::kTownOfficial, "321002001", ""}}).ok());
  EXPECT_TRUE(Create(town_, "gridder", {{Role::kGridWorker, "321002001001001", ""}}).ok());
}

TEST_F(AccountServiceTest, NoRoleAboveYourOwn) {
  for (Role role : {Role::kCityAdmin, Role::kCountyOfficial, Role::kDepartmentOfficer}) {
    auto result = Create(town_, "climber", {{role, "321002001", "部门"}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::ErrorCode::kPermissionDenied) << RoleName(role);
  }
  Caller county = MakeAccount(admin_, "guangling", Role::kCountyOfficial, "321002");
  EXPECT_EQ(Create(county, "boss", {{Role::kCityAdmin, "321002", ""}}).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Create(county, "boss", {{Role::kTownOfficial, "321002003", ""}}).ok());
  // Only a city_admin makes a city_admin.
  EXPECT_TRUE(Create(admin_, "admin2", {{Role::kCityAdmin, "3210", ""}}).ok());
}

TEST_F(AccountServiceTest, WithoutAccountsManageNothingIsAllowed) {
  Caller worker = MakeAccount(town_, "worker", Role::kCommunityWorker, "321002001001");
  auto created = Create(worker, "resident1", {{Role::kResident, "321002001001", ""}});
  EXPECT_EQ(created.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->List(worker, {}, {}).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Get(worker, "worker").error().code, core::ErrorCode::kPermissionDenied);
}

TEST_F(AccountServiceTest, ListShowsOnlyAccountsWhollyInside) {
  MakeAccount(admin_, "town2", Role::kTownOfficial, "321002002");
  MakeAccount(town_, "worker.a", Role::kCommunityWorker, "321002001001");
  MakeAccount(town_, "worker.b", Role::kCommunityWorker, "321002001002");
  ASSERT_TRUE(Create(admin_, "straddler",
                     {{Role::kResident, "321002001001", ""}, {Role::kResident, "321002002001", ""}})
                  .ok());
  EXPECT_EQ(ListNames(town_), (std::set<std::string>{"dongguan", "worker.a", "worker.b"}));
  EXPECT_EQ(ListNames(admin_),
            (std::set<std::string>{"dongguan", "straddler", "town2", "worker.a", "worker.b"}));
  EXPECT_EQ(ListNames(town_, "worker"), (std::set<std::string>{"worker.a", "worker.b"}));
  // Paging: one at a time still yields everything once.
  core::PageRequest page{1, ""};
  auto first = service_->List(town_, {}, page);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_TRUE(first->next_cursor.has_value());
  EXPECT_TRUE(first->items[0].password_hash.empty());

  EXPECT_EQ(service_->Get(town_, "town2").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(town_, "straddler").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(town_, "nobody").error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(service_->Get(town_, "worker.a").ok());
}

TEST_F(AccountServiceTest, DisableAndResetRespectScopeAndRank) {
  MakeAccount(admin_, "town2", Role::kTownOfficial, "321002002");
  MakeAccount(town_, "worker.a", Role::kCommunityWorker, "321002001001");
  EXPECT_EQ(service_->Disable(town_, "town2").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->ResetPassword(town_, "town2", "New-password1").error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Disable(town_, "dongguan").error().code,
            core::ErrorCode::kFailedPrecondition);  // not yourself

  // A city_admin whose scope happens to lie inside the town is still above the town official.
  MakeAccount(admin_, "odd.admin", Role::kCityAdmin, "321002001005");
  EXPECT_EQ(service_->Disable(town_, "odd.admin").error().code, core::ErrorCode::kPermissionDenied);

  auto disabled = service_->Disable(town_, "worker.a");
  ASSERT_TRUE(disabled.ok());
  EXPECT_TRUE(disabled->disabled);
  EXPECT_TRUE(service_->Disable(town_, "worker.a").ok());  // idempotent
  EXPECT_TRUE(service_->Get(town_, "worker.a")->disabled);
}

TEST_F(AccountServiceTest, ResetPasswordEndsSessionsAndClearsLockout) {
  MakeAccount(town_, "worker.a", Role::kCommunityWorker, "321002001001");
  auto login = sessions_->Login("worker.a", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  for (int i = 0; i < 5; ++i) (void)sessions_->Login("worker.a", "Wrong-pass1", "127.0.0.2");
  EXPECT_EQ(sessions_->Login("worker.a", kPassword, "127.0.0.2").error().code,
            core::ErrorCode::kResourceExhausted);

  EXPECT_EQ(service_->ResetPassword(town_, "worker.a", "short").error().field, "password");
  ASSERT_TRUE(service_->ResetPassword(town_, "worker.a", "Brand-new-2026").ok());
  EXPECT_FALSE(sessions_->Authenticate(login->token, false).ok());
  EXPECT_FALSE(sessions_->Login("worker.a", kPassword, "127.0.0.3").ok());
  EXPECT_TRUE(sessions_->Login("worker.a", "Brand-new-2026", "127.0.0.3").ok());
}

TEST(AccountServiceBootstrapTest, CreatesTheFirstAdministratorOnce) {
  core::ManualClock clock(1'760'000'000'000);
  testing::FakeAccountRepository accounts;
  testing::FakeSessionRepository session_repository;
  testing::FakeLoginFailureRepository failures;
  SessionOptions options;
  options.password_hash = PasswordHashParams{1, 1024, 1};
  SessionService sessions(accounts, session_repository, failures, clock, options);
  // The divisions are not imported yet: the predicate says nothing exists.
  AccountService service(accounts, sessions, clock, [](std::string_view) { return false; });

  EXPECT_EQ(service.Bootstrap("32100", "admin", kPassword).error().code,
            core::ErrorCode::kValidationFailed);
  EXPECT_EQ(service.Bootstrap("3210", "admin", "weak").error().field, "password");
  auto first = service.Bootstrap("3210", "admin", kPassword);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(*first);
  auto second = service.Bootstrap("3210", "other", kPassword);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  EXPECT_EQ(*accounts.Count(), 1);

  auto login = sessions.Login("admin", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->principal.grants[0].role, Role::kCityAdmin);
  EXPECT_EQ(login->principal.grants[0].scope_code, "3210");
}

}  // namespace
}  // namespace linli::access

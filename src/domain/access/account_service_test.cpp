#include "domain/access/account_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "domain/access/delegation.hpp"
#include "domain/access/internal/fake_repositories.hpp"

namespace linli::access {
namespace {

constexpr char kPassword[] = "Linli-pass-2026";

using testing::RecordingAuditLog;

class AccountServiceTest : public ::testing::Test {
 protected:
  AccountServiceTest() : clock_(1'760'000'000'000) {
    SessionOptions options;
    options.password_hash = PasswordHashParams{1, 1024, 1};
    sessions_ = std::make_unique<SessionService>(account_repository_, session_repository_,
                                                 failure_repository_, clock_, options);
    service_ = std::make_unique<AccountService>(
        account_repository_, *sessions_, clock_,
        AccountHooks{
            .division_exists =
                [this](std::string_view code) { return !unknown_codes_.count(std::string(code)); },
            .department_exists = [](std::string_view name) { return name != "不存在的局"; },
            .audit_log = &audit_log_,
            .notify =
                [this](int64_t account_id, std::string text) {
                  notices_.push_back({account_id, text});
                },
            .sms_soon = nullptr});
    admin_ = CommandLineCaller("3210");
    town_ = MakeAccount(admin_, "dongguan", Role::kTownOfficial, "321002001");
  }

  Caller MakeAccount(const Caller& caller, const std::string& username, Role role,
                     const std::string& scope, const std::string& department = "") {
    auto created = service_->Create(
        caller, NewAccount{username, "", kPassword, {RoleGrant{role, scope, department}}, ""});
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
    return service_->Create(caller, NewAccount{username, "张三", password, std::move(grants), ""});
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
  RecordingAuditLog audit_log_;
  std::vector<std::pair<int64_t, std::string>> notices_;
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
  EXPECT_EQ(PermissionsOf(created->grants),
            (std::vector<Permission>{Permission::kDivisionsRead,
                                     Permission::kGridsRead,
                                     Permission::kGridsManage,
                                     Permission::kAccountsManage,
                                     Permission::kSelf,
                                     Permission::kPeopleRead,
                                     Permission::kPeopleManage,
                                     Permission::kPeoplePersonalData,
                                     Permission::kPeopleExport,
                                     Permission::kPeopleImport,
                                     Permission::kEventsReport,
                                     Permission::kEventsRead,
                                     Permission::kEventsHandle,
                                     Permission::kEventsEscalate,
                                     Permission::kServicesRead,
                                     Permission::kServicesHandle,
                                     Permission::kFacilitiesRead,
                                     Permission::kFacilitiesManage,
                                     Permission::kFacilitiesImport,
                                     Permission::kKiosksManage,
                                     Permission::kIndicatorsRead,
                                     Permission::kIndicatorsReport,
                                     Permission::kCareRead,
                                     Permission::kCareManage,
                                     Permission::kCareVisit,
                                     Permission::kHomecareRead,
                                     Permission::kHomecareOrder,
                                     Permission::kCharityRead,
                                     Permission::kCharityManage,
                                     Permission::kVolunteersRead,
                                     Permission::kVolunteersManage,
                                     Permission::kVolunteersVerify,
                                     Permission::kSocialOrgsRead,
                                     Permission::kSocialOrgsManage,
                                     Permission::kSocialWorkRead}));
}

TEST_F(AccountServiceTest, ADutyIsACommunityWorkersOnACommunity) {
  auto director = Create(admin_, "director1",
                         {{Role::kCommunityWorker, "321002001001", "", Duty::kChildrenDirector}});
  ASSERT_TRUE(director.ok()) << director.error().message;
  EXPECT_EQ(director->grants[0].duty, Duty::kChildrenDirector);
  const auto permissions = PermissionsOf(director->grants);
  EXPECT_NE(std::find(permissions.begin(), permissions.end(), Permission::kCareMinors),
            permissions.end());
  auto grid = Create(admin_, "director2",
                     {{Role::kGridWorker, "321002001001001", "", Duty::kHealthLiaison}});
  ASSERT_FALSE(grid.ok());
  EXPECT_EQ(grid.error().field, "grants");
  auto town = Create(admin_, "director3",
                     {{Role::kCommunityWorker, "321002001", "", Duty::kChildrenDirector}});
  ASSERT_FALSE(town.ok());
  EXPECT_EQ(town.error().field, "grants");
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
  unknown_codes_.insert("321002099001");
  const std::vector<InvalidCase> cases = {
      {"short username",
       "ab",
       {{Role::kResident, "321002001001", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "username"},
      {"upper case",
       "Abc",
       {{Role::kResident, "321002001001", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "username"},
      {"33 characters",
       std::string(33, 'a'),
       {{Role::kResident, "321002001001", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "username"},
      {"weak password",
       "valid.name",
       {{Role::kResident, "321002001001", ""}},
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
       {{Role::kResident, "321002099001", ""}},
       kPassword,
       core::ErrorCode::kNotFound,
       ""},
      {"a community worker over a town",
       "valid.name",
       {{Role::kCommunityWorker, "321002001", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "grants"},
      {"a grid worker over a community",
       "valid.name",
       {{Role::kGridWorker, "321002001001", ""}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "grants"},
      {"a department not on the city's list",
       "valid.name",
       {{Role::kDepartmentOfficer, "3210", "不存在的局"}},
       kPassword,
       core::ErrorCode::kValidationFailed,
       "grants"},
      {"taken",
       "dongguan",
       {{Role::kResident, "321002001001", ""}},
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
  // Another county: 404 too.
  EXPECT_EQ(Create(town_, "xiaoli", {{Role::kCommunityWorker, "321003001001", ""}}).error().code,
            core::ErrorCode::kNotFound);
  // One grant inside and one outside: refused as a whole.
  EXPECT_FALSE(
      Create(town_, "xiaoli",
             {{Role::kVolunteer, "321002001001", ""}, {Role::kVolunteer, "321003001001", ""}})
          .ok());
  // Inside the town, the roles a town official delegates: fine.
  EXPECT_TRUE(Create(town_, "worker", {{Role::kCommunityWorker, "321002001001", ""}}).ok());
  EXPECT_TRUE(Create(town_, "gridder", {{Role::kGridWorker, "321002001001001", ""}}).ok());
  EXPECT_TRUE(Create(town_, "helper", {{Role::kVolunteer, "321002001001", ""}}).ok());
}

// Issue 15 item 1: delegation is the table, not a rank. A town official made a community worker
// over the whole town, which then read unmasked personal data of the town.
TEST_F(AccountServiceTest, GrantsFollowTheDelegationTable) {
  // Not a peer, not above, not at a level the role does not have.
  EXPECT_EQ(Create(town_, "deputy", {{Role::kTownOfficial, "321002001", ""}}).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(Create(town_, "wide", {{Role::kCommunityWorker, "321002001", ""}}).error().code,
            core::ErrorCode::kValidationFailed);
  EXPECT_EQ(Create(town_, "officer", {{Role::kDepartmentOfficer, "3210", "市民政局"}}).error().code,
            core::ErrorCode::kNotFound);  // the city is outside the town
  EXPECT_TRUE(Create(town_, "resident1", {{Role::kResident, "321002001001", ""}}).ok());
  // A community worker keeps its community's residents' accounts and nothing else.
  Caller worker = MakeAccount(town_, "worker", Role::kCommunityWorker, "321002001001");
  EXPECT_TRUE(Create(worker, "resident2", {{Role::kResident, "321002001001", ""}}).ok());
  EXPECT_EQ(Create(worker, "resident3", {{Role::kResident, "321002001002", ""}}).error().code,
            core::ErrorCode::kNotFound);  // another community
  EXPECT_EQ(Create(worker, "gridder", {{Role::kGridWorker, "321002001001001", ""}}).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(Create(worker, "peer", {{Role::kCommunityWorker, "321002001001", ""}}).error().code,
            core::ErrorCode::kPermissionDenied);
  Caller county = MakeAccount(admin_, "guangling", Role::kCountyOfficial, "321002");
  EXPECT_EQ(Create(county, "peer", {{Role::kCountyOfficial, "321002", ""}}).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(Create(county, "boss", {{Role::kCityAdmin, "3210", ""}}).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_TRUE(Create(county, "boss", {{Role::kTownOfficial, "321002003", ""}}).ok());
  // An administrator signed in on the web makes no administrator; the command line does.
  Caller city = MakeAccount(admin_, "admin2", Role::kCityAdmin, "3210");
  EXPECT_EQ(Create(city, "admin3", {{Role::kCityAdmin, "3210", ""}}).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Create(city, "county2", {{Role::kCountyOfficial, "321003", ""}}).ok());
  EXPECT_TRUE(Create(city, "officer", {{Role::kDepartmentOfficer, "321003", "市民政局"}}).ok());
  // Every table row names a level the granted role may have.
  for (const Delegation& row : Delegations()) {
    const auto levels = ScopeLevels(row.granted);
    EXPECT_NE(std::find(levels.begin(), levels.end(), row.level), levels.end())
        << RoleName(row.manager) << " -> " << RoleName(row.granted);
  }
  // Every grant is audited with what was granted.
  ASSERT_FALSE(audit_log_.entries.empty());
  const audit::AuditEntry& last = audit_log_.entries.back();
  EXPECT_EQ(last.action, audit::AuditAction::kCreate);
  EXPECT_EQ(last.subject_type, "account");
  EXPECT_EQ(last.subject_id, "officer");
  EXPECT_EQ(last.actor_name, "admin2");
  EXPECT_NE(last.detail.find("department_officer"), std::string::npos);
}

TEST_F(AccountServiceTest, WithoutAccountsManageNothingIsAllowed) {
  Caller worker = MakeAccount(town_, "gridder", Role::kGridWorker, "321002001001001");
  auto created = Create(worker, "resident1", {{Role::kResident, "321002001001", ""}});
  EXPECT_EQ(created.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->List(worker, {}, {}).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Get(worker, "gridder").error().code, core::ErrorCode::kPermissionDenied);
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
  EXPECT_EQ(service_->ResetPassword(town_, "town2").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Disable(town_, "dongguan").error().code,
            core::ErrorCode::kFailedPrecondition);  // not yourself

  // A peer in the same town: never managed by a peer.
  MakeAccount(admin_, "peer", Role::kTownOfficial, "321002001");
  EXPECT_EQ(service_->Disable(town_, "peer").error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->ResetPassword(town_, "peer").error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->SetGrants(town_, "peer", {{Role::kCommunityWorker, "321002001001", ""}})
                .error()
                .code,
            core::ErrorCode::kPermissionDenied);

  auto disabled = service_->Disable(town_, "worker.a");
  ASSERT_TRUE(disabled.ok());
  EXPECT_TRUE(disabled->disabled);
  EXPECT_TRUE(service_->Disable(town_, "worker.a").ok());  // idempotent
  EXPECT_TRUE(service_->Get(town_, "worker.a")->disabled);
}

// Issue 15 item 2: the manager never chooses the holder's password; the holder must change the
// temporary one, is told of the reset, and changing one's own password needs the old one.
TEST_F(AccountServiceTest, ResetGivesATemporaryPasswordTheHolderMustChange) {
  MakeAccount(town_, "worker.a", Role::kCommunityWorker, "321002001001");
  auto login = sessions_->Login("worker.a", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  for (int i = 0; i < 5; ++i) (void)sessions_->Login("worker.a", "Wrong-pass1", "127.0.0.2");
  EXPECT_EQ(sessions_->Login("worker.a", kPassword, "127.0.0.2").error().code,
            core::ErrorCode::kResourceExhausted);

  auto reset = service_->ResetPassword(town_, "worker.a");
  ASSERT_TRUE(reset.ok()) << reset.error().message;
  EXPECT_EQ(reset->temporary_password.size(), 16u);
  EXPECT_NE(service_->ResetPassword(town_, "worker.a")->temporary_password,
            reset->temporary_password);
  const std::string temporary = service_->ResetPassword(town_, "worker.a")->temporary_password;
  EXPECT_FALSE(sessions_->Authenticate(login->token, false).ok());  // sessions ended
  EXPECT_FALSE(sessions_->Login("worker.a", kPassword, "127.0.0.3").ok());
  auto holder = sessions_->Login("worker.a", temporary, "127.0.0.3");  // lockout cleared
  ASSERT_TRUE(holder.ok()) << holder.error().message;
  EXPECT_TRUE(holder->principal.must_change_password);
  ASSERT_FALSE(notices_.empty());
  EXPECT_EQ(notices_.back().first, holder->account.id);
  EXPECT_NE(notices_.back().second.find("重置"), std::string::npos);
  EXPECT_EQ(service_->ResetPassword(town_, "dongguan").error().code,
            core::ErrorCode::kFailedPrecondition);  // one's own: the change, with the old one

  const Caller self(holder->principal, "127.0.0.3", "r1");
  EXPECT_EQ(service_->ChangeOwnPassword(self, "Not-the-password1", "Brand-new-2026").error().field,
            "current_password");
  EXPECT_EQ(service_->ChangeOwnPassword(self, temporary, "short").error().field, "password");
  EXPECT_EQ(service_->ChangeOwnPassword(self, temporary, "worker.a-2026-x").error().field,
            "password");  // contains the username
  auto changed = service_->ChangeOwnPassword(self, temporary, "Brand-new-2026");
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_FALSE(changed->principal.must_change_password);
  EXPECT_FALSE(sessions_->Authenticate(holder->token, false).ok());
  EXPECT_TRUE(sessions_->Authenticate(changed->token, false).ok());
  auto again = sessions_->Login("worker.a", "Brand-new-2026", "127.0.0.4");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->principal.must_change_password);
}

// Issue 15 item 2 (decision 0020): where an SMS gateway sends (the hook is set) and the holder
// has a phone, the temporary password goes to the holder by SMS — written with the hash in one
// repository call — and the manager's answer holds none; otherwise it is shown once.
TEST_F(AccountServiceTest, WithAGatewayTheResetGoesToTheHoldersPhoneNotToTheManager) {
  const RoleGrant grant{Role::kCommunityWorker, "321002001001", ""};
  ASSERT_TRUE(
      service_->Create(town_, NewAccount{"worker.p", "", kPassword, {grant}, "13812345678"}).ok());
  ASSERT_TRUE(service_->Create(town_, NewAccount{"worker.n", "", kPassword, {grant}, ""}).ok());
  // Without the hook (no gateway, or only the logging adapter): shown once, phone or not.
  auto shown = service_->ResetPassword(town_, "worker.p");
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  EXPECT_EQ(shown->delivered_to, PasswordDelivery::kShownOnce);
  EXPECT_EQ(shown->temporary_password.size(), 16u);
  EXPECT_TRUE(account_repository_.reset_messages.empty());

  int nudges = 0;
  AccountHooks hooks;
  hooks.audit_log = &audit_log_;
  hooks.notify = [this](int64_t account_id, std::string text) {
    notices_.push_back({account_id, text});
  };
  hooks.sms_soon = [&nudges] { ++nudges; };
  AccountService by_sms(account_repository_, *sessions_, clock_, std::move(hooks));
  const size_t notices_before = notices_.size();
  auto login = sessions_->Login("worker.p", shown->temporary_password, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  auto sent = by_sms.ResetPassword(town_, "worker.p");
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(sent->delivered_to, PasswordDelivery::kSms);
  EXPECT_EQ(PasswordDeliveryName(sent->delivered_to), "sms");
  EXPECT_TRUE(sent->temporary_password.empty());
  EXPECT_EQ(sent->masked_phone, "138****5678");
  EXPECT_EQ(nudges, 1);
  EXPECT_FALSE(sessions_->Authenticate(login->token, false).ok());  // sessions ended
  ASSERT_EQ(account_repository_.reset_messages.size(), 1u);
  const auto& [account_id, message] = account_repository_.reset_messages[0];
  const std::string marker = "临时密码：";
  const size_t at = message.sms_text.find(marker);
  ASSERT_NE(at, std::string::npos) << message.sms_text;
  const std::string temporary = message.sms_text.substr(at + marker.size(), 16);
  EXPECT_NE(message.sms_text.find("worker.p"), std::string::npos);
  // The bell (written with it) says where it went, never the password; no second notice.
  EXPECT_EQ(message.notice_text.find(temporary), std::string::npos);
  EXPECT_NE(message.notice_text.find("138****5678"), std::string::npos);
  EXPECT_EQ(notices_.size(), notices_before);
  EXPECT_NE(audit_log_.entries.back().detail.find("\"delivered_to\":\"sms\""), std::string::npos);
  EXPECT_EQ(audit_log_.entries.back().detail.find(temporary), std::string::npos);
  auto holder = sessions_->Login("worker.p", temporary, "127.0.0.1");
  ASSERT_TRUE(holder.ok()) << holder.error().message;
  EXPECT_EQ(holder->account.id, account_id);
  EXPECT_TRUE(holder->principal.must_change_password);

  // No phone: shown once to the manager, the holder told in the bell, no SMS.
  auto no_phone = by_sms.ResetPassword(town_, "worker.n");
  ASSERT_TRUE(no_phone.ok());
  EXPECT_EQ(no_phone->delivered_to, PasswordDelivery::kShownOnce);
  EXPECT_EQ(PasswordDeliveryName(no_phone->delivered_to), "shown_once");
  EXPECT_EQ(no_phone->temporary_password.size(), 16u);
  EXPECT_EQ(nudges, 1);
  EXPECT_EQ(account_repository_.reset_messages.size(), 1u);
  EXPECT_EQ(notices_.size(), notices_before + 1);
}

// Editing grants follows the same table, ends the holder's sessions and tells them.
TEST_F(AccountServiceTest, SetGrantsAndEnable) {
  MakeAccount(town_, "worker.a", Role::kCommunityWorker, "321002001001");
  auto login = sessions_->Login("worker.a", kPassword, "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(service_->SetGrants(town_, "worker.a", {{Role::kCommunityWorker, "321002001", ""}})
                .error()
                .code,
            core::ErrorCode::kValidationFailed);
  auto moved = service_->SetGrants(
      town_, "worker.a",
      {{Role::kCommunityWorker, "321002001002", ""}, {Role::kGridWorker, "321002001002001", ""}});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->grants.size(), 2u);
  EXPECT_FALSE(sessions_->Authenticate(login->token, false).ok());
  EXPECT_NE(notices_.back().second.find("角色"), std::string::npos);
  EXPECT_NE(audit_log_.entries.back().detail.find("grants_before"), std::string::npos);
  ASSERT_TRUE(service_->Disable(town_, "worker.a").ok());
  EXPECT_FALSE(sessions_->Login("worker.a", kPassword, "127.0.0.1").ok());
  auto enabled = service_->Enable(town_, "worker.a");
  ASSERT_TRUE(enabled.ok());
  EXPECT_FALSE(enabled->disabled);
  EXPECT_TRUE(sessions_->Login("worker.a", kPassword, "127.0.0.1").ok());
}

// Issue 15 item 6: a stored password older than the policy must be replaced at the next login.
TEST_F(AccountServiceTest, ALoginWithAPasswordBelowThePolicyMustChangeIt) {
  Account account;
  account.username = "old.timer";
  account.display_name = "老账号";
  account.password_hash = *HashPassword("short1", sessions_->options().password_hash);
  account.grants = {{Role::kCommunityWorker, "321002001001", ""}};
  ASSERT_TRUE(account_repository_.Insert(account).ok());
  auto login = sessions_->Login("old.timer", "short1", "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_TRUE(login->principal.must_change_password);
  EXPECT_TRUE((*account_repository_.FindByUsername("old.timer"))->must_change_password);
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
  AccountHooks hooks;
  hooks.division_exists = [](std::string_view) { return false; };
  AccountService service(accounts, sessions, clock, std::move(hooks));

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

// An account's mobile phone (decision 0018): normalised on create and on change, a fixed line or
// anything else refused on "phone" with nothing changed, audited and told to the holder without
// the number in the clear; only who manages the account may set it.
TEST_F(AccountServiceTest, PhonesAreMobileNumbersSetByTheManager) {
  NewAccount request{
      "phoned", "", kPassword, {{Role::kCommunityWorker, "321002001001", ""}}, "+86 138-1234-5678"};
  auto created = service_->Create(town_, request);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->phone, std::optional<std::string>("13812345678"));
  EXPECT_NE(audit_log_.entries.back().detail.find("\"phone\":\"set\""), std::string::npos);
  EXPECT_EQ(audit_log_.entries.back().detail.find("1381234"), std::string::npos);
  for (const char* bad : {"0514-87654321", "12345", "1381234567x", "23812345678"}) {
    request.username = "bad" + std::to_string(std::string(bad).size());
    request.phone = bad;
    auto refused = service_->Create(town_, request);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, core::ErrorCode::kValidationFailed);
    EXPECT_EQ(refused.error().field, "phone");
    EXPECT_FALSE(account_repository_.FindByUsername(request.username)->has_value());
  }

  const size_t audited = audit_log_.entries.size();
  auto changed = service_->SetPhone(town_, "phoned", "139 0000 1111");
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->phone, std::optional<std::string>("13900001111"));
  EXPECT_TRUE(changed->password_hash.empty());
  EXPECT_EQ((*account_repository_.FindByUsername("phoned"))->phone,
            std::optional<std::string>("13900001111"));
  ASSERT_EQ(audit_log_.entries.size(), audited + 1);
  EXPECT_EQ(audit_log_.entries.back().detail, "{\"phone\":\"set\"}");
  EXPECT_EQ(notices_.back().first, created->id);
  EXPECT_NE(notices_.back().second.find("139****1111"), std::string::npos);
  EXPECT_EQ(notices_.back().second.find("13900001111"), std::string::npos);
  // The same number again changes nothing; a bad one changes nothing either.
  ASSERT_TRUE(service_->SetPhone(town_, "phoned", "13900001111").ok());
  EXPECT_EQ(audit_log_.entries.size(), audited + 1);
  EXPECT_EQ(service_->SetPhone(town_, "phoned", "0514-87654321").error().field, "phone");
  EXPECT_EQ((*account_repository_.FindByUsername("phoned"))->phone,
            std::optional<std::string>("13900001111"));
  auto cleared = service_->SetPhone(town_, "phoned", " ");
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->phone, std::nullopt);
  EXPECT_EQ(audit_log_.entries.back().detail, "{\"phone\":\"cleared\"}");

  // Someone who does not manage the account: as if it did not exist, or refused.
  const Caller peer = MakeAccount(admin_, "peer", Role::kTownOfficial, "321002001");
  EXPECT_EQ(service_->SetPhone(peer, "dongguan", "13812345678").error().code,
            core::ErrorCode::kPermissionDenied);
  const Caller other_town = MakeAccount(admin_, "wanfu", Role::kTownOfficial, "321002002");
  EXPECT_EQ(service_->SetPhone(other_town, "phoned", "13812345678").error().code,
            core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace linli::access

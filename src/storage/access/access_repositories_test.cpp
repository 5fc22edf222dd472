// The access repositories on SQLite (a temporary file) and, when LINLI_TEST_PG_URL is set,
// on PostgreSQL (a schema of its own per test, dropped afterwards). Also runs the session
// service on top of them, so lockouts are seen to survive a restart on a real database.
#include "storage/access/access_repositories.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "domain/access/account_service.hpp"
#include "domain/access/session_service.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::storage {
namespace {

using access::Account;
using access::Role;
using access::RoleGrant;

class AccessRepositoriesTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(database_, GetParam() == Engine::kPostgres);
    accounts_ = MakeSqlAccountRepository(database_->database());
    sessions_ = MakeSqlSessionRepository(database_->database());
    failures_ = MakeSqlLoginFailureRepository(database_->database());
  }

  Account Insert(const std::string& username, std::vector<RoleGrant> grants,
                 const std::string& display_name = "测试") {
    Account account;
    account.username = username;
    account.display_name = display_name;
    account.password_hash = "$argon2id$fake";
    account.created_at = 1000;
    account.updated_at = 1000;
    account.grants = std::move(grants);
    auto inserted = accounts_->Insert(account);
    EXPECT_TRUE(inserted.ok()) << username << ": " << inserted.error().message;
    return inserted.ok() ? *inserted : Account{};
  }

  std::vector<std::string> Names(const core::Scope& scope, const std::string& q = "",
                                 int limit = 50) {
    std::vector<std::string> names;
    core::PageRequest page{limit, ""};
    for (int guard = 0; guard < 100; ++guard) {
      auto result = accounts_->List(access::AccountQuery{q}, scope, page);
      EXPECT_TRUE(result.ok()) << result.error().message;
      if (!result.ok()) break;
      EXPECT_LE(static_cast<int>(result->items.size()), limit);
      for (const auto& account : result->items) names.push_back(account.username);
      if (!result->next_cursor) break;
      page.after = *core::DecodeCursor(*result->next_cursor);
    }
    return names;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<access::AccountRepository> accounts_;
  std::unique_ptr<access::SessionRepository> sessions_;
  std::unique_ptr<access::LoginFailureRepository> failures_;
};

TEST_P(AccessRepositoriesTest, AccountsRoundTrip) {
  Account inserted = Insert(
      "dongguan",
      {{Role::kTownOfficial, "321002001", ""}, {Role::kDepartmentOfficer, "3210", "市民政局"}},
      "东关街道");
  EXPECT_GT(inserted.id, 0);
  auto found = accounts_->FindByUsername("dongguan");
  ASSERT_TRUE(found.ok() && found->has_value());
  const Account& account = **found;
  EXPECT_EQ(account.id, inserted.id);
  EXPECT_EQ(account.display_name, "东关街道");
  EXPECT_EQ(account.password_hash, "$argon2id$fake");
  EXPECT_FALSE(account.disabled);
  EXPECT_EQ(account.created_at, 1000);
  ASSERT_EQ(account.grants.size(), 2u);
  EXPECT_EQ(account.grants[0].role, Role::kTownOfficial);
  EXPECT_EQ(account.grants[0].scope_code, "321002001");
  EXPECT_EQ(account.grants[1].role, Role::kDepartmentOfficer);
  EXPECT_EQ(account.grants[1].department, "市民政局");

  auto by_id = accounts_->FindById(inserted.id);
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  EXPECT_EQ((*by_id)->username, "dongguan");
  EXPECT_FALSE(accounts_->FindByUsername("nobody")->has_value());
  EXPECT_FALSE(accounts_->FindById(inserted.id + 100)->has_value());

  Account duplicate = account;
  auto again = accounts_->Insert(duplicate);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "username");

  ASSERT_TRUE(accounts_->SetDisabled(inserted.id, true, 2000).ok());
  ASSERT_TRUE(accounts_->SetPasswordHash(inserted.id, "$argon2id$new", true, 3000).ok());
  auto changed = accounts_->FindById(inserted.id);
  EXPECT_TRUE((*changed)->disabled);
  EXPECT_EQ((*changed)->password_hash, "$argon2id$new");
  EXPECT_TRUE((*changed)->must_change_password);
  EXPECT_EQ((*changed)->updated_at, 3000);
  ASSERT_TRUE(
      accounts_->ReplaceGrants(inserted.id, {{Role::kGridWorker, "321002001001001", ""}}, 4000)
          .ok());
  auto regranted = accounts_->FindById(inserted.id);
  ASSERT_EQ((*regranted)->grants.size(), 1u);
  EXPECT_EQ((*regranted)->grants[0].role, Role::kGridWorker);
  EXPECT_EQ((*regranted)->updated_at, 4000);
  ASSERT_TRUE(accounts_->SetPasswordHash(inserted.id, "$argon2id$newer", false, 5000).ok());
  EXPECT_FALSE((*accounts_->FindById(inserted.id))->must_change_password);
  EXPECT_EQ(*accounts_->Count(), 1);
}

TEST_P(AccessRepositoriesTest, ListIsScopedByEveryGrant) {
  Insert("a.town", {{Role::kTownOfficial, "321002001", ""}});
  Insert("b.worker", {{Role::kCommunityWorker, "321002001001", ""}});
  Insert("c.grid", {{Role::kGridWorker, "321002001001001", ""}});
  Insert("d.other", {{Role::kTownOfficial, "321002002", ""}});
  Insert("e.straddle",
         {{Role::kResident, "321002001002", ""}, {Role::kResident, "321003001001", ""}});
  Insert("f.admin", {{Role::kCityAdmin, "3210", ""}});

  EXPECT_EQ(Names(core::Scope::Of({"321002001"})),
            (std::vector<std::string>{"a.town", "b.worker", "c.grid"}));
  EXPECT_EQ(Names(core::Scope::Of({"321002"})),
            (std::vector<std::string>{"a.town", "b.worker", "c.grid", "d.other"}));
  EXPECT_EQ(Names(core::Scope::Of({"321002", "321003"})),
            (std::vector<std::string>{"a.town", "b.worker", "c.grid", "d.other", "e.straddle"}));
  EXPECT_EQ(Names(core::Scope::Of({"3210"})).size(), 6u);
  EXPECT_EQ(Names(core::Scope::Everything()).size(), 6u);
  EXPECT_TRUE(Names(core::Scope::Nothing()).empty());
  // Pages of two give the same accounts in the same order.
  EXPECT_EQ(Names(core::Scope::Of({"3210"}), "", 2), Names(core::Scope::Of({"3210"})));
  // Grants come back with listed accounts.
  auto page = accounts_->List({}, core::Scope::Of({"321003", "321002"}), {50, "d"});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[1].grants.size(), 2u);
}

TEST_P(AccessRepositoriesTest, ListSearchesNamesLiterally) {
  Insert("wang_wu", {{Role::kResident, "3210", ""}}, "王五");
  Insert("zhang.san", {{Role::kResident, "3210", ""}}, "张三 Zhang");
  Insert("li-si", {{Role::kResident, "3210", ""}}, "李四 100%");
  const core::Scope all = core::Scope::Of({"3210"});
  EXPECT_EQ(Names(all, "王"), std::vector<std::string>{"wang_wu"});
  EXPECT_EQ(Names(all, "zhang"), std::vector<std::string>{"zhang.san"});
  EXPECT_EQ(Names(all, "ZHANG"), std::vector<std::string>{"zhang.san"});
  EXPECT_EQ(Names(all, "%"), std::vector<std::string>{"li-si"});    // not a wildcard
  EXPECT_EQ(Names(all, "_"), std::vector<std::string>{"wang_wu"});  // not a wildcard
  EXPECT_TRUE(Names(all, "赵").empty());
}

TEST_P(AccessRepositoriesTest, Sessions) {
  Account account = Insert("dongguan", {{Role::kTownOfficial, "321002001", ""}});
  access::SessionRecord session;
  session.account_id = account.id;
  session.token_hash = std::string(64, 'a');
  session.csrf_token = "csrf";
  session.created_at = 1000;
  session.expires_at = 5000;
  session.remote_address = "127.0.0.1";
  auto id = sessions_->Insert(session);
  ASSERT_TRUE(id.ok()) << id.error().message;
  session.token_hash = std::string(64, 'b');
  session.expires_at = 9000;
  auto second = sessions_->Insert(session);
  ASSERT_TRUE(second.ok());
  // token_hash is UNIQUE.
  EXPECT_FALSE(sessions_->Insert(session).ok());

  auto found = sessions_->FindByTokenHash(std::string(64, 'a'));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->account_id, account.id);
  EXPECT_EQ((*found)->csrf_token, "csrf");
  EXPECT_EQ((*found)->expires_at, 5000);
  EXPECT_FALSE((*found)->revoked_at.has_value());
  EXPECT_EQ((*found)->remote_address, "127.0.0.1");
  EXPECT_FALSE(sessions_->FindByTokenHash(std::string(64, 'c'))->has_value());

  ASSERT_TRUE(sessions_->Revoke(*id, 2000).ok());
  ASSERT_TRUE(sessions_->Revoke(*id, 2500).ok());  // the first revocation time stays
  EXPECT_EQ(*(*sessions_->FindById(*id))->revoked_at, 2000);
  ASSERT_TRUE(sessions_->RevokeAllForAccount(account.id, 3000).ok());
  EXPECT_EQ(*(*sessions_->FindById(*second))->revoked_at, 3000);

  auto deleted = sessions_->DeleteEndedBefore(2500);  // the first (revoked at 2000) only
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  EXPECT_FALSE(sessions_->FindById(*id)->has_value());
  EXPECT_TRUE(sessions_->FindById(*second)->has_value());
}

TEST_P(AccessRepositoriesTest, LoginFailures) {
  auto empty = failures_->Get("dongguan");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->failure_count, 0);
  EXPECT_EQ(empty->locked_until, 0);
  for (int i = 1; i <= 3; ++i) {
    auto state = failures_->Update("dongguan", [](const access::LoginFailureState& old) {
      return access::LoginFailureState{old.failure_count + 1, 1000,
                                       old.failure_count >= 2 ? 9000 : 0};
    });
    ASSERT_TRUE(state.ok()) << state.error().message;
    EXPECT_EQ(state->failure_count, i);
  }
  auto stored = failures_->Get("dongguan");
  EXPECT_EQ(stored->failure_count, 3);
  EXPECT_EQ(stored->window_started_at, 1000);
  EXPECT_EQ(stored->locked_until, 9000);
  EXPECT_EQ(failures_->Get("other")->failure_count, 0);
  ASSERT_TRUE(failures_->Clear("dongguan").ok());
  EXPECT_EQ(failures_->Get("dongguan")->failure_count, 0);
}

TEST_P(AccessRepositoriesTest, ConcurrentFailuresAllCount) {
  constexpr int kThreads = 4;
  constexpr int kEach = 5;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto state = failures_->Update("target", [](const access::LoginFailureState& old) {
          return access::LoginFailureState{old.failure_count + 1, 1, 0};
        });
        if (!state.ok()) ++errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(failures_->Get("target")->failure_count, kThreads * kEach);
}

TEST_P(AccessRepositoriesTest, ServicesOnTheDatabase) {
  core::ManualClock clock(1'760'000'000'000);
  access::SessionOptions options;
  options.password_hash = access::PasswordHashParams{1, 1024, 1};
  auto sessions =
      std::make_unique<access::SessionService>(*accounts_, *sessions_, *failures_, clock, options);
  access::AccountService accounts(*accounts_, *sessions, clock, access::AccountHooks{});
  ASSERT_TRUE(*accounts.Bootstrap("3210", "admin", "City-boss-2026"));
  EXPECT_FALSE(*accounts.Bootstrap("3210", "admin", "City-boss-2026"));

  auto login = sessions->Login("admin", "City-boss-2026", "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.error().message;
  auto principal = sessions->Authenticate(login->token, false);
  ASSERT_TRUE(principal.ok());
  const access::Caller caller(*principal, "127.0.0.1", "r-test");
  auto created = accounts.Create(
      caller, {"dongguan", "东关", "East-gate-2026", {{Role::kTownOfficial, "321002001", ""}}});
  ASSERT_TRUE(created.ok()) << created.error().message;

  for (int i = 0; i < 5; ++i) (void)sessions->Login("dongguan", "Wrong-2026", "127.0.0.2");
  // A new process (new service, empty caches) still sees the lock.
  sessions =
      std::make_unique<access::SessionService>(*accounts_, *sessions_, *failures_, clock, options);
  EXPECT_EQ(sessions->Login("dongguan", "East-gate-2026", "127.0.0.2").error().code,
            core::ErrorCode::kResourceExhausted);
  // ... and the admin's session, from the database.
  EXPECT_TRUE(sessions->Authenticate(login->token, false).ok());
  clock.Advance(15 * 60 * 1000);
  EXPECT_TRUE(sessions->Login("dongguan", "East-gate-2026", "127.0.0.2").ok());
  ASSERT_TRUE(sessions->Logout(caller).ok());
  EXPECT_FALSE(sessions->Authenticate(login->token, false).ok());
}

// Issue 15 item 5: concurrent wrong passwords followed by the right one do not log in, on both
// engines; the 5th failure locks for 15 minutes and later failures leave the lock as it is.
TEST_P(AccessRepositoriesTest, ConcurrentWrongPasswordsThenRightOneStayLocked) {
  core::ManualClock clock(1'760'000'000'000);
  access::SessionOptions options;
  options.password_hash = access::PasswordHashParams{1, 1024, 1};
  access::SessionService sessions(*accounts_, *sessions_, *failures_, clock, options);
  access::AccountService accounts(*accounts_, sessions, clock, access::AccountHooks{});
  ASSERT_TRUE(
      accounts
          .Create(access::CommandLineCaller("3210"),
                  {"dongguan", "东关", "East-gate-2026", {{Role::kTownOfficial, "321002001", ""}}})
          .ok());
  for (int round = 0; round < 3; ++round) {
    constexpr int kThreads = 16;
    std::vector<std::thread> threads;
    std::atomic<int> unexpected{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        auto result = sessions.Login("dongguan", "Wrong-password1",
                                     "10.8." + std::to_string(round) + "." + std::to_string(t));
        if (result.ok() || (result.error().code != core::ErrorCode::kUnauthenticated &&
                            result.error().code != core::ErrorCode::kResourceExhausted)) {
          ++unexpected;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(unexpected.load(), 0);
    auto state = failures_->Get("dongguan");
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->locked_until, clock.NowMillis() + 15 * 60 * 1000) << round;
    auto right = sessions.Login("dongguan", "East-gate-2026", "10.7.0." + std::to_string(round));
    ASSERT_FALSE(right.ok()) << round;
    EXPECT_EQ(right.error().code, core::ErrorCode::kResourceExhausted);
    clock.Advance(15 * 60 * 1000);
  }
  EXPECT_TRUE(sessions.Login("dongguan", "East-gate-2026", "10.7.1.1").ok());
  EXPECT_EQ(failures_->Get("dongguan")->failure_count, 0);
}

TEST_P(AccessRepositoriesTest, MalformedCursorIsInvalidArgument) {
  Insert("cursor_admin", {{Role::kCityAdmin, "3210", ""}});
  for (const std::string& after : {std::string("\xff\xfe"), std::string("a\0b", 3)}) {
    ExpectCursorRefused(accounts_->List(access::AccountQuery{}, core::Scope::Everything(),
                                        core::PageRequest{10, after}),
                        after);
  }
}

// An account's phone (decision 0018): stored only sealed and bound to its row, read back with
// the key ring, set and cleared; a sealed phone copied onto another account does not open there;
// without a key ring a phone can be neither read nor set, while accounts without one still work.
TEST_P(AccessRepositoriesTest, PhonesAreSealedToTheirAccount) {
  auto keys = crypto::KeyRing::Create({{"k1", std::string(32, '\x31')}}, "k1", "k1");
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  auto sealed_accounts = MakeSqlAccountRepository(database_->database(), &*keys);
  Account account;
  account.username = "phoned";
  account.display_name = "有手机号";
  account.password_hash = "$argon2id$fake";
  account.grants = {{Role::kCommunityWorker, "321002001001", ""}};
  account.phone = "13812345678";
  auto inserted = sealed_accounts->Insert(account);
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  account.username = "other";
  account.phone.reset();
  auto other = sealed_accounts->Insert(account);
  ASSERT_TRUE(other.ok()) << other.error().message;

  auto connection = database_->database().Acquire();
  ASSERT_TRUE(connection.ok());
  auto stored =
      (*connection)->Query("SELECT phone_cipher FROM accounts WHERE id = ?", {inserted->id});
  ASSERT_TRUE(stored.ok());
  const std::string cipher = stored->rows.at(0).Text(0);
  EXPECT_EQ(cipher.find("13812345678"), std::string::npos);
  EXPECT_EQ(*keys->Decrypt(cipher, AccountPhoneAt(inserted->id)), "13812345678");

  auto found = sealed_accounts->FindById(inserted->id);
  ASSERT_TRUE(found.ok() && found->has_value()) << found.error().message;
  EXPECT_EQ((*found)->phone, std::optional<std::string>("13812345678"));
  auto listed = sealed_accounts->List({}, core::Scope::Everything(), {});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 2u);
  EXPECT_EQ(listed->items[0].phone, std::nullopt);  // "other"
  EXPECT_EQ(listed->items[1].phone, std::optional<std::string>("13812345678"));

  ASSERT_TRUE(sealed_accounts->SetPhone(other->id, "13900001111", 2000).ok());
  EXPECT_EQ((*sealed_accounts->FindByUsername("other"))->phone,
            std::optional<std::string>("13900001111"));
  ASSERT_TRUE(sealed_accounts->SetPhone(other->id, std::nullopt, 3000).ok());
  EXPECT_EQ((*sealed_accounts->FindByUsername("other"))->phone, std::nullopt);
  EXPECT_EQ((*sealed_accounts->FindByUsername("other"))->updated_at, 3000);

  // Copied onto another account by someone who can write the database: it does not open there.
  ASSERT_TRUE((*connection)
                  ->Query("UPDATE accounts SET phone_cipher = ? WHERE id = ?", {cipher, other->id})
                  .ok());
  auto moved = sealed_accounts->FindById(other->id);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, core::ErrorCode::kFailedPrecondition);
  ASSERT_TRUE((*connection)
                  ->Query("UPDATE accounts SET phone_cipher = NULL WHERE id = ?", {other->id})
                  .ok());

  // No key ring: an account with a phone cannot be read, a phone cannot be set; others can.
  EXPECT_EQ(accounts_->FindById(inserted->id).error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(accounts_->SetPhone(other->id, "13900001111", 4000).error().code,
            core::ErrorCode::kFailedPrecondition);
  auto plain = accounts_->FindById(other->id);
  ASSERT_TRUE(plain.ok() && plain->has_value());
  EXPECT_EQ((*plain)->phone, std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccessRepositoriesTest, BothEngines(), EngineName);

}  // namespace
}  // namespace linli::storage

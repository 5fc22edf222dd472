#include "domain/access/session_service.hpp"

#include <gtest/gtest.h>

#include "domain/access/account_service.hpp"
#include "domain/access/internal/fake_repositories.hpp"
#include "domain/access/secret.hpp"

namespace linli::access {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kHour = 60 * kMinute;

class SessionServiceTest : public ::testing::Test {
 protected:
  SessionServiceTest() : clock_(1'760'000'000'000), sessions_(MakeService()) {
    accounts_service_ =
        std::make_unique<AccountService>(account_repository_, *sessions_, clock_, AccountHooks{});
    NewAccount request{"dongguan",
                       "东关街道管理员",
                       "East-gate-2026",
                       {RoleGrant{Role::kTownOfficial, "321002001", ""}}};
    auto created = accounts_service_->Create(CommandLineCaller("3210"), request);
    EXPECT_TRUE(created.ok()) << created.error().message;
  }

  std::unique_ptr<SessionService> MakeService() {
    SessionOptions options;
    options.password_hash = PasswordHashParams{1, 1024, 1};  // fast for tests
    options.audit_log = &audit_log_;
    options.city_code = "3210";
    return std::make_unique<SessionService>(account_repository_, session_repository_,
                                            failure_repository_, clock_, options);
  }

  core::Result<LoginResult> Login(std::string_view password, std::string_view username = "dongguan",
                                  std::string_view address = "127.0.0.1") {
    return sessions_->Login(username, password, address);
  }

  core::ManualClock clock_;
  testing::RecordingAuditLog audit_log_;
  testing::FakeAccountRepository account_repository_;
  testing::FakeSessionRepository session_repository_;
  testing::FakeLoginFailureRepository failure_repository_;
  std::unique_ptr<SessionService> sessions_;
  std::unique_ptr<AccountService> accounts_service_;
};

TEST_F(SessionServiceTest, LoginThenAuthenticate) {
  auto login = Login("East-gate-2026", "DongGuan");  // usernames are case-insensitive at login
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->token.size(), 43u);
  EXPECT_EQ(login->csrf_token.size(), 43u);
  EXPECT_EQ(login->expires_at, clock_.NowMillis() + 12 * kHour);
  EXPECT_EQ(login->account.username, "dongguan");
  EXPECT_TRUE(login->account.password_hash.empty());

  // Only the SHA-256 of the token is stored.
  auto stored = session_repository_.FindByTokenHash(Sha256Hex(login->token));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->remote_address, "127.0.0.1");
  EXPECT_FALSE(session_repository_.FindByTokenHash(login->token)->has_value());

  auto principal = sessions_->Authenticate(login->token, true);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->username, "dongguan");
  EXPECT_TRUE(principal->via_cookie);
  EXPECT_EQ(principal->csrf_token, login->csrf_token);
  EXPECT_EQ(principal->session_id, (*stored)->id);
  ASSERT_EQ(principal->grants.size(), 1u);
  EXPECT_TRUE(principal->Has(Permission::kAccountsManage));
  EXPECT_FALSE(sessions_->Authenticate(login->token, false)->via_cookie);

  auto view = sessions_->Describe(Caller(*principal, "", ""));
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->csrf_token, login->csrf_token);
  EXPECT_EQ(view->expires_at, login->expires_at);
  EXPECT_EQ(view->account.display_name, "东关街道管理员");
}

// Issue 15 item 4: sign-in is audited — logins, logouts, failures, the lock; failures for names
// that are no account once per address and minute, without the name typed.
TEST_F(SessionServiceTest, SignInIsAudited) {
  auto actions = [&] {
    std::vector<std::string> out;
    for (const auto& entry : audit_log_.entries) {
      out.push_back(std::string(audit::AuditActionName(entry.action)) + ":" + entry.subject_id);
    }
    return out;
  };
  auto login = Login("East-gate-2026");
  ASSERT_TRUE(login.ok());
  const auto& entry = audit_log_.entries.at(0);
  EXPECT_EQ(entry.actor_name, "dongguan");
  EXPECT_EQ(entry.subject_type, "account");
  EXPECT_EQ(entry.division_code, "321002001");
  EXPECT_EQ(entry.remote_address, "127.0.0.1");
  auto principal = sessions_->Authenticate(login->token, false);
  ASSERT_TRUE(principal.ok());
  ASSERT_TRUE(sessions_->Logout(Caller(*principal, "127.0.0.9", "r-1")).ok());
  EXPECT_EQ(audit_log_.entries.back().remote_address, "127.0.0.9");
  EXPECT_EQ(audit_log_.entries.back().request_id, "r-1");

  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("Wrong-password1").ok());
  EXPECT_FALSE(Login("Wrong-password1").ok());  // locked: refused before any check, no record
  // Unknown names from one address: one record per minute, whatever the count.
  for (int i = 0; i < 7; ++i)
    EXPECT_FALSE(Login("x", "my-secret-pass-typed-here", "10.0.0.1").ok());
  EXPECT_FALSE(Login("x", "nobody", "10.0.0.2").ok());
  clock_.Advance(kMinute);
  EXPECT_FALSE(Login("x", "nobody", "10.0.0.1").ok());
  EXPECT_EQ(actions(),
            (std::vector<std::string>{
                "login:dongguan", "logout:dongguan", "login_failed:dongguan",
                "login_failed:dongguan", "login_failed:dongguan", "login_failed:dongguan",
                "login_failed:dongguan", "lock:dongguan", "login_failed:unknown username",
                "login_failed:unknown username", "login_failed:unknown username"}));
  for (const auto& recorded : audit_log_.entries) {
    EXPECT_EQ(recorded.detail.find("my-secret"), std::string::npos);
    EXPECT_EQ(recorded.subject_id.find("my-secret"), std::string::npos);
  }
  // Filed under the city: the city's auditors see them, no town's scope does.
  EXPECT_EQ(audit_log_.entries.back().division_code, "3210");
}

TEST_F(SessionServiceTest, UnknownTokensAreRejected) {
  for (std::string token : {std::string(), std::string("nope"), std::string(1000, 'x')}) {
    auto result = sessions_->Authenticate(token, false);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::ErrorCode::kUnauthenticated);
  }
}

TEST_F(SessionServiceTest, SameAnswerForUnknownUserAndWrongPassword) {
  auto wrong = Login("Wrong-password1");
  auto unknown = Login("East-gate-2026", "nobody");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(wrong.error().message, "用户名或密码错误");
}

TEST_F(SessionServiceTest, FiveFailuresLockForFifteenMinutes) {
  for (int i = 0; i < 4; ++i) {
    auto result = Login("Wrong-password1");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::ErrorCode::kUnauthenticated) << i;
    clock_.Advance(kMinute);
  }
  auto fifth = Login("Wrong-password1");
  ASSERT_FALSE(fifth.ok());
  EXPECT_EQ(fifth.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_NE(fifth.error().message.find("15 分钟后"), std::string::npos) << fifth.error().message;

  // The right password does not help while locked.
  clock_.Advance(10 * kMinute);
  auto locked = Login("East-gate-2026");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_NE(locked.error().message.find("5 分钟后"), std::string::npos) << locked.error().message;

  // The lock is in the repository: a restarted service still sees it.
  sessions_ = MakeService();
  EXPECT_EQ(Login("East-gate-2026").error().code, core::ErrorCode::kResourceExhausted);

  clock_.Advance(5 * kMinute);
  auto unlocked = Login("East-gate-2026");
  ASSERT_TRUE(unlocked.ok()) << unlocked.error().message;
  EXPECT_EQ(failure_repository_.size(), 0u);  // success forgets the failures
}

TEST_F(SessionServiceTest, FailuresOutsideTheWindowDoNotAddUp) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login("Wrong-password1").ok());
  clock_.Advance(16 * kMinute);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Login("Wrong-password1").error().code, core::ErrorCode::kUnauthenticated);
  }
  EXPECT_TRUE(Login("East-gate-2026").ok());
}

TEST_F(SessionServiceTest, UnknownUsernamesLockToo) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login("x", "ghost").ok());
  EXPECT_EQ(Login("x", "ghost").error().code, core::ErrorCode::kResourceExhausted);
  // Names that cannot exist are not recorded.
  EXPECT_FALSE(Login("x", "NO SUCH NAME!").ok());
  EXPECT_EQ(failure_repository_.size(), 1u);
}

TEST_F(SessionServiceTest, RateLimitPerAddress) {
  for (int i = 0; i < 20; ++i) {
    auto result = Login("Wrong-password1", "user" + std::to_string(i), "10.1.1.1");
    EXPECT_EQ(result.error().code, core::ErrorCode::kUnauthenticated) << i;
  }
  auto limited = Login("East-gate-2026", "dongguan", "10.1.1.1");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_NE(limited.error().message.find("秒后再试"), std::string::npos);
  EXPECT_TRUE(Login("East-gate-2026", "dongguan", "10.1.1.2").ok());
  clock_.Advance(3000);
  EXPECT_TRUE(Login("East-gate-2026", "dongguan", "10.1.1.1").ok());
}

TEST_F(SessionServiceTest, SuccessfulLoginsDoNotCountAgainstTheAddress) {
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(Login("East-gate-2026", "dongguan", "10.2.2.2").ok()) << i;
  for (int i = 0; i < 20; ++i)
    EXPECT_FALSE(Login("Wrong-password1", "x" + std::to_string(i), "10.2.2.2").ok());
  EXPECT_EQ(Login("East-gate-2026", "dongguan", "10.2.2.2").error().code,
            core::ErrorCode::kResourceExhausted);
}

TEST_F(SessionServiceTest, SessionsExpireAbsolutely) {
  auto login = Login("East-gate-2026");
  ASSERT_TRUE(login.ok());
  clock_.Advance(12 * kHour - 1);
  EXPECT_TRUE(sessions_->Authenticate(login->token, false).ok());
  clock_.Advance(1);
  auto expired = sessions_->Authenticate(login->token, false);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, core::ErrorCode::kUnauthenticated);
}

TEST_F(SessionServiceTest, CacheSparesTheDatabase) {
  auto login = Login("East-gate-2026");
  ASSERT_TRUE(login.ok());
  const int before = session_repository_.lookups;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(sessions_->Authenticate(login->token, false).ok());
  EXPECT_EQ(session_repository_.lookups, before);
  clock_.Advance(31 * 1000);  // past the cache TTL: one look at the database
  ASSERT_TRUE(sessions_->Authenticate(login->token, false).ok());
  ASSERT_TRUE(sessions_->Authenticate(login->token, false).ok());
  EXPECT_EQ(session_repository_.lookups, before + 1);
}

TEST_F(SessionServiceTest, LogoutInvalidatesAtOnce) {
  auto login = Login("East-gate-2026");
  auto other = Login("East-gate-2026");
  ASSERT_TRUE(login.ok() && other.ok());
  auto principal = sessions_->Authenticate(login->token, true);
  ASSERT_TRUE(principal.ok());
  ASSERT_TRUE(sessions_->Logout(Caller(*principal, "", "")).ok());
  // Still inside the cache TTL, yet rejected: the entry was dropped.
  auto after = sessions_->Authenticate(login->token, true);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_TRUE(sessions_->Authenticate(other->token, true).ok());  // other sessions live on
  EXPECT_FALSE(sessions_->Describe(Caller(*principal, "", "")).ok());
}

TEST_F(SessionServiceTest, DisabledAccountLosesItsSessions) {
  auto login = Login("East-gate-2026");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(sessions_->Authenticate(login->token, false).ok());
  ASSERT_TRUE(accounts_service_->Disable(CommandLineCaller("3210"), "dongguan").ok());
  EXPECT_EQ(sessions_->Authenticate(login->token, false).error().code,
            core::ErrorCode::kUnauthenticated);
  auto again = Login("East-gate-2026");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(again.error().message, "账号已停用，请联系管理员");
  // A wrong password on a disabled account still gets the generic answer.
  EXPECT_EQ(Login("Wrong-password1").error().message, "用户名或密码错误");
}

TEST_F(SessionServiceTest, PurgeDeletesLongEndedSessions) {
  ASSERT_TRUE(Login("East-gate-2026").ok());
  clock_.Advance(12 * kHour + 25 * kHour);
  ASSERT_TRUE(Login("East-gate-2026").ok());
  auto purged = sessions_->PurgeEndedSessions();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(session_repository_.size(), 1u);
}

// Issue 15 item 5: the lock set by the 5th failure is not lifted by the 6th (which used to read
// the reset counter as a fresh window).
TEST(LoginFailureTransitionTest, LockSurvivesFurtherFailures) {
  SessionOptions options;
  const int64_t now = 1'760'000'000'000;
  LoginFailureState state;
  for (int i = 0; i < 5; ++i) state = AfterFailedLogin(state, now + i, options);
  EXPECT_EQ(state.locked_until, now + 4 + 15 * kMinute);
  for (int i = 0; i < 20; ++i) {
    const LoginFailureState next = AfterFailedLogin(state, now + 5 + i, options);
    EXPECT_EQ(next.locked_until, state.locked_until) << i;
    state = next;
  }
  EXPECT_EQ(AfterSuccessfulLogin(state, now + 10 * kMinute).locked_until, state.locked_until);
  // After the lock a new window starts.
  const LoginFailureState after = AfterFailedLogin(state, state.locked_until, options);
  EXPECT_EQ(after.failure_count, 1);
  EXPECT_EQ(after.locked_until, 0);
  EXPECT_EQ(AfterSuccessfulLogin(state, state.locked_until).failure_count, 0);
}

// A failure repository whose plain reads are stale (as when many attempts read before any of
// them has recorded its failure): only the transaction of Update sees the truth.
class StaleReadFailureRepository final : public LoginFailureRepository {
 public:
  core::Result<LoginFailureState> Get(std::string_view) override { return LoginFailureState{}; }
  core::Result<LoginFailureState> Update(
      std::string_view username,
      const std::function<LoginFailureState(const LoginFailureState&)>& change) override {
    return inner_.Update(username, change);
  }
  core::Status Clear(std::string_view username) override { return inner_.Clear(username); }

 private:
  testing::FakeLoginFailureRepository inner_;
};

// Issue 15 item 5: wrong passwords that all passed the lock check before the lock was set, then
// the right one, must not log in: the lock is decided inside the transaction.
TEST(SessionLockoutRaceTest, LockIsDecidedInTheTransaction) {
  core::ManualClock clock(1'760'000'000'000);
  testing::FakeAccountRepository accounts;
  testing::FakeSessionRepository sessions;
  StaleReadFailureRepository failures;
  SessionOptions options;
  options.password_hash = PasswordHashParams{1, 1024, 1};
  SessionService service(accounts, sessions, failures, clock, options);
  AccountService account_service(accounts, service, clock, AccountHooks{});
  ASSERT_TRUE(
      account_service
          .Create(CommandLineCaller("3210"),
                  {"dongguan", "东关", "East-gate-2026", {{Role::kTownOfficial, "321002001", ""}}})
          .ok());
  for (int i = 0; i < 6; ++i) {
    auto wrong = service.Login("dongguan", "Wrong-password1", "10.9.0." + std::to_string(i));
    ASSERT_FALSE(wrong.ok());
    if (i >= 4) {
      EXPECT_EQ(wrong.error().code, core::ErrorCode::kResourceExhausted) << i;
    }
  }
  auto right = service.Login("dongguan", "East-gate-2026", "10.9.1.1");
  ASSERT_FALSE(right.ok());
  EXPECT_EQ(right.error().code, core::ErrorCode::kResourceExhausted);
  clock.Advance(15 * kMinute);
  EXPECT_TRUE(service.Login("dongguan", "East-gate-2026", "10.9.1.1").ok());
}

}  // namespace
}  // namespace linli::access

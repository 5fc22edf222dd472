// KioskPairingService over the SQL repositories, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL,
// on the fixture divisions: a challenge approved once by a bound resident and consumed once by
// its kiosk's poll, expiry on a moved clock, the kiosk gate (display 403, no token 401), who may
// approve, one live challenge per kiosk and the purge of expired ones, and the audit records.
#include "storage/kiosks/pairing_repository.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "domain/kiosks/kiosk_pairing.hpp"
#include "storage/kiosks/kiosk_repository.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::kiosks {
namespace {

using storage::Engine;
using storage::Over;

constexpr char kGeyuan[] = "321002001002";    // 个园社区居委会
constexpr char kQionghua[] = "321002001001";  // 琼花观社区居委会
constexpr int64_t kResidentAccount = 7;

// The accounts the service reads back at sign-in (FindById); nothing else is used.
class FakeAccounts final : public access::AccountRepository {
 public:
  std::map<int64_t, access::Account> accounts;

  core::Result<std::optional<access::Account>> FindById(int64_t id) override {
    auto found = accounts.find(id);
    if (found == accounts.end()) return std::optional<access::Account>();
    return std::optional<access::Account>(found->second);
  }
  core::Result<access::Account> Insert(const access::Account&) override { return Unused(); }
  core::Result<std::optional<access::Account>> FindByUsername(std::string_view) override {
    return Unused();
  }
  core::Result<core::Page<access::Account>> List(const access::AccountQuery&, const core::Scope&,
                                                 const core::PageRequest&) override {
    return Unused();
  }
  core::Status SetDisabled(int64_t, bool, int64_t) override { return Unused(); }
  core::Status SetPasswordHash(int64_t, std::string_view, bool, int64_t) override {
    return Unused();
  }
  core::Status SetPasswordHashWithSms(int64_t, std::string_view, const access::ResetMessage&,
                                      int64_t) override {
    return Unused();
  }
  core::Status SetMustChangePassword(int64_t, int64_t) override { return Unused(); }
  core::Status SetPhone(int64_t, const std::optional<std::string>&, int64_t) override {
    return Unused();
  }
  core::Status ReplaceGrants(int64_t, const std::vector<access::RoleGrant>&, int64_t) override {
    return Unused();
  }
  core::Status SetResident(int64_t, std::optional<int64_t>, int64_t) override { return Unused(); }
  core::Result<std::optional<access::Account>> FindByResident(int64_t) override { return Unused(); }
  core::Result<int64_t> Count() override { return Unused(); }

 private:
  static core::Error Unused() { return core::Error::Internal("not used by the pairing"); }
};

class RecordingAudit final : public audit::AuditLog {
 public:
  core::Status Append(const audit::AuditEntry& entry) override {
    std::lock_guard lock(mutex_);
    entries.push_back(entry);
    return core::Ok();
  }
  std::vector<audit::AuditEntry> entries;

 private:
  std::mutex mutex_;
};

access::Caller ResidentCaller(std::optional<int64_t> resident_id = 42) {
  access::Principal principal;
  principal.account_id = kResidentAccount;
  principal.username = "chenshufen";
  principal.grants.push_back({access::Role::kResident, kGeyuan, ""});
  principal.resident_id = resident_id;
  return access::Caller(std::move(principal), "10.0.0.9", "r-phone");
}

class PairingRepositoryTest : public ::testing::TestWithParam<Engine>,
                              protected storage::DivisionsFixture {
 protected:
  void SetUp() override {
    auto opened = OpenDivisions(GetParam() == Engine::kPostgres);
    if (!opened.ok()) {
      if (GetParam() == Engine::kPostgres && opened.error().code == core::ErrorCode::kUnavailable)
        GTEST_SKIP() << opened.error().message;
      FAIL() << opened.error().message;
    }
    auto imported = ImportDivisions("3210");
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    kiosk_repository_ = storage::MakeSqlKioskRepository(database_->database());
    kiosks_ = std::make_unique<KioskService>(*kiosk_repository_, clock_);
    pairings_ = storage::MakeSqlPairingRepository(database_->database());
    service_ = std::make_unique<KioskPairingService>(PairingDependencies{
        *pairings_, *kiosks_, accounts_, &audit_, clock_, "3210", kPairingLifetimeMs});

    access::Account resident;
    resident.id = kResidentAccount;
    resident.username = "chenshufen";
    resident.password_hash = "$argon2id$secret";
    resident.grants.push_back({access::Role::kResident, kGeyuan, ""});
    resident.resident_id = 42;
    accounts_.accounts[resident.id] = resident;

    auto kiosk = kiosks_->Register({kGeyuan, "一楼大厅 1 号机", "入口", "kiosk"}, city_);
    ASSERT_TRUE(kiosk.ok()) << kiosk.error().message;
    kiosk_ = *kiosk;
    auto other = kiosks_->Register({kQionghua, "大厅终端", "", "kiosk"}, city_);
    ASSERT_TRUE(other.ok());
    other_ = *other;
    auto display = kiosks_->Register({kGeyuan, "叫号屏", "", "display"}, city_);
    ASSERT_TRUE(display.ok());
    display_ = *display;
  }

  OpenedPairing Open(const RegisteredKiosk& kiosk) {
    auto opened = service_->Open(kiosk.device_token);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? *opened : OpenedPairing{};
  }

  PairingState Poll(const RegisteredKiosk& kiosk, int64_t id) {
    auto poll = service_->Poll(kiosk.device_token, id, kiosk_caller_);
    EXPECT_TRUE(poll.ok()) << poll.error().message;
    return poll.ok() ? poll->state : PairingState::kExpired;
  }

  access::Caller city_ = Over({"3210"});
  access::Caller kiosk_caller_ = access::Caller::Anonymous("10.0.0.1", "r-kiosk");
  FakeAccounts accounts_;
  RecordingAudit audit_;
  std::unique_ptr<KioskRepository> kiosk_repository_;
  std::unique_ptr<KioskService> kiosks_;
  std::unique_ptr<PairingRepository> pairings_;
  std::unique_ptr<KioskPairingService> service_;
  RegisteredKiosk kiosk_, other_, display_;
};

TEST_P(PairingRepositoryTest, ApprovedOnceAndConsumedOnceByItsKiosk) {
  const OpenedPairing opened = Open(kiosk_);
  EXPECT_EQ(opened.secret.size(), 43u);  // 32 random bytes, base64url
  EXPECT_EQ(opened.expires_at, clock_.NowMillis() + kPairingLifetimeMs);
  EXPECT_EQ(Poll(kiosk_, opened.id), PairingState::kPending);

  auto described = service_->Describe(opened.secret, ResidentCaller());
  ASSERT_TRUE(described.ok()) << described.error().message;
  EXPECT_EQ(described->kiosk_name, "一楼大厅 1 号机");
  EXPECT_EQ(described->community_code, kGeyuan);
  EXPECT_EQ(described->community_name, "个园社区居委会");

  // Another kiosk cannot poll (or consume) this challenge.
  EXPECT_EQ(Poll(other_, opened.id), PairingState::kExpired);

  clock_.Advance(5'000);
  auto approved = service_->Approve(opened.secret, ResidentCaller());
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  auto again = service_->Approve(opened.secret, ResidentCaller());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kNotFound);
  const std::string expired_message = again.error().message;

  auto signed_in = service_->Poll(kiosk_.device_token, opened.id, kiosk_caller_);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  EXPECT_EQ(signed_in->state, PairingState::kApproved);
  ASSERT_TRUE(signed_in->account.has_value());
  EXPECT_EQ(signed_in->account->id, kResidentAccount);
  EXPECT_TRUE(signed_in->account->password_hash.empty());
  // Consumed: the next poll signs nobody in.
  auto second = service_->Poll(kiosk_.device_token, opened.id, kiosk_caller_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->state, PairingState::kExpired);
  EXPECT_FALSE(second->account.has_value());
  EXPECT_EQ(second->expires_at, 0);

  // An unknown or malformed secret reads as the used one does: nothing tells them apart.
  for (const std::string& secret :
       {std::string(43, 'A'), std::string("not a secret!"), std::string(opened.secret)}) {
    auto refused = service_->Describe(secret, ResidentCaller());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(refused.error().message, expired_message);
  }

  ASSERT_EQ(audit_.entries.size(), 2u);
  EXPECT_EQ(audit_.entries[0].action, audit::AuditAction::kVerification);
  EXPECT_EQ(audit_.entries[0].subject_type, "kiosk_pairing");
  EXPECT_EQ(audit_.entries[0].subject_id, "approved");
  EXPECT_EQ(audit_.entries[0].actor_id, kResidentAccount);
  EXPECT_EQ(audit_.entries[0].division_code, kGeyuan);
  EXPECT_EQ(audit_.entries[1].subject_id, "signed_in");
  EXPECT_EQ(audit_.entries[1].remote_address, "10.0.0.1");
  EXPECT_NE(audit_.entries[1].detail.find("chenshufen"), std::string::npos);
  EXPECT_EQ(audit_.entries[1].detail.find(opened.secret), std::string::npos);
}

TEST_P(PairingRepositoryTest, OnlyAKioskAsksAndOnlyABoundResidentApproves) {
  auto from_display = service_->Open(display_.device_token);
  ASSERT_FALSE(from_display.ok());
  EXPECT_EQ(from_display.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Open("").error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->Open(std::string(43, 'x')).error().code, core::ErrorCode::kUnauthenticated);
  const OpenedPairing opened = Open(kiosk_);
  EXPECT_EQ(service_->Poll("", opened.id, kiosk_caller_).error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->Poll(display_.device_token, opened.id, kiosk_caller_).error().code,
            core::ErrorCode::kPermissionDenied);

  // A worker (no self.services) may not approve; an unbound resident is told what to do.
  EXPECT_EQ(service_->Approve(opened.secret, city_).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Approve(opened.secret, ResidentCaller(std::nullopt)).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Poll(kiosk_, opened.id), PairingState::kPending);

  // A kiosk disabled after showing its code: the code is no good.
  ASSERT_TRUE(kiosks_->Disable(kiosk_.kiosk.id, city_).ok());
  EXPECT_EQ(service_->Describe(opened.secret, ResidentCaller()).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Poll(kiosk_.device_token, opened.id, kiosk_caller_).error().code,
            core::ErrorCode::kUnauthenticated);
}

TEST_P(PairingRepositoryTest, ExpiresAndAnAccountDisabledMeanwhileSignsNobodyIn) {
  const OpenedPairing late = Open(kiosk_);
  clock_.Advance(kPairingLifetimeMs);
  EXPECT_EQ(service_->Approve(late.secret, ResidentCaller()).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(Poll(kiosk_, late.id), PairingState::kExpired);

  // Approved, but the kiosk polls only after it expired.
  const OpenedPairing slow = Open(kiosk_);
  ASSERT_TRUE(service_->Approve(slow.secret, ResidentCaller()).ok());
  clock_.Advance(kPairingLifetimeMs + 1);
  auto poll = service_->Poll(kiosk_.device_token, slow.id, kiosk_caller_);
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(poll->state, PairingState::kExpired);
  EXPECT_FALSE(poll->account.has_value());

  // Approved, then the account is disabled before the kiosk polls.
  const OpenedPairing disabled = Open(kiosk_);
  ASSERT_TRUE(service_->Approve(disabled.secret, ResidentCaller()).ok());
  accounts_.accounts[kResidentAccount].disabled = true;
  poll = service_->Poll(kiosk_.device_token, disabled.id, kiosk_caller_);
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(poll->state, PairingState::kExpired);
  EXPECT_FALSE(poll->account.has_value());
}

TEST_P(PairingRepositoryTest, OneLiveChallengePerKioskAndExpiredOnesArePurged) {
  const OpenedPairing first = Open(kiosk_);
  const OpenedPairing second = Open(kiosk_);
  EXPECT_NE(first.secret, second.secret);
  // The newer replaced the older.
  EXPECT_EQ(Poll(kiosk_, first.id), PairingState::kExpired);
  EXPECT_EQ(service_->Describe(first.secret, ResidentCaller()).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(Poll(kiosk_, second.id), PairingState::kPending);
  for (int i = 0; i < 10; ++i) Open(kiosk_);
  Open(other_);
  EXPECT_EQ(*pairings_->Count(), 2);
  // Once expired, the other kiosk's challenge goes with the next write of any kiosk.
  clock_.Advance(kPairingLifetimeMs);
  Open(kiosk_);
  EXPECT_EQ(*pairings_->Count(), 1);
}

TEST_P(PairingRepositoryTest, TwoPollsAtOnceSignInOnce) {
  const OpenedPairing opened = Open(kiosk_);
  ASSERT_TRUE(service_->Approve(opened.secret, ResidentCaller()).ok());
  std::mutex mutex;
  int signed_in = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto poll = service_->Poll(kiosk_.device_token, opened.id, kiosk_caller_);
      std::lock_guard lock(mutex);
      if (!poll.ok())
        ADD_FAILURE() << poll.error().message;
      else if (poll->account)
        ++signed_in;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(signed_in, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, PairingRepositoryTest, storage::BothEngines(),
                         storage::EngineName);

}  // namespace
}  // namespace linli::kiosks

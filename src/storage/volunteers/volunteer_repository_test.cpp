// VolunteerService over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, on the
// fixture divisions of Yangzhou: a volunteer signs up, is checked in and out, its hours verified
// and corrected through the double-entry ledger; scope and bad input; and the ledger proof —
// intact after postings, and catching an edited entry, a deleted entry and an unbalanced group
// once the append-only triggers are dropped (the proof does not rely on them).
#include "storage/volunteers/volunteer_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "domain/volunteers/volunteer_service.hpp"
#include "domain/volunteers/workbench_cards.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::volunteers {
namespace {

using access::Caller;
using access::Role;
using storage::Engine;

constexpr char kQionghua[] = "321002001001";  // 琼花观社区
constexpr char kGeyuan[] = "321002001002";    // 个园社区
constexpr int64_t kHour = 3'600'000;

Caller With(Role role, const std::string& scope, int64_t id) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = std::string(access::RoleName(role)) + "_" + std::to_string(id);
  principal.grants = {{role, scope, ""}};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

class VolunteerRepositoryTest : public ::testing::TestWithParam<Engine>,
                                protected storage::DivisionsFixture {
 protected:
  void SetUp() override {
    auto opened = OpenDivisions(GetParam() == Engine::kPostgres);
    if (!opened.ok()) {
      if (GetParam() == Engine::kPostgres && opened.error().code == core::ErrorCode::kUnavailable)
        GTEST_SKIP() << opened.error().message;
      FAIL() << opened.error().message;
    }
    ASSERT_TRUE(ImportDivisions("3210").ok());
    std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/volunteers/skills.json");
    std::stringstream text;
    text << in.rdbuf();
    auto skills = ParseSkills(text.str());
    ASSERT_TRUE(skills.ok()) << skills.error().message;
    repository_ = storage::MakeSqlVolunteerRepository(database_->database(), &keys_);
    service_ = std::make_unique<VolunteerService>(*repository_, *skills, clock_);
    for (int64_t id : {20, 21, 22}) {
      ASSERT_TRUE(Sql("INSERT INTO accounts (id, username, display_name, password_hash, "
                      "created_at, updated_at) VALUES (" +
                      std::to_string(id) + ", 'v" + std::to_string(id) + "', 'v', 'x', 0, 0)")
                      .ok());
    }
  }

  core::Status Sql(const std::string& sql) { return RunSql(sql); }

 public:
  core::Status RunSql(const std::string& sql) {
    ASSIGN_OR_RETURN(auto connection, database_->database().Acquire());
    return connection->ExecScript(sql);
  }

 protected:
  Volunteer Register(int64_t account, const std::string& community = kQionghua) {
    NewVolunteer input;
    input.account_id = account;
    input.name = "志愿者" + std::to_string(account);
    input.community_code = community;
    input.skills = {"elder_care"};
    input.availability = {{6, "09:00", "12:00"}};
    auto made = service_->CreateVolunteer(input, city_);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? *made : Volunteer{};
  }

  Activity Plan(const std::string& community = kQionghua, int64_t wanted = 2) {
    NewActivity input;
    input.title = "重阳敬老";
    input.community_code = community;
    input.starts_at = clock_.NowMillis() + kHour;
    input.ends_at = clock_.NowMillis() + 4 * kHour;
    input.slots = {{"elder_care", wanted}, {"general", 5}};
    auto made = service_->CreateActivity(input, city_);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? *made : Activity{};
  }

  // A volunteer signed up, checked in, out 150 minutes later, and verified.
  Signup Served(const Volunteer& volunteer, const Activity& activity) {
    auto signup = service_->SignUp(activity.id, "elder_care", volunteer.id, worker_);
    EXPECT_TRUE(signup.ok()) << signup.error().message;
    EXPECT_TRUE(service_->CheckIn(signup->id, worker_).ok());
    clock_.Advance(150 * 60'000);
    EXPECT_TRUE(service_->CheckOut(signup->id, worker_).ok());
    auto verified = service_->Verify(signup->id, std::nullopt, worker_);
    EXPECT_TRUE(verified.ok()) << verified.error().message;
    return *verified;
  }

  LedgerReport Prove() {
    auto report = service_->VerifyLedger(city_);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : LedgerReport{};
  }

  bool Postgres() const { return GetParam() == Engine::kPostgres; }

  crypto::KeyRing keys_ =
      crypto::KeyRing::Create({{"test1", std::string(32, '\x11')}}, "test1", "test1").value();
  std::unique_ptr<VolunteerRepository> repository_;
  std::unique_ptr<VolunteerService> service_;
  Caller city_ = With(Role::kCityAdmin, "3210", 1);
  Caller worker_ = With(Role::kCommunityWorker, kQionghua, 4);
};

TEST_P(VolunteerRepositoryTest, SignUpCheckInOutVerifyAndCorrect) {
  const Volunteer volunteer = Register(20);
  const Activity activity = Plan();
  ASSERT_EQ(activity.slots.size(), 2u);
  // The volunteer signs up for itself through its account.
  const Caller self = With(Role::kVolunteer, kQionghua, 20);
  auto mine = service_->SignUp(activity.id, "elder_care", std::nullopt, self);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  EXPECT_EQ(service_->SignUp(activity.id, "elder_care", std::nullopt, self).error().code,
            core::ErrorCode::kFailedPrecondition);  // once
  // Verifying before check-out is refused; check-in and out by the organiser.
  EXPECT_EQ(service_->Verify(mine->id, std::nullopt, worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(service_->CheckIn(mine->id, worker_).ok());
  clock_.Advance(150 * 60'000);
  ASSERT_TRUE(service_->CheckOut(mine->id, worker_).ok());
  EXPECT_EQ(service_->Verify(mine->id, 181, worker_).error().field, "minutes");  // > planned
  auto verified = service_->Verify(mine->id, std::nullopt, worker_);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->status, SignupStatus::kVerified);
  EXPECT_EQ(verified->verified_minutes, 150);
  EXPECT_EQ(service_->GetVolunteer(volunteer.id, city_)->balance_minutes, 150);
  EXPECT_EQ(service_->GetActivity(activity.id, city_)->balance_minutes, -150);
  // A correction: a reversing group and a new one, never an edit.
  auto corrected = service_->Correct(mine->id, 120, "签退时间登记有误", worker_);
  ASSERT_TRUE(corrected.ok()) << corrected.error().message;
  EXPECT_EQ(corrected->verified_minutes, 120);
  auto hours = service_->Hours(volunteer.id, city_);
  ASSERT_TRUE(hours.ok());
  ASSERT_EQ(hours->size(), 3u);  // +150, -150, +120 (newest first)
  EXPECT_EQ((*hours)[0].minutes, 120);
  EXPECT_EQ((*hours)[1].minutes, -150);
  EXPECT_EQ((*hours)[2].minutes, 150);
  auto own = service_->Mine(self);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->volunteer.balance_minutes, 120);
  EXPECT_EQ(own->signups.size(), 1u);
  // Published figures: counts and minutes per community, nothing personal.
  auto stats = service_->PublicStats("321002");
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].volunteers, 1);
  EXPECT_EQ((*stats)[0].activities, 1);
  EXPECT_EQ((*stats)[0].verified_minutes, 120);
  const LedgerReport report = Prove();
  EXPECT_TRUE(report.intact) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.groups, 3);
  EXPECT_EQ(report.entries, 6);
  EXPECT_EQ(report.accounts, 2);
  EXPECT_EQ(report.audit_records, 2);
  EXPECT_TRUE(report.audit_chain_intact);
}

TEST_P(VolunteerRepositoryTest, BadInputScopeAndFullSlots) {
  const Volunteer volunteer = Register(20);
  NewVolunteer twice;
  twice.account_id = 20;
  twice.name = "again";
  twice.community_code = kQionghua;
  EXPECT_EQ(service_->CreateVolunteer(twice, city_).error().code, core::ErrorCode::kAlreadyExists);
  NewVolunteer bad = twice;
  bad.account_id = 21;
  bad.skills = {"juggling"};
  EXPECT_EQ(service_->CreateVolunteer(bad, city_).error().field, "skills");
  bad.skills = {};
  bad.availability = {{8, "09:00", "10:00"}};
  EXPECT_EQ(service_->CreateVolunteer(bad, city_).error().field, "availability");
  bad.availability = {};
  bad.name = "a\nb";
  EXPECT_EQ(service_->CreateVolunteer(bad, city_).error().field, "name");
  bad.name = "ok";
  bad.community_code = kGeyuan;  // outside the worker's community
  EXPECT_EQ(service_->CreateVolunteer(bad, worker_).error().code, core::ErrorCode::kNotFound);
  NewActivity backwards{"x", kQionghua, "", std::nullopt, 10, 5, {{"general", 1}}};
  EXPECT_EQ(service_->CreateActivity(backwards, worker_).error().field, "ends_at");
  // A slot takes no more than it wants.
  const Activity activity = Plan(kQionghua, 1);
  const Volunteer other = Register(21);
  ASSERT_TRUE(service_->SignUp(activity.id, "elder_care", volunteer.id, worker_).ok());
  EXPECT_EQ(service_->SignUp(activity.id, "elder_care", other.id, worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  // Another community's worker neither sees nor checks in.
  const Activity elsewhere = Plan(kGeyuan);
  EXPECT_EQ(service_->GetActivity(elsewhere.id, worker_).error().code, core::ErrorCode::kNotFound);
  auto signup = service_->SignUp(activity.id, "general", other.id, city_);
  ASSERT_TRUE(signup.ok());
  EXPECT_EQ(service_->CheckIn(signup->id, With(Role::kCommunityWorker, kGeyuan, 5)).error().code,
            core::ErrorCode::kNotFound);
  // Proving the ledger is for the whole city.
  EXPECT_EQ(service_->VerifyLedger(worker_).error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(VolunteerRepositoryTest, EntriesAreAppendOnly) {
  Served(Register(20), Plan());
  EXPECT_FALSE(Sql("UPDATE volunteer_ledger_entries SET minutes = 600").ok());
  EXPECT_FALSE(Sql("DELETE FROM volunteer_ledger_entries").ok());
  EXPECT_FALSE(Sql("DELETE FROM volunteer_ledger_groups").ok());
  EXPECT_TRUE(Prove().intact);
}

TEST_P(VolunteerRepositoryTest, EditedEntryIsCaughtEvenWithMatchingBalances) {
  const Volunteer volunteer = Register(20);
  const Activity activity = Plan();
  Served(volunteer, activity);
  Served(Register(21), activity);
  ASSERT_TRUE(Prove().intact);
  ASSERT_TRUE(Sql(Postgres() ? "DROP TRIGGER volunteer_ledger_entries_no_change ON "
                               "volunteer_ledger_entries"
                             : "DROP TRIGGER volunteer_ledger_entries_no_update")
                  .ok());
  // Both halves edited and the balances moved alike: only the audit digest tells.
  ASSERT_TRUE(Sql("UPDATE volunteer_ledger_entries SET minutes = minutes * 4 WHERE group_id = 1; "
                  "UPDATE volunteer_accounts SET balance_minutes = balance_minutes + 450 WHERE "
                  "account_kind = 'volunteer' AND account_id = " +
                  std::to_string(volunteer.id) +
                  "; UPDATE volunteer_accounts SET balance_minutes = balance_minutes - 450 WHERE "
                  "account_kind = 'activity'")
                  .ok());
  const LedgerReport report = Prove();
  EXPECT_FALSE(report.intact);
  ASSERT_FALSE(report.problems.empty());
  EXPECT_NE(report.problems[0].find("entries changed"), std::string::npos) << report.problems[0];
}

TEST_P(VolunteerRepositoryTest, DeletedEntryAndUnbalancedGroupAreCaught) {
  const Volunteer volunteer = Register(20);
  const Activity activity = Plan();
  Served(volunteer, activity);
  Served(Register(21), activity);
  ASSERT_TRUE(Sql(Postgres() ? "DROP TRIGGER volunteer_ledger_entries_no_change ON "
                               "volunteer_ledger_entries"
                             : "DROP TRIGGER volunteer_ledger_entries_no_delete")
                  .ok());
  ASSERT_TRUE(Sql("DELETE FROM volunteer_ledger_entries WHERE group_id = 2 AND account_kind = "
                  "'activity'")
                  .ok());
  LedgerReport report = Prove();
  EXPECT_FALSE(report.intact);
  bool unbalanced = false, balance = false;
  for (const auto& text : report.problems) {
    unbalanced |= text.find("does not sum to zero") != std::string::npos;
    balance |= text.find("stored balance differs") != std::string::npos;
  }
  EXPECT_TRUE(unbalanced);
  EXPECT_TRUE(balance);
  // An extra entry slipped into a group (INSERT is not refused), its balance adjusted.
  ASSERT_TRUE(Sql("INSERT INTO volunteer_ledger_entries (group_id, account_kind, account_id, "
                  "minutes, reason) VALUES (1, 'volunteer', " +
                  std::to_string(volunteer.id) +
                  ", 60, 'x'); UPDATE volunteer_accounts SET balance_minutes = balance_minutes + "
                  "60 WHERE account_kind = 'volunteer' AND account_id = " +
                  std::to_string(volunteer.id))
                  .ok());
  report = Prove();
  unbalanced = false;
  for (const auto& text : report.problems) {
    unbalanced |= text.find("group does not sum to zero: 60") != std::string::npos;
  }
  EXPECT_TRUE(unbalanced);
}

TEST_P(VolunteerRepositoryTest, StoredBalanceEditedIsCaught) {
  Served(Register(20), Plan());
  ASSERT_TRUE(Sql("UPDATE volunteer_accounts SET balance_minutes = 9999 WHERE account_kind = "
                  "'volunteer'")
                  .ok());
  const LedgerReport report = Prove();
  EXPECT_FALSE(report.intact);
  EXPECT_NE(report.problems.at(0).find("stored balance differs"), std::string::npos);
}

// The workbench cards: sign-ups waiting for verification and activities short of volunteers, each
// in the caller's scope; no card for a role without the permission.
TEST_P(VolunteerRepositoryTest, WorkbenchCardsCountWhatWaitsInScope) {
  workbench::Workbench bench;
  ASSERT_TRUE(RegisterWorkbenchCards(bench, *service_).ok());
  auto cards = [&](const Caller& caller) {
    std::map<std::string, workbench::Card> out;
    for (auto& card : bench.CardsFor(caller)) out[card.id] = card;
    return out;
  };
  auto before = cards(worker_);
  ASSERT_EQ(before.count("volunteers.to_verify"), 1u);
  ASSERT_EQ(before.count("volunteers.short_activities"), 1u);
  EXPECT_EQ(before["volunteers.to_verify"].figure, 0);
  EXPECT_EQ(before["volunteers.to_verify"].tone, workbench::Tone::kNormal);
  EXPECT_EQ(before["volunteers.short_activities"].figure, 0);
  EXPECT_EQ(before["volunteers.to_verify"].unit, "人次");
  // Both open 志愿活动, where sign-ups are verified and slots filled.
  ASSERT_TRUE(before["volunteers.short_activities"].link.has_value());
  EXPECT_EQ(before["volunteers.short_activities"].link->page, "volunteer_activities");
  ASSERT_TRUE(before["volunteers.to_verify"].link.has_value());
  EXPECT_EQ(before["volunteers.to_verify"].link->page, "volunteer_activities");

  const Volunteer volunteer = Register(20);
  const Activity activity = Plan(kQionghua, 1);
  Plan(kGeyuan);  // another community's: not the worker's
  auto signup = service_->SignUp(activity.id, "elder_care", volunteer.id, worker_);
  ASSERT_TRUE(signup.ok()) << signup.error().message;
  ASSERT_TRUE(service_->CheckIn(signup->id, worker_).ok());
  clock_.Advance(60 * 60'000);
  ASSERT_TRUE(service_->CheckOut(signup->id, worker_).ok());
  auto after = cards(worker_);
  EXPECT_EQ(after["volunteers.to_verify"].figure, 1);
  EXPECT_EQ(after["volunteers.to_verify"].tone, workbench::Tone::kWarning);
  EXPECT_EQ(after["volunteers.to_verify"].error, "");
  // The general slot (5) still wants volunteers.
  EXPECT_EQ(after["volunteers.short_activities"].figure, 1);
  auto city = cards(city_);
  EXPECT_EQ(city["volunteers.short_activities"].figure, 2);
  EXPECT_EQ(city["volunteers.to_verify"].figure, 1);
  // Verified: nothing waits.
  ASSERT_TRUE(service_->Verify(signup->id, std::nullopt, worker_).ok());
  EXPECT_EQ(cards(worker_)["volunteers.to_verify"].figure, 0);
  // A grid worker holds neither permission: no volunteer cards for it.
  auto grid = cards(With(Role::kGridWorker, kQionghua, 5));
  EXPECT_EQ(grid.count("volunteers.to_verify"), 0u);
  EXPECT_EQ(grid.count("volunteers.short_activities"), 0u);
}

// `count` people of a community born on `birth_date` with `status`, straight into the registry.
core::Status AddResidents(VolunteerRepositoryTest& test, const std::string& community, int count,
                          const std::string& birth_date, const std::string& status, int& serial);

TEST_P(VolunteerRepositoryTest, SeederRegistersVolunteersAndPostsVerifiedHoursThatProve) {
  int serial = 0;
  ASSERT_TRUE(
      AddResidents(*this, kQionghua, 400, "1980-05-01", "registered_resident", serial).ok());
  ASSERT_TRUE(AddResidents(*this, kQionghua, 60, "2015-05-01", "registered_resident", serial).ok());
  ASSERT_TRUE(AddResidents(*this, kQionghua, 30, "1940-05-01", "deceased", serial).ok());
  ASSERT_TRUE(AddResidents(*this, kGeyuan, 250, "1990-05-01", "floating", serial).ok());
  auto seeded = service_->SeedSynthetic({kQionghua, kGeyuan, "321002001"}, 7);
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;
  EXPECT_EQ(seeded->communities, 2);
  EXPECT_EQ(seeded->adults, 650);
  // 6–8 % of each community's adults, bound to registered people, marked synthetic.
  for (const auto& [community, adults] :
       std::vector<std::pair<std::string, size_t>>{{kQionghua, 400}, {kGeyuan, 250}}) {
    auto listed = repository_->ListVolunteers(core::Scope::Of({community}), "", 1000);
    ASSERT_TRUE(listed.ok());
    EXPECT_GE(listed->size(), adults * 6 / 100) << community;
    EXPECT_LE(listed->size(), adults * 8 / 100) << community;
    for (const auto& v : *listed) {
      EXPECT_TRUE(v.synthetic);
      EXPECT_TRUE(v.resident_id.has_value());
      EXPECT_FALSE(v.skills.empty());
    }
  }
  EXPECT_GE(seeded->teams, 2);
  EXPECT_GE(seeded->activities, 2 * 13);
  EXPECT_GT(seeded->signups, seeded->verified);
  EXPECT_GT(seeded->verified, 100);
  // Every verified minute is in the ledger, and the ledger proves.
  const LedgerReport report = Prove();
  EXPECT_TRUE(report.intact) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.groups, seeded->verified);
  EXPECT_EQ(report.entries, 2 * seeded->verified);
  EXPECT_EQ(report.audit_records, 2);
  auto stats = service_->PublicStats("3210");
  ASSERT_TRUE(stats.ok());
  int64_t minutes = 0;
  for (const auto& row : *stats) minutes += row.verified_minutes;
  EXPECT_EQ(minutes, seeded->verified_minutes);
  // The coming activities are short of volunteers.
  auto short_now = repository_->CountShortActivities(core::Scope::Everything(), clock_.NowMillis());
  ASSERT_TRUE(short_now.ok());
  EXPECT_GT(*short_now, 0);
  // Once only; and the service's own postings after the seed still prove.
  auto again = service_->SeedSynthetic({kQionghua}, 7);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->volunteers, 0);
  const Volunteer volunteer = Register(20);
  Served(volunteer, Plan());
  const LedgerReport after = Prove();
  EXPECT_TRUE(after.intact) << (after.problems.empty() ? "" : after.problems[0]);
  EXPECT_EQ(after.groups, seeded->verified + 1);
}

core::Status AddResidents(VolunteerRepositoryTest& test, const std::string& community, int count,
                          const std::string& birth_date, const std::string& status, int& serial) {
  std::string sql =
      "INSERT INTO residents (name, id_number_cipher, id_number_index, sex, birth_date, "
      "ethnicity_code, status, status_since, community_code, grid_code, place_code, synthetic, "
      "created_at, updated_at) VALUES ";
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(++serial);
    sql += std::string(i ? "," : "") + "('居民" + n + "', 'c" + n + "', 'i" + n + "', 'male', '" +
           birth_date + "', '01', '" + status + "', '2020-01-01', '" + community + "', '" +
           community + "001', '" + community + "001', 1, 0, 0)";
  }
  return test.RunSql(sql);
}

INSTANTIATE_TEST_SUITE_P(Engines, VolunteerRepositoryTest, storage::BothEngines(),
                         storage::EngineName);

}  // namespace
}  // namespace linli::volunteers

// Rehabilitation records over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL:
// a worker records a session for a person with a disability archive at a 残疾人之家 of the
// person's county (the town's home included), and nothing for a person without one, outside the
// worker's scope, at a closed or distant facility, or with a bad day or duration; mental-health
// rehabilitation only by the health liaison, and its records hidden from everybody else's list;
// every list read audited.
#include "storage/care/rehabilitation_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "storage/care/care_repository.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::care {
namespace {

using access::Caller;
using access::Duty;
using access::Role;
using people::testing::CallerWith;
using people::testing::kCommunityA;
using people::testing::kGridA1;
using people::testing::kGridB1;
using people::testing::MakeIdNumber;

Categories ShippedCategories() {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/care/categories.json");
  std::stringstream text;
  text << in.rdbuf();
  return ParseCategories(text.str()).value();
}

Caller Liaison(int64_t id) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = "liaison";
  principal.grants = {{Role::kCommunityWorker, kCommunityA, "", Duty::kHealthLiaison}};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

class RehabilitationTest : public people::testing::PeopleEnginesTest {
 protected:
  void SetUp() override {
    PeopleEnginesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    care_ = storage::MakeSqlCareRepository(f_.db(), f_.keys_.get());
    repository_ = storage::MakeSqlRehabilitationRepository(f_.db(), f_.keys_.get());
    service_ = std::make_unique<Rehabilitation>(*repository_, *care_, categories_, *f_.audit_log_,
                                                f_.clock_);
    disabled_ = Person("残疾甲", "19700505", kGridA1, 3, "disability");
    mental_ = Person("精神乙", "19800606", kGridA1, 5, "severe_mental_disorder");
    plain_ = Person("无档丙", "19750707", kGridA1, 7, "");
    elsewhere_ = Person("外社区丁", "19720808", kGridB1, 9, "disability");
    town_home_ = Facility("321002001", "disability_home", "open");
    station_ = Facility("321002", "mental_health_rehab", "open");
    closed_home_ = Facility("321002001001", "disability_home", "closed");
    far_home_ = Facility("321023", "disability_home", "open");
    clinic_ = Facility("321002001001", "health_station", "open");
  }

  int64_t Person(const std::string& name, const std::string& birth, const std::string& grid,
                 int sequence, const std::string& category) {
    auto made = f_.MakeResident(name, MakeIdNumber(birth, sequence), grid);
    EXPECT_TRUE(made.ok()) << made.error().message;
    if (!made.ok() || category.empty()) return made.ok() ? made->id : 0;
    auto connection = f_.db().Acquire();
    EXPECT_TRUE((*connection)
                    ->Query("INSERT INTO care_archives (resident_id, category, status, opened_on, "
                            "visit_anchor, created_by, created_by_name, created_at, updated_at) "
                            "VALUES (?, ?, 'open', '2025-01-01', 24300, 1, '测试', 0, 0)",
                            {made->id, category})
                    .ok());
    return made->id;
  }

  int64_t Facility(const std::string& place, const std::string& type, const std::string& status) {
    auto connection = f_.db().Acquire();
    auto inserted =
        (*connection)
            ->Query(
                "INSERT INTO facilities (community_code, place_code, type_code, name, lat, "
                "lon, floor_area, service_area, status, created_at, updated_at) VALUES (?, ?, "
                "?, ?, 32.39, 119.42, 100, 80, ?, 0, 0) RETURNING id",
                {place, place, type, type + "@" + place, status});
    EXPECT_TRUE(inserted.ok()) << inserted.error().message;
    return inserted.ok() ? inserted->rows.at(0).Int(0) : 0;
  }

  NewRehabRecord Session(int64_t resident, int64_t facility,
                         RehabKind kind = RehabKind::kTraining) {
    NewRehabRecord in;
    in.resident_id = resident;
    in.facility_id = facility;
    in.kind = kind;
    in.served_on = "2025-12-30";  // the fixture's today is 2026-01-01
    in.minutes = 60;
    in.note = "上肢功能训练";
    return in;
  }

  std::string FieldOf(const NewRehabRecord& in, const Caller& caller) {
    auto made = service_->Record(in, caller);
    return made.ok() ? "ok" : made.error().field;
  }

  int64_t CountAudit(const std::string& action) {
    int64_t n = 0;
    for (const auto& row : f_.AuditRows()) {
      if (row[1] == "rehab_record" && row[0] == action) ++n;
    }
    return n;
  }

  Categories categories_ = ShippedCategories();
  std::unique_ptr<CareRepository> care_;
  std::unique_ptr<RehabilitationRepository> repository_;
  std::unique_ptr<Rehabilitation> service_;
  int64_t disabled_ = 0, mental_ = 0, plain_ = 0, elsewhere_ = 0;
  int64_t town_home_ = 0, station_ = 0, closed_home_ = 0, far_home_ = 0, clinic_ = 0;
};

TEST_P(RehabilitationTest, AWorkerRecordsAtAHomeOfThePersonsCounty) {
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, 11);
  auto made = service_->Record(Session(disabled_, town_home_), worker);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->facility_place, "321002001");
  EXPECT_EQ(made->resident_name, "残疾甲");
  EXPECT_EQ(made->kind, RehabKind::kTraining);
  EXPECT_EQ(made->minutes, 60);
  EXPECT_EQ(CountAudit("create"), 1);

  EXPECT_EQ(FieldOf(Session(plain_, town_home_), worker), "resident_id");      // no archive
  EXPECT_EQ(FieldOf(Session(elsewhere_, town_home_), worker), "resident_id");  // not in scope
  EXPECT_EQ(FieldOf(Session(disabled_, closed_home_), worker), "facility_id");
  EXPECT_EQ(FieldOf(Session(disabled_, far_home_), worker), "facility_id");  // another county
  EXPECT_EQ(FieldOf(Session(disabled_, clinic_), worker), "facility_id");    // not a rehab place
  EXPECT_EQ(FieldOf(Session(disabled_, station_), worker), "kind");  // the station: mental only
  NewRehabRecord bad = Session(disabled_, town_home_);
  bad.minutes = 0;
  EXPECT_EQ(FieldOf(bad, worker), "minutes");
  bad = Session(disabled_, town_home_);
  bad.served_on = "2026-01-02";
  EXPECT_EQ(FieldOf(bad, worker), "served_on");
  bad.served_on = "2025-09-01";  // more than 90 days back
  EXPECT_EQ(FieldOf(bad, worker), "served_on");
  bad = Session(disabled_, town_home_);
  bad.note = "a\x07";
  EXPECT_EQ(FieldOf(bad, worker), "note");
  EXPECT_EQ(CountAudit("create"), 1);  // nothing else written

  RehabQuery query;
  query.page.limit = 50;
  auto listed = service_->List(query, worker);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(CountAudit("read"), 1);
  // The other community's worker sees nothing.
  auto other = service_->List(query, CallerWith(Role::kCommunityWorker, "321002001002", 12));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
}

TEST_P(RehabilitationTest, MentalHealthRehabilitationIsTheHealthLiaisons) {
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, 11);
  const Caller liaison = Liaison(13);
  auto refused = service_->Record(Session(mental_, station_, RehabKind::kMentalHealth), worker);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
  auto made = service_->Record(Session(mental_, station_, RehabKind::kMentalHealth), liaison);
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_TRUE(service_->Record(Session(disabled_, town_home_), worker).ok());
  // Mental-health rehabilitation needs a 严重精神障碍患者 or disability archive.
  EXPECT_EQ(FieldOf(Session(plain_, station_, RehabKind::kMentalHealth), liaison), "resident_id");

  RehabQuery query;
  query.page.limit = 50;
  auto seen_by_worker = service_->List(query, worker);
  ASSERT_TRUE(seen_by_worker.ok());
  ASSERT_EQ(seen_by_worker->items.size(), 1u);
  EXPECT_EQ(seen_by_worker->items[0].kind, RehabKind::kTraining);
  query.kind = RehabKind::kMentalHealth;
  EXPECT_EQ(service_->List(query, worker).error().code, core::ErrorCode::kPermissionDenied);
  auto seen_by_liaison = service_->List(query, liaison);
  ASSERT_TRUE(seen_by_liaison.ok());
  ASSERT_EQ(seen_by_liaison->items.size(), 1u);
  EXPECT_EQ(seen_by_liaison->items[0].resident_id, mental_);
  // Pages of one, newest first, and a bad cursor is the cursor's error.
  query.kind.reset();
  query.page.limit = 1;
  auto first = service_->List(query, liaison);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  ASSERT_TRUE(first->next_cursor.has_value());
  query.page.after = core::DecodeCursor(*first->next_cursor).value();
  auto second = service_->List(query, liaison);
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_LT(second->items[0].id, first->items[0].id);
}

TEST_P(RehabilitationTest, TheSeederServesADrawOfThePeopleAtTheNearestHome) {
  const uint64_t seed = 20230101;
  int64_t expected = 0;
  for (int back : {75, 45, 15}) {
    const int64_t salt = static_cast<int64_t>((seed + back) % 1000);
    for (int64_t person : {disabled_, elsewhere_, mental_}) {
      if ((person * 7 + salt) % 100 < 60) ++expected;
    }
  }
  auto written = service_->SeedSynthetic(seed);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(*written, expected);
  RehabQuery query;
  query.page.limit = 200;
  auto listed = service_->List(query, Caller::System());
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(static_cast<int64_t>(listed->items.size()), expected);
  for (const auto& x : listed->items) {
    EXPECT_TRUE(x.synthetic);
    EXPECT_NE(x.resident_id, plain_);
    if (x.resident_id == mental_) {
      EXPECT_EQ(x.kind, RehabKind::kMentalHealth);
      EXPECT_EQ(x.facility_id, station_);
    } else {
      EXPECT_EQ(x.kind, RehabKind::kTraining);
      EXPECT_EQ(x.facility_id, town_home_);  // the closed community home is passed over
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, RehabilitationTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::care

// SocialWorkService over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, on the
// fixture divisions of Yangzhou and the shipped plan: a station's reach set, social workers with
// their certificates added and leaving with their history kept, service records checked and
// scoped, the social-worker duty recording only its own, and A5 computed from the records.
#include "storage/social_work/social_work_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/social_work/social_work_service.hpp"
#include "storage/indicators/indicator_repository.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::social_work {
namespace {

using access::Caller;
using access::Duty;
using access::Role;
using storage::Engine;

constexpr char kQionghua[] = "321002001001";  // 琼花观社区, 东关街道
constexpr char kGeyuan[] = "321002001002";    // 个园社区, 东关街道
constexpr char kBihu[] = "321002100201";      // 壁虎村, 湾头镇
constexpr char kTown[] = "321002001";         // 东关街道
constexpr char kOtherTown[] = "321002100";    // 湾头镇

Caller With(Role role, const std::string& scope, int64_t id, Duty duty = Duty::kNone) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = std::string(access::RoleName(role)) + "_" + scope;
  principal.grants = {{role, scope, "", duty}};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

class SocialWorkRepositoryTest : public ::testing::TestWithParam<Engine>,
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
    std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/plan/yangzhou-2023-2025.json");
    std::stringstream text;
    text << in.rdbuf();
    auto plan = indicators::ParsePlan(text.str());
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    indicator_repository_ = storage::MakeSqlIndicatorRepository(database_->database(), &keys_);
    indicators_ = std::make_unique<indicators::IndicatorService>(
        *plan, sources_, *indicator_repository_, *divisions_, clock_);
    repository_ = storage::MakeSqlSocialWorkRepository(database_->database(), &keys_);
    ASSERT_TRUE(RegisterIndicatorSources(sources_, indicators_->plan(), *repository_).ok());
    service_ = std::make_unique<SocialWorkService>(*repository_, *indicators_, clock_);
    station_ = Facility(kTown, "social_work_station", "东关街道社工站");
    room_ = Facility(kGeyuan, "social_work_room", "个园社区社工室");
    other_station_ = Facility(kOtherTown, "social_work_station", "湾头镇社工站");
    canteen_ = Facility(kQionghua, "elderly_canteen", "琼花观老年食堂");
  }

  // A facility as the facilities module stores it (the test's own row).
  int64_t Facility(const std::string& place, const std::string& type, const std::string& name) {
    auto connection = database_->database().Acquire();
    EXPECT_TRUE(connection.ok());
    auto result =
        (*connection)
            ->Query(
                "INSERT INTO facilities (community_code, place_code, type_code, name, lat, lon, "
                "floor_area, service_area, status, created_at, updated_at) VALUES (?, ?, ?, ?, "
                "32.4, "
                "119.4, 100, 80, 'open', 0, 0) RETURNING id",
                {place, place, type, name});
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result->rows.at(0).Int(0);
  }

  NewWorker Worker(int64_t facility, const std::string& number,
                   const std::string& level = "social_worker") {
    return {"王社工", level, number, facility, std::nullopt, "2024-01-01"};
  }

  const indicators::IndicatorRow* Row(const indicators::PlaceIndicators& place,
                                      const std::string& id) {
    for (const auto& row : place.rows) {
      if (row.indicator->id == id && row.variant.empty()) return &row;
    }
    return nullptr;
  }

  crypto::KeyRing keys_ =
      crypto::KeyRing::Create({{"test1", std::string(32, '\x11')}}, "test1", "test1").value();
  indicators::SourceRegistry sources_;
  std::unique_ptr<indicators::IndicatorRepository> indicator_repository_;
  std::unique_ptr<indicators::IndicatorService> indicators_;
  std::unique_ptr<SocialWorkRepository> repository_;
  std::unique_ptr<SocialWorkService> service_;
  int64_t station_ = 0;
  int64_t room_ = 0;
  int64_t other_station_ = 0;
  int64_t canteen_ = 0;
  Caller city_ = With(Role::kCityAdmin, "3210", 1);
  Caller town_ = With(Role::kTownOfficial, kTown, 2);
  Caller community_ = With(Role::kCommunityWorker, kQionghua, 3);
};

TEST_P(SocialWorkRepositoryTest, StationReachWorkersAndRecords) {
  // The reach: communities of the station's town only.
  auto reach = service_->SetReach(station_, {kQionghua, kGeyuan, kQionghua}, town_);
  ASSERT_TRUE(reach.ok()) << reach.error().message;
  ASSERT_EQ(reach->size(), 2u);
  EXPECT_EQ((*reach)[0].first, kQionghua);
  EXPECT_EQ(service_->SetReach(station_, {kBihu}, city_).error().field, "communities");
  EXPECT_EQ(service_->SetReach(room_, {kGeyuan}, town_).error().field, "facility_id");
  EXPECT_EQ(service_->SetReach(other_station_, {kBihu}, town_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->SetReach(canteen_, {kQionghua}, town_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->SetReach(station_, {kQionghua}, community_).error().code,
            core::ErrorCode::kNotFound);

  auto worker = service_->AddWorker(Worker(station_, "S2024-320001"), town_);
  ASSERT_TRUE(worker.ok()) << worker.error().message;
  EXPECT_EQ(worker->place_code, kTown);
  EXPECT_EQ(worker->facility_name, "东关街道社工站");
  // The certificate number is unique and checked; none means no number.
  EXPECT_EQ(service_->AddWorker(Worker(room_, "S2024-320001"), town_).error().code,
            core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(service_->AddWorker(Worker(room_, "号码12345"), town_).error().field,
            "certificate_number");
  EXPECT_EQ(service_->AddWorker(Worker(room_, ""), town_).error().field, "certificate_number");
  EXPECT_EQ(service_->AddWorker(Worker(room_, "A1234", "none"), town_).error().field,
            "certificate_number");
  EXPECT_EQ(service_->AddWorker(Worker(room_, "A1234", "master"), town_).error().field,
            "certificate_level");
  NewWorker bad_name = Worker(room_, "A12345");
  bad_name.name = "王\n社工";
  EXPECT_EQ(service_->AddWorker(bad_name, town_).error().field, "name");
  EXPECT_EQ(service_->AddWorker(Worker(canteen_, "A12345"), town_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->AddWorker(Worker(other_station_, "A12345"), town_).error().code,
            core::ErrorCode::kNotFound);
  auto uncertified = service_->AddWorker(Worker(room_, "", "none"), town_);
  ASSERT_TRUE(uncertified.ok()) << uncertified.error().message;

  // A service record: in the worker's place or reach, while working there; text checked.
  NewRecord record{worker->id, kQionghua, "2025-06-01", "case", 1, "探访独居老人，评估需求"};
  auto recorded = service_->Record(record, town_);
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(recorded->community_name, "琼花观社区居委会");
  NewRecord before = record;
  before.served_on = "2023-12-31";
  EXPECT_EQ(service_->Record(before, town_).error().field, "served_on");
  NewRecord bad_method = record;
  bad_method.method = "phone";
  EXPECT_EQ(service_->Record(bad_method, town_).error().field, "method");
  NewRecord bad_summary = record;
  bad_summary.summary = std::string("a\0b", 3);
  EXPECT_EQ(service_->Record(bad_summary, town_).error().field, "summary");
  NewRecord nobody = record;
  nobody.people_served = 0;
  EXPECT_EQ(service_->Record(nobody, town_).error().field, "people_served");
  NewRecord room_elsewhere{uncertified->id, kQionghua, "2025-06-01", "group", 8, "小组活动"};
  EXPECT_EQ(service_->Record(room_elsewhere, town_).error().field, "community");
  // A community worker reads but does not record.
  EXPECT_EQ(service_->Record(record, community_).error().code, core::ErrorCode::kNotFound);

  // Leaving keeps the history; no record after it.
  auto left = service_->EndWorker(worker->id, "2025-06-30", town_);
  ASSERT_TRUE(left.ok()) << left.error().message;
  EXPECT_EQ(left->ended_on, "2025-06-30");
  EXPECT_EQ(service_->EndWorker(worker->id, "2025-07-01", town_).error().code,
            core::ErrorCode::kFailedPrecondition);
  NewRecord after = record;
  after.served_on = "2025-07-02";
  EXPECT_EQ(service_->Record(after, town_).error().field, "served_on");
  auto working = service_->ListWorkers({}, town_);
  ASSERT_TRUE(working.ok());
  EXPECT_EQ(working->size(), 1u);
  WorkerQuery everyone;
  everyone.include_left = true;
  EXPECT_EQ(service_->ListWorkers(everyone, town_)->size(), 2u);
  EXPECT_EQ(service_->ListWorkers(everyone, With(Role::kTownOfficial, kOtherTown, 9))->size(), 0u);
  EXPECT_EQ(service_->GetWorker(worker->id, With(Role::kTownOfficial, kOtherTown, 9)).error().code,
            core::ErrorCode::kNotFound);

  // Records are scoped by their community.
  EXPECT_EQ(service_->ListRecords({}, community_)->size(), 1u);
  EXPECT_EQ(service_->ListRecords({}, With(Role::kCommunityWorker, kGeyuan, 8))->size(), 0u);
  EXPECT_EQ(service_->ListRecords({}, city_)->at(0).worker_name, "王社工");
}

TEST_P(SocialWorkRepositoryTest, ASocialWorkerRecordsOnlyTheirOwn) {
  NewWorker bound = Worker(station_, "S2024-320002");
  bound.account_id = 40;
  auto mine = service_->AddWorker(bound, town_);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  auto theirs = service_->AddWorker(Worker(station_, "S2024-320003"), town_);
  ASSERT_TRUE(theirs.ok());
  const Caller social_worker = With(Role::kCommunityWorker, kTown, 40, Duty::kSocialWorker);
  auto recorded = service_->Record({mine->id, kGeyuan, "2025-05-01", "community", 30, "社区议事会"},
                                   social_worker);
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(recorded->recorded_by, 40);
  EXPECT_EQ(service_
                ->Record({theirs->id, kGeyuan, "2025-05-01", "community", 30, "社区议事会"},
                         social_worker)
                .error()
                .code,
            core::ErrorCode::kPermissionDenied);
}

TEST_P(SocialWorkRepositoryTest, A5CountsCommunitiesACertifiedWorkerServedInTwelveMonths) {
  auto certified = service_->AddWorker(Worker(station_, "S2024-320004"), town_);
  auto uncertified = service_->AddWorker(Worker(room_, "", "none"), town_);
  ASSERT_TRUE(certified.ok() && uncertified.ok());
  ASSERT_TRUE(
      service_->Record({certified->id, kQionghua, "2025-03-01", "case", 1, "个案"}, town_).ok());
  ASSERT_TRUE(
      service_->Record({uncertified->id, kGeyuan, "2025-09-01", "group", 5, "小组"}, town_).ok());
  ASSERT_TRUE(indicators_->Compute("2025-12").ok());
  clock_.Set(1'776'211'200'000);  // 2026-04-15
  auto computed = indicators_->Compute("2026-03");
  ASSERT_TRUE(computed.ok()) << computed.error().message;
  auto town = indicators_->ForPlace(kTown, "2025-12", city_);
  ASSERT_TRUE(town.ok()) << town.error().message;
  const auto* a5 = Row(*town, "A5");
  ASSERT_NE(a5, nullptr);
  EXPECT_EQ(a5->source, indicators::Source::kComputed);
  EXPECT_DOUBLE_EQ(*a5->value, 50.0);  // 琼花观 by a certified worker; 个园's is uncertified
  auto later = indicators_->ForPlace(kTown, "2026-03", city_);
  EXPECT_DOUBLE_EQ(*Row(*later, "A5")->value, 0.0);  // March 2025 is out of the window
  clock_.Set(1'767'225'600'000);                     // 2026-01-01: the window from 2025-02-01
  auto coverage = service_->Coverage(kTown, town_);
  ASSERT_TRUE(coverage.ok()) << coverage.error().message;
  ASSERT_EQ(coverage->size(), 2u);
  EXPECT_EQ(coverage->at(0).records, 1);
  EXPECT_EQ(coverage->at(1).records, 0);
  EXPECT_EQ(service_->Coverage(kOtherTown, town_).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(WindowOf("2025-12").from, "2025-01-01");
  EXPECT_EQ(WindowOf("2025-12").to, "2025-12-31");
}

TEST_P(SocialWorkRepositoryTest, TheSeederWritesAYearOfSyntheticSocialWork) {
  auto written = service_->SeedSynthetic(7);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_GT(*written, 0);
  EXPECT_EQ(*service_->SeedSynthetic(7), 0);  // once only
  WorkerQuery everyone;
  auto workers = service_->ListWorkers(everyone, city_);
  ASSERT_TRUE(workers.ok());
  int at_station = 0;
  for (const auto& worker : *workers) {
    EXPECT_TRUE(worker.synthetic);
    if (worker.facility_id == station_) ++at_station;
  }
  EXPECT_EQ(at_station, 2);
  RecordQuery all;
  all.limit = 5000;
  auto records = service_->ListRecords(all, city_);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(static_cast<int64_t>(records->size()), *written);
  for (const auto& record : *records) {
    EXPECT_TRUE(record.synthetic);
    EXPECT_LE(record.served_on, "2026-01-01");
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, SocialWorkRepositoryTest, storage::BothEngines(),
                         storage::EngineName);

}  // namespace
}  // namespace linli::social_work

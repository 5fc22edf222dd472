// IndicatorService over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, on the
// fixture divisions of Yangzhou and the shipped plan: a snapshot of a registered source rolled up
// and replaced, every indicator's row at a town, reported figures entered, approved level by
// level and returned, one live figure per place and month, scope and the department rule.
#include "storage/indicators/indicator_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/indicators/indicator_service.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::indicators {
namespace {

using access::Caller;
using access::Role;
using storage::Engine;

constexpr char kTown[] = "321002001";         // 东关街道
constexpr char kQionghua[] = "321002001001";  // 琼花观社区 (urban)
constexpr char kGeyuan[] = "321002001002";    // 个园社区 (urban)
constexpr char kBihu[] = "321002100201";      // 壁虎村 (village)

crypto::KeyRing TestKeys() {
  return crypto::KeyRing::Create({{"test1", std::string(32, '\x11')}}, "test1", "test1").value();
}

Caller With(Role role, const std::string& scope, int64_t id, const std::string& department = "") {
  access::Principal principal;
  principal.account_id = id;
  principal.username = std::string(access::RoleName(role)) + "_" + scope;
  principal.grants = {{role, scope, department}};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

std::string PlanText() {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/plan/yangzhou-2023-2025.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class IndicatorRepositoryTest : public ::testing::TestWithParam<Engine>,
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
    auto plan = ParsePlan(PlanText());
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    // A source standing in for a module: B2a, one kiosk in 琼花观 and none in 个园.
    ASSERT_TRUE(sources_
                    .Register({"test",
                               {"B2a"},
                               [this](std::string_view, const PeriodSpan&, const PlaceIndex&) {
                                 ++computations_;
                                 return core::Result<std::vector<Measurement>>(
                                     std::vector<Measurement>{{"B2a", kQionghua, 1, 1, ""},
                                                              {"B2a", kGeyuan, 0, 1, ""}});
                               }})
                    .ok());
    repository_ = storage::MakeSqlIndicatorRepository(database_->database(), &keys_);
    service_ =
        std::make_unique<IndicatorService>(*plan, sources_, *repository_, *divisions_, clock_);
  }

  const IndicatorRow* Row(const PlaceIndicators& place, const std::string& id,
                          const std::string& variant = "") {
    for (const auto& row : place.rows) {
      if (row.indicator->id == id && row.variant == variant) return &row;
    }
    return nullptr;
  }

  NewReport C1Report(const std::string& place, double numerator, double denominator) {
    return NewReport{"C1", "", place, "2025-12", numerator, denominator, "走访台账", false};
  }

  crypto::KeyRing keys_ = TestKeys();
  SourceRegistry sources_;
  int computations_ = 0;
  std::unique_ptr<IndicatorRepository> repository_;
  std::unique_ptr<IndicatorService> service_;
  Caller city_ = With(Role::kCityAdmin, "3210", 1);
  Caller county_ = With(Role::kCountyOfficial, "321002", 2);
  Caller town_ = With(Role::kTownOfficial, kTown, 3);
  Caller worker_ = With(Role::kCommunityWorker, kQionghua, 4);
};

TEST_P(IndicatorRepositoryTest, SnapshotRollsUpAndEveryIndicatorHasARow) {
  auto summary = service_->Compute("2025-12");
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->indicators, 1);
  EXPECT_EQ(summary->measurements, 2);
  // Community, town, county and city rows of B2a.
  EXPECT_EQ(summary->figures, 5);
  // A second compute replaces the month's rows.
  ASSERT_TRUE(service_->Compute("2025-12").ok());

  auto town = service_->ForPlace(kTown, "2025-12", town_);
  ASSERT_TRUE(town.ok()) << town.error().message;
  EXPECT_EQ(town->place_name, "东关街道");
  EXPECT_EQ(town->level, "town");
  std::set<std::string> ids;
  for (const auto& row : town->rows) ids.insert(row.indicator->id);
  EXPECT_EQ(ids.size(), 34u);
  const IndicatorRow* b2a = Row(*town, "B2a");
  ASSERT_NE(b2a, nullptr);
  EXPECT_EQ(b2a->source, Source::kComputed);
  EXPECT_DOUBLE_EQ(*b2a->value, 50.0);
  EXPECT_EQ(b2a->status, Status::kBehind);  // the deadline month and 50 % of 100 %
  // C9 has a row per variant at a town; a reported indicator without figures is 无数据.
  EXPECT_NE(Row(*town, "C9", "urban"), nullptr);
  EXPECT_NE(Row(*town, "C9", "rural"), nullptr);
  const IndicatorRow* c1 = Row(*town, "C1");
  EXPECT_EQ(c1->source, Source::kNone);
  EXPECT_EQ(c1->status, Status::kNoData);
  EXPECT_FALSE(c1->reason.empty());
  // A city-wide count below the city is a contribution: no target, no status.
  const IndicatorRow* a4e = Row(*town, "A4e");
  EXPECT_FALSE(a4e->target.has_value());
  EXPECT_FALSE(a4e->status.has_value());
  // A county-unit indicator at a town says why it has no value.
  EXPECT_EQ(Row(*town, "C6")->status, Status::kNoData);

  // A village has no B2a (urban communities only) but still a row saying so.
  auto village = service_->ForPlace(kBihu, "2025-12", city_);
  ASSERT_TRUE(village.ok());
  const IndicatorRow* village_b2a = Row(*village, "B2a");
  ASSERT_NE(village_b2a, nullptr);
  EXPECT_FALSE(village_b2a->value.has_value());
  EXPECT_EQ(Row(*village, "C9", "rural")->status, Status::kNoData);
  EXPECT_EQ(Row(*village, "C9", "urban"), nullptr);

  auto trend = service_->Trend(kTown, "B2a", "", town_);
  ASSERT_TRUE(trend.ok());
  ASSERT_EQ(trend->size(), 1u);
  EXPECT_EQ((*trend)[0].period, "2025-12");
}

TEST_P(IndicatorRepositoryTest, OutsideTheScopeReadsAsMissing) {
  EXPECT_EQ(service_->ForPlace("321023", "2025-12", town_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->ForPlace("3210", "2025-12", worker_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->ForPlace("12x", "2025-12", city_).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->ForPlace(kTown, "2025-13", city_).error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST_P(IndicatorRepositoryTest, ReportedFiguresClimbTheLadder) {
  auto report = service_->Submit(C1Report(kQionghua, 1, 1), worker_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->state, ReportState::kSubmitted);
  // One live figure per place, month, indicator and variant.
  EXPECT_EQ(service_->Submit(C1Report(kQionghua, 0, 1), worker_).error().code,
            core::ErrorCode::kAlreadyExists);
  // The county may not approve before the town.
  EXPECT_EQ(service_->Approve(report->id, county_).error().code,
            core::ErrorCode::kPermissionDenied);
  // The worker cannot approve at all.
  EXPECT_FALSE(service_->Approve(report->id, worker_).ok());
  auto by_town = service_->Approve(report->id, town_);
  ASSERT_TRUE(by_town.ok()) << by_town.error().message;
  EXPECT_EQ(by_town->approved_level, "town");
  EXPECT_EQ(by_town->state, ReportState::kSubmitted);
  // Once approved by a level, the reporter cannot change it.
  EXPECT_EQ(service_->Resubmit(report->id, 0, 1, "", worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(service_->Approve(report->id, county_).ok());
  auto final_approval = service_->Approve(report->id, city_);
  ASSERT_TRUE(final_approval.ok());
  EXPECT_EQ(final_approval->state, ReportState::kApproved);
  EXPECT_EQ(service_->Approve(report->id, city_).error().code,
            core::ErrorCode::kFailedPrecondition);

  // 个园 reports too; the town's value is the sum of its communities' figures.
  auto second = service_->Submit(C1Report(kGeyuan, 0, 1), With(Role::kCommunityWorker, kGeyuan, 5));
  ASSERT_TRUE(second.ok()) << second.error().message;
  auto town = service_->ForPlace(kTown, "2025-12", town_);
  ASSERT_TRUE(town.ok());
  const IndicatorRow* c1 = Row(*town, "C1");
  EXPECT_EQ(c1->source, Source::kReported);
  EXPECT_DOUBLE_EQ(*c1->value, 50.0);
  EXPECT_EQ(c1->units, 2);
  EXPECT_EQ(c1->approval, "submitted");  // 个园's awaits the town

  // Returned with a reason, then entered again.
  EXPECT_EQ(service_->Return(second->id, "", town_).error().code,
            core::ErrorCode::kValidationFailed);
  auto returned = service_->Return(second->id, "与走访台账不符", town_);
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->state, ReportState::kReturned);
  auto town_after = service_->ForPlace(kTown, "2025-12", town_);
  EXPECT_DOUBLE_EQ(*Row(*town_after, "C1")->value, 100.0);  // the returned figure is left out
  EXPECT_EQ(Row(*town_after, "C1")->approval, "approved");
  auto again = service_->Resubmit(second->id, 1, 1, "补录走访记录",
                                  With(Role::kCommunityWorker, kGeyuan, 5));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->state, ReportState::kSubmitted);
  auto detail = service_->GetReport(second->id, town_);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->steps.size(), 3u);
  EXPECT_EQ(detail->steps[1].action, "return");
  EXPECT_EQ(detail->steps[1].reason, "与走访台账不符");
  EXPECT_EQ(detail->next_level, "town");

  auto awaiting = service_->AwaitingApproval(town_);
  ASSERT_TRUE(awaiting.ok());
  ASSERT_EQ(awaiting->size(), 1u);
  EXPECT_EQ((*awaiting)[0].id, second->id);
  EXPECT_TRUE(service_->AwaitingApproval(county_)->empty());
}

TEST_P(IndicatorRepositoryTest, ReportsAreChecked) {
  // A computed indicator is not reported.
  EXPECT_EQ(
      service_->Submit({"B2a", "", kQionghua, "2025-12", 1, 1, "", false}, worker_).error().code,
      core::ErrorCode::kFailedPrecondition);
  // Outside the worker's community.
  EXPECT_EQ(service_->Submit(C1Report(kGeyuan, 1, 1), worker_).error().code,
            core::ErrorCode::kNotFound);
  // A share above 100 %, a zero denominator, a future month, a variant of the wrong kind.
  EXPECT_EQ(service_->Submit(C1Report(kQionghua, 2, 1), worker_).error().field, "numerator");
  EXPECT_EQ(service_->Submit(C1Report(kQionghua, 0, 0), worker_).error().field, "denominator");
  auto future = C1Report(kQionghua, 1, 1);
  future.period = "2026-02";
  EXPECT_EQ(service_->Submit(future, worker_).error().field, "period");
  EXPECT_EQ(service_->Submit({"C9", "rural", kQionghua, "2025-12", 1, 1, "", false}, worker_)
                .error()
                .field,
            "variant");
  // C6 counts counties: a town cannot report it.
  EXPECT_EQ(service_->Submit({"C6", "", kTown, "2025-12", 1, 1, "", false}, town_).error().field,
            "place");
  // A department officer reports only its department's indicators.
  const Caller civil = With(Role::kDepartmentOfficer, "3210", 9, "市民政局");
  const Caller police = With(Role::kDepartmentOfficer, "3210", 10, "市公安局");
  EXPECT_TRUE(service_->Submit({"A4e", "", "3210", "2025-12", 21, 0, "", false}, civil).ok());
  EXPECT_EQ(service_->Submit({"C13", "", "3210", "2025-12", 2, 0, "", false}, police).error().code,
            core::ErrorCode::kPermissionDenied);
  // Control characters in the note are refused.
  auto bad_note = C1Report(kQionghua, 1, 1);
  bad_note.note = std::string("a\x01b");
  EXPECT_EQ(service_->Submit(bad_note, worker_).error().field, "note");
}

INSTANTIATE_TEST_SUITE_P(Engines, IndicatorRepositoryTest, storage::BothEngines(),
                         storage::EngineName);

}  // namespace
}  // namespace linli::indicators

// DesignationService over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, on
// the fixture divisions of Yangzhou and the shipped plan: a designation recorded, its evidence
// checked and kept, revoked with a reason and its history; scope and bad input; and the
// indicators it makes computed (C4a counted per county, C12 per pilot town, C2a a share).
#include "storage/designations/designation_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/designations/designation_service.hpp"
#include "storage/indicators/indicator_repository.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::designations {
namespace {

using access::Caller;
using access::Role;
using storage::Engine;

constexpr char kQionghua[] = "321002001001";  // 琼花观社区 (urban, 广陵区 a district)
constexpr char kGeyuan[] = "321002001002";    // 个园社区 (urban)
constexpr char kTown[] = "321002001";

Caller With(Role role, const std::string& scope, int64_t id, const std::string& department = "") {
  access::Principal principal;
  principal.account_id = id;
  principal.username = std::string(access::RoleName(role)) + "_" + scope;
  principal.grants = {{role, scope, department}};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

class DesignationRepositoryTest : public ::testing::TestWithParam<Engine>,
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
    repository_ = storage::MakeSqlDesignationRepository(database_->database(), &keys_);
    ASSERT_TRUE(RegisterIndicatorSources(sources_, indicators_->plan(), *repository_).ok());
    service_ = std::make_unique<DesignationService>(*repository_, *indicators_, clock_);
  }

  NewDesignation ChildFriendly(const std::string& place, const std::string& on = "2024-06-01") {
    return {"child_friendly_community", place, "儿童友好示范社区", on, "市妇联", "city", ""};
  }

  const indicators::IndicatorRow* Row(const indicators::PlaceIndicators& place,
                                      const std::string& id, const std::string& variant = "") {
    for (const auto& row : place.rows) {
      if (row.indicator->id == id && row.variant == variant) return &row;
    }
    return nullptr;
  }

  crypto::KeyRing keys_ =
      crypto::KeyRing::Create({{"test1", std::string(32, '\x11')}}, "test1", "test1").value();
  indicators::SourceRegistry sources_;
  std::unique_ptr<indicators::IndicatorRepository> indicator_repository_;
  std::unique_ptr<indicators::IndicatorService> indicators_;
  std::unique_ptr<DesignationRepository> repository_;
  std::unique_ptr<DesignationService> service_;
  Caller city_ = With(Role::kCityAdmin, "3210", 1);
  Caller worker_ = With(Role::kCommunityWorker, kQionghua, 4);
};

TEST_P(DesignationRepositoryTest, RecordedWithEvidenceRevokedWithHistory) {
  auto made = service_->Create(ChildFriendly(kQionghua), worker_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->place_name, "琼花观社区居委会");
  // Evidence: a PDF is kept; text pretending to be one is refused.
  EXPECT_EQ(service_->AttachEvidence(made->id, "命名文件.pdf", "not a pdf", worker_).error().field,
            "file");
  const std::string pdf = "%PDF-1.4\n%%EOF\n";
  auto attached = service_->AttachEvidence(made->id, "命名文件.pdf", pdf, worker_);
  ASSERT_TRUE(attached.ok()) << attached.error().message;
  EXPECT_EQ(attached->evidence_type, "application/pdf");
  EXPECT_EQ(attached->evidence_size, static_cast<int64_t>(pdf.size()));
  auto evidence = service_->Evidence(made->id, city_);
  ASSERT_TRUE(evidence.ok());
  EXPECT_EQ(evidence->bytes, pdf);
  // Revoked with a reason, once.
  EXPECT_EQ(service_->Revoke(made->id, "2024-05-01", "复核未通过", worker_).error().field,
            "revoked_on");  // before it was made
  EXPECT_EQ(service_->Revoke(made->id, "2025-01-10", "", worker_).error().field, "reason");
  auto revoked = service_->Revoke(made->id, "2025-01-10", "复核未通过", worker_);
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_EQ(revoked->revoked_on, "2025-01-10");
  EXPECT_EQ(service_->Revoke(made->id, "2025-01-11", "again", worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  auto history = service_->History(made->id, worker_);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].action, "create");
  EXPECT_EQ((*history)[1].action, "evidence");
  EXPECT_EQ((*history)[2].action, "revoke");
}

TEST_P(DesignationRepositoryTest, BadInputAndScope) {
  // Outside the worker's community; a town pilot named to a community; a date in the future.
  EXPECT_EQ(service_->Create(ChildFriendly(kGeyuan), worker_).error().code,
            core::ErrorCode::kNotFound);
  NewDesignation pilot{
      "remote_notarisation_town", kQionghua, "试点", "2024-01-01", "市司法局", "city", ""};
  EXPECT_EQ(service_->Create(pilot, city_).error().field, "place");
  EXPECT_EQ(service_->Create(ChildFriendly(kQionghua, "2099-01-01"), worker_).error().field,
            "designated_on");
  auto bad_kind = ChildFriendly(kQionghua);
  bad_kind.kind = "nope";
  EXPECT_EQ(service_->Create(bad_kind, worker_).error().field, "kind");
  auto bad_level = ChildFriendly(kQionghua);
  bad_level.approval_level = "planet";
  EXPECT_EQ(service_->Create(bad_level, worker_).error().field, "approval_level");
  // A department officer records only kinds counting its own indicators.
  const Caller justice = With(Role::kDepartmentOfficer, "3210", 9, "市司法局");
  pilot.place_code = kTown;
  EXPECT_TRUE(service_->Create(pilot, justice).ok());
  EXPECT_EQ(service_->Create(ChildFriendly(kQionghua), justice).error().code,
            core::ErrorCode::kPermissionDenied);
  // Records outside the scope read as missing.
  auto made = service_->Create(ChildFriendly(kGeyuan), city_);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(service_->Get(made->id, worker_).error().code, core::ErrorCode::kNotFound);
}

TEST_P(DesignationRepositoryTest, TheIndicatorsTheyCountAreComputed) {
  ASSERT_TRUE(service_->Create(ChildFriendly(kQionghua, "2023-05-01"), city_).ok());
  ASSERT_TRUE(service_->Create(ChildFriendly(kGeyuan, "2025-03-01"), city_).ok());
  ASSERT_TRUE(service_
                  ->Create({"yiyang_community", kQionghua, "琼花观颐养社区", "2024-02-01",
                            "市民政局", "city", ""},
                           city_)
                  .ok());
  ASSERT_TRUE(service_
                  ->Create({"remote_notarisation_town", kTown, "东关街道远程公证试点", "2024-02-01",
                            "市司法局", "city", ""},
                           city_)
                  .ok());
  ASSERT_TRUE(indicators_->Compute("2024-06").ok());
  ASSERT_TRUE(indicators_->Compute("2025-12").ok());
  auto county = indicators_->ForPlace("321002", "2024-06", city_);
  ASSERT_TRUE(county.ok()) << county.error().message;
  const auto* c4a = Row(*county, "C4a");
  ASSERT_NE(c4a, nullptr);
  EXPECT_EQ(c4a->source, indicators::Source::kComputed);
  EXPECT_EQ(c4a->value, 1.0);  // 个园's came later
  auto later = indicators_->ForPlace("321002", "2025-12", city_);
  EXPECT_EQ(Row(*later, "C4a")->value, 2.0);
  EXPECT_EQ(Row(*later, "C4b", "county")->value, 2.0);
  auto city = indicators_->ForPlace("3210", "2025-12", city_);
  EXPECT_EQ(Row(*city, "C12")->value, 1.0);
  EXPECT_EQ(Row(*city, "C12")->source, indicators::Source::kComputed);
  auto town = indicators_->ForPlace(kTown, "2025-12", city_);
  EXPECT_DOUBLE_EQ(*Row(*town, "C2a")->value, 50.0);  // one of the two urban communities
  // A computed indicator is no longer reported.
  EXPECT_EQ(
      indicators_->Submit({"C12", "", "3210", "2025-12", 5, 0, "", false}, city_).error().code,
      core::ErrorCode::kFailedPrecondition);
}

INSTANTIATE_TEST_SUITE_P(Engines, DesignationRepositoryTest, storage::BothEngines(),
                         storage::EngineName);

}  // namespace
}  // namespace linli::designations

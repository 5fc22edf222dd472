// SocialOrgService over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, on the
// fixture divisions of Yangzhou and the shipped plan and rules: an organisation registered,
// changed and deregistered; its activities recorded by a worker in scope and by the organisation's
// own account (by organisation, never by place); the phone masked and unmasked reads audited; bad
// input and scope; A4c and A4d computed from the activities; the seeder.
#include "storage/social_orgs/social_org_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/social_orgs/incubations.hpp"
#include "domain/social_orgs/social_org_service.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/indicators/indicator_repository.hpp"
#include "storage/social_orgs/incubation_repository.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::social_orgs {
namespace {

using access::Caller;
using access::Role;
using storage::Engine;

constexpr char kQionghua[] = "321002001001";  // 琼花观社区 (urban)
constexpr char kGeyuan[] = "321002001002";    // 个园社区 (urban)
constexpr char kBihu[] = "321002100201";      // 壁虎村 (village)

std::string ReadFile(const std::string& path) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Caller With(Role role, const std::string& scope, int64_t id,
            std::optional<int64_t> organisation = std::nullopt) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = std::string(access::RoleName(role)) + "_" + scope;
  access::RoleGrant grant{role, scope, ""};
  grant.organisation_id = organisation;
  principal.grants = {grant};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

class SocialOrgRepositoryTest : public ::testing::TestWithParam<Engine>,
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
    auto plan = indicators::ParsePlan(ReadFile("/data/plan/yangzhou-2023-2025.json"));
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    auto rules = ParseRules(ReadFile("/data/social_orgs/rules.json"));
    ASSERT_TRUE(rules.ok()) << rules.error().message;
    indicator_repository_ = storage::MakeSqlIndicatorRepository(database_->database(), &keys_);
    audit_ = storage::MakeSqlAuditLog(database_->database(), &keys_);
    repository_ = storage::MakeSqlOrganisationRepository(database_->database(), &keys_);
    indicators_ = std::make_unique<indicators::IndicatorService>(
        *plan, sources_, *indicator_repository_, *divisions_, clock_);
    service_ =
        std::make_unique<SocialOrgService>(*rules, *repository_, *indicators_, *audit_, clock_);
    ASSERT_TRUE(RegisterIndicatorSources(sources_, service_->rules(), *repository_).ok());
  }

  static OrganisationInput Filed(const std::string& place, const std::string& name) {
    OrganisationInput input;
    input.name = name;
    input.category = "elderly_disabled";
    input.status = "filed";
    input.filing_number = "BA-2023-0042";
    input.place_code = place;
    input.contact_name = "王红";
    input.contact_phone = "13912345678";
    input.founded_on = "2021-03-15";
    return input;
  }

  core::Result<int64_t> AuditCount(const std::string& action) {
    ASSIGN_OR_RETURN(auto connection, database_->database().Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT COUNT(*) FROM audit_log WHERE subject_type = "
                                       "'social_org' AND action = ?",
                                       {action}));
    return result.rows.at(0).Int(0);
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
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<OrganisationRepository> repository_;
  std::unique_ptr<SocialOrgService> service_;
  Caller city_ = With(Role::kCityAdmin, "3210", 1);
  Caller worker_ = With(Role::kCommunityWorker, kQionghua, 4);
  Caller official_ = With(Role::kTownOfficial, "321002001", 5);
};

TEST_P(SocialOrgRepositoryTest, RegisteredChangedDeregistered) {
  auto input = Filed(kQionghua, "琼花观银龄互助社");
  input.areas = {kGeyuan};
  auto made = service_->Create(input, worker_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->place_name, "琼花观社区居委会");
  EXPECT_EQ(made->status, OrgStatus::kFiled);
  EXPECT_EQ(made->contact_phone, "13912345678");  // a community worker holds personal data
  EXPECT_EQ(made->areas, (std::vector<std::string>{kQionghua, kGeyuan}));
  // A town official reads it masked, and that read leaves no audit record of a phone.
  const int64_t reads = AuditCount("read").value();
  auto masked = service_->Get(made->id, official_);
  ASSERT_TRUE(masked.ok()) << masked.error().message;
  EXPECT_EQ(masked->contact_phone, "139****5678");
  EXPECT_EQ(AuditCount("read").value(), reads);
  ASSERT_TRUE(service_->Get(made->id, worker_).ok());
  EXPECT_EQ(AuditCount("read").value(), reads + 1);
  // The same name twice in one community is refused.
  EXPECT_EQ(service_->Create(input, worker_).error().code, core::ErrorCode::kAlreadyExists);
  // It registers: a credit code with a good check character.
  input.status = "registered";
  input.credit_code = "53321002MJ1234567X";
  EXPECT_EQ(service_->Update(made->id, input, worker_).error().field, "credit_code");
  const std::string first = "53321002MJ1234567";
  input.credit_code = first + CreditCodeCheck(first);
  auto changed = service_->Update(made->id, input, worker_);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->status, OrgStatus::kRegistered);
  // Listed with filters.
  OrganisationQuery query;
  query.category = "elderly_disabled";
  query.name_contains = "银龄";
  auto listed = service_->List(query, city_);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  query.category = "charity";
  EXPECT_TRUE(service_->List(query, city_)->empty());
  // Deregistered once, with a date and a reason; then no more changes.
  EXPECT_EQ(service_->Deregister(made->id, "2025-12-01", "", worker_).error().field, "reason");
  EXPECT_EQ(service_->Deregister(made->id, "2020-01-01", "解散", worker_).error().field,
            "deregistered_on");
  auto gone = service_->Deregister(made->id, "2025-12-01", "成员解散", worker_);
  ASSERT_TRUE(gone.ok()) << gone.error().message;
  EXPECT_EQ(gone->status, OrgStatus::kDeregistered);
  EXPECT_EQ(gone->registered_as, OrgStatus::kRegistered);
  EXPECT_EQ(gone->contact_phone, "13912345678");  // kept, not overwritten by a masked read
  EXPECT_EQ(service_->Deregister(made->id, "2025-12-02", "again", worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->Update(made->id, input, worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
}

TEST_P(SocialOrgRepositoryTest, BadInputAndScopeChangeNothing) {
  // Outside the worker's community; a town as home; bad fields.
  EXPECT_EQ(service_->Create(Filed(kGeyuan, "个园合唱团"), worker_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Create(Filed("321002001", "街道合唱团"), city_).error().field, "place");
  auto bad = Filed(kQionghua, "琼花观合唱团");
  bad.category = "nope";
  EXPECT_EQ(service_->Create(bad, worker_).error().field, "category");
  bad = Filed(kQionghua, "琼花观合唱团");
  bad.status = "deregistered";
  EXPECT_EQ(service_->Create(bad, worker_).error().field, "status");
  bad = Filed(kQionghua, "琼花观合唱团");
  bad.filing_number = "备案";
  EXPECT_EQ(service_->Create(bad, worker_).error().field, "filing_number");
  bad = Filed(kQionghua, "琼花观合唱团");
  bad.contact_phone = "12";
  EXPECT_EQ(service_->Create(bad, worker_).error().field, "contact_phone");
  bad = Filed(kQionghua, "琼花观合唱团");
  bad.founded_on = "2099-01-01";
  EXPECT_EQ(service_->Create(bad, worker_).error().field, "founded_on");
  bad = Filed(kQionghua, "琼花观\x01合唱团");
  EXPECT_EQ(service_->Create(bad, worker_).error().field, "name");
  bad = Filed(kQionghua, "琼花观合唱团");
  bad.areas = {"321002001999"};
  EXPECT_EQ(service_->Create(bad, worker_).error().field, "areas");
  EXPECT_TRUE(service_->List({}, city_)->empty());
  // Records outside the scope read as missing.
  auto made = service_->Create(Filed(kGeyuan, "个园合唱团"), city_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(service_->Get(made->id, worker_).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(
      service_->AddActivity(made->id, {"合唱", "2025-11-01", "", 10, ""}, worker_).error().code,
      core::ErrorCode::kNotFound);
  EXPECT_TRUE(service_->List({}, worker_)->empty());
}

TEST_P(SocialOrgRepositoryTest, ActivitiesByWorkersAndByTheOrganisationItself) {
  auto made = service_->Create(Filed(kQionghua, "琼花观银龄互助社"), worker_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto other = service_->Create(Filed(kGeyuan, "个园合唱团"), city_);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(
      service_->AddActivity(made->id, {"独居老人探访", "2025-09-10", "", 12, ""}, worker_).ok());
  // The organisation's own account, bound to it (its grant's place is only its home).
  const Caller own = With(Role::kSocialOrg, kQionghua, 9, made->id);
  auto mine = service_->Own(own);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  EXPECT_EQ(mine->organisation.id, made->id);
  EXPECT_EQ(mine->activities.size(), 1u);
  auto added =
      service_->AddOwnActivity({"健康讲座", "2025-12-20", kQionghua, 30, "卫生站协办"}, own);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->place_name, "琼花观社区居委会");
  // Bad activities change nothing.
  EXPECT_EQ(service_->AddOwnActivity({"", "2025-12-20", "", 3, ""}, own).error().field, "title");
  EXPECT_EQ(service_->AddOwnActivity({"讲座", "2026-02-01", "", 3, ""}, own).error().field,
            "held_on");
  EXPECT_EQ(service_->AddOwnActivity({"讲座", "2025-12-01", kGeyuan, 3, ""}, own).error().field,
            "place");  // not a community it serves
  EXPECT_EQ(service_->AddOwnActivity({"讲座", "2025-12-01", "", -1, ""}, own).error().field,
            "served");
  EXPECT_EQ(service_->Activities(made->id, worker_)->size(), 2u);
  // The organisation reads nothing by place: not the registry, not another organisation.
  EXPECT_EQ(service_->Get(made->id, own).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(service_->List({}, own)->empty());
  // An unbound social_org account has nothing of its own.
  EXPECT_EQ(service_->Own(With(Role::kSocialOrg, kQionghua, 10)).error().code,
            core::ErrorCode::kNotFound);
  // A binding is to an organisation not deregistered.
  auto bindable = service_->BindablePlace(made->id);
  ASSERT_TRUE(bindable.ok());
  ASSERT_TRUE(bindable->has_value());
  EXPECT_EQ((*bindable)->first, kQionghua);
  EXPECT_FALSE(service_->BindablePlace(999999)->has_value());
}

TEST_P(SocialOrgRepositoryTest, RegularlyActiveOrganisationsMakeA4cAndA4d) {
  // 琼花观: one active in four months (counts), one in three (does not); 壁虎村: one in five.
  auto a = service_->Create(Filed(kQionghua, "琼花观银龄互助社"), city_);
  auto b = service_->Create(Filed(kQionghua, "琼花观书画社"), city_);
  auto input = Filed(kBihu, "壁虎村农技服务社");
  input.category = "rural_production";
  auto c = service_->Create(input, city_);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  for (const char* day : {"2025-03-02", "2025-05-02", "2025-05-20", "2025-08-02", "2025-11-02"}) {
    ASSERT_TRUE(service_->AddActivity(a->id, {"探访", day, "", 10, ""}, city_).ok());
  }
  for (const char* day : {"2025-03-02", "2025-06-02", "2025-09-02"}) {
    ASSERT_TRUE(service_->AddActivity(b->id, {"书画", day, "", 10, ""}, city_).ok());
  }
  for (const char* day : {"2025-01-05", "2025-02-05", "2025-03-05", "2025-04-05", "2025-05-05"}) {
    ASSERT_TRUE(service_->AddActivity(c->id, {"农技", day, "", 10, ""}, city_).ok());
  }
  auto listed = service_->List({}, city_);
  ASSERT_TRUE(listed.ok());
  for (const auto& o : *listed) {
    if (o.id == a->id) {
      EXPECT_TRUE(o.regularly_active);
    }
    if (o.id == b->id) {
      EXPECT_FALSE(o.regularly_active);
    }
  }
  ASSERT_TRUE(indicators_->Compute("2025-12").ok());
  auto qionghua = indicators_->ForPlace(kQionghua, "2025-12", city_);
  ASSERT_TRUE(qionghua.ok()) << qionghua.error().message;
  const auto* a4c = Row(*qionghua, "A4c");
  ASSERT_NE(a4c, nullptr);
  EXPECT_EQ(a4c->source, indicators::Source::kComputed);
  EXPECT_EQ(a4c->value, 1.0);
  auto village = indicators_->ForPlace(kBihu, "2025-12", city_);
  EXPECT_EQ(Row(*village, "A4d")->value, 1.0);
  // Urban communities average for A4c (two of them: 1 / 2), villages for A4d.
  auto town = indicators_->ForPlace("321002001", "2025-12", city_);
  EXPECT_DOUBLE_EQ(*Row(*town, "A4c")->value, 0.5);
  // The window moves: by 2026-06 the village's activities are out of it.
  ASSERT_TRUE(indicators_->Compute("2026-06").ok());
  EXPECT_EQ(Row(*indicators_->ForPlace(kBihu, "2026-06", city_), "A4d")->value, 0.0);
  // A computed indicator is no longer reported.
  EXPECT_EQ(
      indicators_->Submit({"A4c", "", kQionghua, "2025-12", 5, 1, "", false}, city_).error().code,
      core::ErrorCode::kFailedPrecondition);
}

TEST_P(SocialOrgRepositoryTest, SeederWritesSyntheticOrganisationsOnce) {
  auto written = service_->SeedSynthetic({kQionghua, kGeyuan, kBihu}, 7);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_GE(*written, 8 + 8 + 3);
  EXPECT_LE(*written, 14 + 14 + 7);
  auto listed = service_->List({}, city_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(static_cast<int64_t>(listed->size()), *written);
  for (const auto& o : *listed) {
    EXPECT_TRUE(o.synthetic);
    if (o.status == OrgStatus::kRegistered) {
      EXPECT_TRUE(IsCreditCode(o.credit_code)) << o.name;
    }
  }
  EXPECT_EQ(service_->SeedSynthetic({kQionghua}, 7).value(), 0);
}

TEST_P(SocialOrgRepositoryTest, IncubationAppliedStartedGraduatedEachStepDated) {
  auto incubation_repository = storage::MakeSqlIncubationRepository(database_->database(), &keys_);
  // The town's base (id 77); any other id is not an open incubation base.
  IncubationService incubations(
      *incubation_repository, *repository_,
      [](int64_t id) -> core::Result<std::optional<IncubationBase>> {
        if (id != 77) return std::optional<IncubationBase>();
        return std::optional<IncubationBase>(
            IncubationBase{77, "东关街道社会组织孵化基地", "321002001"});
      },
      clock_);
  auto made = service_->Create(Filed(kQionghua, "琼花观银龄互助社"), worker_);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(incubations.Apply(made->id, 78, "2025-10-01", "", worker_).error().field, "base_id");
  EXPECT_EQ(incubations.Apply(made->id, 77, "2099-10-01", "", worker_).error().field, "applied_on");
  auto applied = incubations.Apply(made->id, 77, "2025-10-01", "申请入驻", worker_);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->status, IncubationStatus::kApplied);
  EXPECT_EQ(incubations.Apply(made->id, 77, "2025-10-02", "", worker_).error().code,
            core::ErrorCode::kAlreadyExists);
  // The base's place officials decide; a community worker of the organisation does not reach
  // the town's base.
  EXPECT_EQ(incubations.Start(applied->id, "2025-10-10", worker_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(incubations.Graduate(applied->id, "2025-10-10", official_).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(incubations.Start(applied->id, "2025-09-10", official_).error().field, "started_on");
  auto started = incubations.Start(applied->id, "2025-10-10", official_);
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->status, IncubationStatus::kIncubating);
  EXPECT_EQ(started->started_on, "2025-10-10");
  auto graduated = incubations.Graduate(applied->id, "2025-12-20", official_);
  ASSERT_TRUE(graduated.ok()) << graduated.error().message;
  EXPECT_EQ(graduated->status, IncubationStatus::kGraduated);
  EXPECT_EQ(graduated->ended_on, "2025-12-20");
  EXPECT_EQ(incubations.Withdraw(applied->id, "2025-12-21", official_).error().code,
            core::ErrorCode::kFailedPrecondition);
  auto listed = incubations.List(IncubationStatus::kGraduated, official_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().organisation_name, "琼花观银龄互助社");
  // A new application once the last ended; then withdrawn.
  auto again = incubations.Apply(made->id, 77, "2025-12-21", "", worker_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(incubations.Withdraw(again->id, "2025-12-22", official_)->status,
            IncubationStatus::kWithdrawn);
}

INSTANTIATE_TEST_SUITE_P(Engines, SocialOrgRepositoryTest, storage::BothEngines(),
                         storage::EngineName);

}  // namespace
}  // namespace linli::social_orgs

// Home services and mandatory reports over the SQL repositories, on SQLite and (LINLI_TEST_PG_URL)
// PostgreSQL, on the fixture people: a provider serving a town is in its communities' scope; an
// order is settled at check-out against what remains of the month's subsidy; a statement totals
// its done orders and balances once closed; C2b's counts; a mandatory report reaches the
// 儿童主任 and the county, and a deadline passed is told to the county once.
#include "storage/care/home_service_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/care/home_service_service.hpp"
#include "domain/care/mandatory_reports.hpp"
#include "storage/care/eligibility_repository.hpp"
#include "storage/care/mandatory_report_repository.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::care {
namespace {

using access::Caller;
using access::Role;
using people::testing::CallerWith;
using people::testing::kCommunityA;
using people::testing::kCommunityB;
using people::testing::kGridA1;
using people::testing::MakeIdNumber;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class Notices final : public notifications::Notifier {
 public:
  core::Status Post(std::vector<notifications::Notice> notices) override {
    for (auto& notice : notices) posted.push_back(std::move(notice));
    return core::Ok();
  }
  void Deliver(const std::vector<notifications::Notice>&) override {}
  std::vector<notifications::Notice> posted;
};

Caller Staff(int64_t account, int64_t provider) {
  access::Principal principal;
  principal.account_id = account;
  principal.username = "staff";
  access::RoleGrant grant{Role::kProvider, "321002001", ""};
  grant.provider_id = provider;
  principal.grants = {grant};
  return Caller(std::move(principal), "127.0.0.1", "r-test");
}

class HomeServiceRepositoryTest : public people::testing::PeopleEnginesTest {
 protected:
  void SetUp() override {
    PeopleEnginesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    repository_ = storage::MakeSqlHomeServiceRepository(f_.db(), f_.keys_.get());
    eligibility_ = storage::MakeSqlEligibilityRepository(f_.db(), f_.keys_.get());
    auto rules = ParseHomeServices(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/care/home_services.json"),
        {{"dibao", "低保"}, {"tekun", "特困"}, {"elderly_alone", "独居老人"}}, {});
    ASSERT_TRUE(rules.ok()) << rules.error().message;
    service_ = std::make_unique<HomeServices>(*repository_, *eligibility_, *f_.repository_,
                                              *f_.audit_log_, std::move(*rules), f_.clock_);
    worker_ = AddAccount("cworker", "community_worker", kCommunityA, "");
    staff_ = AddAccount("staff", "community_worker", kCommunityA, "");
    auto elder = f_.MakeResident("王秀英", MakeIdNumber("19380304", 2), kGridA1);
    ASSERT_TRUE(elder.ok()) << elder.error().message;
    elder_ = elder->id;
    auto young = f_.MakeResident("李青", MakeIdNumber("19900101", 3), kGridA1);
    ASSERT_TRUE(young.ok());
    young_ = young->id;
    Exec(
        "INSERT INTO resident_tags (resident_id, tag_code, valid_from, place_code, created_at) "
        "VALUES (?, 'dibao', '2020-01-01', ?, 0)",
        {elder_, std::string(kGridA1)});
  }

  void Exec(const std::string& sql, std::vector<storage::Value> params) {
    auto connection = f_.db().Acquire();
    ASSERT_TRUE(connection.ok());
    auto done = (*connection)->Query(sql, params);
    ASSERT_TRUE(done.ok()) << done.error().message;
  }

  int64_t AddAccount(const std::string& username, const std::string& role, const std::string& scope,
                     const std::string& duty) {
    auto connection = f_.db().Acquire();
    EXPECT_TRUE(connection.ok());
    auto inserted = (*connection)
                        ->Query(
                            "INSERT INTO accounts (username, display_name, password_hash, "
                            "created_at, updated_at) VALUES (?, ?, 'x', 0, 0) RETURNING id",
                            {username, username});
    EXPECT_TRUE(inserted.ok()) << inserted.error().message;
    const int64_t id = inserted->rows.at(0).Int(0);
    EXPECT_TRUE((*connection)
                    ->Query("INSERT INTO account_grants (account_id, role, scope_code, duty) "
                            "VALUES (?, ?, ?, ?)",
                            {id, role, scope, duty})
                    .ok());
    return id;
  }

  ProviderInput Provider(const std::string& name) {
    ProviderInput in;
    in.name = name;
    in.place_code = "321002001";
    in.services = {{"meal", 1200}, {"cleaning", 4000}};
    in.contact_name = "王站长";
    in.contact_phone = "13912345678";
    return in;
  }

  std::unique_ptr<HomeServiceRepository> repository_;
  std::unique_ptr<EligibilityRepository> eligibility_;
  std::unique_ptr<HomeServices> service_;
  int64_t worker_ = 0;
  int64_t staff_ = 0;
  int64_t elder_ = 0;
  int64_t young_ = 0;
};

TEST_P(HomeServiceRepositoryTest, AnOrderIsSettledAgainstTheMonthsSubsidy) {
  const Caller town = CallerWith(Role::kTownOfficial, "321002001", 0);
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, worker_);
  auto provider = service_->CreateProvider(Provider("颐康助餐"), town);
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_EQ(service_->CreateProvider(Provider("颐康助餐"), town).error().code,
            core::ErrorCode::kAlreadyExists);
  // Serving the town: in the community worker's scope; another town's official does not see it.
  EXPECT_TRUE(service_->GetProvider(provider->id, worker).ok());
  EXPECT_EQ(service_->GetProvider(provider->id, CallerWith(Role::kTownOfficial, "321002002", 0))
                .error()
                .code,
            core::ErrorCode::kNotFound);
  ProviderQuery query;
  query.place_prefix = kCommunityA;
  auto listed = service_->ListProviders(query, worker);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].services.size(), 2u);

  auto entitled = service_->EntitlementsOf(elder_, "", worker);
  ASSERT_TRUE(entitled.ok()) << entitled.error().message;
  EXPECT_EQ(entitled->at(0).service, "meal");
  EXPECT_EQ(entitled->at(0).entitled, 30);

  NewOrder order;
  order.resident_id = elder_;
  order.provider_id = provider->id;
  order.service = "meal";
  order.units = 40;
  order.wanted_on = "2026-01-01";
  NewOrder young = order;
  young.resident_id = young_;
  EXPECT_EQ(service_->PlaceOrder(young, worker).error().field, "resident_id");
  auto placed = service_->PlaceOrder(order, worker);
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  const int64_t id = placed->order.id;

  const Caller staff = Staff(staff_, provider->id);
  const Caller other = Staff(staff_, provider->id + 1000);
  EXPECT_EQ(service_->GetServingOrder(id, other).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->CheckIn(id, std::nullopt, std::nullopt, staff).error().code,
            core::ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(service_->Schedule(id, f_.clock_.NowMillis() + 3'600'000, staff).ok());
  ASSERT_TRUE(service_->CheckIn(id, 32.39, 119.43, staff).ok());
  auto done = service_->CheckOut(id, 32.39, 119.43, std::nullopt, "已送达", staff);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->order.status, OrderStatus::kDone);
  EXPECT_EQ(done->order.amount_cents, 48000);
  EXPECT_EQ(done->order.subsidy_units, 30);
  EXPECT_EQ(done->order.subsidy_cents, 36000);
  EXPECT_EQ(done->order.done_month, "2026-01");

  // The month's subsidy is spent: the next order is paid by the person.
  order.units = 5;
  auto second = service_->PlaceOrder(order, worker);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(service_->Schedule(second->order.id, f_.clock_.NowMillis(), staff).ok());
  ASSERT_TRUE(service_->CheckIn(second->order.id, std::nullopt, std::nullopt, staff).ok());
  auto paid = service_->CheckOut(second->order.id, std::nullopt, std::nullopt, 4, "", staff);
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->order.units, 4);
  EXPECT_EQ(paid->order.subsidy_cents, 0);

  // The statement: two lines; the current month cannot close, a past one closes once and
  // balances.
  auto statement = service_->GetStatement(provider->id, "2026-01", town);
  ASSERT_TRUE(statement.ok());
  EXPECT_EQ(statement->lines.size(), 2u);
  EXPECT_EQ(statement->totals.amount_cents, 48000 + 4800);
  EXPECT_EQ(statement->totals.subsidy_cents, 36000);
  EXPECT_EQ(service_->CloseStatement(provider->id, "2026-01", town).error().field, "month");
  f_.clock_.Advance(int64_t{40} * 86'400'000);  // into February
  auto closed = service_->CloseStatement(provider->id, "2026-01", town);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  ASSERT_TRUE(closed->closed.has_value());
  EXPECT_EQ(closed->closed->totals, closed->totals);
  EXPECT_EQ(service_->CloseStatement(provider->id, "2026-01", town).error().code,
            core::ErrorCode::kFailedPrecondition);

  // C2b: the elder of community A was served in the twelve months to February.
  auto figures = service_->ServedFigures("2026-02");
  ASSERT_TRUE(figures.ok()) << figures.error().message;
  bool found = false;
  for (const auto& row : *figures) {
    if (row.community_code != kCommunityA) continue;
    found = true;
    EXPECT_EQ(row.elderly, 1);
    EXPECT_EQ(row.served, 1);
  }
  EXPECT_TRUE(found);
}

TEST_P(HomeServiceRepositoryTest, AMandatoryReportReachesItsHandlersAndItsDeadlineTheCounty) {
  auto calendar = calendar::WorkingCalendar::FromJson(
      ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/calendar/cn-holidays.json"));
  ASSERT_TRUE(calendar.ok()) << calendar.error().message;
  calendar::FixedCalendarSource calendars(std::move(*calendar));
  auto reports_repository = storage::MakeSqlMandatoryReportRepository(f_.db(), f_.keys_.get());
  Notices notices;
  MandatoryReports reports(*reports_repository, *f_.audit_log_, notices, calendars, CareDeadlines{},
                           f_.clock_);
  const int64_t director =
      AddAccount("director", "community_worker", kCommunityA, "children_director");
  const int64_t county = AddAccount("county", "county_official", "321002", "");
  const int64_t school = AddAccount("school", "institution", "321002001", "");

  NewReport input;
  input.institution = "实验小学";
  input.contact_phone = "0514-86881234";
  input.place_code = kCommunityA;
  input.kind = HarmKind::kNeglect;
  input.description = "无人接送";
  const Caller reporter = CallerWith(Role::kInstitution, "321002001", school);
  NewReport outside = input;
  outside.place_code = "321003001001";
  EXPECT_EQ(reports.File(outside, reporter).error().field, "place_code");
  auto filed = reports.File(input, reporter);
  ASSERT_TRUE(filed.ok()) << filed.error().message;
  EXPECT_EQ(filed->receipt_code.substr(0, 14), "QZBG-20260101-");
  EXPECT_GT(filed->acknowledge_due_at, filed->filed_at);
  ASSERT_EQ(notices.posted.size(), 2u);  // the 儿童主任 and the county official
  EXPECT_EQ(notices.posted[0].account_id, director);
  EXPECT_EQ(notices.posted[1].account_id, county);
  // Each notice opens the report, and its recipient may read it.
  for (const auto& notice : notices.posted) {
    ASSERT_TRUE(notice.subject.has_value());
    EXPECT_EQ(notice.subject->type, notifications::SubjectType::kMandatoryReport);
    EXPECT_EQ(notice.subject->id, filed->id);
  }
  access::Principal director_principal;
  director_principal.account_id = director;
  access::RoleGrant director_grant{Role::kCommunityWorker, kCommunityA, ""};
  director_grant.duty = access::Duty::kChildrenDirector;
  director_principal.grants = {director_grant};
  EXPECT_TRUE(
      reports.Get(filed->id, Caller(std::move(director_principal), "127.0.0.1", "r-test")).ok());

  // In the community's and the county's scope only.
  const Caller minors = CallerWith(Role::kCountyOfficial, "321002", county);
  EXPECT_TRUE(reports.Get(filed->id, minors).ok());
  EXPECT_EQ(reports.Get(filed->id, CallerWith(Role::kCountyOfficial, "321003", 0)).error().code,
            core::ErrorCode::kNotFound);
  auto mine = reports.Mine(reporter);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);

  // Nothing past its deadline yet; then a week later, told to the county once.
  EXPECT_EQ(reports.EscalatePastDeadline().value(), 0);
  f_.clock_.Advance(int64_t{7} * 86'400'000);
  notices.posted.clear();
  EXPECT_EQ(reports.EscalatePastDeadline().value(), 1);
  ASSERT_EQ(notices.posted.size(), 1u);
  EXPECT_EQ(notices.posted[0].account_id, county);
  EXPECT_NE(notices.posted[0].text.find("逾期未受理"), std::string::npos);
  ASSERT_TRUE(notices.posted[0].subject.has_value());
  EXPECT_EQ(notices.posted[0].subject->id, filed->id);
  EXPECT_EQ(reports.EscalatePastDeadline().value(), 0);
  // Acknowledged late, then past the close deadline: told again, once.
  ASSERT_TRUE(reports.Acknowledge(filed->id, minors).ok());
  f_.clock_.Advance(int64_t{7} * 86'400'000);
  EXPECT_EQ(reports.EscalatePastDeadline().value(), 1);
  EXPECT_EQ(reports.EscalatePastDeadline().value(), 0);
  auto closed = reports.Close(filed->id, "已核查", Referral::kPolice, minors);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, ReportStatus::kClosed);
  EXPECT_EQ(reports.EscalatePastDeadline().value(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, HomeServiceRepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::care

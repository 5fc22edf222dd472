// Applications' deadlines over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL:
// each stage's deadline comes from the configured deadlines; a stage past it is told once to the
// level above — a town review or an emergency to the county's officials, a county approval to the
// city's administrators — and never to another county or a disabled account; each notice names
// the application as its subject, and every recipient may open it; a stage decided in time is
// never told.
#include "storage/care/application_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/care/applications.hpp"
#include "domain/care/care.hpp"
#include "engines/calendar/working_calendar.hpp"
#include "storage/care/eligibility_repository.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::care {
namespace {

using access::Caller;
using access::Role;
using notifications::SubjectType;
using people::testing::CallerWith;
using people::testing::kCommunityA;
using people::testing::kGridA1;
using people::testing::MakeIdNumber;

constexpr int64_t kDay = 86'400'000;

std::string Read(const std::string& path) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + path);
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

class ApplicationDeadlineTest : public people::testing::PeopleEnginesTest {
 protected:
  void SetUp() override {
    PeopleEnginesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto categories = ParseCategories(Read("/data/care/categories.json"));
    ASSERT_TRUE(categories.ok());
    NamesByCode category_names;
    for (const auto& c : categories->categories) category_names[c.code] = c.name;
    auto tags = f_.residents_->TagDefinitions();
    ASSERT_TRUE(tags.ok());
    NamesByCode tag_names;
    for (const auto& t : *tags) tag_names[t.code] = t.name;
    auto benefits = ParseBenefits(Read("/data/care/benefits.json"), tag_names, category_names);
    ASSERT_TRUE(benefits.ok()) << benefits.error().message;
    auto calendar = calendar::WorkingCalendar::FromJson(Read("/data/calendar/cn-holidays.json"));
    ASSERT_TRUE(calendar.ok()) << calendar.error().message;
    calendar_ = std::make_unique<calendar::WorkingCalendar>(*calendar);
    calendars_ = std::make_unique<calendar::FixedCalendarSource>(std::move(*calendar));
    eligibility_repository_ = storage::MakeSqlEligibilityRepository(f_.db(), f_.keys_.get());
    eligibility_ = std::make_unique<EligibilityService>(
        *eligibility_repository_, *f_.repository_, *f_.audit_log_, std::move(*benefits), f_.clock_);
    repository_ = storage::MakeSqlApplicationRepository(f_.db(), f_.keys_.get());
    // Not the shipped figures: the stages' deadlines are the configuration's.
    deadlines_.town_review_working_days = 3;
    deadlines_.county_approval_working_days = 4;
    deadlines_.emergency_working_days = 1;
    service_ = std::make_unique<Applications>(*repository_, *eligibility_, *f_.repository_,
                                              notices_, *calendars_, deadlines_, f_.clock_);
    worker_ = AddAccount("worker", "community_worker", kCommunityA, false);
    town_ = AddAccount("town", "town_official", "321002001", false);
    county_ = AddAccount("county", "county_official", "321002", false);
    AddAccount("county_gone", "county_official", "321002", true);
    AddAccount("county_other", "county_official", "321003", false);
    city_ = AddAccount("city", "city_admin", "3210", false);
    auto elder = f_.MakeResident("赵桂兰", MakeIdNumber("19380304", 2), kGridA1);
    ASSERT_TRUE(elder.ok()) << elder.error().message;
    elder_ = elder->id;
  }

  int64_t AddAccount(const std::string& username, const std::string& role, const std::string& scope,
                     bool disabled) {
    auto connection = f_.db().Acquire();
    EXPECT_TRUE(connection.ok());
    auto inserted = (*connection)
                        ->Query(
                            "INSERT INTO accounts (username, display_name, password_hash, "
                            "disabled, created_at, updated_at) VALUES (?, ?, 'x', ?, 0, 0) "
                            "RETURNING id",
                            {username, username, int64_t{disabled ? 1 : 0}});
    EXPECT_TRUE(inserted.ok()) << inserted.error().message;
    const int64_t id = inserted->rows.at(0).Int(0);
    EXPECT_TRUE((*connection)
                    ->Query("INSERT INTO account_grants (account_id, role, scope_code, duty) "
                            "VALUES (?, ?, ?, '')",
                            {id, role, scope})
                    .ok());
    return id;
  }

  NewApplication Emergency() const {
    NewApplication in;
    in.resident_id = elder_;
    in.kind = ApplicationKind::kEmergency;
    in.amount_cents = 200'000;
    in.reason = "突发火灾，住房受损";
    return in;
  }

  // Every notice posted names an application its recipient may open.
  void ExpectRecipientsMayOpen(Role role, const std::string& scope) {
    for (const auto& notice : notices_.posted) {
      ASSERT_TRUE(notice.subject.has_value());
      EXPECT_EQ(notice.subject->type, SubjectType::kApplication);
      auto opened = service_->Get(notice.subject->id, CallerWith(role, scope, notice.account_id));
      EXPECT_TRUE(opened.ok()) << opened.error().message;
    }
  }

  std::unique_ptr<calendar::WorkingCalendar> calendar_;
  std::unique_ptr<calendar::FixedCalendarSource> calendars_;
  std::unique_ptr<EligibilityRepository> eligibility_repository_;
  std::unique_ptr<EligibilityService> eligibility_;
  std::unique_ptr<ApplicationRepository> repository_;
  CareDeadlines deadlines_;
  Notices notices_;
  std::unique_ptr<Applications> service_;
  int64_t worker_ = 0;
  int64_t town_ = 0;
  int64_t county_ = 0;
  int64_t city_ = 0;
  int64_t elder_ = 0;
};

TEST_P(ApplicationDeadlineTest, EachStagePastItsDeadlineIsToldOnceToTheLevelAbove) {
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, worker_);
  const Caller town = CallerWith(Role::kTownOfficial, "321002001", town_);
  NewApplication input;
  input.resident_id = elder_;
  input.kind = ApplicationKind::kBenefit;
  input.benefit = "advanced_age_allowance";
  input.reason = "八十岁以上，尚未享受高龄津贴";
  auto benefit = service_->File(input, worker);
  ASSERT_TRUE(benefit.ok()) << benefit.error().message;
  EXPECT_EQ(benefit->stage_due_at, calendar_->AddWorkingDays(benefit->filed_at, 3));
  auto emergency = service_->File(Emergency(), worker);
  ASSERT_TRUE(emergency.ok()) << emergency.error().message;
  EXPECT_EQ(emergency->stage_due_at, calendar_->AddWorkingDays(emergency->filed_at, 1));
  // An emergency decided in time is never told.
  auto on_time = service_->File(Emergency(), worker);
  ASSERT_TRUE(on_time.ok());
  ASSERT_TRUE(service_->Decide(on_time->id, Decision::kApprove, "", town).ok());

  EXPECT_EQ(service_->EscalatePastDeadline().value(), 0);
  EXPECT_TRUE(notices_.posted.empty());

  // Ten days on, the town has decided neither: the county's (active) official is told of both.
  f_.clock_.Advance(10 * kDay);
  auto told = service_->EscalatePastDeadline();
  ASSERT_TRUE(told.ok()) << told.error().message;
  EXPECT_EQ(*told, 2);
  ASSERT_EQ(notices_.posted.size(), 2u);
  for (const auto& notice : notices_.posted) EXPECT_EQ(notice.account_id, county_);
  EXPECT_EQ(notices_.posted[0].subject->id, benefit->id);
  EXPECT_NE(notices_.posted[0].text.find("高龄津贴"), std::string::npos);
  EXPECT_NE(notices_.posted[0].text.find("乡镇（街道）审核"), std::string::npos);
  EXPECT_FALSE(notices_.posted[0].sms);
  EXPECT_EQ(notices_.posted[1].subject->id, emergency->id);
  EXPECT_NE(notices_.posted[1].text.find("急难救助"), std::string::npos);
  EXPECT_TRUE(notices_.posted[1].sms);
  ExpectRecipientsMayOpen(Role::kCountyOfficial, "321002");
  // Once per stage.
  notices_.posted.clear();
  EXPECT_EQ(service_->EscalatePastDeadline().value(), 0);
  EXPECT_TRUE(notices_.posted.empty());

  // The town reviews it late; the county's approval has its own deadline, then the city is told.
  auto reviewed = service_->Decide(benefit->id, Decision::kApprove, "情况属实", town);
  ASSERT_TRUE(reviewed.ok()) << reviewed.error().message;
  EXPECT_EQ(reviewed->status, ApplicationStatus::kCounty);
  EXPECT_EQ(reviewed->escalations, 1);
  EXPECT_EQ(
      reviewed->stage_due_at,
      calendar_->AddWorkingDays(f_.clock_.NowMillis(), deadlines_.county_approval_working_days));
  EXPECT_EQ(service_->EscalatePastDeadline().value(), 0);
  f_.clock_.Advance(10 * kDay);
  EXPECT_EQ(service_->EscalatePastDeadline().value(), 1);
  ASSERT_EQ(notices_.posted.size(), 1u);
  EXPECT_EQ(notices_.posted[0].account_id, city_);
  EXPECT_EQ(notices_.posted[0].subject->id, benefit->id);
  EXPECT_NE(notices_.posted[0].text.find("县级民政审批"), std::string::npos);
  ExpectRecipientsMayOpen(Role::kCityAdmin, "3210");
  EXPECT_EQ(service_->EscalatePastDeadline().value(), 0);
  auto read = service_->Get(benefit->id, town);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->escalations, 2);

  // Decided: nothing more to tell, however late.
  const Caller county = CallerWith(Role::kCountyOfficial, "321002", county_);
  ASSERT_TRUE(service_->Decide(benefit->id, Decision::kApprove, "", county).ok());
  ASSERT_TRUE(service_->Decide(emergency->id, Decision::kReject, "已获其他救助", town).ok());
  f_.clock_.Advance(30 * kDay);
  EXPECT_EQ(service_->EscalatePastDeadline().value(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApplicationDeadlineTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::care

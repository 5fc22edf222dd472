// 政策找人 over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL: the shipped rules
// compiled into SQL find the people they describe (ages to the day, tags valid on the day, a
// disability grade, an archive's absence), an enrolment stops a finding, a death turns an
// enrolment into a finding to stop it, a worker's decision is not found again, and a run over
// the people a signal names touches no one else.
#include "storage/care/eligibility_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/care/eligibility_service.hpp"
#include "storage/care/care_repository.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::care {
namespace {

using access::Caller;
using access::Role;
using people::testing::CallerWith;
using people::testing::kCommunityA;
using people::testing::kCommunityB;
using people::testing::kGridA1;
using people::testing::kGridB1;
using people::testing::MakeIdNumber;

std::string Read(const std::string& path) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class EligibilityTest : public people::testing::PeopleEnginesTest {
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
    ASSERT_TRUE(benefits.ok()) << benefits.error().message << " " << benefits.error().field;
    repository_ = storage::MakeSqlEligibilityRepository(f_.db(), f_.keys_.get());
    service_ = std::make_unique<EligibilityService>(*repository_, *f_.repository_, *f_.audit_log_,
                                                    std::move(*benefits), f_.clock_);
  }

  int64_t Person(const std::string& name, const std::string& birth, const std::string& grid,
                 int sequence) {
    auto made = f_.MakeResident(name, MakeIdNumber(birth, sequence), grid);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? made->id : 0;
  }

  void Tag(int64_t id, const std::string& code, std::optional<int64_t> grade = std::nullopt) {
    people::NewResidentTag tag;
    tag.code = code;
    tag.grade = grade;
    if (grade) tag.subcategory = "肢体残疾";
    tag.valid_from = "2020-01-01";
    auto added = f_.residents_->AddTag(id, tag, Caller::System());
    ASSERT_TRUE(added.ok()) << added.error().message;
  }

  // Open findings of the benefit as (resident, kind).
  std::set<std::pair<int64_t, std::string>> Open(const std::string& benefit) {
    FindingFilter filter;
    filter.benefit = benefit;
    filter.status = FindingStatus::kOpen;
    filter.page.limit = 200;
    auto page = service_->List(filter, Caller::System());
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::set<std::pair<int64_t, std::string>> out;
    for (const auto& f : page->items) {
      out.insert({f.resident_id, std::string(kFindingKindNames.Name(f.kind))});
    }
    return out;
  }

  int64_t FindingOf(const std::string& benefit, int64_t resident) {
    FindingFilter filter;
    filter.benefit = benefit;
    filter.status = FindingStatus::kOpen;
    filter.page.limit = 200;
    auto page = service_->List(filter, Caller::System());
    EXPECT_TRUE(page.ok());
    for (const auto& f : page->items) {
      if (f.resident_id == resident) return f.id;
    }
    return 0;
  }

  std::unique_ptr<EligibilityRepository> repository_;
  std::unique_ptr<EligibilityService> service_;
};

TEST_P(EligibilityTest, AgesToTheDayTagsAndGradesFindTheirPeople) {
  // The fixture's today is 2026-01-01: born 1946-01-01 is 80 today, born 1946-01-02 is 79.
  const int64_t eighty = Person("八十岁", "19460101", kGridA1, 1);
  const int64_t almost = Person("七十九", "19460102", kGridA1, 3);
  const int64_t disabled_poor = Person("残疾低保", "19700505", kGridA1, 5);
  Tag(disabled_poor, "disability", 3);
  Tag(disabled_poor, "dibao");
  const int64_t disabled_only = Person("残疾", "19700606", kGridB1, 7);
  Tag(disabled_only, "disability", 1);
  ASSERT_TRUE(service_->Run().ok());

  EXPECT_EQ(Open("advanced_age_allowance"),
            (std::set<std::pair<int64_t, std::string>>{{eighty, "eligible"}}));
  EXPECT_EQ(Open("poor_disabled_living_subsidy"),
            (std::set<std::pair<int64_t, std::string>>{{disabled_poor, "eligible"}}));
  // Grade 1 is severe (≤ 2); grade 3 is not.
  EXPECT_EQ(Open("severe_disability_care_subsidy"),
            (std::set<std::pair<int64_t, std::string>>{{disabled_only, "eligible"}}));
  (void)almost;

  // A second run finds nothing new.
  auto again = service_->Run();
  ASSERT_TRUE(again.ok());
  for (const auto& counts : *again) {
    EXPECT_EQ(counts.resolved, 0) << counts.benefit;
  }
  // A worker of another community does not see these findings.
  FindingFilter filter;
  auto other = service_->List(filter, CallerWith(Role::kCommunityWorker, kCommunityB));
  ASSERT_TRUE(other.ok());
  for (const auto& f : other->items) EXPECT_EQ(f.resident_id, disabled_only);
}

TEST_P(EligibilityTest, OutcomesEnrolStopAndAreNotFoundAgain) {
  // The worker's account (outcomes name it).
  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  auto account = (*connection)
                     ->Query(
                         "INSERT INTO accounts (username, display_name, password_hash, "
                         "created_at, updated_at) VALUES ('cw', '社区小李', 'x', 0, 0) "
                         "RETURNING id",
                         {});
  ASSERT_TRUE(account.ok()) << account.error().message;
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, account->rows.at(0).Int(0));
  const int64_t old = Person("高龄", "19400303", kGridA1, 9);
  const int64_t older = Person("更高龄", "19380303", kGridA1, 11);
  ASSERT_TRUE(service_->Run().ok());
  ASSERT_EQ(Open("advanced_age_allowance").size(), 2u);

  // Enrolled: the finding closes and the enrolment starts; no new finding.
  auto enrolled = service_->RecordOutcome(FindingOf("advanced_age_allowance", old),
                                          FindingStatus::kEnrolled, "已申请并获批", worker);
  ASSERT_TRUE(enrolled.ok()) << enrolled.error().message;
  auto stop_wrong = service_->RecordOutcome(FindingOf("advanced_age_allowance", older),
                                            FindingStatus::kStopped, "", worker);
  EXPECT_EQ(stop_wrong.error().field, "status");
  // Declined: not found again within the year.
  ASSERT_TRUE(service_
                  ->RecordOutcome(FindingOf("advanced_age_allowance", older),
                                  FindingStatus::kDeclined, "本人不愿申请", worker)
                  .ok());
  ASSERT_TRUE(service_->Run().ok());
  EXPECT_TRUE(Open("advanced_age_allowance").empty());
  auto enrolments = repository_->EnrolmentsOf(old);
  ASSERT_TRUE(enrolments.ok());
  ASSERT_EQ(enrolments->size(), 1u);
  EXPECT_EQ((*enrolments)[0].until, "");

  // Death: the enrolled person is found to stop; stopping ends the enrolment.
  ASSERT_TRUE(f_.residents_->ChangeStatus(old, "deceased", "2026-01-01", Caller::System()).ok());
  ASSERT_TRUE(service_->Run().ok());
  EXPECT_EQ(Open("advanced_age_allowance"),
            (std::set<std::pair<int64_t, std::string>>{{old, "no_longer_eligible"}}));
  ASSERT_TRUE(service_
                  ->RecordOutcome(FindingOf("advanced_age_allowance", old), FindingStatus::kStopped,
                                  "身故停发", worker)
                  .ok());
  enrolments = repository_->EnrolmentsOf(old);
  EXPECT_EQ((*enrolments)[0].until, "2026-01-01");
  EXPECT_EQ(service_
                ->RecordOutcome(FindingOf("advanced_age_allowance", old), FindingStatus::kApplied,
                                "", worker)
                .error()
                .code,
            core::ErrorCode::kNotFound);  // no open finding left
}

TEST_P(EligibilityTest, C1CountsTheFindingsDueByACutOffAndTheirOutcomes) {
  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  auto account = (*connection)
                     ->Query(
                         "INSERT INTO accounts (username, display_name, password_hash, "
                         "created_at, updated_at) VALUES ('cw1', '社区小王', 'x', 0, 0) "
                         "RETURNING id",
                         {});
  ASSERT_TRUE(account.ok()) << account.error().message;
  const Caller worker = CallerWith(Role::kCommunityWorker, kCommunityA, account->rows.at(0).Int(0));
  const int64_t old = Person("高龄甲", "19400303", kGridA1, 13);
  Person("高龄乙", "19380303", kGridA1, 15);
  ASSERT_TRUE(service_->Run().ok());  // found on 2026-01-01, the fixture's today
  ASSERT_TRUE(service_
                  ->RecordOutcome(FindingOf("advanced_age_allowance", old),
                                  FindingStatus::kDeclined, "本人不愿申请", worker)
                  .ok());
  // Thirty days before 2026-01-31 is 2026-01-01: both are due, one has its outcome.
  auto figures = service_->ContactFiguresOf("2026-01", 30);
  ASSERT_TRUE(figures.ok()) << figures.error().message;
  ASSERT_EQ(figures->size(), 1u);
  EXPECT_EQ((*figures)[0].community_code, kCommunityA);
  EXPECT_EQ((*figures)[0].due, 2);
  EXPECT_EQ((*figures)[0].with_outcome, 1);
  // A day longer and none is due yet; a month before, none was found.
  EXPECT_TRUE(service_->ContactFiguresOf("2026-01", 31)->empty());
  EXPECT_TRUE(service_->ContactFiguresOf("2025-12", 0)->empty());
}

TEST_P(EligibilityTest, AnArchiveResolvesAFindingAndASignalRunTouchesOnlyItsPeople) {
  const int64_t spending = Person("支出型", "19800808", kGridA1, 13);
  Tag(spending, "expenditure_difficulty");
  ASSERT_TRUE(service_->Run().ok());
  EXPECT_EQ(Open("temporary_assistance_check").size(), 1u);

  // A temporary-assistance archive answers it: the next run resolves the finding.
  auto care = storage::MakeSqlCareRepository(f_.db(), f_.keys_.get());
  Archive archive;
  archive.resident_id = spending;
  archive.category = "temporary_assistance";
  archive.fields = {{"reason", "支出型"}};
  archive.opened_on = "2026-01-01";
  archive.visit_anchor = *MonthIndex("2026-01");
  audit::AuditEntry entry;
  entry.actor_name = "system";
  entry.action = audit::AuditAction::kCreate;
  entry.subject_type = "care_archive";
  ASSERT_TRUE(care->InsertArchive(archive, entry).ok());

  // A run over someone else changes nothing of this person's finding.
  const int64_t stranger = Person("路人", "19900909", kGridA1, 15);
  auto signal = service_->Run({stranger});
  ASSERT_TRUE(signal.ok());
  EXPECT_EQ(Open("temporary_assistance_check").size(), 1u);
  auto full = service_->Run({spending});
  ASSERT_TRUE(full.ok());
  EXPECT_TRUE(Open("temporary_assistance_check").empty());

  // The count of a rule agrees with what the run found.
  const Benefit* age = service_->benefits().Find("advanced_age_allowance");
  auto matching = repository_->CountMatching(age->when, "2026-01-01");
  ASSERT_TRUE(matching.ok());
  EXPECT_EQ(*matching, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, EligibilityTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::care

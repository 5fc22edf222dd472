// 政策找人 over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL: the shipped rules
// compiled into SQL find the people they describe (ages to the day, tags valid on the day, a
// disability grade, an archive's absence), an enrolment stops a finding, a death turns an
// enrolment into a finding to stop it, a worker's decision is not found again, and a run over
// the people a signal names touches no one else.
#include "storage/care/eligibility_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <tuple>

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
    tag_names_ = tag_names;
    category_names_ = category_names;
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

  // Runs SQL on the fixture's database (the test's setting of facts).
  void Exec(const std::string& sql, const std::vector<storage::Value>& params) {
    auto connection = f_.db().Acquire();
    ASSERT_TRUE(connection.ok());
    auto done = (*connection)->Query(sql, params);
    ASSERT_TRUE(done.ok()) << done.error().message << " " << sql;
  }

  // Every open finding as (benefit, resident, kind).
  std::set<std::tuple<std::string, int64_t, std::string>> AllOpen() {
    std::set<std::tuple<std::string, int64_t, std::string>> out;
    auto connection = f_.db().Acquire();
    EXPECT_TRUE(connection.ok());
    auto rows = (*connection)
                    ->Query(
                        "SELECT benefit, resident_id, kind FROM care_findings WHERE status = "
                        "'open'",
                        {});
    EXPECT_TRUE(rows.ok());
    for (const auto& row : rows->rows) out.insert({row.Text(0), row.Int(1), row.Text(2)});
    return out;
  }

  // What the rules as SQL (one statement per person: Matching, over ConditionSql) say the open
  // findings of these people should be, given their status and current enrolments.
  std::set<std::tuple<std::string, int64_t, std::string>> Expected(
      const std::vector<Benefit>& benefits, const std::vector<int64_t>& people,
      const std::string& date) {
    std::set<std::tuple<std::string, int64_t, std::string>> out;
    std::vector<const Condition*> conditions;
    for (const auto& b : benefits) conditions.push_back(&b.when);
    auto connection = f_.db().Acquire();
    EXPECT_TRUE(connection.ok());
    for (int64_t id : people) {
      auto met = repository_->Matching(conditions, date, id);
      EXPECT_TRUE(met.ok());
      auto status = (*connection)->Query("SELECT status FROM residents WHERE id = ?", {id});
      EXPECT_TRUE(status.ok());
      const std::string s = status->rows.at(0).Text(0);
      const bool gone = s == "deceased" || s == "moved_out";
      for (size_t i = 0; i < benefits.size(); ++i) {
        auto enrolled = (*connection)
                            ->Query(
                                "SELECT COUNT(*) FROM care_enrolments WHERE resident_id = ? AND "
                                "benefit = ? AND until_on = ''",
                                {id, benefits[i].code});
        EXPECT_TRUE(enrolled.ok());
        const bool is_enrolled = enrolled->rows.at(0).Int(0) > 0;
        if (!gone && (*met)[i] && !is_enrolled) out.insert({benefits[i].code, id, "eligible"});
        if (is_enrolled && (gone || !(*met)[i])) {
          out.insert({benefits[i].code, id, "no_longer_eligible"});
        }
      }
    }
    return out;
  }

  NamesByCode tag_names_;
  NamesByCode category_names_;
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

// The run evaluates every rule in one pass in memory; on a table of people at the edges of the
// rules (ages to the day, statuses, tags valid or not on the day, grades, an archive,
// enrolments) it finds exactly what each rule compiled to SQL finds, with the shipped rules (read
// through their reach) and with rules reaching everyone (not, sex, a young age), and resolves
// what it no longer finds.
TEST_P(EligibilityTest, TheOnePassFindsWhatEachRuleFindsInSql) {
  const std::string date = "2026-01-01";
  auto extra = ParseBenefits(R"({"benefits": [
    {"code": "x_young_women", "name": "x", "when": {"all": [
      {"fact": "sex", "op": "in", "value": ["female"]}, {"fact": "age", "op": "<", "value": 60}]}},
    {"code": "x_not_alone", "name": "x", "when": {"all": [
      {"not": {"fact": "tag", "op": "has", "value": "elderly_alone"}},
      {"fact": "age", "op": ">", "value": 79}]}},
    {"code": "x_ages", "name": "x", "when": {"any": [
      {"fact": "age", "op": "=", "value": 59}, {"fact": "age", "op": "<=", "value": 20},
      {"all": [{"fact": "disability_grade", "op": ">=", "value": 3},
               {"fact": "status", "op": "in", "value": ["floating"]}]}]}}
  ]})",
                             tag_names_, category_names_);
  ASSERT_TRUE(extra.ok()) << extra.error().message << " " << extra.error().field;
  std::vector<Benefit> shipped = service_->benefits().benefits;
  std::vector<Benefit> all = shipped;
  for (const auto& b : extra->benefits) all.push_back(b);

  struct Case {
    std::string birth;
    std::string status;
    std::vector<std::pair<std::string, std::optional<int64_t>>> tags;
    std::string expired_tag;  // a tag that ended before the day
    std::string future_tag;   // a tag from after the day
    bool archive = false;     // an open temporary-assistance archive
    std::vector<std::string> enrolled;
  };
  const std::vector<Case> cases = {
      {"19460101", "registered_resident", {}, "", "", false, {}},
      {"19460102", "registered_resident", {}, "", "", false, {"advanced_age_allowance"}},
      {"19460101", "floating", {}, "", "", false, {}},
      {"19400101", "away", {{"elderly_alone", {}}}, "", "", false, {"advanced_age_allowance"}},
      {"19400101", "deceased", {}, "", "", false, {"advanced_age_allowance"}},
      {"19660101", "registered_resident", {{"tekun", {}}}, "", "", false, {}},
      {"19660102", "registered_resident", {{"tekun", {}}}, "", "", false, {}},
      {"19700505", "registered_resident", {{"disability", 2}, {"dibian", {}}}, "", "", false, {}},
      {"19700505",
       "floating",
       {{"disability", 3}, {"dibao", {}}},
       "",
       "",
       false,
       {"severe_disability_care_subsidy"}},
      {"19700505", "moved_out", {{"disability", 1}}, "", "", false, {}},
      {"19500505",
       "registered_resident",
       {{"elderly_alone", {}}, {"dibao", {}}},
       "",
       "",
       false,
       {}},
      {"19800505",
       "registered_resident",
       {{"elderly_alone", {}}, {"disability", 1}},
       "dibao",
       "",
       false,
       {"tekun_support"}},
      {"19400505", "registered_resident", {{"elderly_alone", {}}}, "", "tekun", false, {}},
      {"19800808", "registered_resident", {{"expenditure_difficulty", {}}}, "", "", false, {}},
      {"19800808",
       "registered_resident",
       {{"expenditure_difficulty", {}}},
       "",
       "",
       true,
       {"temporary_assistance_check"}},
      {"20100101", "registered_resident", {}, "", "", false, {"poor_disabled_living_subsidy"}},
      {"19990101", "registered_resident", {}, "", "expenditure_difficulty", false, {}},
  };
  auto care = storage::MakeSqlCareRepository(f_.db(), f_.keys_.get());
  std::vector<int64_t> people;
  int sequence = 20;
  for (const auto& c : cases) {
    const int64_t id = Person("人" + std::to_string(sequence), c.birth,
                              sequence % 4 == 0 ? kGridA1 : kGridB1, sequence);
    sequence += 1;  // alternate sexes
    people.push_back(id);
    for (const auto& [code, grade] : c.tags) Tag(id, code, grade);
    if (!c.expired_tag.empty()) {
      Tag(id, c.expired_tag);
      Exec(
          "UPDATE resident_tags SET valid_until = '2025-06-01' WHERE resident_id = ? AND "
          "tag_code = ?",
          {id, c.expired_tag});
    }
    if (!c.future_tag.empty()) {
      Tag(id, c.future_tag);
      Exec(
          "UPDATE resident_tags SET valid_from = '2026-01-02' WHERE resident_id = ? AND "
          "tag_code = ?",
          {id, c.future_tag});
    }
    if (c.archive) {
      Archive archive;
      archive.resident_id = id;
      archive.category = "temporary_assistance";
      archive.fields = {{"reason", "支出型"}};
      archive.opened_on = date;
      archive.visit_anchor = *MonthIndex("2026-01");
      audit::AuditEntry entry;
      entry.actor_name = "system";
      entry.action = audit::AuditAction::kCreate;
      entry.subject_type = "care_archive";
      ASSERT_TRUE(care->InsertArchive(archive, entry).ok());
    }
    for (const auto& benefit : c.enrolled) {
      Exec(
          "INSERT INTO care_enrolments (resident_id, benefit, since_on) VALUES (?, ?, "
          "'2025-01-01')",
          {id, benefit});
    }
    Exec("UPDATE residents SET status = ? WHERE id = ?", {c.status, id});
  }

  // The shipped rules, read through their reach.
  ASSERT_TRUE(repository_->Run(shipped, date, 1, {}).ok());
  EXPECT_EQ(AllOpen(), Expected(shipped, people, date));
  // With rules reaching everyone.
  auto counts = repository_->Run(all, date, 2, {});
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(AllOpen(), Expected(all, people, date));
  for (const auto& c : *counts) EXPECT_EQ(c.resolved, 0) << c.benefit;

  // The facts change: a death, an enrolment, a tag ends; the next run resolves what it no longer
  // finds and finds what is new, and a run over some people touches no one else.
  Exec("UPDATE residents SET status = 'deceased' WHERE id = ?", {people[0]});
  Exec(
      "INSERT INTO care_enrolments (resident_id, benefit, since_on) VALUES (?, "
      "'poor_disabled_living_subsidy', '2025-01-01')",
      {people[7]});
  Exec(
      "UPDATE resident_tags SET valid_until = '2025-12-01' WHERE resident_id = ? AND tag_code = "
      "'dibao'",
      {people[10]});
  const auto before = AllOpen();
  ASSERT_TRUE(repository_->Run(all, date, 3, {people[5]}).ok());
  EXPECT_EQ(AllOpen(), before);
  counts = repository_->Run(all, date, 4, {people[0], people[7], people[10]});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(AllOpen(), Expected(all, people, date));
  int64_t resolved = 0;
  for (const auto& c : *counts) resolved += c.resolved;
  EXPECT_GT(resolved, 0);
  ASSERT_TRUE(repository_->Run(shipped, date, 5, {}).ok());
  auto shipped_only = Expected(shipped, people, date);
  std::set<std::tuple<std::string, int64_t, std::string>> open_shipped;
  for (const auto& f : AllOpen()) {
    if (std::get<0>(f).rfind("x_", 0) != 0) open_shipped.insert(f);
  }
  EXPECT_EQ(open_shipped, shipped_only);
}

INSTANTIATE_TEST_SUITE_P(Engines, EligibilityTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::care

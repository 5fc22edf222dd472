// The people services over the SQL repository, on SQLite and (with LINLI_TEST_PG_URL)
// PostgreSQL: derived fields, encryption at rest, blind-index search, history on a date,
// masking and audit, and the jurisdiction matrix.
#include "storage/people/people_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "storage/access/access_repositories.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::people {
namespace {

using namespace linli::people::testing;  // NOLINT(google-build-using-namespace)
using access::Role;

class PeopleRepositoryTest : public PeopleEnginesTest {};

TEST_P(PeopleRepositoryTest, CreateDerivesBirthDateAndSexAndEncryptsAtRest) {
  const std::string id_number = MakeIdNumber("19560302", 12);  // even: female
  NewResident request;
  request.name = "王秀英";
  request.id_number = id_number;
  request.phone = "138 1234 5678";
  request.ethnicity = "回族";
  request.grid_code = kGridA1;
  request.status_since = "2010-05-01";
  auto created = f_.residents_->Create(request, access::Caller::System());
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(identity::FormatDate(created->birth_date), "1956-03-02");
  EXPECT_EQ(created->sex, identity::Sex::kFemale);
  EXPECT_EQ(created->ethnicity_code, "03");
  EXPECT_EQ(created->community_code, kCommunityA);
  // Masked in the answer, whoever asks; the stored values come back whole through Reveal.
  EXPECT_EQ(created->phone, "138****5678");
  EXPECT_EQ(created->id_number, identity::MaskIdNumber(id_number));
  EXPECT_EQ(*f_.residents_->Reveal(created->id, PersonalField::kPhone, access::Caller::System()),
            "13812345678");
  EXPECT_EQ(*f_.residents_->Reveal(created->id, PersonalField::kIdNumber, access::Caller::System()),
            id_number);

  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  auto raw =
      (*connection)
          ->Query(
              "SELECT id_number_cipher, phone_cipher, id_number_index, birth_date FROM residents");
  ASSERT_TRUE(raw.ok()) << raw.error().message;
  ASSERT_EQ(raw->rows.size(), 1u);
  const std::string cipher = raw->rows[0].Text(0);
  EXPECT_EQ(cipher.find(id_number), std::string::npos);
  EXPECT_EQ(cipher.find(id_number.substr(6, 8)), std::string::npos);
  EXPECT_EQ(raw->rows[0].Text(1).find("5678"), std::string::npos);
  EXPECT_EQ(*f_.keys_->Decrypt(cipher, {"residents", "id_number", created->id}), id_number);
  EXPECT_EQ(*crypto::CiphertextVersionOf(cipher), 2);  // bound to its row
  EXPECT_EQ(raw->rows[0].Text(2), *f_.keys_->BlindIndex("id_number", id_number));
  EXPECT_EQ(raw->rows[0].Text(3), "1956-03-02");

  // Audited in the same transaction: field names, never the values.
  auto audit = f_.AuditRows();
  ASSERT_FALSE(audit.empty());
  bool found = false;
  for (const auto& row : audit) {
    EXPECT_EQ(row[3].find(id_number), std::string::npos);
    EXPECT_EQ(row[3].find("13812345678"), std::string::npos);
    if (row[0] == "create" && row[1] == "resident" && row[2] == std::to_string(created->id)) {
      found = true;
      EXPECT_NE(row[3].find("\"id_number\""), std::string::npos);
    }
  }
  EXPECT_TRUE(found);
}

TEST_P(PeopleRepositoryTest, RejectsDuplicatesAndBadInputWithTheField) {
  const std::string id_number = MakeIdNumber("19800101", 11);
  ASSERT_TRUE(f_.MakeResident("张三", id_number, kGridA1).ok());
  // Lower-case x and blanks normalise to the same person.
  auto duplicate = f_.MakeResident("张三丰", " " + id_number + " ", kGridB1);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(duplicate.error().field, "id_number");

  std::string bad = id_number;
  bad[17] = bad[17] == '1' ? '2' : '1';
  auto check = f_.MakeResident("李四", bad, kGridA1);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().field, "id_number");
  EXPECT_EQ(check.error().code, core::ErrorCode::kValidationFailed);

  NewResident wrong_grid;
  wrong_grid.name = "李四";
  wrong_grid.id_number = MakeIdNumber("19800101", 13);
  wrong_grid.community_code = kCommunityB;
  wrong_grid.grid_code = kGridA1;
  auto grid = f_.residents_->Create(wrong_grid, access::Caller::System());
  ASSERT_FALSE(grid.ok());
  EXPECT_EQ(grid.error().field, "grid_code");

  auto phone =
      f_.residents_->Create(NewResident{"李四", MakeIdNumber("19800101", 15), std::string("12345"),
                                        "01", "registered_resident", std::nullopt, std::nullopt,
                                        std::nullopt, std::nullopt, std::string(kGridA1)},
                            access::Caller::System());
  ASSERT_FALSE(phone.ok());
  EXPECT_EQ(phone.error().field, "phone");

  // A closed grid takes no one.
  ASSERT_TRUE(f_.grids_->Close(kGridA2, "2025-12-31", access::Caller::System()).ok());
  auto closed = f_.MakeResident("赵六", MakeIdNumber("19900101", 17), kGridA2);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().field, "grid_code");
  // Nothing of the failures was written.
  auto search = f_.residents_->Search({}, access::Caller::System(), {});
  ASSERT_TRUE(search.ok());
  EXPECT_EQ(search->items.size(), 1u);
}

TEST_P(PeopleRepositoryTest, HistoryAnswersWhereSomeoneLivedOnADate) {
  auto household1 = f_.MakeHousehold(kGridA1);
  auto household2 = f_.MakeHousehold(kGridB1, "202");
  ASSERT_TRUE(household1.ok() && household2.ok());
  NewResident request;
  request.name = "刘洋";
  request.id_number = MakeIdNumber("19700101", 21);
  request.household_id = household1->id;
  request.relation = "head";
  request.status_since = "2015-03-01";
  auto created = f_.residents_->Create(request, access::Caller::System());
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->grid_code, kGridA1);
  EXPECT_EQ(created->building_id, household1->building_id);

  auto moved = f_.residents_->Move(created->id, {household2->id, "head", {}, {}, "2020-07-01"},
                                   access::Caller::System());
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->grid_code, kGridB1);
  auto died =
      f_.residents_->ChangeStatus(created->id, "deceased", "2024-02-10", access::Caller::System());
  ASSERT_TRUE(died.ok()) << died.error().message;
  EXPECT_EQ(died->status, ResidentStatus::kDeceased);

  auto on = [&](const char* date) {
    auto record = f_.residents_->ResidenceOn(created->id, date, access::Caller::System());
    EXPECT_TRUE(record.ok());
    return *record;
  };
  EXPECT_FALSE(on("2015-02-28"));
  ASSERT_TRUE(on("2015-03-01"));
  EXPECT_EQ(on("2015-03-01")->grid_code, kGridA1);
  EXPECT_EQ(on("2020-06-30")->grid_code, kGridA1);
  EXPECT_EQ(on("2020-07-01")->grid_code, kGridB1);
  EXPECT_EQ(on("2020-07-01")->household_id, household2->id);
  EXPECT_EQ(on("2024-02-09")->status, ResidentStatus::kRegisteredResident);
  EXPECT_EQ(on("2025-01-01")->status, ResidentStatus::kDeceased);

  auto detail = f_.residents_->Get(created->id, access::Caller::System());
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->history.size(), 3u);
  EXPECT_EQ(detail->history[0].event, HistoryEvent::kMoveIn);
  EXPECT_EQ(detail->history[0].valid_until, "2020-07-01");
  EXPECT_EQ(detail->history[1].event, HistoryEvent::kMoveIn);
  EXPECT_EQ(detail->history[2].event, HistoryEvent::kDeath);
  EXPECT_FALSE(detail->history[2].valid_until);

  // The head moved out of household 1, which has no head any more; household 2 has one.
  auto first = f_.households_->Get(household1->id, access::Caller::System());
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->household.head_id);
  auto second = f_.households_->Get(household2->id, access::Caller::System());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->household.head_id, created->id);
  ASSERT_EQ(second->members.size(), 1u);

  // A deceased resident does not move; a date before the current record is refused.
  EXPECT_FALSE(f_.residents_
                   ->Move(created->id, {household1->id, "child", {}, {}, "2025-01-01"},
                          access::Caller::System())
                   .ok());
  // A second head for household 2 is refused.
  NewResident second_head = request;
  second_head.id_number = MakeIdNumber("19720101", 22);
  second_head.household_id = household2->id;
  auto refused = f_.residents_->Create(second_head, access::Caller::System());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(PeopleRepositoryTest, SearchesByBlindIndexNameAgeTagAndPagesWithCursors) {
  // Ten residents in A1 born 1940..2022; one in B1.
  std::vector<int64_t> ids;
  for (int i = 0; i < 10; ++i) {
    const int year = 1940 + i * 9;  // 1940, 1949, ..., 2021
    auto resident = f_.MakeResident(i % 2 ? "陈建国" : "周桂兰",
                                    MakeIdNumber(std::to_string(year) + "0615", 30 + i), kGridA1,
                                    std::to_string(year) + "-06-15");
    ASSERT_TRUE(resident.ok()) << resident.error().message;
    ids.push_back(resident->id);
  }
  ASSERT_TRUE(f_.residents_
                  ->Update(ids[3],
                           {std::nullopt, std::nullopt, std::optional<std::string>("0514-87654321"),
                            std::nullopt},
                           access::Caller::System())
                  .ok());
  auto other = f_.MakeResident("陈建华", MakeIdNumber("19500101", 99), kGridB1);
  ASSERT_TRUE(other.ok());
  const access::Caller system = access::Caller::System();

  auto by_id = f_.residents_->Search({.id_number = MakeIdNumber("19670615", 33)}, system, {});
  ASSERT_TRUE(by_id.ok()) << by_id.error().message;
  ASSERT_EQ(by_id->items.size(), 1u);
  EXPECT_EQ(by_id->items[0].id, ids[3]);
  auto by_phone = f_.residents_->Search({.phone = "051487654321"}, system, {});
  ASSERT_TRUE(by_phone.ok());
  ASSERT_EQ(by_phone->items.size(), 1u);
  EXPECT_EQ(by_phone->items[0].id, ids[3]);
  auto by_bad_id = f_.residents_->Search({.id_number = "123"}, system, {});
  ASSERT_TRUE(by_bad_id.ok());
  EXPECT_TRUE(by_bad_id->items.empty());

  auto by_name = f_.residents_->Search({.text = "建"}, system, {});
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->items.size(), 6u);
  auto by_grid = f_.residents_->Search({.text = "建", .grid = kGridA1}, system, {});
  EXPECT_EQ(by_grid->items.size(), 5u);

  // Today is 2026-01-01: born 1958-06-15 is 67, born 1967-06-15 is 58.
  auto elderly = f_.residents_->Search({.age_min = "60"}, system, {});
  ASSERT_TRUE(elderly.ok());
  EXPECT_EQ(elderly->items.size(), 4u);  // 1940, 1949, 1950 (B1), 1958
  auto middle = f_.residents_->Search({.age_min = "18", .age_max = "58"}, system, {});
  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(middle->items.size(), 5u);  // born 1967, 1976, 1985, 1994, 2003
  auto bad_age = f_.residents_->Search({.age_min = "x"}, system, {});
  ASSERT_FALSE(bad_age.ok());
  EXPECT_EQ(bad_age.error().field, "age_min");

  // Tags: current validity only.
  ASSERT_TRUE(
      f_.residents_->AddTag(ids[0], {"elderly_alone", {}, {}, "2024-01-01", {}, "走访"}, system)
          .ok());
  ASSERT_TRUE(
      f_.residents_
          ->AddTag(ids[1], {"elderly_alone", {}, {}, "2020-01-01", "2022-01-01", "走访"}, system)
          .ok());
  auto disability =
      f_.residents_->AddTag(ids[2], {"disability", 2, "肢体残疾", {}, {}, ""}, system);
  ASSERT_TRUE(disability.ok()) << disability.error().message;
  auto no_grade = f_.residents_->AddTag(ids[2], {"disability", {}, {}, {}, {}, ""}, system);
  ASSERT_FALSE(no_grade.ok());
  EXPECT_EQ(no_grade.error().field, "grade");
  auto tagged = f_.residents_->Search({.tag = "elderly_alone"}, system, {});
  ASSERT_TRUE(tagged.ok());
  ASSERT_EQ(tagged->items.size(), 1u);
  EXPECT_EQ(tagged->items[0].id, ids[0]);
  ASSERT_EQ(tagged->items[0].tags.size(), 1u);
  EXPECT_EQ(tagged->items[0].tags[0].name, "独居老人");

  // Every sort walks all eleven exactly once through cursors, in order.
  for (const char* sort : {"name", "age", "-age", "id"}) {
    SCOPED_TRACE(sort);
    core::PageRequest page{3, ""};
    std::vector<Resident> seen;
    for (int guard = 0; guard < 10; ++guard) {
      auto result = f_.residents_->Search({.sort = sort}, system, page);
      ASSERT_TRUE(result.ok()) << result.error().message;
      for (auto& r : result->items) seen.push_back(r);
      if (!result->next_cursor) break;
      page.after = *core::DecodeCursor(*result->next_cursor);
    }
    ASSERT_EQ(seen.size(), 11u);
    std::set<int64_t> unique;
    for (size_t i = 0; i < seen.size(); ++i) {
      unique.insert(seen[i].id);
      if (i == 0) continue;
      const auto& a = seen[i - 1];
      const auto& b = seen[i];
      if (std::string(sort) == "name") {
        EXPECT_LE(a.name, b.name);
      }
      if (std::string(sort) == "age") {
        EXPECT_GE(a.birth_date, b.birth_date);
      }
      if (std::string(sort) == "-age") {
        EXPECT_LE(a.birth_date, b.birth_date);
      }
      if (std::string(sort) == "id") {
        EXPECT_LT(a.id, b.id);
      }
    }
    EXPECT_EQ(unique.size(), 11u);
  }

  auto counts = f_.residents_->Counts(kCommunityA, system);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->total, 10);
  std::map<std::string, int64_t> by_tag(counts->by_tag.begin(), counts->by_tag.end());
  std::map<std::string, int64_t> by_age(counts->by_age_group.begin(), counts->by_age_group.end());
  EXPECT_EQ(by_tag["elderly_alone"], 1);
  EXPECT_EQ(by_tag["disability"], 1);
  EXPECT_EQ(by_tag["volunteer"], 0);
  EXPECT_EQ(by_age["60+"], 3);
  EXPECT_EQ(by_age["80+"], 1);  // 1940 (85); 1949 is 76
  EXPECT_EQ(by_age["0-6"], 1);  // 2021
  EXPECT_EQ(by_age["0-6"] + by_age["7-17"] + by_age["18-59"] + by_age["60+"], counts->total);
}

// A tag filter takes the page's ids from the tag rows (migration 0010: they carry the place and
// birth date). Every sort, scope, age bound and name text, walked page by page, must give the
// residents and order of the same list without the tag filter kept to those holding the tag —
// also after a tagged resident's ID number (and so birth date) is corrected, a move to another
// county, an ended tag and a tag held twice.
TEST_P(PeopleRepositoryTest, TagFilteredListsMatchTheUnfilteredListKeptToTheTagged) {
  const access::Caller system = access::Caller::System();
  const char* grids[] = {kGridA1, kGridA2, kGridB1, kGridC1};
  const char* names[] = {"陈建国", "周桂兰", "王建华", "李秀英", "张伟"};
  std::vector<int64_t> ids;
  std::set<int64_t> tagged;
  for (int i = 0; i < 24; ++i) {
    // Birth years repeat so that equal sort keys are ordered by id.
    const std::string year = std::to_string(1935 + (i * 7) % 60);
    const std::string grid = grids[i % 4];
    const std::string area = grid.substr(0, 6);
    auto resident = f_.MakeResident(names[i % 5], MakeIdNumber(year + "0301", 100 + i, area), grid);
    ASSERT_TRUE(resident.ok()) << resident.error().message;
    ids.push_back(resident->id);
    if (i % 3 != 1) {
      ASSERT_TRUE(
          f_.residents_->AddTag(resident->id, {"volunteer", {}, {}, "2021-01-01", {}, ""}, system)
              .ok());
      tagged.insert(resident->id);
    }
  }
  // Held twice at once, counted once.
  ASSERT_TRUE(
      f_.residents_->AddTag(ids[0], {"volunteer", {}, {}, "2022-05-01", {}, "复核"}, system).ok());
  // Ended, and not yet begun: neither counts today (2026-01-01).
  ASSERT_TRUE(
      f_.residents_->AddTag(ids[1], {"volunteer", {}, {}, "2020-01-01", "2023-01-01", ""}, system)
          .ok());
  ASSERT_TRUE(
      f_.residents_->AddTag(ids[4], {"volunteer", {}, {}, "2027-01-01", {}, ""}, system).ok());
  // A corrected ID number moves the birth date from 1935 to 2001; a move changes the county.
  auto corrected =
      f_.residents_->Update(ids[3], {.id_number = MakeIdNumber("20010301", 103, "321023")}, system);
  ASSERT_TRUE(corrected.ok()) << corrected.error().message;
  ASSERT_EQ(identity::FormatDate(corrected->birth_date), "2001-03-01");
  auto moved = f_.residents_->Move(ids[5], {.grid_code = kGridC1, .date = "2025-06-01"}, system);
  ASSERT_TRUE(moved.ok()) << moved.error().message;

  auto walk = [&](ResidentSearchRequest request, const access::Caller& actor) {
    std::vector<int64_t> seen;
    core::PageRequest page{4, ""};
    for (int guard = 0; guard < 20; ++guard) {
      auto result = f_.residents_->Search(request, actor, page);
      EXPECT_TRUE(result.ok()) << result.error().message;
      if (!result.ok()) break;
      for (const auto& r : result->items) seen.push_back(r.id);
      if (!result->next_cursor) break;
      page.after = *core::DecodeCursor(*result->next_cursor);
    }
    return seen;
  };
  const std::vector<access::Caller> actors = {system, CallerWith(Role::kCountyOfficial, "321002"),
                                              CallerWith(Role::kTownOfficial, "321002001"),
                                              CallerWith(Role::kCommunityWorker, kCommunityA),
                                              CallerWith(Role::kGridWorker, kGridA1)};
  int nonempty = 0;
  for (size_t a = 0; a < actors.size(); ++a) {
    const access::Caller& actor = actors[a];
    for (const char* sort : {"name", "age", "-age", "id"}) {
      for (std::optional<std::string> age_min :
           {std::optional<std::string>(), std::optional<std::string>("60")}) {
        for (std::optional<std::string> text :
             {std::optional<std::string>(), std::optional<std::string>("建")}) {
          for (std::optional<std::string> community :
               {std::optional<std::string>(), std::optional<std::string>(kCommunityA)}) {
            SCOPED_TRACE(std::to_string(a) + " " + sort + " " + age_min.value_or("-") + " " +
                         text.value_or("-") + " " + community.value_or("-"));
            ResidentSearchRequest request{
                .text = text, .age_min = age_min, .community = community, .sort = sort};
            std::vector<int64_t> expected;
            for (int64_t id : walk(request, actor)) {
              if (tagged.count(id)) expected.push_back(id);
            }
            request.tag = "volunteer";
            EXPECT_EQ(walk(request, actor), expected);
            if (!expected.empty()) ++nonempty;
          }
        }
      }
    }
  }
  EXPECT_GT(nonempty, 40);
  // The corrected birth date counts: 2001 is not 60+, and the moved resident left county 321002.
  auto elderly = walk({.tag = "volunteer", .age_min = "60"}, system);
  EXPECT_EQ(std::count(elderly.begin(), elderly.end(), ids[3]), 0);
  auto county = walk({.tag = "volunteer"}, CallerWith(Role::kCountyOfficial, "321002"));
  EXPECT_EQ(std::count(county.begin(), county.end(), ids[5]), 0);
  auto city = walk({.tag = "volunteer"}, system);
  EXPECT_EQ(std::count(city.begin(), city.end(), ids[0]), 1);
  EXPECT_EQ(city.size(), tagged.size());
}

// Issue 15 item 7: every read is masked, whatever the role; one field of one person is revealed
// on request (点击查看) to people.personal_data covering them, each reveal one audit record.
TEST_P(PeopleRepositoryTest, MaskedForEveryoneAndRevealedOneFieldAtATime) {
  const std::string id_number = MakeIdNumber("19880808", 41);
  NewResident request;
  request.name = "孙丽";
  request.id_number = id_number;
  request.phone = "13912345678";
  request.grid_code = kGridA1;
  auto created = f_.residents_->Create(request, access::Caller::System());
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->id_number, identity::MaskIdNumber(id_number));
  const size_t before = f_.AuditRows().size();

  const auto worker = CallerWith(Role::kCommunityWorker, kCommunityA, 42);
  for (const auto& caller : {CallerWith(Role::kGridWorker, kGridA1), worker}) {
    auto shown = f_.residents_->Get(created->id, caller);
    ASSERT_TRUE(shown.ok());
    EXPECT_EQ(shown->resident.id_number, identity::MaskIdNumber(id_number));
    EXPECT_EQ(shown->resident.phone, "139****5678");
    EXPECT_FALSE(shown->resident.personal_data_visible);
  }
  auto list = f_.residents_->Search({}, CallerWith(Role::kCityAdmin, "3210"), {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].id_number, identity::MaskIdNumber(id_number));
  EXPECT_EQ(f_.AuditRows().size(), before);  // nothing left whole, nothing to audit

  auto id = f_.residents_->Reveal(created->id, PersonalField::kIdNumber, worker);
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, id_number);
  auto phone = f_.residents_->Reveal(created->id, PersonalField::kPhone, worker);
  ASSERT_TRUE(phone.ok());
  EXPECT_EQ(*phone, "13912345678");
  auto birth = f_.residents_->Reveal(created->id, PersonalField::kBirthDate, worker);
  ASSERT_TRUE(birth.ok());
  EXPECT_EQ(*birth, "1988-08-08");
  auto rows = f_.AuditRows();
  ASSERT_EQ(rows.size(), before + 3);
  EXPECT_EQ(rows[before][0], "read");
  EXPECT_EQ(rows[before][2], std::to_string(created->id));
  EXPECT_NE(rows[before][3].find("id_number"), std::string::npos) << rows[before][3];
  EXPECT_NE(rows[before + 1][3].find("phone"), std::string::npos);

  // Without people.personal_data over the place: refused; outside the read scope: not found.
  auto grid_worker = f_.residents_->Reveal(created->id, PersonalField::kIdNumber,
                                           CallerWith(Role::kGridWorker, kGridA1));
  ASSERT_FALSE(grid_worker.ok());
  EXPECT_EQ(grid_worker.error().code, core::ErrorCode::kPermissionDenied);
  auto elsewhere = f_.residents_->Reveal(created->id, PersonalField::kIdNumber,
                                         CallerWith(Role::kCommunityWorker, kCommunityC));
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(f_.AuditRows().size(), before + 3);
}

// role x operation x inside/outside: outside answers not_found (single items) or nothing
// (lists, counts); roles without people permissions see nothing at all.
TEST_P(PeopleRepositoryTest, JurisdictionMatrix) {
  auto household = f_.MakeHousehold(kGridA1);
  ASSERT_TRUE(household.ok());
  NewResident request;
  request.name = "吴敏";
  request.id_number = MakeIdNumber("19600101", 51);
  request.household_id = household->id;
  request.relation = "head";
  auto inside = f_.residents_->Create(request, access::Caller::System());
  ASSERT_TRUE(inside.ok()) << inside.error().message;
  ASSERT_TRUE(
      f_.residents_->AddTag(inside->id, {"veteran", {}, {}, {}, {}, ""}, access::Caller::System())
          .ok());

  struct Case {
    Role role;
    std::string scope;
    bool sees;
  };
  const std::vector<Case> cases = {
      {Role::kCityAdmin, "3210", true},
      {Role::kCountyOfficial, "321002", true},
      {Role::kCountyOfficial, "321023", false},
      {Role::kTownOfficial, "321002001", true},
      {Role::kCommunityWorker, kCommunityA, true},
      {Role::kCommunityWorker, kCommunityB, false},
      {Role::kGridWorker, kGridA1, true},
      {Role::kGridWorker, kGridA2, false},
      {Role::kVolunteer, kGridA1, false},   // no people.read
      {Role::kSocialOrg, "321002", false},  // no people.read
      {Role::kDepartmentOfficer, "3210", false},
      {Role::kResident, kGridA1, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(access::RoleName(c.role)) + " " + c.scope);
    const access::Caller actor = CallerWith(c.role, c.scope);
    auto get = f_.residents_->Get(inside->id, actor);
    EXPECT_EQ(get.ok(), c.sees);
    if (!get.ok()) {
      EXPECT_EQ(get.error().code, core::ErrorCode::kNotFound);
    }

    auto list = f_.residents_->Search({}, actor, {});
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->items.size(), c.sees ? 1u : 0u);
    auto by_id = f_.residents_->Search({.id_number = request.id_number}, actor, {});
    ASSERT_TRUE(by_id.ok());
    EXPECT_EQ(by_id->items.size(), c.sees ? 1u : 0u);

    auto counts = f_.residents_->Counts(kCommunityA, actor);
    if (counts.ok()) {
      EXPECT_EQ(counts->total, c.sees ? 1 : 0);
      std::map<std::string, int64_t> by_tag(counts->by_tag.begin(), counts->by_tag.end());
      EXPECT_EQ(by_tag["veteran"], c.sees ? 1 : 0);
    } else {
      EXPECT_FALSE(c.sees);
      EXPECT_EQ(counts.error().code, core::ErrorCode::kNotFound);
    }
    auto city_counts = f_.residents_->Counts("3210", actor);
    if (city_counts.ok()) {
      EXPECT_EQ(city_counts->total, c.sees ? 1 : 0);
    }

    auto house = f_.households_->Get(household->id, actor);
    EXPECT_EQ(house.ok(), c.sees);
    auto building = f_.buildings_->Get(household->building_id, actor);
    EXPECT_EQ(building.ok(), c.sees);
    auto buildings = f_.buildings_->List({}, actor, {});
    ASSERT_TRUE(buildings.ok());
    EXPECT_EQ(buildings->items.size(), c.sees ? 1u : 0u);
    auto history = f_.residents_->ResidenceOn(inside->id, "2026-01-01", actor);
    EXPECT_EQ(history.ok(), c.sees);

    // Writes: people.manage inside the scope only (same roles here).
    auto update = f_.residents_->Update(
        inside->id, {std::string("吴敏"), std::nullopt, std::nullopt, std::string("汉族")}, actor);
    EXPECT_EQ(update.ok(), c.sees);
    if (!update.ok()) {
      EXPECT_EQ(update.error().code, core::ErrorCode::kNotFound);
    }
    auto tag = f_.residents_->AddTag(inside->id, {"volunteer", {}, {}, {}, {}, ""}, actor);
    EXPECT_EQ(tag.ok(), c.sees);
  }
  // Creations last: they change what the reads above count.
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(access::RoleName(c.role)) + " " + c.scope);
    const access::Caller actor = CallerWith(c.role, c.scope);
    NewResident outsider;
    outsider.name = "外来";
    outsider.id_number = MakeIdNumber("19990101", 100 + static_cast<int>(&c - cases.data()));
    outsider.grid_code = kGridA1;
    auto create = f_.residents_->Create(outsider, actor);
    EXPECT_EQ(create.ok(), c.sees);
    if (!create.ok()) {
      EXPECT_EQ(create.error().code, core::ErrorCode::kNotFound);
    }
  }
}

TEST_P(PeopleRepositoryTest, TagDictionaryIsSeededAndExtensibleByCityAdmins) {
  auto definitions = f_.residents_->TagDefinitions();
  ASSERT_TRUE(definitions.ok());
  EXPECT_EQ(definitions->size(), 18u);
  std::map<std::string, TagDefinition> by_code;
  for (auto& d : *definitions) by_code[d.code] = d;
  EXPECT_EQ(by_code["severe_mental_disorder"].name, "严重精神障碍患者");
  EXPECT_TRUE(by_code["disability"].has_grade);
  EXPECT_FALSE(by_code["dibao"].has_grade);

  TagDefinition hearing{"hearing_aid_user", "助听器使用者", "health", false};
  auto denied =
      f_.residents_->AddTagDefinition(hearing, CallerWith(Role::kCommunityWorker, kCommunityA));
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
  ASSERT_TRUE(f_.residents_->AddTagDefinition(hearing, CallerWith(Role::kCityAdmin, "3210")).ok());
  auto again = f_.residents_->AddTagDefinition(hearing, CallerWith(Role::kCityAdmin, "3210"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(f_.residents_->TagDefinitions()->size(), 19u);
}

TEST_P(PeopleRepositoryTest, HouseholdsCloseOnlyWhenEmptyAndBuildingsChangeWithAudit) {
  auto household = f_.MakeHousehold(kGridA1, "501");
  ASSERT_TRUE(household.ok()) << household.error().message;
  NewResident member;
  member.name = "户内人";
  member.id_number = MakeIdNumber("19700101", 91);
  member.household_id = household->id;
  member.relation = "head";
  member.status_since = "2020-01-01";
  auto resident = f_.residents_->Create(member, access::Caller::System());
  ASSERT_TRUE(resident.ok()) << resident.error().message;

  auto refused = f_.households_->Close(household->id, "2025-06-01", access::Caller::System());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("1 名成员"), std::string::npos);

  MoveRequest away;
  away.grid_code = kGridA2;
  away.date = "2025-05-01";
  ASSERT_TRUE(f_.residents_->Move(resident->id, away, access::Caller::System()).ok());
  auto early = f_.households_->Close(household->id, "1999-01-01", access::Caller::System());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().field, "until");
  // Outside the manager's scope it does not exist.
  auto outside = f_.households_->Close(household->id, "2025-06-01",
                                       CallerWith(Role::kCommunityWorker, kCommunityC));
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, core::ErrorCode::kNotFound);
  auto closed = f_.households_->Close(household->id, "2025-06-01", access::Caller::System());
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->until, "2025-06-01");
  auto twice = f_.households_->Close(household->id, "2025-06-02", access::Caller::System());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);
  // A closed household takes no one in.
  NewResident late = member;
  late.id_number = MakeIdNumber("19700101", 93);
  late.relation = "child";
  auto joined = f_.residents_->Create(late, access::Caller::System());
  ASSERT_FALSE(joined.ok());
  EXPECT_EQ(joined.error().code, core::ErrorCode::kFailedPrecondition);

  HouseholdUpdate renumber;
  renumber.room = "502";
  auto renumbered = f_.households_->Update(household->id, renumber, access::Caller::System());
  ASSERT_TRUE(renumbered.ok());
  EXPECT_EQ(renumbered->room, "502");

  BuildingUpdate update;
  update.address = "新地址路9号";
  update.floors = 18;
  auto changed = f_.buildings_->Update(closed->building_id, update, access::Caller::System());
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  auto read = f_.buildings_->Get(closed->building_id, access::Caller::System());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->address, "新地址路9号");
  EXPECT_EQ(read->floors, 18);
  BuildingUpdate bad;
  bad.floors = 0;
  EXPECT_EQ(f_.buildings_->Update(closed->building_id, bad, access::Caller::System()).error().field,
            "floors");
  bool audited = false;
  for (const auto& row : f_.AuditRows()) {
    if (row[1] == "building" && row[0] == "update") {
      audited = row[3].find("\"address\"") != std::string::npos;
    }
  }
  EXPECT_TRUE(audited);
}

TEST_P(PeopleRepositoryTest, MalformedCursorIsInvalidArgument) {
  const core::Scope scope = core::Scope::Of({"3210"});
  for (const char* after : {"abc", "12abc", "-3"}) {
    storage::ExpectCursorRefused(f_.repository_->ListBuildings(BuildingQuery{}, scope, {10, after}),
                                 after);
  }
  ResidentQuery query;
  query.today = "2026-01-01";
  for (const auto& [sort, after] : std::vector<std::pair<ResidentSort, std::string>>{
           {ResidentSort::kId, "abc"},
           {ResidentSort::kName, "王伟"},
           {ResidentSort::kName, "王伟\x1fx"},
           {ResidentSort::kName,
            "\xff\x1f"
            "1"},
           {ResidentSort::kAge, "2001-01-01"},
           {ResidentSort::kAgeDescending, "2001-01-01\x1f-1"}}) {
    query.sort = sort;
    storage::ExpectCursorRefused(f_.repository_->SearchResidents(query, scope, {10, after}), after);
    query.name_text = "王伟";  // the name grams' plan too (a name over a whole city)
    storage::ExpectCursorRefused(f_.repository_->SearchResidents(query, scope, {10, after}), after);
    query.name_text.clear();
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, PeopleRepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

// `linli keys rotate`: ciphertexts move to the new current key, values and blind-index search
// stay the same, a second run changes nothing, and each batch leaves one audit record.
class KeyRotationTest : public PeopleEnginesTest {};

TEST_P(KeyRotationTest, ReencryptsUnderTheCurrentKeyAndKeepsSearchWorking) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(MakeIdNumber("19800101", 20 + i));
    NewResident request;
    request.name = "轮换" + std::to_string(i);
    request.id_number = ids.back();
    if (i % 2 == 0) request.phone = "1391234567" + std::to_string(i);
    request.grid_code = kGridA1;
    request.status_since = "2020-01-01";
    ASSERT_TRUE(f_.residents_->Create(request, access::Caller::System()).ok());
  }
  auto rotated_ring = crypto::KeyRing::Create(
      {{"test1", std::string(32, '\x11')}, {"test2", std::string(32, '\x22')}}, "test2", "test1");
  ASSERT_TRUE(rotated_ring.ok()) << rotated_ring.error().message;
  const size_t audit_before = f_.AuditRows().size();

  auto report = storage::ReencryptPersonalData(f_.db(), *rotated_ring, f_.clock_, 2);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->residents_checked, 5);
  EXPECT_EQ(report->fields_reencrypted, 5 + 3);        // five ID numbers, three phones
  EXPECT_EQ(f_.AuditRows().size(), audit_before + 3);  // batches of 2, 2 and 1

  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  auto raw =
      (*connection)->Query("SELECT id_number_cipher, phone_cipher, id FROM residents ORDER BY id");
  ASSERT_TRUE(raw.ok());
  for (size_t i = 0; i < raw->rows.size(); ++i) {
    const crypto::FieldLocation at{"residents", "id_number", raw->rows[i].Int(2)};
    EXPECT_EQ(*rotated_ring->KeyIdOf(raw->rows[i].Text(0)), "test2");
    EXPECT_EQ(*rotated_ring->Decrypt(raw->rows[i].Text(0), at), ids[i]);
    EXPECT_FALSE(f_.keys_->Decrypt(raw->rows[i].Text(0), at).ok()) << "the old ring lacks test2";
    if (!raw->rows[i].IsNull(1)) EXPECT_EQ(*rotated_ring->KeyIdOf(raw->rows[i].Text(1)), "test2");
  }
  // Exact search still finds people: the blind index key did not change.
  auto repository = storage::MakeSqlPeopleRepository(f_.db(), *rotated_ring);
  ResidentService residents(*repository, *f_.divisions_, *f_.grid_repository_, *f_.audit_log_,
                            f_.clock_);
  ResidentSearchRequest query;
  query.id_number = ids[3];
  auto found = residents.Search(query, access::Caller::System(), core::PageRequest{});
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].name, "轮换3");

  auto again = storage::ReencryptPersonalData(f_.db(), *rotated_ring, f_.clock_, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->fields_reencrypted, 0);
}

// Ciphertexts are bound to their row and column (docs/decisions/0015): one copied elsewhere by
// someone who can write the database does not open there, the error names the row (and the
// server log gets its detail), and `linli keys rotate` binds the values of older releases.
TEST_P(KeyRotationTest, MovedCiphertextDoesNotOpenAndRotationBindsOldRows) {
  std::vector<int64_t> ids;
  std::vector<std::string> numbers;
  for (int i = 0; i < 3; ++i) {
    numbers.push_back(MakeIdNumber("19700101", 40 + i));
    NewResident request;
    request.name = "绑定" + std::to_string(i);
    request.id_number = numbers.back();
    request.phone = "1381234567" + std::to_string(i);
    request.grid_code = kGridA1;
    request.status_since = "2020-01-01";
    auto created = f_.residents_->Create(request, access::Caller::System());
    ASSERT_TRUE(created.ok()) << created.error().message;
    ids.push_back(created->id);
  }
  auto exec = [&](const std::string& sql, std::vector<storage::Value> params) {
    auto connection = f_.db().Acquire();
    ASSERT_TRUE(connection.ok());
    auto done = (*connection)->Query(sql, std::move(params));
    ASSERT_TRUE(done.ok()) << sql << ": " << done.error().message;
  };
  auto cipher_of = [&](int64_t id, const std::string& column) {
    auto connection = f_.db().Acquire();
    auto row = (*connection)->Query("SELECT " + column + " FROM residents WHERE id = ?", {id});
    return row.ok() && !row->rows.empty() ? row->rows[0].Text(0) : std::string();
  };
  auto find = [&](int64_t id) {
    return f_.repository_->FindResident(id, core::Scope::Everything());
  };
  const std::string own = cipher_of(ids[1], "id_number_cipher");

  // Resident 0's sealed ID number copied into resident 1's row.
  exec(
      "UPDATE residents SET id_number_cipher = (SELECT id_number_cipher FROM residents WHERE "
      "id = ?) WHERE id = ?",
      {ids[0], ids[1]});
  auto moved = find(ids[1]);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, core::ErrorCode::kFailedPrecondition);  // 409, as tampering
  EXPECT_NE(moved.error().message.find("居民 " + std::to_string(ids[1])), std::string::npos)
      << moved.error().message;
  EXPECT_NE(moved.error().detail.find("copied from another row"), std::string::npos);
  EXPECT_NE(moved.error().detail.find("residents.id_number of row " + std::to_string(ids[1])),
            std::string::npos)
      << moved.error().detail;
  // Through the service (what the HTTP layer calls) too.
  auto read = f_.residents_->Get(ids[1], access::Caller::System());
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(find(ids[0]).ok());  // the original stays readable

  // A phone number moved into the ID number column of its own row.
  exec("UPDATE residents SET id_number_cipher = phone_cipher WHERE id = ?", {ids[2]});
  ASSERT_FALSE(find(ids[2]).ok());
  exec("UPDATE residents SET id_number_cipher = ? WHERE id = ?",
       {crypto::EncryptUnboundForTesting(*f_.keys_, numbers[2]).value(), ids[2]});
  // Resident 0's values as an older release wrote them (version 1, bound to no row): readable.
  exec("UPDATE residents SET id_number_cipher = ?, phone_cipher = ? WHERE id = ?",
       {crypto::EncryptUnboundForTesting(*f_.keys_, numbers[0]).value(),
        crypto::EncryptUnboundForTesting(*f_.keys_, "13812345670").value(), ids[0]});
  auto old = find(ids[0]);
  ASSERT_TRUE(old.ok() && old->has_value()) << (old.ok() ? "" : old.error().message);
  EXPECT_EQ((*old)->id_number, numbers[0]);
  EXPECT_EQ((*old)->phone, "13812345670");

  // Rotation under the same key binds the old rows, leaves the moved value alone (it is
  // evidence) and reports it, with an audit record naming the resident.
  const size_t audit_before = f_.AuditRows().size();
  auto report = storage::ReencryptPersonalData(f_.db(), *f_.keys_, f_.clock_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->fields_reencrypted, 3);  // resident 0's two values, resident 2's ID number
  EXPECT_EQ(report->unopened_residents, std::vector<int64_t>{ids[1]});
  const auto audit = f_.AuditRows();
  ASSERT_EQ(audit.size(), audit_before + 1);
  EXPECT_NE(audit.back()[3].find("\"unopened_residents\":[" + std::to_string(ids[1]) + "]"),
            std::string::npos)
      << audit.back()[3];
  for (int64_t id : {ids[0], ids[2]}) {
    EXPECT_EQ(*crypto::CiphertextVersionOf(cipher_of(id, "id_number_cipher")), 2);
  }
  EXPECT_EQ(*crypto::CiphertextVersionOf(cipher_of(ids[0], "phone_cipher")), 2);
  ASSERT_TRUE(find(ids[0]).ok());
  EXPECT_EQ((*find(ids[0]))->id_number, numbers[0]);
  EXPECT_EQ((*find(ids[2]))->id_number, numbers[2]);
  EXPECT_FALSE(find(ids[1]).ok());

  // Once bound, resident 0's value no longer opens in another row either.
  exec(
      "UPDATE residents SET id_number_cipher = (SELECT id_number_cipher FROM residents WHERE "
      "id = ?) WHERE id = ?",
      {ids[0], ids[2]});
  EXPECT_FALSE(find(ids[2]).ok());
  // Putting resident 1's own value back makes it readable again; a second run is clean.
  exec("UPDATE residents SET id_number_cipher = ? WHERE id = ?", {own, ids[1]});
  EXPECT_EQ((*find(ids[1]))->id_number, numbers[1]);
  exec("UPDATE residents SET id_number_cipher = ? WHERE id = ?",
       {crypto::EncryptUnboundForTesting(*f_.keys_, numbers[2]).value(), ids[2]});
  auto again = storage::ReencryptPersonalData(f_.db(), *f_.keys_, f_.clock_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->fields_reencrypted, 1);
  EXPECT_TRUE(again->unopened_residents.empty());
}

// Accounts' phones (decision 0018) are personal data too: rotated with the residents' values,
// and a sealed phone moved onto another account is reported and left alone.
TEST_P(KeyRotationTest, AccountPhonesRotateAndAMovedOneIsReported) {
  auto accounts = storage::MakeSqlAccountRepository(f_.db(), f_.keys_.get());
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    access::Account account;
    account.username = "rotate" + std::to_string(i);
    account.display_name = account.username;
    account.password_hash = "x";
    account.grants = {{access::Role::kCommunityWorker, kCommunityA, ""}};
    if (i < 2) account.phone = "1390000000" + std::to_string(i);
    auto inserted = accounts->Insert(account);
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;
    ids.push_back(inserted->id);
  }
  auto rotated_ring = crypto::KeyRing::Create(
      {{"test1", std::string(32, '\x11')}, {"test2", std::string(32, '\x22')}}, "test2", "test1");
  ASSERT_TRUE(rotated_ring.ok());
  auto report = storage::ReencryptPersonalData(f_.db(), *rotated_ring, f_.clock_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->accounts_checked, 3);
  EXPECT_EQ(report->fields_reencrypted, 2);  // no residents here; two phones
  EXPECT_TRUE(report->unopened_accounts.empty());
  auto rotated = storage::MakeSqlAccountRepository(f_.db(), &*rotated_ring);
  auto first = rotated->FindById(ids[0]);
  ASSERT_TRUE(first.ok() && first->has_value()) << first.error().message;
  EXPECT_EQ((*first)->phone, std::optional<std::string>("13900000000"));
  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  auto raw = (*connection)->Query("SELECT phone_cipher FROM accounts WHERE id = ?", {ids[1]});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*rotated_ring->KeyIdOf(raw->rows.at(0).Text(0)), "test2");
  const auto audit = f_.AuditRows();
  EXPECT_EQ(audit.back()[2], "accounts up to " + std::to_string(ids[2]));

  // Moved onto the third account: reported, left as it is, the others unharmed.
  ASSERT_TRUE((*connection)
                  ->Query("UPDATE accounts SET phone_cipher = ? WHERE id = ?",
                          {raw->rows.at(0).Text(0), ids[2]})
                  .ok());
  auto again = storage::ReencryptPersonalData(f_.db(), *rotated_ring, f_.clock_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->fields_reencrypted, 0);
  EXPECT_EQ(again->unopened_accounts, std::vector<int64_t>{ids[2]});
  EXPECT_NE(f_.AuditRows().back()[3].find("\"unopened_accounts\":[" + std::to_string(ids[2]) + "]"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, KeyRotationTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::people

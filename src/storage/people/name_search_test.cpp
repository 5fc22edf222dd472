// Name search by substring through the name grams (migration 0009, docs/decisions/0007), on
// SQLite and (with LINLI_TEST_PG_URL) PostgreSQL: every page of every sort, in every scope,
// equals what a plain substring filter over the registered residents gives; renames, moves,
// imports and bulk loads are found under the new name and place only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>

#include "storage/migrations.hpp"
#include "storage/people/name_grams.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::people {
namespace {

using namespace linli::people::testing;  // NOLINT(google-build-using-namespace)
using access::Role;

TEST(NameGramsTest, UnigramsAndBigramsOnceEach) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(storage::NameGrams("王秀英"), (V{"王", "秀", "英", "王秀", "秀英"}));
  EXPECT_EQ(storage::NameGrams("婷婷"), (V{"婷", "婷婷"}));
  EXPECT_EQ(storage::NameGrams("王王王王"), (V{"王", "王王"}));
  EXPECT_EQ(storage::NameGrams("张"), (V{"张"}));
  EXPECT_EQ(storage::NameGrams("Ann"), (V{"A", "n", "An", "nn"}));
  EXPECT_TRUE(storage::NameGrams("").empty());
  EXPECT_EQ(storage::SearchGrams("王"), (V{"王"}));
  EXPECT_EQ(storage::SearchGrams("秀英"), (V{"秀英"}));
  EXPECT_EQ(storage::SearchGrams("欧阳秀英"), (V{"欧阳", "阳秀", "秀英"}));
  EXPECT_EQ(storage::SearchGrams("aaa"), (V{"aa"}));
  EXPECT_TRUE(storage::SearchGrams("").empty());
  // Characters as SQLite counts them: a lead byte takes its continuation bytes.
  EXPECT_EQ(storage::NameCharacters("a王b").size(), 3u);
  EXPECT_EQ(storage::NameCharacters("\x80z").size(), 2u);
}

// The order of NameGramsInIndexOrder is the order of sorting (gram, name, id) as strings, also
// for grams longer than eight bytes (a lead byte with many continuation bytes) and for lists
// large enough to sort on two threads.
TEST(NameGramsTest, InIndexOrderSortsByGramNameAndId) {
  for (size_t count : {size_t{7}, size_t{110'000}}) {
    SCOPED_TRACE(count);
    const std::vector<std::string> pool = {
        "王", "秀", "英", "李", "a", "\xF0\x9F\x98\x80", "\xE4\x80\x80\x80\x80\x80\x80"};
    std::vector<std::string> owned;
    std::vector<int64_t> ids;
    uint64_t state = 88172645463325252ull;
    for (size_t i = 0; i < count; ++i) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      std::string name;
      for (uint64_t k = 0, n = 1 + state % 4; k < n; ++k) name += pool[(state >> (8 * k)) % 7];
      owned.push_back(name);
      ids.push_back(int64_t(count - i));  // ids not in list order
    }
    std::vector<std::string_view> names(owned.begin(), owned.end());
    auto rows = storage::NameGramsInIndexOrder(names, ids);
    ASSERT_TRUE(rows.ok());
    std::vector<std::tuple<std::string, std::string, int64_t>> got;
    std::vector<std::tuple<std::string, std::string, int64_t>> expected;
    for (const auto& row : *rows) {
      got.emplace_back(std::string(names[row.name].substr(row.offset, row.length)), owned[row.name],
                       ids[row.name]);
    }
    for (size_t i = 0; i < names.size(); ++i) {
      for (auto gram : storage::NameGrams(names[i])) {
        expected.emplace_back(std::string(gram), owned[i], ids[i]);
      }
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected);
  }
  EXPECT_FALSE(storage::NameGramsInIndexOrder({"a"}, {}).ok());
}

struct Person {
  int64_t id = 0;
  std::string name;
  std::string grid;
  std::string birth;  // YYYY-MM-DD
};

class NameSearchTest : public PeopleEnginesTest {
 protected:
  void Register(const std::string& name, const std::string& grid, const std::string& year) {
    const std::string birth = year + "-06-15";
    auto created =
        f_.MakeResident(name, MakeIdNumber(year + "0615", next_sequence_++), grid, birth);
    ASSERT_TRUE(created.ok()) << name << ": " << created.error().message;
    people_.push_back({created->id, name, grid, birth});
  }

  // The residents registered in A1, A2, B1 (one town) and C1 (another county); names share
  // characters in every position, repeat characters, and include Latin ones.
  void RegisterTheStreet() {
    for (const auto& [name, grid, year] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"王秀英", kGridA1, "1950"},
             {"王芳", kGridA1, "1960"},
             {"李王明", kGridA1, "1970"},
             {"张秀兰", kGridA1, "1950"},
             {"欧阳秀英", kGridA1, "1980"},
             {"王王", kGridA1, "1990"},
             {"陈建国", kGridA2, "1955"},
             {"王建", kGridA2, "1965"},
             {"Anna Li", kGridA2, "1975"},
             {"王秀", kGridB1, "1985"},
             {"周秀英", kGridB1, "1945"},
             {"Li Wang", kGridB1, "1995"},
             {"王秀英", kGridC1, "1950"},
             {"秀", kGridC1, "2000"},
             {"赵婷婷", kGridC1, "2010"}}) {
      Register(name, grid, year);
    }
  }

  // What a plain filter over the registered residents gives, in the sort's order.
  std::vector<int64_t> Expected(const std::string& text, const std::string& place,
                                const std::string& sort) const {
    std::vector<Person> kept;
    for (const auto& p : people_) {
      if (p.name.find(text) != std::string::npos && p.grid.rfind(place, 0) == 0) kept.push_back(p);
    }
    std::sort(kept.begin(), kept.end(), [&](const Person& a, const Person& b) {
      if (sort == "name") return std::tie(a.name, a.id) < std::tie(b.name, b.id);
      if (sort == "age") return a.birth != b.birth ? a.birth > b.birth : a.id < b.id;
      if (sort == "-age") return std::tie(a.birth, a.id) < std::tie(b.birth, b.id);
      return a.id < b.id;
    });
    std::vector<int64_t> ids;
    for (const auto& p : kept) ids.push_back(p.id);
    return ids;
  }

  // Every page of a search, `limit` rows at a time, as ids in order.
  std::vector<int64_t> Walk(ResidentSearchRequest request, const access::Caller& actor,
                            int limit = 2) {
    std::vector<int64_t> ids;
    core::PageRequest page{limit, ""};
    for (int guard = 0; guard < 40; ++guard) {
      auto result = f_.residents_->Search(request, actor, page);
      EXPECT_TRUE(result.ok()) << result.error().message;
      if (!result.ok()) break;
      EXPECT_LE(static_cast<int>(result->items.size()), limit);
      for (const auto& r : result->items) ids.push_back(r.id);
      if (!result->next_cursor) break;
      page.after = *core::DecodeCursor(*result->next_cursor);
    }
    return ids;
  }

  std::vector<std::string> Names(const std::vector<int64_t>& ids) const {
    std::vector<std::string> names;
    for (int64_t id : ids) {
      for (const auto& p : people_) {
        if (p.id == id) names.push_back(p.name);
      }
    }
    return names;
  }

  // A bulk load of three residents in C1 over the registered street (BeginBulkLoad, WriteBatch),
  // finished by EndBulkLoad or, as after a crash, by Migrate; then every search finds them.
  void LoadInBulk(storage::Connection& c, bool finish) {
    auto begun = f_.repository_->BeginBulkLoad(100'000);
    ASSERT_TRUE(begun.ok()) << begun.error().message;
    ASSERT_TRUE(*begun);
    auto deferred = c.Query(
        "SELECT name FROM deferred_indexes WHERE table_name = "
        "'resident_name_grams'");
    ASSERT_TRUE(deferred.ok());
    ASSERT_EQ(deferred->rows.size(), 1u);
    // SQLite leaves the grams to the end of the load; PostgreSQL rebuilds their index.
    EXPECT_EQ(deferred->rows[0].Text(0),
              GetParam() ? "resident_name_grams_gram" : "resident_name_grams_fill");
    PeopleBatch batch;
    for (int i = 0; i < 3; ++i) {
      ResidentLoad load;
      load.resident.name = "批量王" + std::to_string(i);
      load.resident.id_number = MakeIdNumber("19800101", 401 + 2 * i);
      load.resident.birth_date = {1980, 1, 1};
      load.resident.ethnicity_code = "01";
      load.resident.status_since = "2020-01-01";
      load.resident.community_code = kCommunityC;
      load.resident.grid_code = kGridC1;
      batch.residents.push_back(load);
    }
    audit::AuditEntry entry;
    entry.actor_name = "system";
    entry.action = audit::AuditAction::kImport;
    entry.subject_type = "synthetic_seed";
    auto ids = f_.repository_->WriteBatch(batch, entry);
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    if (finish) {
      ASSERT_TRUE(f_.repository_->EndBulkLoad().ok());
    } else {
      auto migrated = storage::Migrate(f_.db());
      ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    }
    for (int i = 0; i < 3; ++i) {
      people_.push_back(
          {ids->residents[i], batch.residents[i].resident.name, kGridC1, "1980-01-01"});
    }
    auto after = c.Query("SELECT COUNT(*) FROM deferred_indexes");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->rows.at(0).Int(0), 0);
    for (const std::string text : {"批量", "王", "量王", "秀英"}) {
      SCOPED_TRACE(text);
      EXPECT_EQ(Walk({.text = text}, access::Caller::System()), Expected(text, "", "name"));
      EXPECT_EQ(Walk({.text = text}, CallerWith(Role::kCountyOfficial, "321023")),
                Expected(text, "321023", "name"));
    }
  }

  std::vector<Person> people_;
  int next_sequence_ = 101;
};

TEST_P(NameSearchTest, EveryScopeSortAndPageEqualsASubstringFilter) {
  RegisterTheStreet();
  const std::vector<std::string> texts = {
      "王",   "秀",   "英", "秀英", "王秀", "王秀英", "欧阳秀英", "阳秀", "王王", "婷",
      "婷婷", "建国", "Li", "a L",  "Wang", "n",      "无此人",   "王%",  "_",    "秀英兰"};
  // Scopes from the whole city down to a grid: the wider ones are answered from the name
  // grams, a community or grid from the (place, name) index.
  const std::vector<std::pair<access::Caller, std::string>> actors = {
      {access::Caller::System(), ""},
      {CallerWith(Role::kCityAdmin, "3210"), "3210"},
      {CallerWith(Role::kCountyOfficial, "321002"), "321002"},
      {CallerWith(Role::kTownOfficial, "321002001"), "321002001"},
      {CallerWith(Role::kCommunityWorker, kCommunityA), kCommunityA},
      {CallerWith(Role::kGridWorker, kGridB1), kGridB1},
  };
  for (const auto& [actor, scope] : actors) {
    for (const auto& text : texts) {
      for (const char* sort : {"name", "age", "-age", "id"}) {
        SCOPED_TRACE(scope + " q=" + text + " sort=" + sort);
        const auto expected = Expected(text, scope, sort);
        const auto got = Walk({.text = text, .sort = std::string(sort)}, actor);
        EXPECT_EQ(Names(got), Names(expected));
        EXPECT_EQ(got, expected);
      }
      // Narrowed by the request's community or grid inside the scope.
      for (const std::string& place : {std::string(kCommunityA), std::string(kGridA2)}) {
        if (place.rfind(scope, 0) != 0) continue;
        SCOPED_TRACE(scope + " q=" + text + " in " + place);
        const bool grid = place.size() > 12;
        ResidentSearchRequest request{.text = text};
        (grid ? request.grid : request.community) = place;
        EXPECT_EQ(Walk(request, actor, 1), Expected(text, place, "name"));
      }
    }
  }
  // The county's own search by surname: the county's 王 only, never C's.
  auto county = Walk({.text = "王"}, CallerWith(Role::kCountyOfficial, "321023"));
  EXPECT_EQ(Names(county), (std::vector<std::string>{"王秀英"}));
  // Other filters still apply beside the name.
  auto old = f_.residents_->Search({.text = "秀英", .age_min = "70"}, access::Caller::System(), {});
  ASSERT_TRUE(old.ok()) << old.error().message;
  std::vector<int64_t> old_ids;
  for (const auto& r : old->items) old_ids.push_back(r.id);
  EXPECT_EQ(Names(old_ids), (std::vector<std::string>{"周秀英", "王秀英", "王秀英"}));
}

TEST_P(NameSearchTest, RenamedMovedAndImportedResidentsAreFoundUnderTheirNewNameAndPlace) {
  RegisterTheStreet();
  const access::Caller system = access::Caller::System();
  const access::Caller town = CallerWith(Role::kTownOfficial, "321002001");
  const access::Caller other_county = CallerWith(Role::kCountyOfficial, "321023");
  const int64_t fang = people_[1].id;  // 王芳 in A1

  auto renamed = f_.residents_->Update(fang, {.name = "孙芳菲"}, system);
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  people_[1].name = "孙芳菲";
  EXPECT_EQ(Names(Walk({.text = "芳菲"}, town)), (std::vector<std::string>{"孙芳菲"}));
  EXPECT_EQ(Walk({.text = "王芳"}, system), std::vector<int64_t>{});
  EXPECT_EQ(Walk({.text = "王"}, town), Expected("王", "321002001", "name"));

  MoveRequest move;
  move.community_code = kCommunityC;
  move.grid_code = kGridC1;
  move.date = "2025-06-01";
  auto moved = f_.residents_->Move(fang, move, system);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  people_[1].grid = kGridC1;
  EXPECT_EQ(Walk({.text = "芳菲"}, town), std::vector<int64_t>{});
  EXPECT_EQ(Walk({.text = "芳菲"}, other_county), std::vector<int64_t>{fang});
  EXPECT_EQ(Walk({.text = "芳", .sort = "id"}, other_county), std::vector<int64_t>{fang});

  // An import (one batch): a new resident and an existing one renamed and moved back to A1.
  PeopleBatch batch;
  ResidentLoad fresh;
  fresh.resident.name = "钱导入";
  fresh.resident.id_number = MakeIdNumber("19700101", 301);
  fresh.resident.birth_date = {1970, 1, 1};
  fresh.resident.ethnicity_code = "01";
  fresh.resident.status_since = "2025-07-01";
  fresh.resident.community_code = kCommunityB;
  fresh.resident.grid_code = kGridB1;
  batch.residents.push_back(fresh);
  auto existing = f_.repository_->FindResident(fang, core::Scope::Everything());
  ASSERT_TRUE(existing.ok() && *existing);
  ResidentLoad update;
  update.resident = **existing;
  update.resident.name = "孙导入";
  update.resident.community_code = kCommunityA;
  update.resident.grid_code = kGridA1;
  update.resident.household_id.reset();
  update.resident.relation.reset();
  update.resident.status_since = "2025-07-01";
  update.residence_changed = true;
  update.event = HistoryEvent::kMoveIn;
  batch.residents.push_back(update);
  audit::AuditEntry entry;
  entry.actor_name = "system";
  entry.action = audit::AuditAction::kImport;
  entry.subject_type = "resident_import";
  auto written = f_.repository_->WriteBatch(batch, entry);
  ASSERT_TRUE(written.ok()) << written.error().message;
  people_[1].name = "孙导入";
  people_[1].grid = kGridA1;
  people_.push_back({written->residents[0], "钱导入", kGridB1, "1970-01-01"});

  EXPECT_EQ(Names(Walk({.text = "导入"}, town)), (std::vector<std::string>{"孙导入", "钱导入"}));
  EXPECT_EQ(Walk({.text = "导入"}, other_county), std::vector<int64_t>{});
  EXPECT_EQ(Walk({.text = "芳菲"}, system), std::vector<int64_t>{});
  EXPECT_EQ(Walk({.text = "孙"}, system), (std::vector<int64_t>{fang}));
  for (const std::string text : {"导", "王", "秀英", "Li"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(Walk({.text = text}, system), Expected(text, "", "name"));
    EXPECT_EQ(Walk({.text = text, .sort = "-age"}, town), Expected(text, "321002001", "-age"));
  }
  // Exactly the grams of the current names, nothing left of the old ones.
  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  auto rows = (*connection)
                  ->Query(
                      "SELECT gram, name, place_code FROM resident_name_grams WHERE "
                      "resident_id = ? ORDER BY gram",
                      {fang});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::vector<std::string> grams;
  for (const auto& row : rows->rows) {
    grams.push_back(row.Text(0));
    EXPECT_EQ(row.Text(1), "孙导入");
    EXPECT_EQ(row.Text(2), kGridA1);
  }
  std::vector<std::string> want;
  for (auto gram : storage::NameGrams("孙导入")) want.emplace_back(gram);
  std::sort(want.begin(), want.end());
  EXPECT_EQ(grams, want);
}

// The migration fills the grams of residents registered before it, exactly as the repository
// writes them; a bulk load defers the gram index and rebuilds it with the others.
TEST_P(NameSearchTest, MigrationBackfillAndBulkLoadMatchTheRepository) {
  RegisterTheStreet();
  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  storage::Connection& c = **connection;
  const std::string all_grams =
      "SELECT resident_id, gram, name, place_code FROM resident_name_grams ORDER BY resident_id, "
      "gram";
  auto written = c.Query(all_grams);
  ASSERT_TRUE(written.ok());
  ASSERT_FALSE(written->rows.empty());
  // Rerun the migration's backfill on the same residents.
  std::string backfill;
  for (const auto& migration : storage::EmbeddedMigrations()) {
    if (migration.version == 9) backfill = migration.sql;
  }
  ASSERT_FALSE(backfill.empty());
  backfill = backfill.substr(backfill.find("WITH RECURSIVE"));
  backfill = backfill.substr(0, backfill.find(";") + 1);
  ASSERT_TRUE(c.Query("DELETE FROM resident_name_grams").ok());
  auto filled = c.Query(backfill);
  ASSERT_TRUE(filled.ok()) << filled.error().message;
  auto again = c.Query(all_grams);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->rows.size(), written->rows.size());
  for (size_t i = 0; i < written->rows.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(again->rows[i].Int(0), written->rows[i].Int(0));
    for (int k = 1; k < 4; ++k) EXPECT_EQ(again->rows[i].Text(k), written->rows[i].Text(k));
  }

  LoadInBulk(c, /*finish=*/true);
  // The grams the bulk load wrote are the ones the migration's SQL computes.
  auto bulk = c.Query(all_grams);
  ASSERT_TRUE(bulk.ok());
  ASSERT_TRUE(c.Query("DELETE FROM resident_name_grams").ok());
  ASSERT_TRUE(c.Query(backfill).ok());
  auto recomputed = c.Query(all_grams);
  ASSERT_TRUE(recomputed.ok());
  ASSERT_EQ(recomputed->rows.size(), bulk->rows.size());
  for (size_t i = 0; i < bulk->rows.size(); ++i) {
    SCOPED_TRACE(i);
    for (int k = 1; k < 4; ++k) EXPECT_EQ(recomputed->rows[i].Text(k), bulk->rows[i].Text(k));
  }
}

// A bulk load that dies before EndBulkLoad leaves its deferred indexes (and, on SQLite, the
// grams of the residents it wrote) to Migrate, which completes them.
TEST_P(NameSearchTest, MigrateCompletesABulkLoadThatDied) {
  RegisterTheStreet();
  auto connection = f_.db().Acquire();
  ASSERT_TRUE(connection.ok());
  LoadInBulk(**connection, /*finish=*/false);
}

INSTANTIATE_TEST_SUITE_P(Engines, NameSearchTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::people

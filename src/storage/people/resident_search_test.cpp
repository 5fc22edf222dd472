// The resident search's plans (internal/resident_search.hpp), without a database: which index
// a query's ids come from, what each plan binds, and how it pages.
#include "storage/people/internal/resident_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace linli::storage::people_internal {
namespace {

using core::Scope;
using people::ResidentQuery;
using people::ResidentSort;

ResidentQuery Query(std::string name_text = "", ResidentSort sort = ResidentSort::kName) {
  ResidentQuery query;
  query.name_text = std::move(name_text);
  query.sort = sort;
  query.today = "2026-01-01";
  return query;
}

ResidentSearchPlan Plan(const ResidentQuery& query, const Scope& scope,
                        const core::PageRequest& page = {20, ""}) {
  ResidentSearchLookups lookups;
  lookups.gram = "gram-looked-up";
  lookups.id_number_index = "id-index-looked-up";
  lookups.phone_index = "phone-index-looked-up";
  auto plan = PlanResidentSearch(query, scope, page, lookups);
  EXPECT_TRUE(plan.ok()) << plan.error().message;
  return plan.ok() ? *plan : ResidentSearchPlan{};
}

bool Binds(const ResidentSearchPlan& plan, const std::string& text) {
  return std::any_of(plan.params.begin(), plan.params.end(), [&](const Value& value) {
    const auto* bound = std::get_if<std::string>(&value);
    return bound != nullptr && *bound == text;
  });
}

bool Has(const ResidentSearchPlan& plan, std::string_view fragment) {
  return plan.sql.find(fragment) != std::string::npos;
}

TEST(ResidentSearchPlanTest, NameTextsWiderThanACommunityWalkTheNameGrams) {
  const Scope county = Scope::Of({"321002"});
  const Scope community = Scope::Of({"321002001001"});
  EXPECT_EQ(ChooseResidentSource(Query("王伟"), county), ResidentSource::kNameGrams);
  EXPECT_EQ(ChooseResidentSource(Query("王伟"), Scope::Everything()), ResidentSource::kNameGrams);
  // Inside one community the (place, name) index is the narrower walk: by scope or by place.
  EXPECT_EQ(ChooseResidentSource(Query("王伟"), community), ResidentSource::kResidents);
  ResidentQuery in_community = Query("王伟");
  in_community.place_prefix = "321002001001001";
  EXPECT_EQ(ChooseResidentSource(in_community, county), ResidentSource::kResidents);
  // A scope as wide as its widest prefix.
  EXPECT_EQ(ChooseResidentSource(Query("王伟"), Scope::Of({"321002001001", "321003"})),
            ResidentSource::kNameGrams);
  // One character sorted by anything but the name: too common a gram to sort all its rows.
  EXPECT_EQ(ChooseResidentSource(Query("王", ResidentSort::kAge), county),
            ResidentSource::kResidents);
  EXPECT_EQ(ChooseResidentSource(Query("王", ResidentSort::kName), county),
            ResidentSource::kNameGrams);
  EXPECT_EQ(ChooseResidentSource(Query("王伟", ResidentSort::kId), county),
            ResidentSource::kNameGrams);
  // No name, or no scope at all.
  EXPECT_EQ(ChooseResidentSource(Query(""), county), ResidentSource::kResidents);
  EXPECT_EQ(ChooseResidentSource(Query("王伟"), Scope::Nothing()), ResidentSource::kResidents);
}

TEST(ResidentSearchPlanTest, TagFiltersWalkTheTagRowsUnlessTheNameGramsDo) {
  const Scope county = Scope::Of({"321002"});
  ResidentQuery tagged = Query("", ResidentSort::kAge);
  tagged.tag_code = "elderly_alone";
  EXPECT_EQ(ChooseResidentSource(tagged, county), ResidentSource::kTags);
  tagged.name_text = "王伟";
  EXPECT_EQ(ChooseResidentSource(tagged, county), ResidentSource::kNameGrams);
  tagged.name_text = "王";
  EXPECT_EQ(ChooseResidentSource(tagged, county), ResidentSource::kTags);
}

TEST(ResidentSearchPlanTest, EachSourceReadsOnlyTheRowsItNeeds) {
  const Scope county = Scope::Of({"321002"});
  // Gram plans join the resident rows only for filters or sorts the gram rows do not carry.
  ResidentSearchPlan by_name = Plan(Query("王伟"), county);
  EXPECT_TRUE(Has(by_name, "FROM resident_name_grams g WHERE g.gram = ?"));
  EXPECT_FALSE(Has(by_name, "JOIN residents r ON r.id = g.resident_id"));
  EXPECT_TRUE(Binds(by_name, "gram-looked-up"));
  EXPECT_TRUE(Binds(by_name, "%王伟%"));
  EXPECT_TRUE(Has(by_name, "ORDER BY g.name, g.resident_id LIMIT ?"));
  EXPECT_TRUE(Has(by_name, "ORDER BY r.name, r.id"));
  EXPECT_TRUE(Has(Plan(Query("王伟", ResidentSort::kAge), county),
                  "JOIN residents r ON r.id = g.resident_id"));
  // Tag plans: by age from the tag rows alone, counting a resident once.
  ResidentQuery tagged = Query("", ResidentSort::kAge);
  tagged.tag_code = "elderly_alone";
  ResidentSearchPlan by_tag = Plan(tagged, county);
  EXPECT_TRUE(Has(by_tag, "FROM resident_tags t WHERE"));
  EXPECT_FALSE(Has(by_tag, "JOIN residents r ON r.id = t.resident_id"));
  EXPECT_TRUE(Has(by_tag, "GROUP BY t.resident_id, t.birth_date ORDER BY t.birth_date DESC"));
  tagged.sort = ResidentSort::kName;
  EXPECT_TRUE(Has(Plan(tagged, county), "JOIN residents r ON r.id = t.resident_id"));
  // Resident plans, and a tag filter on them as a subquery.
  ResidentQuery plain = Query("王", ResidentSort::kId);
  plain.tag_code = "";
  ResidentSearchPlan by_id = Plan(plain, Scope::Of({"321002001001"}));
  EXPECT_TRUE(Has(by_id, "SELECT r.id FROM residents r WHERE"));
  EXPECT_TRUE(Has(by_id, "r.name LIKE ? ESCAPE '\\'"));
  EXPECT_TRUE(Has(by_id, "ORDER BY r.id LIMIT ?"));
  ResidentQuery gram_and_tag = Query("王伟");
  gram_and_tag.tag_code = "elderly_alone";
  EXPECT_TRUE(Has(Plan(gram_and_tag, county),
                  "g.resident_id IN (SELECT t.resident_id FROM resident_tags t WHERE"));
}

TEST(ResidentSearchPlanTest, PersonalNumbersAreBoundOnlyAsTheirBlindIndexes) {
  ResidentQuery query = Query("", ResidentSort::kId);
  query.id_number = "321002198001010011";
  query.phone = "13800000000";
  for (const Scope& scope : {Scope::Of({"321002001001"}), Scope::Of({"321002"})}) {
    ResidentSearchPlan plan = Plan(query, scope);
    EXPECT_TRUE(Binds(plan, "id-index-looked-up"));
    EXPECT_TRUE(Binds(plan, "phone-index-looked-up"));
    EXPECT_FALSE(Binds(plan, query.id_number));
    EXPECT_FALSE(Binds(plan, query.phone));
  }
}

TEST(ResidentSearchPlanTest, EveryPlaceholderIsBoundInEveryPlan) {
  std::vector<ResidentQuery> queries;
  for (ResidentSort sort : {ResidentSort::kName, ResidentSort::kAge, ResidentSort::kAgeDescending,
                            ResidentSort::kId}) {
    for (const char* name : {"", "王", "王伟"}) {
      for (const char* tag : {"", "elderly_alone"}) {
        ResidentQuery query = Query(name, sort);
        query.tag_code = tag;
        query.place_prefix = "321002001";
        query.born_after = "1950-01-01";
        query.status = people::ResidentStatus::kFloating;
        queries.push_back(query);
      }
    }
  }
  for (const ResidentQuery& query : queries) {
    for (const Scope& scope : {Scope::Everything(), Scope::Of({"321002", "321003001001"})}) {
      const bool by_id = query.sort == ResidentSort::kId;
      for (const std::string& after :
           {std::string(), by_id ? std::string("42") : std::string("王伟\x1f" "42")}) {
        ResidentSearchPlan plan = Plan(query, scope, {20, after});
        EXPECT_EQ(static_cast<size_t>(std::count(plan.sql.begin(), plan.sql.end(), '?')),
                  plan.params.size())
            << plan.sql;
      }
    }
  }
}

TEST(ResidentSearchPlanTest, PagesStartAfterTheCursorOfTheSort) {
  const Scope county = Scope::Of({"321002"});
  ResidentSearchPlan by_name = Plan(Query("王伟"), county, {20, "王伟\x1f" "42"});
  EXPECT_TRUE(Has(by_name, "(g.name > ? OR (g.name = ? AND g.resident_id > ?))"));
  EXPECT_TRUE(Has(by_name, "AND g.name >= ?"));  // where the gram walk starts
  ResidentSearchPlan by_age =
      Plan(Query("", ResidentSort::kAge), county, {20, "2001-02-03\x1f" "42"});
  EXPECT_TRUE(Has(by_age, "(r.birth_date < ? OR (r.birth_date = ? AND r.id > ?))"));
  EXPECT_TRUE(Binds(by_age, "2001-02-03"));
  ResidentSearchPlan by_id = Plan(Query("", ResidentSort::kId), county, {20, "42"});
  EXPECT_TRUE(Has(by_id, "AND r.id > ?"));

  for (const auto& [sort, after] : std::vector<std::pair<ResidentSort, std::string>>{
           {ResidentSort::kId, "x"},
           {ResidentSort::kId, "王伟\x1f" "42"},
           {ResidentSort::kName, "42"},
           {ResidentSort::kAge, "2001-02-03\x1f"}}) {
    auto plan = PlanResidentSearch(Query("王伟", sort), county, {20, after}, {});
    ASSERT_FALSE(plan.ok()) << after;
    EXPECT_EQ(plan.error().field, "cursor");
  }
}

TEST(ResidentSearchPlanTest, CursorsNameTheSortKeyAndId) {
  people::Resident resident;
  resident.id = 42;
  resident.name = "王伟";
  resident.birth_date = identity::Date{2001, 2, 3};
  EXPECT_EQ(*core::DecodeCursor(ResidentCursor(resident, ResidentSort::kName)), "王伟\x1f" "42");
  EXPECT_EQ(*core::DecodeCursor(ResidentCursor(resident, ResidentSort::kAgeDescending)),
            "2001-02-03\x1f" "42");
  EXPECT_EQ(*core::DecodeCursor(ResidentCursor(resident, ResidentSort::kId)), "42");
}

}  // namespace
}  // namespace linli::storage::people_internal

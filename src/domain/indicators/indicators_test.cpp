#include "domain/indicators/indicators.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "domain/indicators/plan.hpp"
#include "domain/indicators/synthetic_figures.hpp"

namespace linli::indicators {
namespace {

using core::DivisionLevel;

std::string ShippedPlanText() {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/plan/yangzhou-2023-2025.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// ----- the plan file -----

TEST(PlanTest, ShippedPlanHasEveryNumberOfTheRequirements) {
  auto plan = ParsePlan(ShippedPlanText());
  ASSERT_TRUE(plan.ok()) << plan.error().message << " at " << plan.error().field;
  EXPECT_EQ(plan->city_code, "3210");
  EXPECT_EQ(plan->indicators.size(), 34u);
  EXPECT_EQ(plan->tasks.size(), 27u);
  for (const char* id :
       {"A4a", "A4b", "A4c",  "A4d",  "A4e",  "A5",  "A6",  "B1a",  "B1b",  "B1c", "B1d", "B2a",
        "B2b", "B3",  "B4",   "C1",   "C2a",  "C2b", "C2c", "C4a",  "C4b",  "C5a", "C5b", "C6",
        "C9",  "C10", "C11a", "C11b", "C11c", "C12", "C13", "C14a", "C14b", "C15"}) {
    EXPECT_NE(plan->Find(id), nullptr) << id;
  }
  const Indicator* c9 = plan->Find("C9");
  ASSERT_EQ(c9->variants.size(), 2u);
  EXPECT_EQ(TargetOf(*c9, "urban"), 100.0);
  EXPECT_EQ(TargetOf(*c9, "rural"), 90.0);
  const Indicator* c4b = plan->Find("C4b");
  EXPECT_EQ(c4b->target_level, DivisionLevel::kCounty);
  EXPECT_EQ(TargetOf(*c4b, "zone"), 5.0);
  EXPECT_EQ(plan->Find("A4e")->target_level, DivisionLevel::kCity);
  EXPECT_EQ(plan->Find("B1c")->kind, Kind::kPerUnit);
  EXPECT_EQ(plan->Find("B3")->period, PeriodKind::kMonthly);
  ASSERT_EQ(plan->designations.size(), 9u);
  const DesignationKind* notarisation = plan->FindDesignation("remote_notarisation_town");
  ASSERT_NE(notarisation, nullptr);
  EXPECT_EQ(notarisation->level, DivisionLevel::kTown);
  EXPECT_EQ(notarisation->indicators, std::vector<std::string>{"C12"});
  EXPECT_TRUE(plan->FindDesignation("disaster_reduction_community")->since_plan_start);
}

struct BadPlanCase {
  std::string name;
  std::string from;  // a piece of the shipped plan
  std::string to;    // what it becomes
  std::string field;
};

class BadPlanTest : public ::testing::TestWithParam<BadPlanCase> {};

TEST_P(BadPlanTest, NamesTheField) {
  std::string text = ShippedPlanText();
  const auto at = text.find(GetParam().from);
  ASSERT_NE(at, std::string::npos) << GetParam().from;
  text.replace(at, GetParam().from.size(), GetParam().to);
  auto plan = ParsePlan(text);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().field, GetParam().field) << plan.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Plan, BadPlanTest,
    ::testing::Values(
        BadPlanCase{"UnknownKind", R"("kind": "share")", R"("kind": "percent")",
                    "indicators[0].kind"},
        BadPlanCase{"UnknownTask", R"("task": "A4")", R"("task": "Z9")", "indicators[0].task"},
        BadPlanCase{"BadDeadline", R"("deadline": "2025-12-31")", R"("deadline": "2025-13-31")",
                    "indicators[0].deadline"},
        BadPlanCase{"UnknownDepartment", R"("responsible": [
        "市民政局"
      ]
    },
    {
      "id": "A4b")",
                    R"("responsible": [
        "市长办公室"
      ]
    },
    {
      "id": "A4b")",
                    "indicators[0].responsible"},
        BadPlanCase{"DuplicateId", R"("id": "A4b")", R"("id": "A4a")", "indicators[1].id"},
        BadPlanCase{"BadCity", R"("city_code": "3210")", R"("city_code": "32")", "city_code"},
        BadPlanCase{"BadLevel", R"("unit_level": "town")", R"("unit_level": "village")",
                    "indicators[0].unit_level"},
        BadPlanCase{"DesignationOfUnknownIndicator", R"("C2a"
      ],
      "since_plan_start")",
                    R"("Q1"
      ],
      "since_plan_start")",
                    "designations[0].indicators"},
        // Two kinds may add up to a count (A4e) but never make one share.
        BadPlanCase{"ShareOfTwoDesignationKinds", R"("C4a",
        "C4b")",
                    R"("C2a",
        "C4b")",
                    "designations[1].indicators"},
        BadPlanCase{"UnknownCommunityKind", R"("community_kinds": [
        "urban"
      ])",
                    R"("community_kinds": [
        "suburb"
      ])",
                    "indicators[2].community_kinds"}),
    [](const auto& info) { return info.param.name; });

TEST(PlanTest, NotJsonIsAClearError) {
  auto plan = ParsePlan("{not json");
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("JSON"), std::string::npos);
}

// ----- periods -----

TEST(PeriodTest, MonthsInChinaTime) {
  EXPECT_TRUE(IsPeriod("2025-12"));
  EXPECT_FALSE(IsPeriod("2025-13"));
  EXPECT_FALSE(IsPeriod("2025-1"));
  EXPECT_FALSE(IsPeriod("25-12-01"));
  const PeriodSpan span = SpanOf("2024-02");
  // 2024-02-01 00:00 +08:00 and 2024-03-01 00:00 +08:00.
  EXPECT_EQ(span.from, 1706716800000);  // 2024-01-31T16:00:00Z
  EXPECT_EQ(span.to, 1709222400000);    // 2024-02-29T16:00:00Z
  EXPECT_EQ(PeriodOf(span.from), "2024-02");
  EXPECT_EQ(PeriodOf(span.to - 1), "2024-02");
  EXPECT_EQ(PeriodOf(span.to), "2024-03");
  EXPECT_EQ(PreviousPeriod("2024-01"), "2023-12");
  EXPECT_EQ(PreviousPeriod("2024-11"), "2024-10");
  EXPECT_EQ(NextPeriod("2024-12"), "2025-01");
  EXPECT_EQ(NextPeriod("2025-06"), "2025-07");
  EXPECT_EQ(LastDayOf("2024-02"), "2024-02-29");
  EXPECT_EQ(LastDayOf("2025-12"), "2025-12-31");
  EXPECT_EQ(FirstDayOf("2025-12"), "2025-12-01");
}

// ----- roll-up -----

class RollUpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = ParsePlan(ShippedPlanText());
    ASSERT_TRUE(parsed.ok());
    plan_ = *parsed;
    Add("3210", DivisionLevel::kCity, "", "");
    Add("321002", DivisionLevel::kCounty, "district", "district");
    Add("321002001", DivisionLevel::kTown, "street", "district");
    Add("321002001001", DivisionLevel::kCommunity, "urban", "district");
    Add("321002001002", DivisionLevel::kCommunity, "village", "district");
    Add("321071", DivisionLevel::kCounty, "functional_zone", "functional_zone");
    Add("321071001", DivisionLevel::kTown, "street", "functional_zone");
    Add("321071001001", DivisionLevel::kCommunity, "urban", "functional_zone");
  }
  void Add(const std::string& code, DivisionLevel level, const std::string& kind,
           const std::string& county_kind) {
    places_[code] = PlaceInfo{code, code, level, kind, county_kind};
  }
  const Figure* FigureOf(const RollUpResult& result, const std::string& place,
                         const std::string& indicator, const std::string& variant = "") {
    for (const auto& figure : result.figures) {
      if (figure.place_code == place && figure.indicator_id == indicator &&
          figure.variant == variant) {
        return &figure;
      }
    }
    return nullptr;
  }
  Plan plan_;
  PlaceIndex places_;
};

TEST_F(RollUpTest, SumsEveryLevelAndSplitsVariants) {
  const std::vector<Measurement> measured = {
      {"B1a", "321002001001", 300.0, 1000.0, ""},
      {"B1a", "321002001002", 100.0, 500.0, ""},
      {"B2a", "321002001001", 1.0, 1.0, ""},
      {"B2a", "321002001002", 0.0, 1.0, ""},  // a village: B2a counts urban communities only
      {"C9", "321002001001", 1.0, 1.0, ""},
      {"C9", "321002001002", 0.0, 1.0, ""},
      {"C4b", "321002001001", 2.0, 0.0, ""},
      {"C4b", "321071001001", 1.0, 0.0, ""},
      {"C5a", "321002001001", 0.0, 1.0, "东关托育点"},
      {"C5a", "321002001001", 1.0, 1.0, ""},
      {"B1a", "999999999999", 1.0, 1.0, ""},  // unknown place
      {"ZZ", "321002001001", 1.0, 1.0, ""},   // unknown indicator
  };
  const RollUpResult result = RollUp(plan_, places_, "2025-06", measured, 42);
  EXPECT_EQ(result.skipped, 2);
  const Figure* town = FigureOf(result, "321002001", "B1a");
  ASSERT_NE(town, nullptr);
  EXPECT_DOUBLE_EQ(town->numerator, 400.0);
  EXPECT_DOUBLE_EQ(town->denominator, 1500.0);
  EXPECT_EQ(town->units, 2);
  EXPECT_EQ(town->period, "2025-06");
  EXPECT_EQ(town->computed_at, 42);
  const Figure* city_b2a = FigureOf(result, "3210", "B2a");
  ASSERT_NE(city_b2a, nullptr);
  EXPECT_DOUBLE_EQ(city_b2a->denominator, 1.0);  // the village is not counted
  EXPECT_EQ(FigureOf(result, "321002001002", "B2a"), nullptr);
  ASSERT_NE(FigureOf(result, "3210", "C9", "urban"), nullptr);
  EXPECT_DOUBLE_EQ(FigureOf(result, "3210", "C9", "rural")->denominator, 1.0);
  EXPECT_EQ(FigureOf(result, "3210", "C9"), nullptr);
  EXPECT_DOUBLE_EQ(FigureOf(result, "321002", "C4b", "county")->numerator, 2.0);
  EXPECT_DOUBLE_EQ(FigureOf(result, "321071", "C4b", "zone")->numerator, 1.0);
  EXPECT_EQ(FigureOf(result, "321071", "C4b", "county"), nullptr);
  ASSERT_EQ(result.shortfalls.size(), 1u);
  EXPECT_EQ(result.shortfalls[0].subject, "东关托育点");
  const Figure* c5a = FigureOf(result, "3210", "C5a");
  EXPECT_DOUBLE_EQ(c5a->numerator, 1.0);
  EXPECT_DOUBLE_EQ(c5a->denominator, 2.0);
  EXPECT_EQ(ValueOf(*plan_.Find("C5a"), c5a->numerator, c5a->denominator), 50.0);
  EXPECT_EQ(ValueOf(*plan_.Find("B1a"), town->numerator, town->denominator).value(),
            400.0 / 1500.0 * 100.0);
  EXPECT_FALSE(ValueOf(*plan_.Find("B1a"), 5.0, 0.0).has_value());
}

TEST_F(RollUpTest, TownUnitsRollUpToCountyAndCityOnly) {
  const RollUpResult result =
      RollUp(plan_, places_, "2025-06", {{"A4a", "321002001", 1.0, 1.0, ""}}, 1);
  EXPECT_NE(FigureOf(result, "321002001", "A4a"), nullptr);
  EXPECT_NE(FigureOf(result, "321002", "A4a"), nullptr);
  EXPECT_NE(FigureOf(result, "3210", "A4a"), nullptr);
  // A community is below A4a's unit: a measurement there is skipped.
  const RollUpResult below =
      RollUp(plan_, places_, "2025-06", {{"A4a", "321002001001", 1.0, 1.0, ""}}, 1);
  EXPECT_EQ(below.skipped, 1);
}

TEST_F(RollUpTest, SyntheticFiguresAreValidVariedAndDeterministic) {
  SourceRegistry sources;
  auto none = [](std::string_view, const PeriodSpan&, const PlaceIndex&) {
    return core::Result<std::vector<Measurement>>(std::vector<Measurement>{});
  };
  ASSERT_TRUE(
      sources.Register({"facilities", {"B1a", "B1b", "B1c", "B1d", "C5a", "C5b"}, none}).ok());
  const std::vector<std::string> communities = {"321002001001", "321002001002"};
  const auto reports = SyntheticReports(plan_, sources, places_, communities, "2026-11", 7, 99);
  EXPECT_EQ(reports.size(),
            SyntheticReports(plan_, sources, places_, communities, "2026-11", 7, 99).size());
  std::set<std::string> ids;
  std::set<std::string> places;
  int meeting = 0;
  int short_of_it = 0;
  for (const auto& report : reports) {
    const Indicator* indicator = plan_.Find(report.indicator_id);
    ASSERT_NE(indicator, nullptr);
    EXPECT_EQ(sources.SourceOf(report.indicator_id), nullptr) << "only reported indicators";
    EXPECT_TRUE(report.synthetic);
    EXPECT_GE(report.numerator, 0.0);
    if (indicator->kind == Kind::kShare)
      EXPECT_LE(report.numerator, report.denominator) << report.indicator_id;
    if (indicator->kind == Kind::kCount)
      EXPECT_EQ(report.denominator, 0.0);
    else
      EXPECT_GT(report.denominator, 0.0);
    EXPECT_EQ(report.state,
              report.period == "2026-11" ? ReportState::kSubmitted : ReportState::kApproved);
    ids.insert(report.indicator_id);
    places.insert(report.place_code);
    if (report.period == "2025-12") {
      const auto value = ValueOf(*indicator, report.numerator, report.denominator);
      const auto target = TargetOf(*indicator, report.variant);
      if (value && target)
        (Meets(*value, *target, indicator->comparator) ? meeting : short_of_it) += 1;
    }
  }
  EXPECT_EQ(ids.size(), 28u);                 // the 34 less the 6 the registered source computes
  EXPECT_TRUE(places.contains("3210"));       // city-wide counts
  EXPECT_TRUE(places.contains("321002"));     // county units and C4
  EXPECT_TRUE(places.contains("321002001"));  // A4a
  EXPECT_GT(meeting, 0);
  EXPECT_GT(short_of_it, 0) << "not all green";
  // From the plan's first month.
  EXPECT_TRUE(std::any_of(reports.begin(), reports.end(),
                          [](const Report& r) { return r.period == "2023-01"; }));
}

// ----- status: the rule, as a table -----

struct JudgeCase {
  std::string name;
  std::optional<double> value;
  double target;
  PeriodKind kind;
  std::string period;
  double baseline;
  Status expected;
};

class JudgeTest : public ::testing::TestWithParam<JudgeCase> {};

TEST_P(JudgeTest, FollowsTheWrittenRule) {
  const auto& c = GetParam();
  StatusInput input;
  input.value = c.value;
  input.target = c.target;
  input.period_kind = c.kind;
  input.deadline = "2025-12-31";
  input.plan_start = "2023-01-01";
  input.period = c.period;
  input.baseline = c.baseline;
  EXPECT_EQ(kStatusNames.Name(Judge(input)), kStatusNames.Name(c.expected));
}

// Half of the plan's 36 months are gone at the end of 2024-06.
INSTANTIATE_TEST_SUITE_P(
    Status, JudgeTest,
    ::testing::Values(
        JudgeCase{"NoValue", std::nullopt, 90, PeriodKind::kOnce, "2024-06", 0, Status::kNoData},
        JudgeCase{"Met", 95, 90, PeriodKind::kOnce, "2024-06", 0, Status::kMet},
        JudgeCase{"AheadOfTheLine", 60, 100, PeriodKind::kOnce, "2024-06", 0, Status::kOnTrack},
        JudgeCase{"OnTheLine", 50, 100, PeriodKind::kOnce, "2024-06", 0, Status::kOnTrack},
        JudgeCase{"SlightlyBehind", 40, 100, PeriodKind::kOnce, "2024-06", 0, Status::kAtRisk},
        JudgeCase{"FarBehind", 20, 100, PeriodKind::kOnce, "2024-06", 0, Status::kBehind},
        JudgeCase{"BaselineCounts", 70, 100, PeriodKind::kOnce, "2024-06", 60, Status::kBehind},
        JudgeCase{"DeadlinePassed", 99, 100, PeriodKind::kOnce, "2025-12", 0, Status::kBehind},
        JudgeCase{"AfterThePlan", 99, 100, PeriodKind::kOnce, "2026-11", 0, Status::kBehind},
        JudgeCase{"MonthlyNear", 85, 90, PeriodKind::kMonthly, "2024-06", 0, Status::kAtRisk},
        JudgeCase{"MonthlyFar", 50, 90, PeriodKind::kMonthly, "2024-06", 0, Status::kBehind},
        JudgeCase{"YearlyOnPace", 520, 1000, PeriodKind::kYearly, "2024-06", 0, Status::kOnTrack},
        JudgeCase{"YearlyBehind", 100, 1000, PeriodKind::kYearly, "2024-06", 0, Status::kBehind}),
    [](const auto& info) { return info.param.name; });

// ----- the approval ladder -----

TEST(ApprovalTest, EachLevelAboveInTurn) {
  Report report;
  report.place_code = "321002001001";
  EXPECT_EQ(NextApprover(report), DivisionLevel::kTown);
  report.approved_level = "town";
  EXPECT_EQ(NextApprover(report), DivisionLevel::kCounty);
  report.approved_level = "county";
  EXPECT_EQ(NextApprover(report), DivisionLevel::kCity);
  report.approved_level = "city";
  report.state = ReportState::kApproved;
  EXPECT_FALSE(NextApprover(report).has_value());
  Report city;
  city.place_code = "3210";
  EXPECT_EQ(NextApprover(city), DivisionLevel::kCity);
  city.state = ReportState::kReturned;
  EXPECT_FALSE(NextApprover(city).has_value());
}

TEST(SourceRegistryTest, OneSourcePerIndicator) {
  SourceRegistry registry;
  auto compute = [](std::string_view, const PeriodSpan&, const PlaceIndex&) {
    return core::Result<std::vector<Measurement>>(std::vector<Measurement>{});
  };
  EXPECT_TRUE(registry.Register({"facilities", {"B1a", "B1b"}, compute}).ok());
  EXPECT_EQ(registry.Register({"other", {"B1b"}, compute}).error().code,
            core::ErrorCode::kAlreadyExists);
  EXPECT_FALSE(registry.Register({"", {"B3"}, compute}).ok());
  EXPECT_EQ(registry.SourceOf("B1b")->module, "facilities");
  EXPECT_EQ(registry.SourceOf("B3"), nullptr);
}

}  // namespace
}  // namespace linli::indicators

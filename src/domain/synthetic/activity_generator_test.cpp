// The activity generator: deterministic plans (same inputs, same plan; another seed, another
// plan), exact totals over the period, plausible steps, and valid city-unique applicants.
#include "domain/synthetic/activity_generator.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/identity/id_number.hpp"

namespace linli::synthetic {
namespace {

ActivityWorld SmallWorld() {
  ActivityWorld world;
  world.communities = {"321002001001", "321002001002", "321003001001"};
  world.applicants_per_community = 3;
  world.items = {{"civil.a", {"web", "window"}, {"self_service", "appointment"}, 5},
                 {"civil.b", {"kiosk"}, {"entrusted", "grid_proxy"}, 20}};
  world.event_categories = {"environment.garbage", "order.noise"};
  world.departments = {"市城管局", "市水务局"};
  return world;
}

ActivityOptions SmallOptions() {
  ActivityOptions options;
  options.days = 30;
  options.requests = 3001;
  options.events = 757;
  return options;
}

bool SameStep(const PlannedStep& a, const PlannedStep& b) {
  return a.action == b.action && a.delay_millis == b.delay_millis && a.reason == b.reason &&
         a.rating == b.rating;
}

bool SameSteps(const std::vector<PlannedStep>& a, const std::vector<PlannedStep>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), SameStep);
}

bool SameDay(const ActivityDay& a, const ActivityDay& b) {
  if (a.requests.size() != b.requests.size() || a.events.size() != b.events.size()) return false;
  for (size_t i = 0; i < a.requests.size(); ++i) {
    const auto& x = a.requests[i];
    const auto& y = b.requests[i];
    if (x.at != y.at || x.community_index != y.community_index ||
        x.applicant_index != y.applicant_index || x.item_index != y.item_index ||
        x.channel != y.channel || x.handling_mode != y.handling_mode ||
        !SameSteps(x.steps, y.steps)) {
      return false;
    }
  }
  for (size_t i = 0; i < a.events.size(); ++i) {
    const auto& x = a.events[i];
    const auto& y = b.events[i];
    if (x.at != y.at || x.community_index != y.community_index ||
        x.category_index != y.category_index || x.urgent != y.urgent || x.whistle != y.whistle ||
        x.departments != y.departments || !SameSteps(x.handle_steps, y.handle_steps) ||
        !SameSteps(x.escalation_steps, y.escalation_steps)) {
      return false;
    }
  }
  return true;
}

TEST(ActivityGeneratorTest, SameInputsSamePlanInAnyOrderAnotherSeedAnotherPlan) {
  const auto world = SmallWorld();
  const auto options = SmallOptions();
  // Days asked for in reverse order give the same plans as in forward order.
  std::vector<ActivityDay> forward;
  for (int day = 0; day < options.days; ++day) forward.push_back(PlanDay(options, world, day));
  for (int day = options.days - 1; day >= 0; --day) {
    EXPECT_TRUE(SameDay(PlanDay(options, world, day), forward[day])) << "day " << day;
  }
  auto other = options;
  other.seed += 1;
  int different = 0;
  for (int day = 0; day < options.days; ++day) {
    if (!SameDay(PlanDay(other, world, day), forward[day])) ++different;
  }
  EXPECT_EQ(different, options.days);
}

TEST(ActivityGeneratorTest, TotalsAreExactAndWorkingDaysWeighMore) {
  const auto world = SmallWorld();
  const auto options = SmallOptions();
  int64_t requests = 0;
  int64_t events = 0;
  int64_t weekday_requests = 0;
  int64_t weekend_requests = 0;
  for (int day = 0; day < options.days; ++day) {
    auto plan = PlanDay(options, world, day);
    requests += static_cast<int64_t>(plan.requests.size());
    events += static_cast<int64_t>(plan.events.size());
    // 2026-01-01 is a Thursday: day 2 is Saturday, day 3 Sunday.
    const int weekday = (4 + day) % 7;
    (weekday == 0 || weekday == 6 ? weekend_requests : weekday_requests) +=
        static_cast<int64_t>(plan.requests.size());
    const int64_t day_start = options.start_millis + day * kMillisPerDayOfActivity;
    for (size_t i = 0; i < plan.requests.size(); ++i) {
      const auto& request = plan.requests[i];
      EXPECT_GE(request.at, day_start);
      EXPECT_LT(request.at, day_start + kMillisPerDayOfActivity);
      if (i > 0) {
        EXPECT_LE(plan.requests[i - 1].at, request.at);
      }
      EXPECT_NE(request.handling_mode, "appointment");
      EXPECT_LT(request.applicant_index, world.applicants_per_community);
      ASSERT_FALSE(request.steps.empty());
      for (const auto& step : request.steps) EXPECT_GT(step.delay_millis, 0) << step.action;
    }
    for (const auto& event : plan.events) {
      ASSERT_FALSE(event.escalation_steps.empty());
      EXPECT_EQ(event.escalation_steps.front().action, "escalate");
      ASSERT_FALSE(event.departments.empty());
      if (event.departments.size() == 2) {
        EXPECT_NE(event.departments[0], event.departments[1]);
      }
    }
  }
  EXPECT_EQ(requests, options.requests);
  EXPECT_EQ(events, options.events);
  // 22 working days and 8 weekend days in the 30: a weekend day gets about a third.
  EXPECT_GT(weekday_requests / 22, 2 * (weekend_requests / 8));
}

TEST(ActivityGeneratorTest, ApplicantsHaveValidUniqueIdNumbersAndAreDeterministic) {
  ActivityOptions options;
  std::set<std::string> id_numbers;
  for (size_t index = 0; index < 40; ++index) {
    CommunitySite site;
    site.community_code = "3210020010" + std::to_string(10 + index);
    site.community_name = "测试社区";
    site.id_area_code = "321002";
    auto batch = ActivityApplicants(site, index, 600, options);
    ASSERT_EQ(batch.buildings.size(), 1u);
    ASSERT_EQ(batch.households.size(), 1u);
    ASSERT_EQ(batch.residents.size(), 600u);
    for (const auto& load : batch.residents) {
      auto parsed = identity::ParseIdNumber(load.resident.id_number, identity::Date{2026, 1, 1});
      ASSERT_TRUE(parsed.ok()) << load.resident.id_number << ": " << parsed.error().message;
      EXPECT_EQ(parsed->sex, load.resident.sex);
      EXPECT_EQ(parsed->birth_date, load.resident.birth_date);
      EXPECT_TRUE(id_numbers.insert(load.resident.id_number).second) << load.resident.id_number;
      EXPECT_EQ(load.resident.community_code, site.community_code);
    }
    auto again = ActivityApplicants(site, index, 600, options);
    for (size_t i = 0; i < batch.residents.size(); ++i) {
      EXPECT_EQ(again.residents[i].resident.id_number, batch.residents[i].resident.id_number);
      EXPECT_EQ(again.residents[i].resident.name, batch.residents[i].resident.name);
    }
  }
  EXPECT_EQ(id_numbers.size(), 40u * 600u);
}

}  // namespace
}  // namespace linli::synthetic

#include "domain/synthetic/activity_generator.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "core/identity/date.hpp"
#include "core/identity/id_number.hpp"
#include "domain/synthetic/random.hpp"

namespace linli::synthetic {
namespace {

constexpr int64_t kMillisPerMinute = 60 * 1000;
// Day weights in percent: weekends see about a third of a working day's activity.
constexpr int64_t kWorkingDayWeight = 100;
constexpr int64_t kWeekendWeight = 35;

// Day of the week of `day` (0 = Sunday): 1970-01-01 (China time) was a Thursday.
int Weekday(const ActivityOptions& options, int day) {
  const int64_t local_days =
      (options.start_millis + 8 * kMillisPerHour) / kMillisPerDayOfActivity + day;
  return static_cast<int>(((local_days + 4) % 7 + 7) % 7);
}

int64_t DayWeight(const ActivityOptions& options, int day) {
  const int weekday = Weekday(options, day);
  return weekday == 0 || weekday == 6 ? kWeekendWeight : kWorkingDayWeight;
}

// floor(total * weight of days [0, day) / weight of all days).
int64_t CumulativeShare(const ActivityOptions& options, int64_t total, int day) {
  int64_t before = 0;
  int64_t all = 0;
  for (int d = 0; d < options.days; ++d) {
    const int64_t weight = DayWeight(options, d);
    if (d < day) before += weight;
    all += weight;
  }
  return all == 0 ? 0 : static_cast<int64_t>((static_cast<__int128>(total) * before) / all);
}

int64_t Hours(Rng& rng, double low, double high) {
  return static_cast<int64_t>(rng.Between(low, high) * static_cast<double>(kMillisPerHour));
}

PlannedStep Step(std::string action, int64_t delay, std::string reason = {}, int rating = 0) {
  return PlannedStep{std::move(action), delay, std::move(reason), rating};
}

int DrawRating(Rng& rng) {
  constexpr double kWeights[] = {0.02, 0.03, 0.10, 0.30, 0.55};  // 1..5 stars
  return 1 + static_cast<int>(rng.Weighted(kWeights, 5));
}

PlannedRequest PlanRequest(const ActivityWorld& world, int64_t day_start, Rng& rng) {
  PlannedRequest request;
  // The desk's hours, 08:30–17:30; online filings spread a little wider (07:00–22:00).
  request.community_index = static_cast<size_t>(rng.Next() % world.communities.size());
  request.applicant_index =
      static_cast<int>(rng.Next() % static_cast<uint64_t>(world.applicants_per_community));
  request.item_index = static_cast<size_t>(rng.Next() % world.items.size());
  const ActivityItem& item = world.items[request.item_index];
  request.channel = item.channels[rng.Next() % item.channels.size()];
  std::vector<const std::string*> modes;
  for (const auto& mode : item.handling_modes) {
    if (mode != "appointment") modes.push_back(&mode);
  }
  request.handling_mode = *modes[rng.Next() % modes.size()];
  const bool online = request.channel == "web" || request.channel == "mobile";
  request.at = day_start + (online ? Hours(rng, 7, 22) : Hours(rng, 8.5, 17.5));

  auto& steps = request.steps;
  const double path = rng.Uniform();
  if (path < 0.03) {
    steps.push_back(Step("withdraw", Hours(rng, 1, 20)));
    return request;
  }
  if (path < 0.07) {
    steps.push_back(Step("reject", Hours(rng, 1, 8), "不符合受理条件"));
    steps.push_back(Step("close", Hours(rng, 24, 72)));
    return request;
  }
  if (path < 0.15) {
    steps.push_back(Step("return_for_material", Hours(rng, 2, 8), "请补充户口簿复印件"));
    if (rng.Chance(0.15)) {
      steps.push_back(Step("close", Hours(rng, 240, 300), "逾期未补正"));
      return request;
    }
    steps.push_back(Step("resubmit", Hours(rng, 24, 120)));
  }
  steps.push_back(Step("accept", Hours(rng, 0.5, 6)));
  steps.push_back(Step("start", Hours(rng, 1, 24)));
  // Completion after 0.2–1.3 times the promised working days in calendar time (× 1.4 for
  // weekends): most on time, some late.
  const double promised_hours = 24.0 * 1.4 * std::max(1, item.promised_working_days);
  steps.push_back(Step("complete", Hours(rng, 0.2 * promised_hours, 1.3 * promised_hours)));
  if (rng.Chance(0.6)) steps.push_back(Step("rate", Hours(rng, 1, 72), "", DrawRating(rng)));
  if (rng.Chance(0.5)) steps.push_back(Step("close", Hours(rng, 72, 240)));
  return request;
}

PlannedEvent PlanEvent(const ActivityWorld& world, int64_t day_start, Rng& rng) {
  PlannedEvent event;
  event.at = day_start + Hours(rng, 6, 22);
  event.community_index = static_cast<size_t>(rng.Next() % world.communities.size());
  event.reported_by_resident = rng.Chance(0.3);
  event.category_index = static_cast<size_t>(rng.Next() % world.event_categories.size());
  event.urgent = rng.Chance(0.08);
  event.whistle = rng.Chance(0.12);
  event.departments.push_back(static_cast<size_t>(rng.Next() % world.departments.size()));
  if (world.departments.size() > 1 && rng.Chance(0.15)) {
    size_t second = static_cast<size_t>(rng.Next() % (world.departments.size() - 1));
    if (second >= event.departments[0]) ++second;
    event.departments.push_back(second);
  }

  if (rng.Chance(0.03)) {
    event.handle_steps.push_back(Step("cancel", Hours(rng, 1, 4), "重复上报"));
  } else {
    event.handle_steps.push_back(Step("start", Hours(rng, 0.5, 8)));
    event.handle_steps.push_back(Step("resolve", Hours(rng, 2, 72)));
    event.handle_steps.push_back(Step("verify", Hours(rng, 2, 24)));
    event.handle_steps.push_back(Step("close", Hours(rng, 1, 24)));
  }

  auto& steps = event.escalation_steps;
  steps.push_back(Step("escalate", Hours(rng, 1, 24), "需要部门协同处置"));
  // Check-in: most within the two working hours, some late.
  steps.push_back(Step("check_in", rng.Chance(0.85) ? Hours(rng, 0.1, 1.8) : Hours(rng, 3, 30)));
  if (rng.Chance(0.06)) {
    steps.push_back(Step("request_extension", Hours(rng, 24, 72), "需要协调多方"));
    steps.push_back(Step("approve_extension", Hours(rng, 2, 8), "同意延期"));
  }
  steps.push_back(Step("give_feedback", Hours(rng, 12, 160)));
  steps.push_back(Step("verify_pass", Hours(rng, 2, 40)));
  steps.push_back(Step("close", Hours(rng, 1, 24)));
  if (rng.Chance(0.5))
    steps.push_back(Step("rate_reporter", Hours(rng, 1, 48), "", DrawRating(rng)));
  if (rng.Chance(0.7))
    steps.push_back(Step("rate_community", Hours(rng, 1, 48), "", DrawRating(rng)));
  return event;
}

constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                          "周", "吴", "徐", "孙", "朱", "马", "胡", "郭"};
constexpr std::string_view kGivenNames[] = {"建国", "秀英", "海燕", "志强", "桂兰",
                                            "明",   "丽娟", "国华", "玉珍", "伟"};

}  // namespace

std::pair<int64_t, int64_t> ActivityCountsOn(const ActivityOptions& options, int day) {
  return {CumulativeShare(options, options.requests, day + 1) -
              CumulativeShare(options, options.requests, day),
          CumulativeShare(options, options.events, day + 1) -
              CumulativeShare(options, options.events, day)};
}

ActivityDay PlanDay(const ActivityOptions& options, const ActivityWorld& world, int day) {
  ActivityDay plan;
  plan.day = day;
  const auto [requests, events] = ActivityCountsOn(options, day);
  const int64_t day_start = options.start_millis + day * kMillisPerDayOfActivity;
  Rng request_rng(StreamKey(options.seed, kActivityStreamName, "requests" + std::to_string(day)));
  plan.requests.reserve(static_cast<size_t>(requests));
  for (int64_t i = 0; i < requests; ++i) {
    plan.requests.push_back(PlanRequest(world, day_start, request_rng));
  }
  Rng event_rng(StreamKey(options.seed, kActivityStreamName, "events" + std::to_string(day)));
  plan.events.reserve(static_cast<size_t>(events));
  for (int64_t i = 0; i < events; ++i)
    plan.events.push_back(PlanEvent(world, day_start, event_rng));
  std::stable_sort(plan.requests.begin(), plan.requests.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
  std::stable_sort(plan.events.begin(), plan.events.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
  return plan;
}

people::PeopleBatch ActivityApplicants(const CommunitySite& site, size_t community_index, int count,
                                       const ActivityOptions& options) {
  Rng rng(StreamKey(options.seed, kActivityStreamName, "applicants" + site.community_code));
  people::PeopleBatch batch;
  people::Building building;
  building.community_code = site.community_code;
  building.address = site.community_name + "便民服务楼1号";
  building.lat = site.lat;
  building.lon = site.lon;
  building.kind = people::BuildingKind::kResidential;
  building.floors = 6;
  building.synthetic = true;
  batch.buildings.push_back(building);

  people::HouseholdLoad household;
  household.building_index = 0;
  household.household.room = "101";
  household.household.type = people::HouseholdType::kActual;
  household.household.since = "2016-01-01";
  household.household.community_code = site.community_code;
  household.household.synthetic = true;
  batch.households.push_back(household);

  // Birth dates: one day per applicant of the city (community_index * count + k) over 55 years
  // from 1945, the sequence code's lane moving on when the days run out: ID numbers are unique
  // across the city without looking at anyone else.
  constexpr int64_t kBirthDays = 20000;
  const int64_t base = identity::DaysFromCivil(identity::Date{1945, 1, 1});
  const std::string area =
      site.id_area_code.size() == 6 ? site.id_area_code : site.community_code.substr(0, 6);
  for (int k = 0; k < count; ++k) {
    const int64_t serial = static_cast<int64_t>(community_index) * count + k;
    const identity::Date birth = identity::CivilFromDays(base + serial % kBirthDays);
    const bool male = rng.Chance(0.5);
    const int sequence = 100 + static_cast<int>(serial / kBirthDays) * 2 + (male ? 1 : 0);
    char first17[32];
    std::snprintf(first17, sizeof first17, "%s%04d%02d%02d%03d", area.c_str(), birth.year,
                  birth.month, birth.day, sequence % 1000);
    people::ResidentLoad load;
    people::Resident& resident = load.resident;
    resident.id_number = std::string(first17) + identity::IdCheckCharacter(first17);
    resident.name = std::string(kSurnames[rng.Next() % std::size(kSurnames)]) +
                    std::string(kGivenNames[rng.Next() % std::size(kGivenNames)]);
    resident.sex = male ? identity::Sex::kMale : identity::Sex::kFemale;
    resident.birth_date = birth;
    resident.ethnicity_code = "01";
    resident.status = people::ResidentStatus::kRegisteredResident;
    resident.status_since = "2016-01-01";
    resident.relation = k == 0 ? people::Relation::kHead : people::Relation::kOther;
    resident.community_code = site.community_code;
    resident.synthetic = true;
    load.household_index = 0;
    load.event = people::HistoryEvent::kMoveIn;
    batch.residents.push_back(std::move(load));
  }
  return batch;
}

}  // namespace linli::synthetic

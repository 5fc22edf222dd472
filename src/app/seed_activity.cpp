#include "app/seed_activity.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "app/fail.hpp"
#include "app/seed_command.hpp"
#include "app/wiring.hpp"
#include "domain/people/resident_service.hpp"
#include "domain/synthetic/activity_replay.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::app {
namespace {

// The city's year of activity (issue 4): the selected communities get their share.
constexpr int64_t kCityRequests = 2'000'000;
constexpr int64_t kCityEvents = 500'000;
constexpr int kApplicantsPerCommunity = 8;

// Up to `count` registered residents of each community (the seeded population); a community
// without any gets synthetic applicants (synthetic::ActivityApplicants) written first.
core::Result<std::vector<std::vector<int64_t>>> Applicants(
    people::PeopleRepository& people, const std::vector<synthetic::CommunitySite>& sites,
    const synthetic::ActivityOptions& options, size_t* synthetic_communities) {
  std::vector<std::vector<int64_t>> out;
  for (size_t index = 0; index < sites.size(); ++index) {
    const auto& site = sites[index];
    people::ResidentQuery query;
    query.place_prefix = site.community_code;
    query.status = people::ResidentStatus::kRegisteredResident;
    core::PageRequest page;
    page.limit = kApplicantsPerCommunity;
    ASSIGN_OR_RETURN(auto found, people.SearchResidents(query, core::Scope::Everything(), page));
    std::vector<int64_t> ids;
    for (const auto& resident : found.items) ids.push_back(resident.id);
    if (ids.empty()) {
      auto batch = synthetic::ActivityApplicants(site, index, kApplicantsPerCommunity, options);
      for (auto& load : batch.residents) load.resident.created_at = options.start_millis;
      auto entry = access::Caller::System().AuditEntry(
          audit::AuditAction::kImport, "synthetic_activity", site.community_code,
          site.community_code, "{}", options.start_millis);
      ASSIGN_OR_RETURN(auto written, people.WriteBatch(batch, entry));
      ids = written.residents;
      ++*synthetic_communities;
    }
    out.push_back(std::move(ids));
  }
  return out;
}

}  // namespace

int RunSeedActivity(const Config& config, const SeedActivityFlags& flags) {
  if (flags.days < 1 || flags.days > 3660) {
    return Fail(core::Error::InvalidArgument("--days 应为 1 到 3660", "days"));
  }
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  if (!services.people_repository) return Fail(services.keys_error);
  if (!services.event_service || !services.event_router) return Fail(services.events_error);

  // The same places as `linli seed`, so the activity lands where people live.
  auto sites = SeedSites(services, flags.scale, flags.town, flags.seed);
  if (!sites.ok()) return Fail(sites.error());

  synthetic::ActivityOptions options;
  options.seed = flags.seed;
  options.days = flags.days;
  if (flags.recent) {
    const calendar::Date today = calendar::ChinaDateOf(services.clock.NowMillis());
    options.start_millis = calendar::StartOfChinaDay(today.AddDays(-flags.days));
  }
  // The communities' share of the city's year, for the days replayed.
  const double share =
      double(sites->sites.size()) / double(sites->city_communities) * flags.days / 365.0;
  options.requests =
      flags.requests >= 0 ? flags.requests : std::max<int64_t>(1, int64_t(kCityRequests * share));
  options.events =
      flags.events >= 0 ? flags.events : std::max<int64_t>(1, int64_t(kCityEvents * share));

  // The services over the same repositories, on a manual clock that the replay moves; the
  // calendar in force is the wired one (it reads no clock).
  core::ManualClock clock(options.start_millis);
  service_requests::CatalogueService catalogue(*services.service_request_repository,
                                               *services.sample_forms, clock);
  service_requests::RequestService requests(*services.service_request_repository, catalogue,
                                            *services.calendars, *services.people_repository,
                                            *services.service_materials, clock,
                                            [](std::string_view) { return std::string(); });
  // No nudge: the synthetic accounts have no phones, so their SMS are logged as no_phone when
  // written and nothing is queued.
  notifications::NotificationService notifier(*services.notification_repository, clock);
  const events::EventDependencies dependencies{*services.event_repository, notifier,
                                               *services.calendars, *services.event_router, clock};
  events::EventService event_service(dependencies, *services.event_photos,
                                     services.event_service->options());
  events::EscalationService escalations(dependencies);
  auto categories = event_service.Categories();
  if (!categories.ok()) return Fail(categories.error());

  size_t synthetic_communities = 0;
  auto applicants =
      Applicants(*services.people_repository, sites->sites, options, &synthetic_communities);
  if (!applicants.ok()) return Fail(applicants.error());
  const std::string prefix = "seed.activity." + std::to_string(flags.seed) + ".";
  auto replay = synthetic::ActivityReplay::Prepare(
      {catalogue, requests, event_service, escalations, *services.account_repository, clock},
      sites->sites, std::move(*applicants), *categories, options, prefix);
  if (!replay.ok()) {
    if (replay.error().code == core::ErrorCode::kAlreadyExists && flags.if_missing) {
      std::cout << "activity already replayed with seed " << flags.seed << " (accounts " << prefix
                << "* exist): nothing written\n";
      return 0;
    }
    if (replay.error().code == core::ErrorCode::kAlreadyExists) {
      return Fail(core::Error::AlreadyExists("这些社区已用种子 " + std::to_string(flags.seed) +
                                                 " 回放过活动（账号 " + prefix + "* 已存在）",
                                             "seed"));
    }
    return Fail(replay.error());
  }
  std::cout << "seeding activity: " << options.requests << " requests and " << options.events
            << " events over " << options.days << " days in " << sites->sites.size()
            << " communities (" << flags.scale << ", seed " << flags.seed
            << "); applicants: seeded residents"
            << (synthetic_communities ? ", synthetic ones in " +
                                            std::to_string(synthetic_communities) + " communities"
                                      : std::string())
            << "\n";
  int last_month = -1;
  auto figures = (*replay)->Run([&](const synthetic::ReplayFigures& so_far) {
    const int month = so_far.days_done / 30;
    if (month != last_month) {
      last_month = month;
      std::cerr << "  day " << so_far.days_done << ": " << so_far.filed << " requests, "
                << so_far.reported << " events\n";
    }
  });
  if (!figures.ok()) return Fail(figures.error());
  char line[256];
  std::snprintf(
      line, sizeof(line),
      "activity: %lld requests (%lld calls), %lld events (%lld calls) in %.1f s; "
      "open at the end: %zu requests, %zu events",
      static_cast<long long>(figures->filed), static_cast<long long>(figures->request_calls),
      static_cast<long long>(figures->reported), static_cast<long long>(figures->event_calls),
      figures->replay_seconds, figures->open_requests, figures->open_events);
  std::cout << line << "\n";
  for (const auto& [action, count] : figures->refused) {
    std::cout << "  refused " << action << ": " << count
              << " (first: " << figures->first_refusal[action] << ")\n";
  }
  return 0;
}

}  // namespace linli::app

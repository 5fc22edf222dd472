// A year of synthetic service-desk activity for the whole city, replayed through the domain
// services (RequestService, EventService) over the SQL repositories — no HTTP — with a
// ManualClock moved from one planned action to the next (synthetic::ActivityReplay, shared with
// `linli seed activity`). The plans come from synthetic::PlanDay (deterministic, seeded); the
// applicants are synthetic residents written once per community
// (synthetic::ActivityApplicants). Printed: requests/s and events/s (per second of wall time
// and per second of CPU time in the service calls) beside
// the baseline measured in the same run (one plain INSERT per row into one table through the
// same pool), then p50/p99 of the worker's desk queue and of the department boards at the size
// reached, beside a primary-key lookup through the same pool.
//   bench_activity --db sqlite:var/bench-activity.db [--requests 2000000] [--events 500000]
//                  [--days 365] [--applicants 8] [--samples 300] [--seed N]
// The database must be migrated and hold the city's divisions (bench/activity/run.sh does it);
// LINLI_KEYS (or var/linli.keys) holds the personal-data keys for the applicants.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto/field_cipher.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/events/escalation_service.hpp"
#include "domain/events/event_service.hpp"
#include "domain/notifications/notification_service.hpp"
#include "domain/people/resident_service.hpp"
#include "domain/service_requests/request_service.hpp"
#include "domain/synthetic/activity_generator.hpp"
#include "domain/synthetic/activity_replay.hpp"
#include "storage/access/access_repositories.hpp"
#include "storage/calendar/calendar_repository.hpp"
#include "storage/db.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/events/event_repository.hpp"
#include "storage/file_store.hpp"
#include "storage/migrations.hpp"
#include "storage/notifications/notification_repository.hpp"
#include "storage/people/people_repository.hpp"
#include "storage/service_requests/service_request_repository.hpp"

namespace {

namespace events = linli::events;
namespace requests = linli::service_requests;
namespace synthetic = linli::synthetic;
using linli::access::Role;
using SteadyClock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "bench_activity: %s\n", message.c_str());
  std::exit(1);
}

template <typename T>
T Must(linli::core::Result<T> result, const char* what) {
  if (!result.ok()) Die(std::string(what) + ": " + result.error().message);
  return std::move(result).value();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Stats {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

Stats Summarise(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))]; };
  return {at(0.50), at(0.99), ms.back()};
}

void Print(const char* what, const Stats& s, double goal) {
  std::printf("  %-52s p50 %8.3f ms  p99 %8.3f ms  max %8.2f ms%s\n", what, s.p50, s.p99, s.max,
              goal > 0 ? (s.p99 < goal ? "  (goal met)" : "  (GOAL MISSED)") : "");
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = "sqlite:var/bench-activity.db";
  synthetic::ActivityOptions options;
  int applicants = 8;
  size_t samples = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--db") {
      url = value;
    } else if (flag == "--requests") {
      options.requests = std::stoll(value);
    } else if (flag == "--events") {
      options.events = std::stoll(value);
    } else if (flag == "--days") {
      options.days = std::stoi(value);
    } else if (flag == "--applicants") {
      applicants = std::stoi(value);
    } else if (flag == "--samples") {
      samples = std::stoul(value);
    } else if (flag == "--seed") {
      options.seed = std::stoull(value);
    } else {
      Die("unknown flag " + flag);
    }
  }

  const char* env_keys = std::getenv("LINLI_KEYS");
  auto keys = Must(linli::crypto::LoadKeyRing("var/linli.keys", env_keys ? env_keys : ""), "keys");
  auto database = Must(linli::storage::OpenDatabase(url), "open database");
  auto& db = *database;
  if (auto migrated = linli::storage::Migrate(db); !migrated.ok()) {
    Die("migrate: " + migrated.error().message);
  }
  linli::core::ManualClock clock(options.start_millis);

  // Repositories and services, wired as src/app does but with the manual clock.
  auto division_repository = linli::storage::MakeSqlDivisionRepository(db);
  linli::divisions::DivisionService divisions(*division_repository, clock);
  auto people_repository = linli::storage::MakeSqlPeopleRepository(db, keys);
  auto request_repository = linli::storage::MakeSqlServiceRequestRepository(db);
  const auto scratch = std::filesystem::temp_directory_path() / "linli-bench-activity";
  auto materials = linli::storage::MakeFileStore(scratch / "materials");
  requests::CatalogueService catalogue(*request_repository, clock);
  Must(catalogue.LoadCatalogueIfEmpty(ReadFile("data/catalogue/yangzhou-service-items.json")),
       "catalogue");
  auto calendar_repository = linli::storage::MakeSqlCalendarRepository(db);
  linli::calendar::CalendarService calendars(*calendar_repository, clock);
  Must(calendars.LoadIfEmpty(ReadFile("data/calendar/cn-holidays.json")), "calendar");
  requests::RequestService request_service(*request_repository, catalogue, calendars,
                                           *people_repository, *materials, clock,
                                           [](std::string_view) { return std::string(); });
  auto event_repository = linli::storage::MakeSqlEventRepository(db);
  auto photos = linli::storage::MakeFilePhotoStore(scratch / "photos");
  auto notification_repository = linli::storage::MakeSqlNotificationRepository(db);
  linli::notifications::NotificationService notifications(*notification_repository, clock);
  auto router = Must(linli::events::Router::FromJson(ReadFile("data/events/routing-rules.json")),
                     "routing rules");
  const events::EventDependencies dependencies{*event_repository, notifications, calendars, router,
                                               clock};
  events::EventService event_service(dependencies, *photos);
  events::EscalationService escalation_service(dependencies);
  auto categories =
      Must(events::EventService::CategoriesFromJson(ReadFile("data/events/categories.json")),
           "categories");
  if (auto seeded = event_service.SeedCategories(categories); !seeded.ok()) {
    Die("categories: " + seeded.error().message);
  }

  auto tree = Must(divisions.Snapshot(), "division tree");
  auto sites = Must(synthetic::PlanCity(*tree, "3210", {options.seed}), "plan city");

  // Applicants: a few synthetic residents per community (written once; a rerun reuses them).
  std::vector<std::vector<int64_t>> applicant_ids;
  auto setup_start = SteadyClock::now();
  {
    const linli::access::Caller system = linli::access::Caller::System();
    for (size_t index = 0; index < sites.size(); ++index) {
      auto batch = synthetic::ActivityApplicants(sites[index], index, applicants, options);
      for (auto& load : batch.residents) load.resident.created_at = options.start_millis;
      auto entry = system.AuditEntry(linli::audit::AuditAction::kImport, "synthetic_activity",
                                     sites[index].community_code, sites[index].community_code, "{}",
                                     options.start_millis);
      auto ids = Must(people_repository->WriteBatch(batch, entry), "applicants");
      applicant_ids.push_back(ids.residents);
    }
  }
  const double setup_seconds = Seconds(SteadyClock::now() - setup_start);

  // Accounts and the world (synthetic::ActivityReplay), then the replay.
  auto account_repository = linli::storage::MakeSqlAccountRepository(db);
  auto replay = Must(synthetic::ActivityReplay::Prepare(
                         {catalogue, request_service, event_service, escalation_service,
                          *account_repository, clock},
                         sites, std::move(applicant_ids), categories, options, "bench."),
                     "prepare replay");
  const auto& world = replay->world();

  std::printf("\nservice-desk activity, %s, %zu communities, %d applicants each, %u cores\n",
              url.c_str(), sites.size(), applicants, std::thread::hardware_concurrency());
  std::printf(
      "  plan: %lld requests, %lld events over %d days (seed %llu); applicants written "
      "in %.1f s\n",
      static_cast<long long>(options.requests), static_cast<long long>(options.events),
      options.days, static_cast<unsigned long long>(options.seed), setup_seconds);
  std::fflush(stdout);

  auto last_report = SteadyClock::now();
  auto figures = Must(replay->Run([&](const synthetic::ReplayFigures& so_far) {
    if (Seconds(SteadyClock::now() - last_report) > 30) {
      last_report = SteadyClock::now();
      std::fprintf(stderr, "  day %d: %lld requests, %lld events, %.0f s\n", so_far.days_done,
                   static_cast<long long>(so_far.filed), static_cast<long long>(so_far.reported),
                   so_far.replay_seconds);
    }
  }),
                      "replay");
  const int64_t filed = figures.filed;
  const int64_t reported = figures.reported;
  clock.Set(options.start_millis + options.days * synthetic::kMillisPerDayOfActivity -
            14 * synthetic::kMillisPerHour);  // 10:00 on the last day

  // ----- baseline: one plain INSERT per row into one table, through the same pool -----
  const int64_t baseline_rows = filed + reported;
  double baseline_seconds = 0;
  {
    auto connection = Must(db.Acquire(), "acquire");
    Must(connection->Query("DROP TABLE IF EXISTS bench_activity_baseline"), "drop");
    Must(connection->Query("CREATE TABLE bench_activity_baseline (id BIGINT PRIMARY KEY, "
                           "community_code TEXT NOT NULL, item_code TEXT NOT NULL, state TEXT "
                           "NOT NULL, created_at BIGINT NOT NULL)"),
         "create");
  }
  {
    const auto started = SteadyClock::now();
    for (int64_t i = 0; i < baseline_rows; ++i) {
      auto connection = Must(db.Acquire(), "acquire");
      Must(connection->Query("INSERT INTO bench_activity_baseline (id, community_code, "
                             "item_code, state, created_at) VALUES (?, ?, ?, ?, ?)",
                             {i + 1, world.communities[size_t(i) % world.communities.size()],
                              world.items[size_t(i) % world.items.size()].code,
                              std::string("submitted"), options.start_millis + i}),
           "baseline insert");
    }
    baseline_seconds = Seconds(SteadyClock::now() - started);
  }
  {
    auto connection = Must(db.Acquire(), "acquire");
    Must(connection->Query("DROP TABLE bench_activity_baseline"), "drop");
  }

  const double baseline_rate = double(baseline_rows) / baseline_seconds;
  const double request_rate = double(filed) / figures.request_seconds;
  const double event_rate = double(reported) / figures.event_seconds;
  std::printf(
      "\n  replay: %.1f s wall; %lld requests (%lld service calls), %lld events (%lld "
      "service calls); open at the end: %zu requests, %zu events\n",
      figures.replay_seconds, static_cast<long long>(filed),
      static_cast<long long>(figures.request_calls), static_cast<long long>(reported),
      static_cast<long long>(figures.event_calls), figures.open_requests, figures.open_events);
  std::printf("  %-52s %10.0f rows/s   (%lld rows in %.1f s)\n",
              "baseline: one plain INSERT per row, one table", baseline_rate,
              static_cast<long long>(baseline_rows), baseline_seconds);
  std::printf("  %-52s %10.0f /s       (%.2f calls each; %.1f%% of baseline)\n",
              "requests filed and carried through their steps", request_rate,
              double(figures.request_calls) / double(std::max<int64_t>(1, filed)),
              100.0 * request_rate / baseline_rate);
  std::printf("  %-52s %10.0f /s       (%.2f calls each; %.1f%% of baseline)\n",
              "events reported, routed, handled or escalated", event_rate,
              double(figures.event_calls) / double(std::max<int64_t>(1, reported)),
              100.0 * event_rate / baseline_rate);
  std::printf("  per second of CPU time in the calls (what the load average does not change):\n");
  std::printf(
      "  %-52s %10.0f /s       (%.1f s CPU, %.3f ms per call)\n", "requests",
      double(filed) / figures.request_cpu_seconds, figures.request_cpu_seconds,
      1000.0 * figures.request_cpu_seconds / double(std::max<int64_t>(1, figures.request_calls)));
  std::printf(
      "  %-52s %10.0f /s       (%.1f s CPU, %.3f ms per call, sweeps included)\n", "events",
      double(reported) / figures.event_cpu_seconds, figures.event_cpu_seconds,
      1000.0 * figures.event_cpu_seconds / double(std::max<int64_t>(1, figures.event_calls)));
  for (const auto& [action, count] : figures.refused) {
    std::printf("  refused %-20s %lld (first: %s)\n", action.c_str(), static_cast<long long>(count),
                figures.first_refusal[action].c_str());
  }

  // ----- queries at this size -----
  auto time_calls = [](size_t n, auto&& fn) {
    std::vector<double> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const auto started = SteadyClock::now();
      fn(i);
      out.push_back(
          std::chrono::duration<double, std::milli>(SteadyClock::now() - started).count());
    }
    return out;
  };
  const int64_t max_request_id = [&] {
    auto connection = Must(db.Acquire(), "acquire");
    auto result = Must(connection->Query("SELECT MAX(id) FROM service_requests"), "max id");
    return result.rows.at(0).Int(0);
  }();
  std::printf("\n  queries at this size (%zu samples each)\n", samples);
  auto baseline_lookup = time_calls(samples, [&](size_t i) {
    auto connection = Must(db.Acquire(), "acquire");
    Must(connection->Query("SELECT * FROM service_requests WHERE id = ?",
                           {1 + int64_t(i * 7919) % std::max<int64_t>(1, max_request_id)}),
         "lookup");
  });
  Print("baseline: one request row by primary key", Summarise(baseline_lookup), 0);
  size_t queue_rows = 0;
  auto queue = time_calls(samples, [&](size_t i) {
    const size_t community = (i * 7919) % sites.size();
    auto result = request_service.Queue(sites[community].community_code, replay->Desk(community));
    if (!result.ok()) Die("queue: " + result.error().message);
    queue_rows += result->requests.size() + result->appointments.size();
  });
  Print("desk queue of a community (RequestService::Queue)", Summarise(queue), 50);
  std::printf("    mean rows per queue: %.1f\n", double(queue_rows) / double(samples));
  size_t board_rows = 0;
  auto board = time_calls(samples, [&](size_t i) {
    const auto& department = world.departments[i % world.departments.size()];
    auto officer = Must(replay->Officer(department), "officer");
    auto result = escalation_service.Board(department, *officer);
    if (!result.ok()) Die("board: " + result.error().message);
    board_rows += result->size();
  });
  Print("department board, city scope (EscalationService::Board)", Summarise(board), 50);
  std::printf("    mean rows per board: %.1f\n", double(board_rows) / double(samples));
  auto county_board = time_calls(samples, [&](size_t i) {
    const auto& department = world.departments[i % world.departments.size()];
    auto it = replay->Supervisors().begin();
    std::advance(it, long(i % replay->Supervisors().size()));
    auto result = escalation_service.Board(department, it->second);
    if (!result.ok()) Die("supervisor board: " + result.error().message);
  });
  Print("department board seen by a county supervisor", Summarise(county_board), 50);
  return 0;
}

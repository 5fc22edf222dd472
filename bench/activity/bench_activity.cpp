// A year of synthetic service-desk activity for the whole city, replayed through the domain
// services (RequestService, EventService) over the SQL repositories — no HTTP — with a
// ManualClock moved from one planned action to the next. The plans come from
// synthetic::PlanDay (deterministic, seeded); the applicants are synthetic residents written
// once per community (synthetic::ActivityApplicants). Printed: requests/s and events/s beside
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
#include <map>
#include <queue>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto/field_cipher.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/events/event_service.hpp"
#include "domain/people/resident_service.hpp"
#include "domain/service_requests/request_service.hpp"
#include "domain/synthetic/activity_generator.hpp"
#include "storage/access/access_repositories.hpp"
#include "storage/db.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/events/event_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/people/people_repository.hpp"
#include "storage/service_requests/service_request_repository.hpp"

namespace {

namespace events = linli::events;
namespace requests = linli::service_requests;
namespace synthetic = linli::synthetic;
using linli::access::Principal;
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

class NullSms final : public events::SmsSender {
 public:
  void Send(int64_t, std::string_view) override {}
};

// A request or event in flight: its plan and the next step to run.
struct ActiveRequest {
  synthetic::PlannedRequest plan;
  int64_t id = 0;
  size_t next = 0;
};
struct ActiveEvent {
  synthetic::PlannedEvent plan;
  int64_t id = 0;
  bool escalation_path = false;
  bool skip_start = false;
  std::vector<std::pair<int64_t, std::string>> escalations;  // id, department
  size_t next = 0;
};

struct Op {
  int64_t at = 0;
  uint64_t sequence = 0;
  bool is_event = false;
  size_t slot = 0;
  bool operator>(const Op& other) const {
    return at != other.at ? at > other.at : sequence > other.sequence;
  }
};

// Slots reused once an item is done, so memory follows what is open, not the year's total.
template <typename T>
class SlotPool {
 public:
  size_t Add(T value) {
    if (!free_.empty()) {
      size_t slot = free_.back();
      free_.pop_back();
      items_[slot] = std::move(value);
      return slot;
    }
    items_.push_back(std::move(value));
    return items_.size() - 1;
  }
  T& operator[](size_t slot) { return items_[slot]; }
  void Release(size_t slot) {
    items_[slot] = T{};
    free_.push_back(slot);
  }
  size_t Open() const { return items_.size() - free_.size(); }

 private:
  std::vector<T> items_;
  std::vector<size_t> free_;
};

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
  auto materials = linli::storage::MakeFileMaterialStore(scratch / "materials");
  requests::CatalogueService catalogue(*request_repository, clock);
  Must(catalogue.LoadCatalogueIfEmpty(ReadFile("data/catalogue/yangzhou-service-items.json")),
       "catalogue");
  Must(catalogue.LoadCalendarIfEmpty(ReadFile("data/calendar/cn-holidays.json")), "calendar");
  requests::RequestService request_service(*request_repository, catalogue, *people_repository,
                                           *materials, clock,
                                           [](std::string_view) { return std::string(); });
  auto event_repository = linli::storage::MakeSqlEventRepository(db);
  auto photos = linli::storage::MakeFilePhotoStore(scratch / "photos");
  NullSms sms;
  auto router =
      Must(linli::service_desk::Router::FromJson(ReadFile("data/events/routing-rules.json")),
           "routing rules");
  events::CalendarSource calendar_source = [&catalogue]() {
    return Must(catalogue.Calendar(), "working calendar");
  };
  events::EventService event_service(*event_repository, *photos, sms, calendar_source, router,
                                     clock);
  auto categories =
      Must(events::EventService::CategoriesFromJson(ReadFile("data/events/categories.json")),
           "categories");
  if (auto seeded = event_service.SeedCategories(categories); !seeded.ok()) {
    Die("categories: " + seeded.error().message);
  }

  // The world: the city's communities, the catalogue, the taxonomy's leaves, the departments.
  auto tree = Must(divisions.Snapshot(), "division tree");
  auto sites = Must(synthetic::PlanCity(*tree, "3210", {options.seed}), "plan city");
  synthetic::ActivityWorld world;
  world.applicants_per_community = applicants;
  for (const auto& site : sites) world.communities.push_back(site.community_code);
  std::map<std::string, std::string> item_codes;
  {
    linli::core::PageRequest page;
    page.limit = 200;
    for (;;) {
      auto listed = Must(catalogue.List({}, page), "catalogue list");
      for (const auto& entry : listed.items) {
        synthetic::ActivityItem item;
        item.code = entry.item.code;
        item.promised_working_days = entry.item.promised_working_days;
        for (auto channel : entry.item.channels) {
          item.channels.emplace_back(linli::service_desk::ChannelName(channel));
        }
        bool other_mode = false;
        for (auto mode : entry.item.handling_modes) {
          item.handling_modes.emplace_back(linli::service_desk::HandlingModeName(mode));
          other_mode = other_mode || item.handling_modes.back() != "appointment";
        }
        if (other_mode && !item.channels.empty()) world.items.push_back(std::move(item));
      }
      if (!listed.next_cursor) break;
      page.after = Must(linli::core::DecodeCursor(*listed.next_cursor), "cursor");
    }
  }
  for (const auto& category : categories) {
    const bool parent = std::any_of(categories.begin(), categories.end(),
                                    [&](const auto& c) { return c.parent_code == category.code; });
    if (!parent && category.active) world.event_categories.push_back(category.code);
  }
  world.departments = {"市城管局",     "市水务局",     "市住建局",
                       "市市场监管局", "市应急管理局", "市生态环境局"};

  // Applicants: a few synthetic residents per community (written once; a rerun reuses them).
  std::vector<int64_t> applicant_ids;
  auto setup_start = SteadyClock::now();
  {
    linli::people::Actor system = linli::people::Actor::System();
    for (size_t index = 0; index < sites.size(); ++index) {
      auto batch = synthetic::ActivityApplicants(sites[index], index, applicants, options);
      for (auto& load : batch.residents) load.resident.created_at = options.start_millis;
      auto entry = linli::people::AuditEntryOf(
          system, linli::audit::AuditAction::kImport, "synthetic_activity",
          sites[index].community_code, sites[index].community_code, "{}", options.start_millis);
      auto ids = Must(people_repository->WriteBatch(batch, entry), "applicants");
      applicant_ids.insert(applicant_ids.end(), ids.residents.begin(), ids.residents.end());
    }
  }
  const double setup_seconds = Seconds(SteadyClock::now() - setup_start);

  // Accounts: per community a generalist worker (requests desk, event handling, whistle), a
  // grid worker and a resident who report; per county a supervisor; per department an officer
  // with the city as scope. Real account rows (not loginable): notifications refer to them.
  auto account_repository = linli::storage::MakeSqlAccountRepository(db);
  auto make_account = [&](const std::string& username, const std::string& name, Role role,
                          const std::string& scope, const std::string& department = {}) {
    linli::access::Account account;
    account.username = username;
    account.display_name = name;
    account.password_hash = "!";  // no password: nobody signs in as a bench account
    account.created_at = account.updated_at = options.start_millis;
    account.grants.push_back({role, scope, department});
    auto inserted = Must(account_repository->Insert(account), "account");
    Principal principal;
    principal.account_id = inserted.id;
    principal.username = username;
    principal.display_name = name;
    principal.grants = inserted.grants;
    return principal;
  };
  std::vector<requests::Actor> desk;
  std::vector<Principal> workers, grid_workers, residents;
  std::map<std::string, Principal> supervisors;
  for (size_t i = 0; i < sites.size(); ++i) {
    const std::string& code = sites[i].community_code;
    const std::string n = std::to_string(i);
    workers.push_back(make_account("bench.cw" + n, "社工" + n, Role::kCommunityWorker, code));
    grid_workers.push_back(make_account("bench.gw" + n, "网格员" + n, Role::kGridWorker, code));
    residents.push_back(make_account("bench.rs" + n, "居民" + n, Role::kResident, code));
    requests::Actor actor;
    actor.account_id = workers.back().account_id;
    actor.name = workers.back().username;
    actor.read_scope = linli::core::Scope::Of({code});
    actor.handle_scope = actor.read_scope;
    desk.push_back(actor);
    const std::string county = code.substr(0, 6);
    if (!supervisors.count(county)) {
      supervisors.emplace(county, make_account("bench.sup" + county, "区督办" + county,
                                               Role::kCountyOfficial, county));
    }
  }
  // Department officers, made on first use (routing rules name departments of their own).
  std::map<std::string, Principal> officers;
  auto officer_of = [&](const std::string& department) -> const Principal& {
    auto it = officers.find(department);
    if (it == officers.end()) {
      it = officers
               .emplace(department, make_account("bench.dep" + std::to_string(officers.size()),
                                                 "报到员" + department, Role::kDepartmentOfficer,
                                                 "3210", department))
               .first;
    }
    return it->second;
  };
  for (const auto& department : world.departments) officer_of(department);

  std::printf("\nservice-desk activity, %s, %zu communities, %d applicants each, %u cores\n",
              url.c_str(), sites.size(), applicants, std::thread::hardware_concurrency());
  std::printf(
      "  plan: %lld requests, %lld events over %d days (seed %llu); applicants written "
      "in %.1f s\n",
      static_cast<long long>(options.requests), static_cast<long long>(options.events),
      options.days, static_cast<unsigned long long>(options.seed), setup_seconds);
  std::fflush(stdout);

  // ----- replay -----
  SlotPool<ActiveRequest> open_requests;
  SlotPool<ActiveEvent> open_events;
  std::priority_queue<Op, std::vector<Op>, std::greater<Op>> agenda;
  uint64_t sequence = 0;
  SteadyClock::duration request_time{}, event_time{};
  int64_t request_calls = 0, event_calls = 0, filed = 0, reported = 0;
  std::map<std::string, int64_t> refused;  // action -> count of refusals (expected: few)
  auto refuse = [&](const std::string& action, const linli::core::Error& error) {
    if (refused[action]++ == 0) {
      std::fprintf(stderr, "  first refusal of %s: %s\n", action.c_str(), error.message.c_str());
    }
  };

  auto run_request = [&](size_t slot) {
    ActiveRequest& active = open_requests[slot];
    const auto& plan = active.plan;
    if (active.id == 0) {
      requests::NewRequest input;
      input.item_code = world.items[plan.item_index].code;
      input.channel = plan.channel;
      input.handling_mode = plan.handling_mode;
      input.applicant_id = applicant_ids[plan.community_index * applicants + plan.applicant_index];
      auto result = request_service.File(input, desk[plan.community_index]);
      ++request_calls;
      if (!result.ok()) {
        refuse("file", result.error());
        return false;
      }
      ++filed;
      active.id = result->detail.request.id;
    } else {
      const auto& step = plan.steps[active.next++];
      requests::TransitionRequest input;
      input.action = step.action;
      input.reason = step.reason;
      if (step.rating > 0) input.rating = step.rating;
      if (step.action == "complete") input.outcome = "准予办理";
      auto result = request_service.Apply(active.id, input, desk[plan.community_index]);
      ++request_calls;
      if (!result.ok()) {
        refuse(step.action, result.error());
        return false;
      }
    }
    return active.next < plan.steps.size();
  };

  auto run_event = [&](size_t slot) {
    ActiveEvent& active = open_events[slot];
    const auto& plan = active.plan;
    const Principal& worker = workers[plan.community_index];
    const Principal& reporter = plan.reported_by_resident ? residents[plan.community_index]
                                                          : grid_workers[plan.community_index];
    if (active.id == 0) {
      events::NewEvent input;
      input.category = world.event_categories[plan.category_index];
      input.description = "网格巡查发现：" + input.category;
      input.urgency = plan.urgent ? "urgent" : "normal";
      input.place_code = world.communities[plan.community_index];
      auto result = event_service.Report(input, reporter);
      ++event_calls;
      if (!result.ok()) {
        refuse("report", result.error());
        return false;
      }
      ++reported;
      active.id = result->event.id;
      const auto state = result->event.state;
      if (state == linli::service_desk::EventState::kEscalated) {
        // Routed to a department (escalated at once) or sent up a level: the community worker
        // sees the escalations (the reporter may not).
        auto seen = event_service.Get(active.id, worker);
        ++event_calls;
        if (!seen.ok()) {
          refuse("get", seen.error());
          return false;
        }
        for (const auto& view : seen->escalations) {
          active.escalations.emplace_back(view.escalation.id, view.escalation.department);
        }
        // Sent up a level without a department: no "start" (escalated goes on with resolve).
        if (active.escalations.empty()) active.skip_start = true;
      }
      // Routed straight to a department: its escalation steps, without a whistle of our own.
      // Sent up a level (skip_start): escalated already, no whistle of its own either.
      active.escalation_path = !active.escalations.empty() || (plan.whistle && !active.skip_start);
      active.next = active.escalations.empty() ? 0 : 1;
      const auto& steps = active.escalation_path ? plan.escalation_steps : plan.handle_steps;
      return active.next < steps.size();
    }
    const auto& steps = active.escalation_path ? plan.escalation_steps : plan.handle_steps;
    if (active.skip_start && steps[active.next].action == "start") ++active.next;
    const auto& step = steps[active.next++];
    auto fail = [&](const linli::core::Error& error) {
      refuse(step.action, error);
      return false;
    };
    if (!active.escalation_path || step.action == "close") {
      events::EventActionRequest input{step.action, step.reason, ""};
      auto result = event_service.Act(active.id, input, worker);
      ++event_calls;
      if (!result.ok()) return fail(result.error());
    } else if (step.action == "escalate") {
      events::EscalateRequest input;
      for (size_t d : plan.departments) input.departments.push_back(world.departments[d]);
      input.reason = step.reason;
      auto result = event_service.Escalate(active.id, input, worker);
      ++event_calls;
      if (!result.ok()) return fail(result.error());
      for (const auto& view : *result) {
        active.escalations.emplace_back(view.escalation.id, view.escalation.department);
      }
    } else {
      for (const auto& [id, department] : active.escalations) {
        events::EscalationActionRequest input;
        input.action = step.action;
        input.reason = step.reason;
        const Principal* caller = &worker;
        if (step.action == "check_in" || step.action == "request_extension" ||
            step.action == "give_feedback") {
          caller = &officer_of(department);
          if (step.action == "give_feedback") input.feedback = "已现场处置完毕";
          if (step.action == "request_extension") input.amount = 2;
        } else if (step.action == "approve_extension") {
          caller = &supervisors.at(world.communities[plan.community_index].substr(0, 6));
        } else if (step.action == "rate_reporter" || step.action == "rate_community") {
          input.action = "rate";
          input.rating = step.rating;
          if (step.action == "rate_reporter") caller = &reporter;
        }
        auto result = event_service.ActOnEscalation(id, input, *caller);
        ++event_calls;
        if (!result.ok()) return fail(result.error());
      }
    }
    return active.next < steps.size();
  };

  const auto replay_start = SteadyClock::now();
  auto last_report = replay_start;
  for (int day = 0; day < options.days; ++day) {
    auto plan = synthetic::PlanDay(options, world, day);
    for (auto& request : plan.requests) {
      const int64_t at = request.at;
      agenda.push({at, sequence++, false, open_requests.Add({std::move(request), 0, 0})});
    }
    for (auto& event : plan.events) {
      const int64_t at = event.at;
      agenda.push(
          {at, sequence++, true, open_events.Add({std::move(event), 0, false, false, {}, 0})});
    }
    const int64_t day_end = options.start_millis + (day + 1) * synthetic::kMillisPerDayOfActivity;
    while (!agenda.empty() && agenda.top().at < day_end) {
      Op op = agenda.top();
      agenda.pop();
      clock.Set(op.at);
      const auto started = SteadyClock::now();
      bool more = op.is_event ? run_event(op.slot) : run_request(op.slot);
      (op.is_event ? event_time : request_time) += SteadyClock::now() - started;
      if (more) {
        const auto& steps = op.is_event ? (open_events[op.slot].escalation_path
                                               ? open_events[op.slot].plan.escalation_steps
                                               : open_events[op.slot].plan.handle_steps)
                                        : open_requests[op.slot].plan.steps;
        const size_t next = op.is_event ? open_events[op.slot].next : open_requests[op.slot].next;
        agenda.push({op.at + steps[next].delay_millis, sequence++, op.is_event, op.slot});
      } else if (op.is_event) {
        open_events.Release(op.slot);
      } else {
        open_requests.Release(op.slot);
      }
    }
    // The bell's polling: warnings and automatic supervision swept once a day at 18:00.
    clock.Set(day_end - 6 * synthetic::kMillisPerHour);
    const auto started = SteadyClock::now();
    Must(event_service.Sweep(), "sweep");
    event_time += SteadyClock::now() - started;
    if (Seconds(SteadyClock::now() - last_report) > 30) {
      last_report = SteadyClock::now();
      std::fprintf(stderr, "  day %d: %lld requests, %lld events, %.0f s\n", day + 1,
                   static_cast<long long>(filed), static_cast<long long>(reported),
                   Seconds(last_report - replay_start));
    }
  }
  const double replay_seconds = Seconds(SteadyClock::now() - replay_start);
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
  const double request_rate = double(filed) / Seconds(request_time);
  const double event_rate = double(reported) / Seconds(event_time);
  std::printf(
      "\n  replay: %.1f s wall; %lld requests (%lld service calls), %lld events (%lld "
      "service calls); open at the end: %zu requests, %zu events\n",
      replay_seconds, static_cast<long long>(filed), static_cast<long long>(request_calls),
      static_cast<long long>(reported), static_cast<long long>(event_calls), open_requests.Open(),
      open_events.Open());
  std::printf("  %-52s %10.0f rows/s   (%lld rows in %.1f s)\n",
              "baseline: one plain INSERT per row, one table", baseline_rate,
              static_cast<long long>(baseline_rows), baseline_seconds);
  std::printf("  %-52s %10.0f /s       (%.2f calls each; %.1f%% of baseline)\n",
              "requests filed and carried through their steps", request_rate,
              double(request_calls) / double(std::max<int64_t>(1, filed)),
              100.0 * request_rate / baseline_rate);
  std::printf("  %-52s %10.0f /s       (%.2f calls each; %.1f%% of baseline)\n",
              "events reported, routed, handled or escalated", event_rate,
              double(event_calls) / double(std::max<int64_t>(1, reported)),
              100.0 * event_rate / baseline_rate);
  for (const auto& [action, count] : refused) {
    std::printf("  refused %-20s %lld\n", action.c_str(), static_cast<long long>(count));
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
    auto result = request_service.Queue(sites[community].community_code, desk[community]);
    if (!result.ok()) Die("queue: " + result.error().message);
    queue_rows += result->requests.size() + result->appointments.size();
  });
  Print("desk queue of a community (RequestService::Queue)", Summarise(queue), 50);
  std::printf("    mean rows per queue: %.1f\n", double(queue_rows) / double(samples));
  size_t board_rows = 0;
  auto board = time_calls(samples, [&](size_t i) {
    const auto& department = world.departments[i % world.departments.size()];
    auto result = event_service.Board(department, officer_of(department));
    if (!result.ok()) Die("board: " + result.error().message);
    board_rows += result->size();
  });
  Print("department board, city scope (EventService::Board)", Summarise(board), 50);
  std::printf("    mean rows per board: %.1f\n", double(board_rows) / double(samples));
  auto county_board = time_calls(samples, [&](size_t i) {
    const auto& department = world.departments[i % world.departments.size()];
    auto it = supervisors.begin();
    std::advance(it, long(i % supervisors.size()));
    auto result = event_service.Board(department, it->second);
    if (!result.ok()) Die("supervisor board: " + result.error().message);
  });
  Print("department board seen by a county supervisor", Summarise(county_board), 50);
  return 0;
}

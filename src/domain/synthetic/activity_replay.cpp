#include "domain/synthetic/activity_replay.hpp"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <queue>
#include <utility>

#include "domain/events/routing.hpp"

namespace linli::synthetic {
namespace {

namespace requests = service_requests;
using access::Caller;
using access::Role;
using SteadyClock = std::chrono::steady_clock;

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

// A request or event in flight: its plan and the next step to run.
struct ActiveRequest {
  PlannedRequest plan;
  int64_t id = 0;
  size_t next = 0;
};
struct ActiveEvent {
  PlannedEvent plan;
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

std::vector<std::string> ActivityReplay::DefaultDepartments() {
  return {"市城管局", "市水务局", "市住建局", "市市场监管局", "市应急管理局", "市生态环境局"};
}

core::Result<Caller> ActivityReplay::MakeAccount(const std::string& username,
                                                 const std::string& name, Role role,
                                                 const std::string& scope,
                                                 const std::string& department,
                                                 std::optional<int64_t> resident_id) {
  access::Account account;
  account.username = prefix_ + username;
  account.display_name = name;
  account.password_hash = "!";  // no password: nobody signs in as a replay account
  account.created_at = account.updated_at = options_.start_millis;
  account.grants.push_back({role, scope, department});
  account.resident_id = resident_id;
  ASSIGN_OR_RETURN(auto inserted, services_.accounts.Insert(account));
  access::Principal principal;
  principal.account_id = inserted.id;
  principal.username = inserted.username;
  principal.display_name = name;
  principal.grants = inserted.grants;
  principal.resident_id = inserted.resident_id;
  return Caller(std::move(principal), "", "replay");
}

core::Result<const Caller*> ActivityReplay::ResidentAccount(int64_t applicant,
                                                            const std::string& community_code) {
  auto it = bound_residents_.find(applicant);
  if (it == bound_residents_.end()) {
    ASSIGN_OR_RETURN(auto account, MakeAccount("p" + std::to_string(applicant), "居民",
                                               Role::kResident, community_code, {}, applicant));
    it = bound_residents_.emplace(applicant, std::move(account)).first;
  }
  return &it->second;
}

core::Result<const Caller*> ActivityReplay::Officer(const std::string& department) {
  auto it = officers_.find(department);
  if (it == officers_.end()) {
    ASSIGN_OR_RETURN(auto officer,
                     MakeAccount("dep" + std::to_string(officers_.size()), "报到员" + department,
                                 Role::kDepartmentOfficer, city_code_, department));
    it = officers_.emplace(department, std::move(officer)).first;
  }
  return &it->second;
}

core::Result<std::unique_ptr<ActivityReplay>> ActivityReplay::Prepare(
    ReplayServices services, const std::vector<CommunitySite>& sites,
    std::vector<std::vector<int64_t>> applicants, const std::vector<events::Category>& categories,
    const ActivityOptions& options, std::string account_prefix) {
  if (sites.empty() || applicants.size() != sites.size()) {
    return core::Error::InvalidArgument("没有可回放活动的社区 (no communities)", "sites");
  }
  std::unique_ptr<ActivityReplay> replay(
      new ActivityReplay(services, options, std::move(account_prefix)));
  replay->city_code_ = sites.front().city_code;
  ActivityWorld& world = replay->world_;
  world.applicants_per_community = std::numeric_limits<int>::max();
  for (size_t i = 0; i < sites.size(); ++i) {
    if (applicants[i].empty()) {
      return core::Error::InvalidArgument(
          "社区 " + sites[i].community_code + " 没有可作申请人的居民 (no applicant)", "applicants");
    }
    world.communities.push_back(sites[i].community_code);
    world.applicants_per_community =
        std::min(world.applicants_per_community, static_cast<int>(applicants[i].size()));
  }
  replay->applicants_ = std::move(applicants);

  // The catalogue items that can be filed without an appointment (no slots are planned).
  core::PageRequest page;
  page.limit = 200;
  for (;;) {
    ASSIGN_OR_RETURN(auto listed, services.catalogue.List({}, page));
    for (const auto& entry : listed.items) {
      ActivityItem item;
      item.code = entry.item.code;
      item.promised_working_days = entry.item.promised_working_days;
      // Residents file online, the desk at the window; the kiosk files nothing here.
      for (auto channel : entry.item.channels) {
        if (channel == service_requests::Channel::kKiosk) continue;
        item.channels.emplace_back(service_requests::ChannelName(channel));
      }
      bool other_mode = false;
      for (auto mode : entry.item.handling_modes) {
        item.handling_modes.emplace_back(service_requests::HandlingModeName(mode));
        other_mode = other_mode || item.handling_modes.back() != "appointment";
      }
      if (other_mode && !item.channels.empty()) world.items.push_back(std::move(item));
    }
    if (!listed.next_cursor) break;
    ASSIGN_OR_RETURN(page.after, core::DecodeCursor(*listed.next_cursor));
  }
  for (const auto& category : categories) {
    const bool parent = std::any_of(categories.begin(), categories.end(),
                                    [&](const auto& c) { return c.parent_code == category.code; });
    if (!parent && category.active) world.event_categories.push_back(category.code);
  }
  world.departments = DefaultDepartments();
  if (world.items.empty() || world.event_categories.empty()) {
    return core::Error::InvalidArgument("服务事项清单或事件分类为空 (empty catalogue or taxonomy)",
                                        "catalogue");
  }

  for (size_t i = 0; i < sites.size(); ++i) {
    const std::string& code = sites[i].community_code;
    const std::string n = std::to_string(i);
    ASSIGN_OR_RETURN(auto worker,
                     replay->MakeAccount("cw" + n, "社工" + n, Role::kCommunityWorker, code));
    ASSIGN_OR_RETURN(auto grid,
                     replay->MakeAccount("gw" + n, "网格员" + n, Role::kGridWorker, code));
    ASSIGN_OR_RETURN(auto resident,
                     replay->MakeAccount("rs" + n, "居民" + n, Role::kResident, code));
    replay->workers_.push_back(std::move(worker));
    replay->grid_workers_.push_back(std::move(grid));
    replay->residents_.push_back(std::move(resident));
    const std::string county = code.substr(0, 6);
    if (!replay->supervisors_.count(county)) {
      ASSIGN_OR_RETURN(auto official, replay->MakeAccount("sup" + county, "区督办" + county,
                                                          Role::kCountyOfficial, county));
      replay->supervisors_.emplace(county, std::move(official));
    }
  }
  for (const auto& department : world.departments) TRY(replay->Officer(department));
  return replay;
}

core::Result<ReplayFigures> ActivityReplay::Run(
    const std::function<void(const ReplayFigures&)>& progress) {
  ReplayFigures figures;
  SlotPool<ActiveRequest> open_requests;
  SlotPool<ActiveEvent> open_events;
  std::priority_queue<Op, std::vector<Op>, std::greater<Op>> agenda;
  uint64_t sequence = 0;
  auto& request_service = services_.requests;
  auto& event_service = services_.events;
  auto& escalation_service = services_.escalations;
  auto refuse = [&](const std::string& action, const core::Error& error) {
    if (figures.refused[action]++ == 0) figures.first_refusal[action] = error.message;
  };

  auto run_request = [&](size_t slot) {
    ActiveRequest& active = open_requests[slot];
    const auto& plan = active.plan;
    if (active.id == 0) {
      requests::NewRequest input;
      input.item_code = world_.items[plan.item_index].code;
      input.channel = plan.channel;
      input.handling_mode = plan.handling_mode;
      const auto& candidates = applicants_[plan.community_index];
      input.applicant_id = candidates[size_t(plan.applicant_index) % candidates.size()];
      input.note = "合成数据";
      // Online requests are the residents' own (decision 0026); the desk files at the window.
      const bool online = input.channel == "web" || input.channel == "mobile";
      core::Result<requests::FiledRequest> result = core::Error::Internal("未提交");
      if (online) {
        auto own = ResidentAccount(input.applicant_id, world_.communities[plan.community_index]);
        if (!own.ok()) return false;
        result = request_service.FileOwn(input, **own);
      } else {
        result = request_service.File(input, Desk(plan.community_index));
      }
      ++figures.request_calls;
      if (!result.ok()) {
        refuse("file", result.error());
        return false;
      }
      ++figures.filed;
      active.id = result->detail.request.id;
    } else {
      const auto& step = plan.steps[active.next++];
      requests::TransitionRequest input;
      input.action = step.action;
      input.reason = step.reason;
      if (step.rating > 0) input.rating = step.rating;
      if (step.action == "complete") input.outcome = "准予办理";
      auto result = request_service.Apply(active.id, input, Desk(plan.community_index));
      ++figures.request_calls;
      if (!result.ok()) {
        refuse(step.action, result.error());
        return false;
      }
    }
    return active.next < plan.steps.size();
  };

  auto run_event = [&](size_t slot) -> core::Result<bool> {
    ActiveEvent& active = open_events[slot];
    const auto& plan = active.plan;
    const Caller& worker = workers_[plan.community_index];
    const Caller& reporter = plan.reported_by_resident ? residents_[plan.community_index]
                                                       : grid_workers_[plan.community_index];
    if (active.id == 0) {
      events::NewEvent input;
      input.category = world_.event_categories[plan.category_index];
      // Marked synthetic where people read it (the seeder's residents carry synthetic = 1).
      input.description = "【合成数据】网格巡查发现：" + input.category;
      input.urgency = plan.urgent ? "urgent" : "normal";
      input.place_code = world_.communities[plan.community_index];
      auto result = event_service.Report(input, reporter);
      ++figures.event_calls;
      if (!result.ok()) {
        refuse("report", result.error());
        return false;
      }
      ++figures.reported;
      active.id = result->event.id;
      if (result->event.state == events::EventState::kEscalated) {
        // Routed to a department (escalated at once) or sent up a level: the community worker
        // sees the escalations (the reporter may not).
        auto seen = event_service.Get(active.id, worker);
        ++figures.event_calls;
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
    if (!active.escalation_path || step.action == "close") {
      events::EventActionRequest input{step.action, step.reason, ""};
      auto result = event_service.Act(active.id, input, worker);
      ++figures.event_calls;
      if (!result.ok()) {
        refuse(step.action, result.error());
        return false;
      }
    } else if (step.action == "escalate") {
      events::EscalateRequest input;
      for (size_t d : plan.departments) input.departments.push_back(world_.departments[d]);
      input.reason = step.reason;
      auto result = escalation_service.Escalate(active.id, input, worker);
      ++figures.event_calls;
      if (!result.ok()) {
        refuse(step.action, result.error());
        return false;
      }
      for (const auto& view : *result) {
        active.escalations.emplace_back(view.escalation.id, view.escalation.department);
      }
    } else {
      for (const auto& [id, department] : active.escalations) {
        events::EscalationActionRequest input;
        input.action = step.action;
        input.reason = step.reason;
        const Caller* caller = &worker;
        if (step.action == "check_in" || step.action == "request_extension" ||
            step.action == "give_feedback") {
          ASSIGN_OR_RETURN(caller, Officer(department));
          if (step.action == "give_feedback") input.feedback = "已现场处置完毕";
          if (step.action == "request_extension") input.amount = 2;
        } else if (step.action == "approve_extension") {
          caller = &supervisors_.at(world_.communities[plan.community_index].substr(0, 6));
        } else if (step.action == "rate_reporter" || step.action == "rate_community") {
          input.action = "rate";
          input.rating = step.rating;
          if (step.action == "rate_reporter") caller = &reporter;
        }
        auto result = escalation_service.ActOnEscalation(id, input, *caller);
        ++figures.event_calls;
        if (!result.ok()) {
          refuse(step.action, result.error());
          return false;
        }
      }
    }
    return active.next < steps.size();
  };

  const auto replay_start = SteadyClock::now();
  SteadyClock::duration request_time{}, event_time{};
  for (int day = 0; day < options_.days; ++day) {
    auto plan = PlanDay(options_, world_, day);
    for (auto& request : plan.requests) {
      const int64_t at = request.at;
      agenda.push({at, sequence++, false, open_requests.Add({std::move(request), 0, 0})});
    }
    for (auto& event : plan.events) {
      const int64_t at = event.at;
      agenda.push(
          {at, sequence++, true, open_events.Add({std::move(event), 0, false, false, {}, 0})});
    }
    const int64_t day_end = options_.start_millis + (day + 1) * kMillisPerDayOfActivity;
    while (!agenda.empty() && agenda.top().at < day_end) {
      Op op = agenda.top();
      agenda.pop();
      services_.clock.Set(op.at);
      const auto started = SteadyClock::now();
      const double cpu_started = ThreadCpuSeconds();
      bool more = false;
      if (op.is_event) {
        ASSIGN_OR_RETURN(more, run_event(op.slot));
      } else {
        more = run_request(op.slot);
      }
      (op.is_event ? event_time : request_time) += SteadyClock::now() - started;
      (op.is_event ? figures.event_cpu_seconds : figures.request_cpu_seconds) +=
          ThreadCpuSeconds() - cpu_started;
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
    services_.clock.Set(day_end - 6 * kMillisPerHour);
    const auto started = SteadyClock::now();
    const double cpu_started = ThreadCpuSeconds();
    TRY(escalation_service.Sweep());
    event_time += SteadyClock::now() - started;
    figures.event_cpu_seconds += ThreadCpuSeconds() - cpu_started;
    figures.days_done = day + 1;
    figures.request_seconds = Seconds(request_time);
    figures.event_seconds = Seconds(event_time);
    figures.replay_seconds = Seconds(SteadyClock::now() - replay_start);
    figures.open_requests = open_requests.Open();
    figures.open_events = open_events.Open();
    if (progress) progress(figures);
  }
  return figures;
}

}  // namespace linli::synthetic

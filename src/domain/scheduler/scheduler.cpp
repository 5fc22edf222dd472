#include "domain/scheduler/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

namespace linli::scheduler {

using access::Permission;

std::string_view CatchUpName(CatchUp catch_up) {
  return catch_up == CatchUp::kReplay ? "replay" : "merge";
}

Scheduler::Scheduler(JobRepository& repository, const core::Clock& clock, SchedulerOptions options)
    : repository_(repository), clock_(clock), options_(std::move(options)) {}

core::Status Scheduler::Register(Job job) {
  if (job.name.empty() || !job.run) {
    return core::Error::InvalidArgument("任务缺少名称或执行函数", "name");
  }
  if (job.lease_ms <= 0 || job.retry_after_ms < 0) {
    return core::Error::InvalidArgument("任务 " + job.name + " 的租约或重试时间无效", "lease_ms");
  }
  if (Find(job.name)) return core::Error::AlreadyExists("任务 " + job.name + " 已登记", "name");
  jobs_.push_back(std::move(job));
  return core::Ok();
}

const Job* Scheduler::Find(std::string_view name) const {
  for (const auto& job : jobs_) {
    if (job.name == name) return &job;
  }
  return nullptr;
}

std::string Scheduler::NextHolder() {
  return options_.holder + "#" + std::to_string(next_run_number_.fetch_add(1) + 1);
}

core::Result<RunRecord> Scheduler::RunOnce(const Job& job, int64_t scheduled_at,
                                           std::string trigger, bool moves_schedule) {
  RunRecord run;
  run.name = job.name;
  run.scheduled_at = scheduled_at;
  run.trigger = std::move(trigger);
  run.started_at = clock_.NowMillis();
  // The duration is a measurement of this process, not a deadline: a steady clock, so that a
  // ManualClock in tests does not make every run last 0 ms by fiat.
  const auto began = std::chrono::steady_clock::now();
  core::Status status = core::Ok();
  try {
    status = job.run(scheduled_at);
  } catch (const std::exception& error) {
    status = core::Error::Internal(std::string("任务异常：") + error.what());
  } catch (...) {
    status = core::Error::Internal("任务异常");
  }
  run.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - began)
                        .count();
  run.finished_at = std::max(clock_.NowMillis(), run.started_at);
  run.ok = status.ok();
  if (!run.ok) run.error = status.error().message;
  if (run.ok && moves_schedule) run.scheduled_through = scheduled_at;
  TRY(repository_.RecordRun(run));
  return run;
}

core::Result<int> Scheduler::RunDueJob(const Job& job, bool soon) {
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(JobRecord record, repository_.Ensure(job.name, now));
  bool due = job.schedule.NextAfter(record.scheduled_through) <= now;
  if (due && record.last_ok == false && record.last_trigger == "schedule" &&
      record.last_finished_at && now < *record.last_finished_at + job.retry_after_ms) {
    due = false;  // failed a moment ago: wait before trying the same instant again
  }
  if (!due && !soon) return 0;
  const std::string holder = NextHolder();
  ASSIGN_OR_RETURN(bool leased, repository_.TryLease(job.name, holder, now, now + job.lease_ms));
  if (!leased) {
    if (soon) {
      // Running elsewhere: ask again at the next tick (not at once: no wake-up, no busy loop).
      std::lock_guard lock(soon_mutex_);
      soon_.insert(job.name);
    }
    return 0;
  }
  if (!due) {
    // Asked for by RunSoon: one run now, the schedule left where it is.
    auto run = RunOnce(job, now, "soon", false);
    TRY(repository_.Release(job.name, holder));
    if (!run.ok()) return run.error();
    return 1;
  }
  // Another holder may have run it between our read and the lease: read again under the lease.
  auto runs = [&]() -> core::Result<int> {
    ASSIGN_OR_RETURN(JobRecord current, repository_.Ensure(job.name, now));
    std::vector<int64_t> due;
    for (int64_t at = job.schedule.NextAfter(current.scheduled_through); at <= now;
         at = job.schedule.NextAfter(at)) {
      if (job.catch_up == CatchUp::kMerge) {
        due.assign(1, at);  // only the latest
      } else {
        due.push_back(at);
        if (int(due.size()) >= options_.max_replays_per_call) break;
      }
    }
    int made = 0;
    for (int64_t at : due) {
      ASSIGN_OR_RETURN(RunRecord run, RunOnce(job, at, "schedule", true));
      ++made;
      if (!run.ok) break;  // a replay keeps its order: the failed instant is retried first
    }
    return made;
  }();
  TRY(repository_.Release(job.name, holder));
  return runs;
}

core::Result<int> Scheduler::RunDue() {
  int made = 0;
  std::optional<core::Error> first_error;
  for (const auto& job : jobs_) {
    auto runs = RunDueJob(job, TakeSoon(job.name));
    if (runs.ok()) {
      made += *runs;
    } else if (!first_error) {
      first_error = runs.error();
    }
  }
  if (first_error) return *first_error;
  return made;
}

void Scheduler::RunSoon(std::string_view name) {
  const Job* job = Find(name);
  if (!job) return;
  std::lock_guard lock(soon_mutex_);
  soon_.insert(job->name);
  // Under the lock, so that SetWakeUp(nullptr) returns only once no call is in progress.
  if (wake_up_) wake_up_();
}

void Scheduler::SetWakeUp(std::function<void()> wake_up) {
  std::lock_guard lock(soon_mutex_);
  wake_up_ = std::move(wake_up);
}

bool Scheduler::TakeSoon(const std::string& name) {
  std::lock_guard lock(soon_mutex_);
  return soon_.erase(name) > 0;
}

core::Result<ManualRun> Scheduler::RunNow(std::string_view name, const access::Caller& caller,
                                          std::string_view trigger) {
  if (!caller.Has(Permission::kJobsManage)) {
    return core::Error::PermissionDenied("无权运行定时任务");
  }
  const Job* job = Find(name);
  if (!job) return core::Error::NotFound("没有名为 " + std::string(name) + " 的定时任务");
  const int64_t now = clock_.NowMillis();
  TRY(repository_.Ensure(job->name, now));
  const std::string holder = NextHolder();
  ASSIGN_OR_RETURN(bool leased, repository_.TryLease(job->name, holder, now, now + job->lease_ms));
  if (!leased) {
    return core::Error::FailedPrecondition("任务 " + job->name + " 正在运行，请稍后再试");
  }
  auto run = RunOnce(*job, now, std::string(trigger), false);
  TRY(repository_.Release(job->name, holder));
  if (!run.ok()) return run.error();
  return ManualRun{run->name, run->started_at, run->duration_ms, run->ok, run->error};
}

core::Result<std::vector<JobView>> Scheduler::List(const access::Caller& caller) {
  if (!caller.Has(Permission::kJobsManage)) {
    return core::Error::PermissionDenied("无权查看定时任务");
  }
  ASSIGN_OR_RETURN(auto records, repository_.List());
  const int64_t now = clock_.NowMillis();
  std::vector<JobView> out;
  out.reserve(jobs_.size());
  for (const auto& job : jobs_) {
    JobView view{job.name, job.title, job.schedule, job.catch_up, {}, 0, false};
    auto stored = std::find_if(records.begin(), records.end(),
                               [&](const JobRecord& record) { return record.name == job.name; });
    if (stored != records.end()) {
      view.record = *stored;
    } else {
      view.record.name = job.name;
      view.record.scheduled_through = now;  // what Ensure will store when the job first runs
    }
    view.next_run_at = job.schedule.NextAfter(view.record.scheduled_through);
    view.running = !view.record.lease_holder.empty() && view.record.lease_expires_at > now;
    out.push_back(std::move(view));
  }
  return out;
}

}  // namespace linli::scheduler

// The scheduler: the one place where work that comes due with time runs — the whistle's warning
// sweep, scheduled backups, and the monthly plans and snapshots of the care, volunteer and
// indicator modules. A module gives `app/jobs.cpp` a Job (name, schedule, catch-up policy, the
// function taking the scheduled instant); the server's runner calls RunDue on a timer, and
// `linli jobs run NAME` or the admin page call RunNow.
//
// Each job keeps a stored record: `scheduled_through`, the last scheduled instant that has run
// (or been merged), and its last run, duration, result and counts. A run holds the job's lease
// in the database (holder, expiry; taken in one transaction), so no job runs twice at once,
// whether two servers share the database or a server and the command line. Runs missed while
// no server was running are either replayed one by one, each with its own instant (monthly
// plans, snapshots), or merged into one run at the latest instant (sweeps). A new job starts
// at the moment it is first seen: nothing before it is replayed. A failed scheduled run leaves
// `scheduled_through` where it was, so the instant is retried (not before `retry_after_ms`).
// Jobs must be idempotent: a run whose lease expired mid-way may be repeated by another holder.
// A module that has just queued work for a job (the SMS outbox) asks for it with RunSoon: the
// next RunDue runs that job even though it is not due (trigger "soon", the schedule unmoved),
// and the runner is woken so that the next RunDue comes at once rather than at its next tick.
// Thread-safety: Register and SetWakeUp only while wiring or before the runner starts;
// afterwards RunDue, RunNow, RunSoon and List are thread-safe (the lease serialises runs of one
// job).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/scheduler/schedule.hpp"

namespace linli::scheduler {

// What happens to the instants a stopped server missed.
enum class CatchUp {
  kReplay,  // each missed instant runs, oldest first (monthly plans, snapshots)
  kMerge,   // one run at the latest missed instant (sweeps: the latest covers the rest)
};
std::string_view CatchUpName(CatchUp catch_up);  // "replay", "merge"

struct Job {
  std::string name;   // stable identifier, "<context>.<what>": "events.warning_sweep"
  std::string title;  // Chinese, shown on the admin page
  Schedule schedule;
  CatchUp catch_up = CatchUp::kMerge;
  // How long a run may hold the lease; longer than the job can take (a holder that dies frees
  // the job after this).
  int64_t lease_ms = 10 * 60 * 1000;
  // After a failed scheduled run, the next attempt waits at least this long.
  int64_t retry_after_ms = 5 * 60 * 1000;
  // The work, for the scheduled instant (epoch ms; for a run by hand, the moment it was asked).
  std::function<core::Status(int64_t scheduled_at)> run;
};

// A job's stored record (table job_runs) and its lease (job_leases).
struct JobRecord {
  std::string name;
  int64_t scheduled_through = 0;
  std::optional<int64_t> last_scheduled_at;  // the instant of the last run
  std::optional<int64_t> last_started_at;
  std::optional<int64_t> last_finished_at;
  int64_t last_duration_ms = 0;
  std::optional<bool> last_ok;
  std::string last_error;
  // "schedule", "manual" (admin page), "command" (linli jobs run), "soon" (RunSoon)
  std::string last_trigger;
  int64_t runs = 0;
  int64_t failures = 0;
  std::string lease_holder;  // "" when free
  int64_t lease_expires_at = 0;
};

// One finished run, as the repository records it.
struct RunRecord {
  std::string name;
  int64_t scheduled_at = 0;
  int64_t started_at = 0;
  int64_t finished_at = 0;
  int64_t duration_ms = 0;
  bool ok = false;
  std::string error;
  std::string trigger;
  std::optional<int64_t> scheduled_through;  // moves the schedule on (scheduled runs that ran)
};

class JobRepository {
 public:
  virtual ~JobRepository() = default;
  // The job's record, created with scheduled_through = now when the job has none.
  virtual core::Result<JobRecord> Ensure(std::string_view name, int64_t now) = 0;
  // Every stored record (with its lease), by name.
  virtual core::Result<std::vector<JobRecord>> List() = 0;
  // Takes the job's lease for `holder` until `expires_at` when it is free or expired, in one
  // transaction; false when another holder has it.
  virtual core::Result<bool> TryLease(std::string_view name, std::string_view holder, int64_t now,
                                      int64_t expires_at) = 0;
  // Frees the lease when `holder` still has it.
  virtual core::Status Release(std::string_view name, std::string_view holder) = 0;
  virtual core::Status RecordRun(const RunRecord& run) = 0;
};

// A job as the admin page and /metrics show it.
struct JobView {
  std::string name;
  std::string title;
  Schedule schedule;
  CatchUp catch_up = CatchUp::kMerge;
  JobRecord record;
  int64_t next_run_at = 0;  // the next scheduled instant (in the past: due now)
  bool running = false;     // someone holds an unexpired lease
};

// The result of a run by hand.
struct ManualRun {
  std::string name;
  int64_t started_at = 0;
  int64_t duration_ms = 0;
  bool ok = false;
  std::string error;
};

struct SchedulerOptions {
  // Names this process in leases (host and process id); each run adds a number of its own, so
  // two runs in one process exclude each other too.
  std::string holder = "linli";
  // Replayed instants run per job and RunDue call at most (the rest in the next call).
  int max_replays_per_call = 100;
};

class Scheduler {
 public:
  // REQUIRES: repository and clock outlive the scheduler.
  Scheduler(JobRepository& repository, const core::Clock& clock, SchedulerOptions options = {});

  // REQUIRES: while wiring. kAlreadyExists when the name is taken, kInvalidArgument when the
  // name is empty or the job has no function.
  core::Status Register(Job job);
  const std::vector<Job>& jobs() const { return jobs_; }

  // Runs every job that has come due, each under its lease (a job held elsewhere is skipped
  // until the next call). Returns the runs made; a job's failure is recorded, not returned;
  // errors of the database are returned after the other jobs had their turn.
  core::Result<int> RunDue();

  // Runs `name` now, under its lease, without moving its schedule. `trigger` is recorded
  // ("manual", "command"). kPermissionDenied without jobs.manage, kNotFound for an unknown
  // job, kFailedPrecondition when it is running elsewhere. A failure of the job itself is a
  // ManualRun with ok = false.
  core::Result<ManualRun> RunNow(std::string_view name, const access::Caller& caller,
                                 std::string_view trigger = "manual");

  // Every registered job with its record. kPermissionDenied without jobs.manage.
  core::Result<std::vector<JobView>> List(const access::Caller& caller);

  // Asks for `name` to run at the next RunDue of this process even when it is not due, and calls
  // the wake-up (SetWakeUp). Never blocks on a run; an unknown name is ignored. When the job is
  // running elsewhere at that RunDue, the request is kept for the one after.
  void RunSoon(std::string_view name);
  // What RunSoon calls to bring the next RunDue forward (the runner's wake-up); empty: nothing.
  // The previous function is never called once this returns.
  void SetWakeUp(std::function<void()> wake_up);

 private:
  const Job* Find(std::string_view name) const;
  std::string NextHolder();
  // One run of `job` for `scheduled_at`, recorded; the caller holds the lease.
  core::Result<RunRecord> RunOnce(const Job& job, int64_t scheduled_at, std::string trigger,
                                  bool moves_schedule);
  core::Result<int> RunDueJob(const Job& job, bool soon);
  // True (and forgotten) when RunSoon asked for `name`.
  bool TakeSoon(const std::string& name);

  JobRepository& repository_;
  const core::Clock& clock_;
  SchedulerOptions options_;
  std::vector<Job> jobs_;
  std::atomic<int64_t> next_run_number_{0};
  std::mutex soon_mutex_;
  std::set<std::string> soon_;  // names RunSoon asked for (registered jobs only)
  std::function<void()> wake_up_;
};

}  // namespace linli::scheduler

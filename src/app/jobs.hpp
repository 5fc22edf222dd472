// The scheduled jobs of a deployment and the runner that runs them inside `linli serve`.
//
// RegisterJobs is where a module registers its jobs (docs/architecture.md, "domain/scheduler"):
// the whistle's warning sweep (every warning_sweep_minutes, merged), the SMS delivery (every
// sms_delivery_minutes, merged, and soon after each notice; needs the key ring), the daily
// backup when backup_folder is set (merged), and later the monthly plans and snapshots of the care,
// volunteer and indicator modules (replayed). `linli jobs list` and `linli jobs run NAME` go
// through the same scheduler, so they take the same leases.
// JobRunner is one thread that calls Scheduler::RunDue every tick, and at once when
// Scheduler::RunSoon wakes it (the SMS outbox after a notice); Stop (on SIGTERM, after the HTTP
// server has stopped) wakes it and waits for a run in progress to finish.
// Thread-safety: RegisterJobs while wiring; JobRunner's Start/Stop from one thread.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::app {

struct Services;

// The daily backup of config.backup_folder (nullopt when it is empty): RunBackup with the
// configured retention. kInvalidArgument naming backup_time when that is not HH:MM.
core::Result<std::optional<scheduler::Job>> BackupJob(const Config& config,
                                                      const core::Clock& clock);

// Builds services.scheduler with every job of the wired modules.
core::Status RegisterJobs(Services& services);

// Names this process in leases: host name and process id.
std::string LeaseHolderName();

class JobRunner {
 public:
  // REQUIRES: the scheduler outlives the runner.
  JobRunner(scheduler::Scheduler& scheduler, std::chrono::milliseconds tick);
  ~JobRunner();  // stops
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Start registers the runner as the scheduler's wake-up; Stop takes it back.
  void Start();
  void Stop();
  // Brings the next RunDue forward (does not wait for it).
  void Wake();

 private:
  void Loop();

  scheduler::Scheduler& scheduler_;
  std::chrono::milliseconds tick_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

// `linli jobs list` and `linli jobs run NAME`.
struct JobCommands {
  CLI::App* list = nullptr;
  CLI::App* run = nullptr;
  std::string name;
};
void AddJobCommands(CLI::App& cli, JobCommands& commands);
// Runs the parsed command; -1 when none of them was given (the caller goes on).
int RunJobCommand(const Config& config, const JobCommands& commands);

}  // namespace linli::app

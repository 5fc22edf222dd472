#include "app/jobs.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <ctime>
#include <iostream>

#include "app/fail.hpp"
#include "app/ops_commands.hpp"
#include "app/wiring.hpp"
#include "storage/scheduler/job_repository.hpp"

namespace linli::app {

core::Result<std::optional<scheduler::Job>> BackupJob(const Config& config,
                                                      const core::Clock& clock) {
  ASSIGN_OR_RETURN(auto schedule,
                   scheduler::Schedule::DailyAtText(config.backup_time, "backup_time"));
  if (config.backup_folder.empty()) return std::optional<scheduler::Job>();
  scheduler::Job job;
  job.name = "backup";
  job.title = "数据库备份（" + config.backup_folder + "，保留最近 " +
              std::to_string(config.backup_keep_last) + " 份）";
  job.schedule = schedule;
  job.catch_up = scheduler::CatchUp::kMerge;  // one backup after a stop, not one per day missed
  job.lease_ms = 6 * 60 * 60 * 1000;          // a large PostgreSQL dump takes a while
  job.retry_after_ms = 30 * 60 * 1000;
  storage::RetentionRule retention;
  retention.keep_last = config.backup_keep_last;
  retention.keep_days = config.backup_keep_days;
  job.run = [config, retention, &clock](int64_t) -> core::Status {
    ASSIGN_OR_RETURN(auto run, RunBackup(config, config.backup_folder, retention, clock));
    spdlog::info("scheduled backup written to {} ({} older removed)", run.file.string(),
                 run.removed.size());
    return core::Ok();
  };
  return std::optional<scheduler::Job>(std::move(job));
}

std::string LeaseHolderName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "linli") + ":" + std::to_string(getpid());
}

core::Status RegisterJobs(Services& services) {
  services.job_repository = storage::MakeSqlJobRepository(*services.database);
  scheduler::SchedulerOptions options;
  options.holder = LeaseHolderName();
  services.scheduler =
      std::make_unique<scheduler::Scheduler>(*services.job_repository, services.clock, options);
  // Modules register their jobs here.
  if (services.escalations) {
    ASSIGN_OR_RETURN(auto sweep, events::WarningSweepJob(*services.escalations,
                                                         services.config.warning_sweep_minutes));
    TRY(services.scheduler->Register(std::move(sweep)));
  }
  if (services.sms_delivery) {
    ASSIGN_OR_RETURN(auto delivery,
                     notifications::SmsDeliveryJob(*services.sms_delivery,
                                                   services.config.sms_delivery_minutes));
    TRY(services.scheduler->Register(std::move(delivery)));
  }
  if (services.signup) {
    ASSIGN_OR_RETURN(auto prune, self_service::PruneCodesJob(*services.signup));
    TRY(services.scheduler->Register(std::move(prune)));
  }
  if (services.kiosks) {
    ASSIGN_OR_RETURN(auto close,
                     kiosks::CloseTicketsJob(*services.kiosks, services.config.queue_close_time));
    TRY(services.scheduler->Register(std::move(close)));
  }
  if (services.care) {
    ASSIGN_OR_RETURN(auto plan, care::VisitPlanJob(*services.care));
    TRY(services.scheduler->Register(std::move(plan)));
    ASSIGN_OR_RETURN(auto referrals, care::ReferralCloseJob(*services.care));
    TRY(services.scheduler->Register(std::move(referrals)));
    ASSIGN_OR_RETURN(auto rules, care::EligibilityJob(*services.eligibility));
    TRY(services.scheduler->Register(std::move(rules)));
    ASSIGN_OR_RETURN(auto deadlines, care::ReportDeadlineJob(*services.mandatory_reports));
    TRY(services.scheduler->Register(std::move(deadlines)));
    ASSIGN_OR_RETURN(auto stages, care::ApplicationDeadlineJob(*services.applications));
    TRY(services.scheduler->Register(std::move(stages)));
  }
  if (services.indicators) {
    ASSIGN_OR_RETURN(auto snapshot, indicators::SnapshotJob(*services.indicators));
    TRY(services.scheduler->Register(std::move(snapshot)));
  }
  ASSIGN_OR_RETURN(auto backup, BackupJob(services.config, services.clock));
  if (backup) TRY(services.scheduler->Register(std::move(*backup)));
  return core::Ok();
}

JobRunner::JobRunner(scheduler::Scheduler& scheduler, std::chrono::milliseconds tick)
    : scheduler_(scheduler), tick_(tick) {}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Start() {
  {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
  }
  scheduler_.SetWakeUp([this] { Wake(); });
}

void JobRunner::Stop() {
  scheduler_.SetWakeUp(nullptr);  // returns once no wake-up is in progress
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void JobRunner::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    auto ran = scheduler_.RunDue();
    if (!ran.ok()) spdlog::warn("scheduled jobs: {}", ran.error().message);
    lock.lock();
    wake_.wait_for(lock, tick_, [this] { return stopping_ || woken_; });
  }
}

void AddJobCommands(CLI::App& cli, JobCommands& commands) {
  auto* jobs = cli.add_subcommand("jobs", "scheduled jobs (the server runs them; see README)");
  jobs->require_subcommand(1);
  commands.list = jobs->add_subcommand("list", "every job: schedule, last run, result, next run");
  commands.run = jobs->add_subcommand(
      "run", "run one job now under its lease (refused while it runs elsewhere)");
  commands.run->add_option("name", commands.name, "the job's name (see `linli jobs list`)")
      ->required();
}

namespace {

// China time of an instant, "YYYY-MM-DD HH:MM".
std::string ChinaTime(int64_t millis) {
  const std::time_t seconds = std::time_t(millis / 1000 + 8 * 3600);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &parts);
  return text;
}

std::string Describe(const scheduler::Schedule& schedule) {
  switch (schedule.kind()) {
    case scheduler::Schedule::Kind::kEvery:
      return "every " + std::to_string(schedule.every_minutes()) + " min";
    case scheduler::Schedule::Kind::kDaily:
      return "daily " + schedule.TimeOfDay();
    case scheduler::Schedule::Kind::kMonthly:
      return "monthly day " + std::to_string(schedule.day_of_month()) + " " + schedule.TimeOfDay();
  }
  return "";
}

int RunJobsList(Services& services) {
  auto jobs = services.scheduler->List(access::Caller::System());
  if (!jobs.ok()) return Fail(jobs.error());
  if (jobs->empty()) std::cout << "no scheduled jobs\n";
  for (const auto& job : *jobs) {
    const auto& record = job.record;
    std::cout << job.name << "\t" << Describe(job.schedule) << " (Asia/Shanghai, "
              << scheduler::CatchUpName(job.catch_up) << ")\tnext " << ChinaTime(job.next_run_at);
    if (record.last_started_at) {
      std::cout << "\tlast " << ChinaTime(*record.last_started_at) << " "
                << (record.last_ok.value_or(false) ? "ok" : "failed: " + record.last_error) << " ("
                << record.last_duration_ms << " ms, " << record.last_trigger << ")";
    } else {
      std::cout << "\tnever run";
    }
    std::cout << "\truns " << record.runs << ", failures " << record.failures;
    if (job.running) std::cout << "\trunning (" << record.lease_holder << ")";
    std::cout << "\n";
  }
  return 0;
}

int RunJobsRun(Services& services, const std::string& name) {
  auto run = services.scheduler->RunNow(name, access::Caller::System(), "command");
  if (!run.ok()) return Fail(run.error());
  if (!run->ok) {
    std::cerr << "linli: " << run->name << " failed after " << run->duration_ms
              << " ms: " << run->error << "\n";
    return 1;
  }
  std::cout << run->name << " ran in " << run->duration_ms << " ms\n";
  return 0;
}

}  // namespace

int RunJobCommand(const Config& config, const JobCommands& commands) {
  if (!*commands.list && !*commands.run) return -1;
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  if (*commands.list) return RunJobsList(**wired);
  return RunJobsRun(**wired, commands.name);
}

}  // namespace linli::app

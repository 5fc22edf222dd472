// Handlers of /api/v1/jobs (docs/api.md, "Scheduled jobs"), for holders of jobs.manage: every
// job the server runs with its schedule, last run, result and next run, and running one now
// (under its lease, like `linli jobs run`: 409 while it runs elsewhere). And the jobs' lines of
// /metrics (JobMetrics): last run time, duration, runs, failures and last result per job.
// Thread-safety: the handlers hold a reference to the thread-safe Scheduler and no state.
#pragma once

#include <string>
#include <vector>

#include "domain/scheduler/scheduler.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The scheduler must outlive the routes.
std::vector<Route> SchedulerRoutes(scheduler::Scheduler& scheduler);

// Prometheus text for the jobs: linli_job_last_run_timestamp_seconds, _last_duration_seconds,
// _last_success (1/0; absent before the first run), linli_job_runs_total and
// linli_job_failures_total, each labelled job="<name>".
std::string JobMetrics(const std::vector<scheduler::JobView>& jobs);

}  // namespace linli::http

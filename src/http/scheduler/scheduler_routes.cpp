#include "http/scheduler/scheduler_routes.hpp"

#include <boost/json.hpp>
#include <cstdio>

namespace linli::http {

namespace json = boost::json;

namespace {

json::value OptionalInt(const std::optional<int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::object ScheduleJson(const scheduler::Schedule& schedule) {
  json::object out;
  out["kind"] = std::string(scheduler::ScheduleKindName(schedule.kind()));
  switch (schedule.kind()) {
    case scheduler::Schedule::Kind::kEvery:
      out["every_minutes"] = schedule.every_minutes();
      break;
    case scheduler::Schedule::Kind::kMonthly:
      out["day_of_month"] = schedule.day_of_month();
      out["time"] = schedule.TimeOfDay();
      break;
    case scheduler::Schedule::Kind::kDaily:
      out["time"] = schedule.TimeOfDay();
      break;
  }
  out["time_zone"] = "Asia/Shanghai";
  return out;
}

json::object JobJson(const scheduler::JobView& job) {
  const scheduler::JobRecord& record = job.record;
  json::object out;
  out["name"] = job.name;
  out["title"] = job.title;
  out["schedule"] = ScheduleJson(job.schedule);
  out["catch_up"] = std::string(scheduler::CatchUpName(job.catch_up));
  out["next_run_at"] = job.next_run_at;
  out["running"] = job.running;
  if (record.last_started_at) {
    json::object last;
    last["scheduled_at"] = OptionalInt(record.last_scheduled_at);
    last["started_at"] = *record.last_started_at;
    last["finished_at"] = OptionalInt(record.last_finished_at);
    last["duration_ms"] = record.last_duration_ms;
    last["ok"] = record.last_ok.value_or(false);
    last["error"] = record.last_error;
    last["trigger"] = record.last_trigger;
    out["last_run"] = std::move(last);
  } else {
    out["last_run"] = nullptr;
  }
  out["runs"] = record.runs;
  out["failures"] = record.failures;
  return out;
}

std::string Seconds(int64_t millis) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", double(millis) / 1000.0);
  return text;
}

}  // namespace

std::vector<Route> SchedulerRoutes(scheduler::Scheduler& scheduler) {
  std::vector<Route> routes;
  routes.push_back(Route{"GET", "/api/v1/jobs", access::Permission::kJobsManage,
                         [&scheduler](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto jobs, scheduler.List(request.Caller()));
                           json::array items;
                           for (const auto& job : jobs) items.push_back(JobJson(job));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "定时任务（计划、上次运行、结果、下次运行）"});
  routes.push_back(Route{"POST", "/api/v1/jobs/{name}/run", access::Permission::kJobsManage,
                         [&scheduler](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto run, scheduler.RunNow(PathParam(request, "name"),
                                                                       request.Caller()));
                           json::object out;
                           out["name"] = run.name;
                           out["started_at"] = run.started_at;
                           out["duration_ms"] = run.duration_ms;
                           out["ok"] = run.ok;
                           out["error"] = run.error;
                           return Response::Json(out);
                         },
                         "立即运行一个定时任务（正在运行时 409）"});
  return routes;
}

std::string JobMetrics(const std::vector<scheduler::JobView>& jobs) {
  struct Family {
    const char* name;
    const char* type;
    const char* help;
  };
  static constexpr Family kFamilies[] = {
      {"linli_job_last_run_timestamp_seconds", "gauge", "Start of the job's last run (Unix time)."},
      {"linli_job_last_duration_seconds", "gauge", "Duration of the job's last run."},
      {"linli_job_last_success", "gauge", "1 when the job's last run succeeded, 0 when it failed."},
      {"linli_job_runs_total", "counter", "Runs of the job (scheduled and by hand)."},
      {"linli_job_failures_total", "counter", "Failed runs of the job."},
  };
  std::string text;
  for (size_t family = 0; family < std::size(kFamilies); ++family) {
    const Family& f = kFamilies[family];
    text += std::string("# HELP ") + f.name + " " + f.help + "\n";
    text += std::string("# TYPE ") + f.name + " " + f.type + "\n";
    for (const auto& job : jobs) {
      const scheduler::JobRecord& record = job.record;
      std::string value;
      switch (family) {
        case 0:
          if (record.last_started_at) value = Seconds(*record.last_started_at);
          break;
        case 1:
          if (record.last_started_at) value = Seconds(record.last_duration_ms);
          break;
        case 2:
          if (record.last_ok) value = *record.last_ok ? "1" : "0";
          break;
        case 3:
          value = std::to_string(record.runs);
          break;
        case 4:
          value = std::to_string(record.failures);
          break;
      }
      if (!value.empty())
        text += std::string(f.name) + "{job=\"" + job.name + "\"} " + value + "\n";
    }
  }
  return text;
}

}  // namespace linli::http

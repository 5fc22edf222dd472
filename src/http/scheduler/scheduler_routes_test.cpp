// The jobs' JSON and /metrics lines, over a scheduler with an in-memory repository: what the
// admin page reads (schedule, catch-up, last run, next run) and the Prometheus text.
#include "http/scheduler/scheduler_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

namespace linli::http {
namespace {

namespace json = boost::json;
using scheduler::JobRecord;

// 2026-01-15 10:05 China time.
constexpr int64_t kNow = 1768442700000;

class MemoryJobs final : public scheduler::JobRepository {
 public:
  core::Result<JobRecord> Ensure(std::string_view name, int64_t now) override {
    auto [it, added] = records.try_emplace(std::string(name));
    if (added) {
      it->second.name = std::string(name);
      it->second.scheduled_through = now;
    }
    return it->second;
  }
  core::Result<std::vector<JobRecord>> List() override {
    std::vector<JobRecord> out;
    for (const auto& [name, record] : records) out.push_back(record);
    return out;
  }
  core::Result<bool> TryLease(std::string_view name, std::string_view holder, int64_t now,
                              int64_t expires_at) override {
    JobRecord& record = records[std::string(name)];
    if (!record.lease_holder.empty() && record.lease_expires_at > now) return false;
    record.lease_holder = std::string(holder);
    record.lease_expires_at = expires_at;
    return true;
  }
  core::Status Release(std::string_view name, std::string_view holder) override {
    JobRecord& record = records[std::string(name)];
    if (record.lease_holder == holder) record.lease_holder.clear();
    return core::Ok();
  }
  core::Status RecordRun(const scheduler::RunRecord& run) override {
    JobRecord& record = records[run.name];
    record.last_scheduled_at = run.scheduled_at;
    record.last_started_at = run.started_at;
    record.last_finished_at = run.finished_at;
    record.last_duration_ms = run.duration_ms;
    record.last_ok = run.ok;
    record.last_error = run.error;
    record.last_trigger = run.trigger;
    ++record.runs;
    if (!run.ok) ++record.failures;
    if (run.scheduled_through) record.scheduled_through = *run.scheduled_through;
    return core::Ok();
  }
  std::map<std::string, JobRecord> records;
};

class SchedulerRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scheduler::Job sweep;
    sweep.name = "events.warning_sweep";
    sweep.title = "吹哨报到预警与自动督办";
    sweep.schedule = scheduler::Schedule::EveryMinutes(5).value();
    sweep.run = [](int64_t) { return core::Ok(); };
    ASSERT_TRUE(scheduler_.Register(sweep).ok());
    scheduler::Job backup;
    backup.name = "backup";
    backup.title = "数据库备份";
    backup.schedule = scheduler::Schedule::DailyAt(2, 30).value();
    backup.run = [](int64_t) -> core::Status { return core::Error::Unavailable("磁盘已满"); };
    ASSERT_TRUE(scheduler_.Register(backup).ok());
  }

  json::object Call(const char* method, const char* path,
                    std::map<std::string, std::string> params) {
    for (auto& route : routes_) {
      if (route.method != method || route.pattern != path) continue;
      EXPECT_EQ(route.permission, access::Permission::kJobsManage);
      Request request;
      request.path_params = std::move(params);
      request.caller = access::Caller::System();
      auto response = route.handler(request);
      EXPECT_TRUE(response.ok()) << response.error().message;
      return json::parse(response->body).as_object();
    }
    ADD_FAILURE() << "no route " << path;
    return {};
  }

  MemoryJobs repository_;
  core::ManualClock clock_{kNow};
  scheduler::Scheduler scheduler_{repository_, clock_};
  std::vector<Route> routes_ = SchedulerRoutes(scheduler_);
};

TEST_F(SchedulerRoutesTest, ListsSchedulesLastAndNextRuns) {
  auto ran = Call("POST", "/api/v1/jobs/{name}/run", {{"name", "backup"}});
  EXPECT_EQ(ran.at("ok").as_bool(), false);
  EXPECT_EQ(ran.at("error").as_string(), "磁盘已满");
  auto list = Call("GET", "/api/v1/jobs", {});
  const auto& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  const auto& sweep = items[0].as_object();
  EXPECT_EQ(sweep.at("name").as_string(), "events.warning_sweep");
  EXPECT_EQ(sweep.at("schedule").at("kind").as_string(), "every");
  EXPECT_EQ(sweep.at("schedule").at("every_minutes").as_int64(), 5);
  EXPECT_EQ(sweep.at("catch_up").as_string(), "merge");
  EXPECT_TRUE(sweep.at("last_run").is_null());
  EXPECT_EQ(sweep.at("next_run_at").as_int64(), kNow + 5 * 60000);  // 10:10
  const auto& backup = items[1].as_object();
  EXPECT_EQ(backup.at("schedule").at("time").as_string(), "02:30");
  EXPECT_EQ(backup.at("schedule").at("time_zone").as_string(), "Asia/Shanghai");
  EXPECT_EQ(backup.at("last_run").at("ok").as_bool(), false);
  EXPECT_EQ(backup.at("last_run").at("trigger").as_string(), "manual");
  EXPECT_EQ(backup.at("failures").as_int64(), 1);
  EXPECT_EQ(backup.at("running").as_bool(), false);
}

TEST_F(SchedulerRoutesTest, MetricsGiveEachJobsLastRunAndCounts) {
  (void)Call("POST", "/api/v1/jobs/{name}/run", {{"name", "backup"}});
  auto jobs = scheduler_.List(access::Caller::System());
  ASSERT_TRUE(jobs.ok());
  const std::string text = JobMetrics(*jobs);
  EXPECT_NE(text.find("# TYPE linli_job_failures_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("linli_job_failures_total{job=\"backup\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("linli_job_runs_total{job=\"events.warning_sweep\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("linli_job_last_success{job=\"backup\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("linli_job_last_run_timestamp_seconds{job=\"backup\"} 1768442700.000\n"),
            std::string::npos);
  // Never run: no last-run lines for it.
  EXPECT_EQ(text.find("linli_job_last_success{job=\"events.warning_sweep\"}"), std::string::npos);
}

}  // namespace
}  // namespace linli::http

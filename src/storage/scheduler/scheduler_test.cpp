// The scheduler over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, with a
// ManualClock that is moved, never slept on: a new job starts when first seen; missed instants
// are replayed one by one or merged into one run; a failed instant is retried after its pause;
// a run by hand leaves the schedule alone; and a job's lease keeps two schedulers on two
// connections to the same database (two servers, or a server and `linli jobs run`) from
// running it at once, while an expired lease is taken over; RunSoon runs a job that is not due.
#include "domain/scheduler/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "engines/calendar/working_calendar.hpp"
#include "storage/scheduler/job_repository.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::scheduler {
namespace {

using calendar::kMillisPerHour;
using calendar::kMillisPerMinute;
using storage::Engine;

int64_t China(int year, int month, int day, int hour, int minute) {
  return calendar::StartOfChinaDay(*calendar::Date::FromCivil(year, month, day)) +
         (hour * 60 + minute) * kMillisPerMinute;
}

access::Caller Worker() {
  access::Principal principal;
  principal.account_id = 7;
  principal.username = "cw";
  principal.grants = {{access::Role::kCommunityWorker, "321002001001", ""}};
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

class SchedulerTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(db_, GetParam() == Engine::kPostgres);
    repository_ = storage::MakeSqlJobRepository(db_->database());
  }

  // A second connection pool to the same database: another server.
  std::unique_ptr<storage::Database> OpenAgain() {
    auto opened = storage::OpenAgain(*db_);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  Job Recording(std::string name, Schedule schedule, CatchUp catch_up) {
    Job job;
    job.name = std::move(name);
    job.title = "测试";
    job.schedule = schedule;
    job.catch_up = catch_up;
    job.run = [this](int64_t at) -> core::Status {
      if (fail_at_ == at) return core::Error::Unavailable("磁盘已满");
      ran_.push_back(at);
      return core::Ok();
    };
    return job;
  }

  JobRecord Record(const std::string& name) {
    auto records = repository_->List();
    EXPECT_TRUE(records.ok());
    for (const auto& record : *records) {
      if (record.name == name) return record;
    }
    ADD_FAILURE() << "no record of " << name;
    return {};
  }

  std::unique_ptr<storage::TestDatabase> db_;
  std::unique_ptr<JobRepository> repository_;
  core::ManualClock clock_{China(2026, 1, 15, 10, 5)};
  std::vector<int64_t> ran_;
  int64_t fail_at_ = -1;
};

TEST_P(SchedulerTest, ANewJobStartsWhenFirstSeenAndMissedRunsMerge) {
  Scheduler scheduler(*repository_, clock_);
  ASSERT_TRUE(scheduler
                  .Register(Recording("events.warning_sweep", Schedule::EveryMinutes(15).value(),
                                      CatchUp::kMerge))
                  .ok());
  // First seen at 10:05: nothing before is run.
  ASSERT_EQ(scheduler.RunDue().value(), 0);
  EXPECT_TRUE(ran_.empty());
  EXPECT_EQ(Record("events.warning_sweep").scheduled_through, clock_.NowMillis());
  // 10:15 comes: one run for 10:15.
  clock_.Set(China(2026, 1, 15, 10, 16));
  ASSERT_EQ(scheduler.RunDue().value(), 1);
  ASSERT_EQ(ran_, std::vector<int64_t>{China(2026, 1, 15, 10, 15)});
  EXPECT_EQ(scheduler.RunDue().value(), 0);  // idempotent: the instant has run
  // Stopped for five hours: twenty instants missed, merged into one run at the latest.
  clock_.Set(China(2026, 1, 15, 15, 20));
  ASSERT_EQ(scheduler.RunDue().value(), 1);
  ASSERT_EQ(ran_.size(), 2u);
  EXPECT_EQ(ran_.back(), China(2026, 1, 15, 15, 15));
  const JobRecord record = Record("events.warning_sweep");
  EXPECT_EQ(record.runs, 2);
  EXPECT_EQ(record.failures, 0);
  EXPECT_EQ(record.last_ok, std::optional<bool>(true));
  EXPECT_EQ(record.last_trigger, "schedule");
  EXPECT_EQ(record.scheduled_through, China(2026, 1, 15, 15, 15));
  EXPECT_TRUE(record.lease_holder.empty());  // released
}

TEST_P(SchedulerTest, MissedMonthlyRunsAreReplayedInOrderAndAFailureIsRetriedFirst) {
  Scheduler scheduler(*repository_, clock_);
  ASSERT_TRUE(scheduler
                  .Register(Recording("care.monthly_plan", Schedule::MonthlyOn(1, 0, 10).value(),
                                      CatchUp::kReplay))
                  .ok());
  ASSERT_EQ(scheduler.RunDue().value(), 0);  // first seen on 15 January
  // The server was down from January to mid-April: February, March and April are replayed,
  // each with its own instant, but March fails: February ran, March waits, April too.
  fail_at_ = China(2026, 3, 1, 0, 10);
  clock_.Set(China(2026, 4, 16, 9, 0));
  ASSERT_EQ(scheduler.RunDue().value(), 2);
  EXPECT_EQ(ran_, std::vector<int64_t>{China(2026, 2, 1, 0, 10)});
  JobRecord record = Record("care.monthly_plan");
  EXPECT_EQ(record.scheduled_through, China(2026, 2, 1, 0, 10));
  EXPECT_EQ(record.last_ok, std::optional<bool>(false));
  EXPECT_EQ(record.last_error, "磁盘已满");
  EXPECT_EQ(record.failures, 1);
  EXPECT_EQ(record.last_scheduled_at, std::optional<int64_t>(China(2026, 3, 1, 0, 10)));
  // Not retried before the pause is over, then March and April in order.
  fail_at_ = -1;
  clock_.Advance(kMillisPerMinute);
  EXPECT_EQ(scheduler.RunDue().value(), 0);
  clock_.Advance(5 * kMillisPerMinute);
  ASSERT_EQ(scheduler.RunDue().value(), 2);
  EXPECT_EQ(ran_, (std::vector<int64_t>{China(2026, 2, 1, 0, 10), China(2026, 3, 1, 0, 10),
                                        China(2026, 4, 1, 0, 10)}));
  record = Record("care.monthly_plan");
  EXPECT_EQ(record.runs, 4);
  EXPECT_EQ(record.failures, 1);
  EXPECT_EQ(record.last_ok, std::optional<bool>(true));
  EXPECT_EQ(record.last_error, "");
}

TEST_P(SchedulerTest, ARunByHandLeavesTheScheduleAndNeedsJobsManage) {
  Scheduler scheduler(*repository_, clock_);
  ASSERT_TRUE(
      scheduler.Register(Recording("backup", Schedule::DailyAt(2, 30).value(), CatchUp::kMerge))
          .ok());
  EXPECT_EQ(scheduler.Register(Recording("backup", Schedule(), CatchUp::kMerge)).error().code,
            core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(scheduler.RunNow("backup", Worker()).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(scheduler.List(Worker()).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(scheduler.RunNow("nothing", access::Caller::System()).error().code,
            core::ErrorCode::kNotFound);
  auto run = scheduler.RunNow("backup", access::Caller::System(), "command");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_TRUE(run->ok);
  EXPECT_EQ(ran_, std::vector<int64_t>{clock_.NowMillis()});
  auto jobs = scheduler.List(access::Caller::System());
  ASSERT_TRUE(jobs.ok());
  ASSERT_EQ(jobs->size(), 1u);
  const JobView& view = jobs->front();
  EXPECT_EQ(view.record.last_trigger, "command");
  EXPECT_EQ(view.record.runs, 1);
  EXPECT_EQ(view.record.scheduled_through, China(2026, 1, 15, 10, 5));  // unchanged
  EXPECT_EQ(view.next_run_at, China(2026, 1, 16, 2, 30));
  EXPECT_FALSE(view.running);
  // A failure by hand is an answer, recorded, not an error of the call.
  fail_at_ = clock_.NowMillis();
  auto failed = scheduler.RunNow("backup", access::Caller::System());
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE(failed->ok);
  EXPECT_EQ(failed->error, "磁盘已满");
  EXPECT_EQ(Record("backup").failures, 1);
}

// While one scheduler runs a job (holding its lease), a second scheduler on another connection
// pool — another server, or `linli jobs run` — neither runs it by hand nor as due.
TEST_P(SchedulerTest, TheLeaseKeepsASecondServerFromRunningTheJobAtOnce) {
  auto other_database = OpenAgain();
  ASSERT_NE(other_database, nullptr);
  auto other_repository = storage::MakeSqlJobRepository(*other_database);
  Scheduler first(*repository_, clock_, {"server-a", 100});
  Scheduler second(*other_repository, clock_, {"server-b", 100});
  std::optional<core::Result<ManualRun>> by_hand;
  std::optional<core::Result<int>> due;
  auto job = [&](Scheduler& scheduler) {
    Job j;
    j.name = "events.warning_sweep";
    j.schedule = Schedule::EveryMinutes(1).value();
    j.run = [&, &s = scheduler](int64_t at) -> core::Status {
      ran_.push_back(at);
      if (&s == &first) {  // inside the first server's run: the second server tries
        by_hand = second.RunNow("events.warning_sweep", access::Caller::System());
        due = second.RunDue();
      }
      return core::Ok();
    };
    return j;
  };
  ASSERT_TRUE(first.Register(job(first)).ok());
  ASSERT_TRUE(second.Register(job(second)).ok());
  ASSERT_EQ(first.RunDue().value(), 0);
  clock_.Advance(2 * kMillisPerMinute);
  ASSERT_EQ(first.RunDue().value(), 1);
  ASSERT_TRUE(by_hand.has_value());
  ASSERT_FALSE(by_hand->ok());
  EXPECT_EQ(by_hand->error().code, core::ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(due.has_value() && due->ok());
  EXPECT_EQ(**due, 0);
  EXPECT_EQ(ran_.size(), 1u);
  // Released: the second server may run it by hand now.
  auto after = second.RunNow("events.warning_sweep", access::Caller::System());
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_TRUE(after->ok);
  EXPECT_EQ(ran_.size(), 2u);
  other_database->Close();
}

TEST_P(SchedulerTest, OneOfManyRacingHoldersGetsTheLeaseAndAnExpiredLeaseIsTakenOver) {
  auto other_database = OpenAgain();
  ASSERT_NE(other_database, nullptr);
  auto other_repository = storage::MakeSqlJobRepository(*other_database);
  const int64_t now = clock_.NowMillis();
  ASSERT_TRUE(repository_->Ensure("backup", now).ok());
  // Eight threads on two pools race for the free lease: exactly one wins.
  std::atomic<int> winners{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      JobRepository& repository = i % 2 ? *other_repository : *repository_;
      auto taken = repository.TryLease("backup", "h" + std::to_string(i), now, now + 60000);
      if (!taken.ok()) {
        ++errors;
      } else if (*taken) {
        ++winners;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
  // Held: refused until it expires; then a new holder takes it over; only the holder releases.
  EXPECT_FALSE(other_repository->TryLease("backup", "late", now + 59999, now + 120000).value());
  EXPECT_TRUE(other_repository->TryLease("backup", "late", now + 60000, now + 120000).value());
  ASSERT_TRUE(repository_->Release("backup", "h0").ok());
  EXPECT_EQ(Record("backup").lease_holder, "late");
  ASSERT_TRUE(repository_->Release("backup", "late").ok());
  EXPECT_EQ(Record("backup").lease_holder, "");
  other_database->Close();
}

// RunSoon (the SMS outbox after a notice): the next RunDue runs the job although it is not due,
// once, as "soon", without moving its schedule, and the runner is woken; a job running elsewhere
// keeps the request for the next RunDue without waking anyone (no busy loop); an unknown name
// is ignored; a wake-up taken back is never called again.
TEST_P(SchedulerTest, RunSoonRunsAJobNotDueOnceAndWakesTheRunner) {
  Scheduler scheduler(*repository_, clock_, {"server-a", 100});
  ASSERT_TRUE(scheduler
                  .Register(Recording("notifications.sms_delivery",
                                      Schedule::EveryMinutes(1).value(), CatchUp::kMerge))
                  .ok());
  int wakes = 0;
  scheduler.SetWakeUp([&] { ++wakes; });
  ASSERT_EQ(scheduler.RunDue().value(), 0);  // first seen: nothing due
  const int64_t through = Record("notifications.sms_delivery").scheduled_through;
  scheduler.RunSoon("no.such.job");
  EXPECT_EQ(wakes, 0);
  scheduler.RunSoon("notifications.sms_delivery");
  scheduler.RunSoon("notifications.sms_delivery");  // merged with the first
  EXPECT_EQ(wakes, 2);
  ASSERT_EQ(scheduler.RunDue().value(), 1);
  EXPECT_EQ(ran_, std::vector<int64_t>{clock_.NowMillis()});
  JobRecord record = Record("notifications.sms_delivery");
  EXPECT_EQ(record.last_trigger, "soon");
  EXPECT_EQ(record.scheduled_through, through);  // the schedule did not move
  EXPECT_TRUE(record.lease_holder.empty());
  EXPECT_EQ(scheduler.RunDue().value(), 0);  // asked once, ran once

  // Held by another server: the request waits for the next RunDue, which runs it once released.
  ASSERT_TRUE(repository_
                  ->TryLease("notifications.sms_delivery", "server-b", clock_.NowMillis(),
                             clock_.NowMillis() + 60000)
                  .value());
  scheduler.RunSoon("notifications.sms_delivery");
  EXPECT_EQ(wakes, 3);
  EXPECT_EQ(scheduler.RunDue().value(), 0);
  EXPECT_EQ(wakes, 3);  // kept without a wake-up
  ASSERT_TRUE(repository_->Release("notifications.sms_delivery", "server-b").ok());
  EXPECT_EQ(scheduler.RunDue().value(), 1);
  EXPECT_EQ(ran_.size(), 2u);

  scheduler.SetWakeUp(nullptr);
  scheduler.RunSoon("notifications.sms_delivery");
  EXPECT_EQ(wakes, 3);
  EXPECT_EQ(scheduler.RunDue().value(), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, SchedulerTest, storage::BothEngines(), storage::EngineName);

}  // namespace
}  // namespace linli::scheduler

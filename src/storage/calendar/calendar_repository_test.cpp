// CalendarService over the SQL repository, on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL:
// the shipped file loads into the empty table once, versions append, a version taken meanwhile
// is refused, and the calendar in force follows the latest version.
#include "storage/calendar/calendar_repository.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/calendar/calendar_service.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::calendar {
namespace {

constexpr int64_t kApril1Nine = 1'775'005'200'000;  // 2026-04-01 09:00 CST

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class CalendarRepositoryTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(db_, GetParam());
    repository_ = storage::MakeSqlCalendarRepository(db_->database());
    service_ = std::make_unique<CalendarService>(*repository_, clock_);
  }

  std::unique_ptr<storage::TestDatabase> db_;
  std::unique_ptr<CalendarRepository> repository_;
  core::ManualClock clock_{kApril1Nine};
  std::unique_ptr<CalendarService> service_;
};

TEST_P(CalendarRepositoryTest, VersionsAppendAndTheLatestIsInForce) {
  auto none = repository_->CurrentCalendar();
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_FALSE(none->has_value());
  auto loaded = service_->LoadIfEmpty(
      ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/calendar/cn-holidays.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(*loaded);
  const Date qingming_monday = *Date::FromCivil(2026, 4, 6);
  EXPECT_FALSE((*service_->InForce())->IsWorkingDay(qingming_monday));

  // Version 1 again (someone edited meanwhile): refused, nothing changes.
  EXPECT_EQ(repository_->InsertCalendar({1, "{\"years\":[]}", kApril1Nine, "x"}).error().code,
            core::ErrorCode::kFailedPrecondition);
  auto replaced = service_->Replace("{\"years\":[]}", access::Caller::System());
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_EQ(replaced->version, 2);
  auto stored = repository_->CurrentCalendar();
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->version, 2);
  EXPECT_EQ((*stored)->json, "{\"years\":[]}");
  EXPECT_EQ((*stored)->created_by, "system");
  EXPECT_TRUE((*service_->InForce())->IsWorkingDay(qingming_monday));

  // A second service over the same table (another process) reads the latest version.
  CalendarService restarted(*repository_, clock_);
  EXPECT_TRUE((*restarted.InForce())->IsWorkingDay(qingming_monday));
  auto again = restarted.LoadIfEmpty("{\"years\":[]}");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarRepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::calendar

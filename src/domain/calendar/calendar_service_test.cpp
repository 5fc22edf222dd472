// CalendarService over an in-memory repository: the start-up load happens once, the calendar in
// force is built from the stored document (plain weeks when none) and cached, an edit needs
// catalogue.manage, is attributed to its editor and applies to the next read at once.
#include "domain/calendar/calendar_service.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace linli::calendar {
namespace {

// Qingming 2026: 4–6 April off, no make-up day.
constexpr char kQingming[] =
    R"({"years":[{"year":2026,"holidays":[{"name":"清明节","off_from":"2026-04-04",)"
    R"("off_to":"2026-04-06","make_up_working_days":[]}]}]})";
constexpr int64_t kNow = 1'775'005'200'000;  // 2026-04-01 09:00 CST

class MemoryCalendars final : public CalendarRepository {
 public:
  core::Result<std::optional<CalendarDocument>> CurrentCalendar() override {
    ++reads;
    if (documents.empty()) return std::optional<CalendarDocument>();
    return std::optional<CalendarDocument>(documents.back());
  }
  core::Status InsertCalendar(const CalendarDocument& document) override {
    if (!documents.empty() && documents.back().version >= document.version) {
      return core::Error::FailedPrecondition("节假日日历已被他人修改，请刷新后重试");
    }
    documents.push_back(document);
    return core::Ok();
  }
  std::vector<CalendarDocument> documents;
  int reads = 0;
};

access::Caller Administrator() {
  access::Principal principal;
  principal.account_id = 7;
  principal.username = "admin";
  principal.grants = {{access::Role::kCityAdmin, "3210", ""}};
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

access::Caller Worker() {
  access::Principal principal;
  principal.account_id = 8;
  principal.username = "worker";
  principal.grants = {{access::Role::kCommunityWorker, "321002001001", ""}};
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

TEST(CalendarServiceTest, LoadsTheShippedFileOnlyIntoAnEmptyStore) {
  MemoryCalendars repository;
  core::ManualClock clock(kNow);
  CalendarService service(repository, clock);
  EXPECT_EQ(service.DocumentInForce().error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(service.LoadIfEmpty("{\"years\":[{\"year\":1}]}").ok());
  auto loaded = service.LoadIfEmpty(kQingming);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(*loaded);
  auto again = service.LoadIfEmpty("{\"years\":[]}");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  auto document = service.DocumentInForce();
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->version, 1);
  EXPECT_EQ(document->created_by, "system");
  EXPECT_EQ(document->created_at, kNow);
}

TEST(CalendarServiceTest, TheCalendarInForceIsBuiltOnceAndPlainWeeksWhenNoneIsStored) {
  MemoryCalendars repository;
  core::ManualClock clock(kNow);
  CalendarService service(repository, clock);
  auto plain = service.InForce();
  ASSERT_TRUE(plain.ok());
  ASSERT_NE(*plain, nullptr);
  const Date easter_monday = *Date::FromCivil(2026, 4, 6);
  EXPECT_TRUE((*plain)->IsWorkingDay(easter_monday));

  MemoryCalendars stored;
  ASSERT_TRUE(stored.InsertCalendar({1, kQingming, kNow, "system"}).ok());
  CalendarService with_holidays(stored, clock);
  auto first = with_holidays.InForce();
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE((*first)->IsWorkingDay(easter_monday));
  const int reads = stored.reads;
  auto second = with_holidays.InForce();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->get(), first->get());  // cached: the same calendar, no read
  EXPECT_EQ(stored.reads, reads);
}

TEST(CalendarServiceTest, AnEditNeedsCatalogueManageAndAppliesAtOnce) {
  MemoryCalendars repository;
  core::ManualClock clock(kNow);
  CalendarService service(repository, clock);
  ASSERT_TRUE(service.LoadIfEmpty(kQingming).ok());
  const Date easter_monday = *Date::FromCivil(2026, 4, 6);
  ASSERT_FALSE((*service.InForce())->IsWorkingDay(easter_monday));

  EXPECT_EQ(service.Replace("{\"years\":[]}", Worker()).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service.Replace("not json", Administrator()).error().code,
            core::ErrorCode::kInvalidArgument);
  clock.Advance(60'000);
  auto replaced = service.Replace("{\"years\":[]}", Administrator());
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_EQ(replaced->version, 2);
  EXPECT_EQ(replaced->created_by, "admin");
  EXPECT_EQ(replaced->created_at, kNow + 60'000);
  EXPECT_TRUE((*service.InForce())->IsWorkingDay(easter_monday));
  EXPECT_EQ(service.DocumentInForce()->version, 2);
}

TEST(CalendarServiceTest, AFixedSourceAnswersItsOwnCalendar) {
  auto calendar = WorkingCalendar::FromJson(kQingming);
  ASSERT_TRUE(calendar.ok());
  FixedCalendarSource source(std::move(*calendar));
  auto in_force = source.InForce();
  ASSERT_TRUE(in_force.ok());
  EXPECT_FALSE((*in_force)->IsWorkingDay(*Date::FromCivil(2026, 4, 6)));
}

}  // namespace
}  // namespace linli::calendar

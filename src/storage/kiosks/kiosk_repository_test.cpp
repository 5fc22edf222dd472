// KioskService over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL, on the
// fixture divisions: numbers per community and China day, concurrent takes and calls, the close
// job's reach, device tokens, scope and B2a coverage.
#include "storage/kiosks/kiosk_repository.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "domain/kiosks/kiosk_service.hpp"
#include "engines/calendar/working_calendar.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::kiosks {
namespace {

using storage::Engine;
using storage::Over;

constexpr char kGeyuan[] = "321002001002";    // 个园社区居委会
constexpr char kQionghua[] = "321002001001";  // 琼花观社区居委会

class KioskRepositoryTest : public ::testing::TestWithParam<Engine>,
                            protected storage::DivisionsFixture {
 protected:
  void SetUp() override {
    auto opened = OpenDivisions(GetParam() == Engine::kPostgres);
    if (!opened.ok()) {
      if (GetParam() == Engine::kPostgres && opened.error().code == core::ErrorCode::kUnavailable)
        GTEST_SKIP() << opened.error().message;
      FAIL() << opened.error().message;
    }
    auto imported = ImportDivisions("3210");
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    repository_ = storage::MakeSqlKioskRepository(database_->database());
    service_ = std::make_unique<KioskService>(*repository_, clock_);
  }

  QueueTicket Take(const char* community, const char* category = "civil_affairs") {
    auto ticket = service_->TakeTicketAtDesk(community, category, city_);
    EXPECT_TRUE(ticket.ok()) << ticket.error().message;
    return ticket.ok() ? *ticket : QueueTicket{};
  }

  access::Caller city_ = Over({"3210"});
  std::unique_ptr<KioskRepository> repository_;
  std::unique_ptr<KioskService> service_;
};

TEST_P(KioskRepositoryTest, NumbersRunPerCommunityAndChinaDay) {
  EXPECT_EQ(Take(kGeyuan).code, "A001");
  EXPECT_EQ(Take(kGeyuan).code, "A002");
  EXPECT_EQ(Take(kQionghua).code, "A001");
  EXPECT_EQ(Take(kGeyuan).code, "A003");
  EXPECT_EQ(Take(kGeyuan).service_date, "2026-01-01");
  clock_.Advance(16 * 3'600'000);  // 2026-01-02 00:00 in China
  const QueueTicket next_day = Take(kGeyuan);
  EXPECT_EQ(next_day.service_date, "2026-01-02");
  EXPECT_EQ(next_day.code, "A001");
}

TEST_P(KioskRepositoryTest, ConcurrentTakesGetDistinctNumbers) {
  std::mutex mutex;
  std::vector<int64_t> numbers;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto ticket = service_->TakeTicketAtDesk(kGeyuan, "health", city_);
        std::lock_guard lock(mutex);
        if (ticket.ok())
          numbers.push_back(ticket->number);
        else
          ADD_FAILURE() << ticket.error().message;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(numbers.size(), 30u);
  std::set<int64_t> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(distinct.size(), 30u);
  EXPECT_EQ(*distinct.begin(), 1);
  EXPECT_EQ(*distinct.rbegin(), 30);
}

TEST_P(KioskRepositoryTest, CallsInOrderAndTwoDesksNeverShareATicket) {
  for (int i = 0; i < 8; ++i) Take(kGeyuan);
  auto first = service_->CallNext(kGeyuan, "1号窗口", city_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->code, "A001");
  EXPECT_EQ((*first)->state, TicketState::kCalled);
  EXPECT_EQ((*first)->desk, "1号窗口");

  std::mutex mutex;
  std::vector<int64_t> called;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3; ++i) {
        auto next = service_->CallNext(kGeyuan, std::to_string(t + 2) + "号窗口", city_);
        std::lock_guard lock(mutex);
        if (!next.ok())
          ADD_FAILURE() << next.error().message;
        else if (next->has_value())
          called.push_back((**next).id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(called.size(), 7u);  // the other seven, each once; then the queue is empty
  EXPECT_EQ(std::set<int64_t>(called.begin(), called.end()).size(), called.size());
  auto empty = service_->CallNext(kGeyuan, "1号窗口", city_);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
}

TEST_P(KioskRepositoryTest, SkipRecallServeAndRefusals) {
  const QueueTicket ticket = Take(kGeyuan);
  ASSERT_TRUE(service_->CallNext(kGeyuan, "1号窗口", city_).ok());
  auto skipped = service_->Act(ticket.id, "skip", "", city_);
  ASSERT_TRUE(skipped.ok()) << skipped.error().message;
  EXPECT_EQ(skipped->state, TicketState::kSkipped);
  auto refused = service_->Act(ticket.id, "serve", "", city_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  auto recalled = service_->Act(ticket.id, "recall", "2号窗口", city_);
  ASSERT_TRUE(recalled.ok());
  EXPECT_EQ(recalled->desk, "2号窗口");
  EXPECT_EQ(recalled->call_count, 2);
  auto served = service_->Act(ticket.id, "serve", "", city_);
  ASSERT_TRUE(served.ok());
  EXPECT_EQ(served->state, TicketState::kServed);
  EXPECT_TRUE(served->finished_at.has_value());
  // Outside the caller's scope the ticket does not exist.
  auto outside = service_->Act(ticket.id, "recall", "", Over({kQionghua}));
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, core::ErrorCode::kNotFound);
}

TEST_P(KioskRepositoryTest, CloseDayClosesTheUnservedOfThatDayAndBefore) {
  const QueueTicket waiting = Take(kGeyuan);
  const QueueTicket served = Take(kGeyuan);
  const QueueTicket skipped = Take(kQionghua);
  ASSERT_TRUE(service_->CallNext(kGeyuan, "1号窗口", city_).ok());  // waiting → called
  ASSERT_TRUE(service_->CallNext(kGeyuan, "1号窗口", city_).ok());
  ASSERT_TRUE(service_->Act(served.id, "serve", "", city_).ok());
  ASSERT_TRUE(service_->CallNext(kQionghua, "1号窗口", city_).ok());
  ASSERT_TRUE(service_->Act(skipped.id, "skip", "", city_).ok());
  const int64_t evening = clock_.NowMillis() + 12 * 3'600'000;  // 20:00 the same day
  clock_.Advance(20 * 3'600'000);                               // the next morning
  const QueueTicket tomorrow = Take(kGeyuan);
  auto closed = service_->CloseDay(evening);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(*closed, 2);  // the called one and the skipped one
  auto state = [&](int64_t id) {
    auto found = repository_->FindTicket(id, core::Scope::Everything());
    EXPECT_TRUE(found.ok() && found->has_value());
    return (**found).state;
  };
  EXPECT_EQ(state(waiting.id), TicketState::kClosed);
  EXPECT_EQ(state(served.id), TicketState::kServed);
  EXPECT_EQ(state(skipped.id), TicketState::kClosed);
  EXPECT_EQ(state(tomorrow.id), TicketState::kWaiting);
  auto job = CloseTicketsJob(*service_, "20:00");
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->name, "kiosks.close_tickets");
  EXPECT_TRUE(job->run(clock_.NowMillis()).ok());
  EXPECT_EQ(state(tomorrow.id), TicketState::kClosed);
}

TEST_P(KioskRepositoryTest, TokensScopeAndCoverage) {
  // Outside the caller's scope a community does not exist.
  NewKiosk input{kGeyuan, "一楼大厅", "入口", "kiosk"};
  auto outside = service_->Register(input, Over({kQionghua}));
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, core::ErrorCode::kNotFound);
  auto village = service_->Register({"321002100201", "村部", "", "kiosk"}, city_);
  ASSERT_TRUE(village.ok())
      << village.error().message;  // villages may have kiosks; B2a counts urban ones

  auto registered = service_->Register(input, city_);
  ASSERT_TRUE(registered.ok()) << registered.error().message;
  EXPECT_EQ(registered->device_token.size(), 43u);
  auto display = service_->Register({kQionghua, "叫号屏", "", "display"}, city_);
  ASSERT_TRUE(display.ok());

  auto me = service_->Authenticate(registered->device_token);
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->community_code, kGeyuan);
  EXPECT_TRUE(me->last_seen_at.has_value());
  auto ticket = service_->TakeTicketAtKiosk(registered->device_token, "veterans");
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(ticket->community_code, kGeyuan);
  EXPECT_EQ(ticket->kiosk_id, registered->kiosk.id);
  auto from_display = service_->TakeTicketAtKiosk(display->device_token, "veterans");
  ASSERT_FALSE(from_display.ok());
  EXPECT_EQ(from_display.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Authenticate("not-a-token").error().code, core::ErrorCode::kUnauthenticated);

  auto coverage = service_->Coverage("321002001", city_);
  ASSERT_TRUE(coverage.ok()) << coverage.error().message;
  EXPECT_EQ(coverage->total.urban_communities, 2);
  EXPECT_EQ(coverage->total.with_kiosk, 1);  // the display of 琼花观 does not count
  auto county = service_->Coverage("321002", city_);
  ASSERT_TRUE(county.ok());
  ASSERT_FALSE(county->rows.empty());
  EXPECT_EQ(county->rows[0].code.size(), 9u);
  auto scoped = service_->Coverage("321002001", Over({kQionghua}));
  ASSERT_TRUE(scoped.ok());
  EXPECT_EQ(scoped->total.urban_communities, 1);
  EXPECT_EQ(scoped->total.with_kiosk, 0);

  // A new token: the old one stops at once, the new one works; outside the scope it is 404.
  EXPECT_EQ(service_->ReplaceToken(registered->kiosk.id, Over({kQionghua})).error().code,
            core::ErrorCode::kNotFound);
  auto replaced = service_->ReplaceToken(registered->kiosk.id, city_);
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_NE(replaced->device_token, registered->device_token);
  EXPECT_EQ(service_->Authenticate(registered->device_token).error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_TRUE(service_->Authenticate(replaced->device_token).ok());

  auto disabled = service_->Disable(registered->kiosk.id, city_);
  ASSERT_TRUE(disabled.ok());
  EXPECT_FALSE(disabled->enabled);
  EXPECT_EQ(service_->Authenticate(replaced->device_token).error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_->ReplaceToken(registered->kiosk.id, city_).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->Coverage("321002001", city_)->total.with_kiosk, 0);
}

// Device tokens expire (decision 0050): 30 days without being seen, or a year after they were
// given; an expired token stays expired (a refused attempt is not a sighting); 更换令牌 starts a
// new token's life; the workbench's list names the kiosks within two weeks of expiry, in scope.
TEST_P(KioskRepositoryTest, DeviceTokensExpireWhenIdleOrOld) {
  const int64_t day = kDayMillis;
  auto kiosk = service_->Register({kGeyuan, "一楼大厅", "", "kiosk"}, city_);
  ASSERT_TRUE(kiosk.ok()) << kiosk.error().message;
  const int64_t issued = clock_.NowMillis();
  EXPECT_EQ(kiosk->kiosk.token_issued_at, issued);
  EXPECT_EQ(kiosk->kiosk.token_expires_at, issued + 30 * day);
  auto idle = service_->Register({kQionghua, "叫号屏", "", "display"}, city_);
  ASSERT_TRUE(idle.ok());

  // Seen every 20 days, the kiosk works for a year; the display, never seen, stops after 30 days.
  EXPECT_TRUE(
      repository_
          ->ExpiringTokens(issued + 14 * day, 5, city_.ScopeFor(access::Permission::kKiosksManage))
          ->kiosks.empty());
  for (int i = 1; i <= 18; ++i) {
    clock_.Set(issued + i * 20 * day);
    auto seen = service_->Authenticate(kiosk->device_token);
    ASSERT_TRUE(seen.ok()) << "day " << i * 20 << ": " << seen.error().message;
    EXPECT_EQ(seen->token_expires_at, std::min(issued + 365 * day, issued + (i * 20 + 30) * day));
    if (i == 2) {
      auto stale = service_->Authenticate(idle->device_token);
      ASSERT_FALSE(stale.ok());
      EXPECT_EQ(stale.error().code, core::ErrorCode::kUnauthenticated);
      EXPECT_NE(stale.error().message.find("过期"), std::string::npos);
    }
  }
  // Day 360: the year is near; the list has both, the expired display first, and only in scope.
  auto expiring = service_->ExpiringTokens(5, city_);
  ASSERT_TRUE(expiring.ok()) << expiring.error().message;
  ASSERT_EQ(expiring->total, 2);
  EXPECT_EQ(expiring->kiosks[0].id, idle->kiosk.id);
  EXPECT_EQ(expiring->kiosks[1].id, kiosk->kiosk.id);
  auto geyuan = service_->ExpiringTokens(5, Over({kGeyuan}));
  ASSERT_TRUE(geyuan.ok());
  EXPECT_EQ(geyuan->total, 1);

  clock_.Set(issued + 365 * day);
  EXPECT_EQ(service_->Authenticate(kiosk->device_token).error().code,
            core::ErrorCode::kUnauthenticated);
  // A new token works for another year (while seen); the old one stays refused.
  auto replaced = service_->ReplaceToken(kiosk->kiosk.id, city_);
  ASSERT_TRUE(replaced.ok()) << replaced.error().message;
  EXPECT_EQ(replaced->kiosk.token_issued_at, issued + 365 * day);
  EXPECT_FALSE(replaced->kiosk.last_seen_at.has_value());
  auto again = service_->Authenticate(replaced->device_token);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->token_expires_at, issued + 395 * day);
  EXPECT_EQ(service_->ExpiringTokens(5, Over({kGeyuan}))->total, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, KioskRepositoryTest, storage::BothEngines(), storage::EngineName);

}  // namespace
}  // namespace linli::kiosks

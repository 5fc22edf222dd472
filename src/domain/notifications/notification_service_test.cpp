// NotificationService over an in-memory repository: posting writes and nudges SMS delivery only
// for what asks for an SMS, delivering nudges without writing, the bell asks the due-notice sources
// first, and an account reads and marks only its own notifications.
#include "domain/notifications/notification_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace linli::notifications {
namespace {

constexpr int64_t kNow = 1'772'413'200'000;

class MemoryNotifications final : public NotificationRepository {
 public:
  core::Status Insert(const std::vector<Notice>& notices) override {
    if (fail_next_insert) return core::Error::Unavailable("数据库不可用");
    for (const auto& notice : notices) {
      rows.push_back(Notification{int64_t(rows.size()) + 1, notice.account_id, notice.kind,
                                  notice.text, notice.subject, notice.created_at, std::nullopt});
    }
    return core::Ok();
  }
  core::Result<core::Page<Notification>> List(int64_t account_id, bool unread_only,
                                              const core::PageRequest&) override {
    core::Page<Notification> page;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
      if (it->account_id == account_id && (!unread_only || !it->read_at)) {
        page.items.push_back(*it);
      }
    }
    return page;
  }
  core::Result<int64_t> UnreadCount(int64_t account_id) override {
    return std::count_if(rows.begin(), rows.end(), [&](const Notification& n) {
      return n.account_id == account_id && !n.read_at;
    });
  }
  core::Result<bool> MarkRead(int64_t account_id, int64_t id, int64_t now) override {
    for (auto& row : rows) {
      if (row.id == id && row.account_id == account_id) {
        if (!row.read_at) row.read_at = now;
        return true;
      }
    }
    return false;
  }
  core::Result<int64_t> MarkAllRead(int64_t account_id, int64_t now) override {
    int64_t marked = 0;
    for (auto& row : rows) {
      if (row.account_id == account_id && !row.read_at) {
        row.read_at = now;
        ++marked;
      }
    }
    return marked;
  }
  std::vector<Notification> rows;
  bool fail_next_insert = false;
};

access::Caller Account(int64_t id) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = "a" + std::to_string(id);
  principal.grants = {{access::Role::kCommunityWorker, "321002001001", ""}};
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

class NotificationServiceTest : public ::testing::Test {
 protected:
  MemoryNotifications repository_;
  int nudges_ = 0;  // how often delivery was asked to hurry
  core::ManualClock clock_{kNow};
  NotificationService service_{repository_, clock_, [this] { ++nudges_; }};
};

// The repository writes the SMS outbox with the notices (storage/notifications tests that);
// the service then only nudges delivery, once per post that holds an SMS.
TEST_F(NotificationServiceTest, PostWritesEveryNoticeAndNudgesOnlyForThoseThatAskForAnSms) {
  ASSERT_TRUE(service_
                  .Post({Notice{1, "assignment", "新事件分派给您", Subject{SubjectType::kEvent, 7},
                                true, 0},
                         Notice{2, "copy", "抄送", std::nullopt, false, kNow - 5}})
                  .ok());
  ASSERT_EQ(repository_.rows.size(), 2u);
  EXPECT_EQ(repository_.rows[0].created_at, kNow);  // stamped when posted
  EXPECT_EQ(repository_.rows[1].created_at, kNow - 5);
  EXPECT_EQ(repository_.rows[0].subject, (Subject{SubjectType::kEvent, 7}));
  EXPECT_FALSE(repository_.rows[1].subject.has_value());
  EXPECT_EQ(nudges_, 1);
  ASSERT_TRUE(service_.Post({Notice{2, "copy", "抄送", std::nullopt, false, 0}}).ok());
  EXPECT_EQ(nudges_, 1);  // nothing to send
  // Nothing written, no nudge; a notice without recipient or text is refused.
  repository_.fail_next_insert = true;
  EXPECT_FALSE(service_.Post({Notice{1, "warning", "x", std::nullopt, true, 0}}).ok());
  EXPECT_EQ(nudges_, 1);
  repository_.fail_next_insert = false;
  EXPECT_EQ(service_.Post({Notice{0, "warning", "x", std::nullopt, true, 0}}).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_.Post({Notice{1, "warning", "", std::nullopt, true, 0}}).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(service_.Post({}).ok());
}

TEST_F(NotificationServiceTest, DeliverNudgesWithoutWriting) {
  service_.Deliver({Notice{3, "feedback", "已反馈", std::nullopt, false, kNow}});
  EXPECT_EQ(nudges_, 0);
  service_.Deliver({Notice{3, "escalation", "吹哨报到", std::nullopt, true, kNow},
                    Notice{3, "feedback", "已反馈", std::nullopt, false, kNow}});
  EXPECT_TRUE(repository_.rows.empty());
  EXPECT_EQ(nudges_, 1);
  // Without a nudge (no runner: the command line) delivering does nothing at all.
  MemoryNotifications repository;
  NotificationService quiet(repository, clock_);
  quiet.Deliver({Notice{3, "escalation", "吹哨报到", std::nullopt, true, kNow}});
  EXPECT_TRUE(repository.rows.empty());
}

TEST_F(NotificationServiceTest, TheBellShowsOnlyTheAccountsOwn) {
  ASSERT_TRUE(
      service_
          .Post({Notice{1, "warning", "黄色预警", Subject{SubjectType::kEscalation, 9}, true, 0}})
          .ok());
  ASSERT_TRUE(service_.Post({Notice{2, "copy", "抄送", std::nullopt, false, 0}}).ok());
  auto bell = service_.List(Account(1), true, core::PageRequest{});
  ASSERT_TRUE(bell.ok()) << bell.error().message;
  ASSERT_EQ(bell->page.items.size(), 1u);
  EXPECT_EQ(bell->page.items[0].kind, "warning");
  EXPECT_EQ(bell->unread_count, 1);
  // Account 1 may not mark account 2's notification: not found.
  const int64_t others =
      std::find_if(repository_.rows.begin(), repository_.rows.end(), [](const Notification& n) {
        return n.account_id == 2;
      })->id;
  EXPECT_EQ(service_.MarkRead(Account(1), others).error().code, core::ErrorCode::kNotFound);
  clock_.Advance(1000);
  ASSERT_TRUE(service_.MarkRead(Account(1), bell->page.items[0].id).ok());
  auto after = service_.List(Account(1), true, core::PageRequest{});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->unread_count, 0);
  auto marked = service_.MarkAllRead(Account(2));
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 1);
}

TEST(SubjectTypeTest, NamesRoundTrip) {
  for (auto type : {SubjectType::kEvent, SubjectType::kEscalation}) {
    EXPECT_EQ(SubjectTypeFromName(SubjectTypeName(type)), type);
  }
  EXPECT_EQ(SubjectTypeName(SubjectType::kEscalation), "escalation");
  EXPECT_FALSE(SubjectTypeFromName("/events/1").has_value());
  EXPECT_FALSE(SubjectTypeFromName("").has_value());
}

}  // namespace
}  // namespace linli::notifications

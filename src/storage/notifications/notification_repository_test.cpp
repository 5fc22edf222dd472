// Notifications over the SQL repository, on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL:
// subjects stored as type and id, an account's pages newest first, marking read, a malformed
// cursor refused, and migration 0012 turning the links written before it into subjects.
#include "storage/notifications/notification_repository.hpp"

#include <gtest/gtest.h>

#include "domain/notifications/notification_service.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::notifications {
namespace {

constexpr int64_t kNow = 1'772'413'200'000;

class NotificationRepositoryTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(db_, GetParam());
    auto connection = db_->database().Acquire();
    ASSERT_TRUE(connection.ok());
    for (const char* username : {"one", "two"}) {
      auto account = (*connection)
                         ->Query(
                             "INSERT INTO accounts (username, display_name, password_hash, "
                             "created_at, updated_at) VALUES (?, ?, 'x', 0, 0) RETURNING id",
                             {std::string(username), std::string(username)});
      ASSERT_TRUE(account.ok()) << account.error().message;
      accounts_.push_back(account->rows[0].Int(0));
    }
    repository_ = storage::MakeSqlNotificationRepository(db_->database());
    service_ = std::make_unique<NotificationService>(*repository_, clock_);
  }

  access::Caller Account(size_t index) const {
    access::Principal principal;
    principal.account_id = accounts_[index];
    principal.username = "account" + std::to_string(index);
    return access::Caller(std::move(principal), "127.0.0.1", "r-test");
  }

  std::unique_ptr<storage::TestDatabase> db_;
  std::vector<int64_t> accounts_;
  std::unique_ptr<NotificationRepository> repository_;
  core::ManualClock clock_{kNow};
  std::unique_ptr<NotificationService> service_;
};

TEST_P(NotificationRepositoryTest, SubjectsPagesAndMarks) {
  const int64_t one = accounts_[0];
  {
    // Account one has a phone (only whether it has one matters when a message is queued).
    auto connection = db_->database().Acquire();
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE((*connection)
                    ->Query("UPDATE accounts SET phone_cipher = 'sealed' WHERE id = ?", {one})
                    .ok());
  }
  ASSERT_TRUE(
      service_
          ->Post({Notice{one, "assignment", "分派", Subject{SubjectType::kEvent, 7}, true, 0},
                  Notice{one, "copy", "抄送", std::nullopt, false, 0},
                  Notice{one, "escalation", "吹哨报到", Subject{SubjectType::kEscalation, 12}, true,
                         0},
                  Notice{accounts_[1], "copy", "别人的", std::nullopt, false, 0}})
          .ok());
  // The two that ask for an SMS are queued in the outbox with them, due at once.
  auto connection = db_->database().Acquire();
  ASSERT_TRUE(connection.ok());
  auto queued = (*connection)
                    ->Query(
                        "SELECT m.account_id, n.kind, m.status, m.attempts, m.next_attempt_at "
                        "FROM sms_messages m JOIN notifications n ON n.id = m.notification_id "
                        "ORDER BY m.id");
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  ASSERT_EQ(queued->rows.size(), 2u);
  EXPECT_EQ(queued->rows[0].Text(1), "assignment");
  EXPECT_EQ(queued->rows[1].Text(1), "escalation");
  for (const auto& row : queued->rows) {
    EXPECT_EQ(row.Int(0), one);
    EXPECT_EQ(row.Text(2), "queued");
    EXPECT_EQ(row.Int(3), 0);
    EXPECT_EQ(row.Int(4), kNow);
  }
  auto first = service_->List(Account(0), false, core::PageRequest{2, ""});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->unread_count, 3);
  ASSERT_EQ(first->page.items.size(), 2u);
  EXPECT_EQ(first->page.items[0].kind, "escalation");  // newest first
  EXPECT_EQ(first->page.items[0].subject, (Subject{SubjectType::kEscalation, 12}));
  EXPECT_EQ(first->page.items[0].created_at, kNow);
  EXPECT_FALSE(first->page.items[1].subject.has_value());
  ASSERT_TRUE(first->page.next_cursor.has_value());
  auto after = core::DecodeCursor(*first->page.next_cursor);
  ASSERT_TRUE(after.ok());
  auto second = service_->List(Account(0), false, core::PageRequest{2, *after});
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_EQ(second->page.items.size(), 1u);
  EXPECT_EQ(second->page.items[0].subject, (Subject{SubjectType::kEvent, 7}));
  EXPECT_FALSE(second->page.next_cursor.has_value());
  EXPECT_EQ(repository_->List(one, false, core::PageRequest{2, "12abc"}).error().code,
            core::ErrorCode::kInvalidArgument);

  // Marking: one's own only; twice keeps the first time; all the rest at once.
  const int64_t id = second->page.items[0].id;
  EXPECT_EQ(service_->MarkRead(Account(1), id).error().code, core::ErrorCode::kNotFound);
  clock_.Advance(1000);
  ASSERT_TRUE(service_->MarkRead(Account(0), id).ok());
  clock_.Advance(1000);
  ASSERT_TRUE(service_->MarkRead(Account(0), id).ok());
  auto unread = service_->List(Account(0), true, core::PageRequest{});
  ASSERT_TRUE(unread.ok());
  EXPECT_EQ(unread->unread_count, 2);
  EXPECT_EQ(unread->page.items.size(), 2u);
  auto all = service_->List(Account(0), false, core::PageRequest{});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->page.items.back().read_at, std::optional<int64_t>(kNow + 1000));
  auto marked = service_->MarkAllRead(Account(0));
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 2);
  auto other = service_->List(Account(1), true, core::PageRequest{});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->unread_count, 1);
}

// Rows written before migration 0012 carried a link of the web app; the migration turns each
// into its subject (none for ""), and the link column goes.
TEST_P(NotificationRepositoryTest, Migration12TurnsLinksIntoSubjects) {
  auto connection = db_->database().Acquire();
  ASSERT_TRUE(connection.ok());
  storage::Connection& c = **connection;
  // Back to the shape before 0012.
  ASSERT_TRUE(c.ExecScript("ALTER TABLE notifications DROP COLUMN subject_type;"
                           "ALTER TABLE notifications DROP COLUMN subject_id;"
                           "ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';"
                           "DELETE FROM schema_migrations WHERE version = 12;")
                  .ok());
  for (const char* link : {"/events/41", "/escalations/9", ""}) {
    ASSERT_TRUE(c.Query("INSERT INTO notifications (account_id, kind, text, link, created_at) "
                        "VALUES (?, 'assignment', '旧通知', ?, 1)",
                        {accounts_[0], std::string(link)})
                    .ok());
  }
  auto migrated = storage::Migrate(db_->database());
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  auto listed = repository_->List(accounts_[0], false, core::PageRequest{});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 3u);
  EXPECT_FALSE(listed->items[0].subject.has_value());
  EXPECT_EQ(listed->items[1].subject, (Subject{SubjectType::kEscalation, 9}));
  EXPECT_EQ(listed->items[2].subject, (Subject{SubjectType::kEvent, 41}));
  EXPECT_FALSE(c.Query("SELECT link FROM notifications").ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, NotificationRepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::notifications

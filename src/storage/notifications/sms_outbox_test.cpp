// The SMS outbox on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL: a notice that asks for an
// SMS is queued with its notification in one transaction (rolled back together; no_phone at
// once for an account without a phone); a claim is taken once — of many runners racing on two
// connection pools exactly one wins — and becomes due again when it expires; an outcome is
// written only under the claim that made it; the log pages newest first by status and counts;
// SmsDelivery over the SQL repositories sends to the account's sealed phone; and a reset's text
// is stored sealed, opened to send, and erased once final (decision 0020).
#include "storage/notifications/sms_outbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/notifications/notification_service.hpp"
#include "domain/notifications/sms_delivery.hpp"
#include "storage/access/access_repositories.hpp"
#include "storage/notifications/notification_repository.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::notifications {
namespace {

using storage::Engine;

constexpr int64_t kNow = 1'772'413'200'000;
constexpr int64_t kMinute = 60'000;

class RecordingGateway final : public SmsGateway {
 public:
  SmsSendResult Send(const SmsRequest& request) override {
    requests.push_back(request);
    return SmsSendResult{SmsSendResult::Kind::kSent, "", "gw-" + std::to_string(request.message_id),
                         0};
  }
  std::vector<SmsRequest> requests;
};

class SmsOutboxTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(db_, GetParam() == Engine::kPostgres);
    keys_ = std::make_unique<crypto::KeyRing>(
        crypto::KeyRing::Create({{"k1", std::string(32, '\x41')}}, "k1", "k1").value());
    accounts_ = storage::MakeSqlAccountRepository(db_->database(), keys_.get());
    for (auto [username, phone] :
         {std::pair<const char*, const char*>{"worker", "13812345678"}, {"nophone", nullptr}}) {
      access::Account account;
      account.username = username;
      account.display_name = username;
      account.password_hash = "x";
      account.grants = {{access::Role::kCommunityWorker, "321002001001", ""}};
      if (phone) account.phone = phone;
      auto inserted = accounts_->Insert(account);
      ASSERT_TRUE(inserted.ok()) << inserted.error().message;
      ids_.push_back(inserted->id);
    }
    notifications_ = storage::MakeSqlNotificationRepository(db_->database());
    outbox_ = storage::MakeSqlSmsOutbox(db_->database());
  }

  // Queues one SMS notice for `account` at `at`; returns its message id.
  int64_t Queue(int64_t account, std::string text, int64_t at = kNow) {
    EXPECT_TRUE(notifications_
                    ->Insert({Notice{account, "warning", std::move(text), std::nullopt, true, at}})
                    .ok());
    auto page = outbox_->List(std::nullopt, core::PageRequest{1, ""});
    EXPECT_TRUE(page.ok() && !page->items.empty());
    return page.ok() && !page->items.empty() ? page->items[0].id : 0;
  }

  std::unique_ptr<storage::Database> OpenAgain() {
    auto opened = storage::OpenAgain(*db_);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  std::unique_ptr<storage::TestDatabase> db_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<access::AccountRepository> accounts_;
  std::unique_ptr<NotificationRepository> notifications_;
  std::unique_ptr<SmsOutbox> outbox_;
  std::vector<int64_t> ids_;  // worker (with a phone), nophone
  core::ManualClock clock_{kNow};
};

TEST_P(SmsOutboxTest, AMessageIsWrittenWithItsNotificationOrNotAtAll) {
  const int64_t worker = ids_[0];
  const int64_t nophone = ids_[1];
  ASSERT_TRUE(notifications_
                  ->Insert({Notice{worker, "assignment", "分派", std::nullopt, true, kNow},
                            Notice{worker, "copy", "抄送", std::nullopt, false, kNow},
                            Notice{nophone, "assignment", "分派", std::nullopt, true, kNow}})
                  .ok());
  auto log = outbox_->List(std::nullopt, {});
  ASSERT_TRUE(log.ok()) << log.error().message;
  ASSERT_EQ(log->items.size(), 2u);  // the copy asked for none
  const SmsMessage& no_phone = log->items[0];
  EXPECT_EQ(no_phone.account_id, nophone);
  EXPECT_EQ(no_phone.username, "nophone");
  EXPECT_EQ(no_phone.status, SmsStatus::kNoPhone);  // nothing to queue
  EXPECT_EQ(no_phone.last_error, kNoPhoneError);
  const SmsMessage& queued = log->items[1];
  EXPECT_EQ(queued.username, "worker");
  EXPECT_EQ(queued.kind, "assignment");
  EXPECT_EQ(queued.status, SmsStatus::kQueued);
  EXPECT_EQ(queued.attempts, 0);
  EXPECT_EQ(queued.next_attempt_at, kNow);
  EXPECT_EQ(queued.created_at, kNow);

  // A change that fails after its notices rolls the messages back with them.
  auto connection = db_->database().Acquire();
  ASSERT_TRUE(connection.ok());
  auto failed = storage::InTransaction(**connection, [&](storage::Connection& c) -> core::Status {
    TRY(storage::InsertNotificationsIn(
        c, {Notice{worker, "warning", "回滚", std::nullopt, true, kNow}}));
    return core::Error::Unavailable("the change itself failed");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(outbox_->List(std::nullopt, {})->items.size(), 2u);
  auto notes = notifications_->List(worker, false, {});
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->items.size(), 2u);
}

TEST_P(SmsOutboxTest, AClaimIsTakenOnceAndAnOutcomeOnlyUnderItsClaim) {
  const int64_t id = Queue(ids_[0], "预警");
  EXPECT_EQ(outbox_->DueIds(kNow - 1, 10)->size(), 0u);
  ASSERT_EQ(outbox_->DueIds(kNow, 10).value(), std::vector<int64_t>{id});
  auto claimed = outbox_->Claim(id, kNow, kNow + 2 * kMinute);
  ASSERT_TRUE(claimed.ok() && claimed->has_value()) << claimed.error().message;
  EXPECT_EQ((*claimed)->attempt, 1);
  EXPECT_EQ((*claimed)->text, "预警");
  EXPECT_EQ((*claimed)->account_id, ids_[0]);
  // Held: neither due nor claimable until the claim ends.
  EXPECT_TRUE(outbox_->DueIds(kNow + kMinute, 10)->empty());
  EXPECT_FALSE(outbox_->Claim(id, kNow + kMinute, kNow + 3 * kMinute)->has_value());
  // The runner died: when the claim ends the message is due again, and a new claim counts a
  // second attempt. The first runner's late outcome is then refused.
  auto again = outbox_->Claim(id, kNow + 2 * kMinute, kNow + 4 * kMinute);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->attempt, 2);
  SmsOutcome sent{SmsStatus::kSent, 0, "", "gw-9", kNow + 2 * kMinute + 500};
  EXPECT_FALSE(outbox_->Record(id, 1, sent).value());
  SmsOutcome retry{SmsStatus::kQueued, kNow + 10 * kMinute, "短信网关暂不可用：HTTP 503", "",
                   kNow + 2 * kMinute + 500};
  EXPECT_TRUE(outbox_->Record(id, 2, retry).value());
  auto message = outbox_->List(SmsStatus::kQueued, {})->items.at(0);
  EXPECT_EQ(message.attempts, 2);
  EXPECT_EQ(message.next_attempt_at, kNow + 10 * kMinute);
  EXPECT_EQ(message.last_error, "短信网关暂不可用：HTTP 503");
  // Retried at its time, sent: final, never due again, nothing more recorded over it.
  auto third = outbox_->Claim(id, kNow + 10 * kMinute, kNow + 12 * kMinute);
  ASSERT_TRUE(third.ok() && third->has_value());
  sent.at = kNow + 10 * kMinute;
  EXPECT_TRUE(outbox_->Record(id, 3, sent).value());
  EXPECT_FALSE(outbox_->Record(id, 3, retry).value());
  EXPECT_TRUE(outbox_->DueIds(kNow + 100 * kMinute, 10)->empty());
  auto done = outbox_->List(SmsStatus::kSent, {})->items.at(0);
  EXPECT_EQ(done.sent_at, std::optional<int64_t>(kNow + 10 * kMinute));
  EXPECT_EQ(done.gateway_message_id, "gw-9");
  EXPECT_EQ(done.last_error, "");
  EXPECT_EQ(done.attempts, 3);
}

TEST_P(SmsOutboxTest, OfManyRunnersRacingForOneMessageExactlyOneClaimsIt) {
  auto other_database = OpenAgain();
  ASSERT_NE(other_database, nullptr);
  auto other_outbox = storage::MakeSqlSmsOutbox(*other_database);
  const int64_t id = Queue(ids_[0], "一次");
  std::atomic<int> winners{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      SmsOutbox& outbox = i % 2 ? *other_outbox : *outbox_;
      auto claimed = outbox.Claim(id, kNow, kNow + 2 * kMinute);
      if (!claimed.ok()) {
        ++errors;
      } else if (claimed->has_value()) {
        ++winners;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(outbox_->List(std::nullopt, {})->items.at(0).attempts, 1);
  other_database->Close();
}

TEST_P(SmsOutboxTest, TheLogPagesNewestFirstByStatusAndCounts) {
  std::vector<int64_t> queued;
  for (int i = 0; i < 3; ++i) queued.push_back(Queue(ids_[0], "m" + std::to_string(i)));
  Queue(ids_[1], "no phone");
  auto first = outbox_->List(SmsStatus::kQueued, core::PageRequest{2, ""});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id, queued[2]);
  ASSERT_TRUE(first->next_cursor.has_value());
  auto second = outbox_->List(SmsStatus::kQueued,
                              core::PageRequest{2, *core::DecodeCursor(*first->next_cursor)});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id, queued[0]);
  EXPECT_FALSE(second->next_cursor.has_value());
  storage::ExpectCursorRefused(outbox_->List(std::nullopt, core::PageRequest{2, "x"}), "x");
  auto counts = outbox_->Count();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 4u);
  for (const SmsCount& count : *counts) {
    const int64_t expected = count.status == SmsStatus::kQueued    ? 3
                             : count.status == SmsStatus::kNoPhone ? 1
                                                                   : 0;
    EXPECT_EQ(count.messages, expected) << SmsStatusName(count.status);
  }
}

// The whole way on a real database: posted notices, their nudges, and the job's run sending the
// texts to the account's sealed phone; a phone removed after a message was queued makes it
// no_phone when due, and a later one no_phone when written.
TEST_P(SmsOutboxTest, DeliverySendsToTheAccountsSealedPhone) {
  int nudges = 0;
  NotificationService service(*notifications_, clock_, [&] { ++nudges; });
  ASSERT_TRUE(
      service.Post({Notice{ids_[0], "assignment", "新事件分派给您", std::nullopt, true, 0}}).ok());
  ASSERT_TRUE(service.Post({Notice{ids_[0], "warning", "黄色预警", std::nullopt, true, 0}}).ok());
  EXPECT_EQ(nudges, 2);
  RecordingGateway gateway;
  SmsDelivery delivery(*outbox_, *accounts_, gateway, clock_);
  auto run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->sent, 2);
  ASSERT_EQ(gateway.requests.size(), 2u);
  EXPECT_EQ(gateway.requests[0].phone, "13812345678");
  EXPECT_EQ(gateway.requests[0].text, "新事件分派给您");
  EXPECT_EQ(gateway.requests[1].text, "黄色预警");

  ASSERT_TRUE(service.Post({Notice{ids_[0], "warning", "红色预警", std::nullopt, true, 0}}).ok());
  ASSERT_TRUE(accounts_->SetPhone(ids_[0], std::nullopt, kNow).ok());
  ASSERT_TRUE(service.Post({Notice{ids_[0], "supervision", "督办", std::nullopt, true, 0}}).ok());
  run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->no_phone, 1);  // the one queued before; the later one was never queued
  EXPECT_EQ(gateway.requests.size(), 2u);
  auto log = delivery.List(access::Caller::System(), std::nullopt, {});
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->items.size(), 4u);
  EXPECT_EQ(log->items[0].status, SmsStatus::kNoPhone);
  EXPECT_EQ(log->items[0].attempts, 0);
  EXPECT_EQ(log->items[1].status, SmsStatus::kNoPhone);
  EXPECT_EQ(log->items[1].attempts, 1);
  EXPECT_EQ(log->items[2].status, SmsStatus::kSent);
  EXPECT_EQ(log->items[2].gateway_message_id, "gw-" + std::to_string(log->items[2].id));
}

class ScriptedGateway final : public SmsGateway {
 public:
  SmsSendResult Send(const SmsRequest& request) override {
    requests.push_back(request);
    return SmsSendResult{kind, kind == SmsSendResult::Kind::kSent ? "" : "短信网关拒绝：HTTP 400",
                         "", 0};
  }
  SmsSendResult::Kind kind = SmsSendResult::Kind::kSent;
  std::vector<SmsRequest> requests;
};

// A reset's SMS (decision 0020): written with the password hash by the account repository, its
// text stored only sealed and bound to its row, absent from the log, opened by the claim (not
// without the key ring), sent, and erased once final — sent or failed; never kept for no_phone.
TEST_P(SmsOutboxTest, ASecretTextIsSealedOpenedToSendAndErasedWhenFinal) {
  const std::string kSecret = "临时密码：Kx7mPq2vRt9wZb4n，仅用于下次登录";
  const auto stored_body = [&](int64_t id) -> std::optional<std::string> {
    auto connection = db_->database().Acquire();
    EXPECT_TRUE(connection.ok());
    auto result = (*connection)->Query("SELECT body_cipher FROM sms_messages WHERE id = ?", {id});
    EXPECT_TRUE(result.ok() && result->rows.size() == 1u);
    if (result->rows[0].IsNull(0)) return std::nullopt;
    return result->rows[0].Text(0);
  };
  auto sealed_outbox = storage::MakeSqlSmsOutbox(db_->database(), keys_.get());
  ASSERT_TRUE(accounts_
                  ->SetPasswordHashWithSms(ids_[0], "new-hash",
                                           {"您的密码已重置，临时密码已通过短信发送", kSecret},
                                           kNow)
                  .ok());
  auto account = accounts_->FindById(ids_[0]);
  ASSERT_TRUE(account.ok() && account->has_value());
  EXPECT_EQ((*account)->password_hash, "new-hash");
  EXPECT_TRUE((*account)->must_change_password);
  auto bell = notifications_->List(ids_[0], false, {});
  ASSERT_TRUE(bell.ok() && bell->items.size() == 1u);
  EXPECT_EQ(bell->items[0].kind, "account");
  EXPECT_EQ(bell->items[0].text.find("Kx7mPq2vRt9wZb4n"), std::string::npos);

  auto log = sealed_outbox->List(std::nullopt, {});
  ASSERT_TRUE(log.ok() && log->items.size() == 1u);
  const SmsMessage& listed = log->items[0];
  EXPECT_EQ(listed.status, SmsStatus::kQueued);
  EXPECT_EQ(listed.kind, "account");
  for (const std::string& shown :
       {listed.username, listed.kind, listed.last_error, listed.gateway_message_id}) {
    EXPECT_EQ(shown.find("Kx7mPq2vRt9wZb4n"), std::string::npos);
  }
  const int64_t id = listed.id;
  // Sealed, bound to its row: it opens there and nowhere else.
  const auto body = stored_body(id);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(body->find("Kx7mPq2vRt9wZb4n"), std::string::npos);
  EXPECT_EQ(keys_->Decrypt(*body, storage::SmsBodyAt(id)).value(), kSecret);
  EXPECT_FALSE(keys_->Decrypt(*body, storage::SmsBodyAt(id + 1)).ok());
  EXPECT_FALSE(keys_->Decrypt(*body, storage::AccountPhoneAt(ids_[0])).ok());

  // An outbox without the key ring cannot open it: the claim says so, with no text.
  auto blind = outbox_->Claim(id, kNow, kNow + kMinute);
  ASSERT_TRUE(blind.ok() && blind->has_value());
  EXPECT_TRUE((*blind)->text.empty());
  EXPECT_FALSE((*blind)->unopened.empty());

  // The job (with the ring) sends the opened text once the claim has ended; then it is erased.
  clock_.Set(kNow + kMinute);
  ScriptedGateway gateway;
  SmsDelivery delivery(*sealed_outbox, *accounts_, gateway, clock_);
  auto run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->sent, 1);
  ASSERT_EQ(gateway.requests.size(), 1u);
  EXPECT_EQ(gateway.requests[0].text, kSecret);
  EXPECT_EQ(gateway.requests[0].phone, "13812345678");
  EXPECT_FALSE(stored_body(id).has_value());
  EXPECT_EQ(sealed_outbox->List(SmsStatus::kSent, {})->items.at(0).id, id);

  // Refused for good: erased as well.
  gateway.kind = SmsSendResult::Kind::kRejected;
  ASSERT_TRUE(accounts_->SetPasswordHashWithSms(ids_[0], "h2", {"重置", kSecret}, kNow).ok());
  const int64_t refused = sealed_outbox->List(SmsStatus::kQueued, {})->items.at(0).id;
  EXPECT_TRUE(stored_body(refused).has_value());
  run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->failed, 1);
  EXPECT_FALSE(stored_body(refused).has_value());

  // A retry keeps it sealed until the next attempt.
  gateway.kind = SmsSendResult::Kind::kRetry;
  ASSERT_TRUE(accounts_->SetPasswordHashWithSms(ids_[0], "h3", {"重置", kSecret}, kNow).ok());
  const int64_t retried = sealed_outbox->List(SmsStatus::kQueued, {})->items.at(0).id;
  run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->retrying, 1);
  EXPECT_TRUE(stored_body(retried).has_value());

  // No phone: logged as no_phone at once, nothing sealed kept.
  ASSERT_TRUE(accounts_->SetPasswordHashWithSms(ids_[1], "h4", {"重置", kSecret}, kNow).ok());
  const SmsMessage none = sealed_outbox->List(SmsStatus::kNoPhone, {})->items.at(0);
  EXPECT_EQ(none.account_id, ids_[1]);
  EXPECT_FALSE(stored_body(none.id).has_value());

  // Without the key ring nothing is written, the password hash included.
  auto keyless = storage::MakeSqlAccountRepository(db_->database());
  auto refused_write = keyless->SetPasswordHashWithSms(ids_[1], "h5", {"重置", kSecret}, kNow);
  EXPECT_EQ(refused_write.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(accounts_->FindById(ids_[1])->value().password_hash, "h4");
}

INSTANTIATE_TEST_SUITE_P(Engines, SmsOutboxTest, storage::BothEngines(), storage::EngineName);

}  // namespace
}  // namespace linli::notifications

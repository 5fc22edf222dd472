// SmsDelivery over an in-memory outbox, the access context's fake account repository and a
// scripted gateway, with a ManualClock: a message goes to the account's phone with its text;
// network errors, 5xx and 429 are retried after the configured delays (or the gateway's
// Retry-After when longer) until max_attempts; a refusal, an account without a phone, disabled
// or gone is final; a message claimed by someone else is skipped and a lost claim records
// nothing; the log needs jobs.manage; the delays parse from the configuration's text. (The SQL
// outbox and its claims on both engines: storage/notifications/sms_outbox_test.cpp.)
#include "domain/notifications/sms_delivery.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>

#include "domain/access/internal/fake_repositories.hpp"

namespace linli::notifications {
namespace {

constexpr int64_t kNow = 1'772'413'200'000;
constexpr int64_t kMinute = 60'000;

struct StoredSms {
  int64_t account_id = 0;
  std::string text;
  SmsStatus status = SmsStatus::kQueued;
  int attempts = 0;
  int64_t next_attempt_at = 0;
  std::string error;
  std::string gateway_id;
  std::optional<int64_t> sent_at;
  std::string unopened;  // a sealed text that does not open (decision 0020)
};

class MemoryOutbox final : public SmsOutbox {
 public:
  int64_t Queue(int64_t account_id, std::string text, int64_t at) {
    StoredSms row;
    row.account_id = account_id;
    row.text = std::move(text);
    row.next_attempt_at = at;
    rows[++last_id] = std::move(row);
    return last_id;
  }
  core::Result<std::vector<int64_t>> DueIds(int64_t now, int limit) override {
    std::vector<int64_t> ids;
    for (const auto& [id, row] : rows) {
      if (row.status == SmsStatus::kQueued && row.next_attempt_at <= now &&
          int(ids.size()) < limit) {
        ids.push_back(id);
      }
    }
    return ids;
  }
  core::Result<std::optional<ClaimedSms>> Claim(int64_t id, int64_t now,
                                                int64_t claimed_until) override {
    if (steal_next_claim) {  // another runner got there first
      steal_next_claim = false;
      rows[id].next_attempt_at = claimed_until;
      ++rows[id].attempts;
    }
    StoredSms& row = rows[id];
    if (row.status != SmsStatus::kQueued || row.next_attempt_at > now) {
      return std::optional<ClaimedSms>();
    }
    ++row.attempts;
    row.next_attempt_at = claimed_until;
    return std::optional<ClaimedSms>(ClaimedSms{
        id, row.account_id, row.unopened.empty() ? row.text : "", row.attempts, row.unopened});
  }
  core::Result<bool> Record(int64_t id, int attempt, const SmsOutcome& outcome) override {
    StoredSms& row = rows[id];
    if (lose_next_claim) {  // our claim expired and another runner took the message over
      lose_next_claim = false;
      ++row.attempts;
    }
    if (row.attempts != attempt || row.status != SmsStatus::kQueued) return false;
    row.status = outcome.status;
    row.next_attempt_at = outcome.next_attempt_at;
    row.error = outcome.error;
    row.gateway_id = outcome.gateway_message_id;
    if (outcome.status == SmsStatus::kSent) row.sent_at = outcome.at;
    return true;
  }
  core::Result<core::Page<SmsMessage>> List(std::optional<SmsStatus> status,
                                            const core::PageRequest&) override {
    core::Page<SmsMessage> page;
    for (const auto& [id, row] : rows) {
      if (!status || row.status == *status) {
        SmsMessage message;
        message.id = id;
        message.status = row.status;
        page.items.push_back(message);
      }
    }
    return page;
  }
  core::Result<std::vector<SmsCount>> Count() override { return std::vector<SmsCount>{}; }

  std::map<int64_t, StoredSms> rows;
  int64_t last_id = 0;
  bool steal_next_claim = false;
  bool lose_next_claim = false;
};

// Answers from a script (then kSent), recording what it was handed.
class ScriptedGateway final : public SmsGateway {
 public:
  SmsSendResult Send(const SmsRequest& request) override {
    requests.push_back(request);
    if (answers.empty()) return SmsSendResult{};
    SmsSendResult answer = answers.front();
    answers.pop_front();
    return answer;
  }
  static SmsSendResult Retry(std::string error, int64_t retry_after_ms = 0) {
    return SmsSendResult{SmsSendResult::Kind::kRetry, std::move(error), "", retry_after_ms};
  }
  std::deque<SmsSendResult> answers;
  std::vector<SmsRequest> requests;
};

access::Account AccountWith(std::string username, std::optional<std::string> phone,
                            bool disabled = false) {
  access::Account account;
  account.username = std::move(username);
  account.display_name = account.username;
  account.phone = std::move(phone);
  account.disabled = disabled;
  account.grants = {{access::Role::kCommunityWorker, "321002001001", ""}};
  return account;
}

class SmsDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    worker_ = accounts_.Insert(AccountWith("worker", "13812345678")).value().id;
    no_phone_ = accounts_.Insert(AccountWith("nophone", std::nullopt)).value().id;
    disabled_ = accounts_.Insert(AccountWith("gone", "13900001111", true)).value().id;
  }
  SmsDelivery Delivery(int max_attempts = 3) {
    SmsDeliveryOptions options;
    options.max_attempts = max_attempts;
    options.retry_delays_ms = {1 * kMinute, 5 * kMinute};
    options.claim_ms = 2 * kMinute;
    return SmsDelivery(outbox_, accounts_, gateway_, clock_, options);
  }

  access::testing::FakeAccountRepository accounts_;
  MemoryOutbox outbox_;
  ScriptedGateway gateway_;
  core::ManualClock clock_{kNow};
  int64_t worker_ = 0, no_phone_ = 0, disabled_ = 0;
};

TEST_F(SmsDeliveryTest, SendsToTheAccountsPhoneAndRecordsTheGatewaysId) {
  const int64_t id = outbox_.Queue(worker_, "新事件分派给您：垃圾堆放", kNow);
  outbox_.Queue(worker_, "later", kNow + kMinute);  // not due yet
  gateway_.answers.push_back(SmsSendResult{SmsSendResult::Kind::kSent, "", "gw-42", 0});
  auto delivery = Delivery();
  auto run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->sent, 1);
  ASSERT_EQ(gateway_.requests.size(), 1u);
  EXPECT_EQ(gateway_.requests[0].phone, "13812345678");
  EXPECT_EQ(gateway_.requests[0].text, "新事件分派给您：垃圾堆放");
  EXPECT_EQ(gateway_.requests[0].message_id, id);
  EXPECT_EQ(gateway_.requests[0].account_id, worker_);
  const StoredSms& row = outbox_.rows[id];
  EXPECT_EQ(row.status, SmsStatus::kSent);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.gateway_id, "gw-42");
  EXPECT_EQ(row.sent_at, std::optional<int64_t>(kNow));
  EXPECT_EQ(row.error, "");
  // Sent is sent: the next run finds nothing due.
  EXPECT_EQ(delivery.DeliverDue()->sent, 0);
  EXPECT_EQ(gateway_.requests.size(), 1u);
}

TEST_F(SmsDeliveryTest, RetriesAfterTheDelaysThenFailsAfterMaxAttempts) {
  const int64_t id = outbox_.Queue(worker_, "黄色预警", kNow);
  gateway_.answers = {ScriptedGateway::Retry("短信网关暂不可用：HTTP 503"),
                      ScriptedGateway::Retry("连接短信网关失败：超时"),
                      ScriptedGateway::Retry("短信网关暂不可用：HTTP 429")};
  auto delivery = Delivery(3);
  ASSERT_EQ(delivery.DeliverDue()->retrying, 1);
  EXPECT_EQ(outbox_.rows[id].status, SmsStatus::kQueued);
  EXPECT_EQ(outbox_.rows[id].next_attempt_at, kNow + kMinute);  // the first delay
  EXPECT_EQ(outbox_.rows[id].error, "短信网关暂不可用：HTTP 503");
  // Not before its time.
  clock_.Advance(kMinute - 1);
  EXPECT_EQ(delivery.DeliverDue()->retrying, 0);
  EXPECT_EQ(gateway_.requests.size(), 1u);
  clock_.Advance(1);
  ASSERT_EQ(delivery.DeliverDue()->retrying, 1);
  EXPECT_EQ(outbox_.rows[id].next_attempt_at, clock_.NowMillis() + 5 * kMinute);  // the second
  clock_.Advance(5 * kMinute);
  // The third attempt fails too: out of attempts, the message fails with the last reason.
  ASSERT_EQ(delivery.DeliverDue()->failed, 1);
  EXPECT_EQ(outbox_.rows[id].status, SmsStatus::kFailed);
  EXPECT_EQ(outbox_.rows[id].attempts, 3);
  EXPECT_EQ(outbox_.rows[id].error, "已尝试 3 次，放弃：短信网关暂不可用：HTTP 429");
  clock_.Advance(60 * kMinute);
  EXPECT_EQ(delivery.DeliverDue()->failed, 0);
  EXPECT_EQ(gateway_.requests.size(), 3u);
}

TEST_F(SmsDeliveryTest, ALongerRetryAfterWinsAndTheLastDelayRepeats) {
  const int64_t id = outbox_.Queue(worker_, "督办", kNow);
  gateway_.answers = {ScriptedGateway::Retry("HTTP 429", 20 * kMinute),
                      ScriptedGateway::Retry("HTTP 503"), ScriptedGateway::Retry("HTTP 503")};
  auto delivery = Delivery(5);
  ASSERT_TRUE(delivery.DeliverDue().ok());
  EXPECT_EQ(outbox_.rows[id].next_attempt_at, kNow + 20 * kMinute);
  clock_.Set(kNow + 20 * kMinute);
  ASSERT_TRUE(delivery.DeliverDue().ok());
  EXPECT_EQ(outbox_.rows[id].next_attempt_at, clock_.NowMillis() + 5 * kMinute);
  clock_.Advance(5 * kMinute);
  ASSERT_TRUE(delivery.DeliverDue().ok());
  EXPECT_EQ(outbox_.rows[id].next_attempt_at, clock_.NowMillis() + 5 * kMinute);  // repeats
  clock_.Advance(5 * kMinute);
  ASSERT_EQ(delivery.DeliverDue()->sent, 1);
  EXPECT_EQ(outbox_.rows[id].attempts, 4);
}

TEST_F(SmsDeliveryTest, ARefusalOrAnAccountThatCannotReceiveIsFinal) {
  const int64_t refused = outbox_.Queue(worker_, "refused", kNow);
  const int64_t no_phone = outbox_.Queue(no_phone_, "no phone", kNow);
  const int64_t disabled = outbox_.Queue(disabled_, "disabled", kNow);
  const int64_t gone = outbox_.Queue(999, "gone", kNow);
  gateway_.answers = {
      SmsSendResult{SmsSendResult::Kind::kRejected, "短信网关拒绝：HTTP 400", "", 0}};
  auto run = Delivery().DeliverDue();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->failed, 3);
  EXPECT_EQ(run->no_phone, 1);
  EXPECT_EQ(gateway_.requests.size(), 1u);  // only the account that can receive was tried
  EXPECT_EQ(outbox_.rows[refused].status, SmsStatus::kFailed);
  EXPECT_EQ(outbox_.rows[refused].error, "短信网关拒绝：HTTP 400");
  EXPECT_EQ(outbox_.rows[no_phone].status, SmsStatus::kNoPhone);
  EXPECT_EQ(outbox_.rows[no_phone].error, kNoPhoneError);
  EXPECT_EQ(outbox_.rows[disabled].status, SmsStatus::kFailed);
  EXPECT_EQ(outbox_.rows[disabled].error, "账号已停用，不发送");
  EXPECT_EQ(outbox_.rows[gone].status, SmsStatus::kFailed);
  EXPECT_EQ(outbox_.rows[gone].error, "账号不存在");
}

// A message whose sealed text did not open (decision 0020) fails at once, the gateway untouched.
TEST_F(SmsDeliveryTest, ASealedTextThatDoesNotOpenFailsWithoutSending) {
  const int64_t sealed = outbox_.Queue(worker_, "临时密码", kNow);
  outbox_.rows[sealed].unopened = "密文与所在行不符";
  auto run = Delivery().DeliverDue();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->failed, 1);
  EXPECT_TRUE(gateway_.requests.empty());
  EXPECT_EQ(outbox_.rows[sealed].status, SmsStatus::kFailed);
  EXPECT_EQ(outbox_.rows[sealed].error, "短信正文无法解密：密文与所在行不符");
}

TEST_F(SmsDeliveryTest, AClaimTakenByAnotherRunnerIsSkippedAndALostClaimRecordsNothing) {
  const int64_t first = outbox_.Queue(worker_, "one", kNow);
  const int64_t second = outbox_.Queue(worker_, "two", kNow);
  outbox_.steal_next_claim = true;
  auto delivery = Delivery();
  auto run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->skipped, 1);
  EXPECT_EQ(run->sent, 1);
  ASSERT_EQ(gateway_.requests.size(), 1u);  // never sent twice
  EXPECT_EQ(gateway_.requests[0].message_id, second);
  EXPECT_EQ(outbox_.rows[first].status, SmsStatus::kQueued);  // the other runner's to record
  // Our claim on the first expires and another runner takes it before we record: ours is
  // dropped (the message stays with the newer attempt).
  clock_.Advance(3 * kMinute);
  outbox_.lose_next_claim = true;
  run = delivery.DeliverDue();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->skipped, 1);
  EXPECT_EQ(run->sent, 0);
  EXPECT_EQ(outbox_.rows[first].status, SmsStatus::kQueued);
}

TEST_F(SmsDeliveryTest, ABatchIsBounded) {
  for (int i = 0; i < 5; ++i) outbox_.Queue(worker_, "m" + std::to_string(i), kNow);
  SmsDeliveryOptions options;
  options.batch_size = 2;
  SmsDelivery delivery(outbox_, accounts_, gateway_, clock_, options);
  EXPECT_EQ(delivery.DeliverDue()->sent, 2);
  EXPECT_EQ(delivery.DeliverDue()->sent, 2);
  EXPECT_EQ(delivery.DeliverDue()->sent, 1);
}

TEST_F(SmsDeliveryTest, TheLogNeedsJobsManage) {
  outbox_.Queue(worker_, "x", kNow);
  auto delivery = Delivery();
  access::Principal principal;
  principal.account_id = 5;
  principal.username = "cw";
  principal.grants = {{access::Role::kCommunityWorker, "321002001001", ""}};
  const access::Caller worker(std::move(principal), "127.0.0.1", "r-test");
  EXPECT_EQ(delivery.List(worker, std::nullopt, {}).error().code,
            core::ErrorCode::kPermissionDenied);
  auto listed = delivery.List(access::Caller::System(), SmsStatus::kQueued, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->items.size(), 1u);
}

TEST(SmsDeliveryJobTest, RunsEveryNMinutesMerged) {
  access::testing::FakeAccountRepository accounts;
  MemoryOutbox outbox;
  ScriptedGateway gateway;
  core::ManualClock clock{kNow};
  SmsDelivery delivery(outbox, accounts, gateway, clock);
  auto job = SmsDeliveryJob(delivery, 1);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->name, "notifications.sms_delivery");
  EXPECT_EQ(job->catch_up, scheduler::CatchUp::kMerge);
  EXPECT_EQ(job->schedule.every_minutes(), 1);
  EXPECT_TRUE(job->run(kNow).ok());
  EXPECT_EQ(SmsDeliveryJob(delivery, 0).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(SmsDeliveryJob(delivery, 61).error().code, core::ErrorCode::kInvalidArgument);
}

TEST(RetryDelayTest, TakesTheAttemptsDelayAndRepeatsTheLast) {
  const std::vector<int64_t> delays = {60'000, 300'000, 1'800'000, 7'200'000};
  EXPECT_EQ(RetryDelay(delays, 1), 60'000);
  EXPECT_EQ(RetryDelay(delays, 2), 300'000);
  EXPECT_EQ(RetryDelay(delays, 4), 7'200'000);
  EXPECT_EQ(RetryDelay(delays, 9), 7'200'000);
  EXPECT_EQ(RetryDelay(delays, 0), 60'000);
}

TEST(RetryDelayTest, ParsesSecondsAndRefusesTheRest) {
  EXPECT_EQ(ParseRetrySeconds("60,300,1800,7200", "f").value(),
            (std::vector<int64_t>{60'000, 300'000, 1'800'000, 7'200'000}));
  EXPECT_EQ(ParseRetrySeconds(" 1, 2 ", "f").value(), (std::vector<int64_t>{1000, 2000}));
  for (const char* bad : {"", ",", "60,", "0", "-5", "1.5", "abc", "604801", "1,,2",
                          "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"}) {
    auto parsed = ParseRetrySeconds(bad, "sms_retry_seconds");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().field, "sms_retry_seconds");
  }
}

TEST(SmsStatusTest, NamesRoundTrip) {
  for (SmsStatus status : AllSmsStatuses()) {
    EXPECT_EQ(SmsStatusFromName(SmsStatusName(status)), status);
  }
  EXPECT_EQ(SmsStatusName(SmsStatus::kNoPhone), "no_phone");
  EXPECT_FALSE(SmsStatusFromName("sending").has_value());
}

}  // namespace
}  // namespace linli::notifications

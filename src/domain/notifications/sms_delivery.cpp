#include "domain/notifications/sms_delivery.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string>
#include <utility>

namespace linli::notifications {

namespace {

constexpr int kMaxRetryDelays = 16;
constexpr int64_t kMaxRetrySeconds = 7 * 24 * 3600;
// A gateway's Retry-After is believed up to a day.
constexpr int64_t kMaxRetryAfterMs = 24 * 3600 * 1000;

}  // namespace

int64_t RetryDelay(const std::vector<int64_t>& delays_ms, int attempt) {
  const size_t index = size_t(std::max(attempt, 1) - 1);
  return delays_ms[std::min(index, delays_ms.size() - 1)];
}

core::Result<std::vector<int64_t>> ParseRetrySeconds(std::string_view text,
                                                     std::string_view field) {
  const auto refused = [&] {
    return core::Error::InvalidArgument(
        "配置项 " + std::string(field) +
            " 应为逗号分隔的秒数（1 到 16 个，每个 1 到 604800），如 "
            "60,300,1800,7200",
        std::string(field));
  };
  std::vector<int64_t> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    std::string_view part = text.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    int64_t seconds = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), seconds);
    if (part.empty() || error != std::errc() || end != part.data() + part.size() || seconds < 1 ||
        seconds > kMaxRetrySeconds || int(out.size()) == kMaxRetryDelays) {
      return refused();
    }
    out.push_back(seconds * 1000);
    start = comma + 1;
  }
  return out;
}

SmsDelivery::SmsDelivery(SmsOutbox& outbox, access::AccountRepository& accounts,
                         SmsGateway& gateway, const core::Clock& clock, SmsDeliveryOptions options)
    : outbox_(outbox),
      accounts_(accounts),
      gateway_(gateway),
      clock_(clock),
      options_(std::move(options)) {}

core::Result<SmsRunCounts> SmsDelivery::DeliverDue() {
  // The budget is a measurement of this process, not a deadline of the plan: a steady clock.
  const auto began = std::chrono::steady_clock::now();
  const auto budget = std::chrono::milliseconds(options_.run_budget_ms);
  SmsRunCounts counts;
  ASSIGN_OR_RETURN(auto due, outbox_.DueIds(clock_.NowMillis(), options_.batch_size));
  for (int64_t id : due) {
    if (std::chrono::steady_clock::now() - began > budget) break;
    const int64_t now = clock_.NowMillis();
    ASSIGN_OR_RETURN(auto claimed, outbox_.Claim(id, now, now + options_.claim_ms));
    if (!claimed) {
      ++counts.skipped;
      continue;
    }
    const SmsOutcome outcome = Attempt(*claimed);
    // The text may be a secret (a sealed message's, opened by the claim): not kept past the try.
    std::fill(claimed->text.begin(), claimed->text.end(), '\0');
    if (claimed->phone) std::fill(claimed->phone->begin(), claimed->phone->end(), '\0');
    ASSIGN_OR_RETURN(bool recorded, outbox_.Record(id, claimed->attempt, outcome));
    if (!recorded) {
      ++counts.skipped;
      continue;
    }
    switch (outcome.status) {
      case SmsStatus::kSent:
        ++counts.sent;
        break;
      case SmsStatus::kQueued:
        ++counts.retrying;
        break;
      case SmsStatus::kFailed:
        ++counts.failed;
        break;
      case SmsStatus::kNoPhone:
        ++counts.no_phone;
        break;
    }
  }
  return counts;
}

SmsOutcome SmsDelivery::Retry(const ClaimedSms& message, std::string error,
                              int64_t retry_after_ms) {
  SmsOutcome outcome;
  outcome.at = clock_.NowMillis();
  if (message.attempt >= options_.max_attempts) {
    outcome.status = SmsStatus::kFailed;
    outcome.error = "已尝试 " + std::to_string(message.attempt) + " 次，放弃：" + error;
    return outcome;
  }
  const int64_t wait = std::max(RetryDelay(options_.retry_delays_ms, message.attempt),
                                std::min(retry_after_ms, kMaxRetryAfterMs));
  outcome.status = SmsStatus::kQueued;
  outcome.next_attempt_at = outcome.at + wait;
  outcome.error = std::move(error);
  return outcome;
}

SmsOutcome SmsDelivery::Final(SmsStatus status, std::string error) const {
  SmsOutcome outcome;
  outcome.status = status;
  outcome.error = std::move(error);
  outcome.at = clock_.NowMillis();
  return outcome;
}

SmsOutcome SmsDelivery::Attempt(const ClaimedSms& message) {
  if (!message.unopened.empty()) {
    return Final(SmsStatus::kFailed, "短信正文无法解密：" + message.unopened);
  }
  // A message to a phone of its own (a sign-up code, decision 0026) names no account.
  if (message.phone) return SendTo(message, *message.phone);
  auto account = accounts_.FindById(message.account_id);
  if (!account.ok()) {
    // A phone that does not open at its row (tampered, or a key the ring lacks) will not open
    // later either; anything else (the database) may pass.
    if (account.error().code == core::ErrorCode::kFailedPrecondition) {
      return Final(SmsStatus::kFailed, "账号手机号无法解密：" + account.error().message);
    }
    return Retry(message, "读取账号失败：" + account.error().message, 0);
  }
  if (!*account) return Final(SmsStatus::kFailed, "账号不存在");
  if ((*account)->disabled) return Final(SmsStatus::kFailed, "账号已停用，不发送");
  if (!(*account)->phone) return Final(SmsStatus::kNoPhone, std::string(kNoPhoneError));
  std::string phone = std::move(*(*account)->phone);
  return SendTo(message, std::move(phone));
}

SmsOutcome SmsDelivery::SendTo(const ClaimedSms& message, std::string phone) {
  SmsRequest request;
  request.message_id = message.id;
  request.account_id = message.account_id;
  request.phone = std::move(phone);
  request.text = message.text;
  const SmsSendResult sent = gateway_.Send(request);
  std::fill(request.phone.begin(), request.phone.end(), '\0');
  std::fill(request.text.begin(), request.text.end(), '\0');
  switch (sent.kind) {
    case SmsSendResult::Kind::kSent: {
      SmsOutcome outcome = Final(SmsStatus::kSent, "");
      outcome.gateway_message_id = sent.gateway_message_id;
      return outcome;
    }
    case SmsSendResult::Kind::kRejected:
      return Final(SmsStatus::kFailed, sent.error);
    case SmsSendResult::Kind::kRetry:
      break;
  }
  return Retry(message, sent.error, sent.retry_after_ms);
}

core::Result<core::Page<SmsMessage>> SmsDelivery::List(const access::Caller& caller,
                                                       std::optional<SmsStatus> status,
                                                       const core::PageRequest& page) {
  if (!caller.Has(access::Permission::kJobsManage)) {
    return core::Error::PermissionDenied("无权查看短信发送记录");
  }
  return outbox_.List(status, page);
}

core::Result<std::vector<SmsCount>> SmsDelivery::Count() { return outbox_.Count(); }

core::Result<scheduler::Job> SmsDeliveryJob(SmsDelivery& delivery, int minutes) {
  if (minutes < 1 || minutes > 60) {
    return core::Error::InvalidArgument("短信发送任务的间隔应为 1 到 60 分钟", "minutes");
  }
  scheduler::Job job;
  job.name = std::string(kSmsDeliveryJobName);
  job.title = "短信发送（发件箱，失败重试）";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::EveryMinutes(minutes));
  job.catch_up = scheduler::CatchUp::kMerge;  // one run sends everything due
  job.lease_ms = 10 * 60 * 1000;              // longer than a run's budget and its last attempt
  job.retry_after_ms = 60 * 1000;
  job.run = [&delivery](int64_t) -> core::Status {
    TRY(delivery.DeliverDue());
    return core::Ok();
  };
  return job;
}

}  // namespace linli::notifications

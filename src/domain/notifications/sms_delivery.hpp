// SmsDelivery: sends what the SMS outbox holds (sms.hpp), as the scheduled job
// `notifications.sms_delivery` (SmsDeliveryJob; every minute by default, missed runs merged,
// and run soon after a notice asks for an SMS), and serves the delivery log to operators.
//
// A run takes the due messages in a bounded batch, oldest first, and for each: claims it (one
// guarded UPDATE; a message another runner holds is skipped), reads the recipient account (its
// phone is decrypted by the account repository), hands it to the gateway and records the
// outcome under the claim. A network error, a timeout, HTTP 5xx, 408 or 429 is retried after the
// configured delays (1, 5, 30, 120 minutes by default; the gateway's Retry-After when longer)
// until max_attempts; any other refusal, an account without a phone, disabled or gone is final,
// with its reason. Delivery is at least once: a runner that dies after the gateway accepted a
// message and before recording it leaves the message due again when its claim ends.
// A message with a sealed text of its own (a reset's temporary password, decision 0020) is opened
// by its claim, just before it is sent, and the opened text is overwritten once the attempt is
// over; one that does not open fails for good, and the outbox erases the sealed text of every
// message that is final. Nothing here logs or returns a phone number or a text.
// Thread-safety: thread-safe (two runs at once never send one message twice: the claim).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "domain/access/account.hpp"
#include "domain/access/caller.hpp"
#include "domain/notifications/sms.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::notifications {

inline constexpr std::string_view kSmsDeliveryJobName = "notifications.sms_delivery";

struct SmsDeliveryOptions {
  int max_attempts = 5;  // a message still failing after this many attempts fails
  // The wait after the n-th failed attempt (the last one repeats): 1, 5, 30, 120 minutes.
  std::vector<int64_t> retry_delays_ms = {60'000, 300'000, 1'800'000, 7'200'000};
  int batch_size = 100;  // messages a run takes at most
  // How long a claimed message stays with its runner: longer than one gateway attempt.
  int64_t claim_ms = 2 * 60 * 1000;
  // A run claims no new message after this long (its lease is longer), so that one slow gateway
  // does not hold the scheduler's thread; what is left goes in the next run.
  int64_t run_budget_ms = 4 * 60 * 1000;
};

// What one run did.
struct SmsRunCounts {
  int sent = 0;
  int retrying = 0;  // failed this time, queued again
  int failed = 0;
  int no_phone = 0;
  int skipped = 0;  // claimed by another runner first, or its claim was lost
};

// The wait after failed attempt number `attempt` (1-based): delays[attempt - 1], the last delay
// beyond the list. REQUIRES: delays not empty.
int64_t RetryDelay(const std::vector<int64_t>& delays_ms, int attempt);

// "60,300,1800,7200" (seconds, comma-separated, 1 to 16 values, each 1 to 604800) as
// milliseconds. kInvalidArgument naming `field` otherwise.
core::Result<std::vector<int64_t>> ParseRetrySeconds(std::string_view text, std::string_view field);

class SmsDelivery {
 public:
  // REQUIRES: every reference outlives the service; options.max_attempts >= 1 and
  // options.retry_delays_ms not empty.
  SmsDelivery(SmsOutbox& outbox, access::AccountRepository& accounts, SmsGateway& gateway,
              const core::Clock& clock, SmsDeliveryOptions options = {});

  // One run: sends the due messages (at most batch_size, within run_budget_ms). Errors of the
  // database end the run (what is claimed and not recorded is retried when its claim ends).
  core::Result<SmsRunCounts> DeliverDue();

  // The delivery log, newest first, of one status or all: kPermissionDenied without jobs.manage
  // (the operators of the scheduled jobs).
  core::Result<core::Page<SmsMessage>> List(const access::Caller& caller,
                                            std::optional<SmsStatus> status,
                                            const core::PageRequest& page);
  // Messages per status, for /metrics (no caller: the server's own figures).
  core::Result<std::vector<SmsCount>> Count();

 private:
  // The outcome of one attempt at a claimed message.
  SmsOutcome Attempt(const ClaimedSms& message);
  // Hands the message to the gateway at `phone` and reads its answer.
  SmsOutcome SendTo(const ClaimedSms& message, std::string phone);
  SmsOutcome Final(SmsStatus status, std::string error) const;
  SmsOutcome Retry(const ClaimedSms& message, std::string error, int64_t retry_after_ms);

  SmsOutbox& outbox_;
  access::AccountRepository& accounts_;
  SmsGateway& gateway_;
  const core::Clock& clock_;
  SmsDeliveryOptions options_;
};

// The job `notifications.sms_delivery`: DeliverDue every `minutes` minutes (1..60), missed runs
// merged. kInvalidArgument for minutes out of range.
core::Result<scheduler::Job> SmsDeliveryJob(SmsDelivery& delivery, int minutes);

}  // namespace linli::notifications

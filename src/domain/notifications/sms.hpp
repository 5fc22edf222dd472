// Outgoing SMS (短信): the outbox and delivery log, and the gateway seam (decision 0018).
//
// A notice that asks for an SMS (Notice::sms) gets a message in the outbox in the same
// transaction as the notification (storage::InsertNotificationsIn), so a crash neither loses nor
// duplicates it. The delivery job (SmsDelivery, sms_delivery.hpp) claims due messages one by
// one, reads the recipient account's phone, and hands each to the SmsGateway: the logging
// adapter by default, the HTTP gateway when one is configured (src/gateways/sms). A message
// names its account and notification; its text is the notification's, its phone is read from
// the account when it is sent, so the log itself holds neither (what an operator sees). A message
// carrying a secret (a reset's temporary password, decision 0020) has its own text instead,
// stored only sealed and erased once the message is final; the log never shows it either. A
// verification code for someone who has no account yet (a resident's sign-up, decision 0026)
// goes to a phone of its own, sealed and erased the same way; such a message names no account
// and no notification (kind "verification_code" in the log).
// Thread-safety: plain values; implementations of the interfaces are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"

namespace linli::notifications {

// queued: waiting, or waiting for a retry; sent; failed: refused by the gateway, out of attempts
// or the account cannot receive; no_phone: the account has no mobile number (when the message
// is written, or when it is due). Stored by name.
enum class SmsStatus { kQueued, kSent, kFailed, kNoPhone };
std::string_view SmsStatusName(SmsStatus status);  // "queued", "sent", "failed", "no_phone"
std::optional<SmsStatus> SmsStatusFromName(std::string_view name);
const std::vector<SmsStatus>& AllSmsStatuses();
// The error of a no_phone message.
inline constexpr std::string_view kNoPhoneError = "账号未登记手机号";
// The log's kind of a message to a phone of its own.
inline constexpr std::string_view kVerificationCodeKind = "verification_code";

// A message of the delivery log: who it went to, about what, and how it went. No phone number,
// no text.
struct SmsMessage {
  int64_t id = 0;
  int64_t notification_id = 0;  // 0 for a message to a phone of its own
  int64_t account_id = 0;       // 0 for a message to a phone of its own
  std::string username;         // the recipient account's; "" when none
  std::string kind;  // the notification's kind (assignment, warning, …) or "verification_code"
  SmsStatus status = SmsStatus::kQueued;
  int attempts = 0;
  int64_t next_attempt_at = 0;  // queued: when it is due (or the end of a runner's claim)
  std::string last_error;       // why the last attempt failed; "" after success
  std::string gateway_message_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> sent_at;
};

// A message claimed for one attempt: everything the attempt needs but the phone.
struct ClaimedSms {
  int64_t id = 0;
  int64_t account_id = 0;  // 0 when the message has a phone of its own
  // The notification's text, or the message's own sealed text opened for this attempt (a secret:
  // held in memory only while the attempt lasts, erased from the outbox once it is final).
  std::string text;
  int attempt = 0;  // this attempt's number, 1 for the first; also the claim's fencing token
  // Not empty when the message's sealed text did not open (no key ring, a key the ring lacks, a
  // value moved or changed): why, in words that name no text. The attempt fails for good.
  std::string unopened;
  // The message's own phone, opened for this attempt (a sign-up code to a phone without an
  // account); nullopt: the account's phone, read when it is sent.
  std::optional<std::string> phone;
};

// What an attempt came to, as the outbox records it.
struct SmsOutcome {
  SmsStatus status = SmsStatus::kQueued;  // kQueued: to be retried at next_attempt_at
  int64_t next_attempt_at = 0;
  std::string error;  // names no phone number and no text
  std::string gateway_message_id;
  int64_t at = 0;  // when the attempt ended (sent_at when sent)
};

struct SmsCount {
  SmsStatus status = SmsStatus::kQueued;
  int64_t messages = 0;
};

class SmsOutbox {
 public:
  virtual ~SmsOutbox() = default;
  // Ids of queued messages due at `now`, the longest due first, at most `limit`.
  virtual core::Result<std::vector<int64_t>> DueIds(int64_t now, int limit) = 0;
  // Claims message `id` for one attempt when it is still queued and due at `now`: counts the
  // attempt and moves next_attempt_at to `claimed_until`, in one guarded UPDATE, so that no
  // other runner takes it meanwhile and a runner that dies leaves it due again after that.
  // nullopt when another runner has it or it is no longer due.
  virtual core::Result<std::optional<ClaimedSms>> Claim(int64_t id, int64_t now,
                                                        int64_t claimed_until) = 0;
  // Records the outcome of attempt `attempt` of message `id`; false (nothing written) when that
  // claim was lost: it expired and another runner claimed the message again. A final outcome
  // (anything but kQueued) erases the message's sealed text, if it has one.
  virtual core::Result<bool> Record(int64_t id, int attempt, const SmsOutcome& outcome) = 0;
  // The delivery log, newest first (page.after: the last id seen), of one status or all.
  virtual core::Result<core::Page<SmsMessage>> List(std::optional<SmsStatus> status,
                                                    const core::PageRequest& page) = 0;
  // Messages per status (every status, zeros included), for /metrics.
  virtual core::Result<std::vector<SmsCount>> Count() = 0;
};

// One message as the gateway gets it. `phone` is a normalised mainland mobile number.
struct SmsRequest {
  int64_t message_id = 0;  // ours: a gateway that deduplicates may be sent it ({id})
  int64_t account_id = 0;
  std::string phone;
  std::string text;
};

// How the gateway answered one attempt.
struct SmsSendResult {
  enum class Kind {
    kSent,      // accepted (HTTP 2xx)
    kRetry,     // worth trying again later: network error, timeout, HTTP 5xx, 408 or 429
    kRejected,  // refused for good (other HTTP 4xx, a redirect)
  };
  Kind kind = Kind::kSent;
  std::string error;               // kRetry, kRejected: no phone number, no text
  std::string gateway_message_id;  // kSent, when the gateway answered one
  int64_t retry_after_ms = 0;      // kRetry: the gateway's Retry-After, 0 when none
};

// Outgoing SMS. Implementations never throw, and never log or report the phone or the text.
class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  virtual SmsSendResult Send(const SmsRequest& request) = 0;
};

}  // namespace linli::notifications

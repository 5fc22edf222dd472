// SMS verification codes for what residents do without an account or a password: signing up
// (ID number + phone), replacing a forgotten password (username + phone) — decision 0026 — and
// signing in at a community hall's kiosk (phone alone; decision 0027).
//
// Every request for a code is recorded, sent or not, so that the limits count attempts and
// never matches: the answer to a request is the same whether the ID number is registered, the
// phone is the registered one, or the account exists (sign-up is no oracle). A code is six
// digits, good for ten minutes and five wrong tries, stored only as a keyed hash bound to its
// subject; the subject is a keyed blind index of the phone (sign-up) or the username (reset),
// never the value itself.
// Thread-safety: plain values; repository implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::self_service {

enum class CodePurpose { kSignUp, kPasswordReset, kSignIn };
// "sign_up", "password_reset", "sign_in"
std::string_view CodePurposeName(CodePurpose purpose);

inline constexpr int64_t kCodeLifetimeMs = 10 * 60 * 1000;
inline constexpr int kMaxCodeFailures = 5;
// Limits on requests for a code: per subject one a minute and five a day, per address twenty
// an hour. Counted over every request, whether or not a code was sent.
inline constexpr int64_t kSubjectGapMs = 60 * 1000;
inline constexpr int kSubjectDailyRequests = 5;
inline constexpr int kAddressHourlyRequests = 20;
inline constexpr int64_t kKeepRequestsMs = 24LL * 3600 * 1000;
// A session started by a code at a kiosk ends this long after it began, whatever the kiosk's
// screen does (the kiosk signs out after a minute without a touch).
inline constexpr int64_t kKioskSessionTtlMs = 15 * 60 * 1000;

// One request for a code, as stored (table verification_codes).
struct CodeRequest {
  int64_t id = 0;
  CodePurpose purpose = CodePurpose::kSignUp;
  std::string subject;  // keyed blind index of the phone or the username
  std::string remote_address;
  std::optional<std::string> code_hash;  // nullopt: nothing was sent
  std::optional<int64_t> resident_id;    // sign-up: the person the code was sent for
  std::optional<int64_t> account_id;     // password reset, sign-in: the account
  int failures = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> consumed_at;
  int64_t created_at = 0;
};

// Requests counted for the limits.
struct RequestCounts {
  int64_t subject_last_minute = 0;
  int64_t subject_last_day = 0;
  int64_t address_last_hour = 0;
};

// The SMS a request sends, when it sends one: to a phone of its own (sign-up: no account yet),
// or to an account as a notice of the bell with a sealed SMS (a forgotten password).
struct CodeMessage {
  std::string phone;        // sign-up: the normalised number; "" for an account's message
  int64_t account_id = 0;   // reset: the account
  std::string notice_text;  // reset: what the bell says (no code)
  std::string sms_text;     // the SMS (the code, when there is one); stored only sealed
};

class VerificationRepository {
 public:
  virtual ~VerificationRepository() = default;
  virtual core::Result<RequestCounts> Count(CodePurpose purpose, std::string_view subject,
                                            std::string_view remote_address, int64_t now) = 0;
  // Records the request and queues its message, when it has one, in one transaction.
  virtual core::Result<int64_t> Record(const CodeRequest& request,
                                       const std::optional<CodeMessage>& message) = 0;
  // The newest request of the subject that sent a code still good at `now` (not consumed, not
  // expired, fewer than kMaxCodeFailures wrong tries).
  virtual core::Result<std::optional<CodeRequest>> Live(CodePurpose purpose,
                                                        std::string_view subject, int64_t now) = 0;
  virtual core::Status CountFailure(int64_t id) = 0;
  // Marks the code used; false when it was used meanwhile (two tries at once: one wins).
  virtual core::Result<bool> Consume(int64_t id, int64_t now) = 0;
  // Gives a consumed code back (what it was used for failed afterwards).
  virtual core::Status Release(int64_t id) = 0;
  // Deletes requests made before `before`; returns how many.
  virtual core::Result<int64_t> DeleteBefore(int64_t before) = 0;
};

}  // namespace linli::self_service

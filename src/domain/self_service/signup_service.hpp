// Residents serving themselves without a worker (issue 17 item 4; decision 0026): signing up
// with their ID number and the phone the community registered for them, proved by an SMS code,
// and replacing a forgotten password with a code sent to the account's phone.
//
// No oracle: a request for a code answers the same whether or not the ID number is registered,
// the phone is the registered one, or the account exists; only the holder of that phone learns
// anything (a code, or — for a person who already has an account — its username). A wrong or
// stale code answers one error whatever the cause. Every request and every try is audited
// (AuditAction::kVerification; a request that matched nobody at the city) and limited
// (verification.hpp: per phone or username, per address). Codes need the key ring (keyed
// hashes, sealed SMS): without it the routes answer 409.
// Thread-safety: methods may be called concurrently.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto/field_cipher.hpp"
#include "core/result.hpp"
#include "domain/access/account_service.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/people/people.hpp"
#include "domain/scheduler/scheduler.hpp"
#include "domain/self_service/verification.hpp"

namespace linli::self_service {

struct SignUpCodeRequest {
  std::string id_number;
  std::string phone;
};

struct SignUpRequest {
  std::string id_number;
  std::string phone;
  std::string code;
  std::string username;
  std::string display_name;  // "" -> the registered name
  std::string password;
};

struct ResetCodeRequest {
  std::string username;
  std::string phone;
};

struct ResetRequest {
  std::string username;
  std::string code;
  std::string password;
};

struct SignInCodeRequest {
  std::string phone;
};

struct SignInRequest {
  std::string phone;
  std::string code;
};

struct SignupDependencies {
  VerificationRepository& codes;
  people::PeopleRepository& people;
  access::AccountRepository& account_repository;
  access::AccountService& accounts;
  const crypto::KeyRing* keys = nullptr;  // nullptr: codes unavailable (409)
  audit::AuditLog* audit_log = nullptr;
  const core::Clock& clock;
  // Where audit records of requests that matched nobody belong (the city's code: its auditors
  // see them); a matched one belongs to the person's community or the account's place.
  std::string city_code;
  // Set when an SMS gateway sends for real (not the logging adapter): nudges the delivery job.
  // Empty: no code can reach anyone, and requests for one answer 409 (go to the community).
  std::function<void()> sms_soon;
};

class SignupService {
 public:
  explicit SignupService(SignupDependencies dependencies);

  // The caller is Caller::Anonymous (address and request id). 422 only for malformed input,
  // 429 over the limits, 409 without a key ring; otherwise OK, whatever matched.
  core::Status RequestSignUpCode(const SignUpCodeRequest& request, const access::Caller& caller);
  // 422 on "code" (验证码不正确或已过期) for any wrong, stale or mismatched code; the account's
  // own errors (username taken, weak password) leave the code good for another try.
  core::Result<access::Account> SignUp(const SignUpRequest& request, const access::Caller& caller);
  core::Status RequestResetCode(const ResetCodeRequest& request, const access::Caller& caller);
  core::Status ResetPassword(const ResetRequest& request, const access::Caller& caller);
  // A resident's sign-in at a kiosk (decision 0027): a code goes to the phone when exactly one
  // enabled resident account has it as its own phone and as its registered person's phone
  // (when several do, the phone is told to sign in by username); the same answer otherwise.
  core::Status RequestSignInCode(const SignInCodeRequest& request, const access::Caller& caller);
  // The account the code proves; the caller (a kiosk's route) starts its short session.
  core::Result<access::Account> SignIn(const SignInRequest& request, const access::Caller& caller);

  // Deletes requests older than a day (job self_service.prune); returns how many.
  core::Result<int64_t> Prune();

 private:
  struct Checked;  // a code that matched, and its request
  core::Result<std::string> Subject(std::string_view field, std::string_view value) const;
  core::Result<std::string> CodeHash(std::string_view subject, std::string_view code) const;
  // A request for a code of `purpose` to `subject`, made now from the caller's address.
  CodeRequest NewRequest(CodePurpose purpose, const std::string& subject,
                         const access::Caller& caller, int64_t now) const;
  // Records the request with its message (wiping the SMS text from memory), audits it under
  // `division` and nudges the delivery job when a message went.
  core::Status Send(const CodeRequest& record, std::optional<CodeMessage>& message,
                    const access::Caller& caller, const std::string& division);
  core::Status CheckLimits(CodePurpose purpose, const std::string& subject,
                           const access::Caller& caller, int64_t now);
  // The live code of the subject when `code` is it; counts a failure and audits otherwise.
  core::Result<CodeRequest> CheckCode(CodePurpose purpose, const std::string& subject,
                                      std::string_view code, const access::Caller& caller);
  core::Status Audit(const access::Caller& caller, CodePurpose purpose, std::string step,
                     std::string division_code, std::string detail);
  // The enabled resident accounts whose own phone and registered person's phone are `phone`.
  core::Result<std::vector<access::Account>> ResidentAccountsOfPhone(const std::string& phone,
                                                                     int64_t now);

  SignupDependencies d_;
};

// The job `self_service.prune`: Prune once an hour.
core::Result<scheduler::Job> PruneCodesJob(SignupService& service);

}  // namespace linli::self_service

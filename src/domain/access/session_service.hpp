// Sign-in, sessions and the brute-force guard; implements access::Authenticator.
//
// Login checks the per-address rate limit, the per-username lockout (persisted in
// login_failures, so a restart does not reset it), then the Argon2id password. A session is
// a random 32-byte bearer token (base64url) of which only the SHA-256 is stored, with a CSRF
// token and an absolute expiry. Unknown usernames and wrong passwords get the same 401 after
// the same amount of work (a dummy Argon2 verification).
//
// Authenticate is the hot path of every request: it keeps an in-memory cache token hash ->
// (principal, session expiry), each entry trusted for cache_ttl (30 s by default) and bounded
// in size. Logout, disabling an account and a password reset drop the entries of this process
// at once; another process sharing the database notices within cache_ttl.
// Thread-safety: every method may be called from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/account.hpp"
#include "domain/access/authenticator.hpp"
#include "domain/access/caller.hpp"
#include "domain/access/login_rate_limiter.hpp"
#include "domain/access/password.hpp"
#include "domain/access/password_policy.hpp"

namespace linli::access {

struct SessionOptions {
  int64_t session_ttl_ms = 12LL * 3600 * 1000;   // absolute lifetime of a session
  int max_failed_logins = 5;                     // failures of one username ...
  int64_t failure_window_ms = 15LL * 60 * 1000;  // ... within this window lock it ...
  int64_t lockout_ms = 15LL * 60 * 1000;         // ... for this long (429)
  int login_attempts_per_minute = 20;            // per remote address (429)
  int64_t cache_ttl_ms = 30 * 1000;              // how long a cached principal is trusted
  size_t cache_capacity = 100000;                // cached sessions, all shards together
  PasswordHashParams password_hash;              // for new hashes and the dummy verification
  PasswordPolicy password_policy;  // every create, reset and own change; checked at login too
  // Logins, logouts, failed logins and locks are appended here (not owned; nullptr: not audited,
  // as in unit tests). Failures for names that are no account are written once per address and
  // minute, without the name typed (it may be a password typed in the wrong field).
  audit::AuditLog* audit_log = nullptr;
  // The division those name-less entries are filed under: the city, so that the city's auditors
  // see them and no town's scope does.
  std::string city_code;
};

struct LoginResult {
  std::string token;  // bearer token; also the cookie value. Shown once, never stored.
  std::string csrf_token;
  int64_t expires_at = 0;
  Account account;
  Principal principal;
};

struct SessionView {
  std::string csrf_token;
  int64_t expires_at = 0;
  Account account;
};

class SessionService final : public Authenticator {
 public:
  // The repositories and the clock must outlive the service.
  SessionService(AccountRepository& accounts, SessionRepository& sessions,
                 LoginFailureRepository& failures, const core::Clock& clock,
                 SessionOptions options = {});
  ~SessionService() override;

  // 401 wrong credentials or disabled account, 429 locked or rate limited.
  core::Result<LoginResult> Login(std::string_view username, std::string_view password,
                                  std::string_view remote_address);
  core::Result<Principal> Authenticate(std::string_view token, bool via_cookie) override;
  // Revokes the caller's session (the one that authenticated this request).
  core::Status Logout(const Caller& caller);
  // The caller's session and fresh account (GET /api/v1/session).
  core::Result<SessionView> Describe(const Caller& caller);

  // Revokes every session of the account and drops them from the cache (disable, reset).
  core::Status EndAllSessions(int64_t account_id);
  // Forgets the failed logins and lock of a username (after an administrator's reset).
  core::Status ClearLockout(std::string_view username);
  // Deletes sessions that ended more than a day ago; returns how many (housekeeping).
  core::Result<int64_t> PurgeEndedSessions();

  // A new session of an account the caller has already verified (a password change, a kiosk's
  // SMS code). It lasts ttl_ms when given (a kiosk's short session), else session_ttl_ms.
  core::Result<LoginResult> StartSession(const Account& account, std::string_view remote_address,
                                         std::optional<int64_t> ttl_ms = std::nullopt);

  const SessionOptions& options() const { return options_; }

 private:
  class Cache;
  core::Result<LoginFailureState> RecordFailure(std::string_view username);
  // The audit records of sign-in (no-ops without an audit log).
  core::Status AuditAccount(audit::AuditAction action, const Account& account, int64_t actor_id,
                            std::string_view remote_address, std::string detail);
  core::Status AuditUnknownName(std::string_view remote_address);
  core::Error LockedError(int64_t locked_until) const;

  AccountRepository& accounts_;
  SessionRepository& sessions_;
  LoginFailureRepository& failures_;
  const core::Clock& clock_;
  const SessionOptions options_;
  LoginRateLimiter rate_limiter_;
  std::unique_ptr<Cache> cache_;
  std::string dummy_hash_;  // verified against for unknown usernames
  std::mutex unknown_mutex_;
  // address -> the minute of its last audited unknown-name failure (pruned each new minute).
  std::unordered_map<std::string, int64_t> unknown_audited_;
};

// The failure record after one more failed login at `now`: the failure_count-th failure inside
// the window locks for lockout_ms; while locked nothing changes (the lock is neither lifted nor
// restarted), after the lock or the window a new window starts.
LoginFailureState AfterFailedLogin(const LoginFailureState& old, int64_t now,
                                   const SessionOptions& options);
// The record after a correct password at `now`: unchanged while locked, else cleared.
LoginFailureState AfterSuccessfulLogin(const LoginFailureState& old, int64_t now);

// The principal of a signed-in account for one session.
Principal PrincipalOf(const Account& account, const SessionRecord& session);

}  // namespace linli::access

// Accounts, sessions and login-failure records of the access context, and the repository
// interfaces through which the services reach the database (SQL lives in src/storage/access).
// Thread-safety: the model types are plain values; repository implementations must be safe
// to call from several threads at once (each call borrows its own connection).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/principal.hpp"

namespace linli::access {

struct Account {
  int64_t id = 0;
  std::string username;  // 3..32 of [a-z0-9_.-]
  std::string display_name;
  std::string password_hash;  // Argon2id encoded; never leaves the service layer
  bool disabled = false;
  bool must_change_password = false;  // the holder chooses a new password at the next login
  int64_t created_at = 0;             // epoch milliseconds
  int64_t updated_at = 0;
  std::vector<RoleGrant> grants;  // at least one
  // The mobile number its SMS go to (normalised, 11 digits; decision 0018). Stored sealed and
  // bound to the account's row; in plaintext only inside the service layer: responses mask it
  // and nothing logs it.
  std::optional<std::string> phone;
  // Resident accounts only: the registered person (people::Resident id) this account is, bound
  // by a community worker or by the resident's own sign-up (decision 0026); at most one account
  // per person. nullopt: not bound (a resident account then reaches nothing of its own).
  std::optional<int64_t> resident_id;
};

// 3..32 characters of [a-z0-9_.-].
bool IsValidUsername(std::string_view username);

// An account's mobile phone as typed (blanks, dashes, +86 allowed), normalised to 11 digits.
// "" is nullopt (none). kValidationFailed on field "phone" for anything but a mainland mobile
// number: SMS cannot reach a fixed line.
core::Result<std::optional<std::string>> ParseAccountPhone(std::string_view text);

// Flattened, de-duplicated permissions of the grants, in Permission order.
std::vector<Permission> PermissionsOf(const std::vector<RoleGrant>& grants);

struct AccountQuery {
  std::string text;  // substring of username or display name; "" = all
};

// A reset's message to the holder (decision 0020): the bell's notice, and the SMS to the
// account's phone that carries the temporary password (stored only sealed).
struct ResetMessage {
  std::string notice_text;
  std::string sms_text;
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  // Inserts the account and its grants in one transaction; returns it with its id.
  // kAlreadyExists (field "username") when the username is taken.
  virtual core::Result<Account> Insert(const Account& account) = 0;
  virtual core::Result<std::optional<Account>> FindByUsername(std::string_view username) = 0;
  virtual core::Result<std::optional<Account>> FindById(int64_t id) = 0;
  // Accounts ordered by username, after page.after, whose every grant lies inside scope.
  virtual core::Result<core::Page<Account>> List(const AccountQuery& query,
                                                 const core::Scope& scope,
                                                 const core::PageRequest& page) = 0;
  virtual core::Status SetDisabled(int64_t id, bool disabled, int64_t now) = 0;
  virtual core::Status SetPasswordHash(int64_t id, std::string_view password_hash,
                                       bool must_change_password, int64_t now) = 0;
  // A reset whose temporary password goes to the holder by SMS: in one transaction, sets the
  // password hash (must change at the next login) and writes the holder's notice with its SMS,
  // the SMS text sealed for its outbox row (kFailedPrecondition without the key ring), so that
  // the password and its message commit together or not at all.
  virtual core::Status SetPasswordHashWithSms(int64_t id, std::string_view password_hash,
                                              const ResetMessage& message, int64_t now) = 0;
  virtual core::Status SetMustChangePassword(int64_t id, int64_t now) = 0;
  // Sets (a normalised mobile number) or clears (nullopt) the account's phone.
  virtual core::Status SetPhone(int64_t id, const std::optional<std::string>& phone,
                                int64_t now) = 0;
  // Replaces the account's grants in one transaction.
  virtual core::Status ReplaceGrants(int64_t id, const std::vector<RoleGrant>& grants,
                                     int64_t now) = 0;
  // Binds the account to a registered person (nullopt unbinds). kAlreadyExists (field
  // "resident_id") when another account is bound to that person.
  virtual core::Status SetResident(int64_t id, std::optional<int64_t> resident_id, int64_t now) = 0;
  // The account bound to a person, if any.
  virtual core::Result<std::optional<Account>> FindByResident(int64_t resident_id) = 0;
  virtual core::Result<int64_t> Count() = 0;
};

struct SessionRecord {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string token_hash;  // SHA-256 hex of the bearer token; the token itself is never stored
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> revoked_at;
  std::string remote_address;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  // Returns the new session's id.
  virtual core::Result<int64_t> Insert(const SessionRecord& session) = 0;
  virtual core::Result<std::optional<SessionRecord>> FindByTokenHash(
      std::string_view token_hash) = 0;
  virtual core::Result<std::optional<SessionRecord>> FindById(int64_t id) = 0;
  virtual core::Status Revoke(int64_t session_id, int64_t now) = 0;
  virtual core::Status RevokeAllForAccount(int64_t account_id, int64_t now) = 0;
  // Deletes sessions that expired or were revoked before `before`; returns how many.
  virtual core::Result<int64_t> DeleteEndedBefore(int64_t before) = 0;
};

// Failed logins of one username (known or not) inside the current window, and the lock.
struct LoginFailureState {
  int failure_count = 0;
  int64_t window_started_at = 0;
  int64_t locked_until = 0;  // 0 = not locked
};

class LoginFailureRepository {
 public:
  virtual ~LoginFailureRepository() = default;
  // Zero state when the username has no record.
  virtual core::Result<LoginFailureState> Get(std::string_view username) = 0;
  // Reads the state, applies change and writes the result, atomically (one transaction,
  // the row locked on PostgreSQL); returns the new state. A zero state deletes the record.
  virtual core::Result<LoginFailureState> Update(
      std::string_view username,
      const std::function<LoginFailureState(const LoginFailureState&)>& change) = 0;
  virtual core::Status Clear(std::string_view username) = 0;
};

}  // namespace linli::access

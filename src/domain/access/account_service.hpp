// Account management use cases (HTTP /api/v1/accounts, /api/v1/session/password and the
// `linli user` command line).
//
// Delegation (delegation.hpp, decision 0013): a caller gives a grant only when one of its own
// grants delegates that role at the grant's level and covers its scope; it manages an account
// (reads it, edits its grants, disables, enables, resets its password) only when every grant
// of the account lies inside its accounts.manage scope (else 404, as if it did not exist) and
// is one it could have given (else 403), so a peer never manages a peer. Department officers
// name a department of the city's list (DepartmentExists).
//
// A reset never lets the manager choose or see a password the holder keeps: the service makes
// a temporary password and the holder must choose a new one at the next login. Where an SMS
// gateway sends for real (AccountHooks::sms_soon set) and the holder has a phone, the password
// goes to the holder by SMS (sealed in the outbox, decision 0020) and the manager never sees
// it; otherwise it is answered once to the manager to hand over. The holder is notified
// (AccountHooks::notify) of every reset and every change to their grants or phone, and every
// create, grant change, phone change, disable, enable, reset and own change is written to the audit
// log.
//
// An account may have a mobile phone, the number its SMS go to (decision 0018): set on create
// or later by whoever manages the account, validated by the phone rules of core/identity
// (mobile numbers only), stored sealed, answered masked, never logged or audited in clear (the
// audit record says "set" or "cleared").
//
// The command line acts as CommandLineCaller(city_code) (Caller::CommandLine): a city
// administrator of the configured city with no session, which may also make administrators.
// Thread-safety: every method may be called from several threads at once.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "domain/access/account.hpp"
#include "domain/access/caller.hpp"
#include "domain/access/session_service.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::access {

// True when a division (or grid) with this well-formed code exists; wired to the divisions
// and grids modules by the app.
using DivisionExists = std::function<bool(std::string_view code)>;
// True when a department is on the city's list (the routing rules' departments).
using DepartmentExists = std::function<bool(std::string_view department)>;
// Tells an account's holder something about their account (the bell); kind "account".
using AccountNotify = std::function<void(int64_t account_id, std::string text)>;

// What the service reaches outside the access context; each may be left empty (no check, no
// audit, no notice), as the unit tests and the first-run bootstrap do.
struct AccountHooks {
  DivisionExists division_exists;
  DepartmentExists department_exists;
  // The registered place and the name of an active home-service provider (nullopt: none such);
  // a provider grant's scope must be that place (decision 0033). Empty: provider grants are
  // refused.
  std::function<std::optional<std::pair<std::string, std::string>>(int64_t provider_id)>
      provider_place;
  // The home community and the name of a community social organisation not deregistered
  // (nullopt: none such); a social_org grant naming one must be scoped to that community
  // (decision 0045). Empty: organisation bindings are refused.
  std::function<std::optional<std::pair<std::string, std::string>>(int64_t organisation_id)>
      organisation_place;
  audit::AuditLog* audit_log = nullptr;
  AccountNotify notify;
  // The place (grid, or community) of registered person `resident_id` when it lies inside the
  // caller's people.manage scope, nullopt otherwise: how a worker's binding of a resident
  // account to a person is checked (wired to the people context by the app).
  std::function<core::Result<std::optional<std::string>>(int64_t resident_id, const Caller&)>
      resident_place;
  // Set only when an SMS gateway really sends (the HTTP adapter, not the logging one): a reset
  // of an account with a phone then sends the temporary password to the holder by SMS, and this
  // is called once the reset committed, to have the message sent soon. Empty: shown once.
  std::function<void()> sms_soon;
};

// How a reset's temporary password reaches the holder.
enum class PasswordDelivery {
  kShownOnce,  // answered to the manager, once, to hand over
  kSms,        // sent to the holder's phone; the manager never sees it
};

// What a reset hands to the manager: the temporary password, shown once, or where it went.
struct PasswordReset {
  PasswordDelivery delivered_to = PasswordDelivery::kShownOnce;
  std::string temporary_password;  // kShownOnce only; "" when sent by SMS
  std::string masked_phone;        // kSms only: the phone it went to, masked (138****5678)
  bool must_change_password = true;
};
// "shown_once", "sms".
std::string_view PasswordDeliveryName(PasswordDelivery delivery);

struct NewAccount {
  std::string username;
  std::string display_name;  // "" -> the username
  std::string password;
  std::vector<RoleGrant> grants;  // 1..16
  std::string phone;              // "" -> none; else a mainland mobile number (ParseAccountPhone)
  // Resident accounts only (every grant a resident's): the registered person it is, checked to
  // lie in the caller's people.manage scope.
  std::optional<int64_t> resident_id;
};

// A resident's own sign-up, once the SMS code proved the phone (self_service::SignupService).
struct ResidentSignup {
  std::string username;
  std::string display_name;
  std::string password;
  std::string phone;  // normalised, proved by the code
  int64_t resident_id = 0;
  std::string place_code;  // the person's community: the resident grant's scope
};

class AccountService {
 public:
  // accounts, sessions, clock and the hooks' audit log must outlive the service. Passwords are
  // hashed with sessions.options().password_hash and checked by its password_policy.
  AccountService(AccountRepository& accounts, SessionService& sessions, const core::Clock& clock,
                 AccountHooks hooks);

  // 201 Account. 422 for a bad username/display name/password/grant (a scope of the wrong level,
  // an unknown department), 409 for a taken username, 404 for a scope outside the caller's
  // jurisdiction or unknown, 403 for a role the caller may not grant.
  core::Result<Account> Create(const Caller& caller, const NewAccount& request);
  core::Result<core::Page<Account>> List(const Caller& caller, const AccountQuery& query,
                                         const core::PageRequest& page);
  core::Result<Account> Get(const Caller& caller, std::string_view username);
  // Disables the account and ends its sessions (idempotent). 409 for the caller's own account.
  core::Result<Account> Disable(const Caller& caller, std::string_view username);
  // Enables a disabled account (idempotent). 409 for the caller's own account.
  core::Result<Account> Enable(const Caller& caller, std::string_view username);
  // Replaces the account's grants (each checked as on create) and ends its sessions, so that
  // the new grants apply at once. 409 for the caller's own account.
  core::Result<Account> SetGrants(const Caller& caller, std::string_view username,
                                  const std::vector<RoleGrant>& grants);
  // Sets the account's mobile phone ("" clears it): 422 on "phone" for what is not a mainland
  // mobile number. Allowed on the caller's own account only when it manages it like any other.
  core::Result<Account> SetPhone(const Caller& caller, std::string_view username,
                                 std::string_view phone);
  // Binds a resident account to a registered person (nullopt unbinds), ending its sessions so
  // that the binding applies at once. 422 on "resident_id" for an account with other than
  // resident grants or a person outside the caller's people.manage scope; 409 when another
  // account is bound to that person.
  core::Result<Account> SetResident(const Caller& caller, std::string_view username,
                                    std::optional<int64_t> resident_id);
  // A resident's own account, created by the sign-up once the code proved the phone: a resident
  // grant over the person's place, bound to the person. Audited as the anonymous caller's.
  core::Result<Account> SignUpResident(const Caller& caller, const ResidentSignup& request);
  // A forgotten password replaced once an SMS code to the account's phone proved the holder:
  // the new one must satisfy the policy; sessions end, the lockout clears, audited, notified.
  core::Status SetForgottenPassword(const Caller& caller, const Account& account,
                                    std::string_view next);
  // Gives the account a temporary password it must change at the next login, ends its
  // sessions and clears its login lockout. The password goes to the holder's phone by SMS when
  // hooks.sms_soon is set and the account has a phone (the answer then holds no password);
  // otherwise the answer holds it, once.
  core::Result<PasswordReset> ResetPassword(const Caller& caller, std::string_view username);
  // The caller's own change: the current password is verified as a login is (lockout and rate
  // limit included; a wrong one is 422 on current_password), the new one must satisfy the
  // policy and differ from it. Ends every session of the account and answers a new one.
  core::Result<LoginResult> ChangeOwnPassword(const Caller& caller, std::string_view current,
                                              std::string_view next);

  // First run: when no account exists at all, creates city_admin `username` over city_code
  // (4 digits; the division need not be imported yet). Returns true when it created the
  // account, false when accounts already existed (idempotent).
  core::Result<bool> Bootstrap(std::string_view city_code, std::string_view username,
                               std::string_view password);

 private:
  // The account, when the caller manages it and could have given every grant it holds.
  core::Result<Account> FindManaged(const Caller& caller, std::string_view username);
  // A requested grant, trimmed and checked (format, level, delegation, existence).
  // A binding to resident_id: every grant a resident's, the person in the caller's scope.
  core::Status CheckResident(const Caller& caller, const std::vector<RoleGrant>& grants,
                             int64_t resident_id) const;
  core::Result<RoleGrant> CheckedGrant(const Caller& caller, const RoleGrant& requested) const;
  core::Result<std::vector<RoleGrant>> CheckedGrants(const Caller& caller,
                                                     const std::vector<RoleGrant>& requested) const;
  core::Status Audit(const Caller& caller, audit::AuditAction action, const Account& account,
                     std::string detail, int64_t at);
  void Notify(int64_t account_id, std::string text) const;

  AccountRepository& accounts_;
  SessionService& sessions_;
  const core::Clock& clock_;
  AccountHooks hooks_;
};

// The caller the command line manages accounts as: city_admin over city_code, account_id 0, no
// session, named "system".
Caller CommandLineCaller(std::string_view city_code);

}  // namespace linli::access

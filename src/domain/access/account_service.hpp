// Account management use cases (HTTP /api/v1/accounts and the `linli user` command line).
//
// Scope rule: a caller manages an account only when every grant of that account lies inside
// the caller's accounts.manage scope; anything else answers 404 as if it did not exist. A
// caller may grant (and may change an account holding) a role only when one of the caller's
// accounts.manage grants covers that grant's scope with a role at least as high
// (city_admin > county_official = department_officer > town_official > community_worker >
// grid_worker > social_org = volunteer = resident); otherwise 403.
//
// The command line acts as CommandLineCaller(city_code): a city_admin of the configured city,
// with no session, so it obeys exactly the same rules as an administrator on the web.
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
#include "domain/access/password_policy.hpp"
#include "domain/access/session_service.hpp"

namespace linli::access {

// True when a division (or grid) with this well-formed code exists; wired to the divisions
// and grids modules by the app.
using DivisionExists = std::function<bool(std::string_view code)>;

struct NewAccount {
  std::string username;
  std::string display_name;  // "" -> the username
  std::string password;
  std::vector<RoleGrant> grants;  // 1..16
};

class AccountService {
 public:
  // accounts, sessions and clock must outlive the service. Passwords are hashed with
  // sessions.options().password_hash.
  AccountService(AccountRepository& accounts, SessionService& sessions, const core::Clock& clock,
                 DivisionExists division_exists, PasswordPolicy password_policy = {});

  // 201 Account. 422 for a bad username/display name/password/grant, 409 for a taken username,
  // 404 for a scope outside the caller's jurisdiction or unknown, 403 for a role above the
  // caller's.
  core::Result<Account> Create(const Caller& caller, const NewAccount& request);
  core::Result<core::Page<Account>> List(const Caller& caller, const AccountQuery& query,
                                         const core::PageRequest& page);
  core::Result<Account> Get(const Caller& caller, std::string_view username);
  // Disables the account and ends its sessions (idempotent). 409 for the caller's own account.
  core::Result<Account> Disable(const Caller& caller, std::string_view username);
  // Sets a new password, ends the account's sessions and clears its login lockout.
  core::Status ResetPassword(const Caller& caller, std::string_view username,
                             std::string_view password);

  // First run: when no account exists at all, creates city_admin `username` over city_code
  // (4 digits; the division need not be imported yet). Returns true when it created the
  // account, false when accounts already existed (idempotent).
  core::Result<bool> Bootstrap(std::string_view city_code, std::string_view username,
                               std::string_view password);

 private:
  core::Result<Account> FindManaged(const Caller& caller, std::string_view username);
  core::Status CheckGrantable(const Caller& caller, const RoleGrant& grant) const;

  AccountRepository& accounts_;
  SessionService& sessions_;
  const core::Clock& clock_;
  DivisionExists division_exists_;
  PasswordPolicy password_policy_;
};

// The caller the command line manages accounts as: city_admin over city_code, account_id 0, no
// session, named "system".
Caller CommandLineCaller(std::string_view city_code);

// Higher is more powerful; see the header comment.
int RoleRank(Role role);

}  // namespace linli::access

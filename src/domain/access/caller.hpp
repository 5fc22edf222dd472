// Caller: who is asking, in which scope, audited as whom — the one object every service takes.
//
// A Caller is a signed-in account's Principal (its grants) together with where the request
// came from (remote address, request id), or the system itself (the command line, the seeder,
// scheduled jobs). Services ask it for the scope of a permission (ScopeFor) and build their
// audit records from it (AuditEntry), so that jurisdiction and attribution are decided in one
// place. The system caller holds every permission with no limit of place.
// Thread-safety: an immutable value; copies may be used on any thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scope.hpp"
#include "domain/access/principal.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::access {

class Caller {
 public:
  // A signed-in account (from the session layer) and where its request came from.
  Caller(Principal principal, std::string remote_address, std::string request_id);
  // The command line, the seeder and scheduled jobs: every permission, everywhere, as "system".
  static Caller System();
  // The `linli user …` command line of a city: a city administrator over city_code with no
  // session (account 0, "system"), which may also grant city administrators (delegation.hpp).
  static Caller CommandLine(std::string_view city_code);
  // Someone not signed in, at a public route that writes or audits (a resident's sign-up, a
  // forgotten password): account 0, "anonymous", no grants, no permission.
  static Caller Anonymous(std::string remote_address, std::string request_id);

  int64_t account_id() const { return principal_.account_id; }
  const std::string& username() const { return principal_.username; }  // "system" for System()
  const std::string& display_name() const { return principal_.display_name; }
  // How records shown to people name the caller: the display name, else the username.
  const std::string& name_for_people() const {
    return principal_.display_name.empty() ? principal_.username : principal_.display_name;
  }
  const std::vector<RoleGrant>& grants() const { return principal_.grants; }
  // The session facts (session id, cookie, CSRF token) for the session layer.
  const Principal& principal() const { return principal_; }
  const std::string& remote_address() const { return remote_address_; }
  const std::string& request_id() const { return request_id_; }
  // The registered person a resident account is bound to (nullopt otherwise, and for System()).
  const std::optional<int64_t>& resident_id() const { return principal_.resident_id; }
  bool IsSystem() const { return system_; }
  bool IsCommandLine() const { return command_line_; }

  bool Has(Permission permission) const;
  // True when one of the grants is of this role (never for System(), which holds no grants).
  bool HasRole(Role role) const;
  // The scope code of the first grant of the first of `roles` the caller holds ("" when none;
  // always "" for System()): the place a role-specific screen is about.
  std::string PlaceOf(std::initializer_list<Role> roles) const;
  // Union of the scopes of the grants holding the permission; everything for System().
  core::Scope ScopeFor(Permission permission) const;

  // An audit record of this caller doing `action` to a subject, at `at` (epoch milliseconds).
  audit::AuditEntry AuditEntry(audit::AuditAction action, std::string subject_type,
                               std::string subject_id, std::string division_code,
                               std::string detail, int64_t at) const;

 private:
  Caller() = default;

  Principal principal_;
  std::string remote_address_;
  std::string request_id_;
  bool system_ = false;
  bool command_line_ = false;
};

}  // namespace linli::access

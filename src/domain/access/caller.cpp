#include "domain/access/caller.hpp"

#include <algorithm>
#include <utility>

namespace linli::access {

Caller::Caller(Principal principal, std::string remote_address, std::string request_id)
    : principal_(std::move(principal)),
      remote_address_(std::move(remote_address)),
      request_id_(std::move(request_id)) {}

Caller Caller::System() {
  Caller caller;
  caller.principal_.username = "system";
  caller.principal_.display_name = "系统";
  caller.system_ = true;
  return caller;
}

Caller Caller::CommandLine(std::string_view city_code) {
  Principal principal;
  principal.account_id = 0;
  principal.username = "system";
  principal.display_name = "系统";
  principal.grants.push_back(RoleGrant{Role::kCityAdmin, std::string(city_code), ""});
  Caller caller(std::move(principal), "", "");
  caller.command_line_ = true;
  return caller;
}

bool Caller::Has(Permission permission) const { return system_ || principal_.Has(permission); }

bool Caller::HasRole(Role role) const {
  return std::any_of(principal_.grants.begin(), principal_.grants.end(),
                     [role](const RoleGrant& grant) { return grant.role == role; });
}

std::string Caller::PlaceOf(std::initializer_list<Role> roles) const {
  for (Role role : roles) {
    for (const auto& grant : principal_.grants) {
      if (grant.role == role) return grant.scope_code;
    }
  }
  return "";
}

Caller Caller::Anonymous(std::string remote_address, std::string request_id) {
  Principal principal;
  principal.username = "anonymous";
  principal.display_name = "匿名";
  return Caller(std::move(principal), std::move(remote_address), std::move(request_id));
}

core::Scope Caller::ScopeFor(Permission permission) const {
  if (system_) return core::Scope::Everything();
  return principal_.ScopeFor(permission);
}

audit::AuditEntry Caller::AuditEntry(audit::AuditAction action, std::string subject_type,
                                     std::string subject_id, std::string division_code,
                                     std::string detail, int64_t at) const {
  audit::AuditEntry entry;
  entry.at = at;
  entry.actor_id = principal_.account_id;
  entry.actor_name = principal_.username;
  entry.action = action;
  entry.subject_type = std::move(subject_type);
  entry.subject_id = std::move(subject_id);
  entry.division_code = std::move(division_code);
  entry.detail = std::move(detail);
  entry.remote_address = remote_address_;
  entry.request_id = request_id_;
  return entry;
}

}  // namespace linli::access

#include "domain/access/account_service.hpp"

#include <algorithm>

#include "core/division_code.hpp"
#include "domain/access/password.hpp"

namespace linli::access {

namespace {

constexpr size_t kMaxGrants = 16;
constexpr size_t kMaxDisplayNameCharacters = 64;
constexpr size_t kMaxDepartmentCharacters = 64;

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

core::Error AccountNotFound() { return core::Error::NotFound("账号不存在"); }

core::Error ScopeNotFound(std::string_view code) {
  return core::Error::NotFound("管辖范围 " + std::string(code) + " 不存在");
}

bool Holds(Role role, Permission permission) {
  const auto& permissions = RolePermissions(role);
  return std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
}

}  // namespace

bool IsValidUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 32) return false;
  return std::all_of(username.begin(), username.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

std::vector<Permission> PermissionsOf(const std::vector<RoleGrant>& grants) {
  std::vector<Permission> out;
  for (const auto& grant : grants) {
    for (Permission p : RolePermissions(grant.role)) {
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

int RoleRank(Role role) {
  switch (role) {
    case Role::kCityAdmin:
      return 6;
    case Role::kCountyOfficial:
    case Role::kDepartmentOfficer:
      return 5;
    case Role::kTownOfficial:
      return 4;
    case Role::kCommunityWorker:
      return 3;
    case Role::kGridWorker:
      return 2;
    case Role::kSocialOrg:
    case Role::kVolunteer:
    case Role::kResident:
      return 1;
  }
  return 0;
}

Caller CommandLineCaller(std::string_view city_code) {
  Principal principal;
  principal.account_id = 0;
  principal.username = "system";
  principal.display_name = "系统";
  principal.grants.push_back(RoleGrant{Role::kCityAdmin, std::string(city_code), ""});
  return Caller(std::move(principal), "", "");
}

AccountService::AccountService(AccountRepository& accounts, SessionService& sessions,
                               const core::Clock& clock, DivisionExists division_exists,
                               PasswordPolicy password_policy)
    : accounts_(accounts),
      sessions_(sessions),
      clock_(clock),
      division_exists_(std::move(division_exists)),
      password_policy_(std::move(password_policy)) {}

core::Status AccountService::CheckGrantable(const Caller& caller, const RoleGrant& grant) const {
  bool in_scope = false;
  for (const auto& own : caller.grants()) {
    if (!Holds(own.role, Permission::kAccountsManage)) continue;
    if (!grant.scope_code.starts_with(own.scope_code)) continue;
    in_scope = true;
    if (RoleRank(own.role) >= RoleRank(grant.role)) return core::Ok();
  }
  if (!in_scope) return ScopeNotFound(grant.scope_code);
  return core::Error::PermissionDenied("不能授予或管理高于自身的角色：" +
                                       std::string(RoleName(grant.role)));
}

core::Result<Account> AccountService::Create(const Caller& caller, const NewAccount& request) {
  if (!caller.Has(Permission::kAccountsManage)) {
    return core::Error::PermissionDenied("没有管理账号的权限");
  }
  Account account;
  account.username = request.username;
  if (!IsValidUsername(account.username)) {
    return core::Error::Validation("用户名须为 3 到 32 位小写字母、数字或 _ . -", "username");
  }
  account.display_name = Trim(request.display_name);
  if (account.display_name.empty()) account.display_name = account.username;
  if (CodePointCount(account.display_name) > kMaxDisplayNameCharacters) {
    return core::Error::Validation("姓名不能超过 64 个字符", "display_name");
  }
  TRY(password_policy_.Check(request.password, account.username));
  if (request.grants.empty()) return core::Error::Validation("至少需要一个角色", "grants");
  if (request.grants.size() > kMaxGrants) {
    return core::Error::Validation("角色不能超过 16 个", "grants");
  }
  for (const auto& requested : request.grants) {
    RoleGrant grant = requested;
    if (!core::LevelOfCode(grant.scope_code)) {
      return core::Error::Validation("管辖范围编码格式不正确：" + grant.scope_code, "grants");
    }
    grant.department = Trim(grant.department);
    if (grant.role == Role::kDepartmentOfficer) {
      if (grant.department.empty()) {
        return core::Error::Validation("部门人员必须填写所属部门", "grants");
      }
      if (CodePointCount(grant.department) > kMaxDepartmentCharacters) {
        return core::Error::Validation("部门名称不能超过 64 个字符", "grants");
      }
    } else {
      grant.department.clear();
    }
    TRY(CheckGrantable(caller, grant));
    if (division_exists_ && !division_exists_(grant.scope_code)) {
      return ScopeNotFound(grant.scope_code);
    }
    account.grants.push_back(std::move(grant));
  }
  ASSIGN_OR_RETURN(account.password_hash,
                   HashPassword(request.password, sessions_.options().password_hash));
  account.created_at = account.updated_at = clock_.NowMillis();
  ASSIGN_OR_RETURN(Account created, accounts_.Insert(account));
  created.password_hash.clear();
  return created;
}

core::Result<core::Page<Account>> AccountService::List(const Caller& caller,
                                                       const AccountQuery& query,
                                                       const core::PageRequest& page) {
  const core::Scope scope = caller.ScopeFor(Permission::kAccountsManage);
  if (scope.Empty()) return core::Error::PermissionDenied("没有管理账号的权限");
  AccountQuery trimmed{Trim(query.text)};
  ASSIGN_OR_RETURN(auto result, accounts_.List(trimmed, scope, page));
  for (auto& account : result.items) account.password_hash.clear();
  return result;
}

core::Result<Account> AccountService::FindManaged(const Caller& caller, std::string_view username) {
  if (!caller.Has(Permission::kAccountsManage)) {
    return core::Error::PermissionDenied("没有管理账号的权限");
  }
  if (!IsValidUsername(username)) return AccountNotFound();
  ASSIGN_OR_RETURN(auto account, accounts_.FindByUsername(username));
  if (!account) return AccountNotFound();
  const core::Scope scope = caller.ScopeFor(Permission::kAccountsManage);
  for (const auto& grant : account->grants) {
    if (!scope.Covers(grant.scope_code)) return AccountNotFound();
  }
  return std::move(*account);
}

core::Result<Account> AccountService::Get(const Caller& caller, std::string_view username) {
  ASSIGN_OR_RETURN(Account account, FindManaged(caller, username));
  account.password_hash.clear();
  return account;
}

core::Result<Account> AccountService::Disable(const Caller& caller, std::string_view username) {
  ASSIGN_OR_RETURN(Account account, FindManaged(caller, username));
  for (const auto& grant : account.grants) TRY(CheckGrantable(caller, grant));
  if (account.id == caller.account_id()) {
    return core::Error::FailedPrecondition("不能停用自己的账号");
  }
  if (!account.disabled) {
    const int64_t now = clock_.NowMillis();
    TRY(accounts_.SetDisabled(account.id, true, now));
    account.disabled = true;
    account.updated_at = now;
  }
  TRY(sessions_.EndAllSessions(account.id));
  account.password_hash.clear();
  return account;
}

core::Status AccountService::ResetPassword(const Caller& caller, std::string_view username,
                                           std::string_view password) {
  ASSIGN_OR_RETURN(Account account, FindManaged(caller, username));
  for (const auto& grant : account.grants) TRY(CheckGrantable(caller, grant));
  TRY(password_policy_.Check(password, account.username));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, sessions_.options().password_hash));
  TRY(accounts_.SetPasswordHash(account.id, hash, clock_.NowMillis()));
  TRY(sessions_.EndAllSessions(account.id));
  return sessions_.ClearLockout(account.username);
}

core::Result<bool> AccountService::Bootstrap(std::string_view city_code, std::string_view username,
                                             std::string_view password) {
  if (core::LevelOfCode(city_code) != core::DivisionLevel::kCity) {
    return core::Error::Validation("城市编码必须是 4 位数字", "city_code");
  }
  ASSIGN_OR_RETURN(int64_t count, accounts_.Count());
  if (count > 0) return false;
  NewAccount request;
  request.username = std::string(username);
  request.display_name = "系统管理员";
  request.password = std::string(password);
  request.grants.push_back(RoleGrant{Role::kCityAdmin, std::string(city_code), ""});
  // The divisions may not be imported yet on first run: skip the existence check.
  AccountService unchecked(accounts_, sessions_, clock_, nullptr, password_policy_);
  auto created = unchecked.Create(CommandLineCaller(city_code), request);
  if (!created.ok()) {
    if (created.error().code == core::ErrorCode::kAlreadyExists) return false;  // a racing run
    return std::move(created).error();
  }
  return true;
}

}  // namespace linli::access

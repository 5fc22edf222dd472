#include "http/access/access_routes.hpp"

#include <boost/json/array.hpp>

#include "core/identity/phone.hpp"
#include "http/json_body.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

core::Result<std::vector<access::RoleGrant>> ParseGrants(const json::object& body) {
  auto it = body.find("grants");
  if (it == body.end() || it->value().is_null()) {
    return core::Error::InvalidArgument("缺少字段 grants", "grants");
  }
  if (!it->value().is_array()) {
    return core::Error::InvalidArgument("字段 grants 应为数组", "grants");
  }
  std::vector<access::RoleGrant> grants;
  for (const json::value& item : it->value().as_array()) {
    if (!item.is_object()) {
      return core::Error::InvalidArgument("grants 的每一项应为对象", "grants");
    }
    const json::object& object = item.as_object();
    ASSIGN_OR_RETURN(std::string role_name, RequiredString(object, "role"));
    ASSIGN_OR_RETURN(std::string scope_code, RequiredString(object, "scope_code"));
    ASSIGN_OR_RETURN(auto department, OptionalString(object, "department"));
    ASSIGN_OR_RETURN(auto duty_name, OptionalString(object, "duty"));
    const auto role = access::RoleFromName(role_name);
    if (!role) return core::Error::Validation("未知角色：" + role_name, "grants");
    const auto duty = access::DutyFromName(duty_name.value_or(""));
    if (!duty) return core::Error::Validation("未知职责：" + *duty_name, "grants");
    access::RoleGrant grant{*role, std::move(scope_code), department.value_or(""), *duty};
    ASSIGN_OR_RETURN(grant.provider_id, OptionalInt(object, "provider_id"));
    ASSIGN_OR_RETURN(grant.organisation_id, OptionalInt(object, "organisation_id"));
    grants.push_back(std::move(grant));
  }
  return grants;
}

std::string PathUsername(const Request& request) {
  auto it = request.path_params.find("username");
  return it == request.path_params.end() ? std::string() : it->second;
}

}  // namespace

json::object AccountJson(const access::Account& account, const PlaceName& scope_name) {
  json::object out;
  out["id"] = account.id;
  out["username"] = account.username;
  out["display_name"] = account.display_name;
  out["disabled"] = account.disabled;
  out["must_change_password"] = account.must_change_password;
  // Masked always (138****5678): the number itself never leaves the server.
  out["phone"] =
      account.phone ? json::value(identity::MaskPhone(*account.phone)) : json::value(nullptr);
  json::array grants;
  for (const auto& grant : account.grants) {
    json::object item;
    item["role"] = access::RoleName(grant.role);
    item["scope_code"] = grant.scope_code;
    item["scope_name"] = scope_name ? scope_name(grant.scope_code) : std::string();
    item["department"] = grant.department;
    item["duty"] = access::DutyName(grant.duty);
    item["duty_label"] = access::DutyLabel(grant.duty);
    if (grant.provider_id) {
      item["provider_id"] = *grant.provider_id;
      item["provider_name"] = grant.provider_name;
    }
    if (grant.organisation_id) {
      item["organisation_id"] = *grant.organisation_id;
      item["organisation_name"] = grant.organisation_name;
    }
    grants.push_back(std::move(item));
  }
  out["grants"] = std::move(grants);
  // The registered person a resident account is (decision 0026); an id, no personal data.
  out["resident_id"] =
      account.resident_id ? json::value(*account.resident_id) : json::value(nullptr);
  json::array permissions;
  for (auto permission : access::PermissionsOf(account.grants)) {
    permissions.push_back(json::string(access::PermissionName(permission)));
  }
  out["permissions"] = std::move(permissions);
  return out;
}

Response SessionStarted(const access::LoginResult& login, int64_t max_age_seconds,
                        const SessionCookieOptions& cookie, const PlaceName& scope_name) {
  json::object out;
  out["token"] = login.token;
  out["csrf_token"] = login.csrf_token;
  out["expires_at"] = login.expires_at;
  out["account"] = AccountJson(login.account, scope_name);
  Response response = Response::Json(out);
  response.headers.emplace_back("Set-Cookie", SessionCookie(cookie, login.token, max_age_seconds));
  return response;
}

std::string SessionCookie(const SessionCookieOptions& cookie, std::string_view token,
                          int64_t max_age_seconds) {
  std::string out =
      cookie.name + "=" + std::string(token) +
      "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_seconds);
  if (cookie.secure) out += "; Secure";
  return out;
}

std::vector<Route> AccessRoutes(access::SessionService& sessions, access::AccountService& accounts,
                                const SessionCookieOptions& cookie_options, PlaceName scope_name) {
  using access::Permission;
  const SessionCookieOptions cookie = cookie_options;
  std::vector<Route> routes;

  routes.push_back(Route{
      "POST", "/api/v1/session", std::nullopt,
      [&sessions, cookie, scope_name](Request& request) -> core::Result<Response> {
        // Only JSON: a cross-site form (text/plain, urlencoded, multipart) needs no CORS
        // preflight and would otherwise log the browser in (issue 15 item 6).
        if (!IsJsonContentType(request.Header("content-type"))) {
          return UnsupportedMediaType(request.request_id);
        }
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(std::string username, RequiredString(body, "username"));
        ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
        ASSIGN_OR_RETURN(auto login, sessions.Login(username, password, request.remote_address));
        return SessionStarted(login, sessions.options().session_ttl_ms / 1000, cookie, scope_name);
      },
      "登录，返回会话令牌并设置会话 Cookie"});

  routes.push_back(Route{"GET", "/api/v1/session", Permission::kSelf,
                         [&sessions, scope_name](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto view, sessions.Describe(request.Caller()));
                           json::object out;
                           out["csrf_token"] = view.csrf_token;
                           out["expires_at"] = view.expires_at;
                           out["account"] = AccountJson(view.account, scope_name);
                           return Response::Json(out);
                         },
                         "当前会话与账号"});
  routes.back().open_before_password_change = true;

  routes.push_back(Route{"DELETE", "/api/v1/session", Permission::kSelf,
                         [&sessions, cookie](Request& request) -> core::Result<Response> {
                           TRY(sessions.Logout(request.Caller()));
                           Response response = Response::NoContent();
                           response.headers.emplace_back("Set-Cookie",
                                                         SessionCookie(cookie, "", 0));
                           return response;
                         },
                         "退出登录"});
  routes.back().open_before_password_change = true;

  routes.push_back(Route{
      "POST", "/api/v1/session/password", Permission::kSelf,
      [&sessions, &accounts, cookie, scope_name](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(std::string current, RequiredString(body, "current_password"));
        ASSIGN_OR_RETURN(std::string next, RequiredString(body, "password"));
        ASSIGN_OR_RETURN(auto login, accounts.ChangeOwnPassword(request.Caller(), current, next));
        return SessionStarted(login, sessions.options().session_ttl_ms / 1000, cookie, scope_name);
      },
      "修改自己的密码（须提供当前密码），结束其他会话并返回新会话"});
  routes.back().open_before_password_change = true;

  routes.push_back(Route{
      "GET", "/api/v1/accounts", Permission::kAccountsManage,
      [&accounts, scope_name](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        access::AccountQuery query{request.Query("q").value_or("")};
        ASSIGN_OR_RETURN(auto result, accounts.List(request.Caller(), query, page));
        return Response::Json(PageJson(result, [&](const access::Account& account) {
          return AccountJson(account, scope_name);
        }));
      },
      "管辖范围内的账号列表"});

  routes.push_back(
      Route{"POST", "/api/v1/accounts", Permission::kAccountsManage,
            [&accounts, scope_name](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              access::NewAccount account;
              ASSIGN_OR_RETURN(account.username, RequiredString(body, "username"));
              ASSIGN_OR_RETURN(auto display_name, OptionalString(body, "display_name"));
              account.display_name = display_name.value_or("");
              ASSIGN_OR_RETURN(account.password, RequiredString(body, "password"));
              ASSIGN_OR_RETURN(auto phone, OptionalString(body, "phone"));
              account.phone = phone.value_or("");
              ASSIGN_OR_RETURN(account.grants, ParseGrants(body));
              ASSIGN_OR_RETURN(account.resident_id, OptionalInt(body, "resident_id"));
              ASSIGN_OR_RETURN(auto created, accounts.Create(request.Caller(), account));
              return Response::Json(AccountJson(created, scope_name), 201);
            },
            "创建账号"});

  routes.push_back(Route{"POST", "/api/v1/accounts/{username}/disable", Permission::kAccountsManage,
                         [&accounts, scope_name](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto account, accounts.Disable(request.Caller(),
                                                                           PathUsername(request)));
                           return Response::Json(AccountJson(account, scope_name));
                         },
                         "停用账号"});

  routes.push_back(Route{"POST", "/api/v1/accounts/{username}/enable", Permission::kAccountsManage,
                         [&accounts, scope_name](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto account, accounts.Enable(request.Caller(),
                                                                          PathUsername(request)));
                           return Response::Json(AccountJson(account, scope_name));
                         },
                         "重新启用账号"});

  routes.push_back(Route{"PUT", "/api/v1/accounts/{username}/grants", Permission::kAccountsManage,
                         [&accounts, scope_name](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto grants, ParseGrants(body));
                           ASSIGN_OR_RETURN(
                               auto account,
                               accounts.SetGrants(request.Caller(), PathUsername(request), grants));
                           return Response::Json(AccountJson(account, scope_name));
                         },
                         "修改账号的角色与管辖范围（结束其会话）"});

  routes.push_back(Route{"PUT", "/api/v1/accounts/{username}/phone", Permission::kAccountsManage,
                         [&accounts, scope_name](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           if (!body.contains("phone")) {
                             return core::Error::InvalidArgument("缺少字段 phone", "phone");
                           }
                           ASSIGN_OR_RETURN(auto phone, OptionalString(body, "phone"));
                           ASSIGN_OR_RETURN(auto account, accounts.SetPhone(request.Caller(),
                                                                            PathUsername(request),
                                                                            phone.value_or("")));
                           return Response::Json(AccountJson(account, scope_name));
                         },
                         "设置或删除账号接收短信的手机号（null 或空串删除）"});

  routes.push_back(Route{
      "PUT", "/api/v1/accounts/{username}/resident", Permission::kAccountsManage,
      [&accounts, scope_name](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        if (!body.contains("resident_id")) {
          return core::Error::InvalidArgument("缺少字段 resident_id", "resident_id");
        }
        ASSIGN_OR_RETURN(auto resident_id, OptionalInt(body, "resident_id"));
        ASSIGN_OR_RETURN(auto account, accounts.SetResident(request.Caller(), PathUsername(request),
                                                            resident_id));
        return Response::Json(AccountJson(account, scope_name));
      },
      "将居民账号与登记的居民绑定（null 解除绑定）"});

  routes.push_back(
      Route{"POST", "/api/v1/accounts/{username}/password", Permission::kAccountsManage,
            [&accounts](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto reset,
                               accounts.ResetPassword(request.Caller(), PathUsername(request)));
              json::object out;
              out["delivered_to"] = std::string(access::PasswordDeliveryName(reset.delivered_to));
              if (reset.delivered_to == access::PasswordDelivery::kSms) {
                out["phone"] = reset.masked_phone;  // masked; the password is not answered
              } else {
                out["temporary_password"] = reset.temporary_password;
              }
              out["must_change_password"] = reset.must_change_password;
              return Response::Json(out);
            },
            "重置账号密码：生成临时密码，配置了短信网关且账号有手机号时以短信发给账号本人，"
            "否则仅显示一次；持有人下次登录须修改"});

  return routes;
}

}  // namespace linli::http

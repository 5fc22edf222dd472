#include "http/self_service/self_service_routes.hpp"

#include "http/json_body.hpp"

namespace linli::kiosks {
BOOST_DESCRIBE_STRUCT(OpenedPairing, (), (id, secret, expires_at))
BOOST_DESCRIBE_STRUCT(PairingRequest, (),
                      (kiosk_name, location, community_code, community_name, expires_at))
}  // namespace linli::kiosks

namespace linli::http {

namespace json = boost::json;

namespace {

// A public write: JSON only (415 otherwise, as the login), by the anonymous caller at this
// request's address.
Handler PublicJson(
    std::function<core::Result<Response>(const json::object&, const access::Caller&)> handle) {
  return [handle = std::move(handle)](Request& request) -> core::Result<Response> {
    if (!IsJsonContentType(request.Header("content-type"))) {
      return UnsupportedMediaType(request.request_id);
    }
    ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
    return handle(body, access::Caller::Anonymous(request.remote_address, request.request_id));
  };
}

core::Result<std::string> Field(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  return value.value_or("");
}

// The kiosk's credential (decision 0025), read by the routes of the sign-in by scanning.
constexpr std::string_view kKioskTokenHeader = "x-kiosk-token";

Response Accepted(const char* message) {
  json::object out;
  out["message"] = message;
  return Response::Json(out, 202);
}

}  // namespace

std::vector<Route> SelfServiceRoutes(self_service::SignupService& signup) {
  std::vector<Route> routes;

  routes.push_back(
      Route{"POST", "/api/v1/sign-up/code", std::nullopt,
            PublicJson([&signup](const json::object& body,
                                 const access::Caller& caller) -> core::Result<Response> {
              self_service::SignUpCodeRequest input;
              ASSIGN_OR_RETURN(input.id_number, Field(body, "id_number"));
              ASSIGN_OR_RETURN(input.phone, Field(body, "phone"));
              TRY(signup.RequestSignUpCode(input, caller));
              return Accepted(
                  "如果身份证号和手机号与社区登记的信息一致，验证码已发送到该手机，10 分钟内有效");
            }),
            "居民注册：获取短信验证码（无论是否登记，回答相同）"});

  routes.push_back(
      Route{"POST", "/api/v1/sign-up", std::nullopt,
            PublicJson([&signup](const json::object& body,
                                 const access::Caller& caller) -> core::Result<Response> {
              self_service::SignUpRequest input;
              ASSIGN_OR_RETURN(input.id_number, Field(body, "id_number"));
              ASSIGN_OR_RETURN(input.phone, Field(body, "phone"));
              ASSIGN_OR_RETURN(input.code, Field(body, "code"));
              ASSIGN_OR_RETURN(input.username, Field(body, "username"));
              ASSIGN_OR_RETURN(input.display_name, Field(body, "display_name"));
              ASSIGN_OR_RETURN(input.password, Field(body, "password"));
              ASSIGN_OR_RETURN(auto account, signup.SignUp(input, caller));
              json::object out;
              out["username"] = account.username;
              out["display_name"] = account.display_name;
              return Response::Json(out, 201);
            }),
            "居民注册：凭验证码创建与登记信息绑定的居民账号"});

  routes.push_back(
      Route{"POST", "/api/v1/password-reset/code", std::nullopt,
            PublicJson([&signup](const json::object& body,
                                 const access::Caller& caller) -> core::Result<Response> {
              self_service::ResetCodeRequest input;
              ASSIGN_OR_RETURN(input.username, Field(body, "username"));
              ASSIGN_OR_RETURN(input.phone, Field(body, "phone"));
              TRY(signup.RequestResetCode(input, caller));
              return Accepted(
                  "如果用户名和手机号与账号登记的一致，验证码已发送到该手机，10 "
                  "分钟内有效");
            }),
            "忘记密码：获取短信验证码（无论账号是否存在，回答相同）"});

  routes.push_back(
      Route{"POST", "/api/v1/password-reset", std::nullopt,
            PublicJson([&signup](const json::object& body,
                                 const access::Caller& caller) -> core::Result<Response> {
              self_service::ResetRequest input;
              ASSIGN_OR_RETURN(input.username, Field(body, "username"));
              ASSIGN_OR_RETURN(input.code, Field(body, "code"));
              ASSIGN_OR_RETURN(input.password, Field(body, "password"));
              TRY(signup.ResetPassword(input, caller));
              return Response::NoContent();
            }),
            "忘记密码：凭验证码设置新密码"});

  return routes;
}

std::vector<Route> KioskSignInRoutes(self_service::SignupService& signup,
                                     access::SessionService& sessions, kiosks::KioskService& kiosks,
                                     const SessionCookieOptions& cookie, PlaceName scope_name) {
  // The kiosk first: without its token nothing is counted, audited or sent.
  auto at_kiosk = [&kiosks](Handler handle) -> Handler {
    return [&kiosks, handle = std::move(handle)](Request& request) -> core::Result<Response> {
      TRY(kiosks.AuthenticateKiosk(request.Header("x-kiosk-token")));
      return handle(request);
    };
  };
  std::vector<Route> routes;
  routes.push_back(
      Route{"POST", "/api/v1/kiosk/sign-in/code", std::nullopt,
            at_kiosk(PublicJson([&signup](const json::object& body,
                                          const access::Caller& caller) -> core::Result<Response> {
              self_service::SignInCodeRequest input;
              ASSIGN_OR_RETURN(input.phone, Field(body, "phone"));
              TRY(signup.RequestSignInCode(input, caller));
              return Accepted(
                  "如果该手机号是您居民账号和登记信息中的手机号，验证码已发送，10 分钟内有效");
            })),
            "自助终端居民登录：获取短信验证码（X-Kiosk-Token；无论手机号是否有账号，回答相同）"});

  routes.push_back(Route{
      "POST", "/api/v1/kiosk/sign-in", std::nullopt,
      at_kiosk(PublicJson([&signup, &sessions, cookie, scope_name](
                              const json::object& body,
                              const access::Caller& caller) -> core::Result<Response> {
        self_service::SignInRequest input;
        ASSIGN_OR_RETURN(input.phone, Field(body, "phone"));
        ASSIGN_OR_RETURN(input.code, Field(body, "code"));
        ASSIGN_OR_RETURN(auto account, signup.SignIn(input, caller));
        ASSIGN_OR_RETURN(auto login, sessions.StartSession(account, caller.remote_address(),
                                                           self_service::kKioskSessionTtlMs));
        return SessionStarted(login, self_service::kKioskSessionTtlMs / 1000, cookie, scope_name);
      })),
      "自助终端居民登录：凭验证码开始 15 分钟的会话（X-Kiosk-Token）"});
  return routes;
}

std::vector<Route> KioskPairingRoutes(kiosks::KioskPairingService& pairing,
                                      access::SessionService& sessions,
                                      const SessionCookieOptions& cookie, PlaceName scope_name) {
  std::vector<Route> routes;
  routes.push_back(
      Route{"POST", "/api/v1/kiosk/pairings", std::nullopt,
            [&pairing](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto opened, pairing.Open(request.Header(kKioskTokenHeader)));
              json::object out = FieldsJson(opened);
              out["state"] = kiosks::kPairingStateNames.Name(kiosks::PairingState::kPending);
              Response response = Response::Json(out, 201);
              response.headers.emplace_back("Cache-Control", "no-store");
              return response;
            },
            "自助终端扫码登录：生成一次性二维码（X-Kiosk-Token；约 2 分钟有效）"});

  routes.push_back(Route{
      "POST", "/api/v1/kiosk/pairings/{id}/sign-in", std::nullopt,
      [&pairing, &sessions, cookie, scope_name](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "二维码"));
        const access::Caller caller =
            access::Caller::Anonymous(request.remote_address, request.request_id);
        ASSIGN_OR_RETURN(auto poll, pairing.Poll(request.Header(kKioskTokenHeader), id, caller));
        if (poll.account) {
          ASSIGN_OR_RETURN(auto login, sessions.StartSession(*poll.account, caller.remote_address(),
                                                             self_service::kKioskSessionTtlMs));
          return SessionStarted(login, self_service::kKioskSessionTtlMs / 1000, cookie, scope_name);
        }
        json::object out;
        out["state"] = kiosks::kPairingStateNames.Name(poll.state);
        out["expires_at"] = poll.expires_at;
        Response response = Response::Json(out);
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      },
      "自助终端扫码登录：查询二维码状态，手机确认后开始 15 分钟的会话（X-Kiosk-Token）"});

  routes.push_back(Route{"POST", "/api/v1/me/kiosk-pairing/look-up",
                         access::Permission::kSelfServices,
                         [&pairing](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto secret, RequiredString(body, "secret"));
                           ASSIGN_OR_RETURN(auto asked, pairing.Describe(secret, request.Caller()));
                           return Response::Json(FieldsJson(asked));
                         },
                         "扫码登录自助终端：查看是哪台自助终端请求登录"});

  routes.push_back(
      Route{"POST", "/api/v1/me/kiosk-pairing/approve", access::Permission::kSelfServices,
            [&pairing](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(auto secret, RequiredString(body, "secret"));
              ASSIGN_OR_RETURN(auto approved, pairing.Approve(secret, request.Caller()));
              json::object out = FieldsJson(approved);
              out["state"] = kiosks::kPairingStateNames.Name(kiosks::PairingState::kApproved);
              return Response::Json(out);
            },
            "扫码登录自助终端：确认在该终端登录本人账号（一次性）"});
  return routes;
}

}  // namespace linli::http

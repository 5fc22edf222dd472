#include "http/access/access_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/access/internal/fake_repositories.hpp"

namespace linli::http {
namespace {

namespace json = boost::json;

class AccessRoutesTest : public ::testing::Test {
 protected:
  AccessRoutesTest() : clock_(1'760'000'000'000) {
    access::SessionOptions options;
    options.password_hash = access::PasswordHashParams{1, 1024, 1};
    sessions_ = std::make_unique<access::SessionService>(account_repository_, session_repository_,
                                                         failure_repository_, clock_, options);
    accounts_ = std::make_unique<access::AccountService>(account_repository_, *sessions_, clock_,
                                                         access::AccountHooks{});
    EXPECT_TRUE(*accounts_->Bootstrap("3210", "admin", "City-boss-2026"));
    routes_ = AccessRoutes(*sessions_, *accounts_, SessionCookieOptions{"linli_session", true},
                           [](std::string_view code) {
                             return code == "3210" ? std::string("扬州市") : std::string();
                           });
  }

  core::Result<Response> Call(const std::string& method, const std::string& pattern,
                              std::string body = "",
                              std::map<std::string, std::string> path_params = {},
                              std::optional<access::Principal> principal = std::nullopt) {
    for (auto& route : routes_) {
      if (route.method == method && route.pattern == pattern) {
        Request request;
        request.method = method;
        request.path = pattern;
        if (!body.empty()) request.headers.emplace_back("content-type", content_type_);
        request.body = std::move(body);
        request.path_params = std::move(path_params);
        request.remote_address = "192.0.2.1";
        if (principal)
          request.caller.emplace(std::move(*principal), request.remote_address, "r-test");
        return route.handler(request);
      }
    }
    ADD_FAILURE() << "no route " << method << " " << pattern;
    return core::Error::NotFound("no route");
  }

  std::string Header(const Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  access::Principal SignIn() {
    auto response =
        Call("POST", "/api/v1/session", R"({"username":"admin","password":"City-boss-2026"})");
    EXPECT_TRUE(response.ok());
    const auto body = json::parse(response->body).as_object();
    return *sessions_->Authenticate(body.at("token").as_string().c_str(), true);
  }

  std::string content_type_ = "application/json";
  core::ManualClock clock_;
  access::testing::FakeAccountRepository account_repository_;
  access::testing::FakeSessionRepository session_repository_;
  access::testing::FakeLoginFailureRepository failure_repository_;
  std::unique_ptr<access::SessionService> sessions_;
  std::unique_ptr<access::AccountService> accounts_;
  std::vector<Route> routes_;
};

TEST_F(AccessRoutesTest, RoutesDeclareTheirPermissions) {
  std::map<std::string, std::optional<access::Permission>> expected = {
      {"POST /api/v1/session", std::nullopt},
      {"GET /api/v1/session", access::Permission::kSelf},
      {"DELETE /api/v1/session", access::Permission::kSelf},
      {"POST /api/v1/session/password", access::Permission::kSelf},
      {"GET /api/v1/accounts", access::Permission::kAccountsManage},
      {"POST /api/v1/accounts", access::Permission::kAccountsManage},
      {"POST /api/v1/accounts/{username}/disable", access::Permission::kAccountsManage},
      {"POST /api/v1/accounts/{username}/enable", access::Permission::kAccountsManage},
      {"PUT /api/v1/accounts/{username}/grants", access::Permission::kAccountsManage},
      {"PUT /api/v1/accounts/{username}/phone", access::Permission::kAccountsManage},
      {"PUT /api/v1/accounts/{username}/resident", access::Permission::kAccountsManage},
      {"POST /api/v1/accounts/{username}/password", access::Permission::kAccountsManage},
  };
  ASSERT_EQ(routes_.size(), expected.size());
  for (const auto& route : routes_) {
    auto it = expected.find(route.method + " " + route.pattern);
    ASSERT_NE(it, expected.end()) << route.pattern;
    EXPECT_EQ(route.permission, it->second) << route.pattern;
  }
}

TEST_F(AccessRoutesTest, LoginSetsTheCookieAndAnswersTheContract) {
  auto response =
      Call("POST", "/api/v1/session", R"({"username":"admin","password":"City-boss-2026"})");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  const auto body = json::parse(response->body).as_object();
  const std::string token(body.at("token").as_string());
  EXPECT_EQ(
      Header(*response, "Set-Cookie"),
      "linli_session=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200; Secure");
  EXPECT_EQ(body.at("expires_at").as_int64(), clock_.NowMillis() + 43200 * 1000LL);
  EXPECT_TRUE(body.at("csrf_token").is_string());
  const auto& account = body.at("account").as_object();
  EXPECT_EQ(account.at("username").as_string(), "admin");
  EXPECT_EQ(account.at("disabled").as_bool(), false);
  EXPECT_FALSE(account.contains("password_hash"));
  const auto& grant = account.at("grants").as_array().at(0).as_object();
  EXPECT_EQ(grant.at("role").as_string(), "city_admin");
  EXPECT_EQ(grant.at("scope_code").as_string(), "3210");
  EXPECT_EQ(grant.at("scope_name").as_string(), "扬州市");
  EXPECT_EQ(grant.at("department").as_string(), "");
  EXPECT_EQ(
      json::serialize(account.at("permissions")),
      R"(["divisions.read","divisions.manage","grids.read","grids.manage","accounts.manage","self",)"
      R"("people.read","people.manage","people.personal_data","people.export","people.import",)"
      R"("events.report","events.read","events.handle","events.escalate","events.department",)"
      R"("events.supervise","events.manage","services.read","services.handle","catalogue.manage",)"
      R"("audit.read","facilities.read","facilities.manage","facilities.import","jobs.manage",)"
      R"("kiosks.manage","indicators.read","indicators.report","indicators.approve","care.read",)"
      R"("care.manage","care.visit","care.minors","care.health","homecare.read","homecare.manage",)"
      R"("homecare.order","charity.read","charity.manage","charity.approve","volunteers.read",)"
      R"("volunteers.manage","volunteers.verify","socialorgs.read","socialorgs.manage",)"
      R"("socialwork.read","socialwork.manage","socialwork.record"])");
}

TEST_F(AccessRoutesTest, LoginErrors) {
  EXPECT_EQ(Call("POST", "/api/v1/session", "not json").error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Call("POST", "/api/v1/session", R"({"username":"admin"})").error().field, "password");
  auto wrong = Call("POST", "/api/v1/session", R"({"username":"admin","password":"nope-1234"})");
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
}

TEST_F(AccessRoutesTest, SessionThenLogout) {
  access::Principal caller = SignIn();
  auto current = Call("GET", "/api/v1/session", "", {}, caller);
  ASSERT_TRUE(current.ok());
  const auto body = json::parse(current->body).as_object();
  EXPECT_EQ(body.at("csrf_token").as_string(), caller.csrf_token);
  EXPECT_EQ(body.at("account").at("username").as_string(), "admin");

  auto logout = Call("DELETE", "/api/v1/session", "", {}, caller);
  ASSERT_TRUE(logout.ok());
  EXPECT_EQ(logout->status, 204);
  EXPECT_EQ(Header(*logout, "Set-Cookie"),
            "linli_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure");
  EXPECT_EQ(Call("GET", "/api/v1/session", "", {}, caller).error().code,
            core::ErrorCode::kUnauthenticated);
}

TEST_F(AccessRoutesTest, ManageAccounts) {
  access::Principal caller = SignIn();
  auto created =
      Call("POST", "/api/v1/accounts",
           R"({"username":"mzj","display_name":"民政局王五","password":"Civil-affairs-2026",
                          "grants":[{"role":"department_officer","scope_code":"3210","department":"市民政局"}]})",
           {}, caller);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->status, 201);
  const auto account = json::parse(created->body).as_object();
  EXPECT_EQ(account.at("display_name").as_string(), "民政局王五");
  EXPECT_EQ(account.at("grants").at(0).at("department").as_string(), "市民政局");
  EXPECT_EQ(json::serialize(account.at("permissions")),
            R"(["divisions.read","grids.read","self","events.department","indicators.read",)"
            R"("indicators.report","socialorgs.read"])");

  auto bad_role = Call(
      "POST", "/api/v1/accounts",
      R"({"username":"x1x","password":"Civil-affairs-2026","grants":[{"role":"king","scope_code":"3210"}]})",
      {}, caller);
  EXPECT_EQ(bad_role.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(Call("POST", "/api/v1/accounts",
                 R"({"username":"x1x","password":"Civil-affairs-2026","grants":{}})", {}, caller)
                .error()
                .field,
            "grants");

  auto list = Call("GET", "/api/v1/accounts", "", {}, caller);
  ASSERT_TRUE(list.ok());
  const auto page = json::parse(list->body).as_object();
  EXPECT_EQ(page.at("items").as_array().size(), 2u);
  EXPECT_TRUE(page.at("next_cursor").is_null());

  auto reset =
      Call("POST", "/api/v1/accounts/{username}/password", "", {{"username", "mzj"}}, caller);
  ASSERT_TRUE(reset.ok()) << reset.error().message;
  EXPECT_EQ(reset->status, 200);
  const auto reset_body = json::parse(reset->body).as_object();
  const std::string temporary(reset_body.at("temporary_password").as_string());
  EXPECT_EQ(temporary.size(), 16u);
  EXPECT_TRUE(reset_body.at("must_change_password").as_bool());
  auto login = sessions_->Login("mzj", temporary, "192.0.2.9");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_TRUE(login->account.must_change_password);

  auto regranted = Call("PUT", "/api/v1/accounts/{username}/grants",
                        R"({"grants":[{"role":"department_officer","scope_code":"3210",
                                       "department":"市卫健委"}]})",
                        {{"username", "mzj"}}, caller);
  ASSERT_TRUE(regranted.ok()) << regranted.error().message;
  EXPECT_EQ(json::parse(regranted->body).at("grants").at(0).at("department").as_string(),
            "市卫健委");

  // The phone: answered masked only; a bad one is 422 on "phone"; null clears; a body without
  // the field is a 400 (it is not a way to clear).
  EXPECT_TRUE(account.at("phone").is_null());
  auto phoned = Call("PUT", "/api/v1/accounts/{username}/phone", R"({"phone":"138 1234 5678"})",
                     {{"username", "mzj"}}, caller);
  ASSERT_TRUE(phoned.ok()) << phoned.error().message;
  EXPECT_EQ(json::parse(phoned->body).at("phone").as_string(), "138****5678");
  EXPECT_EQ(phoned->body.find("13812345678"), std::string::npos);
  EXPECT_EQ(Call("PUT", "/api/v1/accounts/{username}/phone", R"({"phone":"0514-87654321"})",
                 {{"username", "mzj"}}, caller)
                .error()
                .field,
            "phone");
  EXPECT_EQ(Call("PUT", "/api/v1/accounts/{username}/phone", R"({})", {{"username", "mzj"}}, caller)
                .error()
                .code,
            core::ErrorCode::kInvalidArgument);
  auto listed = Call("GET", "/api/v1/accounts", "", {}, caller);
  ASSERT_TRUE(listed.ok());
  EXPECT_NE(listed->body.find("138****5678"), std::string::npos);
  EXPECT_EQ(listed->body.find("13812345678"), std::string::npos);
  auto unphoned = Call("PUT", "/api/v1/accounts/{username}/phone", R"({"phone":null})",
                       {{"username", "mzj"}}, caller);
  ASSERT_TRUE(unphoned.ok());
  EXPECT_TRUE(json::parse(unphoned->body).at("phone").is_null());

  auto disabled =
      Call("POST", "/api/v1/accounts/{username}/disable", "", {{"username", "mzj"}}, caller);
  ASSERT_TRUE(disabled.ok());
  EXPECT_TRUE(json::parse(disabled->body).at("disabled").as_bool());
  EXPECT_EQ(Call("POST", "/api/v1/accounts/{username}/disable", "", {{"username", "ghost"}}, caller)
                .error()
                .code,
            core::ErrorCode::kNotFound);
  auto enabled =
      Call("POST", "/api/v1/accounts/{username}/enable", "", {{"username", "mzj"}}, caller);
  ASSERT_TRUE(enabled.ok());
  EXPECT_FALSE(json::parse(enabled->body).at("disabled").as_bool());
}

// Issue 15 item 6: a cross-site form cannot log a browser in: POST /session takes JSON only.
TEST_F(AccessRoutesTest, LoginAcceptsOnlyJson) {
  const std::string body = R"({"username":"admin","password":"City-boss-2026"})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonp", ""}) {
    content_type_ = type;
    auto response = Call("POST", "/api/v1/session", body);
    ASSERT_TRUE(response.ok()) << type;
    EXPECT_EQ(response->status, 415) << type;
    EXPECT_NE(response->body.find("unsupported_media_type"), std::string::npos);
    EXPECT_EQ(Header(*response, "Set-Cookie"), "") << type;
  }
  content_type_ = "Application/JSON; charset=utf-8";
  auto response = Call("POST", "/api/v1/session", body);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

}  // namespace
}  // namespace linli::http

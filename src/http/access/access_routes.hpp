// HTTP handlers of the access context: sign-in, the current session, sign-out, and account
// management (docs/api.md, "Authentication" and "Accounts"). Each handler parses, calls one
// service method and writes JSON; the server's middleware authenticates and checks CSRF.
// Thread-safety: the routes hold references to the services, which are thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access/account_service.hpp"
#include "domain/access/session_service.hpp"
#include "http/handler.hpp"
#include "http/place_names.hpp"

namespace linli::http {

struct SessionCookieOptions {
  std::string name = "linli_session";
  bool secure = false;  // adds "; Secure" (set it when served over HTTPS)
};

// POST/GET/DELETE /api/v1/session, GET/POST /api/v1/accounts,
// POST /api/v1/accounts/{username}/disable, POST /api/v1/accounts/{username}/password.
// The services must outlive the routes.
std::vector<Route> AccessRoutes(access::SessionService& sessions, access::AccountService& accounts,
                                const SessionCookieOptions& cookie, PlaceName scope_name = {});

// The Account JSON of docs/api.md (never the password hash).
boost::json::object AccountJson(const access::Account& account, const PlaceName& scope_name);

// The answer of a started session (a login, an own password change, a kiosk's SMS code): the
// token, its CSRF token and expiry, the account, and the session cookie of max_age_seconds.
Response SessionStarted(const access::LoginResult& login, int64_t max_age_seconds,
                        const SessionCookieOptions& cookie, const PlaceName& scope_name);

// "linli_session=<token>; HttpOnly; SameSite=Strict; Path=/; Max-Age=<seconds>[; Secure]".
std::string SessionCookie(const SessionCookieOptions& cookie, std::string_view token,
                          int64_t max_age_seconds);

}  // namespace linli::http

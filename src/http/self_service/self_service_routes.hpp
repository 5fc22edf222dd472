// Residents' sign-up, forgotten passwords (decision 0026) and sign-in at a kiosk (decision 0027)
// by SMS code: public routes, JSON bodies only (a cross-site form cannot reach them), answered
// the same whatever matched.
// Thread-safety: the routes only call the service, which is thread-safe.
#pragma once

#include <vector>

#include "domain/access/session_service.hpp"
#include "domain/kiosks/kiosk_service.hpp"
#include "domain/self_service/signup_service.hpp"
#include "http/access/access_routes.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> SelfServiceRoutes(self_service::SignupService& signup);

// A resident's sign-in at a community hall's kiosk by phone and SMS code (decision 0027):
// POST /api/v1/kiosk/sign-in/code and /api/v1/kiosk/sign-in, public in the route table and
// answered only to a kiosk (its device token in X-Kiosk-Token; a hall display is refused). The
// session started lasts self_service::kKioskSessionTtlMs. The services must outlive the routes.
std::vector<Route> KioskSignInRoutes(self_service::SignupService& signup,
                                     access::SessionService& sessions, kiosks::KioskService& kiosks,
                                     const SessionCookieOptions& cookie, PlaceName scope_name = {});

}  // namespace linli::http

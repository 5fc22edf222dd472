// Residents' sign-up, forgotten passwords (decision 0026) and sign-in at a kiosk (decision 0027)
// by SMS code: public routes, JSON bodies only (a cross-site form cannot reach them), answered
// the same whatever matched. Also the kiosk sign-in by scanning the kiosk's code with a
// signed-in phone (decision 0028).
// Thread-safety: the routes only call the service, which is thread-safe.
#pragma once

#include <vector>

#include "domain/access/session_service.hpp"
#include "domain/kiosks/kiosk_pairing.hpp"
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

// A resident's sign-in at a kiosk by scanning the code it shows with their signed-in phone
// (decision 0028): the kiosk's POST /api/v1/kiosk/pairings and /api/v1/kiosk/pairings/{id}/sign-in
// (public in the route table, answered only to a kiosk, as the SMS sign-in), and the phone's
// POST /api/v1/me/kiosk-pairing/look-up and /approve (self.services). The poll that finds its
// challenge approved starts a session of self_service::kKioskSessionTtlMs, as the SMS sign-in.
// The services must outlive the routes.
std::vector<Route> KioskPairingRoutes(kiosks::KioskPairingService& pairing,
                                      access::SessionService& sessions,
                                      const SessionCookieOptions& cookie,
                                      PlaceName scope_name = {});

}  // namespace linli::http

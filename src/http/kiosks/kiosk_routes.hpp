// HTTP handlers of kiosks and queue tickets (docs/api.md, "Kiosks and queue tickets"): kiosks
// registered, listed and disabled (kiosks.manage), B2a coverage, the device's own routes under
// /api/v1/kiosk/ (public in the route table, authenticated by the device token in the
// X-Kiosk-Token header, reaching only that kiosk's community), and the desk's 取号 and 叫号
// (services.handle; the day's tickets with services.read).
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/kiosks/kiosk_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> KioskRoutes(kiosks::KioskService& service);

}  // namespace linli::http

// HTTP handlers of community charity (docs/api.md, "社区慈善"): funds and their ledgers,
// donations, needs and disbursements (charity.read / charity.manage / charity.approve), the
// balance check, and each fund's public disclosure (no sign-in).
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/charity/charity_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> CharityRoutes(charity::CharityService& service);

}  // namespace linli::http

// HTTP handlers of designations and pilots (docs/api.md, "Designations and pilots"): the kinds of
// the plan, the designations in scope (indicators.read), recording one, revoking it with a
// reason and attaching its evidence document (indicators.report), and downloading the evidence.
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/designations/designation_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> DesignationRoutes(designations::DesignationService& service);

}  // namespace linli::http

// HTTP handlers of funding per project (docs/api.md, "Funding per project"): list with the total
// (indicators.read), record and delete (indicators.report).
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/funding/funding_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> FundingRoutes(funding::FundingService& service);

}  // namespace linli::http

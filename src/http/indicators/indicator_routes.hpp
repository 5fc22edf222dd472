// HTTP handlers of the plan's indicators (docs/api.md, "Plan indicators"): the plan itself, every
// indicator of a place and month (indicators.read), one indicator's trend and per-unit
// shortfalls, and the reported figures — entered (indicators.report), resubmitted, approved or
// returned level by level (indicators.approve), listed and read with their steps, and imported
// from the template of a place and month (all or nothing, on the import gate).
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/indicators/indicator_service.hpp"
#include "http/handler.hpp"
#include "http/import_response.hpp"

namespace linli::http {

// The service and the import gate must outlive the routes.
std::vector<Route> IndicatorRoutes(indicators::IndicatorService& service, ImportGate& imports);

}  // namespace linli::http

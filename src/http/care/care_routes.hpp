// HTTP handlers of care (docs/api.md, "Care: archives, visits, needs"): the categories, archives
// in scope (care.read; restricted categories with care.minors / care.health), opening, changing
// and closing them (care.manage), the month's visits and recording one (care.visit), assigning
// visits and needs (care.manage), compliance, and needs.
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/care/applications.hpp"
#include "domain/care/care_service.hpp"
#include "domain/care/eligibility_service.hpp"
#include "domain/care/home_service_service.hpp"
#include "domain/care/mandatory_reports.hpp"
#include "domain/care/rehabilitation.hpp"
#include "http/handler.hpp"
#include "http/import_response.hpp"

namespace linli::http {

// The services and the import gate must outlive the routes.
std::vector<Route> CareRoutes(care::CareService& service, care::EligibilityService& eligibility,
                              ImportGate& imports);

// Home services (docs/api.md, "Home services"): providers, orders, statements, entitlements and a
// provider's staff serving its orders. The service must outlive the routes.
std::vector<Route> HomeServiceRoutes(care::HomeServices& services, ImportGate& imports);

// Mandatory reports (docs/api.md, "Mandatory reports"): filed by mandated reporters, handled by
// the children's director and the county's officers. The service and clock outlive the routes.
std::vector<Route> MandatoryReportRoutes(care::MandatoryReports& reports, const core::Clock& clock);

// Applications for assistance (docs/api.md, "Applications"): the approval ladder and the
// emergency path. The services and clock outlive the routes.
std::vector<Route> ApplicationRoutes(care::Applications& applications,
                                     const care::EligibilityService& rules,
                                     const core::Clock& clock);

// Rehabilitation records (docs/api.md, "Rehabilitation"): sessions at a 残疾人之家 or a
// mental-health rehabilitation station. The service must outlive the routes.
std::vector<Route> RehabilitationRoutes(care::Rehabilitation& rehabilitation);

}  // namespace linli::http

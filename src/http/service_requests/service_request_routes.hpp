// HTTP handlers of the service desk's requests side (docs/api.md, "Service requests"): the
// public catalogue and service guide, administrators' catalogue edits,
// appointment slots, requests (filing with an Idempotency-Key, transitions, materials uploaded
// as raw bodies with their own body limit), the one-window desk's queue and the figures. Each
// handler parses, calls one service method and writes the documented JSON.
// Thread-safety: the handlers hold references to the services (thread-safe) and no state.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "domain/service_requests/request_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The services must outlive the routes.
std::vector<Route> ServiceRequestRoutes(service_requests::CatalogueService& catalogue,
                                        service_requests::RequestService& requests);

// JSON shapes (exposed for tests).
boost::json::object CatalogueEntryJson(const service_requests::CatalogueEntry& entry);
boost::json::object ServiceRequestJson(const service_requests::ServiceRequest& request);
boost::json::object RequestDetailJson(const service_requests::RequestDetail& detail);

}  // namespace linli::http

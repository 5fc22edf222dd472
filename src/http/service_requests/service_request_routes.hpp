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
#include "http/place_names.hpp"

namespace linli::http {

// The services must outlive the routes. Requests are written with "place_name", the name of
// their grid (else community) from `place_name`, looked up once per code in each answer.
std::vector<Route> ServiceRequestRoutes(service_requests::CatalogueService& catalogue,
                                        service_requests::RequestService& requests,
                                        PlaceName place_name = {});

// JSON shapes (exposed for tests).
boost::json::object CatalogueEntryJson(const service_requests::CatalogueEntry& entry);
// With a namer, "place_name" beside the codes ("" without).
boost::json::object ServiceRequestJson(const service_requests::ServiceRequest& request,
                                       PlaceNamer* namer = nullptr);
boost::json::object RequestDetailJson(const service_requests::RequestDetail& detail,
                                      PlaceNamer* namer = nullptr);

}  // namespace linli::http

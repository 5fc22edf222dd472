// HTTP handlers of facilities and life circles (docs/api.md, "Facilities and life circles"):
// the facility registry (list, detail, create, patch, delete, import/export), the type
// taxonomy, the standards compliance view and new residential complexes, the walking network
// (status and OSM upload), the circle definitions, recompute (city_admin), coverage, gaps
// (JSON and GeoJSON) and siting. Permissions: reads people.read, writes people.manage,
// imports people.import, recompute and network upload divisions.manage.
// Thread-safety: the handlers hold a reference to the (thread-safe) service and no state.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "domain/facilities/facility_service.hpp"
#include "http/handler.hpp"
#include "http/import_response.hpp"
#include "http/place_names.hpp"

namespace linli::http {

// The service and the gate (the import's, http/import_response.hpp) must outlive the routes.
// Facilities are written with "community_name" from `place_name`.
std::vector<Route> FacilityRoutes(facilities::FacilityService& service, ImportGate& imports,
                                  PlaceName place_name = {});

boost::json::object FacilityJson(const facilities::Facility& facility,
                                 const facilities::Taxonomy& taxonomy);

}  // namespace linli::http

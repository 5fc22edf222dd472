// HTTP handlers of the population registry (docs/api.md, "Population registry"): residents
// (search, counts, detail with history, create, patch, move, status, tags), the tag dictionary,
// households and buildings. Each handler passes the request's access::Caller to one service method
// (which picks the scopes of the people permissions) and writes the documented JSON. Export and
// import (.xlsx/.csv) live with the tabular module, not here. Thread-safety: the handlers hold
// references to the services (thread-safe) and no state.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/people/place_services.hpp"
#include "domain/people/resident_service.hpp"
#include "http/handler.hpp"
#include "http/place_names.hpp"

namespace linli::http {

// The services must outlive the routes. Residents are written with "place_name", the name of
// their grid (else community) from `place_name`, looked up once per code in each answer.
std::vector<Route> PeopleRoutes(people::ResidentService& residents,
                                people::HouseholdService& households,
                                people::BuildingService& buildings, PlaceName place_name = {});

// The resident list's filters from the query string (q, id_number, phone, tag, age_min,
// age_max, community, grid, status, sort): the list and its .xlsx export take the same ones.
people::ResidentSearchRequest ResidentSearchOf(const Request& request);

// JSON shapes (exposed for tests and for the export module).
boost::json::object ResidentJson(const people::Resident& resident, const identity::Date& today);
boost::json::object BuildingJson(const people::Building& building);
boost::json::object HouseholdJson(const people::Household& household);
boost::json::object ResidentTagJson(const people::ResidentTag& tag);

}  // namespace linli::http

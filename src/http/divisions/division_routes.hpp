// HTTP handlers of /api/v1/divisions and /api/v1/grids (docs/api.md): parse the request, call
// one DivisionService/GridService method with the caller's scope for the route's permission,
// and write the documented JSON.
// Thread-safety: the handlers hold references to the services (which are thread-safe) and
// no state of their own.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "domain/divisions/division_service.hpp"
#include "domain/grids/grid_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The services must outlive the routes.
std::vector<Route> DivisionRoutes(divisions::DivisionService& divisions, grids::GridService& grids);

// JSON shapes (exposed for tests and for other resources that embed them).
boost::json::object GridJson(const grids::Grid& grid);
boost::json::object DivisionViewJson(const divisions::DivisionView& view);

}  // namespace linli::http

// HTTP handlers of /api/v1/grids (docs/api.md): parse the request, call one GridService method
// with the caller's scope for the route's permission, and write the documented JSON.
// Thread-safety: the handlers hold a reference to the service (which is thread-safe) and no
// state of their own.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "domain/grids/grid_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> GridRoutes(grids::GridService& grids);

// JSON shape (exposed for tests and for other resources that embed it).
boost::json::object GridJson(const grids::Grid& grid);

}  // namespace linli::http

// HTTP handlers of /api/v1/divisions (docs/api.md): parse the request, call one DivisionService
// method with the caller's scope for the route's permission, and write the documented JSON.
// (The grids' handlers are http/grids.)
// Thread-safety: the handlers hold a reference to the service (which is thread-safe) and no
// state of their own.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "domain/divisions/division_service.hpp"
#include "http/base_map.hpp"
#include "http/handler.hpp"

namespace linli::http {

// What the deployment serves, for GET /api/v1/deployment (public: the sign-in page shows it).
struct Deployment {
  std::string city_code;
  std::string display_name;  // "" = "<city name>社区服务系统"
  BaseMap base_map;          // checked at start-up (MakeBaseMap); none by default
};

// The service must outlive the routes.
std::vector<Route> DivisionRoutes(divisions::DivisionService& divisions,
                                  const Deployment& deployment = {});

// JSON shape (exposed for tests and for other resources that embed it).
boost::json::object DivisionViewJson(const divisions::DivisionView& view);

}  // namespace linli::http

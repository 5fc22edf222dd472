// Handler of /api/v1/workbench (docs/api.md, "Workbench"): the signed-in account's first screen,
// the cards of its roles (domain/workbench).
// Thread-safety: the handler holds a reference to the read-only Workbench.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "domain/workbench/workbench.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The workbench must outlive the routes.
std::vector<Route> WorkbenchRoutes(const workbench::Workbench& bench);

// {"id","title","figure","unit","tone","items":[{"label","note","figure","tone","link"}],
//  "link":{"page","id","query":{…}},"error"}; absent values are null.
boost::json::object CardJson(const workbench::Card& card);

}  // namespace linli::http

// Residents' sign-up and forgotten passwords by SMS code (decision 0026): public routes, JSON
// bodies only (a cross-site form cannot reach them), answered the same whatever matched.
// Thread-safety: the routes only call the service, which is thread-safe.
#pragma once

#include <vector>

#include "domain/self_service/signup_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> SelfServiceRoutes(self_service::SignupService& signup);

}  // namespace linli::http

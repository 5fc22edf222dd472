// HTTP handlers of professional social work (docs/api.md, "Social work"): social workers
// (socialwork.read; added and leaving with socialwork.manage), service records (read; recorded
// with socialwork.record), a station's reach (read; set with socialwork.manage) and coverage by
// community.
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/social_work/social_work_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> SocialWorkRoutes(social_work::SocialWorkService& service);

}  // namespace linli::http

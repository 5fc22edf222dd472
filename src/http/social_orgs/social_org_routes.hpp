// HTTP handlers of community social organisations (docs/api.md, "社会组织"): the categories, the
// registry in scope (socialorgs.read), registering, changing and deregistering one and recording
// its activities (socialorgs.manage), and the signed-in organisation's own record and activities
// (socialorgs.report, by the organisation its grant names).
// Thread-safety: the handlers hold a reference to the service (thread-safe) and no state.
#pragma once

#include <vector>

#include "domain/social_orgs/incubations.hpp"
#include "domain/social_orgs/social_org_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> SocialOrgRoutes(social_orgs::SocialOrgService& service);
// /api/v1/incubations: applications to incubation bases and their steps (socialorgs.read to
// read, socialorgs.manage to apply and decide; decisions scoped on the base's place).
std::vector<Route> IncubationRoutes(social_orgs::IncubationService& service);

}  // namespace linli::http

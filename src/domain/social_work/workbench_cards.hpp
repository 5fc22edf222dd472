// The social-work module's workbench card (workbench.hpp): for city administrators, county and town
// officials, the communities of their place that no certified social worker served in the last
// twelve months (the gap in A5), the figure counting them all.
// Thread-safety: as SocialWorkService.
#pragma once

#include "core/result.hpp"
#include "domain/social_work/social_work_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::social_work {

// REQUIRES: service outlives the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, SocialWorkService& service);

}  // namespace linli::social_work

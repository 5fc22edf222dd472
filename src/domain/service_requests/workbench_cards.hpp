// The service desk's workbench cards (workbench.hpp): today's queue, the overdue requests and
// today's appointments of a community worker's community; the requests of the last 30 days by
// community (town officials) or by town (county officials), overdue first.
// Thread-safety: as RequestService.
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/service_requests/request_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::service_requests {

// REQUIRES: requests and clock outlive the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, RequestService& requests,
                                    const core::Clock& clock);

}  // namespace linli::service_requests

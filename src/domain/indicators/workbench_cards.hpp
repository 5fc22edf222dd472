// The plan indicators' workbench cards (workbench.hpp):
//   indicators.status    officials, department officers and the city administrator: this month's
//                        indicators of the caller's place behind or at risk (the worst five),
//                        a department officer's only those of its department;
//   indicators.awaiting  approvers (town, county, city): reported figures awaiting their level.
// Thread-safety: as IndicatorService.
#pragma once

#include "core/result.hpp"
#include "domain/indicators/indicator_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::indicators {

// REQUIRES: service outlives the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, IndicatorService& service);

}  // namespace linli::indicators

// The care module's workbench cards: a worker's visits due this month, the visits missed last
// month, and the needs waiting to be assigned (decision 0023's card sources).
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/care/care_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::care {

// REQUIRES: care and clock outlive the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, CareService& care,
                                    const core::Clock& clock);

}  // namespace linli::care

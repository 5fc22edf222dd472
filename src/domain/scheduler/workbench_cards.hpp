// The scheduler's workbench card (workbench.hpp): system health for the city administrator —
// the jobs whose last run failed, with their error, or that are overdue.
// Thread-safety: as Scheduler.
#pragma once

#include "core/result.hpp"
#include "domain/scheduler/scheduler.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::scheduler {

// REQUIRES: scheduler and clock outlive the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, Scheduler& scheduler,
                                    const core::Clock& clock);

}  // namespace linli::scheduler

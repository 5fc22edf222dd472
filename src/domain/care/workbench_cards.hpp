// The care module's workbench cards: a worker's visits due this month, the visits missed last
// month, the needs waiting to be assigned, the 政策找人 leads to contact, the mandatory reports
// awaiting action, and the applications awaiting the official's decision (decision 0023's card
// sources).
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/care/applications.hpp"
#include "domain/care/care_service.hpp"
#include "domain/care/eligibility_service.hpp"
#include "domain/care/mandatory_reports.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::care {

// REQUIRES: the services and clock outlive the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, CareService& care,
                                    EligibilityService& eligibility, MandatoryReports& reports,
                                    Applications& applications, const core::Clock& clock);

}  // namespace linli::care

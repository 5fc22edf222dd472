// The kiosks' workbench card (workbench.hpp): kiosks and hall displays whose device token stops
// working within two weeks, or has stopped (decision 0050), for those who manage kiosks — each
// opens its community's kiosk list, where 更换令牌 gives a new one.
// Thread-safety: as KioskService.
#pragma once

#include "core/result.hpp"
#include "domain/kiosks/kiosk_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::kiosks {

// REQUIRES: kiosks and clock outlive the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, KioskService& kiosks,
                                    const core::Clock& clock);

}  // namespace linli::kiosks

// The plan indicator the kiosks context computes (indicators.hpp): B2a, urban communities with a
// self-service kiosk — every community of the city measured 1 when a kiosk (not a hall display)
// was registered there before the month's end and not disabled by then, else 0; the plan's
// filter keeps the urban ones.
// Thread-safety: as KioskRepository.
#pragma once

#include "core/result.hpp"
#include "domain/indicators/indicators.hpp"
#include "domain/kiosks/kiosks.hpp"

namespace linli::kiosks {

// REQUIRES: repository outlives the registry.
core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      KioskRepository& repository);

}  // namespace linli::kiosks

// The plan indicator the service desk computes (indicators.hpp): B3, the one-network handling
// rate (一网通办率) of the month — per community, the requests of fully-online items filed by
// residents themselves (web, mobile, kiosk) over all requests filed in the month, withdrawn ones
// left out (RequestService::ComputeFigures, docs/api.md "Service requests").
// Thread-safety: as RequestService.
#pragma once

#include "core/result.hpp"
#include "domain/indicators/indicators.hpp"
#include "domain/service_requests/request_service.hpp"

namespace linli::service_requests {

// REQUIRES: requests outlives the registry.
core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      RequestService& requests);

}  // namespace linli::service_requests

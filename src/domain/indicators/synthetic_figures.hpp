// Synthetic reported figures for the demo and the benchmarks (all marked synthetic): for every
// indicator no module computes, a figure of each month from the plan's start through `last`, at
// the places whose records would make it — the given communities, their towns and counties, the
// city for city-wide counts — so that trends, statuses and approvals have something to show,
// and not all green. Deterministic from the seed: each place moves from its own starting point
// towards its own end point (some beyond the target, some short of it) along the plan's months;
// a yes/no unit (a community with a mechanism or not) turns yes when its progress passes its own
// threshold. Every month's figure is approved up to the city but the last month's, which awaits
// its first approver.
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/indicators/indicators.hpp"

namespace linli::indicators {

std::vector<Report> SyntheticReports(const Plan& plan, const SourceRegistry& sources,
                                     const PlaceIndex& places,
                                     const std::vector<std::string>& communities,
                                     std::string_view last_period, uint64_t seed, int64_t at);

}  // namespace linli::indicators

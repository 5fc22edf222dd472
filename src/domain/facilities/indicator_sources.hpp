// The plan indicators the facilities context computes from its own records (indicators.hpp):
//   B1a  facility area per 100 households: each community's open facilities that count toward
//        the standard (floor area) over its open households × 100;
//   B1b  resident service and activity space over that floor area;
//   B1c  each new residential complex: supporting rooms ≥ 3‰ of its total floor area;
//   B1d  each new community (a complex with its community area): commerce and service ≥ 10 %;
//   C5a  each public childcare point: floor area ≥ 200 m²;
//   C5b  new residential complexes whose community has an open childcare point;
//   covered indicators (a type's `covers` in the taxonomy; decision 0043): each place at the
//        indicator's unit level counts 1 when it has an open facility of such a type at or within
//        it (any level): C6 counties (精神障碍社区康复服务站), A4a towns and A4b communities
//        (社会组织孵化基地), C15 communities (家政服务网点);
//   A6   each open community service facility (`community_service_centre`): 1 when its community
//        has an open volunteer station (`volunteer_station`), its name when not.
// The community standards count community facilities only; a town's or county's does not.
// Facilities count as of the month's last day by their opening and closing dates; complexes by
// when they were registered. Households have no history: the registry's open households now.
// Thread-safety: as FacilityRepository.
#pragma once

#include "core/result.hpp"
#include "domain/facilities/facilities.hpp"
#include "domain/indicators/indicators.hpp"
#include "domain/indicators/plan.hpp"

namespace linli::facilities {

// kInvalidArgument when a type covers an indicator the plan does not have.
// REQUIRES: repository and taxonomy outlive the registry.
core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      FacilityRepository& repository, const Taxonomy& taxonomy,
                                      const indicators::Plan& plan);

}  // namespace linli::facilities

#include "domain/kiosks/indicator_sources.hpp"

#include <set>

namespace linli::kiosks {

core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      KioskRepository& repository) {
  return registry.Register(
      {"kiosks",
       {"B2a"},
       [&repository](std::string_view, const indicators::PeriodSpan& span,
                     const indicators::PlaceIndex& places)
           -> core::Result<std::vector<indicators::Measurement>> {
         ASSIGN_OR_RETURN(auto listed, repository.CommunitiesWithKioskAt(span.to));
         const std::set<std::string> with_kiosk(listed.begin(), listed.end());
         std::vector<indicators::Measurement> out;
         for (const auto& [code, place] : places) {
           if (place.level != core::DivisionLevel::kCommunity) continue;
           out.push_back({"B2a", code, with_kiosk.contains(code) ? 1.0 : 0.0, 1.0, ""});
         }
         return out;
       }});
}

}  // namespace linli::kiosks

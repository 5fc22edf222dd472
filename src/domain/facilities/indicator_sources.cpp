#include "domain/facilities/indicator_sources.hpp"

#include <map>
#include <set>

namespace linli::facilities {

namespace {

using indicators::Measurement;

// Open on `date` ("YYYY-MM-DD") by its dates: opened by then (or no date), not closed by then;
// a facility planned now was not open then, one closed without a date counts as closed.
bool OpenOn(const Facility& facility, const std::string& date) {
  if (facility.status == FacilityStatus::kPlanned) return false;
  if (facility.opened_on && !facility.opened_on->empty() && *facility.opened_on > date) {
    return false;
  }
  if (facility.closed_on && !facility.closed_on->empty()) return *facility.closed_on > date;
  return facility.status != FacilityStatus::kClosed;
}

bool Has(const std::vector<Shortfall>& shortfalls, Standard standard) {
  for (const auto& shortfall : shortfalls) {
    if (shortfall.standard == standard) return true;
  }
  return false;
}

}  // namespace

core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      FacilityRepository& repository, const Taxonomy& taxonomy) {
  return registry.Register(
      {"facilities",
       {"B1a", "B1b", "B1c", "B1d", "C5a", "C5b", "C6"},
       [&repository, &taxonomy](
           std::string_view period, const indicators::PeriodSpan& span,
           const indicators::PlaceIndex& places) -> core::Result<std::vector<Measurement>> {
         const std::string date = indicators::LastDayOf(period);
         std::vector<Measurement> out;
         ASSIGN_OR_RETURN(auto households,
                          repository.HouseholdsPerCommunity("", core::Scope::Everything()));
         std::map<std::string, AreaTotals> totals;
         for (const auto& [code, count] : households) totals[code].households = count;
         ASSIGN_OR_RETURN(auto facilities, repository.AllFacilities(""));
         std::set<std::string> with_childcare;
         std::set<std::string> counties_with_rehab;
         for (const Facility& facility : facilities) {
           if (!OpenOn(facility, date)) continue;
           const FacilityType* type = taxonomy.Find(facility.type_code);
           if (type == nullptr) continue;
           if (type->mental_health_rehab) {
             counties_with_rehab.insert(facility.community_code.substr(0, 6));
           }
           // The standards below are the communities' own.
           if (!IsCommunityFacility(facility)) continue;
           if (type->counts_toward_standard) {
             AreaTotals& area = totals[facility.community_code];
             area.floor_area += facility.floor_area;
             area.service_area += facility.service_area;
           }
           if (type->childcare) with_childcare.insert(facility.community_code);
           if (type->childcare && facility.is_public) {
             const bool meets = facility.floor_area + 1e-9 >= kChildcareMinimumArea;
             out.push_back({"C5a", facility.community_code, meets ? 1.0 : 0.0, 1.0,
                            meets ? "" : facility.name});
           }
         }
         for (const auto& [code, place] : places) {
           if (place.level != core::DivisionLevel::kCounty) continue;
           out.push_back({"C6", code, counties_with_rehab.contains(code) ? 1.0 : 0.0, 1.0, ""});
         }
         for (const auto& [code, area] : totals) {
           out.push_back({"B1a", code, area.floor_area, static_cast<double>(area.households), ""});
           out.push_back({"B1b", code, area.service_area, area.floor_area, ""});
         }
         ASSIGN_OR_RETURN(auto complexes, repository.ListComplexes("", core::Scope::Everything()));
         for (const ResidentialComplex& complex : complexes) {
           if (complex.created_at >= span.to) continue;
           const auto shortfalls = CheckComplexStandards(complex);
           const bool rooms = !Has(shortfalls, Standard::kSupportingRooms);
           out.push_back(
               {"B1c", complex.community_code, rooms ? 1.0 : 0.0, 1.0, rooms ? "" : complex.name});
           if (complex.community_area > 0.0) {
             const bool commerce = !Has(shortfalls, Standard::kCommerceService);
             out.push_back({"B1d", complex.community_code, commerce ? 1.0 : 0.0, 1.0,
                            commerce ? "" : complex.name});
           }
           const bool childcare = with_childcare.contains(complex.community_code);
           out.push_back({"C5b", complex.community_code, childcare ? 1.0 : 0.0, 1.0, ""});
         }
         return out;
       }});
}

}  // namespace linli::facilities

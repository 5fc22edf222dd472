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
                                      FacilityRepository& repository, const Taxonomy& taxonomy,
                                      const indicators::Plan& plan) {
  // Each covered indicator with the length of its units' codes, checked against the plan now.
  std::map<std::string, size_t> covered;
  bool has_a6 = false;
  for (const FacilityType& type : taxonomy.types()) {
    for (const std::string& id : type.covers) {
      const indicators::Indicator* indicator = plan.Find(id);
      if (indicator == nullptr) {
        return core::Error::InvalidArgument(
            "设施类型 " + type.code + " 的 covers 含规划中没有的指标 " + id, "covers");
      }
      covered[id] = core::CodeLength(indicator->unit_level);
    }
    has_a6 = has_a6 || type.community_service_centre;
  }
  std::vector<std::string> ids = {"B1a", "B1b", "B1c", "B1d", "C5a", "C5b"};
  for (const auto& [id, length] : covered) ids.push_back(id);
  if (has_a6 && plan.Find("A6") != nullptr) ids.push_back("A6");
  return registry.Register(
      {"facilities", std::move(ids),
       [&repository, &taxonomy, covered, has_a6](
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
         std::set<std::string> with_volunteer_station;
         std::vector<const Facility*> service_centres;
         // Per covered indicator: the codes of its units holding an open facility of the type.
         std::map<std::string, std::set<std::string>> holding;
         for (const Facility& facility : facilities) {
           if (!OpenOn(facility, date)) continue;
           const FacilityType* type = taxonomy.Find(facility.type_code);
           if (type == nullptr) continue;
           for (const std::string& id : type->covers) {
             const size_t length = covered.at(id);
             // At or within the unit: a facility above the unit's level covers none of them.
             if (facility.community_code.size() >= length) {
               holding[id].insert(facility.community_code.substr(0, length));
             }
           }
           // The standards below are the communities' own.
           if (!IsCommunityFacility(facility)) continue;
           if (type->volunteer_station) with_volunteer_station.insert(facility.community_code);
           if (type->community_service_centre) service_centres.push_back(&facility);
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
         for (const auto& [id, length] : covered) {
           const std::set<std::string>& held = holding[id];
           for (const auto& [code, place] : places) {
             if (code.size() != length) continue;
             out.push_back({id, code, held.contains(code) ? 1.0 : 0.0, 1.0, ""});
           }
         }
         if (has_a6) {
           for (const Facility* centre : service_centres) {
             const bool station = with_volunteer_station.contains(centre->community_code);
             out.push_back({"A6", centre->community_code, station ? 1.0 : 0.0, 1.0,
                            station ? "" : centre->name});
           }
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

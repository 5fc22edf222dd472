// Facilities and life circles: the community facility registry (type taxonomy as data), the
// plan's area standards (B1a–B1d, C5a) with a compliance list, the five life-circle definitions
// (as data), and the repository interface that stores facilities, new residential complexes,
// the walking network and the computed circle results.
//
// Places: a facility belongs to a community, or to a town or county when it serves that level (a
// 残疾人之家 or a day-care centre of a town, a county's mental-health rehabilitation station;
// decision 0037). `community_code` holds that place's code (12, 9 or 6 digits) and place_code the
// same; every scoped query filters it by prefix, so a town's facility is read by the town and
// above, not by its communities' workers. Only community facilities count toward the community
// standards (B1a–B1b, C5a–C5b); every open facility counts for the life circles by its location.
// Areas are square metres. Dates "YYYY-MM-DD".
// Thread-safety: plain values and pure functions; repository implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/division_code.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::facilities {

// ----- taxonomy (data/facilities/types.json) -----
struct FacilityType {
  std::string code;  // [a-z_]
  std::string name;  // Chinese
  std::string category;
  bool counts_toward_standard = false;  // part of the community service facility area (B1a/B1b)
  bool childcare = false;               // a childcare point (C5a)
  bool mental_health_rehab = false;     // community mental-health rehabilitation (rehabilitation)
  // Plan indicators whose units (places at the indicator's unit level) count when one of this
  // type is open at or within them: C6, A4a/A4b (incubation bases), C15 (domestic services).
  std::vector<std::string> covers;
  bool community_service_centre = false;  // a community service facility (A6's units)
  bool volunteer_station = false;         // a volunteer service station (A6)
};

class Taxonomy {
 public:
  // Parses {"types":[{code,name,category,counts_toward_standard,childcare}]}; codes unique.
  static core::Result<Taxonomy> FromJson(std::string_view text);
  const std::vector<FacilityType>& types() const { return types_; }
  const FacilityType* Find(std::string_view code) const;

 private:
  std::vector<FacilityType> types_;
};

// ----- facilities -----
enum class FacilityStatus { kPlanned, kOpen, kSuspended, kClosed };
std::string_view FacilityStatusName(FacilityStatus status);  // planned|open|suspended|closed
std::string_view FacilityStatusChineseName(FacilityStatus status);
std::optional<FacilityStatus> FacilityStatusFromName(std::string_view name);  // also Chinese

struct Facility {
  int64_t id = 0;
  std::string community_code;
  std::string type_code;
  std::string name;
  std::string address;
  double lat = 0.0;  // WGS-84, inside China
  double lon = 0.0;
  std::optional<int64_t> building_id;
  double floor_area = 0.0;    // m²
  double service_area = 0.0;  // m² used for resident services and activities (≤ floor_area)
  bool is_public = true;      // public (普惠/公办) rather than private
  std::string opening_hours;  // free text, e.g. "08:00-20:00"
  std::string phone;          // 咨询电话, normalised (identity::ParsePhone); "" = none
  std::optional<int64_t> capacity;
  std::string operator_name;
  FacilityStatus status = FacilityStatus::kOpen;
  std::optional<std::string> opened_on;
  std::optional<std::string> closed_on;
  bool synthetic = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The level of the place a facility belongs to (county, town or community); nullopt for a code
// of no such level.
std::optional<core::DivisionLevel> FacilityLevel(const Facility& facility);
inline bool IsCommunityFacility(const Facility& facility) {
  return facility.community_code.size() == 12;
}

// Largest floor area accepted for one facility (a sports ground may be large): 200,000 m².
inline constexpr double kMaxFacilityArea = 200000.0;

// Every field rule (Chinese messages naming the field, kValidationFailed): a place code of a
// county (6 digits), town (9) or community (12), known type, name 1..100 characters, coordinates
// inside China, areas finite, ≥ 0, ≤ kMaxFacilityArea and service_area ≤ floor_area, capacity
// 0..100000, dates valid with closed_on ≥ opened_on and status closed ⇔ closed_on set, phone "" or
// normalised.
core::Status CheckFacility(const Facility& facility, const Taxonomy& taxonomy);

// The facility's phone as stored: "" for blank text, otherwise the normalised mobile or fixed
// line number (kValidationFailed naming "phone" when it is neither).
core::Result<std::string> NormalizeFacilityPhone(std::string_view text);

// The type of a community's service centre (党群服务中心), the facility whose address, opening
// hours and phone the public service guide shows for the community.
inline constexpr std::string_view kServiceCentreType = "party_service_center";

// The community's main service centre among its facilities: of type kServiceCentreType and
// not closed; open before planned or suspended, then the largest floor area, then the lowest
// id (decision 0024). nullptr when there is none.
const Facility* MainServiceCentre(const std::vector<Facility>& facilities);

// Only open facilities count toward the circles and the standards.
inline bool IsActive(const Facility& facility) { return facility.status == FacilityStatus::kOpen; }

// ----- how much of a place has data (issue 17) -----
// Residents, buildings and facilities are held by communities, so a place's data is its
// communities' data: a community has coverage data for a circle when it has a located
// residential building the circle applies to, and standards data when it has an open
// household. A roll-up (town, county, city) over communities without data is partial; over
// none it has no data. Places without data are never counted as covered or compliant.
enum class DataStatus { kComplete, kPartial, kNoData };
std::string_view DataStatusName(DataStatus status);  // complete | partial | no_data

struct DataExtent {
  DataStatus status = DataStatus::kNoData;
  std::string places_level;      // the level directly below (county|town|community; "")
  int64_t places_total = 0;      // places directly below that hold communities
  int64_t places_with_data = 0;  // of them, those with data in at least one community
  std::vector<std::string> places_without_data;  // their codes, ordered
  int64_t communities_total = 0;
  int64_t communities_with_data = 0;
};

// The extent of `place` given the communities (ordered codes; those of the view's scope) and
// the communities among them that have data.
DataExtent ExtentOf(std::string_view place, const std::vector<std::string>& communities,
                    const std::set<std::string>& with_data);

// ----- the plan's standards -----
inline constexpr double kAreaPerHundredHouseholds = 30.0;  // B1a, m²
inline constexpr double kServiceShare = 0.70;              // B1b
inline constexpr double kChildcareMinimumArea = 200.0;     // C5a, m², each public point
inline constexpr double kSupportingRoomShare = 0.003;      // B1c, of total floor area
inline constexpr double kCommerceServiceShare = 0.10;      // B1d, of community area

struct ResidentialComplex {
  int64_t id = 0;
  std::string community_code;
  std::string name;
  double total_floor_area = 0.0;       // m², the complex's total floor area
  double supporting_room_area = 0.0;   // m², supporting community rooms (配套社区用房)
  double community_area = 0.0;         // m², the community's area
  double commerce_service_area = 0.0;  // m², commerce and service facilities
  int64_t created_at = 0;
  int64_t updated_at = 0;
};
core::Status CheckResidentialComplex(const ResidentialComplex& complex);

// Facility area of one place (a community, or a roll-up).
struct AreaTotals {
  double floor_area = 0.0;    // of types counting toward the standard, open
  double service_area = 0.0;  // the part used for resident services
  int64_t households = 0;     // open households of the registry
};

enum class Standard {
  kAreaPerHouseholds,
  kServiceShare,
  kChildcareArea,
  kSupportingRooms,
  kCommerceService
};
std::string_view StandardName(Standard standard);  // "area_per_100_households", ...

// One shortfall: the place, the standard, the value and the requirement, and the fix.
struct Shortfall {
  std::string division_code;  // community/town/county/city code
  std::string level;          // community | town | county | city
  Standard standard = Standard::kAreaPerHouseholds;
  std::optional<int64_t> facility_id;  // C5a
  std::optional<int64_t> complex_id;   // B1c/B1d
  std::string subject;                 // facility or complex name, "" for a division
  double actual = 0.0;                 // measured value (m² per 100 households, share, m²)
  double required = 0.0;               // the threshold in the same unit
  double missing_area = 0.0;           // m² to add to reach the threshold
  std::string fix;  // Chinese, e.g. "需增加 120 m² 社区综合服务设施面积"
};

// The standards of one place given its totals: B1a and B1b shortfalls (none when the place has
// no households for B1a, or no facility area for B1b — then B1a already reports it).
std::vector<Shortfall> CheckAreaStandards(const std::string& division_code,
                                          const std::string& level, const AreaTotals& totals);
// C5a for one facility (only public, open childcare points); nullopt when it complies.
std::optional<Shortfall> CheckChildcareArea(const Facility& facility, const Taxonomy& taxonomy);
// B1c and B1d for one complex.
std::vector<Shortfall> CheckComplexStandards(const ResidentialComplex& complex);

// Per-level summary row of the compliance view.
struct PlaceStandards {
  std::string division_code;
  std::string level;
  AreaTotals totals;
  std::optional<double> area_per_hundred_households;  // nullopt without households
  std::optional<double> service_share;                // nullopt without facility area
  DataExtent extent;                                  // filled by FacilityService::Compliance
};

struct ComplianceReport {
  std::vector<PlaceStandards> places;  // every community, town, county and the city in scope
  std::vector<Shortfall> shortfalls;   // every place/facility/complex that falls short
  DataExtent extent;                   // of the asked division (FacilityService::Compliance)
};

// Rolls community totals up (town = first 9 digits, county = 6, city = 4) and checks every
// level, every childcare facility and every complex.
ComplianceReport BuildCompliance(const std::vector<std::pair<std::string, AreaTotals>>& communities,
                                 const std::vector<Facility>& facilities,
                                 const std::vector<ResidentialComplex>& complexes,
                                 const Taxonomy& taxonomy);

// ----- life circles (data/facilities/circles.json) -----
enum class ServedGroup { kAll, kAge60Plus, kAge0To14, kAge0To3 };
std::string_view ServedGroupName(ServedGroup group);  // all|age_60_plus|age_0_14|age_0_3
std::optional<ServedGroup> ServedGroupFromName(std::string_view name);
enum class CircleSetting { kAll, kUrban, kRural };

struct CircleDefinition {
  std::string code;
  std::string name;
  std::vector<std::string> facility_types;
  std::optional<double> walking_minutes;  // either this (with speed) ...
  double speed_metres_per_second = 1.2;
  std::optional<double> distance_metres;  // ... or this
  ServedGroup served_group = ServedGroup::kAll;
  CircleSetting applies_to = CircleSetting::kAll;
  uint32_t cutoff_decimetres = 0;  // derived by ParseCircles
};

// Parses {"circles":[...]} and validates each circle (known types, positive finite speed and
// minutes or distance, cutoff ≤ 20 km, unique codes); errors name the circle and the field.
core::Result<std::vector<CircleDefinition>> ParseCircles(std::string_view text,
                                                         const Taxonomy& taxonomy);
core::Status CheckCircle(CircleDefinition& circle, const Taxonomy& taxonomy);  // fills cutoff
// Whether a circle applies to a community of this division kind (urban|village|virtual|...).
bool CircleAppliesTo(const CircleDefinition& circle, std::string_view community_kind);

// ----- inputs of the circle computation, read from the registry -----
struct BuildingPoint {
  int64_t id = 0;
  std::string community_code;
  std::string address;
  double lat = 0.0;
  double lon = 0.0;
  bool residential = true;  // residential or mixed
  // Current residents living there (status registered/floating/away) per served group.
  uint32_t all = 0;
  uint32_t age_60_plus = 0;
  uint32_t age_0_14 = 0;
  uint32_t age_0_3 = 0;
  uint32_t Served(ServedGroup group) const;
};

struct CoverageRow {
  std::string circle_code;
  std::string facility_type;  // "" = the circle as a whole
  std::string division_code;
  std::string level;
  int64_t served_residents = 0;
  int64_t covered_residents = 0;
  int64_t residential_buildings = 0;
  int64_t covered_buildings = 0;
  bool straight_line_fallback = false;
  int64_t computed_at = 0;
  // Filled by the views (FacilityService::CoveragePlaces), not stored.
  std::optional<DataExtent> extent;
};

struct GapRow {
  std::string circle_code;
  int64_t building_id = 0;
  std::string community_code;
  std::string address;
  double lat = 0.0;
  double lon = 0.0;
  int64_t served_residents = 0;
  bool straight_line_fallback = false;
};

// A stored walking network area: the nodes and edges kept after the largest component.
struct NetworkArea {
  std::string area_code;
  std::vector<double> coordinates;  // lat, lon pairs
  std::vector<uint32_t> edges;      // from, to pairs (indices into the nodes)
  std::string source_name;
  int64_t imported_at = 0;
};
struct NetworkAreaInfo {
  std::string area_code;
  int64_t node_count = 0;
  int64_t edge_count = 0;
  std::string source_name;
  int64_t imported_at = 0;
  // Only in the answer to an import (not stored): what the file held and what was kept, by
  // connected component, and how many buildings and facilities of the area it was judged by.
  std::optional<accessibility::ComponentReport> components;
  int64_t anchors = 0;
};

// ----- places shown by the coverage and standards views -----
// The level of a division code by its length: city 4 digits, county 6, town 9, community 12;
// "" for any other length.
std::string_view LevelOfCode(std::string_view code);
// Which places at or below a division a view lists. depth 0: the division itself; 1: it and
// the level below (a town and its communities); nullopt: every descendant. level: only places
// of that level (community|town|county|city; "" = any). Both may be given (intersection).
struct PlaceFilter {
  std::optional<int> depth;
  std::string level;
};
// The levels the filter keeps under `division` (empty = every level). 422 naming "depth"
// (0 or 1) or "level" (an unknown name, or a level above the division).
core::Result<std::vector<std::string>> LevelsOf(std::string_view division,
                                                const PlaceFilter& filter);
// Whether a place code is kept: under `division` and of one of `levels` (empty = any).
bool PlaceKept(std::string_view code, std::string_view division,
               const std::vector<std::string>& levels);

// ----- coordinates against the community -----
// The bounding box of a community's buildings that have coordinates (inside China).
struct BuildingBounds {
  int64_t buildings = 0;  // 0: nothing known, no check
  double min_lat = 0.0, max_lat = 0.0, min_lon = 0.0, max_lon = 0.0;
};
// A facility may lie at most this far outside the box of its community's buildings (metres).
// 3 km: a village community spreads over a few km and its facilities serve a 3 km circle;
// a point farther out is almost surely a typo or the wrong community.
inline constexpr double kMaxMetresFromCommunity = 3000.0;
// Great-circle metres from the point to the nearest point of the box (0 inside it).
double MetresOutsideBounds(double lat, double lon, const BuildingBounds& bounds);
// 422 on "lat" (Chinese, with the distance in km) when the point lies farther than
// kMaxMetresFromCommunity from the box; ok when the community has no located building.
core::Status CheckNearCommunity(double lat, double lon, const BuildingBounds& bounds);

// ----- repository -----
struct FacilityQuery {
  std::string place_prefix;  // community/town/county code prefix; "" = any
  std::string type_code;     // "" = any
  std::optional<FacilityStatus> status;
  std::string name_text;  // substring; "" = any
};

class FacilityRepository {
 public:
  virtual ~FacilityRepository() = default;

  virtual core::Result<Facility> InsertFacility(const Facility& facility) = 0;
  // Rewrites every field but id/created_at; kNotFound when the row is gone.
  virtual core::Status UpdateFacility(const Facility& facility) = 0;
  virtual core::Status DeleteFacility(int64_t id) = 0;
  virtual core::Result<std::optional<Facility>> FindFacility(int64_t id,
                                                             const core::Scope& scope) = 0;
  // Ordered by id; page.after is the decimal id of the last one seen.
  virtual core::Result<core::Page<Facility>> ListFacilities(const FacilityQuery& query,
                                                            const core::Scope& scope,
                                                            const core::PageRequest& page) = 0;
  // Every facility under the prefix (unscoped; "" = all), ordered by id.
  virtual core::Result<std::vector<Facility>> AllFacilities(std::string_view place_prefix) = 0;
  // Several facilities in one transaction (imports); returns their ids in order.
  virtual core::Result<std::vector<int64_t>> InsertFacilities(
      const std::vector<Facility>& facilities) = 0;

  virtual core::Result<ResidentialComplex> InsertComplex(const ResidentialComplex& complex) = 0;
  virtual core::Result<std::vector<ResidentialComplex>> ListComplexes(std::string_view place_prefix,
                                                                      const core::Scope& scope) = 0;

  // Open households per community under the prefix, inside the scope.
  virtual core::Result<std::vector<std::pair<std::string, int64_t>>> HouseholdsPerCommunity(
      std::string_view place_prefix, const core::Scope& scope) = 0;
  // Buildings with coordinates under the prefix (unscoped; "" = all), with their current
  // residents per served group as of `today`, ordered by id.
  virtual core::Result<std::vector<BuildingPoint>> BuildingPoints(std::string_view place_prefix,
                                                                  std::string_view today) = 0;
  // Kinds of the communities under the prefix (urban, village, ...).
  virtual core::Result<std::vector<std::pair<std::string, std::string>>> CommunityKinds(
      std::string_view place_prefix) = 0;
  // Active communities under the prefix inside the scope with their kinds (urban, village, ...),
  // ordered by code (DataExtent).
  virtual core::Result<std::vector<std::pair<std::string, std::string>>> CommunitiesInScope(
      std::string_view place_prefix, const core::Scope& scope) = 0;
  // (circle, community) of the stored coverage under the prefix whose circle as a whole has a
  // residential building ("" = every circle; unscoped).
  virtual core::Result<std::vector<std::pair<std::string, std::string>>> CommunitiesWithCoverage(
      std::string_view circle_code, std::string_view place_prefix) = 0;
  // Whether a building with that id exists in that place (a community, town or county).
  virtual core::Result<bool> BuildingInPlace(int64_t building_id,
                                             std::string_view community_code) = 0;

  // Walking network: replaces the area's row.
  virtual core::Status SaveNetworkArea(const NetworkArea& area) = 0;
  virtual core::Result<std::vector<NetworkArea>> LoadNetworkAreas() = 0;
  virtual core::Result<std::vector<NetworkAreaInfo>> NetworkAreas() = 0;

  // Circle results. ReplaceAllResults swaps every row in one transaction; ReplaceCommunityResults
  // replaces one circle's rows for one community (its coverage rows with all facility types and
  // its gaps) and the given ancestor rows.
  virtual core::Status ReplaceAllResults(const std::vector<CoverageRow>& coverage,
                                         const std::vector<GapRow>& gaps) = 0;
  virtual core::Status ReplaceCommunityResults(std::string_view circle_code,
                                               std::string_view community_code,
                                               const std::vector<CoverageRow>& coverage,
                                               const std::vector<GapRow>& gaps) = 0;
  // Coverage rows of a circle ("" = every circle) for the division and its children in scope.
  virtual core::Result<std::vector<CoverageRow>> Coverage(std::string_view circle_code,
                                                          std::string_view division_prefix,
                                                          const core::Scope& scope) = 0;
  // The rows of a circle (every facility type) for exactly these division codes (unscoped).
  virtual core::Result<std::vector<CoverageRow>> CoverageRowsFor(
      std::string_view circle_code, const std::vector<std::string>& division_codes) = 0;
  virtual core::Result<std::vector<GapRow>> Gaps(std::string_view circle_code,
                                                 std::string_view place_prefix,
                                                 const core::Scope& scope, size_t limit) = 0;

  // One page of places of the stored coverage under the prefix, in scope, ordered by division
  // code: at most page.limit places, each with every row of the circle ("" = every circle);
  // `levels` keeps only those levels (empty = all). page.after is the last division code seen.
  virtual core::Result<core::Page<CoverageRow>> CoveragePage(std::string_view circle_code,
                                                             std::string_view division_prefix,
                                                             const std::vector<std::string>& levels,
                                                             const core::Scope& scope,
                                                             const core::PageRequest& page) = 0;
  // The bounding box of the place's buildings (a community, town or county) with coordinates
  // inside China.
  virtual core::Result<BuildingBounds> PlaceBuildingBounds(std::string_view place_code) = 0;
};

}  // namespace linli::facilities

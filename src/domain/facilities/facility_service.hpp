// FacilityService: the use cases of facilities and life circles.
//
// - Registry: create, change, close, delete, find and list facilities (scoped: reads use the
//   caller's people.read scope, writes people.manage, on the facility's community); import
//   (.xlsx/.csv, all or nothing, problems by row/column/cell, an error copy) and export.
// - Standards: the compliance view of a division (B1a/B1b per community rolled up to town,
//   county and city; C5a per public childcare point; B1c/B1d per new residential complex).
// - Walking network: ImportNetwork parses OSM XML, keeps the largest component and stores it.
// - Circles: ComputeAll recomputes every circle for the whole database (buildings with
//   coordinates and their served residents from the registry, open facilities, the stored
//   network or — without one — the straight-line fallback × 1.3, flagged on every result) and
//   stores coverage and gaps. After a facility changes, its community is recomputed at once
//   (CircleCalculator::SomeTargets) and the stored town/county/city rows are adjusted by the
//   difference, so the result equals a full recompute for that community's buildings.
// - Gaps (JSON and GeoJSON) and siting (greedy maximal covering, exact for k ≤ 3).
// Thread-safety: thread-safe; the loaded network is shared and guarded by a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"
#include "domain/facilities/facilities.hpp"
#include "domain/people/resident_service.hpp"
#include "engines/accessibility/snapping.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::facilities {

// Fields of a change; nullopt keeps the value. Clearing optional values: empty string for
// dates/texts, building_id 0, capacity -1.
struct FacilityPatch {
  std::optional<std::string> type_code;
  std::optional<std::string> name;
  std::optional<std::string> address;
  std::optional<double> lat;
  std::optional<double> lon;
  std::optional<int64_t> building_id;
  std::optional<double> floor_area;
  std::optional<double> service_area;
  std::optional<bool> is_public;
  std::optional<std::string> opening_hours;
  std::optional<std::string> phone;  // "" clears
  std::optional<int64_t> capacity;
  std::optional<std::string> operator_name;
  std::optional<FacilityStatus> status;
  std::optional<std::string> opened_on;
  std::optional<std::string> closed_on;
};

// The report (problem_count, problems by row then column) and, without problems, what was
// written (nothing in a dry run).
struct FacilityImportOutcome : tabular::ImportReport {
  bool written = false;
  int64_t rows = 0;
  int64_t imported = 0;
};

struct ComputeSummary {
  int64_t circles = 0;
  int64_t buildings = 0;
  int64_t facilities = 0;
  int64_t network_nodes = 0;  // 0 without a network
  int64_t network_edges = 0;
  bool straight_line_fallback = false;
  int64_t coverage_rows = 0;
  int64_t gap_rows = 0;
};

enum class CandidateKind { kBuildings, kNodes };

struct SitingRequest {
  std::string circle_code;
  std::string division_code;  // the area whose gaps are to be covered
  int32_t k = 3;
  CandidateKind candidates = CandidateKind::kBuildings;
  bool exact = false;  // branch and bound (k ≤ 3, ≤ 200 candidates)
};

struct SitingSite {
  std::optional<int64_t> building_id;  // candidate building, or
  std::optional<int32_t> node;         // network node
  std::string address;
  double lat = 0.0;
  double lon = 0.0;
  int64_t gain = 0;  // served residents newly covered
};

struct SitingOutcome {
  std::vector<SitingSite> sites;
  int64_t uncovered_before = 0;  // served residents in the gaps
  int64_t covered = 0;           // by all chosen sites
  int64_t candidate_count = 0;
  std::string method;  // "greedy" | "exact"
  std::string bound;   // the approximation guarantee, Chinese
  bool straight_line_fallback = false;
};

// One page of the compliance view: places ordered by code (and the shortfalls of those
// places); next_cursor names the last place shown when more follow.
struct CompliancePage {
  std::vector<PlaceStandards> places;
  std::vector<Shortfall> shortfalls;
  std::optional<std::string> next_cursor;
  DataExtent extent;  // of the asked division
};

class FacilityService {
 public:
  // Dependencies must outlive the service; circles must have passed ParseCircles.
  FacilityService(FacilityRepository& repository, Taxonomy taxonomy,
                  std::vector<CircleDefinition> circles, const core::Clock& clock);
  ~FacilityService();

  const Taxonomy& taxonomy() const { return taxonomy_; }
  const std::vector<CircleDefinition>& circles() const { return circles_; }

  // Registry. Create/Update/Delete recompute the community's circles when results exist.
  core::Result<Facility> Create(Facility facility, const access::Caller& caller);
  core::Result<Facility> Update(int64_t id, const FacilityPatch& patch,
                                const access::Caller& caller);
  core::Status Delete(int64_t id, const access::Caller& caller);
  core::Result<Facility> Get(int64_t id, const access::Caller& caller);
  core::Result<core::Page<Facility>> List(const FacilityQuery& query, const core::PageRequest& page,
                                          const access::Caller& caller);
  // Public (the service guide's 办理地点 / 办公时间 / 咨询电话): the community's main service
  // centre (MainServiceCentre), kNotFound when the code names no community or it has none.
  core::Result<Facility> ServiceCentre(const std::string& community_code);

  // Import, written on the import kernel (core/tabular): the header against the template's
  // columns, each row on its own, then against the registry; nothing is written unless every
  // row passes.
  static tabular::Table ImportTemplate();
  core::Result<FacilityImportOutcome> Import(const tabular::Table& table,
                                             const access::Caller& caller, bool dry_run = false);
  core::Result<FacilityImportOutcome> Import(const tabular::Table& table,
                                             const access::Caller& caller,
                                             const tabular::ImportOptions& options);
  // The input with a red 错误 column holding the report's problems, as .xlsx bytes.
  static core::Result<std::string> ErrorCopy(const tabular::Table& table,
                                             const tabular::ImportReport& report);
  core::Result<tabular::Table> Export(const FacilityQuery& query, const access::Caller& caller);

  // Standards.
  core::Result<ComplianceReport> Compliance(const std::string& division_code,
                                            const access::Caller& caller);
  core::Result<ResidentialComplex> AddComplex(ResidentialComplex complex,
                                              const access::Caller& caller);
  core::Result<std::vector<ResidentialComplex>> Complexes(const std::string& division_code,
                                                          const access::Caller& caller);

  // Walking network: parses and stores (replacing the area), nothing changed on error. The area
  // is a division with communities inside the caller's divisions.manage scope (404 otherwise).
  core::Result<NetworkAreaInfo> ImportNetwork(const std::string& area_code,
                                              std::string_view osm_xml,
                                              const std::string& source_name,
                                              const access::Caller& caller);
  // The areas that meet the caller's facilities.read scope.
  core::Result<std::vector<NetworkAreaInfo>> NetworkAreas(const access::Caller& caller);

  // Circles.
  core::Result<ComputeSummary> ComputeAll();
  // Recomputes one community (no-op when nothing was computed yet).
  core::Status RecomputeCommunity(const std::string& community_code);
  core::Result<std::vector<GapRow>> Gaps(const std::string& circle_code,
                                         const std::string& division_code,
                                         const access::Caller& caller, size_t limit = 100000);
  core::Result<SitingOutcome> Site(const SitingRequest& request, const access::Caller& caller);

  // The views' place filter (depth/level, see LevelsOf) with pages of places: coverage rows
  // of the places of one page, and the compliance of the places of one page (computed over
  // the whole division, then filtered).
  core::Result<core::Page<CoverageRow>> CoveragePlaces(const std::string& circle_code,
                                                       const std::string& division_code,
                                                       const PlaceFilter& filter,
                                                       const core::PageRequest& page,
                                                       const access::Caller& caller);
  core::Result<CompliancePage> CompliancePlaces(const std::string& division_code,
                                                const PlaceFilter& filter,
                                                const core::PageRequest& page,
                                                const access::Caller& caller);

 private:
  struct LoadedNetwork;
  core::Result<std::shared_ptr<const LoadedNetwork>> Network();
  core::Result<const CircleDefinition*> FindCircle(const std::string& code) const;
  core::Status AfterChange(const std::string& community_code);
  // CheckNearCommunity against the community's buildings (cached per community in imports).
  core::Status CheckCoordinates(const Facility& facility,
                                std::map<std::string, BuildingBounds>* cache = nullptr);
  std::string Today() const;

  FacilityRepository& repository_;
  Taxonomy taxonomy_;
  std::vector<CircleDefinition> circles_;
  const core::Clock& clock_;
  std::mutex mutex_;  // guards network_ and serialises recomputes
  std::shared_ptr<const LoadedNetwork> network_;
  bool network_loaded_ = false;
};

// GeoJSON FeatureCollection of the gaps (Points, [lon, lat], with properties).
std::string GapsGeoJson(const std::vector<GapRow>& gaps, const CircleDefinition& circle);

}  // namespace linli::facilities

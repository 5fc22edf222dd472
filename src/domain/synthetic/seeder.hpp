// The synthetic Yangzhou (`linli seed`): a deterministic synthetic population on top of the
// real divisions — grids, buildings, households, residents with tags — generated community by
// community, and the seam where later modules add their own synthetic data.
//
// Determinism: everything a community gets is a pure function of (seed, reference date, the
// city's division tree, the community). PlanCity computes each community's site (place,
// coordinates, size, ID-number lane) from the WHOLE city's tree, so the `town` and `small`
// scales produce exactly the city's data restricted to their communities, and the output does
// not depend on the number of threads. Each module draws from its own random stream keyed by
// (seed, community code, module name): adding a module never changes what the others make.
//
// Facilities (module "facilities") are placed per community at its buildings; the seed command
// then makes each town's walking network from its buildings (TownStreets) once the town's
// communities are written — sites come town by town (PlanCity's order), so a town is complete
// when the next one starts.
//
// Growing it: a later module (facilities, service requests, events …) implements
// ModuleGenerator, adds the rows it makes to CommunityData (a new member), is appended to the
// list given to GenerateCommunity (DefaultModules), and its writer is added to the seed
// command (src/app/seed_command.cpp). Modules run in list order; a later one may read what
// earlier ones put in CommunityData (e.g. residents by batch index).
// Thread-safety: pure functions over immutable inputs; ModuleGenerator::Generate must be
// callable from several threads at once (generators hold no mutable state). GenerateInOrder
// runs generators on worker threads and calls `consume` on the calling thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/identity/date.hpp"
#include "core/result.hpp"
#include "domain/divisions/division_tree.hpp"
#include "domain/divisions/outlines.hpp"
#include "domain/facilities/facilities.hpp"
#include "domain/facilities/synthetic_facilities.hpp"
#include "domain/grids/grids.hpp"
#include "domain/people/people.hpp"
#include "domain/synthetic/random.hpp"

namespace linli::synthetic {

inline constexpr uint64_t kDefaultSeed = 20230101;
// Ages, tags and dates are computed as of this day, so that the output never depends on when
// the command runs (ages in the registry still move on with the real date).
inline constexpr identity::Date kDefaultReferenceDate{2026, 1, 1};

enum class Scale { kSmall, kTown, kCity };
std::string_view ScaleName(Scale scale);  // "small", "town", "city"
std::optional<Scale> ScaleFromName(std::string_view name);

struct SeedOptions {
  uint64_t seed = kDefaultSeed;
  identity::Date reference_date = kDefaultReferenceDate;
  // The city's real county outlines (divisions/outlines.hpp), when the data is installed. A
  // county with Yangzhou's calibrated place keeps it; any other county puts its towns and
  // communities inside its outline, around the outline's label point; a county the outlines
  // lack goes inside the city's whole outline. Without outlines, every such county is placed
  // around Yangzhou's centre (the behaviour before outlines, for tests and bare installs).
  std::shared_ptr<const divisions::CityOutlines> outlines;
};

// One community and what its generators need to know about its place.
struct CommunitySite {
  std::string city_code;
  std::string county_code;
  std::string county_name;
  std::string town_code;
  std::string town_name;
  std::string town_kind;  // street | town | township | other
  std::string community_code;
  std::string community_name;
  std::string community_kind;  // urban | village | virtual | unresolved
  bool urban = false;          // apartment blocks (urban, virtual) rather than village houses
  // ID numbers: local residents' area code (the county's; a functional zone uses its host
  // district's), an older code for residents born before old_area_code_before_year ("" none,
  // e.g. 江都 321088 before it became a district in 2011), and the community's lane.
  std::string id_area_code;
  std::string old_area_code;
  int old_area_code_before_year = 0;
  // The 3-digit sequence code gives 500 lanes per area code (× sex). Where more communities share
  // an area code (北京 朝阳区 has 768), they also split the birth dates: a community's residents
  // are born only on days d with d mod id_day_classes == id_day_class (d = days since
  // 1970-01-01), so (id_area_code, id_lane, id_day_class) is unique among the city's communities.
  int id_lane = 0;  // 0..499
  int id_day_class = 0;
  int id_day_classes = 1;
  // Floating residents: the group of outside area codes, the lane and the day class, unique
  // together in the same way.
  int outside_code_group = 0;  // 0..2
  int outside_lane = 0;        // 0..499
  int outside_day_class = 0;
  int outside_day_classes = 1;
  double hui_share = 0.0;  // share of 回族 residents (菱塘回族乡 is high)
  double lat = 0.0;        // community centre, WGS-84
  double lon = 0.0;
  int64_t target_residents = 0;
};

// Every current community under city_code (4 digits) in code order, with its site. Fails
// (kNotFound) when the tree holds no community of that city.
core::Result<std::vector<CommunitySite>> PlanCity(const divisions::DivisionTree& tree,
                                                  std::string_view city_code,
                                                  const SeedOptions& options);

// The communities of a scale: city = all; town = every community of town_code (default: the
// first street of the first district); small = the first three communities of that town
// (of which the seed command keeps the first grid each, see KeepFirstGrids).
// kNotFound for a town code without communities.
core::Result<std::vector<CommunitySite>> SelectSites(const std::vector<CommunitySite>& city,
                                                     Scale scale, std::string_view town_code);

// A resident's status change applied after the batch is written (it needs the resident's id):
// it closes the first residence record and opens one with the new status (history).
struct LaterStatusChange {
  size_t resident_index = 0;  // into CommunityData::people.residents
  people::ResidentStatus status = people::ResidentStatus::kMovedOut;
  std::string date;  // YYYY-MM-DD
  people::HistoryEvent event = people::HistoryEvent::kMoveOut;
  bool leaves_household = false;
};

// What the generators made for one community. Grid codes are final (community code + 3
// digits, numbered from 001); RenumberGrids moves them when the database already has grids.
struct CommunityData {
  CommunitySite site;
  std::vector<grids::Grid> grids;
  people::PeopleBatch people;  // every row synthetic, carrying its grid code
  std::vector<LaterStatusChange> later_changes;
  // Facilities (module "facilities"), synthetic. Until written, building_id holds the 1-based
  // index of the building in people.buildings (the writer swaps in the stored id).
  std::vector<facilities::Facility> facilities;
};

class ModuleGenerator {
 public:
  virtual ~ModuleGenerator() = default;
  // Stable name: part of the module's random-stream key.
  virtual std::string_view Name() const = 0;
  // Adds this module's rows for data.site. REQUIRES: rng is the module's stream for the site.
  virtual void Generate(const SeedOptions& options, Rng& rng, CommunityData& data) const = 0;
};

// The modules of today, in order: people (grids, buildings, households, residents, tags).
std::vector<std::unique_ptr<ModuleGenerator>> DefaultModules();

using ModuleList = std::vector<std::unique_ptr<ModuleGenerator>>;

// People, then facilities placed at the community's buildings (the taxonomy's types, see
// facilities::SyntheticFacilities; the module copies the taxonomy).
ModuleList DefaultModules(const facilities::Taxonomy& taxonomy);

// ----- walking networks -----
// Walking networks the seeder stores carry this source name (prefix), which marks them
// synthetic: "synthetic:street-grid seed=N".
inline constexpr std::string_view kSyntheticNetworkSource = "synthetic:street-grid";
bool IsSyntheticNetworkSource(std::string_view source_name);

// What a town's streets are made from: one community's buildings with coordinates.
std::vector<facilities::SyntheticBuilding> StreetPoints(const CommunityData& data);

// The walking network of one town (area_code = town_code, source_name marked synthetic) from
// its communities' StreetPoints: cut from one street lattice shared by the whole city (origin
// at the city centre, keyed by the seed only), so towns seeded separately join into one network
// (see facilities::SyntheticTownStreets). Deterministic; empty without buildings.
facilities::NetworkArea TownStreets(
    std::string_view town_code,
    const std::vector<std::vector<facilities::SyntheticBuilding>>& communities,
    const SeedOptions& options);

// Runs every module for one site.
CommunityData GenerateCommunity(const CommunitySite& site, const SeedOptions& options,
                                const ModuleList& modules);

// Generates every site on `threads` worker threads and hands the results to `consume` in site
// order, on the calling thread, keeping at most `window` finished communities waiting. Stops
// at (and returns) the first error `consume` returns.
core::Status GenerateInOrder(const std::vector<CommunitySite>& sites, const SeedOptions& options,
                             const ModuleList& modules, int threads, size_t window,
                             const std::function<core::Status(CommunityData&&)>& consume);

// GenerateInOrder with the writing split in two stages: `write` (each community's rows; returns
// the ids they got) runs on `writers` threads at once, each community on one of them, taking
// communities in site order; `written` (what must follow site order: a town's network, counts)
// runs on the calling thread, in site order, after that community's `write`. At most
// 2 × `writers` communities are being written or waiting for `written`. With one writer both run
// on the calling thread, one community after the other (what GenerateInOrder does). Stops at
// the first error (`written` is not called for the failed community nor any later one) and
// returns the error of the earliest community that failed, after every writer has stopped.
// `write` must be callable from several threads at once (on different communities).
using CommunityWrite = std::function<core::Result<people::PeopleBatchIds>(CommunityData&)>;
using CommunityWritten = std::function<core::Status(CommunityData&&, people::PeopleBatchIds&&)>;
core::Status GenerateAndWriteInOrder(const std::vector<CommunitySite>& sites,
                                     const SeedOptions& options, const ModuleList& modules,
                                     int threads, size_t window, int writers,
                                     const CommunityWrite& write, const CommunityWritten& written);

// Rewrites the grid codes of data (grids, buildings, households, residents) so that grid
// number n becomes first_number + n - 1. REQUIRES: the numbers stay within 1..999.
void RenumberGrids(CommunityData& data, int first_number);

// Keeps only the first `count` grids of data and the buildings, households, residents, later
// changes and facilities inside them (indices renumbered). The `small` scale keeps one grid per
// community: a few thousand residents that are exactly the city's in those grids.
void KeepFirstGrids(CommunityData& data, size_t count);
// Grids kept per community at each scale (0 = all).
size_t GridsKeptAt(Scale scale);

// Counts of what a set of communities holds.
struct SeedCounts {
  int64_t communities = 0;
  int64_t grids = 0;
  int64_t buildings = 0;
  int64_t households = 0;
  int64_t residents = 0;
  int64_t tags = 0;
  int64_t facilities = 0;
  SeedCounts& operator+=(const CommunityData& data);
};

}  // namespace linli::synthetic

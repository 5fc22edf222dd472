// The population registry (人口台账): buildings (楼栋), households (户) and residents (居民), their
// tags from an extensible dictionary, and the residence history that answers "where did X live,
// in which grid, on date D". This header holds the model, the pure validation rules and the
// repository interface; the use cases live in resident_service.hpp and place_services.hpp.
//
// Personal data: a Resident carries its ID number and phone in clear, normalised form in memory;
// the repository stores them only encrypted (crypto::KeyRing) with keyed blind indexes, and the
// services mask them before they leave unless the caller may see them.
// Places: every row carries community_code and grid_code; place_code is the grid code when there
// is one, else the community code, and every scoped query filters on it by prefix.
// Dates are "YYYY-MM-DD" text (sorts like the dates it names); ages are never stored.
// Thread-safety: plain values and pure functions; repository implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/identity/date.hpp"
#include "core/identity/id_number.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::people {

enum class BuildingKind { kResidential, kMixed, kOther };
enum class HouseholdType { kRegistered, kActual };
enum class ResidentStatus { kRegisteredResident, kFloating, kAway, kMovedOut, kDeceased };
enum class Relation { kHead, kSpouse, kChild, kParent, kGrandchild, kSibling, kOther };
enum class HistoryEvent { kBirth, kMoveIn, kMoveOut, kStatus, kDeath };

std::string_view BuildingKindName(BuildingKind kind);               // "residential", ...
std::string_view HouseholdTypeName(HouseholdType type);             // "registered", "actual"
std::string_view ResidentStatusName(ResidentStatus status);         // "registered_resident", ...
std::string_view ResidentStatusChineseName(ResidentStatus status);  // "户籍常住", ...
std::string_view RelationName(Relation relation);                   // "head", ...
std::string_view HistoryEventName(HistoryEvent event);              // "birth", "move_in", ...
std::optional<BuildingKind> BuildingKindFromName(std::string_view name);
std::optional<HouseholdType> HouseholdTypeFromName(std::string_view name);
std::optional<ResidentStatus> ResidentStatusFromName(std::string_view name);
std::optional<Relation> RelationFromName(std::string_view name);
std::optional<HistoryEvent> HistoryEventFromName(std::string_view name);
// All statuses, in declaration order.
const std::vector<ResidentStatus>& AllResidentStatuses();
// Registered residents, floating and away people live here; moved-out and deceased do not.
bool IsCurrentStatus(ResidentStatus status);

struct Building {
  int64_t id = 0;
  std::string community_code;
  std::string grid_code;
  std::string micro_grid_code;  // "" when none
  std::string address;
  std::optional<double> lat;  // WGS-84
  std::optional<double> lon;
  BuildingKind kind = BuildingKind::kResidential;
  int64_t floors = 1;
  bool synthetic = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Household {
  int64_t id = 0;
  int64_t building_id = 0;
  std::string room;
  HouseholdType type = HouseholdType::kActual;
  std::optional<int64_t> head_id;
  std::string since;                 // YYYY-MM-DD
  std::optional<std::string> until;  // YYYY-MM-DD
  std::string community_code;        // copied from the building
  std::string grid_code;
  bool synthetic = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct TagDefinition {
  std::string code;  // [a-z0-9_], 2..40 characters
  std::string name;  // Chinese
  std::string category;
  bool has_grade = false;  // grade 1..4 (disability)
};

struct ResidentTag {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string code;
  std::string name;      // from the definition
  std::string category;  // from the definition
  std::optional<int64_t> grade;
  std::string subcategory;  // e.g. a disability category (视力残疾); "" when none
  std::string valid_from;
  std::optional<std::string> valid_until;
  std::string source;
};

struct Resident {
  int64_t id = 0;
  std::string name;
  std::string id_number;  // normalised, in clear in memory (masked by the services)
  std::string phone;      // normalised, "" when unknown
  identity::Sex sex = identity::Sex::kMale;  // derived from id_number
  identity::Date birth_date;                 // derived from id_number
  std::string ethnicity_code;                // GB/T 3304 two digits
  ResidentStatus status = ResidentStatus::kRegisteredResident;
  std::string status_since;
  std::optional<int64_t> household_id;
  std::optional<Relation> relation;
  std::string community_code;
  std::string grid_code;               // "" when the person is not yet assigned to a grid
  std::optional<int64_t> building_id;  // through the household (read only)
  std::vector<ResidentTag> tags;
  bool synthetic = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool personal_data_visible = false;  // set by the services: false means masked values
};

// One period of residence: [valid_from, valid_until) in one place with one status.
struct ResidenceRecord {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::optional<int64_t> household_id;
  std::string community_code;
  std::string grid_code;
  ResidentStatus status = ResidentStatus::kRegisteredResident;
  std::string valid_from;
  std::optional<std::string> valid_until;
  HistoryEvent event = HistoryEvent::kMoveIn;
};

// A residence record with the person's name: what changed in a place (the workbench's
// 近期人员变动).
struct PlaceChange {
  ResidenceRecord record;
  std::string name;
};

// The code a row is scoped by: the grid code, or the community code when there is no grid.
std::string PlaceCode(std::string_view community_code, std::string_view grid_code);

// ----- validation (pure; errors are kValidationFailed in Chinese, naming the field) -----
core::Status CheckPersonName(std::string_view name);  // 1..50 characters, not blank
core::Status CheckAddress(std::string_view address);  // 1..200 characters
core::Status CheckRoom(std::string_view room);        // 1..20 characters
core::Status CheckFloors(int64_t floors);             // 1..200
// Both or neither; latitude 3..54, longitude 73..136 (inside China).
core::Status CheckCoordinates(const std::optional<double>& lat, const std::optional<double>& lon);
// A date written YYYY-MM-DD that exists, years 1900..2999.
core::Result<identity::Date> CheckDate(std::string_view text, std::string_view field);
core::Status CheckTagCode(std::string_view code);

// The latest birth date of someone aged at least `years` on `today` (ages as identity::AgeOn):
// age >= years  <=>  birth_date <= BirthDateLimit(today, years).
identity::Date BirthDateLimit(const identity::Date& today, int years);

// ----- queries -----
enum class ResidentSort { kName, kAge, kAgeDescending, kId };
std::optional<ResidentSort> ResidentSortFromName(std::string_view name);  // name|age|-age|id

struct ResidentQuery {
  std::string name_text;                         // substring of the name; "" = any
  std::string id_number;                         // normalised; exact, via blind index; "" = any
  std::string phone;                             // normalised; exact, via blind index; "" = any
  std::vector<std::string> tag_codes;            // valid on `today`; none = any
  bool all_tags = true;                          // every tag of tag_codes (else at least one)
  std::optional<std::string> born_on_or_before;  // YYYY-MM-DD (from age_min)
  std::optional<std::string> born_after;         // YYYY-MM-DD (from age_max)
  std::string place_prefix;                      // community or grid code prefix; "" = any
  std::optional<ResidentStatus> status;
  ResidentSort sort = ResidentSort::kName;
  std::string today;  // YYYY-MM-DD, for tag validity
};

struct AgeGroupBounds {
  std::string label;                             // "0-6", "60+", ...
  std::optional<std::string> born_after;         // exclusive
  std::optional<std::string> born_on_or_before;  // inclusive
};

struct ResidentCounts {
  int64_t total = 0;       // residents with a current status
  int64_t households = 0;  // open households (no end date)
  std::vector<std::pair<std::string, int64_t>> by_tag;
  std::vector<std::pair<std::string, int64_t>> by_status;
  std::vector<std::pair<std::string, int64_t>> by_age_group;
};

struct BuildingQuery {
  std::string community_code;  // "" = any
  std::string grid_code;       // "" = any
  std::string address_text;    // address substring; "" = any
};

// ----- bulk loading (the residents import and the synthetic seeder) -----
// New and changed registry rows written together in one transaction with multi-row
// statements. Rows refer to rows of the same batch by index; the repository assigns ids.
struct HouseholdLoad {
  Household household;          // community_code/grid_code must be the building's
  int64_t building_index = -1;  // index into PeopleBatch::buildings; -1: household.building_id
};

struct ResidentLoad {
  // id 0: a new resident (first residence record opened on resident.status_since with
  // `event`). id > 0: an existing resident whose name, ID number, phone and ethnicity are
  // rewritten; when `residence_changed` the open residence record is closed on
  // resident.status_since and a new one opened for the new household/place/status.
  Resident resident;
  int64_t household_index = -1;  // index into PeopleBatch::households; -1: resident.household_id
  HistoryEvent event = HistoryEvent::kMoveIn;  // of the new residence record (also for changes)
  bool residence_changed = false;
  std::vector<ResidentTag> tags;  // new tags (resident_id filled in by the repository)
};

struct PeopleBatch {
  std::vector<Building> buildings;
  std::vector<HouseholdLoad> households;
  std::vector<ResidentLoad> residents;
};

// The ids given to the batch's rows, in batch order.
struct PeopleBatchIds {
  std::vector<int64_t> buildings;
  std::vector<int64_t> households;
  std::vector<int64_t> residents;
};

// ----- repository -----
// Every read takes the caller's scope and filters in SQL on place_code: rows outside it are
// simply not found. Every write takes the audit entry that records it; the implementation
// appends it in the same transaction (filling subject_id for inserts).
class PeopleRepository {
 public:
  virtual ~PeopleRepository() = default;

  // Buildings.
  virtual core::Result<Building> InsertBuilding(const Building& building,
                                                const audit::AuditEntry& audit) = 0;
  virtual core::Result<std::optional<Building>> FindBuilding(int64_t id,
                                                             const core::Scope& scope) = 0;
  // Ordered by id; page.after is the decimal id of the last one seen.
  virtual core::Result<core::Page<Building>> ListBuildings(const BuildingQuery& query,
                                                           const core::Scope& scope,
                                                           const core::PageRequest& page) = 0;

  // Writes address, lat, lon, kind, floors, micro_grid_code and updated_at.
  virtual core::Status UpdateBuilding(const Building& building, const audit::AuditEntry& audit) = 0;

  // Households.
  virtual core::Result<Household> InsertHousehold(const Household& household,
                                                  const audit::AuditEntry& audit) = 0;
  virtual core::Result<std::optional<Household>> FindHousehold(int64_t id,
                                                               const core::Scope& scope) = 0;
  // Writes room, type, until and updated_at.
  virtual core::Status UpdateHousehold(const Household& household,
                                       const audit::AuditEntry& audit) = 0;
  // Members of a household (inside the scope), ordered by id.
  // The open households of a building inside the scope, by room, at most `limit`, each with its
  // head's name ("" without a head) — what a form offers to choose from.
  virtual core::Result<std::vector<std::pair<Household, std::string>>> OpenHouseholdsOfBuilding(
      int64_t building_id, const core::Scope& scope, int limit) = 0;
  virtual core::Result<std::vector<Resident>> HouseholdMembers(int64_t household_id,
                                                               const core::Scope& scope) = 0;

  // Residents. Insert opens the first residence record (event given); kAlreadyExists with
  // field id_number when the ID number is registered already. When resident.relation is head
  // the household's head becomes this resident (kFailedPrecondition if it has another head).
  virtual core::Result<Resident> InsertResident(const Resident& resident, HistoryEvent event,
                                                const audit::AuditEntry& audit) = 0;
  // Writes name, id_number (and derived fields), phone, ethnicity and updated_at.
  virtual core::Status UpdateResident(const Resident& resident, const audit::AuditEntry& audit) = 0;
  // Closes the open residence record on `date` and opens a new one for the resident's new
  // household/place/status (resident holds the new values), writing the resident row too.
  virtual core::Status ChangeResidence(const Resident& resident, std::string_view date,
                                       HistoryEvent event, const audit::AuditEntry& audit) = 0;
  virtual core::Result<std::optional<Resident>> FindResident(int64_t id,
                                                             const core::Scope& scope) = 0;
  // Page ordered by query.sort then id; page.after is the cursor's decoded key.
  virtual core::Result<core::Page<Resident>> SearchResidents(const ResidentQuery& query,
                                                             const core::Scope& scope,
                                                             const core::PageRequest& page) = 0;
  // Counts under division_prefix inside the scope.
  virtual core::Result<ResidentCounts> CountResidents(std::string_view division_prefix,
                                                      const std::vector<AgeGroupBounds>& groups,
                                                      std::string_view today,
                                                      const core::Scope& scope) = 0;
  virtual core::Result<std::vector<ResidenceRecord>> History(int64_t resident_id) = 0;
  // The residence records of `place_code` (a community, or a grid with its micro-grids) that
  // began in [since, until] (YYYY-MM-DD), newest first, at most `limit`, with the names; none
  // when the place is not inside the scope.
  virtual core::Result<std::vector<PlaceChange>> RecentChanges(std::string_view place_code,
                                                               std::string_view since,
                                                               std::string_view until, int limit,
                                                               const core::Scope& scope) = 0;
  // The residence record valid on `date` (valid_from <= date < valid_until), if any.
  virtual core::Result<std::optional<ResidenceRecord>> ResidenceOn(int64_t resident_id,
                                                                   std::string_view date) = 0;

  // Bulk loading. Writes the whole batch or nothing, with one audit entry (its detail is
  // extended with the counts and the ids of the residents written). A relation of head makes
  // the resident the head of their household. kAlreadyExists (field id_number) when a new
  // resident's ID number is registered already. ID numbers are encrypted in parallel.
  virtual core::Result<PeopleBatchIds> WriteBatch(const PeopleBatch& batch,
                                                  const audit::AuditEntry& audit) = 0;
  // A load of `expected_residents` new people into a registry holding far fewer (the city
  // seed): drops the registry's secondary indexes (on SQLite only the random-key ones: ID and
  // phone blind indexes, name, birth date, name grams) until EndBulkLoad, so that many WriteBatch
  // calls append rows instead of updating large indexes. Returns false (and changes nothing)
  // when the load is too small for that to pay. While it lasts, lookups that need the indexes
  // (updates of existing residents, searches) are slow: write only new people in between.
  // If the process dies first, the next migration rebuilds the indexes.
  virtual core::Result<bool> BeginBulkLoad(size_t expected_residents) = 0;
  // Rebuilds every deferred index; kAlreadyExists (field id_number) when an ID number was
  // written twice meanwhile. A no-op when nothing is deferred.
  virtual core::Status EndBulkLoad() = 0;
  // Buildings and open households (until unset) of the given communities, unscoped (imports
  // check the communities against the caller's scope first), ordered by id.
  virtual core::Result<std::vector<Building>> BuildingsIn(
      const std::vector<std::string>& community_codes) = 0;
  virtual core::Result<std::vector<Household>> OpenHouseholdsIn(
      const std::vector<std::string>& community_codes) = 0;
  // The residents (any place, unscoped: for duplicate checks of imports) whose normalised ID
  // numbers are among `id_numbers`, with their tags.
  virtual core::Result<std::vector<Resident>> FindResidentsByIdNumbers(
      const std::vector<std::string>& id_numbers) = 0;
  // The residents with these ids (any place, unscoped: for callers that have scoped the records
  // naming them), with their tags, ordered by id; unknown ids are left out.
  virtual core::Result<std::vector<Resident>> FindResidentsByIds(
      const std::vector<int64_t>& ids) = 0;

  // Tags.
  virtual core::Result<std::vector<TagDefinition>> TagDefinitions() = 0;
  // kAlreadyExists (field code) for a taken code.
  virtual core::Status InsertTagDefinition(const TagDefinition& definition) = 0;
  virtual core::Result<ResidentTag> InsertResidentTag(const ResidentTag& tag,
                                                      const audit::AuditEntry& audit) = 0;
  // Sets valid_until of the resident's tag; kNotFound when the resident has no such tag.
  virtual core::Status EndResidentTag(int64_t resident_id, int64_t tag_id,
                                      std::string_view valid_until,
                                      const audit::AuditEntry& audit) = 0;
};

}  // namespace linli::people

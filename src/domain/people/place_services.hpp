// BuildingService and HouseholdService: the places people live in. A building sits in an active
// grid of its community (optionally a micro-grid of that grid); a household sits in a building
// and takes its community and grid. Scopes and audit as in resident_service.hpp: reads use the
// caller's people.read scope, writes people.manage, anything outside answers not_found.
// Thread-safety: methods may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/grids/grids.hpp"
#include "domain/people/people.hpp"
#include "domain/people/resident_service.hpp"

namespace linli::people {

struct NewBuilding {
  std::string community_code;
  std::string grid_code;
  std::optional<std::string> micro_grid_code;
  std::string address;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string kind = "residential";
  int64_t floors = 1;
  bool synthetic = false;
};

struct NewHousehold {
  int64_t building_id = 0;
  std::string room;
  std::string type = "actual";
  std::optional<std::string> since;  // default: today
  bool synthetic = false;
};

// PATCH of a building: the fields given change. Its community and grid never change here
// (moving a building would move every household and resident in it).
struct BuildingUpdate {
  std::optional<std::string> address;
  std::optional<std::optional<double>> lat;  // engaged with nullopt inside: clear both
  std::optional<std::optional<double>> lon;
  std::optional<std::string> kind;
  std::optional<int64_t> floors;
  std::optional<std::string> micro_grid_code;  // "" clears it
};

struct HouseholdUpdate {
  std::optional<std::string> room;
  std::optional<std::string> type;
};

struct HouseholdDetail {
  Household household;
  std::string building_address;   // the building's (楼栋) address, for people
  std::vector<Resident> members;  // masked unless permitted
};

class BuildingService {
 public:
  BuildingService(PeopleRepository& repository, divisions::DivisionService& divisions,
                  grids::GridRepository& grids, const core::Clock& clock);

  core::Result<Building> Create(const NewBuilding& request, const access::Caller& caller);
  core::Result<Building> Get(int64_t id, const access::Caller& caller);
  core::Result<Building> Update(int64_t id, const BuildingUpdate& update,
                                const access::Caller& caller);
  // community / grid: optional filters (codes).
  core::Result<core::Page<Building>> List(const BuildingQuery& query, const access::Caller& caller,
                                          const core::PageRequest& page);

 private:
  PeopleRepository& repository_;
  divisions::DivisionService& divisions_;
  grids::GridRepository& grids_;
  const core::Clock& clock_;
};

// A building lists at most this many open households (a tower block has a few hundred).
inline constexpr int kMaxHouseholdsOfBuilding = 1000;

class HouseholdService {
 public:
  HouseholdService(PeopleRepository& repository, audit::AuditLog& audit_log,
                   const core::Clock& clock);

  core::Result<Household> Create(const NewHousehold& request, const access::Caller& caller);
  core::Result<HouseholdDetail> Get(int64_t id, const access::Caller& caller);
  // The open households of a building, by room, with their heads' names (a form's chooser);
  // 404 when the building is not inside the caller's read scope.
  core::Result<std::vector<std::pair<Household, std::string>>> OfBuilding(
      int64_t building_id, const access::Caller& caller);
  // A resident's own household (self.household; decision 0026): through the person the account
  // is bound to, members masked. 409 when the account is not bound, 404 when the person has no
  // household.
  core::Result<HouseholdDetail> Own(const access::Caller& caller);
  core::Result<Household> Update(int64_t id, const HouseholdUpdate& update,
                                 const access::Caller& caller);
  // Closes (注销) a household on `until` (not before its since date): only once nobody lives
  // in it any more (members have moved out, died or moved to another household) — else
  // kFailedPrecondition naming how many still do. A closed household takes no one in.
  core::Result<Household> Close(int64_t id, std::string_view until, const access::Caller& caller);

 private:
  PeopleRepository& repository_;
  audit::AuditLog& audit_log_;
  const core::Clock& clock_;
};

}  // namespace linli::people

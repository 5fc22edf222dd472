// ResidentService: the use cases of residents — register, correct, move, change status, tag,
// read (with history), search and count — plus the tag dictionary.
//
// Rules enforced here: birth date and sex are derived from the ID number (never taken from
// input); the grid must be active and belong to the community; a household carries the place.
// Scopes (from the Caller): reads use people.read, writes people.manage (the target place must lie
// inside it), and a resident's ID and phone numbers leave unmasked only when people.personal_data
// covers the resident's place — each such read is appended to the audit log. Every change is
// written by the repository together with its audit entry (changed field names, never values).
// Anything outside the caller's scope answers not_found.
// Thread-safety: methods may be called concurrently (state lives in the repository).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/caller.hpp"
#include "domain/access/lookup_quota.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/grids/grids.hpp"
#include "domain/people/people.hpp"

namespace linli::people {

struct NewResident {
  std::string name;
  std::string id_number;
  std::optional<std::string> phone = std::nullopt;
  std::string ethnicity = "01";
  std::string status = "registered_resident";
  std::optional<std::string> status_since = std::nullopt;  // default: today
  std::optional<int64_t> household_id = std::nullopt;
  std::optional<std::string> relation = std::nullopt;  // required with a household
  std::optional<std::string> community_code = std::nullopt;
  std::optional<std::string> grid_code = std::nullopt;
  bool synthetic = false;
};

struct ResidentUpdate {
  std::optional<std::string> name = std::nullopt;
  std::optional<std::string> id_number = std::nullopt;
  std::optional<std::optional<std::string>> phone =
      std::nullopt;  // engaged with nullopt inside: clear it
  std::optional<std::string> ethnicity = std::nullopt;
};

struct MoveRequest {
  std::optional<int64_t> household_id = std::nullopt;  // or a place without a household:
  std::optional<std::string> relation = std::nullopt;
  std::optional<std::string> community_code = std::nullopt;
  std::optional<std::string> grid_code = std::nullopt;
  std::string date;
};

struct NewResidentTag {
  std::string code;
  std::optional<int64_t> grade = std::nullopt;
  std::optional<std::string> subcategory = std::nullopt;
  std::optional<std::string> valid_from = std::nullopt;  // default: today
  std::optional<std::string> valid_until = std::nullopt;
  std::string source;
};

// Raw query values of GET /residents (validated by Search).
struct ResidentSearchRequest {
  std::optional<std::string> text = std::nullopt;  // q
  std::optional<std::string> id_number = std::nullopt;
  std::optional<std::string> phone = std::nullopt;
  std::optional<std::string> tag = std::nullopt;        // codes separated by commas
  std::optional<std::string> tag_match = std::nullopt;  // all (default) | any
  std::optional<std::string> age_min = std::nullopt;
  std::optional<std::string> age_max = std::nullopt;
  std::optional<std::string> community = std::nullopt;
  std::optional<std::string> grid = std::nullopt;
  std::optional<std::string> status = std::nullopt;
  std::optional<std::string> sort = std::nullopt;
};

// A personal field that is masked everywhere and revealed one at a time.
enum class PersonalField { kIdNumber, kPhone, kBirthDate };
std::optional<PersonalField> PersonalFieldFromName(std::string_view name);
std::string_view PersonalFieldName(PersonalField field);

struct ResidentDetail {
  Resident resident;
  std::vector<ResidenceRecord> history;  // oldest first
};

// The age groups of the counts: 0-6, 7-17, 18-59, 60+ partition the residents; 65+ and 80+
// are subsets of 60+.
std::vector<AgeGroupBounds> AgeGroups(const identity::Date& today);

class ResidentService {
 public:
  // Dependencies must outlive the service.
  // lookup_quota (optional, not owned): the daily limit of personal-data lookups about people
  // outside the caller's scope (exact searches, duplicate-ID answers); nullptr: not limited.
  ResidentService(PeopleRepository& repository, divisions::DivisionService& divisions,
                  grids::GridRepository& grids, audit::AuditLog& audit_log,
                  const core::Clock& clock, access::LookupQuota* lookup_quota = nullptr);

  core::Result<Resident> Create(const NewResident& request, const access::Caller& caller);
  core::Result<Resident> Update(int64_t id, const ResidentUpdate& update,
                                const access::Caller& caller);
  core::Result<Resident> Move(int64_t id, const MoveRequest& request, const access::Caller& caller);
  core::Result<Resident> ChangeStatus(int64_t id, std::string_view status, std::string_view date,
                                      const access::Caller& caller);
  core::Result<ResidentTag> AddTag(int64_t id, const NewResidentTag& request,
                                   const access::Caller& caller);
  core::Result<ResidentTag> EndTag(int64_t id, int64_t tag_id, std::string_view valid_until,
                                   const access::Caller& caller);

  core::Result<ResidentDetail> Get(int64_t id, const access::Caller& caller);
  core::Result<core::Page<Resident>> Search(const ResidentSearchRequest& request,
                                            const access::Caller& caller,
                                            const core::PageRequest& page);
  // Every resident matching the filters inside the read scope (sorted as asked), masked — or,
  // when `unmasked` is asked for (people.personal_data, else kPermissionDenied), whole where the
  // personal-data scope covers them — with one export audit record (row count, filter, the ids
  // shown unmasked). kValidationFailed when more than max_rows match.
  core::Result<std::vector<Resident>> Export(const ResidentSearchRequest& request,
                                             const access::Caller& caller, size_t max_rows,
                                             bool unmasked = false);
  // One personal field of one resident, whole (点击查看): people.personal_data covering the
  // resident's place (else kPermissionDenied; kNotFound outside the read scope); each reveal is
  // one audit record (action read) naming the resident and the field.
  core::Result<std::string> Reveal(int64_t id, PersonalField field, const access::Caller& caller);
  // The repository query of a search request; nullopt when it can match nobody (an invalid ID
  // number or phone, disjoint community and grid).
  core::Result<std::optional<ResidentQuery>> BuildQuery(const ResidentSearchRequest& request) const;
  // division: a division or grid code the caller's read scope intersects.
  core::Result<ResidentCounts> Counts(std::string_view division, const access::Caller& caller);
  // What changed in a community or grid (births, moves, status changes, deaths) in the last
  // `days` days up to today, newest first, at most `limit`; 404 outside the read scope.
  core::Result<std::vector<PlaceChange>> RecentChanges(std::string_view place, int days, int limit,
                                                       const access::Caller& caller);

  core::Result<std::vector<TagDefinition>> TagDefinitions();
  core::Result<TagDefinition> AddTagDefinition(const TagDefinition& definition,
                                               const access::Caller& caller);

  // "Where did the resident live on date D": the residence record valid then (nullopt when
  // the resident was not registered yet), inside the caller's read scope.
  core::Result<std::optional<ResidenceRecord>> ResidenceOn(int64_t id, std::string_view date,
                                                           const access::Caller& caller);

  // Today's date in China Standard Time, from the clock (ages in responses are computed on it).
  identity::Date Today() const;

  // A duplicate-ID answer (create, update or import) is a personal-data lookup: those of the
  // registered people found outside the caller's manage scope are audited (one record) and
  // charged to the caller's daily quota; more of them than the day has left: kResourceExhausted
  // (no answer).
  core::Status RecordDuplicateLookup(const std::vector<Resident>& registered,
                                     const access::Caller& caller);
  access::LookupQuota* lookup_quota() const { return lookup_quota_; }

 private:
  // Where a created or moved resident lives: a household in the caller's scope (relation
  // required) or a community or grid without one. The wording differs between create and move;
  // create also refuses a community or grid that disagrees with the household's.
  struct Placement {
    std::optional<int64_t> household_id;
    std::optional<std::string> relation;
    std::optional<std::string> community_code;
    std::optional<std::string> grid_code;
  };
  struct PlacementWording {
    std::string_view closed_household;
    std::string_view no_place;
    std::string_view no_place_field;
    bool place_must_match_household;
  };
  core::Status PlaceResident(const access::Caller& caller, const Placement& placement,
                             const PlacementWording& wording, Resident& resident);
  core::Status CheckPlace(const std::string& community_code, const std::string& grid_code,
                          const core::Scope& scope);
  core::Result<Resident> FindForWrite(int64_t id, const access::Caller& caller);
  static Resident Present(Resident resident);  // masked (MaskPersonalData)

  PeopleRepository& repository_;
  divisions::DivisionService& divisions_;
  grids::GridRepository& grids_;
  audit::AuditLog& audit_log_;
  const core::Clock& clock_;
  access::LookupQuota* lookup_quota_;
};

// Masks ID and phone numbers (and hides the birth date: personal_data_visible = false; a
// status_since equal to the birth date is blanked). Every
// list, detail and default export shows people masked, whatever the role (issue 15 item 7); the
// whole value of one field leaves only through ResidentService::Reveal, audited.
void MaskPersonalData(std::vector<Resident>& residents);

}  // namespace linli::people

// The SQL people repository (people_repository.hpp) as a class, and what its files share. The
// class is defined over four files, one concern each: people_repository.cpp (buildings,
// households, residents, tags, history and counts), resident_search.cpp (the resident search,
// planned by internal/resident_search.hpp), people_bulk_load.cpp (WriteBatch and the bulk
// loads); key_rotation.cpp holds ReencryptPersonalData. Private to storage/people.
// Thread-safety: as people::PeopleRepository (each call borrows its own connection).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/field_cipher.hpp"
#include "core/result.hpp"
#include "domain/people/people.hpp"
#include "storage/db.hpp"

namespace linli::storage::people_internal {

inline constexpr std::string_view kBuildingColumns =
    "id, community_code, grid_code, micro_grid_code, address, lat, lon, kind, floors, synthetic, "
    "created_at, updated_at";
inline constexpr std::string_view kHouseholdColumns =
    "id, building_id, room, type, head_id, since, until, community_code, grid_code, synthetic, "
    "created_at, updated_at";
// Residents are read through ResidentsFromRows, which expects these columns.
inline constexpr std::string_view kResidentSelect =
    "SELECT r.id, r.name, r.id_number_cipher, r.phone_cipher, r.sex, r.birth_date, "
    "r.ethnicity_code, r.status, r.status_since, r.household_id, r.relation, r.community_code, "
    "r.grid_code, h.building_id, r.synthetic, r.created_at, r.updated_at "
    "FROM residents r LEFT JOIN households h ON h.id = r.household_id";

people::Building BuildingFromRow(const Row& row);
people::Household HouseholdFromRow(const Row& row);
Value RelationValue(const people::Resident& resident);

// A resident's ID and phone numbers as stored: ciphertexts and blind indexes.
struct Sealed {
  std::string id_cipher;
  std::string id_index;
  Value phone_cipher = Null{};
  Value phone_index = Null{};
};

// Inside the caller's transaction: fails (FailedPrecondition) when the household has a head
// other than `resident_id`.
core::Status CheckHeadFree(Connection& c, int64_t household_id, int64_t resident_id);

// The identity fields of an existing resident, inside the caller's transaction.
core::Status UpdateIn(Connection& c, const people::Resident& r, const Sealed& s);

// Moves an existing resident to the place in `r` from `date`: household head bookkeeping,
// the resident row, their tags' place, and closing the open residence record on `date` (the
// new one is written by the caller). `new_household`: the household is new in a batch (its
// head is already set).
core::Status MoveIn(Connection& c, const people::Resident& r, std::string_view date,
                    bool new_household);

class SqlPeopleRepository final : public people::PeopleRepository {
 public:
  SqlPeopleRepository(Database& database, crypto::KeyRing keys)
      : database_(database), keys_(std::move(keys)) {}

  // ----- buildings, households, residents, tags (people_repository.cpp) -----
  core::Result<people::Building> InsertBuilding(const people::Building& building,
                                                const audit::AuditEntry& audit) override;
  core::Status UpdateBuilding(const people::Building& building,
                              const audit::AuditEntry& audit) override;
  core::Result<std::optional<people::Building>> FindBuilding(int64_t id,
                                                             const core::Scope& scope) override;
  core::Result<core::Page<people::Building>> ListBuildings(const people::BuildingQuery& query,
                                                           const core::Scope& scope,
                                                           const core::PageRequest& page) override;
  core::Result<people::Household> InsertHousehold(const people::Household& household,
                                                  const audit::AuditEntry& audit) override;
  core::Status UpdateHousehold(const people::Household& household,
                               const audit::AuditEntry& audit) override;
  core::Result<std::optional<people::Household>> FindHousehold(int64_t id,
                                                               const core::Scope& scope) override;
  core::Result<std::vector<people::Resident>> HouseholdMembers(int64_t household_id,
                                                               const core::Scope& scope) override;
  core::Result<people::Resident> InsertResident(const people::Resident& resident,
                                                people::HistoryEvent event,
                                                const audit::AuditEntry& audit) override;
  core::Status UpdateResident(const people::Resident& resident,
                              const audit::AuditEntry& audit) override;
  core::Status ChangeResidence(const people::Resident& resident, std::string_view date,
                               people::HistoryEvent event,
                               const audit::AuditEntry& audit) override;
  core::Result<std::optional<people::Resident>> FindResident(int64_t id,
                                                             const core::Scope& scope) override;
  core::Result<people::ResidentCounts> CountResidents(
      std::string_view division_prefix, const std::vector<people::AgeGroupBounds>& groups,
      std::string_view today, const core::Scope& scope) override;
  core::Result<std::vector<people::ResidenceRecord>> History(int64_t resident_id) override;
  core::Result<std::optional<people::ResidenceRecord>> ResidenceOn(int64_t resident_id,
                                                                   std::string_view date) override;
  core::Result<std::vector<people::TagDefinition>> TagDefinitions() override;
  core::Status InsertTagDefinition(const people::TagDefinition& definition) override;
  core::Result<people::ResidentTag> InsertResidentTag(const people::ResidentTag& tag,
                                                      const audit::AuditEntry& audit) override;
  core::Status EndResidentTag(int64_t resident_id, int64_t tag_id, std::string_view valid_until,
                              const audit::AuditEntry& audit) override;

  // ----- search (resident_search.cpp) -----
  core::Result<core::Page<people::Resident>> SearchResidents(
      const people::ResidentQuery& query, const core::Scope& scope,
      const core::PageRequest& page) override;

  // ----- bulk loading (people_bulk_load.cpp) -----
  core::Result<people::PeopleBatchIds> WriteBatch(const people::PeopleBatch& batch,
                                                  const audit::AuditEntry& audit) override;
  core::Result<bool> BeginBulkLoad(size_t expected_residents) override;
  core::Status EndBulkLoad() override;
  core::Result<std::vector<people::Building>> BuildingsIn(
      const std::vector<std::string>& community_codes) override;
  core::Result<std::vector<people::Household>> OpenHouseholdsIn(
      const std::vector<std::string>& community_codes) override;
  core::Result<std::vector<people::Resident>> FindResidentsByIdNumbers(
      const std::vector<std::string>& id_numbers) override;

 private:
  std::string_view NowMillisSql() const;

  core::Result<Sealed> Seal(const people::Resident& resident) const;
  static core::Result<Sealed> Seal(crypto::FieldSealer& sealer, const people::Resident& resident);
  // Seals every resident of a batch, spreading the work over the machine's cores (one sealer,
  // with its keyed cipher and MAC states, per thread).
  core::Result<std::vector<Sealed>> SealAll(const std::vector<people::ResidentLoad>& loads) const;

  core::Result<people::PeopleBatchIds> WriteBatchIn(Connection& c, const people::PeopleBatch& batch,
                                                    std::vector<Sealed>& sealed,
                                                    const audit::AuditEntry& audit);

  // Residents from rows of kResidentSelect: decrypted, with their tags (only those valid on
  // `tags_on` when given; else all).
  core::Result<std::vector<people::Resident>> ResidentsFromRows(
      Connection& connection, const std::vector<Row>& rows,
      const std::optional<std::string>& tags_on) const;

  Database& database_;
  crypto::KeyRing keys_;
};

}  // namespace linli::storage::people_internal

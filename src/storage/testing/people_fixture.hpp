// Test helper (tests only): a migrated database with the fixture divisions of Yangzhou
// (storage/testing/divisions_fixture.hpp), four grids, a fixed key ring and the people services
// over the SQL repository. Used by the storage and http tests of the people context.
// Header-only; link linli_storage_testing_people and define LINLI_DIVISIONS_TESTDATA.
// Thread-safety: as the services.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/crypto/field_cipher.hpp"
#include "core/identity/id_number.hpp"
#include "domain/people/place_services.hpp"
#include "domain/people/resident_service.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/people/people_repository.hpp"
#include "storage/testing/divisions_fixture.hpp"

// In a test fixture's SetUp(): opens `fixture` (a PeopleFixture) on PostgreSQL when `postgres`,
// else on SQLite. The PostgreSQL variant is skipped when LINLI_TEST_PG_URL is unset; any other
// failure fails the test.
#define LINLI_OPEN_PEOPLE_FIXTURE_OR_SKIP(fixture, postgres) \
  LINLI_OPENED_OR_SKIP((fixture).Open(postgres), postgres)

namespace linli::people::testing {

// Communities of the fixture: A and B in 东关街道 (321002001), C in another county.
inline constexpr const char* kCommunityA = "321002001001";
inline constexpr const char* kCommunityB = "321002001002";
inline constexpr const char* kCommunityC = "321023200201";
inline constexpr const char* kGridA1 = "321002001001001";
inline constexpr const char* kGridA2 = "321002001001002";
inline constexpr const char* kGridB1 = "321002001002001";
inline constexpr const char* kGridC1 = "321023200201001";

// A valid ID number: area 321002, the birth date, a sequence (odd: male, even: female).
inline std::string MakeIdNumber(const std::string& birth_yyyymmdd, int sequence,
                                const std::string& area = "321002") {
  std::string digits = std::to_string(1000 + (sequence % 1000 + 1000) % 1000).substr(1);
  std::string first17 = area + birth_yyyymmdd + digits;
  return first17 + identity::IdCheckCharacter(first17);
}

inline crypto::KeyRing TestKeyRing() {
  auto keys = crypto::KeyRing::Create({{"test1", std::string(32, '\x11')}}, "test1", "test1");
  return std::move(keys).value();
}

// A caller with one grant.
inline access::Caller CallerWith(access::Role role, const std::string& scope, int64_t id = 7) {
  access::Principal principal;
  principal.account_id = id;
  principal.username = std::string(access::RoleName(role)) + "_" + scope;
  principal.grants = {{role, scope, role == access::Role::kDepartmentOfficer ? "市民政局" : ""}};
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

class PeopleFixture : public storage::DivisionsFixture {
 public:
  // Fills `error` instead of asserting so that the caller can skip (PostgreSQL unset).
  core::Status Open(bool postgres) {
    TRY(OpenDivisions(postgres));
    storage::Database& db = database_->database();
    TRY(ImportDivisions("3210"));
    for (const char* community : {kCommunityA, kCommunityA, kCommunityB, kCommunityC}) {
      grids::NewGrid grid;
      grid.community_code = community;
      grid.name = "测试网格";
      grid.valid_from = "2000-01-01";
      TRY(grids_->Create(grid, access::Caller::System()));
    }
    keys_ = std::make_unique<crypto::KeyRing>(TestKeyRing());
    repository_ = storage::MakeSqlPeopleRepository(db, *keys_);
    audit_log_ = storage::MakeSqlAuditLog(db, keys_.get());
    residents_ = std::make_unique<ResidentService>(*repository_, *divisions_, *grid_repository_,
                                                   *audit_log_, clock_);
    buildings_ =
        std::make_unique<BuildingService>(*repository_, *divisions_, *grid_repository_, clock_);
    households_ = std::make_unique<HouseholdService>(*repository_, *audit_log_, clock_);
    return core::Ok();
  }

  storage::Database& db() { return database_->database(); }

  // A building and a household in `grid` (as the system).
  core::Result<Household> MakeHousehold(const std::string& grid, const std::string& room = "101") {
    NewBuilding building;
    building.community_code = grid.substr(0, 12);
    building.grid_code = grid;
    building.address = "测试路1号";
    building.lat = 32.39;
    building.lon = 119.43;
    building.floors = 6;
    ASSIGN_OR_RETURN(auto created, buildings_->Create(building, access::Caller::System()));
    NewHousehold household;
    household.building_id = created.id;
    household.room = room;
    household.since = "2000-01-01";
    return households_->Create(household, access::Caller::System());
  }

  core::Result<Resident> MakeResident(const std::string& name, const std::string& id_number,
                                      const std::string& grid,
                                      const std::string& since = "2020-01-01") {
    NewResident resident;
    resident.name = name;
    resident.id_number = id_number;
    resident.grid_code = grid;
    resident.status_since = since;
    return residents_->Create(resident, access::Caller::System());
  }

  // Audit records as (action, subject_type, subject_id, detail), oldest first.
  std::vector<std::vector<std::string>> AuditRows() {
    std::vector<std::vector<std::string>> out;
    auto connection = db().Acquire();
    if (!connection.ok()) return out;
    auto result =
        (*connection)
            ->Query(
                "SELECT action, subject_type, subject_id, detail FROM audit_log ORDER BY sequence");
    if (!result.ok()) return out;
    for (const auto& row : result->rows) {
      out.push_back({row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
    }
    return out;
  }

  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<PeopleRepository> repository_;
  std::unique_ptr<audit::AuditLog> audit_log_;
  std::unique_ptr<ResidentService> residents_;
  std::unique_ptr<BuildingService> buildings_;
  std::unique_ptr<HouseholdService> households_;
};

// Base of the people tests run on both engines (the parameter: PostgreSQL or not): opens the
// fixture, and skips the PostgreSQL run when LINLI_TEST_PG_URL is unset.
class PeopleEnginesTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { LINLI_OPEN_PEOPLE_FIXTURE_OR_SKIP(f_, GetParam()); }
  PeopleFixture f_;
};

}  // namespace linli::people::testing

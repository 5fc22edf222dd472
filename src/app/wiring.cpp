#include "app/wiring.hpp"

#include <cstdlib>

#include "core/division_code.hpp"
#include "http/access/access_routes.hpp"
#include "http/divisions/division_routes.hpp"
#include "http/people/people_routes.hpp"
#include "storage/access/access_repositories.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/migrations.hpp"
#include "storage/people/people_repository.hpp"

namespace linli::app {

Services::~Services() {
  // Services hold references into the repositories and the database: drop them first.
  buildings.reset();
  households.reset();
  residents.reset();
  grids.reset();
  divisions.reset();
  accounts.reset();
  sessions.reset();
  if (database) database->Close();
}

core::Result<std::unique_ptr<Services>> Wire(const Config& config) {
  auto services = std::make_unique<Services>();
  services->config = config;
  storage::OpenOptions open_options;
  open_options.pool_size = config.db_pool_size;
  ASSIGN_OR_RETURN(services->database, storage::OpenDatabase(config.db_url, open_options));
  TRY(storage::Migrate(*services->database));

  storage::Database& database = *services->database;
  services->account_repository = storage::MakeSqlAccountRepository(database);
  services->session_repository = storage::MakeSqlSessionRepository(database);
  services->login_failure_repository = storage::MakeSqlLoginFailureRepository(database);
  services->division_repository = storage::MakeSqlDivisionRepository(database);
  services->grid_repository = storage::MakeSqlGridRepository(database);

  access::SessionOptions session_options;
  session_options.session_ttl_ms = int64_t(config.session_ttl_minutes) * 60 * 1000;
  services->sessions = std::make_unique<access::SessionService>(
      *services->account_repository, *services->session_repository,
      *services->login_failure_repository, services->clock, session_options);
  services->divisions =
      std::make_unique<divisions::DivisionService>(*services->division_repository, services->clock);
  services->grids = std::make_unique<grids::GridService>(*services->grid_repository,
                                                         *services->divisions, services->clock);

  Services* raw = services.get();
  // Grants may name a division or a grid (grid workers); both must exist.
  access::DivisionExists exists = [raw](std::string_view code) {
    auto level = core::LevelOfCode(code);
    if (!level) return false;
    if (*level == core::DivisionLevel::kGrid || *level == core::DivisionLevel::kMicroGrid) {
      auto grid = raw->grids->Get(code, core::Scope::Everything());
      return grid.ok();
    }
    auto division = raw->divisions->Find(code);
    return division.ok() && division->has_value();
  };
  services->accounts = std::make_unique<access::AccountService>(
      *services->account_repository, *services->sessions, services->clock, std::move(exists));
  services->audit_log = storage::MakeSqlAuditLog(database);

  const char* environment_keys = std::getenv("LINLI_KEYS");
  auto keys = crypto::LoadKeyRing(config.keys_file, environment_keys ? environment_keys : "");
  if (keys.ok()) {
    services->keys = std::move(*keys);
    services->people_repository = storage::MakeSqlPeopleRepository(database, *services->keys);
    services->residents = std::make_unique<people::ResidentService>(
        *services->people_repository, *services->divisions, *services->grid_repository,
        *services->audit_log, services->clock);
    services->households = std::make_unique<people::HouseholdService>(
        *services->people_repository, *services->audit_log, services->clock);
    services->buildings = std::make_unique<people::BuildingService>(
        *services->people_repository, *services->divisions, *services->grid_repository,
        services->clock);
  } else {
    services->keys_error = keys.error();
  }
  return services;
}

std::string ScopeName(Services& services, std::string_view code) {
  auto level = core::LevelOfCode(code);
  if (level &&
      (*level == core::DivisionLevel::kGrid || *level == core::DivisionLevel::kMicroGrid)) {
    auto grid = services.grids->Get(code, core::Scope::Everything());
    if (grid.ok())
      return services.divisions->NameOf(grid->grid.community_code) + " " + grid->grid.name;
    return "";
  }
  return services.divisions->NameOf(code);
}

core::Result<http::Router> BuildRouter(Services& services) {
  http::Router router;
  http::SessionCookieOptions cookie;
  cookie.secure = services.config.cookie_secure;
  Services* raw = &services;
  TRY(router.AddAll(
      http::AccessRoutes(*services.sessions, *services.accounts, cookie,
                         [raw](std::string_view code) { return ScopeName(*raw, code); })));
  TRY(router.AddAll(http::DivisionRoutes(*services.divisions, *services.grids)));
  if (!services.residents) {
    return core::Error::FailedPrecondition(
        "缺少个人信息加密密钥（运行 linli keys init 或设置 LINLI_KEYS）: " +
        services.keys_error.message);
  }
  TRY(router.AddAll(
      http::PeopleRoutes(*services.residents, *services.households, *services.buildings)));
  return router;
}

}  // namespace linli::app

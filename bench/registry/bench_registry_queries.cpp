// Registry queries on a seeded database (normally `linli seed --scale city`): exact search by ID
// number and filtered list pages through people::ResidentService, as a town official (masked,
// no audit write) and as a community worker with the personal-data permission (unmasked, one
// audit record per query). Printed beside the baseline of the same run: a primary-key lookup of
// one resident row with the same connection pool (the floor any query pays).
//   bench_registry_queries --db sqlite:var/bench-city.db [--samples 2000]
// LINLI_KEYS must hold the keys the database was seeded with.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto/field_cipher.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/people/resident_service.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/db.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/grids/grid_repository.hpp"
#include "storage/people/people_repository.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using linli::access::Caller;

struct Stats {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

Stats Summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))]; };
  return {at(0.50), at(0.99), ms.back()};
}

template <typename Fn>
std::vector<double> Time(size_t n, Fn&& fn) {
  std::vector<double> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto start = Clock::now();
    fn(i);
    out.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return out;
}

void Print(const char* what, const Stats& s, double goal) {
  std::printf("  %-58s p50 %7.3f ms  p99 %7.3f ms  max %7.2f ms%s\n", what, s.p50, s.p99, s.max,
              goal > 0 ? (s.p99 < goal ? "  (goal met)" : "  (GOAL MISSED)") : "");
}

Caller CallerWith(linli::access::Role role, const std::string& scope) {
  linli::access::Principal principal;
  principal.account_id = 1;
  principal.username = "bench";
  principal.grants = {{role, scope, ""}};
  return Caller(std::move(principal), "127.0.0.1", "bench");
}

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "bench_registry_queries: %s\n", message.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is measured
  std::string url = "sqlite:var/bench-city.db";
  size_t samples = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--db") url = argv[i + 1];
    if (flag == "--samples") samples = std::stoul(argv[i + 1]);
  }
  const char* env_keys = std::getenv("LINLI_KEYS");
  auto keys = linli::crypto::LoadKeyRing("var/linli.keys", env_keys ? env_keys : "");
  if (!keys.ok()) Die(keys.error().message);
  auto database = linli::storage::OpenDatabase(url);
  if (!database.ok()) Die(database.error().message);
  auto& db = **database;
  linli::core::SystemClock clock;
  auto division_repository = linli::storage::MakeSqlDivisionRepository(db);
  auto grid_repository = linli::storage::MakeSqlGridRepository(db);
  linli::divisions::DivisionService divisions(*division_repository, clock);
  auto repository = linli::storage::MakeSqlPeopleRepository(db, *keys);
  auto audit_log = linli::storage::MakeSqlAuditLog(db);
  linli::people::ResidentService residents(*repository, divisions, *grid_repository, *audit_log,
                                           clock);

  // Sample residents uniformly by id, with their clear ID numbers and places.
  int64_t max_id = 0;
  int64_t total = 0;
  {
    auto connection = db.Acquire();
    if (!connection.ok()) Die(connection.error().message);
    auto result = (*connection)->Query("SELECT MAX(id), COUNT(*) FROM residents");
    if (!result.ok()) Die(result.error().message);
    max_id = result->rows.at(0).Int(0);
    total = result->rows.at(0).Int(1);
  }
  if (total == 0) Die("the database holds no residents (run linli seed first)");
  std::mt19937_64 random(20231101);
  std::vector<linli::people::Resident> sample;
  while (sample.size() < samples) {
    int64_t id = 1 + int64_t(random() % uint64_t(max_id));
    auto found = repository->FindResident(id, linli::core::Scope::Everything());
    if (!found.ok()) Die(found.error().message);
    if (*found) sample.push_back(**found);
  }
  const Caller masked_town = CallerWith(linli::access::Role::kTownOfficial, "3210");
  std::printf("\nregistry queries on %s: %lld residents, %zu samples, %u cores\n", url.c_str(),
              static_cast<long long>(total), samples, std::thread::hardware_concurrency());

  // Baseline: one resident row by primary key through the same pool.
  auto baseline = Time(samples, [&](size_t i) {
    auto connection = db.Acquire();
    auto row = (*connection)->Query("SELECT * FROM residents WHERE id = ?", {sample[i].id});
    if (!row.ok() || row->rows.empty()) Die("baseline lookup failed");
  });
  Print("baseline: SELECT one resident row by primary key", Summarise(baseline), 0);

  auto id_masked = Time(samples, [&](size_t i) {
    linli::people::ResidentSearchRequest request;
    request.id_number = sample[i].id_number;
    auto page = residents.Search(request, masked_town, {});
    if (!page.ok() || page->items.size() != 1) Die("ID search did not find the resident");
  });
  Print("ID number search (blind index), masked, city scope", Summarise(id_masked), 5.0);

  auto id_unmasked = Time(samples, [&](size_t i) {
    linli::people::ResidentSearchRequest request;
    request.id_number = sample[i].id_number;
    const Caller worker =
        CallerWith(linli::access::Role::kCommunityWorker, sample[i].community_code);
    auto page = residents.Search(request, worker, {});
    if (!page.ok() || page->items.size() != 1) Die("ID search did not find the resident");
  });
  Print("ID number search, unmasked + audit record, community scope", Summarise(id_unmasked), 5.0);

  linli::core::PageRequest page20;
  page20.limit = 20;
  auto community_list = Time(samples / 4, [&](size_t i) {
    linli::people::ResidentSearchRequest request;
    request.community = sample[i].community_code;
    request.sort = "name";
    auto page = residents.Search(request, masked_town, page20);
    if (!page.ok()) Die(page.error().message);
  });
  Print("list page: one community, by name, 20 rows", Summarise(community_list), 50.0);

  auto elderly_list = Time(samples / 4, [&](size_t i) {
    linli::people::ResidentSearchRequest request;
    request.community = sample[i].community_code.substr(0, 9);  // the town
    request.age_min = "60";
    request.tag = "elderly_alone";
    request.sort = "-age";
    auto page = residents.Search(request, masked_town, page20);
    if (!page.ok()) Die(page.error().message);
  });
  Print("list page: a town, 60+ living alone, oldest first", Summarise(elderly_list), 50.0);

  auto deep_list = Time(samples / 10, [&](size_t i) {
    linli::people::ResidentSearchRequest request;
    request.community = sample[i].community_code.substr(0, 6);  // the county
    request.text = sample[i].name.substr(0, 3);                 // the surname
    request.sort = "name";
    linli::core::PageRequest page = page20;
    for (int k = 0; k < 3; ++k) {  // the third page
      auto result = residents.Search(request, masked_town, page);
      if (!result.ok()) Die(result.error().message);
      if (!result->next_cursor) break;
      page.after = *linli::core::DecodeCursor(*result->next_cursor);
    }
  });
  Print("list: a county, surname substring, 3 pages by name", Summarise(deep_list), 50.0 * 3);
  return 0;
}

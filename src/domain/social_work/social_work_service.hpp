// SocialWorkService: stations' reach, social workers and their service records, coverage by
// community, and the indicators source that computes A5 (social_work.hpp).
// Scopes: reads use socialwork.read, stations' reach and workers socialwork.manage, service
// records socialwork.record; a place or record outside the scope reads as missing (404). A caller
// who holds socialwork.record only through the social-worker duty (社会工作者) records for the
// social workers bound to their own account, never for another (decision 0046). Every write is
// audited in its transaction.
// Thread-safety: thread-safe (no state beyond the references it holds).
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/indicators/indicator_service.hpp"
#include "domain/social_work/social_work.hpp"

namespace linli::social_work {

struct NewWorker {
  std::string name;
  std::string certificate_level;  // none | assistant | social_worker | senior
  std::string certificate_number;
  int64_t facility_id = 0;
  std::optional<int64_t> account_id;
  std::string started_on;
};

struct NewRecord {
  int64_t worker_id = 0;
  std::string community_code;
  std::string served_on;
  std::string method;  // case | group | community
  int64_t people_served = 0;
  std::string summary;
};

// The window A5 counts: the twelve months ending with the period's last day.
struct Window {
  std::string from;
  std::string to;
};
Window WindowOf(std::string_view period);

class SocialWorkService {
 public:
  // REQUIRES: repository, indicators (the places) and clock outlive the service.
  SocialWorkService(SocialWorkRepository& repository, indicators::IndicatorService& indicators,
                    const core::Clock& clock);

  core::Result<Station> GetStation(int64_t facility_id, const access::Caller& caller);
  core::Result<std::vector<std::pair<std::string, std::string>>> Reach(
      int64_t facility_id, const access::Caller& caller);
  // Only a station (social_work_station) has a reach: communities of its town, in scope.
  core::Result<std::vector<std::pair<std::string, std::string>>> SetReach(
      int64_t facility_id, const std::vector<std::string>& communities,
      const access::Caller& caller);

  core::Result<SocialWorker> AddWorker(const NewWorker& input, const access::Caller& caller);
  core::Result<SocialWorker> EndWorker(int64_t id, std::string_view ended_on,
                                       const access::Caller& caller);
  core::Result<SocialWorker> GetWorker(int64_t id, const access::Caller& caller);
  core::Result<std::vector<SocialWorker>> ListWorkers(const WorkerQuery& query,
                                                      const access::Caller& caller);

  // The social workers bound to the caller's account (a social worker's own records).
  core::Result<std::vector<SocialWorker>> MyWorkers(const access::Caller& caller);

  core::Result<ServiceRecord> Record(const NewRecord& input, const access::Caller& caller);
  core::Result<std::vector<ServiceRecord>> ListRecords(const RecordQuery& query,
                                                       const access::Caller& caller);
  // Every community in scope under the prefix with what certified workers did there in the
  // twelve months ending with the current month.
  core::Result<std::vector<CommunityCoverage>> Coverage(std::string_view place_prefix,
                                                        const access::Caller& caller);

  // The seeder's synthetic social work: two certified workers at every station (reaching most
  // communities of its town), a worker at about a third of the rooms, and a year of service
  // records (about two a month each) ending today; deterministic for a seed. The number of
  // records written (0 when any worker exists).
  core::Result<int64_t> SeedSynthetic(uint64_t seed);

 private:
  core::Result<SocialWorker> FindWorker(int64_t id, const access::Caller& caller,
                                        access::Permission permission);
  std::string Today() const;

  SocialWorkRepository& repository_;
  indicators::IndicatorService& indicators_;
  const core::Clock& clock_;
};

// A5: each community of the city counts 1 when a certified social worker (any level but none)
// has a service record there within the twelve months ending with the period's last day.
// REQUIRES: repository outlives the registry.
core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      const indicators::Plan& plan,
                                      SocialWorkRepository& repository);

}  // namespace linli::social_work

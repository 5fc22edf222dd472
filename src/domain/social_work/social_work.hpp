// Professional social work (issue 20 item 2; decision 0046): social-work stations (社工站, a
// town's facility of type social_work_station) and rooms (社工室, a community's facility of type
// social_work_room) are facilities; a station's reach is the communities it serves; social
// workers (社会工作者) with their certificate level and number work at a station or a room, from
// a start date to an end date (a worker who leaves keeps their history); service records say who
// served which community, when, how (个案, 小组, 社区) and how many people. A5 is computed from the
// records of certified workers.
// Thread-safety: plain values; the repository is implemented by storage/social_work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::social_work {

// The national social-work certificate levels (社会工作者职业水平证书); kNone: not certified.
enum class CertificateLevel { kNone, kAssistant, kSocialWorker, kSenior };
inline constexpr core::EnumNames<CertificateLevel, 4> kCertificateLevelNames{{
    {CertificateLevel::kNone, "none", "无证书"},
    {CertificateLevel::kAssistant, "assistant", "助理社会工作师"},
    {CertificateLevel::kSocialWorker, "social_worker", "社会工作师"},
    {CertificateLevel::kSenior, "senior", "高级社会工作师"},
}};

enum class ServiceMethod { kCase, kGroup, kCommunity };
inline constexpr core::EnumNames<ServiceMethod, 3> kServiceMethodNames{{
    {ServiceMethod::kCase, "case", "个案工作"},
    {ServiceMethod::kGroup, "group", "小组工作"},
    {ServiceMethod::kCommunity, "community", "社区工作"},
}};

// The facility types of the taxonomy a social worker may work at.
inline constexpr std::string_view kStationType = "social_work_station";
inline constexpr std::string_view kRoomType = "social_work_room";

// A station or room: a facility of one of the two types.
struct Station {
  int64_t facility_id = 0;
  std::string type_code;
  std::string name;
  std::string place_code;  // the facility's place: a town (station) or a community (room)
  std::string place_name;
};

struct SocialWorker {
  int64_t id = 0;
  std::string name;
  CertificateLevel certificate_level = CertificateLevel::kNone;
  std::string certificate_number;  // "" without a certificate
  int64_t facility_id = 0;
  std::string facility_name;  // filled by the repository
  std::string place_code;     // the facility's place
  std::string place_name;     // filled by the repository
  std::optional<int64_t> account_id;
  std::string started_on;  // YYYY-MM-DD
  std::string ended_on;    // "" while working there
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
};

struct ServiceRecord {
  int64_t id = 0;
  int64_t worker_id = 0;
  std::string worker_name;  // filled by the repository
  std::string community_code;
  std::string community_name;  // filled by the repository
  std::string served_on;       // YYYY-MM-DD
  ServiceMethod method = ServiceMethod::kCase;
  int64_t people_served = 0;
  std::string summary;
  int64_t recorded_by = 0;
  std::string recorded_by_name;
  int64_t created_at = 0;
  bool synthetic = false;
};

struct WorkerQuery {
  std::string place_prefix;  // "" = the scope
  int64_t facility_id = 0;   // 0 = any
  bool include_left = false;
  size_t limit = 500;
};

struct RecordQuery {
  std::string place_prefix;  // the community's code prefix; "" = the scope
  int64_t worker_id = 0;     // 0 = any
  std::string from;          // served on or after; "" = any
  std::string to;            // served on or before; "" = any
  size_t limit = 500;
};

// A community with the number of service records and of certified workers who served it in a
// window (coverage by community).
struct CommunityCoverage {
  std::string community_code;
  std::string community_name;
  int64_t records = 0;            // by certified workers
  int64_t certified_workers = 0;  // distinct
  std::string last_served_on;     // "" when none
};

class SocialWorkRepository {
 public:
  virtual ~SocialWorkRepository() = default;
  // The facility when it is a station or room inside the scope (by its place).
  virtual core::Result<std::optional<Station>> FindStation(int64_t facility_id,
                                                           const core::Scope& scope) = 0;
  // The communities a station reaches, by code, with their names.
  virtual core::Result<std::vector<std::pair<std::string, std::string>>> Reach(
      int64_t facility_id) = 0;
  // Replaces the station's reach, with its audit record, in one transaction.
  virtual core::Status SetReach(int64_t facility_id, const std::vector<std::string>& communities,
                                const audit::AuditEntry& entry) = 0;

  // kAlreadyExists when the certificate number is taken.
  virtual core::Result<SocialWorker> InsertWorker(const SocialWorker& worker,
                                                  const audit::AuditEntry& entry) = 0;
  // Sets the end date when still working there (false when it was set meanwhile).
  virtual core::Result<bool> EndWorker(int64_t id, std::string_view ended_on, int64_t at,
                                       const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<SocialWorker>> FindWorker(int64_t id,
                                                               const core::Scope& scope) = 0;
  virtual core::Result<std::vector<SocialWorker>> ListWorkers(const WorkerQuery& query,
                                                              const core::Scope& scope) = 0;
  // The workers the account signs in as (unscoped).
  virtual core::Result<std::vector<SocialWorker>> WorkersOfAccount(int64_t account_id) = 0;

  virtual core::Result<ServiceRecord> InsertRecord(const ServiceRecord& record,
                                                   const audit::AuditEntry& entry) = 0;
  // Records whose community is inside the scope, newest first.
  virtual core::Result<std::vector<ServiceRecord>> ListRecords(const RecordQuery& query,
                                                               const core::Scope& scope) = 0;
  // Every community under the prefix ("" = all) with what certified workers did there between
  // the dates (inclusive), unscoped: coverage and the indicator's source.
  // Every station and room (unscoped, by id): the seeder's.
  virtual core::Result<std::vector<Station>> AllStations() = 0;
  virtual core::Result<bool> AnyWorker() = 0;
  // Writes the seeder's reach, workers and records (each record's worker_id an index into
  // `workers`) in one transaction with one audit record; the number of records written.
  virtual core::Result<int64_t> InsertSynthetic(
      const std::vector<std::pair<int64_t, std::string>>& reach,
      const std::vector<SocialWorker>& workers, const std::vector<ServiceRecord>& records,
      const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::vector<CommunityCoverage>> Coverage(std::string_view place_prefix,
                                                                std::string_view from,
                                                                std::string_view to) = 0;
};

}  // namespace linli::social_work

// Rehabilitation services for people with disabilities (issue 19 item 6; decision 0038): each
// service a person receives at a 残疾人之家 (of a county, town or community) or at a county's
// 精神障碍社区康复服务站 is recorded — what (康复训练, 辅具适配, 日间照料, 职业康复,
// 精神障碍社区康复), when, how long, by whom. The person must have an open archive of the
// disability group (or of 严重精神障碍患者 for mental-health rehabilitation) and live in the
// facility's county. Mental-health rehabilitation records are health-restricted: recorded and read
// only with care.health (the designated health liaison and the civil-affairs officers above); other
// records with care.manage to record and care.read to read, scoped by the person's place. Every
// list read is audited; the record with its audit entry is one transaction. Thread-safety: plain
// values; the repository is implemented by storage/care.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/enum_names.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/care/care.hpp"

namespace linli::care {

enum class RehabKind { kTraining, kAssistiveDevice, kDayCare, kVocational, kMentalHealth };
inline constexpr core::EnumNames<RehabKind, 5> kRehabKindNames{{
    {RehabKind::kTraining, "training", "康复训练"},
    {RehabKind::kAssistiveDevice, "assistive_device", "辅具适配"},
    {RehabKind::kDayCare, "day_care", "日间照料（托养）"},
    {RehabKind::kVocational, "vocational", "职业康复"},
    {RehabKind::kMentalHealth, "mental_health", "精神障碍社区康复"},
}};

// The facility types that give rehabilitation (data/facilities/types.json).
inline constexpr std::string_view kDisabilityHomeType = "disability_home";
inline constexpr std::string_view kMentalHealthRehabType = "mental_health_rehab";
// The care category whose people receive mental-health rehabilitation, and the group of the
// others.
inline constexpr std::string_view kSevereMentalDisorderCategory = "severe_mental_disorder";
inline constexpr std::string_view kDisabilityGroup = "disability";
// Longest session recorded (minutes) and how far back a record may be dated (days).
inline constexpr int kMaxRehabMinutes = 600;
inline constexpr int kRehabBackdateDays = 90;

struct RehabRecord {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;  // filled by the repository
  std::string place_code;     // the person's place when served
  std::string place_name;
  int64_t facility_id = 0;
  std::string facility_name;  // filled by the repository
  std::string facility_place;
  RehabKind kind = RehabKind::kTraining;
  std::string served_on;  // YYYY-MM-DD
  int minutes = 0;
  std::string note;
  std::string recorded_by_name;
  int64_t created_at = 0;
  bool synthetic = false;
};

struct RehabQuery {
  std::string place_prefix;  // the person's place
  std::optional<int64_t> facility_id;
  std::optional<int64_t> resident_id;
  std::optional<RehabKind> kind;
  bool with_mental_health = false;  // set by the service from care.health
  core::PageRequest page;           // newest first
};

// What the service needs to know of a facility.
struct RehabFacility {
  int64_t id = 0;
  std::string place_code;
  std::string type_code;
  std::string name;
  bool open = false;
};

class RehabilitationRepository {
 public:
  virtual ~RehabilitationRepository() = default;
  // The record and its audit entry in one transaction.
  virtual core::Result<RehabRecord> Insert(const RehabRecord& record,
                                           const audit::AuditEntry& entry) = 0;
  // Scoped by the person's place (`scope`), newest first; mental-health records only when
  // query.with_mental_health, and then only under `health_scope`.
  virtual core::Result<core::Page<RehabRecord>> List(const RehabQuery& query,
                                                     const core::Scope& scope,
                                                     const core::Scope& health_scope) = 0;
  virtual core::Result<std::optional<RehabFacility>> FindFacility(int64_t id) = 0;
  // The seeder: on `served_on`, a session for about `percent` % of the people with an open
  // disability archive (a fixed draw per person and seed) at the nearest open 残疾人之家 (their
  // community's, town's or county's) and of the people with an open 严重精神障碍患者 archive at
  // their county's open station; marked synthetic. The number written.
  virtual core::Result<int64_t> InsertSynthetic(std::string_view served_on, int percent,
                                                uint64_t seed, int64_t now) = 0;
};

struct NewRehabRecord {
  int64_t resident_id = 0;
  int64_t facility_id = 0;
  RehabKind kind = RehabKind::kTraining;
  std::string served_on;
  int minutes = 0;
  std::string note;
};

class Rehabilitation {
 public:
  // REQUIRES: everything outlives the service.
  Rehabilitation(RehabilitationRepository& repository, CareRepository& care,
                 const Categories& categories, audit::AuditLog& audit, const core::Clock& clock);

  // care.manage over the person's place (and care.health for mental-health rehabilitation): the
  // person alive, with an open archive of the disability group (严重精神障碍患者 for
  // mental-health), living in the county of an open 残疾人之家 or rehabilitation station — a
  // mental-health session only at a station or a home; the day not in the future nor more than
  // 90 days back; 1–600 minutes; a note of at most 500 characters.
  core::Result<RehabRecord> Record(const NewRehabRecord& input, const access::Caller& caller);
  // care.read in scope; mental-health records only for care.health holders. Audited.
  core::Result<core::Page<RehabRecord>> List(RehabQuery query, const access::Caller& caller);
  // The seeder: three months of sessions (one a month, for about 60 % of the people) ending
  // this month; the number written.
  core::Result<int64_t> SeedSynthetic(uint64_t seed);

 private:
  std::string Today() const;

  RehabilitationRepository& repository_;
  CareRepository& care_;
  const Categories& categories_;
  audit::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace linli::care

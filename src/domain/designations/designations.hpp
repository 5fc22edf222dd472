// Designations and pilots (issue 18 item 3; decision 0030): a place named 颐养社区,
// 儿童友好示范社区, 全国综合减灾示范社区, a remote-notarisation pilot town, a 红色物业 party
// service point … — the kind (from the plan file: DesignationKind), the place, the date, the
// approving department and level, an uploaded evidence document, and revocation with history. The
// indicators a kind counts (C2a, C4a/b, C12, C13, C14a/b) are then computed from these records.
// Thread-safety: plain values; the repository is implemented by storage/designations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::designations {

// Who approved it: the level of the approving body.
enum class ApprovalLevel { kNational, kProvince, kCity, kCounty };
inline constexpr core::EnumNames<ApprovalLevel, 4> kApprovalLevelNames{{
    {ApprovalLevel::kNational, "national", "国家级"},
    {ApprovalLevel::kProvince, "province", "省级"},
    {ApprovalLevel::kCity, "city", "市级"},
    {ApprovalLevel::kCounty, "county", "县级"},
}};

struct Designation {
  int64_t id = 0;
  std::string kind;
  std::string place_code;
  std::string place_name;     // filled by the repository
  std::string title;          // "东关社区儿童友好示范社区", a point's own name
  std::string designated_on;  // YYYY-MM-DD
  std::string approved_by;    // the approving body: "江苏省民政厅", "市妇联"
  ApprovalLevel approval_level = ApprovalLevel::kCity;
  std::string note;
  std::string evidence_name;  // "" without evidence
  std::string evidence_type;  // application/pdf, image/png, image/jpeg
  int64_t evidence_size = 0;
  std::string revoked_on;  // "" while in force
  std::string revoke_reason;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
};

// One step of its history: created, evidence attached, revoked.
struct DesignationEvent {
  int64_t designation_id = 0;
  std::string action;  // create | evidence | revoke
  std::string detail;
  int64_t actor_id = 0;
  std::string actor_name;
  int64_t at = 0;
};

struct DesignationQuery {
  std::string place_prefix;  // "" = the scope
  std::string kind;          // "" = every kind
  std::optional<bool> in_force;
  size_t limit = 500;
};

// Largest evidence document: 10 MiB.
inline constexpr size_t kMaxEvidenceBytes = 10 * 1024 * 1024;

class DesignationRepository {
 public:
  virtual ~DesignationRepository() = default;
  // Each write with its history step and audit record in one transaction.
  virtual core::Result<Designation> Insert(const Designation& designation,
                                           const DesignationEvent& event,
                                           const audit::AuditEntry& entry) = 0;
  // Revokes it when still in force (false when it was revoked meanwhile).
  virtual core::Result<bool> Revoke(int64_t id, std::string_view revoked_on,
                                    std::string_view reason, int64_t at,
                                    const DesignationEvent& event,
                                    const audit::AuditEntry& entry) = 0;
  virtual core::Status SetEvidence(int64_t id, std::string_view name, std::string_view type,
                                   std::string_view bytes, int64_t at,
                                   const DesignationEvent& event,
                                   const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Designation>> Find(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<std::vector<Designation>> List(const DesignationQuery& query,
                                                      const core::Scope& scope) = 0;
  virtual core::Result<std::vector<DesignationEvent>> History(int64_t id) = 0;
  // The evidence document's bytes ("" when none).
  virtual core::Result<std::string> Evidence(int64_t id) = 0;
  // Every designation of these kinds in force on `date` (designated on or before it, not revoked
  // by then), unscoped: the indicators' source.
  virtual core::Result<std::vector<Designation>> InForceOn(const std::vector<std::string>& kinds,
                                                           std::string_view date) = 0;
  // Writes designations as they are (the seeder's), one audit record; the number written.
  virtual core::Result<int64_t> InsertMany(const std::vector<Designation>& designations,
                                           const audit::AuditEntry& entry) = 0;
};

}  // namespace linli::designations

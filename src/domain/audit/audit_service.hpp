// The audit view and the chain check as use cases: a scoped, filtered, paged list of audit
// records (newest first) and `linli audit verify`.
//
// Scope: a record is visible when its division_code lies inside the caller's scope; records
// without a place (division_code "", such as city-wide exports) only to a caller who sees
// everything. Which permission grants the audit view is the caller's choice (app/http pass
// the scope of that permission). Filters are validated here (kInvalidArgument naming the field).
// Thread-safety: AuditService holds no state of its own; safe from several threads when its
// repository is (the SQL one is).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_chain.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::audit {

// Every set field narrows the list (AND).
struct AuditQuery {
  std::string subject_type;         // "" = any
  std::string subject_id;           // "" = any; REQUIRES subject_type when set
  std::optional<int64_t> actor_id;  // account id (0 = command line / system)
  std::optional<AuditAction> action;
  std::optional<int64_t> from_at;   // inclusive, epoch ms
  std::optional<int64_t> until_at;  // exclusive, epoch ms
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // Newest first; the cursor (PageRequest::after) is the decimal sequence of the last record seen.
  virtual core::Result<core::Page<StoredAuditEntry>> List(const core::Scope& scope,
                                                          const AuditQuery& query,
                                                          const core::PageRequest& page) = 0;
  // Walks the whole log in sequence order (in pages) and recomputes every hash.
  virtual core::Result<VerifyReport> Verify(const VerifyAnchor& anchor) = 0;
};

class AuditService {
 public:
  explicit AuditService(AuditRepository& repository) : repository_(repository) {}

  core::Result<core::Page<StoredAuditEntry>> List(const core::Scope& scope, const AuditQuery& query,
                                                  const core::PageRequest& page);
  core::Result<VerifyReport> Verify(const VerifyAnchor& anchor = {});

 private:
  AuditRepository& repository_;
};

// Checks filters and the cursor; used by AuditService::List and by the SQL repository.
core::Status ValidateAuditQuery(const AuditQuery& query, const core::PageRequest& page);

}  // namespace linli::audit

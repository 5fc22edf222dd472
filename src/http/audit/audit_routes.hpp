// Handlers of /api/v1/audit (docs/api.md, "Audit log"): the audit log inside the caller's
// audit.read scope, newest first, filtered by actor, subject, action and time, as a page of JSON
// or as an .xlsx export of every matching record (at most kMaxAuditExportRows). Records carry
// no personal values (the services never write them), so reading the log is not itself audited.
// Thread-safety: the handlers hold a reference to the stateless AuditService and no state.
#pragma once

#include <vector>

#include "domain/audit/audit_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

inline constexpr size_t kMaxAuditExportRows = 100000;

// The service must outlive the routes.
std::vector<Route> AuditRoutes(audit::AuditService& audit);

}  // namespace linli::http

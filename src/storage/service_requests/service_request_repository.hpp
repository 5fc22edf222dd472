// SQL implementation of service_requests::ServiceRequestRepository (tables: migration
// 0005_service_requests) on SQLite and PostgreSQL alike.
// Reads of requests and slots are scoped in SQL with storage::ScopeClause (requests on
// place_code, slots on community_code). Multi-row changes (filing with its slot booking and
// first transition, every state change with its transition row) run in one transaction.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/service_requests/service_requests.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repository.
std::unique_ptr<service_requests::ServiceRequestRepository> MakeSqlServiceRequestRepository(
    Database& database);

}  // namespace linli::storage

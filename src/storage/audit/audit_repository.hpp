// SQL side of the audit log (table audit_log, migration 0004_audit), on SQLite and PostgreSQL.
//
// Appends are linear even with concurrent writers: inside the caller's write transaction the
// writer takes the append lock (SQLite: the write lock BEGIN IMMEDIATE already holds;
// PostgreSQL: pg_advisory_xact_lock(kAuditAppendLock)), reads the last record, and inserts
// sequence = last + 1 with hash = SM3(previous hash ‖ record). The lock is held until the
// enclosing transaction ends, so keep audited write transactions short. Triggers refuse UPDATE
// and DELETE on the table; VerifyAuditChain does not trust them and recomputes every hash.
// Records from the end of the log can be deleted without a trace in the remaining chain:
// operators record VerifyReport::last_sequence/last_hash outside the database and pass them
// back as an anchor.
// Thread-safety: every function borrows its own connection (except AppendAuditIn, which uses
// the caller's); safe from several threads and processes at once.
#pragma once

#include <cstdint>
#include <memory>

#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_chain.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_service.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// Advisory lock key serialising appends on PostgreSQL (distinct from the migration lock).
inline constexpr int64_t kAuditAppendLock = 7371202602;

// Appends one record inside the caller's transaction (a repository writing a change to a
// person together with its audit record). kInvalidArgument for an unknown action.
// REQUIRES: connection has an open transaction (Begin / InTransaction).
core::Status AppendAuditIn(Connection& connection, const audit::AuditEntry& entry);

// An AuditLog whose Append runs in a transaction of its own. The database must outlive it.
std::unique_ptr<audit::AuditLog> MakeSqlAuditLog(Database& database);

// Walks the whole log in ascending sequence, 1,000 records per query, and recomputes the
// chain. Chain problems are in the report (intact = false, first_bad_sequence, problem);
// errors are only for the database.
core::Result<audit::VerifyReport> VerifyAuditChain(Database& database,
                                                   const audit::VerifyAnchor& anchor = {});

// The audit view: records inside the scope matching every filter, newest first.
// page.after is the decimal sequence of the last record already seen; next_cursor encodes it.
// REQUIRES: audit::ValidateAuditQuery(query, page) passed (AuditService does it).
core::Result<core::Page<audit::StoredAuditEntry>> ListAudit(Database& database,
                                                            const core::Scope& scope,
                                                            const audit::AuditQuery& query,
                                                            const core::PageRequest& page);

// The repository behind audit::AuditService (ListAudit and VerifyAuditChain).
std::unique_ptr<audit::AuditRepository> MakeSqlAuditRepository(Database& database);

}  // namespace linli::storage

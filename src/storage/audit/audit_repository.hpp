// SQL side of the audit log (table audit_log, migration 0004_audit), on SQLite and PostgreSQL.
//
// Appends are linear even with concurrent writers: inside the caller's write transaction the
// writer takes the append lock (SQLite: the write lock BEGIN IMMEDIATE already holds;
// PostgreSQL: pg_advisory_xact_lock(kAuditAppendLock)), reads the last record, and inserts
// sequence = last + 1 with hash = HMAC-SM3 under the key ring's current key of (previous hash ‖
// record) and that key's id (records from before migration 0015, the recorded cut-over in table
// audit_chain, keep their plain SM3 hashes; domain/audit/audit_chain.hpp). The lock is held until
// the enclosing transaction ends, so keep audited write transactions short. Triggers refuse UPDATE
// and DELETE on the table; VerifyAuditChain does not trust them and recomputes every hash.
// Records from the end of the log can be deleted without a trace in the remaining chain:
// operators record VerifyReport::last_sequence/last_hash outside the database and pass them
// back as an anchor.
// Thread-safety: every function borrows its own connection (except AppendAuditIn, which uses
// the caller's); safe from several threads and processes at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "core/crypto/field_cipher.hpp"
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
// person together with its audit record), chained under `keys`' current key.
// kInvalidArgument for an unknown action.
// REQUIRES: connection has an open transaction (Begin / InTransaction).
core::Status AppendAuditIn(Connection& connection, const crypto::KeyRing& keys,
                           const audit::AuditEntry& entry);

// An AuditLog whose Append runs in a transaction of its own. The database must outlive it; the
// ring is copied. Without a ring (null: no key file, no LINLI_KEYS) every Append fails with
// kFailedPrecondition: a record cannot be chained.
std::unique_ptr<audit::AuditLog> MakeSqlAuditLog(Database& database, const crypto::KeyRing* keys);

// The first keyed sequence recorded by migration 0015; none when that row is missing.
core::Result<std::optional<int64_t>> AuditChainKeyedFrom(Connection& connection);

// Walks the whole log in ascending sequence, 1,000 records per query, and recomputes the
// chain: plain SM3 before the recorded cut-over, HMAC-SM3 under each record's key from it on
// (`keys` may be null while no keyed record exists). Chain problems are in the report (intact =
// false, first_bad_sequence, problem); errors are for the database and for a keyed record whose
// key the ring lacks (kFailedPrecondition).
core::Result<audit::VerifyReport> VerifyAuditChain(Database& database, const crypto::KeyRing* keys,
                                                   const audit::VerifyAnchor& anchor = {});

// The audit view: records inside the scope matching every filter, newest first.
// page.after is the decimal sequence of the last record already seen; next_cursor encodes it.
// REQUIRES: audit::ValidateAuditQuery(query, page) passed (AuditService does it).
core::Result<core::Page<audit::StoredAuditEntry>> ListAudit(Database& database,
                                                            const core::Scope& scope,
                                                            const audit::AuditQuery& query,
                                                            const core::PageRequest& page);

// The repository behind audit::AuditService (ListAudit and VerifyAuditChain); the ring (may be
// null) is copied.
std::unique_ptr<audit::AuditRepository> MakeSqlAuditRepository(Database& database,
                                                               const crypto::KeyRing* keys);

}  // namespace linli::storage

// SQL implementation of indicators::IndicatorRepository (tables: migration 0023_indicators) on
// SQLite and PostgreSQL alike. A snapshot replaces one month's computed figures of the given
// indicators in one transaction (bulk multi-row inserts); reported figures are written with
// their step and audit record in one transaction, an update only while the row is as it was
// read (updated_at), and one live figure per place, month, indicator and variant is kept by a
// partial unique index. Reads of reports are scoped on place_code (storage::ScopeClause).
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/indicators/indicators.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records) must outlive the repository. Without a
// key ring reports cannot be written (kFailedPrecondition): their audit record cannot be chained.
std::unique_ptr<indicators::IndicatorRepository> MakeSqlIndicatorRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage

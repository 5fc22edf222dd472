// SQL implementation of care::MandatoryReportRepository (table: migration 0031) on SQLite and
// PostgreSQL alike: reports scoped by the child's community; each step with its audit record in
// one transaction; the receipt code from the China date of filing and the id.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/care/mandatory_reports.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring (for the audit records) must outlive the repository.
std::unique_ptr<care::MandatoryReportRepository> MakeSqlMandatoryReportRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage

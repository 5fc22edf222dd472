// SQL implementation of care::EligibilityRepository (tables: migration 0029) on SQLite and
// PostgreSQL alike. A rule's condition is compiled into a WHERE clause over `residents r`
// (ConditionSql): ages through the birth date, tags and archives as `r.id IN (…)` over their
// indexes, all / any / not as AND / OR / NOT (CountMatching, Matching, the seeder). A run reads
// in one pass the facts of the people the rules can reach (the tags and archives they name, the
// people those and the rules' ages reach), evaluates every rule in memory
// (care::DatedCondition, the same meaning), and writes only the differences — new findings and
// the open ones no longer found resolved — all in one transaction.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/field_cipher.hpp"
#include "domain/care/eligibility.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The condition as SQL over `residents r` on `date`, its parameters appended in order.
std::string ConditionSql(const care::Condition& condition, std::string_view date,
                         std::vector<Value>& params);

// The database and the key ring (for the audit records) must outlive the repository.
std::unique_ptr<care::EligibilityRepository> MakeSqlEligibilityRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage

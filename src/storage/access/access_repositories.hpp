// SQL implementations of the access context's repositories (accounts with their grants,
// sessions, failed logins), on SQLite and PostgreSQL alike. Tables: migration 0002_accounts.
// The account list is scoped with storage::ScopeClause: an account is visible only when every
// one of its grants lies inside the scope.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/access/account.hpp"
#include "domain/access/lookup_quota.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repositories.
std::unique_ptr<access::AccountRepository> MakeSqlAccountRepository(Database& database);
std::unique_ptr<access::SessionRepository> MakeSqlSessionRepository(Database& database);
std::unique_ptr<access::LoginFailureRepository> MakeSqlLoginFailureRepository(Database& database);
// Tables: migration 0016_personal_data_lookups.
std::unique_ptr<access::LookupQuotaRepository> MakeSqlLookupQuotaRepository(Database& database);

}  // namespace linli::storage

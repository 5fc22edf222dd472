// SQL implementations of the access context's repositories (accounts with their grants,
// sessions, failed logins), on SQLite and PostgreSQL alike. Tables: migration 0002_accounts.
// The account list is scoped with storage::ScopeClause: an account is visible only when every
// one of its grants lies inside the scope. An account's phone (migration 0017) is stored only
// as field-cipher text bound to (accounts, phone, id), sealed and opened with the key ring.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/access/account.hpp"
#include "domain/access/lookup_quota.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database (and the key ring) must outlive the repositories. Without a key ring (nullptr)
// reading an account that has a phone, or setting one, is kFailedPrecondition; a value that does
// not open at its row is kFailedPrecondition too (decision 0015).
std::unique_ptr<access::AccountRepository> MakeSqlAccountRepository(
    Database& database, const crypto::KeyRing* keys = nullptr);
// Where an account's sealed phone is bound: (accounts, phone, account id).
crypto::FieldLocation AccountPhoneAt(int64_t account_id);
std::unique_ptr<access::SessionRepository> MakeSqlSessionRepository(Database& database);
std::unique_ptr<access::LoginFailureRepository> MakeSqlLoginFailureRepository(Database& database);
// The active accounts holding a grant of `role` at exactly `scope_code` (whom a module tells about
// a place: the events' notices, care's missed visits), by account id.
core::Result<std::vector<int64_t>> AccountsWithGrantIn(Connection& connection, access::Role role,
                                                       std::string_view scope_code);
// Tables: migration 0016_personal_data_lookups.
std::unique_ptr<access::LookupQuotaRepository> MakeSqlLookupQuotaRepository(Database& database);

}  // namespace linli::storage

// SQL implementation of kiosks::PairingRepository (table: migration 0024_kiosk_pairing) on
// SQLite and PostgreSQL alike: a kiosk's new challenge replaces its older ones and purges the
// expired ones of every kiosk in one transaction; approving and consuming are guarded UPDATEs,
// so a challenge is approved once and consumed once even when two requests race.
// Thread-safety: safe to call from several threads; each call borrows its own connection.
#pragma once

#include <memory>

#include "domain/kiosks/kiosk_pairing.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the repository.
std::unique_ptr<kiosks::PairingRepository> MakeSqlPairingRepository(Database& database);

}  // namespace linli::storage

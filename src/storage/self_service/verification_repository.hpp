// SQL implementation of self_service::VerificationRepository (SQLite and PostgreSQL alike) over
// the verification_codes table (migration 0020; decision 0026). A request and its SMS commit
// together: a sign-up code to a phone of its own (InsertSealedSmsToPhoneIn), a reset code as the
// account's notice with a sealed SMS (InsertNoticeWithSealedSmsIn).
// Thread-safety: thread-safe (a pooled connection per call).
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/self_service/verification.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database and the key ring must outlive the repository. Without a key ring no message can
// be recorded (kFailedPrecondition).
std::unique_ptr<self_service::VerificationRepository> MakeSqlVerificationRepository(
    Database& database, const crypto::KeyRing* keys);

}  // namespace linli::storage

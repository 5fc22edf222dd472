// Where the residents' sealed fields live: the associated data their ciphertexts are bound to
// (core/crypto/field_cipher.hpp, docs/decisions/0015). Shared by the repository, which seals and
// opens them, and the key rotation, which re-binds them.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "core/crypto/field_cipher.hpp"

namespace linli::storage::people_internal {

inline crypto::FieldLocation IdNumberAt(int64_t resident_id) {
  return {"residents", "id_number", resident_id};
}
inline crypto::FieldLocation PhoneAt(int64_t resident_id) {
  return {"residents", "phone", resident_id};
}

}  // namespace linli::storage::people_internal

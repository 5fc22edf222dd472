// Random secrets and digests for sessions: opaque tokens, their SHA-256, constant-time compare.
// Thread-safety: pure functions (OpenSSL's RAND_bytes is thread-safe in OpenSSL 3).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::access {

// `bytes` random bytes from RAND_bytes, base64url without padding (32 bytes -> 43 characters).
core::Result<std::string> RandomToken(size_t bytes = 32);
// `bytes` raw random bytes from RAND_bytes.
core::Result<std::string> RandomBytes(size_t bytes);
// Lower-case hex SHA-256 of the text (64 characters). Only this is stored for a session token.
std::string Sha256Hex(std::string_view text);
// Equality that takes the same time wherever the texts differ (CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace linli::access

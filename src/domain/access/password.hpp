// Password hashing (Argon2id, libargon2) and the password policy.
//
// Hashes are PHC-encoded strings ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash") with a random
// 16-byte salt from OpenSSL's RAND_bytes; the parameters travel inside the string, so
// raising them later keeps old hashes verifiable. Verification is constant-time in the library.
// Thread-safety: pure functions; each call allocates its own Argon2 memory (19 MiB by default).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::access {

// OWASP's Argon2id recommendation: t=2, m=19 MiB, p=1.
struct PasswordHashParams {
  uint32_t time_cost = 2;
  uint32_t memory_kib = 19 * 1024;
  uint32_t parallelism = 1;
};

constexpr int kMinPasswordLength = 12;  // characters (UTF-8 code points)
constexpr int kMaxPasswordLength = 128;

// 422 (field "password") when the password is shorter than 12 or longer than 128 characters,
// or uses fewer than two of: letters (any non-ASCII character counts as a letter), digits,
// symbols.
core::Status CheckPasswordPolicy(std::string_view password);

// Encoded Argon2id hash with a fresh random salt; kInternal only if the library fails.
core::Result<std::string> HashPassword(std::string_view password,
                                       const PasswordHashParams& params = {});

// True when password matches the encoded hash; false for a mismatch or a malformed hash.
bool VerifyPassword(std::string_view password, std::string_view encoded_hash);

}  // namespace linli::access

// Thin, exception-free wrappers over OpenSSL 3 EVP for the Chinese commercial algorithms:
// SM3 (digest), HMAC-SM3, SM4 (CTR for data, ECB only for known-answer tests), plus secure
// random bytes and strict base64 / hex codecs.
//
// Byte strings are carried in std::string / std::string_view (any byte values). Every OpenSSL
// context lives in an RAII holder inside one call; failures come back as kInternal errors.
// Thread-safety: no shared state of our own; OpenSSL 3 is thread-safe, so every function may be
// called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::crypto {

inline constexpr size_t kSm3DigestSize = 32;
inline constexpr size_t kSm4KeySize = 16;
inline constexpr size_t kSm4BlockSize = 16;

// SM3 digest (32 bytes) through EVP_MD "SM3".
core::Result<std::string> Sm3(std::string_view data);
// HMAC-SM3 (32 bytes) through EVP_MAC "HMAC" with digest "SM3". REQUIRES: !key.empty().
core::Result<std::string> HmacSm3(std::string_view key, std::string_view data);
// SM4 in CTR mode; the same call encrypts and decrypts. The 16-byte iv is the initial counter
// block. REQUIRES: key.size() == kSm4KeySize, iv.size() == kSm4BlockSize.
core::Result<std::string> Sm4Ctr(std::string_view key, std::string_view iv, std::string_view input);
// One SM4 block encrypted in ECB mode; for known-answer tests only, never for data.
core::Result<std::string> Sm4EncryptBlock(std::string_view key, std::string_view block);
// `count` bytes from RAND_bytes.
core::Result<std::string> RandomBytes(size_t count);

// Constant-time equality (CRYPTO_memcmp); false when sizes differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Standard base64 with '=' padding (RFC 4648 §4). Decode is strict: no whitespace, padding
// required, non-zero trailing bits rejected; nullopt on any fault.
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);
// Lower-case hex; decode accepts either case, nullopt on odd length or a non-hex character.
std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view text);

}  // namespace linli::crypto

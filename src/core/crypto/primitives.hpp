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
#include <memory>
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
// HMAC-SM3 under one key, for many messages: the key's inner and outer SM3 states are computed
// once, and each Mac copies them (the per-call setup of HmacSm3 costs more than hashing an ID
// number). Same output as HmacSm3. Not thread-safe: one instance per thread.
class HmacSm3Context {
 public:
  // REQUIRES: !key.empty().
  static core::Result<HmacSm3Context> Create(std::string_view key);
  HmacSm3Context(HmacSm3Context&&) noexcept;
  HmacSm3Context& operator=(HmacSm3Context&&) noexcept;
  ~HmacSm3Context();
  // Writes the 32-byte tag of `data` to `tag`.
  core::Status Mac(std::string_view data, unsigned char (&tag)[kSm3DigestSize]);

 private:
  struct Contexts;
  explicit HmacSm3Context(std::unique_ptr<Contexts> contexts);
  std::unique_ptr<Contexts> contexts_;
};

// SM4-CTR under one key, for many messages: the key schedule is set once and each Apply only
// loads a new initial counter block. Same output as Sm4Ctr. Not thread-safe.
class Sm4CtrContext {
 public:
  // REQUIRES: key.size() == kSm4KeySize.
  static core::Result<Sm4CtrContext> Create(std::string_view key);
  Sm4CtrContext(Sm4CtrContext&&) noexcept;
  Sm4CtrContext& operator=(Sm4CtrContext&&) noexcept;
  ~Sm4CtrContext();
  // Appends input encrypted (or decrypted) under `iv` to `output`.
  // REQUIRES: iv.size() == kSm4BlockSize.
  core::Status Apply(std::string_view iv, std::string_view input, std::string& output);

 private:
  struct Cipher;
  explicit Sm4CtrContext(std::unique_ptr<Cipher> cipher);
  std::unique_ptr<Cipher> cipher_;
};

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

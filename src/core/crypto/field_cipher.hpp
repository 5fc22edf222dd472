// Encryption of personal fields at rest (identity numbers, phone numbers, …) and keyed blind
// indexes for exact search over them.
//
// Scheme: SM4-CTR with a fresh random 16-byte IV, then HMAC-SM3 (encrypt-then-MAC). Binary
// layout, version 2 (what Encrypt writes):
//   [0x02][key id length L, 1..32][key id, L ASCII bytes][IV, 16][ciphertext, n][tag, 32]
// and the text form stored in the database is that layout in standard base64. The tag covers
// everything written before it and then the value's place, its associated data (table, field,
// row id; see FieldLocation): a value copied to another row or column does not decrypt there.
// Version 1 (the same layout with 0x01, the tag over the bytes alone, bound to no place) is
// still read, wherever it lies, until `linli keys rotate` rewrites it as version 2
// (NeedsRotation). Decrypt verifies the tag in constant time before it decrypts; a changed byte
// anywhere, or a value read at another place, gives an error, never garbage.
//
// Keys: each named key holds 32 bytes of master material. Separate subkeys are derived from it
// as HKDF-Expand(master, label, 32) with HMAC-SM3 (one block: HMAC-SM3(master, label || 0x01)):
// an SM4 key (first 16 bytes of the "encryption" output), an HMAC-SM3 key and a blind-index key,
// each with its own label, so no key serves two purposes.
//
// Rotation: Encrypt always uses the current key; Decrypt uses the key named in the ciphertext,
// so old rows stay readable while a background job re-encrypts rows for which NeedsRotation is
// true. Retire an old key only after no ciphertext and no keyed audit record names it.
//
// Audit chain: AuditChainMac is HMAC-SM3 under a fourth subkey of a named key (label
// "linli/audit-chain/v1"), which chains the audit log from its cut-over on (domain/audit).
//
// Blind indexes: BlindIndex uses ONE designated index key (the `index=` line, by default the
// first key listed), independent of the current encryption key. It must stay the same across
// rotations: changing the index key changes every blind index, which means recomputing the
// index of every stored row. Keep the index key listed (and designated) when rotating.
//
// Key source: a key file or the LINLI_KEYS environment variable, never the database. Format, one
// entry per line (in LINLI_KEYS, ';' also separates entries); blank lines and '#' comments are
// ignored:
//   k1=<32 bytes as base64 (44 characters) or hex (64 characters)>
//   k2=...
//   current=k2      optional; default: the last key listed
//   index=k1        optional; default: the first key listed
// A key file must not be accessible to group or others (mode 0600 or 0400).
//
// Thread-safety: a KeyRing is immutable after it is built; every method is const and may be
// called from any number of threads at once. Copies share the same immutable key state.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::crypto {

inline constexpr size_t kMasterKeySize = 32;
inline constexpr size_t kMaxKeyIdLength = 32;
inline constexpr unsigned char kUnboundCiphertextVersion = 1;  // read, never written
inline constexpr unsigned char kCiphertextVersion = 2;
inline constexpr size_t kBlindIndexSize = 16;  // bytes; BlindIndex returns 32 hex characters
inline constexpr std::string_view kKeysEnvironmentVariable = "LINLI_KEYS";

// One named key as loaded: `material` is exactly kMasterKeySize bytes.
struct MasterKey {
  std::string id;
  std::string material;
};

// Where a sealed value is stored: a version-2 ciphertext opens only at the place it was sealed
// for. `field` is the column's name without "_cipher" ("id_number" for id_number_cipher).
struct FieldLocation {
  std::string_view table;
  std::string_view field;
  int64_t row_id = 0;
};

// 1..32 characters of [A-Za-z0-9_.-], not "current" or "index".
bool IsValidKeyId(std::string_view key_id);

class KeyRing {
 public:
  // Builds a ring from master keys; fails on a bad or duplicate id, material that is not 32
  // bytes, or a current / index id that names no key. Errors are kInvalidArgument.
  static core::Result<KeyRing> Create(const std::vector<MasterKey>& keys,
                                      std::string_view current_key_id,
                                      std::string_view index_key_id);

  // Base64 text of the version-2 layout, under the current key, bound to `at`.
  core::Result<std::string> Encrypt(std::string_view plaintext, const FieldLocation& at) const;
  // Plaintext of a text produced by Encrypt for `at` under any key of this ring (or of a
  // version-1 text, which is bound to no place). Malformed or tampered text, a text sealed for
  // another place, or an unknown key id: kFailedPrecondition. An OpenSSL failure: kInternal.
  core::Result<std::string> Decrypt(std::string_view ciphertext, const FieldLocation& at) const;
  // Decrypt at `at`, then Encrypt for `at` under the current key.
  core::Result<std::string> Reencrypt(std::string_view ciphertext, const FieldLocation& at) const;
  // The key id written in a ciphertext's header (not authenticated until Decrypt).
  core::Result<std::string> KeyIdOf(std::string_view ciphertext) const;
  // True when the ciphertext is not under the current key, is version 1 (bound to no place),
  // or when its header cannot be read (Reencrypt will then report what is wrong).
  bool NeedsRotation(std::string_view ciphertext) const;

  // HMAC-SM3 of `message` under the audit-chain subkey of key `key_id` (32 raw bytes). An
  // unknown key id: kFailedPrecondition.
  core::Result<std::string> AuditChainMac(std::string_view key_id, std::string_view message) const;

  // Keyed blind index for exact-match search: HMAC-SM3 under the index key's blind-index
  // subkey over (4-byte big-endian length of field_name, field_name, normalised_value),
  // truncated to kBlindIndexSize bytes, lower-case hex. The field name separates the index
  // spaces of different fields. Callers must normalise the value first (ParseIdNumber,
  // ParsePhone) so that equal values index equally.
  core::Result<std::string> BlindIndex(std::string_view field_name,
                                       std::string_view normalised_value) const;

  const std::string& current_key_id() const;
  const std::string& index_key_id() const;
  bool HasKey(std::string_view key_id) const;
  std::vector<std::string> key_ids() const;  // in the order loaded

 private:
  friend class FieldSealer;
  friend core::Result<std::string> EncryptUnboundForTesting(const KeyRing&, std::string_view);
  struct State;
  explicit KeyRing(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

// KeyRing::Encrypt and KeyRing::BlindIndex for many fields on one thread (bulk imports, the
// seeder): the SM4 key schedule and the HMAC-SM3 key states are set up once, on first use, and
// IVs come from a buffer of random bytes refilled in one RAND_bytes call. The outputs are those
// of the KeyRing methods (which run through a fresh sealer). Not thread-safe: one per thread;
// it keeps the ring's key state alive.
class FieldSealer {
 public:
  explicit FieldSealer(const KeyRing& keys);
  FieldSealer(FieldSealer&&) noexcept;
  FieldSealer& operator=(FieldSealer&&) noexcept;
  ~FieldSealer();

  core::Result<std::string> Encrypt(std::string_view plaintext, const FieldLocation& at);
  core::Result<std::string> BlindIndex(std::string_view field_name,
                                       std::string_view normalised_value);

 private:
  struct Contexts;
  std::shared_ptr<const KeyRing::State> state_;
  std::unique_ptr<Contexts> contexts_;
};

// The key id written in a ciphertext's header, without a key ring (backups record which keys
// their data needs). Not authenticated; kFailedPrecondition when the text is not a version-1
// or version-2 ciphertext.
core::Result<std::string> KeyIdOfCiphertext(std::string_view ciphertext);

// The format version of a ciphertext (1: bound to no place, 2: bound), read from its header
// without a key ring; kFailedPrecondition as KeyIdOfCiphertext.
core::Result<int> CiphertextVersionOf(std::string_view ciphertext);

// A version-1 ciphertext under the current key, as releases before version 2 wrote them: for
// tests of the upgrade path only (production code never writes version 1).
core::Result<std::string> EncryptUnboundForTesting(const KeyRing& keys, std::string_view plaintext);

// Parses the key-file format above (also the LINLI_KEYS value). Errors are kInvalidArgument and
// name the line, never its key material.
core::Result<KeyRing> ParseKeyRing(std::string_view text);

// Reads and parses a key file. kFailedPrecondition when it cannot be read, is not a regular
// file, or its mode gives group or others any access.
core::Result<KeyRing> LoadKeyRingFile(const std::filesystem::path& path);

// The application's entry point: a non-empty `environment_value` (the LINLI_KEYS variable, read
// by the caller) wins; otherwise `key_file` is loaded; with neither, kFailedPrecondition.
core::Result<KeyRing> LoadKeyRing(const std::filesystem::path& key_file,
                                  std::string_view environment_value);

// A new line "id=<base64 of 32 random bytes>" for `linli keys generate`.
core::Result<std::string> GenerateKeyLine(std::string_view key_id);

}  // namespace linli::crypto

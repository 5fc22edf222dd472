// The hash chain of the audit log: canonical form of a record, its SM3 hash, and a streaming
// verifier that walks records in sequence order and names the first one that breaks the chain.
//
// A record's hash is hex(SM3(previous_hash ‖ canonical form)), where the canonical form lists
// every field, the sequence included, each as "<byte length>:<bytes>;" in a fixed order, so that
// no two different records serialise alike. The first record (sequence 1) links to
// kGenesisHash. Sequences are dense: record n+1 follows record n; a gap means deleted records.
//
// Keyed chain (docs/decisions/0015): a plain SM3 chain can be rewritten consistently by anyone
// who can write the database. From the cut-over sequence recorded in the database (migration
// 0015: the next sequence when it ran) on, a record's hash is instead
//   hex(HMAC-SM3(audit-chain subkey of key K, previous_hash ‖ "linli-audit-keyed;" ‖
//                "<len>:K;" ‖ canonical form))
// where K, the key id, is stored with the record (the key ring's current key when it was
// written; crypto::KeyRing::AuditChainMac). Records before the cut-over keep their plain hashes,
// so anchors kept before it stay valid; a record from the cut-over on without a key id, or one
// before it with a key id, breaks the chain. Rotation keeps old records verifiable as long as
// their key stays in the ring.
// Thread-safety: pure functions; a ChainVerifier is used by one thread.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto/field_cipher.hpp"
#include "core/result.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::audit {

// 64 hex zeros: the previous hash of the first record.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::optional<AuditAction> ParseAuditAction(std::string_view name);

// The canonical serialisation hashed after the previous hash (exposed for tests and tools).
std::string CanonicalAuditRecord(int64_t sequence, const AuditEntry& entry);

// hex(SM3(previous_hash ‖ CanonicalAuditRecord(sequence, entry))), 64 lower-case hex digits.
core::Result<std::string> ComputeAuditHash(std::string_view previous_hash, int64_t sequence,
                                           const AuditEntry& entry);

// The keyed hash of a record from the cut-over on, under the audit-chain subkey of `key_id`.
// kFailedPrecondition when the ring lacks that key.
core::Result<std::string> ComputeKeyedAuditHash(const crypto::KeyRing& keys,
                                                std::string_view key_id,
                                                std::string_view previous_hash, int64_t sequence,
                                                const AuditEntry& entry);

// Where the keyed chain starts and the keys to check it with.
struct ChainKeying {
  // The first keyed sequence; the default (a log written before migration 0015, or a test of
  // the plain chain) keys nothing.
  int64_t keyed_from = std::numeric_limits<int64_t>::max();
  const crypto::KeyRing* keys = nullptr;  // needed once a keyed record is fed
};

// An operator's record of a known record (e.g. the last_sequence / last_hash of an earlier
// verify, written down outside the database). With it, Verify also detects records deleted
// from the end of the log, and a rewritten chain that no longer holds the anchored hash.
struct VerifyAnchor {
  int64_t sequence = 0;  // 0 = no anchor
  std::string hash;
};

// Feed every stored record in ascending sequence order, then call Finish. The first problem
// found is kept; later records are only counted.
class ChainVerifier {
 public:
  explicit ChainVerifier(VerifyAnchor anchor = {}, ChainKeying keying = {});
  // kInternal when hashing itself fails (OpenSSL); kFailedPrecondition when a keyed record
  // names a key the ring lacks (or no ring is given): it cannot be checked. Chain problems go
  // into the report.
  core::Status Feed(const StoredAuditEntry& record);
  // The database holds no cut-over record although its schema has one: the chain is broken
  // (someone removed it to pass rewritten records off as plain ones).
  void FailMissingCutOver();
  // A stored record that cannot be read back as an AuditEntry (e.g. an action name this
  // program does not know): counted, and the chain is broken there.
  void FeedUnreadable(const StoredAuditEntry& record, std::string_view what);
  VerifyReport Finish();
  bool intact() const { return report_.intact; }

 private:
  void Fail(int64_t sequence, std::string problem);

  VerifyAnchor anchor_;
  ChainKeying keying_;
  bool anchor_seen_ = false;
  int64_t expected_sequence_ = 1;
  std::string expected_previous_hash_{kGenesisHash};
  VerifyReport report_;
};

}  // namespace linli::audit

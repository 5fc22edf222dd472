// The hash chain of the audit log: canonical form of a record, its SM3 hash, and a streaming
// verifier that walks records in sequence order and names the first one that breaks the chain.
//
// A record's hash is hex(SM3(previous_hash ‖ canonical form)), where the canonical form lists
// every field, the sequence included, each as "<byte length>:<bytes>;" in a fixed order, so that
// no two different records serialise alike. The first record (sequence 1) links to
// kGenesisHash. Sequences are dense: record n+1 follows record n; a gap means deleted records.
// Thread-safety: pure functions; a ChainVerifier is used by one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
  explicit ChainVerifier(VerifyAnchor anchor = {});
  // kInternal only when hashing itself fails (OpenSSL); chain problems go into the report.
  core::Status Feed(const StoredAuditEntry& record);
  // A stored record that cannot be read back as an AuditEntry (e.g. an action name this
  // program does not know): counted, and the chain is broken there.
  void FeedUnreadable(const StoredAuditEntry& record, std::string_view what);
  VerifyReport Finish();
  bool intact() const { return report_.intact; }

 private:
  void Fail(int64_t sequence, std::string problem);

  VerifyAnchor anchor_;
  bool anchor_seen_ = false;
  int64_t expected_sequence_ = 1;
  std::string expected_previous_hash_{kGenesisHash};
  VerifyReport report_;
};

}  // namespace linli::audit

// The audit trail for personal data: an append-only, hash-chained log.
//
// Every unmasked read of personal data, every export and every change to a person is
// appended as one AuditEntry (who, when, what, from where). Each stored record carries
// hash = SM3(previous hash ‖ canonical form of the entry), from the recorded cut-over on
// HMAC-SM3 under a key of the key file (audit_chain.hpp), so that `linli audit verify`
// detects any edit, deletion or reordering, even by someone who can write the database. Services
// receive an AuditLog& through their constructors for reads and exports (Append). A change to a
// person is written by its repository together with its AuditEntry in one transaction (the
// repository method takes the entry; storage/audit offers AppendAuditIn(Connection&, …) for that),
// so that a failed change leaves no audit record and a recorded change is never missing from the
// log. Thread-safety: implementations are safe to call from several threads at once; appends are
// serialised so that the chain stays linear.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::audit {

enum class AuditAction {
  kRead,    // an unmasked read of personal data
  kExport,  // a file export containing people
  kCreate,
  kUpdate,
  kDelete,
  kImport,
  kLogin,         // a signed-in session began
  kLogout,        // a session was ended by its holder
  kLoginFailed,   // a wrong password for an account; unknown names once per address and minute
  kLock,          // failed logins locked an account
  kVerification,  // an SMS code asked for or tried (a resident's sign-up, a forgotten password)
};

struct AuditEntry {
  int64_t at = 0;          // epoch milliseconds, from core::Clock
  int64_t actor_id = 0;    // account id; 0 for the command line / system
  std::string actor_name;  // username or "system"
  AuditAction action = AuditAction::kRead;
  std::string subject_type;    // "resident", "household", "building", "export", ...
  std::string subject_id;      // the record's id, or a description of the exported set
  std::string division_code;   // where the subject belongs (for scoped audit views)
  std::string detail;          // JSON text: changed fields (never the personal values), filters
  std::string remote_address;  // "" for the command line
  std::string request_id;
};

struct StoredAuditEntry {
  int64_t sequence = 0;
  AuditEntry entry;
  std::string previous_hash;  // hex
  std::string hash;           // hex
  std::string chain_key_id;   // the key of a keyed hash (audit_chain.hpp); "" for plain SM3
};

struct VerifyReport {
  int64_t entries = 0;
  bool intact = true;
  int64_t first_bad_sequence = 0;  // 0 when intact
  std::string problem;             // Chinese + English description when not intact
  // The newest record seen (0 and the genesis hash for an empty log). Deleting records from
  // the end of the log leaves a shorter chain that is still consistent: only an anchor kept
  // outside the database (this pair, recorded by an operator) reveals it; see VerifyAnchor.
  int64_t last_sequence = 0;
  std::string last_hash;
  // The first sequence chained with HMAC-SM3 (0 when the log is not keyed) and the key ids its
  // keyed records name.
  int64_t keyed_from = 0;
  std::vector<std::string> chain_key_ids;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  // Appends in its own transaction.
  virtual core::Status Append(const AuditEntry& entry) = 0;
};

std::string_view AuditActionName(AuditAction action);  // "read", "export", ...

// The detail of a list read, {"ids":[…]}: the ids of the items read (each has an `id`).
template <typename Items>
std::string IdsDetail(const Items& items) {
  std::string out = "{\"ids\":[";
  bool first = true;
  for (const auto& item : items) {
    out += (first ? "" : ",") + std::to_string(item.id);
    first = false;
  }
  return out + "]}";
}

}  // namespace linli::audit

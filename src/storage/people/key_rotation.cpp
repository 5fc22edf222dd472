// `linli keys rotate`: ReencryptPersonalData (people_repository.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/people/internal/sealed_fields.hpp"
#include "storage/people/people_repository.hpp"

namespace linli::storage {

using people_internal::IdNumberAt;
using people_internal::PhoneAt;

namespace {

// The value re-encrypted for its place when it needs it; nullopt when it is fine as it is
// (opened there all the same, so that the run also finds values moved since the last one).
// A value that does not open there: kFailedPrecondition (the caller reports the resident).
core::Result<std::optional<std::string>> Rebind(const crypto::KeyRing& keys,
                                                std::string_view ciphertext,
                                                const crypto::FieldLocation& at) {
  if (!keys.NeedsRotation(ciphertext)) {
    ASSIGN_OR_RETURN(std::string plaintext, keys.Decrypt(ciphertext, at));
    std::fill(plaintext.begin(), plaintext.end(), '\0');
    return std::optional<std::string>();
  }
  ASSIGN_OR_RETURN(std::string rebound, keys.Reencrypt(ciphertext, at));
  return std::optional<std::string>(std::move(rebound));
}

}  // namespace

core::Result<RotationReport> ReencryptPersonalData(Database& database, const crypto::KeyRing& keys,
                                                   const core::Clock& clock, int batch_size) {
  RotationReport report;
  int64_t after_id = 0;
  while (true) {
    ASSIGN_OR_RETURN(auto connection, database.Acquire());
    ASSIGN_OR_RETURN(
        auto batch,
        connection->Query("SELECT id, id_number_cipher, phone_cipher FROM residents WHERE id > ? "
                          "ORDER BY id LIMIT ?",
                          {after_id, int64_t(batch_size)}));
    if (batch.rows.empty()) break;
    after_id = batch.rows.back().Int(0);
    report.residents_checked += int64_t(batch.rows.size());
    int64_t changed = 0;
    std::vector<int64_t> unopened;
    TRY(InTransaction(*connection, [&](Connection& c) -> core::Status {
      changed = 0;
      unopened.clear();
      for (const auto& row : batch.rows) {
        const int64_t id = row.Int(0);
        auto id_cipher = Rebind(keys, row.Text(1), IdNumberAt(id));
        core::Result<std::optional<std::string>> phone_cipher = std::optional<std::string>();
        if (!row.IsNull(2)) phone_cipher = Rebind(keys, row.Text(2), PhoneAt(id));
        for (const auto* result : {&id_cipher, &phone_cipher}) {
          if (!result->ok() && result->error().code != core::ErrorCode::kFailedPrecondition) {
            return result->error();
          }
        }
        if (!id_cipher.ok() || !phone_cipher.ok()) {
          unopened.push_back(id);  // the row stays as it is: it is evidence
          continue;
        }
        if (!*id_cipher && !*phone_cipher) continue;
        changed += (*id_cipher ? 1 : 0) + (*phone_cipher ? 1 : 0);
        TRY(c.Query("UPDATE residents SET id_number_cipher = ?, phone_cipher = ? WHERE id = ?",
                    {*id_cipher ? Value(**id_cipher) : Value(row.Text(1)),
                     *phone_cipher ? Value(**phone_cipher) : row.At(2), id}));
      }
      if (changed == 0 && unopened.empty()) return core::Ok();
      audit::AuditEntry entry;
      entry.at = clock.NowMillis();
      entry.actor_name = "system";
      entry.action = audit::AuditAction::kUpdate;
      entry.subject_type = "personal_data_keys";
      entry.subject_id = "residents up to " + std::to_string(after_id);
      std::string unopened_ids;
      for (int64_t id : unopened)
        unopened_ids += (unopened_ids.empty() ? "" : ",") + std::to_string(id);
      entry.detail = "{\"reencrypted_fields\":" + std::to_string(changed) + ",\"current_key\":\"" +
                     keys.current_key_id() + "\",\"unopened_residents\":[" + unopened_ids + "]}";
      return AppendAuditIn(c, keys, entry);
    }));
    report.fields_reencrypted += changed;
    report.unopened_residents.insert(report.unopened_residents.end(), unopened.begin(),
                                     unopened.end());
  }
  return report;
}

}  // namespace linli::storage

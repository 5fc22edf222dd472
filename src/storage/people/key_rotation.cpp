// `linli keys rotate` (ReencryptPersonalData, people_repository.hpp).
#include "storage/audit/audit_repository.hpp"
#include "storage/people/people_repository.hpp"

namespace linli::storage {

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
    TRY(InTransaction(*connection, [&](Connection& c) -> core::Status {
      for (const auto& row : batch.rows) {
        const int64_t id = row.Int(0);
        std::string id_cipher = row.Text(1);
        Value phone_cipher = row.At(2);
        bool dirty = false;
        if (keys.NeedsRotation(id_cipher)) {
          ASSIGN_OR_RETURN(id_cipher, keys.Reencrypt(id_cipher));
          dirty = true;
          ++changed;
        }
        if (!row.IsNull(2) && keys.NeedsRotation(row.Text(2))) {
          ASSIGN_OR_RETURN(auto cipher, keys.Reencrypt(row.Text(2)));
          phone_cipher = std::move(cipher);
          dirty = true;
          ++changed;
        }
        if (dirty) {
          TRY(c.Query("UPDATE residents SET id_number_cipher = ?, phone_cipher = ? WHERE id = ?",
                      {id_cipher, phone_cipher, id}));
        }
      }
      if (changed == 0) return core::Ok();
      audit::AuditEntry entry;
      entry.at = clock.NowMillis();
      entry.actor_name = "system";
      entry.action = audit::AuditAction::kUpdate;
      entry.subject_type = "personal_data_keys";
      entry.subject_id = "residents up to " + std::to_string(after_id);
      entry.detail = "{\"reencrypted_fields\":" + std::to_string(changed) + ",\"current_key\":\"" +
                     keys.current_key_id() + "\"}";
      return AppendAuditIn(c, entry);
    }));
    report.fields_reencrypted += changed;
  }
  return report;
}

}  // namespace linli::storage

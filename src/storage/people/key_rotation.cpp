// `linli keys rotate`: ReencryptPersonalData (people_repository.hpp), over every table that holds
// sealed personal data: the residents' ID and phone numbers, and the accounts' phones (migration
// 0017, decision 0018). Each value is bound to (table, field, row id), as the repositories seal
// them (people_internal::IdNumberAt / PhoneAt, storage::AccountPhoneAt).
#include <algorithm>
#include <string>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/people/people_repository.hpp"

namespace linli::storage {

namespace {

// A table whose `<field>_cipher` columns hold sealed values; NULL cells are left alone.
struct SealedTable {
  std::string table;
  std::vector<std::string> fields;
};

// What one table's rotation did.
struct TableRotation {
  int64_t rows_checked = 0;
  int64_t fields_reencrypted = 0;
  std::vector<int64_t> unopened_rows;
};

// The value re-encrypted for its place when it needs it; nullopt when it is fine as it is
// (opened there all the same, so that the run also finds values moved since the last one).
// A value that does not open there: kFailedPrecondition (the caller reports the row).
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

std::string IdList(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

// Rotates one table in batches of `batch_size` rows, each batch one transaction with one audit
// record ("<table> up to N": the fields re-encrypted, the current key, the rows left unopened).
core::Result<TableRotation> RotateTable(Database& database, const crypto::KeyRing& keys,
                                        const core::Clock& clock, int batch_size,
                                        const SealedTable& sealed) {
  std::string columns;
  for (const auto& field : sealed.fields) columns += ", " + field + "_cipher";
  const std::string select =
      "SELECT id" + columns + " FROM " + sealed.table + " WHERE id > ? ORDER BY id LIMIT ?";
  std::string update = "UPDATE " + sealed.table + " SET ";
  for (size_t i = 0; i < sealed.fields.size(); ++i) {
    update += (i ? ", " : "") + sealed.fields[i] + "_cipher = ?";
  }
  update += " WHERE id = ?";

  TableRotation rotation;
  int64_t after_id = 0;
  while (true) {
    ASSIGN_OR_RETURN(auto connection, database.Acquire());
    ASSIGN_OR_RETURN(auto batch, connection->Query(select, {after_id, int64_t(batch_size)}));
    if (batch.rows.empty()) break;
    after_id = batch.rows.back().Int(0);
    rotation.rows_checked += int64_t(batch.rows.size());
    int64_t changed = 0;
    std::vector<int64_t> unopened;
    TRY(InTransaction(*connection, [&](Connection& c) -> core::Status {
      changed = 0;
      unopened.clear();
      for (const auto& row : batch.rows) {
        const int64_t id = row.Int(0);
        std::vector<Value> values;
        int64_t row_changed = 0;
        bool opened = true;
        for (size_t i = 0; i < sealed.fields.size(); ++i) {
          const Value& stored = row.At(i + 1);
          values.push_back(stored);
          if (row.IsNull(i + 1)) continue;
          auto rebound = Rebind(keys, row.Text(i + 1), {sealed.table, sealed.fields[i], id});
          if (!rebound.ok()) {
            if (rebound.error().code != core::ErrorCode::kFailedPrecondition) {
              return rebound.error();
            }
            opened = false;
            break;
          }
          if (*rebound) {
            values.back() = Value(std::move(**rebound));
            ++row_changed;
          }
        }
        if (!opened) {
          unopened.push_back(id);  // the row stays as it is: it is evidence
          continue;
        }
        if (row_changed == 0) continue;
        changed += row_changed;
        values.emplace_back(id);
        TRY(c.Query(update, values));
      }
      if (changed == 0 && unopened.empty()) return core::Ok();
      audit::AuditEntry entry;
      entry.at = clock.NowMillis();
      entry.actor_name = "system";
      entry.action = audit::AuditAction::kUpdate;
      entry.subject_type = "personal_data_keys";
      entry.subject_id = sealed.table + " up to " + std::to_string(after_id);
      entry.detail = "{\"reencrypted_fields\":" + std::to_string(changed) + ",\"current_key\":\"" +
                     keys.current_key_id() + "\",\"unopened_" + sealed.table + "\":[" +
                     IdList(unopened) + "]}";
      return AppendAuditIn(c, keys, entry);
    }));
    rotation.fields_reencrypted += changed;
    rotation.unopened_rows.insert(rotation.unopened_rows.end(), unopened.begin(), unopened.end());
  }
  return rotation;
}

}  // namespace

core::Result<RotationReport> ReencryptPersonalData(Database& database, const crypto::KeyRing& keys,
                                                   const core::Clock& clock, int batch_size) {
  RotationReport report;
  ASSIGN_OR_RETURN(TableRotation residents,
                   RotateTable(database, keys, clock, batch_size,
                               SealedTable{"residents", {"id_number", "phone"}}));
  ASSIGN_OR_RETURN(TableRotation accounts, RotateTable(database, keys, clock, batch_size,
                                                       SealedTable{"accounts", {"phone"}}));
  report.residents_checked = residents.rows_checked;
  report.accounts_checked = accounts.rows_checked;
  report.fields_reencrypted = residents.fields_reencrypted + accounts.fields_reencrypted;
  report.unopened_residents = std::move(residents.unopened_rows);
  report.unopened_accounts = std::move(accounts.unopened_rows);
  return report;
}

}  // namespace linli::storage

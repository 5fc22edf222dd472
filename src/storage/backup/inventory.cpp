#include "storage/backup/inventory.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "core/crypto/field_cipher.hpp"

namespace linli::storage {
namespace {

constexpr std::string_view kCipherSuffix = "_cipher";
constexpr std::string_view kIndexSuffix = "_index";
constexpr int64_t kPage = 5000;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Column names of one table.
core::Result<std::vector<std::string>> ColumnsOf(Connection& connection, const std::string& table) {
  std::vector<std::string> columns;
  if (connection.dialect() == Dialect::kSqlite) {
    ASSIGN_OR_RETURN(QueryResult result,
                     connection.Query("SELECT name FROM pragma_table_info(?)", {table}));
    for (const auto& row : result.rows) columns.push_back(row.Text(0));
  } else {
    ASSIGN_OR_RETURN(QueryResult result,
                     connection.Query("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_schema = current_schema() AND table_name = ? "
                                      "ORDER BY ordinal_position",
                                      {table}));
    for (const auto& row : result.rows) columns.push_back(row.Text(0));
  }
  return columns;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string Problem::Line() const { return chinese + " — " + english; }

std::vector<std::string> KeyIdsOf(const KeyUse& use) {
  std::set<std::string> ids;
  for (const auto& [id, count] : use.values_per_key) ids.insert(id);
  for (const auto& [id, count] : use.audit_records_per_key) ids.insert(id);
  return {ids.begin(), ids.end()};
}

std::vector<Problem> KeyProblems(const std::vector<std::string>& key_ids,
                                 const std::vector<KeySample>& samples,
                                 const crypto::KeyRing* keys) {
  std::vector<Problem> problems;
  if (key_ids.empty()) return problems;
  std::string listed;
  for (const auto& id : key_ids) listed += (listed.empty() ? "" : ", ") + id;
  if (keys == nullptr) {
    problems.push_back({"未加载个人信息密钥（密钥文件或 LINLI_KEYS），而数据需要密钥 " + listed,
                        "no personal-data key ring is loaded (key file or LINLI_KEYS); the data "
                        "needs key ids " +
                            listed});
    return problems;
  }
  for (const auto& id : key_ids) {
    if (!keys->HasKey(id)) {
      problems.push_back({"密钥文件缺少数据所需的密钥 " + id,
                          "the key ring lacks key id " + id + ", which the data needs"});
    }
  }
  bool index_reported = false;
  for (const auto& sample : samples) {
    if (!keys->HasKey(sample.key_id)) continue;
    auto plaintext = keys->Decrypt(sample.ciphertext, {sample.table, sample.field, sample.row_id});
    if (!plaintext.ok()) {
      problems.push_back(
          {"密钥 " + sample.key_id + " 与数据不符：用它无法解密已存的密文（密钥内容不同）",
           "key " + sample.key_id +
               " does not decrypt the stored data: the key file holds different material "
               "under that id"});
      continue;
    }
    if (!sample.blind_index.empty() && !index_reported) {
      auto index = keys->BlindIndex(sample.field, *plaintext);
      if (!index.ok() || *index != sample.blind_index) {
        index_reported = true;
        problems.push_back({"索引密钥 " + keys->index_key_id() + " 与数据的盲索引不符：按 " +
                                sample.field + " 精确查询将找不到人",
                            "the blind-index key " + keys->index_key_id() +
                                " does not match the stored blind indexes: exact searches by " +
                                sample.field + " would find nobody"});
      }
    }
    std::fill(plaintext->begin(), plaintext->end(), '\0');
  }
  return problems;
}

core::Result<std::vector<std::string>> ListTables(Connection& connection) {
  const char* sql = connection.dialect() == Dialect::kSqlite
                        ? "SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                        : "SELECT table_name FROM information_schema.tables "
                          "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                          "ORDER BY table_name";
  ASSIGN_OR_RETURN(QueryResult result, connection.Query(sql));
  std::vector<std::string> tables;
  for (const auto& row : result.rows) tables.push_back(row.Text(0));
  std::sort(tables.begin(), tables.end());
  return tables;
}

core::Result<std::vector<TableRows>> CountRows(Connection& connection,
                                               const std::vector<std::string>& tables) {
  std::vector<TableRows> counts;
  for (const auto& table : tables) {
    ASSIGN_OR_RETURN(QueryResult result,
                     connection.Query("SELECT COUNT(*) FROM " + QuoteIdentifier(table)));
    counts.push_back({table, result.rows.at(0).Int(0)});
  }
  return counts;
}

core::Result<std::vector<EncryptedColumn>> ListEncryptedColumns(Connection& connection) {
  ASSIGN_OR_RETURN(std::vector<std::string> tables, ListTables(connection));
  std::vector<EncryptedColumn> out;
  for (const auto& table : tables) {
    ASSIGN_OR_RETURN(std::vector<std::string> columns, ColumnsOf(connection, table));
    const std::set<std::string> names(columns.begin(), columns.end());
    for (const auto& column : columns) {
      if (!EndsWith(column, kCipherSuffix)) continue;
      EncryptedColumn encrypted;
      encrypted.table = table;
      encrypted.field = column.substr(0, column.size() - kCipherSuffix.size());
      encrypted.has_blind_index = names.count(encrypted.field + std::string(kIndexSuffix)) > 0;
      out.push_back(std::move(encrypted));
    }
  }
  return out;
}

core::Result<KeyUse> CollectKeyUse(Connection& connection) {
  ASSIGN_OR_RETURN(std::vector<EncryptedColumn> columns, ListEncryptedColumns(connection));
  KeyUse use;
  std::map<std::string, size_t> sample_of;  // key id -> index into use.samples
  for (const auto& column : columns) {
    const std::string cipher = QuoteIdentifier(column.field + std::string(kCipherSuffix));
    const std::string index = column.has_blind_index
                                  ? QuoteIdentifier(column.field + std::string(kIndexSuffix))
                                  : std::string("NULL");
    const std::string sql = "SELECT id, " + cipher + ", " + index + " FROM " +
                            QuoteIdentifier(column.table) + " WHERE id > ? AND " + cipher +
                            " IS NOT NULL ORDER BY id LIMIT " + std::to_string(kPage);
    int64_t after = std::numeric_limits<int64_t>::min();
    while (true) {
      ASSIGN_OR_RETURN(QueryResult page, connection.Query(sql, {after}));
      for (const auto& row : page.rows) {
        const std::string text = row.Text(1);
        auto key_id = crypto::KeyIdOfCiphertext(text);
        if (!key_id.ok()) {
          ++use.unreadable;
          continue;
        }
        ++use.values_per_key[*key_id];
        auto version = crypto::CiphertextVersionOf(text);
        if (version.ok() && *version == crypto::kUnboundCiphertextVersion) ++use.unbound;
        // One sample per key id; a later value with a blind index replaces one without.
        KeySample sample{*key_id,      column.field, text, row.IsNull(2) ? "" : row.Text(2),
                         column.table, row.Int(0)};
        auto found = sample_of.find(*key_id);
        if (found == sample_of.end()) {
          sample_of[*key_id] = use.samples.size();
          use.samples.push_back(std::move(sample));
        } else if (use.samples[found->second].blind_index.empty() && !sample.blind_index.empty()) {
          use.samples[found->second] = std::move(sample);
        }
      }
      if (static_cast<int64_t>(page.rows.size()) < kPage) break;
      after = page.rows.back().Int(0);
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> audit_columns, ColumnsOf(connection, "audit_log"));
  if (std::find(audit_columns.begin(), audit_columns.end(), "chain_key_id") !=
      audit_columns.end()) {
    ASSIGN_OR_RETURN(QueryResult keyed,
                     connection.Query("SELECT chain_key_id, COUNT(*) FROM audit_log WHERE "
                                      "chain_key_id <> '' GROUP BY chain_key_id"));
    for (const auto& row : keyed.rows) use.audit_records_per_key[row.Text(0)] = row.Int(1);
  }
  return use;
}

}  // namespace linli::storage

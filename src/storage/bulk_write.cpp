#include "storage/bulk_write.hpp"

#include <algorithm>
#include <charconv>
#include <mutex>
#include <optional>
#include <thread>

namespace linli::storage {

namespace {

// Rows per COPY statement: bounds the text held in memory at once.
constexpr size_t kRowsPerCopy = 20'000;

// One value in COPY's text format.
void AppendCopyValue(const Value& value, std::string& out) {
  if (std::holds_alternative<Null>(value)) {
    out += "\\N";
  } else if (const auto* integer = std::get_if<int64_t>(&value)) {
    char buffer[24];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *integer);
    out.append(buffer, end);
  } else if (const auto* real = std::get_if<double>(&value)) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *real);
    out.append(buffer, end);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    for (char c : *text) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out.push_back(c);
      }
    }
  } else if (const auto* blob = std::get_if<Blob>(&value)) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    out += "\\\\x";  // bytea hex input, its backslash escaped for COPY
    for (char byte : blob->bytes) {
      out.push_back(kDigits[static_cast<unsigned char>(byte) >> 4]);
      out.push_back(kDigits[static_cast<unsigned char>(byte) & 15]);
    }
  }
}

// PostgreSQL without a conflict clause: COPY, which skips parsing and planning a statement
// of thousands of parameters per chunk.
core::Result<int64_t> CopyRows(Connection& c, std::string_view head, size_t width, size_t rows,
                               const RowFiller& fill) {
  std::vector<Value> row;
  row.reserve(width);
  std::string text;
  for (size_t first = 0; first < rows; first += kRowsPerCopy) {
    const size_t count = std::min(kRowsPerCopy, rows - first);
    text.clear();
    for (size_t i = first; i < first + count; ++i) {
      row.clear();
      fill(i, row);
      if (row.size() != width) {
        return core::Error::Internal("批量写入的列数不符 (row filler gave " +
                                     std::to_string(row.size()) + " values for a row of " +
                                     std::to_string(width) + ")");
      }
      for (size_t k = 0; k < width; ++k) {
        if (k) text.push_back('\t');
        AppendCopyValue(row[k], text);
      }
      text.push_back('\n');
    }
    TRY(c.CopyFrom(head, text));
  }
  return int64_t(rows);
}

}  // namespace

core::Result<int64_t> InsertRows(Connection& c, std::string_view head, size_t width, size_t rows,
                                 const RowFiller& fill, std::string_view tail) {
  if (rows == 0) return int64_t{0};
  if (c.dialect() == Dialect::kPostgres && tail.empty()) {
    return CopyRows(c, head, width, rows, fill);
  }
  std::string row_placeholders = "(";
  for (size_t i = 0; i < width; ++i) row_placeholders += i ? ", ?" : "?";
  row_placeholders += ")";
  const auto statement = [&](size_t count) {
    std::string sql = "INSERT INTO " + std::string(head) + " VALUES ";
    sql.reserve(sql.size() + count * (row_placeholders.size() + 2) + tail.size());
    for (size_t i = 0; i < count; ++i) {
      if (i) sql += ", ";
      sql += row_placeholders;
    }
    sql += tail;
    return sql;
  };
  const std::string full = statement(std::min(kRowsPerInsert, rows));
  int64_t inserted = 0;
  std::vector<Value> chunk;
  chunk.reserve(std::min(kRowsPerInsert, rows) * width);
  for (size_t first = 0; first < rows; first += kRowsPerInsert) {
    const size_t count = std::min(kRowsPerInsert, rows - first);
    chunk.clear();
    for (size_t i = first; i < first + count; ++i) fill(i, chunk);
    if (chunk.size() != count * width) {
      return core::Error::Internal(
          "批量写入的列数不符 (row filler gave " + std::to_string(chunk.size()) + " values for " +
          std::to_string(count) + " rows of " + std::to_string(width) + ")");
    }
    ASSIGN_OR_RETURN(
        auto result,
        c.Query(count == kRowsPerInsert || first == 0 ? full : statement(count), chunk));
    inserted += result.affected_rows;
  }
  return inserted;
}

core::Result<std::vector<int64_t>> ReserveIds(Connection& c, std::string_view table, size_t count) {
  std::vector<int64_t> ids;
  if (count == 0) return ids;
  ids.reserve(count);
  const std::string name(table);
  if (c.dialect() == Dialect::kSqlite) {
    ASSIGN_OR_RETURN(
        auto result,
        c.Query("SELECT MAX(COALESCE((SELECT MAX(id) FROM " + name +
                    "), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0))",
                {name}));
    const int64_t last = result.rows.at(0).Int(0);
    for (size_t i = 1; i <= count; ++i) ids.push_back(last + int64_t(i));
    return ids;
  }
  // Under a session-level advisory lock, so that writers reserving at the same time (the
  // seeder's parallel writers) each get one contiguous range; the draw runs in a savepoint so
  // that the lock is released even when it fails. Single-row INSERTs elsewhere take ids without
  // the lock: a range may then have a hole, never a shared id. The sequence is looked up once
  // (pg_get_serial_sequence per id cost 7 µs an id against 1 µs).
  TRY(c.Query("SELECT pg_advisory_lock(CAST(? AS BIGINT))", {kReserveIdsLock}));
  auto drawn = InTransaction<QueryResult>(c, [&](Connection& inner) {
    return inner.Query(
        "WITH s AS MATERIALIZED (SELECT CAST(pg_get_serial_sequence(?, 'id') AS regclass) AS "
        "sequence) SELECT nextval(s.sequence) FROM s, generate_series(1, CAST(? AS BIGINT))",
        {name, int64_t(count)});
  });
  auto unlocked = c.Query("SELECT pg_advisory_unlock(CAST(? AS BIGINT))", {kReserveIdsLock});
  if (!drawn.ok()) return drawn.error();
  TRY(unlocked);
  for (const auto& row : drawn->rows) ids.push_back(row.Int(0));
  return ids;
}

bool WorthDeferring(size_t incoming_rows, int64_t largest_id) {
  return incoming_rows >= kMinimumDeferredRows && largest_id <= int64_t(incoming_rows);
}

core::Result<int64_t> LargestId(Connection& c, std::string_view table) {
  ASSIGN_OR_RETURN(auto result, c.Query("SELECT COALESCE(MAX(id), 0) FROM " + std::string(table)));
  return result.rows.at(0).Int(0);
}

namespace {

// The order in which recorded definitions are run: fills (0), then indexes (1), then foreign
// keys (2), as an SQL expression over deferred_indexes.definition.
constexpr std::string_view kDeferredPhase =
    "CASE WHEN definition LIKE 'ALTER TABLE %' THEN 2 WHEN definition LIKE 'CREATE %' THEN 1 "
    "ELSE 0 END";

// Records the dropped index or key (or the fill) `name` of `table`, recreated by `definition`.
core::Status RecordDeferred(Connection& c, const std::string& name, const std::string& table,
                            const std::string& definition) {
  TRY(
      c.Query("INSERT INTO deferred_indexes (name, table_name, definition, deferred_at) VALUES "
              "(?, ?, ?, " +
                  std::string(c.dialect() == Dialect::kSqlite
                                  ? "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
                                  : "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS "
                                    "BIGINT)") +
                  ")",
              {name, table, definition}));
  return core::Ok();
}

}  // namespace

core::Result<std::vector<std::string>> DeferIndexes(Connection& c,
                                                    const std::vector<std::string>& tables,
                                                    const std::vector<std::string>& only) {
  std::vector<std::string> dropped;
  const bool sqlite = c.dialect() == Dialect::kSqlite;
  for (const auto& table : tables) {
    ASSIGN_OR_RETURN(
        auto indexes,
        c.Query(sqlite ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                         "tbl_name = ? AND sql IS NOT NULL ORDER BY name"
                       : "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
                         "current_schema() AND i.tablename = ? AND NOT EXISTS (SELECT 1 FROM "
                         "pg_constraint k WHERE k.conindid = (quote_ident(i.schemaname) || '.' "
                         "|| quote_ident(i.indexname))::regclass) ORDER BY i.indexname",
                {table}));
    for (const auto& row : indexes.rows) {
      const std::string name = row.Text(0);
      if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
      TRY(RecordDeferred(c, name, table, row.Text(1)));
      TRY(c.Query("DROP INDEX " + name));
      dropped.push_back(name);
    }
    if (sqlite) continue;
    // PostgreSQL checks a foreign key row by row with a query that also locks the referenced
    // row (a WAL record each): a third of the seed's server time. Recreating the constraint
    // checks the whole table in one join.
    ASSIGN_OR_RETURN(auto keys,
                     c.Query("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE "
                             "contype = 'f' AND conrelid = CAST(quote_ident(?) AS regclass) "
                             "ORDER BY conname",
                             {table}));
    for (const auto& row : keys.rows) {
      const std::string name = row.Text(0);
      if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
      TRY(RecordDeferred(c, name, table,
                         "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + row.Text(1)));
      TRY(c.Query("ALTER TABLE " + table + " DROP CONSTRAINT " + name));
      dropped.push_back(name);
    }
  }
  return dropped;
}

core::Status RebuildDeferredIndexes(Connection& c, const std::vector<std::string>& names) {
  ASSIGN_OR_RETURN(auto recorded,
                   c.Query("SELECT name, definition FROM deferred_indexes ORDER BY table_name, " +
                           std::string(kDeferredPhase) + ", name"));
  std::vector<const Row*> chosen;
  for (const auto& row : recorded.rows) {
    const std::string name = row.Text(0);
    if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
      chosen.push_back(&row);
    }
  }
  if (chosen.empty()) return core::Ok();
  if (c.dialect() == Dialect::kPostgres) {
    // At least 256 MB for the transaction (the default 64 MB sorts a city's indexes on disk);
    // a server configured with more keeps its setting.
    TRY(
        c.Query("SELECT set_config('maintenance_work_mem', GREATEST(pg_size_bytes("
                "current_setting('maintenance_work_mem')), pg_size_bytes('256MB')) / 1024 || "
                "'kB', true)"));
  }
  // SQLite sorts an index's keys in memory on one thread until they outgrow the page cache's
  // size; past it the sorter writes sorted runs on its helper threads (PRAGMA threads) and
  // merges them. A large batch runs with a 1 GiB cache, under which every index of a
  // million-row import sorted on one thread. With 16 MiB during the rebuild, three pairs of
  // million-row imports took 47.8 s against 50.0 s on average (docs/decisions/0009); the
  // connection's size is restored afterwards.
  std::optional<int64_t> cache_size;
  if (c.dialect() == Dialect::kSqlite) {
    ASSIGN_OR_RETURN(auto current, c.Query("PRAGMA cache_size"));
    cache_size = current.rows.at(0).Int(0);
    TRY(c.Query("PRAGMA cache_size = -16384"));
  }
  core::Status built = core::Ok();
  for (const Row* row : chosen) {
    auto created = c.Query(row->Text(1));
    built = created.ok() ? ForgetDeferred(c, row->Text(0)) : core::Status(created.error());
    if (!built.ok()) break;
  }
  if (cache_size) TRY(c.Query("PRAGMA cache_size = " + std::to_string(*cache_size)));
  return built;
}

core::Status RebuildDeferredIndexes(Database& database, int connections) {
  ASSIGN_OR_RETURN(auto first, database.Acquire());
  if (database.dialect() != Dialect::kPostgres || connections <= 1) {
    return InTransaction(*first, [](Connection& c) { return RebuildDeferredIndexes(c); });
  }
  // Fills first (their tables' indexes are built over the rows they write), indexes before keys
  // (a key's check reads its tables, an index build locks its table against it), each kind from
  // the table of most rows down: the long builds start first (the city's name-gram index, 21
  // million narrow rows, takes longer than the eight of residents, whose wide rows fill more
  // pages).
  ASSIGN_OR_RETURN(auto recorded,
                   first->Query("SELECT d.name, " + std::string(kDeferredPhase) +
                                " AS phase FROM deferred_indexes d LEFT JOIN "
                                "pg_stat_user_tables s ON s.relid = CAST(quote_ident("
                                "d.table_name) AS regclass) ORDER BY phase, "
                                "COALESCE(s.n_live_tup, 0) DESC, d.name"));
  // Fills, then indexes, then keys.
  std::vector<std::vector<std::string>> phases(3);
  for (const auto& row : recorded.rows) phases[size_t(row.Int(1))].push_back(row.Text(0));
  std::vector<ConnectionHandle> handles;
  handles.push_back(std::move(first));
  for (int i = 1; i < connections; ++i) {
    ASSIGN_OR_RETURN(auto handle, database.Acquire());
    handles.push_back(std::move(handle));
  }
  std::mutex mutex;
  core::Status status = core::Ok();
  for (const auto& names : phases) {
    size_t next = 0;
    auto work = [&](Connection& c) {
      while (true) {
        std::string name;
        {
          std::lock_guard lock(mutex);
          if (!status.ok() || next >= names.size()) return;
          name = names[next++];
        }
        auto rebuilt = InTransaction(
            c, [&](Connection& inner) { return RebuildDeferredIndexes(inner, {name}); });
        if (!rebuilt.ok()) {
          std::lock_guard lock(mutex);
          if (status.ok()) status = rebuilt;
          return;
        }
      }
    };
    std::vector<std::thread> threads;
    for (size_t i = 1; i < handles.size(); ++i) {
      threads.emplace_back([&, i] { work(*handles[i]); });
    }
    work(*handles[0]);
    for (auto& thread : threads) thread.join();
    TRY(status);
  }
  return core::Ok();
}

core::Status DeferFill(Connection& c, std::string_view table, std::string_view name,
                       std::string_view sql) {
  return RecordDeferred(c, std::string(name), std::string(table), std::string(sql));
}

core::Result<bool> IsDeferred(Connection& c, std::string_view name) {
  ASSIGN_OR_RETURN(auto result, c.Query("SELECT COUNT(*) FROM deferred_indexes WHERE name = ?",
                                        {std::string(name)}));
  return result.rows.at(0).Int(0) > 0;
}

core::Status ForgetDeferred(Connection& c, std::string_view name) {
  TRY(c.Query("DELETE FROM deferred_indexes WHERE name = ?", {std::string(name)}));
  return core::Ok();
}

core::Result<bool> HasDeferredIndexes(Connection& c, std::string_view table) {
  ASSIGN_OR_RETURN(auto result, c.Query("SELECT COUNT(*) FROM deferred_indexes WHERE "
                                        "table_name = ?",
                                        {std::string(table)}));
  return result.rows.at(0).Int(0) > 0;
}

}  // namespace linli::storage

// Schema migrations: the numbered SQL files of src/storage/migrations/list.cmake, embedded in
// the binary at build time and applied in order on SQLite and PostgreSQL alike.
//
// Each migration runs in its own transaction together with its row in
// schema_migrations(version, name, applied_at); a failing one rolls back completely and the
// error names its file. Applying twice is a no-op. A database whose schema is newer than this
// binary is refused (kFailedPrecondition). Dialect tokens ({{pk}}, {{blob}}, {{now_ms}}; see
// list.cmake; and {{audit_append_only}} for migration 0004) are substituted before a file runs.
// Thread-safety: free functions; concurrent Migrate calls on one database serialise on the
// database's write lock (SQLite) or an advisory lock (PostgreSQL).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/db.hpp"

namespace linli::storage {

struct Migration {
  int version = 0;   // from the file name: 0001_divisions_grids.sql -> 1
  std::string name;  // the file name
  std::string sql;   // with dialect tokens
};

// The migrations compiled into this binary, in version order (generated at build time).
const std::vector<Migration>& EmbeddedMigrations();

// Brings the schema to the newest embedded version, then rebuilds any index a bulk load left
// deferred (storage/bulk_write.hpp).
core::Status Migrate(Database& database);

// The highest applied version; 0 for an empty database.
core::Result<int> SchemaVersion(Database& database);

// Replaces {{pk}}, {{blob}}, {{now_ms}} and {{audit_append_only}} for the dialect, and keeps the
// text of a {{sqlite}} … {{end}} or {{postgres}} … {{end}} block only on that engine (blocks do
// not nest); kInvalidArgument naming the token when the SQL holds any other {{...}}.
core::Result<std::string> SubstituteDialectTokens(std::string_view sql, Dialect dialect);

}  // namespace linli::storage

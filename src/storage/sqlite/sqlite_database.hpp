// The SQLite 3 implementation of the database seam (sqlite3 C API).
//
// Each pooled connection runs in WAL mode with foreign_keys=ON, synchronous=NORMAL and the
// busy timeout of OpenOptions; it caches one prepared statement per distinct SQL text. A file
// database's WAL is checkpointed by a thread of its own (PASSIVE, once the WAL passes 1,000
// pages), not inside the commit that crosses the threshold.
// "sqlite::memory:" gives a private in-memory database shared by the connections of one
// Database (the memdb VFS, so locking and busy timeouts behave as with a file; no WAL).
// Thread-safety: the Database is thread-safe; each connection is used by one thread at a time.
#pragma once

#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "storage/db.hpp"

namespace linli::storage::sqlite {

// path: a file path (its parent folder is created) or ":memory:".
core::Result<std::unique_ptr<Database>> OpenSqliteDatabase(std::string_view path,
                                                           const OpenOptions& options);

}  // namespace linli::storage::sqlite

// The PostgreSQL 15 implementation of the database seam (libpq).
//
// `?` placeholders become $1..$n (internal/placeholders.hpp); each distinct SQL text is
// prepared once per pooled connection. Parameters travel as text (blobs as binary bytea);
// their types are inferred by the server from context, so where the context says nothing
// (`? IS NULL`, `SELECT ?`) write CAST(? AS BIGINT) etc. Result cells are typed by column:
// int2/int4/int8/bool -> int64, float4/float8/numeric -> double, bytea -> Blob, else text.
// Sessions run with client_encoding=UTF8 and TimeZone=UTC. A failed statement aborts the
// enclosing transaction (PostgreSQL semantics): use INSERT ... ON CONFLICT rather than
// catching kAlreadyExists inside a transaction.
// Thread-safety: the Database is thread-safe; each connection is used by one thread at a time.
#pragma once

#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "storage/db.hpp"

namespace linli::storage::postgres {

// url: "postgresql://user@host:port/db?param=..." or "postgres://...". kUnavailable when the
// server cannot be reached.
core::Result<std::unique_ptr<Database>> OpenPostgresDatabase(std::string_view url,
                                                             const OpenOptions& options);

}  // namespace linli::storage::postgres

// Bulk writes inside a caller's transaction, on both engines: multi-row INSERTs filled row by
// row (no table-sized vector of values), ids reserved up front, and secondary indexes dropped
// before a large load into a (nearly) empty table and rebuilt after it — sorting once is far
// cheaper than inserting every key into a B-tree that no longer fits in the page cache.
// Used by the registry's WriteBatch (imports and the seeder). See docs/decisions/0006.
// Thread-safety: functions over one Connection, which one thread uses at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters for
// rows of up to 80 columns.
inline constexpr size_t kRowsPerInsert = 400;

// Appends row `i`'s values (exactly `width` of them) to `out`.
using RowFiller = std::function<void(size_t i, std::vector<Value>& out)>;

// Writes `rows` rows of `width` values into `head` ("table (column, …)"): on PostgreSQL without
// a `tail` through COPY (text format, chunks of 20,000 rows); otherwise as
// `INSERT INTO <head> VALUES (...), (...) <tail>` in chunks of kRowsPerInsert. Returns the
// number of rows written (as the engine reports them for INSERT).
core::Result<int64_t> InsertRows(Connection& c, std::string_view head, size_t width, size_t rows,
                                 const RowFiller& fill, std::string_view tail = "");

// `count` fresh ids of `table` (column id), valid inside the caller's write transaction.
// SQLite: the write lock is held, so the ids above the largest ever given are free (explicit
// ids move AUTOINCREMENT's counter past them). PostgreSQL: drawn from the identity sequence
// under the advisory lock kReserveIdsLock (held only while drawing), so that concurrent
// reservations get contiguous ranges.
core::Result<std::vector<int64_t>> ReserveIds(Connection& c, std::string_view table, size_t count);
inline constexpr int64_t kReserveIdsLock = 7371202603;

// ----- deferred indexes -----
// A table's secondary indexes (not those backing a primary key or constraint) can be dropped
// before a large load and recreated after it. Each dropped index is recorded in the table
// deferred_indexes (migration 0008) in the same transaction, and forgotten in the one that
// recreates it, so nothing is lost if the load dies: Migrate rebuilds what is left.
// Unique indexes are deferred too: while one is missing an INSERT must not use ON CONFLICT over
// it (ask HasDeferredIndexes), and its rebuild reports duplicates as kAlreadyExists.
// On PostgreSQL a table's foreign keys are deferred with its indexes (recorded in the same table
// as an ALTER TABLE … ADD CONSTRAINT): recreating one checks every row in one join, and a row
// without its referenced row surfaces then as kValidationFailed.

// Loads of fewer rows keep their indexes: rebuilding costs more than inserting.
inline constexpr size_t kMinimumDeferredRows = 20'000;

// True when `incoming_rows` justify deferring the indexes of a table whose largest id is
// `largest_id`: at least kMinimumDeferredRows, and no fewer than the rows already there.
bool WorthDeferring(size_t incoming_rows, int64_t largest_id);

// The largest id of `table` (0 when empty).
core::Result<int64_t> LargestId(Connection& c, std::string_view table);

// Drops the secondary indexes of `tables` and, on PostgreSQL, their foreign keys (only those
// named in `only`, when it is not empty) and records them; returns the names dropped (those
// already deferred are left as they are).
core::Result<std::vector<std::string>> DeferIndexes(Connection& c,
                                                    const std::vector<std::string>& tables,
                                                    const std::vector<std::string>& only = {});

// Recreates the recorded indexes named (all of them when `names` is empty) and forgets them.
// SQLite sorts for them on helper threads (PRAGMA threads); PostgreSQL gets more
// maintenance_work_mem for the transaction (at least 256 MB; a larger server setting is kept).
core::Status RebuildDeferredIndexes(Connection& c, const std::vector<std::string>& names = {});

// The end of a multi-batch bulk load. PostgreSQL: every recorded index, then every recorded
// foreign key, each in its own transaction, on up to `connections` connections at once (the
// largest tables first); after a failure no further one is started and those not rebuilt stay
// recorded (Migrate, or another call, rebuilds them). SQLite (one writer): RebuildDeferredIndexes
// in one transaction. Returns the first error.
core::Status RebuildDeferredIndexes(Database& database, int connections);

// True when some index of `table` is deferred now.
core::Result<bool> HasDeferredIndexes(Connection& c, std::string_view table);

// ----- deferred fills -----
// A derived table (the residents' name grams) can be left out of a bulk load and filled at its
// end from the rows loaded. The fill is recorded in deferred_indexes as `name` with its SQL (one
// INSERT … SELECT, which must write only the rows still missing), so that if the load dies,
// Migrate (RebuildDeferredIndexes) runs it — before the table's deferred indexes. A caller that
// can fill the table faster itself does so and then calls ForgetDeferred in the same transaction.
core::Status DeferFill(Connection& c, std::string_view table, std::string_view name,
                       std::string_view sql);

// True when the index, foreign key or fill `name` is recorded as deferred.
core::Result<bool> IsDeferred(Connection& c, std::string_view name);

// Forgets the deferred index, key or fill `name` without running its definition.
core::Status ForgetDeferred(Connection& c, std::string_view name);

}  // namespace linli::storage

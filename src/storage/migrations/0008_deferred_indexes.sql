-- Secondary indexes dropped for a bulk load (storage/bulk_write.hpp): each row is written in
-- the transaction that drops the index and deleted in the one that recreates it, so an index
-- whose load never finished (a crash, a killed seed) is still known and is rebuilt by the next
-- Migrate. Empty outside bulk loads.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  deferred_at BIGINT NOT NULL
);

// SQL implementation of scheduler::JobRepository (SQLite and PostgreSQL alike) over job_runs and
// job_leases (migration 0014). A lease is taken by one guarded UPDATE inside a transaction: the
// row changes only when it is free or expired, so of two holders racing exactly one wins
// (SQLite's write lock, PostgreSQL's row lock and re-check under READ COMMITTED).
// Thread-safety: thread-safe (a pooled connection per call).
#pragma once

#include <memory>

#include "domain/scheduler/scheduler.hpp"
#include "storage/db.hpp"

namespace linli::storage {

std::unique_ptr<scheduler::JobRepository> MakeSqlJobRepository(Database& database);

}  // namespace linli::storage

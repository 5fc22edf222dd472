// SQL implementation of events::EventRepository (SQLite and PostgreSQL alike) and the file
// photo store (uploads kept under a folder outside the web root).
// Thread-safety: thread-safe (a pooled connection per call; writes in one transaction each).
#pragma once

#include <filesystem>
#include <memory>

#include "domain/events/events.hpp"
#include "storage/db.hpp"

namespace linli::storage {

std::unique_ptr<events::EventRepository> MakeSqlEventRepository(Database& database);

// Photos under `root`/events/<event id>/<random>.<ext>; the folder is created on demand.
std::unique_ptr<events::PhotoStore> MakeFilePhotoStore(std::filesystem::path root);

}  // namespace linli::storage

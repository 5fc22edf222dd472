// HTTP handlers of the registry's spreadsheets (docs/api.md, "Residents import and export"):
// the import template, the import itself (the file as the raw request body, .xlsx or .csv,
// within the gate's ImportLimits; ?dry_run=1 checks only; ?report=xlsx answers a rejected file
// with the error copy instead of JSON — the shared answer of http/import_response.hpp) and the
// export of any filtered list as .xlsx.
// Thread-safety: the handlers hold references to the services (thread-safe) and no state.
#pragma once

#include <cstddef>
#include <vector>

#include "domain/people/resident_files.hpp"
#include "http/handler.hpp"
#include "http/import_response.hpp"

namespace linli::http {

// The service and the gate must outlive the routes.
std::vector<Route> ResidentFileRoutes(people::ResidentFileService& files, ImportGate& imports);

}  // namespace linli::http

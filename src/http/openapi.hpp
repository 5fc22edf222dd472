// The OpenAPI 3.0.3 description of the HTTP API (src/http/openapi.json), embedded into the
// binary at build time and served at GET /api/v1/openapi.json.
// Thread-safety: read-only data; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace linli::http {

// The document exactly as in src/http/openapi.json.
std::string_view OpenApiDocument();

// "GET /api/v1/divisions/{code}", one per operation of the document, sorted. Empty when the
// document does not parse (its unit test fails then).
std::vector<std::string> OpenApiOperations();

}  // namespace linli::http

// Handlers of /api/v1/events, /escalations, /departments, /event-categories, /open311/keys (JSON
// API) and of the public Open311 GeoReport v2 API under /open311/v2. The bell's
// /notifications routes are http/notifications'.
//
// Open311: the router matches {name} against whole path segments, so "services.json" and
// "services.xml" are one {file} segment parsed by the handler (format from the suffix; an
// unknown file answers 404 in the spec's error format). Errors there are the spec's
// [{"code":400,"description":"…"}] (JSON) or <errors><error>… (XML), never the API envelope.
// Thread-safety: the routes hold references to the thread-safe services.
#pragma once

#include <vector>

#include "domain/events/escalation_service.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/open311_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

inline constexpr std::size_t kEventPhotoBodyLimit = 6 * 1024 * 1024;

// The services must outlive the routes.
std::vector<Route> EventRoutes(events::EventService& events, events::EscalationService& escalations,
                               events::Open311Service& open311);
std::vector<Route> Open311Routes(events::Open311Service& open311);

// "2026-03-02T09:00:00+08:00" for an instant (China Standard Time).
std::string Open311DateTime(int64_t millis);
// ISO 8601 date-time (offset or Z; date alone = 00:00 CST) to epoch milliseconds.
std::optional<int64_t> ParseOpen311DateTime(std::string_view text);

}  // namespace linli::http

// Handlers of /api/v1/events, /escalations, /event-categories, /notifications, /open311/keys
// (JSON API) and of the public Open311 GeoReport v2 API under /open311/v2.
//
// Open311: the router matches {name} against whole path segments, so "services.json" and
// "services.xml" are one {file} segment parsed by the handler (format from the suffix; an
// unknown file answers 404 in the spec's error format). Errors there are the spec's
// [{"code":400,"description":"…"}] (JSON) or <errors><error>… (XML), never the API envelope.
// Thread-safety: the routes hold a reference to the thread-safe EventService.
#pragma once

#include <vector>

#include "domain/events/event_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

inline constexpr std::size_t kEventPhotoBodyLimit = 6 * 1024 * 1024;

std::vector<Route> EventRoutes(events::EventService& events);
std::vector<Route> Open311Routes(events::EventService& events);

// "2026-03-02T09:00:00+08:00" for an instant (China Standard Time).
std::string Open311DateTime(int64_t millis);
// ISO 8601 date-time (offset or Z; date alone = 00:00 CST) to epoch milliseconds.
std::optional<int64_t> ParseOpen311DateTime(std::string_view text);

}  // namespace linli::http

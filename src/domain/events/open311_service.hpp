// Open311Service: the Open311 GeoReport v2 view of events (/open311/v2). Services are the active
// leaf categories of the taxonomy (read from EventService); a submission with an API key becomes
// an event of channel open311 at the building its location names (address_id, the nearest
// building to lat/long within options.open311_max_degrees, or address_string), routed and
// notified like a report in the app; requests are the city's events without personal data.
// API keys (events.manage) are shown once and stored as SM3 digests.
// Thread-safety: thread-safe (no state of its own).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/events/dependencies.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/events.hpp"

namespace linli::events {

// What the public may see of a request (issue 15 item 10): no handling note, the address at road
// level (the text before its first house number) and coordinates rounded to 0.001° (about 100 m),
// no building id.
Event PublicView(Event event);
// The road of an address: the text before its first digit, cut after its last road word (路, 街,
// 巷, 弄, 道) when it has one, trimmed ("文昌路123号" -> "文昌路", "文昌路甲号" -> "文昌路").
std::string RoadLevel(std::string_view address);
// A media_url a request may carry: http(s), at most 1000 characters, no spaces or controls.
bool IsAcceptableMediaUrl(std::string_view url);

struct Open311Key {
  int64_t id = 0;
  std::string name;
  std::string api_key;  // shown once
};

struct Open311Submission {
  std::string api_key;
  std::string service_code;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string address_string;
  std::optional<int64_t> address_id;
  std::string description;
  std::string media_url;
};

struct Open311Receipt {
  int64_t service_request_id = 0;
  std::string service_notice;
};

class Open311Service {
 public:
  // REQUIRES: taxonomy outlives the service.
  Open311Service(const EventDependencies& dependencies, EventService& taxonomy,
                 EventOptions options = {});

  core::Result<Open311Key> CreateKey(std::string_view name, const access::Caller& caller);
  // The whole taxonomy (services name their group by its parent category).
  core::Result<std::vector<Category>> Categories();
  // Services = the active leaf categories.
  core::Result<std::vector<Category>> Services();
  core::Result<Category> Service(std::string_view code);
  // kPermissionDenied for a missing or unknown key; kInvalidArgument for bad fields.
  core::Result<Open311Receipt> Submit(const Open311Submission& submission);
  // The public requests (submitted through Open311) in their public view (PublicView).
  core::Result<std::vector<Event>> Requests(PublicQuery query);
  core::Result<Event> Request(int64_t id);

  const EventOptions& options() const { return options_; }

 private:
  // The building a submission's location names, inside the city.
  core::Result<BuildingPlace> Locate(const Open311Submission& submission);

  EventDependencies dependencies_;
  EventService& taxonomy_;
  EventOptions options_;
};

}  // namespace linli::events

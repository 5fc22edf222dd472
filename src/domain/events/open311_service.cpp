#include "domain/events/open311_service.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/crypto/primitives.hpp"
#include "domain/events/internal/new_events.hpp"
#include "domain/events/internal/notices.hpp"

namespace linli::events {

Open311Service::Open311Service(const EventDependencies& dependencies, EventService& taxonomy,
                               EventOptions options)
    : dependencies_(dependencies), taxonomy_(taxonomy), options_(std::move(options)) {}

core::Result<Open311Key> Open311Service::CreateKey(std::string_view name,
                                                   const access::Caller& caller) {
  if (!caller.Has(access::Permission::kEventsManage)) {
    return core::Error::PermissionDenied("无权创建 Open311 API 密钥");
  }
  if (name.empty() || name.size() > 100) {
    return core::Error::Validation("请填写密钥名称（使用方）", "name");
  }
  ASSIGN_OR_RETURN(auto random, crypto::RandomBytes(24));
  Open311Key key;
  key.name = std::string(name);
  key.api_key = "l311_" + crypto::HexEncode(random);
  ASSIGN_OR_RETURN(auto hash, crypto::Sm3(key.api_key));
  ASSIGN_OR_RETURN(key.id, dependencies_.repository.CreateOpen311Key(
                               name, crypto::HexEncode(hash), caller.account_id(),
                               dependencies_.clock.NowMillis()));
  return key;
}

core::Result<std::vector<Category>> Open311Service::Categories() { return taxonomy_.Categories(); }

core::Result<std::vector<Category>> Open311Service::Services() {
  ASSIGN_OR_RETURN(auto cached, taxonomy_.CachedCategories());
  std::set<std::string> parents;
  for (const auto& category : *cached) {
    if (!category.parent_code.empty()) parents.insert(category.parent_code);
  }
  std::vector<Category> out;
  for (const auto& category : *cached) {
    if (category.active && !parents.count(category.code)) out.push_back(category);
  }
  return out;
}

core::Result<Category> Open311Service::Service(std::string_view code) {
  ASSIGN_OR_RETURN(auto services, Services());
  for (auto& service : services) {
    if (service.code == code) return std::move(service);
  }
  return core::Error::NotFound("service_code not found: " + std::string(code));
}

core::Result<BuildingPlace> Open311Service::Locate(const Open311Submission& submission) {
  EventRepository& repository = dependencies_.repository;
  std::optional<BuildingPlace> building;
  if (submission.address_id) {
    ASSIGN_OR_RETURN(building, repository.FindBuilding(*submission.address_id));
    if (building && building->place_code.rfind(options_.city_code, 0) != 0) building.reset();
    if (!building) {
      return core::Error::InvalidArgument("address_id 不存在 (unknown address_id)", "address_id");
    }
  } else if (submission.lat) {
    if (!internal::InsideChina(*submission.lat, *submission.lon)) {
      return core::Error::InvalidArgument("坐标不在中国境内 (lat/long outside China)", "lat");
    }
    ASSIGN_OR_RETURN(building,
                     repository.NearestBuilding(*submission.lat, *submission.lon,
                                                options_.open311_max_degrees, options_.city_code));
  } else if (!submission.address_string.empty()) {
    ASSIGN_OR_RETURN(building,
                     repository.BuildingByAddress(submission.address_string, options_.city_code));
  } else {
    return core::Error::InvalidArgument(
        "需要位置：lat/long、address_string 或 address_id (a location is required)", "lat");
  }
  if (!building) {
    return core::Error::InvalidArgument(
        "无法确定位置所属社区 (location is outside the jurisdiction)", "lat");
  }
  return *building;
}

core::Result<Open311Receipt> Open311Service::Submit(const Open311Submission& submission) {
  EventRepository& repository = dependencies_.repository;
  if (submission.api_key.empty()) {
    return core::Error::PermissionDenied("api_key 缺失 (api_key is required)");
  }
  ASSIGN_OR_RETURN(auto hash, crypto::Sm3(submission.api_key));
  ASSIGN_OR_RETURN(auto key_id, repository.FindOpen311Key(crypto::HexEncode(hash)));
  if (!key_id) return core::Error::PermissionDenied("api_key 无效 (invalid api_key)");
  if (submission.service_code.empty()) {
    return core::Error::InvalidArgument("缺少 service_code (service_code is required)",
                                        "service_code");
  }
  auto service = Service(submission.service_code);
  if (!service.ok()) {
    return core::Error::InvalidArgument(
        "service_code 不存在 (unknown service_code " + submission.service_code + ")",
        "service_code");
  }
  if (submission.description.empty()) {
    return core::Error::InvalidArgument("缺少 description (description is required)",
                                        "description");
  }
  if (submission.description.size() > 4000) {
    return core::Error::InvalidArgument("description 过长 (at most 4000 bytes)", "description");
  }
  if (!submission.media_url.empty() && !IsAcceptableMediaUrl(submission.media_url)) {
    return core::Error::InvalidArgument("media_url 须为 http(s) 地址 (media_url must be http(s))",
                                        "media_url");
  }
  if (submission.lat.has_value() != submission.lon.has_value()) {
    return core::Error::InvalidArgument("lat 与 long 须同时提供 (lat and long go together)", "lat");
  }
  ASSIGN_OR_RETURN(auto building, Locate(submission));
  Event event;
  event.category_code = service->code;
  event.category_name = service->name;
  event.description = submission.description;
  event.urgency = Urgency::kNormal;
  event.community_code = building.community_code;
  event.place_code = building.place_code;
  event.building_id = building.id;
  event.address = submission.address_string.empty() ? building.address
                                                    : submission.address_string.substr(0, 300);
  event.lat = submission.lat ? submission.lat : building.lat;
  event.lon = submission.lon ? submission.lon : building.lon;
  event.channel = Channel::kOpen311;
  event.open311_key_id = *key_id;
  event.created_at = event.updated_at = dependencies_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());
  ASSIGN_OR_RETURN(auto routed, internal::RouteNewEvent(dependencies_, event, std::nullopt,
                                                        "Open311", *calendar));
  ASSIGN_OR_RETURN(auto id, repository.CreateEvent(event, routed.write));
  if (!submission.media_url.empty()) {
    Photo photo;
    photo.event_id = id;
    photo.content_type = "text/uri-list";
    photo.media_url = submission.media_url.substr(0, 1000);
    photo.created_at = event.created_at;
    ASSIGN_OR_RETURN(auto photo_id, repository.AddPhoto(photo));
    (void)photo_id;
  }
  internal::Deliver(dependencies_.notifier, routed.write.notices);
  return Open311Receipt{id, "已受理，分派至" + event.handler_name};
}

core::Result<std::vector<Event>> Open311Service::Requests(PublicQuery query) {
  query.city_code = options_.city_code;
  if (query.limit <= 0 || query.limit > 200) query.limit = 50;
  ASSIGN_OR_RETURN(auto events, dependencies_.repository.ListPublic(query));
  for (auto& event : events) event = PublicView(std::move(event));
  return events;
}

core::Result<Event> Open311Service::Request(int64_t id) {
  ASSIGN_OR_RETURN(auto event, dependencies_.repository.GetPublic(id, options_.city_code));
  if (!event) return core::Error::NotFound("service_request_id not found");
  return PublicView(std::move(*event));
}

std::string RoadLevel(std::string_view address) {
  // The part before the door number ("文昌路18号" → "文昌路"), cut after its last road word when
  // there is one, so a door "number" written without digits is dropped too.
  std::string_view road = address.substr(0, address.find_first_of("0123456789"));
  size_t end = std::string_view::npos;
  for (std::string_view word : {"路", "街", "巷", "弄", "道"}) {
    const size_t at = road.rfind(word);
    if (at != std::string_view::npos && (end == std::string_view::npos || at + word.size() > end)) {
      end = at + word.size();
    }
  }
  if (end != std::string_view::npos) road = road.substr(0, end);
  while (!road.empty() && (road.back() == ' ' || road.back() == ',')) road.remove_suffix(1);
  return std::string(road);
}

Event PublicView(Event event) {
  event.status_note.clear();
  event.address = RoadLevel(event.address);
  const auto coarse = [](std::optional<double>& value) {
    if (value) value = std::round(*value * 1000.0) / 1000.0;
  };
  coarse(event.lat);
  coarse(event.lon);
  event.building_id.reset();
  event.reporter_account_id.reset();
  return event;
}

bool IsAcceptableMediaUrl(std::string_view url) {
  if (url.size() > 1000) return false;
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  const size_t host = url.find("//") + 2;
  if (host >= url.size() || url[host] == '/') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>';
  });
}

}  // namespace linli::events

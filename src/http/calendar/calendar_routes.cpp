#include "http/calendar/calendar_routes.hpp"

#include <boost/json.hpp>

namespace linli::http {

namespace json = boost::json;

namespace {

json::object CalendarJson(const calendar::CalendarDocument& document) {
  json::object out;
  out["version"] = document.version;
  out["created_at"] = document.created_at;
  out["created_by"] = document.created_by;
  boost::system::error_code error;
  json::value parsed = json::parse(document.json, error);
  out["calendar"] = error ? json::value(nullptr) : std::move(parsed);
  return out;
}

}  // namespace

std::vector<Route> CalendarRoutes(calendar::CalendarService& calendars) {
  std::vector<Route> routes;
  routes.push_back(Route{"GET", "/api/v1/holiday-calendar", std::nullopt,
                         [&calendars](Request&) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto document, calendars.DocumentInForce());
                           return Response::Json(CalendarJson(document));
                         },
                         "the holiday calendar in force (public)"});
  routes.push_back(Route{"PUT", "/api/v1/holiday-calendar", access::Permission::kCatalogueManage,
                         [&calendars](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto document,
                                            calendars.Replace(request.body, request.Caller()));
                           return Response::Json(CalendarJson(document));
                         },
                         "replace the holiday calendar (cn-holidays.json format)"});
  return routes;
}

}  // namespace linli::http

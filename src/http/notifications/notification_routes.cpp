#include "http/notifications/notification_routes.hpp"

#include <boost/json.hpp>

#include "http/json_body.hpp"

namespace linli::http {

namespace json = boost::json;

std::string SubjectLink(const std::optional<notifications::Subject>& subject) {
  if (!subject) return "";
  switch (subject->type) {
    case notifications::SubjectType::kEvent:
      return "/events/" + std::to_string(subject->id);
    case notifications::SubjectType::kEscalation:
      return "/escalations/" + std::to_string(subject->id);
    case notifications::SubjectType::kMandatoryReport:
      return "/care/mandatory-reports/" + std::to_string(subject->id);
    case notifications::SubjectType::kApplication:
      return "/care/applications/" + std::to_string(subject->id);
  }
  return "";
}

json::object NotificationJson(const notifications::Notification& n) {
  json::object item;
  item["id"] = n.id;
  item["kind"] = n.kind;
  item["text"] = n.text;
  if (n.subject) {
    item["subject_type"] = notifications::SubjectTypeName(n.subject->type);
    item["subject_id"] = n.subject->id;
  } else {
    item["subject_type"] = nullptr;
    item["subject_id"] = nullptr;
  }
  item["link"] = SubjectLink(n.subject);
  item["created_at"] = n.created_at;
  item["read_at"] = n.read_at ? json::value(*n.read_at) : json::value(nullptr);
  return item;
}

std::vector<Route> NotificationRoutes(notifications::NotificationService& service) {
  std::vector<Route> routes;
  routes.push_back(Route{
      "GET", "/api/v1/notifications", access::Permission::kSelf,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(
            auto result,
            service.List(request.Caller(), request.Query("unread").value_or("") == "1", page));
        json::object out = PageJson(result.page, NotificationJson);
        out["unread_count"] = result.unread_count;
        return Response::Json(out);
      },
      "my notifications (newest first) with the unread count"});
  routes.push_back(Route{"POST", "/api/v1/notifications/{id}/read", access::Permission::kSelf,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto id, PathId(request, "id", "通知"));
                           TRY(service.MarkRead(request.Caller(), id));
                           return Response::NoContent();
                         },
                         "mark one notification read"});
  routes.push_back(Route{"POST", "/api/v1/notifications/read-all", access::Permission::kSelf,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto count, service.MarkAllRead(request.Caller()));
                           json::object out;
                           out["marked"] = count;
                           return Response::Json(out);
                         },
                         "mark all my notifications read"});
  return routes;
}

}  // namespace linli::http

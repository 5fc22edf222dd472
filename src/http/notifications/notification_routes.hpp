// Handlers of /api/v1/notifications (docs/api.md, "Notifications"): the signed-in account's
// notifications with the unread count, marking one or all read.
//
// A notification is sent with its subject ("subject_type", "subject_id"; both null when there is
// nothing to open), which the web maps to its pages, and with "link", the same page as a path of
// the web app (SubjectLink), kept for clients written before subjects existed.
// Thread-safety: the handlers hold a reference to the thread-safe NotificationService.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/notifications/notification_service.hpp"
#include "http/handler.hpp"

namespace linli::http {

// The service must outlive the routes.
std::vector<Route> NotificationRoutes(notifications::NotificationService& notifications);

// The web app's page of a subject: "/events/{id}", "/escalations/{id}"; "" for none.
std::string SubjectLink(const std::optional<notifications::Subject>& subject);
// {"id","kind","text","subject_type","subject_id","link","created_at","read_at"}.
boost::json::object NotificationJson(const notifications::Notification& notification);

}  // namespace linli::http

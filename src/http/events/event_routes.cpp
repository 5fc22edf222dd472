#include "http/events/event_routes.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "http/json_body.hpp"

// The fields each record sends as they are (FieldsJson); the writers below add the rest.
namespace linli::events {
BOOST_DESCRIBE_STRUCT(Event, (),
                      (id, category_name, description, community_code, place_code, community_name,
                       grid_name, building_id, lat, lon, address, reporter_account_id, skip_level,
                       status_note, expected_at, created_at, updated_at, public_at))
BOOST_DESCRIBE_STRUCT(Escalation, (),
                      (id, event_id, department, place_code, reason, whistler_name,
                       check_in_deadline_at, checked_in_at, checked_in_on_time, handle_deadline_at,
                       feedback, feedback_at, completed_on_time, closed_at, reporter_rating,
                       community_rating, created_at, updated_at))
// The fields a request body sets as they are (ReadFields).
BOOST_DESCRIBE_STRUCT(NewEvent, (),
                      (description, urgency, building_id, place_code, lat, lon, address))
}  // namespace linli::events

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

json::object CategoryJson(const events::Category& category) {
  json::object out;
  out["code"] = category.code;
  out["name"] = category.name;
  out["parent_code"] =
      category.parent_code.empty() ? json::value(nullptr) : json::value(category.parent_code);
  out["description"] = category.description;
  out["keywords"] = Strings(category.keywords);
  out["active"] = category.active;
  return out;
}

json::object EventJson(const events::Event& e) {
  json::object out = FieldsJson(e);
  out["category"] = e.category_code;
  out["urgency"] = events::UrgencyName(e.urgency);
  out["state"] = events::EventStateName(e.state);
  out["state_name"] = events::EventStateLabel(e.state);
  out["channel"] = events::ChannelName(e.channel);
  json::object handler;
  handler["level"] = events::TargetLevelName(e.handler_level);
  handler["code"] = TextOrNull(e.handler_code);
  handler["department"] = TextOrNull(e.handler_department);
  handler["name"] = e.handler_name;
  out["handler"] = std::move(handler);
  out["routing_rule"] = e.routing_rule_id;
  out["public"] = e.IsPublic();
  return out;
}

json::object EscalationJson(const events::EscalationView& view) {
  const auto& e = view.escalation;
  json::object out = FieldsJson(e);
  out["urgency"] = events::UrgencyName(e.urgency);
  out["state"] = events::EscalationStateName(e.state);
  out["state_name"] = events::EscalationStateLabel(e.state);
  out["stage"] =
      e.has_stage ? json::value(events::EscalationStageName(e.clock.stage)) : json::value(nullptr);
  out["stage_started_at"] = e.has_stage ? json::value(e.clock.started_at_millis) : nullptr;
  out["stage_deadline_at"] = e.has_stage ? OrNull(e.stage_deadline_at) : nullptr;
  json::object limit;
  limit["unit"] = events::LimitUnitName(e.clock.limit.unit);
  limit["amount"] = e.clock.limit.amount;
  out["limit"] = std::move(limit);
  out["extension_amount"] = e.clock.extension_amount;
  out["extension_count"] = e.clock.extension_count;
  if (e.pending_extension_amount > 0) {
    json::object pending;
    pending["amount"] = e.pending_extension_amount;
    pending["reason"] = e.pending_extension_reason;
    out["pending_extension"] = std::move(pending);
  } else {
    out["pending_extension"] = nullptr;
  }
  out["warning"] = events::WarningLevelName(view.warning);
  out["percent_used"] = view.percent_used;
  out["supervision_level"] = events::SupervisionLevelName(e.supervision_level);
  out["supervision_name"] = e.supervision_level == events::SupervisionLevel::kNone
                                ? json::value(nullptr)
                                : json::value(events::SupervisionLevelLabel(e.supervision_level));
  out["event_category"] = view.event_category;
  out["event_description"] = view.event_description;
  out["allowed_actions"] = Strings(view.allowed_actions);
  return out;
}

json::object TransitionJson(const events::TransitionRecord& t) {
  json::object row;
  row["id"] = t.id;
  row["escalation_id"] = OrNull(t.escalation_id);
  row["actor_account_id"] = OrNull(t.actor_account_id);
  row["actor_name"] = t.actor_name;
  row["action"] = t.action;
  row["from"] = t.from_state.empty() ? json::value(nullptr) : json::value(t.from_state);
  row["to"] = t.to_state;
  row["note"] = t.note;
  row["at"] = t.at;
  return row;
}

json::object PhotoJson(const events::Photo& photo) {
  json::object p;
  p["id"] = photo.id;
  p["content_type"] = photo.content_type;
  p["byte_size"] = photo.byte_size;
  p["url"] = photo.media_url.empty() ? "/api/v1/events/" + std::to_string(photo.event_id) +
                                           "/photos/" + std::to_string(photo.id)
                                     : photo.media_url;
  p["created_at"] = photo.created_at;
  return p;
}

// GET /escalations/{id}: the escalation, the event it is about (null when the caller may not
// see it), its photos and the timeline rows of the event and of this escalation.
json::object EscalationDetailJson(const events::EscalationDetail& detail) {
  json::object out = EscalationJson(detail.view);
  if (detail.event) {
    json::object event = EventJson(*detail.event);
    json::array photos;
    for (const auto& photo : detail.photos) photos.push_back(PhotoJson(photo));
    event["photos"] = std::move(photos);
    out["event"] = std::move(event);
  } else {
    out["event"] = nullptr;
  }
  json::array transitions;
  for (const auto& t : detail.transitions) transitions.push_back(TransitionJson(t));
  out["transitions"] = std::move(transitions);
  return out;
}

json::object DetailJson(const events::EventDetail& detail) {
  json::object out = EventJson(detail.event);
  json::array copies;
  for (const auto& copy : detail.copies) {
    json::object c;
    c["level"] = copy.level;
    c["code"] = copy.division_code.empty() ? json::value(nullptr) : json::value(copy.division_code);
    c["department"] = copy.department.empty() ? json::value(nullptr) : json::value(copy.department);
    c["name"] = copy.name;
    copies.push_back(std::move(c));
  }
  out["copies"] = std::move(copies);
  json::array transitions;
  for (const auto& t : detail.transitions) transitions.push_back(TransitionJson(t));
  out["transitions"] = std::move(transitions);
  json::array photos;
  for (const auto& photo : detail.photos) photos.push_back(PhotoJson(photo));
  out["photos"] = std::move(photos);
  json::array escalations;
  for (const auto& view : detail.escalations) escalations.push_back(EscalationJson(view));
  out["escalations"] = std::move(escalations);
  out["allowed_actions"] = Strings(detail.allowed_actions);
  out["may_set_public"] = detail.may_set_public;
  return out;
}

core::Result<std::string> Text(const json::object& object, std::string_view field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(object, field));
  return value.value_or("");
}

}  // namespace

std::vector<Route> EventRoutes(events::EventService& service,
                               events::EscalationService& escalations,
                               events::Open311Service& open311) {
  std::vector<Route> routes;
  routes.push_back(Route{"GET", "/api/v1/event-categories", Permission::kEventsReport,
                         [&service](Request&) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto categories, service.Categories());
                           json::array items;
                           for (const auto& c : categories) items.push_back(CategoryJson(c));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the event category taxonomy"});
  routes.push_back(Route{
      "POST", "/api/v1/event-categories", Permission::kEventsManage,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        events::Category category;
        ASSIGN_OR_RETURN(category.code, RequiredString(body, "code"));
        ASSIGN_OR_RETURN(category.name, RequiredString(body, "name"));
        ASSIGN_OR_RETURN(category.description, Text(body, "description"));
        ASSIGN_OR_RETURN(auto active, OptionalBool(body, "active"));
        category.active = active.value_or(true);
        if (const auto* keywords = body.if_contains("keywords"); keywords && keywords->is_array()) {
          for (const auto& k : keywords->as_array()) {
            if (k.is_string()) category.keywords.emplace_back(k.as_string());
          }
        }
        ASSIGN_OR_RETURN(auto saved, service.SaveCategory(category, request.Caller()));
        return Response::Json(CategoryJson(saved), 201);
      },
      "add or change an event category (city administrators)"});

  routes.push_back(
      Route{"POST", "/api/v1/events", Permission::kEventsReport,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              events::NewEvent event;
              ASSIGN_OR_RETURN(event.category, RequiredString(body, "category"));
              TRY(ReadFields(body, event));
              event.idempotency_key = std::string(request.Header("idempotency-key"));
              ASSIGN_OR_RETURN(auto detail, service.Report(event, request.Caller()));
              return Response::Json(DetailJson(detail), detail.created ? 201 : 200);
            },
            "report an event (Idempotency-Key header: a repeat returns the first event, 200)"});
  routes.push_back(Route{"GET", "/api/v1/events", Permission::kEventsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           events::EventQuery query;
                           ASSIGN_OR_RETURN(query.page,
                                            core::MakePageRequest(request.Query("limit"),
                                                                  request.Query("cursor")));
                           // state=open: every state not yet resolved.
                           if (auto state = request.Query("state"); state && *state == "open") {
                             query.open = true;
                           } else if (state && !state->empty()) {
                             query.state = events::EventStateFromName(*state);
                             if (!query.state)
                               return core::Error::InvalidArgument("未知状态: " + *state, "state");
                           }
                           query.category = request.Query("category").value_or("");
                           query.place = request.Query("place").value_or("");
                           query.mine = request.Query("mine").value_or("") == "1";
                           ASSIGN_OR_RETURN(auto page, service.List(query, request.Caller()));
                           return Response::Json(PageJson(page, EventJson));
                         },
                         "events in the caller's jurisdiction and those the caller reported"});
  routes.push_back(Route{"GET", "/api/v1/events/{id}", Permission::kEventsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto id, PathId(request, "id", "事件"));
                           ASSIGN_OR_RETURN(auto detail, service.Get(id, request.Caller()));
                           return Response::Json(DetailJson(detail));
                         },
                         "an event with copies, transitions, photos and escalations"});
  routes.push_back(
      Route{"POST", "/api/v1/events/{id}/transitions", Permission::kEventsReport,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto id, PathId(request, "id", "事件"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              events::EventActionRequest action;
              ASSIGN_OR_RETURN(action.action, RequiredString(body, "action"));
              ASSIGN_OR_RETURN(action.reason, Text(body, "reason"));
              ASSIGN_OR_RETURN(action.assignee, Text(body, "assignee"));
              ASSIGN_OR_RETURN(auto detail, service.Act(id, action, request.Caller()));
              return Response::Json(DetailJson(detail));
            },
            "change an event's state (events.handle in scope; refused transitions 409)"});
  routes.push_back(Route{
      "POST", "/api/v1/events/{id}/public", Permission::kEventsReport,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto id, PathId(request, "id", "事件"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        const auto* flag = body.if_contains("public");
        if (flag == nullptr || !flag->is_bool()) {
          return core::Error::InvalidArgument("字段 public 应为 true 或 false", "public");
        }
        ASSIGN_OR_RETURN(auto detail, service.SetPublic(id, flag->as_bool(), request.Caller()));
        return Response::Json(DetailJson(detail));
      },
      "make an event public in the Open311 requests, or private again (events.handle in scope)"});
  Route photo{"POST", "/api/v1/events/{id}/photos", Permission::kEventsReport,
              [&service](Request& request) -> core::Result<Response> {
                ASSIGN_OR_RETURN(auto id, PathId(request, "id", "事件"));
                ASSIGN_OR_RETURN(auto photo, service.AddPhoto(id, request.body, request.Caller()));
                json::object out;
                out["id"] = photo.id;
                out["content_type"] = photo.content_type;
                out["byte_size"] = photo.byte_size;
                out["url"] =
                    "/api/v1/events/" + std::to_string(id) + "/photos/" + std::to_string(photo.id);
                out["created_at"] = photo.created_at;
                return Response::Json(out, 201);
              },
              "add a photo (raw JPEG or PNG body, at most 5 MiB)"};
  photo.body_limit = kEventPhotoBodyLimit;
  routes.push_back(std::move(photo));
  // kSelf: the service admits whoever sees the event, including the officers of a department
  // it was escalated to (who hold no events.report).
  routes.push_back(Route{"GET", "/api/v1/events/{id}/photos/{photo_id}", Permission::kSelf,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto id, PathId(request, "id", "事件"));
                           ASSIGN_OR_RETURN(auto photo_id, PathId(request, "photo_id", "照片"));
                           ASSIGN_OR_RETURN(auto photo,
                                            service.GetPhoto(id, photo_id, request.Caller()));
                           Response response;
                           response.content_type = photo.first.content_type;
                           response.body = std::move(photo.second);
                           response.headers.emplace_back("Cache-Control", "private, max-age=3600");
                           response.headers.emplace_back("X-Content-Type-Options", "nosniff");
                           return response;
                         },
                         "a photo's bytes"});
  routes.push_back(Route{
      "POST", "/api/v1/events/{id}/escalations", Permission::kEventsEscalate,
      [&escalations](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto id, PathId(request, "id", "事件"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        events::EscalateRequest escalate;
        ASSIGN_OR_RETURN(escalate.reason, Text(body, "reason"));
        const auto* departments = body.if_contains("departments");
        if (departments == nullptr || !departments->is_array()) {
          return core::Error::InvalidArgument("字段 departments 应为部门名称数组", "departments");
        }
        for (const auto& d : departments->as_array()) {
          if (!d.is_string()) {
            return core::Error::InvalidArgument("字段 departments 应为部门名称数组", "departments");
          }
          escalate.departments.emplace_back(d.as_string());
        }
        ASSIGN_OR_RETURN(auto views, escalations.Escalate(id, escalate, request.Caller()));
        json::array items;
        for (const auto& view : views) items.push_back(EscalationJson(view));
        json::object out;
        out["items"] = std::move(items);
        return Response::Json(out, 201);
      },
      "blow the whistle: escalate an event to departments (one escalation each)"});
  // kSelf: the service admits department officers and supervisors (events.supervise).
  routes.push_back(Route{
      "GET", "/api/v1/escalations/board", Permission::kSelf,
      [&escalations](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto views, escalations.Board(request.Query("department").value_or(""),
                                                       request.Caller()));
        json::array items;
        for (const auto& view : views) items.push_back(EscalationJson(view));
        json::object out;
        out["items"] = std::move(items);
        return Response::Json(out);
      },
      "the department's open escalations with warnings, overdue first"});
  routes.push_back(
      Route{"GET", "/api/v1/escalations/ranking", Permission::kEventsRead,
            [&escalations](Request& request) -> core::Result<Response> {
              auto from = request.Query("from");
              auto to = request.Query("to");
              if (!from) return core::Error::InvalidArgument("缺少参数 from（YYYY-MM-DD）", "from");
              if (!to) return core::Error::InvalidArgument("缺少参数 to（YYYY-MM-DD）", "to");
              ASSIGN_OR_RETURN(auto rows, escalations.Ranking(*from, *to, request.Caller()));
              json::array items;
              for (const auto& row : rows) {
                json::object item;
                item["rank"] = row.rank;
                item["department"] = row.department;
                item["escalations"] = row.escalations;
                item["on_time_check_in_rate"] = row.on_time_check_in_rate;
                item["on_time_completion_rate"] = row.on_time_completion_rate;
                item["mean_rating"] = OrNull(row.mean_rating);
                item["ratings"] = row.ratings;
                items.push_back(std::move(item));
              }
              json::object out;
              out["from"] = *from;
              out["to"] = *to;
              out["items"] = std::move(items);
              return Response::Json(out);
            },
            "departments ranked by on-time check-in, on-time completion and ratings"});
  routes.push_back(Route{"GET", "/api/v1/escalations/{id}", Permission::kSelf,
                         [&escalations](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto id, PathId(request, "id", "吹哨记录"));
                           ASSIGN_OR_RETURN(auto detail,
                                            escalations.GetEscalationDetail(id, request.Caller()));
                           return Response::Json(EscalationDetailJson(detail));
                         },
                         "one escalation with its stage clock and warning, the event, its photos "
                         "and the escalation's timeline"});
  routes.push_back(Route{
      "POST", "/api/v1/escalations/{id}/transitions", Permission::kSelf,
      [&escalations](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto id, PathId(request, "id", "吹哨记录"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        events::EscalationActionRequest action;
        ASSIGN_OR_RETURN(action.action, RequiredString(body, "action"));
        ASSIGN_OR_RETURN(action.reason, Text(body, "reason"));
        ASSIGN_OR_RETURN(action.feedback, Text(body, "feedback"));
        ASSIGN_OR_RETURN(auto amount, OptionalInt(body, "amount"));
        action.amount = static_cast<int>(amount.value_or(0));
        ASSIGN_OR_RETURN(auto rating, OptionalInt(body, "rating"));
        if (rating) action.rating = static_cast<int>(*rating);
        ASSIGN_OR_RETURN(auto view, escalations.ActOnEscalation(id, action, request.Caller()));
        return Response::Json(EscalationJson(view));
      },
      "act on an escalation (check in, feedback, extensions, supervise, verify, rate…)"});

  // kSelf: the service admits whoever takes part in the whistle.
  routes.push_back(Route{"GET", "/api/v1/departments", Permission::kSelf,
                         [&escalations](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto departments,
                                            escalations.Departments(request.Caller()));
                           json::array items;
                           for (const auto& department : departments) {
                             json::object item;
                             item["code"] = department.code;
                             item["name"] = department.name;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the city's named departments a whistle goes to (code, name)"});

  routes.push_back(Route{"POST", "/api/v1/open311/keys", Permission::kEventsManage,
                         [&open311](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto name, Text(body, "name"));
                           ASSIGN_OR_RETURN(auto key, open311.CreateKey(name, request.Caller()));
                           json::object out;
                           out["id"] = key.id;
                           out["name"] = key.name;
                           out["api_key"] = key.api_key;
                           return Response::Json(out, 201);
                         },
                         "create an Open311 API key (shown once; stored hashed)"});
  return routes;
}

}  // namespace linli::http

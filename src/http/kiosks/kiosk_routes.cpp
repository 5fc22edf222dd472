#include "http/kiosks/kiosk_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "http/json_body.hpp"

namespace linli::kiosks {
BOOST_DESCRIBE_STRUCT(Kiosk, (),
                      (id, community_code, community_name, name, location, enabled, created_at,
                       created_by, created_by_name, disabled_at, last_seen_at, token_issued_at,
                       token_expires_at))
BOOST_DESCRIBE_STRUCT(QueueTicket, (),
                      (id, community_code, service_date, number, code, category, desk, kiosk_id,
                       taken_by, taken_at, called_at, call_count, finished_at))
}  // namespace linli::kiosks

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

constexpr std::string_view kTokenHeader = "x-kiosk-token";

json::object KioskJson(const kiosks::Kiosk& kiosk) {
  json::object out = FieldsJson(kiosk);
  out["kind"] = kiosks::kDeviceKindNames.Name(kiosk.kind);
  out["kind_label"] = kiosks::kDeviceKindNames.Label(kiosk.kind);
  return out;
}

json::object TicketJson(const kiosks::QueueTicket& ticket) {
  json::object out = FieldsJson(ticket);
  out["state"] = kiosks::TicketStateName(ticket.state);
  out["state_label"] = kiosks::TicketStateLabel(ticket.state);
  return out;
}

json::object BoardJson(const kiosks::HallBoard& board) {
  json::object out;
  out["community_code"] = board.community_code;
  out["community_name"] = board.community_name;
  out["service_date"] = board.service_date;
  json::array called;
  for (const auto& ticket : board.called) called.push_back(TicketJson(ticket));
  out["called"] = std::move(called);
  json::array waiting;
  for (const auto& ticket : board.waiting) waiting.push_back(TicketJson(ticket));
  out["waiting"] = std::move(waiting);
  out["waiting_count"] = board.waiting_count;
  return out;
}

json::object CoverageRowJson(const kiosks::KioskCoverageRow& row) {
  json::object out;
  out["code"] = row.code;
  out["name"] = row.name;
  out["urban_communities"] = row.urban_communities;
  out["with_kiosk"] = row.with_kiosk;
  out["rate"] = row.urban_communities > 0 ? json::value(static_cast<double>(row.with_kiosk) /
                                                        static_cast<double>(row.urban_communities))
                                          : json::value(nullptr);
  return out;
}

std::string Token(const Request& request) { return std::string(request.Header(kTokenHeader)); }

core::Result<std::string> BodyText(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  return value.value_or("");
}

}  // namespace

std::vector<Route> KioskRoutes(kiosks::KioskService& service) {
  std::vector<Route> routes;

  // ----- kiosks (kiosks.manage) -----
  routes.push_back(Route{"POST", "/api/v1/kiosks", Permission::kKiosksManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           kiosks::NewKiosk input;
                           ASSIGN_OR_RETURN(input.community_code, BodyText(body, "community_code"));
                           ASSIGN_OR_RETURN(input.name, BodyText(body, "name"));
                           ASSIGN_OR_RETURN(input.location, BodyText(body, "location"));
                           ASSIGN_OR_RETURN(input.kind, BodyText(body, "kind"));
                           ASSIGN_OR_RETURN(auto registered,
                                            service.Register(input, request.Caller()));
                           json::object out = KioskJson(registered.kiosk);
                           out["device_token"] = registered.device_token;
                           Response response = Response::Json(out, 201);
                           response.headers.emplace_back("Cache-Control", "no-store");
                           return response;
                         },
                         "register a kiosk or hall display (its device token shown once)"});

  routes.push_back(Route{"GET", "/api/v1/kiosks", Permission::kKiosksManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list,
                                            service.List(request.Query("community").value_or(""),
                                                         request.Caller()));
                           json::array items;
                           for (const auto& kiosk : list) items.push_back(KioskJson(kiosk));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "kiosks of a community (or of the caller's scope)"});

  routes.push_back(Route{"POST", "/api/v1/kiosks/{id}/disable", Permission::kKiosksManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "终端"));
                           ASSIGN_OR_RETURN(auto kiosk, service.Disable(id, request.Caller()));
                           return Response::Json(KioskJson(kiosk));
                         },
                         "disable a kiosk (its token stops working)"});

  routes.push_back(Route{"POST", "/api/v1/kiosks/{id}/token", Permission::kKiosksManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "终端"));
                           ASSIGN_OR_RETURN(auto replaced,
                                            service.ReplaceToken(id, request.Caller()));
                           json::object out = KioskJson(replaced.kiosk);
                           out["device_token"] = replaced.device_token;
                           Response response = Response::Json(out);
                           response.headers.emplace_back("Cache-Control", "no-store");
                           return response;
                         },
                         "a new device token for a kiosk (shown once; the old one stops)"});

  routes.push_back(Route{"GET", "/api/v1/kiosk-coverage", Permission::kKiosksManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto coverage,
                                            service.Coverage(request.Query("division").value_or(""),
                                                             request.Caller()));
                           json::object out;
                           out["division_code"] = coverage.division_code;
                           json::array rows;
                           for (const auto& row : coverage.rows)
                             rows.push_back(CoverageRowJson(row));
                           out["rows"] = std::move(rows);
                           out["total"] = CoverageRowJson(coverage.total);
                           return Response::Json(out);
                         },
                         "B2a: urban communities with an enabled kiosk, by place"});

  // ----- the device (X-Kiosk-Token) -----
  routes.push_back(Route{"GET", "/api/v1/kiosk/device", std::nullopt,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto kiosk, service.Authenticate(Token(request)));
                           json::object out;
                           out["id"] = kiosk.id;
                           out["name"] = kiosk.name;
                           out["location"] = kiosk.location;
                           out["kind"] = kiosks::kDeviceKindNames.Name(kiosk.kind);
                           out["community_code"] = kiosk.community_code;
                           out["community_name"] = kiosk.community_name;
                           return Response::Json(out);
                         },
                         "the kiosk of the device token (X-Kiosk-Token)"});

  routes.push_back(Route{"POST", "/api/v1/kiosk/tickets", std::nullopt,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto category, BodyText(body, "category"));
                           ASSIGN_OR_RETURN(auto ticket,
                                            service.TakeTicketAtKiosk(Token(request), category));
                           ASSIGN_OR_RETURN(auto board, service.DeviceBoard(Token(request)));
                           json::object out = TicketJson(ticket);
                           int64_t ahead = 0;
                           for (const auto& waiting : board.waiting) {
                             if (waiting.number < ticket.number) ++ahead;
                           }
                           // The board lists the first waiting tickets only; beyond them every one
                           // is ahead.
                           if (board.waiting_count > static_cast<int64_t>(board.waiting.size())) {
                             ahead = board.waiting_count - 1;
                           }
                           out["waiting_ahead"] = ahead;
                           return Response::Json(out, 201);
                         },
                         "take a queue ticket at the kiosk (X-Kiosk-Token)"});

  routes.push_back(Route{"GET", "/api/v1/kiosk/board", std::nullopt,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto board, service.DeviceBoard(Token(request)));
                           Response response = Response::Json(BoardJson(board));
                           response.headers.emplace_back("Cache-Control", "no-store");
                           return response;
                         },
                         "the hall board of the device's community (X-Kiosk-Token)"});

  // ----- the desk -----
  routes.push_back(Route{"POST", "/api/v1/queue-tickets", Permission::kServicesHandle,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto community, BodyText(body, "community_code"));
                           ASSIGN_OR_RETURN(auto category, BodyText(body, "category"));
                           ASSIGN_OR_RETURN(
                               auto ticket,
                               service.TakeTicketAtDesk(community, category, request.Caller()));
                           return Response::Json(TicketJson(ticket), 201);
                         },
                         "take a queue ticket at the desk for a resident"});

  routes.push_back(Route{"GET", "/api/v1/queue-tickets", Permission::kServicesRead,
                         [&service](Request& request) -> core::Result<Response> {
                           const std::string community = request.Query("community").value_or("");
                           ASSIGN_OR_RETURN(auto board, service.Board(community, request.Caller()));
                           ASSIGN_OR_RETURN(auto tickets,
                                            service.Tickets(community, request.Caller()));
                           json::object out = BoardJson(board);
                           json::array items;
                           for (const auto& ticket : tickets) items.push_back(TicketJson(ticket));
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the day's queue tickets and hall board of a community"});

  routes.push_back(
      Route{"POST", "/api/v1/queue-tickets/call-next", Permission::kServicesHandle,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(auto community, BodyText(body, "community_code"));
              ASSIGN_OR_RETURN(auto desk, BodyText(body, "desk"));
              ASSIGN_OR_RETURN(auto ticket, service.CallNext(community, desk, request.Caller()));
              json::object out;
              out["ticket"] = ticket ? json::value(TicketJson(*ticket)) : json::value(nullptr);
              return Response::Json(out);
            },
            "叫号: call the day's next waiting ticket to a window"});

  routes.push_back(
      Route{"POST", "/api/v1/queue-tickets/{id}/transitions", Permission::kServicesHandle,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "号票"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(auto action, BodyText(body, "action"));
              ASSIGN_OR_RETURN(auto desk, BodyText(body, "desk"));
              ASSIGN_OR_RETURN(auto ticket, service.Act(id, action, desk, request.Caller()));
              return Response::Json(TicketJson(ticket));
            },
            "recall, serve or skip (过号) a ticket"});

  return routes;
}

}  // namespace linli::http

#include "http/designations/designation_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "http/import_response.hpp"
#include "http/json_body.hpp"

namespace linli::designations {
BOOST_DESCRIBE_STRUCT(Designation, (),
                      (id, kind, place_code, place_name, title, designated_on, approved_by, note,
                       evidence_name, evidence_type, evidence_size, revoked_on, revoke_reason,
                       created_by, created_by_name, created_at, updated_at, synthetic))
BOOST_DESCRIBE_STRUCT(DesignationEvent, (), (action, detail, actor_id, actor_name, at))
}  // namespace linli::designations

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using designations::DesignationService;

json::object DesignationJson(const designations::Designation& designation,
                             const DesignationService& service) {
  json::object out = FieldsJson(designation);
  out["approval_level"] = designations::kApprovalLevelNames.Name(designation.approval_level);
  out["approval_level_label"] = designations::kApprovalLevelNames.Label(designation.approval_level);
  out["in_force"] = designation.revoked_on.empty();
  std::string kind_name;
  for (const auto& kind : service.Kinds()) {
    if (kind.kind == designation.kind) kind_name = kind.name;
  }
  out["kind_name"] = kind_name;
  return out;
}

core::Result<std::string> Text(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  return value.value_or("");
}

}  // namespace

std::vector<Route> DesignationRoutes(DesignationService& service) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/designation-kinds", Permission::kIndicatorsRead,
                         [&service](Request&) -> core::Result<Response> {
                           json::array items;
                           for (const auto& kind : service.Kinds()) {
                             json::object item;
                             item["kind"] = kind.kind;
                             item["name"] = kind.name;
                             item["level"] = core::DivisionLevelName(kind.level);
                             json::array ids;
                             for (const auto& id : kind.indicators) ids.emplace_back(id);
                             item["indicators"] = std::move(ids);
                             item["since_plan_start"] = kind.since_plan_start;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the kinds of designation and pilot the plan counts"});

  routes.push_back(Route{"GET", "/api/v1/designations", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           designations::DesignationQuery query;
                           query.place_prefix = request.Query("place").value_or("");
                           query.kind = request.Query("kind").value_or("");
                           const std::string state = request.Query("state").value_or("");
                           if (state == "in_force")
                             query.in_force = true;
                           else if (state == "revoked")
                             query.in_force = false;
                           else if (!state.empty()) {
                             return core::Error::InvalidArgument("state 应为 in_force 或 revoked",
                                                                 "state");
                           }
                           ASSIGN_OR_RETURN(auto list, service.List(query, request.Caller()));
                           json::array items;
                           for (const auto& designation : list)
                             items.push_back(DesignationJson(designation, service));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "designations and pilots in scope, newest first"});

  routes.push_back(Route{"POST", "/api/v1/designations", Permission::kIndicatorsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           designations::NewDesignation input;
                           ASSIGN_OR_RETURN(input.kind, Text(body, "kind"));
                           ASSIGN_OR_RETURN(input.place_code, Text(body, "place"));
                           ASSIGN_OR_RETURN(input.title, Text(body, "title"));
                           ASSIGN_OR_RETURN(input.designated_on, Text(body, "designated_on"));
                           ASSIGN_OR_RETURN(input.approved_by, Text(body, "approved_by"));
                           ASSIGN_OR_RETURN(input.approval_level, Text(body, "approval_level"));
                           ASSIGN_OR_RETURN(input.note, Text(body, "note"));
                           ASSIGN_OR_RETURN(auto made, service.Create(input, request.Caller()));
                           return Response::Json(DesignationJson(made, service), 201);
                         },
                         "record a designation or pilot"});

  routes.push_back(Route{"GET", "/api/v1/designations/{id}", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "命名"));
                           ASSIGN_OR_RETURN(auto designation, service.Get(id, request.Caller()));
                           ASSIGN_OR_RETURN(auto history, service.History(id, request.Caller()));
                           json::object out = DesignationJson(designation, service);
                           json::array steps;
                           for (const auto& step : history) steps.push_back(FieldsJson(step));
                           out["history"] = std::move(steps);
                           return Response::Json(out);
                         },
                         "one designation with its history"});

  routes.push_back(Route{"POST", "/api/v1/designations/{id}/revoke", Permission::kIndicatorsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "命名"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto revoked_on, Text(body, "revoked_on"));
                           ASSIGN_OR_RETURN(auto reason, Text(body, "reason"));
                           ASSIGN_OR_RETURN(auto revoked, service.Revoke(id, revoked_on, reason,
                                                                         request.Caller()));
                           return Response::Json(DesignationJson(revoked, service));
                         },
                         "revoke a designation with a reason"});

  Route upload{"PUT", "/api/v1/designations/{id}/evidence", Permission::kIndicatorsReport,
               [&service](Request& request) -> core::Result<Response> {
                 ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "命名"));
                 ASSIGN_OR_RETURN(auto designation,
                                  service.AttachEvidence(id, request.Query("name").value_or(""),
                                                         request.body, request.Caller()));
                 return Response::Json(DesignationJson(designation, service));
               },
               "attach the evidence document (PDF, PNG or JPEG) of a designation"};
  upload.body_limit = designations::kMaxEvidenceBytes;
  routes.push_back(std::move(upload));

  routes.push_back(Route{"GET", "/api/v1/designations/{id}/evidence", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "命名"));
                           ASSIGN_OR_RETURN(auto file, service.Evidence(id, request.Caller()));
                           Response response;
                           response.content_type = file.type;
                           response.body = std::move(file.bytes);
                           response.headers.emplace_back(
                               "Content-Disposition", AttachmentDisposition("evidence", file.name));
                           response.headers.emplace_back("Cache-Control", "no-store");
                           return response;
                         },
                         "download the evidence document of a designation"});

  return routes;
}

}  // namespace linli::http

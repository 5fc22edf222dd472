#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "http/json_body.hpp"
#include "http/social_orgs/social_org_routes.hpp"

namespace linli::social_orgs {
BOOST_DESCRIBE_STRUCT(Incubation, (),
                      (id, organisation_id, organisation_name, base_id, base_name, base_place,
                       applied_on, started_on, ended_on, note, created_at, updated_at))
}  // namespace linli::social_orgs

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using social_orgs::IncubationService;

json::object IncubationJson(const social_orgs::Incubation& incubation) {
  json::object out = FieldsJson(incubation);
  out["status"] = social_orgs::kIncubationStatusNames.Name(incubation.status);
  out["status_label"] = social_orgs::kIncubationStatusNames.Label(incubation.status);
  return out;
}

core::Result<std::string> Text(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  return value.value_or("");
}

using StepFn = core::Result<social_orgs::Incubation> (IncubationService::*)(int64_t,
                                                                            std::string_view,
                                                                            const access::Caller&);

Route StepRoute(IncubationService& service, const char* path, StepFn step, const char* field,
                const char* summary) {
  return Route{"POST", path, Permission::kSocialOrgsManage,
               [&service, step, field](Request& request) -> core::Result<Response> {
                 ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "孵化记录"));
                 ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                 ASSIGN_OR_RETURN(auto on, Text(body, field));
                 ASSIGN_OR_RETURN(auto moved, (service.*step)(id, on, request.Caller()));
                 return Response::Json(IncubationJson(moved));
               },
               summary};
}

}  // namespace

std::vector<Route> IncubationRoutes(IncubationService& service) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/incubations", Permission::kSocialOrgsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           std::optional<social_orgs::IncubationStatus> status;
                           const std::string name = request.Query("status").value_or("");
                           if (!name.empty()) {
                             status = social_orgs::kIncubationStatusNames.From(name);
                             if (!status) {
                               return core::Error::InvalidArgument(
                                   "status 应为 applied、incubating、graduated 或 withdrawn",
                                   "status");
                             }
                           }
                           ASSIGN_OR_RETURN(auto list, service.List(status, request.Caller()));
                           json::array items;
                           for (const auto& incubation : list)
                             items.push_back(IncubationJson(incubation));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "incubations at the bases in scope, newest first"});

  routes.push_back(
      Route{"POST", "/api/v1/incubations", Permission::kSocialOrgsManage,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(int64_t organisation, RequiredInt(body, "organisation_id"));
              ASSIGN_OR_RETURN(int64_t base, RequiredInt(body, "base_id"));
              ASSIGN_OR_RETURN(auto applied_on, Text(body, "applied_on"));
              ASSIGN_OR_RETURN(auto note, Text(body, "note"));
              ASSIGN_OR_RETURN(
                  auto made, service.Apply(organisation, base, applied_on, note, request.Caller()));
              return Response::Json(IncubationJson(made), 201);
            },
            "an organisation applies to an incubation base"});

  routes.push_back(Route{"GET", "/api/v1/incubations/{id}", Permission::kSocialOrgsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "孵化记录"));
                           ASSIGN_OR_RETURN(auto found, service.Get(id, request.Caller()));
                           return Response::Json(IncubationJson(found));
                         },
                         "one incubation"});

  routes.push_back(StepRoute(service, "/api/v1/incubations/{id}/start", &IncubationService::Start,
                             "started_on", "the base takes the organisation in"));
  routes.push_back(StepRoute(service, "/api/v1/incubations/{id}/graduate",
                             &IncubationService::Graduate, "ended_on",
                             "the organisation graduates from the base"));
  routes.push_back(StepRoute(service, "/api/v1/incubations/{id}/withdraw",
                             &IncubationService::Withdraw, "ended_on",
                             "the application or incubation is withdrawn"));
  return routes;
}

}  // namespace linli::http

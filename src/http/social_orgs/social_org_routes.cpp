#include "http/social_orgs/social_org_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "http/json_body.hpp"

namespace linli::social_orgs {
BOOST_DESCRIBE_STRUCT(Organisation, (),
                      (id, name, category, credit_code, filing_number, place_code, place_name,
                       areas, contact_name, contact_phone, founded_on, deregistered_on,
                       deregister_reason, note, created_at, updated_at, synthetic, active_months,
                       regularly_active, last_activity_on))
BOOST_DESCRIBE_STRUCT(Activity, (),
                      (id, organisation_id, organisation_name, title, held_on, place_code,
                       place_name, served, note, recorded_by_name, recorded_at, synthetic))
}  // namespace linli::social_orgs

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using social_orgs::SocialOrgService;

json::object OrganisationJson(const social_orgs::Organisation& o, const SocialOrgService& service) {
  json::object out = FieldsJson(o);
  out["status"] = social_orgs::kOrgStatusNames.Name(o.status);
  out["status_label"] = social_orgs::kOrgStatusNames.Label(o.status);
  out["registered_as"] = social_orgs::kOrgStatusNames.Name(o.registered_as);
  const auto* category = service.rules().Find(o.category);
  out["category_name"] = category == nullptr ? std::string() : category->name;
  return out;
}

core::Result<std::string> Text(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  return value.value_or("");
}

core::Result<social_orgs::OrganisationInput> ReadOrganisation(const json::object& body) {
  social_orgs::OrganisationInput input;
  ASSIGN_OR_RETURN(input.name, Text(body, "name"));
  ASSIGN_OR_RETURN(input.category, Text(body, "category"));
  ASSIGN_OR_RETURN(input.status, Text(body, "status"));
  ASSIGN_OR_RETURN(input.credit_code, Text(body, "credit_code"));
  ASSIGN_OR_RETURN(input.filing_number, Text(body, "filing_number"));
  ASSIGN_OR_RETURN(input.place_code, Text(body, "place"));
  ASSIGN_OR_RETURN(input.contact_name, Text(body, "contact_name"));
  ASSIGN_OR_RETURN(input.contact_phone, Text(body, "contact_phone"));
  ASSIGN_OR_RETURN(input.founded_on, Text(body, "founded_on"));
  ASSIGN_OR_RETURN(input.note, Text(body, "note"));
  if (const auto* areas = body.if_contains("areas"); areas != nullptr && !areas->is_null()) {
    if (!areas->is_array()) return core::Error::InvalidArgument("areas 应为数组", "areas");
    for (const auto& item : areas->as_array()) {
      if (!item.is_string()) {
        return core::Error::InvalidArgument("areas 的每一项应为社区编码", "areas");
      }
      input.areas.emplace_back(item.as_string());
    }
  }
  return input;
}

core::Result<social_orgs::ActivityInput> ReadActivity(const json::object& body) {
  social_orgs::ActivityInput input;
  ASSIGN_OR_RETURN(input.title, Text(body, "title"));
  ASSIGN_OR_RETURN(input.held_on, Text(body, "held_on"));
  ASSIGN_OR_RETURN(input.place_code, Text(body, "place"));
  ASSIGN_OR_RETURN(input.served, RequiredInt(body, "served"));
  ASSIGN_OR_RETURN(input.note, Text(body, "note"));
  return input;
}

json::array ActivitiesJson(const std::vector<social_orgs::Activity>& activities) {
  json::array items;
  for (const auto& activity : activities) items.push_back(FieldsJson(activity));
  return items;
}

}  // namespace

std::vector<Route> SocialOrgRoutes(SocialOrgService& service) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/social-org-categories", Permission::kSocialOrgsRead,
                         [&service](Request&) -> core::Result<Response> {
                           json::array items;
                           for (const auto& category : service.rules().categories) {
                             json::object item;
                             item["code"] = category.code;
                             item["name"] = category.name;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           out["active_months"] = service.rules().active_months;
                           out["window_months"] = service.rules().window_months;
                           return Response::Json(out);
                         },
                         "the categories of social organisation and what counts as regularly "
                         "active"});

  routes.push_back(
      Route{"GET", "/api/v1/social-orgs", Permission::kSocialOrgsRead,
            [&service](Request& request) -> core::Result<Response> {
              social_orgs::OrganisationQuery query;
              query.place_prefix = request.Query("place").value_or("");
              query.category = request.Query("category").value_or("");
              query.name_contains = request.Query("q").value_or("");
              const std::string status = request.Query("status").value_or("");
              if (!status.empty()) {
                query.status = social_orgs::kOrgStatusNames.From(status);
                if (!query.status) {
                  return core::Error::InvalidArgument(
                      "status 应为 registered、filed 或 deregistered", "status");
                }
              }
              ASSIGN_OR_RETURN(auto list, service.List(query, request.Caller()));
              const std::string active = request.Query("active").value_or("");
              if (!active.empty() && active != "true" && active != "false") {
                return core::Error::InvalidArgument("active 应为 true 或 false", "active");
              }
              json::array items;
              for (const auto& organisation : list) {
                if (!active.empty() && organisation.regularly_active != (active == "true"))
                  continue;
                items.push_back(OrganisationJson(organisation, service));
              }
              json::object out;
              out["items"] = std::move(items);
              return Response::Json(out);
            },
            "social organisations based in scope, by community and name"});

  routes.push_back(Route{"POST", "/api/v1/social-orgs", Permission::kSocialOrgsManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto input, ReadOrganisation(body));
                           ASSIGN_OR_RETURN(auto made, service.Create(input, request.Caller()));
                           return Response::Json(OrganisationJson(made, service), 201);
                         },
                         "register a social organisation"});

  routes.push_back(Route{"GET", "/api/v1/social-orgs/{id}", Permission::kSocialOrgsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "社会组织"));
                           ASSIGN_OR_RETURN(auto found, service.Get(id, request.Caller()));
                           return Response::Json(OrganisationJson(found, service));
                         },
                         "one social organisation"});

  routes.push_back(Route{"PUT", "/api/v1/social-orgs/{id}", Permission::kSocialOrgsManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "社会组织"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto input, ReadOrganisation(body));
                           ASSIGN_OR_RETURN(auto changed,
                                            service.Update(id, input, request.Caller()));
                           return Response::Json(OrganisationJson(changed, service));
                         },
                         "change a social organisation's record"});

  routes.push_back(
      Route{"POST", "/api/v1/social-orgs/{id}/deregister", Permission::kSocialOrgsManage,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "社会组织"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(auto on, Text(body, "deregistered_on"));
              ASSIGN_OR_RETURN(auto reason, Text(body, "reason"));
              ASSIGN_OR_RETURN(auto gone, service.Deregister(id, on, reason, request.Caller()));
              return Response::Json(OrganisationJson(gone, service));
            },
            "deregister a social organisation with a date and a reason"});

  routes.push_back(Route{"GET", "/api/v1/social-orgs/{id}/activities", Permission::kSocialOrgsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "社会组织"));
                           ASSIGN_OR_RETURN(auto list, service.Activities(id, request.Caller()));
                           json::object out;
                           out["items"] = ActivitiesJson(list);
                           return Response::Json(out);
                         },
                         "an organisation's activities, newest first"});

  routes.push_back(
      Route{"POST", "/api/v1/social-orgs/{id}/activities", Permission::kSocialOrgsManage,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "社会组织"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(auto input, ReadActivity(body));
              ASSIGN_OR_RETURN(auto added, service.AddActivity(id, input, request.Caller()));
              return Response::Json(FieldsJson(added), 201);
            },
            "record an activity of an organisation in scope"});

  routes.push_back(Route{"GET", "/api/v1/me/social-org", Permission::kSocialOrgsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto own, service.Own(request.Caller()));
                           json::object out = OrganisationJson(own.organisation, service);
                           out["activities"] = ActivitiesJson(own.activities);
                           return Response::Json(out);
                         },
                         "the signed-in organisation's own record and activities"});

  routes.push_back(Route{"POST", "/api/v1/me/social-org/activities", Permission::kSocialOrgsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto input, ReadActivity(body));
                           ASSIGN_OR_RETURN(auto added,
                                            service.AddOwnActivity(input, request.Caller()));
                           return Response::Json(FieldsJson(added), 201);
                         },
                         "the signed-in organisation records one of its activities"});

  return routes;
}

}  // namespace linli::http

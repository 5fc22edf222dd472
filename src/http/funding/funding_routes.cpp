#include "http/funding/funding_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <string>

#include "http/json_body.hpp"

namespace linli::funding {
BOOST_DESCRIBE_STRUCT(Project, (),
                      (id, name, department, task, place_code, place_name, amount, year, note,
                       created_by, created_by_name, created_at, synthetic))
}  // namespace linli::funding

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

json::object ProjectJson(const funding::Project& project) {
  json::object out = FieldsJson(project);
  out["source"] = funding::kFundingSourceNames.Name(project.source);
  out["source_label"] = funding::kFundingSourceNames.Label(project.source);
  return out;
}

}  // namespace

std::vector<Route> FundingRoutes(funding::FundingService& service) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/funded-projects", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           funding::ProjectQuery query;
                           query.place_prefix = request.Query("place").value_or("");
                           query.department = request.Query("department").value_or("");
                           if (const auto year = request.Query("year"); year && !year->empty()) {
                             int value = 0;
                             const auto [end, error] =
                                 std::from_chars(year->data(), year->data() + year->size(), value);
                             if (error != std::errc() || end != year->data() + year->size()) {
                               return core::Error::InvalidArgument("year 应为年份", "year");
                             }
                             query.year = value;
                           }
                           ASSIGN_OR_RETURN(auto list, service.List(query, request.Caller()));
                           json::array items;
                           for (const auto& project : list.items)
                             items.push_back(ProjectJson(project));
                           json::object out;
                           out["items"] = std::move(items);
                           out["total_amount"] = list.total_amount;
                           return Response::Json(out);
                         },
                         "funded projects in scope with their total"});

  routes.push_back(Route{"POST", "/api/v1/funded-projects", Permission::kIndicatorsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           funding::NewProject input;
                           ASSIGN_OR_RETURN(input.name, RequiredString(body, "name"));
                           ASSIGN_OR_RETURN(input.department, RequiredString(body, "department"));
                           ASSIGN_OR_RETURN(input.task, RequiredString(body, "task"));
                           ASSIGN_OR_RETURN(input.place_code, RequiredString(body, "place"));
                           ASSIGN_OR_RETURN(input.amount, RequiredNumber(body, "amount"));
                           ASSIGN_OR_RETURN(input.source, RequiredString(body, "source"));
                           ASSIGN_OR_RETURN(input.year, RequiredInt(body, "year"));
                           ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
                           input.note = note.value_or("");
                           ASSIGN_OR_RETURN(auto project, service.Create(input, request.Caller()));
                           return Response::Json(ProjectJson(project), 201);
                         },
                         "record a funded project"});

  routes.push_back(Route{"DELETE", "/api/v1/funded-projects/{id}", Permission::kIndicatorsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "项目"));
                           TRY(service.Delete(id, request.Caller()));
                           return Response::NoContent();
                         },
                         "delete a project entered by mistake"});
  return routes;
}

}  // namespace linli::http

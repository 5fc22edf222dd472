// HTTP handlers of applications for assistance (docs/api.md, "Applications"): filed by a
// community worker (care.manage), read in scope (care.read), decided stage by stage and an
// emergency's payment recorded by the officials of the stage's level (care.manage).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cmath>

#include "http/care/care_routes.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"

namespace linli::care {
BOOST_DESCRIBE_STRUCT(Application, (),
                      (id, resident_id, resident_name, place_code, place_name, benefit, reason,
                       finding_id, filed_by_name, filed_at, paid_at, updated_at))
}  // namespace linli::care

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using care::Application;

double Yuan(int64_t cents) { return static_cast<double>(cents) / 100.0; }

core::Result<int64_t> CentsOf(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto amount, OptionalNumber(body, field));
  if (!amount) return int64_t{0};
  if (!std::isfinite(*amount) || *amount < 0 || *amount > 1e7) {
    return core::Error::Validation("金额无效", field);
  }
  return static_cast<int64_t>(std::llround(*amount * 100.0));
}

json::object ApplicationJson(const Application& a, const care::EligibilityService& rules,
                             int64_t now) {
  json::object out = FieldsJson(a);
  const care::Benefit* benefit = rules.benefits().Find(a.benefit);
  out["benefit_name"] = benefit ? benefit->name : "";
  out["kind"] = care::kApplicationKindNames.Name(a.kind);
  out["kind_label"] = care::kApplicationKindNames.Label(a.kind);
  out["status"] = care::kApplicationStatusNames.Name(a.status);
  out["status_label"] = care::kApplicationStatusNames.Label(a.status);
  out["amount"] = Yuan(a.amount_cents);
  out["paid"] = Yuan(a.paid_cents);
  out["stage_due_at"] = a.stage_due_at > 0 ? json::value(a.stage_due_at) : json::value(nullptr);
  out["overdue"] = a.stage_due_at > 0 && now >= a.stage_due_at;
  json::array steps;
  for (const auto& step : a.steps) {
    steps.push_back(json::object{{"level", step.level},
                                 {"decision", care::kDecisionNames.Name(step.decision)},
                                 {"decision_label", care::kDecisionNames.Label(step.decision)},
                                 {"note", step.note},
                                 {"by_name", step.by_name},
                                 {"at", step.at}});
  }
  out["steps"] = std::move(steps);
  return out;
}

}  // namespace

std::vector<Route> ApplicationRoutes(care::Applications& applications,
                                     const care::EligibilityService& rules,
                                     const core::Clock& clock) {
  std::vector<Route> routes;

  routes.push_back(Route{
      "GET", "/api/v1/care/applications", Permission::kCareRead,
      [&applications, &rules, &clock](Request& request) -> core::Result<Response> {
        care::ApplicationQuery query;
        query.place_prefix = request.Query("place").value_or("");
        ASSIGN_OR_RETURN(query.status, EnumQuery(request, "status", care::kApplicationStatusNames));
        ASSIGN_OR_RETURN(query.kind, EnumQuery(request, "kind", care::kApplicationKindNames));
        ASSIGN_OR_RETURN(query.page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto page, applications.List(query, request.Caller()));
        const int64_t now = clock.NowMillis();
        return Response::Json(PageJson(
            page, [&rules, now](const Application& a) { return ApplicationJson(a, rules, now); }));
      },
      "applications for assistance in scope, newest first"});

  routes.push_back(
      Route{"POST", "/api/v1/care/applications", Permission::kCareManage,
            [&applications, &rules, &clock](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              care::NewApplication in;
              ASSIGN_OR_RETURN(in.resident_id, RequiredInt(body, "resident_id"));
              ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
              const auto parsed = care::kApplicationKindNames.From(kind);
              if (!parsed) return core::Error::Validation("kind 应为 benefit 或 emergency", "kind");
              in.kind = *parsed;
              ASSIGN_OR_RETURN(auto benefit, OptionalString(body, "benefit"));
              in.benefit = benefit.value_or("");
              ASSIGN_OR_RETURN(in.amount_cents, CentsOf(body, "amount"));
              ASSIGN_OR_RETURN(in.reason, RequiredString(body, "reason"));
              ASSIGN_OR_RETURN(in.finding_id, OptionalInt(body, "finding_id"));
              ASSIGN_OR_RETURN(auto a, applications.File(in, request.Caller()));
              return Response::Json(ApplicationJson(a, rules, clock.NowMillis()), 201);
            },
            "file an application for a benefit, or an emergency (救急难)"});

  routes.push_back(
      Route{"GET", "/api/v1/care/applications/{id}", Permission::kCareRead,
            [&applications, &rules, &clock](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
              ASSIGN_OR_RETURN(auto a, applications.Get(id, request.Caller()));
              return Response::Json(ApplicationJson(a, rules, clock.NowMillis()));
            },
            "an application with its steps"});

  routes.push_back(
      Route{"POST", "/api/v1/care/applications/{id}/decide", Permission::kCareManage,
            [&applications, &rules, &clock](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(std::string decision, RequiredString(body, "decision"));
              const auto parsed = care::kDecisionNames.From(decision);
              if (!parsed)
                return core::Error::Validation("decision 应为 approve 或 reject", "decision");
              ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
              ASSIGN_OR_RETURN(
                  auto a, applications.Decide(id, *parsed, note.value_or(""), request.Caller()));
              return Response::Json(ApplicationJson(a, rules, clock.NowMillis()));
            },
            "the stage's decision (town review, county approval)"});

  routes.push_back(Route{
      "POST", "/api/v1/care/applications/{id}/pay", Permission::kCareManage,
      [&applications, &rules, &clock](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(int64_t cents, CentsOf(body, "amount"));
        ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
        ASSIGN_OR_RETURN(auto a, applications.Pay(id, cents, note.value_or(""), request.Caller()));
        return Response::Json(ApplicationJson(a, rules, clock.NowMillis()));
      },
      "record an approved emergency's payment; the person's rules run again"});

  return routes;
}

}  // namespace linli::http

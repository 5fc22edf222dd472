// HTTP handlers of rehabilitation records (docs/api.md, "Rehabilitation"): recorded by the
// workers of the person's place (care.manage; mental-health rehabilitation with care.health) and
// read in scope (care.read; mental-health records with care.health only).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/care/care_routes.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"

namespace linli::care {
BOOST_DESCRIBE_STRUCT(RehabRecord, (),
                      (id, resident_id, resident_name, place_code, place_name, facility_id,
                       facility_name, facility_place, served_on, minutes, note, recorded_by_name,
                       created_at, synthetic))
}  // namespace linli::care

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using care::RehabRecord;

json::object RecordJson(const RehabRecord& x) {
  json::object out = FieldsJson(x);
  out["kind"] = care::kRehabKindNames.Name(x.kind);
  out["kind_label"] = care::kRehabKindNames.Label(x.kind);
  return out;
}

}  // namespace

std::vector<Route> RehabilitationRoutes(care::Rehabilitation& rehabilitation) {
  std::vector<Route> routes;

  routes.push_back(Route{
      "GET", "/api/v1/rehabilitation", Permission::kCareRead,
      [&rehabilitation](Request& request) -> core::Result<Response> {
        care::RehabQuery query;
        query.place_prefix = request.Query("place").value_or("");
        ASSIGN_OR_RETURN(query.kind, EnumQuery(request, "kind", care::kRehabKindNames));
        ASSIGN_OR_RETURN(query.facility_id, IdQuery(request, "facility_id"));
        ASSIGN_OR_RETURN(query.resident_id, IdQuery(request, "resident_id"));
        ASSIGN_OR_RETURN(query.page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto page, rehabilitation.List(query, request.Caller()));
        return Response::Json(PageJson(page, RecordJson));
      },
      "rehabilitation records in scope, newest first (mental-health ones with care.health)"});

  routes.push_back(Route{"POST", "/api/v1/rehabilitation", Permission::kCareManage,
                         [&rehabilitation](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           care::NewRehabRecord in;
                           ASSIGN_OR_RETURN(in.resident_id, RequiredInt(body, "resident_id"));
                           ASSIGN_OR_RETURN(in.facility_id, RequiredInt(body, "facility_id"));
                           ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
                           const auto parsed = care::kRehabKindNames.From(kind);
                           if (!parsed) {
                             return core::Error::Validation(
                                 "kind 应为 training、assistive_device、day_care、vocational 或 "
                                 "mental_health",
                                 "kind");
                           }
                           in.kind = *parsed;
                           ASSIGN_OR_RETURN(in.served_on, RequiredString(body, "served_on"));
                           ASSIGN_OR_RETURN(int64_t minutes, RequiredInt(body, "minutes"));
                           if (minutes < 1 || minutes > care::kMaxRehabMinutes) {
                             return core::Error::Validation("服务时长应为 1–600 分钟", "minutes");
                           }
                           in.minutes = static_cast<int>(minutes);
                           ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
                           in.note = note.value_or("");
                           ASSIGN_OR_RETURN(auto made, rehabilitation.Record(in, request.Caller()));
                           return Response::Json(RecordJson(made), 201);
                         },
                         "record a rehabilitation session for a person with a disability"});

  return routes;
}

}  // namespace linli::http

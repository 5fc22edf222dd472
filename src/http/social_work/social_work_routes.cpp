#include "http/social_work/social_work_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "http/json_body.hpp"
#include "http/query_params.hpp"

namespace linli::social_work {
BOOST_DESCRIBE_STRUCT(SocialWorker, (),
                      (id, name, certificate_number, facility_id, facility_name, place_code,
                       place_name, account_id, started_on, ended_on, created_at, updated_at,
                       synthetic))
BOOST_DESCRIBE_STRUCT(ServiceRecord, (),
                      (id, worker_id, worker_name, community_code, community_name, served_on,
                       people_served, summary, recorded_by_name, created_at, synthetic))
BOOST_DESCRIBE_STRUCT(CommunityCoverage, (),
                      (community_code, community_name, records, certified_workers, last_served_on))
}  // namespace linli::social_work

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using social_work::SocialWorkService;

json::object WorkerJson(const social_work::SocialWorker& worker) {
  json::object out = FieldsJson(worker);
  out["certificate_level"] = social_work::kCertificateLevelNames.Name(worker.certificate_level);
  out["certificate_level_label"] =
      social_work::kCertificateLevelNames.Label(worker.certificate_level);
  out["certified"] = worker.certificate_level != social_work::CertificateLevel::kNone;
  out["working"] = worker.ended_on.empty();
  return out;
}

json::object RecordJson(const social_work::ServiceRecord& record) {
  json::object out = FieldsJson(record);
  out["method"] = social_work::kServiceMethodNames.Name(record.method);
  out["method_label"] = social_work::kServiceMethodNames.Label(record.method);
  return out;
}

template <typename T, typename ToJson>
json::object Items(const std::vector<T>& list, ToJson to_json) {
  json::array items;
  for (const auto& item : list) items.push_back(to_json(item));
  json::object out;
  out["items"] = std::move(items);
  return out;
}

json::object ReachJson(int64_t facility_id,
                       const std::vector<std::pair<std::string, std::string>>& reach) {
  json::array items;
  for (const auto& [code, name] : reach) {
    json::object item;
    item["code"] = code;
    item["name"] = name;
    items.push_back(std::move(item));
  }
  json::object out;
  out["facility_id"] = facility_id;
  out["communities"] = std::move(items);
  return out;
}

core::Result<std::string> Text(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  return value.value_or("");
}

}  // namespace

std::vector<Route> SocialWorkRoutes(SocialWorkService& service) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/social-workers", Permission::kSocialWorkRead,
                         [&service](Request& request) -> core::Result<Response> {
                           social_work::WorkerQuery query;
                           query.place_prefix = request.Query("place").value_or("");
                           ASSIGN_OR_RETURN(auto facility, IdQuery(request, "facility_id"));
                           query.facility_id = facility.value_or(0);
                           ASSIGN_OR_RETURN(query.include_left, FlagQuery(request, "include_left"));
                           ASSIGN_OR_RETURN(auto list,
                                            service.ListWorkers(query, request.Caller()));
                           return Response::Json(Items(list, WorkerJson));
                         },
                         "social workers in scope (those who left with include_left=true)"});

  routes.push_back(
      Route{"POST", "/api/v1/social-workers", Permission::kSocialWorkManage,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              social_work::NewWorker input;
              ASSIGN_OR_RETURN(input.name, Text(body, "name"));
              ASSIGN_OR_RETURN(input.certificate_level, Text(body, "certificate_level"));
              ASSIGN_OR_RETURN(input.certificate_number, Text(body, "certificate_number"));
              ASSIGN_OR_RETURN(input.facility_id, RequiredInt(body, "facility_id"));
              ASSIGN_OR_RETURN(input.account_id, OptionalInt(body, "account_id"));
              ASSIGN_OR_RETURN(input.started_on, Text(body, "started_on"));
              ASSIGN_OR_RETURN(auto made, service.AddWorker(input, request.Caller()));
              return Response::Json(WorkerJson(made), 201);
            },
            "add a social worker at a station or room"});

  routes.push_back(Route{"GET", "/api/v1/social-workers/mine", Permission::kSocialWorkRecord,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list, service.MyWorkers(request.Caller()));
                           return Response::Json(Items(list, WorkerJson));
                         },
                         "the social workers bound to the signed-in account"});

  routes.push_back(Route{"GET", "/api/v1/social-workers/{id}", Permission::kSocialWorkRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "社会工作者"));
                           ASSIGN_OR_RETURN(auto worker, service.GetWorker(id, request.Caller()));
                           return Response::Json(WorkerJson(worker));
                         },
                         "one social worker"});

  routes.push_back(Route{"POST", "/api/v1/social-workers/{id}/leave", Permission::kSocialWorkManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "社会工作者"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto ended_on, Text(body, "ended_on"));
                           ASSIGN_OR_RETURN(auto worker,
                                            service.EndWorker(id, ended_on, request.Caller()));
                           return Response::Json(WorkerJson(worker));
                         },
                         "record that a social worker left (their history is kept)"});

  routes.push_back(Route{"GET", "/api/v1/social-work/records", Permission::kSocialWorkRead,
                         [&service](Request& request) -> core::Result<Response> {
                           social_work::RecordQuery query;
                           query.place_prefix = request.Query("place").value_or("");
                           ASSIGN_OR_RETURN(auto worker, IdQuery(request, "worker_id"));
                           query.worker_id = worker.value_or(0);
                           query.from = request.Query("from").value_or("");
                           query.to = request.Query("to").value_or("");
                           ASSIGN_OR_RETURN(auto list,
                                            service.ListRecords(query, request.Caller()));
                           return Response::Json(Items(list, RecordJson));
                         },
                         "service records in scope, newest first"});

  routes.push_back(Route{"POST", "/api/v1/social-work/records", Permission::kSocialWorkRecord,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           social_work::NewRecord input;
                           ASSIGN_OR_RETURN(input.worker_id, RequiredInt(body, "worker_id"));
                           ASSIGN_OR_RETURN(input.community_code, Text(body, "community"));
                           ASSIGN_OR_RETURN(input.served_on, Text(body, "served_on"));
                           ASSIGN_OR_RETURN(input.method, Text(body, "method"));
                           ASSIGN_OR_RETURN(input.people_served,
                                            RequiredInt(body, "people_served"));
                           ASSIGN_OR_RETURN(input.summary, Text(body, "summary"));
                           ASSIGN_OR_RETURN(auto made, service.Record(input, request.Caller()));
                           return Response::Json(RecordJson(made), 201);
                         },
                         "record a service record"});

  routes.push_back(
      Route{"GET", "/api/v1/social-work/stations/{facility_id}/reach", Permission::kSocialWorkRead,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "facility_id", "社工站（室）"));
              ASSIGN_OR_RETURN(auto reach, service.Reach(id, request.Caller()));
              return Response::Json(ReachJson(id, reach));
            },
            "the communities a social-work station reaches"});

  routes.push_back(Route{
      "PUT", "/api/v1/social-work/stations/{facility_id}/reach", Permission::kSocialWorkManage,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "facility_id", "社工站（室）"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        const auto* list = body.if_contains("communities");
        if (list == nullptr || !list->is_array()) {
          return core::Error::InvalidArgument("communities 应为地区代码数组", "communities");
        }
        std::vector<std::string> codes;
        for (const auto& item : list->as_array()) {
          if (!item.is_string()) {
            return core::Error::InvalidArgument("communities 应为地区代码数组", "communities");
          }
          codes.emplace_back(item.as_string());
        }
        ASSIGN_OR_RETURN(auto reach, service.SetReach(id, codes, request.Caller()));
        return Response::Json(ReachJson(id, reach));
      },
      "set the communities a social-work station reaches"});

  routes.push_back(Route{"GET", "/api/v1/social-work/coverage", Permission::kSocialWorkRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list,
                                            service.Coverage(request.Query("place").value_or(""),
                                                             request.Caller()));
                           int64_t reached = 0;
                           for (const auto& row : list) reached += row.records > 0 ? 1 : 0;
                           json::object out = Items(list, [](const auto& row) {
                             json::object item = FieldsJson(row);
                             item["reached"] = row.records > 0;
                             return item;
                           });
                           out["communities"] = static_cast<int64_t>(list.size());
                           out["reached"] = reached;
                           return Response::Json(out);
                         },
                         "communities in scope and what certified social workers did there in "
                         "the last twelve months (A5)"});

  return routes;
}

}  // namespace linli::http

#include "http/people/people_routes.hpp"

#include <boost/json/array.hpp>
#include <charconv>
#include <map>
#include <memory>

#include "core/identity/ethnicity.hpp"
#include "http/json_body.hpp"

// The fields each record sends as they are (FieldsJson); the writers below add the rest. A
// resident's fields are written one by one: which of them a caller sees depends on masking.
namespace linli::people {
BOOST_DESCRIBE_STRUCT(Building, (),
                      (id, community_code, grid_code, address, lat, lon, floors, synthetic,
                       created_at, updated_at))
BOOST_DESCRIBE_STRUCT(Household, (),
                      (id, building_id, room, head_id, since, until, community_code, grid_code,
                       synthetic, created_at, updated_at))
// The fields a request body sets as they are (ReadFields); never `synthetic`.
BOOST_DESCRIBE_STRUCT(NewResident, (),
                      (phone, ethnicity, status, status_since, household_id, relation,
                       community_code, grid_code))
BOOST_DESCRIBE_STRUCT(NewBuilding, (), (micro_grid_code, lat, lon, kind, floors))
}  // namespace linli::people

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

json::object HistoryJson(const people::ResidenceRecord& record, PlaceNamer& namer) {
  json::object out;
  out["from"] = TextOrNull(record.valid_from);  // null: the birth date, masked
  out["until"] = OrNull(record.valid_until);
  out["household_id"] = OrNull(record.household_id);
  out["grid_code"] = TextOrNull(record.grid_code);
  out["community_code"] = record.community_code;
  // The grid's name after its community's, else the community's.
  out["place_name"] = namer(record.grid_code.empty() ? record.community_code : record.grid_code);
  out["status"] = people::ResidentStatusName(record.status);
  out["event"] = people::HistoryEventName(record.event);
  return out;
}

json::object TagDefinitionJson(const people::TagDefinition& definition) {
  json::object out;
  out["code"] = definition.code;
  out["name"] = definition.name;
  out["category"] = definition.category;
  out["has_grade"] = definition.has_grade;
  return out;
}

json::object PairsJson(const std::vector<std::pair<std::string, int64_t>>& pairs) {
  json::object out;
  for (const auto& [key, value] : pairs) out[key] = value;
  return out;
}

}  // namespace

json::object ResidentTagJson(const people::ResidentTag& tag) {
  json::object out;
  out["id"] = tag.id;
  out["code"] = tag.code;
  out["name"] = tag.name;
  out["category"] = tag.category;
  out["grade"] = OrNull(tag.grade);
  out["subcategory"] = TextOrNull(tag.subcategory);
  out["valid_from"] = tag.valid_from;
  out["valid_until"] = OrNull(tag.valid_until);
  out["source"] = tag.source;
  return out;
}

json::object ResidentJson(const people::Resident& resident, const identity::Date& today) {
  json::object out;
  out["id"] = resident.id;
  out["name"] = resident.name;
  out["id_number"] = resident.id_number;
  out["phone"] = TextOrNull(resident.phone);
  out["personal_data_visible"] = resident.personal_data_visible;
  out["sex"] = identity::SexName(resident.sex);
  // The birth date is part of the ID number: masked views show the age only.
  out["birth_date"] = resident.personal_data_visible
                          ? json::value(identity::FormatDate(resident.birth_date))
                          : json::value(nullptr);
  out["age"] = identity::AgeOn(resident.birth_date, today);
  json::object ethnicity;
  ethnicity["code"] = resident.ethnicity_code;
  auto known = identity::EthnicityByCode(resident.ethnicity_code);
  ethnicity["name"] = known ? std::string(known->name) : std::string();
  out["ethnicity"] = std::move(ethnicity);
  out["status"] = people::ResidentStatusName(resident.status);
  out["status_name"] = people::ResidentStatusChineseName(resident.status);
  out["status_since"] = TextOrNull(resident.status_since);  // null: born here, masked
  out["household_id"] = OrNull(resident.household_id);
  out["relation"] = resident.relation ? json::value(people::RelationName(*resident.relation))
                                      : json::value(nullptr);
  out["community_code"] = resident.community_code;
  out["grid_code"] = TextOrNull(resident.grid_code);
  out["building_id"] = OrNull(resident.building_id);
  json::array tags;
  for (const auto& tag : resident.tags) tags.push_back(ResidentTagJson(tag));
  out["tags"] = std::move(tags);
  out["synthetic"] = resident.synthetic;
  out["created_at"] = resident.created_at;
  out["updated_at"] = resident.updated_at;
  return out;
}

json::object BuildingJson(const people::Building& building) {
  json::object out = FieldsJson(building);
  out["micro_grid_code"] = TextOrNull(building.micro_grid_code);
  out["kind"] = people::BuildingKindName(building.kind);
  return out;
}

json::object HouseholdJson(const people::Household& household) {
  json::object out = FieldsJson(household);
  out["type"] = people::HouseholdTypeName(household.type);
  return out;
}

people::ResidentSearchRequest ResidentSearchOf(const Request& request) {
  people::ResidentSearchRequest search;
  search.text = request.Query("q");
  search.id_number = request.Query("id_number");
  search.phone = request.Query("phone");
  search.tag = request.Query("tag");
  search.tag_match = request.Query("tag_match");
  search.age_min = request.Query("age_min");
  search.age_max = request.Query("age_max");
  search.community = request.Query("community");
  search.grid = request.Query("grid");
  search.status = request.Query("status");
  search.sort = request.Query("sort");
  return search;
}

std::vector<Route> PeopleRoutes(people::ResidentService& residents,
                                people::HouseholdService& households,
                                people::BuildingService& buildings, PlaceName place_name) {
  std::vector<Route> routes;
  // A resident with the name of their place (grid, else community); `namer` is the answer's.
  auto resident_json = [&residents](const people::Resident& resident, PlaceNamer& namer) {
    json::object out = ResidentJson(resident, residents.Today());
    out["place_name"] =
        namer(resident.grid_code.empty() ? resident.community_code : resident.grid_code);
    return out;
  };
  // Routes hold their own copy of the lookup (the namers refer to it).
  auto names = std::make_shared<const PlaceName>(std::move(place_name));
  // One resident's answer (create, update, move, status): its own namer.
  auto one_resident = [resident_json, names](const people::Resident& resident) {
    PlaceNamer namer(*names);
    return resident_json(resident, namer);
  };

  routes.push_back(Route{
      "GET", "/api/v1/residents", Permission::kPeopleRead,
      [&residents, resident_json, names](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        const people::ResidentSearchRequest search = ResidentSearchOf(request);
        ASSIGN_OR_RETURN(auto result, residents.Search(search, request.Caller(), page));
        PlaceNamer namer(*names);
        return Response::Json(PageJson(result, [&](const people::Resident& resident) {
          return resident_json(resident, namer);
        }));
      },
      "居民搜索（姓名、证件号、电话、标签、年龄、区域、状态）"});

  routes.push_back(Route{"GET", "/api/v1/residents/counts", Permission::kPeopleRead,
                         [&residents](Request& request) -> core::Result<Response> {
                           auto division = request.Query("division");
                           if (!division || division->empty()) {
                             return core::Error::InvalidArgument("缺少参数 division", "division");
                           }
                           ASSIGN_OR_RETURN(auto counts,
                                            residents.Counts(*division, request.Caller()));
                           json::object out;
                           out["total"] = counts.total;
                           out["households"] = counts.households;
                           out["by_tag"] = PairsJson(counts.by_tag);
                           out["by_status"] = PairsJson(counts.by_status);
                           out["by_age_group"] = PairsJson(counts.by_age_group);
                           return Response::Json(out);
                         },
                         "按区划统计居民（标签、状态、年龄段）"});

  routes.push_back(
      Route{"GET", "/api/v1/residents/{id}", Permission::kPeopleRead,
            [&residents, resident_json, names](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "居民"));
              ASSIGN_OR_RETURN(auto detail, residents.Get(id, request.Caller()));
              PlaceNamer namer(*names);
              json::object out = resident_json(detail.resident, namer);
              json::array history;
              for (const auto& record : detail.history)
                history.push_back(HistoryJson(record, namer));
              out["history"] = std::move(history);
              return Response::Json(out);
            },
            "居民详情及居住历史"});

  routes.push_back(Route{
      "POST", "/api/v1/residents/{id}/reveal", Permission::kPeoplePersonalData,
      [&residents](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "居民"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(std::string name, RequiredString(body, "field"));
        const auto field = people::PersonalFieldFromName(name);
        if (!field) {
          return core::Error::Validation("field 应为 id_number、phone 或 birth_date", "field");
        }
        ASSIGN_OR_RETURN(auto value, residents.Reveal(id, *field, request.Caller()));
        json::object out;
        out["field"] = name;
        out["value"] = TextOrNull(value);
        return Response::Json(out);
      },
      "查看居民的一项完整个人信息（点击查看，逐次审计）"});

  routes.push_back(Route{"POST", "/api/v1/residents", Permission::kPeopleManage,
                         [&residents, one_resident](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           people::NewResident resident;
                           ASSIGN_OR_RETURN(resident.name, RequiredString(body, "name"));
                           ASSIGN_OR_RETURN(resident.id_number, RequiredString(body, "id_number"));
                           TRY(ReadFields(body, resident));
                           ASSIGN_OR_RETURN(auto created,
                                            residents.Create(resident, request.Caller()));
                           return Response::Json(one_resident(created), 201);
                         },
                         "登记居民"});

  routes.push_back(Route{"PATCH", "/api/v1/residents/{id}", Permission::kPeopleManage,
                         [&residents, one_resident](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "居民"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           people::ResidentUpdate update;
                           ASSIGN_OR_RETURN(update.name, OptionalString(body, "name"));
                           ASSIGN_OR_RETURN(update.id_number, OptionalString(body, "id_number"));
                           ASSIGN_OR_RETURN(update.ethnicity, OptionalString(body, "ethnicity"));
                           if (body.contains("phone")) {
                             ASSIGN_OR_RETURN(auto phone, OptionalString(body, "phone"));
                             update.phone = phone;  // null or "" clears it
                           }
                           ASSIGN_OR_RETURN(auto updated,
                                            residents.Update(id, update, request.Caller()));
                           return Response::Json(one_resident(updated));
                         },
                         "修改居民信息"});

  routes.push_back(Route{"POST", "/api/v1/residents/{id}/move", Permission::kPeopleManage,
                         [&residents, one_resident](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "居民"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           people::MoveRequest move;
                           ASSIGN_OR_RETURN(move.household_id, OptionalInt(body, "household_id"));
                           ASSIGN_OR_RETURN(move.relation, OptionalString(body, "relation"));
                           ASSIGN_OR_RETURN(move.community_code,
                                            OptionalString(body, "community_code"));
                           ASSIGN_OR_RETURN(move.grid_code, OptionalString(body, "grid_code"));
                           ASSIGN_OR_RETURN(move.date, RequiredString(body, "date"));
                           ASSIGN_OR_RETURN(auto moved, residents.Move(id, move, request.Caller()));
                           return Response::Json(one_resident(moved));
                         },
                         "居民迁移（迁入另一户或网格）"});

  routes.push_back(Route{"POST", "/api/v1/residents/{id}/status", Permission::kPeopleManage,
                         [&residents, one_resident](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "居民"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(std::string status, RequiredString(body, "status"));
                           ASSIGN_OR_RETURN(std::string date, RequiredString(body, "date"));
                           ASSIGN_OR_RETURN(auto changed, residents.ChangeStatus(id, status, date,
                                                                                 request.Caller()));
                           return Response::Json(one_resident(changed));
                         },
                         "变更居住状态（外出、迁出、死亡等）"});

  routes.push_back(Route{"POST", "/api/v1/residents/{id}/tags", Permission::kPeopleManage,
                         [&residents](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "居民"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           people::NewResidentTag tag;
                           ASSIGN_OR_RETURN(tag.code, RequiredString(body, "code"));
                           ASSIGN_OR_RETURN(tag.grade, OptionalInt(body, "grade"));
                           ASSIGN_OR_RETURN(tag.subcategory, OptionalString(body, "subcategory"));
                           ASSIGN_OR_RETURN(tag.valid_from, OptionalString(body, "valid_from"));
                           ASSIGN_OR_RETURN(tag.valid_until, OptionalString(body, "valid_until"));
                           ASSIGN_OR_RETURN(auto source, OptionalString(body, "source"));
                           tag.source = source.value_or("");
                           ASSIGN_OR_RETURN(auto created,
                                            residents.AddTag(id, tag, request.Caller()));
                           return Response::Json(ResidentTagJson(created), 201);
                         },
                         "为居民添加标签"});

  routes.push_back(Route{
      "POST", "/api/v1/residents/{id}/tags/{tag_id}/end", Permission::kPeopleManage,
      [&residents](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "居民"));
        ASSIGN_OR_RETURN(int64_t tag_id, PathId(request, "tag_id", "标签"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(std::string valid_until, RequiredString(body, "valid_until"));
        ASSIGN_OR_RETURN(auto ended, residents.EndTag(id, tag_id, valid_until, request.Caller()));
        return Response::Json(ResidentTagJson(ended));
      },
      "结束居民标签"});

  routes.push_back(Route{"GET", "/api/v1/tag-definitions", Permission::kPeopleRead,
                         [&residents](Request&) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto definitions, residents.TagDefinitions());
                           json::array items;
                           for (const auto& definition : definitions)
                             items.push_back(TagDefinitionJson(definition));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "标签字典"});

  routes.push_back(Route{"POST", "/api/v1/tag-definitions", Permission::kPeopleManage,
                         [&residents](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           people::TagDefinition definition;
                           ASSIGN_OR_RETURN(definition.code, RequiredString(body, "code"));
                           ASSIGN_OR_RETURN(definition.name, RequiredString(body, "name"));
                           ASSIGN_OR_RETURN(definition.category, RequiredString(body, "category"));
                           ASSIGN_OR_RETURN(auto has_grade, OptionalBool(body, "has_grade"));
                           definition.has_grade = has_grade.value_or(false);
                           ASSIGN_OR_RETURN(auto created, residents.AddTagDefinition(
                                                              definition, request.Caller()));
                           return Response::Json(TagDefinitionJson(created), 201);
                         },
                         "新增标签定义（市级管理员）"});

  // A household with its members (masked unless the service unmasked them).
  auto household_detail_json = [resident_json, names](const people::HouseholdDetail& detail) {
    PlaceNamer namer(*names);
    json::object out = HouseholdJson(detail.household);
    out["building_address"] = detail.building_address;
    out["place_name"] = namer(detail.household.grid_code.empty() ? detail.household.community_code
                                                                 : detail.household.grid_code);
    json::array members;
    for (const auto& member : detail.members) members.push_back(resident_json(member, namer));
    out["members"] = std::move(members);
    return out;
  };
  routes.push_back(Route{"GET", "/api/v1/households", Permission::kPeopleRead,
                         [&households](Request& request) -> core::Result<Response> {
                           const auto building = request.Query("building");
                           if (!building || building->empty()) {
                             return core::Error::InvalidArgument("缺少参数 building", "building");
                           }
                           auto id = ParseId(*building, "楼栋");
                           if (!id.ok())
                             return core::Error::Validation("楼栋编号应为正整数", "building");
                           ASSIGN_OR_RETURN(auto found,
                                            households.OfBuilding(*id, request.Caller()));
                           json::array items;
                           for (const auto& [household, head_name] : found) {
                             json::object item = HouseholdJson(household);
                             item["head_name"] = head_name;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "一栋楼的在册户（按房号，含户主姓名）"});

  routes.push_back(
      Route{"GET", "/api/v1/households/{id}", Permission::kPeopleRead,
            [&households, household_detail_json](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "户"));
              ASSIGN_OR_RETURN(auto detail, households.Get(id, request.Caller()));
              return Response::Json(household_detail_json(detail));
            },
            "户详情及成员"});
  routes.push_back(
      Route{"GET", "/api/v1/me/household", Permission::kSelfHousehold,
            [&households, household_detail_json](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto detail, households.Own(request.Caller()));
              return Response::Json(household_detail_json(detail));
            },
            "本人所在户及成员（脱敏）"});

  routes.push_back(
      Route{"POST", "/api/v1/households", Permission::kPeopleManage,
            [&households](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              people::NewHousehold household;
              ASSIGN_OR_RETURN(household.building_id, RequiredInt(body, "building_id"));
              ASSIGN_OR_RETURN(household.room, RequiredString(body, "room"));
              ASSIGN_OR_RETURN(auto type, OptionalString(body, "type"));
              household.type = type.value_or("actual");
              ASSIGN_OR_RETURN(household.since, OptionalString(body, "since"));
              ASSIGN_OR_RETURN(auto created, households.Create(household, request.Caller()));
              json::object out = HouseholdJson(created);
              out["members"] = json::array();
              return Response::Json(out, 201);
            },
            "新建户"});

  routes.push_back(Route{
      "GET", "/api/v1/buildings", Permission::kPeopleRead,
      [&buildings](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        people::BuildingQuery query;
        query.community_code = request.Query("community").value_or("");
        query.grid_code = request.Query("grid").value_or("");
        query.address_text = request.Query("q").value_or("");
        ASSIGN_OR_RETURN(auto result, buildings.List(query, request.Caller(), page));
        return Response::Json(PageJson(result, BuildingJson));
      },
      "楼栋列表"});

  routes.push_back(Route{"GET", "/api/v1/buildings/{id}", Permission::kPeopleRead,
                         [&buildings](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "楼栋"));
                           ASSIGN_OR_RETURN(auto building, buildings.Get(id, request.Caller()));
                           return Response::Json(BuildingJson(building));
                         },
                         "楼栋详情"});

  routes.push_back(
      Route{"POST", "/api/v1/buildings", Permission::kPeopleManage,
            [&buildings](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              people::NewBuilding building;
              ASSIGN_OR_RETURN(building.community_code, RequiredString(body, "community_code"));
              ASSIGN_OR_RETURN(building.grid_code, RequiredString(body, "grid_code"));
              ASSIGN_OR_RETURN(building.address, RequiredString(body, "address"));
              TRY(ReadFields(body, building));
              ASSIGN_OR_RETURN(auto created, buildings.Create(building, request.Caller()));
              return Response::Json(BuildingJson(created), 201);
            },
            "新建楼栋"});

  routes.push_back(Route{"PATCH", "/api/v1/buildings/{id}", Permission::kPeopleManage,
                         [&buildings](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "楼栋"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           people::BuildingUpdate update;
                           ASSIGN_OR_RETURN(update.address, OptionalString(body, "address"));
                           if (body.contains("lat")) {
                             ASSIGN_OR_RETURN(auto lat, OptionalNumber(body, "lat"));
                             update.lat = lat;
                           }
                           if (body.contains("lon")) {
                             ASSIGN_OR_RETURN(auto lon, OptionalNumber(body, "lon"));
                             update.lon = lon;
                           }
                           ASSIGN_OR_RETURN(update.kind, OptionalString(body, "kind"));
                           ASSIGN_OR_RETURN(update.floors, OptionalInt(body, "floors"));
                           if (body.contains("micro_grid_code")) {
                             ASSIGN_OR_RETURN(auto micro, OptionalString(body, "micro_grid_code"));
                             update.micro_grid_code = micro.value_or("");
                           }
                           ASSIGN_OR_RETURN(auto changed,
                                            buildings.Update(id, update, request.Caller()));
                           return Response::Json(BuildingJson(changed));
                         },
                         "修改楼栋（地址、坐标、类型、层数、微网格）"});

  routes.push_back(Route{"PATCH", "/api/v1/households/{id}", Permission::kPeopleManage,
                         [&households](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "户"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           people::HouseholdUpdate update;
                           ASSIGN_OR_RETURN(update.room, OptionalString(body, "room"));
                           ASSIGN_OR_RETURN(update.type, OptionalString(body, "type"));
                           ASSIGN_OR_RETURN(auto changed,
                                            households.Update(id, update, request.Caller()));
                           return Response::Json(HouseholdJson(changed));
                         },
                         "修改户（房号、户类型）"});

  routes.push_back(Route{"POST", "/api/v1/households/{id}/close", Permission::kPeopleManage,
                         [&households](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "户"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(std::string until, RequiredString(body, "until"));
                           ASSIGN_OR_RETURN(auto closed,
                                            households.Close(id, until, request.Caller()));
                           return Response::Json(HouseholdJson(closed));
                         },
                         "注销户（须先迁出全部成员）"});

  return routes;
}

}  // namespace linli::http

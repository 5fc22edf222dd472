#include "http/facilities/facility_routes.hpp"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/tabular/xlsx_writer.hpp"
#include "domain/facilities/osm.hpp"
#include "http/import_response.hpp"
#include "http/json_body.hpp"

// The fields each record sends as they are (FieldsJson); the writers below add the rest.
namespace linli::facilities {
BOOST_DESCRIBE_STRUCT(Facility, (),
                      (id, community_code, name, address, lat, lon, building_id, floor_area,
                       service_area, is_public, opening_hours, phone, capacity, opened_on,
                       closed_on, synthetic))
BOOST_DESCRIBE_STRUCT(CoverageRow, (),
                      (circle_code, division_code, level, served_residents, covered_residents,
                       residential_buildings, covered_buildings, straight_line_fallback,
                       computed_at))
BOOST_DESCRIBE_STRUCT(GapRow, (),
                      (building_id, community_code, address, lat, lon, served_residents,
                       straight_line_fallback))
BOOST_DESCRIBE_STRUCT(Shortfall, (),
                      (division_code, level, facility_id, complex_id, actual, required,
                       missing_area, fix))
BOOST_DESCRIBE_STRUCT(ResidentialComplex, (),
                      (id, community_code, name, total_floor_area, supporting_room_area,
                       community_area, commerce_service_area))
// The fields a request body sets as they are (ReadFields).
BOOST_DESCRIBE_STRUCT(FacilityPatch, (),
                      (name, address, lat, lon, building_id, floor_area, service_area, is_public,
                       opening_hours, phone, capacity, opened_on, closed_on))
}  // namespace linli::facilities

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using facilities::FacilityService;

constexpr std::size_t kNetworkUploadLimit = 256u << 20;  // an OSM XML walking network

std::string PathCode(const Request& request) {
  auto it = request.path_params.find("code");
  return it == request.path_params.end() ? std::string() : it->second;
}

core::Result<facilities::FacilityStatus> StatusOf(const std::string& text) {
  auto status = facilities::FacilityStatusFromName(text);
  if (!status) {
    return core::Error::Validation("状态应为 planned、open、suspended 或 closed", "status");
  }
  return *status;
}

ImportRoute FacilityImportRoute() {
  // A file the readers refuse answers the reader's error (400), as before the shared answer.
  return ImportRoute{&FacilityService::ErrorCopy, "facility-import-errors.xlsx", "",
                     /*report_unreadable_file=*/false};
}

// How much of a place the figures stand for: {status, places_level, places_total,
// places_with_data, places_without_data, communities_total, communities_with_data}.
json::object ExtentJson(const facilities::DataExtent& extent) {
  json::object out;
  out["status"] = facilities::DataStatusName(extent.status);
  out["places_level"] = TextOrNull(extent.places_level);
  out["places_total"] = extent.places_total;
  out["places_with_data"] = extent.places_with_data;
  json::array without;
  for (const auto& code : extent.places_without_data) without.push_back(json::value(code));
  out["places_without_data"] = std::move(without);
  out["communities_total"] = extent.communities_total;
  out["communities_with_data"] = extent.communities_with_data;
  return out;
}

json::object CoverageJson(const facilities::CoverageRow& row) {
  json::object out = FieldsJson(row);
  if (row.extent) out["data"] = ExtentJson(*row.extent);
  out["facility_type"] = TextOrNull(row.facility_type);
  out["resident_share"] =
      row.served_residents > 0
          ? json::value(double(row.covered_residents) / double(row.served_residents))
          : json::value(nullptr);
  out["building_share"] =
      row.residential_buildings > 0
          ? json::value(double(row.covered_buildings) / double(row.residential_buildings))
          : json::value(nullptr);
  return out;
}

json::object GapJson(const facilities::GapRow& gap) { return FieldsJson(gap); }

json::object CircleJson(const facilities::CircleDefinition& circle) {
  json::object out;
  out["code"] = circle.code;
  out["name"] = circle.name;
  json::array types;
  for (const auto& type : circle.facility_types) types.push_back(json::value(type));
  out["facility_types"] = std::move(types);
  out["walking_minutes"] =
      circle.walking_minutes ? json::value(*circle.walking_minutes) : json::value(nullptr);
  out["speed_metres_per_second"] = circle.speed_metres_per_second;
  out["distance_metres"] =
      circle.distance_metres ? json::value(*circle.distance_metres) : json::value(nullptr);
  out["cutoff_metres"] = circle.cutoff_decimetres / 10.0;
  out["served_group"] = facilities::ServedGroupName(circle.served_group);
  out["applies_to"] = circle.applies_to == facilities::CircleSetting::kAll     ? "all"
                      : circle.applies_to == facilities::CircleSetting::kUrban ? "urban"
                                                                               : "rural";
  return out;
}

json::object ShortfallJson(const facilities::Shortfall& s) {
  json::object out = FieldsJson(s);
  out["standard"] = facilities::StandardName(s.standard);
  out["subject"] = TextOrNull(s.subject);
  return out;
}

json::object ComplexJson(const facilities::ResidentialComplex& c) { return FieldsJson(c); }

core::Status ApplyBody(const json::object& body, facilities::FacilityPatch& patch) {
  TRY(ReadFields(body, patch));
  ASSIGN_OR_RETURN(patch.type_code, OptionalString(body, "type"));
  ASSIGN_OR_RETURN(patch.operator_name, OptionalString(body, "operator"));
  ASSIGN_OR_RETURN(auto status, OptionalString(body, "status"));
  if (status) {
    ASSIGN_OR_RETURN(patch.status, StatusOf(*status));
  }
  return core::Ok();
}

// ?depth=0|1&level=… of the coverage and standards views.
core::Result<facilities::PlaceFilter> PlaceFilterOf(const Request& request) {
  facilities::PlaceFilter filter;
  if (auto depth = request.Query("depth"); depth && !depth->empty()) {
    int value = -1;
    auto [end, error] = std::from_chars(depth->data(), depth->data() + depth->size(), value);
    if (error != std::errc() || end != depth->data() + depth->size()) {
      return core::Error::InvalidArgument("层级深度 depth 应为 0 或 1", "depth");
    }
    filter.depth = value;
  }
  filter.level = request.Query("level").value_or("");
  return filter;
}

core::Result<std::string> RequiredQuery(const Request& request, const char* name) {
  auto value = request.Query(name);
  if (!value || value->empty()) {
    return core::Error::InvalidArgument(std::string("缺少查询参数 ") + name, name);
  }
  return *value;
}

}  // namespace

json::object FacilityJson(const facilities::Facility& f, const facilities::Taxonomy& taxonomy) {
  json::object out = FieldsJson(f);
  out["type"] = f.type_code;
  const auto* type = taxonomy.Find(f.type_code);
  out["type_name"] = type ? type->name : f.type_code;
  out["operator"] = f.operator_name;
  out["status"] = facilities::FacilityStatusName(f.status);
  out["status_name"] = facilities::FacilityStatusChineseName(f.status);
  const auto level = facilities::FacilityLevel(f);
  out["level"] = level ? core::DivisionLevelName(*level) : std::string_view();
  return out;
}

std::vector<Route> FacilityRoutes(FacilityService& service, ImportGate& imports,
                                  PlaceName place_name) {
  std::vector<Route> routes;
  FacilityService* s = &service;
  // The place's name beside its code (a lookup in the division tree held in memory).
  auto facility_json = [s, place_name](const facilities::Facility& f) {
    json::object out = FacilityJson(f, s->taxonomy());
    out["community_name"] = place_name ? place_name(f.community_code) : std::string();
    return out;
  };

  routes.push_back(Route{"GET", "/api/v1/facility-types", Permission::kFacilitiesRead,
                         [s](Request&) -> core::Result<Response> {
                           json::array items;
                           for (const auto& t : s->taxonomy().types()) {
                             json::object item;
                             item["code"] = t.code;
                             item["name"] = t.name;
                             item["category"] = t.category;
                             item["counts_toward_standard"] = t.counts_toward_standard;
                             item["childcare"] = t.childcare;
                             item["mental_health_rehab"] = t.mental_health_rehab;
                             json::array covers;
                             for (const auto& id : t.covers) covers.emplace_back(id);
                             item["covers"] = std::move(covers);
                             item["community_service_centre"] = t.community_service_centre;
                             item["volunteer_station"] = t.volunteer_station;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the facility type taxonomy"});

  routes.push_back(Route{"GET", "/api/v1/facilities", Permission::kFacilitiesRead,
                         [s, facility_json](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto page,
                                            core::MakePageRequest(request.Query("limit"),
                                                                  request.Query("cursor")));
                           facilities::FacilityQuery query;
                           query.place_prefix = request.Query("division").value_or("");
                           query.type_code = request.Query("type").value_or("");
                           query.name_text = request.Query("q").value_or("");
                           if (auto status = request.Query("status"); status && !status->empty()) {
                             ASSIGN_OR_RETURN(query.status, StatusOf(*status));
                           }
                           ASSIGN_OR_RETURN(auto result, s->List(query, page, request.Caller()));
                           return Response::Json(PageJson(result, facility_json));
                         },
                         "list facilities (division, type, status, q; cursor pages)"});

  routes.push_back(
      Route{"POST", "/api/v1/facilities", Permission::kFacilitiesManage,
            [s, facility_json](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              facilities::Facility f;
              ASSIGN_OR_RETURN(f.community_code, RequiredString(body, "community_code"));
              ASSIGN_OR_RETURN(f.type_code, RequiredString(body, "type"));
              ASSIGN_OR_RETURN(f.name, RequiredString(body, "name"));
              ASSIGN_OR_RETURN(f.lat, RequiredNumber(body, "lat"));
              ASSIGN_OR_RETURN(f.lon, RequiredNumber(body, "lon"));
              ASSIGN_OR_RETURN(f.floor_area, RequiredNumber(body, "floor_area"));
              ASSIGN_OR_RETURN(f.service_area, RequiredNumber(body, "service_area"));
              facilities::FacilityPatch extra;
              TRY(ApplyBody(body, extra));
              if (extra.address) f.address = *extra.address;
              if (extra.building_id) f.building_id = *extra.building_id;
              if (extra.is_public) f.is_public = *extra.is_public;
              if (extra.opening_hours) f.opening_hours = *extra.opening_hours;
              if (extra.phone) f.phone = *extra.phone;
              if (extra.capacity) f.capacity = *extra.capacity;
              if (extra.operator_name) f.operator_name = *extra.operator_name;
              if (extra.status) f.status = *extra.status;
              if (extra.opened_on && !extra.opened_on->empty()) f.opened_on = extra.opened_on;
              if (extra.closed_on && !extra.closed_on->empty()) f.closed_on = extra.closed_on;
              ASSIGN_OR_RETURN(auto created, s->Create(std::move(f), request.Caller()));
              return Response::Json(facility_json(created), 201);
            },
            "register a facility (recomputes its community's circles)"});

  routes.push_back(Route{"GET", "/api/v1/communities/{code}/service-centre", std::nullopt,
                         [s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto centre, s->ServiceCentre(PathCode(request)));
                           // Public: the place and how to reach it, nothing about its operation.
                           json::object out;
                           out["community_code"] = centre.community_code;
                           out["facility_id"] = centre.id;
                           out["name"] = centre.name;
                           out["address"] = centre.address;
                           out["opening_hours"] = centre.opening_hours;
                           out["phone"] = centre.phone;
                           out["lat"] = centre.lat;
                           out["lon"] = centre.lon;
                           out["synthetic"] = centre.synthetic;
                           return Response::Json(out);
                         },
                         "a community's service centre: 办理地点, 办公时间, 咨询电话 (public)"});

  routes.push_back(Route{"GET", "/api/v1/facilities/{id}", Permission::kFacilitiesRead,
                         [s, facility_json](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "设施"));
                           ASSIGN_OR_RETURN(auto f, s->Get(id, request.Caller()));
                           return Response::Json(facility_json(f));
                         },
                         "one facility"});

  routes.push_back(Route{"PATCH", "/api/v1/facilities/{id}", Permission::kFacilitiesManage,
                         [s, facility_json](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "设施"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           facilities::FacilityPatch patch;
                           TRY(ApplyBody(body, patch));
                           ASSIGN_OR_RETURN(auto f, s->Update(id, patch, request.Caller()));
                           return Response::Json(facility_json(f));
                         },
                         "change or close a facility (recomputes its community's circles)"});

  routes.push_back(Route{"DELETE", "/api/v1/facilities/{id}", Permission::kFacilitiesManage,
                         [s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "设施"));
                           TRY(s->Delete(id, request.Caller()));
                           return Response::NoContent();
                         },
                         "delete a facility entered by mistake"});

  routes.push_back(Route{
      "GET", "/api/v1/facilities/import-template.xlsx", Permission::kFacilitiesImport,
      [](Request&) -> core::Result<Response> {
        tabular::XlsxWriteOptions options;
        options.sheet_name = "设施";
        ASSIGN_OR_RETURN(auto bytes,
                         tabular::WriteXlsxToBytes(FacilityService::ImportTemplate(), options));
        return XlsxAttachment(std::move(bytes), "facilities-template.xlsx");
      },
      "the facilities import template (.xlsx)"});

  routes.push_back(imports.MakeRoute(
      "/api/v1/facilities/import", Permission::kFacilitiesImport, FacilityImportRoute(),
      [s](Request& request, const tabular::Table& table,
          const tabular::ImportOptions& options) -> core::Result<ImportAnswer> {
        ASSIGN_OR_RETURN(auto outcome, s->Import(table, request.Caller(), options));
        json::object body;
        body["rows"] = outcome.rows;
        body["imported"] = outcome.imported;
        body["written"] = outcome.written;
        body["dry_run"] = options.dry_run;
        return ImportAnswer{std::move(outcome), std::move(body)};
      },
      "import facilities from an .xlsx or .csv body (all or nothing)"));

  routes.push_back(Route{"GET", "/api/v1/facilities/export.xlsx", Permission::kFacilitiesRead,
                         [s](Request& request) -> core::Result<Response> {
                           facilities::FacilityQuery query;
                           query.place_prefix = request.Query("division").value_or("");
                           query.type_code = request.Query("type").value_or("");
                           ASSIGN_OR_RETURN(auto table, s->Export(query, request.Caller()));
                           tabular::XlsxWriteOptions options;
                           options.sheet_name = "设施";
                           ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
                           return XlsxAttachment(std::move(bytes), "facilities.xlsx");
                         },
                         "export the filtered facilities as .xlsx (the import layout)"});

  routes.push_back(Route{
      "GET", "/api/v1/facility-standards", Permission::kFacilitiesRead,
      [s](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto division, RequiredQuery(request, "division"));
        ASSIGN_OR_RETURN(auto filter, PlaceFilterOf(request));
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto report,
                         s->CompliancePlaces(division, filter, page, request.Caller()));
        json::array places;
        for (const auto& p : report.places) {
          json::object item;
          item["division_code"] = p.division_code;
          item["level"] = p.level;
          item["households"] = p.totals.households;
          item["floor_area"] = p.totals.floor_area;
          item["service_area"] = p.totals.service_area;
          item["area_per_100_households"] = p.area_per_hundred_households
                                                ? json::value(*p.area_per_hundred_households)
                                                : json::value(nullptr);
          item["service_share"] =
              p.service_share ? json::value(*p.service_share) : json::value(nullptr);
          item["data"] = ExtentJson(p.extent);
          places.push_back(std::move(item));
        }
        json::array shortfalls;
        for (const auto& sf : report.shortfalls) shortfalls.push_back(ShortfallJson(sf));
        json::object out;
        out["places"] = std::move(places);
        out["shortfalls"] = std::move(shortfalls);
        out["data"] = ExtentJson(report.extent);
        out["next_cursor"] =
            report.next_cursor ? json::value(*report.next_cursor) : json::value(nullptr);
        return Response::Json(out);
      },
      "the plan's area standards per place and the compliance list (depth, "
      "level; pages of places)"});

  routes.push_back(Route{"GET", "/api/v1/residential-complexes", Permission::kFacilitiesRead,
                         [s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto list,
                                            s->Complexes(request.Query("division").value_or(""),
                                                         request.Caller()));
                           json::array items;
                           for (const auto& c : list) items.push_back(ComplexJson(c));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "new residential complexes"});

  routes.push_back(Route{
      "POST", "/api/v1/residential-complexes", Permission::kFacilitiesManage,
      [s](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        facilities::ResidentialComplex c;
        ASSIGN_OR_RETURN(c.community_code, RequiredString(body, "community_code"));
        ASSIGN_OR_RETURN(c.name, RequiredString(body, "name"));
        ASSIGN_OR_RETURN(c.total_floor_area, RequiredNumber(body, "total_floor_area"));
        ASSIGN_OR_RETURN(c.supporting_room_area, RequiredNumber(body, "supporting_room_area"));
        ASSIGN_OR_RETURN(c.community_area, RequiredNumber(body, "community_area"));
        ASSIGN_OR_RETURN(c.commerce_service_area, RequiredNumber(body, "commerce_service_area"));
        ASSIGN_OR_RETURN(auto created, s->AddComplex(c, request.Caller()));
        json::object out = ComplexJson(created);
        json::array shortfalls;
        for (const auto& sf : facilities::CheckComplexStandards(created)) {
          shortfalls.push_back(ShortfallJson(sf));
        }
        out["shortfalls"] = std::move(shortfalls);
        return Response::Json(out, 201);
      },
      "enter a new residential complex (checked against B1c/B1d)"});

  routes.push_back(Route{"GET", "/api/v1/circles", Permission::kFacilitiesRead,
                         [s](Request&) -> core::Result<Response> {
                           json::array items;
                           for (const auto& c : s->circles()) items.push_back(CircleJson(c));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the life-circle definitions"});

  routes.push_back(Route{"POST", "/api/v1/circles/compute", Permission::kDivisionsManage,
                         [s](Request&) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto summary, s->ComputeAll());
                           json::object out;
                           out["circles"] = summary.circles;
                           out["buildings"] = summary.buildings;
                           out["facilities"] = summary.facilities;
                           out["network_nodes"] = summary.network_nodes;
                           out["network_edges"] = summary.network_edges;
                           out["straight_line_fallback"] = summary.straight_line_fallback;
                           out["coverage_rows"] = summary.coverage_rows;
                           out["gap_rows"] = summary.gap_rows;
                           return Response::Json(out);
                         },
                         "recompute every life circle for the whole city"});

  routes.push_back(Route{
      "GET", "/api/v1/circles/coverage", Permission::kFacilitiesRead,
      [s](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto division, RequiredQuery(request, "division"));
        ASSIGN_OR_RETURN(auto filter, PlaceFilterOf(request));
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto rows, s->CoveragePlaces(request.Query("circle").value_or(""),
                                                      division, filter, page, request.Caller()));
        return Response::Json(PageJson(rows, CoverageJson));
      },
      "stored coverage of the circles for a division and its places below "
      "(depth, level; pages of places)"});

  routes.push_back(Route{"GET", "/api/v1/circles/{code}/gaps", Permission::kFacilitiesRead,
                         [s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(
                               auto rows,
                               s->Gaps(PathCode(request), request.Query("division").value_or(""),
                                       request.Caller(), 5000));
                           json::array items;
                           int64_t people = 0;
                           for (const auto& row : rows) {
                             people += row.served_residents;
                             items.push_back(GapJson(row));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           out["uncovered_buildings"] = static_cast<int64_t>(rows.size());
                           out["uncovered_residents"] = people;
                           return Response::Json(out);
                         },
                         "uncovered residential buildings of a circle (first 5000)"});

  routes.push_back(Route{
      "GET", "/api/v1/circles/{code}/gaps.geojson", Permission::kFacilitiesRead,
      [s](Request& request) -> core::Result<Response> {
        const std::string code = PathCode(request);
        ASSIGN_OR_RETURN(auto rows,
                         s->Gaps(code, request.Query("division").value_or(""), request.Caller()));
        const facilities::CircleDefinition* circle = nullptr;
        for (const auto& c : s->circles()) {
          if (c.code == code) circle = &c;
        }
        Response response;
        response.content_type = "application/geo+json; charset=utf-8";
        response.body = facilities::GapsGeoJson(rows, *circle);
        response.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"gaps-" + code + ".geojson\"");
        return response;
      },
      "uncovered buildings as GeoJSON (FeatureCollection of Points)"});

  routes.push_back(
      Route{"POST", "/api/v1/circles/{code}/siting", Permission::kFacilitiesRead,
            [s](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              facilities::SitingRequest siting;
              siting.circle_code = PathCode(request);
              ASSIGN_OR_RETURN(siting.division_code, RequiredString(body, "division"));
              ASSIGN_OR_RETURN(auto k, OptionalInt(body, "k"));
              siting.k = static_cast<int32_t>(k.value_or(3));
              ASSIGN_OR_RETURN(auto candidates, OptionalString(body, "candidates"));
              if (candidates && *candidates == "nodes") {
                siting.candidates = facilities::CandidateKind::kNodes;
              } else if (candidates && *candidates != "buildings") {
                return core::Error::Validation("候选点应为 buildings 或 nodes", "candidates");
              }
              ASSIGN_OR_RETURN(auto exact, OptionalBool(body, "exact"));
              siting.exact = exact.value_or(false);
              ASSIGN_OR_RETURN(auto outcome, s->Site(siting, request.Caller()));
              json::array sites;
              for (const auto& site : outcome.sites) {
                json::object item;
                item["building_id"] =
                    site.building_id ? json::value(*site.building_id) : json::value(nullptr);
                item["node"] = site.node ? json::value(*site.node) : json::value(nullptr);
                item["address"] = site.address;
                item["lat"] = site.lat;
                item["lon"] = site.lon;
                item["gain"] = site.gain;
                sites.push_back(std::move(item));
              }
              json::object out;
              out["sites"] = std::move(sites);
              out["uncovered_before"] = outcome.uncovered_before;
              out["covered"] = outcome.covered;
              out["candidate_count"] = outcome.candidate_count;
              out["method"] = outcome.method;
              out["bound"] = outcome.bound;
              out["straight_line_fallback"] = outcome.straight_line_fallback;
              return Response::Json(out);
            },
            "the k candidate sites covering the most uncovered served residents"});

  routes.push_back(Route{"GET", "/api/v1/walking-network", Permission::kFacilitiesRead,
                         [s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto areas, s->NetworkAreas(request.Caller()));
                           json::array items;
                           for (const auto& a : areas) {
                             json::object item;
                             item["area_code"] = a.area_code;
                             item["node_count"] = a.node_count;
                             item["edge_count"] = a.edge_count;
                             item["source_name"] = a.source_name;
                             item["imported_at"] = a.imported_at;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           out["straight_line_fallback"] = areas.empty();
                           return Response::Json(out);
                         },
                         "the stored walking network areas"});

  Route upload{"POST", "/api/v1/walking-network", Permission::kDivisionsManage,
               [s](Request& request) -> core::Result<Response> {
                 ASSIGN_OR_RETURN(auto area, RequiredQuery(request, "area"));
                 ASSIGN_OR_RETURN(
                     auto info,
                     s->ImportNetwork(area, request.body,
                                      std::string(request.Header("x-file-name")).substr(0, 200),
                                      request.Caller()));
                 json::object out;
                 out["area_code"] = info.area_code;
                 out["node_count"] = info.node_count;
                 out["edge_count"] = info.edge_count;
                 if (info.components) {
                   const auto& c = *info.components;
                   out["components"] = {{"kept", c.kept},
                                        {"dropped_small", c.dropped_small},
                                        {"dropped_unreached", c.dropped_unreached},
                                        {"dropped_not_largest", c.dropped_not_largest},
                                        {"dropped_nodes", c.dropped_nodes}};
                   out["anchors"] = info.anchors;
                   out["note"] = facilities::DescribeComponents(c, info.anchors);
                 }
                 return Response::Json(out, 201);
               },
               "upload an OSM XML walking network for an area (replaces it)"};
  upload.body_limit = kNetworkUploadLimit;
  routes.push_back(std::move(upload));
  return routes;
}

}  // namespace linli::http

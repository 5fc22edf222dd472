#include "http/divisions/division_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "http/json_body.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using core::DivisionLevel;

json::object CountsJson(const divisions::DivisionCounts& counts, DivisionLevel level) {
  // Keys for every level below the node, down to communities, plus grids.
  json::object out;
  if (level == DivisionLevel::kProvince) out["cities"] = counts.cities;
  if (level <= DivisionLevel::kCity) out["counties"] = counts.counties;
  if (level <= DivisionLevel::kCounty) out["towns"] = counts.towns;
  if (level <= DivisionLevel::kTown) out["communities"] = counts.communities;
  if (level <= DivisionLevel::kCommunity) out["grids"] = counts.grids;
  return out;
}

json::object DivisionJson(const divisions::Division& division) {
  json::object out;
  out["code"] = division.code;
  out["name"] = division.name;
  out["level"] = core::DivisionLevelName(division.level);
  out["kind"] = TextOrNull(division.kind);
  out["functional_zone"] = TextOrNull(division.functional_zone);
  return out;
}

json::object ActiveGridJson(const divisions::ActiveGrid& grid) {
  json::object out;
  out["code"] = grid.code;
  out["name"] = grid.name;
  out["kind"] = grid.kind;
  out["planned_households"] = grid.planned_households;
  return out;
}

// Serialised division views, keyed by code and scope, valid for one tree snapshot. The
// division browser is the hottest read of the system (every page of the interface starts
// there) and its answer changes only when the tree does: an import, a kind set by hand or
// a grid change makes a new snapshot, and entries of older snapshots are simply not used.
class DivisionViewCache {
 public:
  explicit DivisionViewCache(divisions::DivisionService& divisions) : divisions_(divisions) {}

  core::Result<Response> Get(std::string_view code, const access::Caller& caller) {
    const core::Scope scope = divisions::DivisionService::ReadScope(caller);
    ASSIGN_OR_RETURN(auto tree, divisions_.Snapshot());
    std::string key(code);
    key += scope.all ? "|*" : "|";
    for (const auto& prefix : scope.prefixes) (key += prefix) += ',';
    {
      std::lock_guard lock(mutex_);
      if (tree_ == tree) {
        if (auto it = bodies_.find(key); it != bodies_.end()) return JsonBody(it->second);
      }
    }
    ASSIGN_OR_RETURN(auto view, divisions_.Get(code, caller));
    std::string body = json::serialize(DivisionViewJson(view));
    std::lock_guard lock(mutex_);
    if (tree_ != tree) {
      tree_ = tree;
      bodies_.clear();
    }
    if (bodies_.size() >= kMaxEntries) bodies_.clear();
    bodies_.emplace(std::move(key), body);
    return JsonBody(std::move(body));
  }

 private:
  static constexpr size_t kMaxEntries = 20000;
  static Response JsonBody(std::string body) {
    Response response;
    response.body = std::move(body);
    return response;
  }
  divisions::DivisionService& divisions_;
  std::mutex mutex_;
  std::shared_ptr<const divisions::DivisionTree> tree_;
  std::unordered_map<std::string, std::string> bodies_;
};

}  // namespace

json::object DivisionViewJson(const divisions::DivisionView& view) {
  json::object out = DivisionJson(view.division);
  json::array path;
  for (const auto& entry : view.path) {
    json::object item;
    item["code"] = entry.code;
    item["name"] = entry.name;
    item["level"] = core::DivisionLevelName(entry.level);
    path.push_back(std::move(item));
  }
  out["path"] = std::move(path);
  out["counts"] = CountsJson(view.counts, view.division.level);
  json::array children;
  for (const auto& child : view.children) {
    json::object item;
    item["code"] = child.division.code;
    item["name"] = child.division.name;
    item["level"] = core::DivisionLevelName(child.division.level);
    item["kind"] = TextOrNull(child.division.kind);
    item["counts"] = CountsJson(child.counts, child.division.level);
    children.push_back(std::move(item));
  }
  out["children"] = std::move(children);
  if (view.division.level == DivisionLevel::kGrid && !view.grids.empty()) {
    out["community_code"] = view.division.parent_code;
    out["grid"] = ActiveGridJson(view.grids.front());
  }
  if (view.division.level == DivisionLevel::kCommunity) {
    json::array grids;
    for (const auto& grid : view.grids) grids.push_back(ActiveGridJson(grid));
    out["grids"] = std::move(grids);
  }
  return out;
}

std::vector<Route> DivisionRoutes(divisions::DivisionService& divisions,
                                  const Deployment& deployment) {
  std::vector<Route> routes;

  routes.push_back(
      Route{"GET", "/api/v1/deployment", std::nullopt,
            [&divisions, deployment](Request&) -> core::Result<Response> {
              const std::string name = divisions.CityNameOf(deployment.city_code);
              json::object out;
              out["city_code"] = deployment.city_code;
              out["city_name"] = name;
              out["title"] = !deployment.display_name.empty() ? deployment.display_name
                             : name.empty()                   ? std::string("社区服务系统")
                                                              : name + "社区服务系统";
              out["base_map"] = BaseMapJson(deployment.base_map);
              return Response::Json(out);
            },
            "the city this deployment serves, the title and the base map it shows (public)"});

  routes.push_back(
      Route{"GET", "/api/v1/places/{code}", std::nullopt,
            [&divisions, city = deployment.city_code](Request& request) -> core::Result<Response> {
              const std::string code = PathParam(request, "code");
              // The deployment's own city only; grids (15 digits) are not public places.
              if (code.size() > 12 || code.compare(0, city.size(), city) != 0) {
                return core::Error::NotFound("区划不存在");
              }
              ASSIGN_OR_RETURN(auto view, divisions.PublicPlace(code));
              json::object out;
              out["code"] = view.division.code;
              out["name"] = view.division.name;
              out["level"] = core::DivisionLevelName(view.division.level);
              json::array children;
              for (const auto& child : view.children) {
                json::object item;
                item["code"] = child.division.code;
                item["name"] = child.division.name;
                item["level"] = core::DivisionLevelName(child.division.level);
                item["kind"] = TextOrNull(child.division.kind);
                children.push_back(std::move(item));
              }
              out["children"] = std::move(children);
              return Response::Json(out);
            },
            "a place of the city by its public name: code, name, level and children (public; the "
            "service guide's community picker)"});

  auto cache = std::make_shared<DivisionViewCache>(divisions);
  routes.push_back(Route{"GET", "/api/v1/divisions/{code}", Permission::kDivisionsRead,
                         [cache](Request& request) -> core::Result<Response> {
                           return cache->Get(PathParam(request, "code"), request.Caller());
                         },
                         "区划详情：上级路径、下级及统计", /*runs_inline=*/true});

  routes.push_back(Route{
      "GET", "/api/v1/divisions", Permission::kDivisionsRead,
      [&divisions](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        divisions::DivisionSearch search;
        search.text = request.Query("q").value_or("");
        ASSIGN_OR_RETURN(search.level, divisions::ParseLevelFilter(request.Query("level")));
        ASSIGN_OR_RETURN(auto result, divisions.Search(search, request.Caller(), page));
        return Response::Json(PageJson(result, [](const divisions::SearchHit& hit) {
          json::object item;
          item["code"] = hit.division.code;
          item["name"] = hit.division.name;
          item["level"] = core::DivisionLevelName(hit.division.level);
          item["kind"] = TextOrNull(hit.division.kind);
          item["path_name"] = hit.path_name;
          return item;
        }));
      },
      "按名称搜索区划"});

  routes.push_back(Route{"PATCH", "/api/v1/divisions/{code}", Permission::kDivisionsManage,
                         [&divisions](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
                           ASSIGN_OR_RETURN(auto view, divisions.SetKind(PathParam(request, "code"),
                                                                         kind, request.Caller()));
                           return Response::Json(DivisionViewJson(view));
                         },
                         "人工设置区划类型"});

  routes.push_back(Route{
      "GET", "/api/v1/divisions/{code}/outlines", Permission::kDivisionsRead,
      [&divisions](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto view,
                         divisions.ChildOutlines(PathParam(request, "code"), request.Caller()));
        json::array features;
        for (const auto& child : view.outlines) {
          boost::system::error_code ec;
          json::value geometry = json::parse(child.outline.geometry, ec);
          if (ec) return core::Error::Internal("区划边界数据损坏：" + child.code);
          json::object properties;
          properties["code"] = child.code;
          properties["name"] = child.name;
          properties["level"] = core::DivisionLevelName(child.level);
          properties["label"] = json::array{child.outline.label_lon, child.outline.label_lat};
          features.push_back(json::object{{"type", "Feature"},
                                          {"id", child.code},
                                          {"properties", std::move(properties)},
                                          {"geometry", std::move(geometry)}});
        }
        json::array without;
        for (const auto& child : view.without) {
          without.push_back(json::object{{"code", child.code},
                                         {"name", child.name},
                                         {"level", core::DivisionLevelName(child.level)}});
        }
        json::object out;
        out["place_code"] = view.division.code;
        out["place_name"] = view.division.name;
        out["type"] = "FeatureCollection";
        out["features"] = std::move(features);
        out["without"] = std::move(without);
        out["source"] = view.outlines.empty() ? json::value(nullptr)
                                              : json::value(view.outlines.front().outline.source);
        return Response::Json(out);
      },
      "下级区划的边界（GeoJSON，供驾驶舱地图；无边界的下级列在 without）"});

  routes.push_back(Route{
      "GET", "/api/v1/divisions/{code}/unresolved", Permission::kDivisionsManage,
      [&divisions](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto result, divisions.ListUnresolved(PathParam(request, "code"),
                                                               request.Caller(), page));
        return Response::Json(PageJson(result, DivisionJson));
      },
      "导入时无法判定类型的社区"});

  return routes;
}

}  // namespace linli::http

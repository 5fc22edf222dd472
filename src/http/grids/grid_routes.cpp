#include "http/grids/grid_routes.hpp"

#include <boost/json/array.hpp>

#include "http/json_body.hpp"

// The fields a request body sets as they are (ReadFields).
namespace linli::grids {
BOOST_DESCRIBE_STRUCT(NewGrid, (),
                      (community_code, parent_code, code, kind, planned_households, valid_from))
BOOST_DESCRIBE_STRUCT(GridUpdate, (), (name, kind, planned_households))
}  // namespace linli::grids

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

}  // namespace

json::object GridJson(const grids::Grid& grid) {
  json::object out;
  out["code"] = grid.code;
  out["community_code"] = grid.community_code;
  out["parent_code"] = TextOrNull(grid.parent_code);
  out["level"] = grids::GridLevelName(grid.level);
  out["name"] = grid.name;
  out["kind"] = grids::GridKindName(grid.kind);
  out["planned_households"] = grid.planned_households;
  out["valid_from"] = grid.valid_from;
  out["valid_until"] = OrNull(grid.valid_until);
  out["status"] = grids::GridStatusName(grid.status);
  out["created_at"] = grid.created_at;
  out["updated_at"] = grid.updated_at;
  return out;
}

std::vector<Route> GridRoutes(grids::GridService& grids) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/grids", Permission::kGridsRead,
                         [&grids](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto page,
                                            core::MakePageRequest(request.Query("limit"),
                                                                  request.Query("cursor")));
                           grids::GridListRequest list;
                           list.community_code = request.Query("community");
                           list.parent_code = request.Query("parent");
                           list.status = request.Query("status");
                           list.on = request.Query("on");
                           list.text = request.Query("q");
                           ASSIGN_OR_RETURN(auto result, grids.List(list, request.Caller(), page));
                           return Response::Json(PageJson(result, GridJson));
                         },
                         "网格列表（可按日期查看历史）"});

  routes.push_back(Route{"GET", "/api/v1/grids/{code}", Permission::kGridsRead,
                         [&grids](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto detail, grids.Get(PathParam(request, "code"),
                                                                   request.Caller()));
                           json::object out = GridJson(detail.grid);
                           json::array micro_grids;
                           for (const auto& micro : detail.micro_grids)
                             micro_grids.push_back(GridJson(micro));
                           out["micro_grids"] = std::move(micro_grids);
                           return Response::Json(out);
                         },
                         "网格详情及其微网格"});

  routes.push_back(Route{"POST", "/api/v1/grids", Permission::kGridsManage,
                         [&grids](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           grids::NewGrid grid;
                           TRY(ReadFields(body, grid));
                           ASSIGN_OR_RETURN(grid.name, RequiredString(body, "name"));
                           ASSIGN_OR_RETURN(auto created, grids.Create(grid, request.Caller()));
                           return Response::Json(GridJson(created), 201);
                         },
                         "新建网格或微网格"});

  routes.push_back(Route{"PATCH", "/api/v1/grids/{code}", Permission::kGridsManage,
                         [&grids](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           grids::GridUpdate update;
                           TRY(ReadFields(body, update));
                           ASSIGN_OR_RETURN(auto updated, grids.Update(PathParam(request, "code"),
                                                                       update, request.Caller()));
                           return Response::Json(GridJson(updated));
                         },
                         "修改网格名称、类型、规划户数"});

  routes.push_back(Route{
      "POST", "/api/v1/grids/{code}/close", Permission::kGridsManage,
      [&grids](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(std::string valid_until, RequiredString(body, "valid_until"));
        ASSIGN_OR_RETURN(auto closed,
                         grids.Close(PathParam(request, "code"), valid_until, request.Caller()));
        return Response::Json(GridJson(closed));
      },
      "撤销网格（同时撤销其微网格）"});

  return routes;
}

}  // namespace linli::http

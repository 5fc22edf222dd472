#include "domain/grids/grid_service.hpp"

#include "core/division_code.hpp"

namespace linli::grids {

namespace {

constexpr int kCreateAttempts = 5;

core::Error GridNotFound() { return core::Error::NotFound("网格不存在"); }

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

core::Status CheckName(std::string_view name) {
  if (name.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return core::Error::Validation("网格名称不能为空", "name");
  }
  if (CodePoints(name) > 50) return core::Error::Validation("网格名称不能超过50个字", "name");
  return core::Ok();
}

core::Result<GridKind> CheckKind(std::string_view kind) {
  auto parsed = GridKindFromName(kind);
  if (!parsed) return core::Error::Validation("网格类型应为 ordinary 或 dedicated", "kind");
  return *parsed;
}

core::Status CheckHouseholds(int64_t households) {
  if (households < 0 || households > 5000) {
    return core::Error::Validation("规划户数应在 0 到 5000 之间", "planned_households");
  }
  return core::Ok();
}

core::Status CheckGridCodeShape(std::string_view code) {
  auto level = core::LevelOfCode(code);
  if (!level ||
      (*level != core::DivisionLevel::kGrid && *level != core::DivisionLevel::kMicroGrid)) {
    return core::Error::InvalidArgument("网格编码格式不正确：应为 15 或 17 位数字", "code");
  }
  return core::Ok();
}

}  // namespace

GridService::GridService(GridRepository& repository, divisions::DivisionService& divisions,
                         const core::Clock& clock)
    : repository_(repository), divisions_(divisions), clock_(clock) {}

core::Result<Grid> GridService::FindInScope(std::string_view code, const core::Scope& scope,
                                            bool write) {
  TRY(CheckGridCodeShape(code));
  if (write ? !scope.Covers(code) : !scope.Intersects(code)) return GridNotFound();
  ASSIGN_OR_RETURN(auto grid, repository_.Find(code));
  if (!grid) return GridNotFound();
  return *std::move(grid);
}

core::Result<Grid> GridService::Create(const NewGrid& request, const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(access::Permission::kGridsManage);
  TRY(CheckName(request.name));
  ASSIGN_OR_RETURN(GridKind kind, CheckKind(request.kind));
  TRY(CheckHouseholds(request.planned_households));
  const int64_t now = clock_.NowMillis();
  std::string valid_from = request.valid_from.value_or(DateInChina(now));
  if (!IsValidDate(valid_from)) {
    return core::Error::Validation("生效日期应为有效的 YYYY-MM-DD 日期", "valid_from");
  }

  Grid grid;
  grid.name = request.name;
  grid.kind = kind;
  grid.planned_households = request.planned_households;
  grid.valid_from = std::move(valid_from);
  grid.status = GridStatus::kActive;
  grid.created_at = now;
  grid.updated_at = now;
  std::string parent;  // the code the new grid's code extends
  if (request.parent_code) {
    const std::string& parent_code = *request.parent_code;
    auto level = core::LevelOfCode(parent_code);
    if (!level || *level != core::DivisionLevel::kGrid) {
      return core::Error::Validation("上级网格编码应为 15 位数字", "parent_code");
    }
    if (!scope.Covers(parent_code)) return core::Error::NotFound("上级网格不存在");
    ASSIGN_OR_RETURN(auto parent_grid, repository_.Find(parent_code));
    if (!parent_grid) return core::Error::NotFound("上级网格不存在");
    if (parent_grid->status != GridStatus::kActive) {
      return core::Error::FailedPrecondition("上级网格已关闭，不能新建微网格");
    }
    if (request.community_code && *request.community_code != parent_grid->community_code) {
      return core::Error::Validation("社区编码与上级网格所属社区不一致", "community_code");
    }
    grid.level = GridLevel::kMicroGrid;
    grid.community_code = parent_grid->community_code;
    grid.parent_code = parent_code;
    parent = parent_code;
  } else {
    if (!request.community_code) {
      return core::Error::Validation("请填写所属社区编码 community_code 或上级网格 parent_code",
                                     "community_code");
    }
    const std::string& community_code = *request.community_code;
    auto level = core::LevelOfCode(community_code);
    if (!level || *level != core::DivisionLevel::kCommunity) {
      return core::Error::Validation("社区编码应为 12 位数字", "community_code");
    }
    if (!scope.Covers(community_code)) return core::Error::NotFound("社区不存在");
    ASSIGN_OR_RETURN(auto community, divisions_.Find(community_code));
    if (!community) return core::Error::NotFound("社区不存在");
    grid.level = GridLevel::kGrid;
    grid.community_code = community_code;
    parent = community_code;
  }
  const int digits = grid.level == GridLevel::kGrid ? 3 : 2;

  if (request.code) {
    TRY(grid.level == GridLevel::kGrid ? CheckGridCode(*request.code, parent)
                                       : CheckMicroGridCode(*request.code, parent));
    grid.code = *request.code;
    auto inserted = repository_.Insert(grid);
    if (!inserted.ok()) {
      if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
        return core::Error::AlreadyExists("网格编码 " + grid.code + " 已存在", "code");
      }
      return std::move(inserted).error();
    }
  } else {
    for (int attempt = 0;; ++attempt) {
      ASSIGN_OR_RETURN(auto taken, repository_.ChildCodes(parent));
      ASSIGN_OR_RETURN(grid.code, NextFreeCode(parent, digits, taken));
      auto inserted = repository_.Insert(grid);
      if (inserted.ok()) break;
      if (inserted.error().code != core::ErrorCode::kAlreadyExists ||
          attempt + 1 >= kCreateAttempts) {
        return std::move(inserted).error();
      }
    }
  }
  divisions_.MarkGridsChanged();
  return grid;
}

core::Result<Grid> GridService::Update(std::string_view code, const GridUpdate& update,
                                       const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(access::Permission::kGridsManage);
  ASSIGN_OR_RETURN(Grid grid, FindInScope(code, scope, true));
  if (grid.status != GridStatus::kActive) {
    return core::Error::FailedPrecondition("网格已关闭，不能修改");
  }
  if (update.name) {
    TRY(CheckName(*update.name));
    grid.name = *update.name;
  }
  if (update.kind) {
    ASSIGN_OR_RETURN(grid.kind, CheckKind(*update.kind));
  }
  if (update.planned_households) {
    TRY(CheckHouseholds(*update.planned_households));
    grid.planned_households = *update.planned_households;
  }
  grid.updated_at = clock_.NowMillis();
  TRY(repository_.Update(grid));
  divisions_.MarkGridsChanged();
  return grid;
}

core::Result<Grid> GridService::Close(std::string_view code, std::string_view valid_until,
                                      const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(access::Permission::kGridsManage);
  if (!IsValidDate(valid_until)) {
    return core::Error::Validation("失效日期应为有效的 YYYY-MM-DD 日期", "valid_until");
  }
  ASSIGN_OR_RETURN(Grid grid, FindInScope(code, scope, true));
  if (grid.status != GridStatus::kActive) return core::Error::FailedPrecondition("网格已关闭");
  if (valid_until < grid.valid_from) {
    return core::Error::Validation("失效日期不能早于生效日期 " + grid.valid_from, "valid_until");
  }
  TRY(repository_.Close(code, valid_until, clock_.NowMillis()));
  divisions_.MarkGridsChanged();
  ASSIGN_OR_RETURN(auto closed, repository_.Find(code));
  if (!closed) return GridNotFound();
  return *std::move(closed);
}

core::Result<GridDetail> GridService::Get(std::string_view code, const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(access::Permission::kGridsRead);
  ASSIGN_OR_RETURN(Grid grid, FindInScope(code, scope, false));
  GridDetail detail;
  if (grid.level == GridLevel::kGrid) {
    GridQuery query;
    query.parent_code = grid.code;
    core::PageRequest page;
    page.limit = 100;  // a grid has at most 99 micro-grids
    ASSIGN_OR_RETURN(auto micro, repository_.List(query, scope, page));
    detail.micro_grids = std::move(micro.items);
  }
  detail.grid = std::move(grid);
  return detail;
}

core::Result<core::Page<Grid>> GridService::List(const GridListRequest& request,
                                                 const access::Caller& caller,
                                                 const core::PageRequest& page) {
  const core::Scope scope = caller.ScopeFor(access::Permission::kGridsRead);
  GridQuery query;
  if (request.community_code && !request.community_code->empty()) {
    auto level = core::LevelOfCode(*request.community_code);
    if (!level || *level != core::DivisionLevel::kCommunity) {
      return core::Error::Validation("社区编码应为 12 位数字", "community");
    }
    query.community_code = *request.community_code;
  }
  if (request.parent_code && !request.parent_code->empty()) {
    auto level = core::LevelOfCode(*request.parent_code);
    if (!level || *level != core::DivisionLevel::kGrid) {
      return core::Error::Validation("上级网格编码应为 15 位数字", "parent");
    }
    query.parent_code = *request.parent_code;
  }
  if (request.on && !request.on->empty()) {
    if (!IsValidDate(*request.on)) {
      return core::Error::Validation("日期应为有效的 YYYY-MM-DD 日期", "on");
    }
    query.valid_on = *request.on;
  }
  const std::string status = request.status && !request.status->empty()
                                 ? *request.status
                                 : std::string(query.valid_on ? "all" : "active");
  if (status != "all") {
    auto parsed = GridStatusFromName(status);
    if (!parsed) return core::Error::Validation("status 应为 active、closed 或 all", "status");
    query.status = *parsed;
  }
  if (request.text) {
    if (request.text->size() > 150) return core::Error::Validation("搜索内容过长", "q");
    query.text = *request.text;
  }
  return repository_.List(query, scope, page);
}

}  // namespace linli::grids

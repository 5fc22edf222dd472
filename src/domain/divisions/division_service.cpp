#include "domain/divisions/division_service.hpp"

#include <algorithm>
#include <map>

namespace linli::divisions {

namespace {

using core::DivisionLevel;

core::Error NotFound() { return core::Error::NotFound("区划不存在"); }

core::Result<DivisionLevel> CheckDivisionCode(std::string_view code) {
  const auto level = core::LevelOfCode(code);
  if (!level || *level == DivisionLevel::kGrid || *level == DivisionLevel::kMicroGrid) {
    return core::Error::InvalidArgument("区划编码格式不正确：应为 2、4、6、9 或 12 位数字", "code");
  }
  return *level;
}

DivisionView ViewOf(const DivisionTree& tree, const DivisionTree::Node& node,
                    const core::Scope& scope) {
  DivisionView view;
  view.division = node.division;
  for (const auto* ancestor : tree.PathOf(node)) {
    view.path.push_back(
        PathEntry{ancestor->division.code, ancestor->division.name, ancestor->division.level});
  }
  view.counts = tree.CountsFor(node, scope);
  for (const auto* child : node.children) {
    if (!scope.Intersects(child->division.code)) continue;
    view.children.push_back(ChildView{child->division, tree.CountsFor(*child, scope)});
  }
  for (const auto& grid : node.grids) {
    if (scope.Intersects(grid.code)) view.grids.push_back(grid);
  }
  return view;
}

}  // namespace

core::Result<std::optional<DivisionLevel>> ParseLevelFilter(
    const std::optional<std::string>& level) {
  if (!level || level->empty()) return std::optional<DivisionLevel>();
  for (auto candidate : {DivisionLevel::kProvince, DivisionLevel::kCity, DivisionLevel::kCounty,
                         DivisionLevel::kTown, DivisionLevel::kCommunity}) {
    if (core::DivisionLevelName(candidate) == *level) {
      return std::optional<DivisionLevel>(candidate);
    }
  }
  return core::Error::Validation("level 应为 province、city、county、town 或 community", "level");
}

DivisionService::DivisionService(DivisionRepository& repository, const core::Clock& clock)
    : repository_(repository), clock_(clock) {}

core::Result<std::shared_ptr<const DivisionTree>> DivisionService::Snapshot() {
  auto tree = tree_.load(std::memory_order_acquire);
  if (tree && tree->division_generation() == division_generation_.load() &&
      tree->grid_generation() == grid_generation_.load()) {
    return tree;
  }
  return Rebuild();
}

core::Result<std::shared_ptr<const DivisionTree>> DivisionService::Rebuild() {
  std::lock_guard<std::mutex> lock(rebuild_mutex_);
  auto current = tree_.load(std::memory_order_acquire);
  const uint64_t division_generation = division_generation_.load();
  const uint64_t grid_generation = grid_generation_.load();
  if (current && current->division_generation() == division_generation &&
      current->grid_generation() == grid_generation) {
    return current;  // another thread rebuilt while this one waited
  }
  std::vector<Division> divisions;
  if (current && current->division_generation() == division_generation) {
    divisions = current->Divisions();  // only grids changed
  } else {
    ASSIGN_OR_RETURN(divisions, repository_.LoadCurrent());
  }
  ASSIGN_OR_RETURN(std::vector<ActiveGrid> grids, repository_.LoadActiveGrids());
  std::shared_ptr<const DivisionTree> tree = DivisionTree::Build(
      std::move(divisions), std::move(grids), division_generation, grid_generation);
  tree_.store(tree, std::memory_order_release);
  return tree;
}

core::Status DivisionService::Reload() {
  MarkDivisionsChanged();
  ASSIGN_OR_RETURN(auto tree, Snapshot());
  (void)tree;
  return core::Ok();
}

core::Scope DivisionService::ReadScope(const access::Caller& caller) {
  return caller.ScopeFor(access::Permission::kDivisionsRead);
}

core::Result<DivisionView> DivisionService::Get(std::string_view code,
                                                const access::Caller& caller) {
  if (core::LevelOfCode(code) == DivisionLevel::kGrid) return GridView(code, ReadScope(caller));
  return ViewIn(code, ReadScope(caller));
}

core::Result<OutlinesView> DivisionService::ChildOutlines(std::string_view code,
                                                          const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto view, Get(code, caller));
  OutlinesView out;
  out.division = view.division;
  if (view.children.empty()) return out;
  ASSIGN_OR_RETURN(auto stored, repository_.LoadOutlines(view.division.code));
  std::map<std::string, StoredOutline*> by_code;
  for (auto& o : stored) by_code.emplace(o.code, &o);
  for (const auto& child : view.children) {
    const Division& d = child.division;
    const auto found = by_code.find(d.code);
    if (found == by_code.end()) {
      out.without.push_back({d.code, d.name, d.level});
    } else {
      out.outlines.push_back({d.code, d.name, d.level, std::move(*found->second)});
    }
  }
  return out;
}

core::Result<DivisionView> DivisionService::GridView(std::string_view code,
                                                     const core::Scope& scope) {
  ASSIGN_OR_RETURN(auto tree, Snapshot());
  const DivisionTree::Node* community = tree->Find(code.substr(0, 12));
  if (!community || !scope.Intersects(code)) return NotFound();
  auto grid = std::find_if(community->grids.begin(), community->grids.end(),
                           [&](const ActiveGrid& g) { return g.code == code; });
  if (grid == community->grids.end()) return NotFound();
  DivisionView view;
  view.division.code = grid->code;
  view.division.name = grid->name;
  view.division.level = DivisionLevel::kGrid;
  view.division.parent_code = community->division.code;
  view.division.kind = grid->kind;
  for (const auto* ancestor : tree->PathOf(*community)) {
    view.path.push_back(
        PathEntry{ancestor->division.code, ancestor->division.name, ancestor->division.level});
  }
  view.path.push_back(
      PathEntry{community->division.code, community->division.name, community->division.level});
  view.grids.push_back(*grid);
  return view;
}

core::Result<DivisionView> DivisionService::ViewIn(std::string_view code,
                                                   const core::Scope& scope) {
  TRY(CheckDivisionCode(code));
  ASSIGN_OR_RETURN(auto tree, Snapshot());
  const DivisionTree::Node* node = tree->Find(code);
  if (!node || !scope.Intersects(code)) return NotFound();
  return ViewOf(*tree, *node, scope);
}

core::Result<DivisionView> DivisionService::PublicPlace(std::string_view code) {
  return ViewIn(code, core::Scope::Everything());
}

core::Result<core::Page<SearchHit>> DivisionService::Search(const DivisionSearch& search,
                                                            const access::Caller& caller,
                                                            const core::PageRequest& page) {
  if (search.text.size() > 150) return core::Error::Validation("搜索内容过长", "q");
  ASSIGN_OR_RETURN(auto found, repository_.Search(search, ReadScope(caller), page));
  ASSIGN_OR_RETURN(auto tree, Snapshot());
  core::Page<SearchHit> out;
  out.next_cursor = std::move(found.next_cursor);
  out.items.reserve(found.items.size());
  for (auto& division : found.items) {
    std::string path_name = tree->PathName(division.code);
    if (path_name.empty()) path_name = division.name;
    out.items.push_back(SearchHit{std::move(division), std::move(path_name)});
  }
  return out;
}

core::Result<DivisionView> DivisionService::SetKind(std::string_view code, std::string_view kind,
                                                    const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(access::Permission::kDivisionsManage);
  ASSIGN_OR_RETURN(DivisionLevel level, CheckDivisionCode(code));
  {
    ASSIGN_OR_RETURN(auto tree, Snapshot());
    if (!tree->Find(code) || !scope.Covers(code)) return NotFound();
  }
  if (!IsSettableKind(level, kind)) {
    switch (level) {
      case DivisionLevel::kCounty:
        return core::Error::Validation("kind 应为 district、county、county_city 或 functional_zone",
                                       "kind");
      case DivisionLevel::kTown:
        return core::Error::Validation("kind 应为 street、town、township 或 other", "kind");
      case DivisionLevel::kCommunity:
        return core::Error::Validation("kind 应为 urban、village 或 virtual", "kind");
      default:
        return core::Error::Validation("省、市两级没有类型", "kind");
    }
  }
  TRY(repository_.SetKind(code, kind, caller.username(), clock_.NowMillis()));
  MarkDivisionsChanged();
  return ViewIn(code, scope);
}

core::Result<core::Page<Division>> DivisionService::ListUnresolved(std::string_view code,
                                                                   const access::Caller& caller,
                                                                   const core::PageRequest& page) {
  const core::Scope scope = caller.ScopeFor(access::Permission::kDivisionsManage);
  TRY(CheckDivisionCode(code));
  {
    ASSIGN_OR_RETURN(auto tree, Snapshot());
    if (!tree->Find(code) || !scope.Intersects(code)) return NotFound();
  }
  return repository_.ListUnresolved(code, scope, page);
}

core::Result<std::optional<Division>> DivisionService::Find(std::string_view code) {
  ASSIGN_OR_RETURN(auto tree, Snapshot());
  const DivisionTree::Node* node = tree->Find(code);
  if (!node) return std::optional<Division>();
  return std::optional<Division>(node->division);
}

std::string DivisionService::CityNameOf(std::string_view city_code) {
  auto tree = Snapshot();
  if (!tree.ok()) return "";
  const DivisionTree::Node* city = (*tree)->Find(city_code);
  if (!city) return "";
  const std::string& name = city->division.name;
  if (name != "市辖区" && name != "县" && name != "省直辖县级行政区划") return name;
  const DivisionTree::Node* province = (*tree)->Find(city->division.parent_code);
  return province ? province->division.name : name;
}

std::string DivisionService::NameOf(std::string_view code) {
  auto tree = Snapshot();
  if (!tree.ok()) return "";
  const DivisionTree::Node* node = (*tree)->Find(code);
  return node ? node->division.name : std::string();
}

}  // namespace linli::divisions

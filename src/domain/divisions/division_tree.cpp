#include "domain/divisions/division_tree.hpp"

#include <algorithm>

namespace linli::divisions {

namespace {

using core::DivisionLevel;

void CountOne(DivisionCounts& counts, DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kCity:
      ++counts.cities;
      break;
    case DivisionLevel::kCounty:
      ++counts.counties;
      break;
    case DivisionLevel::kTown:
      ++counts.towns;
      break;
    case DivisionLevel::kCommunity:
      ++counts.communities;
      break;
    default:
      break;
  }
}

}  // namespace

DivisionCounts& DivisionCounts::operator+=(const DivisionCounts& other) {
  cities += other.cities;
  counties += other.counties;
  towns += other.towns;
  communities += other.communities;
  grids += other.grids;
  return *this;
}

std::shared_ptr<const DivisionTree> DivisionTree::Build(std::vector<Division> divisions,
                                                        std::vector<ActiveGrid> grids,
                                                        uint64_t division_generation,
                                                        uint64_t grid_generation) {
  std::shared_ptr<DivisionTree> tree(new DivisionTree());
  tree->division_generation_ = division_generation;
  tree->grid_generation_ = grid_generation;
  std::sort(divisions.begin(), divisions.end(),
            [](const Division& a, const Division& b) { return a.code < b.code; });
  tree->nodes_.reserve(divisions.size());
  tree->index_.reserve(divisions.size());
  for (auto& division : divisions) {
    auto node = std::make_unique<Node>();
    node->division = std::move(division);
    // Keys view the node's own string, which never moves (the node is heap-allocated).
    if (!tree->index_.emplace(node->division.code, node.get()).second) continue;
    tree->nodes_.push_back(std::move(node));
  }
  // Parents first: codes sorted by text put "32" before "3210" before "321002".
  for (auto& node : tree->nodes_) {
    auto parent = tree->index_.find(node->division.parent_code);
    if (node->division.parent_code.empty() || parent == tree->index_.end()) continue;
    Node* parent_node = const_cast<Node*>(parent->second);
    node->parent = parent_node;
    parent_node->children.push_back(node.get());
  }
  std::sort(grids.begin(), grids.end(),
            [](const ActiveGrid& a, const ActiveGrid& b) { return a.code < b.code; });
  for (auto& grid : grids) {
    auto community = tree->index_.find(grid.community_code);
    if (community == tree->index_.end()) continue;
    Node* node = const_cast<Node*>(community->second);
    if (node->division.level != DivisionLevel::kCommunity) continue;
    node->grids.push_back(std::move(grid));
  }
  // Counts bottom-up: longer codes (deeper levels) come later in code order within a branch,
  // so a reverse pass sees every child before its parent.
  for (auto it = tree->nodes_.rbegin(); it != tree->nodes_.rend(); ++it) {
    Node& node = **it;
    node.counts.grids += static_cast<int64_t>(node.grids.size());
    if (node.parent) {
      Node* parent = const_cast<Node*>(node.parent);
      parent->counts += node.counts;
      CountOne(parent->counts, node.division.level);
    }
  }
  return tree;
}

const DivisionTree::Node* DivisionTree::Find(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : it->second;
}

DivisionCounts DivisionTree::CountsFor(const Node& node, const core::Scope& scope) const {
  if (scope.Covers(node.division.code)) return node.counts;
  DivisionCounts counts;
  if (!scope.Intersects(node.division.code)) return counts;
  for (const Node* child : node.children) {
    if (!scope.Intersects(child->division.code)) continue;
    CountOne(counts, child->division.level);
    counts += CountsFor(*child, scope);
  }
  for (const auto& grid : node.grids) {
    if (scope.Intersects(grid.code)) ++counts.grids;
  }
  return counts;
}

std::vector<const DivisionTree::Node*> DivisionTree::PathOf(const Node& node) const {
  std::vector<const Node*> path;
  for (const Node* at = node.parent; at; at = at->parent) path.push_back(at);
  std::reverse(path.begin(), path.end());
  return path;
}

std::string DivisionTree::PathName(std::string_view code) const {
  const Node* node = Find(code);
  if (!node) return "";
  std::string out;
  for (const Node* at : PathOf(*node)) {
    if (at->division.level == DivisionLevel::kProvince) continue;
    out += at->division.name;
    out += ' ';
  }
  out += node->division.name;
  return out;
}

std::vector<Division> DivisionTree::Divisions() const {
  std::vector<Division> out;
  out.reserve(nodes_.size());
  for (const auto& node : nodes_) out.push_back(node->division);
  return out;
}

std::vector<ActiveGrid> DivisionTree::Grids() const {
  std::vector<ActiveGrid> out;
  for (const auto& node : nodes_) out.insert(out.end(), node->grids.begin(), node->grids.end());
  return out;
}

}  // namespace linli::divisions

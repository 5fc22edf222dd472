// DivisionTree: an immutable in-memory snapshot of every current division with precomputed
// counts (towns, communities, active grids … under each node) and each community's active
// grids. DivisionService answers Get from it without SQL; a change builds a new tree and swaps
// it in. Visibility: a node is visible to a scope that Intersects its code (its subtree holds
// something in scope, or it lies inside the scope); counts of a partly visible node count only
// the visible nodes and grids below it.
// Thread-safety: immutable after Build; share it through std::shared_ptr<const DivisionTree>.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/scope.hpp"
#include "domain/divisions/divisions.hpp"

namespace linli::divisions {

// Numbers of units below a node (the node itself not included).
struct DivisionCounts {
  int64_t cities = 0;
  int64_t counties = 0;
  int64_t towns = 0;
  int64_t communities = 0;
  int64_t grids = 0;  // active grids (micro-grids not counted)

  DivisionCounts& operator+=(const DivisionCounts& other);
  bool operator==(const DivisionCounts&) const = default;
};

class DivisionTree {
 public:
  struct Node {
    Division division;
    std::vector<const Node*> children;  // in code order
    const Node* parent = nullptr;
    DivisionCounts counts;          // everything below, unscoped
    std::vector<ActiveGrid> grids;  // communities only: their active grids, in code order
  };

  // divisions in any order; a node whose parent is missing becomes a root. Grids of unknown
  // communities are ignored.
  static std::shared_ptr<const DivisionTree> Build(std::vector<Division> divisions,
                                                   std::vector<ActiveGrid> grids,
                                                   uint64_t division_generation = 0,
                                                   uint64_t grid_generation = 0);

  const Node* Find(std::string_view code) const;
  // The counts below node restricted to what scope can see.
  DivisionCounts CountsFor(const Node& node, const core::Scope& scope) const;
  // Ancestors from the root down (node excluded).
  std::vector<const Node*> PathOf(const Node& node) const;
  // "扬州市 广陵区 东关街道": names from the city level down, the node included.
  std::string PathName(std::string_view code) const;
  std::vector<Division> Divisions() const;  // every division, in code order
  std::vector<ActiveGrid> Grids() const;    // every active grid, in code order
  size_t size() const { return nodes_.size(); }

  uint64_t division_generation() const { return division_generation_; }
  uint64_t grid_generation() const { return grid_generation_; }

 private:
  DivisionTree() = default;

  std::vector<std::unique_ptr<Node>> nodes_;  // in code order
  std::unordered_map<std::string_view, const Node*> index_;
  uint64_t division_generation_ = 0;
  uint64_t grid_generation_ = 0;
};

}  // namespace linli::divisions

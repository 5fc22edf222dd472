// Route table: maps (method, decoded path segments) to a Route and its path parameters.
//
// Patterns are "/api/v1/grids/{code}/close"; a {name} segment matches any one segment and a
// literal segment wins over a parameter at the same position. A path that matches some
// pattern but not with this method is reported separately (405 with Allow), so that the
// server can tell it from a path that matches nothing (404). HEAD is answered by a GET route
// when no HEAD route exists.
// Thread-safety: Add during start-up only; Match and routes() are then safe from any thread.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/handler.hpp"

namespace linli::http {

struct RouteMatch {
  enum class Kind { kFound, kNoPath, kNoMethod };
  Kind kind = Kind::kNoPath;
  const Route* route = nullptr;  // kFound only
  std::size_t route_index = 0;   // kFound only: index into routes()
  std::map<std::string, std::string> path_params;
  std::vector<std::string> allowed_methods;  // kNoMethod only, sorted
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // invalid_argument for a malformed pattern, an unknown method, a duplicate
  // (method, pattern) or a parameter name that differs from an existing one at that position.
  core::Status Add(Route route);
  core::Status AddAll(std::vector<Route> routes);

  // segments are decoded (see DecodePath).
  RouteMatch Match(std::string_view method, const std::vector<std::string>& segments) const;
  // Convenience for tests and tools: decodes the path first (no query part); a path that
  // does not decode is kNoPath.
  RouteMatch Match(std::string_view method, std::string_view raw_path) const;

  // In the order added.
  const std::vector<Route>& routes() const { return routes_; }
  // "GET /api/v1/divisions/{code}", one per route.
  std::vector<std::string> Operations() const;

 private:
  struct Node;
  void Collect(const Node& node, const std::vector<std::string>& segments, std::size_t depth,
               std::vector<std::string>& values, std::vector<const Node*>& matched,
               std::vector<std::vector<std::string>>& matched_values) const;

  std::vector<Route> routes_;
  std::unique_ptr<Node> root_;
};

}  // namespace linli::http

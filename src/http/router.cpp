#include "http/router.hpp"

#include <algorithm>
#include <array>

#include "http/path.hpp"

namespace linli::http {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> parameter;
  std::string parameter_name;
  // method -> route index; names of the parameters along the path, in order.
  std::map<std::string, std::size_t, std::less<>> methods;
  std::vector<std::string> parameter_names;
};

namespace {
constexpr std::array<std::string_view, 7> kMethods = {"GET",   "HEAD",   "POST",   "PUT",
                                                      "PATCH", "DELETE", "OPTIONS"};
bool IsParameter(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}
}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

core::Status Router::Add(Route route) {
  if (std::find(kMethods.begin(), kMethods.end(), route.method) == kMethods.end()) {
    return core::Error::InvalidArgument("unknown method " + route.method);
  }
  if (!route.handler) return core::Error::InvalidArgument("route without handler " + route.pattern);
  if (route.pattern.empty() || route.pattern.front() != '/') {
    return core::Error::InvalidArgument("route pattern must start with '/': " + route.pattern);
  }
  Node* node = root_.get();
  std::vector<std::string> names;
  std::size_t start = 1;
  const std::string& pattern = route.pattern;
  while (start < pattern.size()) {
    std::size_t end = pattern.find('/', start);
    if (end == std::string::npos) end = pattern.size();
    std::string segment = pattern.substr(start, end - start);
    start = end + 1;
    if (segment.empty()) return core::Error::InvalidArgument("empty segment in " + pattern);
    if (IsParameter(segment)) {
      std::string name = segment.substr(1, segment.size() - 2);
      if (name.find_first_of("{}") != std::string::npos) {
        return core::Error::InvalidArgument("bad parameter in " + pattern);
      }
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        return core::Error::InvalidArgument("duplicate parameter in " + pattern);
      }
      if (!node->parameter) {
        node->parameter = std::make_unique<Node>();
        node->parameter_name = name;
      }
      names.push_back(name);
      node = node->parameter.get();
    } else {
      if (segment.find_first_of("{}") != std::string::npos) {
        return core::Error::InvalidArgument("bad segment in " + pattern);
      }
      auto& child = node->literals[segment];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  if (node->methods.count(route.method)) {
    return core::Error::InvalidArgument("duplicate route " + route.method + " " + pattern);
  }
  if (!node->methods.empty() && node->parameter_names != names) {
    return core::Error::InvalidArgument("parameter names differ from another route: " + pattern);
  }
  node->parameter_names = names;
  node->methods.emplace(route.method, routes_.size());
  routes_.push_back(std::move(route));
  return core::Ok();
}

core::Status Router::AddAll(std::vector<Route> routes) {
  for (auto& route : routes) TRY(Add(std::move(route)));
  return core::Ok();
}

void Router::Collect(const Node& node, const std::vector<std::string>& segments, std::size_t depth,
                     std::vector<std::string>& values, std::vector<const Node*>& matched,
                     std::vector<std::vector<std::string>>& matched_values) const {
  if (depth == segments.size()) {
    if (!node.methods.empty()) {
      matched.push_back(&node);
      matched_values.push_back(values);
    }
    return;
  }
  const std::string& segment = segments[depth];
  auto literal = node.literals.find(segment);
  if (literal != node.literals.end()) {
    Collect(*literal->second, segments, depth + 1, values, matched, matched_values);
  }
  if (node.parameter) {
    values.push_back(segment);
    Collect(*node.parameter, segments, depth + 1, values, matched, matched_values);
    values.pop_back();
  }
}

RouteMatch Router::Match(std::string_view method, const std::vector<std::string>& segments) const {
  RouteMatch result;
  std::vector<std::string> values;
  std::vector<const Node*> matched;
  std::vector<std::vector<std::string>> matched_values;
  Collect(*root_, segments, 0, values, matched, matched_values);
  if (matched.empty()) return result;
  auto found = [&](const Node& node, std::size_t index, const std::vector<std::string>& vals) {
    result.kind = RouteMatch::Kind::kFound;
    result.route_index = index;
    result.route = &routes_[index];
    for (std::size_t i = 0; i < node.parameter_names.size() && i < vals.size(); ++i) {
      result.path_params.emplace(node.parameter_names[i], vals[i]);
    }
  };
  for (std::size_t i = 0; i < matched.size(); ++i) {
    auto it = matched[i]->methods.find(method);
    if (it != matched[i]->methods.end()) {
      found(*matched[i], it->second, matched_values[i]);
      return result;
    }
  }
  if (method == "HEAD") {
    for (std::size_t i = 0; i < matched.size(); ++i) {
      auto it = matched[i]->methods.find(std::string_view("GET"));
      if (it != matched[i]->methods.end()) {
        found(*matched[i], it->second, matched_values[i]);
        return result;
      }
    }
  }
  result.kind = RouteMatch::Kind::kNoMethod;
  for (const Node* node : matched) {
    for (const auto& [name, index] : node->methods) {
      result.allowed_methods.push_back(name);
      if (name == "GET") result.allowed_methods.push_back("HEAD");
    }
  }
  std::sort(result.allowed_methods.begin(), result.allowed_methods.end());
  result.allowed_methods.erase(
      std::unique(result.allowed_methods.begin(), result.allowed_methods.end()),
      result.allowed_methods.end());
  return result;
}

RouteMatch Router::Match(std::string_view method, std::string_view raw_path) const {
  auto segments = DecodePath(raw_path);
  if (!segments.ok()) return RouteMatch{};
  return Match(method, *segments);
}

std::vector<std::string> Router::Operations() const {
  std::vector<std::string> operations;
  operations.reserve(routes_.size());
  for (const auto& route : routes_) operations.push_back(route.method + " " + route.pattern);
  return operations;
}

}  // namespace linli::http

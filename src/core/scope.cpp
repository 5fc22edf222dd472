#include "core/scope.hpp"

#include <algorithm>

namespace linli::core {

Scope Scope::Of(std::vector<std::string> prefixes) {
  std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  std::vector<std::string> minimal;
  for (auto& p : prefixes) {
    // Sorted order puts a prefix right before the codes it covers.
    if (!minimal.empty() && p.starts_with(minimal.back())) continue;
    minimal.push_back(std::move(p));
  }
  return Scope{false, std::move(minimal)};
}

bool Scope::Covers(std::string_view code) const {
  if (all) return true;
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return code.starts_with(p); });
}

bool Scope::Intersects(std::string_view code) const {
  if (all) return true;
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
    return code.starts_with(p) || std::string_view(p).starts_with(code);
  });
}

}  // namespace linli::core

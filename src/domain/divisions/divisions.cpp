#include "domain/divisions/divisions.hpp"

#include <array>

namespace linli::divisions {

std::string_view KindSourceName(KindSource source) {
  switch (source) {
    case KindSource::kRule:
      return "rule";
    case KindSource::kAdmin:
      return "admin";
    case KindSource::kUnresolved:
      return "unresolved";
  }
  return "rule";
}

std::optional<KindSource> KindSourceFromName(std::string_view name) {
  for (auto source : {KindSource::kRule, KindSource::kAdmin, KindSource::kUnresolved}) {
    if (KindSourceName(source) == name) return source;
  }
  return std::nullopt;
}

bool IsSettableKind(core::DivisionLevel level, std::string_view kind) {
  constexpr std::array<std::string_view, 4> kCounty = {"district", "county", "county_city",
                                                       "functional_zone"};
  constexpr std::array<std::string_view, 4> kTown = {"street", "town", "township", "other"};
  constexpr std::array<std::string_view, 3> kCommunity = {"urban", "village", "virtual"};
  auto in = [&](const auto& list) {
    for (auto item : list) {
      if (item == kind) return true;
    }
    return false;
  };
  switch (level) {
    case core::DivisionLevel::kCounty:
      return in(kCounty);
    case core::DivisionLevel::kTown:
      return in(kTown);
    case core::DivisionLevel::kCommunity:
      return in(kCommunity);
    default:
      return false;
  }
}

}  // namespace linli::divisions

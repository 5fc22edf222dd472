#include "domain/divisions/kind_rules.hpp"

#include <array>

namespace linli::divisions {

namespace {

template <size_t N>
bool EndsWithAny(std::string_view name, const std::array<std::string_view, N>& suffixes) {
  for (auto suffix : suffixes) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

template <size_t N>
bool ContainsAny(std::string_view name, const std::array<std::string_view, N>& parts) {
  for (auto part : parts) {
    if (name.find(part) != std::string_view::npos) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 5> kUrbanSuffixes = {"居委会", "社区", "居民委员会",
                                                            "社区居委会", "社区居委"};
constexpr std::array<std::string_view, 2> kVillageSuffixes = {"村委会", "村民委员会"};
// Names that announce both kinds at once: "村（居）委会", "居（村）委会", ASCII brackets too.
constexpr std::array<std::string_view, 4> kDualMarkers = {"村（居）", "居（村）", "村(居)",
                                                          "居(村)"};
constexpr std::array<std::string_view, 7> kZoneSuffixes = {"开发区", "园区",   "功能区", "管理区",
                                                           "度假区", "示范区", "新城"};

}  // namespace

std::string CommunityKindOf(std::string_view name) {
  if (name.find("虚拟") != std::string_view::npos) return "virtual";
  const bool urban = EndsWithAny(name, kUrbanSuffixes);
  const bool village = EndsWithAny(name, kVillageSuffixes);
  const bool dual = ContainsAny(name, kDualMarkers);
  if (dual || urban == village) return "unresolved";
  return urban ? "urban" : "village";
}

std::string TownKindOf(std::string_view name) {
  if (name.ends_with("街道")) return "street";
  if (name.ends_with("镇")) return "town";
  if (name.ends_with("乡")) return "township";
  return "other";
}

std::string CountyKindOf(std::string_view name, bool in_functional_zone) {
  if (in_functional_zone || EndsWithAny(name, kZoneSuffixes)) return "functional_zone";
  if (name.ends_with("区")) return "district";
  if (name.ends_with("县")) return "county";
  if (name.ends_with("市")) return "county_city";
  return "functional_zone";
}

}  // namespace linli::divisions

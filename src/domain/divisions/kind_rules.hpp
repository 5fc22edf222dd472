// The rules that give a division its kind from its name (and, for county-level units, from
// the functional-zone configuration). Pure functions; safe from any thread.
//
//   community: contains 虚拟 -> virtual (checked first: "…虚拟社区", "…虚拟生活区");
//              ends with 居委会/社区/居民委员会/社区居委会/社区居委 -> urban;
//              ends with 村委会/村民委员会 -> village;
//              a name that fits both (e.g. "郭庄村（居）委会") or neither -> unresolved
//              (never guessed; listed in the import report for an administrator).
//   town:      ends with 街道 -> street, 镇 -> town, 乡 -> township, otherwise other
//              (development zones, farms, 园区, 开发区 …).
//   county:    ends with 开发区/园区/功能区/管理区/度假区/示范区/新城 (a development area) or is
//              listed in a configured functional zone -> functional_zone; else 区 -> district,
//              县 -> county, 市 -> county_city, otherwise functional_zone.
#pragma once

#include <string>
#include <string_view>

namespace linli::divisions {

std::string CommunityKindOf(std::string_view name);
std::string TownKindOf(std::string_view name);
std::string CountyKindOf(std::string_view name, bool in_functional_zone);

}  // namespace linli::divisions

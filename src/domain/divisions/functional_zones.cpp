#include "domain/divisions/functional_zones.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

#include "core/division_code.hpp"

namespace linli::divisions {

namespace json = boost::json;

std::string FunctionalZoneConfig::ZoneOf(std::string_view county_code) const {
  if (county_code.size() < 4) return "";
  auto it = zones_by_city.find(std::string(county_code.substr(0, 4)));
  if (it == zones_by_city.end()) return "";
  for (const auto& zone : it->second) {
    for (const auto& code : zone.county_codes) {
      if (code == county_code) return zone.name;
    }
  }
  return "";
}

core::Result<FunctionalZoneConfig> ParseFunctionalZones(std::string_view json_text) {
  auto bad = [](std::string what) {
    return core::Error::InvalidArgument("功能区配置格式错误：" + std::move(what));
  };
  boost::system::error_code error;
  json::value root = json::parse(json_text, error);
  if (error) return bad("不是合法的 JSON（" + error.message() + "）");
  if (!root.is_object()) return bad("顶层应为对象");
  FunctionalZoneConfig config;
  for (const auto& [key, value] : root.as_object()) {
    const std::string city(key);
    if (city.starts_with("_")) continue;
    if (city.size() != 4 || !core::IsDigits(city))
      return bad("城市编码 " + city + " 应为 4 位数字");
    if (!value.is_array()) return bad(city + " 的值应为数组");
    for (const auto& item : value.as_array()) {
      if (!item.is_object()) return bad(city + " 的每个功能区应为对象");
      const auto& object = item.as_object();
      const auto* name = object.if_contains("name");
      const auto* counties = object.if_contains("counties");
      if (!name || !name->is_string() || name->as_string().empty()) {
        return bad(city + " 的功能区缺少 name");
      }
      if (!counties || !counties->is_array()) return bad(city + " 的功能区缺少 counties 数组");
      FunctionalZone zone;
      zone.name = std::string(name->as_string());
      for (const auto& code : counties->as_array()) {
        if (!code.is_string()) return bad(zone.name + " 的 counties 应为字符串");
        std::string county(code.as_string());
        if (county.size() != 6 || !county.starts_with(city) || !core::IsDigits(county)) {
          return bad(zone.name + " 的县级编码 " + county + " 不属于城市 " + city);
        }
        zone.county_codes.push_back(std::move(county));
      }
      config.zones_by_city[city].push_back(std::move(zone));
    }
  }
  return config;
}

core::Result<FunctionalZoneConfig> LoadFunctionalZones(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::InvalidArgument("无法打开功能区配置文件 " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseFunctionalZones(buffer.str());
}

}  // namespace linli::divisions

#include "http/base_map.hpp"

#include <algorithm>
#include <boost/json/array.hpp>

namespace linli::http {

namespace {

constexpr const char* kTiandituAttribution =
    "&copy; <a href=\"https://www.tianditu.gov.cn/\">天地图</a>";

std::string TiandituLayerUrl(const std::string& layer, const std::string& key) {
  return "https://t{s}.tianditu.gov.cn/" + layer +
         "_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=" + layer +
         "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" +
         key;
}

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

core::Status CheckKey(const std::string& key) {
  if (key.empty()) {
    return core::Error::InvalidArgument(
        "底图 base_map 为 tianditu 时必须配置天地图密钥 tianditu_key（LINLI_TIANDITU_KEY）",
        "tianditu_key");
  }
  for (char c : key) {
    const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!plain || key.size() > 128) {
      return core::Error::InvalidArgument("天地图密钥 tianditu_key 只能由字母和数字组成",
                                          "tianditu_key");
    }
  }
  return core::Ok();
}

core::Status CheckTemplate(const std::string& url) {
  if (url.empty()) {
    return core::Error::InvalidArgument(
        "底图 base_map 为 custom 时必须配置瓦片地址 base_map_url（LINLI_BASE_MAP_URL）",
        "base_map_url");
  }
  if (!StartsWith(url, "http://") && !StartsWith(url, "https://")) {
    return core::Error::InvalidArgument("瓦片地址 base_map_url 必须以 http:// 或 https:// 开头",
                                        "base_map_url");
  }
  for (const char* placeholder : {"{z}", "{x}", "{y}"}) {
    if (url.find(placeholder) == std::string::npos) {
      return core::Error::InvalidArgument(
          std::string("瓦片地址 base_map_url 必须包含 {z}、{x}、{y}，缺少 ") + placeholder,
          "base_map_url");
    }
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>') {
      return core::Error::InvalidArgument("瓦片地址 base_map_url 含有空白或不允许的字符",
                                          "base_map_url");
    }
  }
  return core::Ok();
}

}  // namespace

core::Result<BaseMap> MakeBaseMap(const BaseMapSettings& settings) {
  BaseMap base_map;
  base_map.provider = settings.provider;
  if (settings.provider == "none") return base_map;
  if (settings.provider == "tianditu") {
    TRY(CheckKey(settings.tianditu_key));
    base_map.layers.push_back(TileLayer{"base", TiandituLayerUrl("vec", settings.tianditu_key),
                                        "01234567", kTiandituAttribution, 18});
    base_map.layers.push_back(
        TileLayer{"labels", TiandituLayerUrl("cva", settings.tianditu_key), "01234567", "", 18});
    return base_map;
  }
  if (settings.provider == "osm") {
    base_map.layers.push_back(TileLayer{"base", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                        "", "&copy; OpenStreetMap contributors", 19});
    return base_map;
  }
  if (settings.provider == "custom") {
    TRY(CheckTemplate(settings.url));
    const bool has_subdomains = settings.url.find("{s}") != std::string::npos;
    base_map.layers.push_back(
        TileLayer{"base", settings.url, has_subdomains ? "abc" : "", settings.attribution, 19});
    base_map.datum = "unknown";
    return base_map;
  }
  return core::Error::InvalidArgument(
      "底图 base_map 应为 tianditu、osm、none 或 custom，而不是 " + settings.provider, "base_map");
}

std::vector<std::string> BaseMapImageSources(const BaseMap& base_map) {
  std::vector<std::string> sources;
  const std::string scheme = "http://";
  for (const auto& layer : base_map.layers) {
    if (!StartsWith(layer.url, scheme)) continue;
    const auto end = layer.url.find_first_of("/?#", scheme.size());
    std::string origin = layer.url.substr(0, end);
    if (auto at = origin.find("{s}"); at != std::string::npos) origin.replace(at, 3, "*");
    if (std::find(sources.begin(), sources.end(), origin) == sources.end()) {
      sources.push_back(std::move(origin));
    }
  }
  return sources;
}

boost::json::object BaseMapJson(const BaseMap& base_map) {
  boost::json::object out;
  out["provider"] = base_map.provider;
  out["datum"] = base_map.datum;
  boost::json::array layers;
  for (const auto& layer : base_map.layers) {
    boost::json::object item;
    item["role"] = layer.role;
    item["url"] = layer.url;
    item["subdomains"] = layer.subdomains;
    item["attribution"] = layer.attribution;
    item["max_zoom"] = layer.max_zoom;
    layers.push_back(std::move(item));
  }
  out["layers"] = std::move(layers);
  return out;
}

}  // namespace linli::http

// The base map the web app draws under its maps (decision 0022): a server setting, checked at
// start-up and sent to every browser in GET /api/v1/deployment. Providers: 天地图 (vector tiles
// plus an annotation layer, CGCS2000 = WGS-84 for web maps, so Linli's WGS-84 points need no
// transform), OpenStreetMap, a custom tile server (a Leaflet URL template), or none (offline:
// the maps draw their own features on a plain background).
// Thread-safety: plain values and pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace linli::http {

// What the configuration says, as text (app/config.hpp: base_map, tianditu_key, base_map_url,
// base_map_attribution).
struct BaseMapSettings {
  std::string provider = "none";  // tianditu | osm | none | custom
  std::string tianditu_key;       // required for tianditu (a browser key: it is sent out)
  std::string url;                // custom: Leaflet template with {z}, {x}, {y}
  std::string attribution;        // custom: shown in the map's corner ("" = none)
};

// One tile layer as Leaflet takes it (L.tileLayer(url, {subdomains, attribution, maxZoom})).
struct TileLayer {
  std::string role;  // "base" or "labels"
  std::string url;
  std::string subdomains;  // "" = the template has no {s}
  std::string attribution;
  int max_zoom = 18;
};

struct BaseMap {
  std::string provider = "none";
  std::vector<TileLayer> layers;  // empty for none
  // The coordinates the tiles are drawn in, so that a reader knows whether WGS-84 points fit:
  // "wgs84" (天地图's CGCS2000 and OSM) or "unknown" (custom: the operator's business).
  std::string datum = "wgs84";
};

// The provider's layers, or InvalidArgument naming the field (tianditu without a key, a custom
// URL that is not http(s) or lacks {z}, {x} or {y}, an unknown provider).
core::Result<BaseMap> MakeBaseMap(const BaseMapSettings& settings);

// What the Content-Security-Policy's img-src must add for the tiles to load: the origins of
// plain-http layers ("http://127.0.0.1:8081"; a {s} host label becomes "*"). https: is
// allowed already, so 天地图 and OSM need nothing.
std::vector<std::string> BaseMapImageSources(const BaseMap& base_map);

// {"provider", "datum", "layers":[{"role","url","subdomains","attribution","max_zoom"}]}
boost::json::object BaseMapJson(const BaseMap& base_map);

}  // namespace linli::http

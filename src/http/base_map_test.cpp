#include "http/base_map.hpp"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

BaseMapSettings Settings(std::string provider, std::string key = "", std::string url = "") {
  BaseMapSettings settings;
  settings.provider = std::move(provider);
  settings.tianditu_key = std::move(key);
  settings.url = std::move(url);
  return settings;
}

TEST(BaseMapTest, NoneIsTheDefaultAndHasNoLayers) {
  auto base_map = MakeBaseMap(BaseMapSettings{});
  ASSERT_TRUE(base_map.ok()) << base_map.error().message;
  EXPECT_EQ(base_map->provider, "none");
  EXPECT_TRUE(base_map->layers.empty());
  auto json = BaseMapJson(*base_map);
  EXPECT_EQ(json["provider"].as_string(), "none");
  EXPECT_TRUE(json["layers"].as_array().empty());
}

TEST(BaseMapTest, TiandituNeedsAKeyAndGivesVectorAndLabelLayers) {
  auto missing = MakeBaseMap(Settings("tianditu"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().field, "tianditu_key");
  EXPECT_FALSE(MakeBaseMap(Settings("tianditu", "abc&SERVICE=x")).ok());

  auto base_map = MakeBaseMap(Settings("tianditu", "0123abcdef"));
  ASSERT_TRUE(base_map.ok()) << base_map.error().message;
  ASSERT_EQ(base_map->layers.size(), 2u);
  EXPECT_EQ(base_map->datum, "wgs84");  // CGCS2000: no GCJ-02 offset
  EXPECT_EQ(base_map->layers[0].role, "base");
  EXPECT_EQ(base_map->layers[0].url,
            "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
            "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
            "&TILECOL={x}&tk=0123abcdef");
  EXPECT_EQ(base_map->layers[0].subdomains, "01234567");
  EXPECT_NE(base_map->layers[0].attribution.find("天地图"), std::string::npos);
  EXPECT_EQ(base_map->layers[1].role, "labels");
  EXPECT_NE(base_map->layers[1].url.find("/cva_w/wmts?"), std::string::npos);
  EXPECT_NE(base_map->layers[1].url.find("LAYER=cva&"), std::string::npos);
  auto json = BaseMapJson(*base_map);
  EXPECT_EQ(json["layers"].as_array()[1].as_object()["subdomains"].as_string(), "01234567");
  EXPECT_EQ(json["layers"].as_array()[0].as_object()["max_zoom"].as_int64(), 18);
}

TEST(BaseMapTest, OsmIsOneLayer) {
  auto base_map = MakeBaseMap(Settings("osm"));
  ASSERT_TRUE(base_map.ok());
  ASSERT_EQ(base_map->layers.size(), 1u);
  EXPECT_EQ(base_map->layers[0].url, "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
}

TEST(BaseMapTest, CustomUrlMustBeHttpWithEveryPlaceholder) {
  for (const std::string url :
       {"", "ftp://tiles.local/{z}/{x}/{y}.png", "tiles.local/{z}/{x}/{y}.png",
        "http://tiles.local/{z}/{x}.png", "http://tiles.local/{x}/{y}.png",
        "http://tiles.local/{z}/{x}/{y}.png\" onerror=", "http://tiles local/{z}/{x}/{y}"}) {
    auto base_map = MakeBaseMap(Settings("custom", "", url));
    ASSERT_FALSE(base_map.ok()) << url;
    EXPECT_EQ(base_map.error().field, "base_map_url") << url;
  }
  BaseMapSettings settings = Settings("custom", "", "http://127.0.0.1:9/{z}/{x}/{y}.png");
  settings.attribution = "自建瓦片";
  auto base_map = MakeBaseMap(settings);
  ASSERT_TRUE(base_map.ok()) << base_map.error().message;
  ASSERT_EQ(base_map->layers.size(), 1u);
  EXPECT_EQ(base_map->layers[0].url, "http://127.0.0.1:9/{z}/{x}/{y}.png");
  EXPECT_EQ(base_map->layers[0].subdomains, "");
  EXPECT_EQ(base_map->layers[0].attribution, "自建瓦片");
  EXPECT_EQ(base_map->datum, "unknown");
  auto with_subdomains = MakeBaseMap(Settings("custom", "", "https://{s}.tiles.cn/{z}/{x}/{y}"));
  ASSERT_TRUE(with_subdomains.ok());
  EXPECT_EQ(with_subdomains->layers[0].subdomains, "abc");
}

TEST(BaseMapTest, PlainHttpTileServersAreAddedToTheImageSources) {
  EXPECT_TRUE(BaseMapImageSources(*MakeBaseMap(Settings("tianditu", "k"))).empty());
  EXPECT_TRUE(BaseMapImageSources(*MakeBaseMap(Settings("osm"))).empty());
  EXPECT_EQ(BaseMapImageSources(*MakeBaseMap(
                Settings("custom", "", "http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png"))),
            std::vector<std::string>{"http://127.0.0.1:8081"});
  EXPECT_EQ(BaseMapImageSources(
                *MakeBaseMap(Settings("custom", "", "http://{s}.tiles.lan?z={z}&x={x}&y={y}"))),
            std::vector<std::string>{"http://*.tiles.lan"});
}

TEST(BaseMapTest, UnknownProviderNamesTheField) {
  auto base_map = MakeBaseMap(Settings("amap"));
  ASSERT_FALSE(base_map.ok());
  EXPECT_EQ(base_map.error().field, "base_map");
}

}  // namespace
}  // namespace linli::http

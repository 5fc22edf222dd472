#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

TrustedProxies Proxies(std::string_view list) {
  auto parsed = TrustedProxies::Parse(list);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? *parsed : TrustedProxies{};
}

// Issue 15 item 5: the per-address login limit must see the client behind a trusted proxy,
// and only there.
TEST(TrustedProxiesTest, ForwardedForOnlyFromATrustedPeer) {
  const TrustedProxies proxies = Proxies("10.0.0.1, 192.168.0.0/16");
  EXPECT_EQ(proxies.Resolve("10.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies.Resolve("192.168.4.5", "203.0.113.7"), "203.0.113.7");
  // Anyone else's header is ignored.
  EXPECT_EQ(proxies.Resolve("198.51.100.9", "203.0.113.7"), "198.51.100.9");
  EXPECT_EQ(proxies.Resolve("10.0.0.2", "203.0.113.7"), "10.0.0.2");
  // No header: the proxy itself.
  EXPECT_EQ(proxies.Resolve("10.0.0.1", ""), "10.0.0.1");
}

TEST(TrustedProxiesTest, RightmostUntrustedEntryIsTheClient) {
  const TrustedProxies proxies = Proxies("10.0.0.0/8");
  // The client wrote "1.1.1.1" itself; the proxy appended the address it saw.
  EXPECT_EQ(proxies.Resolve("10.0.0.1", "1.1.1.1, 203.0.113.7"), "203.0.113.7");
  // Two proxies in a row.
  EXPECT_EQ(proxies.Resolve("10.0.0.1", "1.1.1.1, 203.0.113.7, 10.2.3.4"), "203.0.113.7");
  // Garbage stops the walk at the last address a proxy vouched for.
  EXPECT_EQ(proxies.Resolve("10.0.0.1", "203.0.113.7, nonsense"), "10.0.0.1");
}

TEST(TrustedProxiesTest, NoListTrustsNobody) {
  const TrustedProxies proxies = Proxies("");
  EXPECT_TRUE(proxies.empty());
  EXPECT_EQ(proxies.Resolve("127.0.0.1", "203.0.113.7"), "127.0.0.1");
}

TEST(TrustedProxiesTest, Ipv6AndMappedAddresses) {
  const TrustedProxies proxies = Proxies("::1, fd00::/8, 10.0.0.1");
  EXPECT_EQ(proxies.Resolve("::1", "2001:db8::5"), "2001:db8::5");
  EXPECT_EQ(proxies.Resolve("fd12::3", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies.Resolve("::ffff:10.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies.Resolve("2001:db8::1", "203.0.113.7"), "2001:db8::1");
}

TEST(TrustedProxiesTest, MalformedEntriesAreRefused) {
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.1, proxy.local").ok());
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/").ok());
  EXPECT_EQ(TrustedProxies::Parse("10.0.0.0/33").error().field, "trusted_proxies");
}

}  // namespace
}  // namespace linli::http

#include "http/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <optional>

namespace linli::http {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// IPv4-mapped IPv6 addresses count as their IPv4 address.
std::optional<std::vector<unsigned char>> BytesOf(std::string_view text) {
  boost::system::error_code error;
  auto address = boost::asio::ip::make_address(std::string(Trim(text)), error);
  if (error) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    auto bytes = address.to_v4().to_bytes();
    return std::vector<unsigned char>(bytes.begin(), bytes.end());
  }
  auto bytes = address.to_v6().to_bytes();
  return std::vector<unsigned char>(bytes.begin(), bytes.end());
}

}  // namespace

core::Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies proxies;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view entry = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    const size_t slash = entry.find('/');
    auto bytes = BytesOf(entry.substr(0, slash));
    if (!bytes) {
      return core::Error::InvalidArgument(
          "trusted_proxies 中的 " + std::string(entry) + " 不是 IP 地址或网段", "trusted_proxies");
    }
    Network network{*bytes, static_cast<int>(bytes->size() * 8)};
    if (slash != std::string_view::npos) {
      const std::string_view bits = entry.substr(slash + 1);
      int prefix = 0;
      bool valid = !bits.empty() && bits.size() <= 3;
      for (char c : bits) {
        if (c < '0' || c > '9') valid = false;
        prefix = prefix * 10 + (c - '0');
      }
      if (!valid || prefix > network.prefix) {
        return core::Error::InvalidArgument(
            "trusted_proxies 中的 " + std::string(entry) + " 网段前缀无效", "trusted_proxies");
      }
      network.prefix = prefix;
    }
    proxies.networks_.push_back(std::move(network));
  }
  return proxies;
}

bool TrustedProxies::Contains(std::string_view address) const {
  if (networks_.empty()) return false;
  auto bytes = BytesOf(address);
  if (!bytes) return false;
  for (const Network& network : networks_) {
    if (network.bytes.size() != bytes->size()) continue;
    bool inside = true;
    for (int bit = 0; bit < network.prefix && inside; ++bit) {
      const int mask = 0x80 >> (bit % 8);
      inside = ((*bytes)[bit / 8] & mask) == (network.bytes[bit / 8] & mask);
    }
    if (inside) return true;
  }
  return false;
}

std::string TrustedProxies::Resolve(std::string_view peer, std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !Contains(peer)) return std::string(peer);
  std::string client(peer);
  while (!forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    const std::string_view entry =
        Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (!BytesOf(entry)) break;  // garbage: keep the last address a trusted hop vouched for
    client = std::string(entry);
    if (!Contains(entry)) break;
  }
  return client;
}

}  // namespace linli::http

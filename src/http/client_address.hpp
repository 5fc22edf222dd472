// The client's address as the server should see it: the TCP peer, or, when the peer is one of
// the configured trusted reverse proxies, the address that proxy reports in X-Forwarded-For.
//
// X-Forwarded-For is read from the right: each trusted proxy appends the address it received
// the request from, so the rightmost entry that is not itself a trusted proxy is the client.
// Anything left of it was written by the client and is ignored. A peer outside the list is the
// client, whatever headers it sends (so the per-address login limit cannot be dodged by
// inventing addresses). Entries of the list are IP addresses or CIDR networks (v4 or v6).
// Thread-safety: immutable after construction; Resolve may be called from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "10.0.0.1, 192.168.0.0/16, ::1": kInvalidArgument naming the entry when one is malformed.
  static core::Result<TrustedProxies> Parse(std::string_view list);

  bool empty() const { return networks_.empty(); }
  bool Contains(std::string_view address) const;
  // The client address for a request from `peer` carrying `forwarded_for` ("" = no header).
  std::string Resolve(std::string_view peer, std::string_view forwarded_for) const;

 private:
  struct Network {
    std::vector<unsigned char> bytes;  // 4 or 16
    int prefix = 0;
  };
  std::vector<Network> networks_;
};

}  // namespace linli::http

// Per-remote-address limit on login attempts: a token bucket per address, in memory.
//
// Each address may spend `attempts_per_minute` attempts at once and earns them back evenly
// over a minute. The table is bounded: when it holds max_addresses entries, buckets that have
// refilled completely are dropped (they carry no information), and if none has, the oldest
// half is. Time comes from the injected clock.
// Thread-safety: safe to call from several threads (one mutex; a login costs an Argon2
// verification, so this is never the bottleneck).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace linli::access {

class LoginRateLimiter {
 public:
  LoginRateLimiter(const core::Clock& clock, int attempts_per_minute,
                   size_t max_addresses = 100000);
  // Takes one attempt from the address's bucket; false when it is empty.
  bool TryAcquire(std::string_view remote_address);
  // Milliseconds until the address has one attempt again (0 when it has one now).
  int64_t RetryAfterMillis(std::string_view remote_address) const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_at = 0;
  };
  void Refill(Bucket& bucket, int64_t now) const;
  void Shrink(int64_t now);

  const core::Clock& clock_;
  const double capacity_;
  const double tokens_per_milli_;
  const size_t max_addresses_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace linli::access

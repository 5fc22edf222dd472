// Per-remote-address limit on failed login attempts: a token bucket per address, in memory.
//
// Every attempt takes one token up front (so parallel guesses are limited too) and a
// successful one gives it back (Refund).
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
  // Gives back the attempt taken by TryAcquire (a successful login does not count, so many
  // people signing in behind one NAT address are not limited; failures are).
  void Refund(std::string_view remote_address);
  // Milliseconds until the address has one attempt again (0 when it has one now).
  int64_t RetryAfterMillis(std::string_view remote_address) const;

 private:
  // Exact integer arithmetic: one attempt is kUnit credits, a bucket earns
  // attempts_per_minute credits per millisecond (kUnit = milliseconds per minute).
  static constexpr int64_t kUnit = 60000;
  struct Bucket {
    int64_t credits = 0;
    int64_t updated_at = 0;
  };
  void Refill(Bucket& bucket, int64_t now) const;
  void Shrink(int64_t now);

  const core::Clock& clock_;
  const int64_t rate_;      // credits per millisecond = attempts per minute
  const int64_t capacity_;  // credits of a full bucket
  const size_t max_addresses_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace linli::access

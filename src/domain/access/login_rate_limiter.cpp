#include "domain/access/login_rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace linli::access {

LoginRateLimiter::LoginRateLimiter(const core::Clock& clock, int attempts_per_minute,
                                   size_t max_addresses)
    : clock_(clock),
      capacity_(std::max(1, attempts_per_minute)),
      tokens_per_milli_(std::max(1, attempts_per_minute) / 60000.0),
      max_addresses_(std::max<size_t>(max_addresses, 2)) {}

void LoginRateLimiter::Refill(Bucket& bucket, int64_t now) const {
  if (now > bucket.updated_at) {
    bucket.tokens =
        std::min(capacity_, bucket.tokens + double(now - bucket.updated_at) * tokens_per_milli_);
    bucket.updated_at = now;
  }
}

void LoginRateLimiter::Shrink(int64_t now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now);
    it = it->second.tokens >= capacity_ ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < max_addresses_) return;
  // Every bucket is busy: drop the half least recently used.
  std::vector<int64_t> times;
  times.reserve(buckets_.size());
  for (const auto& [address, bucket] : buckets_) times.push_back(bucket.updated_at);
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  const int64_t median = times[times.size() / 2];
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = it->second.updated_at <= median ? buckets_.erase(it) : std::next(it);
  }
}

bool LoginRateLimiter::TryAcquire(std::string_view remote_address) {
  const int64_t now = clock_.NowMillis();
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(remote_address));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_addresses_) Shrink(now);
    it = buckets_.emplace(std::string(remote_address), Bucket{capacity_, now}).first;
  }
  Bucket& bucket = it->second;
  Refill(bucket, now);
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

int64_t LoginRateLimiter::RetryAfterMillis(std::string_view remote_address) const {
  const int64_t now = clock_.NowMillis();
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(remote_address));
  if (it == buckets_.end()) return 0;
  Bucket bucket = it->second;
  Refill(bucket, now);
  if (bucket.tokens >= 1.0) return 0;
  return static_cast<int64_t>(std::ceil((1.0 - bucket.tokens) / tokens_per_milli_));
}

}  // namespace linli::access

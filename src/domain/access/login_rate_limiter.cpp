#include "domain/access/login_rate_limiter.hpp"

#include <algorithm>
#include <vector>

namespace linli::access {

LoginRateLimiter::LoginRateLimiter(const core::Clock& clock, int attempts_per_minute,
                                   size_t max_addresses)
    : clock_(clock),
      rate_(std::max(1, attempts_per_minute)),
      capacity_(rate_ * kUnit),
      max_addresses_(std::max<size_t>(max_addresses, 2)) {}

void LoginRateLimiter::Refill(Bucket& bucket, int64_t now) const {
  if (now > bucket.updated_at) {
    bucket.credits = std::min(capacity_, bucket.credits + (now - bucket.updated_at) * rate_);
    bucket.updated_at = now;
  }
}

void LoginRateLimiter::Shrink(int64_t now) {
  // Refilled copies only: updated_at must keep telling which buckets were used last.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Bucket refilled = it->second;
    Refill(refilled, now);
    it = refilled.credits >= capacity_ ? buckets_.erase(it) : std::next(it);
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
  if (bucket.credits < kUnit) return false;
  bucket.credits -= kUnit;
  return true;
}

void LoginRateLimiter::Refund(std::string_view remote_address) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(remote_address));
  if (it != buckets_.end()) it->second.credits = std::min(capacity_, it->second.credits + kUnit);
}

int64_t LoginRateLimiter::RetryAfterMillis(std::string_view remote_address) const {
  const int64_t now = clock_.NowMillis();
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(remote_address));
  if (it == buckets_.end()) return 0;
  Bucket bucket = it->second;
  Refill(bucket, now);
  if (bucket.credits >= kUnit) return 0;
  return (kUnit - bucket.credits + rate_ - 1) / rate_;
}

}  // namespace linli::access

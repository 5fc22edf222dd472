#include "domain/access/login_rate_limiter.hpp"

#include <gtest/gtest.h>

namespace linli::access {
namespace {

TEST(LoginRateLimiterTest, BurstThenRefill) {
  core::ManualClock clock(1'000'000);
  LoginRateLimiter limiter(clock, 20);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(limiter.TryAcquire("10.0.0.1")) << i;
  EXPECT_FALSE(limiter.TryAcquire("10.0.0.1"));
  EXPECT_EQ(limiter.RetryAfterMillis("10.0.0.1"), 3000);
  EXPECT_TRUE(limiter.TryAcquire("10.0.0.2"));  // other addresses are unaffected
  clock.Advance(2999);
  EXPECT_FALSE(limiter.TryAcquire("10.0.0.1"));
  clock.Advance(1);
  EXPECT_TRUE(limiter.TryAcquire("10.0.0.1"));
  EXPECT_FALSE(limiter.TryAcquire("10.0.0.1"));
  clock.Advance(60'000);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(limiter.TryAcquire("10.0.0.1")) << i;
  EXPECT_FALSE(limiter.TryAcquire("10.0.0.1"));
}

TEST(LoginRateLimiterTest, RefundGivesTheAttemptBack) {
  core::ManualClock clock(0);
  LoginRateLimiter limiter(clock, 3);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(limiter.TryAcquire("nat")) << i;
    limiter.Refund("nat");
  }
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.TryAcquire("nat"));
  EXPECT_FALSE(limiter.TryAcquire("nat"));
  limiter.Refund("nat");
  EXPECT_TRUE(limiter.TryAcquire("nat"));
}

TEST(LoginRateLimiterTest, BoundedTableKeepsBusyAddressesLimited) {
  core::ManualClock clock(0);
  LoginRateLimiter limiter(clock, 2, 4);
  EXPECT_TRUE(limiter.TryAcquire("busy"));
  EXPECT_TRUE(limiter.TryAcquire("busy"));
  EXPECT_FALSE(limiter.TryAcquire("busy"));
  clock.Advance(1);
  // Many other addresses pass through a table of 4; the busy one (most recent) survives.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.TryAcquire("a" + std::to_string(i)));
  clock.Advance(1);
  EXPECT_FALSE(limiter.TryAcquire("busy"));
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.TryAcquire("b" + std::to_string(i)));
}

}  // namespace
}  // namespace linli::access

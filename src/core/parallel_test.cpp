#include "core/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace linli::core {
namespace {

TEST(ForRangesTest, CoversEveryIndexOnceAndSplitsLargeInputs) {
  for (size_t count : {size_t{0}, size_t{1}, size_t{7}, size_t{10'001}}) {
    std::vector<std::atomic<int>> seen(count);
    std::atomic<int> calls = 0;
    auto status = ForRanges(count, 100, [&](size_t begin, size_t end) -> Status {
      ++calls;
      for (size_t i = begin; i < end; ++i) ++seen[i];
      return Ok();
    });
    ASSERT_TRUE(status.ok());
    for (size_t i = 0; i < count; ++i) EXPECT_EQ(seen[i], 1) << i << " of " << count;
    if (count < 100 || std::thread::hardware_concurrency() < 2) {
      EXPECT_EQ(calls, 1) << count;
    } else {
      EXPECT_GT(calls, 1) << count;
    }
  }
}

TEST(ForRangesTest, ReturnsTheFirstFailureInRangeOrderAfterAllRanges) {
  std::atomic<size_t> done = 0;
  const size_t count = 4000;
  auto status = ForRanges(count, 10, [&](size_t begin, size_t end) -> Status {
    done += end - begin;
    if (end == count) return Error::Internal("last");
    if (begin == 0) return Error::InvalidArgument("first");
    return Ok();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(done, count);
  if (std::thread::hardware_concurrency() >= 2) {
    EXPECT_EQ(status.error().message, "first");
  }
}

}  // namespace
}  // namespace linli::core

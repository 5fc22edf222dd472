#include "core/result.hpp"

#include <gtest/gtest.h>

namespace linli::core {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Error::Validation("不是偶数", "n");
  return n / 2;
}

Result<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  TRY(Half(n));
  return Ok();
}

TEST(ResultTest, CarriesValueOrError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto odd = Quarter(6);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(odd.error().field, "n");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_FALSE(CheckEven(3).ok());
}

TEST(ResultTest, CodesMapToHttpStatuses) {
  EXPECT_EQ(HttpStatusOf(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kValidationFailed), 422);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kInternal), 500);
  EXPECT_EQ(ErrorCodeName(ErrorCode::kValidationFailed), "validation_failed");
}

}  // namespace
}  // namespace linli::core

#include "storage/sql_text.hpp"

#include <gtest/gtest.h>

namespace linli::storage {
namespace {

TEST(SqlTextTest, EscapesLikeWildcardsAndTheEscapeCharacter) {
  EXPECT_EQ(EscapeLike(""), "");
  EXPECT_EQ(EscapeLike("王小明"), "王小明");
  EXPECT_EQ(EscapeLike("100%_\\x"), "100\\%\\_\\\\x");
  EXPECT_EQ(LikePattern("a_b", LikeMatch::kContains), "%a\\_b%");
  EXPECT_EQ(LikePattern("3210", LikeMatch::kPrefix), "3210%");
  EXPECT_EQ(LikePattern("", LikeMatch::kContains), "%%");
}

TEST(SqlTextTest, LikeClauseNamesTheEscapeAndAppendsThePattern) {
  std::vector<Value> params{int64_t{1}};
  EXPECT_EQ(LikeClause("LOWER(a.name)", "50%", LikeMatch::kContains, params),
            "LOWER(a.name) LIKE ? ESCAPE '\\'");
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(params[1]), "%50\\%%");
}

}  // namespace
}  // namespace linli::storage

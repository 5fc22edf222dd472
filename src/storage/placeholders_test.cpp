#include "storage/internal/placeholders.hpp"

#include <gtest/gtest.h>

namespace linli::storage::internal {
namespace {

TEST(RewritePlaceholdersTest, NumbersPlaceholdersInOrder) {
  RewrittenSql out = RewritePlaceholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
  EXPECT_EQ(out.sql, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
  EXPECT_EQ(out.parameter_count, 3);
}

TEST(RewritePlaceholdersTest, LeavesQuotedTextAndCommentsAlone) {
  RewrittenSql out = RewritePlaceholders(
      "SELECT 'a?b', 'it''s ?', \"odd?name\", ? -- why?\n, /* what? /* nested? */ ? */ ?");
  EXPECT_EQ(out.sql,
            "SELECT 'a?b', 'it''s ?', \"odd?name\", $1 -- why?\n, /* what? /* nested? */ ? */ $2");
  EXPECT_EQ(out.parameter_count, 2);
}

TEST(RewritePlaceholdersTest, LeavesDollarQuotedBodiesAlone) {
  RewrittenSql out = RewritePlaceholders("SELECT $$?$$, $tag$ ? $tag$, ?");
  EXPECT_EQ(out.sql, "SELECT $$?$$, $tag$ ? $tag$, $1");
  EXPECT_EQ(out.parameter_count, 1);
}

TEST(RewritePlaceholdersTest, UnterminatedQuoteDoesNotOverrun) {
  RewrittenSql out = RewritePlaceholders("SELECT ?, 'open ?");
  EXPECT_EQ(out.sql, "SELECT $1, 'open ?");
  EXPECT_EQ(out.parameter_count, 1);
}

TEST(RewritePlaceholdersTest, ChineseTextPassesThrough) {
  RewrittenSql out = RewritePlaceholders("SELECT '扬州?' || ?");
  EXPECT_EQ(out.sql, "SELECT '扬州?' || $1");
}

}  // namespace
}  // namespace linli::storage::internal

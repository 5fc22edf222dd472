#include "storage/keyset.hpp"

#include <gtest/gtest.h>

namespace linli::storage {
namespace {

core::PageRequest After(std::string after, int limit = 20) { return {limit, std::move(after)}; }

TEST(KeysetTest, FirstPagesHaveNoCondition) {
  for (const Keyset& keyset : {Keyset::ById("id"), Keyset::ByText("code"),
                               Keyset::ByTextThenId("r.name", SortOrder::kAscending, "r.id")}) {
    std::string sql = "SELECT id FROM t WHERE x = ?";
    std::vector<Value> params{int64_t{1}};
    ASSERT_TRUE(keyset.AppendPage(After(""), sql, params).ok());
    EXPECT_EQ(params.size(), 2u);
    EXPECT_EQ(std::get<int64_t>(params.back()), 21);
    EXPECT_EQ(sql.find(" AND "), std::string::npos) << sql;
  }
}

TEST(KeysetTest, ConditionsFollowTheOrder) {
  std::string sql = "SELECT 1 WHERE 1=1";
  std::vector<Value> params;
  ASSERT_TRUE(
      Keyset::ById("e.id", SortOrder::kDescending).AppendPage(After("42"), sql, params).ok());
  EXPECT_EQ(sql, "SELECT 1 WHERE 1=1 AND e.id < ? ORDER BY e.id DESC LIMIT ?");
  EXPECT_EQ(std::get<int64_t>(params.at(0)), 42);

  sql = "SELECT 1 WHERE 1=1";
  params.clear();
  ASSERT_TRUE(Keyset::ByText("code").AppendPage(After("321002"), sql, params).ok());
  EXPECT_EQ(sql, "SELECT 1 WHERE 1=1 AND code > ? ORDER BY code LIMIT ?");
  EXPECT_EQ(std::get<std::string>(params.at(0)), "321002");

  sql = "SELECT 1 WHERE 1=1";
  params.clear();
  const Keyset by_age = Keyset::ByTextThenId("r.birth_date", SortOrder::kDescending, "r.id");
  ASSERT_TRUE(by_age
                  .AppendAfter(After("2001-02-03\x1f"
                                     "7"),
                               sql, params)
                  .ok());
  EXPECT_EQ(sql, "SELECT 1 WHERE 1=1 AND (r.birth_date < ? OR (r.birth_date = ? AND r.id > ?))");
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(std::get<std::string>(params[0]), "2001-02-03");
  EXPECT_EQ(std::get<std::string>(params[1]), "2001-02-03");
  EXPECT_EQ(std::get<int64_t>(params[2]), 7);
  EXPECT_EQ(by_age.OrderBy(), " ORDER BY r.birth_date DESC, r.id");
}

TEST(KeysetTest, MalformedCursorsAreInvalidArgumentsOnCursor) {
  const std::vector<std::pair<Keyset, std::string>> cases = {
      {Keyset::ById("id"), "abc"},
      {Keyset::ById("id"), "12abc"},
      {Keyset::ById("id"), "-5"},
      {Keyset::ById("id"), " 5"},
      {Keyset::ById("id"), "99999999999999999999"},
      {Keyset::ByText("code"), "\xff\xfe"},
      {Keyset::ByText("code"), std::string("32\0"
                                           "10",
                                           5)},
      {Keyset::ByTextThenId("name", SortOrder::kAscending, "id"), "王伟"},
      {Keyset::ByTextThenId("name", SortOrder::kAscending, "id"), "王伟\x1f"},
      {Keyset::ByTextThenId("name", SortOrder::kAscending, "id"), "王伟\x1fx"},
      {Keyset::ByTextThenId("name", SortOrder::kAscending, "id"),
       "\xc3\x1f"
       "1"},
  };
  for (const auto& [keyset, after] : cases) {
    std::string sql = "SELECT 1 WHERE 1=1";
    std::vector<Value> params;
    auto status = keyset.AppendPage(After(after), sql, params);
    ASSERT_FALSE(status.ok()) << after;
    EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument) << after;
    EXPECT_EQ(status.error().field, "cursor") << after;
  }
}

TEST(KeysetTest, CursorsNameTheLastKeyInTheKeysetsShape) {
  EXPECT_EQ(*core::DecodeCursor(Keyset::ById("id").Cursor(int64_t{42})), "42");
  EXPECT_EQ(*core::DecodeCursor(Keyset::ByText("code").Cursor("321002")), "321002");
  const Keyset by_name = Keyset::ByTextThenId("name", SortOrder::kAscending, "id");
  const std::string cursor = by_name.Cursor(core::TextIdKey{"王伟", 7});
  auto key = core::ParseTextIdKey(*core::DecodeCursor(cursor));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->text, "王伟");
  EXPECT_EQ(key->id, 7);
}

}  // namespace
}  // namespace linli::storage

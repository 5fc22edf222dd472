// ColumnMap: a header read against a declared template — titles and aliases in any order,
// ignored titles, trimmed cells, and the header's problems (unknown, repeated, missing required).
#include "core/tabular/column_map.hpp"

#include <gtest/gtest.h>

namespace linli::tabular {
namespace {

enum Column : size_t { kName, kIdNumber, kPhone, kNote };

const SheetTemplate& People() {
  static const SheetTemplate sheet{
      {{"姓名", true}, {"公民身份号码", true, {"身份证号码"}}, {"联系电话"}, {"备注"}}, {"年龄"}};
  return sheet;
}

TableRow Header(std::vector<std::string> cells) { return {1, std::move(cells)}; }

TEST(ColumnMapTest, FindsColumnsInAnyOrderByTitleOrAlias) {
  const ColumnMap columns(People(), Header({" 联系电话 ", "身份证号码", "", "姓名", "年龄"}));
  EXPECT_TRUE(columns.problems().empty());
  EXPECT_EQ(columns.SheetColumn(kPhone), 0u);
  EXPECT_EQ(columns.SheetColumn(kIdNumber), 1u);
  EXPECT_EQ(columns.SheetColumn(kName), 3u);
  EXPECT_FALSE(columns.Has(kNote));
  EXPECT_EQ(columns.Title(kIdNumber), "公民身份号码");
  EXPECT_EQ(People().Titles(),
            (std::vector<std::string>{"姓名", "公民身份号码", "联系电话", "备注"}));

  const TableRow row{2, {"13800000000", "\xE3\x80\x80 320102 \t", "x", "张三"}};
  EXPECT_EQ(columns.Cell(row, kIdNumber), "320102");
  EXPECT_EQ(columns.Cell(row, kName), "张三");
  EXPECT_EQ(columns.Cell(row, kNote), "");                 // the file has no such column
  EXPECT_EQ(columns.Cell(TableRow{3, {"1"}}, kName), "");  // the row is shorter
}

TEST(ColumnMapTest, ReportsUnknownRepeatedAndMissingColumnsAtTheHeaderRow) {
  const ColumnMap columns(People(), Header({"名字", "公民身份号码", "身份证号码", "联系电话"}));
  ASSERT_EQ(columns.problems().size(), 3u);
  const ImportProblem& unknown = columns.problems()[0];
  EXPECT_EQ(unknown.row, 1);
  EXPECT_EQ(unknown.column, "名字");
  EXPECT_EQ(unknown.cell, "A1");
  EXPECT_EQ(unknown.message, "未知的列“名字”（A1），请使用导入模板的列名");
  const ImportProblem& repeated = columns.problems()[1];
  EXPECT_EQ(repeated.column, "公民身份号码");
  EXPECT_EQ(repeated.cell, "C1");
  EXPECT_EQ(repeated.message, "列“公民身份号码”出现了两次（B1 和 C1）");
  const ImportProblem& missing = columns.problems()[2];
  EXPECT_EQ(missing.column, "姓名");
  EXPECT_EQ(missing.cell, "");
  EXPECT_EQ(missing.message, "缺少必填列“姓名”");
  // The first of two columns is read.
  EXPECT_EQ(columns.SheetColumn(kIdNumber), 1u);
}

TEST(ColumnMapTest, TrimCellRemovesAsciiAndFullWidthSpacesOnBothSides) {
  EXPECT_EQ(TrimCell(" \xE3\x80\x80 a b\t\xE3\x80\x80\r\n"), "a b");
  EXPECT_EQ(TrimCell("\xE3\x80\x80"), "");
  EXPECT_EQ(TrimCell(""), "");
  EXPECT_EQ(TrimCell("中文"), "中文");
}

TEST(SplitListCellTest, FullAndHalfWidthSemicolons) {
  EXPECT_EQ(SplitListCell("助餐=15；助洁=40;助浴=60"),
            (std::vector<std::string>{"助餐=15", "助洁=40", "助浴=60"}));
  EXPECT_EQ(SplitListCell(""), (std::vector<std::string>{""}));
  EXPECT_EQ(SplitListCell("a；；b"), (std::vector<std::string>{"a", "", "b"}));
}

}  // namespace
}  // namespace linli::tabular

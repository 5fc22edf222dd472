// The error copy: each row's problems joined in its 错误 cell, built from the report.
#include "core/tabular/error_copy.hpp"

#include <gtest/gtest.h>

#include "core/tabular/xlsx_reader.hpp"

namespace linli::tabular {
namespace {

Table Sheet() {
  Table table;
  table.header = {1, {"姓名", "公民身份号码"}};
  table.rows = {{2, {"甲", "1"}}, {4, {"乙", "2"}}, {5, {"丙", "3"}}};
  return table;
}

TEST(ErrorCopyTest, RowErrorsJoinEachRowsProblemsAndSkipTheHeader) {
  ImportReport report;
  report.problems = {{1, "", "", "缺少列"},
                     {4, "公民身份号码", "B4", "校验位错误"},
                     {4, "", "", "整行有误"},
                     {5, "姓名", "A5", "姓名不能为空"},
                     {9, "姓名", "A9", "不在表中"}};
  report.problem_count = 7;
  EXPECT_EQ(
      RowErrors(Sheet(), report),
      (std::vector<std::string>{"", "公民身份号码：校验位错误；整行有误", "姓名：姓名不能为空"}));
}

TEST(ErrorCopyTest, IsTheInputWithARedErrorColumnAtTheOriginalRows) {
  ImportReport report;
  report.problems = {{4, "公民身份号码", "B4", "校验位错误"}};
  report.problem_count = 1;
  auto copy = ErrorCopy(Sheet(), report, "设施导入错误");
  ASSERT_TRUE(copy.ok()) << copy.error().message;
  XlsxSheetInfo info;
  std::vector<TableRow> rows;
  ASSERT_TRUE(ForEachXlsxRow(
                  *copy, {},
                  [&](const TableRow& row) {
                    rows.push_back(row);
                    return core::Ok();
                  },
                  &info)
                  .ok());
  EXPECT_EQ(info.sheet_name, "设施导入错误");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].cells, (std::vector<std::string>{"姓名", "公民身份号码", "错误"}));
  EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"甲", "1"}));
  EXPECT_EQ(rows[2].number, 4);
  EXPECT_EQ(rows[2].cells, (std::vector<std::string>{"乙", "2", "公民身份号码：校验位错误"}));
  EXPECT_EQ(rows[3].number, 5);
}

}  // namespace
}  // namespace linli::tabular

// ProblemCollector: problems named by row, column and cell; kept in row then column order
// whatever order the phases find them in; bounded with a count of all; merged from threads.
#include "core/tabular/problem_collector.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace linli::tabular {
namespace {

enum Column : size_t { kName, kIdNumber, kPhone, kNote };

const SheetTemplate& People() {
  static const SheetTemplate sheet{
      {{"姓名", true}, {"公民身份号码", true}, {"联系电话"}, {"备注"}}};
  return sheet;
}

// "row column cell: message" of each problem.
std::vector<std::string> Lines(const ImportReport& report) {
  std::vector<std::string> lines;
  for (const auto& p : report.problems) {
    lines.push_back(std::to_string(p.row) + " " + p.column + " " + p.cell + ": " + p.message);
  }
  return lines;
}

TEST(ProblemCollectorTest, NamesRowColumnAndCellInRowThenColumnOrder) {
  // The file's columns: 公民身份号码 (A), 姓名 (B); 联系电话 is not in the file.
  const ColumnMap columns(People(), {1, {"公民身份号码", "姓名"}});
  const TableRow row2{2, {"1", "甲"}};
  const TableRow row3{3, {"2", "乙"}};
  ProblemCollector problems(columns);
  EXPECT_FALSE(problems.Any());
  problems.Add(row3, kName, "姓名不能为空");
  problems.AddRow(row3, "整行有误");
  problems.Add(row3, kIdNumber, "校验位错误");
  problems.Add(row2, kPhone, "电话有误");  // a later phase, an earlier row
  problems.Add(row3, kIdNumber, "与第 2 行重复");
  problems.AddFile("文件中没有数据行");
  EXPECT_TRUE(problems.Any());
  EXPECT_EQ(problems.count(), 6);
  const ImportReport report = std::move(problems).Finish();
  EXPECT_EQ(report.problem_count, 6);
  EXPECT_FALSE(report.truncated());
  EXPECT_EQ(Lines(report), (std::vector<std::string>{
                               "1  : 文件中没有数据行",
                               "2 联系电话 : 电话有误",
                               "3 公民身份号码 A3: 校验位错误",
                               "3 公民身份号码 A3: 与第 2 行重复",
                               "3 姓名 B3: 姓名不能为空",
                               "3  : 整行有误",
                           }));
}

TEST(ProblemCollectorTest, StartsWithTheHeadersProblemsInColumnOrder) {
  const ColumnMap columns(People(), {1, {"名字", "公民身份号码", "其他"}});
  ProblemCollector problems(columns);
  problems.AddFile("文件中没有数据行");
  const ImportReport report = std::move(problems).Finish();
  EXPECT_EQ(Lines(report), (std::vector<std::string>{
                               "1 名字 A1: 未知的列“名字”（A1），请使用导入模板的列名",
                               "1 其他 C1: 未知的列“其他”（C1），请使用导入模板的列名",
                               "1 姓名 : 缺少必填列“姓名”",
                               "1  : 文件中没有数据行",
                           }));
}

TEST(ProblemCollectorTest, KeepsTheFirstProblemsAndCountsTheRest) {
  const ColumnMap columns(People(), {1, {"姓名", "公民身份号码"}});
  ProblemCollector problems(columns, 3);
  for (int number = 20; number >= 2; --number) {  // found last row first
    problems.Add(TableRow{number, {}}, kIdNumber, "第 " + std::to_string(number) + " 行");
  }
  const ImportReport report = std::move(problems).Finish();
  EXPECT_EQ(report.problem_count, 19);
  EXPECT_TRUE(report.truncated());
  ASSERT_EQ(report.problems.size(), 3u);
  EXPECT_EQ(report.problems[0].row, 2);
  EXPECT_EQ(report.problems[1].row, 3);
  EXPECT_EQ(report.problems[2].row, 4);
  EXPECT_EQ(report.problems[2].cell, "B4");

  ProblemCollector none(columns, 0);
  none.AddFile("x");
  const ImportReport counted = std::move(none).Finish();
  EXPECT_EQ(counted.problem_count, 1);
  EXPECT_TRUE(counted.problems.empty());
}

TEST(ProblemCollectorTest, RowsCheckedInParallelReportAsOnOneThread) {
  const ColumnMap columns(People(), {1, {"姓名", "公民身份号码", "联系电话"}});
  std::vector<TableRow> rows;
  for (int i = 0; i < 50'000; ++i) rows.push_back({i + 2, {"x", "y", "z"}});
  ProblemCollector problems(columns, 5);
  problems.AddFile("文件级问题");
  const auto check = [&](size_t index, ProblemCollector& share) {
    if (index % 10'000 == 9'999) {
      share.Add(rows[index], kPhone, "电话");
      share.Add(rows[index], kName, "姓名");
    }
  };
  ASSERT_TRUE(CheckRowsInParallel(rows.size(), problems, check, 1'000).ok());
  EXPECT_EQ(problems.count(), 11);
  // A later phase finds a problem in an early row.
  problems.Add(rows[0], kIdNumber, "号码");
  const ImportReport report = std::move(problems).Finish();
  EXPECT_EQ(report.problem_count, 12);
  EXPECT_EQ(Lines(report), (std::vector<std::string>{
                               "1  : 文件级问题",
                               "2 公民身份号码 B2: 号码",
                               "10001 姓名 A10001: 姓名",
                               "10001 联系电话 C10001: 电话",
                               "20001 姓名 A20001: 姓名",
                           }));
}

}  // namespace
}  // namespace linli::tabular

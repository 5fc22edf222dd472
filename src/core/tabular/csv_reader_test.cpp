// CSV reading: RFC 4180 quoting, line endings, encodings, limits, and the table helpers.
#include "core/tabular/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/tabular/read_table.hpp"
#include "core/tabular/table.hpp"

namespace linli::tabular {
namespace {

using Cells = std::vector<std::string>;

Table MustRead(std::string_view text, const ReadLimits& limits = {}) {
  auto table = ReadCsv(text, limits);
  EXPECT_TRUE(table.ok()) << table.error().message;
  return table.ok() ? *table : Table{};
}

core::Error MustFail(std::string_view text, const ReadLimits& limits = {}) {
  auto table = ReadCsv(text, limits);
  EXPECT_FALSE(table.ok());
  return table.ok() ? core::Error{} : table.error();
}

TEST(TableTest, ColumnLettersAndCellNames) {
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(26), "AA");
  EXPECT_EQ(ColumnLetters(701), "ZZ");
  EXPECT_EQ(ColumnLetters(16383), "XFD");
  for (size_t column : {0u, 1u, 25u, 26u, 27u, 700u, 702u, 16383u}) {
    EXPECT_EQ(ColumnFromLetters(ColumnLetters(column)), column);
  }
  EXPECT_FALSE(ColumnFromLetters("XFE").has_value());
  EXPECT_FALSE(ColumnFromLetters("a").has_value());
  EXPECT_FALSE(ColumnFromLetters("").has_value());
  EXPECT_EQ(CellName(2, 5), "C5");
}

TEST(CsvReaderTest, ReadsQuotesLineBreaksAndChinese) {
  const Table table = MustRead(
      "\xEF\xBB\xBF姓名,身份证号,备注\r\n"
      "张三,320102199001011234,\"住址, 含逗号\"\r\n"
      "\r\n"
      "李四,\"320102198505052345\",\"两行\r\n备注 \"\"引号\"\"\"\r\n"
      "王五,1,\n"
      "赵六,2,末行无换行");
  EXPECT_EQ(table.header.number, 1);
  EXPECT_EQ(table.header.cells, (Cells{"姓名", "身份证号", "备注"}));
  ASSERT_EQ(table.rows.size(), 4u);
  EXPECT_EQ(table.rows[0].number, 2);
  EXPECT_EQ(table.rows[0].cells, (Cells{"张三", "320102199001011234", "住址, 含逗号"}));
  EXPECT_EQ(table.rows[1].number, 4);  // the blank line 3 is skipped but counted
  EXPECT_EQ(table.rows[1].cells[2], "两行\r\n备注 \"引号\"");
  EXPECT_EQ(table.rows[2].number, 6);                    // the quoted line break moved the count on
  EXPECT_EQ(table.rows[2].cells, (Cells{"王五", "1"}));  // trailing empty cell dropped
  EXPECT_EQ(table.rows[3].number, 7);
  EXPECT_EQ(Table::Cell(table.rows[2], 2), "");
  EXPECT_EQ(table.ColumnIndex(" 身份证号 "), 1u);
  EXPECT_FALSE(table.ColumnIndex("电话").has_value());
}

TEST(CsvReaderTest, StrayQuoteInsideUnquotedFieldIsText) {
  const Table table = MustRead("a,b\n5\"2,x\n");
  EXPECT_EQ(table.rows[0].cells[0], "5\"2");
}

TEST(CsvReaderTest, MalformedQuotesNameTheRow) {
  auto unterminated = MustFail("a,b\n1,2\n3,\"open\n4,5\n");
  EXPECT_NE(unterminated.message.find("第 3 行"), std::string::npos) << unterminated.message;
  EXPECT_NE(unterminated.message.find("引号"), std::string::npos);
  auto after = MustFail("a,b\n\"x\"y,2\n");
  EXPECT_NE(after.message.find("第 2 行"), std::string::npos) << after.message;
}

TEST(CsvReaderTest, LoneCarriageReturnsEndRecords) {
  const Table table = MustRead("a,b\r1,2\r3,4");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1].cells, (Cells{"3", "4"}));
  EXPECT_EQ(table.rows[1].number, 3);
}

TEST(CsvReaderTest, Gb18030IsConvertedOrRefused) {
  // "姓名,年龄\n张三,30\n" in GB18030 (GBK), as Excel in Chinese saves "CSV".
  const std::string gbk = "\xD0\xD5\xC3\xFB,\xC4\xEA\xC1\xE4\n\xD5\xC5\xC8\xFD,30\n";
  const Table table = MustRead(gbk);
  EXPECT_EQ(table.header.cells, (Cells{"姓名", "年龄"}));
  EXPECT_EQ(table.rows[0].cells, (Cells{"张三", "30"}));

  ReadLimits strict;
  strict.accept_gb18030 = false;
  auto error = MustFail("a,b\nok,fine\n" + gbk, strict);
  EXPECT_NE(error.message.find("文件不是 UTF-8 编码，请另存为 UTF-8 CSV"), std::string::npos);
  EXPECT_NE(error.message.find("第 3 行"), std::string::npos) << error.message;

  // Neither UTF-8 nor GB18030.
  auto garbage = MustFail("a,b\n\xFF\xFF,1\n");
  EXPECT_NE(garbage.message.find("UTF-8"), std::string::npos);
  EXPECT_NE(garbage.message.find("第 2 行"), std::string::npos) << garbage.message;
}

TEST(CsvReaderTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("汉字 abc \xF0\x9F\x98\x80"));
  size_t offset = 0;
  EXPECT_FALSE(IsValidUtf8("ab\xC0\xAF", &offset));  // overlong '/'
  EXPECT_EQ(offset, 2u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE6\xB1"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(CsvReaderTest, BinaryInputIsRefusedClearly) {
  EXPECT_NE(MustFail(std::string("PK\x03\x04\x14\x00", 6)).message.find(".xlsx"),
            std::string::npos);
  EXPECT_NE(MustFail(std::string("\xFF\xFE"
                                 "a\0b\0",
                                 6))
                .message.find("UTF-16"),
            std::string::npos);
  EXPECT_NE(MustFail(std::string("a,b\n1,\0\n", 8)).message.find("空字符"), std::string::npos);
  EXPECT_NE(MustFail("").message.find("空"), std::string::npos);
  EXPECT_NE(MustFail("\n\n,,\n").message.find("空"), std::string::npos);
}

TEST(CsvReaderTest, BigCellIsRefusedNamingTheCell) {
  const std::string big(10 << 20, 'x');
  auto unquoted = MustFail("a,b\n1,2\n3," + big + "\n");
  EXPECT_EQ(unquoted.field, "B3");
  EXPECT_NE(unquoted.message.find("32 KB"), std::string::npos) << unquoted.message;
  auto quoted = MustFail("a,b\n\"" + big + "\",2\n");
  EXPECT_EQ(quoted.field, "A2");
  // Exactly at the limit is fine.
  ReadLimits limits;
  limits.max_cell_bytes = 8;
  EXPECT_EQ(MustRead("a\n12345678\n", limits).rows[0].cells[0], "12345678");
  EXPECT_EQ(MustFail("a\n\"1234\"\"5678\"\n", limits).field, "A2");
}

TEST(CsvReaderTest, RowAndColumnLimits) {
  ReadLimits limits;
  limits.max_rows = 2;
  EXPECT_EQ(MustRead("h\n1\n2\n", limits).rows.size(), 2u);
  auto rows = MustFail("h\n1\n2\n3\n", limits);
  EXPECT_NE(rows.message.find("第 4 行"), std::string::npos) << rows.message;

  limits = {};
  limits.max_columns = 3;
  auto columns = MustFail("a,b,c\n1,2,3,4\n", limits);
  EXPECT_NE(columns.message.find("第 2 行"), std::string::npos) << columns.message;

  limits = {};
  limits.max_total_cells = 5;
  EXPECT_FALSE(ReadCsv("a,b\n1,2\n3,4\n", limits).ok());
}

TEST(CsvReaderTest, DecodedTextAndCellsAreCountedAndCapped) {
  ReadLimits limits;
  limits.max_total_text_bytes = 10;
  ReadCounts counts;
  auto text = ReadCsv("name\nabcdef\n\nxyz\n", limits, &counts);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(text.error().message,
            "文件内容过大：解码后的文本超过 10 字节（第 4 行），请拆分后再导入");
  EXPECT_EQ(counts.rows, 3u);
  EXPECT_EQ(counts.cells, 3u);
  EXPECT_EQ(counts.text_bytes, 13u);

  limits.max_total_text_bytes = 13;
  counts = {};
  EXPECT_TRUE(ReadTable("name\nabcdef\n\nxyz\n", limits, &counts).ok());
  EXPECT_EQ(counts.text_bytes, 13u);
  EXPECT_EQ(counts.shared_strings, 0u);

  // Empty cells before a filled one are slots of the row and count as cells.
  limits = {};
  limits.max_total_cells = 5;
  counts = {};
  auto cells = ForEachTableRow(
      "a,b\n,,,x\n", limits, [](const TableRow&) { return core::Ok(); }, &counts);
  ASSERT_FALSE(cells.ok());
  EXPECT_EQ(cells.error().message, "文件内容过大：单元格总数超过 5（第 2 行），请拆分后再导入");
  EXPECT_EQ(counts.cells, 6u);
}

TEST(CsvReaderTest, StreamingStopsAtTheSinksError) {
  int calls = 0;
  auto status = ForEachCsvRow("h\n1\n2\n3\n", {}, [&](const TableRow& row) -> core::Status {
    if (++calls == 3) return core::Error::Validation("stop at " + std::to_string(row.number));
    return core::Ok();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "stop at 3");
  EXPECT_EQ(calls, 3);
}

TEST(ReadTableTest, DispatchesOnContent) {
  auto csv = ReadTable("a,b\n1,2\n");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->rows[0].cells, (Cells{"1", "2"}));
  auto fake_zip = ReadTable(std::string("PK\x03\x04garbage", 11));
  ASSERT_FALSE(fake_zip.ok());
  EXPECT_NE(fake_zip.error().message.find("文件不是有效的 .xlsx"), std::string::npos);
  auto xls = ReadTable("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  ASSERT_FALSE(xls.ok());
  EXPECT_NE(xls.error().message.find(".xls"), std::string::npos);
  EXPECT_FALSE(ReadFileBytes("/nonexistent/file.csv").ok());
}

// Issue 15 item 15: a cell with a control character, U+FFFF or a bidi override refuses the
// file, naming row and column; a line break inside a quoted cell stays.
TEST(ReadTableTest, CellsPassTheBoundaryRule) {
  EXPECT_TRUE(ReadTable("name,address\n王伟,\"东关街\n12 号\"\n").ok());
  for (const std::string bad : {std::string("王\x01伟"), std::string("王\xEF\xBF\xBF"),
                                std::string("ab\xE2\x80\xAE"
                                            "cd")}) {
    auto table = ReadTable("name,address\n李娜,x\n" + bad + ",y\n");
    ASSERT_FALSE(table.ok()) << bad;
    EXPECT_EQ(table.error().message,
              "第 3 行第 1 列" + *core::TextProblem(bad, core::TextRule::kMultiLine));
    int rows = 0;
    auto streamed = ForEachTableRow("name\n" + bad + "\n", {}, [&](const TableRow&) {
      ++rows;
      return core::Ok();
    });
    EXPECT_FALSE(streamed.ok());
    EXPECT_LE(rows, 1);  // at most the header: the bad row never reaches the sink
  }
}

}  // namespace
}  // namespace linli::tabular

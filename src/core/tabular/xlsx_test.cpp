// .xlsx: writer/reader round trips, hand-built files with real-world quirks (rich text shared
// strings, inline strings, phonetic runs, escapes, sparse cells, 1904 dates), and hostile or
// broken input (formulas, truncation, renamed files, zip bombs, big cells, DOCTYPE).
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "core/tabular/read_table.hpp"
#include "core/tabular/xlsx_reader.hpp"
#include "core/tabular/xlsx_writer.hpp"

namespace linli::tabular {
namespace {

using Cells = std::vector<std::string>;
using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip of the given entries (deflated), as bytes.
std::string MakeZip(const Parts& parts) {
  std::string path = (std::filesystem::temp_directory_path() / "linli_zip_XXXXXX").string();
  const int descriptor = ::mkstemp(path.data());
  EXPECT_GE(descriptor, 0);
  ::close(descriptor);
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  EXPECT_NE(zip, nullptr);
  for (const auto& [name, content] : parts) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip64(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                    Z_DEFLATED, Z_DEFAULT_COMPRESSION, 1),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())),
              ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(zip), ZIP_OK);
  }
  EXPECT_EQ(zipClose(zip, nullptr), ZIP_OK);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  return bytes;
}

constexpr char kMain[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRel[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string Workbook(const std::string& extra = "", const std::string& sheets = "") {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"") + kMain +
         "\" xmlns:r=\"" + kRel + "\">" + extra + "<sheets>" +
         (sheets.empty() ? "<sheet name=\"居民\" sheetId=\"1\" r:id=\"rId1\"/>" : sheets) +
         "</sheets></workbook>";
}

std::string WorkbookRels(bool shared = true) {
  std::string xml =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"" +
      std::string(kRel) + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
  if (shared) {
    xml += "<Relationship Id=\"rId9\" Type=\"" + std::string(kRel) +
           "/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>";
  }
  return xml + "</Relationships>";
}

std::string PackageRels() {
  return "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
         std::string(kRel) + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
}

std::string Sheet(const std::string& rows) {
  return std::string("<worksheet xmlns=\"") + kMain + "\"><sheetData>" + rows +
         "</sheetData></worksheet>";
}

std::string Xlsx(const std::string& sheet_rows, const std::string& shared_strings = "",
                 const std::string& workbook_extra = "") {
  Parts parts = {{"[Content_Types].xml", "<Types/>"},
                 {"_rels/.rels", PackageRels()},
                 {"xl/workbook.xml", Workbook(workbook_extra)},
                 {"xl/_rels/workbook.xml.rels", WorkbookRels(!shared_strings.empty())},
                 {"xl/worksheets/sheet1.xml", Sheet(sheet_rows)}};
  if (!shared_strings.empty()) {
    parts.emplace_back("xl/sharedStrings.xml", std::string("<sst xmlns=\"") + kMain +
                                                   "\" count=\"999999999\">" + shared_strings +
                                                   "</sst>");
  }
  return MakeZip(parts);
}

core::Error MustFail(std::string_view bytes, const ReadLimits& limits = {}) {
  auto table = ReadXlsx(bytes, limits);
  EXPECT_FALSE(table.ok());
  return table.ok() ? core::Error{} : table.error();
}

Table MustRead(std::string_view bytes, const ReadLimits& limits = {}) {
  auto table = ReadXlsx(bytes, limits);
  EXPECT_TRUE(table.ok()) << table.error().message;
  return table.ok() ? *table : Table{};
}

Table Sample() {
  Table table;
  table.header.cells = {"姓名", "身份证号", "年龄", "身高", "备注"};
  table.rows.push_back({0, {"张三", "320102199001011234", "36", "1.75", "东关街道 \"一号\""}});
  table.rows.push_back({0, {"李四", "32010219850505234X", "41", "", ""}});
  table.rows.push_back({0, {"王五", "", "7", "1.2", "多行\n备注"}});
  return table;
}

TEST(XlsxRoundTripTest, ChineseTextAndNumbersSurvive) {
  for (bool constant_memory : {true, false}) {  // inline strings / shared strings
    XlsxWriteOptions options;
    options.sheet_name = "居民名单";
    options.numeric_columns = {2, 3};
    options.constant_memory = constant_memory;
    auto bytes = WriteXlsxToBytes(Sample(), options);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    XlsxSheetInfo info;
    TableBuilder builder;
    ASSERT_TRUE(ForEachXlsxRow(*bytes, {}, builder.Sink(), &info).ok());
    EXPECT_EQ(info.sheet_name, "居民名单");
    EXPECT_FALSE(info.date_1904);
    auto table = std::move(builder).Finish();
    ASSERT_TRUE(table.ok());
    EXPECT_EQ(table->header.cells, Sample().header.cells);
    EXPECT_EQ(table->header.number, 1);
    ASSERT_EQ(table->rows.size(), 3u);
    EXPECT_EQ(table->rows[0].cells, Sample().rows[0].cells) << constant_memory;
    EXPECT_EQ(table->rows[1].cells, (Cells{"李四", "32010219850505234X", "41"}));
    EXPECT_EQ(table->rows[2].cells, Sample().rows[2].cells);
    EXPECT_EQ(table->rows[2].number, 4);
  }
}

TEST(XlsxRoundTripTest, ErrorCopyKeepsRowNumbersAndAddsTheColumn) {
  Table input = Sample();
  input.header.number = 1;
  input.rows[0].number = 2;
  input.rows[1].number = 5;  // blank rows 3-4 in the original
  input.rows[2].number = 6;
  XlsxWriteOptions options;
  options.row_errors = {"", "身份证号校验位错误", ""};
  auto bytes = WriteXlsxToBytes(input, options);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  Table table = MustRead(*bytes);
  EXPECT_EQ(table.header.cells.back(), "错误");
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[1].number, 5);
  EXPECT_EQ(Table::Cell(table.rows[1], 5), "身份证号校验位错误");
  EXPECT_EQ(Table::Cell(table.rows[0], 5), "");

  options.row_errors = {"only one"};
  EXPECT_FALSE(WriteXlsxToBytes(input, options).ok());
  XlsxWriteOptions bad_name;
  bad_name.sheet_name = "a/b";
  EXPECT_EQ(WriteXlsxToBytes(input, bad_name).error().field, "sheet_name");
}

TEST(XlsxReaderTest, RealWorldQuirks) {
  const std::string shared =
      "<si><t>姓名</t></si>"
      "<si><r><rPr><b/></rPr><t>身份</t></r><r><t xml:space=\"preserve\">证号 </t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>シン</t></rPh></si>"
      "<si><t>第一行_x000D_\n第二行</t></si>";
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"D1\" t=\"inlineStr\"><is><t>日期</t></is></c></row>"
      "<row r=\"3\"><c t=\"inlineStr\"><is><r><t>张</t></r><r><t>三</t></r></is></c>"
      "<c><v>3.2010219900101E+17</v></c><c t=\"b\"><v>1</v></c><c><v>45292</v></c></row>"
      "<row><c r=\"A4\" t=\"s\"><v>2</v></c><c r=\"C4\" t=\"e\"><v>#N/A</v></c>"
      "<c r=\"D4\" t=\"str\"><v>文本</v></c></row>"
      "<row r=\"6\"><c r=\"B6\" s=\"1\"/></row>";
  Table table = MustRead(Xlsx(rows, shared, "<workbookPr date1904=\"1\"/>"));
  EXPECT_TRUE(table.date_1904);
  EXPECT_EQ(table.header.cells, (Cells{"姓名", "身份证号 ", "", "日期"}));
  ASSERT_EQ(table.rows.size(), 2u);  // row 6 holds only an empty styled cell
  EXPECT_EQ(table.rows[0].number, 3);
  EXPECT_EQ(table.rows[0].cells, (Cells{"张三", "3.2010219900101E+17", "TRUE", "45292"}));
  EXPECT_EQ(table.rows[1].number, 4);
  EXPECT_EQ(table.rows[1].cells, (Cells{"第一行\r\n第二行", "", "#N/A", "文本"}));
}

TEST(XlsxReaderTest, PrefixedNamespacesAndHiddenFirstSheet) {
  const std::string sheets =
      "<sheet name=\"隐藏\" sheetId=\"1\" state=\"hidden\" r:id=\"rId2\"/>"
      "<sheet name=\"数据\" sheetId=\"2\" r:id=\"rId1\"/>";
  const std::string prefixed = std::string("<x:worksheet xmlns:x=\"") + kMain +
                               "\"><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\">"
                               "<x:is><x:t>值</x:t></x:is></x:c></x:row></x:sheetData>"
                               "</x:worksheet>";
  const std::string bytes = MakeZip({{"xl/workbook.xml", Workbook("", sheets)},
                                     {"xl/_rels/workbook.xml.rels", WorkbookRels(false)},
                                     {"xl/worksheets/sheet1.xml", prefixed}});
  XlsxSheetInfo info;
  TableBuilder builder;
  auto status = ForEachXlsxRow(bytes, {}, builder.Sink(), &info);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(info.sheet_name, "数据");
  auto table = std::move(builder).Finish();
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->header.number, 2);
  EXPECT_EQ(table->header.cells, (Cells{"", "值"}));
}

TEST(XlsxReaderTest, FormulaIsRefusedNamingTheCell) {
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>"
      "<row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"C5\"><f>A5*2</f><v>2</v></c></row>";
  auto error = MustFail(Xlsx(rows));
  EXPECT_EQ(error.message, "单元格 C5 含公式，请粘贴为数值");
  EXPECT_EQ(error.field, "C5");
  // Shared formulas too.
  auto shared =
      MustFail(Xlsx("<row r=\"1\"><c r=\"B1\"><f t=\"shared\" si=\"0\"/><v>3</v></c></row>"));
  EXPECT_EQ(shared.field, "B1");
}

TEST(XlsxReaderTest, BrokenAndRenamedFilesAreNotXlsx) {
  auto bytes = WriteXlsxToBytes(Sample());
  ASSERT_TRUE(bytes.ok());
  for (size_t cut : {bytes->size() / 2, bytes->size() - 30, size_t{100}, size_t{4}}) {
    auto error = MustFail(std::string_view(*bytes).substr(0, cut));
    EXPECT_NE(error.message.find("文件不是有效的 .xlsx"), std::string::npos)
        << cut << ": " << error.message;
  }
  EXPECT_NE(MustFail("姓名,年龄\n张三,3\n").message.find("文件不是有效的 .xlsx"),
            std::string::npos);
  EXPECT_NE(MustFail("").message.find("文件不是有效的 .xlsx"), std::string::npos);
  // A .docx renamed to .xlsx: a valid zip without the workbook.
  auto docx = MakeZip(
      {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document xmlns:w=\"w\"/>"}});
  EXPECT_NE(MustFail(docx).message.find("文件不是有效的 .xlsx"), std::string::npos);
  // Broken XML inside a valid zip.
  auto broken = MakeZip({{"xl/workbook.xml", Workbook()},
                         {"xl/_rels/workbook.xml.rels", WorkbookRels(false)},
                         {"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>"}});
  EXPECT_NE(MustFail(broken).message.find("文件不是有效的 .xlsx"), std::string::npos);
  // A corrupted byte in the middle of the deflated sheet.
  std::string corrupted = *bytes;
  for (size_t i = corrupted.size() / 3; i < corrupted.size() / 3 + 40; ++i) corrupted[i] ^= 0x5A;
  EXPECT_FALSE(ReadXlsx(corrupted).ok());
}

TEST(XlsxReaderTest, BigCellsAreRefused) {
  const std::string big(40 * 1024, 'x');
  auto inline_error =
      MustFail(Xlsx("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h</t></is></c></row>"
                    "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>" +
                    big + "</t></is></c></row>"));
  EXPECT_EQ(inline_error.field, "B2");
  EXPECT_NE(inline_error.message.find("32 KB"), std::string::npos);
  // A big shared string is refused where it is used, not when unused.
  const std::string shared = "<si><t>h</t></si><si><t>" + big + "</t></si>";
  EXPECT_TRUE(ReadXlsx(Xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", shared)).ok());
  auto shared_error =
      MustFail(Xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                    "<row r=\"7\"><c r=\"C7\" t=\"s\"><v>1</v></c></row>",
                    shared));
  EXPECT_EQ(shared_error.field, "C7");
  auto missing = MustFail(Xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>", shared));
  EXPECT_EQ(missing.field, "A1");
}

TEST(XlsxReaderTest, ZipBombsAndCountsAreCapped) {
  std::string rows;
  for (int i = 1; i <= 20000; ++i) {
    rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) +
            "\" t=\"inlineStr\"><is><t>" + std::string(100, 'z') + "</t></is></c></row>";
  }
  const std::string bytes = Xlsx(rows);
  EXPECT_LT(bytes.size(), 200'000u);  // ~2.5 MB of XML compresses well
  ReadLimits limits;
  limits.max_sheet_bytes = 1 << 20;
  EXPECT_NE(MustFail(bytes, limits).message.find("解压后过大"), std::string::npos);
  limits = {};
  limits.max_total_bytes = 1 << 20;
  EXPECT_NE(MustFail(bytes, limits).message.find("解压后过大"), std::string::npos);
  limits = {};
  limits.max_rows = 100;
  EXPECT_NE(MustFail(bytes, limits).message.find("100 行"), std::string::npos);
  EXPECT_EQ(MustRead(bytes).rows.size(), 19999u);

  std::string many;
  for (int i = 0; i < 10; ++i) many += "<si><t>s" + std::to_string(i) + "</t></si>";
  limits = {};
  limits.max_shared_strings = 5;
  EXPECT_NE(MustFail(Xlsx("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", many), limits)
                .message.find("共享字符串"),
            std::string::npos);

  limits = {};
  limits.max_columns = 10;
  auto wide = MustFail(
      Xlsx("<row r=\"1\"><c r=\"XFD1\" t=\"inlineStr\"><is><t>far</t></is></c></row>"), limits);
  EXPECT_EQ(wide.field, "XFD1");
}

// The hostile file of issue 15 item 13: one shared string of `length` bytes that every cell of
// `rows` rows of `columns` cells names. A few KB of zip, `length` x cells of decoded text.
std::string FanOutXlsx(size_t length, int rows, int columns) {
  std::string sheet;
  for (int row = 1; row <= rows; ++row) {
    sheet += "<row r=\"" + std::to_string(row) + "\">";
    for (int column = 0; column < columns; ++column) {
      sheet += "<c r=\"" + CellName(static_cast<size_t>(column), row) + "\" t=\"s\"><v>0</v></c>";
    }
    sheet += "</row>";
  }
  return Xlsx(sheet, "<si><t>" + std::string(length, 'x') + "</t></si>");
}

TEST(XlsxReaderTest, SharedStringFanOutIsCountedAndCapped) {
  // 2,000 cells naming one 30 KB string: 60 MB of text from a file of a few KB.
  const std::string hostile = FanOutXlsx(30 * 1024, 100, 20);
  EXPECT_LT(hostile.size(), 20'000u);
  ReadLimits limits;
  limits.max_total_text_bytes = 1 << 20;
  ReadCounts counts;
  auto table = ReadTable(hostile, limits, &counts);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(table.error().field, "file");
  EXPECT_EQ(table.error().message,
            "文件内容过大：解码后的文本超过 1 MB（第 2 行），请拆分后再导入");
  // The table of 30 KB once, row 1 (20 copies), then row 2 went over: nothing further decoded.
  EXPECT_EQ(counts.shared_strings, 1u);
  EXPECT_EQ(counts.rows, 2u);
  EXPECT_EQ(counts.cells, 40u);
  EXPECT_EQ(counts.text_bytes, 41u * 30 * 1024);

  // The same shape within the limits reads, every copy counted.
  const std::string legal = FanOutXlsx(1024, 100, 20);
  limits.max_total_text_bytes = 4 << 20;
  counts = {};
  TableBuilder builder;
  auto status = ForEachXlsxRow(legal, limits, builder.Sink(), nullptr, &counts);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(counts.rows, 100u);
  EXPECT_EQ(counts.cells, 2000u);
  EXPECT_EQ(counts.text_bytes, 2001u * 1024);
  auto read = std::move(builder).Finish();
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->rows.size(), 99u);
  EXPECT_EQ(read->rows[98].cells[19], std::string(1024, 'x'));

  // Cells are capped on their own (empty slots before a filled cell count).
  limits = {};
  limits.max_total_cells = 50;
  auto cells = MustFail(legal, limits);
  EXPECT_EQ(cells.code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(cells.message, "文件内容过大：单元格总数超过 50（第 3 行），请拆分后再导入");
  limits.max_total_cells = 5;
  EXPECT_NE(MustFail(Xlsx("<row r=\"1\"><c r=\"F1\"><v>1</v></c></row>"), limits)
                .message.find("单元格总数超过 5"),
            std::string::npos);

  // The shared-string table itself counts: a table bigger than the budget is refused before
  // any row, even if no cell names it.
  limits = {};
  limits.max_total_text_bytes = 16 * 1024;
  counts = {};
  auto shared = ReadXlsx(hostile, limits, &counts);
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().message,
            "文件内容过大：解码后的文本超过 16 KB（共享字符串），请拆分后再导入");
  EXPECT_EQ(counts.rows, 0u);
  EXPECT_EQ(counts.shared_strings, 1u);
}

TEST(XlsxReaderTest, RowsAndCellsMustAscend) {
  auto rows =
      MustFail(Xlsx("<row r=\"5\"><c r=\"A5\"><v>1</v></c></row>"
                    "<row r=\"3\"><c r=\"A3\"><v>2</v></c></row>"));
  EXPECT_NE(rows.message.find("第 3 行"), std::string::npos) << rows.message;
  auto cells =
      MustFail(Xlsx("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>"));
  EXPECT_NE(cells.message.find("A1"), std::string::npos) << cells.message;
}

TEST(XlsxRoundTripTest, NonFiniteNumbersStayText) {
  Table table;
  table.header.cells = {"n"};
  table.rows.push_back({0, {"inf"}});
  table.rows.push_back({0, {"nan"}});
  table.rows.push_back({0, {"2.5"}});
  XlsxWriteOptions options;
  options.numeric_columns = {0};
  auto bytes = WriteXlsxToBytes(table, options);
  ASSERT_TRUE(bytes.ok());
  Table read = MustRead(*bytes);
  ASSERT_EQ(read.rows.size(), 3u);
  EXPECT_EQ(read.rows[0].cells[0], "inf");
  EXPECT_EQ(read.rows[1].cells[0], "nan");
  EXPECT_EQ(read.rows[2].cells[0], "2.5");
}

TEST(XlsxReaderTest, DoctypeIsRefused) {
  const std::string rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a;</t></is></c></row>";
  const std::string sheet =
      "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaa\">]>" + Sheet(rows);
  auto bytes = MakeZip({{"xl/workbook.xml", Workbook()},
                        {"xl/_rels/workbook.xml.rels", WorkbookRels(false)},
                        {"xl/worksheets/sheet1.xml", sheet}});
  EXPECT_NE(MustFail(bytes).message.find("DOCTYPE"), std::string::npos);
}

TEST(XlsxReaderTest, EmptySheetIsAnEmptyFile) {
  EXPECT_NE(MustFail(Xlsx("")).message.find("空"), std::string::npos);
}

TEST(ExcelSerialToDateTest, BothDateSystems) {
  auto date = [](double serial, bool date_1904 = false) {
    auto result = ExcelSerialToDate(serial, date_1904);
    return result.ok() ? identity::FormatDate(*result) : "error";
  };
  EXPECT_EQ(date(1), "1900-01-01");
  EXPECT_EQ(date(59), "1900-02-28");
  EXPECT_EQ(date(60), "error");  // Excel's phantom 1900-02-29
  EXPECT_EQ(date(61), "1900-03-01");
  EXPECT_EQ(date(45292), "2024-01-01");
  EXPECT_EQ(date(45292.75), "2024-01-01");
  EXPECT_EQ(date(2958465), "9999-12-31");
  EXPECT_EQ(date(2958466), "error");
  EXPECT_EQ(date(0), "error");
  EXPECT_EQ(date(-3), "error");
  EXPECT_EQ(date(0, true), "1904-01-01");
  EXPECT_EQ(date(43830, true), "2024-01-01");
}

}  // namespace
}  // namespace linli::tabular

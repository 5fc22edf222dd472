#include "core/pdf/pdf_document.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/pdf/pdf_testing.hpp"

namespace linli::pdf {
namespace {

std::string WithoutSpaces(std::string text) {
  std::erase_if(text, [](char c) { return c == ' '; });
  return text;
}

TEST(PdfDocumentTest, ChineseTextReadsBack) {
  PdfOptions options;
  options.title = "测试报告";
  auto bytes = RenderToBytes(options, [](PdfDocument& document) {
    document.Title("扬州市规划指标月度报告");
    document.Paragraph("本报告列出各级地区的指标，目标与本月值。Latin text 123 also.");
    document.BeginTable({{"编号", 1}, {"指标", 4}, {"本月值", 1.5, Align::kRight}});
    document.Row({"B1a", "新建住宅小区养老服务设施配建达标率", "86.5"});
    document.Row({"C9", "城市社区综合服务设施覆盖率", "100"});
    document.EndTable();
    document.Chart({.title = "本月值与目标",
                    .rows = {{"B1a 配建达标率", 86.5, 100, "86.5 / ≥ 100 %", Tone::kWarning},
                             {"C9 覆盖率", std::nullopt, 90, "", Tone::kNeutral}}});
  });
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_TRUE(bytes->starts_with("%PDF-"));
  EXPECT_NE(bytes->find("%%EOF"), std::string::npos);
  auto text = PdfToText(*bytes);
  if (!text) GTEST_SKIP() << "pdftotext is not installed (Debian package poppler-utils)";
  EXPECT_NE(text->find("扬州市规划指标月度报告"), std::string::npos) << *text;
  EXPECT_NE(text->find("新建住宅小区养老服务设施配建达标率"), std::string::npos) << *text;
  EXPECT_NE(text->find("城市社区综合服务设施覆盖率"), std::string::npos);
  EXPECT_NE(text->find("Latin text 123 also."), std::string::npos);
  EXPECT_NE(text->find("86.5 / ≥ 100 %"), std::string::npos);
  EXPECT_NE(text->find("无数据"), std::string::npos);  // the chart row without a value
  EXPECT_NE(WithoutSpaces(*text).find("第1页"), std::string::npos);
}

TEST(PdfDocumentTest, TableHeaderRepeatsOnEveryPage) {
  int pages = 0;
  auto bytes = RenderToBytes({}, [&pages](PdfDocument& document) {
    document.BeginTable({{"序号", 1}, {"社区名称", 3}, {"说明", 4}});
    for (int i = 1; i <= 200; ++i) {
      document.Row({std::to_string(i), "东关街道第" + std::to_string(i) + "社区", "一行说明文字"});
    }
    document.EndTable();
    pages = document.PageCount();
  });
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_GE(pages, 3);
  auto text = PdfToText(*bytes);
  if (!text) GTEST_SKIP() << "pdftotext is not installed (Debian package poppler-utils)";
  size_t headers = 0;
  for (size_t at = text->find("社区名称"); at != std::string::npos;
       at = text->find("社区名称", at + 1)) {
    ++headers;
  }
  EXPECT_EQ(headers, static_cast<size_t>(pages));
  EXPECT_NE(text->find("东关街道第200社区"), std::string::npos);
  EXPECT_NE(WithoutSpaces(*text).find("第" + std::to_string(pages) + "页"), std::string::npos);
}

// A cell is cut at max_lines (drawn with "…"; the text layer keeps the whole text, so only the
// height shows it here).
TEST(PdfDocumentTest, LongCellIsCutAndBadUtf8IsReplaced) {
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "很长的说明";
  auto bytes = RenderToBytes({}, [&](PdfDocument& document) {
    document.BeginTable({{"甲", 1}, {"乙", 1}}, {.max_lines = 2});
    document.Row({long_text, std::string("坏\xff\xfe字节\x01控制")});
    document.EndTable();
    EXPECT_EQ(document.PageCount(), 1);
    for (int i = 0; i < 5; ++i) document.Paragraph(long_text);  // paragraphs run over pages
    EXPECT_GE(document.PageCount(), 2);
  });
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto text = PdfToText(*bytes);
  if (!text) GTEST_SKIP() << "pdftotext is not installed (Debian package poppler-utils)";
  EXPECT_NE(text->find("字节"), std::string::npos);
  EXPECT_NE(text->find("控制"), std::string::npos);
}

TEST(PdfDocumentTest, MissingFontFailsClearly) {
  PdfOptions options;
  options.font_files = {"/nonexistent/NotoSansCJK-Regular.ttc"};
  auto document = PdfDocument::Open([](std::string_view) {}, options);
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(document.error().message.find("fonts-noto-cjk"), std::string::npos);

  options = {};
  options.font_family = "No Such Family";
  document = PdfDocument::Open([](std::string_view) {}, options);
  ASSERT_FALSE(document.ok());
  EXPECT_NE(document.error().message.find("No Such Family"), std::string::npos);
}

// Pages go to the sink as they are finished: a large table is never held whole.
TEST(PdfDocumentTest, LargeTableStreamsPageByPage) {
  size_t written = 0;
  auto document =
      PdfDocument::Open([&written](std::string_view bytes) { written += bytes.size(); });
  ASSERT_TRUE(document.ok()) << document.error().message;
  (*document)->BeginTable({{"序号", 1}, {"地区", 3}, {"指标", 5}, {"值", 1}});
  size_t written_at_page_10 = 0;
  for (int i = 0; i < 5000; ++i) {
    (*document)->Row({std::to_string(i), "广陵区东关街道", "城市社区综合服务设施覆盖率", "97.5"});
    if ((*document)->PageCount() == 10 && written_at_page_10 == 0) written_at_page_10 = written;
  }
  const int pages = (*document)->PageCount();
  const size_t before_finish = written;
  ASSERT_TRUE((*document)->Finish().ok());
  EXPECT_GT(pages, 100);
  EXPECT_GT(written_at_page_10, 0u);
  // All but the last page and the trailer (fonts, cross-reference) were out before Finish.
  EXPECT_GT(before_finish, written / 2) << before_finish << " of " << written;
}

}  // namespace
}  // namespace linli::pdf

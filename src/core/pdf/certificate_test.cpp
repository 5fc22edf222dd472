#include "core/pdf/certificate.hpp"

#include <gtest/gtest.h>

#include "core/pdf/pdf_testing.hpp"

namespace linli::pdf {
namespace {

std::string WithoutSpaces(std::string text) {
  std::erase_if(text, [](char c) { return c == ' ' || c == '\n'; });
  return text;
}

Certificate Volunteer(int entries) {
  Certificate certificate;
  certificate.title = "志愿服务证明";
  certificate.recipient = "兹证明 张三（身份证号 3210**********1234）";
  certificate.facts = {"自 2025 年 1 月 1 日至 2025 年 12 月 31 日，在本社区参加志愿服务。",
                       "累计服务时长 56.5 小时。"};
  certificate.entries_title = "服务记录";
  certificate.columns = {{"日期", 1.2}, {"服务项目", 3}, {"时长（小时）", 1, Align::kRight}};
  for (int i = 0; i < entries; ++i) {
    certificate.entries.push_back(
        {"2025-03-05", "学雷锋便民服务第" + std::to_string(i + 1) + "场", "3"});
  }
  certificate.issuer = "扬州市广陵区东关街道志愿服务站";
  certificate.date = "2026 年 1 月 5 日";
  certificate.verification_code = "VS-2026-8F3K-Q2ZD";
  certificate.verification_hint = "可在邻里平台“证明核验”输入验证码核对";
  return certificate;
}

TEST(CertificateTest, PrintsEveryPartAndTheCodeOnEachPage) {
  auto bytes = RenderCertificate(Volunteer(120));  // the entries run over pages
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_NE(bytes->find("certificate VS-2026-8F3K-Q2ZD"), std::string::npos);  // the subject
  auto text = PdfToText(*bytes);
  if (!text) GTEST_SKIP() << "pdftotext is not installed (Debian package poppler-utils)";
  const std::string flat = WithoutSpaces(*text);
  for (const char* part :
       {"志愿服务证明", "兹证明张三（身份证号3210**********1234）", "累计服务时长56.5小时。",
        "服务记录", "学雷锋便民服务第120场", "扬州市广陵区东关街道志愿服务站", "2026年1月5日"}) {
    EXPECT_NE(flat.find(part), std::string::npos) << part;
  }
  size_t codes = 0;
  for (size_t at = flat.find("VS-2026-8F3K-Q2ZD"); at != std::string::npos;
       at = flat.find("VS-2026-8F3K-Q2ZD", at + 1)) {
    ++codes;
  }
  const size_t pages = std::count(text->begin(), text->end(), '\f');
  EXPECT_GE(pages, 2u);
  EXPECT_GE(codes, pages + 1);  // each foot, and once under the date
  size_t headers = 0;
  for (size_t at = flat.find("服务项目"); at != std::string::npos;
       at = flat.find("服务项目", at + 1)) {
    ++headers;
  }
  EXPECT_EQ(headers, pages);  // the table's header on every page
}

TEST(CertificateTest, RequiresItsParts) {
  Certificate certificate = Volunteer(1);
  certificate.verification_code.clear();
  auto bytes = RenderCertificate(certificate);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().field, "verification_code");
  certificate = Volunteer(0);
  certificate.recipient.clear();
  EXPECT_EQ(RenderCertificate(certificate).error().field, "recipient");
}

}  // namespace
}  // namespace linli::pdf

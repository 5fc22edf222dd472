#include "core/pdf/certificate.hpp"

namespace linli::pdf {

core::Result<std::string> RenderCertificate(const Certificate& certificate,
                                            const PdfOptions& options) {
  if (certificate.title.empty()) return core::Error::InvalidArgument("证明缺少标题", "title");
  if (certificate.recipient.empty()) {
    return core::Error::InvalidArgument("证明缺少受证人", "recipient");
  }
  if (certificate.issuer.empty()) return core::Error::InvalidArgument("证明缺少出具单位", "issuer");
  if (certificate.date.empty()) return core::Error::InvalidArgument("证明缺少日期", "date");
  if (certificate.verification_code.empty()) {
    return core::Error::InvalidArgument("证明缺少验证码", "verification_code");
  }
  PdfOptions with = options;
  if (with.title.empty()) with.title = certificate.title;
  if (with.subject.empty()) with.subject = "certificate " + certificate.verification_code;
  // Every page carries the code, so a page on its own can be checked.
  with.footer = "验证码：" + certificate.verification_code;
  if (!certificate.verification_hint.empty()) {
    with.footer += "（" + certificate.verification_hint + "）";
  }
  return RenderToBytes(with, [&certificate](PdfDocument& document) {
    document.Space(30);
    document.Paragraph(certificate.title,
                       {.size = 24, .bold = true, .align = Align::kCenter, .space_after = 28});
    document.Paragraph(certificate.recipient, {.size = 13, .space_after = 12});
    for (const auto& fact : certificate.facts) {
      document.Paragraph(fact, {.size = 12, .space_after = 8});
    }
    if (!certificate.columns.empty()) {
      document.Space(8);
      if (!certificate.entries_title.empty()) document.Heading(certificate.entries_title);
      document.BeginTable(certificate.columns, {.font_size = 9.5, .max_lines = 3});
      for (const auto& entry : certificate.entries) document.Row(entry);
      document.EndTable();
    }
    document.Space(28);
    document.Paragraph(certificate.issuer, {.size = 12, .align = Align::kRight, .space_after = 6});
    document.Paragraph(certificate.date, {.size = 12, .align = Align::kRight, .space_after = 18});
    document.Paragraph("验证码：" + certificate.verification_code,
                       {.size = 11, .bold = true, .align = Align::kRight, .space_after = 4});
    if (!certificate.verification_hint.empty()) {
      document.Paragraph(certificate.verification_hint,
                         {.size = 9, .align = Align::kRight, .grey = 0.35});
    }
  });
}

}  // namespace linli::pdf

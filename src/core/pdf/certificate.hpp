// A certificate as a PDF (e.g. 志愿服务证明, issue 20): title, the recipient, lines of facts, a
// table of entries, the issuer and the date, and a verification code printed in the foot of every
// page (decision 0049-pdf, which shows how to call it).
//
// The layout prints what it is given: the caller masks personal data, makes and stores the
// verification code and answers its check.
// Thread-safety: a pure function (a PdfDocument of its own per call).
#pragma once

#include <string>
#include <vector>

#include "core/pdf/pdf_document.hpp"
#include "core/result.hpp"

namespace linli::pdf {

struct Certificate {
  std::string title;               // "志愿服务证明"
  std::string recipient;           // "兹证明 张三（身份证号 3210**********1234）"
  std::vector<std::string> facts;  // a paragraph each
  std::string entries_title;       // "服务记录"; "" for none
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> entries;
  std::string issuer;             // "扬州市广陵区东关街道志愿服务站"
  std::string date;               // "2026 年 1 月 5 日"
  std::string verification_code;  // required
  std::string verification_hint;  // e.g. "可在邻里平台“证明核验”输入验证码核对"; optional
};

// InvalidArgument when the title, recipient, issuer, date or verification code is empty;
// FailedPrecondition when the font is not installed (PdfDocument::Open).
core::Result<std::string> RenderCertificate(const Certificate& certificate,
                                            const PdfOptions& options = {});

}  // namespace linli::pdf

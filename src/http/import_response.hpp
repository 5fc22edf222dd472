// The answer of every spreadsheet import route (residents, facilities, and each registry that
// imports next), so that the web reads every import the same way.
//
// The file is the raw request body (.xlsx or .csv, recognised from the bytes); ?dry_run=1 (or
// true, yes) checks without writing; ?report=xlsx asks for the error copy instead of the JSON
// report; X-File-Name names the file for the audit record. AnswerImport reads the table, runs
// the route's import and answers:
// - 200 with the route's own body when the report is empty;
// - 422 with the error envelope ("导入未完成：发现 N 处问题，未写入任何数据") plus
//   "report": [{"row","column","cell","message"}] (the first kListedProblems in row then column
//   order; column and cell null when absent), "problem_count" and "truncated";
// - with ?report=xlsx, 422 with the input as .xlsx and a red 错误 column (as an attachment);
//   the import then keeps up to kErrorCopyProblems problems for it.
// An empty body is 400 (field file). A file that cannot be read at all is a 422 report of one
// problem naming its cell, or — for a route with report_unreadable_file false — the reader's
// error as it is (400).
// Thread-safety: stateless functions.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"
#include "http/handler.hpp"

namespace linli::http {

// Problems marked in an error copy asked for with ?report=xlsx.
inline constexpr size_t kErrorCopyProblems = 100'000;

struct ImportRoute {
  // The registry's error copy (e.g. people::ResidentFileService::ErrorCopy).
  core::Result<std::string> (*error_copy)(const tabular::Table& table,
                                          const tabular::ImportReport& report) = nullptr;
  std::string error_copy_name;       // ASCII file name of the attachment
  std::string error_copy_utf8_name;  // its Chinese name (filename*), or "" for none
  // A file that cannot be read: true, a 422 report of one problem; false, the reader's error.
  bool report_unreadable_file = true;
};

// What a route's import found: its report and, when that is empty, the 200 body.
struct ImportAnswer {
  tabular::ImportReport report;
  boost::json::object accepted;
};

using RunImport = std::function<core::Result<ImportAnswer>(const tabular::Table& table,
                                                           const tabular::ImportOptions& options)>;

// Reads the body and the query, runs `run` and answers as above.
core::Result<Response> AnswerImport(const Request& request, const ImportRoute& route,
                                    const RunImport& run);

// 422: the error envelope with the report.
Response ImportRejected(const tabular::ImportReport& report, std::string_view request_id);

// An .xlsx download as an attachment (RFC 6266: filename="ascii_name", and filename*=UTF-8''…
// when utf8_name is given), not cached.
Response XlsxAttachment(std::string bytes, std::string_view ascii_name,
                        std::string_view utf8_name = {}, int status = 200);

}  // namespace linli::http

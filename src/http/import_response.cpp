#include "http/import_response.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <charconv>

#include "core/tabular/read_table.hpp"
#include "http/pipeline.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

bool Truthy(const std::optional<std::string>& value) {
  return value && (*value == "1" || *value == "true" || *value == "yes");
}

// The row number in a reader error's cell name ("C5" -> 5), or 0.
int RowOfCell(std::string_view cell) {
  size_t digits = cell.find_first_of("0123456789");
  if (digits == std::string_view::npos) return 0;
  int row = 0;
  std::from_chars(cell.data() + digits, cell.data() + cell.size(), row);
  return row;
}

// A file the readers refuse (not a spreadsheet, broken, formula cells, oversized cells) as a
// report of one problem, at its cell when the reader names one.
tabular::ImportReport UnreadableFileReport(const core::Error& error) {
  tabular::ImportProblem problem;
  problem.cell = error.field == "file" ? "" : error.field;
  problem.row = RowOfCell(problem.cell);
  problem.message = error.message;
  tabular::ImportReport report;
  report.problem_count = 1;
  report.problems.push_back(std::move(problem));
  return report;
}

json::value TextOrNull(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

// Reads the table within limits, runs the import and answers (the gate holds its slot).
core::Result<Response> AnswerImport(Request& request, const ImportRoute& route,
                                    const RunImport& run, const tabular::ReadLimits& limits) {
  const bool error_copy = request.Query("report") == std::optional<std::string>("xlsx");
  tabular::ImportOptions options;
  options.dry_run = Truthy(request.Query("dry_run"));
  options.source_name = std::string(request.Header("x-file-name").substr(0, 200));
  if (error_copy) options.max_reported = kErrorCopyProblems;
  auto table = tabular::ReadTable(request.body, limits);
  if (!table.ok()) {
    // Too much to hold is the whole file's problem, never a cell's: 413 as it is.
    if (!route.report_unreadable_file || table.error().code == core::ErrorCode::kPayloadTooLarge) {
      return std::move(table).error();
    }
    return ImportRejected(UnreadableFileReport(table.error()), request.request_id);
  }
  ASSIGN_OR_RETURN(ImportAnswer answer, run(request, *table, options));
  if (answer.report.problem_count == 0) return Response::Json(answer.accepted);
  if (error_copy) {
    ASSIGN_OR_RETURN(std::string copy, route.error_copy(*table, answer.report));
    return XlsxAttachment(std::move(copy), route.error_copy_name, route.error_copy_utf8_name, 422);
  }
  return ImportRejected(answer.report, request.request_id);
}

}  // namespace

Response ImportRejected(const tabular::ImportReport& report, std::string_view request_id) {
  const std::string message =
      "导入未完成：发现 " + std::to_string(report.problem_count) + " 处问题，未写入任何数据";
  Response response = Pipeline::ErrorResponse(core::Error::Validation(message), request_id);
  json::object body = json::parse(response.body).as_object();
  const size_t listed = std::min(report.problems.size(), tabular::kListedProblems);
  json::array items;
  items.reserve(listed);
  for (size_t i = 0; i < listed; ++i) {
    const tabular::ImportProblem& problem = report.problems[i];
    json::object item;
    item["row"] = problem.row;
    item["column"] = TextOrNull(problem.column);
    item["cell"] = TextOrNull(problem.cell);
    item["message"] = problem.message;
    items.push_back(std::move(item));
  }
  body["report"] = std::move(items);
  body["problem_count"] = report.problem_count;
  body["truncated"] = report.problem_count > static_cast<int64_t>(listed);
  return Response::Json(body, 422);
}

std::string AttachmentDisposition(std::string_view ascii_name, std::string_view utf8_name) {
  std::string disposition = "attachment; filename=\"" + std::string(ascii_name) + "\"";
  if (!utf8_name.empty()) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    disposition += "; filename*=UTF-8''";
    for (unsigned char c : utf8_name) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_') {
        disposition += static_cast<char>(c);
      } else {
        disposition += '%';
        disposition += kHex[c >> 4];
        disposition += kHex[c & 15];
      }
    }
  }
  return disposition;
}

namespace {

Response Attachment(std::string bytes, std::string_view content_type, std::string_view ascii_name,
                    std::string_view utf8_name, int status) {
  std::string disposition = AttachmentDisposition(ascii_name, utf8_name);
  Response response;
  response.status = status;
  response.content_type = std::string(content_type);
  response.body = std::move(bytes);
  response.headers.emplace_back("Content-Disposition", std::move(disposition));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

Response XlsxAttachment(std::string bytes, std::string_view ascii_name, std::string_view utf8_name,
                        int status) {
  return Attachment(std::move(bytes), kXlsxType, ascii_name, utf8_name, status);
}

Response PdfAttachment(std::string bytes, std::string_view ascii_name, std::string_view utf8_name) {
  return Attachment(std::move(bytes), "application/pdf", ascii_name, utf8_name, 200);
}

tabular::ReadLimits ImportLimits::Read() const {
  tabular::ReadLimits read;
  read.max_total_cells = max_cells;
  read.max_total_text_bytes = max_text_bytes;
  read.max_rows = std::min(read.max_rows, max_cells);
  read.max_shared_strings = std::min(read.max_shared_strings, max_cells);
  return read;
}

Route ImportGate::MakeRoute(std::string pattern, access::Permission permission, ImportRoute route,
                            RunImport run, std::string summary) {
  Route out{"POST", std::move(pattern), permission,
            [this, route = std::move(route), run = std::move(run)](
                Request& request) -> core::Result<Response> { return Answer(request, route, run); },
            std::move(summary)};
  out.body_limit = limits_.body_bytes;
  return out;
}

core::Result<Response> ImportGate::Answer(Request& request, const ImportRoute& route,
                                          const RunImport& run) {
  if (request.body.empty()) {
    return core::Error::InvalidArgument("请上传 .xlsx 或 .csv 文件（作为请求体）", "file");
  }
  // A slot for the whole import: its table lives until the answer is built.
  if (running_.fetch_add(1) >= limits_.concurrent) {
    running_.fetch_sub(1);
    Response busy = Pipeline::ErrorResponse(
        core::Error::ResourceExhausted("同时进行的导入已达上限（" +
                                       std::to_string(limits_.concurrent) + " 个），请 " +
                                       std::to_string(limits_.retry_after_seconds) + " 秒后重试"),
        request.request_id);
    busy.headers.emplace_back("Retry-After", std::to_string(limits_.retry_after_seconds));
    return busy;
  }
  struct Release {
    std::atomic<int>& running;
    ~Release() { running.fetch_sub(1); }
  } release{running_};
  return AnswerImport(request, route, run, limits_.Read());
}

}  // namespace linli::http

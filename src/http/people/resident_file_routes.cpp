#include "http/people/resident_file_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <charconv>

#include "core/tabular/read_table.hpp"
#include "core/tabular/xlsx_writer.hpp"
#include "http/people/people_routes.hpp"
#include "http/pipeline.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// "居民导入模板.xlsx" as an attachment (RFC 6266 with an ASCII fallback).
std::pair<std::string, std::string> Attachment(std::string_view ascii_name,
                                               std::string_view utf8_name) {
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : utf8_name) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return {"Content-Disposition",
          "attachment; filename=\"" + std::string(ascii_name) + "\"; filename*=UTF-8''" + encoded};
}

Response Xlsx(std::string bytes, std::string_view ascii_name, std::string_view utf8_name,
              int status = 200) {
  Response response;
  response.status = status;
  response.content_type = std::string(kXlsxType);
  response.body = std::move(bytes);
  response.headers.push_back(Attachment(ascii_name, utf8_name));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

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

// 422 with the envelope and the row-by-row report.
Response Rejected(const people::ImportOutcome& outcome, std::string_view request_id) {
  const std::string message =
      "导入未完成：发现 " + std::to_string(outcome.problem_count) + " 处问题，未写入任何数据";
  Response response = Pipeline::ErrorResponse(core::Error::Validation(message), request_id);
  json::object body = json::parse(response.body).as_object();
  json::array report;
  for (const auto& problem : outcome.problems) {
    json::object item;
    item["row"] = problem.row;
    item["column"] = problem.column.empty() ? json::value(nullptr) : json::value(problem.column);
    item["cell"] = problem.cell.empty() ? json::value(nullptr) : json::value(problem.cell);
    item["message"] = problem.message;
    report.push_back(std::move(item));
  }
  body["report"] = std::move(report);
  body["problem_count"] = outcome.problem_count;
  body["truncated"] = outcome.problem_count > int64_t(outcome.problems.size());
  return Response::Json(body, 422);
}

}  // namespace

std::vector<Route> ResidentFileRoutes(people::ResidentFileService& files) {
  std::vector<Route> routes;
  routes.push_back(Route{
      "GET", "/api/v1/residents/import-template.xlsx", Permission::kPeopleImport,
      [](Request&) -> core::Result<Response> {
        tabular::XlsxWriteOptions options;
        options.sheet_name = "居民";
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(
                                         people::ResidentFileService::ImportTemplate(), options));
        return Xlsx(std::move(bytes), "residents-template.xlsx", "居民导入模板.xlsx");
      },
      "the residents import template (.xlsx)"});

  Route import{
      "POST", "/api/v1/residents/import", Permission::kPeopleImport,
      [&files](Request& request) -> core::Result<Response> {
        if (request.body.empty()) {
          return core::Error::InvalidArgument("请上传 .xlsx 或 .csv 文件（作为请求体）", "file");
        }
        people::ImportOptions options;
        options.dry_run = Truthy(request.Query("dry_run"));
        options.source_name = std::string(request.Header("x-file-name")).substr(0, 200);
        const bool xlsx_report = request.Query("report") == std::optional<std::string>("xlsx");
        auto table = tabular::ReadTable(request.body);
        if (!table.ok()) {
          // The file itself: not a spreadsheet, broken, formula cells, oversized cells.
          people::ImportOutcome outcome;
          outcome.problem_count = 1;
          people::ImportProblem problem;
          problem.cell = table.error().field == "file" ? "" : table.error().field;
          problem.row = RowOfCell(problem.cell);
          problem.message = table.error().message;
          outcome.problems.push_back(std::move(problem));
          return Rejected(outcome, request.request_id);
        }
        ASSIGN_OR_RETURN(auto outcome, files.Import(*table, request.Caller(), options));
        if (outcome.problem_count > 0) {
          if (xlsx_report) {
            ASSIGN_OR_RETURN(auto copy, people::ResidentFileService::ErrorCopy(*table, outcome));
            return Xlsx(std::move(copy), "import-errors.xlsx", "导入错误.xlsx", 422);
          }
          return Rejected(outcome, request.request_id);
        }
        json::object body;
        body["imported"] = outcome.imported;
        body["updated"] = outcome.updated;
        body["unchanged"] = outcome.unchanged;
        body["rows"] = outcome.rows;
        body["buildings_created"] = outcome.buildings_created;
        body["households_created"] = outcome.households_created;
        body["dry_run"] = options.dry_run;
        body["written"] = outcome.written;
        return Response::Json(body);
      },
      "import residents from an .xlsx or .csv body (all or nothing)"};
  import.body_limit = kImportBodyLimit;
  routes.push_back(std::move(import));

  routes.push_back(
      Route{"GET", "/api/v1/residents/export.xlsx", Permission::kPeopleExport,
            [&files](Request& request) -> core::Result<Response> {
              const people::ResidentSearchRequest search = ResidentSearchOf(request);
              ASSIGN_OR_RETURN(auto table, files.Export(search, request.Caller()));
              tabular::XlsxWriteOptions options;
              options.sheet_name = "居民";
              ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
              return Xlsx(std::move(bytes), "residents.xlsx", "居民名单.xlsx");
            },
            "export the filtered residents as .xlsx (masked unless permitted; audited)"});
  return routes;
}

}  // namespace linli::http

// The answer of every spreadsheet import route (residents, facilities, and each registry that
// imports next), so that the web reads every import the same way, and the one gate every
// upload passes (ImportGate: its size, what it may decode, how many run at once).
//
// The file is the raw request body (.xlsx or .csv, recognised from the bytes); ?dry_run=1 (or
// true, yes) checks without writing; ?report=xlsx asks for the error copy instead of the JSON
// report; X-File-Name names the file for the audit record. ImportGate::Answer reads the table,
// runs the route's import and answers:
// - 429 resource_exhausted with Retry-After when ImportLimits::concurrent imports are already
//   running (nothing read, nothing written; the upload is asked to come back);
// - 413 payload_too_large for a body over ImportLimits::body_bytes (the server, before the
//   handler) and for a file whose cells or decoded text exceed max_cells or max_text_bytes
//   ("文件内容过大：解码后的文本超过 N MB"), counted by the reader as it decodes;
// - 200 with the route's own body when the report is empty;
// - 422 with the error envelope ("导入未完成：发现 N 处问题，未写入任何数据") plus
//   "report": [{"row","column","cell","message"}] (the first kListedProblems in row then column
//   order; column and cell null when absent), "problem_count" and "truncated";
// - with ?report=xlsx, 422 with the input as .xlsx and a red 错误 column (as an attachment);
//   the import then keeps up to kErrorCopyProblems problems for it.
// An empty body is 400 (field file). A file that cannot be read at all is a 422 report of one
// problem naming its cell, or — for a route with report_unreadable_file false — the reader's
// error as it is (400).
// Thread-safety: ImportGate is thread-safe (an atomic count); the rest are stateless functions.
#pragma once

#include <atomic>
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

using RunImport = std::function<core::Result<ImportAnswer>(
    Request& request, const tabular::Table& table, const tabular::ImportOptions& options)>;

// What one upload may cost, for every import route alike (app/config.hpp sets them from
// import_body_limit_bytes, import_max_cells, import_max_text_bytes and import_concurrency).
// At these defaults reading any upload stays under 256 MiB of memory (bench/imports), and at
// most `concurrent` uploads are held at once.
struct ImportLimits {
  std::size_t body_bytes = 48u << 20;   // the upload itself; 413 beyond, before it is read
  std::size_t max_cells = 1'000'000;    // cell slots of the whole file, header included
  uint64_t max_text_bytes = 32u << 20;  // decoded text (cells and .xlsx shared strings)
  int concurrent = 2;                   // imports reading or running at once; more: 429
  int retry_after_seconds = 10;         // Retry-After of that 429

  // The reader's limits of an upload: ReadLimits' defaults with the caps above, and no more
  // data rows or shared strings than cells.
  tabular::ReadLimits Read() const;
};

// Every import route goes through one gate: it builds the route (body limit set) and answers
// it (Answer), refusing imports beyond ImportLimits::concurrent with 429.
class ImportGate {
 public:
  explicit ImportGate(ImportLimits limits = {}) : limits_(limits) {}
  ImportGate(const ImportGate&) = delete;
  ImportGate& operator=(const ImportGate&) = delete;

  // A POST route at `pattern` answered by Answer(request, route, run); route and run are
  // kept by value. REQUIRES: the gate outlives the route.
  Route MakeRoute(std::string pattern, access::Permission permission, ImportRoute route,
                  RunImport run, std::string summary);

  // Reads the body and the query, runs `run` and answers as above.
  core::Result<Response> Answer(Request& request, const ImportRoute& route, const RunImport& run);

  const ImportLimits& limits() const { return limits_; }
  int running() const { return running_.load(); }

 private:
  ImportLimits limits_;
  std::atomic<int> running_{0};
};

// 422: the error envelope with the report.
Response ImportRejected(const tabular::ImportReport& report, std::string_view request_id);

// A Content-Disposition "attachment" value: filename="ascii_name" (RFC 6266; ascii_name must
// need no quoting) and, when utf8_name is given, filename*=UTF-8''<percent-encoded> (RFC 5987)
// for the Chinese name browsers show.
std::string AttachmentDisposition(std::string_view ascii_name, std::string_view utf8_name = {});

// An .xlsx download as an attachment (RFC 6266: filename="ascii_name", and filename*=UTF-8''…
// when utf8_name is given), not cached.
Response XlsxAttachment(std::string bytes, std::string_view ascii_name,
                        std::string_view utf8_name = {}, int status = 200);
// A .pdf download, the same way (application/pdf).
Response PdfAttachment(std::string bytes, std::string_view ascii_name,
                       std::string_view utf8_name = {});

}  // namespace linli::http

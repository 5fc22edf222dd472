// What reading one spreadsheet upload costs in memory (issue 15 item 13), at the server's
// import limits (http::ImportLimits, the defaults of config.import_*) and — the baseline, in
// the same run — the same file read with the command line's limits (tabular::ReadLimits{}, no
// cap on decoded text below 2 GiB: what every upload cost before the caps).
//
// Each case is a file written once to a temporary folder; each reading runs in a fresh process
// (this program run again with --read), which loads the file as the server holds a body and
// reads it with tabular::ReadTable, as every import route does. The figure is that process's
// peak resident set (VmHWM of /proc/self/status: per address space, so fresh after exec, unlike
// ru_maxrss, which keeps the forking parent's peak) less the peak of the same process reading
// nothing: the upload's body, the decoding and the Table. The goal: every case within the limits
// (accepted or refused) costs at most 256 MiB.
//   bench_imports [--dir /tmp/linli-bench-imports] [--keep]
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/tabular/read_table.hpp"
#include "core/tabular/xlsx_writer.hpp"
#include "http/import_response.hpp"

namespace {

namespace fs = std::filesystem;
namespace tabular = linli::tabular;

constexpr double kGoalMiB = 256.0;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "bench_imports: %s\n", message.c_str());
  std::exit(1);
}

// ---- the files -----------------------------------------------------------------------------

constexpr char kMain[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRel[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A minimal workbook around a sheet and a shared-string table, zipped by minizip as Excel
// does (deflated). `sheet_rows` writes the <row> elements into the stream piece by piece.
void WriteXlsxParts(const fs::path& path, const std::function<void(std::string&)>& sheet_rows,
                    const std::string& shared_items) {
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (zip == nullptr) Die("cannot create " + path.string());
  auto entry = [&](const std::string& name, const std::function<void(std::string&)>& fill) {
    zip_fileinfo info{};
    if (zipOpenNewFileInZip64(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                              Z_DEFAULT_COMPRESSION, 1) != ZIP_OK) {
      Die("zip entry " + name);
    }
    std::string chunk;
    fill(chunk);
    if (!chunk.empty()) zipWriteInFileInZip(zip, chunk.data(), static_cast<unsigned>(chunk.size()));
    zipCloseFileInZip(zip);
  };
  entry("xl/workbook.xml", [](std::string& out) {
    out = std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel +
          "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  });
  entry("xl/_rels/workbook.xml.rels", [](std::string& out) {
    out = std::string(
              "<Relationships "
              "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
              "<Relationship Id=\"rId1\" Type=\"") +
          kRel +
          "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" +
          kRel + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
  });
  entry("xl/sharedStrings.xml", [&](std::string& out) {
    out = std::string("<sst xmlns=\"") + kMain + "\">" + shared_items + "</sst>";
  });
  zip_fileinfo info{};
  if (zipOpenNewFileInZip64(zip, "xl/worksheets/sheet1.xml", &info, nullptr, 0, nullptr, 0, nullptr,
                            Z_DEFLATED, Z_DEFAULT_COMPRESSION, 1) != ZIP_OK) {
    Die("zip sheet");
  }
  std::string head = std::string("<worksheet xmlns=\"") + kMain + "\"><sheetData>";
  zipWriteInFileInZip(zip, head.data(), static_cast<unsigned>(head.size()));
  std::string rows;
  sheet_rows(rows);
  zipWriteInFileInZip(zip, rows.data(), static_cast<unsigned>(rows.size()));
  const std::string tail = "</sheetData></worksheet>";
  zipWriteInFileInZip(zip, tail.data(), static_cast<unsigned>(tail.size()));
  zipCloseFileInZip(zip);
  zipClose(zip, nullptr);
}

// The hostile shape: one shared string of `length` bytes named by `cells` cells (10 a row).
void FanOutXlsx(const fs::path& path, size_t length, int cells) {
  WriteXlsxParts(
      path,
      [&](std::string& out) {
        for (int i = 0; i < cells; ++i) {
          const int row = i / 10 + 1;
          if (i % 10 == 0) out += "<row r=\"" + std::to_string(row) + "\">";
          out += "<c r=\"" + tabular::CellName(static_cast<size_t>(i % 10), row) +
                 "\" t=\"s\"><v>0</v></c>";
          if (i % 10 == 9 || i + 1 == cells) out += "</row>";
        }
      },
      "<si><t>" + std::string(length, 'x') + "</t></si>");
}

// A shared-string table of `count` distinct short entries and a sheet naming one of them.
void ManySharedStringsXlsx(const fs::path& path, int count) {
  std::string items;
  for (int i = 0; i < count; ++i) items += "<si><t>" + std::to_string(i) + "</t></si>";
  WriteXlsxParts(
      path, [](std::string& out) { out = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"; },
      items);
}

// `cell_bytes` of text per cell ('a' then digits, distinct), `columns` cells a row.
std::string CellText(int64_t index, size_t cell_bytes) {
  std::string text = std::to_string(index);
  if (text.size() < cell_bytes) text.insert(0, cell_bytes - text.size(), 'a');
  return text;
}

void CsvFile(const fs::path& path, int64_t cells, int columns, size_t cell_bytes) {
  std::ofstream out(path, std::ios::binary);
  out << "h\n";
  for (int64_t i = 1; i < cells; ++i) {
    out << CellText(i, cell_bytes) << (i % columns == 0 || i + 1 == cells ? '\n' : ',');
  }
}

// UTF-8 text in GB18030 (what Excel in Chinese saves as CSV): 中 is D6 D0, and 3 bytes in UTF-8.
void GbkCsvFile(const fs::path& path, uint64_t bytes, size_t cell_chars) {
  std::ofstream out(path, std::ios::binary);
  out << "h\n";
  uint64_t written = 2;
  std::string cell;
  for (size_t i = 0; i < cell_chars; ++i) cell += "\xD6\xD0";
  cell += '\n';
  while (written < bytes) {
    out << cell;
    written += cell.size();
  }
}

void XlsxByWriter(const fs::path& path, int64_t cells, int columns, size_t cell_bytes,
                  bool shared) {
  tabular::Table table;
  table.header.cells.push_back("h");
  tabular::TableRow row;
  for (int64_t i = 1; i < cells; ++i) {
    row.cells.push_back(CellText(i, cell_bytes));
    if (static_cast<int>(row.cells.size()) == columns || i + 1 == cells) {
      table.rows.push_back(std::move(row));
      row = {};
    }
  }
  tabular::XlsxWriteOptions options;
  options.constant_memory = !shared;  // shared strings unless constant memory
  if (auto status = tabular::WriteXlsx(table, options, path); !status.ok()) {
    Die(status.error().message);
  }
}

// ---- one reading in a fresh process --------------------------------------------------------

// The peak resident set of this process so far, in KiB.
long PeakKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  Die("no VmHWM in /proc/self/status");
}

int ReadOnce(const std::string& file, const std::string& limits_name) {
  const linli::http::ImportLimits upload;
  const tabular::ReadLimits limits =
      limits_name == "upload" ? upload.Read() : tabular::ReadLimits{};
  if (file.empty()) {  // the empty reading: the process itself
    std::printf("%ld -\n", PeakKiB());
    return 0;
  }
  auto bytes = tabular::ReadFileBytes(file, 1ull << 30);
  if (!bytes.ok()) Die(bytes.error().message);
  tabular::ReadCounts counts;
  const auto start = std::chrono::steady_clock::now();
  auto table = tabular::ReadTable(*bytes, limits, &counts);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string outcome = table.ok() ? "accepted" : "413 " + table.error().message;
  if (!table.ok() && table.error().code != linli::core::ErrorCode::kPayloadTooLarge) {
    outcome = "refused " + table.error().message;
  }
  const long peak = PeakKiB();
  std::printf("%ld %.2fs cells=%zu text=%.1fMiB shared=%zu %s\n", peak, seconds, counts.cells,
              static_cast<double>(counts.text_bytes) / (1 << 20), counts.shared_strings,
              outcome.c_str());
  return 0;
}

struct Reading {
  double peak_mib = 0;
  std::string line;
};

Reading Measure(const std::string& self, const std::string& file, const std::string& limits) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) Die("pipe");
  const pid_t pid = fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    execl(self.c_str(), self.c_str(), "--read", file.c_str(), limits.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);
  Reading reading;
  char buffer[4096];
  ssize_t count = 0;
  while ((count = read(pipe_fds[0], buffer, sizeof buffer)) > 0) reading.line.append(buffer, count);
  close(pipe_fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Die("reading " + file + " failed");
  }
  while (!reading.line.empty() && reading.line.back() == '\n') reading.line.pop_back();
  const size_t space = reading.line.find(' ');
  reading.peak_mib = std::stod(reading.line.substr(0, space)) / 1024.0;  // the child's VmHWM
  reading.line = reading.line.substr(space + 1);
  return reading;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--read") return ReadOnce(argv[2], argv[3]);
  fs::path dir = fs::temp_directory_path() / "linli-bench-imports";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--keep") {
      keep = true;
    } else {
      Die("usage: bench_imports [--dir DIR] [--keep]");
    }
  }
  fs::create_directories(dir);
  const std::string self = fs::canonical("/proc/self/exe").string();
  const linli::http::ImportLimits upload;

  struct Case {
    std::string name;
    std::string file;
    std::function<void(const fs::path&)> make;
  };
  const int64_t max_cells = static_cast<int64_t>(upload.max_cells);
  const uint64_t max_text = upload.max_text_bytes;
  // At the limits: the most cells, each as long as the text cap allows.
  const size_t full_cell = static_cast<size_t>(max_text / upload.max_cells);
  std::vector<Case> cases = {
      {"hostile: 32 KB shared string x 7,000 cells", "fanout-7000.xlsx",
       [](const fs::path& p) { FanOutXlsx(p, 32 * 1024 - 1, 7000); }},
      {"hostile: 32 KB shared string x 20,000 cells", "fanout-20000.xlsx",
       [](const fs::path& p) { FanOutXlsx(p, 32 * 1024 - 1, 20000); }},
      {"hostile: 1,000,000 distinct shared strings", "shared-1m.xlsx",
       [&](const fs::path& p) { ManySharedStringsXlsx(p, static_cast<int>(max_cells)); }},
      {"legal csv: max cells, 1 a row, " + std::to_string(full_cell) + " B each", "cells-1col.csv",
       [&](const fs::path& p) { CsvFile(p, max_cells, 1, full_cell); }},
      {"legal csv: max cells, 15 a row, " + std::to_string(full_cell) + " B each",
       "cells-15col.csv", [&](const fs::path& p) { CsvFile(p, max_cells, 15, full_cell); }},
      {"legal csv: 16 B cells (the heap's worst ratio)", "cells-16b.csv",
       [&](const fs::path& p) { CsvFile(p, max_cells, 15, 16); }},
      {"legal xlsx (shared strings): max cells, 15 a row, 16 B", "cells-shared.xlsx",
       [&](const fs::path& p) { XlsxByWriter(p, max_cells, 15, 16, true); }},
      {"legal xlsx (inline): max cells, 15 a row, " + std::to_string(full_cell) + " B",
       "cells-inline.xlsx",
       [&](const fs::path& p) { XlsxByWriter(p, max_cells, 15, full_cell, false); }},
      {"over: csv at the body limit, text over the cap", "body-limit.csv",
       [&](const fs::path& p) {
         CsvFile(p, static_cast<int64_t>(upload.body_bytes / 65), 15, 64);
       }},
      {"over: GB18030 csv at the body limit", "body-limit-gbk.csv",
       [&](const fs::path& p) { GbkCsvFile(p, upload.body_bytes - 64, 20); }},
  };

  std::printf(
      "Reading one upload: peak RSS of a fresh process less its empty peak (%s)\n"
      "upload limits: body %zu MiB, %zu cells, %llu MiB decoded text (http::ImportLimits)\n"
      "baseline: the same file with the command line's limits (no text cap below 2 GiB)\n\n",
      self.c_str(), upload.body_bytes >> 20, upload.max_cells,
      static_cast<unsigned long long>(max_text >> 20));
  const Reading empty = Measure(self, "", "upload");
  std::printf("empty process: %.1f MiB\n\n", empty.peak_mib);
  std::printf("%-58s %9s %12s %12s\n", "case", "file", "upload MiB", "baseline MiB");
  double worst = 0;
  for (const Case& c : cases) {
    const fs::path path = dir / c.file;
    if (!fs::exists(path)) c.make(path);
    const double size_kib = static_cast<double>(fs::file_size(path)) / 1024.0;
    const Reading capped = Measure(self, path.string(), "upload");
    const Reading baseline = Measure(self, path.string(), "cli");
    const double capped_mib = capped.peak_mib - empty.peak_mib;
    worst = std::max(worst, capped_mib);
    std::printf("%-58s %7.0fKB %12.1f %12.1f\n", c.name.c_str(), size_kib, capped_mib,
                baseline.peak_mib - empty.peak_mib);
    std::printf("    upload:   %s\n    baseline: %s\n", capped.line.c_str(), baseline.line.c_str());
    std::fflush(stdout);
    if (!keep) fs::remove(path);
  }
  std::printf("\nworst upload within the limits: %.1f MiB (goal <= %.0f MiB): %s\n", worst,
              kGoalMiB, worst <= kGoalMiB ? "met" : "NOT met");
  return worst <= kGoalMiB ? 0 : 2;
}

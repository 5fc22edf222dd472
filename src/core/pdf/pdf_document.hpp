// PDF documents with Chinese text (reports, certificates): A4 pages laid out top to bottom —
// titles, paragraphs, tables whose header row repeats on every page, bar charts of a value
// against its target — with the page number at the foot of each page (decision
// docs/decisions/0049-pdf-pdf-documents.md).
//
// Drawn with cairo's PDF surface; text shaped and wrapped by pango (pangocairo) in one packaged
// CJK font, embedded as a subset so the file displays anywhere and `pdftotext` reads it back.
// The font is looked up deterministically: a fontconfig configuration of its own holding only
// the files in PdfOptions::font_files (no system fallback), so the output never depends on what
// else is installed; a missing file is a FailedPrecondition naming the Debian package.
//
// Streaming: elements are laid out as they are added and each finished page is handed to cairo,
// which writes it to the sink; only the current page is held (a table of 100,000 rows costs the
// memory of one page plus the font subset). Text is plain (no markup); invalid UTF-8 is
// replaced, never trusted.
// Thread-safety: a PdfDocument is used by one thread; documents on different threads share
// nothing (each has its own font map and fontconfig configuration).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::pdf {

// Receives the PDF's bytes in order as they are produced. Must not throw.
using ByteSink = std::function<void(std::string_view bytes)>;

struct PdfOptions {
  // The font files, regular first then bold (a .ttc holds several faces; fontconfig picks the
  // family below). Defaults: Debian's fonts-noto-cjk.
  std::vector<std::string> font_files = {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                         "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"};
  std::string font_family = "Noto Sans CJK SC";
  std::string font_package = "fonts-noto-cjk";  // named in the error when a file is missing
  // Document information (shown by viewers; pdfinfo reads it).
  std::string title;
  std::string author = "邻里";
  // Written as plain text when ASCII only (e.g. "indicators report 321002 2025-12"), so a program
  // can tell what a file is without reading its compressed pages.
  std::string subject;
  // "第 N 页" at the foot of every page; extra text before it (e.g. the report's name).
  bool page_numbers = true;
  std::string footer;
};

enum class Align { kLeft, kCenter, kRight };

struct TextStyle {
  double size = 10.5;  // points
  bool bold = false;
  Align align = Align::kLeft;
  double space_after = 6.0;  // points below the paragraph
  // Grey (0.4) for notes, black (0) for text.
  double grey = 0.0;
};

struct TableColumn {
  std::string title;
  double weight = 1.0;  // share of the page width, relative to the other columns
  Align align = Align::kLeft;
};

struct TableOptions {
  double font_size = 8.0;
  // A cell wraps to at most this many lines; longer text ends with "…".
  int max_lines = 4;
};

// How a bar is coloured (the status of the row's figure).
enum class Tone { kNeutral, kGood, kNormal, kWarning, kBad };

struct BarChartRow {
  std::string label;  // e.g. "B1a 新建住宅小区配套…"
  std::optional<double> value;
  std::optional<double> target;
  std::string value_text;  // printed after the bar, e.g. "86.5 / ≥ 90 %"; "" = the value
  Tone tone = Tone::kNeutral;
};

struct BarChart {
  std::string title;
  std::string value_legend = "本月值";
  std::string target_legend = "目标";
  // Each row on its own scale (0 to the larger of its value and target): the rows of a report
  // have different units. false: one scale for all rows.
  bool scale_per_row = true;
  std::vector<BarChartRow> rows;
};

class PdfDocument {
 public:
  // Opens a document that writes to `sink`. FailedPrecondition when a font file is missing or
  // holds no face of options.font_family covering Chinese.
  static core::Result<std::unique_ptr<PdfDocument>> Open(ByteSink sink,
                                                         const PdfOptions& options = {});
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  void Title(std::string_view text);
  void Heading(std::string_view text);
  void Paragraph(std::string_view text, const TextStyle& style = {});
  // Vertical space in points (not carried over to a new page).
  void Space(double points);
  // Starts a new page unless the current one is still empty.
  void PageBreak();

  // A table: BeginTable, then one Row per row (laid out at once; a row that does not fit goes
  // to the next page under a repeated header), then EndTable. Rows shorter than the columns are
  // padded with empty cells, extra cells are ignored.
  void BeginTable(std::vector<TableColumn> columns, const TableOptions& options = {});
  void Row(const std::vector<std::string>& cells);
  void EndTable();

  // Horizontal bars, one per row: the value's bar, the target as a red mark, the value text;
  // rows without a value show "无数据". Paginates like a table (title and legend repeated).
  void Chart(const BarChart& chart);

  // Ends the last page and writes the rest of the file (fonts, cross-reference). Internal
  // error when cairo failed; nothing may be added afterwards.
  core::Status Finish();

  int PageCount() const;

 private:
  struct State;
  explicit PdfDocument(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// A whole document into a string: `build` adds the elements (Finish is called after it).
core::Result<std::string> RenderToBytes(const PdfOptions& options,
                                        const std::function<void(PdfDocument&)>& build);

}  // namespace linli::pdf

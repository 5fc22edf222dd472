#include "core/pdf/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <utility>

// LeakSanitizer cannot follow fontconfig's patterns (their values are stored as offsets, not
// pointers) nor cairo's font caches, kept for the process; both are bounded (one configuration per
// set of font files, cairo's fixed-size caches), so their allocations are not reported.
// NOLINTNEXTLINE(readability-identifier-naming): the sanitizer runtime looks it up by name.
extern "C" __attribute__((used, visibility("default"))) const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

namespace linli::pdf {

namespace {

// A4 in points, and the margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMarginSide = 48.0;
constexpr double kMarginTop = 50.0;
constexpr double kMarginBottom = 56.0;  // the footer sits inside it
constexpr double kContentWidth = kPageWidth - 2 * kMarginSide;
constexpr double kBottom = kPageHeight - kMarginBottom;
constexpr double kCellPadding = 3.0;
constexpr double kChartRowHeight = 15.0;

struct Colour {
  double r, g, b;
};

Colour ToneColour(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return {0.30, 0.65, 0.36};
    case Tone::kNormal:
      return {0.26, 0.52, 0.82};
    case Tone::kWarning:
      return {0.95, 0.62, 0.16};
    case Tone::kBad:
      return {0.84, 0.26, 0.22};
    case Tone::kNeutral:
      break;
  }
  return {0.55, 0.60, 0.68};
}

// Valid UTF-8 without control characters other than newline (pango would warn and drop the
// whole text otherwise).
std::string Clean(std::string_view text) {
  std::string valid;
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
    valid.assign(text);
  } else {
    gchar* made = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    valid = made;
    g_free(made);
  }
  for (char& c : valid) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') c = ' ';
  }
  return valid;
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string out = text;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

PangoAlignment PangoAlign(Align align) {
  switch (align) {
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
    case Align::kLeft:
      break;
  }
  return PANGO_ALIGN_LEFT;
}

// The fontconfig configuration holding only `options.font_files`, checked to hold the family
// with Chinese, built once per set of files and kept for the process: scanning the CJK
// collections takes a while, and pango never releases the reference pango_fc_font_map_set_config
// takes (pango 1.50), so a configuration per document would leak it. fontconfig allows a
// configuration to be used from several threads.
core::Result<FcConfig*> SharedFontConfig(const PdfOptions& options,
                                         const std::string& missing_font) {
  static std::mutex mutex;
  static auto* configs = new std::map<std::pair<std::vector<std::string>, std::string>, FcConfig*>;
  std::lock_guard lock(mutex);
  const auto key = std::make_pair(options.font_files, options.font_family);
  if (auto it = configs->find(key); it != configs->end()) return it->second;
  if (options.font_files.empty()) return core::Error::FailedPrecondition(missing_font);
  FcConfig* config = FcConfigCreate();
  if (config == nullptr) return core::Error::Internal("fontconfig 初始化失败");
  for (const auto& file : options.font_files) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error) ||
        !FcConfigAppFontAddFile(config, reinterpret_cast<const FcChar8*>(file.c_str()))) {
      FcConfigDestroy(config);
      return core::Error::FailedPrecondition(missing_font + "：缺少 " + file);
    }
  }
  // The family must be among the faces and cover Chinese.
  bool found = false;
  if (FcFontSet* fonts = FcConfigGetFonts(config, FcSetApplication); fonts != nullptr) {
    for (int i = 0; i < fonts->nfont && !found; ++i) {
      FcChar8* family = nullptr;
      FcCharSet* chars = nullptr;
      for (int n = 0; FcPatternGetString(fonts->fonts[i], FC_FAMILY, n, &family) == FcResultMatch;
           ++n) {
        if (options.font_family == reinterpret_cast<const char*>(family) &&
            FcPatternGetCharSet(fonts->fonts[i], FC_CHARSET, 0, &chars) == FcResultMatch &&
            FcCharSetHasChar(chars, 0x4E2D) && FcCharSetHasChar(chars, 'A')) {
          found = true;
          break;
        }
      }
    }
  }
  if (!found) {
    FcConfigDestroy(config);
    return core::Error::FailedPrecondition(missing_font + "：文件中没有这个字体");
  }
  configs->emplace(key, config);
  return config;
}

}  // namespace

struct PdfDocument::State {
  ByteSink sink;
  bool sink_failed = false;
  std::string family;
  bool page_numbers = true;
  std::string footer;

  FcConfig* fc = nullptr;  // shared, never destroyed (SharedFontConfig)
  PangoFontMap* font_map = nullptr;
  PangoContext* context = nullptr;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  PangoLayout* layout = nullptr;         // paragraphs, headers, chart text
  PangoLayout* footer_layout = nullptr;  // the page's foot (drawn while `layout` is in use)
  bool finished = false;

  int pages = 0;
  bool page_open = false;
  bool page_has_content = false;
  double y = kMarginTop;

  // The open table.
  bool in_table = false;
  std::vector<TableColumn> columns;
  std::vector<double> column_x;  // left edge of each column, and the right edge last
  std::vector<PangoLayout*> cells;
  TableOptions table_options;
  bool header_pending = false;

  ~State() {
    for (auto* cell : cells) g_object_unref(cell);
    if (layout != nullptr) g_object_unref(layout);
    if (footer_layout != nullptr) g_object_unref(footer_layout);
    if (cr != nullptr) cairo_destroy(cr);
    if (surface != nullptr) {
      sink = nullptr;  // an unfinished document is dropped, not written
      cairo_surface_destroy(surface);
    }
    if (context != nullptr) g_object_unref(context);
    if (font_map != nullptr) g_object_unref(font_map);
  }

  static cairo_status_t Write(void* closure, const unsigned char* data, unsigned int length) {
    auto* state = static_cast<State*>(closure);
    if (!state->sink) return CAIRO_STATUS_SUCCESS;
    try {
      state->sink(std::string_view(reinterpret_cast<const char*>(data), length));
    } catch (...) {
      state->sink_failed = true;
      return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
  }

  // Sets `target` up for `text` in `width` points; returns its height in points.
  double Set(PangoLayout* target, std::string_view text, double size, bool bold, double width,
             Align align, int max_lines) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, family.c_str());
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(target, font);
    pango_font_description_free(font);
    pango_layout_set_width(target, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(target, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(target, PangoAlign(align));
    if (max_lines > 0) {
      pango_layout_set_height(target, -max_lines);
      pango_layout_set_ellipsize(target, PANGO_ELLIPSIZE_END);
    } else {
      pango_layout_set_height(target, -1);
      pango_layout_set_ellipsize(target, PANGO_ELLIPSIZE_NONE);
    }
    const std::string clean = Clean(text);
    pango_layout_set_text(target, clean.data(), static_cast<int>(clean.size()));
    int w = 0;
    int h = 0;
    pango_layout_get_size(target, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void Show(PangoLayout* source, double x, double top) {
    cairo_move_to(cr, x, top);
    pango_cairo_show_layout(cr, source);
  }

  void Grey(double level) { cairo_set_source_rgb(cr, level, level, level); }

  void OpenPage() {
    if (page_open) return;
    page_open = true;
    page_has_content = false;
    ++pages;
    y = kMarginTop;
    if (in_table) header_pending = true;
  }

  void ClosePage() {
    if (!page_open) return;
    if (page_numbers || !footer.empty()) {
      std::string text = footer;
      if (page_numbers) {
        text += (text.empty() ? "" : "    ") + std::string("第 ") + std::to_string(pages) + " 页";
      }
      Set(footer_layout, text, 8, false, kContentWidth, Align::kCenter, 1);
      Grey(0.4);
      Show(footer_layout, kMarginSide, kPageHeight - kMarginBottom + 20);
    }
    cairo_show_page(cr);
    page_open = false;
  }

  // Makes room for `height` points: a new page when they do not fit and the page already has
  // something on it. Returns whether a new page was started.
  bool Room(double height) {
    OpenPage();
    if (y + height <= kBottom || !page_has_content) return false;
    ClosePage();
    OpenPage();
    return true;
  }

  // A text block that may run over pages, line by line.
  void Block(std::string_view text, const TextStyle& style) {
    const double height = Set(layout, text, style.size, style.bold, kContentWidth, style.align, 0);
    if (height <= 0) return;
    OpenPage();
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    double consumed = 0;  // the layout's height already placed on earlier pages
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double line_top = static_cast<double>(logical.y) / PANGO_SCALE - consumed;
      const double line_height = static_cast<double>(logical.height) / PANGO_SCALE;
      if (y + line_top + line_height > kBottom && page_has_content) {
        ClosePage();
        OpenPage();
        consumed = static_cast<double>(logical.y) / PANGO_SCALE;
      }
      const double baseline =
          static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE - consumed;
      Grey(style.grey);
      cairo_move_to(cr, kMarginSide + static_cast<double>(logical.x) / PANGO_SCALE, y + baseline);
      pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter));
      page_has_content = true;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    y += height - consumed + style.space_after;
  }

  // ----- tables -----

  double CellsHeight(const std::vector<std::string>& texts, bool bold) {
    double height = 0;
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::string& text = i < texts.size() ? texts[i] : std::string();
      const double width = column_x[i + 1] - column_x[i] - 2 * kCellPadding;
      height = std::max(height, Set(cells[i], text, table_options.font_size, bold, width,
                                    columns[i].align, table_options.max_lines));
    }
    return height + 2 * kCellPadding;
  }

  // Draws the cells set up by CellsHeight at y, `height` tall.
  void DrawCells(double height, bool header) {
    if (header) {
      cairo_rectangle(cr, column_x.front(), y, column_x.back() - column_x.front(), height);
      Grey(0.9);
      cairo_fill(cr);
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      Grey(0.0);
      Show(cells[i], column_x[i] + kCellPadding, y + kCellPadding);
      cairo_rectangle(cr, column_x[i], y, column_x[i + 1] - column_x[i], height);
      Grey(0.6);
      cairo_set_line_width(cr, 0.5);
      cairo_stroke(cr);
    }
    y += height;
    page_has_content = true;
  }

  void Header() {
    std::vector<std::string> titles;
    for (const auto& column : columns) titles.push_back(column.title);
    const double height = CellsHeight(titles, true);
    DrawCells(height, true);
    header_pending = false;
  }

  double HeaderHeight() {
    std::vector<std::string> titles;
    for (const auto& column : columns) titles.push_back(column.title);
    return CellsHeight(titles, true);
  }
};

PdfDocument::PdfDocument(std::unique_ptr<State> state) : state_(std::move(state)) {}
PdfDocument::~PdfDocument() = default;

core::Result<std::unique_ptr<PdfDocument>> PdfDocument::Open(ByteSink sink,
                                                             const PdfOptions& options) {
  auto state = std::make_unique<State>();
  state->family = options.font_family;
  state->page_numbers = options.page_numbers;
  state->footer = Clean(options.footer);
  const std::string missing_font =
      "PDF 所需字体 " + options.font_family + " 未安装（Debian 包 " + options.font_package + "）";
  if (options.font_files.empty()) return core::Error::FailedPrecondition(missing_font);
  ASSIGN_OR_RETURN(state->fc, SharedFontConfig(options, missing_font));
  state->font_map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  if (state->font_map == nullptr || !PANGO_IS_FC_FONT_MAP(state->font_map)) {
    return core::Error::Internal("pango 字体映射创建失败");
  }
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(state->font_map), state->fc);
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(state->font_map), 72.0);

  state->sink = std::move(sink);
  state->surface =
      cairo_pdf_surface_create_for_stream(&State::Write, state.get(), kPageWidth, kPageHeight);
  if (cairo_surface_status(state->surface) != CAIRO_STATUS_SUCCESS) {
    return core::Error::Internal(std::string("cairo PDF 创建失败：") +
                                 cairo_status_to_string(cairo_surface_status(state->surface)));
  }
  cairo_pdf_surface_set_metadata(state->surface, CAIRO_PDF_METADATA_CREATOR, "Linli");
  if (!options.title.empty()) {
    cairo_pdf_surface_set_metadata(state->surface, CAIRO_PDF_METADATA_TITLE,
                                   Clean(options.title).c_str());
  }
  if (!options.subject.empty()) {
    cairo_pdf_surface_set_metadata(state->surface, CAIRO_PDF_METADATA_SUBJECT,
                                   Clean(options.subject).c_str());
  }
  if (!options.author.empty()) {
    cairo_pdf_surface_set_metadata(state->surface, CAIRO_PDF_METADATA_AUTHOR,
                                   Clean(options.author).c_str());
  }
  state->cr = cairo_create(state->surface);
  state->context = pango_font_map_create_context(state->font_map);
  cairo_font_options_t* font_options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(state->context, font_options);
  cairo_font_options_destroy(font_options);
  pango_cairo_update_context(state->cr, state->context);
  state->layout = pango_layout_new(state->context);
  state->footer_layout = pango_layout_new(state->context);
  return std::unique_ptr<PdfDocument>(new PdfDocument(std::move(state)));
}

void PdfDocument::Title(std::string_view text) {
  State& s = *state_;
  if (s.page_has_content) s.y += 6;
  s.Block(text, {.size = 17, .bold = true, .align = Align::kCenter, .space_after = 12});
}

void PdfDocument::Heading(std::string_view text) {
  State& s = *state_;
  // Keep a heading with at least two lines of what follows.
  s.Room(13 * 1.5 + 30);
  if (s.page_has_content) s.y += 6;
  s.Block(text, {.size = 13, .bold = true, .space_after = 6});
}

void PdfDocument::Paragraph(std::string_view text, const TextStyle& style) {
  state_->Block(text, style);
}

void PdfDocument::Space(double points) {
  State& s = *state_;
  s.OpenPage();
  s.y = std::min(s.y + points, kBottom);
}

void PdfDocument::PageBreak() {
  State& s = *state_;
  if (!s.page_open || !s.page_has_content) return;
  s.ClosePage();
  s.OpenPage();
}

void PdfDocument::BeginTable(std::vector<TableColumn> columns, const TableOptions& options) {
  State& s = *state_;
  if (s.in_table) EndTable();
  if (columns.empty()) return;
  s.columns = std::move(columns);
  s.table_options = options;
  double total = 0;
  for (const auto& column : s.columns) total += std::max(column.weight, 0.01);
  s.column_x = {kMarginSide};
  for (const auto& column : s.columns) {
    s.column_x.push_back(s.column_x.back() + kContentWidth * std::max(column.weight, 0.01) / total);
  }
  for (auto* cell : s.cells) g_object_unref(cell);
  s.cells.clear();
  for (size_t i = 0; i < s.columns.size(); ++i) s.cells.push_back(pango_layout_new(s.context));
  s.in_table = true;
  s.header_pending = true;
}

void PdfDocument::Row(const std::vector<std::string>& cells) {
  State& s = *state_;
  if (!s.in_table) return;
  s.OpenPage();
  const double header = s.header_pending ? s.HeaderHeight() : 0;
  double height = s.CellsHeight(cells, false);
  if (s.Room(header + height)) {
    // A new page: the header again, then the row (set up once more: Header reused the cells).
    s.Header();
    height = s.CellsHeight(cells, false);
  } else if (s.header_pending) {
    s.Header();
    height = s.CellsHeight(cells, false);
  }
  s.DrawCells(height, false);
}

void PdfDocument::EndTable() {
  State& s = *state_;
  if (!s.in_table) return;
  if (s.header_pending && s.page_open) {
    s.Room(s.HeaderHeight());
    s.Header();  // an empty table still shows its columns
  }
  s.in_table = false;
  s.header_pending = false;
  s.y += 8;
}

void PdfDocument::Chart(const BarChart& chart) {
  State& s = *state_;
  if (s.in_table) EndTable();
  const double label_width = kContentWidth * 0.36;
  const double bar_left = kMarginSide + label_width + 6;
  const double bar_width = kContentWidth * 0.40;
  const double text_left = bar_left + bar_width + 6;
  const double text_width = kMarginSide + kContentWidth - text_left;
  double shared_scale = 0;
  for (const auto& row : chart.rows) {
    shared_scale = std::max({shared_scale, row.value.value_or(0), row.target.value_or(0)});
  }
  const double legend_height = 16;
  auto head = [&](bool continued) {
    if (!chart.title.empty()) {
      s.Block(continued ? chart.title + "（续）" : chart.title,
              {.size = 11.5, .bold = true, .space_after = 4});
    }
    // The legend: a bar swatch and the target mark.
    const double top = s.y + 3;
    cairo_rectangle(s.cr, kMarginSide, top, 16, 8);
    const Colour normal = ToneColour(Tone::kNormal);
    cairo_set_source_rgb(s.cr, normal.r, normal.g, normal.b);
    cairo_fill(s.cr);
    s.Set(s.layout, chart.value_legend, 8, false, 120, Align::kLeft, 1);
    s.Grey(0.2);
    s.Show(s.layout, kMarginSide + 20, top - 1);
    cairo_set_line_width(s.cr, 1.8);
    s.Grey(0.1);
    cairo_move_to(s.cr, kMarginSide + 110, top - 1);
    cairo_line_to(s.cr, kMarginSide + 110, top + 9);
    cairo_stroke(s.cr);
    s.Set(s.layout, chart.target_legend, 8, false, 120, Align::kLeft, 1);
    s.Show(s.layout, kMarginSide + 116, top - 1);
    s.y += legend_height;
    s.page_has_content = true;
  };
  s.Room(40 + legend_height + kChartRowHeight * 2);
  head(false);
  for (const auto& row : chart.rows) {
    if (s.Room(kChartRowHeight)) head(true);
    const double top = s.y;
    s.Set(s.layout, row.label, 7.5, false, label_width, Align::kRight, 1);
    s.Grey(0.1);
    s.Show(s.layout, kMarginSide, top + 2.5);
    // The track, the bar, the target mark.
    cairo_rectangle(s.cr, bar_left, top + 3, bar_width, kChartRowHeight - 6);
    s.Grey(0.95);
    cairo_fill(s.cr);
    double scale = chart.scale_per_row
                       ? std::max(row.value.value_or(0), row.target.value_or(0)) * 1.1
                       : shared_scale * 1.05;
    if (!(scale > 0) || !std::isfinite(scale)) scale = 1;
    std::string text = row.value_text;
    if (row.value && std::isfinite(*row.value)) {
      const double length = std::clamp(*row.value / scale, 0.0, 1.0) * bar_width;
      const Colour colour = ToneColour(row.tone);
      cairo_rectangle(s.cr, bar_left, top + 3, length, kChartRowHeight - 6);
      cairo_set_source_rgb(s.cr, colour.r, colour.g, colour.b);
      cairo_fill(s.cr);
      if (text.empty()) text = Number(*row.value);
    } else if (text.empty()) {
      text = "无数据";
    }
    if (row.target && std::isfinite(*row.target)) {
      const double at = bar_left + std::clamp(*row.target / scale, 0.0, 1.0) * bar_width;
      cairo_set_line_width(s.cr, 1.8);
      s.Grey(0.1);
      cairo_move_to(s.cr, at, top + 1);
      cairo_line_to(s.cr, at, top + kChartRowHeight - 1);
      cairo_stroke(s.cr);
    }
    s.Set(s.layout, text, 7.5, false, text_width, Align::kLeft, 1);
    s.Grey(row.value ? 0.1 : 0.5);
    s.Show(s.layout, text_left, top + 2.5);
    s.y += kChartRowHeight;
    s.page_has_content = true;
  }
  s.y += 8;
}

core::Status PdfDocument::Finish() {
  State& s = *state_;
  if (s.finished) return core::Error::Internal("PDF 已经完成");
  if (s.in_table) EndTable();
  s.OpenPage();  // a document has at least one page
  s.ClosePage();
  s.finished = true;
  cairo_surface_finish(s.surface);
  const cairo_status_t status = cairo_surface_status(s.surface);
  if (s.sink_failed) return core::Error::Internal("PDF 写出失败");
  if (status != CAIRO_STATUS_SUCCESS) {
    return core::Error::Internal(std::string("PDF 生成失败：") + cairo_status_to_string(status));
  }
  return {};
}

int PdfDocument::PageCount() const { return state_->pages; }

core::Result<std::string> RenderToBytes(const PdfOptions& options,
                                        const std::function<void(PdfDocument&)>& build) {
  std::string bytes;
  ASSIGN_OR_RETURN(
      auto document,
      PdfDocument::Open([&bytes](std::string_view part) { bytes.append(part); }, options));
  build(*document);
  TRY(document->Finish());
  document.reset();
  return bytes;
}

}  // namespace linli::pdf

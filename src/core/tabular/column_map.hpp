// An import's columns: declared once (SheetTemplate), matched against a file's header
// (ColumnMap).
//
// A template lists its columns in the order of the downloadable template: the Chinese title,
// whether the column is required, and other titles read as the same column (aliases). Titles
// it lists as ignored are accepted and not read (an export's read-only columns, so that an
// export re-imports). A ColumnMap reads the header row: every non-blank header cell, trimmed,
// must be a title or alias of one column or an ignored title. It reports, at the header row:
// an unknown column (named with its cell), a column given twice (the first one is read) and a
// required column that is missing. Rows are then read by template column: Cell(row, column) is
// the trimmed text, "" when the file lacks the column or the row is shorter.
// Thread-safety: a ColumnMap is immutable once built; Cell may be called on any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"

namespace linli::tabular {

struct TemplateColumn {
  std::string title;  // the header text of the template
  bool required = false;
  std::vector<std::string> aliases = {};  // other header texts read as this column
};

struct SheetTemplate {
  std::vector<TemplateColumn> columns;  // in the template's order
  std::vector<std::string> ignored = {};

  // The template's header: the columns' titles in order.
  std::vector<std::string> Titles() const;
};

// text without surrounding spaces, tabs, line breaks and full-width spaces (U+3000).
std::string_view TrimCell(std::string_view text);

// The items of a list cell separated by semicolons, full- or half-width ("a；b;c"), untrimmed and
// in order; one empty item for an empty cell.
std::vector<std::string> SplitListCell(std::string_view text);

class ColumnMap {
 public:
  // REQUIRES: sheet outlives the map (templates are static).
  ColumnMap(const SheetTemplate& sheet, const TableRow& header);

  const SheetTemplate& sheet() const { return *sheet_; }
  int header_row() const { return header_row_; }
  // The template's title of column `column` (an index into sheet().columns).
  const std::string& Title(size_t column) const { return sheet_->columns[column].title; }
  // The file's column (0 = A) holding template column `column`, if the header names it.
  std::optional<size_t> SheetColumn(size_t column) const;
  bool Has(size_t column) const { return SheetColumn(column).has_value(); }
  // The trimmed cell of template column `column` in row: "" when the file lacks the column.
  // The view is valid as long as row.
  std::string_view Cell(const TableRow& row, size_t column) const;

  // Unknown, repeated and missing required columns, in header order (missing ones last).
  const std::vector<ImportProblem>& problems() const { return problems_; }

 private:
  static constexpr size_t kAbsent = static_cast<size_t>(-1);

  const SheetTemplate* sheet_;
  int header_row_ = 0;
  std::vector<size_t> sheet_columns_;  // per template column: the file's column, or kAbsent
  std::vector<ImportProblem> problems_;
};

}  // namespace linli::tabular

// ResidentFileService: the registry's spreadsheets — the import template, the residents import
// (.xlsx / .csv, all or nothing, with a report naming row and column and an .xlsx copy of the
// input with an error column), and the export of any filtered list.
//
// Import rules (see docs/api.md "Residents import"):
// - The header names the template's Chinese columns; 姓名, 公民身份号码 and 社区代码 (or
//   网格代码) are required columns; an unknown column is refused (typos would lose data), the
//   export's read-only columns (性别, 出生日期, 年龄) are ignored so an export re-imports.
// - Each row is checked like a single registration: the GB 11643 ID number and the birth date
//   and sex derived from it, phone, ethnicity, status, dates (YYYY-MM-DD, YYYY/M/D or an Excel
//   date), community and active grid inside the caller's manage scope, tags from the dictionary.
// - Rows with the same community, 楼栋地址, 房号 and 户类型 form one household with exactly one
//   户主 (or join the open household already registered there, whose head stays); a building is
//   found by community and address or created. The same ID number twice in a file is refused.
// - A registered ID number updates that person (name, phone, ethnicity; status and place when
//   given and different, as a move dated 状态起始日期 or today; new tags) instead of adding
//   a second row; blank optional cells keep what is registered. A person registered outside the
//   caller's scope is refused.
// - Nothing is written unless every row passes; then everything is written in one transaction
//   with one audit record.
// The import is written on the import kernel (core/tabular: column map, problem collector, error
// copy) as phases, each a function of its own in resident_files.cpp: the header -> each row on
// its own (on every core) -> across rows -> against the registry -> the batch.
// Thread-safety: methods may be called concurrently (state lives in the repository).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/grids/grids.hpp"
#include "domain/people/people.hpp"
#include "domain/people/resident_service.hpp"

namespace linli::people {

// The template's columns, in order.
const std::vector<std::string>& ImportColumns();

using ImportProblem = tabular::ImportProblem;
using ImportOptions = tabular::ImportOptions;

// The report (problem_count, problems: the first options.max_reported by row then column) and,
// when there is none, what was done.
struct ImportOutcome : tabular::ImportReport {
  bool written = false;  // false: nothing was written (problems, or a dry run)
  int64_t rows = 0;      // data rows read
  int64_t imported = 0;  // new residents
  int64_t updated = 0;   // registered residents changed
  int64_t unchanged = 0;
  int64_t buildings_created = 0;
  int64_t households_created = 0;
};

class ResidentFileService {
 public:
  // Dependencies must outlive the service.
  ResidentFileService(PeopleRepository& repository, ResidentService& residents,
                      divisions::DivisionService& divisions, grids::GridRepository& grids,
                      const core::Clock& clock);

  // The template: the header and two example rows (marked as examples).
  static tabular::Table ImportTemplate();

  // Checks every row; when all pass (and not a dry run) writes them in one transaction.
  // Problems with the rows are in the outcome (written = false), not an error; errors are for
  // the caller (no people.import scope at all) and the database.
  core::Result<ImportOutcome> Import(const tabular::Table& table, const access::Caller& caller,
                                     const ImportOptions& options = {});

  // The input with a red 错误 column holding the report's problems (tabular::ErrorCopy), as
  // .xlsx bytes.
  static core::Result<std::string> ErrorCopy(const tabular::Table& table,
                                             const tabular::ImportReport& report);

  // The filtered residents as a table in the template's layout (plus 性别, 出生日期, 年龄),
  // masked unless `unmasked` is asked for and permitted, audited (ResidentService::Export). At
  // most max_rows rows.
  core::Result<tabular::Table> Export(const ResidentSearchRequest& request,
                                      const access::Caller& caller, bool unmasked = false,
                                      size_t max_rows = 200'000);

 private:
  PeopleRepository& repository_;
  ResidentService& residents_;
  divisions::DivisionService& divisions_;
  grids::GridRepository& grids_;
  const core::Clock& clock_;
};

}  // namespace linli::people

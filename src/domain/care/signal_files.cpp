// Signals from other departments (政策找人, issue 19 item 5) on the import kernel (core/tabular;
// CONTRIBUTING.md "Spreadsheet imports"): the template, the all-or-nothing import in phases that
// then re-runs the rules for the people it names, its error copy, and the list.
#include <algorithm>
#include <map>
#include <set>

#include "core/division_code.hpp"
#include "core/identity/id_number.hpp"
#include "core/tabular/column_map.hpp"
#include "core/tabular/error_copy.hpp"
#include "core/tabular/problem_collector.hpp"
#include "core/text.hpp"
#include "domain/care/eligibility_service.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

namespace column {
enum : size_t { kIdNumber, kKind, kDate, kSource, kNote };
}  // namespace column

const tabular::SheetTemplate& SignalSheet() {
  static const tabular::SheetTemplate sheet{{
                                                {"身份证号", true},
                                                {"信号", true},
                                                {"日期", true},
                                                {"来源部门", true},
                                                {"说明"},
                                            },
                                            {}};
  return sheet;
}

std::optional<SignalKind> KindOf(std::string_view text) {
  for (SignalKind kind : {SignalKind::kDischarge, SignalKind::kUnemployment, SignalKind::kDeath,
                          SignalKind::kDisabilityAssessed, SignalKind::kOther}) {
    if (kSignalKindNames.Label(kind) == text || kSignalKindNames.Name(kind) == text) return kind;
  }
  return std::nullopt;
}

struct SignalRow {
  size_t index = 0;
  std::string id_number;
  Signal signal;
};

}  // namespace

tabular::Table EligibilityService::SignalTemplate() {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = SignalSheet().Titles();
  table.rows.push_back(
      {2, {"（示例）321002195001010014", "出院", "2026-01-05", "苏北人民医院", "脑卒中出院"}});
  return table;
}

core::Result<std::string> EligibilityService::SignalErrorCopy(const tabular::Table& table,
                                                              const tabular::ImportReport& report) {
  return tabular::ErrorCopy(table, report, "部门信号导入错误");
}

core::Result<SignalImportOutcome> EligibilityService::ImportSignals(
    const tabular::Table& table, const Caller& caller, const tabular::ImportOptions& options) {
  const core::Scope manage = caller.ScopeFor(Permission::kCareManage);
  if (manage.Empty()) return core::Error::PermissionDenied("无权导入部门信号");
  SignalImportOutcome outcome;
  outcome.rows = static_cast<int64_t>(table.rows.size());
  const auto refused = [&](tabular::ProblemCollector&& problems) {
    static_cast<tabular::ImportReport&>(outcome) = std::move(problems).Finish();
    return outcome;
  };

  // 1. The header.
  const tabular::ColumnMap columns(SignalSheet(), table.header);
  tabular::ProblemCollector problems(columns, options.max_reported);
  if (!problems.Any() && table.rows.empty()) problems.AddFile("文件中没有数据行");
  if (problems.Any()) return refused(std::move(problems));

  // 2. Each row on its own.
  const std::string today = calendar::ChinaDateOf(clock_.NowMillis()).ToString();
  ASSIGN_OR_RETURN(const identity::Date today_date, identity::ParseDate(today));
  std::vector<SignalRow> rows;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const tabular::TableRow& row = table.rows[r];
    SignalRow out;
    out.index = r;
    bool ok = true;
    auto id = identity::ParseIdNumber(columns.Cell(row, column::kIdNumber), today_date);
    if (!id.ok()) {
      problems.Add(row, column::kIdNumber, id.error().message);
      ok = false;
    } else {
      out.id_number = id->text;
    }
    const auto kind = KindOf(columns.Cell(row, column::kKind));
    if (!kind) {
      problems.Add(row, column::kKind, "信号应为 出院、失业登记、死亡登记、残疾评定 或 其他");
      ok = false;
    } else {
      out.signal.kind = *kind;
    }
    out.signal.signal_on = std::string(columns.Cell(row, column::kDate));
    if (!identity::ParseDate(out.signal.signal_on).ok() || out.signal.signal_on > today) {
      problems.Add(row, column::kDate, "日期应为不晚于今天的 YYYY-MM-DD 日期");
      ok = false;
    }
    out.signal.source = std::string(columns.Cell(row, column::kSource));
    if (out.signal.source.empty() || core::CodePointCount(out.signal.source) > 60) {
      problems.Add(row, column::kSource, "来源部门必填，不超过 60 个字符");
      ok = false;
    }
    out.signal.note = std::string(columns.Cell(row, column::kNote));
    if (core::CodePointCount(out.signal.note) > 200) {
      problems.Add(row, column::kNote, "说明不能超过 200 个字符");
      ok = false;
    }
    if (ok) rows.push_back(std::move(out));
  }
  if (problems.Any()) return refused(std::move(problems));

  // 3. Against the registry: registered and in the caller's scope.
  std::vector<std::string> numbers;
  for (const auto& row : rows) numbers.push_back(row.id_number);
  ASSIGN_OR_RETURN(auto residents, people_.FindResidentsByIdNumbers(numbers));
  std::map<std::string, const people::Resident*> by_number;
  for (const auto& resident : residents) by_number[resident.id_number] = &resident;
  const int64_t now = clock_.NowMillis();
  std::vector<Signal> signals;
  std::set<int64_t> named;
  for (auto& row : rows) {
    const auto found = by_number.find(row.id_number);
    if (found == by_number.end()) {
      problems.Add(table.rows[row.index], column::kIdNumber, "居民未登记");
      continue;
    }
    const people::Resident& resident = *found->second;
    const std::string place =
        resident.grid_code.empty() ? resident.community_code : resident.grid_code;
    if (!manage.Covers(place)) {
      problems.Add(table.rows[row.index], column::kIdNumber, "该居民不在管辖范围内");
      continue;
    }
    row.signal.resident_id = resident.id;
    row.signal.place_code = place;
    row.signal.imported_by = caller.account_id();
    row.signal.imported_by_name = caller.name_for_people();
    row.signal.imported_at = now;
    named.insert(resident.id);
    signals.push_back(std::move(row.signal));
  }
  if (problems.Any()) return refused(std::move(problems));

  // 4. Written at once, then the rules run for the people named.
  if (options.dry_run) return outcome;
  ASSIGN_OR_RETURN(
      outcome.imported,
      repository_.InsertSignals(
          signals,
          caller.AuditEntry(audit::AuditAction::kImport, "care_signal", options.source_name, "",
                            "{\"signals\":" + std::to_string(signals.size()) + "}", now)));
  outcome.written = true;
  const std::vector<int64_t> people(named.begin(), named.end());
  TRY(Run(people));
  ASSIGN_OR_RETURN(int64_t findings, repository_.CountOpenFindings(people));
  outcome.findings = findings;
  return outcome;
}

core::Result<std::vector<Signal>> EligibilityService::ListSignals(const std::string& place,
                                                                  const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kCareRead);
  if (!place.empty() && !core::LevelOfCode(place)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  if (!place.empty() && !scope.Intersects(place)) return std::vector<Signal>();
  return repository_.ListSignals(place, scope, 500);
}

}  // namespace linli::care

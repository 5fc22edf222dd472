// The care archives' spreadsheets on the import kernel (core/tabular; CONTRIBUTING.md
// "Spreadsheet imports"): the template, the all-or-nothing import in phases, its error copy, and
// the export.
#include <algorithm>
#include <map>
#include <set>

#include "core/identity/id_number.hpp"
#include "core/tabular/column_map.hpp"
#include "core/tabular/error_copy.hpp"
#include "core/tabular/problem_collector.hpp"
#include "core/text.hpp"
#include "domain/care/care_service.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

namespace column {
enum : size_t { kIdNumber, kName, kCategory, kOpenedOn, kReviewOn, kFields, kPlace, kStatus };
}  // namespace column

const tabular::SheetTemplate& ArchiveSheet() {
  static const tabular::SheetTemplate sheet{{
                                                {"身份证号", true},
                                                {"姓名"},
                                                {"类别", true},
                                                {"建档日期"},
                                                {"复核日期"},
                                                {"档案字段"},
                                                {"所在地区"},
                                                {"状态"},
                                            },
                                            {}};
  return sheet;
}

// The fields cell read against the category: labels (or keys) to keys; 是/否 for a bool.
core::Result<std::map<std::string, std::string>> ReadFieldsCell(const Category& category,
                                                                std::string_view cell) {
  std::map<std::string, std::string> out;
  if (cell.empty()) return out;
  for (const auto& pair : tabular::SplitListCell(cell)) {
    const std::string_view trimmed = tabular::TrimCell(pair);
    if (trimmed.empty()) continue;
    const size_t equals = trimmed.find('=');
    if (equals == std::string_view::npos) {
      return core::Error::Validation("档案字段应写成“名称=值”，用分号分隔：" +
                                     std::string(trimmed));
    }
    const std::string name(tabular::TrimCell(trimmed.substr(0, equals)));
    std::string value(tabular::TrimCell(trimmed.substr(equals + 1)));
    const auto field =
        std::find_if(category.fields.begin(), category.fields.end(),
                     [&](const FieldDefinition& f) { return f.label == name || f.key == name; });
    if (field == category.fields.end()) {
      return core::Error::Validation(category.name + "没有字段“" + name + "”");
    }
    if (field->type == FieldType::kBool) {
      if (value == "是") value = "true";
      if (value == "否") value = "false";
    }
    out[field->key] = value;
  }
  return out;
}

std::string FieldsCell(const Category& category, const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& field : category.fields) {
    const auto it = fields.find(field.key);
    if (it == fields.end()) continue;
    std::string value = it->second;
    if (field.type == FieldType::kBool) value = value == "true" ? "是" : "否";
    out += (out.empty() ? "" : "；") + field.label + "=" + value;
  }
  return out;
}

const Category* CategoryByNameOrCode(const Categories& categories, std::string_view text) {
  for (const auto& category : categories.categories) {
    if (category.name == text || category.code == text) return &category;
  }
  return nullptr;
}

// One row read on its own.
struct ArchiveRow {
  size_t index = 0;  // into table.rows
  std::string id_number;
  std::string name;
  const Category* category = nullptr;
  std::string opened_on;
  std::string review_on;
  std::map<std::string, std::string> fields;
};

std::optional<ArchiveRow> ReadArchiveRow(size_t index, const tabular::TableRow& row,
                                         const tabular::ColumnMap& columns,
                                         const Categories& categories, const identity::Date& today,
                                         tabular::ProblemCollector& problems) {
  ArchiveRow out;
  out.index = index;
  bool ok = true;
  auto id = identity::ParseIdNumber(columns.Cell(row, column::kIdNumber), today);
  if (!id.ok()) {
    problems.Add(row, column::kIdNumber, id.error().message);
    ok = false;
  } else {
    out.id_number = id->text;
  }
  out.name = std::string(columns.Cell(row, column::kName));
  out.category = CategoryByNameOrCode(categories, columns.Cell(row, column::kCategory));
  if (out.category == nullptr) {
    problems.Add(row, column::kCategory,
                 "未知类别：" + std::string(columns.Cell(row, column::kCategory)));
    return std::nullopt;
  }
  const std::string today_text = identity::FormatDate(today);
  out.opened_on = std::string(columns.Cell(row, column::kOpenedOn));
  if (out.opened_on.empty()) out.opened_on = today_text;
  if (!identity::ParseDate(out.opened_on).ok() || out.opened_on > today_text) {
    problems.Add(row, column::kOpenedOn, "建档日期应为不晚于今天的 YYYY-MM-DD 日期");
    ok = false;
  }
  out.review_on = std::string(columns.Cell(row, column::kReviewOn));
  if (!out.review_on.empty() &&
      (!identity::ParseDate(out.review_on).ok() || out.review_on < out.opened_on)) {
    problems.Add(row, column::kReviewOn, "复核日期应为建档之后的 YYYY-MM-DD 日期");
    ok = false;
  }
  auto fields = ReadFieldsCell(*out.category, columns.Cell(row, column::kFields));
  if (!fields.ok()) {
    problems.Add(row, column::kFields, fields.error().message);
    return std::nullopt;
  }
  auto checked = CheckFields(*out.category, *fields);
  if (!checked.ok()) {
    problems.Add(row, column::kFields, checked.error().message);
    return std::nullopt;
  }
  out.fields = std::move(*checked);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

tabular::Table CareService::ArchiveTemplate() {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = ArchiveSheet().Titles();
  table.rows.push_back(
      {2,
       {"（示例）321002193803040021", "王秀英", "特殊困难老年人", "2025-01-15", "",
        "认定情形=高龄独居；紧急联系人=王强 13800001111；已配紧急呼叫设备=是", "", ""}});
  return table;
}

core::Result<std::string> CareService::ArchiveErrorCopy(const tabular::Table& table,
                                                        const tabular::ImportReport& report) {
  return tabular::ErrorCopy(table, report, "关爱档案导入错误");
}

core::Result<ArchiveImportOutcome> CareService::ImportArchives(
    const tabular::Table& table, const Caller& caller, const tabular::ImportOptions& options) {
  const core::Scope manage = caller.ScopeFor(Permission::kCareManage);
  if (manage.Empty()) return core::Error::PermissionDenied("无权导入关爱档案");
  ArchiveImportOutcome outcome;
  outcome.rows = static_cast<int64_t>(table.rows.size());
  const auto refused = [&](tabular::ProblemCollector&& problems) {
    static_cast<tabular::ImportReport&>(outcome) = std::move(problems).Finish();
    return outcome;
  };

  // 1. The header.
  const tabular::ColumnMap columns(ArchiveSheet(), table.header);
  tabular::ProblemCollector problems(columns, options.max_reported);
  if (!problems.Any() && table.rows.empty()) problems.AddFile("文件中没有数据行");
  if (problems.Any()) return refused(std::move(problems));

  // 2. Each row on its own.
  ASSIGN_OR_RETURN(const identity::Date today,
                   identity::ParseDate(calendar::ChinaDateOf(clock_.NowMillis()).ToString()));
  std::vector<ArchiveRow> rows;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    auto row = ReadArchiveRow(r, table.rows[r], columns, categories_, today, problems);
    if (row) rows.push_back(std::move(*row));
  }

  // 3. Across rows: a person and category once.
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& row : rows) {
    if (!seen.insert({row.id_number, row.category->code}).second) {
      problems.Add(table.rows[row.index], column::kCategory, "同一人同一类别在文件中重复");
    }
  }
  if (problems.Any()) return refused(std::move(problems));

  // 4. Against the registry: registered, alive, in scope, the name as registered, no open
  // archive of the category, a restricted category only with its permission.
  std::vector<std::string> id_numbers;
  for (const auto& row : rows) id_numbers.push_back(row.id_number);
  ASSIGN_OR_RETURN(auto residents, people_.FindResidentsByIdNumbers(id_numbers));
  std::map<std::string, const people::Resident*> by_number;
  std::vector<int64_t> resident_ids;
  for (const auto& resident : residents) {
    by_number[resident.id_number] = &resident;
    resident_ids.push_back(resident.id);
  }
  ASSIGN_OR_RETURN(auto open, repository_.OpenArchivesOf(resident_ids));
  const std::set<std::pair<int64_t, std::string>> open_set(open.begin(), open.end());
  const int64_t now = clock_.NowMillis();
  std::vector<Archive> archives;
  for (const auto& row : rows) {
    const tabular::TableRow& cells = table.rows[row.index];
    const auto found = by_number.find(row.id_number);
    if (found == by_number.end()) {
      problems.Add(cells, column::kIdNumber, "居民未登记：请先在人口信息中登记");
      continue;
    }
    const people::Resident& resident = *found->second;
    const std::string place =
        resident.grid_code.empty() ? resident.community_code : resident.grid_code;
    if (!manage.Covers(place)) {
      problems.Add(cells, column::kIdNumber, "该居民不在管辖范围内");
      continue;
    }
    if (resident.status == people::ResidentStatus::kDeceased ||
        resident.status == people::ResidentStatus::kMovedOut) {
      problems.Add(cells, column::kIdNumber, "该居民已身故或迁出");
      continue;
    }
    if (!row.name.empty() && row.name != resident.name) {
      problems.Add(cells, column::kName, "姓名与人口信息不符");
      continue;
    }
    if (CheckCategoryAccess(*row.category, place, caller).ok() == false) {
      problems.Add(cells, column::kCategory,
                   row.category->name + "档案需要" +
                       std::string(kRestrictionNames.Label(row.category->restricted)) + "权限");
      continue;
    }
    if (open_set.contains({resident.id, row.category->code})) {
      problems.Add(cells, column::kCategory, "此人已有该类别的在档档案");
      continue;
    }
    Archive archive;
    archive.resident_id = resident.id;
    archive.category = row.category->code;
    archive.fields = row.fields;
    archive.opened_on = row.opened_on;
    archive.review_on = row.review_on.empty()
                            ? AddMonthsToDate(row.opened_on, row.category->review_months)
                            : row.review_on;
    archive.visit_anchor = *MonthIndex(row.opened_on);
    archive.created_by = caller.account_id();
    archive.created_by_name = caller.name_for_people();
    archive.created_at = archive.updated_at = now;
    archives.push_back(std::move(archive));
  }
  if (problems.Any()) return refused(std::move(problems));

  // 5. The batch, in one transaction with one audit record.
  if (options.dry_run) return outcome;
  auto entry = caller.AuditEntry(audit::AuditAction::kImport, "care_archive", options.source_name,
                                 "", "{\"archives\":" + std::to_string(archives.size()) + "}", now);
  ASSIGN_OR_RETURN(outcome.imported, repository_.InsertArchives(archives, entry));
  outcome.written = true;
  return outcome;
}

core::Result<tabular::Table> CareService::ExportArchives(const ArchiveFilter& filter,
                                                         const Caller& caller) {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = ArchiveSheet().Titles();
  const core::Scope scope = caller.ScopeFor(Permission::kCareRead);
  if (!filter.place.empty() && !core::LevelOfCode(filter.place)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  if (!filter.place.empty() && !scope.Intersects(filter.place)) return table;
  ArchiveQuery query;
  query.place_prefix = filter.place;
  query.status = filter.status;
  for (const Category* category : ReadableAt(filter.place, caller)) {
    if (!filter.category.empty() && category->code != filter.category) continue;
    if (!filter.group.empty() && category->group != filter.group) continue;
    query.categories.push_back(category->code);
  }
  if (query.categories.empty()) return table;
  const core::Scope personal = caller.ScopeFor(Permission::kPeoplePersonalData);
  query.page.limit = core::kMaxPageLimit;
  std::vector<int64_t> unmasked;
  int number = 2;
  while (table.rows.size() < kMaxExportRows) {
    ASSIGN_OR_RETURN(auto page, repository_.ListArchives(query, scope));
    // The page's people at once (their archives are in the caller's scope).
    std::vector<int64_t> ids;
    for (const auto& archive : page.items) ids.push_back(archive.resident_id);
    ASSIGN_OR_RETURN(auto people, people_.FindResidentsByIds(ids));
    std::map<int64_t, std::string> id_numbers;
    for (auto& person : people) id_numbers[person.id] = std::move(person.id_number);
    for (const auto& archive : page.items) {
      const auto found = id_numbers.find(archive.resident_id);
      std::string id_number = found != id_numbers.end() ? found->second : "";
      if (personal.Covers(archive.place_code)) {
        unmasked.push_back(archive.id);
      } else {
        id_number = identity::MaskIdNumber(id_number);
      }
      const Category* category = categories_.Find(archive.category);
      table.rows.push_back(
          {number++,
           {id_number, archive.resident_name, category ? category->name : archive.category,
            archive.opened_on, archive.review_on,
            category ? FieldsCell(*category, archive.fields) : "", archive.place_name,
            std::string(kArchiveStatusNames.Label(archive.status))}});
      if (table.rows.size() >= kMaxExportRows) break;
    }
    if (!page.next_cursor || table.rows.size() >= kMaxExportRows) break;
    query.page.after = std::to_string(page.items.back().id);
  }
  std::string ids;
  for (int64_t id : unmasked) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  TRY(audit_.Append(caller.AuditEntry(
      audit::AuditAction::kExport, "care_archive", "export", filter.place.substr(0, 12),
      "{\"rows\":" + std::to_string(table.rows.size()) + ",\"unmasked\":[" + ids + "]}",
      clock_.NowMillis())));
  return table;
}

}  // namespace linli::care

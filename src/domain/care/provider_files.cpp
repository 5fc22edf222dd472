// The providers registry's spreadsheets on the import kernel (core/tabular; CONTRIBUTING.md
// "Spreadsheet imports"): the template, the all-or-nothing import in phases, its error copy, and
// the export. Qualifications are entered in the form, not in the sheet.
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "core/tabular/column_map.hpp"
#include "core/tabular/error_copy.hpp"
#include "core/tabular/problem_collector.hpp"
#include "domain/care/home_service_service.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

namespace column {
enum : size_t {
  kName,
  kKind,
  kFacilityId,
  kCreditCode,
  kPlace,
  kAreas,
  kServices,
  kContactName,
  kContactPhone,
  kStatus
};
}  // namespace column

const tabular::SheetTemplate& ProviderSheet() {
  static const tabular::SheetTemplate sheet{{
                                                {"服务商名称", true},
                                                {"类型"},
                                                {"设施编号"},
                                                {"统一社会信用代码"},
                                                {"登记地代码", true},
                                                {"服务区域"},
                                                {"服务及价格", true},
                                                {"联系人", true},
                                                {"联系电话", true},
                                                {"状态"},
                                            },
                                            {}};
  return sheet;
}

// The template column of a field named by CheckedProvider.
size_t ColumnOf(const std::string& field) {
  static const std::map<std::string, size_t> kByField = {{"name", column::kName},
                                                         {"facility_id", column::kFacilityId},
                                                         {"credit_code", column::kCreditCode},
                                                         {"place_code", column::kPlace},
                                                         {"areas", column::kAreas},
                                                         {"services", column::kServices},
                                                         {"contact_name", column::kContactName},
                                                         {"contact_phone", column::kContactPhone}};
  const auto it = kByField.find(field);
  return it == kByField.end() ? column::kName : it->second;
}

std::string Yuan(int64_t cents) {
  std::string out = std::to_string(cents / 100);
  if (cents % 100 != 0) {
    const int64_t rest = cents % 100;
    out += "." + std::string(rest < 10 ? "0" : "") + std::to_string(rest);
    if (out.back() == '0') out.pop_back();
  }
  return out;
}

// "助餐=15；助洁=40": services by name or code, prices in yuan (two decimals at most).
core::Result<std::vector<ProviderOffer>> ReadServicesCell(const HomeServiceRules& rules,
                                                          std::string_view cell) {
  std::vector<ProviderOffer> out;
  for (const auto& item : tabular::SplitListCell(cell)) {
    const std::string_view trimmed = tabular::TrimCell(item);
    if (trimmed.empty()) continue;
    const size_t equals = trimmed.find('=');
    if (equals == std::string_view::npos) {
      return core::Error::Validation("服务及价格应写成“服务=价格（元）”，用分号分隔：" +
                                     std::string(trimmed));
    }
    const std::string_view name = tabular::TrimCell(trimmed.substr(0, equals));
    const HomeServiceType* service = nullptr;
    for (const auto& s : rules.services) {
      if (s.name == name || s.code == name) service = &s;
    }
    if (service == nullptr) return core::Error::Validation("未知服务：" + std::string(name));
    const std::string price(tabular::TrimCell(trimmed.substr(equals + 1)));
    char* end = nullptr;
    const double yuan = std::strtod(price.c_str(), &end);
    if (price.empty() || end != price.c_str() + price.size() || !std::isfinite(yuan) || yuan < 0 ||
        yuan > 10000) {
      return core::Error::Validation(service->name + "的价格应为 0–10000 元");
    }
    out.push_back({service->code, static_cast<int64_t>(std::llround(yuan * 100.0))});
  }
  if (out.empty()) return core::Error::Validation("至少提供一项服务");
  return out;
}

// One row read on its own (format only; CheckedProvider checks the rest).
std::optional<ProviderInput> ReadProviderRow(const tabular::TableRow& row,
                                             const tabular::ColumnMap& columns,
                                             const HomeServiceRules& rules,
                                             tabular::ProblemCollector& problems) {
  ProviderInput in;
  bool ok = true;
  in.name = std::string(columns.Cell(row, column::kName));
  const std::string kind(columns.Cell(row, column::kKind));
  if (!kind.empty()) {
    const auto parsed = kProviderKindNames.From(kind, /*labels_too=*/true);
    if (!parsed) {
      problems.Add(row, column::kKind, "类型应为 服务组织 或 服务设施");
      ok = false;
    } else {
      in.kind = *parsed;
    }
  }
  const std::string facility(columns.Cell(row, column::kFacilityId));
  if (!facility.empty()) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(facility.data(), facility.data() + facility.size(), id);
    if (ec != std::errc() || end != facility.data() + facility.size() || id <= 0) {
      problems.Add(row, column::kFacilityId, "设施编号应为正整数");
      ok = false;
    } else {
      in.facility_id = id;
    }
  }
  in.credit_code = std::string(columns.Cell(row, column::kCreditCode));
  in.place_code = std::string(columns.Cell(row, column::kPlace));
  for (const auto& area : tabular::SplitListCell(columns.Cell(row, column::kAreas))) {
    const std::string_view trimmed = tabular::TrimCell(area);
    if (!trimmed.empty()) in.areas.emplace_back(trimmed);
  }
  auto services = ReadServicesCell(rules, columns.Cell(row, column::kServices));
  if (!services.ok()) {
    problems.Add(row, column::kServices, services.error().message);
    ok = false;
  } else {
    in.services = std::move(*services);
  }
  in.contact_name = std::string(columns.Cell(row, column::kContactName));
  in.contact_phone = std::string(columns.Cell(row, column::kContactPhone));
  if (!ok) return std::nullopt;
  return in;
}

}  // namespace

tabular::Table HomeServices::ProviderTemplate() {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = ProviderSheet().Titles();
  table.rows.push_back(
      {2,
       {"（示例）东关街道颐养服务中心", "服务组织", "", "91321002MA1XXXXX0X", "321002001",
        "321002001001；321002001002", "助餐=15；助洁=40", "王经理", "0514-87001234", ""}});
  return table;
}

core::Result<std::string> HomeServices::ProviderErrorCopy(const tabular::Table& table,
                                                          const tabular::ImportReport& report) {
  return tabular::ErrorCopy(table, report, "服务商导入错误");
}

core::Result<ProviderImportOutcome> HomeServices::ImportProviders(
    const tabular::Table& table, const Caller& caller, const tabular::ImportOptions& options) {
  if (caller.ScopeFor(Permission::kHomecareManage).Empty()) {
    return core::Error::PermissionDenied("无权导入服务商");
  }
  ProviderImportOutcome outcome;
  outcome.rows = static_cast<int64_t>(table.rows.size());
  const auto refused = [&](tabular::ProblemCollector&& problems) {
    static_cast<tabular::ImportReport&>(outcome) = std::move(problems).Finish();
    return outcome;
  };

  // 1. The header.
  const tabular::ColumnMap columns(ProviderSheet(), table.header);
  tabular::ProblemCollector problems(columns, options.max_reported);
  if (!problems.Any() && table.rows.empty()) problems.AddFile("文件中没有数据行");
  if (problems.Any()) return refused(std::move(problems));

  // 2. Each row on its own, then 3. a place and name once in the file.
  std::vector<std::pair<size_t, ProviderInput>> rows;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    auto row = ReadProviderRow(table.rows[r], columns, rules_, problems);
    if (!row) continue;
    if (!seen.insert({row->place_code, std::string(tabular::TrimCell(row->name))}).second) {
      problems.Add(table.rows[r], column::kName, "同一登记地的服务商名称在文件中重复");
      continue;
    }
    rows.emplace_back(r, std::move(*row));
  }
  if (problems.Any()) return refused(std::move(problems));

  // 4. Each against the registry and the caller's scope, as the form is checked.
  const int64_t now = clock_.NowMillis();
  std::vector<Provider> providers;
  for (const auto& [r, input] : rows) {
    auto checked = CheckedProvider(input, caller);
    if (!checked.ok()) {
      problems.Add(table.rows[r], ColumnOf(checked.error().field), checked.error().message);
      continue;
    }
    checked->status = ProviderStatus::kActive;
    checked->created_by = caller.account_id();
    checked->created_at = checked->updated_at = now;
    providers.push_back(std::move(*checked));
  }
  if (problems.Any()) return refused(std::move(problems));

  // 5. The batch, in one transaction with one audit record; a name taken meanwhile (or already
  // registered) refuses the file.
  if (options.dry_run) return outcome;
  auto entry = caller.AuditEntry(audit::AuditAction::kImport, "provider", options.source_name, "",
                                 "{\"providers\":" + std::to_string(providers.size()) + "}", now);
  auto written = repository_.InsertProviders(providers, entry);
  if (!written.ok() && written.error().code == core::ErrorCode::kAlreadyExists) {
    problems.AddFile(written.error().message);
    return refused(std::move(problems));
  }
  if (!written.ok()) return written.error();
  outcome.imported = *written;
  outcome.written = true;
  return outcome;
}

core::Result<tabular::Table> HomeServices::ExportProviders(ProviderQuery query,
                                                           const Caller& caller) {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = ProviderSheet().Titles();
  query.page.limit = core::kMaxPageLimit;
  query.page.after.clear();
  int number = 2;
  while (table.rows.size() < kMaxExportRows) {
    ASSIGN_OR_RETURN(auto page, ListProviders(query, caller));
    for (const auto& p : page.items) {
      std::string areas, services;
      for (const auto& area : p.areas) areas += (areas.empty() ? "" : "；") + area.code;
      for (const auto& offer : p.services) {
        const HomeServiceType* type = rules_.Find(offer.service);
        services += (services.empty() ? "" : "；") + (type ? type->name : offer.service) + "=" +
                    Yuan(offer.price_cents);
      }
      table.rows.push_back({number++,
                            {p.name, std::string(kProviderKindNames.Label(p.kind)),
                             p.facility_id ? std::to_string(*p.facility_id) : "", p.credit_code,
                             p.place_code, areas, services, p.contact_name, p.contact_phone,
                             std::string(kProviderStatusNames.Label(p.status))}});
      if (table.rows.size() >= kMaxExportRows) break;
    }
    if (!page.next_cursor || table.rows.size() >= kMaxExportRows) break;
    ASSIGN_OR_RETURN(query.page.after, core::DecodeCursor(*page.next_cursor));
  }
  return table;
}

}  // namespace linli::care

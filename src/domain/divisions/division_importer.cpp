#include "domain/divisions/division_importer.hpp"

#include <map>
#include <set>

#include "domain/divisions/csv_reader.hpp"
#include "domain/divisions/kind_rules.hpp"

namespace linli::divisions {

namespace {

using core::DivisionLevel;

core::Error BadRow(const std::string& file, int line, std::string what) {
  return core::Error::InvalidArgument(file + " 第 " + std::to_string(line) + " 行：" +
                                      std::move(what));
}

// Checks that `code` has the length of `level` and lies under `parent`.
core::Status CheckCode(const std::string& file, int line, const std::string& code,
                       DivisionLevel level, const std::string& parent) {
  const auto actual = core::LevelOfCode(code);
  if (!actual || *actual != level) return BadRow(file, line, "编码 " + code + " 格式不正确");
  if (core::ParentCode(code) != parent) {
    return BadRow(file, line, "编码 " + code + " 不属于上级 " + parent);
  }
  return core::Ok();
}

}  // namespace

core::Result<std::vector<Division>> ReadCityDivisions(std::string_view city_code,
                                                      const std::filesystem::path& source_dir,
                                                      const FunctionalZoneConfig& zones) {
  const std::string city(city_code);
  if (city.size() != 4 || !core::IsDigits(city)) {
    return core::Error::Validation("城市编码应为 4 位数字", "city");
  }
  const std::string province = city.substr(0, 2);
  std::vector<Division> out;

  auto make = [](std::string code, std::string name, DivisionLevel level, std::string kind) {
    Division division;
    division.parent_code = core::ParentCode(code);
    division.code = std::move(code);
    division.name = std::move(name);
    division.level = level;
    division.kind = std::move(kind);
    division.kind_source =
        division.kind == kKindUnresolved ? KindSource::kUnresolved : KindSource::kRule;
    return division;
  };

  TRY(ForEachCsvRecord(source_dir / "provinces.csv", {"code", "name"},
                       [&](const CsvRecord& record, int) -> core::Status {
                         if (record["code"] == province) {
                           out.push_back(
                               make(province, record["name"], DivisionLevel::kProvince, ""));
                         }
                         return core::Ok();
                       }));
  TRY(ForEachCsvRecord(source_dir / "cities.csv", {"code", "name"},
                       [&](const CsvRecord& record, int) -> core::Status {
                         if (record["code"] == city) {
                           out.push_back(make(city, record["name"], DivisionLevel::kCity, ""));
                         }
                         return core::Ok();
                       }));
  if (out.size() != 2 || out[0].level != DivisionLevel::kProvince ||
      out[1].level != DivisionLevel::kCity) {
    return core::Error::Validation("区划数据中没有城市编码 " + city, "city");
  }

  // Every row of the city names its code in the cityCode column; other rows are skipped unparsed.
  const std::string city_filter = city;
  std::set<std::string> known;  // codes read so far, to check every row's parent
  known.insert(city);
  const std::filesystem::path areas = source_dir / "areas.csv";
  TRY(ForEachCsvRecord(areas, {"code", "name", "cityCode"},
                       [&](const CsvRecord& record, int line) -> core::Status {
                         if (record["cityCode"] != city) return core::Ok();
                         const std::string& code = record["code"];
                         TRY(CheckCode(areas.string(), line, code, DivisionLevel::kCounty, city));
                         Division county = make(code, record["name"], DivisionLevel::kCounty, "");
                         county.functional_zone = zones.ZoneOf(code);
                         county.kind = CountyKindOf(county.name, !county.functional_zone.empty());
                         known.insert(code);
                         out.push_back(std::move(county));
                         return core::Ok();
                       }));
  const std::filesystem::path streets = source_dir / "streets.csv";
  TRY(ForEachCsvRecord(
      streets, {"code", "name", "areaCode", "cityCode"},
      [&](const CsvRecord& record, int line) -> core::Status {
        if (record["cityCode"] != city) return core::Ok();
        const std::string& code = record["code"];
        TRY(CheckCode(streets.string(), line, code, DivisionLevel::kTown, record["areaCode"]));
        if (!known.contains(record["areaCode"])) {
          return BadRow(streets.string(), line, "上级编码 " + record["areaCode"] + " 不存在");
        }
        known.insert(code);
        out.push_back(make(code, record["name"], DivisionLevel::kTown, TownKindOf(record["name"])));
        return core::Ok();
      },
      city_filter));
  const std::filesystem::path villages = source_dir / "villages.csv";
  TRY(ForEachCsvRecord(
      villages, {"code", "name", "streetCode", "cityCode"},
      [&](const CsvRecord& record, int line) -> core::Status {
        if (record["cityCode"] != city) return core::Ok();
        const std::string& code = record["code"];
        TRY(CheckCode(villages.string(), line, code, DivisionLevel::kCommunity,
                      record["streetCode"]));
        if (!known.contains(record["streetCode"])) {
          return BadRow(villages.string(), line, "上级编码 " + record["streetCode"] + " 不存在");
        }
        if (!known.insert(code).second) {
          return BadRow(villages.string(), line, "编码 " + code + " 重复");
        }
        out.push_back(
            make(code, record["name"], DivisionLevel::kCommunity, CommunityKindOf(record["name"])));
        return core::Ok();
      },
      city_filter));
  return out;
}

ImportPlan PlanImport(const std::vector<Division>& stored, const std::vector<Division>& source,
                      std::string_view city_code, int64_t now) {
  ImportPlan plan;
  std::map<std::string_view, const Division*> stored_by_code;
  for (const auto& division : stored) stored_by_code[division.code] = &division;
  std::set<std::string_view> listed;
  for (const auto& wanted : source) {
    listed.insert(wanted.code);
    auto it = stored_by_code.find(wanted.code);
    if (it == stored_by_code.end()) {
      Division row = wanted;
      row.updated_at = now;
      plan.inserts.push_back(std::move(row));
      ++plan.added;
      continue;
    }
    const Division& old = *it->second;
    Division row = wanted;
    row.retired_at.reset();
    row.updated_at = now;
    if (old.kind_source == KindSource::kAdmin) {
      row.kind = old.kind;
      row.kind_source = KindSource::kAdmin;
    }
    if (old.retired_at) {
      ++plan.added;
      ++plan.restored;
    } else if (old.name != row.name) {
      ++plan.renamed;
    } else if (old.kind != row.kind || old.kind_source != row.kind_source ||
               old.functional_zone != row.functional_zone || old.parent_code != row.parent_code ||
               old.level != row.level) {
      ++plan.reclassified;
    } else {
      ++plan.unchanged;
      continue;
    }
    plan.updates.push_back(std::move(row));
  }
  for (const auto& old : stored) {
    if (old.retired_at || listed.contains(old.code)) continue;
    if (!std::string_view(old.code).starts_with(city_code)) continue;  // the province row
    plan.retires.push_back(old.code);
    ++plan.removed;
  }
  return plan;
}

DivisionImporter::DivisionImporter(DivisionRepository& repository, const core::Clock& clock,
                                   FunctionalZoneConfig zones)
    : repository_(repository), clock_(clock), zones_(std::move(zones)) {}

core::Result<ImportReport> DivisionImporter::Import(std::string_view city_code,
                                                    const std::filesystem::path& source_dir) {
  ASSIGN_OR_RETURN(std::vector<Division> source, ReadCityDivisions(city_code, source_dir, zones_));
  ImportReport report;
  report.city_code = std::string(city_code);
  report.province_code = report.city_code.substr(0, 2);
  const int64_t now = clock_.NowMillis();
  std::map<std::string, KindSource> admin_kinds;  // filled by the planner inside the transaction
  ASSIGN_OR_RETURN(ImportPlan plan,
                   repository_.ApplyImport(city_code, report.province_code, now,
                                           [&](const std::vector<Division>& stored) {
                                             admin_kinds.clear();
                                             for (const auto& division : stored) {
                                               if (division.kind_source == KindSource::kAdmin) {
                                                 admin_kinds[division.code] = division.kind_source;
                                               }
                                             }
                                             return PlanImport(stored, source, city_code, now);
                                           }));
  for (const auto& division : source) {
    switch (division.level) {
      case core::DivisionLevel::kProvince:
        report.province_name = division.name;
        break;
      case core::DivisionLevel::kCity:
        report.city_name = division.name;
        break;
      case core::DivisionLevel::kCounty:
        ++report.counties;
        break;
      case core::DivisionLevel::kTown:
        ++report.towns;
        break;
      case core::DivisionLevel::kCommunity:
        ++report.communities;
        break;
      default:
        break;
    }
    const bool admin = admin_kinds.contains(division.code);
    if (admin) ++report.admin_kinds_kept;
    if (!admin && division.kind_source == KindSource::kUnresolved) {
      report.unresolved.push_back(NamedDivision{division.code, division.name});
    }
  }
  report.added = plan.added;
  report.renamed = plan.renamed;
  report.reclassified = plan.reclassified;
  report.removed = plan.removed;
  report.restored = plan.restored;
  report.unchanged = plan.unchanged;
  return report;
}

core::Result<OutlineImportReport> DivisionImporter::ImportOutlines(
    std::string_view city_code, const std::filesystem::path& folder) {
  ASSIGN_OR_RETURN(auto current, repository_.LoadCurrent());
  std::vector<CountyRef> counties;
  for (const auto& d : current) {
    if (d.level == core::DivisionLevel::kCounty && d.parent_code == city_code) {
      counties.push_back({d.code, d.name});
    }
  }
  if (counties.empty()) {
    return core::Error::NotFound("城市 " + std::string(city_code) + " 尚未导入区划");
  }
  ASSIGN_OR_RETURN(auto outlines, ReadCityOutlines(city_code, counties, folder));
  OutlineImportReport report;
  report.source_file = outlines.source_file;
  report.unmatched = outlines.unmatched;
  std::vector<StoredOutline> rows;
  for (const auto& [code, county] : outlines.counties) {
    rows.push_back({code, GeometryJson(county.outline), county.label.lon, county.label.lat,
                    outlines.source_file});
  }
  TRY(repository_.ReplaceOutlines(city_code, rows, clock_.NowMillis()));
  report.stored = static_cast<int64_t>(rows.size());
  return report;
}

}  // namespace linli::divisions

#include "domain/people/resident_files.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/division_code.hpp"
#include "core/identity/ethnicity.hpp"
#include "core/identity/id_number.hpp"
#include "core/identity/phone.hpp"
#include "core/tabular/column_map.hpp"
#include "core/tabular/error_copy.hpp"
#include "core/tabular/problem_collector.hpp"
#include "core/tabular/xlsx_reader.hpp"

namespace linli::people {

using access::Permission;

namespace {

enum Column : size_t {
  kName,
  kIdNumber,
  kPhone,
  kEthnicity,
  kStatus,
  kStatusSince,
  kCommunity,
  kGrid,
  kAddress,
  kRoom,
  kHouseholdType,
  kRelation,
  kTags,
  kColumnCount
};

// The template's columns. Required: 姓名 and 公民身份号码 (and 社区代码 or 网格代码, see
// CheckHeader); an export's read-only columns are ignored, so that an export re-imports.
const tabular::SheetTemplate& ResidentSheet() {
  static const tabular::SheetTemplate sheet{{{"姓名", true},
                                             {"公民身份号码", true},
                                             {"联系电话"},
                                             {"民族"},
                                             {"居住状态"},
                                             {"状态起始日期"},
                                             {"社区代码"},
                                             {"网格代码"},
                                             {"楼栋地址"},
                                             {"房号"},
                                             {"户类型"},
                                             {"与户主关系"},
                                             {"标签"}},
                                            {"性别", "出生日期", "年龄"}};
  return sheet;
}

std::string Trim(std::string_view text) { return std::string(tabular::TrimCell(text)); }

std::optional<ResidentStatus> StatusFromText(std::string_view text) {
  for (ResidentStatus status : AllResidentStatuses()) {
    if (text == ResidentStatusChineseName(status) || text == ResidentStatusName(status)) {
      return status;
    }
  }
  return std::nullopt;
}

std::optional<HouseholdType> HouseholdTypeFromText(std::string_view text) {
  if (text == "户籍户" || text == "registered") return HouseholdType::kRegistered;
  if (text == "实住户" || text == "actual") return HouseholdType::kActual;
  return std::nullopt;
}

std::string_view HouseholdTypeChineseName(HouseholdType type) {
  return type == HouseholdType::kRegistered ? "户籍户" : "实住户";
}

struct RelationText {
  Relation relation;
  std::string_view chinese;
};
constexpr RelationText kRelations[] = {
    {Relation::kHead, "户主"},         {Relation::kSpouse, "配偶"},
    {Relation::kChild, "子女"},        {Relation::kParent, "父母"},
    {Relation::kGrandchild, "孙子女"}, {Relation::kSibling, "兄弟姐妹"},
    {Relation::kOther, "其他"},
};

std::optional<Relation> RelationFromText(std::string_view text) {
  for (const auto& r : kRelations) {
    if (text == r.chinese || text == RelationName(r.relation)) return r.relation;
  }
  return std::nullopt;
}

std::string_view RelationChineseName(Relation relation) {
  for (const auto& r : kRelations) {
    if (r.relation == relation) return r.chinese;
  }
  return "其他";
}

// "2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", or an Excel date serial number.
core::Result<identity::Date> ParseSheetDate(std::string_view text, bool date_1904) {
  const auto invalid = [] {
    return core::Error::Validation("日期格式不正确，应为 YYYY-MM-DD（例如 2024-03-01）");
  };
  bool numeric = !text.empty();
  for (char c : text) numeric = numeric && ((c >= '0' && c <= '9') || c == '.');
  if (numeric && text.find('.') == text.rfind('.') && text.size() <= 12 && text.find('.') != 4) {
    double serial = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), serial);
    if (error != std::errc() || end != text.data() + text.size()) return invalid();
    auto date = tabular::ExcelSerialToDate(serial, date_1904);
    if (!date.ok()) return invalid();
    return *date;
  }
  std::string normal;
  int parts = 0;
  std::string current;
  std::vector<int> numbers;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size();
    const char c = end ? '\0' : text[i];
    if (!end && c >= '0' && c <= '9') {
      current += c;
      continue;
    }
    if (!current.empty()) {
      if (current.size() > 4) return invalid();
      numbers.push_back(std::stoi(current));
      current.clear();
      ++parts;
    }
    if (end) break;
    // Separators: - / . and the Chinese 年 月 日 (3 bytes each).
    if (c == '-' || c == '/' || c == '.') continue;
    if (text.substr(i, 3) == "年" || text.substr(i, 3) == "月" || text.substr(i, 3) == "日") {
      i += 2;
      continue;
    }
    return invalid();
  }
  if (numbers.size() != 3 || numbers[0] < 1900) return invalid();
  identity::Date date{numbers[0], numbers[1], numbers[2]};
  if (!identity::IsValidDate(date)) return core::Error::Validation("日期不存在");
  return date;
}

struct ParsedTag {
  std::string code;
  std::optional<int64_t> grade;
};

// Tag cells: names or codes separated by ；;、,， — a graded tag as 残疾人(2级), 残疾人（2级）
// or disability:2.
std::vector<std::string> SplitTags(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    bool separator = text[i] == ';' || text[i] == ',';
    size_t skip = 0;
    for (std::string_view wide : {"；", "、", "，"}) {
      if (text.substr(i, wide.size()) == wide) {
        separator = true;
        skip = wide.size() - 1;
      }
    }
    if (separator) {
      if (!Trim(current).empty()) out.push_back(Trim(current));
      current.clear();
      i += skip;
    } else {
      current += text[i];
    }
  }
  if (!Trim(current).empty()) out.push_back(Trim(current));
  return out;
}

core::Result<ParsedTag> ParseTag(std::string token,
                                 const std::unordered_map<std::string, TagDefinition>& by_code,
                                 const std::unordered_map<std::string, std::string>& code_by_name) {
  std::optional<int64_t> grade;
  auto take_grade = [&](size_t at, size_t length) {
    std::string inner = token.substr(at, length);
    if (inner.ends_with("级")) inner.resize(inner.size() - 3);
    static const std::map<std::string, int64_t> kWords = {
        {"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"一", 1}, {"二", 2}, {"三", 3}, {"四", 4}};
    auto found = kWords.find(Trim(inner));
    return found == kWords.end() ? std::optional<int64_t>() : std::optional(found->second);
  };
  bool grade_written = false;
  if (auto colon = token.rfind(':'); colon != std::string::npos) {
    grade = take_grade(colon + 1, std::string::npos);
    grade_written = true;
    token = Trim(token.substr(0, colon));
  } else {
    for (auto [open, close] :
         {std::pair<std::string_view, std::string_view>{"(", ")"}, {"（", "）"}}) {
      auto at = token.find(open);
      if (at != std::string::npos && token.ends_with(close)) {
        grade = take_grade(at + open.size(), token.size() - close.size() - at - open.size());
        grade_written = true;
        token = Trim(token.substr(0, at));
        break;
      }
    }
  }
  std::string code = token;
  if (!by_code.count(code)) {
    auto named = code_by_name.find(token);
    if (named == code_by_name.end()) {
      return core::Error::Validation("未知的标签“" + token + "”（请使用标签字典中的名称）");
    }
    code = named->second;
  }
  const TagDefinition& definition = by_code.at(code);
  if (grade_written && !grade) {
    return core::Error::Validation("“" + definition.name + "”的等级应为 1 到 4 级");
  }
  if (definition.has_grade && !grade) {
    return core::Error::Validation("“" + definition.name + "”需要填写等级，例如 " +
                                   definition.name + "(2级)");
  }
  if (!definition.has_grade && grade) {
    return core::Error::Validation("“" + definition.name + "”没有等级");
  }
  return ParsedTag{code, grade};
}

std::string HouseholdKey(const std::string& community, const std::string& address,
                         const std::string& room, HouseholdType type) {
  return community + '\x1f' + address + '\x1f' + room + '\x1f' +
         std::string(HouseholdTypeName(type));
}

std::string BuildingKey(const std::string& community, const std::string& address) {
  return community + '\x1f' + address;
}

// ===== The import, in phases: the header -> each row on its own -> across rows -> against the
// registry -> the batch. Each phase adds what it finds to one ProblemCollector; the batch is
// built only when there is nothing. =====

// A data row read on its own.
struct ParsedRow {
  size_t index = 0;  // into table.rows
  Resident resident;
  bool status_given = false;
  bool since_given = false;
  bool phone_given = false;
  bool ethnicity_given = false;
  bool grid_given = false;
  std::string address;
  std::string room;
  HouseholdType household_type = HouseholdType::kActual;
  std::optional<Relation> relation;
  std::vector<ParsedTag> tags;
  int64_t household_group = -1;  // index into Households::groups
};

// The rows at one community, address, room and household type.
struct HouseholdGroup {
  std::string community;
  std::string grid;
  std::string address;
  std::string room;
  HouseholdType type = HouseholdType::kActual;
  std::vector<size_t> rows;  // into parsed
  std::optional<Household> existing;
  std::optional<Building> building;  // registered, or new (id -1 - index into batch.buildings)
  int64_t new_household = -1;        // index into batch.households
};

struct Households {
  std::vector<HouseholdGroup> groups;
  std::vector<std::string> communities;  // every community of the file, in code order
};

// What the registry holds for the file: buildings by community and address (new ones are added
// while the batch is built, so that households of one new building share it) and the people
// already registered, by ID number.
struct RegistryView {
  std::unordered_map<std::string, Building> building_by_address;  // BuildingKey
  std::unordered_map<std::string, Resident> registered;
};

// ----- phase 1: the header -----

// Beyond the template's rules (ColumnMap): a place column, 社区代码 or 网格代码, and data rows.
void CheckHeader(const tabular::Table& table, const tabular::ColumnMap& columns,
                 tabular::ProblemCollector& problems) {
  if (!columns.Has(kCommunity) && !columns.Has(kGrid)) {
    problems.AddFile("缺少列“社区代码”或“网格代码”");
  }
  if (table.rows.empty()) problems.AddFile("文件中没有数据行");
}

// ----- phase 2: each row on its own -----

// What every row is checked against, loaded once: the dictionary of tags, and the answer for
// each community and grid the file names (so that the rows can be read on every core and only
// look the answers up).
struct RowRules {
  identity::Date today;
  std::string today_text;
  core::Scope manage;  // the caller's people.manage scope
  bool date_1904 = false;
  std::unordered_map<std::string, TagDefinition> tag_by_code;
  std::unordered_map<std::string, std::string> tag_code_by_name;
  std::unordered_map<std::string, core::Status> community_checks;
  std::unordered_map<std::string, core::Status> grid_checks;
};

// A row's community and grid; the grid's community when only the grid is given.
std::pair<std::string_view, std::string_view> PlaceCells(const tabular::ColumnMap& columns,
                                                         const tabular::TableRow& row) {
  std::string_view community = columns.Cell(row, kCommunity);
  const std::string_view grid = columns.Cell(row, kGrid);
  if (community.empty() && grid.size() == 15) community = grid.substr(0, 12);
  return {community, grid};
}

core::Status CheckCommunity(const std::string& code, const core::Scope& manage,
                            divisions::DivisionService& divisions) {
  auto level = core::LevelOfCode(code);
  if (!level || *level != core::DivisionLevel::kCommunity) {
    return core::Error::Validation("社区代码应为 12 位数字");
  }
  if (!manage.Covers(code) && !manage.Intersects(code)) {
    return core::Error::Validation("社区不在您的管辖范围内");
  }
  ASSIGN_OR_RETURN(auto division, divisions.Find(code));
  if (!division || division->level != core::DivisionLevel::kCommunity) {
    return core::Error::Validation("社区代码不存在");
  }
  return core::Ok();
}

core::Status CheckGrid(const std::string& code, const core::Scope& manage,
                       grids::GridRepository& grids) {
  auto level = core::LevelOfCode(code);
  if (!level || *level != core::DivisionLevel::kGrid) {
    return core::Error::Validation("网格代码应为 15 位数字");
  }
  if (!manage.Covers(code)) return core::Error::Validation("网格不在您的管辖范围内");
  ASSIGN_OR_RETURN(auto grid, grids.Find(code));
  if (!grid || grid->level != grids::GridLevel::kGrid) {
    return core::Error::Validation("网格代码不存在");
  }
  if (grid->status != grids::GridStatus::kActive) {
    return core::Error::Validation("网格已撤销，不能登记居民");
  }
  return core::Ok();
}

core::Result<RowRules> LoadRowRules(const tabular::Table& table, const tabular::ColumnMap& columns,
                                    core::Scope manage, identity::Date today,
                                    PeopleRepository& repository,
                                    divisions::DivisionService& divisions,
                                    grids::GridRepository& grids) {
  RowRules rules;
  rules.today = today;
  rules.today_text = identity::FormatDate(today);
  rules.manage = std::move(manage);
  rules.date_1904 = table.date_1904;
  ASSIGN_OR_RETURN(auto definitions, repository.TagDefinitions());
  for (const auto& d : definitions) {
    rules.tag_by_code[d.code] = d;
    rules.tag_code_by_name[d.name] = d.code;
  }
  // A database error is kept as the answer too: the rows that name the place report it.
  for (const tabular::TableRow& row : table.rows) {
    const auto [community_cell, grid_cell] = PlaceCells(columns, row);
    if (community_cell.empty()) continue;
    const std::string community(community_cell);
    auto checked = rules.community_checks.find(community);
    if (checked == rules.community_checks.end()) {
      checked = rules.community_checks
                    .emplace(community, CheckCommunity(community, rules.manage, divisions))
                    .first;
    }
    if (!checked->second.ok() || !grid_cell.starts_with(community_cell)) continue;
    const std::string grid(grid_cell);
    if (!rules.grid_checks.count(grid)) {
      rules.grid_checks.emplace(grid, CheckGrid(grid, rules.manage, grids));
    }
  }
  return rules;
}

// One row, checked like a single registration.
void ReadRow(const tabular::TableRow& row, const tabular::ColumnMap& columns, const RowRules& rules,
             ParsedRow& p, tabular::ProblemCollector& problems) {
  const auto fail = [&](size_t column, std::string message) {
    problems.Add(row, column, std::move(message));
  };
  Resident& r = p.resident;
  r.name = columns.Cell(row, kName);
  if (r.name.empty()) {
    fail(kName, "姓名不能为空");
  } else if (auto status = CheckPersonName(r.name); !status.ok()) {
    fail(kName, status.error().message);
  }
  const std::string_view id_text = columns.Cell(row, kIdNumber);
  if (id_text.empty()) {
    fail(kIdNumber, "公民身份号码不能为空");
  } else if (id_text.find('*') != std::string_view::npos) {
    fail(kIdNumber, "身份证号码已脱敏，无法导入（请使用有个人信息权限的账号导出）");
  } else if (auto id = identity::ParseIdNumber(id_text, rules.today); !id.ok()) {
    fail(kIdNumber, id.error().message);
  } else {
    r.id_number = id->text;
    r.birth_date = id->birth_date;
    r.sex = id->sex;
  }
  if (const std::string_view phone = columns.Cell(row, kPhone); !phone.empty()) {
    p.phone_given = true;
    if (phone.find('*') != std::string_view::npos) {
      fail(kPhone, "联系电话已脱敏，无法导入");
    } else if (auto parsed_phone = identity::ParsePhone(phone); !parsed_phone.ok()) {
      fail(kPhone, parsed_phone.error().message);
    } else {
      r.phone = parsed_phone->text;
    }
  }
  r.ethnicity_code = "01";
  if (const std::string_view ethnicity = columns.Cell(row, kEthnicity); !ethnicity.empty()) {
    p.ethnicity_given = true;
    if (auto found = identity::ParseEthnicity(ethnicity); !found.ok()) {
      fail(kEthnicity, "民族“" + std::string(ethnicity) + "”不在 GB/T 3304 的 56 个民族中");
    } else {
      r.ethnicity_code = std::string(found->code);
    }
  }
  if (const std::string_view status = columns.Cell(row, kStatus); !status.empty()) {
    p.status_given = true;
    auto found = StatusFromText(status);
    if (!found) {
      fail(kStatus, "居住状态应为 户籍常住、流动人口、外出、已迁出 或 已死亡");
    } else {
      r.status = *found;
    }
  }
  r.status_since = rules.today_text;
  if (const std::string_view since = columns.Cell(row, kStatusSince); !since.empty()) {
    p.since_given = true;
    auto date = ParseSheetDate(since, rules.date_1904);
    if (!date.ok()) {
      fail(kStatusSince, date.error().message);
    } else if (identity::FormatDate(*date) > rules.today_text) {
      fail(kStatusSince, "状态起始日期不能晚于今天");
    } else if (!r.id_number.empty() && *date < r.birth_date) {
      fail(kStatusSince, "状态起始日期不能早于出生日期");
    } else {
      r.status_since = identity::FormatDate(*date);
    }
  }
  const auto [community, grid] = PlaceCells(columns, row);
  p.grid_given = !grid.empty();
  if (community.empty()) {
    fail(kCommunity, "请填写社区代码或网格代码");
  } else if (const auto& status = rules.community_checks.at(std::string(community)); !status.ok()) {
    fail(kCommunity, status.error().message);
  } else if (!grid.empty()) {
    if (!grid.starts_with(community)) {
      fail(kGrid, "网格不属于所填社区");
    } else if (const auto& grid_status = rules.grid_checks.at(std::string(grid));
               !grid_status.ok()) {
      fail(kGrid, grid_status.error().message);
    }
  } else if (!rules.manage.Covers(community)) {
    fail(kGrid, "您只能在自己的网格登记居民，请填写网格代码");
  }
  r.community_code = community;
  r.grid_code = grid;
  p.address = columns.Cell(row, kAddress);
  p.room = columns.Cell(row, kRoom);
  const std::string_view type = columns.Cell(row, kHouseholdType);
  const std::string_view relation = columns.Cell(row, kRelation);
  if (!p.address.empty() || !p.room.empty()) {
    if (p.address.empty()) fail(kAddress, "填写房号时请同时填写楼栋地址");
    if (p.room.empty()) fail(kRoom, "填写楼栋地址时请同时填写房号");
    if (auto status = CheckAddress(p.address); !p.address.empty() && !status.ok()) {
      fail(kAddress, status.error().message);
    }
    if (auto status = CheckRoom(p.room); !p.room.empty() && !status.ok()) {
      fail(kRoom, status.error().message);
    }
    if (!type.empty()) {
      auto found = HouseholdTypeFromText(type);
      if (!found) {
        fail(kHouseholdType, "户类型应为 户籍户 或 实住户");
      } else {
        p.household_type = *found;
      }
    }
    if (relation.empty()) {
      fail(kRelation, "请填写与户主关系（户主、配偶、子女、父母、孙子女、兄弟姐妹、其他）");
    } else if (auto found = RelationFromText(relation); !found) {
      fail(kRelation, "与户主关系应为 户主、配偶、子女、父母、孙子女、兄弟姐妹 或 其他");
    } else {
      p.relation = *found;
    }
  } else {
    if (!type.empty()) fail(kHouseholdType, "未填写楼栋地址和房号时不能填写户类型");
    if (!relation.empty()) fail(kRelation, "未填写楼栋地址和房号时不能填写与户主关系");
  }
  for (const std::string& token : SplitTags(columns.Cell(row, kTags))) {
    auto tag = ParseTag(token, rules.tag_by_code, rules.tag_code_by_name);
    if (!tag.ok()) {
      fail(kTags, tag.error().message);
    } else if (std::any_of(p.tags.begin(), p.tags.end(),
                           [&](const ParsedTag& t) { return t.code == tag->code; })) {
      fail(kTags, "标签“" + token + "”重复");
    } else {
      p.tags.push_back(*tag);
    }
  }
}

// Every row on its own, on every core; one ParsedRow per data row.
core::Result<std::vector<ParsedRow>> CheckRows(const tabular::Table& table,
                                               const tabular::ColumnMap& columns,
                                               const RowRules& rules,
                                               tabular::ProblemCollector& problems) {
  std::vector<ParsedRow> parsed(table.rows.size());
  TRY(tabular::CheckRowsInParallel(
      parsed.size(), problems, [&](size_t index, tabular::ProblemCollector& share) {
        parsed[index].index = index;
        ReadRow(table.rows[index], columns, rules, parsed[index], share);
      }));
  return parsed;
}

// ----- phase 3: across rows -----

// An ID number given again: the later rows, each naming the first.
void CheckRepeatedIdNumbers(const tabular::Table& table, const std::vector<ParsedRow>& parsed,
                            tabular::ProblemCollector& problems) {
  std::unordered_map<std::string_view, size_t> first_row_of_id;  // views into parsed
  first_row_of_id.reserve(parsed.size());
  for (const ParsedRow& p : parsed) {
    if (p.resident.id_number.empty()) continue;
    auto [it, fresh] = first_row_of_id.emplace(p.resident.id_number, p.index);
    if (!fresh) {
      problems.Add(table.rows[p.index], kIdNumber,
                   "与第 " + std::to_string(table.rows[it->second].number) +
                       " 行的身份证号码重复（一人只能登记一次、只能在一户）");
    }
  }
}

// Rows at one community, address, room and household type form one household, whose rows must
// name one grid; also lists the file's communities.
Households GroupHouseholds(const tabular::Table& table, std::vector<ParsedRow>& parsed,
                           tabular::ProblemCollector& problems) {
  Households households;
  std::vector<HouseholdGroup>& groups = households.groups;
  std::unordered_map<std::string, size_t> group_of_key;
  std::set<std::string> communities;
  for (size_t i = 0; i < parsed.size(); ++i) {
    ParsedRow& p = parsed[i];
    if (!p.resident.community_code.empty()) communities.insert(p.resident.community_code);
    if (p.address.empty() || p.room.empty() || p.resident.community_code.empty()) continue;
    const std::string key =
        HouseholdKey(p.resident.community_code, p.address, p.room, p.household_type);
    auto [it, fresh] = group_of_key.emplace(key, groups.size());
    if (fresh) {
      HouseholdGroup group;
      group.community = p.resident.community_code;
      group.grid = p.resident.grid_code;
      group.address = p.address;
      group.room = p.room;
      group.type = p.household_type;
      groups.push_back(std::move(group));
    }
    HouseholdGroup& group = groups[it->second];
    if (p.resident.grid_code != group.grid) {
      if (group.grid.empty()) {
        group.grid = p.resident.grid_code;
      } else if (!p.resident.grid_code.empty()) {
        problems.Add(table.rows[p.index], kGrid,
                     "同一户（" + p.address + " " + p.room + "）的网格代码不一致：" + group.grid);
      }
    }
    group.rows.push_back(i);
    p.household_group = int64_t(it->second);
  }
  households.communities.assign(communities.begin(), communities.end());
  return households;
}

// ----- phase 4: against the registry -----

// The registered buildings and open households of the file's communities: a group joins the
// household registered at its address and room, and takes its building's grid.
core::Result<std::unordered_map<std::string, Building>> JoinRegisteredHouseholds(
    const tabular::Table& table, std::vector<ParsedRow>& parsed, Households& households,
    PeopleRepository& repository, tabular::ProblemCollector& problems) {
  std::unordered_map<std::string, Building> building_by_address;
  std::unordered_map<std::string, Household> household_by_key;
  if (households.groups.empty()) return building_by_address;
  ASSIGN_OR_RETURN(auto buildings, repository.BuildingsIn(households.communities));
  for (auto& b : buildings)
    building_by_address.emplace(BuildingKey(b.community_code, b.address), b);
  std::unordered_map<int64_t, const Building*> building_by_id;
  for (auto& [key, b] : building_by_address) building_by_id[b.id] = &b;
  ASSIGN_OR_RETURN(auto registered_households, repository.OpenHouseholdsIn(households.communities));
  for (auto& h : registered_households) {
    auto building = building_by_id.find(h.building_id);
    if (building == building_by_id.end()) continue;
    household_by_key.emplace(
        HouseholdKey(h.community_code, building->second->address, h.room, h.type), h);
  }
  for (auto& group : households.groups) {
    auto building = building_by_address.find(BuildingKey(group.community, group.address));
    if (building != building_by_address.end()) {
      group.building = building->second;
      if (!group.grid.empty() && building->second.grid_code != group.grid) {
        for (size_t i : group.rows) {
          problems.Add(table.rows[parsed[i].index], kGrid,
                       "楼栋“" + group.address + "”已登记在网格 " +
                           (building->second.grid_code.empty() ? std::string("（未划网格）")
                                                               : building->second.grid_code));
        }
      }
      group.grid = building->second.grid_code;
    }
    auto household =
        household_by_key.find(HouseholdKey(group.community, group.address, group.room, group.type));
    if (household != household_by_key.end()) group.existing = household->second;
    for (size_t i : group.rows) parsed[i].resident.grid_code = group.grid;
  }
  return building_by_address;
}

// The people of the file already registered (by ID number): inside the caller's scope, and not
// moved back before their current residence began.
core::Result<std::unordered_map<std::string, Resident>> CheckRegisteredPeople(
    const tabular::Table& table, const std::vector<ParsedRow>& parsed, const core::Scope& manage,
    PeopleRepository& repository, tabular::ProblemCollector& problems) {
  std::unordered_map<std::string, Resident> registered;
  std::vector<std::string> ids;
  for (const auto& p : parsed) {
    if (!p.resident.id_number.empty()) ids.push_back(p.resident.id_number);
  }
  ASSIGN_OR_RETURN(auto found, repository.FindResidentsByIdNumbers(ids));
  for (auto& resident : found) registered.emplace(resident.id_number, std::move(resident));
  for (const auto& p : parsed) {
    auto it = registered.find(p.resident.id_number);
    if (it == registered.end()) continue;
    const Resident& old = it->second;
    const tabular::TableRow& row = table.rows[p.index];
    if (!manage.Covers(PlaceCode(old.community_code, old.grid_code))) {
      problems.Add(row, kIdNumber,
                   "此人已在您的管辖范围以外登记，请联系其所在社区办理迁入（不能重复登记）");
    } else if (p.since_given && p.resident.status_since < old.status_since &&
               (p.resident.community_code != old.community_code || p.status_given)) {
      problems.Add(row, kStatusSince, "变更日期不能早于当前居住记录的开始日期 " + old.status_since);
    }
  }
  return registered;
}

// One head per household: a new household names exactly one; a registered one keeps its head.
void CheckHeads(const tabular::Table& table, const std::vector<ParsedRow>& parsed,
                const std::vector<HouseholdGroup>& groups,
                const std::unordered_map<std::string, Resident>& registered,
                tabular::ProblemCollector& problems) {
  for (const auto& group : groups) {
    std::vector<size_t> heads;
    for (size_t i : group.rows) {
      if (parsed[i].relation == Relation::kHead) heads.push_back(i);
    }
    const auto row_of = [&](size_t i) -> const tabular::TableRow& {
      return table.rows[parsed[i].index];
    };
    for (size_t k = 1; k < heads.size(); ++k) {
      problems.Add(
          row_of(heads[k]), kRelation,
          "同一户只能有一个户主（第 " + std::to_string(row_of(heads[0]).number) + " 行已是户主）");
    }
    const bool registered_head = group.existing && group.existing->head_id;
    if (heads.empty() && !registered_head) {
      for (size_t i : group.rows) {
        problems.Add(row_of(i), kRelation,
                     "该户（" + group.address + " " + group.room +
                         "）没有户主：请在其中一行的“与户主关系”填写“户主”");
      }
    }
    if (!heads.empty() && registered_head) {
      auto found = registered.find(parsed[heads[0]].resident.id_number);
      if (found == registered.end() || found->second.id != *group.existing->head_id) {
        problems.Add(row_of(heads[0]), kRelation,
                     "该户（" + group.address + " " + group.room + "）已有户主，不能再登记户主");
      }
    }
  }
}

core::Result<RegistryView> CheckAgainstRegistry(const tabular::Table& table,
                                                std::vector<ParsedRow>& parsed,
                                                Households& households, const core::Scope& manage,
                                                PeopleRepository& repository,
                                                tabular::ProblemCollector& problems) {
  RegistryView registry;
  ASSIGN_OR_RETURN(registry.building_by_address,
                   JoinRegisteredHouseholds(table, parsed, households, repository, problems));
  ASSIGN_OR_RETURN(registry.registered,
                   CheckRegisteredPeople(table, parsed, manage, repository, problems));
  CheckHeads(table, parsed, households.groups, registry.registered, problems);
  return registry;
}

// ----- phase 5: the batch -----

// A household for each group that joins none, in a registered building or a new one (several
// households of one new building share it).
void AddNewHouseholds(std::vector<HouseholdGroup>& groups,
                      std::unordered_map<std::string, Building>& building_by_address,
                      const std::string& today_text, int64_t now, PeopleBatch& batch) {
  for (auto& group : groups) {
    if (group.existing) continue;
    if (!group.building) {
      Building b;
      b.community_code = group.community;
      b.grid_code = group.grid;
      b.address = group.address;
      b.kind = BuildingKind::kResidential;
      b.floors = 1;
      b.created_at = now;
      b.updated_at = now;
      auto [it, fresh] =
          building_by_address.emplace(BuildingKey(group.community, group.address), b);
      if (fresh) {
        it->second.id = -int64_t(batch.buildings.size()) - 1;  // marks "new, index k"
        batch.buildings.push_back(b);
      }
      group.building = it->second;
    }
    HouseholdLoad load;
    Household& h = load.household;
    if (group.building->id < 0) {
      load.building_index = -group.building->id - 1;
    } else {
      h.building_id = group.building->id;
    }
    h.room = group.room;
    h.type = group.type;
    h.since = today_text;
    h.community_code = group.community;
    h.grid_code = group.grid;
    h.created_at = now;
    h.updated_at = now;
    group.new_household = int64_t(batch.households.size());
    batch.households.push_back(std::move(load));
  }
}

// The change to a registered person (load.resident holds the row's reading, load.tags its new
// tags), or nothing when the row changes nothing: blank optional cells keep what is registered;
// a place, household or status change is a move dated 状态起始日期 or today.
bool ChangeRegistered(const ParsedRow& p, const Resident& old, const std::string& today_text,
                      int64_t now, ResidentLoad& load) {
  const Resident& r = load.resident;
  Resident next = old;
  next.name = r.name;
  if (p.phone_given) next.phone = r.phone;
  if (p.ethnicity_given) next.ethnicity_code = r.ethnicity_code;
  next.updated_at = now;
  bool changed =
      next.name != old.name || next.phone != old.phone || next.ethnicity_code != old.ethnicity_code;
  const bool place_changed =
      r.community_code != old.community_code || (p.grid_given && r.grid_code != old.grid_code) ||
      (p.household_group >= 0 && (load.household_index >= 0 || r.household_id != old.household_id ||
                                  r.relation != old.relation));
  const bool status_changed = p.status_given && r.status != old.status;
  if (place_changed || status_changed) {
    next.community_code = r.community_code;
    if (p.grid_given || r.community_code != old.community_code) next.grid_code = r.grid_code;
    if (p.household_group >= 0) {
      next.household_id = r.household_id;
      next.relation = r.relation;
    } else if (r.community_code != old.community_code) {
      next.household_id.reset();
      next.relation.reset();
    }
    if (p.status_given) next.status = r.status;
    next.status_since = p.since_given ? r.status_since : today_text;
    if (next.status_since < old.status_since) next.status_since = old.status_since;
    load.residence_changed = true;
    load.event = HistoryEvent::kMoveIn;
    if (status_changed && !place_changed) {
      load.event = next.status == ResidentStatus::kDeceased   ? HistoryEvent::kDeath
                   : next.status == ResidentStatus::kMovedOut ? HistoryEvent::kMoveOut
                                                              : HistoryEvent::kStatus;
    }
    changed = true;
  }
  std::vector<ResidentTag> tags = std::move(load.tags);
  load.tags.clear();
  for (auto& tag : tags) {
    const bool has = std::any_of(old.tags.begin(), old.tags.end(), [&](const ResidentTag& t) {
      return t.code == tag.code && (!t.valid_until || *t.valid_until > today_text);
    });
    if (!has) {
      load.tags.push_back(std::move(tag));
      changed = true;
    }
  }
  load.resident = std::move(next);
  return changed;
}

// The batch: new buildings and households, then one load per new or changed resident.
PeopleBatch BuildBatch(std::vector<ParsedRow>& parsed, std::vector<HouseholdGroup>& groups,
                       RegistryView& registry, const std::string& today_text, int64_t now,
                       ImportOutcome& outcome) {
  PeopleBatch batch;
  AddNewHouseholds(groups, registry.building_by_address, today_text, now, batch);
  outcome.buildings_created = int64_t(batch.buildings.size());
  outcome.households_created = int64_t(batch.households.size());
  for (auto& p : parsed) {
    ResidentLoad load;
    Resident& r = load.resident;
    r = std::move(p.resident);
    r.relation = p.relation;
    if (p.household_group >= 0) {
      const HouseholdGroup& group = groups[size_t(p.household_group)];
      if (group.existing) {
        r.household_id = group.existing->id;
      } else {
        load.household_index = group.new_household;
      }
    }
    for (const auto& t : p.tags) {
      ResidentTag tag;
      tag.code = t.code;
      tag.grade = t.grade;
      tag.valid_from = today_text;
      tag.source = "批量导入";
      load.tags.push_back(std::move(tag));
    }
    r.updated_at = now;
    auto found = registry.registered.find(r.id_number);
    if (found == registry.registered.end()) {
      r.created_at = now;
      load.event = r.status_since == identity::FormatDate(r.birth_date) ? HistoryEvent::kBirth
                                                                        : HistoryEvent::kMoveIn;
      batch.residents.push_back(std::move(load));
      ++outcome.imported;
    } else if (ChangeRegistered(p, found->second, today_text, now, load)) {
      batch.residents.push_back(std::move(load));
      ++outcome.updated;
    } else {
      ++outcome.unchanged;
    }
  }
  return batch;
}

// The import's one audit record: the file's name, its row count, and as place the common
// prefix of its communities (for scoped audit views).
audit::AuditEntry ImportAuditEntry(const access::Caller& caller,
                                   const std::vector<std::string>& communities,
                                   std::string_view source_name, int64_t rows, int64_t now) {
  std::string place;
  for (const auto& code : communities) {
    if (place.empty()) {
      place = code;
    } else {
      size_t n = 0;
      while (n < place.size() && n < code.size() && place[n] == code[n]) ++n;
      place.resize(n);
    }
  }
  std::string source;
  for (char c : source_name) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) continue;
    source += c;
  }
  return caller.AuditEntry(audit::AuditAction::kImport, "resident_import", "", place,
                           "{\"file\":\"" + source + "\",\"rows\":" + std::to_string(rows) + "}",
                           now);
}

// The outcome of a refused file: the report, nothing written.
ImportOutcome Refused(ImportOutcome outcome, tabular::ProblemCollector&& problems) {
  static_cast<tabular::ImportReport&>(outcome) = std::move(problems).Finish();
  return outcome;
}

}  // namespace

const std::vector<std::string>& ImportColumns() {
  static const std::vector<std::string> columns = ResidentSheet().Titles();
  return columns;
}

ResidentFileService::ResidentFileService(PeopleRepository& repository, ResidentService& residents,
                                         divisions::DivisionService& divisions,
                                         grids::GridRepository& grids, const core::Clock& clock)
    : repository_(repository),
      residents_(residents),
      divisions_(divisions),
      grids_(grids),
      clock_(clock) {}

tabular::Table ResidentFileService::ImportTemplate() {
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = ImportColumns();
  // Two example rows of one household: made-up people with valid check digits (replace them).
  auto id = [](std::string first17) { return first17 + identity::IdCheckCharacter(first17); };
  table.rows.push_back(
      {2,
       {"张示例", id("32100219800101002"), "13800000000", "汉族", "户籍常住", "2020-01-01",
        "321002001001", "", "示例路1号1幢", "101", "实住户", "户主", "党员"}});
  table.rows.push_back(
      {3,
       {"李示例", id("32100219820304001"), "", "汉族", "户籍常住", "2020-01-01", "321002001001", "",
        "示例路1号1幢", "101", "实住户", "配偶", "残疾人(2级)"}});
  return table;
}

core::Result<std::string> ResidentFileService::ErrorCopy(const tabular::Table& table,
                                                         const tabular::ImportReport& report) {
  return tabular::ErrorCopy(table, report, "导入错误");
}

core::Result<ImportOutcome> ResidentFileService::Import(const tabular::Table& table,
                                                        const access::Caller& caller,
                                                        const ImportOptions& options) {
  core::Scope manage = caller.ScopeFor(Permission::kPeopleManage);
  if (manage.Empty()) return core::Error::PermissionDenied("没有导入居民的权限");
  ImportOutcome outcome;
  outcome.rows = int64_t(table.rows.size());

  // 1. The header.
  const tabular::ColumnMap columns(ResidentSheet(), table.header);
  tabular::ProblemCollector problems(columns, options.max_reported);
  CheckHeader(table, columns, problems);
  if (problems.Any()) return Refused(std::move(outcome), std::move(problems));

  // 2. Each row on its own.
  ASSIGN_OR_RETURN(const RowRules rules,
                   LoadRowRules(table, columns, std::move(manage), residents_.Today(), repository_,
                                divisions_, grids_));
  ASSIGN_OR_RETURN(std::vector<ParsedRow> parsed, CheckRows(table, columns, rules, problems));

  // 3. Across rows.
  CheckRepeatedIdNumbers(table, parsed, problems);
  Households households = GroupHouseholds(table, parsed, problems);

  // 4. Against the registry. Finding people registered outside the caller's scope is a
  // personal-data lookup (issue 15 item 8): paused when the day's quota is used, audited and
  // charged — before any answer names them.
  if (access::LookupQuota* quota = residents_.lookup_quota()) TRY(quota->Check(caller));
  ASSIGN_OR_RETURN(
      RegistryView registry,
      CheckAgainstRegistry(table, parsed, households, rules.manage, repository_, problems));
  {
    std::vector<Resident> registered;
    registered.reserve(registry.registered.size());
    for (const auto& [id_number, resident] : registry.registered) registered.push_back(resident);
    TRY(residents_.RecordDuplicateLookup(registered, caller));
  }
  if (problems.Any()) return Refused(std::move(outcome), std::move(problems));

  // 5. The batch, written in one transaction with one audit record.
  const int64_t now = clock_.NowMillis();
  const PeopleBatch batch =
      BuildBatch(parsed, households.groups, registry, rules.today_text, now, outcome);
  if (options.dry_run) return outcome;
  if (batch.residents.empty() && batch.households.empty()) {
    outcome.written = true;
    return outcome;
  }
  TRY(repository_.WriteBatch(batch, ImportAuditEntry(caller, households.communities,
                                                     options.source_name, outcome.rows, now)));
  outcome.written = true;
  return outcome;
}

core::Result<tabular::Table> ResidentFileService::Export(const ResidentSearchRequest& request,
                                                         const access::Caller& caller,
                                                         bool unmasked, size_t max_rows) {
  ASSIGN_OR_RETURN(auto residents, residents_.Export(request, caller, max_rows, unmasked));
  std::set<std::string> communities;
  for (const auto& r : residents) {
    if (r.household_id) communities.insert(r.community_code);
  }
  std::vector<std::string> community_list(communities.begin(), communities.end());
  std::unordered_map<int64_t, Building> buildings;
  std::unordered_map<int64_t, Household> households;
  if (!community_list.empty()) {
    ASSIGN_OR_RETURN(auto found_buildings, repository_.BuildingsIn(community_list));
    for (auto& b : found_buildings) buildings.emplace(b.id, std::move(b));
    ASSIGN_OR_RETURN(auto found_households, repository_.OpenHouseholdsIn(community_list));
    for (auto& h : found_households) households.emplace(h.id, std::move(h));
  }
  const identity::Date today = residents_.Today();
  const std::string today_text = identity::FormatDate(today);
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = ImportColumns();
  for (const auto& extra : ResidentSheet().ignored) table.header.cells.push_back(extra);
  int number = 1;
  for (const Resident& r : residents) {
    std::vector<std::string> cells(kColumnCount);
    cells[kName] = r.name;
    cells[kIdNumber] = r.id_number;
    cells[kPhone] = r.phone;
    auto ethnicity = identity::EthnicityByCode(r.ethnicity_code);
    cells[kEthnicity] = ethnicity ? std::string(ethnicity->name) : r.ethnicity_code;
    cells[kStatus] = std::string(ResidentStatusChineseName(r.status));
    cells[kStatusSince] = r.status_since;
    cells[kCommunity] = r.community_code;
    cells[kGrid] = r.grid_code;
    if (r.household_id) {
      auto household = households.find(*r.household_id);
      if (household != households.end()) {
        auto building = buildings.find(household->second.building_id);
        if (building != buildings.end()) cells[kAddress] = building->second.address;
        cells[kRoom] = household->second.room;
        cells[kHouseholdType] = std::string(HouseholdTypeChineseName(household->second.type));
        if (r.relation) cells[kRelation] = std::string(RelationChineseName(*r.relation));
      }
    }
    std::string tags;
    for (const auto& tag : r.tags) {
      if (tag.valid_until && *tag.valid_until <= today_text) continue;
      if (!tags.empty()) tags += "；";
      tags += tag.name;
      if (tag.grade) tags += "(" + std::to_string(*tag.grade) + "级)";
    }
    cells[kTags] = tags;
    cells.push_back(r.sex == identity::Sex::kFemale ? "女" : "男");
    // The birth date is part of the ID number: a masked export shows the age only.
    cells.push_back(r.personal_data_visible ? identity::FormatDate(r.birth_date) : std::string());
    cells.push_back(std::to_string(identity::AgeOn(r.birth_date, today)));
    table.rows.push_back({++number, std::move(cells)});
  }
  return table;
}

}  // namespace linli::people

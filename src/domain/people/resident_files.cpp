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
#include "core/parallel.hpp"
#include "core/tabular/xlsx_reader.hpp"
#include "core/tabular/xlsx_writer.hpp"

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

// Columns an export adds after the template's; an import ignores them.
const std::vector<std::string>& ExportOnlyColumns() {
  static const std::vector<std::string> columns = {"性别", "出生日期", "年龄"};
  return columns;
}

std::string Trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  std::string out(text.substr(begin, end - begin));
  // Full-width spaces (U+3000) around a value are as blank as ASCII ones.
  while (out.starts_with("\xE3\x80\x80")) out.erase(0, 3);
  while (out.ends_with("\xE3\x80\x80")) out.resize(out.size() - 3);
  return out;
}

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

struct ParsedRow {
  int row = 0;
  size_t index = 0;  // into table.rows
  bool ok = true;
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
  int64_t household_group = -1;  // index into the groups
  // Problems found while the row was read on its own (column, message), in the order the
  // report gives them; the file-wide duplicate check adds its own at duplicate_slot.
  std::vector<std::pair<size_t, std::string>> pending;
  size_t duplicate_slot = 0;
};

struct HouseholdGroup {
  std::string community;
  std::string grid;
  std::string address;
  std::string room;
  HouseholdType type = HouseholdType::kActual;
  std::vector<size_t> rows;  // into parsed
  std::optional<Household> existing;
  std::optional<Building> building;  // existing building
  int64_t new_building = -1;         // index into batch.buildings
  int64_t new_household = -1;        // index into batch.households
};

// Collects problems, keeps the per-row messages for the error copy.
class Problems {
 public:
  Problems(const tabular::Table& table, const std::vector<std::optional<size_t>>& columns,
           size_t max_reported)
      : table_(table), columns_(columns), max_reported_(max_reported) {
    row_errors_.resize(table.rows.size());
  }

  // A problem in a data row (index into table.rows), in a template column (or kColumnCount
  // for the row as a whole).
  void Add(size_t row_index, size_t column, std::string message) {
    ImportProblem problem;
    problem.row = table_.rows[row_index].number;
    if (column < kColumnCount) {
      problem.column = ImportColumns()[column];
      if (columns_[column]) problem.cell = tabular::CellName(*columns_[column], problem.row);
    }
    problem.message = std::move(message);
    std::string& text = row_errors_[row_index];
    if (!text.empty()) text += "；";
    text += (problem.column.empty() ? "" : problem.column + "：") + problem.message;
    ++count_;
    all_.push_back(std::move(problem));
  }
  void AddFile(std::string message) {
    ImportProblem problem;
    problem.row = table_.header.number;
    problem.message = std::move(message);
    ++count_;
    all_.push_back(std::move(problem));
  }

  bool Any() const { return count_ > 0; }

  void MoveInto(ImportOutcome& outcome) {
    std::stable_sort(all_.begin(), all_.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.row < b.row; });
    outcome.problem_count = count_;
    if (all_.size() > max_reported_) all_.resize(max_reported_);
    outcome.problems = std::move(all_);
    outcome.row_errors = std::move(row_errors_);
  }

 private:
  const tabular::Table& table_;
  const std::vector<std::optional<size_t>>& columns_;
  size_t max_reported_;
  int64_t count_ = 0;
  std::vector<ImportProblem> all_;
  std::vector<std::string> row_errors_;
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

}  // namespace

const std::vector<std::string>& ImportColumns() {
  static const std::vector<std::string> columns = {
      "姓名",     "公民身份号码", "联系电话", "民族",   "居住状态",   "状态起始日期", "社区代码",
      "网格代码", "楼栋地址",     "房号",     "户类型", "与户主关系", "标签"};
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
                                                         const ImportOutcome& outcome) {
  tabular::XlsxWriteOptions options;
  options.sheet_name = "导入错误";
  options.row_errors = outcome.row_errors;
  options.row_errors.resize(table.rows.size());
  return tabular::WriteXlsxToBytes(table, options);
}

core::Result<ImportOutcome> ResidentFileService::Import(const tabular::Table& table,
                                                        const access::Caller& caller,
                                                        const ImportOptions& options) {
  const core::Scope manage = caller.ScopeFor(Permission::kPeopleManage);
  if (manage.Empty()) return core::Error::PermissionDenied("没有导入居民的权限");
  ImportOutcome outcome;
  outcome.rows = int64_t(table.rows.size());

  // ----- the header -----
  std::vector<std::optional<size_t>> columns(kColumnCount);
  Problems problems(table, columns, options.max_reported);
  for (size_t i = 0; i < table.header.cells.size(); ++i) {
    const std::string name = Trim(table.header.cells[i]);
    if (name.empty()) continue;
    const auto& known = ImportColumns();
    auto at = std::find(known.begin(), known.end(), name);
    if (at != known.end()) {
      auto& slot = columns[size_t(at - known.begin())];
      if (slot) {
        problems.AddFile("列“" + name + "”出现了两次（" +
                         tabular::CellName(i, table.header.number) + "）");
      }
      slot = i;
    } else if (std::find(ExportOnlyColumns().begin(), ExportOnlyColumns().end(), name) ==
               ExportOnlyColumns().end()) {
      problems.AddFile("未知的列“" + name + "”（" + tabular::CellName(i, table.header.number) +
                       "），请使用导入模板的列名");
    }
  }
  for (size_t required : {size_t{kName}, size_t{kIdNumber}}) {
    if (!columns[required]) {
      problems.AddFile("缺少必填列“" + ImportColumns()[required] + "”");
    }
  }
  if (!columns[kCommunity] && !columns[kGrid]) problems.AddFile("缺少列“社区代码”或“网格代码”");
  if (table.rows.empty()) problems.AddFile("文件中没有数据行");
  if (problems.Any()) {
    problems.MoveInto(outcome);
    return outcome;
  }
  auto cell = [&](const tabular::TableRow& row, size_t column) -> std::string {
    if (!columns[column]) return "";
    return Trim(tabular::Table::Cell(row, *columns[column]));
  };

  // ----- each row on its own -----
  const identity::Date today = residents_.Today();
  const std::string today_text = identity::FormatDate(today);
  ASSIGN_OR_RETURN(auto definitions, repository_.TagDefinitions());
  std::unordered_map<std::string, TagDefinition> tag_by_code;
  std::unordered_map<std::string, std::string> tag_code_by_name;
  for (const auto& d : definitions) {
    tag_by_code[d.code] = d;
    tag_code_by_name[d.name] = d.code;
  }
  std::unordered_map<std::string, core::Status> community_checks;
  std::unordered_map<std::string, core::Status> grid_checks;
  auto check_community = [&](const std::string& code) -> core::Status {
    auto found = community_checks.find(code);
    if (found != community_checks.end()) return found->second;
    core::Status status = core::Ok();
    auto level = core::LevelOfCode(code);
    if (!level || *level != core::DivisionLevel::kCommunity) {
      status = core::Error::Validation("社区代码应为 12 位数字");
    } else if (!manage.Covers(code) && !manage.Intersects(code)) {
      status = core::Error::Validation("社区不在您的管辖范围内");
    } else {
      auto division = divisions_.Find(code);
      if (!division.ok()) {
        status = std::move(division).error();
      } else if (!*division || (*division)->level != core::DivisionLevel::kCommunity) {
        status = core::Error::Validation("社区代码不存在");
      }
    }
    community_checks.emplace(code, status);
    return status;
  };
  auto check_grid = [&](const std::string& code) -> core::Status {
    auto found = grid_checks.find(code);
    if (found != grid_checks.end()) return found->second;
    core::Status status = core::Ok();
    auto level = core::LevelOfCode(code);
    if (!level || *level != core::DivisionLevel::kGrid) {
      status = core::Error::Validation("网格代码应为 15 位数字");
    } else if (!manage.Covers(code)) {
      status = core::Error::Validation("网格不在您的管辖范围内");
    } else {
      auto grid = grids_.Find(code);
      if (!grid.ok()) {
        status = std::move(grid).error();
      } else if (!*grid || (*grid)->level != grids::GridLevel::kGrid) {
        status = core::Error::Validation("网格代码不存在");
      } else if ((*grid)->status != grids::GridStatus::kActive) {
        status = core::Error::Validation("网格已撤销，不能登记居民");
      }
    }
    grid_checks.emplace(code, status);
    return status;
  };

  // The file's communities and grids, each checked once here (against the divisions and grids):
  // the rows are then read on every core, and only look the answers up.
  const auto place_cells = [&](const tabular::TableRow& row) {
    std::pair<std::string, std::string> place{cell(row, kCommunity), cell(row, kGrid)};
    if (place.first.empty() && place.second.size() == 15) place.first = place.second.substr(0, 12);
    return place;
  };
  for (const tabular::TableRow& row : table.rows) {
    const auto [community, grid] = place_cells(row);
    if (community.empty() || !check_community(community).ok() || !grid.starts_with(community)) {
      continue;
    }
    (void)check_grid(grid);
  }

  // ----- each row on its own, on every core -----
  std::vector<ParsedRow> parsed(table.rows.size());
  const auto read_row = [&](size_t index, ParsedRow& p) {
    const tabular::TableRow& row = table.rows[index];
    p.row = row.number;
    p.index = index;
    auto fail = [&](size_t column, std::string message) {
      p.ok = false;
      p.pending.emplace_back(column, std::move(message));
    };
    Resident& r = p.resident;
    r.name = cell(row, kName);
    if (r.name.empty()) {
      fail(kName, "姓名不能为空");
    } else if (auto status = CheckPersonName(r.name); !status.ok()) {
      fail(kName, status.error().message);
    }
    const std::string id_text = cell(row, kIdNumber);
    if (id_text.empty()) {
      fail(kIdNumber, "公民身份号码不能为空");
    } else if (id_text.find('*') != std::string::npos) {
      fail(kIdNumber, "身份证号码已脱敏，无法导入（请使用有个人信息权限的账号导出）");
    } else if (auto id = identity::ParseIdNumber(id_text, today); !id.ok()) {
      fail(kIdNumber, id.error().message);
    } else {
      r.id_number = id->text;
      r.birth_date = id->birth_date;
      r.sex = id->sex;
      p.duplicate_slot = p.pending.size();
    }
    if (std::string phone = cell(row, kPhone); !phone.empty()) {
      p.phone_given = true;
      if (phone.find('*') != std::string::npos) {
        fail(kPhone, "联系电话已脱敏，无法导入");
      } else if (auto parsed_phone = identity::ParsePhone(phone); !parsed_phone.ok()) {
        fail(kPhone, parsed_phone.error().message);
      } else {
        r.phone = parsed_phone->text;
      }
    }
    r.ethnicity_code = "01";
    if (std::string ethnicity = cell(row, kEthnicity); !ethnicity.empty()) {
      p.ethnicity_given = true;
      if (auto found = identity::ParseEthnicity(ethnicity); !found.ok()) {
        fail(kEthnicity, "民族“" + ethnicity + "”不在 GB/T 3304 的 56 个民族中");
      } else {
        r.ethnicity_code = std::string(found->code);
      }
    }
    if (std::string status = cell(row, kStatus); !status.empty()) {
      p.status_given = true;
      auto found = StatusFromText(status);
      if (!found) {
        fail(kStatus, "居住状态应为 户籍常住、流动人口、外出、已迁出 或 已死亡");
      } else {
        r.status = *found;
      }
    }
    r.status_since = today_text;
    if (std::string since = cell(row, kStatusSince); !since.empty()) {
      p.since_given = true;
      auto date = ParseSheetDate(since, table.date_1904);
      if (!date.ok()) {
        fail(kStatusSince, date.error().message);
      } else if (identity::FormatDate(*date) > today_text) {
        fail(kStatusSince, "状态起始日期不能晚于今天");
      } else if (!r.id_number.empty() && *date < r.birth_date) {
        fail(kStatusSince, "状态起始日期不能早于出生日期");
      } else {
        r.status_since = identity::FormatDate(*date);
      }
    }
    auto [community, grid] = place_cells(row);
    p.grid_given = !grid.empty();
    if (community.empty()) {
      fail(kCommunity, "请填写社区代码或网格代码");
    } else if (const auto& status = community_checks.at(community); !status.ok()) {
      fail(kCommunity, status.error().message);
    } else if (!grid.empty()) {
      if (!grid.starts_with(community)) {
        fail(kGrid, "网格不属于所填社区");
      } else if (const auto& grid_status = grid_checks.at(grid); !grid_status.ok()) {
        fail(kGrid, grid_status.error().message);
      }
    } else if (!manage.Covers(community)) {
      fail(kGrid, "您只能在自己的网格登记居民，请填写网格代码");
    }
    r.community_code = community;
    r.grid_code = grid;
    p.address = cell(row, kAddress);
    p.room = cell(row, kRoom);
    const std::string type = cell(row, kHouseholdType);
    const std::string relation = cell(row, kRelation);
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
    for (const std::string& token : SplitTags(cell(row, kTags))) {
      auto tag = ParseTag(token, tag_by_code, tag_code_by_name);
      if (!tag.ok()) {
        fail(kTags, tag.error().message);
      } else if (std::any_of(p.tags.begin(), p.tags.end(),
                             [&](const ParsedTag& t) { return t.code == tag->code; })) {
        fail(kTags, "标签“" + token + "”重复");
      } else {
        p.tags.push_back(*tag);
      }
    }
  };
  TRY(core::ForRanges(parsed.size(), 20'000, [&](size_t begin, size_t end) -> core::Status {
    for (size_t index = begin; index < end; ++index) read_row(index, parsed[index]);
    return core::Ok();
  }));
  // ID numbers repeated inside the file, then every row's problems in row order.
  std::unordered_map<std::string, size_t> first_row_of_id;
  first_row_of_id.reserve(parsed.size());
  for (ParsedRow& p : parsed) {
    if (!p.resident.id_number.empty()) {
      auto [it, fresh] = first_row_of_id.emplace(p.resident.id_number, p.index);
      if (!fresh) {
        p.ok = false;
        p.pending.emplace(p.pending.begin() + std::ptrdiff_t(p.duplicate_slot), kIdNumber,
                          "与第 " + std::to_string(table.rows[it->second].number) +
                              " 行的身份证号码重复（一人只能登记一次、只能在一户）");
      }
    }
    for (auto& [column, message] : p.pending) problems.Add(p.index, column, std::move(message));
    p.pending.clear();
    p.pending.shrink_to_fit();
  }

  // ----- households: rows at one address and room form one household -----
  std::vector<HouseholdGroup> groups;
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
        p.ok = false;
        problems.Add(p.index, kGrid,
                     "同一户（" + p.address + " " + p.room + "）的网格代码不一致：" + group.grid);
      }
    }
    group.rows.push_back(i);
    p.household_group = int64_t(it->second);
  }

  // ----- against the registry -----
  std::vector<std::string> community_list(communities.begin(), communities.end());
  std::unordered_map<std::string, Building> building_by_address;  // community \x1f address
  std::unordered_map<std::string, Household> household_by_key;
  if (!groups.empty()) {
    ASSIGN_OR_RETURN(auto buildings, repository_.BuildingsIn(community_list));
    std::unordered_map<int64_t, const Building*> building_by_id;
    for (auto& b : buildings) {
      building_by_address.emplace(b.community_code + '\x1f' + b.address, b);
    }
    for (auto& [key, b] : building_by_address) building_by_id[b.id] = &b;
    ASSIGN_OR_RETURN(auto households, repository_.OpenHouseholdsIn(community_list));
    for (auto& h : households) {
      auto building = building_by_id.find(h.building_id);
      if (building == building_by_id.end()) continue;
      household_by_key.emplace(
          HouseholdKey(h.community_code, building->second->address, h.room, h.type), h);
    }
  }
  for (auto& group : groups) {
    auto building = building_by_address.find(group.community + '\x1f' + group.address);
    if (building != building_by_address.end()) {
      group.building = building->second;
      if (!group.grid.empty() && building->second.grid_code != group.grid) {
        for (size_t i : group.rows) {
          parsed[i].ok = false;
          problems.Add(parsed[i].index, kGrid,
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

  // Registered people, by ID number.
  std::unordered_map<std::string, Resident> registered;
  {
    std::vector<std::string> ids;
    for (const auto& p : parsed) {
      if (!p.resident.id_number.empty()) ids.push_back(p.resident.id_number);
    }
    ASSIGN_OR_RETURN(auto found, repository_.FindResidentsByIdNumbers(ids));
    for (auto& resident : found) registered.emplace(resident.id_number, std::move(resident));
  }
  for (auto& p : parsed) {
    auto found = registered.find(p.resident.id_number);
    if (found == registered.end()) continue;
    const Resident& old = found->second;
    if (!manage.Covers(PlaceCode(old.community_code, old.grid_code))) {
      p.ok = false;
      problems.Add(p.index, kIdNumber,
                   "此人已在您的管辖范围以外登记，请联系其所在社区办理迁入（不能重复登记）");
    } else if (p.since_given && p.resident.status_since < old.status_since &&
               (p.resident.community_code != old.community_code || p.status_given)) {
      p.ok = false;
      problems.Add(p.index, kStatusSince,
                   "变更日期不能早于当前居住记录的开始日期 " + old.status_since);
    }
  }

  // Heads: one per household.
  for (auto& group : groups) {
    std::vector<size_t> heads;
    for (size_t i : group.rows) {
      if (parsed[i].relation == Relation::kHead) heads.push_back(i);
    }
    for (size_t k = 1; k < heads.size(); ++k) {
      parsed[heads[k]].ok = false;
      problems.Add(
          parsed[heads[k]].index, kRelation,
          "同一户只能有一个户主（第 " + std::to_string(parsed[heads[0]].row) + " 行已是户主）");
    }
    if (heads.empty() && !(group.existing && group.existing->head_id)) {
      for (size_t i : group.rows) {
        parsed[i].ok = false;
        problems.Add(parsed[i].index, kRelation,
                     "该户（" + group.address + " " + group.room +
                         "）没有户主：请在其中一行的“与户主关系”填写“户主”");
      }
    }
    if (!heads.empty() && group.existing && group.existing->head_id) {
      auto found = registered.find(parsed[heads[0]].resident.id_number);
      const bool same = found != registered.end() && found->second.id == *group.existing->head_id;
      if (!same) {
        parsed[heads[0]].ok = false;
        problems.Add(parsed[heads[0]].index, kRelation,
                     "该户（" + group.address + " " + group.room + "）已有户主，不能再登记户主");
      }
    }
  }

  if (problems.Any()) {
    problems.MoveInto(outcome);
    return outcome;
  }

  // ----- the batch -----
  const int64_t now = clock_.NowMillis();
  PeopleBatch batch;
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
      // Several households of one new building share it.
      auto [it, fresh] = building_by_address.emplace(group.community + '\x1f' + group.address, b);
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
  outcome.buildings_created = int64_t(batch.buildings.size());
  outcome.households_created = int64_t(batch.households.size());

  for (auto& p : parsed) {
    ResidentLoad load;
    Resident& r = p.resident;
    r.relation = p.relation;
    if (p.household_group >= 0) {
      const HouseholdGroup& group = groups[size_t(p.household_group)];
      if (group.existing) {
        r.household_id = group.existing->id;
      } else {
        load.household_index = group.new_household;
      }
    }
    std::vector<ResidentTag> tags;
    for (const auto& t : p.tags) {
      ResidentTag tag;
      tag.code = t.code;
      tag.grade = t.grade;
      tag.valid_from = today_text;
      tag.source = "批量导入";
      tags.push_back(std::move(tag));
    }
    r.updated_at = now;
    auto found = registered.find(r.id_number);
    if (found == registered.end()) {
      r.created_at = now;
      load.event = r.status_since == identity::FormatDate(r.birth_date) ? HistoryEvent::kBirth
                                                                        : HistoryEvent::kMoveIn;
      load.tags = std::move(tags);
      load.resident = std::move(r);
      batch.residents.push_back(std::move(load));
      ++outcome.imported;
      continue;
    }
    // A registered person: blank optional cells keep what is registered.
    const Resident& old = found->second;
    Resident next = old;
    next.name = r.name;
    if (p.phone_given) next.phone = r.phone;
    if (p.ethnicity_given) next.ethnicity_code = r.ethnicity_code;
    next.updated_at = now;
    bool changed = next.name != old.name || next.phone != old.phone ||
                   next.ethnicity_code != old.ethnicity_code;
    const bool place_changed = r.community_code != old.community_code ||
                               (p.grid_given && r.grid_code != old.grid_code) ||
                               (p.household_group >= 0 &&
                                (load.household_index >= 0 || r.household_id != old.household_id ||
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
    for (auto& tag : tags) {
      const bool has = std::any_of(old.tags.begin(), old.tags.end(), [&](const ResidentTag& t) {
        return t.code == tag.code && (!t.valid_until || *t.valid_until > today_text);
      });
      if (!has) {
        load.tags.push_back(std::move(tag));
        changed = true;
      }
    }
    if (!changed) {
      ++outcome.unchanged;
      continue;
    }
    load.resident = std::move(next);
    batch.residents.push_back(std::move(load));
    ++outcome.updated;
  }

  outcome.row_errors.assign(table.rows.size(), "");
  if (options.dry_run) return outcome;
  if (batch.residents.empty() && batch.households.empty()) {
    outcome.written = true;
    return outcome;
  }
  std::string place;  // the common prefix of the places written, for scoped audit views
  for (const auto& code : community_list) {
    if (place.empty()) {
      place = code;
    } else {
      size_t n = 0;
      while (n < place.size() && n < code.size() && place[n] == code[n]) ++n;
      place.resize(n);
    }
  }
  std::string source;
  for (char c : options.source_name) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) continue;
    source += c;
  }
  auto entry = caller.AuditEntry(
      audit::AuditAction::kImport, "resident_import", "", place,
      "{\"file\":\"" + source + "\",\"rows\":" + std::to_string(outcome.rows) + "}", now);
  auto written = repository_.WriteBatch(batch, entry);
  if (!written.ok()) return std::move(written).error();
  outcome.written = true;
  return outcome;
}

core::Result<tabular::Table> ResidentFileService::Export(const ResidentSearchRequest& request,
                                                         const access::Caller& caller,
                                                         size_t max_rows) {
  ASSIGN_OR_RETURN(auto residents, residents_.Export(request, caller, max_rows));
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
  for (const auto& extra : ExportOnlyColumns()) table.header.cells.push_back(extra);
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
    cells.push_back(identity::FormatDate(r.birth_date));
    cells.push_back(std::to_string(identity::AgeOn(r.birth_date, today)));
    table.rows.push_back({++number, std::move(cells)});
  }
  return table;
}

}  // namespace linli::people

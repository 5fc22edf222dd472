#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>

#include "core/identity/date.hpp"
#include "core/json_reader.hpp"
#include "core/text.hpp"
#include "domain/care/care.hpp"

namespace linli::care {

namespace {

namespace json = core::json;

std::string At(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

core::Result<std::vector<const boost::json::object*>> Objects(const boost::json::object& object,
                                                              std::string_view key,
                                                              const std::string& path,
                                                              bool required) {
  std::vector<const boost::json::object*> out;
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    if (required) {
      return core::Error::Validation("缺少 " + std::string(key), json::JoinPath(path, key));
    }
    return out;
  }
  if (!value->is_array()) {
    return core::Error::Validation(std::string(key) + " 应为数组", json::JoinPath(path, key));
  }
  const auto& array = value->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_object()) {
      return core::Error::Validation("应为对象", At(json::JoinPath(path, key), i));
    }
    out.push_back(&array[i].as_object());
  }
  return out;
}

core::Result<FieldDefinition> ReadField(const boost::json::object& object,
                                        const std::string& path) {
  FieldDefinition field;
  ASSIGN_OR_RETURN(field.key, json::ReadString(object, "key", path, true));
  if (!IsCareCode(field.key)) {
    return core::Error::Validation("字段键应为 2–40 个小写字母、数字或下划线：" + field.key,
                                   json::JoinPath(path, "key"));
  }
  ASSIGN_OR_RETURN(field.label, json::ReadString(object, "label", path, true));
  ASSIGN_OR_RETURN(std::string type, json::ReadString(object, "type", path, true));
  const auto parsed = kFieldTypeNames.From(type);
  if (!parsed) {
    return core::Error::Validation(
        "字段类型应为 text、number、integer、date、enum 或 bool：" + type,
        json::JoinPath(path, "type"));
  }
  field.type = *parsed;
  ASSIGN_OR_RETURN(field.options, json::ReadStringArray(object, "options", path, false));
  if (field.type == FieldType::kEnum && field.options.empty()) {
    return core::Error::Validation("选项字段需要 options", json::JoinPath(path, "options"));
  }
  ASSIGN_OR_RETURN(field.required, json::ReadBool(object, "required", path, false, false));
  return field;
}

core::Result<Category> ReadCategory(const boost::json::object& object, const std::string& path,
                                    const std::set<std::string, std::less<>>& groups) {
  Category category;
  ASSIGN_OR_RETURN(category.code, json::ReadString(object, "code", path, true));
  if (!IsCareCode(category.code)) {
    return core::Error::Validation("类别代码应为 2–40 个小写字母、数字或下划线：" + category.code,
                                   json::JoinPath(path, "code"));
  }
  ASSIGN_OR_RETURN(category.name, json::ReadString(object, "name", path, true));
  ASSIGN_OR_RETURN(category.group, json::ReadString(object, "group", path, true));
  if (!groups.contains(category.group)) {
    return core::Error::Validation("未知分组：" + category.group, json::JoinPath(path, "group"));
  }
  ASSIGN_OR_RETURN(category.tag, json::ReadString(object, "tag", path, false));
  ASSIGN_OR_RETURN(std::string restricted, json::ReadString(object, "restricted", path, false));
  const auto restriction = kRestrictionNames.From(restricted);
  if (!restriction) {
    return core::Error::Validation("restricted 应为 minors、health 或留空：" + restricted,
                                   json::JoinPath(path, "restricted"));
  }
  category.restricted = *restriction;
  ASSIGN_OR_RETURN(auto fields, Objects(object, "fields", path, false));
  std::set<std::string, std::less<>> keys;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string field_path = At(json::JoinPath(path, "fields"), i);
    ASSIGN_OR_RETURN(auto field, ReadField(*fields[i], field_path));
    if (!keys.insert(field.key).second) {
      return core::Error::Validation("字段键重复：" + field.key, json::JoinPath(field_path, "key"));
    }
    category.fields.push_back(std::move(field));
  }
  if (const auto* visit = object.if_contains("visit"); visit != nullptr && !visit->is_null()) {
    const std::string visit_path = json::JoinPath(path, "visit");
    if (!visit->is_object()) return core::Error::Validation("visit 应为对象", visit_path);
    ASSIGN_OR_RETURN(int64_t every,
                     json::ReadInteger(visit->as_object(), "every_months", visit_path, true, 0));
    if (every < 1 || every > 12) {
      return core::Error::Validation("every_months 应为 1–12",
                                     json::JoinPath(visit_path, "every_months"));
    }
    category.visit_every_months = static_cast<int>(every);
    ASSIGN_OR_RETURN(category.checklist,
                     json::ReadStringArray(visit->as_object(), "checklist", visit_path, false));
  }
  ASSIGN_OR_RETURN(int64_t review, json::ReadInteger(object, "review_months", path, false, 12));
  if (review < 1 || review > 60) {
    return core::Error::Validation("review_months 应为 1–60",
                                   json::JoinPath(path, "review_months"));
  }
  category.review_months = static_cast<int>(review);
  return category;
}

core::Result<DiscoveryRule> ReadDiscovery(const boost::json::object& root,
                                          const std::set<std::string, std::less<>>& group_codes) {
  DiscoveryRule rule;
  const auto* value = root.if_contains("discovery");
  if (value == nullptr || value->is_null()) return rule;
  const std::string path = "$.discovery";
  if (!value->is_object()) return core::Error::Validation("discovery 应为对象", path);
  const auto& object = value->as_object();
  ASSIGN_OR_RETURN(rule.groups, json::ReadStringArray(object, "groups", path, true));
  if (rule.groups.empty()) {
    return core::Error::Validation("至少需要一个分组", json::JoinPath(path, "groups"));
  }
  for (const auto& group : rule.groups) {
    if (!group_codes.contains(group)) {
      return core::Error::Validation("未知分组：" + group, json::JoinPath(path, "groups"));
    }
  }
  const auto read = [&](std::string_view key, int64_t low, int64_t high,
                        int fallback) -> core::Result<int> {
    ASSIGN_OR_RETURN(int64_t number, json::ReadInteger(object, key, path, false, fallback));
    if (number < low || number > high) {
      return core::Error::Validation(
          std::string(key) + " 应为 " + std::to_string(low) + "–" + std::to_string(high),
          json::JoinPath(path, key));
    }
    return static_cast<int>(number);
  };
  ASSIGN_OR_RETURN(rule.visit_percent, read("visit_percent", 1, 100, rule.visit_percent));
  ASSIGN_OR_RETURN(rule.finding_days, read("finding_days", 1, 365, rule.finding_days));
  ASSIGN_OR_RETURN(rule.finding_percent, read("finding_percent", 0, 100, rule.finding_percent));
  return rule;
}

bool IsNumber(std::string_view text, bool integer) {
  if (text.empty() || text.size() > 20) return false;
  if (integer) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value >= 0;
  }
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 0;
}

}  // namespace

std::vector<std::string> Categories::VisitedIn(const std::vector<std::string>& group_codes) const {
  std::vector<std::string> out;
  for (const auto& category : categories) {
    if (category.visit_every_months > 0 &&
        std::find(group_codes.begin(), group_codes.end(), category.group) != group_codes.end()) {
      out.push_back(category.code);
    }
  }
  return out;
}

bool HasDiscoveryMechanism(const DiscoveryRule& rule, const DiscoveryFigures& figures) {
  if (figures.visits_due <= 0) return false;
  // Whole numbers compared: on_time / due ≥ percent / 100.
  if (figures.visits_on_time * 100 < figures.visits_due * rule.visit_percent) return false;
  return figures.findings_due <= 0 ||
         figures.findings_with_outcome * 100 >= figures.findings_due * rule.finding_percent;
}

const Category* Categories::Find(std::string_view code) const {
  for (const auto& category : categories) {
    if (category.code == code) return &category;
  }
  return nullptr;
}

core::Result<Categories> ParseCategories(std::string_view text) {
  ASSIGN_OR_RETURN(auto document, json::ParseJson(text, "关爱类别文件"));
  if (!document.is_object()) return core::Error::Validation("关爱类别文件应为对象", "$");
  const auto& root = document.as_object();
  Categories out;
  ASSIGN_OR_RETURN(auto groups, Objects(root, "groups", "$", true));
  std::set<std::string, std::less<>> group_codes;
  for (size_t i = 0; i < groups.size(); ++i) {
    const std::string path = At("$.groups", i);
    CategoryGroup group;
    ASSIGN_OR_RETURN(group.code, json::ReadString(*groups[i], "code", path, true));
    ASSIGN_OR_RETURN(group.name, json::ReadString(*groups[i], "name", path, true));
    if (!group_codes.insert(group.code).second) {
      return core::Error::Validation("分组重复：" + group.code, json::JoinPath(path, "code"));
    }
    out.groups.push_back(std::move(group));
  }
  ASSIGN_OR_RETURN(auto categories, Objects(root, "categories", "$", true));
  if (categories.empty()) return core::Error::Validation("至少需要一个类别", "$.categories");
  std::set<std::string, std::less<>> codes;
  for (size_t i = 0; i < categories.size(); ++i) {
    const std::string path = At("$.categories", i);
    ASSIGN_OR_RETURN(auto category, ReadCategory(*categories[i], path, group_codes));
    if (!codes.insert(category.code).second) {
      return core::Error::Validation("类别代码重复：" + category.code,
                                     json::JoinPath(path, "code"));
    }
    out.categories.push_back(std::move(category));
  }
  ASSIGN_OR_RETURN(out.discovery, ReadDiscovery(root, group_codes));
  return out;
}

core::Result<std::map<std::string, std::string>> CheckFields(
    const Category& category, const std::map<std::string, std::string>& fields) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : fields) {
    const auto it = std::find_if(category.fields.begin(), category.fields.end(),
                                 [&](const FieldDefinition& f) { return f.key == key; });
    const std::string where = "fields." + key;
    if (it == category.fields.end()) {
      return core::Error::Validation(category.name + "没有字段 " + key, where);
    }
    TRY(core::CheckText(value, where, core::TextRule::kSingleLine));
    if (value.empty()) continue;
    bool ok = true;
    switch (it->type) {
      case FieldType::kText:
        ok = core::CodePointCount(value) <= 200;
        break;
      case FieldType::kNumber:
        ok = IsNumber(value, false);
        break;
      case FieldType::kInteger:
        ok = IsNumber(value, true);
        break;
      case FieldType::kDate:
        ok = identity::ParseDate(value).ok();
        break;
      case FieldType::kEnum:
        ok = std::find(it->options.begin(), it->options.end(), value) != it->options.end();
        break;
      case FieldType::kBool:
        ok = value == "true" || value == "false";
        break;
    }
    if (!ok) {
      std::string expected;
      switch (it->type) {
        case FieldType::kText:
          expected = "不超过 200 个字符的文本";
          break;
        case FieldType::kNumber:
          expected = "不小于 0 的数值";
          break;
        case FieldType::kInteger:
          expected = "不小于 0 的整数";
          break;
        case FieldType::kDate:
          expected = "YYYY-MM-DD 格式的日期";
          break;
        case FieldType::kEnum: {
          for (const auto& option : it->options) {
            expected += (expected.empty() ? "" : "、") + option;
          }
          expected = "以下之一：" + expected;
          break;
        }
        case FieldType::kBool:
          expected = "true 或 false";
          break;
      }
      return core::Error::Validation(it->label + "应为" + expected, where);
    }
    out[key] = value;
  }
  for (const auto& field : category.fields) {
    if (field.required && !out.contains(field.key)) {
      return core::Error::Validation(field.label + "为必填项", "fields." + field.key);
    }
  }
  return out;
}

std::optional<int> MonthIndex(std::string_view text) {
  if (text.size() != 7 && text.size() != 10) return std::nullopt;
  if (text.size() == 10 && !identity::ParseDate(text).ok()) return std::nullopt;
  int year = 0;
  int month = 0;
  auto [end1, ec1] = std::from_chars(text.data(), text.data() + 4, year);
  if (ec1 != std::errc() || end1 != text.data() + 4 || text[4] != '-') return std::nullopt;
  auto [end2, ec2] = std::from_chars(text.data() + 5, text.data() + 7, month);
  if (ec2 != std::errc() || end2 != text.data() + 7 || month < 1 || month > 12) {
    return std::nullopt;
  }
  if (year < 1900 || year > 2999) return std::nullopt;
  return year * 12 + (month - 1);
}

std::string MonthOfIndex(int index) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", index / 12, index % 12 + 1);
  return buffer;
}

std::string AddMonthsToDate(std::string_view date, int months) {
  auto parsed = identity::ParseDate(date);
  if (!parsed.ok()) return std::string(date);
  identity::Date d = *parsed;
  const int index = d.year * 12 + (d.month - 1) + months;
  d.year = index / 12;
  d.month = index % 12 + 1;
  d.day = std::min(d.day, identity::DaysInMonth(d.year, d.month));
  return identity::FormatDate(d);
}

bool IsCareCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 40) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool VisitDue(int anchor, int month, int every_months) {
  if (every_months <= 0 || month < anchor) return false;
  return (month - anchor) % every_months == 0;
}

}  // namespace linli::care

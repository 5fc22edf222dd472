#include "domain/events/routing.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <tuple>

#include "core/division_code.hpp"
#include "core/json_reader.hpp"
#include "core/state_machine.hpp"

namespace linli::events {
namespace {

int CategorySegments(std::string_view category) {
  if (category.empty()) return 0;
  return static_cast<int>(std::count(category.begin(), category.end(), '.')) + 1;
}

bool IsValidCategory(std::string_view category) {
  if (category.empty()) return true;
  size_t start = 0;
  while (true) {
    const size_t dot = category.find('.', start);
    const std::string_view segment = category.substr(
        start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (segment.empty()) return false;
    for (char c : segment) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool CategoryMatches(std::string_view rule, std::string_view event) {
  if (rule.empty()) return true;
  if (event == rule) return true;
  return event.size() > rule.size() && event.substr(0, rule.size()) == rule &&
         event[rule.size()] == '.';
}

// Specificity, larger wins.
std::tuple<int, size_t, int> Specificity(const RoutingRule& rule) {
  return {CategorySegments(rule.category), rule.area_prefix.size(), rule.urgency ? 1 : 0};
}

size_t DigitsFor(TargetLevel level) {
  switch (level) {
    case TargetLevel::kCommunity:
      return 12;
    case TargetLevel::kTown:
      return 9;
    case TargetLevel::kCounty:
      return 6;
    case TargetLevel::kDepartment:
      return 0;
  }
  return 0;
}

core::Result<ResolvedTarget> Resolve(const RoutingTarget& target, const std::string& division) {
  ResolvedTarget resolved;
  resolved.level = target.level;
  if (target.level == TargetLevel::kDepartment) {
    resolved.department = target.department;
    return resolved;
  }
  const size_t digits = DigitsFor(target.level);
  if (division.size() < digits) {
    return core::Error::Validation(
        "事件位置不到" + std::string(TargetLevelLabel(target.level)) + "一级，无法分派",
        "division_code");
  }
  resolved.division_code = division.substr(0, digits);
  return resolved;
}

core::Status ValidateTarget(const RoutingTarget& target, const std::string& field) {
  if (TargetLevelName(target.level).empty()) return core::Error::Validation("目标层级无效", field);
  if (target.level == TargetLevel::kDepartment &&
      target.department.find_first_not_of(" \t") == std::string::npos) {
    return core::Error::Validation("分派到部门时必须写明部门名称", field + ".department");
  }
  if (target.level != TargetLevel::kDepartment && !target.department.empty()) {
    return core::Error::Validation("只有部门目标才填写部门名称", field + ".department");
  }
  return core::Ok();
}

core::Result<RoutingTarget> TargetFromJson(const boost::json::value& value,
                                           const std::string& path) {
  if (!value.is_object()) return core::Error::Validation("分派目标应为对象", path);
  const boost::json::object& object = value.as_object();
  ASSIGN_OR_RETURN(std::string level, core::json::ReadString(object, "level", path, true));
  auto parsed = TargetLevelFromName(level);
  if (!parsed) {
    return core::Error::Validation("目标层级无效：" + level, core::json::JoinPath(path, "level"));
  }
  RoutingTarget target;
  target.level = *parsed;
  ASSIGN_OR_RETURN(target.department, core::json::ReadString(object, "department", path, false));
  return target;
}

}  // namespace

std::string_view TargetLevelName(TargetLevel level) {
  switch (level) {
    case TargetLevel::kCommunity:
      return "community";
    case TargetLevel::kTown:
      return "town";
    case TargetLevel::kCounty:
      return "county";
    case TargetLevel::kDepartment:
      return "department";
  }
  return "";
}

std::string_view TargetLevelLabel(TargetLevel level) {
  switch (level) {
    case TargetLevel::kCommunity:
      return "社区（村）";
    case TargetLevel::kTown:
      return "乡镇（街道）";
    case TargetLevel::kCounty:
      return "县（市、区）";
    case TargetLevel::kDepartment:
      return "部门";
  }
  return "";
}

std::optional<TargetLevel> TargetLevelFromName(std::string_view name) {
  for (TargetLevel level : core::EnumerateNamed<TargetLevel>(&TargetLevelName)) {
    if (TargetLevelName(level) == name) return level;
  }
  return std::nullopt;
}

core::Result<Router> Router::Create(std::vector<RoutingRule> rules,
                                    std::vector<Department> departments) {
  std::set<std::string> codes;
  std::set<std::string> names;
  for (size_t i = 0; i < departments.size(); ++i) {
    const std::string path = "departments[" + std::to_string(i) + "]";
    const Department& department = departments[i];
    const bool code_ok = !department.code.empty() && department.code.size() <= 64 &&
                         std::all_of(department.code.begin(), department.code.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                         });
    if (!code_ok) {
      return core::Error::Validation(
          "部门代码无效：" + department.code + "（小写字母、数字、下划线）", path + ".code");
    }
    if (department.name.find_first_not_of(" \t") == std::string::npos) {
      return core::Error::Validation("部门名称不能为空", path + ".name");
    }
    if (!codes.insert(department.code).second) {
      return core::Error::Validation("部门代码重复：" + department.code, path + ".code");
    }
    if (!names.insert(department.name).second) {
      return core::Error::Validation("部门名称重复：" + department.name, path + ".name");
    }
  }
  auto listed = [&](const RoutingTarget& target, const std::string& field) -> core::Status {
    if (target.level != TargetLevel::kDepartment || names.empty() ||
        names.count(target.department)) {
      return core::Ok();
    }
    return core::Error::Validation("部门不在 departments 名单中：" + target.department,
                                   field + ".department");
  };
  std::set<std::string> ids;
  std::set<std::tuple<std::string, std::string, int>> keys;
  for (size_t i = 0; i < rules.size(); ++i) {
    const RoutingRule& rule = rules[i];
    const std::string path = "rules[" + std::to_string(i) + "]";
    if (rule.id.empty()) return core::Error::Validation("规则编号不能为空", path + ".id");
    if (!ids.insert(rule.id).second) {
      return core::Error::Validation("规则编号重复：" + rule.id, path + ".id");
    }
    if (!IsValidCategory(rule.category)) {
      return core::Error::Validation(
          "事件类别编码无效：" + rule.category + "（小写字母、数字、下划线，用点分级）",
          path + ".category");
    }
    if (!rule.area_prefix.empty()) {
      auto level = core::LevelOfCode(rule.area_prefix);
      if (!level || rule.area_prefix.size() > 12) {
        return core::Error::Validation(
            "区域编码无效：" + rule.area_prefix + "（应为 2、4、6、9 或 12 位区划代码）",
            path + ".area_prefix");
      }
    }
    TRY(ValidateTarget(rule.target, path + ".target"));
    TRY(listed(rule.target, path + ".target"));
    for (size_t c = 0; c < rule.copy_to.size(); ++c) {
      TRY(ValidateTarget(rule.copy_to[c], path + ".copy_to[" + std::to_string(c) + "]"));
      TRY(listed(rule.copy_to[c], path + ".copy_to[" + std::to_string(c) + "]"));
      if (rule.copy_to[c] == rule.target) {
        return core::Error::Validation("抄送对象不能与分派目标相同",
                                       path + ".copy_to[" + std::to_string(c) + "]");
      }
    }
    if (rule.skip_level && rule.target.level == TargetLevel::kCommunity) {
      return core::Error::Validation("越级规则的目标应在社区以上", path + ".skip_level");
    }
    const int urgency = rule.urgency ? static_cast<int>(*rule.urgency) : -1;
    if (!keys.emplace(rule.category, rule.area_prefix, urgency).second) {
      return core::Error::Validation(
          "与前面的规则条件完全相同（类别、区域、紧急程度），无法判断优先", path);
    }
  }
  std::stable_sort(rules.begin(), rules.end(), [](const RoutingRule& a, const RoutingRule& b) {
    return Specificity(a) > Specificity(b);
  });
  Router router;
  router.rules_ = std::move(rules);
  router.departments_ = std::move(departments);
  return router;
}

core::Result<Router> Router::FromJson(std::string_view json_text) {
  ASSIGN_OR_RETURN(boost::json::value root, core::json::ParseJson(json_text, "分派规则"));
  if (!root.is_object()) return core::Error::Validation("分派规则应为 JSON 对象", "");
  const boost::json::value* list = root.as_object().if_contains("rules");
  if (list == nullptr || !list->is_array())
    return core::Error::Validation("缺少 rules 数组", "rules");
  std::vector<RoutingRule> rules;
  for (size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string path = "rules[" + std::to_string(i) + "]";
    const boost::json::value& value = list->as_array()[i];
    if (!value.is_object()) return core::Error::Validation("规则应为对象", path);
    const boost::json::object& object = value.as_object();
    RoutingRule rule;
    ASSIGN_OR_RETURN(rule.id, core::json::ReadString(object, "id", path, true));
    ASSIGN_OR_RETURN(rule.category, core::json::ReadString(object, "category", path, false));
    ASSIGN_OR_RETURN(rule.area_prefix, core::json::ReadString(object, "area_prefix", path, false));
    ASSIGN_OR_RETURN(std::string urgency, core::json::ReadString(object, "urgency", path, false));
    if (!urgency.empty()) {
      rule.urgency = UrgencyFromName(urgency);
      if (!rule.urgency) {
        return core::Error::Validation("紧急程度无效：" + urgency, path + ".urgency");
      }
    }
    const boost::json::value* target = object.if_contains("target");
    if (target == nullptr) return core::Error::Validation("缺少分派目标", path + ".target");
    ASSIGN_OR_RETURN(rule.target, TargetFromJson(*target, path + ".target"));
    if (const boost::json::value* copies = object.if_contains("copy_to")) {
      if (!copies->is_array())
        return core::Error::Validation("copy_to 应为数组", path + ".copy_to");
      for (size_t c = 0; c < copies->as_array().size(); ++c) {
        ASSIGN_OR_RETURN(
            RoutingTarget copy,
            TargetFromJson(copies->as_array()[c], path + ".copy_to[" + std::to_string(c) + "]"));
        rule.copy_to.push_back(std::move(copy));
      }
    }
    ASSIGN_OR_RETURN(rule.skip_level,
                     core::json::ReadBool(object, "skip_level", path, false, false));
    rules.push_back(std::move(rule));
  }
  std::vector<Department> departments;
  if (const boost::json::value* listed = root.as_object().if_contains("departments")) {
    if (!listed->is_array()) return core::Error::Validation("departments 应为数组", "departments");
    for (size_t i = 0; i < listed->as_array().size(); ++i) {
      const std::string path = "departments[" + std::to_string(i) + "]";
      const boost::json::value& value = listed->as_array()[i];
      if (!value.is_object()) return core::Error::Validation("部门应为对象", path);
      Department department;
      ASSIGN_OR_RETURN(department.code,
                       core::json::ReadString(value.as_object(), "code", path, true));
      ASSIGN_OR_RETURN(department.name,
                       core::json::ReadString(value.as_object(), "name", path, true));
      departments.push_back(std::move(department));
    }
  }
  return Create(std::move(rules), std::move(departments));
}

core::Result<RoutingDecision> Router::Route(const RoutingQuery& query) const {
  auto level = core::LevelOfCode(query.division_code);
  if (!level || *level < core::DivisionLevel::kCommunity) {
    return core::Error::Validation("事件位置应为社区、网格或微网格编码", "division_code");
  }
  for (const RoutingRule& rule : rules_) {
    if (!CategoryMatches(rule.category, query.category)) continue;
    if (query.division_code.compare(0, rule.area_prefix.size(), rule.area_prefix) != 0) continue;
    if (rule.urgency && *rule.urgency != query.urgency) continue;
    RoutingDecision decision;
    decision.rule_id = rule.id;
    decision.skip_level = rule.skip_level;
    ASSIGN_OR_RETURN(decision.target, Resolve(rule.target, query.division_code));
    for (const RoutingTarget& copy : rule.copy_to) {
      ASSIGN_OR_RETURN(ResolvedTarget resolved, Resolve(copy, query.division_code));
      decision.copies.push_back(std::move(resolved));
    }
    return decision;
  }
  return core::Error::NotFound("没有适用于该事件的分派规则");
}

}  // namespace linli::events

#include "domain/indicators/plan.hpp"

#include <algorithm>
#include <set>

#include "core/identity/date.hpp"
#include "core/json_reader.hpp"

namespace linli::indicators {

namespace {

namespace json = core::json;
using core::DivisionLevel;

std::string At(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

core::Result<std::optional<double>> ReadNumber(const boost::json::object& object,
                                               std::string_view key, const std::string& path) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<double>();
  if (!value->is_number()) {
    return core::Error::Validation(std::string(key) + " 应为数字", json::JoinPath(path, key));
  }
  return std::optional<double>(value->to_number<double>());
}

bool IsDate(std::string_view text) { return identity::ParseDate(text).ok(); }

core::Result<std::string> ReadDate(const boost::json::object& object, std::string_view key,
                                   const std::string& path, bool required) {
  ASSIGN_OR_RETURN(std::string text, json::ReadString(object, key, path, required));
  if (!text.empty() && !IsDate(text)) {
    return core::Error::Validation(std::string(key) + " 应为 YYYY-MM-DD 格式的日期",
                                   json::JoinPath(path, key));
  }
  return text;
}

core::Result<DivisionLevel> ReadLevel(const boost::json::object& object, std::string_view key,
                                      const std::string& path, DivisionLevel fallback) {
  ASSIGN_OR_RETURN(std::string name, json::ReadString(object, key, path, false));
  if (name.empty()) return fallback;
  for (DivisionLevel level : {DivisionLevel::kCity, DivisionLevel::kCounty, DivisionLevel::kTown,
                              DivisionLevel::kCommunity}) {
    if (name == core::DivisionLevelName(level)) return level;
  }
  return core::Error::Validation(
      std::string(key) + " 应为 city、county、town 或 community 之一：" + name,
      json::JoinPath(path, key));
}

core::Result<PlaceFilter> ReadFilter(const boost::json::object& object, const std::string& path) {
  PlaceFilter filter;
  ASSIGN_OR_RETURN(filter.community_kinds,
                   json::ReadStringArray(object, "community_kinds", path, false));
  ASSIGN_OR_RETURN(filter.county_kinds, json::ReadStringArray(object, "county_kinds", path, false));
  static const std::set<std::string, std::less<>> kCommunityKinds = {"urban", "village", "virtual"};
  static const std::set<std::string, std::less<>> kCountyKinds = {"district", "county",
                                                                  "county_city", "functional_zone"};
  for (const auto& kind : filter.community_kinds) {
    if (!kCommunityKinds.contains(kind)) {
      return core::Error::Validation("未知的社区类型：" + kind,
                                     json::JoinPath(path, "community_kinds"));
    }
  }
  for (const auto& kind : filter.county_kinds) {
    if (!kCountyKinds.contains(kind)) {
      return core::Error::Validation("未知的县级区划类型：" + kind,
                                     json::JoinPath(path, "county_kinds"));
    }
  }
  return filter;
}

const boost::json::object* ObjectAt(const boost::json::value& value) {
  return value.is_object() ? &value.as_object() : nullptr;
}

core::Result<const boost::json::array*> ArrayField(const boost::json::object& object,
                                                   std::string_view key, const std::string& path) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return core::Error::Validation("缺少字段 " + std::string(key), json::JoinPath(path, key));
  }
  if (!value->is_array()) {
    return core::Error::Validation(std::string(key) + " 应为数组", json::JoinPath(path, key));
  }
  return &value->as_array();
}

core::Status CheckDepartments(const std::vector<std::string>& named,
                              const std::set<std::string, std::less<>>& known,
                              const std::string& field) {
  if (named.empty()) return core::Error::Validation("至少需要一个责任部门", field);
  for (const auto& department : named) {
    if (!known.contains(department)) {
      return core::Error::Validation("责任部门不在 departments 中：" + department, field);
    }
  }
  return core::Ok();
}

core::Result<Variant> ParseVariant(const boost::json::object& object, const std::string& path) {
  Variant variant;
  ASSIGN_OR_RETURN(variant.id, json::ReadString(object, "id", path, true));
  ASSIGN_OR_RETURN(variant.name, json::ReadString(object, "name", path, true));
  ASSIGN_OR_RETURN(variant.filter, ReadFilter(object, path));
  if (variant.filter.empty()) {
    return core::Error::Validation("分项须以 community_kinds 或 county_kinds 限定范围", path);
  }
  ASSIGN_OR_RETURN(auto target, ReadNumber(object, "target", path));
  if (!target) return core::Error::Validation("缺少字段 target", json::JoinPath(path, "target"));
  variant.target = *target;
  return variant;
}

core::Result<Indicator> ParseIndicator(const boost::json::object& object, const std::string& path,
                                       const Plan& plan,
                                       const std::set<std::string, std::less<>>& departments) {
  Indicator indicator;
  ASSIGN_OR_RETURN(indicator.id, json::ReadString(object, "id", path, true));
  ASSIGN_OR_RETURN(indicator.task, json::ReadString(object, "task", path, true));
  if (plan.FindTask(indicator.task) == nullptr) {
    return core::Error::Validation("未知的任务：" + indicator.task, json::JoinPath(path, "task"));
  }
  ASSIGN_OR_RETURN(indicator.name, json::ReadString(object, "name", path, true));
  ASSIGN_OR_RETURN(std::string kind, json::ReadString(object, "kind", path, true));
  auto parsed_kind = kKindNames.From(kind);
  if (!parsed_kind) {
    return core::Error::Validation("kind 应为 share、ratio、per_unit 或 count：" + kind,
                                   json::JoinPath(path, "kind"));
  }
  indicator.kind = *parsed_kind;
  ASSIGN_OR_RETURN(indicator.unit, json::ReadString(object, "unit", path, true));
  ASSIGN_OR_RETURN(auto factor, ReadNumber(object, "factor", path));
  indicator.factor = factor.value_or(1.0);
  if (indicator.factor <= 0) {
    return core::Error::Validation("factor 应为正数", json::JoinPath(path, "factor"));
  }
  ASSIGN_OR_RETURN(indicator.numerator, json::ReadString(object, "numerator", path, true));
  const bool has_denominator = indicator.kind != Kind::kCount;
  ASSIGN_OR_RETURN(indicator.denominator,
                   json::ReadString(object, "denominator", path, has_denominator));
  if (has_denominator && indicator.denominator.empty()) {
    return core::Error::Validation("缺少分母的说明", json::JoinPath(path, "denominator"));
  }
  ASSIGN_OR_RETURN(indicator.standard,
                   json::ReadString(object, "standard", path, indicator.kind == Kind::kPerUnit));
  ASSIGN_OR_RETURN(indicator.unit_level,
                   ReadLevel(object, "unit_level", path, DivisionLevel::kCommunity));
  if (indicator.unit_level == DivisionLevel::kCity) {
    return core::Error::Validation("unit_level 应为 county、town 或 community",
                                   json::JoinPath(path, "unit_level"));
  }
  if (indicator.kind == Kind::kCount) {
    ASSIGN_OR_RETURN(indicator.target_level,
                     ReadLevel(object, "target_level", path, DivisionLevel::kCity));
    if (indicator.target_level > indicator.unit_level) {
      return core::Error::Validation("target_level 不能低于 unit_level",
                                     json::JoinPath(path, "target_level"));
    }
  } else {
    indicator.target_level = indicator.unit_level;
  }
  ASSIGN_OR_RETURN(indicator.target, ReadNumber(object, "target", path));
  ASSIGN_OR_RETURN(std::string comparator, json::ReadString(object, "comparator", path, false));
  if (!comparator.empty()) {
    auto parsed = kComparatorNames.From(comparator);
    if (!parsed) {
      return core::Error::Validation("comparator 应为 >=、<= 或 =：" + comparator,
                                     json::JoinPath(path, "comparator"));
    }
    indicator.comparator = *parsed;
  }
  ASSIGN_OR_RETURN(std::string period, json::ReadString(object, "period", path, false));
  if (!period.empty()) {
    auto parsed = kPeriodKindNames.From(period);
    if (!parsed) {
      return core::Error::Validation("period 应为 once、yearly、monthly 或 ongoing：" + period,
                                     json::JoinPath(path, "period"));
    }
    indicator.period = *parsed;
  }
  ASSIGN_OR_RETURN(indicator.deadline, ReadDate(object, "deadline", path, false));
  if (indicator.period == PeriodKind::kOnce && indicator.deadline.empty()) {
    return core::Error::Validation("期限内达到的指标须有 deadline",
                                   json::JoinPath(path, "deadline"));
  }
  ASSIGN_OR_RETURN(indicator.filter, ReadFilter(object, path));
  if (const boost::json::value* variants = object.if_contains("variants");
      variants != nullptr && !variants->is_null()) {
    if (!variants->is_array() || variants->as_array().empty()) {
      return core::Error::Validation("variants 应为非空数组", json::JoinPath(path, "variants"));
    }
    std::set<std::string, std::less<>> ids;
    const auto& array = variants->as_array();
    for (size_t i = 0; i < array.size(); ++i) {
      const std::string at = At(json::JoinPath(path, "variants"), i);
      const auto* item = ObjectAt(array[i]);
      if (item == nullptr) return core::Error::Validation("分项应为对象", at);
      ASSIGN_OR_RETURN(Variant variant, ParseVariant(*item, at));
      if (!ids.insert(variant.id).second) {
        return core::Error::Validation("分项重复：" + variant.id, at);
      }
      indicator.variants.push_back(std::move(variant));
    }
  }
  if (!indicator.target && indicator.variants.empty()) {
    return core::Error::Validation("缺少 target（或各分项的 target）",
                                   json::JoinPath(path, "target"));
  }
  ASSIGN_OR_RETURN(indicator.responsible, json::ReadStringArray(object, "responsible", path, true));
  TRY(CheckDepartments(indicator.responsible, departments, json::JoinPath(path, "responsible")));
  return indicator;
}

}  // namespace

bool PlaceFilter::Admits(std::string_view community_kind, std::string_view county_kind) const {
  const auto has = [](const std::vector<std::string>& kinds, std::string_view kind) {
    return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  };
  return has(community_kinds, community_kind) && has(county_kinds, county_kind);
}

const Indicator* Plan::Find(std::string_view id) const {
  for (const auto& indicator : indicators) {
    if (indicator.id == id) return &indicator;
  }
  return nullptr;
}

const DesignationKind* Plan::FindDesignation(std::string_view kind) const {
  for (const auto& designation : designations) {
    if (designation.kind == kind) return &designation;
  }
  return nullptr;
}

const Task* Plan::FindTask(std::string_view id) const {
  for (const auto& task : tasks) {
    if (task.id == id) return &task;
  }
  return nullptr;
}

std::optional<double> TargetOf(const Indicator& indicator, std::string_view variant) {
  if (variant.empty()) return indicator.target;
  for (const auto& candidate : indicator.variants) {
    if (candidate.id == variant) return candidate.target;
  }
  return std::nullopt;
}

core::Result<Plan> ParsePlan(std::string_view json_text) {
  ASSIGN_OR_RETURN(boost::json::value root, json::ParseJson(json_text, "规划文件"));
  const auto* object = ObjectAt(root);
  if (object == nullptr) return core::Error::Validation("规划文件应为 JSON 对象");
  Plan plan;
  ASSIGN_OR_RETURN(plan.id, json::ReadString(*object, "id", "", true));
  ASSIGN_OR_RETURN(plan.name, json::ReadString(*object, "name", "", true));
  ASSIGN_OR_RETURN(plan.city_code, json::ReadString(*object, "city_code", "", true));
  if (core::LevelOfCode(plan.city_code) != DivisionLevel::kCity) {
    return core::Error::Validation("city_code 应为 4 位市级区划代码", "city_code");
  }
  ASSIGN_OR_RETURN(plan.start, ReadDate(*object, "start", "", true));
  ASSIGN_OR_RETURN(plan.end, ReadDate(*object, "end", "", true));
  if (plan.end <= plan.start) return core::Error::Validation("end 应晚于 start", "end");
  ASSIGN_OR_RETURN(plan.lead, json::ReadStringArray(*object, "lead", "", false));
  ASSIGN_OR_RETURN(plan.departments, json::ReadStringArray(*object, "departments", "", true));
  std::set<std::string, std::less<>> departments(plan.departments.begin(), plan.departments.end());
  if (departments.size() != plan.departments.size()) {
    return core::Error::Validation("departments 有重复", "departments");
  }
  for (const auto& lead : plan.lead) {
    if (!departments.contains(lead)) {
      return core::Error::Validation("牵头部门不在 departments 中：" + lead, "lead");
    }
  }

  ASSIGN_OR_RETURN(const boost::json::array* tasks, ArrayField(*object, "tasks", ""));
  for (size_t i = 0; i < tasks->size(); ++i) {
    const std::string path = At("tasks", i);
    const auto* item = ObjectAt((*tasks)[i]);
    if (item == nullptr) return core::Error::Validation("任务应为对象", path);
    Task task;
    ASSIGN_OR_RETURN(task.id, json::ReadString(*item, "id", path, true));
    ASSIGN_OR_RETURN(task.title, json::ReadString(*item, "title", path, true));
    ASSIGN_OR_RETURN(task.responsible, json::ReadStringArray(*item, "responsible", path, true));
    TRY(CheckDepartments(task.responsible, departments, json::JoinPath(path, "responsible")));
    if (plan.FindTask(task.id) != nullptr) {
      return core::Error::Validation("任务编号重复：" + task.id, json::JoinPath(path, "id"));
    }
    plan.tasks.push_back(std::move(task));
  }

  ASSIGN_OR_RETURN(const boost::json::array* indicators, ArrayField(*object, "indicators", ""));
  if (indicators->empty()) return core::Error::Validation("规划没有指标", "indicators");
  for (size_t i = 0; i < indicators->size(); ++i) {
    const std::string path = At("indicators", i);
    const auto* item = ObjectAt((*indicators)[i]);
    if (item == nullptr) return core::Error::Validation("指标应为对象", path);
    ASSIGN_OR_RETURN(Indicator indicator, ParseIndicator(*item, path, plan, departments));
    if (plan.Find(indicator.id) != nullptr) {
      return core::Error::Validation("指标编号重复：" + indicator.id, json::JoinPath(path, "id"));
    }
    plan.indicators.push_back(std::move(indicator));
  }

  // Designations (optional): each indicator computed from at most one kind.
  if (const boost::json::value* kinds = object->if_contains("designations");
      kinds != nullptr && !kinds->is_null()) {
    if (!kinds->is_array()) return core::Error::Validation("designations 应为数组", "designations");
    std::set<std::string, std::less<>> counted;
    const auto& array = kinds->as_array();
    for (size_t i = 0; i < array.size(); ++i) {
      const std::string path = At("designations", i);
      const auto* item = ObjectAt(array[i]);
      if (item == nullptr) return core::Error::Validation("命名类型应为对象", path);
      DesignationKind kind;
      ASSIGN_OR_RETURN(kind.kind, json::ReadString(*item, "kind", path, true));
      if (kind.kind.empty() || kind.kind.size() > 40 ||
          !std::all_of(kind.kind.begin(), kind.kind.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; })) {
        return core::Error::Validation("kind 只能由小写字母和下划线组成",
                                       json::JoinPath(path, "kind"));
      }
      if (plan.FindDesignation(kind.kind) != nullptr) {
        return core::Error::Validation("命名类型重复：" + kind.kind, json::JoinPath(path, "kind"));
      }
      ASSIGN_OR_RETURN(kind.name, json::ReadString(*item, "name", path, true));
      ASSIGN_OR_RETURN(kind.level, ReadLevel(*item, "level", path, DivisionLevel::kCommunity));
      if (kind.level == DivisionLevel::kCity) {
        return core::Error::Validation("level 应为 county、town 或 community",
                                       json::JoinPath(path, "level"));
      }
      ASSIGN_OR_RETURN(kind.indicators, json::ReadStringArray(*item, "indicators", path, false));
      for (const auto& id : kind.indicators) {
        const Indicator* indicator = plan.Find(id);
        // Several kinds may add up to one count (A4e: brand organisations and brand projects);
        // a share counts the places holding one kind, so only one kind may make it.
        if (indicator == nullptr ||
            (!counted.insert(id).second && indicator->kind != Kind::kCount)) {
          return core::Error::Validation(
              (indicator == nullptr ? "未知的指标：" : "指标已由另一命名类型计算：") + id,
              json::JoinPath(path, "indicators"));
        }
        if (indicator->kind != Kind::kCount && indicator->kind != Kind::kShare) {
          return core::Error::Validation("由命名计算的指标应为 share 或 count：" + id,
                                         json::JoinPath(path, "indicators"));
        }
      }
      ASSIGN_OR_RETURN(kind.since_plan_start,
                       json::ReadBool(*item, "since_plan_start", path, false, false));
      plan.designations.push_back(std::move(kind));
    }
  }
  return plan;
}

}  // namespace linli::indicators

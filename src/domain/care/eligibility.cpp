#include "domain/care/eligibility.hpp"

#include <algorithm>
#include <set>

#include "core/identity/date.hpp"
#include "core/json_reader.hpp"
#include "domain/care/care.hpp"
#include "domain/people/people.hpp"

namespace linli::care {

namespace {

namespace json = core::json;

constexpr int kMaxDepth = 8;

struct Known {
  const NamesByCode& tags;
  const NamesByCode& categories;
};

// The registry's statuses by their wire names, with their Chinese names.
std::optional<std::string> StatusLabel(std::string_view name) {
  const auto status = people::ResidentStatusFromName(name);
  if (!status) return std::nullopt;
  return std::string(people::ResidentStatusChineseName(*status));
}

core::Result<Condition> ReadCondition(const boost::json::value& value, const std::string& path,
                                      const Known& known, int depth);

core::Result<Condition> ReadGroup(const boost::json::value& value, Condition::Kind kind,
                                  const std::string& path, const Known& known, int depth) {
  Condition out;
  out.kind = kind;
  if (kind == Condition::Kind::kNot) {
    ASSIGN_OR_RETURN(auto child, ReadCondition(value, path, known, depth + 1));
    out.children.push_back(std::move(child));
    return out;
  }
  if (!value.is_array() || value.as_array().empty()) {
    return core::Error::Validation("all / any 应为非空数组", path);
  }
  const auto& array = value.as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    ASSIGN_OR_RETURN(auto child, ReadCondition(array[i], path + "[" + std::to_string(i) + "]",
                                               known, depth + 1));
    out.children.push_back(std::move(child));
  }
  return out;
}

core::Result<Condition> ReadTest(const boost::json::object& object, const std::string& path,
                                 const Known& known) {
  Condition out;
  out.kind = Condition::Kind::kTest;
  ASSIGN_OR_RETURN(std::string fact_name, json::ReadString(object, "fact", path, true));
  const auto fact = kFactNames.From(fact_name);
  if (!fact) return core::Error::Validation("未知事实：" + fact_name, json::JoinPath(path, "fact"));
  out.fact = *fact;
  ASSIGN_OR_RETURN(std::string op_name, json::ReadString(object, "op", path, true));
  const auto op = kOpNames.From(op_name);
  if (!op) return core::Error::Validation("未知运算：" + op_name, json::JoinPath(path, "op"));
  out.op = *op;
  const std::string value_path = json::JoinPath(path, "value");
  const boost::json::value* value = object.if_contains("value");
  if (value == nullptr) return core::Error::Validation("缺少 value", value_path);
  const bool numeric = out.fact == Fact::kAge || out.fact == Fact::kDisabilityGrade;
  const bool listed = out.fact == Fact::kSex || out.fact == Fact::kStatus;
  if (numeric) {
    if (out.op == Op::kIn || out.op == Op::kHas) {
      return core::Error::Validation(fact_name + " 只能用 >=、<=、>、<、=",
                                     json::JoinPath(path, "op"));
    }
    if (!value->is_int64() && !value->is_uint64()) {
      return core::Error::Validation("value 应为整数", value_path);
    }
    out.number = value->to_number<int64_t>();
    const int64_t max = out.fact == Fact::kAge ? 150 : 4;
    const int64_t min = out.fact == Fact::kAge ? 0 : 1;
    if (out.number < min || out.number > max) {
      return core::Error::Validation(
          "value 应在 " + std::to_string(min) + "–" + std::to_string(max) + " 之间", value_path);
    }
    return out;
  }
  if (listed) {
    if (out.op != Op::kIn) {
      return core::Error::Validation(fact_name + " 只能用 in", json::JoinPath(path, "op"));
    }
    if (!value->is_array() || value->as_array().empty()) {
      return core::Error::Validation("value 应为非空数组", value_path);
    }
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) return core::Error::Validation("value 的每一项应为文本", value_path);
      const std::string text(item.as_string());
      std::optional<std::string> label;
      if (out.fact == Fact::kSex) {
        if (text == "male") label = "男";
        if (text == "female") label = "女";
      } else {
        label = StatusLabel(text);
      }
      if (!label) return core::Error::Validation("取值无效：" + text, value_path);
      out.values.push_back(text);
      out.labels.push_back(*label);
    }
    return out;
  }
  // tag, category: has one code.
  if (out.op != Op::kHas) {
    return core::Error::Validation(fact_name + " 只能用 has", json::JoinPath(path, "op"));
  }
  if (!value->is_string()) return core::Error::Validation("value 应为代码", value_path);
  const std::string code(value->as_string());
  const auto& names = out.fact == Fact::kTag ? known.tags : known.categories;
  const auto found = names.find(code);
  if (found == names.end()) {
    return core::Error::Validation(
        std::string(out.fact == Fact::kTag ? "未知人员标签：" : "未知关爱类别：") + code,
        value_path);
  }
  out.values.push_back(code);
  out.labels.push_back(found->second);
  return out;
}

core::Result<Condition> ReadCondition(const boost::json::value& value, const std::string& path,
                                      const Known& known, int depth) {
  if (depth > kMaxDepth) return core::Error::Validation("条件嵌套超过 8 层", path);
  if (!value.is_object()) return core::Error::Validation("条件应为对象", path);
  const auto& object = value.as_object();
  if (const auto* all = object.if_contains("all")) {
    return ReadGroup(*all, Condition::Kind::kAll, path + ".all", known, depth);
  }
  if (const auto* any = object.if_contains("any")) {
    return ReadGroup(*any, Condition::Kind::kAny, path + ".any", known, depth);
  }
  if (const auto* negated = object.if_contains("not")) {
    return ReadGroup(*negated, Condition::Kind::kNot, path + ".not", known, depth);
  }
  return ReadTest(object, path, known);
}

std::string DescribeTest(const Condition& c) {
  std::string out(kFactNames.Label(c.fact));
  switch (c.op) {
    case Op::kIn: {
      std::string list;
      for (const auto& v : c.labels) list += (list.empty() ? "" : "、") + v;
      return out + "属于 " + list;
    }
    case Op::kHas:
      return "具有" + out + " " + (c.labels.empty() ? "" : c.labels[0]);
    default:
      return out + std::string(kOpNames.Label(c.op)) + std::to_string(c.number);
  }
}

}  // namespace

std::string Describe(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::kTest:
      return DescribeTest(condition);
    case Condition::Kind::kNot:
      return "并非（" + Describe(condition.children.at(0)) + "）";
    case Condition::Kind::kAll:
    case Condition::Kind::kAny: {
      const std::string joint = condition.kind == Condition::Kind::kAll ? " 且 " : " 或 ";
      std::string out;
      for (const auto& child : condition.children) {
        const bool group =
            child.kind == Condition::Kind::kAll || child.kind == Condition::Kind::kAny;
        out +=
            (out.empty() ? "" : joint) + (group ? "（" + Describe(child) + "）" : Describe(child));
      }
      return out;
    }
  }
  return "";
}

core::Result<Condition> ParseCondition(const boost::json::value& value, const std::string& path,
                                       const NamesByCode& tags, const NamesByCode& categories) {
  const Known known{tags, categories};
  return ReadCondition(value, path, known, 1);
}

const Benefit* Benefits::Find(std::string_view code) const {
  for (const auto& benefit : benefits) {
    if (benefit.code == code) return &benefit;
  }
  return nullptr;
}

core::Result<Benefits> ParseBenefits(std::string_view text, const NamesByCode& tags,
                                     const NamesByCode& categories) {
  ASSIGN_OR_RETURN(auto document, json::ParseJson(text, "政策找人规则文件"));
  if (!document.is_object()) return core::Error::Validation("规则文件应为对象", "$");
  const auto* list = document.as_object().if_contains("benefits");
  if (list == nullptr || !list->is_array() || list->as_array().empty()) {
    return core::Error::Validation("benefits 应为非空数组", "$.benefits");
  }
  const Known known{tags, categories};
  Benefits out;
  std::set<std::string, std::less<>> codes;
  const auto& array = list->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    const std::string path = "$.benefits[" + std::to_string(i) + "]";
    if (!array[i].is_object()) return core::Error::Validation("应为对象", path);
    const auto& object = array[i].as_object();
    Benefit benefit;
    ASSIGN_OR_RETURN(benefit.code, json::ReadString(object, "code", path, true));
    if (!IsCareCode(benefit.code)) {
      return core::Error::Validation("代码应为 2–40 个小写字母、数字或下划线",
                                     json::JoinPath(path, "code"));
    }
    if (!codes.insert(benefit.code).second) {
      return core::Error::Validation("代码重复：" + benefit.code, json::JoinPath(path, "code"));
    }
    ASSIGN_OR_RETURN(benefit.name, json::ReadString(object, "name", path, true));
    ASSIGN_OR_RETURN(benefit.department, json::ReadString(object, "department", path, false));
    ASSIGN_OR_RETURN(benefit.basis, json::ReadString(object, "basis", path, false));
    const auto* when = object.if_contains("when");
    if (when == nullptr) return core::Error::Validation("缺少 when", json::JoinPath(path, "when"));
    ASSIGN_OR_RETURN(benefit.when, ReadCondition(*when, json::JoinPath(path, "when"), known, 1));
    out.benefits.push_back(std::move(benefit));
  }
  return out;
}

std::string BornBy(std::string_view date, int64_t years) {
  auto parsed = identity::ParseDate(date);
  if (!parsed.ok()) return std::string(date);
  identity::Date d = *parsed;
  d.year -= static_cast<int>(years);
  d.day = std::min(d.day, identity::DaysInMonth(d.year, d.month));
  return identity::FormatDate(d);
}

BirthRange BirthRangeOf(const Condition& c, std::string_view date) {
  // At least n years old is born by BornBy(n); younger than n, born after it.
  BirthRange out;
  switch (c.op) {
    case Op::kGe:
      out.born_by = BornBy(date, c.number);
      break;
    case Op::kGt:
      out.born_by = BornBy(date, c.number + 1);
      break;
    case Op::kLt:
      out.born_after = BornBy(date, c.number);
      break;
    case Op::kLe:
      out.born_after = BornBy(date, c.number + 1);
      break;
    default:
      out.born_by = BornBy(date, c.number);
      out.born_after = BornBy(date, c.number + 1);
      break;
  }
  return out;
}

DatedCondition::DatedCondition(const Condition& condition, std::string_view date)
    : root_(Build(condition, date)) {}

DatedCondition::Node DatedCondition::Build(const Condition& c, std::string_view date) {
  Node node;
  node.condition = &c;
  for (const auto& child : c.children) node.children.push_back(Build(child, date));
  if (c.kind == Condition::Kind::kTest && c.fact == Fact::kAge) node.born = BirthRangeOf(c, date);
  return node;
}

bool DatedCondition::Meets(const PersonFacts& person) const { return Meets(root_, person); }

namespace {

bool Compare(Op op, int64_t left, int64_t right) {
  switch (op) {
    case Op::kGe:
      return left >= right;
    case Op::kLe:
      return left <= right;
    case Op::kGt:
      return left > right;
    case Op::kLt:
      return left < right;
    default:
      return left == right;
  }
}

bool Listed(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

bool DatedCondition::Meets(const Node& node, const PersonFacts& person) {
  const Condition& c = *node.condition;
  switch (c.kind) {
    case Condition::Kind::kAll:
      for (const auto& child : node.children) {
        if (!Meets(child, person)) return false;
      }
      return true;
    case Condition::Kind::kAny:
      for (const auto& child : node.children) {
        if (Meets(child, person)) return true;
      }
      return false;
    case Condition::Kind::kNot:
      return !Meets(node.children.at(0), person);
    case Condition::Kind::kTest:
      break;
  }
  switch (c.fact) {
    case Fact::kAge:
      return (!node.born.born_by || person.birth_date <= *node.born.born_by) &&
             (!node.born.born_after || person.birth_date > *node.born.born_after);
    case Fact::kSex:
      return Listed(c.values, person.sex);
    case Fact::kStatus:
      return Listed(c.values, person.status);
    case Fact::kTag:
      return std::any_of(person.tags.begin(), person.tags.end(),
                         [&](const HeldTag& t) { return t.code == c.values.at(0); });
    case Fact::kDisabilityGrade:
      // A NULL grade compares false, as in SQL.
      return std::any_of(person.tags.begin(), person.tags.end(), [&](const HeldTag& t) {
        return t.code == "disability" && t.grade && Compare(c.op, *t.grade, c.number);
      });
    case Fact::kCategory:
      return std::any_of(person.categories.begin(), person.categories.end(),
                         [&](std::string_view category) { return category == c.values.at(0); });
  }
  return false;
}

Reach ReachOf(const Condition& c, const std::function<double(const Condition&)>& size) {
  Reach out;
  switch (c.kind) {
    case Condition::Kind::kAll: {
      // The narrowest part; everyone only when every part reaches everyone.
      std::optional<Reach> best;
      double best_size = 0;
      for (const auto& child : c.children) {
        Reach reach = ReachOf(child, size);
        if (reach.everyone) continue;
        double total = 0;
        for (const Condition* test : reach.tests) total += size(*test);
        if (!best || total < best_size) {
          best_size = total;
          best = std::move(reach);
        }
      }
      if (best) return *best;
      out.everyone = true;
      return out;
    }
    case Condition::Kind::kAny:
      for (const auto& child : c.children) {
        Reach reach = ReachOf(child, size);
        if (reach.everyone) return reach;
        out.tests.insert(out.tests.end(), reach.tests.begin(), reach.tests.end());
      }
      return out;
    case Condition::Kind::kNot:
      out.everyone = true;
      return out;
    case Condition::Kind::kTest:
      break;
  }
  if (c.fact == Fact::kSex || c.fact == Fact::kStatus) {
    out.everyone = true;
  } else {
    out.tests.push_back(&c);
  }
  return out;
}

}  // namespace linli::care

#include "domain/social_orgs/social_orgs.hpp"

#include <set>

#include "core/json_reader.hpp"

namespace linli::social_orgs {

namespace json = core::json;

namespace {

// GB 32100-2015: the 31 characters of the code, and the weight of each of the first 17 places.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

}  // namespace

const Category* Rules::Find(std::string_view code) const {
  for (const auto& category : categories) {
    if (category.code == code) return &category;
  }
  return nullptr;
}

core::Result<Rules> ParseRules(std::string_view text) {
  ASSIGN_OR_RETURN(boost::json::value root, json::ParseJson(text, "社会组织规则文件"));
  if (!root.is_object()) return core::Error::Validation("规则文件应为 JSON 对象", "");
  const auto& object = root.as_object();
  Rules rules;
  const auto* categories = object.if_contains("categories");
  if (categories == nullptr || !categories->is_array() || categories->as_array().empty()) {
    return core::Error::Validation("categories 应为非空数组", "categories");
  }
  std::set<std::string> seen;
  size_t index = 0;
  for (const auto& item : categories->as_array()) {
    const std::string path = "categories[" + std::to_string(index++) + "]";
    if (!item.is_object()) return core::Error::Validation("类别应为对象", path);
    Category category;
    ASSIGN_OR_RETURN(category.code, json::ReadString(item.as_object(), "code", path, true));
    ASSIGN_OR_RETURN(category.name, json::ReadString(item.as_object(), "name", path, true));
    if (!seen.insert(category.code).second) {
      return core::Error::Validation("类别代码重复：" + category.code, path + ".code");
    }
    rules.categories.push_back(std::move(category));
  }
  const auto* active = object.if_contains("regularly_active");
  if (active == nullptr || !active->is_object()) {
    return core::Error::Validation("regularly_active 应为对象", "regularly_active");
  }
  ASSIGN_OR_RETURN(int64_t months, json::ReadInteger(active->as_object(), "active_months",
                                                     "regularly_active", true, 0));
  ASSIGN_OR_RETURN(int64_t window, json::ReadInteger(active->as_object(), "window_months",
                                                     "regularly_active", true, 0));
  if (window < 1 || window > 36) {
    return core::Error::Validation("window_months 应在 1–36 之间",
                                   "regularly_active.window_months");
  }
  if (months < 1 || months > window) {
    return core::Error::Validation("active_months 应在 1 与 window_months 之间",
                                   "regularly_active.active_months");
  }
  rules.active_months = static_cast<int>(months);
  rules.window_months = static_cast<int>(window);
  return rules;
}

char CreditCodeCheck(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) {
    const size_t value = kAlphabet.find(first17[i]);
    if (value == std::string_view::npos) return '?';
    sum += static_cast<int>(value) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kAlphabet[static_cast<size_t>(check)];
}

bool IsCreditCode(std::string_view code) {
  if (code.size() != 18) return false;
  for (char c : code) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return CreditCodeCheck(code.substr(0, 17)) == code[17];
}

}  // namespace linli::social_orgs

#include "domain/service_requests/service_item.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/json_reader.hpp"
#include "core/state_machine.hpp"
#include "core/text.hpp"

namespace linli::service_requests {
namespace {

constexpr size_t kMaxNameBytes = 300;  // about 100 Chinese characters in UTF-8

template <typename Enum, typename NameFunction>
std::optional<Enum> FromName(std::string_view name, NameFunction name_of) {
  for (Enum value : core::EnumerateNamed<Enum>(name_of)) {
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

bool IsValidCode(std::string_view code) {
  if (code.size() < 3 || code.size() > 32) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string Trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// A non-empty list of non-blank, distinct texts.
core::Status CheckTextList(const std::vector<std::string>& values, std::string_view field,
                           std::string_view label, bool required) {
  if (required && values.empty()) {
    return core::Error::Validation("请至少填写一项" + std::string(label), std::string(field));
  }
  std::set<std::string> seen;
  for (const std::string& value : values) {
    const std::string trimmed = Trimmed(value);
    if (trimmed.empty()) {
      return core::Error::Validation(std::string(label) + "不能有空白项", std::string(field));
    }
    if (trimmed.size() > kMaxNameBytes) {
      return core::Error::Validation(std::string(label) + "过长：" + trimmed.substr(0, 30) + "…",
                                     std::string(field));
    }
    if (!seen.insert(trimmed).second) {
      return core::Error::Validation(std::string(label) + "重复：" + trimmed, std::string(field));
    }
  }
  return core::Ok();
}

template <typename Enum>
core::Status CheckEnumList(const std::vector<Enum>& values, std::string_view field,
                           std::string_view label, std::string_view (*label_of)(Enum)) {
  if (values.empty()) {
    return core::Error::Validation("请至少选择一种" + std::string(label), std::string(field));
  }
  std::set<Enum> seen;
  for (Enum value : values) {
    if (!seen.insert(value).second) {
      return core::Error::Validation(std::string(label) + "重复：" + std::string(label_of(value)),
                                     std::string(field));
    }
  }
  return core::Ok();
}

core::Error Prefixed(core::Error error, const std::string& path, std::string_view code) {
  if (!code.empty()) error.message = "事项 " + std::string(code) + "：" + error.message;
  error.field = core::json::JoinPath(path, error.field);
  return error;
}

template <typename Enum>
core::Result<std::vector<Enum>> ReadEnumArray(const boost::json::object& object,
                                              std::string_view key, const std::string& path,
                                              std::optional<Enum> (*from_name)(std::string_view),
                                              std::string_view label) {
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   core::json::ReadStringArray(object, key, path, true));
  std::vector<Enum> out;
  for (size_t i = 0; i < names.size(); ++i) {
    auto value = from_name(names[i]);
    if (!value) {
      return core::Error::Validation(
          std::string(label) + "无效：" + names[i],
          core::json::JoinPath(path, key) + "[" + std::to_string(i) + "]");
    }
    out.push_back(*value);
  }
  return out;
}

core::Result<std::vector<ProcessStep>> ReadSteps(const boost::json::object& object,
                                                 const std::string& path) {
  std::vector<ProcessStep> steps;
  const boost::json::value* value = object.if_contains("steps");
  if (value == nullptr || value->is_null()) return steps;
  const std::string field = core::json::JoinPath(path, "steps");
  if (!value->is_array()) return core::Error::Validation("办理流程应为数组", field);
  if (value->as_array().size() > static_cast<size_t>(kMaxProcessSteps)) {
    return core::Error::Validation("办理流程最多 20 步", field);
  }
  for (size_t i = 0; i < value->as_array().size(); ++i) {
    const std::string step_path = field + "[" + std::to_string(i) + "]";
    const boost::json::value& step = value->as_array()[i];
    if (!step.is_object()) return core::Error::Validation("办理流程的每一步应为对象", step_path);
    ProcessStep out;
    ASSIGN_OR_RETURN(out.title, core::json::ReadString(step.as_object(), "title", step_path, true));
    ASSIGN_OR_RETURN(out.description,
                     core::json::ReadString(step.as_object(), "description", step_path, false));
    steps.push_back(std::move(out));
  }
  return steps;
}

core::Result<ServiceItem> ItemFromObject(const boost::json::object& object,
                                         const std::string& path) {
  ServiceItem item;
  ASSIGN_OR_RETURN(item.code, core::json::ReadString(object, "code", path, true));
  ASSIGN_OR_RETURN(item.name, core::json::ReadString(object, "name", path, true));
  ASSIGN_OR_RETURN(std::string category, core::json::ReadString(object, "category", path, true));
  auto parsed_category = ServiceCategoryFromName(category);
  if (!parsed_category) {
    return core::Error::Validation("事项类别无效：" + category,
                                   core::json::JoinPath(path, "category"));
  }
  item.category = *parsed_category;
  ASSIGN_OR_RETURN(item.responsible_departments,
                   core::json::ReadStringArray(object, "responsible_departments", path, true));
  ASSIGN_OR_RETURN(item.eligible_groups,
                   core::json::ReadStringArray(object, "eligible_groups", path, true));
  ASSIGN_OR_RETURN(item.required_materials,
                   core::json::ReadStringArray(object, "required_materials", path, true));
  ASSIGN_OR_RETURN(item.legal_basis, core::json::ReadString(object, "legal_basis", path, true));
  ASSIGN_OR_RETURN(item.fee_fen, core::json::ReadInteger(object, "fee_fen", path, false, 0));
  ASSIGN_OR_RETURN(int64_t days,
                   core::json::ReadInteger(object, "promised_working_days", path, true, 0));
  if (days < 0 || days > kMaxPromisedWorkingDays) {
    return core::Error::Validation("承诺办结时限应在 0 到 365 个工作日之间",
                                   core::json::JoinPath(path, "promised_working_days"));
  }
  item.promised_working_days = static_cast<int>(days);
  ASSIGN_OR_RETURN(item.handling_modes,
                   ReadEnumArray<HandlingMode>(object, "handling_modes", path,
                                               &HandlingModeFromName, "办理方式"));
  ASSIGN_OR_RETURN(item.channels,
                   ReadEnumArray<Channel>(object, "channels", path, &ChannelFromName, "受理渠道"));
  ASSIGN_OR_RETURN(item.fully_online,
                   core::json::ReadBool(object, "fully_online", path, true, false));
  ASSIGN_OR_RETURN(item.steps, ReadSteps(object, path));
  ASSIGN_OR_RETURN(int64_t version, core::json::ReadInteger(object, "version", path, false, 1));
  if (version < 1 || version > 1'000'000) {
    return core::Error::Validation("版本号应为正整数", core::json::JoinPath(path, "version"));
  }
  item.version = static_cast<int>(version);
  auto valid = ValidateServiceItem(item);
  if (!valid.ok()) return Prefixed(std::move(valid).error(), path, item.code);
  return item;
}

}  // namespace

std::string_view ServiceCategoryName(ServiceCategory category) {
  switch (category) {
    case ServiceCategory::kCivilAffairs:
      return "civil_affairs";
    case ServiceCategory::kSocialAssistance:
      return "social_assistance";
    case ServiceCategory::kElderlyCare:
      return "elderly_care";
    case ServiceCategory::kDisability:
      return "disability";
    case ServiceCategory::kEmployment:
      return "employment";
    case ServiceCategory::kSocialSecurity:
      return "social_security";
    case ServiceCategory::kHealth:
      return "health";
    case ServiceCategory::kVeterans:
      return "veterans";
    case ServiceCategory::kHouseholdRegistration:
      return "household_registration";
    case ServiceCategory::kCertificates:
      return "certificates";
  }
  return "";
}

std::string_view ServiceCategoryLabel(ServiceCategory category) {
  switch (category) {
    case ServiceCategory::kCivilAffairs:
      return "民政事务";
    case ServiceCategory::kSocialAssistance:
      return "社会救助";
    case ServiceCategory::kElderlyCare:
      return "养老服务";
    case ServiceCategory::kDisability:
      return "残疾人服务";
    case ServiceCategory::kEmployment:
      return "就业创业";
    case ServiceCategory::kSocialSecurity:
      return "社会保障";
    case ServiceCategory::kHealth:
      return "卫生健康";
    case ServiceCategory::kVeterans:
      return "退役军人服务";
    case ServiceCategory::kHouseholdRegistration:
      return "户籍与居住证";
    case ServiceCategory::kCertificates:
      return "证明与证照";
  }
  return "";
}

std::string_view HandlingModeName(HandlingMode mode) {
  switch (mode) {
    case HandlingMode::kHomeVisit:
      return "home_visit";
    case HandlingMode::kAppointment:
      return "appointment";
    case HandlingMode::kSelfService:
      return "self_service";
    case HandlingMode::kEntrusted:
      return "entrusted";
    case HandlingMode::kGridProxy:
      return "grid_proxy";
  }
  return "";
}

std::string_view HandlingModeLabel(HandlingMode mode) {
  switch (mode) {
    case HandlingMode::kHomeVisit:
      return "上门办";
    case HandlingMode::kAppointment:
      return "预约办";
    case HandlingMode::kSelfService:
      return "自助办";
    case HandlingMode::kEntrusted:
      return "委托代办";
    case HandlingMode::kGridProxy:
      return "网格代办";
  }
  return "";
}

std::string_view ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kWeb:
      return "web";
    case Channel::kMobile:
      return "mobile";
    case Channel::kKiosk:
      return "kiosk";
    case Channel::kWindow:
      return "window";
  }
  return "";
}

std::string_view ChannelLabel(Channel channel) {
  switch (channel) {
    case Channel::kWeb:
      return "网端";
    case Channel::kMobile:
      return "掌端";
    case Channel::kKiosk:
      return "自助端";
    case Channel::kWindow:
      return "窗口端";
  }
  return "";
}

std::optional<ServiceCategory> ServiceCategoryFromName(std::string_view name) {
  return FromName<ServiceCategory>(name, &ServiceCategoryName);
}
std::optional<HandlingMode> HandlingModeFromName(std::string_view name) {
  return FromName<HandlingMode>(name, &HandlingModeName);
}
std::optional<Channel> ChannelFromName(std::string_view name) {
  return FromName<Channel>(name, &ChannelName);
}
std::vector<ServiceCategory> AllServiceCategories() {
  return core::EnumerateNamed<ServiceCategory>(&ServiceCategoryName);
}
std::vector<HandlingMode> AllHandlingModes() {
  return core::EnumerateNamed<HandlingMode>(&HandlingModeName);
}
std::vector<Channel> AllChannels() { return core::EnumerateNamed<Channel>(&ChannelName); }

core::Status ValidateProcessSteps(const std::vector<ProcessStep>& steps) {
  if (steps.size() > static_cast<size_t>(kMaxProcessSteps)) {
    return core::Error::Validation("办理流程最多 20 步", "steps");
  }
  std::set<std::string> titles;
  for (size_t i = 0; i < steps.size(); ++i) {
    const std::string field = "steps[" + std::to_string(i) + "]";
    const ProcessStep& step = steps[i];
    TRY(core::CheckText(step.title, field + ".title", core::TextRule::kSingleLine));
    TRY(core::CheckText(step.description, field + ".description", core::TextRule::kMultiLine));
    const std::string title = Trimmed(step.title);
    if (title.empty()) {
      return core::Error::Validation("第 " + std::to_string(i + 1) + " 步的名称不能为空",
                                     field + ".title");
    }
    if (core::CodePointCount(step.title) > kMaxStepTitleChars) {
      return core::Error::Validation("第 " + std::to_string(i + 1) + " 步的名称不超过 30 个字",
                                     field + ".title");
    }
    if (core::CodePointCount(step.description) > kMaxStepDescriptionChars) {
      return core::Error::Validation("第 " + std::to_string(i + 1) + " 步的说明不超过 200 个字",
                                     field + ".description");
    }
    if (!titles.insert(title).second) {
      return core::Error::Validation("办理流程的步骤名称重复：" + title, field + ".title");
    }
  }
  return core::Ok();
}

bool OffersOnlineApplication(const ServiceItem& item) {
  const bool online_channel =
      std::find(item.channels.begin(), item.channels.end(), Channel::kWeb) != item.channels.end() ||
      std::find(item.channels.begin(), item.channels.end(), Channel::kMobile) !=
          item.channels.end();
  return online_channel;
}

bool OffersAppointment(const ServiceItem& item) {
  return std::find(item.handling_modes.begin(), item.handling_modes.end(),
                   HandlingMode::kAppointment) != item.handling_modes.end();
}

core::Status ValidateServiceItem(const ServiceItem& item) {
  if (item.code.empty()) return core::Error::Validation("事项编码不能为空", "code");
  if (!IsValidCode(item.code)) {
    return core::Error::Validation("事项编码只能由大写字母、数字和连字符组成，长度 3–32", "code");
  }
  if (Trimmed(item.name).empty()) return core::Error::Validation("事项名称不能为空", "name");
  if (item.name.size() > kMaxNameBytes) return core::Error::Validation("事项名称过长", "name");
  if (ServiceCategoryName(item.category).empty()) {
    return core::Error::Validation("事项类别无效", "category");
  }
  TRY(CheckTextList(item.responsible_departments, "responsible_departments", "责任部门", true));
  TRY(CheckTextList(item.eligible_groups, "eligible_groups", "服务对象", true));
  TRY(CheckTextList(item.required_materials, "required_materials", "申请材料", true));
  if (Trimmed(item.legal_basis).empty()) {
    return core::Error::Validation("请填写设定依据（法规或政策文件名称）", "legal_basis");
  }
  if (item.fee_fen < 0) return core::Error::Validation("收费标准不能为负数", "fee_fen");
  if (item.promised_working_days < 0 || item.promised_working_days > kMaxPromisedWorkingDays) {
    return core::Error::Validation("承诺办结时限应在 0 到 365 个工作日之间",
                                   "promised_working_days");
  }
  TRY(CheckEnumList(item.handling_modes, "handling_modes", "办理方式", &HandlingModeLabel));
  TRY(CheckEnumList(item.channels, "channels", "受理渠道", &ChannelLabel));
  const bool has_online_channel =
      std::find(item.channels.begin(), item.channels.end(), Channel::kWeb) != item.channels.end() ||
      std::find(item.channels.begin(), item.channels.end(), Channel::kMobile) !=
          item.channels.end();
  if (item.fully_online && !has_online_channel) {
    return core::Error::Validation("可全程网办的事项必须开放网端或掌端受理", "fully_online");
  }
  TRY(ValidateProcessSteps(item.steps));
  if (item.version < 1) return core::Error::Validation("版本号应为正整数", "version");
  return core::Ok();
}

core::Result<ServiceItem> ReviseServiceItem(const ServiceItem& current, ServiceItem revised) {
  if (revised.code != current.code) {
    return core::Error::Validation("修订事项时不能修改事项编码", "code");
  }
  revised.version = current.version + 1;
  TRY(ValidateServiceItem(revised));
  return revised;
}

core::Status CheckRequestAllowed(const ServiceItem& item, Channel channel, HandlingMode mode) {
  if (std::find(item.channels.begin(), item.channels.end(), channel) == item.channels.end()) {
    return core::Error::Validation(
        "事项「" + item.name + "」不接受" + std::string(ChannelLabel(channel)) + "申请", "channel");
  }
  if (std::find(item.handling_modes.begin(), item.handling_modes.end(), mode) ==
      item.handling_modes.end()) {
    return core::Error::Validation(
        "事项「" + item.name + "」不支持" + std::string(HandlingModeLabel(mode)), "handling_mode");
  }
  return core::Ok();
}

core::Result<ServiceItem> ServiceItemFromJson(std::string_view json_text) {
  ASSIGN_OR_RETURN(boost::json::value root, core::json::ParseJson(json_text, "服务事项"));
  if (!root.is_object()) return core::Error::Validation("服务事项应为 JSON 对象", "");
  return ItemFromObject(root.as_object(), "");
}

core::Result<std::vector<ServiceItem>> ParseCatalogueJson(std::string_view json_text) {
  ASSIGN_OR_RETURN(boost::json::value root, core::json::ParseJson(json_text, "服务事项清单"));
  if (!root.is_object()) return core::Error::Validation("服务事项清单应为 JSON 对象", "");
  const boost::json::value* items = root.as_object().if_contains("items");
  if (items == nullptr || !items->is_array()) {
    return core::Error::Validation("缺少 items 数组", "items");
  }
  std::vector<ServiceItem> out;
  std::set<std::string> codes;
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    const std::string path = "items[" + std::to_string(i) + "]";
    const boost::json::value& value = items->as_array()[i];
    if (!value.is_object()) return core::Error::Validation("服务事项应为 JSON 对象", path);
    ASSIGN_OR_RETURN(ServiceItem item, ItemFromObject(value.as_object(), path));
    if (!codes.insert(item.code).second) {
      return core::Error::Validation("事项编码重复：" + item.code, path + ".code");
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::string ServiceItemToJson(const ServiceItem& item) {
  boost::json::object object;
  object["code"] = item.code;
  object["name"] = item.name;
  object["category"] = ServiceCategoryName(item.category);
  auto strings = [](const std::vector<std::string>& values) {
    boost::json::array array;
    for (const auto& value : values) array.emplace_back(value);
    return array;
  };
  object["responsible_departments"] = strings(item.responsible_departments);
  object["eligible_groups"] = strings(item.eligible_groups);
  object["required_materials"] = strings(item.required_materials);
  object["legal_basis"] = item.legal_basis;
  object["fee_fen"] = item.fee_fen;
  object["promised_working_days"] = item.promised_working_days;
  boost::json::array modes;
  for (HandlingMode mode : item.handling_modes) modes.emplace_back(HandlingModeName(mode));
  object["handling_modes"] = std::move(modes);
  boost::json::array channels;
  for (Channel channel : item.channels) channels.emplace_back(ChannelName(channel));
  object["channels"] = std::move(channels);
  object["fully_online"] = item.fully_online;
  boost::json::array steps;
  for (const ProcessStep& step : item.steps) {
    steps.emplace_back(
        boost::json::object{{"title", step.title}, {"description", step.description}});
  }
  object["steps"] = std::move(steps);
  object["version"] = item.version;
  return boost::json::serialize(object);
}

}  // namespace linli::service_requests

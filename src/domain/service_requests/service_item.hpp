// Service catalogue (服务事项清单) and service guide (服务指南): the model of one service item,
// its validation, and the JSON form the shipped catalogue (data/catalogue/*.json) and the
// administrators' editor use.
//
// Items are versioned: a revision keeps the code and raises the version by one, and a request
// records the (code, version) it was made against, so editing an item never changes requests
// already made. Fees are integers in fen (分, 1/100 yuan).
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::service_requests {

enum class ServiceCategory {
  kCivilAffairs,           // civil_affairs 民政事务
  kSocialAssistance,       // social_assistance 社会救助
  kElderlyCare,            // elderly_care 养老服务
  kDisability,             // disability 残疾人服务
  kEmployment,             // employment 就业创业
  kSocialSecurity,         // social_security 社会保障
  kHealth,                 // health 卫生健康
  kVeterans,               // veterans 退役军人服务
  kHouseholdRegistration,  // household_registration 户籍与居住证
  kCertificates,           // certificates 证明与证照
};
// How an item is handled (HandlingMode in the glossary).
enum class HandlingMode {
  kHomeVisit,    // home_visit 上门
  kAppointment,  // appointment 预约
  kSelfService,  // self_service 自助
  kEntrusted,    // entrusted 委托代办
  kGridProxy,    // grid_proxy 网格代办
};
// Where a request comes in ("four ends", 四端).
enum class Channel {
  kWeb,     // web 网端
  kMobile,  // mobile 掌端
  kKiosk,   // kiosk 自助端
  kWindow,  // window 窗口端
};

std::string_view ServiceCategoryName(ServiceCategory category);
std::string_view ServiceCategoryLabel(ServiceCategory category);  // Chinese
std::optional<ServiceCategory> ServiceCategoryFromName(std::string_view name);
std::string_view HandlingModeName(HandlingMode mode);
std::string_view HandlingModeLabel(HandlingMode mode);
std::optional<HandlingMode> HandlingModeFromName(std::string_view name);
std::string_view ChannelName(Channel channel);
std::string_view ChannelLabel(Channel channel);
std::optional<Channel> ChannelFromName(std::string_view name);
std::vector<ServiceCategory> AllServiceCategories();
std::vector<HandlingMode> AllHandlingModes();
std::vector<Channel> AllChannels();

// One step of the item's process (办理流程), shown in order in the public guide.
struct ProcessStep {
  std::string title;        // "受理": 1–30 characters, one line
  std::string description;  // what happens in it: up to 200 characters, may be empty

  bool operator==(const ProcessStep&) const = default;
};

inline constexpr int kMaxProcessSteps = 20;
inline constexpr size_t kMaxStepTitleChars = 30;
inline constexpr size_t kMaxStepDescriptionChars = 200;

struct ServiceItem {
  std::string code;  // "YZ-MZ-001": capital letters, digits and '-', 3–32 characters
  std::string name;
  ServiceCategory category = ServiceCategory::kCivilAffairs;
  std::vector<std::string> responsible_departments;  // "区民政局", ...
  std::vector<std::string> eligible_groups;
  std::vector<std::string> required_materials;
  std::string legal_basis;  // the regulation(s) by name
  int64_t fee_fen = 0;
  int promised_working_days = 0;  // 0 = handled on the spot (即办)
  std::vector<HandlingMode> handling_modes;
  std::vector<Channel> channels;
  bool fully_online = false;       // can be handled end to end online (counts for 一网通办率)
  std::vector<ProcessStep> steps;  // 办理流程, in order; at most kMaxProcessSteps
  int version = 1;

  bool operator==(const ServiceItem&) const = default;
};

inline constexpr int kMaxPromisedWorkingDays = 365;

// Checks every field; the error's field is the item's field name ("channels", ...; a step's
// field is "steps[2].title").
core::Status ValidateServiceItem(const ServiceItem& item);
core::Status ValidateProcessSteps(const std::vector<ProcessStep>& steps);

// Whether the public guide offers 在线申请: the item takes web or mobile requests and is
// fully online or allows a self-service filing online. 预约办理: it has the appointment mode.
bool OffersOnlineApplication(const ServiceItem& item);
bool OffersAppointment(const ServiceItem& item);

// A new version of `current`: same code, version + 1, validated.
core::Result<ServiceItem> ReviseServiceItem(const ServiceItem& current, ServiceItem revised);

// Whether a request may come in through `channel` with `mode` (kValidationFailed, naming
// "channel" or "handling_mode", otherwise).
core::Status CheckRequestAllowed(const ServiceItem& item, Channel channel, HandlingMode mode);

// One item from its JSON object (the catalogue file's item format).
core::Result<ServiceItem> ServiceItemFromJson(std::string_view json_text);
// A catalogue file: {"items": [...]}; every item validated, codes unique. Error fields are
// JSON paths ("items[3].channels").
core::Result<std::vector<ServiceItem>> ParseCatalogueJson(std::string_view json_text);
std::string ServiceItemToJson(const ServiceItem& item);

}  // namespace linli::service_requests

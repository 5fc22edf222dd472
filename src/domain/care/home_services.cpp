#include "domain/care/home_services.hpp"

#include <algorithm>
#include <set>

#include "core/json_reader.hpp"
#include "domain/care/care.hpp"

namespace linli::care {

namespace {

namespace json = core::json;

constexpr int64_t kMaxMonthlyUnits = 1000;

}  // namespace

const HomeServiceType* HomeServiceRules::Find(std::string_view code) const {
  for (const auto& service : services) {
    if (service.code == code) return &service;
  }
  return nullptr;
}

core::Result<HomeServiceRules> ParseHomeServices(std::string_view text, const NamesByCode& tags,
                                                 const NamesByCode& categories) {
  ASSIGN_OR_RETURN(auto document, json::ParseJson(text, "居家服务文件"));
  if (!document.is_object()) return core::Error::Validation("居家服务文件应为对象", "$");
  const auto& root = document.as_object();
  HomeServiceRules out;
  ASSIGN_OR_RETURN(out.elderly_age, json::ReadInteger(root, "elderly_age", "$", false, 60));
  if (out.elderly_age < 50 || out.elderly_age > 80) {
    return core::Error::Validation("elderly_age 应在 50–80 之间", "$.elderly_age");
  }
  const auto* services = root.if_contains("services");
  if (services == nullptr || !services->is_array() || services->as_array().empty()) {
    return core::Error::Validation("services 应为非空数组", "$.services");
  }
  std::set<std::string, std::less<>> codes;
  for (size_t i = 0; i < services->as_array().size(); ++i) {
    const std::string path = "$.services[" + std::to_string(i) + "]";
    const auto& item = services->as_array()[i];
    if (!item.is_object()) return core::Error::Validation("应为对象", path);
    HomeServiceType service;
    ASSIGN_OR_RETURN(service.code, json::ReadString(item.as_object(), "code", path, true));
    if (!IsCareCode(service.code)) {
      return core::Error::Validation("代码应为 2–40 个小写字母、数字或下划线",
                                     json::JoinPath(path, "code"));
    }
    if (!codes.insert(service.code).second) {
      return core::Error::Validation("代码重复：" + service.code, json::JoinPath(path, "code"));
    }
    ASSIGN_OR_RETURN(service.name, json::ReadString(item.as_object(), "name", path, true));
    ASSIGN_OR_RETURN(service.unit, json::ReadString(item.as_object(), "unit", path, true));
    out.services.push_back(std::move(service));
  }
  const auto* subsidies = root.if_contains("subsidies");
  if (subsidies != nullptr && !subsidies->is_array()) {
    return core::Error::Validation("subsidies 应为数组", "$.subsidies");
  }
  std::set<std::string, std::less<>> subsidy_codes;
  for (size_t i = 0; subsidies != nullptr && i < subsidies->as_array().size(); ++i) {
    const std::string path = "$.subsidies[" + std::to_string(i) + "]";
    const auto& item = subsidies->as_array()[i];
    if (!item.is_object()) return core::Error::Validation("应为对象", path);
    const auto& object = item.as_object();
    HomeSubsidy subsidy;
    ASSIGN_OR_RETURN(subsidy.code, json::ReadString(object, "code", path, true));
    if (!IsCareCode(subsidy.code)) {
      return core::Error::Validation("代码应为 2–40 个小写字母、数字或下划线",
                                     json::JoinPath(path, "code"));
    }
    if (!subsidy_codes.insert(subsidy.code).second) {
      return core::Error::Validation("代码重复：" + subsidy.code, json::JoinPath(path, "code"));
    }
    ASSIGN_OR_RETURN(subsidy.name, json::ReadString(object, "name", path, true));
    ASSIGN_OR_RETURN(subsidy.basis, json::ReadString(object, "basis", path, false));
    const auto* when = object.if_contains("when");
    if (when == nullptr) return core::Error::Validation("缺少 when", json::JoinPath(path, "when"));
    ASSIGN_OR_RETURN(subsidy.when,
                     ParseCondition(*when, json::JoinPath(path, "when"), tags, categories));
    const auto* monthly = object.if_contains("monthly");
    const std::string monthly_path = json::JoinPath(path, "monthly");
    if (monthly == nullptr || !monthly->is_object() || monthly->as_object().empty()) {
      return core::Error::Validation("monthly 应为非空对象（服务 → 每月单位数）", monthly_path);
    }
    for (const auto& [key, value] : monthly->as_object()) {
      const std::string where = json::JoinPath(monthly_path, key);
      if (out.Find(key) == nullptr) {
        return core::Error::Validation("未知服务：" + std::string(key), where);
      }
      if (!value.is_int64() && !value.is_uint64()) {
        return core::Error::Validation("每月单位数应为整数", where);
      }
      const int64_t units = value.to_number<int64_t>();
      if (units < 1 || units > kMaxMonthlyUnits) {
        return core::Error::Validation("每月单位数应在 1–1000 之间", where);
      }
      subsidy.monthly[std::string(key)] = units;
    }
    out.subsidies.push_back(std::move(subsidy));
  }
  return out;
}

std::vector<Entitlement> Entitlements(const HomeServiceRules& rules, const std::vector<bool>& met,
                                      const std::map<std::string, int64_t>& used) {
  std::vector<Entitlement> out;
  for (const auto& service : rules.services) {
    Entitlement entitlement;
    entitlement.service = service.code;
    for (size_t i = 0; i < rules.subsidies.size() && i < met.size(); ++i) {
      if (!met[i]) continue;
      const auto it = rules.subsidies[i].monthly.find(service.code);
      if (it == rules.subsidies[i].monthly.end()) continue;
      if (it->second > entitlement.entitled) {
        entitlement.entitled = it->second;
        entitlement.subsidies = {rules.subsidies[i].code};
      } else if (it->second == entitlement.entitled) {
        entitlement.subsidies.push_back(rules.subsidies[i].code);
      }
    }
    if (const auto it = used.find(service.code); it != used.end()) entitlement.used = it->second;
    out.push_back(std::move(entitlement));
  }
  return out;
}

Settlement Settle(int64_t units, int64_t price_cents, int64_t remaining) {
  Settlement out;
  out.units = std::max<int64_t>(units, 0);
  out.subsidy_units = std::clamp<int64_t>(remaining, 0, out.units);
  out.amount_cents = out.units * price_cents;
  out.subsidy_cents = out.subsidy_units * price_cents;
  return out;
}

const ProviderOffer* Provider::Offer(std::string_view service) const {
  for (const auto& offer : services) {
    if (offer.service == service) return &offer;
  }
  return nullptr;
}

bool Provider::Serves(std::string_view place) const {
  return std::any_of(areas.begin(), areas.end(),
                     [place](const Place& area) { return place.starts_with(area.code); });
}

StatementTotals TotalsOf(const std::vector<StatementLine>& lines) {
  StatementTotals totals;
  for (const auto& line : lines) {
    totals.orders += 1;
    totals.units += line.units;
    totals.amount_cents += line.amount_cents;
    totals.subsidy_cents += line.subsidy_cents;
  }
  return totals;
}

}  // namespace linli::care

#include "domain/care/home_service_service.hpp"

#include <algorithm>
#include <random>
#include <set>

#include "core/division_code.hpp"
#include "core/identity/date.hpp"
#include "core/identity/phone.hpp"
#include "core/text.hpp"
#include "domain/care/care.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

constexpr const char* kProviderSubject = "provider";
constexpr const char* kOrderSubject = "home_order";
constexpr const char* kStatementSubject = "home_statement";
constexpr int64_t kMaxUnits = 100;
constexpr int64_t kMaxPriceCents = 1'000'000;  // 10,000 yuan
constexpr size_t kMaxAreas = 50;
constexpr size_t kMaxQualifications = 20;

core::Status CheckText(std::string_view text, std::string_view field, size_t max, bool required) {
  TRY(core::CheckText(text, field, core::TextRule::kSingleLine));
  if (required && text.empty()) {
    return core::Error::Validation(std::string(field) + " 不能为空", std::string(field));
  }
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation(
        std::string(field) + " 不能超过 " + std::to_string(max) + " 个字符", std::string(field));
  }
  return core::Ok();
}

core::Status CheckNote(std::string_view text, std::string_view field, size_t max, bool required) {
  TRY(core::CheckText(text, field, core::TextRule::kMultiLine));
  if (required && text.empty()) {
    return core::Error::Validation(std::string(field) + " 不能为空", std::string(field));
  }
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation(
        std::string(field) + " 不能超过 " + std::to_string(max) + " 个字符", std::string(field));
  }
  return core::Ok();
}

// 统一社会信用代码: 18 characters of 0-9 and A-Z without I, O, S, V, Z.
bool IsCreditCode(std::string_view code) {
  if (code.size() != 18) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= '0' && c <= '9') ||
           (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'S' && c != 'V' && c != 'Z');
  });
}

core::Result<std::string> CheckedMonth(std::string_view month) {
  if (month.size() != 7 || !MonthIndex(month)) {
    return core::Error::InvalidArgument("month 应为 YYYY-MM 格式", "month");
  }
  return std::string(month);
}

std::string DivisionOf(std::string_view place) {
  return std::string(place.substr(0, std::min<size_t>(place.size(), 12)));
}

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

bool ValidLocation(std::optional<double> lat, std::optional<double> lon) {
  if (!lat && !lon) return true;
  return lat && lon && *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180;
}

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out + "\"";
}

}  // namespace

HomeServices::HomeServices(HomeServiceRepository& repository, EligibilityRepository& eligibility,
                           people::PeopleRepository& people, audit::AuditLog& audit,
                           HomeServiceRules rules, const core::Clock& clock)
    : repository_(repository),
      eligibility_(eligibility),
      people_(people),
      audit_(audit),
      rules_(std::move(rules)),
      clock_(clock) {}

std::string HomeServices::Today() const {
  return calendar::ChinaDateOf(clock_.NowMillis()).ToString();
}

// ----- providers -----

core::Result<core::Page<Provider>> HomeServices::ListProviders(const ProviderQuery& query,
                                                               const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  if (!query.service.empty() && rules_.Find(query.service) == nullptr) {
    return core::Error::InvalidArgument("未知服务：" + query.service, "service");
  }
  return repository_.ListProviders(query, caller.ScopeFor(Permission::kHomecareRead));
}

core::Result<Provider> HomeServices::GetProvider(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto provider,
                   repository_.FindProvider(id, caller.ScopeFor(Permission::kHomecareRead)));
  if (!provider) return core::Error::NotFound("服务商不存在");
  return std::move(*provider);
}

std::optional<std::pair<std::string, std::string>> HomeServices::ActiveProviderPlace(int64_t id) {
  auto place = repository_.ActiveProviderPlace(id);
  return place.ok() ? *place : std::nullopt;
}

core::Result<Provider> HomeServices::CheckedProvider(const ProviderInput& input,
                                                     const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kHomecareManage);
  Provider p;
  p.name = Trim(input.name);
  TRY(CheckText(p.name, "name", 100, true));
  p.kind = input.kind;
  if (p.kind == ProviderKind::kFacility) {
    if (!input.facility_id) return core::Error::Validation("服务设施须指定设施", "facility_id");
    ASSIGN_OR_RETURN(auto facility, repository_.FacilityName(*input.facility_id, scope));
    if (!facility) return core::Error::Validation("设施不存在或不在管辖范围内", "facility_id");
    p.facility_id = input.facility_id;
    p.facility_name = *facility;
  } else if (input.facility_id) {
    return core::Error::Validation("服务组织不关联设施", "facility_id");
  }
  p.credit_code = Trim(input.credit_code);
  if (!p.credit_code.empty() && !IsCreditCode(p.credit_code)) {
    return core::Error::Validation("统一社会信用代码应为 18 位数字或大写字母", "credit_code");
  }
  const auto level = core::LevelOfCode(input.place_code);
  if (!level || (*level != core::DivisionLevel::kCounty && *level != core::DivisionLevel::kTown &&
                 *level != core::DivisionLevel::kCommunity)) {
    return core::Error::Validation("登记地应为县（市、区）、乡镇（街道）或社区（村）",
                                   "place_code");
  }
  if (!scope.Covers(input.place_code)) {
    return core::Error::Validation("登记地不在管辖范围内", "place_code");
  }
  p.place_code = input.place_code;
  std::set<std::string> areas(input.areas.begin(), input.areas.end());
  if (areas.empty()) areas.insert(p.place_code);
  if (areas.size() > kMaxAreas) return core::Error::Validation("服务区域不能超过 50 个", "areas");
  for (const auto& area : areas) {
    const auto area_level = core::LevelOfCode(area);
    if (!area_level || !area.starts_with(p.place_code) ||
        *area_level == core::DivisionLevel::kGrid ||
        *area_level == core::DivisionLevel::kMicroGrid) {
      return core::Error::Validation("服务区域应为登记地或其下的地区：" + area, "areas");
    }
    p.areas.push_back({area, ""});
  }
  if (input.services.empty()) return core::Error::Validation("至少提供一项服务", "services");
  std::set<std::string> seen;
  for (const auto& offer : input.services) {
    if (rules_.Find(offer.service) == nullptr) {
      return core::Error::Validation("未知服务：" + offer.service, "services");
    }
    if (!seen.insert(offer.service).second) {
      return core::Error::Validation("服务重复：" + offer.service, "services");
    }
    if (offer.price_cents < 0 || offer.price_cents > kMaxPriceCents) {
      return core::Error::Validation("价格应在 0–10000 元之间", "services");
    }
    p.services.push_back(offer);
  }
  if (input.qualifications.size() > kMaxQualifications) {
    return core::Error::Validation("资质不能超过 20 项", "qualifications");
  }
  for (const auto& q : input.qualifications) {
    TRY(CheckText(q.name, "qualifications", 60, true));
    TRY(CheckText(q.number, "qualifications", 60, false));
    if (!q.valid_until.empty() && !identity::ParseDate(q.valid_until).ok()) {
      return core::Error::Validation("资质有效期应为 YYYY-MM-DD", "qualifications");
    }
    p.qualifications.push_back(q);
  }
  p.contact_name = Trim(input.contact_name);
  TRY(CheckText(p.contact_name, "contact_name", 30, true));
  auto phone = identity::ParsePhone(input.contact_phone);
  if (!phone.ok()) return core::Error::Validation("联系电话格式不正确", "contact_phone");
  p.contact_phone = phone->text;
  p.status = input.status.value_or(ProviderStatus::kActive);
  return p;
}

core::Result<Provider> HomeServices::CreateProvider(const ProviderInput& input,
                                                    const Caller& caller) {
  ASSIGN_OR_RETURN(Provider provider, CheckedProvider(input, caller));
  provider.status = ProviderStatus::kActive;
  provider.created_by = caller.account_id();
  provider.created_at = provider.updated_at = clock_.NowMillis();
  auto entry =
      caller.AuditEntry(audit::AuditAction::kCreate, kProviderSubject, "", provider.place_code,
                        "{\"name\":" + Quoted(provider.name) + "}", provider.created_at);
  ASSIGN_OR_RETURN(auto stored, repository_.InsertProvider(provider, entry));
  return GetProvider(stored.id, caller);
}

core::Result<Provider> HomeServices::UpdateProvider(int64_t id, const ProviderInput& input,
                                                    const Caller& caller) {
  ASSIGN_OR_RETURN(auto existing,
                   repository_.FindProvider(id, caller.ScopeFor(Permission::kHomecareManage)));
  if (!existing) return core::Error::NotFound("服务商不存在");
  ASSIGN_OR_RETURN(Provider provider, CheckedProvider(input, caller));
  provider.id = id;
  provider.created_by = existing->created_by;
  provider.created_at = existing->created_at;
  provider.synthetic = existing->synthetic;
  provider.updated_at = clock_.NowMillis();
  auto entry = caller.AuditEntry(
      audit::AuditAction::kUpdate, kProviderSubject, std::to_string(id), provider.place_code,
      "{\"name\":" + Quoted(provider.name) + ",\"status\":\"" +
          std::string(kProviderStatusNames.Name(provider.status)) + "\"}",
      provider.updated_at);
  TRY(repository_.UpdateProvider(provider, entry));
  return GetProvider(id, caller);
}

// ----- statements -----

core::Result<Statement> HomeServices::GetStatement(int64_t provider_id, std::string_view month,
                                                   const Caller& caller) {
  ASSIGN_OR_RETURN(std::string checked, CheckedMonth(month));
  Statement out;
  ASSIGN_OR_RETURN(out.provider, GetProvider(provider_id, caller));
  out.month = checked;
  ASSIGN_OR_RETURN(out.lines, repository_.StatementLines(provider_id, checked));
  out.totals = TotalsOf(out.lines);
  ASSIGN_OR_RETURN(out.closed, repository_.FindClosed(provider_id, checked));
  return out;
}

core::Result<Statement> HomeServices::CloseStatement(int64_t provider_id, std::string_view month,
                                                     const Caller& caller) {
  ASSIGN_OR_RETURN(std::string checked, CheckedMonth(month));
  ASSIGN_OR_RETURN(auto provider, repository_.FindProvider(
                                      provider_id, caller.ScopeFor(Permission::kHomecareManage)));
  if (!provider) return core::Error::NotFound("服务商不存在");
  if (checked >= Today().substr(0, 7)) {
    return core::Error::Validation("只能关闭已结束月份的结算", "month");
  }
  const int64_t now = clock_.NowMillis();
  auto entry = caller.AuditEntry(audit::AuditAction::kUpdate, kStatementSubject,
                                 std::to_string(provider_id) + "/" + checked, provider->place_code,
                                 "{\"month\":\"" + checked + "\",\"closed\":true}", now);
  ASSIGN_OR_RETURN(bool closed,
                   repository_.CloseStatement(provider_id, checked, now, caller.account_id(),
                                              caller.name_for_people(), entry));
  if (!closed) return core::Error::FailedPrecondition("该月结算已关闭");
  return GetStatement(provider_id, checked, caller);
}

// ----- orders -----

core::Result<OrderView> HomeServices::View(HomeOrder order, const Caller& caller) {
  std::vector<HomeOrder> one;
  one.push_back(std::move(order));
  ASSIGN_OR_RETURN(auto views, Views(std::move(one), caller));
  return std::move(views.front());
}

core::Result<std::vector<OrderView>> HomeServices::Views(std::vector<HomeOrder> orders,
                                                         const Caller& caller) {
  // The people of the orders at once (the orders are already in the caller's reach).
  std::vector<int64_t> ids;
  ids.reserve(orders.size());
  for (const auto& order : orders) ids.push_back(order.resident_id);
  ASSIGN_OR_RETURN(auto people, people_.FindResidentsByIds(ids));
  std::map<int64_t, std::string> phones;
  for (auto& person : people) phones[person.id] = std::move(person.phone);
  const auto providers = ProviderIdsOf(caller);
  const core::Scope personal = caller.ScopeFor(Permission::kPeoplePersonalData);
  std::vector<OrderView> out;
  out.reserve(orders.size());
  for (auto& order : orders) {
    OrderView view;
    const auto phone = phones.find(order.resident_id);
    if (phone != phones.end() && !phone->second.empty()) {
      const bool active =
          order.status == OrderStatus::kScheduled || order.status == OrderStatus::kServing;
      const bool staff = active && std::find(providers.begin(), providers.end(),
                                             order.provider_id) != providers.end();
      if (staff || personal.Covers(order.place_code)) {
        view.contact_phone = phone->second;
        TRY(audit_.Append(caller.AuditEntry(
            audit::AuditAction::kRead, "resident", std::to_string(order.resident_id),
            DivisionOf(order.place_code),
            "{\"fields\":[\"phone\"],\"home_order\":" + std::to_string(order.id) + "}",
            clock_.NowMillis())));
      } else {
        view.contact_phone = identity::MaskPhone(phone->second);
      }
    }
    view.order = std::move(order);
    out.push_back(std::move(view));
  }
  return out;
}

std::vector<int64_t> HomeServices::ProviderIdsOf(const Caller& caller) const {
  std::vector<int64_t> out;
  for (const auto& grant : caller.grants()) {
    if (grant.role == access::Role::kProvider && grant.provider_id) {
      out.push_back(*grant.provider_id);
    }
  }
  return out;
}

core::Result<core::Page<HomeOrder>> HomeServices::ListOrders(const OrderQuery& query,
                                                             const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  if (!query.month.empty()) TRY(CheckedMonth(query.month));
  if (!query.service.empty() && rules_.Find(query.service) == nullptr) {
    return core::Error::InvalidArgument("未知服务：" + query.service, "service");
  }
  OrderQuery checked = query;
  if (!checked.date.empty()) {
    auto day = calendar::Date::Parse(checked.date);
    if (!day.ok()) return core::Error::InvalidArgument("date 应为 YYYY-MM-DD", "date");
    checked.date_from = calendar::StartOfChinaDay(*day);
    checked.date_to = calendar::StartOfChinaDay(day->AddDays(1));
  }
  return repository_.ListOrders(checked, caller.ScopeFor(Permission::kHomecareRead), {});
}

core::Result<OrderView> HomeServices::GetOrder(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto order,
                   repository_.FindOrder(id, caller.ScopeFor(Permission::kHomecareRead), {}));
  if (!order) return core::Error::NotFound("订单不存在");
  return View(std::move(*order), caller);
}

core::Result<HomeOrder> HomeServices::FindForOrder(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto order,
                   repository_.FindOrder(id, caller.ScopeFor(Permission::kHomecareOrder), {}));
  if (!order) return core::Error::NotFound("订单不存在");
  return std::move(*order);
}

core::Result<HomeOrder> HomeServices::FindForServe(int64_t id, const Caller& caller) {
  const auto providers = ProviderIdsOf(caller);
  if (providers.empty()) return core::Error::NotFound("订单不存在");
  ASSIGN_OR_RETURN(auto order, repository_.FindOrder(id, core::Scope::Everything(), providers));
  if (!order) return core::Error::NotFound("订单不存在");
  return std::move(*order);
}

core::Result<std::vector<Entitlement>> HomeServices::EntitlementsAt(int64_t resident_id,
                                                                    std::string_view month) {
  std::vector<const Condition*> conditions;
  for (const auto& subsidy : rules_.subsidies) conditions.push_back(&subsidy.when);
  // The rules are applied as on the month's last day, or today within the current month.
  const std::string today = Today();
  const std::string day = month == today.substr(0, 7) ? today : indicators::LastDayOf(month);
  ASSIGN_OR_RETURN(auto met, eligibility_.Matching(conditions, day, resident_id));
  ASSIGN_OR_RETURN(auto used, repository_.UsedUnits(resident_id, month));
  return Entitlements(rules_, met, used);
}

core::Result<std::vector<Entitlement>> HomeServices::EntitlementsOf(int64_t resident_id,
                                                                    std::string_view month,
                                                                    const Caller& caller) {
  const std::string checked = month.empty() ? Today().substr(0, 7) : std::string(month);
  TRY(CheckedMonth(checked));
  ASSIGN_OR_RETURN(auto person,
                   people_.FindResident(resident_id, caller.ScopeFor(Permission::kHomecareRead)));
  if (!person) return core::Error::NotFound("居民不存在或不在管辖范围内");
  return EntitlementsAt(resident_id, checked);
}

core::Result<OrderView> HomeServices::PlaceOrder(const NewOrder& input, const Caller& caller) {
  ASSIGN_OR_RETURN(auto person, people_.FindResident(input.resident_id,
                                                     caller.ScopeFor(Permission::kHomecareOrder)));
  if (!person) {
    return core::Error::Validation("居民不存在、不在管辖范围内或已不在本地", "resident_id");
  }
  ASSIGN_OR_RETURN(auto stored, Place(*person, input, caller));
  return GetOrder(stored.id, caller);
}

core::Result<HomeOrder> HomeServices::Place(const people::Resident& person, const NewOrder& input,
                                            const Caller& caller) {
  if (person.status == people::ResidentStatus::kDeceased ||
      person.status == people::ResidentStatus::kMovedOut) {
    return core::Error::Validation("居民不存在、不在管辖范围内或已不在本地", "resident_id");
  }
  const std::string today = Today();
  ASSIGN_OR_RETURN(auto today_date, identity::ParseDate(today));
  if (identity::AgeOn(person.birth_date, today_date) < rules_.elderly_age) {
    return core::Error::Validation(
        "居家养老服务面向 " + std::to_string(rules_.elderly_age) + " 周岁以上老年人",
        "resident_id");
  }
  const std::string place = person.grid_code.empty() ? person.community_code : person.grid_code;
  const HomeServiceType* service = rules_.Find(input.service);
  if (service == nullptr) return core::Error::Validation("未知服务：" + input.service, "service");
  ASSIGN_OR_RETURN(auto provider,
                   repository_.FindProvider(input.provider_id, core::Scope::Everything()));
  if (!provider || provider->status != ProviderStatus::kActive) {
    return core::Error::Validation("服务商不存在或已暂停", "provider_id");
  }
  const ProviderOffer* offer = provider->Offer(input.service);
  if (offer == nullptr) {
    return core::Error::Validation("该服务商不提供" + service->name, "provider_id");
  }
  if (!provider->Serves(place)) {
    return core::Error::Validation("该服务商的服务区域不包括此人所在地", "provider_id");
  }
  if (input.units < 1 || input.units > kMaxUnits) {
    return core::Error::Validation("数量应在 1–100 之间", "units");
  }
  if (!identity::ParseDate(input.wanted_on).ok() || input.wanted_on < today) {
    return core::Error::Validation("wanted_on 应为今天或以后的日期 YYYY-MM-DD", "wanted_on");
  }
  TRY(CheckNote(input.note, "note", 500, false));
  HomeOrder order;
  order.resident_id = person.id;
  order.place_code = place;
  order.provider_id = provider->id;
  order.service = service->code;
  order.units = input.units;
  order.price_cents = offer->price_cents;
  order.status = OrderStatus::kPlaced;
  order.ordered_by = input.ordered_by;
  order.note = input.note;
  order.wanted_on = input.wanted_on;
  order.created_by = caller.account_id();
  order.created_by_name = caller.name_for_people();
  order.created_at = order.updated_at = clock_.NowMillis();
  auto entry =
      caller.AuditEntry(audit::AuditAction::kCreate, kOrderSubject, "", DivisionOf(place),
                        "{\"resident_id\":" + std::to_string(person.id) +
                            ",\"provider_id\":" + std::to_string(provider->id) + ",\"service\":\"" +
                            service->code + "\",\"units\":" + std::to_string(input.units) + "}",
                        order.created_at);
  return repository_.InsertOrder(order, entry);
}

core::Result<OrderView> HomeServices::Write(HomeOrder order, OrderStatus from,
                                            audit::AuditAction action, std::string detail,
                                            const Caller& caller) {
  order.updated_at = clock_.NowMillis();
  auto entry = caller.AuditEntry(action, kOrderSubject, std::to_string(order.id),
                                 DivisionOf(order.place_code), std::move(detail), order.updated_at);
  ASSIGN_OR_RETURN(bool written, repository_.UpdateOrder(order, from, entry));
  if (!written) return core::Error::FailedPrecondition("订单状态已变化，请刷新");
  ASSIGN_OR_RETURN(auto stored, repository_.FindOrder(order.id, core::Scope::Everything(), {}));
  if (!stored) return core::Error::NotFound("订单不存在");
  return View(std::move(*stored), caller);
}

core::Result<OrderView> HomeServices::CancelOrder(int64_t id, std::string_view reason,
                                                  const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindForOrder(id, caller));
  return Cancel(std::move(order), reason, caller);
}

core::Result<OrderView> HomeServices::Cancel(HomeOrder order, std::string_view reason,
                                             const Caller& caller) {
  TRY(CheckNote(reason, "reason", 200, true));
  if (order.status != OrderStatus::kPlaced && order.status != OrderStatus::kScheduled) {
    return core::Error::FailedPrecondition("只能取消待排班或已排班的订单");
  }
  const OrderStatus from = order.status;
  order.status = OrderStatus::kCancelled;
  order.cancel_reason = std::string(reason);
  return Write(std::move(order), from, audit::AuditAction::kUpdate,
               "{\"status\":\"cancelled\",\"reason\":" + Quoted(reason) + "}", caller);
}

core::Result<OrderView> HomeServices::RateOrder(int64_t id, int64_t rating, std::string_view note,
                                                const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindForOrder(id, caller));
  return Rate(std::move(order), rating, note, caller);
}

core::Result<OrderView> HomeServices::Rate(HomeOrder order, int64_t rating, std::string_view note,
                                           const Caller& caller) {
  if (rating < 1 || rating > 5) return core::Error::Validation("评分应为 1–5", "rating");
  TRY(CheckNote(note, "note", 500, false));
  if (order.status != OrderStatus::kDone || order.rating) {
    return core::Error::FailedPrecondition("只能评价已完成且未评价的订单");
  }
  order.rating = rating;
  order.rating_note = std::string(note);
  return Write(std::move(order), OrderStatus::kDone, audit::AuditAction::kUpdate,
               "{\"rating\":" + std::to_string(rating) + "}", caller);
}

// ----- the person's own orders -----

core::Result<people::Resident> HomeServices::BoundPerson(const Caller& caller) {
  const auto& bound = caller.resident_id();
  if (!bound) {
    return core::Error::PermissionDenied("账号未绑定居民身份，不能订购上门服务", "resident_id");
  }
  ASSIGN_OR_RETURN(auto person, people_.FindResident(*bound, core::Scope::Everything()));
  if (!person) {
    return core::Error::PermissionDenied("账号绑定的居民已不存在", "resident_id");
  }
  return std::move(*person);
}

core::Result<HomeOrder> HomeServices::FindOwn(int64_t id, const Caller& caller) {
  const auto& bound = caller.resident_id();
  if (!bound) return core::Error::NotFound("订单不存在");
  ASSIGN_OR_RETURN(auto order, repository_.FindOrder(id, core::Scope::Everything(), {}));
  if (!order || order->resident_id != *bound) return core::Error::NotFound("订单不存在");
  return std::move(*order);
}

core::Result<std::vector<OwnOffer>> HomeServices::OwnOffers(std::string_view service,
                                                            const Caller& caller) {
  if (!service.empty() && rules_.Find(service) == nullptr) {
    return core::Error::InvalidArgument("未知服务：" + std::string(service), "service");
  }
  ASSIGN_OR_RETURN(auto person, BoundPerson(caller));
  const std::string place = person.grid_code.empty() ? person.community_code : person.grid_code;
  ProviderQuery query;
  query.place_prefix = place;
  query.service = std::string(service);
  query.status = ProviderStatus::kActive;
  query.page.limit = 200;
  std::vector<OwnOffer> out;
  while (true) {
    ASSIGN_OR_RETURN(auto page, repository_.ListProviders(query, core::Scope::Everything()));
    for (const Provider& provider : page.items) {
      if (!provider.Serves(place)) continue;
      for (const ProviderOffer& offer : provider.services) {
        if (!service.empty() && offer.service != service) continue;
        out.push_back(
            {provider.id, provider.name, provider.contact_phone, offer.service, offer.price_cents});
      }
    }
    if (!page.next_cursor) break;
    ASSIGN_OR_RETURN(query.page.after, core::DecodeCursor(*page.next_cursor));
  }
  return out;
}

core::Result<core::Page<OrderView>> HomeServices::OwnOrders(core::PageRequest page,
                                                            const Caller& caller) {
  ASSIGN_OR_RETURN(auto person, BoundPerson(caller));
  OrderQuery query;
  query.resident_id = person.id;
  query.page = std::move(page);
  ASSIGN_OR_RETURN(auto orders, repository_.ListOrders(query, core::Scope::Everything(), {}));
  core::Page<OrderView> out;
  out.next_cursor = orders.next_cursor;
  ASSIGN_OR_RETURN(out.items, Views(std::move(orders.items), caller));
  return out;
}

core::Result<OrderView> HomeServices::PlaceOwnOrder(NewOrder input, const Caller& caller) {
  ASSIGN_OR_RETURN(auto person, BoundPerson(caller));
  input.resident_id = person.id;
  input.ordered_by = OrderedBy::kSelf;
  ASSIGN_OR_RETURN(auto stored, Place(person, input, caller));
  ASSIGN_OR_RETURN(HomeOrder order, FindOwn(stored.id, caller));
  return View(std::move(order), caller);
}

core::Result<OrderView> HomeServices::CancelOwnOrder(int64_t id, std::string_view reason,
                                                     const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindOwn(id, caller));
  return Cancel(std::move(order), reason, caller);
}

core::Result<OrderView> HomeServices::RateOwnOrder(int64_t id, int64_t rating,
                                                   std::string_view note, const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindOwn(id, caller));
  return Rate(std::move(order), rating, note, caller);
}

core::Result<core::Page<OrderView>> HomeServices::ServingOrders(const OrderQuery& query,
                                                                const Caller& caller) {
  using ServingPage = core::Page<OrderView>;
  const auto providers = ProviderIdsOf(caller);
  if (providers.empty()) return ServingPage();
  OrderQuery checked = query;
  if (!checked.date.empty()) {
    auto day = calendar::Date::Parse(checked.date);
    if (!day.ok()) return core::Error::InvalidArgument("date 应为 YYYY-MM-DD", "date");
    checked.date_from = calendar::StartOfChinaDay(*day);
    checked.date_to = calendar::StartOfChinaDay(day->AddDays(1));
  }
  ASSIGN_OR_RETURN(auto page,
                   repository_.ListOrders(checked, core::Scope::Everything(), providers));
  ServingPage out;
  out.next_cursor = page.next_cursor;
  ASSIGN_OR_RETURN(out.items, Views(std::move(page.items), caller));
  return out;
}

core::Result<OrderView> HomeServices::GetServingOrder(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindForServe(id, caller));
  return View(std::move(order), caller);
}

core::Result<OrderView> HomeServices::Schedule(int64_t id, int64_t at, const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindForServe(id, caller));
  if (order.status != OrderStatus::kPlaced && order.status != OrderStatus::kScheduled) {
    return core::Error::FailedPrecondition("只能为待排班或已排班的订单排班");
  }
  // A minute's grace for the clock of the phone that picked the time.
  if (at < clock_.NowMillis() - 60'000) {
    return core::Error::Validation("排班时间不能早于现在", "scheduled_at");
  }
  const OrderStatus from = order.status;
  order.status = OrderStatus::kScheduled;
  order.scheduled_at = at;
  return Write(std::move(order), from, audit::AuditAction::kUpdate,
               "{\"status\":\"scheduled\",\"scheduled_at\":" + std::to_string(at) + "}", caller);
}

core::Result<OrderView> HomeServices::CheckIn(int64_t id, std::optional<double> lat,
                                              std::optional<double> lon, const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindForServe(id, caller));
  if (!ValidLocation(lat, lon)) return core::Error::Validation("位置应同时给出有效的经纬度", "lat");
  if (order.status != OrderStatus::kScheduled)
    return core::Error::FailedPrecondition("只能为已排班的订单签到");
  order.status = OrderStatus::kServing;
  order.checkin_at = clock_.NowMillis();
  order.checkin_lat = lat;
  order.checkin_lon = lon;
  return Write(std::move(order), OrderStatus::kScheduled, audit::AuditAction::kUpdate,
               "{\"status\":\"serving\"}", caller);
}

core::Result<OrderView> HomeServices::CheckOut(int64_t id, std::optional<double> lat,
                                               std::optional<double> lon,
                                               std::optional<int64_t> units, std::string_view note,
                                               const Caller& caller) {
  ASSIGN_OR_RETURN(HomeOrder order, FindForServe(id, caller));
  if (!ValidLocation(lat, lon)) return core::Error::Validation("位置应同时给出有效的经纬度", "lat");
  if (units && (*units < 1 || *units > kMaxUnits)) {
    return core::Error::Validation("数量应在 1–100 之间", "units");
  }
  TRY(CheckNote(note, "note", 500, false));
  if (order.status != OrderStatus::kServing)
    return core::Error::FailedPrecondition("只能为服务中的订单签退");
  order.checkout_at = clock_.NowMillis();
  order.checkout_lat = lat;
  order.checkout_lon = lon;
  if (units) order.units = *units;
  order.service_note = std::string(note);
  order.done_month = calendar::ChinaDateOf(*order.checkout_at).ToString().substr(0, 7);
  // The entitlement of the month of check-out; what is already used is read inside the write.
  ASSIGN_OR_RETURN(auto entitlements, EntitlementsAt(order.resident_id, order.done_month));
  int64_t entitled = 0;
  for (const auto& e : entitlements) {
    if (e.service == order.service) entitled = e.entitled;
  }
  order.updated_at = *order.checkout_at;
  auto entry = caller.AuditEntry(
      audit::AuditAction::kUpdate, kOrderSubject, std::to_string(id), DivisionOf(order.place_code),
      "{\"status\":\"done\",\"units\":" + std::to_string(order.units) + "}", order.updated_at);
  ASSIGN_OR_RETURN(auto done, repository_.CheckOut(order, entitled, entry));
  if (!done) return core::Error::FailedPrecondition("订单状态已变化，请刷新");
  return View(std::move(*done), caller);
}

// ----- C2b -----

core::Result<std::vector<ServedElderly>> HomeServices::ServedFigures(std::string_view period) {
  const std::string last_day = indicators::LastDayOf(period);
  const int index = *MonthIndex(period);
  const std::string from = MonthOfIndex(index - 11);
  return repository_.ServedElderlyByCommunity(rules_.elderly_age, last_day, from, period);
}

core::Status RegisterHomeServiceIndicators(indicators::SourceRegistry& registry,
                                           HomeServices& services) {
  return registry.Register(
      {"care",
       {"C2b"},
       [&services](
           std::string_view period, const indicators::PeriodSpan&,
           const indicators::PlaceIndex&) -> core::Result<std::vector<indicators::Measurement>> {
         ASSIGN_OR_RETURN(auto rows, services.ServedFigures(period));
         std::vector<indicators::Measurement> out;
         out.reserve(rows.size());
         for (const auto& row : rows) {
           out.push_back({"C2b", row.community_code, static_cast<double>(row.served),
                          static_cast<double>(row.elderly), ""});
         }
         return out;
       }});
}

}  // namespace linli::care

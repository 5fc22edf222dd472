// Home services for the elderly (居家养老上门服务: 助餐、助洁、助行、助浴、助医; issue 19 item 3;
// decision 0033). Providers — one registry, which the five-society issue reuses — offer services
// at their prices in the areas they serve; their staff sign in with the `provider` role. Orders
// are placed for an elderly person (on their call, a relative's, or a worker's initiative),
// scheduled and served by the provider with check-in and check-out (time and place), and rated.
// Subsidies are data (data/care/home_services.json): a condition in the benefits' language
// (eligibility.hpp) and the units a month it pays for per service; a person's entitlement is the
// largest of the subsidies they meet; a done order's units within the month's remaining
// entitlement are paid at the provider's price, the rest by the person. Each provider's month is
// a statement whose lines are the done orders; closing it freezes its totals, and a closed
// statement still balances when today's lines add up to them. C2b is computed from the orders.
// Thread-safety: plain values; the repository is implemented by storage/care.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/care/eligibility.hpp"

namespace linli::care {

// ----- the rules file -----
struct HomeServiceType {
  std::string code;  // meal, cleaning, mobility, bathing, medical (GLOSSARY: HomeService)
  std::string name;
  std::string unit;  // 餐, 小时, 次
};

struct HomeSubsidy {
  std::string code;
  std::string name;
  std::string basis;
  Condition when;
  std::map<std::string, int64_t> monthly;  // service code -> units a month
};

struct HomeServiceRules {
  int64_t elderly_age = 60;
  std::vector<HomeServiceType> services;
  std::vector<HomeSubsidy> subsidies;
  const HomeServiceType* Find(std::string_view code) const;
};

// The home services file, checked (codes unique and of [a-z0-9_], services named with a unit,
// each subsidy's condition as ParseBenefits checks one, its `monthly` naming known services with
// 1–1000 units). Errors name the JSON path.
core::Result<HomeServiceRules> ParseHomeServices(std::string_view text, const NamesByCode& tags,
                                                 const NamesByCode& categories);

// A person's month for one service: the units the subsidies pay for, and those already used.
struct Entitlement {
  std::string service;
  int64_t entitled = 0;
  int64_t used = 0;
  std::vector<std::string> subsidies;  // the codes giving the largest `monthly`
  int64_t remaining() const { return entitled > used ? entitled - used : 0; }
};
// Entitlements from the subsidies a person meets (`met[i]` for rules.subsidies[i]) and the units
// subsidised so far this month per service.
std::vector<Entitlement> Entitlements(const HomeServiceRules& rules, const std::vector<bool>& met,
                                      const std::map<std::string, int64_t>& used);

// How a done order is paid: `subsidy_units` of `units` within `remaining`, at the price.
struct Settlement {
  int64_t units = 0;
  int64_t subsidy_units = 0;
  int64_t amount_cents = 0;
  int64_t subsidy_cents = 0;
  int64_t self_pay_cents() const { return amount_cents - subsidy_cents; }
};
Settlement Settle(int64_t units, int64_t price_cents, int64_t remaining);

// ----- providers -----
enum class ProviderKind { kOrganisation, kFacility };
inline constexpr core::EnumNames<ProviderKind, 2> kProviderKindNames{{
    {ProviderKind::kOrganisation, "organisation", "服务组织"},
    {ProviderKind::kFacility, "facility", "服务设施"},
}};

enum class ProviderStatus { kActive, kSuspended };
inline constexpr core::EnumNames<ProviderStatus, 2> kProviderStatusNames{{
    {ProviderStatus::kActive, "active", "正常"},
    {ProviderStatus::kSuspended, "suspended", "已暂停"},
}};

struct Place {
  std::string code;
  std::string name;
};

struct ProviderOffer {
  std::string service;
  int64_t price_cents = 0;
};

struct Qualification {
  std::string name;
  std::string number;
  std::string valid_until;  // YYYY-MM-DD or ""
};

struct Provider {
  int64_t id = 0;
  std::string name;
  ProviderKind kind = ProviderKind::kOrganisation;
  std::optional<int64_t> facility_id;
  std::string facility_name;
  std::string credit_code;
  std::string place_code;
  std::string place_name;
  std::vector<Place> areas;
  std::vector<ProviderOffer> services;
  std::vector<Qualification> qualifications;
  std::string contact_name;
  std::string contact_phone;
  ProviderStatus status = ProviderStatus::kActive;
  std::vector<std::pair<std::string, std::string>> staff;  // username, display name (detail)
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;

  const ProviderOffer* Offer(std::string_view service) const;
  // Whether it serves the place: one of its areas is the place or above it.
  bool Serves(std::string_view place) const;
};

struct ProviderQuery {
  std::string place_prefix;  // registered at or serving a place under it (or above it)
  std::string service;
  std::optional<ProviderStatus> status;
  std::string name;  // a prefix
  core::PageRequest page;
};

// ----- orders -----
enum class OrderStatus { kPlaced, kScheduled, kServing, kDone, kCancelled };
inline constexpr core::EnumNames<OrderStatus, 5> kOrderStatusNames{{
    {OrderStatus::kPlaced, "placed", "待排班"},
    {OrderStatus::kScheduled, "scheduled", "已排班"},
    {OrderStatus::kServing, "serving", "服务中"},
    {OrderStatus::kDone, "done", "已完成"},
    {OrderStatus::kCancelled, "cancelled", "已取消"},
}};

enum class OrderedBy { kSelf, kRelative, kWorker };
inline constexpr core::EnumNames<OrderedBy, 3> kOrderedByNames{{
    {OrderedBy::kSelf, "self", "本人来电"},
    {OrderedBy::kRelative, "relative", "亲属代订"},
    {OrderedBy::kWorker, "worker", "工作人员代订"},
}};

struct HomeOrder {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;  // filled by the repository
  std::string place_code;
  std::string place_name;
  std::string address;  // the person's building and room
  std::optional<double> home_lat;
  std::optional<double> home_lon;
  int64_t provider_id = 0;
  std::string provider_name;
  std::string service;
  int64_t units = 0;
  int64_t price_cents = 0;
  OrderStatus status = OrderStatus::kPlaced;
  OrderedBy ordered_by = OrderedBy::kWorker;
  std::string note;
  std::string wanted_on;
  std::optional<int64_t> scheduled_at;
  std::optional<int64_t> checkin_at;
  std::optional<double> checkin_lat;
  std::optional<double> checkin_lon;
  std::optional<int64_t> checkout_at;
  std::optional<double> checkout_lat;
  std::optional<double> checkout_lon;
  std::string service_note;
  std::string done_month;
  int64_t amount_cents = 0;
  int64_t subsidy_cents = 0;
  int64_t subsidy_units = 0;
  std::optional<int64_t> rating;
  std::string rating_note;
  std::string cancel_reason;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
};

struct OrderQuery {
  std::string place_prefix;
  std::optional<int64_t> provider_id;
  std::optional<OrderStatus> status;
  std::string service;
  std::string month;  // YYYY-MM of wanted_on ("" = any)
  std::optional<int64_t> resident_id;
  std::string date;       // YYYY-MM-DD: scheduled that day, or (not scheduled) wanted that day
  int64_t date_from = 0;  // the day's span in epoch ms (China time), set with `date`
  int64_t date_to = 0;
  core::PageRequest page;
};

// One line of a statement: a done order of the month.
struct StatementLine {
  int64_t order_id = 0;
  std::string resident_name;
  std::string service;
  int64_t done_at = 0;
  int64_t units = 0;
  int64_t price_cents = 0;
  int64_t amount_cents = 0;
  int64_t subsidy_cents = 0;
};

struct StatementTotals {
  int64_t orders = 0;
  int64_t units = 0;
  int64_t amount_cents = 0;
  int64_t subsidy_cents = 0;
  bool operator==(const StatementTotals&) const = default;
};
StatementTotals TotalsOf(const std::vector<StatementLine>& lines);

struct ClosedStatement {
  StatementTotals totals;
  int64_t closed_at = 0;
  std::string closed_by_name;
};

// C2b's counts per community: elderly people living there, and those served in the window.
struct ServedElderly {
  std::string community_code;
  int64_t elderly = 0;
  int64_t served = 0;
};

class HomeServiceRepository {
 public:
  virtual ~HomeServiceRepository() = default;

  // Providers. Insert/Update write the provider, its areas and offers, and the audit record in
  // one transaction; a duplicate name at the place is AlreadyExists on `name`.
  virtual core::Result<Provider> InsertProvider(const Provider& provider,
                                                const audit::AuditEntry& entry) = 0;
  // Writes the providers at once (an import) with one audit record; kAlreadyExists (field name)
  // when one's place meanwhile has a provider of its name. The number written.
  virtual core::Result<int64_t> InsertProviders(const std::vector<Provider>& providers,
                                                const audit::AuditEntry& entry) = 0;
  virtual core::Status UpdateProvider(const Provider& provider, const audit::AuditEntry& entry) = 0;
  // In scope: registered at a place in it, or serving a place in it or above it.
  virtual core::Result<std::optional<Provider>> FindProvider(int64_t id,
                                                             const core::Scope& scope) = 0;
  virtual core::Result<core::Page<Provider>> ListProviders(const ProviderQuery& query,
                                                           const core::Scope& scope) = 0;
  // The registered place and name of an active provider (for provider grants).
  virtual core::Result<std::optional<std::pair<std::string, std::string>>> ActiveProviderPlace(
      int64_t id) = 0;
  // The facility's name when it exists under the scope.
  virtual core::Result<std::optional<std::string>> FacilityName(int64_t facility_id,
                                                                const core::Scope& scope) = 0;

  // Orders, scoped by the person's place at ordering; `provider_ids` (when not empty) limits to
  // those providers' orders instead (a provider's staff).
  virtual core::Result<HomeOrder> InsertOrder(const HomeOrder& order,
                                              const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<HomeOrder>> FindOrder(
      int64_t id, const core::Scope& scope, const std::vector<int64_t>& provider_ids) = 0;
  virtual core::Result<core::Page<HomeOrder>> ListOrders(
      const OrderQuery& query, const core::Scope& scope,
      const std::vector<int64_t>& provider_ids) = 0;
  // Writes the order's state when it still has status `from` (false otherwise), with the audit
  // record, in one transaction. For a check-out, the settlement is computed inside the
  // transaction from the units already subsidised this month (`settle`), so that two check-outs
  // of one person cannot both spend the same entitlement.
  virtual core::Result<bool> UpdateOrder(const HomeOrder& order, OrderStatus from,
                                         const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<HomeOrder>> CheckOut(
      const HomeOrder& order, int64_t entitled,
      const audit::AuditEntry& entry) = 0;  // nullopt: no longer serving
  // Units subsidised on done orders of the person in the month, per service.
  virtual core::Result<std::map<std::string, int64_t>> UsedUnits(int64_t resident_id,
                                                                 std::string_view month) = 0;

  // Statements.
  virtual core::Result<std::vector<StatementLine>> StatementLines(int64_t provider_id,
                                                                  std::string_view month) = 0;
  virtual core::Result<std::optional<ClosedStatement>> FindClosed(int64_t provider_id,
                                                                  std::string_view month) = 0;
  // Freezes the totals computed from the lines inside the transaction; false when closed.
  virtual core::Result<bool> CloseStatement(int64_t provider_id, std::string_view month, int64_t at,
                                            int64_t by, const std::string& by_name,
                                            const audit::AuditEntry& entry) = 0;

  // C2b: per community, living people aged `age` or more on `date` (registered or floating), and
  // those of them with an order done in [from_month, to_month].
  virtual core::Result<std::vector<ServedElderly>> ServedElderlyByCommunity(
      int64_t age, std::string_view date, std::string_view from_month,
      std::string_view to_month) = 0;

  // The seeder.
  virtual core::Result<int64_t> CountProviders() = 0;
  // Living people of the community (registered or floating) born on or before `born_by`: id and
  // place.
  virtual core::Result<std::vector<std::pair<int64_t, std::string>>> ElderlyOf(
      std::string_view community, std::string_view born_by) = 0;
  virtual core::Result<int64_t> InsertSyntheticOrders(const std::vector<HomeOrder>& orders) = 0;
};

}  // namespace linli::care

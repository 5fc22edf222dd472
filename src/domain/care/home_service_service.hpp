// HomeServices: the providers registry, orders for elderly people, their service by the
// providers' staff, entitlements and the monthly statements (issue 19 item 3; decision 0033;
// docs/api.md "Home services").
// Scopes: homecare.read reads providers (registered or serving in scope) and orders (by the
// person's place); homecare.manage registers providers and closes statements; homecare.order
// places, cancels and rates orders; homecare.serve is a provider's staff, reaching the orders of
// the providers its grants name, never by place. Outside → NotFound. Every write is audited in
// its transaction; an unmasked contact phone is audited when read.
// Thread-safety: thread-safe (the rules are immutable; state lives in the repositories).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/care/eligibility.hpp"
#include "domain/care/home_services.hpp"
#include "domain/indicators/indicators.hpp"
#include "domain/people/people.hpp"

namespace linli::care {

struct ProviderInput {
  std::string name;
  ProviderKind kind = ProviderKind::kOrganisation;
  std::optional<int64_t> facility_id;
  std::string credit_code;
  std::string place_code;
  std::vector<std::string> areas;  // empty: the place
  std::vector<ProviderOffer> services;
  std::vector<Qualification> qualifications;
  std::string contact_name;
  std::string contact_phone;
  std::optional<ProviderStatus> status;  // updates only
};

// A providers import: rows read, providers written.
struct ProviderImportOutcome : tabular::ImportReport {
  int64_t rows = 0;
  int64_t imported = 0;
  bool written = false;
};

struct NewOrder {
  int64_t resident_id = 0;
  int64_t provider_id = 0;
  std::string service;
  int64_t units = 1;
  std::string wanted_on;
  OrderedBy ordered_by = OrderedBy::kWorker;
  std::string note;
};

// A provider's offer of one service to a person ordering for themselves.
struct OwnOffer {
  int64_t provider_id = 0;
  std::string provider_name;
  std::string phone;  // the provider's contact phone
  std::string service;
  int64_t price_cents = 0;
};

// An order with its contact phone as the caller may see it ("" when the person has none).
struct OrderView {
  HomeOrder order;
  std::string contact_phone;
};

struct Statement {
  Provider provider;
  std::string month;
  std::vector<StatementLine> lines;
  StatementTotals totals;
  std::optional<ClosedStatement> closed;
};

class HomeServices {
 public:
  // REQUIRES: the repositories, audit log and clock outlive the service.
  HomeServices(HomeServiceRepository& repository, EligibilityRepository& eligibility,
               people::PeopleRepository& people, audit::AuditLog& audit, HomeServiceRules rules,
               const core::Clock& clock);

  const HomeServiceRules& rules() const { return rules_; }
  std::string ThisMonth() const { return Today().substr(0, 7); }

  core::Result<core::Page<Provider>> ListProviders(const ProviderQuery& query,
                                                   const access::Caller& caller);
  core::Result<Provider> GetProvider(int64_t id, const access::Caller& caller);
  core::Result<Provider> CreateProvider(const ProviderInput& input, const access::Caller& caller);
  core::Result<Provider> UpdateProvider(int64_t id, const ProviderInput& input,
                                        const access::Caller& caller);
  // The providers' spreadsheets (provider_files.cpp; homecare.manage to import, homecare.read to
  // export): the template (服务商名称, 类型, 设施编号, 统一社会信用代码, 登记地代码, 服务区域
  // "code；code", 服务及价格 "助餐=15；助洁=40" in yuan, 联系人, 联系电话, 状态 — the last only
  // exported), the all-or-nothing import (each row checked as the form is; a name already
  // registered at its place refuses the file), its error copy, and the export of the providers
  // in scope (at most kMaxExportRows).
  static tabular::Table ProviderTemplate();
  core::Result<ProviderImportOutcome> ImportProviders(const tabular::Table& table,
                                                      const access::Caller& caller,
                                                      const tabular::ImportOptions& options);
  static core::Result<std::string> ProviderErrorCopy(const tabular::Table& table,
                                                     const tabular::ImportReport& report);
  core::Result<tabular::Table> ExportProviders(ProviderQuery query, const access::Caller& caller);
  static constexpr size_t kMaxExportRows = 20000;

  // For the accounts' provider grants: the registered place and name of an active provider.
  std::optional<std::pair<std::string, std::string>> ActiveProviderPlace(int64_t id);

  core::Result<Statement> GetStatement(int64_t provider_id, std::string_view month,
                                       const access::Caller& caller);
  core::Result<Statement> CloseStatement(int64_t provider_id, std::string_view month,
                                         const access::Caller& caller);

  core::Result<core::Page<HomeOrder>> ListOrders(const OrderQuery& query,
                                                 const access::Caller& caller);
  core::Result<OrderView> GetOrder(int64_t id, const access::Caller& caller);
  core::Result<OrderView> PlaceOrder(const NewOrder& input, const access::Caller& caller);
  core::Result<OrderView> CancelOrder(int64_t id, std::string_view reason,
                                      const access::Caller& caller);
  core::Result<OrderView> RateOrder(int64_t id, int64_t rating, std::string_view note,
                                    const access::Caller& caller);
  core::Result<std::vector<Entitlement>> EntitlementsOf(int64_t resident_id, std::string_view month,
                                                        const access::Caller& caller);

  // The elderly person's own orders (self.services; the account bound to the person, decision
  // 0033 addendum): the orders are theirs because the account is bound to them, never by place.
  // kPermissionDenied (field resident_id) for an account bound to nobody.
  // The active providers' offers of `service` ("" = every service) whose areas cover the person.
  core::Result<std::vector<OwnOffer>> OwnOffers(std::string_view service,
                                                const access::Caller& caller);
  core::Result<core::Page<OrderView>> OwnOrders(core::PageRequest page,
                                                const access::Caller& caller);
  // As PlaceOrder, for the bound person, ordered_by self (input.resident_id is ignored).
  core::Result<OrderView> PlaceOwnOrder(NewOrder input, const access::Caller& caller);
  core::Result<OrderView> CancelOwnOrder(int64_t id, std::string_view reason,
                                         const access::Caller& caller);
  core::Result<OrderView> RateOwnOrder(int64_t id, int64_t rating, std::string_view note,
                                       const access::Caller& caller);

  // A provider's staff (homecare.serve).
  // The orders of the caller's providers, newest first; `date` is the day they are scheduled
  // (or, not yet scheduled, wanted).
  core::Result<core::Page<OrderView>> ServingOrders(const OrderQuery& query,
                                                    const access::Caller& caller);
  core::Result<OrderView> GetServingOrder(int64_t id, const access::Caller& caller);
  core::Result<OrderView> Schedule(int64_t id, int64_t at, const access::Caller& caller);
  core::Result<OrderView> CheckIn(int64_t id, std::optional<double> lat, std::optional<double> lon,
                                  const access::Caller& caller);
  core::Result<OrderView> CheckOut(int64_t id, std::optional<double> lat, std::optional<double> lon,
                                   std::optional<int64_t> units, std::string_view note,
                                   const access::Caller& caller);

  // C2b's counts for the period: people aged elderly_age or more on its last day, and those with
  // an order done in the twelve months ending with it.
  core::Result<std::vector<ServedElderly>> ServedFigures(std::string_view period);

  // The seeder: about one provider per 12 communities of each town (at the town, serving it),
  // and `months` months of done orders for a share of the elderly of the communities given. The
  // number of orders written (0 when providers exist).
  core::Result<int64_t> SeedSynthetic(const std::vector<std::string>& communities, uint64_t seed,
                                      int months);

 private:
  std::vector<int64_t> ProviderIdsOf(const access::Caller& caller) const;
  core::Result<HomeOrder> FindForServe(int64_t id, const access::Caller& caller);
  core::Result<HomeOrder> FindForOrder(int64_t id, const access::Caller& caller);
  core::Result<HomeOrder> FindOwn(int64_t id, const access::Caller& caller);
  core::Result<people::Resident> BoundPerson(const access::Caller& caller);
  // PlaceOrder's checks and write for a person already found; the stored order.
  core::Result<HomeOrder> Place(const people::Resident& person, const NewOrder& input,
                                const access::Caller& caller);
  core::Result<OrderView> Cancel(HomeOrder order, std::string_view reason,
                                 const access::Caller& caller);
  core::Result<OrderView> Rate(HomeOrder order, int64_t rating, std::string_view note,
                               const access::Caller& caller);
  core::Result<Provider> CheckedProvider(const ProviderInput& input, const access::Caller& caller);
  core::Result<std::vector<Entitlement>> EntitlementsAt(int64_t resident_id,
                                                        std::string_view month);
  // The orders as the caller may see them: the person's phone in full for the provider's staff
  // while serving or for people.personal_data holders (each such read audited), else masked.
  core::Result<OrderView> View(HomeOrder order, const access::Caller& caller);
  core::Result<std::vector<OrderView>> Views(std::vector<HomeOrder> orders,
                                             const access::Caller& caller);
  core::Result<OrderView> Write(HomeOrder order, OrderStatus from, audit::AuditAction action,
                                std::string detail, const access::Caller& caller);
  std::string Today() const;

  HomeServiceRepository& repository_;
  EligibilityRepository& eligibility_;
  people::PeopleRepository& people_;
  audit::AuditLog& audit_;
  const HomeServiceRules rules_;
  const core::Clock& clock_;
};

// C2b from the orders (module "care").
core::Status RegisterHomeServiceIndicators(indicators::SourceRegistry& registry,
                                           HomeServices& services);

}  // namespace linli::care

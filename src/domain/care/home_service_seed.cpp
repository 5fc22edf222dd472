// The seeder of home services: providers per town and a history of done orders, marked
// synthetic. Calibration (decision 0033): C2b's target is 18 % of home-dwelling elderly served
// in a year; the seeded history serves about 16 % of the elderly of each community (a city on its
// way there), each served person in about half of the months, one order a month.
#include <random>
#include <set>

#include "domain/care/care.hpp"
#include "domain/care/home_service_service.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

constexpr double kServedShare = 0.16;
constexpr double kMonthShare = 0.5;

// Prices in fen per unit, by service (a meal 12 yuan, an hour of cleaning 40, …).
int64_t PriceOf(std::string_view service) {
  if (service == "meal") return 1200;
  if (service == "cleaning") return 4000;
  if (service == "mobility") return 3000;
  if (service == "bathing") return 6000;
  if (service == "medical") return 5000;
  return 3000;
}

}  // namespace

core::Result<int64_t> HomeServices::SeedSynthetic(const std::vector<std::string>& communities,
                                                  uint64_t seed, int months) {
  ASSIGN_OR_RETURN(int64_t existing, repository_.CountProviders());
  if (existing > 0 || communities.empty()) return int64_t{0};
  const int64_t now = clock_.NowMillis();
  const std::string today = Today();
  const access::Caller system = access::Caller::System();
  // One provider per town, registered at the town and serving it, offering every service.
  std::map<std::string, int64_t> provider_of_town;
  std::map<int64_t, Provider> providers;
  std::set<std::string> towns;
  for (const auto& community : communities) towns.insert(community.substr(0, 9));
  int number = 0;
  for (const auto& town : towns) {
    Provider p;
    p.name = "颐康居家养老服务中心（" + town.substr(6) + "）";
    p.kind = ProviderKind::kOrganisation;
    p.place_code = town;
    p.areas = {{town, ""}};
    for (const auto& service : rules_.services) {
      p.services.push_back({service.code, PriceOf(service.code)});
    }
    p.contact_name = "服务中心";
    p.contact_phone = "0514" + std::to_string(87000000 + ++number);
    p.status = ProviderStatus::kActive;
    p.created_at = p.updated_at = now;
    p.synthetic = true;
    auto entry = system.AuditEntry(audit::AuditAction::kImport, "provider", "", town,
                                   "{\"synthetic\":true}", now);
    ASSIGN_OR_RETURN(auto stored, repository_.InsertProvider(p, entry));
    provider_of_town[town] = stored.id;
    providers[stored.id] = stored;
  }
  // The elderly of each community, a share of them served in about half of the months.
  const std::string born_by =
      std::to_string(std::stoi(today.substr(0, 4)) - rules_.elderly_age) + today.substr(4);
  const int current = *MonthIndex(today);
  std::mt19937_64 random(seed ^ 0x686f6d65ULL);
  std::uniform_real_distribution<double> draw(0.0, 1.0);
  int64_t written = 0;
  for (const auto& community : communities) {
    ASSIGN_OR_RETURN(auto elderly, repository_.ElderlyOf(community, born_by));
    const Provider& provider = providers.at(provider_of_town.at(community.substr(0, 9)));
    std::vector<HomeOrder> orders;
    for (const auto& [resident_id, place] : elderly) {
      if (draw(random) >= kServedShare) continue;
      const auto& offer =
          provider.services[static_cast<size_t>(draw(random) * provider.services.size()) %
                            provider.services.size()];
      for (int index = current - months; index < current; ++index) {
        if (draw(random) >= kMonthShare) continue;
        const std::string month = MonthOfIndex(index);
        const int day = 1 + static_cast<int>(draw(random) * 27);
        const std::string date = month + (day < 10 ? "-0" : "-") + std::to_string(day);
        ASSIGN_OR_RETURN(auto parsed, calendar::Date::Parse(date));
        const int64_t start = calendar::StartOfChinaDay(parsed) + 9 * 3'600'000;
        HomeOrder o;
        o.resident_id = resident_id;
        o.place_code = place;
        o.provider_id = provider.id;
        o.service = offer.service;
        o.units = offer.service == "meal" ? 10 : 2;
        o.price_cents = offer.price_cents;
        o.status = OrderStatus::kDone;
        o.ordered_by = draw(random) < 0.5 ? OrderedBy::kSelf : OrderedBy::kWorker;
        o.wanted_on = date;
        o.scheduled_at = start;
        o.checkin_at = start;
        o.checkout_at = start + 2 * 3'600'000;
        o.done_month = month;
        // The seeded history is paid by the person: the subsidies' rules decide live orders.
        o.amount_cents = o.units * o.price_cents;
        o.rating = 3 + static_cast<int64_t>(draw(random) * 3) % 3;
        o.created_by_name = "synthetic";
        o.created_at = o.updated_at = start - 86'400'000;
        o.synthetic = true;
        orders.push_back(std::move(o));
      }
    }
    if (orders.empty()) continue;
    ASSIGN_OR_RETURN(int64_t n, repository_.InsertSyntheticOrders(orders));
    written += n;
  }
  return written;
}

}  // namespace linli::care

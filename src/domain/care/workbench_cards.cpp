#include "domain/care/workbench_cards.hpp"

#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::CardItem;
using workbench::Link;
using workbench::Tone;

std::string CategoryName(const CareService& care, const std::string& code) {
  const Category* category = care.categories().Find(code);
  return category ? category->name : code;
}

CardItem VisitItem(const CareService& care, const Visit& visit) {
  CardItem item;
  item.label = visit.resident_name + " · " + CategoryName(care, visit.category);
  item.note = visit.address.empty() ? visit.place_name : visit.address;
  item.tone = visit.status == VisitStatus::kMissed ? Tone::kDanger : Tone::kNormal;
  item.link = Link{"care_visits", std::to_string(visit.id), {}};
  return item;
}

std::string MonthBefore(const core::Clock& clock) {
  const std::string today = calendar::ChinaDateOf(clock.NowMillis()).ToString();
  return MonthOfIndex(*MonthIndex(today) - 1);
}

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, CareService& care,
                                    const core::Clock& clock) {
  TRY(bench.Register({"care.visits_due",
                      "本月待走访",
                      {Role::kGridWorker, Role::kCommunityWorker},
                      15,
                      [&care](const Caller& caller) -> core::Result<std::optional<Card>> {
                        VisitFilter filter;
                        filter.mine = true;
                        filter.status = VisitStatus::kDue;
                        ASSIGN_OR_RETURN(auto visits, care.ListVisits(filter, caller));
                        Card card;
                        card.figure = static_cast<int64_t>(visits.size());
                        card.unit = "户";
                        card.items = workbench::FirstItems(
                            visits, [&care](const Visit& visit) { return VisitItem(care, visit); });
                        card.link = Link{"care_visits", "", {}};
                        return std::optional<Card>(std::move(card));
                      }}));
  TRY(bench.Register(
      {"care.visits_missed",
       "上月逾期未访",
       {Role::kCommunityWorker, Role::kTownOfficial},
       16,
       [&care, &clock](const Caller& caller) -> core::Result<std::optional<Card>> {
         const std::string place = caller.PlaceOf({Role::kCommunityWorker, Role::kTownOfficial});
         if (place.empty()) return std::optional<Card>();
         VisitFilter filter;
         filter.place = place;
         filter.month = MonthBefore(clock);
         filter.status = VisitStatus::kMissed;
         ASSIGN_OR_RETURN(auto visits, care.ListVisits(filter, caller));
         Card card;
         card.figure = static_cast<int64_t>(visits.size());
         card.unit = "次";
         card.tone = visits.empty() ? Tone::kNormal : Tone::kDanger;
         card.items = workbench::FirstItems(
             visits, [&care](const Visit& visit) { return VisitItem(care, visit); });
         card.link = Link{"care_compliance", "", {{"place", place}, {"month", filter.month}}};
         return std::optional<Card>(std::move(card));
       }}));
  TRY(bench.Register({"care.needs_open",
                      "待分派的需求",
                      {Role::kCommunityWorker},
                      17,
                      [&care](const Caller& caller) -> core::Result<std::optional<Card>> {
                        const std::string place = caller.PlaceOf({Role::kCommunityWorker});
                        if (place.empty()) return std::optional<Card>();
                        ASSIGN_OR_RETURN(auto needs,
                                         care.ListNeeds(place, NeedStatus::kOpen, false, caller));
                        Card card;
                        card.figure = static_cast<int64_t>(needs.size());
                        card.unit = "项";
                        card.items = workbench::FirstItems(needs, [](const Need& need) {
                          CardItem item;
                          item.label = need.resident_name + " · " + need.what;
                          item.note = std::string(kUrgencyNames.Label(need.urgency)) +
                                      (need.due_on.empty() ? "" : " · 期限 " + need.due_on);
                          item.tone =
                              need.urgency == Urgency::kUrgent ? Tone::kDanger : Tone::kNormal;
                          item.link = Link{"care_needs", std::to_string(need.id), {}};
                          return item;
                        });
                        card.tone = workbench::WorstTone(card.items);
                        card.link = Link{"care_needs", "", {}};
                        return std::optional<Card>(std::move(card));
                      }}));
  return core::Ok();
}

}  // namespace linli::care

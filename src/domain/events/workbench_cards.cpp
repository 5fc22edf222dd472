#include "domain/events/workbench_cards.hpp"

#include <algorithm>

namespace linli::events {

namespace {

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::CardItem;
using workbench::Link;
using workbench::Tone;

constexpr size_t kCommunityDigits = 12;
constexpr size_t kTownDigits = 9;

Tone ToneOf(WarningLevel warning) {
  switch (warning) {
    case WarningLevel::kRed:
      return Tone::kDanger;
    case WarningLevel::kYellow:
      return Tone::kWarning;
    case WarningLevel::kNone:
      return Tone::kNormal;
  }
  return Tone::kNormal;
}

std::string_view WarningText(WarningLevel warning) {
  switch (warning) {
    case WarningLevel::kRed:
      return "红色预警";
    case WarningLevel::kYellow:
      return "黄色预警";
    case WarningLevel::kNone:
      return "";
  }
  return "";
}

// An escalation as a line: its category, its department and warning; opens the escalation.
CardItem EscalationItem(const EscalationView& view) {
  CardItem item;
  item.label = view.event_category.empty() ? view.escalation.event_category : view.event_category;
  item.note = view.escalation.department;
  if (view.warning != WarningLevel::kNone) {
    item.note += " · " + std::string(WarningText(view.warning));
  }
  item.tone = ToneOf(view.warning);
  item.link = Link{"escalation", std::to_string(view.escalation.id), {}};
  return item;
}

Card EscalationCard(const std::vector<EscalationView>& views, Link link) {
  Card card;
  card.figure = int64_t(views.size());
  card.unit = "件";
  card.items = workbench::FirstItems(views, EscalationItem);
  card.tone = workbench::WorstTone(card.items);
  card.link = std::move(link);
  return card;
}

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, EventService& events,
                                    EscalationService& escalations) {
  // A community or grid worker's open events: the count and the newest five.
  TRY(bench.Register({"events.open",
                      "未办结事件",
                      {Role::kCommunityWorker, Role::kGridWorker},
                      20,
                      [&events](const Caller& caller) -> core::Result<std::optional<Card>> {
                        ASSIGN_OR_RETURN(auto total, events.OpenCounts(0, caller));
                        EventQuery query;
                        query.open = true;
                        query.page.limit = int(workbench::kMaxItems);
                        ASSIGN_OR_RETURN(auto page, events.List(query, caller));
                        Card card;
                        card.figure = total.empty() ? 0 : total.front().count;
                        card.unit = "件";
                        card.items = workbench::FirstItems(page.items, [](const Event& event) {
                          CardItem item;
                          item.label = event.category_name;
                          item.note = event.address.empty()
                                          ? std::string(EventStateLabel(event.state))
                                          : event.address;
                          item.tone = event.state == EventState::kEscalated ? Tone::kWarning
                                                                            : Tone::kNormal;
                          item.link = Link{"event", std::to_string(event.id), {}};
                          return item;
                        });
                        card.link = Link{"events", "", {{"state", "open"}}};
                        return std::optional<Card>(std::move(card));
                      }}));
  TRY(bench.Register({"events.report",
                      "上报事件",
                      {Role::kGridWorker, Role::kCommunityWorker, Role::kResident},
                      1,
                      [](const Caller&) -> core::Result<std::optional<Card>> {
                        Card card;
                        card.link = Link{"event_new", "", {}};
                        return std::optional<Card>(std::move(card));
                      }}));
  // Town officials by community, county officials by town.
  TRY(bench.Register(
      {"events.by_place",
       "未办结事件（按辖区）",
       {Role::kTownOfficial, Role::kCountyOfficial},
       25,
       [&events](const Caller& caller) -> core::Result<std::optional<Card>> {
         const size_t digits = caller.HasRole(Role::kTownOfficial) ? kCommunityDigits : kTownDigits;
         ASSIGN_OR_RETURN(auto counts, events.OpenCounts(digits, caller));
         std::stable_sort(counts.begin(), counts.end(),
                          [](const auto& a, const auto& b) { return a.count > b.count; });
         Card card;
         card.figure = 0;
         for (const auto& row : counts) *card.figure += row.count;
         card.unit = "件";
         card.items = workbench::FirstItems(counts, [](const EventService::PlaceCount& row) {
           CardItem item;
           item.label = row.name.empty() ? row.code : row.name;
           item.figure = row.count;
           item.link = Link{"events", "", {{"state", "open"}, {"place", row.code}}};
           return item;
         });
         card.link = Link{"events", "", {{"state", "open"}}};
         return std::optional<Card>(std::move(card));
       }}));
  TRY(bench.Register(
      {"escalations.warnings",
       "吹哨预警",
       {Role::kTownOfficial, Role::kCountyOfficial, Role::kCityAdmin},
       5,
       [&escalations](const Caller& caller) -> core::Result<std::optional<Card>> {
         ASSIGN_OR_RETURN(auto views, escalations.Warnings(caller));
         return std::optional<Card>(EscalationCard(views, Link{"event_ranking", "", {}}));
       }}));
  TRY(bench.Register(
      {"escalations.board",
       "部门报到看板",
       {Role::kDepartmentOfficer},
       5,
       [&escalations](const Caller& caller) -> core::Result<std::optional<Card>> {
         ASSIGN_OR_RETURN(auto views, escalations.Board("", caller));
         return std::optional<Card>(EscalationCard(views, Link{"event_board", "", {}}));
       }}));
  return core::Ok();
}

}  // namespace linli::events

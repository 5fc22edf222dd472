#include "domain/service_requests/workbench_cards.hpp"

#include <algorithm>
#include <cstdio>

#include "engines/calendar/working_calendar.hpp"

namespace linli::service_requests {

namespace {

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::CardItem;
using workbench::Link;
using workbench::Tone;

constexpr int kFiguresDays = 30;

std::string DateOf(int64_t millis) { return calendar::ChinaDateOf(millis).ToString(); }

CardItem RequestItem(const ServiceRequest& request) {
  CardItem item;
  item.label = request.item_name;
  item.note = (request.overdue ? "已逾期 · 期限 " : "期限 ") + DateOf(request.deadline_at);
  item.tone = request.overdue ? Tone::kDanger : Tone::kNormal;
  item.link = Link{"service_request", std::to_string(request.id), {}};
  return item;
}

Link Desk() { return Link{"services_desk", "", {}}; }

// A resident's own requests still being handled (not completed, rejected, closed or withdrawn).
bool StillOpen(RequestState state) {
  return state != RequestState::kCompleted && state != RequestState::kRejected &&
         state != RequestState::kClosed && state != RequestState::kWithdrawn;
}

// How many of a resident's newest requests the card looks at.
constexpr int kOwnRequestsLooked = 50;

// Cards built from the community's desk queue: nothing for a worker without a community grant.
template <typename Fill>
auto FromQueue(RequestService& requests, Fill fill) {
  return [&requests, fill](const Caller& caller) -> core::Result<std::optional<Card>> {
    // A community worker's community (a desk queue belongs to one).
    const std::string community = caller.PlaceOf({Role::kCommunityWorker});
    if (community.size() != 12) return std::optional<Card>();
    ASSIGN_OR_RETURN(auto queue, requests.Queue(community, caller));
    Card card;
    card.link = Desk();
    fill(queue, card);
    return std::optional<Card>(std::move(card));
  };
}

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, RequestService& requests,
                                    const core::Clock& clock) {
  TRY(bench.Register({"service_requests.queue",
                      "今日待办",
                      {Role::kCommunityWorker},
                      10,
                      FromQueue(requests, [](const DeskQueue& queue, Card& card) {
                        card.figure = int64_t(queue.requests.size());
                        card.unit = "件";
                        card.items = workbench::FirstItems(queue.requests, RequestItem);
                        card.tone = queue.overdue_count > 0 ? Tone::kWarning : Tone::kNormal;
                      })}));
  TRY(bench.Register({"service_requests.overdue",
                      "逾期办件",
                      {Role::kCommunityWorker},
                      11,
                      FromQueue(requests, [](const DeskQueue& queue, Card& card) {
                        std::vector<ServiceRequest> overdue;
                        std::copy_if(queue.requests.begin(), queue.requests.end(),
                                     std::back_inserter(overdue),
                                     [](const ServiceRequest& r) { return r.overdue; });
                        card.figure = queue.overdue_count;
                        card.unit = "件";
                        card.items = workbench::FirstItems(overdue, RequestItem);
                        card.tone = queue.overdue_count > 0 ? Tone::kDanger : Tone::kNormal;
                      })}));
  TRY(bench.Register(
      {"service_requests.appointments",
       "今日预约",
       {Role::kCommunityWorker},
       12,
       FromQueue(requests, [](const DeskQueue& queue, Card& card) {
         card.figure = int64_t(queue.appointments.size());
         card.unit = "个";
         card.items = workbench::FirstItems(queue.appointments, [](const auto& appointment) {
           const auto& [request, slot] = appointment;
           CardItem item = RequestItem(request);
           const int64_t minutes = (slot.starts_at + calendar::kChinaOffsetMillis) / 60'000;
           char time[8];
           std::snprintf(time, sizeof time, "%02d:%02d", int(minutes / 60 % 24), int(minutes % 60));
           item.note = std::string(time) + " · " + slot.desk;
           return item;
         });
       })}));
  // A resident's own affairs (decision 0026): the way to apply, and their requests with where
  // each stands. Nothing for an account not bound to a registered person.
  TRY(bench.Register({"service_requests.apply",
                      "办事指南 · 在线申请",
                      {Role::kResident},
                      2,
                      [](const Caller& caller) -> core::Result<std::optional<Card>> {
                        if (!caller.resident_id()) return std::optional<Card>();
                        Card card;
                        card.link = Link{"guide", "", {}};
                        return std::optional<Card>(std::move(card));
                      }}));
  TRY(bench.Register({"service_requests.mine",
                      "我的办事",
                      {Role::kResident},
                      5,
                      [&requests](const Caller& caller) -> core::Result<std::optional<Card>> {
                        if (!caller.resident_id()) return std::optional<Card>();
                        core::PageRequest page;
                        page.limit = kOwnRequestsLooked;
                        ASSIGN_OR_RETURN(auto own, requests.ListOwn(RequestQuery{}, caller, page));
                        Card card;
                        card.unit = "件办理中";
                        card.figure = static_cast<int64_t>(std::count_if(
                            own.items.begin(), own.items.end(), [](const ServiceRequest& request) {
                              return StillOpen(request.state);
                            }));
                        card.items =
                            workbench::FirstItems(own.items, [](const ServiceRequest& request) {
                              CardItem item;
                              item.label = request.item_name;
                              item.note = std::string(RequestStateLabel(request.state));
                              if (StillOpen(request.state))
                                item.note += " · 期限 " + DateOf(request.deadline_at);
                              item.tone = request.overdue ? Tone::kWarning : Tone::kNormal;
                              item.link = Link{"my_request", std::to_string(request.id), {}};
                              return item;
                            });
                        card.link = Link{"my_requests", "", {}};
                        return std::optional<Card>(std::move(card));
                      }}));
  TRY(bench.Register(
      {"service_requests.by_place",
       "近30天办件",
       {Role::kTownOfficial, Role::kCountyOfficial},
       30,
       [&requests, &clock](const Caller& caller) -> core::Result<std::optional<Card>> {
         FiguresRequest request;
         request.group_by = caller.HasRole(Role::kTownOfficial) ? "community" : "town";
         request.from =
             calendar::ChinaDateOf(clock.NowMillis()).AddDays(-(kFiguresDays - 1)).ToString();
         ASSIGN_OR_RETURN(auto figures, requests.ComputeFigures(request, caller));
         std::sort(figures.rows.begin(), figures.rows.end(),
                   [](const FiguresRow& a, const FiguresRow& b) {
                     return a.overdue_open != b.overdue_open ? a.overdue_open > b.overdue_open
                                                             : a.requests > b.requests;
                   });
         Card card;
         card.figure = figures.total.requests;
         card.unit = "件";
         card.items = workbench::FirstItems(figures.rows, [](const FiguresRow& row) {
           CardItem item;
           item.label = row.name.empty() ? row.key : row.name;
           item.figure = row.requests;
           if (row.overdue_open > 0) {
             item.note = "逾期未办 " + std::to_string(row.overdue_open) + " 件";
             item.tone = Tone::kDanger;
           }
           return item;
         });
         card.tone = workbench::WorstTone(card.items);
         card.link = Desk();
         return std::optional<Card>(std::move(card));
       }}));
  return core::Ok();
}

}  // namespace linli::service_requests

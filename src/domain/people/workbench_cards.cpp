#include "domain/people/workbench_cards.hpp"

#include <algorithm>

namespace linli::people {

namespace {

constexpr int kRecentChangeDays = 30;
// Counted up to this many; the card says "more than" beyond.
constexpr int kMaxRecentChanges = 100;

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::CardItem;
using workbench::Link;

// The residents list's filter of a place: its community or grid (a wider place is the list's
// whole jurisdiction).
std::vector<std::pair<std::string, std::string>> PlaceFilter(const std::string& place) {
  if (place.size() == 12) return {{"community", place}};
  if (place.size() == 15) return {{"grid", place}};
  return {};
}

// The residents of `place`: the total, households first, then the largest care groups.
core::Result<std::optional<Card>> PlaceCard(ResidentService& residents, const std::string& place,
                                            const Caller& caller) {
  if (place.empty()) return std::optional<Card>();
  ASSIGN_OR_RETURN(auto counts, residents.Counts(place, caller));
  ASSIGN_OR_RETURN(auto tags, residents.TagDefinitions());
  Card card;
  card.figure = counts.total;
  card.unit = "人";
  card.items.push_back(CardItem{"户数", "", counts.households, workbench::Tone::kNormal, {}});
  auto by_tag = counts.by_tag;
  std::stable_sort(by_tag.begin(), by_tag.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [code, count] : by_tag) {
    if (count == 0 || card.items.size() >= workbench::kMaxItems) continue;
    auto definition = std::find_if(tags.begin(), tags.end(),
                                   [&](const TagDefinition& tag) { return tag.code == code; });
    CardItem item;
    item.label = definition == tags.end() ? code : definition->name;
    item.figure = count;
    Link link{"people", "", PlaceFilter(place)};
    link.query.emplace_back("tag", code);
    item.link = std::move(link);
    card.items.push_back(std::move(item));
  }
  card.link = Link{"people", "", PlaceFilter(place)};
  return std::optional<Card>(std::move(card));
}

// What the history records say happened, for people.
std::string ChangeLabel(HistoryEvent event) {
  switch (event) {
    case HistoryEvent::kBirth:
      return "出生登记";
    case HistoryEvent::kMoveIn:
      return "迁入";
    case HistoryEvent::kMoveOut:
      return "迁出";
    case HistoryEvent::kStatus:
      return "状态变更";
    case HistoryEvent::kDeath:
      return "死亡";
  }
  return "变动";
}

// The changes of the place's people in the last 30 days, newest first: who and what, each
// opening the person.
core::Result<std::optional<Card>> ChangesCard(ResidentService& residents, const std::string& place,
                                              const Caller& caller) {
  if (place.empty()) return std::optional<Card>();
  ASSIGN_OR_RETURN(auto changes,
                   residents.RecentChanges(place, kRecentChangeDays, kMaxRecentChanges, caller));
  Card card;
  card.figure = static_cast<int64_t>(changes.size());
  card.unit = changes.size() >= static_cast<size_t>(kMaxRecentChanges) ? "条以上" : "条";
  for (const auto& change : changes) {
    if (card.items.size() >= workbench::kMaxItems) break;
    CardItem item;
    item.label = change.name + " " + ChangeLabel(change.record.event);
    item.note = change.record.valid_from;
    if (change.record.event == HistoryEvent::kStatus) {
      item.note += " · " + std::string(ResidentStatusChineseName(change.record.status));
    }
    item.link = Link{"resident", std::to_string(change.record.resident_id), {}};
    card.items.push_back(std::move(item));
  }
  card.link = Link{"people", "", PlaceFilter(place)};
  return std::optional<Card>(std::move(card));
}

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, ResidentService& residents) {
  TRY(bench.Register({"people.place",
                      "本网格（社区）居民",
                      {Role::kGridWorker, Role::kCommunityWorker},
                      15,
                      [&residents](const Caller& caller) {
                        return PlaceCard(
                            residents, caller.PlaceOf({Role::kGridWorker, Role::kCommunityWorker}),
                            caller);
                      }}));
  TRY(bench.Register({"people.changes",
                      "近期人员变动（30 天）",
                      {Role::kCommunityWorker, Role::kGridWorker},
                      16,
                      [&residents](const Caller& caller) {
                        return ChangesCard(
                            residents, caller.PlaceOf({Role::kGridWorker, Role::kCommunityWorker}),
                            caller);
                      }}));
  TRY(bench.Register({"people.jurisdiction",
                      "辖区居民",
                      {Role::kTownOfficial, Role::kCountyOfficial, Role::kCityAdmin},
                      40,
                      [&residents](const Caller& caller) {
                        return PlaceCard(residents,
                                         caller.PlaceOf({Role::kCityAdmin, Role::kCountyOfficial,
                                                         Role::kTownOfficial}),
                                         caller);
                      }}));
  return core::Ok();
}

}  // namespace linli::people

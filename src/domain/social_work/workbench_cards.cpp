#include "domain/social_work/workbench_cards.hpp"

#include <string>
#include <vector>

namespace linli::social_work {

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, SocialWorkService& service) {
  using access::Caller;
  using access::Role;
  using workbench::Card;
  using workbench::CardItem;
  using workbench::Tone;
  return bench.Register({"social_work.unreached",
                         "近 12 个月未开展专业社会工作的村（社区）",
                         {Role::kCityAdmin, Role::kCountyOfficial, Role::kTownOfficial},
                         45,
                         [&service](const Caller& caller) -> core::Result<std::optional<Card>> {
                           const std::string place = caller.PlaceOf(
                               {Role::kCityAdmin, Role::kCountyOfficial, Role::kTownOfficial});
                           if (place.empty()) return std::optional<Card>();
                           ASSIGN_OR_RETURN(auto coverage, service.Coverage(place, caller));
                           std::vector<CommunityCoverage> unreached;
                           for (auto& row : coverage) {
                             if (row.records == 0) unreached.push_back(std::move(row));
                           }
                           Card card;
                           card.figure = static_cast<int64_t>(unreached.size());
                           card.unit = "个";
                           card.tone = unreached.empty() ? Tone::kNormal : Tone::kWarning;
                           card.link = workbench::Link{"social_work", "", {{"place", place}}};
                           card.items =
                               workbench::FirstItems(unreached, [](const CommunityCoverage& row) {
                                 CardItem item;
                                 item.label = row.community_name;
                                 item.note = "近 12 个月无持证社工服务记录";
                                 item.tone = Tone::kWarning;
                                 return item;
                               });
                           return std::optional<Card>(std::move(card));
                         }});
}

}  // namespace linli::social_work

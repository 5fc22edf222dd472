#include "domain/kiosks/workbench_cards.hpp"

#include <string>

#include "engines/calendar/working_calendar.hpp"

namespace linli::kiosks {

namespace {

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::CardItem;
using workbench::Link;
using workbench::Tone;

core::Result<std::optional<Card>> TokensCard(KioskService& kiosks, const core::Clock& clock,
                                             const Caller& caller) {
  ASSIGN_OR_RETURN(auto expiring, kiosks.ExpiringTokens(workbench::kMaxItems, caller));
  if (expiring.total == 0) return std::optional<Card>();
  const int64_t now = clock.NowMillis();
  Card card;
  card.figure = expiring.total;
  card.unit = "台";
  for (const auto& kiosk : expiring.kiosks) {
    CardItem item;
    item.label = kiosk.community_name + " · " + kiosk.name;
    const bool expired = kiosk.token_expires_at <= now;
    item.note = std::string(expired ? "已于 " : "将于 ") +
                calendar::ChinaDateOf(kiosk.token_expires_at).ToString() + " 过期";
    item.tone = expired ? Tone::kDanger : Tone::kWarning;
    item.link = Link{"kiosks", "", {{"community", kiosk.community_code}}};
    card.items.push_back(std::move(item));
  }
  card.tone = workbench::WorstTone(card.items);
  card.link = Link{"kiosks", "", {}};
  return std::optional<Card>(std::move(card));
}

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, KioskService& kiosks,
                                    const core::Clock& clock) {
  return bench.Register(
      {"kiosks.tokens",
       "终端令牌将到期",
       {Role::kCommunityWorker, Role::kTownOfficial, Role::kCountyOfficial, Role::kCityAdmin},
       60,
       [&kiosks, &clock](const Caller& caller) { return TokensCard(kiosks, clock, caller); }});
}

}  // namespace linli::kiosks

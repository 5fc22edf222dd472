#include "domain/volunteers/workbench_cards.hpp"

#include <optional>
#include <string>

namespace linli::volunteers {

namespace {

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::Tone;

// A card of a figure (nullopt: the caller holds the permission nowhere), opening the activities
// (志愿活动: where sign-ups are checked out and verified, and short activities filled; decision
// 0052).
core::Result<std::optional<Card>> FigureCard(const core::Result<std::optional<int64_t>>& count,
                                             std::string unit, Tone tone_when_any) {
  if (!count.ok()) return count.error();
  if (!*count) return std::optional<Card>();
  Card card;
  card.figure = **count;
  card.unit = std::move(unit);
  card.tone = **count > 0 ? tone_when_any : Tone::kNormal;
  card.link = workbench::Link{"volunteer_activities", "", {}};
  return std::optional<Card>(std::move(card));
}

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, VolunteerService& service) {
  const std::vector<Role> roles = {Role::kCommunityWorker, Role::kTownOfficial,
                                   Role::kCountyOfficial, Role::kCityAdmin};
  TRY(bench.Register(
      {"volunteers.to_verify", "待核定的志愿服务时长", roles, 70, [&service](const Caller& caller) {
         return FigureCard(service.CountToVerify(caller), "人次", Tone::kWarning);
       }}));
  return bench.Register({"volunteers.short_activities", "尚缺志愿者的活动", roles, 71,
                         [&service](const Caller& caller) {
                           return FigureCard(service.CountShortActivities(caller), "项",
                                             Tone::kNormal);
                         }});
}

}  // namespace linli::volunteers

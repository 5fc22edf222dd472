#include "domain/indicators/workbench_cards.hpp"

#include <algorithm>

namespace linli::indicators {

namespace {

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::CardItem;
using workbench::Link;
using workbench::Tone;

int Rank(Status status) { return status == Status::kBehind ? 0 : 1; }

std::string VariantLabel(const IndicatorRow& row) {
  return row.variant_name.empty() ? "" : "（" + row.variant_name + "）";
}

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, IndicatorService& service) {
  TRY(bench.Register(
      {"indicators.status",
       "规划指标：滞后与有风险",
       {Role::kCityAdmin, Role::kDepartmentOfficer, Role::kCountyOfficial, Role::kTownOfficial},
       40,
       [&service](const Caller& caller) -> core::Result<std::optional<Card>> {
         const std::string place = caller.PlaceOf({Role::kCityAdmin, Role::kDepartmentOfficer,
                                                   Role::kCountyOfficial, Role::kTownOfficial});
         if (place.empty()) return std::optional<Card>();
         // A department officer sees its department's indicators.
         std::string department;
         if (caller.HasRole(Role::kDepartmentOfficer) && !caller.HasRole(Role::kCityAdmin)) {
           for (const auto& grant : caller.grants()) {
             if (grant.role == Role::kDepartmentOfficer) department = grant.department;
           }
         }
         ASSIGN_OR_RETURN(auto answer, service.ForPlace(place, "", caller));
         std::vector<const IndicatorRow*> problems;
         for (const auto& row : answer.rows) {
           if (!row.status || (*row.status != Status::kBehind && *row.status != Status::kAtRisk)) {
             continue;
           }
           if (!department.empty() &&
               std::find(row.indicator->responsible.begin(), row.indicator->responsible.end(),
                         department) == row.indicator->responsible.end()) {
             continue;
           }
           problems.push_back(&row);
         }
         std::stable_sort(problems.begin(), problems.end(), [](const auto* a, const auto* b) {
           return Rank(*a->status) < Rank(*b->status);
         });
         Card card;
         card.figure = static_cast<int64_t>(problems.size());
         card.unit = "项";
         card.link = Link{"indicators", "", {{"place", place}}};
         card.items = workbench::FirstItems(problems, [&](const IndicatorRow* row) {
           CardItem item;
           item.label = row->indicator->id + " " + row->indicator->name + VariantLabel(*row);
           item.note = std::string(kStatusNames.Label(*row->status));
           item.tone = *row->status == Status::kBehind ? Tone::kDanger : Tone::kWarning;
           item.link = Link{"indicators", "", {{"place", place}}};
           return item;
         });
         card.tone = workbench::WorstTone(card.items);
         return std::optional<Card>(std::move(card));
       }}));
  return bench.Register(
      {"indicators.awaiting",
       "待审核的指标填报",
       {Role::kCityAdmin, Role::kCountyOfficial, Role::kTownOfficial},
       41,
       [&service](const Caller& caller) -> core::Result<std::optional<Card>> {
         ASSIGN_OR_RETURN(auto reports, service.AwaitingApproval(caller));
         Card card;
         card.figure = static_cast<int64_t>(reports.size());
         card.unit = "条";
         card.link = Link{"indicators", "", {}};
         card.items = workbench::FirstItems(reports, [](const Report& report) {
           CardItem item;
           item.label = report.indicator_id + " · " + report.place_name;
           item.note = report.period + " · " + report.entered_by_name;
           item.tone = Tone::kWarning;
           item.link =
               Link{"indicators", "", {{"place", report.place_code}, {"period", report.period}}};
           return item;
         });
         return std::optional<Card>(std::move(card));
       }});
}

}  // namespace linli::indicators

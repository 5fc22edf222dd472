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
                                    EligibilityService& eligibility, MandatoryReports& reports,
                                    Applications& applications, const core::Clock& clock) {
  TRY(bench.Register({"care.visits_due",
                      "本月待走访",
                      {Role::kGridWorker, Role::kCommunityWorker},
                      15,
                      [&care](const Caller& caller) -> core::Result<std::optional<Card>> {
                        VisitFilter filter;
                        filter.mine = true;
                        filter.status = VisitStatus::kDue;
                        filter.page.limit = core::kMaxPageLimit;
                        ASSIGN_OR_RETURN(auto page, care.ListVisits(filter, caller));
                        Card card;
                        card.figure = static_cast<int64_t>(page.items.size());
                        card.unit = page.next_cursor ? "户以上" : "户";
                        card.items = workbench::FirstItems(page.items, [&care](const Visit& visit) {
                          return VisitItem(care, visit);
                        });
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
         filter.page.limit = core::kMaxPageLimit;
         ASSIGN_OR_RETURN(auto page, care.ListVisits(filter, caller));
         Card card;
         card.figure = static_cast<int64_t>(page.items.size());
         card.unit = page.next_cursor ? "次以上" : "次";
         card.tone = page.items.empty() ? Tone::kNormal : Tone::kDanger;
         card.items = workbench::FirstItems(
             page.items, [&care](const Visit& visit) { return VisitItem(care, visit); });
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
  // 政策找人: the open leads of the worker's community, oldest first (the first page).
  TRY(bench.Register(
      {"care.findings_open",
       "待联系的政策找人线索",
       {Role::kCommunityWorker},
       18,
       [&eligibility](const Caller& caller) -> core::Result<std::optional<Card>> {
         const std::string place = caller.PlaceOf({Role::kCommunityWorker});
         if (place.empty()) return std::optional<Card>();
         FindingFilter filter;
         filter.place = place;
         filter.status = FindingStatus::kOpen;
         filter.page.limit = core::kMaxPageLimit;
         ASSIGN_OR_RETURN(auto page, eligibility.List(filter, caller));
         Card card;
         card.figure = static_cast<int64_t>(page.items.size());
         card.unit = page.next_cursor ? "条以上" : "条";
         card.items = workbench::FirstItems(page.items, [&eligibility](const Finding& f) {
           const Benefit* benefit = eligibility.benefits().Find(f.benefit);
           CardItem item;
           item.label = f.resident_name + " · " + (benefit ? benefit->name : f.benefit);
           item.note = std::string(kFindingKindNames.Label(f.kind)) + " · " + f.found_on;
           item.tone = f.kind == FindingKind::kNoLongerEligible ? Tone::kWarning : Tone::kNormal;
           item.link = Link{"care_findings", "", {}};
           return item;
         });
         card.tone = workbench::WorstTone(card.items);
         card.link = Link{"care_findings", "", {{"place", place}, {"status", "open"}}};
         return std::optional<Card>(std::move(card));
       }}));
  // Mandatory reports not yet closed, for their handlers (the 儿童主任 duty, county officials):
  // the child is not named on the card.
  TRY(bench.Register(
      {"care.mandatory_reports",
       "待处置的强制报告",
       {Role::kCommunityWorker, Role::kCountyOfficial},
       19,
       [&reports, &clock](const Caller& caller) -> core::Result<std::optional<Card>> {
         if (caller.ScopeFor(access::Permission::kCareMinors).Empty()) {
           return std::optional<Card>();
         }
         std::vector<MandatoryReport> open;
         for (ReportStatus status : {ReportStatus::kReceived, ReportStatus::kAcknowledged}) {
           ReportQuery query;
           query.status = status;
           query.page.limit = core::kMaxPageLimit;
           ASSIGN_OR_RETURN(auto page, reports.List(query, caller));
           for (auto& report : page.items) open.push_back(std::move(report));
         }
         const int64_t now = clock.NowMillis();
         Card card;
         card.figure = static_cast<int64_t>(open.size());
         card.unit = "件";
         card.items = workbench::FirstItems(open, [now](const MandatoryReport& r) {
           const int64_t due =
               r.status == ReportStatus::kReceived ? r.acknowledge_due_at : r.close_due_at;
           CardItem item;
           item.label = r.receipt_code + " · " + std::string(kHarmKindNames.Label(r.kind));
           item.note = r.place_name + " · " + std::string(kReportStatusNames.Label(r.status));
           item.tone = (r.urgent || now >= due) ? Tone::kDanger : Tone::kNormal;
           item.link = Link{"care_mandatory_report", std::to_string(r.id), {}};
           return item;
         });
         card.tone = workbench::WorstTone(card.items);
         card.link = Link{"care_mandatory_reports", "", {}};
         return std::optional<Card>(std::move(card));
       }}));
  // Applications at the official's stage: the town's review, the county's approval.
  TRY(bench.Register(
      {"care.applications_pending",
       "待审批的救助申请",
       {Role::kTownOfficial, Role::kCountyOfficial},
       20,
       [&applications, &clock](const Caller& caller) -> core::Result<std::optional<Card>> {
         const bool county = !caller.PlaceOf({Role::kCountyOfficial}).empty();
         const std::string place = caller.PlaceOf({Role::kTownOfficial, Role::kCountyOfficial});
         if (place.empty()) return std::optional<Card>();
         ApplicationQuery query;
         query.place_prefix = place;
         query.status = county ? ApplicationStatus::kCounty : ApplicationStatus::kTown;
         query.page.limit = core::kMaxPageLimit;
         ASSIGN_OR_RETURN(auto page, applications.List(query, caller));
         const int64_t now = clock.NowMillis();
         Card card;
         card.figure = static_cast<int64_t>(page.items.size());
         card.unit = "件";
         card.items = workbench::FirstItems(page.items, [now](const Application& a) {
           CardItem item;
           item.label = a.resident_name + " · " + std::string(kApplicationKindNames.Label(a.kind));
           item.note = a.place_name;
           item.tone = a.stage_due_at > 0 && now >= a.stage_due_at ? Tone::kDanger : Tone::kNormal;
           item.link = Link{"care_application", std::to_string(a.id), {}};
           return item;
         });
         card.tone = workbench::WorstTone(card.items);
         card.link = Link{"care_applications", "", {{"status", county ? "county" : "town"}}};
         return std::optional<Card>(std::move(card));
       }}));
  return core::Ok();
}

}  // namespace linli::care

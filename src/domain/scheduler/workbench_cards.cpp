#include "domain/scheduler/workbench_cards.hpp"

namespace linli::scheduler {

namespace {

using access::Caller;
using access::Role;
using workbench::Card;
using workbench::CardItem;
using workbench::Link;
using workbench::Tone;

// A job is late when its next run was due this long ago and it is not running.
constexpr int64_t kLateMillis = 15 * 60'000;

}  // namespace

core::Status RegisterWorkbenchCards(workbench::Workbench& bench, Scheduler& scheduler,
                                    const core::Clock& clock) {
  return bench.Register(
      {"jobs.health",
       "系统运行",
       {Role::kCityAdmin},
       50,
       [&scheduler, &clock](const Caller& caller) -> core::Result<std::optional<Card>> {
         ASSIGN_OR_RETURN(auto jobs, scheduler.List(caller));
         const int64_t now = clock.NowMillis();
         Card card;
         card.unit = "项异常";
         std::vector<CardItem> problems;
         for (const auto& job : jobs) {
           CardItem item;
           item.label = job.title.empty() ? job.name : job.title;
           item.link = Link{"jobs", "", {}};
           if (job.record.last_ok == false) {
             item.note = "上次运行失败：" + job.record.last_error;
             item.tone = Tone::kDanger;
           } else if (!job.running && job.next_run_at + kLateMillis < now) {
             item.note = "已逾期未运行";
             item.tone = Tone::kWarning;
           } else {
             continue;
           }
           problems.push_back(std::move(item));
         }
         card.figure = int64_t(problems.size());
         if (problems.size() > workbench::kMaxItems) problems.resize(workbench::kMaxItems);
         card.items = std::move(problems);
         card.tone = workbench::WorstTone(card.items);
         card.link = Link{"jobs", "", {}};
         return std::optional<Card>(std::move(card));
       }});
}

}  // namespace linli::scheduler

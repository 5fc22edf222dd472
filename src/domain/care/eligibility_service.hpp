// EligibilityService: 政策找人 (issue 19 item 5; decision 0032) — the benefits and their rules,
// the run over the registry (the job care.eligibility, daily; or for the people a signal names),
// the findings in scope (care.read; each list audited as a read of the people it names), and a
// worker's outcome of a finding (care.manage: applied, declined, not eligible, enrolled, stopped;
// enrolled starts the enrolment, stopped ends it, in one audited transaction).
// Thread-safety: thread-safe (the benefits are immutable; state lives in the repository).
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/care/eligibility.hpp"
#include "domain/people/people.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::care {

struct FindingFilter {
  std::string place;
  std::string benefit;
  std::optional<FindingKind> kind;
  std::optional<FindingStatus> status;
  core::PageRequest page;
};

// A signals import: rows read, signals written, the open findings of the people they name after
// the rules ran for them.
struct SignalImportOutcome : tabular::ImportReport {
  int64_t rows = 0;
  int64_t imported = 0;
  int64_t findings = 0;
  bool written = false;
};

inline constexpr std::string_view kEligibilityJobName = "care.eligibility";

class EligibilityService {
 public:
  // REQUIRES: repository, people, audit and clock outlive the service.
  EligibilityService(EligibilityRepository& repository, people::PeopleRepository& people,
                     audit::AuditLog& audit, Benefits benefits, const core::Clock& clock);

  const Benefits& benefits() const { return benefits_; }
  // Every rule over the registry today (or only over `residents`).
  core::Result<std::vector<RunCounts>> Run(const std::vector<int64_t>& residents = {});
  core::Result<core::Page<Finding>> List(const FindingFilter& filter, const access::Caller& caller);
  core::Result<Finding> RecordOutcome(int64_t id, FindingStatus status, std::string_view note,
                                      const access::Caller& caller);
  // Signals from other departments (care.manage): the template (身份证号, 信号, 日期, 来源部门,
  // 说明), the all-or-nothing import on the import kernel (the people registered and in the
  // caller's scope, the kind one of the five, a date not in the future), which then re-runs every
  // rule for the people it names; its error copy; the newest signals in scope (care.read).
  static tabular::Table SignalTemplate();
  core::Result<SignalImportOutcome> ImportSignals(const tabular::Table& table,
                                                  const access::Caller& caller,
                                                  const tabular::ImportOptions& options);
  static core::Result<std::string> SignalErrorCopy(const tabular::Table& table,
                                                   const tabular::ImportReport& report);
  core::Result<std::vector<Signal>> ListSignals(const std::string& place,
                                                const access::Caller& caller);

  // C1's findings side for a month: per community, the findings found at least `days` days
  // before the month's last day, and those decided by that day.
  core::Result<std::vector<ContactFigures>> ContactFiguresOf(std::string_view month, int days);

  // The seeder: enrols about `share` of the people each rule finds, then runs the rules.
  core::Result<int64_t> SeedSynthetic(double share, uint64_t seed);

 private:
  std::string Today() const;

  EligibilityRepository& repository_;
  people::PeopleRepository& people_;
  audit::AuditLog& audit_;
  const Benefits benefits_;
  const core::Clock& clock_;
};

// The job `care.eligibility` (daily at 03:00 China time; one run after a stop).
core::Result<scheduler::Job> EligibilityJob(EligibilityService& service);

}  // namespace linli::care

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
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/care/eligibility.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::care {

struct FindingFilter {
  std::string place;
  std::string benefit;
  std::optional<FindingKind> kind;
  std::optional<FindingStatus> status;
  core::PageRequest page;
};

inline constexpr std::string_view kEligibilityJobName = "care.eligibility";

class EligibilityService {
 public:
  // REQUIRES: repository, audit and clock outlive the service.
  EligibilityService(EligibilityRepository& repository, audit::AuditLog& audit, Benefits benefits,
                     const core::Clock& clock);

  const Benefits& benefits() const { return benefits_; }
  // Every rule over the registry today (or only over `residents`).
  core::Result<std::vector<RunCounts>> Run(const std::vector<int64_t>& residents = {});
  core::Result<core::Page<Finding>> List(const FindingFilter& filter, const access::Caller& caller);
  core::Result<Finding> RecordOutcome(int64_t id, FindingStatus status, std::string_view note,
                                      const access::Caller& caller);
  // The seeder: enrols about `share` of the people each rule finds, then runs the rules.
  core::Result<int64_t> SeedSynthetic(double share, uint64_t seed);

 private:
  std::string Today() const;

  EligibilityRepository& repository_;
  audit::AuditLog& audit_;
  const Benefits benefits_;
  const core::Clock& clock_;
};

// The job `care.eligibility` (daily at 03:00 China time; one run after a stop).
core::Result<scheduler::Job> EligibilityJob(EligibilityService& service);

}  // namespace linli::care

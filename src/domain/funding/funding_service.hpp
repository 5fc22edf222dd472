// FundingService: projects and their funding recorded, listed with their total, and deleted when
// entered by mistake (funding.hpp). Reads use indicators.read; writes indicators.report, a
// department officer only for its own department; every write is audited in its transaction.
// Thread-safety: thread-safe (no state beyond the references it holds).
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/access/caller.hpp"
#include "domain/funding/funding.hpp"
#include "domain/indicators/indicator_service.hpp"

namespace linli::funding {

struct NewProject {
  std::string name;
  std::string department;
  std::string task;
  std::string place_code;
  double amount = 0.0;
  std::string source;
  int64_t year = 0;
  std::string note;
};

struct ProjectList {
  std::vector<Project> items;
  double total_amount = 0.0;
};

class FundingService {
 public:
  // REQUIRES: repository, indicators (the plan and its places) and clock outlive the service.
  FundingService(ProjectRepository& repository, indicators::IndicatorService& indicators,
                 const core::Clock& clock);

  core::Result<Project> Create(const NewProject& input, const access::Caller& caller);
  core::Result<ProjectList> List(const ProjectQuery& query, const access::Caller& caller);
  core::Status Delete(int64_t id, const access::Caller& caller);

 private:
  ProjectRepository& repository_;
  indicators::IndicatorService& indicators_;
  const core::Clock& clock_;
};

}  // namespace linli::funding

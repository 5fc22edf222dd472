// Funding per project (plan section 四 "工作保障": each task's departments record what they fund):
// a project — its name, the department paying, the plan task it serves, the place, the amount,
// the kind of funding (government purchase of services, venture philanthropy, a special fund,
// donations …) and the year — listed with totals in the department workspace.
// Thread-safety: plain values; the repository is implemented by storage/funding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::funding {

enum class FundingSource {
  kGovernmentPurchase,
  kVenturePhilanthropy,
  kSpecialFund,
  kDonation,
  kOther
};
inline constexpr core::EnumNames<FundingSource, 5> kFundingSourceNames{{
    {FundingSource::kGovernmentPurchase, "government_purchase", "政府购买服务"},
    {FundingSource::kVenturePhilanthropy, "venture_philanthropy", "公益创投"},
    {FundingSource::kSpecialFund, "special_fund", "专项资金"},
    {FundingSource::kDonation, "donation", "社会捐赠"},
    {FundingSource::kOther, "other", "其他"},
}};

struct Project {
  int64_t id = 0;
  std::string name;
  std::string department;
  std::string task;  // a task of the plan (A1 … C16)
  std::string place_code;
  std::string place_name;  // filled by the repository
  double amount = 0.0;     // yuan
  FundingSource source = FundingSource::kGovernmentPurchase;
  int year = 0;
  std::string note;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  bool synthetic = false;
};

struct ProjectQuery {
  std::string place_prefix;
  std::string department;
  std::optional<int> year;
  size_t limit = 500;
};

// Largest amount of one project: 10 billion yuan.
inline constexpr double kMaxAmount = 1e10;

class ProjectRepository {
 public:
  virtual ~ProjectRepository() = default;
  virtual core::Result<Project> Insert(const Project& project, const audit::AuditEntry& entry) = 0;
  // Deletes one entered by mistake (false when it was gone).
  virtual core::Result<bool> Delete(int64_t id, const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Project>> Find(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<std::vector<Project>> List(const ProjectQuery& query,
                                                  const core::Scope& scope) = 0;
};

}  // namespace linli::funding

// Community social organisations (社区社会组织; issue 20 item 1, plan task A4; decision 0045): the
// registry — name, category (the plan's five, as data), status (registered 登记 with a unified
// social credit code, filed 备案 with a filing number, or deregistered), home community and the
// communities served, contact, founding date — and the activities each records (what, when,
// where, how many served). An organisation is "regularly active" (经常性参与社区服务) when its
// activities fall in at least N distinct months of the last twelve (rules.json); A4c and A4d
// count those per community.
// Thread-safety: plain values; the repository is implemented by storage/social_orgs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::social_orgs {

enum class OrgStatus { kRegistered, kFiled, kDeregistered };
inline constexpr core::EnumNames<OrgStatus, 3> kOrgStatusNames{{
    {OrgStatus::kRegistered, "registered", "登记"},
    {OrgStatus::kFiled, "filed", "备案"},
    {OrgStatus::kDeregistered, "deregistered", "已注销"},
}};

struct Category {
  std::string code;  // "elderly_disabled"
  std::string name;  // "养老助残"
};

// data/social_orgs/rules.json.
struct Rules {
  std::vector<Category> categories;
  int active_months = 4;   // distinct months with an activity …
  int window_months = 12;  // … among this many, ending with the month measured
  const Category* Find(std::string_view code) const;
};
// Checks every field; errors name the JSON path (kValidationFailed).
core::Result<Rules> ParseRules(std::string_view text);

// 统一社会信用代码 (GB 32100-2015): 18 characters of 0-9 and A-Z without I, O, S, V, Z, the last a
// check character over the first 17.
bool IsCreditCode(std::string_view code);
// The check character of the first 17 characters (for the seeder and tests).
char CreditCodeCheck(std::string_view first17);

struct Organisation {
  int64_t id = 0;
  std::string name;
  std::string category;
  OrgStatus status = OrgStatus::kRegistered;
  OrgStatus registered_as = OrgStatus::kRegistered;  // registered | filed, kept when deregistered
  std::string credit_code;                           // registered
  std::string filing_number;                         // filed
  std::string place_code;                            // home community
  std::string place_name;                            // filled by the repository
  std::vector<std::string> areas;                    // communities served (home among them)
  std::string contact_name;
  std::string contact_phone;  // normalised in storage; masked in reads unless personal data
  std::string founded_on;     // YYYY-MM-DD
  std::string deregistered_on;
  std::string deregister_reason;
  std::string note;
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
  // Filled on reads: months with an activity in the last window, and whether that makes it
  // regularly active; the last activity's date.
  int64_t active_months = 0;
  bool regularly_active = false;
  std::string last_activity_on;
};

struct Activity {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string organisation_name;  // filled by the repository
  std::string title;
  std::string held_on;     // YYYY-MM-DD
  std::string place_code;  // community where it took place
  std::string place_name;  // filled by the repository
  int64_t served = 0;
  std::string note;
  int64_t recorded_by = 0;
  std::string recorded_by_name;
  int64_t recorded_at = 0;
  bool synthetic = false;
};

struct OrganisationQuery {
  std::string place_prefix;                // "" = the scope (home community under it)
  std::string category;                    // "" = any
  std::optional<OrgStatus> status;         // nullopt = any
  std::string name_contains;               // "" = any
  std::optional<int64_t> organisation_id;  // the social_org role's own
  std::string active_since;                // YYYY-MM-DD: start of the activity window
  size_t limit = 500;
};

// Months ("YYYY-MM") with at least one activity, per organisation, within [from, to].
struct ActiveMonths {
  int64_t organisation_id = 0;
  std::string place_code;  // home community
  std::vector<std::string> months;
};

class OrganisationRepository {
 public:
  virtual ~OrganisationRepository() = default;
  // Each write with its audit record in one transaction.
  virtual core::Result<Organisation> Insert(const Organisation& organisation,
                                            const audit::AuditEntry& entry) = 0;
  virtual core::Status Update(const Organisation& organisation, const audit::AuditEntry& entry) = 0;
  // Reads scoped on the home community (the social_org role's reads pass Scope::Everything()
  // with its own organisation's id); active_months counts the months of activities held on or
  // after `active_since` (YYYY-MM-DD).
  virtual core::Result<std::optional<Organisation>> Find(int64_t id, const core::Scope& scope,
                                                         std::string_view active_since) = 0;
  virtual core::Result<std::vector<Organisation>> List(const OrganisationQuery& query,
                                                       const core::Scope& scope) = 0;
  // Same name in the same community (another id than `except`).
  virtual core::Result<bool> NameTaken(std::string_view place_code, std::string_view name,
                                       int64_t except) = 0;
  virtual core::Result<Activity> InsertActivity(const Activity& activity,
                                                const audit::AuditEntry& entry) = 0;
  // Newest first.
  virtual core::Result<std::vector<Activity>> Activities(int64_t organisation_id, size_t limit) = 0;
  // For every organisation not deregistered on `to` (founded by then), the distinct months of its
  // activities held in [from, to] (YYYY-MM-DD): the indicators' source, unscoped.
  virtual core::Result<std::vector<ActiveMonths>> MonthsActive(std::string_view from,
                                                               std::string_view to) = 0;
  // Writes organisations (with their areas) and activities as they are (the seeder's), one
  // audit record; the number of organisations written. Activities name their organisation by
  // its index in `organisations` (organisation_id).
  virtual core::Result<int64_t> InsertMany(const std::vector<Organisation>& organisations,
                                           const std::vector<Activity>& activities,
                                           const audit::AuditEntry& entry) = 0;
};

}  // namespace linli::social_orgs

// Incubation of community social organisations (孵化; issue 20 item 1, decision 0045): an
// organisation applies to an incubation base (a facility of type incubation_base), the base's
// place officials take it in (incubating, with a start date), and it leaves graduated (出壳) or
// withdrawn, each step dated and audited. Applications are made by a worker over the
// organisation's community (socialorgs.manage); decisions and reads are scoped on the base's
// place.
// Thread-safety: plain values and a service holding references only (thread-safe).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/social_orgs/social_orgs.hpp"

namespace linli::social_orgs {

enum class IncubationStatus { kApplied, kIncubating, kGraduated, kWithdrawn };
inline constexpr core::EnumNames<IncubationStatus, 4> kIncubationStatusNames{{
    {IncubationStatus::kApplied, "applied", "已申请"},
    {IncubationStatus::kIncubating, "incubating", "孵化中"},
    {IncubationStatus::kGraduated, "graduated", "已出壳"},
    {IncubationStatus::kWithdrawn, "withdrawn", "已退出"},
}};

struct Incubation {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string organisation_name;  // filled by the repository
  int64_t base_id = 0;
  std::string base_name;
  std::string base_place;
  IncubationStatus status = IncubationStatus::kApplied;
  std::string applied_on;
  std::string started_on;
  std::string ended_on;
  std::string note;
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// An open incubation base as the facilities registry knows it.
struct IncubationBase {
  int64_t id = 0;
  std::string name;
  std::string place_code;
};
// Finds an open facility of type incubation_base (nullopt: none such); wired by the app.
using FindIncubationBase = std::function<core::Result<std::optional<IncubationBase>>(int64_t)>;

class IncubationRepository {
 public:
  virtual ~IncubationRepository() = default;
  virtual core::Result<Incubation> Insert(const Incubation& incubation,
                                          const audit::AuditEntry& entry) = 0;
  // Moves it from `from` to the record's status and dates (false when it was moved meanwhile).
  virtual core::Result<bool> Move(const Incubation& incubation, IncubationStatus from,
                                  const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Incubation>> Find(int64_t id, const core::Scope& scope) = 0;
  // In scope (on the base's place), newest first; status nullopt = any.
  virtual core::Result<std::vector<Incubation>> List(std::optional<IncubationStatus> status,
                                                     const core::Scope& scope, size_t limit) = 0;
  // Whether the organisation has an application or incubation still open (applied, incubating).
  virtual core::Result<bool> HasOpen(int64_t organisation_id) = 0;
};

class IncubationService {
 public:
  // REQUIRES: every reference outlives the service.
  IncubationService(IncubationRepository& repository, OrganisationRepository& organisations,
                    FindIncubationBase find_base, const core::Clock& clock);

  core::Result<Incubation> Apply(int64_t organisation_id, int64_t base_id,
                                 std::string_view applied_on, std::string_view note,
                                 const access::Caller& caller);
  // started_on for start; ended_on for graduate and withdraw.
  core::Result<Incubation> Start(int64_t id, std::string_view on, const access::Caller& caller);
  core::Result<Incubation> Graduate(int64_t id, std::string_view on, const access::Caller& caller);
  core::Result<Incubation> Withdraw(int64_t id, std::string_view on, const access::Caller& caller);
  core::Result<Incubation> Get(int64_t id, const access::Caller& caller);
  core::Result<std::vector<Incubation>> List(std::optional<IncubationStatus> status,
                                             const access::Caller& caller);

 private:
  core::Result<Incubation> Step(int64_t id, std::string_view on, IncubationStatus to,
                                const access::Caller& caller);
  std::string Today() const;

  IncubationRepository& repository_;
  OrganisationRepository& organisations_;
  FindIncubationBase find_base_;
  const core::Clock& clock_;
};

}  // namespace linli::social_orgs

#include "domain/social_orgs/incubations.hpp"

#include "core/identity/date.hpp"
#include "core/text.hpp"

namespace linli::social_orgs {

namespace {

using access::Caller;
using access::Permission;

constexpr const char* kSubject = "social_org_incubation";

bool IsDate(std::string_view text) { return identity::ParseDate(text).ok(); }

}  // namespace

IncubationService::IncubationService(IncubationRepository& repository,
                                     OrganisationRepository& organisations,
                                     FindIncubationBase find_base, const core::Clock& clock)
    : repository_(repository),
      organisations_(organisations),
      find_base_(std::move(find_base)),
      clock_(clock) {}

std::string IncubationService::Today() const {
  return identity::FormatDate(identity::DateFromUnixMillis(clock_.NowMillis()));
}

core::Result<Incubation> IncubationService::Apply(int64_t organisation_id, int64_t base_id,
                                                  std::string_view applied_on,
                                                  std::string_view note, const Caller& caller) {
  ASSIGN_OR_RETURN(
      auto organisation,
      organisations_.Find(organisation_id, caller.ScopeFor(Permission::kSocialOrgsManage), ""));
  if (!organisation) return core::Error::NotFound("社会组织不存在或不在您的管辖范围内");
  if (organisation->status == OrgStatus::kDeregistered) {
    return core::Error::FailedPrecondition("该社会组织已注销");
  }
  if (!find_base_) return core::Error::Unavailable("设施模块未启动，无法查找孵化基地");
  ASSIGN_OR_RETURN(auto base, find_base_(base_id));
  if (!base) return core::Error::Validation("孵化基地不存在或未开放", "base_id");
  if (!IsDate(applied_on)) return core::Error::Validation("申请日期应为 YYYY-MM-DD", "applied_on");
  if (applied_on > Today()) return core::Error::Validation("申请日期不能晚于今天", "applied_on");
  if (applied_on < organisation->founded_on) {
    return core::Error::Validation("申请日期不能早于成立日期", "applied_on");
  }
  TRY(core::CheckText(note, "note", core::TextRule::kMultiLine));
  if (core::CodePointCount(note) > 500)
    return core::Error::Validation("说明不能超过 500 字", "note");
  ASSIGN_OR_RETURN(bool open, repository_.HasOpen(organisation_id));
  if (open) return core::Error::AlreadyExists("该组织已有未结束的孵化申请", "organisation_id");
  Incubation incubation;
  incubation.organisation_id = organisation_id;
  incubation.organisation_name = organisation->name;
  incubation.base_id = base->id;
  incubation.base_name = base->name;
  incubation.base_place = base->place_code;
  incubation.applied_on = std::string(applied_on);
  incubation.note = std::string(note);
  incubation.created_by = caller.account_id();
  incubation.created_at = incubation.updated_at = clock_.NowMillis();
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kCreate, kSubject, "", incubation.base_place,
                        "{\"organisation_id\":" + std::to_string(organisation_id) +
                            ",\"base_id\":" + std::to_string(base_id) + ",\"applied_on\":\"" +
                            incubation.applied_on + "\"}",
                        incubation.created_at);
  return repository_.Insert(incubation, entry);
}

core::Result<Incubation> IncubationService::Step(int64_t id, std::string_view on,
                                                 IncubationStatus to, const Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.Find(id, caller.ScopeFor(Permission::kSocialOrgsManage)));
  if (!found) return core::Error::NotFound("孵化记录不存在或不在您的管辖范围内");
  Incubation incubation = *found;
  const IncubationStatus from = incubation.status;
  const bool allowed =
      (to == IncubationStatus::kIncubating && from == IncubationStatus::kApplied) ||
      (to == IncubationStatus::kGraduated && from == IncubationStatus::kIncubating) ||
      (to == IncubationStatus::kWithdrawn &&
       (from == IncubationStatus::kApplied || from == IncubationStatus::kIncubating));
  if (!allowed) {
    return core::Error::FailedPrecondition(
        std::string("孵化记录当前为") + std::string(kIncubationStatusNames.Label(from)) + "，不能" +
        std::string(kIncubationStatusNames.Label(to)));
  }
  const char* field = to == IncubationStatus::kIncubating ? "started_on" : "ended_on";
  if (!IsDate(on)) return core::Error::Validation("日期应为 YYYY-MM-DD", field);
  if (on > Today()) return core::Error::Validation("日期不能晚于今天", field);
  const std::string& earlier =
      incubation.started_on.empty() ? incubation.applied_on : incubation.started_on;
  if (on < earlier) return core::Error::Validation("日期不能早于上一步的日期 " + earlier, field);
  if (to == IncubationStatus::kIncubating) {
    incubation.started_on = std::string(on);
  } else {
    incubation.ended_on = std::string(on);
  }
  incubation.status = to;
  incubation.updated_at = clock_.NowMillis();
  const auto entry = caller.AuditEntry(
      audit::AuditAction::kUpdate, kSubject, std::to_string(id), incubation.base_place,
      "{\"status\":\"" + std::string(kIncubationStatusNames.Name(to)) + "\",\"" + field + "\":\"" +
          std::string(on) + "\"}",
      incubation.updated_at);
  ASSIGN_OR_RETURN(bool moved, repository_.Move(incubation, from, entry));
  if (!moved) return core::Error::FailedPrecondition("孵化记录刚被他人处理");
  return Get(id, caller);
}

core::Result<Incubation> IncubationService::Start(int64_t id, std::string_view on,
                                                  const Caller& caller) {
  return Step(id, on, IncubationStatus::kIncubating, caller);
}
core::Result<Incubation> IncubationService::Graduate(int64_t id, std::string_view on,
                                                     const Caller& caller) {
  return Step(id, on, IncubationStatus::kGraduated, caller);
}
core::Result<Incubation> IncubationService::Withdraw(int64_t id, std::string_view on,
                                                     const Caller& caller) {
  return Step(id, on, IncubationStatus::kWithdrawn, caller);
}

core::Result<Incubation> IncubationService::Get(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto found, repository_.Find(id, caller.ScopeFor(Permission::kSocialOrgsRead)));
  if (!found) return core::Error::NotFound("孵化记录不存在或不在您的管辖范围内");
  return *found;
}

core::Result<std::vector<Incubation>> IncubationService::List(
    std::optional<IncubationStatus> status, const Caller& caller) {
  return repository_.List(status, caller.ScopeFor(Permission::kSocialOrgsRead), 500);
}

}  // namespace linli::social_orgs

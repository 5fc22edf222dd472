#include "domain/volunteers/volunteer_service.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "core/division_code.hpp"
#include "core/text.hpp"

namespace linli::volunteers {

namespace {

using access::Permission;
using audit::AuditAction;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kMaxActivityMillis = 7LL * 24 * 60 * kMinute;  // a week

core::Status CheckName(std::string_view text, std::string_view field, size_t max) {
  if (text.empty())
    return core::Error::InvalidArgument(std::string(field) + "：不能为空", std::string(field));
  TRY(core::CheckText(text, field, core::TextRule::kSingleLine));
  if (core::CodePointCount(text) > max) {
    return core::Error::InvalidArgument(
        std::string(field) + "：过长（最多 " + std::to_string(max) + " 字）", std::string(field));
  }
  return core::Ok();
}

core::Status CheckCommunity(std::string_view code, std::string_view field) {
  if (core::LevelOfCode(code) != core::DivisionLevel::kCommunity) {
    return core::Error::InvalidArgument(std::string(field) + "：应为社区代码 (a community code)",
                                        std::string(field));
  }
  return core::Ok();
}

bool IsClock(std::string_view text) {
  return text.size() == 5 && text[2] == ':' && core::IsDigits(text.substr(0, 2)) &&
         core::IsDigits(text.substr(3)) && std::stoi(std::string(text.substr(0, 2))) < 24 &&
         std::stoi(std::string(text.substr(3))) < 60;
}

std::string Detail(std::string_view key, int64_t value) {
  return "{\"" + std::string(key) + "\":" + std::to_string(value) + "}";
}

}  // namespace

VolunteerService::VolunteerService(VolunteerRepository& repository, std::vector<Skill> skills,
                                   const core::Clock& clock)
    : repository_(repository), skills_(std::move(skills)), clock_(clock) {}

core::Status VolunteerService::CheckSkill(std::string_view skill, std::string_view field) const {
  for (const auto& known : skills_) {
    if (known.code == skill) return core::Ok();
  }
  return core::Error::InvalidArgument(
      std::string(field) + "：未知技能 (unknown skill) " + std::string(skill.substr(0, 40)),
      std::string(field));
}

core::Result<Volunteer> VolunteerService::CreateVolunteer(const NewVolunteer& input,
                                                          const access::Caller& caller) {
  TRY(CheckName(input.name, "name", 40));
  TRY(CheckCommunity(input.community_code, "community_code"));
  if (!input.resident_id && !input.account_id) {
    return core::Error::InvalidArgument(
        "志愿者须关联登记人员或志愿者账号 (resident_id or account_id)", "resident_id");
  }
  if (input.skills.size() > 20) return core::Error::InvalidArgument("技能过多", "skills");
  for (const auto& skill : input.skills) TRY(CheckSkill(skill, "skills"));
  if (input.availability.size() > 21) {
    return core::Error::InvalidArgument("可服务时段过多", "availability");
  }
  for (const auto& window : input.availability) {
    if (window.weekday < 1 || window.weekday > 7 || !IsClock(window.from) ||
        !IsClock(window.until) || window.until <= window.from) {
      return core::Error::InvalidArgument(
          "availability：时段应为星期 1–7 与 HH:MM 起止，止晚于起 (weekday 1-7, from < until)",
          "availability");
    }
  }
  if (!caller.ScopeFor(Permission::kVolunteersManage).Covers(input.community_code)) {
    return core::Error::NotFound("社区不存在或不在管辖范围内 (community not found)");
  }
  if (input.resident_id) {
    ASSIGN_OR_RETURN(auto community, repository_.ResidentCommunity(*input.resident_id));
    if (!community || !caller.ScopeFor(Permission::kVolunteersManage).Covers(*community)) {
      return core::Error::InvalidArgument("登记人员不存在或不在管辖范围内", "resident_id");
    }
    ASSIGN_OR_RETURN(auto existing, repository_.FindVolunteerByResident(*input.resident_id));
    if (existing) return core::Error::AlreadyExists("此人已登记为志愿者", "resident_id");
  }
  if (input.account_id) {
    ASSIGN_OR_RETURN(auto existing, repository_.FindVolunteerByAccount(*input.account_id));
    if (existing) return core::Error::AlreadyExists("此账号已登记为志愿者", "account_id");
  }
  const int64_t now = clock_.NowMillis();
  Volunteer volunteer;
  volunteer.resident_id = input.resident_id;
  volunteer.account_id = input.account_id;
  volunteer.name = input.name;
  volunteer.community_code = input.community_code;
  volunteer.skills = input.skills;
  volunteer.availability = input.availability;
  volunteer.created_by = caller.account_id();
  volunteer.created_at = now;
  volunteer.updated_at = now;
  return repository_.InsertVolunteer(
      volunteer,
      caller.AuditEntry(AuditAction::kCreate, "volunteer", "", input.community_code, "{}", now));
}

core::Result<Volunteer> VolunteerService::GetVolunteer(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindVolunteer(id, caller.ScopeFor(Permission::kVolunteersRead)));
  if (!found) return core::Error::NotFound("志愿者不存在 (volunteer not found)");
  return *found;
}

core::Result<std::vector<Volunteer>> VolunteerService::ListVolunteers(
    std::string_view skill, const access::Caller& caller) {
  if (!skill.empty()) TRY(CheckSkill(skill, "skill"));
  return repository_.ListVolunteers(caller.ScopeFor(Permission::kVolunteersRead), skill, 500);
}

core::Result<Team> VolunteerService::CreateTeam(const NewTeam& input,
                                                const access::Caller& caller) {
  TRY(CheckName(input.name, "name", 60));
  TRY(CheckCommunity(input.community_code, "community_code"));
  const core::Scope scope = caller.ScopeFor(Permission::kVolunteersManage);
  if (!scope.Covers(input.community_code)) {
    return core::Error::NotFound("社区不存在或不在管辖范围内 (community not found)");
  }
  if (input.members.size() > 500) return core::Error::InvalidArgument("成员过多", "members");
  for (int64_t member : input.members) {
    ASSIGN_OR_RETURN(auto found, repository_.FindVolunteer(member, scope));
    if (!found) return core::Error::InvalidArgument("成员不存在 (unknown member)", "members");
  }
  Team team;
  team.name = input.name;
  team.community_code = input.community_code;
  team.members = input.members;
  std::sort(team.members.begin(), team.members.end());
  team.members.erase(std::unique(team.members.begin(), team.members.end()), team.members.end());
  team.created_by = caller.account_id();
  team.created_at = clock_.NowMillis();
  return repository_.InsertTeam(
      team, caller.AuditEntry(AuditAction::kCreate, "volunteer_team", "", input.community_code,
                              "{}", team.created_at));
}

core::Result<std::vector<Team>> VolunteerService::ListTeams(const access::Caller& caller) {
  return repository_.ListTeams(caller.ScopeFor(Permission::kVolunteersRead));
}

core::Result<Activity> VolunteerService::CreateActivity(const NewActivity& input,
                                                        const access::Caller& caller) {
  TRY(CheckName(input.title, "title", 80));
  TRY(CheckCommunity(input.community_code, "community_code"));
  const std::string organiser =
      input.organiser_place_code.empty() ? input.community_code : input.organiser_place_code;
  if (!core::LevelOfCode(organiser) || input.community_code.rfind(organiser, 0) != 0) {
    return core::Error::InvalidArgument("组织单位应为活动所在社区或其上级 (organiser place)",
                                        "organiser_place_code");
  }
  if (input.ends_at <= input.starts_at || input.ends_at - input.starts_at > kMaxActivityMillis) {
    return core::Error::InvalidArgument("结束时间应晚于开始时间，且活动不超过 7 天", "ends_at");
  }
  if (input.slots.empty() || input.slots.size() > 20) {
    return core::Error::InvalidArgument("岗位应有 1–20 个 (slots)", "slots");
  }
  std::vector<std::string> seen;
  for (const auto& slot : input.slots) {
    TRY(CheckSkill(slot.skill, "slots"));
    if (slot.wanted < 1 || slot.wanted > 1000) {
      return core::Error::InvalidArgument("每个岗位人数应为 1–1000", "slots");
    }
    if (std::find(seen.begin(), seen.end(), slot.skill) != seen.end()) {
      return core::Error::InvalidArgument("同一技能的岗位只能有一个", "slots");
    }
    seen.push_back(slot.skill);
  }
  const core::Scope scope = caller.ScopeFor(Permission::kVolunteersManage);
  if (!scope.Covers(input.community_code)) {
    return core::Error::NotFound("社区不存在或不在管辖范围内 (community not found)");
  }
  if (input.team_id) {
    ASSIGN_OR_RETURN(auto team, repository_.FindTeam(*input.team_id, scope));
    if (!team) return core::Error::InvalidArgument("队伍不存在 (unknown team)", "team_id");
  }
  Activity activity;
  activity.title = input.title;
  activity.community_code = input.community_code;
  activity.organiser_place_code = organiser;
  activity.team_id = input.team_id;
  activity.starts_at = input.starts_at;
  activity.ends_at = input.ends_at;
  for (const auto& slot : input.slots) activity.slots.push_back({0, slot.skill, slot.wanted, 0});
  activity.created_by = caller.account_id();
  activity.created_at = clock_.NowMillis();
  return repository_.InsertActivity(
      activity, caller.AuditEntry(AuditAction::kCreate, "volunteer_activity", "",
                                  input.community_code, "{}", activity.created_at));
}

core::Result<Activity> VolunteerService::GetActivity(int64_t id, const access::Caller& caller) {
  core::Scope scope = caller.ScopeFor(Permission::kVolunteersRead);
  // A volunteer sees the activities of its own community to sign up for.
  if (scope.Empty() && caller.Has(Permission::kVolunteerSelf)) {
    auto mine = Mine(caller);
    if (mine.ok()) scope = core::Scope::Of({mine->volunteer.community_code});
  }
  ASSIGN_OR_RETURN(auto found, repository_.FindActivity(id, scope));
  if (!found) return core::Error::NotFound("活动不存在 (activity not found)");
  return *found;
}

core::Result<std::vector<Activity>> VolunteerService::ListActivities(const access::Caller& caller) {
  core::Scope scope = caller.ScopeFor(Permission::kVolunteersRead);
  if (scope.Empty() && caller.Has(Permission::kVolunteerSelf)) {
    auto mine = Mine(caller);
    if (mine.ok()) scope = core::Scope::Of({mine->volunteer.community_code});
  }
  return repository_.ListActivities(scope, 500);
}

core::Result<std::vector<Signup>> VolunteerService::SignupsOf(int64_t activity_id,
                                                              const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found, repository_.FindActivity(
                                   activity_id, caller.ScopeFor(Permission::kVolunteersRead)));
  if (!found) return core::Error::NotFound("活动不存在 (activity not found)");
  return repository_.SignupsOfActivity(activity_id);
}

core::Result<Signup> VolunteerService::SignUp(int64_t activity_id, std::string_view skill,
                                              std::optional<int64_t> volunteer_id,
                                              const access::Caller& caller) {
  TRY(CheckSkill(skill, "skill"));
  Volunteer volunteer;
  std::optional<Activity> activity;
  if (!volunteer_id) {
    if (!caller.Has(Permission::kVolunteerSelf)) {
      return core::Error::InvalidArgument("请选择志愿者 (volunteer_id)", "volunteer_id");
    }
    ASSIGN_OR_RETURN(auto mine, Mine(caller));
    volunteer = mine.volunteer;
    ASSIGN_OR_RETURN(activity, repository_.FindActivity(
                                   activity_id, core::Scope::Of({volunteer.community_code})));
  } else {
    const core::Scope scope = caller.ScopeFor(Permission::kVolunteersManage);
    ASSIGN_OR_RETURN(activity, repository_.FindActivity(activity_id, scope));
    if (!activity) return core::Error::NotFound("活动不存在 (activity not found)");
    ASSIGN_OR_RETURN(auto found, repository_.FindVolunteer(*volunteer_id, scope));
    if (!found) return core::Error::InvalidArgument("志愿者不存在", "volunteer_id");
    volunteer = *found;
  }
  if (!activity) return core::Error::NotFound("活动不存在 (activity not found)");
  if (activity->status != "open") return core::Error::FailedPrecondition("活动已取消");
  const int64_t now = clock_.NowMillis();
  if (activity->ends_at <= now) return core::Error::FailedPrecondition("活动已结束，不能报名");
  if (volunteer.status != "active") return core::Error::FailedPrecondition("志愿者已停用");
  const Slot* slot = nullptr;
  for (const auto& candidate : activity->slots) {
    if (candidate.skill == skill) slot = &candidate;
  }
  if (slot == nullptr) return core::Error::InvalidArgument("活动没有此技能的岗位", "skill");
  if (std::find(volunteer.skills.begin(), volunteer.skills.end(), skill) ==
          volunteer.skills.end() &&
      skill != "general") {
    return core::Error::FailedPrecondition("志愿者没有此岗位所需的技能");
  }
  Signup signup;
  signup.activity_id = activity_id;
  signup.slot_id = slot->id;
  signup.volunteer_id = volunteer.id;
  signup.signed_up_by = caller.account_id();
  signup.signed_up_at = now;
  ASSIGN_OR_RETURN(auto stored, repository_.InsertSignup(
                                    signup, slot->wanted,
                                    caller.AuditEntry(AuditAction::kCreate, "volunteer_signup", "",
                                                      activity->community_code,
                                                      Detail("activity", activity_id), now)));
  if (!stored) return core::Error::FailedPrecondition("岗位已满或已报名 (slot full or signed up)");
  return *stored;
}

core::Result<Signup> VolunteerService::FindSignupFor(int64_t signup_id,
                                                     access::Permission permission,
                                                     const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto signup, repository_.FindSignup(signup_id));
  if (!signup || !caller.ScopeFor(permission).Covers(signup->community_code)) {
    return core::Error::NotFound("报名记录不存在 (sign-up not found)");
  }
  return *signup;
}

core::Result<Signup> VolunteerService::Step(int64_t signup_id, SignupStatus from, SignupStatus to,
                                            std::string_view what, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto signup, FindSignupFor(signup_id, Permission::kVolunteersManage, caller));
  if (signup.status != from) {
    return core::Error::FailedPrecondition("报名状态为 " +
                                           std::string(SignupStatusName(signup.status)) + "，不能" +
                                           std::string(what));
  }
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(
      bool moved,
      repository_.Transition(
          signup_id, from, to, now,
          caller.AuditEntry(AuditAction::kUpdate, "volunteer_signup", std::to_string(signup_id),
                            signup.community_code,
                            "{\"step\":\"" + std::string(SignupStatusName(to)) + "\"}", now)));
  if (!moved) return core::Error::FailedPrecondition("报名状态已变化，请刷新");
  ASSIGN_OR_RETURN(auto after, repository_.FindSignup(signup_id));
  return *after;
}

core::Result<Signup> VolunteerService::CheckIn(int64_t signup_id, const access::Caller& caller) {
  return Step(signup_id, SignupStatus::kSignedUp, SignupStatus::kCheckedIn, "签到", caller);
}

core::Result<Signup> VolunteerService::CheckOut(int64_t signup_id, const access::Caller& caller) {
  return Step(signup_id, SignupStatus::kCheckedIn, SignupStatus::kCheckedOut, "签退", caller);
}

namespace {

Posting HoursPosting(std::string kind, const Signup& signup, int64_t minutes, std::string reason,
                     int64_t by, int64_t at) {
  Posting posting;
  posting.kind = std::move(kind);
  posting.signup_id = signup.id;
  posting.reason = reason;
  posting.posted_by = by;
  posting.posted_at = at;
  posting.entries.push_back({0, 0, AccountKind::kVolunteer, signup.volunteer_id, minutes, reason});
  posting.entries.push_back({0, 0, AccountKind::kActivity, signup.activity_id, -minutes, reason});
  return posting;
}

}  // namespace

core::Result<int64_t> VolunteerService::MostMinutes(const Signup& signup, int64_t served) {
  // Check-in and check-out may be recorded late: the organiser may credit up to the activity's
  // planned length when that is longer.
  ASSIGN_OR_RETURN(auto activity,
                   repository_.FindActivity(signup.activity_id, core::Scope::Everything()));
  const int64_t planned = activity ? (activity->ends_at - activity->starts_at) / kMinute : 0;
  return std::max(served, planned);
}

core::Result<Signup> VolunteerService::Verify(int64_t signup_id, std::optional<int64_t> minutes,
                                              const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto signup, FindSignupFor(signup_id, Permission::kVolunteersVerify, caller));
  if (signup.status != SignupStatus::kCheckedOut) {
    return core::Error::FailedPrecondition("只能核定已签退的服务时长 (not checked out)");
  }
  const int64_t served = (*signup.checkout_at - *signup.checkin_at) / kMinute;
  ASSIGN_OR_RETURN(const int64_t most, MostMinutes(signup, served));
  const int64_t credited = minutes.value_or(served);
  if (credited < 1 || credited > most) {
    return core::Error::InvalidArgument(
        "核定时长应为 1 至 " + std::to_string(most) + " 分钟（签到签退或活动时长）", "minutes");
  }
  const int64_t now = clock_.NowMillis();
  const Posting posting =
      HoursPosting("verify", signup, credited, "服务时长核定", caller.account_id(), now);
  ASSIGN_OR_RETURN(bool posted, repository_.VerifyAndPost(
                                    signup_id, credited, caller.account_id(), posting,
                                    caller.AuditEntry(AuditAction::kCreate, "volunteer_hours",
                                                      std::to_string(signup_id),
                                                      signup.community_code, "", now)));
  if (!posted) return core::Error::FailedPrecondition("报名状态已变化，请刷新");
  ASSIGN_OR_RETURN(auto after, repository_.FindSignup(signup_id));
  return *after;
}

core::Result<Signup> VolunteerService::Correct(int64_t signup_id, int64_t minutes,
                                               std::string_view reason,
                                               const access::Caller& caller) {
  TRY(CheckName(reason, "reason", 200));
  ASSIGN_OR_RETURN(auto signup, FindSignupFor(signup_id, Permission::kVolunteersVerify, caller));
  if (signup.status != SignupStatus::kVerified) {
    return core::Error::FailedPrecondition("只能更正已核定的服务时长 (not verified)");
  }
  const int64_t served = (*signup.checkout_at - *signup.checkin_at) / kMinute;
  ASSIGN_OR_RETURN(const int64_t most, MostMinutes(signup, served));
  if (minutes < 0 || minutes > most) {
    return core::Error::InvalidArgument(
        "更正时长应为 0 至 " + std::to_string(most) + " 分钟（签到签退或活动时长）", "minutes");
  }
  if (minutes == signup.verified_minutes) {
    return core::Error::InvalidArgument("更正时长与原核定相同", "minutes");
  }
  const int64_t now = clock_.NowMillis();
  std::vector<Posting> postings;
  postings.push_back(HoursPosting("reverse", signup, -signup.verified_minutes, std::string(reason),
                                  caller.account_id(), now));
  if (minutes > 0) {
    postings.push_back(
        HoursPosting("correct", signup, minutes, std::string(reason), caller.account_id(), now));
  }
  ASSIGN_OR_RETURN(
      auto groups,
      repository_.Post(
          postings, caller.AuditEntry(AuditAction::kUpdate, "volunteer_hours",
                                      std::to_string(signup_id), signup.community_code, "", now)));
  (void)groups;
  ASSIGN_OR_RETURN(auto after, repository_.FindSignup(signup_id));
  return *after;
}

core::Result<std::vector<LedgerEntry>> VolunteerService::Hours(int64_t volunteer_id,
                                                               const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto volunteer, GetVolunteer(volunteer_id, caller));
  return repository_.EntriesOf(AccountKind::kVolunteer, volunteer.id, 1000);
}

core::Result<MyVolunteering> VolunteerService::Mine(const access::Caller& caller) {
  std::optional<Volunteer> found;
  if (caller.account_id() != 0) {
    ASSIGN_OR_RETURN(found, repository_.FindVolunteerByAccount(caller.account_id()));
  }
  if (!found && caller.resident_id()) {
    ASSIGN_OR_RETURN(found, repository_.FindVolunteerByResident(*caller.resident_id()));
  }
  if (!found) return core::Error::NotFound("尚未登记为志愿者 (not a registered volunteer)");
  MyVolunteering out;
  out.volunteer = *found;
  ASSIGN_OR_RETURN(out.signups, repository_.SignupsOfVolunteer(found->id));
  ASSIGN_OR_RETURN(out.hours, repository_.EntriesOf(AccountKind::kVolunteer, found->id, 1000));
  return out;
}

core::Result<LedgerReport> VolunteerService::VerifyLedger(const access::Caller& caller) {
  if (!caller.IsSystem() &&
      !(caller.HasRole(access::Role::kCityAdmin) && caller.Has(Permission::kVolunteersVerify))) {
    return core::Error::PermissionDenied("核验志愿服务时长账本需要全市范围的权限");
  }
  return repository_.VerifyLedger();
}

core::Result<std::vector<Stats>> VolunteerService::PublicStats(std::string_view place) {
  if (!core::LevelOfCode(place)) {
    return core::Error::InvalidArgument("place：应为行政区划代码", "place");
  }
  return repository_.StatsUnder(place);
}

}  // namespace linli::volunteers

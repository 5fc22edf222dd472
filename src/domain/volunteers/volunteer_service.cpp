#include "domain/volunteers/volunteer_service.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "core/division_code.hpp"
#include "core/identity/date.hpp"
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

// The seeder's random stream: FNV-1a of the community code and the seed, then SplitMix64 (as the
// social organisations' seeder).
uint64_t Fnv(std::string_view text, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

struct Stream {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
};

struct ActivityKind {
  const char* title;
  const char* skill;
};
constexpr ActivityKind kActivityKinds[] = {
    {"敬老院陪伴", "elder_care"},      {"四点半课堂", "tutoring"},
    {"义诊进社区", "medical"},         {"法律咨询进社区", "legal"},
    {"心理健康讲座", "psychological"}, {"垃圾分类宣传", "environment"},
    {"文明交通劝导", "order"},         {"广场文艺演出", "culture"},
    {"智能手机教学", "digital"},       {"环境卫生整治", "general"},
    {"空巢老人探访", "elder_care"},    {"防诈骗宣传", "order"},
};
constexpr const char* kTeamNames[] = {"邻里守望志愿服务队", "银发助老志愿服务队",
                                      "绿色环保志愿服务队", "文明劝导志愿服务队",
                                      "青春课堂志愿服务队"};

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

core::Result<tabular::Table> VolunteerService::ExportVolunteers(std::string_view skill,
                                                                const access::Caller& caller) {
  if (!skill.empty()) TRY(CheckSkill(skill, "skill"));
  ASSIGN_OR_RETURN(auto list,
                   repository_.ListVolunteers(caller.ScopeFor(Permission::kVolunteersRead), skill,
                                              kMaxExportRows));
  static constexpr const char* kWeekdays[] = {"",     "周一", "周二", "周三",
                                              "周四", "周五", "周六", "周日"};
  tabular::Table table;
  table.header.number = 1;
  table.header.cells = {"编号",       "姓名", "社区代码",           "技能",
                        "可服务时段", "状态", "已核定时长（小时）", "合成数据"};
  int number = 2;
  for (const auto& v : list) {
    std::string skills;
    for (const auto& code : v.skills) {
      std::string name = code;
      for (const auto& known : skills_) {
        if (known.code == code) name = known.name;
      }
      skills += (skills.empty() ? "" : "；") + name;
    }
    std::string windows;
    for (const auto& w : v.availability) {
      windows += (windows.empty() ? "" : "；") +
                 std::string(w.weekday >= 1 && w.weekday <= 7 ? kWeekdays[w.weekday] : "") + " " +
                 w.from + "-" + w.until;
    }
    char hours[32];
    std::snprintf(hours, sizeof(hours), "%.1f", static_cast<double>(v.balance_minutes) / 60.0);
    table.rows.push_back(
        {number++,
         {std::to_string(v.id), v.name, v.community_code, skills, windows,
          v.status == "active" ? "在册" : "停用", hours, v.synthetic ? "是" : "否"}});
  }
  return table;
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

core::Result<std::optional<int64_t>> VolunteerService::CountToVerify(const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kVolunteersVerify);
  if (scope.Empty()) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(int64_t count, repository_.CountToVerify(scope));
  return std::optional<int64_t>(count);
}

core::Result<std::optional<int64_t>> VolunteerService::CountShortActivities(
    const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kVolunteersManage);
  if (scope.Empty()) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(int64_t count, repository_.CountShortActivities(scope, clock_.NowMillis()));
  return std::optional<int64_t>(count);
}

core::Result<SyntheticCounts> VolunteerService::SeedSynthetic(
    const std::vector<std::string>& communities, uint64_t seed) {
  ASSIGN_OR_RETURN(bool seeded, repository_.HasSynthetic());
  if (seeded) return SyntheticCounts{};
  constexpr int64_t kDay = 24 * 60 * kMinute;
  constexpr int64_t kLocal = 8 * 60 * kMinute;  // China Standard Time
  const int64_t now = clock_.NowMillis();
  identity::Date adult_by = identity::DateFromUnixMillis(now);
  adult_by.year -= 18;
  if (adult_by.month == 2 && adult_by.day == 29) adult_by.day = 28;
  const std::string born_by = identity::FormatDate(adult_by);
  const int64_t system = access::Caller::System().account_id();
  auto known = [&](std::string_view skill) { return CheckSkill(skill, "skill").ok(); };
  std::vector<std::string> skill_codes;
  for (const auto& skill : skills_) {
    if (skill.code != "general") skill_codes.push_back(skill.code);
  }
  SyntheticCounts total;
  for (const auto& code : communities) {
    if (core::LevelOfCode(code) != core::DivisionLevel::kCommunity) continue;
    ASSIGN_OR_RETURN(auto adults, repository_.AdultsOf(code, born_by));
    Stream rng{Fnv(code, seed)};
    SyntheticBatch batch;
    batch.community_code = code;
    // 6.0–8.0 % of the adults, drawn per community; exactly that many, chosen by a partial
    // shuffle of the adults in id order.
    const int per_mille = 60 + rng.Below(21);
    const size_t wanted = (adults.size() * static_cast<size_t>(per_mille) + 500) / 1000;
    std::vector<size_t> order(adults.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (size_t i = 0; i < wanted; ++i) {
      std::swap(order[i], order[i + static_cast<size_t>(rng.Next() % (order.size() - i))]);
    }
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(wanted));
    for (size_t i = 0; i < wanted; ++i) {
      const RegisteredAdult& adult = adults[order[i]];
      Volunteer v;
      v.resident_id = adult.resident_id;
      v.name = adult.name;
      v.community_code = code;
      const int skill_count = skill_codes.empty() ? 0 : 1 + rng.Below(3);
      for (int k = 0; k < skill_count; ++k) {
        const std::string& skill =
            skill_codes[static_cast<size_t>(rng.Below(static_cast<int>(skill_codes.size())))];
        if (std::find(v.skills.begin(), v.skills.end(), skill) == v.skills.end())
          v.skills.push_back(skill);
      }
      const int weekday = 1 + rng.Below(7);
      v.availability.push_back(rng.Below(2) == 0 ? AvailabilityWindow{weekday, "09:00", "12:00"}
                                                 : AvailabilityWindow{weekday, "14:00", "17:30"});
      if (rng.Below(3) == 0) v.availability.push_back({weekday % 7 + 1, "19:00", "21:00"});
      v.created_by = system;
      v.created_at = v.updated_at = now;
      v.synthetic = true;
      batch.volunteers.push_back(std::move(v));
    }
    const size_t volunteers = batch.volunteers.size();
    if (volunteers > 0) {
      const size_t teams = std::clamp<size_t>(volunteers / 40, 1, std::size(kTeamNames));
      for (size_t t = 0; t < teams; ++t) {
        Team team;
        team.name = kTeamNames[t];
        team.community_code = code;
        team.created_by = system;
        team.created_at = now;
        team.synthetic = true;
        batch.teams.push_back(std::move(team));
      }
      // About seven in ten volunteers belong to a team.
      for (size_t i = 0; i < volunteers; ++i) {
        if (rng.Below(10) < 7) {
          batch.teams[static_cast<size_t>(rng.Below(static_cast<int>(teams)))].members.push_back(
              static_cast<int64_t>(i));
        }
      }
      // A year of activities and a month ahead: 1–4 a month by the community's volunteers.
      const int per_month = static_cast<int>(std::clamp<size_t>(1 + volunteers / 60, 1, 4));
      const int past = per_month * 12;
      std::vector<int64_t> starts;
      for (int a = 0; a < past + per_month; ++a) {
        const int64_t day_offset = a < past ? -1 - rng.Below(365) : 1 + rng.Below(30);
        const int64_t local_midnight = ((now + kLocal) / kDay + day_offset) * kDay - kLocal;
        starts.push_back(local_midnight + (rng.Below(2) == 0 ? 9 : 14) * 60 * kMinute);
      }
      std::sort(starts.begin(), starts.end());
      for (int64_t starts_at : starts) {
        const ActivityKind& kind = kActivityKinds[rng.Below(std::size(kActivityKinds))];
        Activity activity;
        activity.title = kind.title;
        activity.community_code = code;
        activity.organiser_place_code = code;
        if (rng.Below(3) != 0) {
          activity.team_id = rng.Below(static_cast<int>(batch.teams.size()));
        }
        activity.starts_at = starts_at;
        activity.ends_at = starts_at + (120 + 30 * rng.Below(3)) * kMinute;
        const std::string main = known(kind.skill) ? kind.skill : "general";
        activity.slots.push_back({0, main, 2 + rng.Below(5), 0});
        if (main != "general" && known("general")) {
          activity.slots.push_back({0, "general", 2 + rng.Below(7), 0});
        }
        activity.created_by = system;
        activity.created_at = std::min(now, starts_at - 7 * kDay);
        activity.synthetic = true;
        const int64_t index = static_cast<int64_t>(batch.activities.size());
        const bool done = activity.ends_at < now;
        // Sign-ups: the past activities filled (or nearly), the coming ones partly.
        std::vector<size_t> taken;
        for (size_t s = 0; s < activity.slots.size(); ++s) {
          const Slot& slot = activity.slots[s];
          std::vector<size_t> fit;
          for (size_t i = 0; i < volunteers; ++i) {
            if (std::find(taken.begin(), taken.end(), i) != taken.end()) continue;
            const auto& skills = batch.volunteers[i].skills;
            if (slot.skill == "general" ||
                std::find(skills.begin(), skills.end(), slot.skill) != skills.end()) {
              fit.push_back(i);
            }
          }
          int64_t fill = done ? slot.wanted - (rng.Below(4) == 0 ? 1 : 0)
                              : rng.Below(static_cast<int>(slot.wanted));
          for (int64_t n = 0; n < fill && !fit.empty(); ++n) {
            const size_t pick = static_cast<size_t>(rng.Below(static_cast<int>(fit.size())));
            const size_t volunteer = fit[pick];
            fit.erase(fit.begin() + static_cast<std::ptrdiff_t>(pick));
            taken.push_back(volunteer);
            Signup signup;
            signup.activity_id = index;
            signup.slot_id = static_cast<int64_t>(s);
            signup.volunteer_id = static_cast<int64_t>(volunteer);
            signup.signed_up_by = system;
            signup.signed_up_at = activity.starts_at - (1 + rng.Below(6)) * kDay;
            signup.status = SignupStatus::kSignedUp;
            if (done) {
              const int roll = rng.Below(100);
              if (roll < 4) {
                signup.status = SignupStatus::kCancelled;
              } else {
                signup.checkin_at = activity.starts_at + rng.Below(16) * kMinute;
                signup.checkout_at = activity.ends_at - rng.Below(16) * kMinute;
                signup.status = SignupStatus::kCheckedOut;
                // The last fortnight's are partly still waiting for verification.
                if (activity.ends_at < now - 14 * kDay || roll >= 40) {
                  signup.status = SignupStatus::kVerified;
                  signup.verified_minutes = (*signup.checkout_at - *signup.checkin_at) / kMinute;
                  signup.verified_by = system;
                  signup.verified_at = std::min(now, activity.ends_at + (1 + rng.Below(3)) * kDay);
                }
              }
            }
            batch.signups.push_back(std::move(signup));
          }
        }
        batch.activities.push_back(std::move(activity));
      }
    }
    const auto entry = access::Caller::System().AuditEntry(
        AuditAction::kImport, "volunteer_hours", "synthetic", code,
        "{\"seed\":" + std::to_string(seed) + ",\"synthetic\":true}", now);
    ASSIGN_OR_RETURN(auto counts, repository_.WriteSynthetic(batch, entry));
    counts.communities = 1;
    counts.adults = static_cast<int64_t>(adults.size());
    total += counts;
  }
  return total;
}

}  // namespace linli::volunteers

// VolunteerService: volunteers, teams, activities with slots, sign-ups checked in and out, and
// verified hours posted to the double-entry ledger (volunteers.hpp), with its proof.
// Permissions: reads volunteers.read; volunteers, teams, activities, check-in and check-out
// volunteers.manage; verifying and correcting hours volunteers.verify, all in the scope of the
// activity's or volunteer's community (outside reads as missing). A volunteer's own affairs (sign
// up, own sign-ups and hours) through volunteers.self and the account's binding, never by place.
// Proving the ledger needs volunteers.verify over the whole city. Every write is audited in its
// transaction; a failed request changes nothing.
// Thread-safety: thread-safe (no state beyond the references and the skills it holds).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/tabular/table.hpp"
#include "domain/access/caller.hpp"
#include "domain/volunteers/volunteers.hpp"

namespace linli::volunteers {

struct NewVolunteer {
  std::optional<int64_t> resident_id;
  std::optional<int64_t> account_id;
  std::string name;
  std::string community_code;
  std::vector<std::string> skills;
  std::vector<AvailabilityWindow> availability;
};

struct NewTeam {
  std::string name;
  std::string community_code;
  std::vector<int64_t> members;
};

struct NewSlot {
  std::string skill;
  int64_t wanted = 0;
};

struct NewActivity {
  std::string title;
  std::string community_code;
  std::string organiser_place_code;  // "" = the community
  std::optional<int64_t> team_id;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::vector<NewSlot> slots;
};

// The volunteer's own page: profile, sign-ups and ledger lines.
struct MyVolunteering {
  Volunteer volunteer;
  std::vector<Signup> signups;
  std::vector<LedgerEntry> hours;
};

class VolunteerService {
 public:
  // REQUIRES: repository and clock outlive the service.
  VolunteerService(VolunteerRepository& repository, std::vector<Skill> skills,
                   const core::Clock& clock);

  const std::vector<Skill>& Skills() const { return skills_; }

  core::Result<Volunteer> CreateVolunteer(const NewVolunteer& input, const access::Caller& caller);
  core::Result<Volunteer> GetVolunteer(int64_t id, const access::Caller& caller);
  core::Result<std::vector<Volunteer>> ListVolunteers(std::string_view skill,
                                                      const access::Caller& caller);
  // The volunteers in scope (optionally with a skill) as a sheet: 编号, 姓名, 社区代码, 技能,
  // 可服务时段, 状态, 已核定时长（小时）, 合成数据 — what the list shows (the registry keeps the
  // identity: no ID number or phone here). At most kMaxExportRows rows.
  static constexpr size_t kMaxExportRows = 50'000;
  core::Result<tabular::Table> ExportVolunteers(std::string_view skill,
                                                const access::Caller& caller);
  core::Result<Team> CreateTeam(const NewTeam& input, const access::Caller& caller);
  core::Result<std::vector<Team>> ListTeams(const access::Caller& caller);
  core::Result<Activity> CreateActivity(const NewActivity& input, const access::Caller& caller);
  core::Result<Activity> GetActivity(int64_t id, const access::Caller& caller);
  core::Result<std::vector<Activity>> ListActivities(const access::Caller& caller);
  core::Result<std::vector<Signup>> SignupsOf(int64_t activity_id, const access::Caller& caller);

  // A volunteer signs up for itself (volunteer_id unset, volunteers.self), or a community worker
  // on behalf of a volunteer (volunteers.manage over the activity's community).
  core::Result<Signup> SignUp(int64_t activity_id, std::string_view skill,
                              std::optional<int64_t> volunteer_id, const access::Caller& caller);
  core::Result<Signup> CheckIn(int64_t signup_id, const access::Caller& caller);
  core::Result<Signup> CheckOut(int64_t signup_id, const access::Caller& caller);
  // Verifies the hours of a checked-out sign-up: `minutes` (default: check-in to check-out; at
  // most that or the activity's planned length, whichever is longer) are posted to the ledger.
  core::Result<Signup> Verify(int64_t signup_id, std::optional<int64_t> minutes,
                              const access::Caller& caller);
  // A verified sign-up's hours corrected: a reversing group and a new one, with a reason.
  core::Result<Signup> Correct(int64_t signup_id, int64_t minutes, std::string_view reason,
                               const access::Caller& caller);

  core::Result<std::vector<LedgerEntry>> Hours(int64_t volunteer_id, const access::Caller& caller);
  core::Result<MyVolunteering> Mine(const access::Caller& caller);
  core::Result<LedgerReport> VerifyLedger(const access::Caller& caller);
  // Public figures per community under a place; no personal data.
  core::Result<std::vector<Stats>> PublicStats(std::string_view place);

  // The workbench's figures (workbench_cards.hpp): sign-ups checked out and waiting for
  // verification in the caller's volunteers.verify scope; open activities not yet over that want
  // more volunteers than signed up, in its volunteers.manage scope. nullopt when the caller holds
  // the permission nowhere.
  core::Result<std::optional<int64_t>> CountToVerify(const access::Caller& caller);
  core::Result<std::optional<int64_t>> CountShortActivities(const access::Caller& caller);

  // The seeder's synthetic volunteering (marked synthetic), deterministic from `seed`: in each
  // community 6–8 % of its registered adults (drawn per community) registered as volunteers with
  // skills and availability, one team per ~40 volunteers (1–5), a year of activities (1–4 a
  // month by size) and a month ahead, with sign-ups: the past ones mostly verified and posted to
  // the ledger, some checked out and waiting for verification, a few cancelled; the coming ones
  // partly filled. Nothing (zero counts) when synthetic volunteers exist already.
  core::Result<SyntheticCounts> SeedSynthetic(const std::vector<std::string>& communities,
                                              uint64_t seed);

 private:
  core::Result<Signup> FindSignupFor(int64_t signup_id, access::Permission permission,
                                     const access::Caller& caller);
  core::Result<Signup> Step(int64_t signup_id, SignupStatus from, SignupStatus to,
                            std::string_view what, const access::Caller& caller);
  core::Result<int64_t> MostMinutes(const Signup& signup, int64_t served);
  core::Status CheckSkill(std::string_view skill, std::string_view field) const;

  VolunteerRepository& repository_;
  std::vector<Skill> skills_;
  const core::Clock& clock_;
};

}  // namespace linli::volunteers

// Volunteers with a verified hours ledger (issue 20 item 3; decision 0047): volunteers bound to a
// registered person (the registry keeps the identity) or to a volunteer account, with skills from
// data/volunteers/skills.json, weekly availability and a home community; teams; activities with
// slots typed by skill; sign-ups checked in and out by the organiser, whose verified minutes are
// posted to a double-entry ledger: the volunteer's account is credited and the activity's debited
// in one group that sums to zero, with an audit record carrying a digest of the group's entries.
// Entries are never edited: a correction is a reversing group and a new one.
// Thread-safety: plain values; the repository is implemented by storage/volunteers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::volunteers {

struct Skill {
  std::string code;
  std::string name;  // Chinese
  std::string name_en;
};

// The skills file ({"skills":[{code,name,name_en}]}); kInvalidArgument naming the problem.
core::Result<std::vector<Skill>> ParseSkills(std::string_view json_text);

struct AvailabilityWindow {
  int weekday = 1;    // 1 = Monday … 7 = Sunday
  std::string from;   // "HH:MM"
  std::string until;  // "HH:MM", after from
};

struct Volunteer {
  int64_t id = 0;
  std::optional<int64_t> resident_id;  // the registered person (identity lives there)
  std::optional<int64_t> account_id;   // the volunteer account
  std::string name;
  std::string community_code;
  std::vector<std::string> skills;
  std::vector<AvailabilityWindow> availability;
  std::string status = "active";
  int64_t balance_minutes = 0;  // the ledger's running balance (read only)
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool synthetic = false;
};

struct Team {
  int64_t id = 0;
  std::string name;
  std::string community_code;
  std::vector<int64_t> members;
  int64_t created_by = 0;
  int64_t created_at = 0;
  bool synthetic = false;
};

struct Slot {
  int64_t id = 0;
  std::string skill;
  int64_t wanted = 0;
  int64_t taken = 0;  // sign-ups not cancelled (read only)
};

struct Activity {
  int64_t id = 0;
  std::string title;
  std::string community_code;
  std::string organiser_place_code;
  std::optional<int64_t> team_id;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string status = "open";
  std::vector<Slot> slots;
  int64_t balance_minutes = 0;  // the activity's ledger account (negative: hours given)
  int64_t created_by = 0;
  int64_t created_at = 0;
  bool synthetic = false;
};

enum class SignupStatus { kSignedUp, kCheckedIn, kCheckedOut, kVerified, kCancelled };
std::string_view SignupStatusName(SignupStatus status);
std::optional<SignupStatus> SignupStatusFrom(std::string_view name);

struct Signup {
  int64_t id = 0;
  int64_t activity_id = 0;
  int64_t slot_id = 0;
  int64_t volunteer_id = 0;
  std::string volunteer_name;  // read only
  std::string activity_title;  // read only
  std::string community_code;  // the activity's (read only)
  SignupStatus status = SignupStatus::kSignedUp;
  int64_t signed_up_by = 0;
  int64_t signed_up_at = 0;
  std::optional<int64_t> checkin_at;
  std::optional<int64_t> checkout_at;
  int64_t verified_minutes = 0;
  std::optional<int64_t> verified_by;
  std::optional<int64_t> verified_at;
};

enum class AccountKind { kVolunteer, kActivity };
std::string_view AccountKindName(AccountKind kind);

struct LedgerEntry {
  int64_t id = 0;  // assigned when stored
  int64_t group_id = 0;
  AccountKind account_kind = AccountKind::kVolunteer;
  int64_t account_id = 0;
  int64_t minutes = 0;  // signed
  std::string reason;
  int64_t posted_at = 0;  // the group's (read only)
};

// One group to post: its entries must sum to zero.
struct Posting {
  std::string kind;  // verify | reverse | correct
  std::optional<int64_t> signup_id;
  std::optional<int64_t> reverses_group;
  std::string reason;
  int64_t posted_by = 0;
  int64_t posted_at = 0;
  std::vector<LedgerEntry> entries;
};

// The canonical text of a group's entries that the audit record's digest covers:
// "group|kind|id|minutes;" for each entry in id order.
std::string CanonicalEntries(int64_t group_id, const std::vector<LedgerEntry>& entries);

struct LedgerReport {
  int64_t accounts = 0;
  int64_t entries = 0;
  int64_t groups = 0;
  int64_t audit_records = 0;
  bool intact = true;
  std::vector<std::string> problems;  // the first few, Chinese + English
  bool audit_chain_intact = true;
  int64_t audit_chain_entries = 0;
  double seconds = 0;
  double baseline_seconds = 0;  // one GROUP BY over entries beside the stored balances
};

struct Stats {
  std::string community_code;
  int64_t volunteers = 0;
  int64_t activities = 0;
  int64_t verified_minutes = 0;
};

// An adult of the registry whom the seeder may register as a volunteer (its identity stays there).
struct RegisteredAdult {
  int64_t resident_id = 0;
  std::string name;
};

// The seeder's synthetic volunteering of one community (decision 0052), written by
// WriteSynthetic in one transaction with bulk inserts. Cross references are indexes into the
// batch's own vectors: Team::members into volunteers, Activity::team_id into teams,
// Signup::activity_id into activities, Signup::slot_id into that activity's slots and
// Signup::volunteer_id into volunteers. Every verified sign-up is posted to the ledger as one
// group (+verified_minutes to the volunteer, − to the activity), covered by one audit record with
// the digest of all the batch's groups, as a posting by the service is.
struct SyntheticBatch {
  std::string community_code;
  std::vector<Volunteer> volunteers;
  std::vector<Team> teams;
  std::vector<Activity> activities;
  std::vector<Signup> signups;
};

struct SyntheticCounts {
  int64_t communities = 0;
  int64_t adults = 0;  // adults of the registry in the communities written
  int64_t volunteers = 0;
  int64_t teams = 0;
  int64_t activities = 0;
  int64_t signups = 0;
  int64_t verified = 0;  // sign-ups verified, i.e. ledger groups posted
  int64_t verified_minutes = 0;
  SyntheticCounts& operator+=(const SyntheticCounts& other);
};

class VolunteerRepository {
 public:
  virtual ~VolunteerRepository() = default;
  virtual core::Result<Volunteer> InsertVolunteer(const Volunteer& volunteer,
                                                  const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Volunteer>> FindVolunteer(int64_t id,
                                                               const core::Scope& scope) = 0;
  virtual core::Result<std::optional<Volunteer>> FindVolunteerByAccount(int64_t account_id) = 0;
  // The community of a registered person (nullopt when there is none of that id): a volunteer is
  // bound to the person, whose identity stays in the registry.
  virtual core::Result<std::optional<std::string>> ResidentCommunity(int64_t resident_id) = 0;
  virtual core::Result<std::optional<Volunteer>> FindVolunteerByResident(int64_t resident_id) = 0;
  virtual core::Result<std::vector<Volunteer>> ListVolunteers(const core::Scope& scope,
                                                              std::string_view skill,
                                                              size_t limit) = 0;
  virtual core::Result<Team> InsertTeam(const Team& team, const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::vector<Team>> ListTeams(const core::Scope& scope) = 0;
  virtual core::Result<std::optional<Team>> FindTeam(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<Activity> InsertActivity(const Activity& activity,
                                                const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Activity>> FindActivity(int64_t id,
                                                             const core::Scope& scope) = 0;
  virtual core::Result<std::vector<Activity>> ListActivities(const core::Scope& scope,
                                                             size_t limit) = 0;
  // A sign-up into a slot with room (false when the slot is full or the volunteer already
  // signed up: checked under the write lock).
  virtual core::Result<std::optional<Signup>> InsertSignup(const Signup& signup, int64_t wanted,
                                                           const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Signup>> FindSignup(int64_t id) = 0;
  virtual core::Result<std::vector<Signup>> SignupsOfActivity(int64_t activity_id) = 0;
  virtual core::Result<std::vector<Signup>> SignupsOfVolunteer(int64_t volunteer_id) = 0;
  // Moves a sign-up from `from` to `to` setting the time column of the step (checkin_at or
  // checkout_at); false when it was not in `from` any more.
  virtual core::Result<bool> Transition(int64_t signup_id, SignupStatus from, SignupStatus to,
                                        int64_t at, const audit::AuditEntry& entry) = 0;
  // Verifies a checked-out sign-up: marks it verified and posts the group (running balances
  // kept) with its audit record, all in one transaction; false when it was not checked out.
  virtual core::Result<bool> VerifyAndPost(int64_t signup_id, int64_t minutes, int64_t verified_by,
                                           const Posting& posting,
                                           const audit::AuditEntry& entry) = 0;
  // Posts groups (a correction's reversal and replacement, the seeder's bulk postings) in one
  // transaction with one audit record covering them; the group ids assigned.
  virtual core::Result<std::vector<int64_t>> Post(const std::vector<Posting>& postings,
                                                  const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::vector<LedgerEntry>> EntriesOf(AccountKind kind, int64_t account_id,
                                                           size_t limit) = 0;
  virtual core::Result<std::vector<LedgerEntry>> EntriesOfGroup(int64_t group_id) = 0;
  // Proves every balance (see LedgerReport): recomputed from entries, groups summing to zero,
  // each group's digest equal to its audit record's, and the audit chain intact.
  virtual core::Result<LedgerReport> VerifyLedger() = 0;
  // Published figures per community under `place` (no personal data).
  virtual core::Result<std::vector<Stats>> StatsUnder(std::string_view place) = 0;
  // Activities still short of volunteers and sign-ups waiting for verification, in scope.
  virtual core::Result<int64_t> CountShortActivities(const core::Scope& scope, int64_t now) = 0;
  virtual core::Result<int64_t> CountToVerify(const core::Scope& scope) = 0;
  // The seeder's: the adults (born on or before `born_by`, "YYYY-MM-DD") living in a community
  // (registered residents and the floating population), in id order.
  virtual core::Result<std::vector<RegisteredAdult>> AdultsOf(std::string_view community,
                                                              std::string_view born_by) = 0;
  // Whether synthetic volunteers exist already.
  virtual core::Result<bool> HasSynthetic() = 0;
  // Writes one community's synthetic batch (ids reserved, rows inserted in bulk, ledger groups
  // posted with running balances and one audit record) in one transaction.
  virtual core::Result<SyntheticCounts> WriteSynthetic(const SyntheticBatch& batch,
                                                       const audit::AuditEntry& entry) = 0;
};

}  // namespace linli::volunteers

// 政策找人 — finding people who qualify (issue 19 item 5; decision 0032). Benefits and their
// eligibility rules are data (data/care/benefits.json, ParseBenefits): a rule is a declarative
// condition over a person's facts — age, sex, registry status, the registry's tags valid on the
// day (with a disability grade), the open care archives — combined with all / any / not. A
// scheduled job runs every rule over the whole registry (in one pass: the facts of the people the
// rules reach read once and every rule evaluated in memory, DatedCondition; decision 0042;
// storage/care also compiles a condition into SQL) and keeps the findings: people likely eligible
// and not enrolled, and people enrolled who no longer qualify (动态管理). A worker contacts each
// and records the outcome; an enrolment is recorded when the benefit is granted and ended when it
// stops.
// Thread-safety: plain values; the repository is implemented by storage/care.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::care {

// ----- conditions -----
enum class Fact { kAge, kSex, kStatus, kTag, kDisabilityGrade, kCategory };
inline constexpr core::EnumNames<Fact, 6> kFactNames{{
    {Fact::kAge, "age", "年龄"},
    {Fact::kSex, "sex", "性别"},
    {Fact::kStatus, "status", "人口状态"},
    {Fact::kTag, "tag", "人员标签"},
    {Fact::kDisabilityGrade, "disability_grade", "残疾等级"},
    {Fact::kCategory, "category", "关爱档案类别"},
}};

// How a fact is compared: age and grade by number (>=, <=, >, <, =); sex and status by one of a
// list (in); a tag and a category by presence (has).
enum class Op { kGe, kLe, kGt, kLt, kEq, kIn, kHas };
inline constexpr core::EnumNames<Op, 7> kOpNames{{
    {Op::kGe, ">=", "不小于"},
    {Op::kLe, "<=", "不大于"},
    {Op::kGt, ">", "大于"},
    {Op::kLt, "<", "小于"},
    {Op::kEq, "=", "等于"},
    {Op::kIn, "in", "属于"},
    {Op::kHas, "has", "具有"},
}};

struct Condition {
  enum class Kind { kAll, kAny, kNot, kTest };
  Kind kind = Kind::kTest;
  std::vector<Condition> children;  // all / any (≥ 1), not (exactly 1)
  // kTest:
  Fact fact = Fact::kAge;
  Op op = Op::kGe;
  int64_t number = 0;               // age, grade
  std::vector<std::string> values;  // in: the list; has: one tag or category code
  std::vector<std::string> labels;  // the values' names for people (户籍常住, 低保 …)
};

// The condition as Chinese text for people ("年龄不小于80 且 具有人员标签 独居老人"), values by
// name.
std::string Describe(const Condition& condition);

struct Benefit {
  std::string code;  // [a-z0-9_]
  std::string name;
  std::string department;  // who grants it ("市民政局", "市残联")
  std::string basis;       // its policy basis, for the worker
  Condition when;
};

struct Benefits {
  std::vector<Benefit> benefits;
  const Benefit* Find(std::string_view code) const;
};

// The benefits file, checked (codes unique, facts and operators known, each operator fits its
// fact, numbers within range, `has` naming a tag or category code, all/any not empty, not with one
// child, at most 8 levels deep). `tags` and `categories` are what `has` may name: code → name.
using NamesByCode = std::map<std::string, std::string, std::less<>>;
// One condition of a rules file at `path` (for the files that reuse the benefits' language).
core::Result<Condition> ParseCondition(const boost::json::value& value, const std::string& path,
                                       const NamesByCode& tags, const NamesByCode& categories);
core::Result<Benefits> ParseBenefits(std::string_view text, const NamesByCode& tags,
                                     const NamesByCode& categories);

// ----- conditions in memory (the run's one pass over the people) -----
// The birth date on or before which a person is at least `years` old on `date` (a 29 February
// birthday counts from 1 March in common years, as the ID-number age does); `date` itself when
// it is no date.
std::string BornBy(std::string_view date, int64_t years);

// An age test as a range of birth dates on `date` (as ConditionSql compiles it): born on or
// before `born_by`, after `born_after` (either absent: no bound).
struct BirthRange {
  std::optional<std::string> born_by;
  std::optional<std::string> born_after;
};
BirthRange BirthRangeOf(const Condition& age_test, std::string_view date);

// What the conditions read of one person on a day (views into the caller's storage).
struct HeldTag {
  std::string_view code;
  std::optional<int64_t> grade;
};
struct PersonFacts {
  std::string_view birth_date;  // YYYY-MM-DD
  std::string_view sex;
  std::string_view status;
  std::span<const HeldTag> tags;                 // the registry's tags valid on the day
  std::span<const std::string_view> categories;  // the categories of the open care archives
};

// A condition with its ages turned into birth dates for one day. Meets(person) is exactly what
// the condition's SQL (storage's ConditionSql) finds for that person on that day.
// REQUIRES: the condition outlives this.
class DatedCondition {
 public:
  DatedCondition(const Condition& condition, std::string_view date);
  bool Meets(const PersonFacts& person) const;

 private:
  struct Node {
    const Condition* condition = nullptr;
    BirthRange born;  // age tests
    std::vector<Node> children;
  };
  static Node Build(const Condition& condition, std::string_view date);
  static bool Meets(const Node& node, const PersonFacts& person);
  Node root_;
};

// Whom a condition can find at most, so that a run reads only those people: everyone, or anyone
// who passes one of `tests` (its age, tag, grade and category tests; none: no one). An `all`
// reaches as far as its narrowest part by `size` (an estimate of how many people a test finds),
// an `any` as far as all its parts together; a `not`, a sex or a status reach everyone.
struct Reach {
  bool everyone = false;
  std::vector<const Condition*> tests;
};
Reach ReachOf(const Condition& condition, const std::function<double(const Condition&)>& size);

// ----- findings, outcomes, enrolments -----
enum class FindingKind { kEligible, kNoLongerEligible };
inline constexpr core::EnumNames<FindingKind, 2> kFindingKindNames{{
    {FindingKind::kEligible, "eligible", "可能符合条件、尚未享受"},
    {FindingKind::kNoLongerEligible, "no_longer_eligible", "正在享受、可能不再符合"},
}};

// open: to contact; resolved: the rules no longer find it (enrolled meanwhile, or the facts
// changed); then the worker's outcome.
enum class FindingStatus {
  kOpen,
  kResolved,
  kApplied,
  kDeclined,
  kNotEligible,
  kEnrolled,
  kStopped
};
inline constexpr core::EnumNames<FindingStatus, 7> kFindingStatusNames{{
    {FindingStatus::kOpen, "open", "待联系"},
    {FindingStatus::kResolved, "resolved", "已自动消除"},
    {FindingStatus::kApplied, "applied", "已协助申请"},
    {FindingStatus::kDeclined, "declined", "本人放弃"},
    {FindingStatus::kNotEligible, "not_eligible", "核实不符合"},
    {FindingStatus::kEnrolled, "enrolled", "已纳入享受"},
    {FindingStatus::kStopped, "stopped", "已停发"},
}};

struct Finding {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;  // filled by the repository
  std::string place_code;
  std::string place_name;
  std::string benefit;
  FindingKind kind = FindingKind::kEligible;
  FindingStatus status = FindingStatus::kOpen;
  std::string found_on;  // YYYY-MM-DD of the run that found it
  std::string outcome_note;
  std::optional<int64_t> worker_id;
  std::string worker_name;
  int64_t updated_at = 0;
  bool synthetic = false;
};

struct FindingQuery {
  std::string place_prefix;
  std::string benefit;
  std::optional<FindingKind> kind;
  std::optional<FindingStatus> status;
  core::PageRequest page;
};

struct Enrolment {
  int64_t resident_id = 0;
  std::string benefit;
  std::string since;
  std::string until;  // "" while enrolled
};

// What one run found, per benefit.
struct RunCounts {
  std::string benefit;
  int64_t eligible = 0;            // open findings of people likely eligible, after the run
  int64_t no_longer_eligible = 0;  // open findings of enrolled people no longer qualifying
  int64_t resolved = 0;            // open findings the run no longer finds
};

// A signal from another department naming a person (imported from its file).
enum class SignalKind { kDischarge, kUnemployment, kDeath, kDisabilityAssessed, kOther };
inline constexpr core::EnumNames<SignalKind, 5> kSignalKindNames{{
    {SignalKind::kDischarge, "discharge", "出院"},
    {SignalKind::kUnemployment, "unemployment", "失业登记"},
    {SignalKind::kDeath, "death", "死亡登记"},
    {SignalKind::kDisabilityAssessed, "disability_assessed", "残疾评定"},
    {SignalKind::kOther, "other", "其他"},
}};

struct Signal {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string resident_name;  // filled by the repository
  std::string place_code;
  std::string place_name;
  SignalKind kind = SignalKind::kOther;
  std::string signal_on;
  std::string source;
  std::string note;
  int64_t imported_by = 0;
  std::string imported_by_name;
  int64_t imported_at = 0;
};

// Per community, the findings found on or before a day (less those the rules stopped finding
// before any contact) and how many of them had the worker's outcome by another day (C1).
struct ContactFigures {
  std::string community_code;
  int64_t due = 0;
  int64_t with_outcome = 0;
};

class EligibilityRepository {
 public:
  virtual ~EligibilityRepository() = default;
  // Runs every benefit's rule on `date` over the registry (or only over `residents` when given):
  // new findings added (one open per person, benefit and kind), open ones the rules no longer
  // find resolved; one pass over the people the rules reach, in one transaction.
  virtual core::Result<std::vector<RunCounts>> Run(const std::vector<Benefit>& benefits,
                                                   std::string_view date, int64_t now,
                                                   const std::vector<int64_t>& residents) = 0;
  // How many living people each rule finds on `date` (the rule alone, enrolled or not).
  virtual core::Result<int64_t> CountMatching(const Condition& condition,
                                              std::string_view date) = 0;
  // Whether one person meets each condition on `date` (in order; all false for no such person).
  virtual core::Result<std::vector<bool>> Matching(const std::vector<const Condition*>& conditions,
                                                   std::string_view date, int64_t resident_id) = 0;
  virtual core::Result<core::Page<Finding>> List(const FindingQuery& query,
                                                 const core::Scope& scope) = 0;
  virtual core::Result<std::optional<Finding>> Find(int64_t id, const core::Scope& scope) = 0;
  // Records the worker's outcome of an open finding (false when it is no longer open); for
  // `enrolled` the enrolment starts, for `stopped` it ends — in the same transaction, audited.
  virtual core::Result<bool> RecordOutcome(const Finding& finding, std::string_view date,
                                           const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::vector<Enrolment>> EnrolmentsOf(int64_t resident_id) = 0;
  // The open findings of these residents.
  virtual core::Result<int64_t> CountOpenFindings(const std::vector<int64_t>& residents) = 0;
  virtual core::Result<std::vector<ContactFigures>> ContactFiguresOf(
      std::string_view found_by, std::string_view decided_by) = 0;
  // Writes the signals at once with one audit record; the number written.
  virtual core::Result<int64_t> InsertSignals(const std::vector<Signal>& signals,
                                              const audit::AuditEntry& entry) = 0;
  // The newest signals under the place (at most `limit`), scoped.
  virtual core::Result<std::vector<Signal>> ListSignals(const std::string& place_prefix,
                                                        const core::Scope& scope, size_t limit) = 0;
  // The seeder: enrols a share of the people each rule finds (a fixed draw per person), so
  // that the first run has both kinds of findings; the number enrolled.
  virtual core::Result<int64_t> EnrolSynthetic(const std::vector<Benefit>& benefits,
                                               std::string_view date, double share,
                                               uint64_t seed) = 0;
};

}  // namespace linli::care

// Routing rules (分派规则) for events, kept as data: category × area × urgency → the target that
// handles the event (its community, its town, its county, or a named department), plus copies.
//
// A rule matches an event when
//   * its category is empty (any), equal to the event's category, or a parent of it in the
//     dot-separated taxonomy ("environment" matches "environment.garbage");
//   * its area is empty (anywhere) or a division code prefix of the event's division code
//     ("321002" matches every place in 广陵区);
//   * its urgency is unset (any) or equal to the event's.
// The most specific matching rule wins, compared in this order: more category segments, then a
// longer area prefix, then a set urgency. Two rules with the same category, area and urgency are
// ambiguous and rejected when the rules are loaded, so the winner is always unique.
// Skip-level rules (越级上报) send the event straight to a higher level or a department
// (typically urgent ones) and copy (抄送) the levels skipped, so nobody is left uninformed.
// The rules also carry the list of the city's named departments (职能部门), the ones a whistle
// (吹哨) is normally addressed to; when the list is given, every department a rule names must be
// on it, so that the list and the rules never disagree.
// Thread-safety: Router is immutable after Create; Route is safe from many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/events/event_lifecycle.hpp"

namespace linli::events {

enum class TargetLevel {
  kCommunity,   // community 社区/村: the event's own community
  kTown,        // town 乡镇/街道: the event's town
  kCounty,      // county 县(市、区): the event's county
  kDepartment,  // department: a named department ("市住建局")
};
std::string_view TargetLevelName(TargetLevel level);
std::string_view TargetLevelLabel(TargetLevel level);
std::optional<TargetLevel> TargetLevelFromName(std::string_view name);

struct RoutingTarget {
  TargetLevel level = TargetLevel::kCommunity;
  std::string department;  // only for kDepartment
  bool operator==(const RoutingTarget&) const = default;
};

struct RoutingRule {
  std::string id;
  std::string category;     // "" = any
  std::string area_prefix;  // "" = anywhere; else a division code (2, 4, 6, 9 or 12 digits)
  std::optional<Urgency> urgency;
  RoutingTarget target;
  std::vector<RoutingTarget> copy_to;
  bool skip_level = false;  // marks 越级上报: target above the community, skipped levels copied
};

// A named city department: a stable code ("urban_management") and its Chinese name ("市城管局"),
// which is what escalations and department officers' grants record.
struct Department {
  std::string code;
  std::string name;
  bool operator==(const Department&) const = default;
};

struct RoutingQuery {
  std::string category;
  std::string division_code;  // where the event is: community (12), grid (15) or micro-grid (17)
  Urgency urgency = Urgency::kNormal;
};

// A target made concrete for one event: the division code of the community, town or county it
// names, or the department's name.
struct ResolvedTarget {
  TargetLevel level = TargetLevel::kCommunity;
  std::string division_code;  // for community, town, county
  std::string department;     // for department
  bool operator==(const ResolvedTarget&) const = default;
};

struct RoutingDecision {
  std::string rule_id;
  ResolvedTarget target;
  std::vector<ResolvedTarget> copies;
  bool skip_level = false;
};

class Router {
 public:
  // Validates the rules (kValidationFailed naming "rules[i].field"): ids present and unique,
  // categories made of [a-z0-9_] segments, area prefixes valid division codes, department names
  // for department targets, no two rules with the same key, skip-level rules aiming above the
  // community.
  // Departments (optional): codes of [a-z0-9_], names not empty, both unique; when given, each
  // department a rule targets or copies must be listed ("rules[i].target.department").
  static core::Result<Router> Create(std::vector<RoutingRule> rules,
                                     std::vector<Department> departments = {});
  // The JSON form: {"departments": [{"code", "name"}], "rules": [{"id", "category",
  // "area_prefix", "urgency", "target": {"level", "department"}, "copy_to": [...],
  // "skip_level"}]}.
  static core::Result<Router> FromJson(std::string_view json_text);

  // The winning rule's decision; kNotFound when no rule matches (ship a catch-all rule with
  // empty category and area); kValidationFailed when the event's division code is not at or
  // below a community, or lacks the level the target needs.
  core::Result<RoutingDecision> Route(const RoutingQuery& query) const;

  const std::vector<RoutingRule>& rules() const { return rules_; }  // most specific first
  const std::vector<Department>& departments() const { return departments_; }  // as listed

 private:
  std::vector<RoutingRule> rules_;
  std::vector<Department> departments_;
};

}  // namespace linli::events

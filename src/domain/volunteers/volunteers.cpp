#include "domain/volunteers/volunteers.hpp"

#include <string>

#include "core/json_reader.hpp"
#include "core/text.hpp"

namespace linli::volunteers {

core::Result<std::vector<Skill>> ParseSkills(std::string_view json_text) {
  ASSIGN_OR_RETURN(auto value, core::json::ParseJson(json_text, "skills.json"));
  if (!value.is_object() || !value.as_object().contains("skills") ||
      !value.as_object().at("skills").is_array()) {
    return core::Error::InvalidArgument("skills.json：应有 skills 数组");
  }
  std::vector<Skill> out;
  for (const auto& item : value.as_object().at("skills").as_array()) {
    if (!item.is_object()) return core::Error::InvalidArgument("skills.json：技能应为对象");
    const std::string path = "skills[" + std::to_string(out.size()) + "]";
    Skill skill;
    ASSIGN_OR_RETURN(skill.code, core::json::ReadString(item.as_object(), "code", path, true));
    ASSIGN_OR_RETURN(skill.name, core::json::ReadString(item.as_object(), "name", path, true));
    ASSIGN_OR_RETURN(skill.name_en,
                     core::json::ReadString(item.as_object(), "name_en", path, false));
    if (skill.code.empty() || skill.name.empty()) {
      return core::Error::InvalidArgument("skills.json：" + path + " 缺少 code 或 name");
    }
    for (const auto& seen : out) {
      if (seen.code == skill.code) {
        return core::Error::InvalidArgument("skills.json：重复的技能 " + skill.code);
      }
    }
    out.push_back(std::move(skill));
  }
  if (out.empty()) return core::Error::InvalidArgument("skills.json：没有技能");
  return out;
}

std::string_view SignupStatusName(SignupStatus status) {
  switch (status) {
    case SignupStatus::kSignedUp:
      return "signed_up";
    case SignupStatus::kCheckedIn:
      return "checked_in";
    case SignupStatus::kCheckedOut:
      return "checked_out";
    case SignupStatus::kVerified:
      return "verified";
    case SignupStatus::kCancelled:
      return "cancelled";
  }
  return "signed_up";
}

std::optional<SignupStatus> SignupStatusFrom(std::string_view name) {
  for (auto status : {SignupStatus::kSignedUp, SignupStatus::kCheckedIn, SignupStatus::kCheckedOut,
                      SignupStatus::kVerified, SignupStatus::kCancelled}) {
    if (SignupStatusName(status) == name) return status;
  }
  return std::nullopt;
}

std::string_view AccountKindName(AccountKind kind) {
  return kind == AccountKind::kVolunteer ? "volunteer" : "activity";
}

std::string CanonicalEntries(int64_t group_id, const std::vector<LedgerEntry>& entries) {
  std::string out;
  for (const auto& entry : entries) {
    out += std::to_string(group_id) + "|" + std::string(AccountKindName(entry.account_kind)) + "|" +
           std::to_string(entry.account_id) + "|" + std::to_string(entry.minutes) + ";";
  }
  return out;
}

SyntheticCounts& SyntheticCounts::operator+=(const SyntheticCounts& other) {
  communities += other.communities;
  adults += other.adults;
  volunteers += other.volunteers;
  teams += other.teams;
  activities += other.activities;
  signups += other.signups;
  verified += other.verified;
  verified_minutes += other.verified_minutes;
  return *this;
}

}  // namespace linli::volunteers

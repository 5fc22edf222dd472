#include "domain/social_orgs/social_org_service.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/identity/date.hpp"
#include "core/identity/phone.hpp"
#include "core/text.hpp"

namespace linli::social_orgs {

namespace {

using access::Caller;
using access::Permission;

constexpr const char* kSubject = "social_org";
constexpr size_t kMaxAreas = 30;
constexpr int64_t kMaxServed = 100000;

bool IsDate(std::string_view text) { return identity::ParseDate(text).ok(); }

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

core::Status CheckLine(std::string_view text, const char* field, const char* what, size_t max,
                       bool required) {
  if (required && text.empty()) return core::Error::Validation("请填写" + std::string(what), field);
  TRY(core::CheckText(text, field, core::TextRule::kSingleLine));
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation(std::string(what) + "不能超过 " + std::to_string(max) + " 字",
                                   field);
  }
  return core::Ok();
}

core::Status CheckNote(std::string_view text, const char* field, const char* what) {
  TRY(core::CheckText(text, field, core::TextRule::kMultiLine));
  if (core::CodePointCount(text) > 500) {
    return core::Error::Validation(std::string(what) + "不能超过 500 字", field);
  }
  return core::Ok();
}

// 备案编号: 4–30 characters of digits, ASCII letters and '-'.
bool IsFilingNumber(std::string_view text) {
  if (text.size() < 4 || text.size() > 30) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string WindowStartOf(std::string_view period, int months) {
  int year = std::stoi(std::string(period.substr(0, 4)));
  int month = std::stoi(std::string(period.substr(5, 2))) - (months - 1);
  while (month < 1) {
    month += 12;
    --year;
  }
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-01", year, month);
  return out;
}

SocialOrgService::SocialOrgService(Rules rules, OrganisationRepository& repository,
                                   indicators::IndicatorService& indicators, audit::AuditLog& audit,
                                   const core::Clock& clock)
    : rules_(std::move(rules)),
      repository_(repository),
      indicators_(indicators),
      audit_(audit),
      clock_(clock) {}

std::string SocialOrgService::Today() const {
  return identity::FormatDate(identity::DateFromUnixMillis(clock_.NowMillis()));
}

std::string SocialOrgService::WindowStart() const {
  return WindowStartOf(Today().substr(0, 7), rules_.window_months);
}

std::optional<int64_t> SocialOrgService::OwnId(const Caller& caller) const {
  for (const auto& grant : caller.grants()) {
    if (grant.role == access::Role::kSocialOrg && grant.organisation_id) {
      return *grant.organisation_id;
    }
  }
  return std::nullopt;
}

core::Result<Organisation> SocialOrgService::CheckedOrganisation(
    const OrganisationInput& input, const Caller& caller, const indicators::PlaceIndex& places) {
  Organisation o;
  o.name = Trim(input.name);
  TRY(CheckLine(o.name, "name", "名称", 60, true));
  if (rules_.Find(input.category) == nullptr) {
    return core::Error::Validation("类别应为规则文件中的一种", "category");
  }
  o.category = input.category;
  const auto status = kOrgStatusNames.From(input.status);
  if (!status || *status == OrgStatus::kDeregistered) {
    return core::Error::Validation("状态应为 registered（登记）或 filed（备案）", "status");
  }
  o.status = o.registered_as = *status;
  if (o.status == OrgStatus::kRegistered) {
    o.credit_code = Trim(input.credit_code);
    if (!IsCreditCode(o.credit_code)) {
      return core::Error::Validation("统一社会信用代码应为 18 位，且校验位正确", "credit_code");
    }
  } else {
    o.filing_number = Trim(input.filing_number);
    if (!IsFilingNumber(o.filing_number)) {
      return core::Error::Validation("备案编号应为 4–30 位字母、数字或连字符", "filing_number");
    }
  }
  o.place_code = input.place_code;
  const auto home = places.find(o.place_code);
  if (home == places.end() ||
      !caller.ScopeFor(Permission::kSocialOrgsManage).Covers(o.place_code)) {
    return core::Error::NotFound("社区不存在或不在您的管辖范围内");
  }
  if (home->second.level != core::DivisionLevel::kCommunity) {
    return core::Error::Validation("所在社区应为村（社区）", "place");
  }
  o.place_name = home->second.name;
  if (input.areas.size() > kMaxAreas) {
    return core::Error::Validation("服务社区不能超过 30 个", "areas");
  }
  std::set<std::string> areas = {o.place_code};
  for (const auto& code : input.areas) {
    const auto area = places.find(code);
    if (area == places.end() || area->second.level != core::DivisionLevel::kCommunity) {
      return core::Error::Validation("服务社区不存在：" + code, "areas");
    }
    areas.insert(code);
  }
  o.areas.assign(areas.begin(), areas.end());
  o.contact_name = Trim(input.contact_name);
  TRY(CheckLine(o.contact_name, "contact_name", "联系人", 30, true));
  auto phone = identity::ParsePhone(Trim(input.contact_phone));
  if (!phone.ok()) return core::Error::Validation("联系电话格式不正确", "contact_phone");
  o.contact_phone = phone->text;
  if (!IsDate(input.founded_on)) {
    return core::Error::Validation("成立日期应为 YYYY-MM-DD", "founded_on");
  }
  if (input.founded_on > Today()) {
    return core::Error::Validation("成立日期不能晚于今天", "founded_on");
  }
  o.founded_on = input.founded_on;
  TRY(CheckNote(input.note, "note", "说明"));
  o.note = input.note;
  return o;
}

core::Result<Organisation> SocialOrgService::Create(const OrganisationInput& input,
                                                    const Caller& caller) {
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  ASSIGN_OR_RETURN(Organisation o, CheckedOrganisation(input, caller, *places));
  ASSIGN_OR_RETURN(bool taken, repository_.NameTaken(o.place_code, o.name, 0));
  if (taken) return core::Error::AlreadyExists("本社区已有同名社会组织", "name");
  const int64_t now = clock_.NowMillis();
  o.created_by = caller.account_id();
  o.created_at = o.updated_at = now;
  const auto entry = caller.AuditEntry(audit::AuditAction::kCreate, kSubject, "", o.place_code,
                                       "{\"name\":" + Quoted(o.name) + ",\"status\":\"" +
                                           std::string(kOrgStatusNames.Name(o.status)) + "\"}",
                                       now);
  ASSIGN_OR_RETURN(Organisation stored, repository_.Insert(o, entry));
  return Get(stored.id, caller);
}

core::Result<Organisation> SocialOrgService::Update(int64_t id, const OrganisationInput& input,
                                                    const Caller& caller) {
  ASSIGN_OR_RETURN(Organisation existing, FindFor(id, caller, Permission::kSocialOrgsManage));
  if (existing.status == OrgStatus::kDeregistered) {
    return core::Error::FailedPrecondition("该社会组织已注销，不能修改");
  }
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  ASSIGN_OR_RETURN(Organisation o, CheckedOrganisation(input, caller, *places));
  ASSIGN_OR_RETURN(bool taken, repository_.NameTaken(o.place_code, o.name, id));
  if (taken) return core::Error::AlreadyExists("本社区已有同名社会组织", "name");
  o.id = id;
  o.created_by = existing.created_by;
  o.created_at = existing.created_at;
  o.synthetic = existing.synthetic;
  o.updated_at = clock_.NowMillis();
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kUpdate, kSubject, std::to_string(id), o.place_code,
                        "{\"name\":" + Quoted(o.name) + ",\"status\":\"" +
                            std::string(kOrgStatusNames.Name(o.status)) + "\"}",
                        o.updated_at);
  TRY(repository_.Update(o, entry));
  return Get(id, caller);
}

core::Result<Organisation> SocialOrgService::Deregister(int64_t id, std::string_view on,
                                                        std::string_view reason,
                                                        const Caller& caller) {
  ASSIGN_OR_RETURN(Organisation o, FindFor(id, caller, Permission::kSocialOrgsManage));
  if (o.status == OrgStatus::kDeregistered) {
    return core::Error::FailedPrecondition("该社会组织已于 " + o.deregistered_on + " 注销");
  }
  if (!IsDate(on)) return core::Error::Validation("注销日期应为 YYYY-MM-DD", "deregistered_on");
  if (on < o.founded_on) {
    return core::Error::Validation("注销日期不能早于成立日期", "deregistered_on");
  }
  if (on > Today()) return core::Error::Validation("注销日期不能晚于今天", "deregistered_on");
  const std::string why = Trim(reason);
  if (why.empty()) return core::Error::Validation("请写明注销原因", "reason");
  TRY(CheckNote(why, "reason", "注销原因"));
  // The stored phone, not the masked one the read answered.
  ASSIGN_OR_RETURN(auto stored, repository_.Find(id, core::Scope::Everything(), WindowStart()));
  if (!stored) return core::Error::NotFound("社会组织不存在或不在您的管辖范围内");
  o = *stored;
  o.status = OrgStatus::kDeregistered;
  o.deregistered_on = std::string(on);
  o.deregister_reason = why;
  o.updated_at = clock_.NowMillis();
  const auto entry = caller.AuditEntry(
      audit::AuditAction::kUpdate, kSubject, std::to_string(id), o.place_code,
      "{\"status\":\"deregistered\",\"deregistered_on\":" + Quoted(on) + "}", o.updated_at);
  TRY(repository_.Update(o, entry));
  return Get(id, caller);
}

core::Result<Organisation> SocialOrgService::FindFor(int64_t id, const Caller& caller,
                                                     Permission permission) {
  ASSIGN_OR_RETURN(auto found, repository_.Find(id, caller.ScopeFor(permission), WindowStart()));
  if (!found) return core::Error::NotFound("社会组织不存在或不在您的管辖范围内");
  std::vector<Organisation> one = {std::move(*found)};
  TRY(Reveal(one, caller));
  return std::move(one.front());
}

core::Status SocialOrgService::Reveal(std::vector<Organisation>& organisations,
                                      const Caller& caller) {
  const core::Scope personal = caller.ScopeFor(Permission::kPeoplePersonalData);
  const auto own = OwnId(caller);
  std::string ids;
  std::string division;
  for (auto& o : organisations) {
    o.regularly_active = o.active_months >= rules_.active_months;
    if (o.contact_phone.empty()) continue;
    if (personal.Covers(o.place_code) || (own && *own == o.id)) {
      ids += (ids.empty() ? "" : ",") + std::to_string(o.id);
      if (division.empty()) division = o.place_code;
    } else {
      o.contact_phone = identity::MaskPhone(o.contact_phone);
    }
  }
  if (ids.empty()) return core::Ok();
  // One audit record for the unmasked phones of a read.
  return audit_.Append(caller.AuditEntry(
      audit::AuditAction::kRead, kSubject, organisations.size() == 1 ? ids : "", division,
      "{\"fields\":[\"contact_phone\"],\"ids\":[" + ids + "]}", clock_.NowMillis()));
}

core::Result<Organisation> SocialOrgService::Get(int64_t id, const Caller& caller) {
  return FindFor(id, caller, Permission::kSocialOrgsRead);
}

core::Result<std::vector<Organisation>> SocialOrgService::List(const OrganisationQuery& query,
                                                               const Caller& caller) {
  if (!query.category.empty() && rules_.Find(query.category) == nullptr) {
    return core::Error::InvalidArgument("没有这个类别", "category");
  }
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  TRY(core::CheckText(query.name_contains, "q", core::TextRule::kSingleLine));
  if (core::CodePointCount(query.name_contains) > 60) {
    return core::Error::InvalidArgument("搜索词不能超过 60 字", "q");
  }
  OrganisationQuery bounded = query;
  bounded.organisation_id.reset();
  bounded.active_since = WindowStart();
  bounded.limit = std::min<size_t>(query.limit == 0 ? 500 : query.limit, 1000);
  ASSIGN_OR_RETURN(auto list,
                   repository_.List(bounded, caller.ScopeFor(Permission::kSocialOrgsRead)));
  TRY(Reveal(list, caller));
  return list;
}

core::Result<std::vector<Activity>> SocialOrgService::Activities(int64_t id, const Caller& caller) {
  TRY(FindFor(id, caller, Permission::kSocialOrgsRead));
  return repository_.Activities(id, 500);
}

core::Result<Activity> SocialOrgService::RecordActivity(const Organisation& organisation,
                                                        const ActivityInput& input,
                                                        const Caller& caller) {
  if (organisation.status == OrgStatus::kDeregistered) {
    return core::Error::FailedPrecondition("该社会组织已注销，不能再记录活动");
  }
  Activity a;
  a.organisation_id = organisation.id;
  a.organisation_name = organisation.name;
  a.title = Trim(input.title);
  TRY(CheckLine(a.title, "title", "活动内容", 60, true));
  if (!IsDate(input.held_on)) return core::Error::Validation("活动日期应为 YYYY-MM-DD", "held_on");
  if (input.held_on > Today()) return core::Error::Validation("活动日期不能晚于今天", "held_on");
  if (input.held_on < organisation.founded_on) {
    return core::Error::Validation("活动日期不能早于成立日期", "held_on");
  }
  a.held_on = input.held_on;
  a.place_code = input.place_code.empty() ? organisation.place_code : input.place_code;
  if (std::find(organisation.areas.begin(), organisation.areas.end(), a.place_code) ==
      organisation.areas.end()) {
    return core::Error::Validation("活动地点应为该组织服务的社区", "place");
  }
  if (input.served < 0 || input.served > kMaxServed) {
    return core::Error::Validation("服务人数应在 0–100000 之间", "served");
  }
  a.served = input.served;
  TRY(CheckNote(input.note, "note", "说明"));
  a.note = input.note;
  a.recorded_by = caller.account_id();
  a.recorded_by_name = caller.name_for_people();
  a.recorded_at = clock_.NowMillis();
  const auto entry = caller.AuditEntry(
      audit::AuditAction::kCreate, "social_org_activity", "", organisation.place_code,
      "{\"organisation_id\":" + std::to_string(organisation.id) +
          ",\"held_on\":" + Quoted(a.held_on) + ",\"served\":" + std::to_string(a.served) + "}",
      a.recorded_at);
  return repository_.InsertActivity(a, entry);
}

core::Result<Activity> SocialOrgService::AddActivity(int64_t id, const ActivityInput& input,
                                                     const Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.Find(id, caller.ScopeFor(Permission::kSocialOrgsManage), ""));
  if (!found) return core::Error::NotFound("社会组织不存在或不在您的管辖范围内");
  return RecordActivity(*found, input, caller);
}

core::Result<OwnOrganisation> SocialOrgService::Own(const Caller& caller) {
  const auto own = OwnId(caller);
  if (!own || !caller.Has(Permission::kSocialOrgsReport)) {
    return core::Error::NotFound("本账号未绑定社会组织");
  }
  ASSIGN_OR_RETURN(auto found, repository_.Find(*own, core::Scope::Everything(), WindowStart()));
  if (!found) return core::Error::NotFound("本账号未绑定社会组织");
  OwnOrganisation out;
  std::vector<Organisation> one = {std::move(*found)};
  TRY(Reveal(one, caller));
  out.organisation = std::move(one.front());
  ASSIGN_OR_RETURN(out.activities, repository_.Activities(*own, 500));
  return out;
}

core::Result<Activity> SocialOrgService::AddOwnActivity(const ActivityInput& input,
                                                        const Caller& caller) {
  const auto own = OwnId(caller);
  if (!own || !caller.Has(Permission::kSocialOrgsReport)) {
    return core::Error::NotFound("本账号未绑定社会组织");
  }
  ASSIGN_OR_RETURN(auto found, repository_.Find(*own, core::Scope::Everything(), ""));
  if (!found) return core::Error::NotFound("本账号未绑定社会组织");
  return RecordActivity(*found, input, caller);
}

core::Result<std::optional<std::pair<std::string, std::string>>> SocialOrgService::BindablePlace(
    int64_t id) {
  using Out = std::optional<std::pair<std::string, std::string>>;
  ASSIGN_OR_RETURN(auto found, repository_.Find(id, core::Scope::Everything(), ""));
  if (!found || found->status == OrgStatus::kDeregistered) return Out();
  return Out(std::make_pair(found->place_code, found->name));
}

core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry, const Rules& rules,
                                      OrganisationRepository& repository) {
  return registry.Register(
      {"social_orgs",
       {"A4c", "A4d"},
       [&rules, &repository](std::string_view period, const indicators::PeriodSpan&,
                             const indicators::PlaceIndex& places)
           -> core::Result<std::vector<indicators::Measurement>> {
         ASSIGN_OR_RETURN(auto months,
                          repository.MonthsActive(WindowStartOf(period, rules.window_months),
                                                  indicators::LastDayOf(period)));
         std::map<std::string, int64_t> active;
         for (const auto& organisation : months) {
           if (static_cast<int>(organisation.months.size()) >= rules.active_months) {
             ++active[organisation.place_code];
           }
         }
         // Every community counts (with 0 when none is active); community_kinds pick the
         // urban ones for A4c and the villages for A4d.
         std::vector<indicators::Measurement> out;
         for (const auto& [code, place] : places) {
           if (place.level != core::DivisionLevel::kCommunity) continue;
           const auto it = active.find(code);
           const double count = it == active.end() ? 0.0 : static_cast<double>(it->second);
           out.push_back({"A4c", code, count, 1.0, ""});
           out.push_back({"A4d", code, count, 1.0, ""});
         }
         return out;
       }});
}

}  // namespace linli::social_orgs

namespace linli::social_orgs {

namespace {

uint64_t Fnv(std::string_view text, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// splitmix64: a small deterministic stream per community.
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

struct Stem {
  const char* category;
  const char* name;
  const char* activity;
};
constexpr Stem kStems[] = {
    {"public_service", "邻里互助会", "邻里议事协商"},
    {"public_service", "便民服务队", "便民理发、维修"},
    {"public_service", "平安巡逻队", "楼道安全巡查"},
    {"elderly_disabled", "银龄互助社", "独居老人探访"},
    {"elderly_disabled", "助残志愿服务队", "残疾人康复陪护"},
    {"elderly_disabled", "老年协会", "老年人健康讲座"},
    {"charity", "爱心公益社", "困难家庭帮扶"},
    {"charity", "慈善帮扶站", "爱心物资募集"},
    {"culture_sports", "广场舞队", "广场舞展演"},
    {"culture_sports", "书画社", "书画交流"},
    {"culture_sports", "太极拳协会", "太极拳晨练教学"},
    {"culture_sports", "合唱团", "红歌合唱"},
    {"rural_production", "农技服务社", "种植技术指导"},
    {"rural_production", "种养殖技术协会", "病虫害防治培训"},
};

std::string ShortName(const std::string& name) {
  for (const char* suffix : {"社区居民委员会", "村民委员会", "居民委员会", "居委会", "村委会"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      return name.substr(0, name.size() - s.size());
    }
  }
  return name;
}

std::string Date(int year, int month, int day) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
  return out;
}

}  // namespace

core::Result<int64_t> SocialOrgService::SeedSynthetic(const std::vector<std::string>& communities,
                                                      uint64_t seed) {
  OrganisationQuery any;
  any.limit = 1;
  ASSIGN_OR_RETURN(auto existing, repository_.List(any, core::Scope::Everything()));
  if (!existing.empty()) return int64_t{0};
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  const int64_t now = clock_.NowMillis();
  const std::string today = Today();
  const int this_year = std::stoi(today.substr(0, 4));
  const int this_month = std::stoi(today.substr(5, 2));
  const int this_day = std::stoi(today.substr(8, 2));
  std::vector<Organisation> organisations;
  std::vector<Activity> activities;
  for (const auto& code : communities) {
    const auto place = places->find(code);
    if (place == places->end() || place->second.level != core::DivisionLevel::kCommunity) continue;
    const bool village = place->second.kind == "village";
    Stream rng{Fnv(code, seed)};
    const int count = village ? 3 + rng.Below(5) : 8 + rng.Below(7);
    const std::string short_name = ShortName(place->second.name);
    std::set<std::string> names;
    for (int i = 0; i < count; ++i) {
      const Stem* stem = &kStems[rng.Below(std::size(kStems))];
      // Villages lean to production technique; towns never have it.
      if (village && rng.Below(3) == 0) stem = &kStems[12 + rng.Below(2)];
      if (!village && std::string_view(stem->category) == "rural_production")
        stem = &kStems[i % 12];
      std::string name = short_name + stem->name;
      if (!names.insert(name).second) name = short_name + "第" + std::to_string(i + 1) + stem->name;
      names.insert(name);
      Organisation o;
      o.name = name;
      o.category = stem->category;
      if (rules_.Find(o.category) == nullptr) o.category = rules_.categories.front().code;
      const bool registered = rng.Below(10) < 3;
      o.status = o.registered_as = registered ? OrgStatus::kRegistered : OrgStatus::kFiled;
      if (registered) {
        std::string first = "53" + code.substr(0, 6) + "MJ";
        for (int d = 0; d < 7; ++d) first += static_cast<char>('0' + rng.Below(10));
        o.credit_code = first + CreditCodeCheck(first);
      } else {
        o.filing_number = "BA" + code.substr(0, 6) + "-" + std::to_string(1000 + rng.Below(9000));
      }
      o.place_code = code;
      o.areas = {code};
      o.contact_name = std::string("合成") + "联系人";
      o.contact_phone = "139" + std::to_string(10000000 + rng.Below(89999999));
      o.founded_on = Date(this_year - 2 - rng.Below(9), 1 + rng.Below(12), 1 + rng.Below(28));
      o.note = "合成数据";
      o.created_at = o.updated_at = now;
      o.synthetic = true;
      // How often it meets: from now and then to every month.
      const int per_ten = 1 + rng.Below(10);
      for (int back = 11; back >= 0; --back) {
        if (rng.Below(10) >= per_ten) continue;
        int year = this_year;
        int month = this_month - back;
        while (month < 1) {
          month += 12;
          --year;
        }
        int day = 1 + rng.Below(28);
        if (back == 0 && day > this_day) day = this_day;
        Activity a;
        a.organisation_id = static_cast<int64_t>(organisations.size());  // index, see InsertMany
        a.title = stem->activity;
        a.held_on = Date(year, month, day);
        a.place_code = code;
        a.served = 5 + rng.Below(76);
        a.recorded_by_name = "合成数据";
        a.recorded_at = now;
        a.synthetic = true;
        activities.push_back(std::move(a));
      }
      organisations.push_back(std::move(o));
    }
  }
  if (organisations.empty()) return int64_t{0};
  const auto entry = Caller::System().AuditEntry(
      audit::AuditAction::kImport, kSubject, "synthetic", indicators_.plan().city_code,
      "{\"organisations\":" + std::to_string(organisations.size()) +
          ",\"activities\":" + std::to_string(activities.size()) + "}",
      now);
  return repository_.InsertMany(organisations, activities, entry);
}

}  // namespace linli::social_orgs

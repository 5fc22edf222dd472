#include "domain/people/resident_service.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "core/division_code.hpp"
#include "core/identity/ethnicity.hpp"
#include "core/identity/phone.hpp"

namespace linli::people {

using access::Permission;

namespace {

core::Error ResidentNotFound() { return core::Error::NotFound("居民不存在"); }

std::string JsonList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    out += '"' + names[i] + '"';
  }
  return out + "]";
}

core::Result<int> ParseAge(const std::optional<std::string>& text, std::string_view field) {
  int value = -1;
  const std::string& s = *text;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size() || value < 0 || value > 150) {
    return core::Error::InvalidArgument("年龄应为 0 到 150 之间的整数", std::string(field));
  }
  return value;
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

std::string HistoryDetail(std::string_view event, const std::vector<std::string>& fields) {
  return "{\"event\":\"" + std::string(event) + "\",\"fields\":" + JsonList(fields) + "}";
}

}  // namespace

void MaskPersonalData(std::vector<Resident>& residents) {
  for (Resident& resident : residents) {
    resident.personal_data_visible = false;
    // Born here: the status began on the birth date, which a masked view must not show.
    if (resident.status_since == identity::FormatDate(resident.birth_date)) {
      resident.status_since.clear();
    }
    resident.id_number = identity::MaskIdNumber(resident.id_number);
    if (!resident.phone.empty()) resident.phone = identity::MaskPhone(resident.phone);
  }
}

std::optional<PersonalField> PersonalFieldFromName(std::string_view name) {
  if (name == "id_number") return PersonalField::kIdNumber;
  if (name == "phone") return PersonalField::kPhone;
  if (name == "birth_date") return PersonalField::kBirthDate;
  return std::nullopt;
}

std::string_view PersonalFieldName(PersonalField field) {
  switch (field) {
    case PersonalField::kIdNumber:
      return "id_number";
    case PersonalField::kPhone:
      return "phone";
    case PersonalField::kBirthDate:
      break;
  }
  return "birth_date";
}

std::vector<AgeGroupBounds> AgeGroups(const identity::Date& today) {
  auto limit = [&](int years) { return identity::FormatDate(BirthDateLimit(today, years)); };
  // age <= n  <=>  born after the limit of n + 1.
  return {
      {"0-6", limit(7), std::nullopt},  {"7-17", limit(18), limit(7)},
      {"18-59", limit(60), limit(18)},  {"60+", std::nullopt, limit(60)},
      {"65+", std::nullopt, limit(65)}, {"80+", std::nullopt, limit(80)},
  };
}

ResidentService::ResidentService(PeopleRepository& repository,
                                 divisions::DivisionService& divisions,
                                 grids::GridRepository& grids, audit::AuditLog& audit_log,
                                 const core::Clock& clock, access::LookupQuota* lookup_quota)
    : repository_(repository),
      divisions_(divisions),
      grids_(grids),
      audit_log_(audit_log),
      clock_(clock),
      lookup_quota_(lookup_quota) {}

identity::Date ResidentService::Today() const {
  return identity::DateFromUnixMillis(clock_.NowMillis());
}

core::Status ResidentService::PlaceResident(const access::Caller& caller,
                                            const Placement& placement,
                                            const PlacementWording& wording, Resident& resident) {
  if (placement.household_id) {
    if (!placement.relation) return core::Error::Validation("请填写与户主关系", "relation");
    auto relation = RelationFromName(*placement.relation);
    if (!relation) return core::Error::Validation("与户主关系不正确", "relation");
    ASSIGN_OR_RETURN(auto household,
                     repository_.FindHousehold(*placement.household_id,
                                               caller.ScopeFor(Permission::kPeopleManage)));
    if (!household) return core::Error::NotFound("户不存在");
    if (household->until) {
      return core::Error::FailedPrecondition(std::string(wording.closed_household));
    }
    if (wording.place_must_match_household) {
      if (placement.community_code && *placement.community_code != household->community_code) {
        return core::Error::Validation("社区编码与所在户不一致", "community_code");
      }
      if (placement.grid_code && *placement.grid_code != household->grid_code) {
        return core::Error::Validation("网格编码与所在户不一致", "grid_code");
      }
    }
    resident.household_id = household->id;
    resident.relation = *relation;
    resident.community_code = household->community_code;
    resident.grid_code = household->grid_code;
    return core::Ok();
  }
  if (placement.relation) {
    return core::Error::Validation("未指定所在户时不能填写与户主关系", "relation");
  }
  std::string community = placement.community_code.value_or("");
  const std::string grid = placement.grid_code.value_or("");
  if (community.empty() && grid.size() == 15) community = grid.substr(0, 12);
  if (community.empty()) {
    return core::Error::Validation(std::string(wording.no_place),
                                   std::string(wording.no_place_field));
  }
  TRY(CheckPlace(community, grid, caller.ScopeFor(Permission::kPeopleManage)));
  resident.household_id.reset();
  resident.relation.reset();
  resident.community_code = community;
  resident.grid_code = grid;
  return core::Ok();
}

core::Status ResidentService::CheckPlace(const std::string& community_code,
                                         const std::string& grid_code, const core::Scope& scope) {
  auto level = core::LevelOfCode(community_code);
  if (!level || *level != core::DivisionLevel::kCommunity) {
    return core::Error::Validation("社区编码应为 12 位数字", "community_code");
  }
  if (!grid_code.empty()) {
    auto grid_level = core::LevelOfCode(grid_code);
    if (!grid_level || *grid_level != core::DivisionLevel::kGrid) {
      return core::Error::Validation("网格编码应为 15 位数字", "grid_code");
    }
    if (!grid_code.starts_with(community_code)) {
      return core::Error::Validation("网格不属于所填社区", "grid_code");
    }
  }
  if (!scope.Covers(PlaceCode(community_code, grid_code))) {
    return core::Error::NotFound(grid_code.empty() ? "社区不存在" : "网格不存在");
  }
  ASSIGN_OR_RETURN(auto community, divisions_.Find(community_code));
  if (!community || community->level != core::DivisionLevel::kCommunity) {
    return core::Error::NotFound("社区不存在");
  }
  if (!grid_code.empty()) {
    ASSIGN_OR_RETURN(auto grid, grids_.Find(grid_code));
    if (!grid || grid->level != grids::GridLevel::kGrid) return core::Error::NotFound("网格不存在");
    if (grid->status != grids::GridStatus::kActive) {
      return core::Error::Validation("网格已撤销，不能登记居民", "grid_code");
    }
  }
  return core::Ok();
}

core::Result<Resident> ResidentService::FindForWrite(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto resident,
                   repository_.FindResident(id, caller.ScopeFor(Permission::kPeopleManage)));
  if (!resident) return ResidentNotFound();
  return *std::move(resident);
}

Resident ResidentService::Present(Resident resident) {
  std::vector<Resident> one;
  one.push_back(std::move(resident));
  MaskPersonalData(one);
  return std::move(one.front());
}

core::Result<std::string> ResidentService::Reveal(int64_t id, PersonalField field,
                                                  const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto resident,
                   repository_.FindResident(id, caller.ScopeFor(Permission::kPeopleRead)));
  if (!resident) return ResidentNotFound();
  const std::string place = PlaceCode(resident->community_code, resident->grid_code);
  if (!caller.ScopeFor(Permission::kPeoplePersonalData).Covers(place)) {
    return core::Error::PermissionDenied("无权查看此居民的完整个人信息");
  }
  std::string value;
  switch (field) {
    case PersonalField::kIdNumber:
      value = resident->id_number;
      break;
    case PersonalField::kPhone:
      value = resident->phone;
      break;
    case PersonalField::kBirthDate:
      value = identity::FormatDate(resident->birth_date);
      break;
  }
  TRY(audit_log_.Append(caller.AuditEntry(
      audit::AuditAction::kRead, "resident", std::to_string(resident->id), place,
      "{\"fields\":[\"" + std::string(PersonalFieldName(field)) + "\"]}", clock_.NowMillis())));
  return value;
}

core::Result<Resident> ResidentService::Create(const NewResident& request,
                                               const access::Caller& caller) {
  const identity::Date today = Today();
  TRY(CheckPersonName(request.name));
  ASSIGN_OR_RETURN(auto id_number, identity::ParseIdNumber(request.id_number, today));
  Resident resident;
  resident.name = request.name;
  resident.id_number = id_number.text;
  resident.birth_date = id_number.birth_date;
  resident.sex = id_number.sex;
  if (request.phone && !request.phone->empty()) {
    ASSIGN_OR_RETURN(auto phone, identity::ParsePhone(*request.phone));
    resident.phone = phone.text;
  }
  ASSIGN_OR_RETURN(auto ethnicity, identity::ParseEthnicity(request.ethnicity));
  resident.ethnicity_code = std::string(ethnicity.code);
  auto status = ResidentStatusFromName(request.status);
  if (!status) {
    return core::Error::Validation(
        "居住状态应为 registered_resident、floating、away、moved_out 或 deceased", "status");
  }
  resident.status = *status;
  resident.status_since = request.status_since.value_or(identity::FormatDate(today));
  ASSIGN_OR_RETURN(auto since, CheckDate(resident.status_since, "status_since"));
  if (since < resident.birth_date) {
    return core::Error::Validation("状态起始日期不能早于出生日期", "status_since");
  }
  TRY(PlaceResident(
      caller, {request.household_id, request.relation, request.community_code, request.grid_code},
      {"该户已注销，不能登记新成员", "请填写所属社区 community_code 或网格 grid_code",
       "community_code", true},
      resident));
  resident.synthetic = request.synthetic;
  const int64_t now = clock_.NowMillis();
  resident.created_at = now;
  resident.updated_at = now;
  const HistoryEvent event =
      since == resident.birth_date ? HistoryEvent::kBirth : HistoryEvent::kMoveIn;
  std::vector<std::string> fields = {"name",   "id_number",    "ethnicity",
                                     "status", "status_since", "community_code"};
  if (!resident.phone.empty()) fields.push_back("phone");
  if (!resident.grid_code.empty()) fields.push_back("grid_code");
  if (resident.household_id) {
    fields.push_back("household_id");
    fields.push_back("relation");
  }
  auto entry = caller.AuditEntry(audit::AuditAction::kCreate, "resident", "",
                                 PlaceCode(resident.community_code, resident.grid_code),
                                 HistoryDetail(HistoryEventName(event), fields), now);
  // A duplicate answer naming a registration outside the caller's scope is a personal-data
  // lookup (issue 15 item 8): paused once the day's quota is used, audited and charged.
  if (lookup_quota_) TRY(lookup_quota_->Check(caller));
  auto created = repository_.InsertResident(resident, event, entry);
  if (!created.ok() && created.error().code == core::ErrorCode::kAlreadyExists &&
      created.error().field == "id_number") {
    ASSIGN_OR_RETURN(auto registered, repository_.FindResidentsByIdNumbers({resident.id_number}));
    TRY(RecordDuplicateLookup(registered, caller));
  }
  if (!created.ok()) return created.error();
  return Present(*std::move(created));
}

core::Status ResidentService::RecordDuplicateLookup(const std::vector<Resident>& registered,
                                                    const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kPeopleManage);
  // One record per place the answers came from, so that an auditor scoped to that place sees who
  // learned about its residents (ids of the residents found; never their numbers).
  std::map<std::string, std::pair<int64_t, std::string>> by_place;  // place -> count, ids
  int64_t outside = 0;
  for (const Resident& resident : registered) {
    const std::string place = PlaceCode(resident.community_code, resident.grid_code);
    if (scope.Covers(place)) continue;
    ++outside;
    auto& [count, ids] = by_place[place];
    ++count;
    if (!ids.empty()) ids += ',';
    ids += std::to_string(resident.id);
  }
  if (outside == 0) return core::Ok();
  for (const auto& [place, found] : by_place) {
    TRY(audit_log_.Append(caller.AuditEntry(
        audit::AuditAction::kRead, "resident", found.second, place,
        "{\"lookup\":\"duplicate_id_number\",\"outside_scope\":" + std::to_string(found.first) +
            "}",
        clock_.NowMillis())));
  }
  if (!lookup_quota_) return core::Ok();
  // More hits than the day has left: no answer (the quota is used up by the refusal).
  ASSIGN_OR_RETURN(int64_t remaining, lookup_quota_->Check(caller));
  if (outside > remaining) return lookup_quota_->Refuse(caller, remaining);
  return lookup_quota_->Charge(caller, outside);
}

core::Result<Resident> ResidentService::Update(int64_t id, const ResidentUpdate& update,
                                               const access::Caller& caller) {
  ASSIGN_OR_RETURN(Resident resident, FindForWrite(id, caller));
  std::vector<std::string> changed;
  if (update.name && *update.name != resident.name) {
    TRY(CheckPersonName(*update.name));
    resident.name = *update.name;
    changed.push_back("name");
  }
  if (update.id_number) {
    ASSIGN_OR_RETURN(auto parsed, identity::ParseIdNumber(*update.id_number, Today()));
    if (parsed.text != resident.id_number) {
      resident.id_number = parsed.text;
      resident.birth_date = parsed.birth_date;
      resident.sex = parsed.sex;
      changed.push_back("id_number");
    }
  }
  if (update.phone) {
    std::string phone;
    if (*update.phone && !(*update.phone)->empty()) {
      ASSIGN_OR_RETURN(auto parsed, identity::ParsePhone(**update.phone));
      phone = parsed.text;
    }
    if (phone != resident.phone) {
      resident.phone = phone;
      changed.push_back("phone");
    }
  }
  if (update.ethnicity) {
    ASSIGN_OR_RETURN(auto ethnicity, identity::ParseEthnicity(*update.ethnicity));
    if (ethnicity.code != resident.ethnicity_code) {
      resident.ethnicity_code = std::string(ethnicity.code);
      changed.push_back("ethnicity");
    }
  }
  if (!changed.empty()) {
    const int64_t now = clock_.NowMillis();
    resident.updated_at = now;
    const bool new_id_number =
        std::find(changed.begin(), changed.end(), "id_number") != changed.end();
    if (new_id_number && lookup_quota_) TRY(lookup_quota_->Check(caller));
    auto written = repository_.UpdateResident(
        resident, caller.AuditEntry(audit::AuditAction::kUpdate, "resident", std::to_string(id),
                                    PlaceCode(resident.community_code, resident.grid_code),
                                    "{\"fields\":" + JsonList(changed) + "}", now));
    if (new_id_number && !written.ok() && written.error().code == core::ErrorCode::kAlreadyExists) {
      ASSIGN_OR_RETURN(auto registered, repository_.FindResidentsByIdNumbers({resident.id_number}));
      TRY(RecordDuplicateLookup(registered, caller));
    }
    TRY(written);
  }
  return Present(std::move(resident));
}

core::Result<Resident> ResidentService::Move(int64_t id, const MoveRequest& request,
                                             const access::Caller& caller) {
  ASSIGN_OR_RETURN(Resident resident, FindForWrite(id, caller));
  TRY(CheckDate(request.date, "date"));
  if (!IsCurrentStatus(resident.status)) {
    return core::Error::FailedPrecondition("已迁出或已死亡的居民不能迁移，请先变更居住状态");
  }
  ASSIGN_OR_RETURN(auto history, repository_.History(id));
  if (!history.empty() && request.date < history.back().valid_from) {
    return core::Error::Validation("迁移日期不能早于当前居住记录的开始日期", "date");
  }
  const std::string old_place = PlaceCode(resident.community_code, resident.grid_code);
  TRY(PlaceResident(
      caller, {request.household_id, request.relation, request.community_code, request.grid_code},
      {"该户已注销，不能迁入", "请填写迁入的户 household_id、社区或网格", "household_id", false},
      resident));
  const int64_t now = clock_.NowMillis();
  resident.updated_at = now;
  TRY(repository_.ChangeResidence(
      resident, request.date, HistoryEvent::kMoveIn,
      caller.AuditEntry(
          audit::AuditAction::kUpdate, "resident", std::to_string(id), old_place,
          HistoryDetail("move_in", {"household_id", "relation", "community_code", "grid_code"}),
          now)));
  ASSIGN_OR_RETURN(auto moved, repository_.FindResident(id, core::Scope::Everything()));
  if (!moved) return ResidentNotFound();
  return Present(*std::move(moved));
}

core::Result<Resident> ResidentService::ChangeStatus(int64_t id, std::string_view status,
                                                     std::string_view date,
                                                     const access::Caller& caller) {
  ASSIGN_OR_RETURN(Resident resident, FindForWrite(id, caller));
  auto parsed = ResidentStatusFromName(status);
  if (!parsed) {
    return core::Error::Validation(
        "居住状态应为 registered_resident、floating、away、moved_out 或 deceased", "status");
  }
  TRY(CheckDate(date, "date"));
  if (*parsed == resident.status) {
    return core::Error::FailedPrecondition("居住状态未改变");
  }
  if (resident.status == ResidentStatus::kDeceased) {
    return core::Error::FailedPrecondition("已死亡的居民不能变更居住状态");
  }
  ASSIGN_OR_RETURN(auto history, repository_.History(id));
  if (!history.empty() && date < history.back().valid_from) {
    return core::Error::Validation("变更日期不能早于当前居住记录的开始日期", "date");
  }
  HistoryEvent event = HistoryEvent::kStatus;
  if (*parsed == ResidentStatus::kDeceased) event = HistoryEvent::kDeath;
  if (*parsed == ResidentStatus::kMovedOut) event = HistoryEvent::kMoveOut;
  resident.status = *parsed;
  resident.status_since = std::string(date);
  const int64_t now = clock_.NowMillis();
  resident.updated_at = now;
  TRY(repository_.ChangeResidence(
      resident, date, event,
      caller.AuditEntry(audit::AuditAction::kUpdate, "resident", std::to_string(id),
                        PlaceCode(resident.community_code, resident.grid_code),
                        HistoryDetail(HistoryEventName(event), {"status", "status_since"}), now)));
  ASSIGN_OR_RETURN(auto changed, repository_.FindResident(id, core::Scope::Everything()));
  if (!changed) return ResidentNotFound();
  return Present(*std::move(changed));
}

core::Result<ResidentTag> ResidentService::AddTag(int64_t id, const NewResidentTag& request,
                                                  const access::Caller& caller) {
  ASSIGN_OR_RETURN(Resident resident, FindForWrite(id, caller));
  ASSIGN_OR_RETURN(auto definitions, repository_.TagDefinitions());
  auto definition = std::find_if(definitions.begin(), definitions.end(),
                                 [&](const TagDefinition& d) { return d.code == request.code; });
  if (definition == definitions.end()) return core::Error::Validation("标签不存在", "code");
  ResidentTag tag;
  tag.resident_id = id;
  tag.code = definition->code;
  tag.name = definition->name;
  tag.category = definition->category;
  if (definition->has_grade) {
    if (!request.grade || *request.grade < 1 || *request.grade > 4) {
      return core::Error::Validation("请填写等级（1 到 4 级）", "grade");
    }
    tag.grade = request.grade;
  } else if (request.grade) {
    return core::Error::Validation("该标签没有等级", "grade");
  }
  tag.subcategory = request.subcategory.value_or("");
  if (tag.subcategory.size() > 60) return core::Error::Validation("类别过长", "subcategory");
  tag.valid_from = request.valid_from.value_or(identity::FormatDate(Today()));
  TRY(CheckDate(tag.valid_from, "valid_from"));
  if (request.valid_until) {
    TRY(CheckDate(*request.valid_until, "valid_until"));
    if (*request.valid_until <= tag.valid_from) {
      return core::Error::Validation("结束日期应晚于开始日期", "valid_until");
    }
    tag.valid_until = request.valid_until;
  }
  if (request.source.size() > 200) return core::Error::Validation("来源过长", "source");
  tag.source = request.source;
  const int64_t now = clock_.NowMillis();
  return repository_.InsertResidentTag(
      tag, caller.AuditEntry(audit::AuditAction::kUpdate, "resident", std::to_string(id),
                             PlaceCode(resident.community_code, resident.grid_code),
                             "{\"fields\":[\"tags\"],\"tag\":\"" + tag.code + "\"}", now));
}

core::Result<ResidentTag> ResidentService::EndTag(int64_t id, int64_t tag_id,
                                                  std::string_view valid_until,
                                                  const access::Caller& caller) {
  ASSIGN_OR_RETURN(Resident resident, FindForWrite(id, caller));
  TRY(CheckDate(valid_until, "valid_until"));
  auto tag = std::find_if(resident.tags.begin(), resident.tags.end(),
                          [&](const ResidentTag& t) { return t.id == tag_id; });
  if (tag == resident.tags.end()) return core::Error::NotFound("标签不存在");
  // Ending a tag on the day it started withdraws it (an empty period), like closing a grid.
  if (valid_until < tag->valid_from) {
    return core::Error::Validation("结束日期不能早于开始日期", "valid_until");
  }
  const int64_t now = clock_.NowMillis();
  TRY(repository_.EndResidentTag(
      id, tag_id, valid_until,
      caller.AuditEntry(audit::AuditAction::kUpdate, "resident", std::to_string(id),
                        PlaceCode(resident.community_code, resident.grid_code),
                        "{\"fields\":[\"tags\"],\"tag\":\"" + tag->code + "\"}", now)));
  ResidentTag ended = *tag;
  ended.valid_until = std::string(valid_until);
  return ended;
}

core::Result<ResidentDetail> ResidentService::Get(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto resident,
                   repository_.FindResident(id, caller.ScopeFor(Permission::kPeopleRead)));
  if (!resident) return ResidentNotFound();
  ResidentDetail detail;
  ASSIGN_OR_RETURN(detail.history, repository_.History(id));
  // The record opened at birth starts on the birth date: blank in the masked view.
  const std::string birth = identity::FormatDate(resident->birth_date);
  for (ResidenceRecord& record : detail.history) {
    if (record.valid_from == birth) record.valid_from.clear();
  }
  detail.resident = Present(*std::move(resident));
  return detail;
}

// "a,b, c" -> {a, b, c}: distinct codes in the order given, at most kMaxTagFilters.
core::Result<std::vector<std::string>> ParseTagCodes(std::string_view text) {
  constexpr size_t kMaxTagFilters = 20;
  std::vector<std::string> codes;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view code = text.substr(start, comma - start);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    if (!code.empty() && std::find(codes.begin(), codes.end(), code) == codes.end()) {
      codes.emplace_back(code);
    }
    start = comma + 1;
  }
  if (codes.size() > kMaxTagFilters) {
    return core::Error::Validation("标签筛选最多 20 个", "tag");
  }
  return codes;
}

core::Result<std::optional<ResidentQuery>> ResidentService::BuildQuery(
    const ResidentSearchRequest& request) const {
  const identity::Date today = Today();
  ResidentQuery query;
  query.today = identity::FormatDate(today);
  if (request.text) query.name_text = *request.text;
  if (request.id_number && !request.id_number->empty()) {
    auto parsed = identity::ParseIdNumber(*request.id_number, today);
    if (!parsed.ok()) return std::optional<ResidentQuery>();  // no one has an invalid number
    query.id_number = parsed->text;
  }
  if (request.phone && !request.phone->empty()) {
    auto parsed = identity::ParsePhone(*request.phone);
    if (!parsed.ok()) return std::optional<ResidentQuery>();
    query.phone = parsed->text;
  }
  if (request.tag && !request.tag->empty()) {
    ASSIGN_OR_RETURN(query.tag_codes, ParseTagCodes(*request.tag));
  }
  if (request.tag_match && !request.tag_match->empty()) {
    if (*request.tag_match != "all" && *request.tag_match != "any") {
      return core::Error::Validation("tag_match 应为 all（全部满足）或 any（满足任一）",
                                     "tag_match");
    }
    query.all_tags = *request.tag_match == "all";
  }
  if (request.age_min && !request.age_min->empty()) {
    ASSIGN_OR_RETURN(int age, ParseAge(request.age_min, "age_min"));
    query.born_on_or_before = identity::FormatDate(BirthDateLimit(today, age));
  }
  if (request.age_max && !request.age_max->empty()) {
    ASSIGN_OR_RETURN(int age, ParseAge(request.age_max, "age_max"));
    query.born_after = identity::FormatDate(BirthDateLimit(today, age + 1));
  }
  std::string place;
  for (const auto& [value, field, length] : {std::tuple{request.community, "community", size_t{12}},
                                             std::tuple{request.grid, "grid", size_t{15}}}) {
    if (!value || value->empty()) continue;
    if (!core::IsDigits(*value) || value->size() > length) {
      return core::Error::InvalidArgument(length == 12 ? "社区编码应为数字" : "网格编码应为数字",
                                          field);
    }
    if (value->size() > place.size()) {
      if (!place.empty() && !value->starts_with(place)) return std::optional<ResidentQuery>();
      place = *value;
    } else if (!place.starts_with(*value)) {
      return std::optional<ResidentQuery>();
    }
  }
  query.place_prefix = place;
  if (request.status && !request.status->empty()) {
    query.status = ResidentStatusFromName(*request.status);
    if (!query.status) return core::Error::InvalidArgument("居住状态不正确", "status");
  }
  if (request.sort && !request.sort->empty()) {
    auto sort = ResidentSortFromName(*request.sort);
    if (!sort) return core::Error::InvalidArgument("排序应为 name、age、-age 或 id", "sort");
    query.sort = *sort;
  }
  return std::optional<ResidentQuery>(std::move(query));
}

core::Result<core::Page<Resident>> ResidentService::Search(const ResidentSearchRequest& request,
                                                           const access::Caller& caller,
                                                           const core::PageRequest& page) {
  const bool by_id = request.id_number && !request.id_number->empty();
  const bool by_phone = request.phone && !request.phone->empty();
  // Paused with the rest of the account's personal-data lookups once the day's quota is used.
  if ((by_id || by_phone) && lookup_quota_) TRY(lookup_quota_->Check(caller));
  ASSIGN_OR_RETURN(auto query, BuildQuery(request));
  if (!query) return core::Page<Resident>{};
  ASSIGN_OR_RETURN(auto result, repository_.SearchResidents(
                                    *query, caller.ScopeFor(Permission::kPeopleRead), page));
  MaskPersonalData(result.items);
  // An exact search by ID or phone number is a personal-data lookup whatever it finds (issue 15
  // item 8): recorded with the caller and the number of hits, never the number searched.
  if (by_id || by_phone) {
    const core::Scope scope = caller.ScopeFor(Permission::kPeopleRead);
    TRY(audit_log_.Append(caller.AuditEntry(
        audit::AuditAction::kRead, "resident_search", by_id ? "id_number" : "phone",
        scope.prefixes.size() == 1 ? scope.prefixes[0] : "",
        "{\"by\":\"" + std::string(by_id ? "id_number" : "phone") +
            "\",\"hits\":" + std::to_string(result.items.size()) + "}",
        clock_.NowMillis())));
  }
  return result;
}

core::Result<std::vector<Resident>> ResidentService::Export(const ResidentSearchRequest& request,
                                                            const access::Caller& caller,
                                                            size_t max_rows, bool unmasked) {
  const core::Scope personal_data =
      unmasked ? caller.ScopeFor(Permission::kPeoplePersonalData) : core::Scope::Nothing();
  if (unmasked && personal_data.Empty()) {
    return core::Error::PermissionDenied("无权导出完整个人信息（需要个人信息权限）", "unmasked");
  }
  ASSIGN_OR_RETURN(auto query, BuildQuery(request));
  std::vector<Resident> rows;
  if (query) {
    core::PageRequest page;
    page.limit = 1000;
    while (true) {
      ASSIGN_OR_RETURN(auto result, repository_.SearchResidents(
                                        *query, caller.ScopeFor(Permission::kPeopleRead), page));
      for (auto& resident : result.items) rows.push_back(std::move(resident));
      if (rows.size() > max_rows) {
        return core::Error::Validation(
            "导出超过 " + std::to_string(max_rows) + " 行，请缩小筛选范围（例如按社区或网格导出）",
            "limit");
      }
      if (!result.next_cursor) break;
      ASSIGN_OR_RETURN(page.after, core::DecodeCursor(*result.next_cursor));
    }
  }
  // Masked unless the caller asked for an unmasked export (then each row its personal-data
  // scope covers leaves whole); one export record names how many rows left and how many of them
  // unmasked (the ids, for an audit trail of whose data left the system).
  std::string unmasked_ids;
  int64_t unmasked_rows = 0;
  for (Resident& resident : rows) {
    resident.personal_data_visible =
        personal_data.Covers(PlaceCode(resident.community_code, resident.grid_code));
    if (resident.personal_data_visible) {
      ++unmasked_rows;
      if (!unmasked_ids.empty()) unmasked_ids += ',';
      unmasked_ids += std::to_string(resident.id);
    } else {
      resident.id_number = identity::MaskIdNumber(resident.id_number);
      if (!resident.phone.empty()) resident.phone = identity::MaskPhone(resident.phone);
    }
  }
  std::string filter;
  for (const auto& [name, value] : {std::pair{"q", request.text},
                                    {"tag", request.tag},
                                    {"age_min", request.age_min},
                                    {"age_max", request.age_max},
                                    {"community", request.community},
                                    {"grid", request.grid},
                                    {"status", request.status}}) {
    if (!value || value->empty()) continue;
    if (!filter.empty()) filter += ',';
    filter += "\"" + std::string(name) + "\":\"" + JsonEscape(*value) + "\"";
  }
  if (request.id_number && !request.id_number->empty()) {
    filter += std::string(filter.empty() ? "" : ",") + "\"id_number\":\"(given)\"";
  }
  if (request.phone && !request.phone->empty()) {
    filter += std::string(filter.empty() ? "" : ",") + "\"phone\":\"(given)\"";
  }
  TRY(audit_log_.Append(caller.AuditEntry(
      audit::AuditAction::kExport, "resident", unmasked_ids, query ? query->place_prefix : "",
      "{\"rows\":" + std::to_string(rows.size()) +
          ",\"unmasked\":" + std::to_string(unmasked_rows) + ",\"filter\":{" + filter + "}}",
      clock_.NowMillis())));
  return rows;
}

core::Result<ResidentCounts> ResidentService::Counts(std::string_view division,
                                                     const access::Caller& caller) {
  auto level = core::LevelOfCode(division);
  if (!level) return core::Error::InvalidArgument("区划编码格式不正确", "division");
  if (!caller.ScopeFor(Permission::kPeopleRead).Intersects(division))
    return core::Error::NotFound("区划不存在");
  const identity::Date today = Today();
  return repository_.CountResidents(division, AgeGroups(today), identity::FormatDate(today),
                                    caller.ScopeFor(Permission::kPeopleRead));
}

core::Result<std::vector<PlaceChange>> ResidentService::RecentChanges(
    std::string_view place, int days, int limit, const access::Caller& caller) {
  const auto level = core::LevelOfCode(place);
  if (!level || (*level != core::DivisionLevel::kCommunity && *level != core::DivisionLevel::kGrid))
    return core::Error::InvalidArgument("应为社区或网格编码", "place");
  if (!caller.ScopeFor(Permission::kPeopleRead).Covers(place))
    return core::Error::NotFound("区划不存在");
  const identity::Date today = Today();
  const identity::Date since = identity::CivilFromDays(identity::DaysFromCivil(today) - days);
  return repository_.RecentChanges(place, identity::FormatDate(since), identity::FormatDate(today),
                                   limit, caller.ScopeFor(Permission::kPeopleRead));
}

core::Result<std::vector<TagDefinition>> ResidentService::TagDefinitions() {
  return repository_.TagDefinitions();
}

core::Result<TagDefinition> ResidentService::AddTagDefinition(const TagDefinition& definition,
                                                              const access::Caller& caller) {
  if (!(caller.IsSystem() || caller.HasRole(access::Role::kCityAdmin)))
    return core::Error::PermissionDenied("只有市级管理员可以新增标签");
  TRY(CheckTagCode(definition.code));
  if (definition.name.empty() || definition.name.size() > 120) {
    return core::Error::Validation("标签名称不能为空且不能超过40个字", "name");
  }
  if (definition.category.empty() || definition.category.size() > 40) {
    return core::Error::Validation("请填写标签类别", "category");
  }
  auto inserted = repository_.InsertTagDefinition(definition);
  if (!inserted.ok()) {
    if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error::AlreadyExists("标签编码 " + definition.code + " 已存在", "code");
    }
    return std::move(inserted).error();
  }
  return definition;
}

core::Result<std::optional<ResidenceRecord>> ResidentService::ResidenceOn(
    int64_t id, std::string_view date, const access::Caller& caller) {
  TRY(CheckDate(date, "date"));
  ASSIGN_OR_RETURN(auto resident,
                   repository_.FindResident(id, caller.ScopeFor(Permission::kPeopleRead)));
  if (!resident) return ResidentNotFound();
  return repository_.ResidenceOn(id, date);
}

}  // namespace linli::people

#include "domain/care/rehabilitation.hpp"

#include <algorithm>

#include "core/division_code.hpp"
#include "core/identity/date.hpp"
#include "core/text.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

constexpr const char* kSubject = "rehab_record";

// Whether the person has an open archive that qualifies for this kind of rehabilitation.
bool Qualifies(const std::vector<std::pair<int64_t, std::string>>& archives,
               const Categories& categories, RehabKind kind) {
  return std::any_of(archives.begin(), archives.end(), [&](const auto& archive) {
    if (kind == RehabKind::kMentalHealth && archive.second == kSevereMentalDisorderCategory) {
      return true;
    }
    const Category* category = categories.Find(archive.second);
    return category != nullptr && category->group == kDisabilityGroup;
  });
}

}  // namespace

Rehabilitation::Rehabilitation(RehabilitationRepository& repository, CareRepository& care,
                               const Categories& categories, audit::AuditLog& audit,
                               const core::Clock& clock)
    : repository_(repository), care_(care), categories_(categories), audit_(audit), clock_(clock) {}

std::string Rehabilitation::Today() const {
  return calendar::ChinaDateOf(clock_.NowMillis()).ToString();
}

core::Result<RehabRecord> Rehabilitation::Record(const NewRehabRecord& input,
                                                 const Caller& caller) {
  const bool mental = input.kind == RehabKind::kMentalHealth;
  ASSIGN_OR_RETURN(auto person, care_.ResidentPlace(input.resident_id,
                                                    caller.ScopeFor(Permission::kCareManage)));
  if (!person)
    return core::Error::Validation("居民不存在、不在管辖范围内或已不在本地", "resident_id");
  if (mental && !caller.ScopeFor(Permission::kCareHealth).Covers(person->first)) {
    return core::Error::PermissionDenied("精神障碍社区康复记录需由健康联络员或民政干部登记");
  }
  ASSIGN_OR_RETURN(auto archives, care_.OpenArchivesOf({input.resident_id}));
  if (!Qualifies(archives, categories_, input.kind)) {
    return core::Error::Validation(
        mental ? "此人没有在档的残疾人或严重精神障碍患者档案" : "此人没有在档的残疾人档案",
        "resident_id");
  }
  ASSIGN_OR_RETURN(auto facility, repository_.FindFacility(input.facility_id));
  if (!facility || (facility->type_code != kDisabilityHomeType &&
                    facility->type_code != kMentalHealthRehabType)) {
    return core::Error::Validation("康复机构应为残疾人之家或精神障碍社区康复服务站", "facility_id");
  }
  if (!facility->open) return core::Error::Validation("该机构未在运营", "facility_id");
  if (!mental && facility->type_code == kMentalHealthRehabType) {
    return core::Error::Validation("精神障碍社区康复服务站只登记精神障碍社区康复", "kind");
  }
  if (facility->place_code.substr(0, 6) != person->first.substr(0, 6)) {
    return core::Error::Validation("康复机构应在此人所在的县（市、区）", "facility_id");
  }
  ASSIGN_OR_RETURN(auto served, identity::ParseDate(input.served_on, "served_on"));
  const int64_t served_days = identity::DaysFromCivil(served);
  ASSIGN_OR_RETURN(auto today, identity::ParseDate(Today()));
  const int64_t today_days = identity::DaysFromCivil(today);
  if (served_days > today_days || served_days < today_days - kRehabBackdateDays) {
    return core::Error::Validation("服务日期应在今天及之前 90 天内", "served_on");
  }
  if (input.minutes < 1 || input.minutes > kMaxRehabMinutes) {
    return core::Error::Validation("服务时长应为 1–600 分钟", "minutes");
  }
  TRY(core::CheckText(input.note, "note", core::TextRule::kMultiLine));
  if (core::CodePointCount(input.note) > 500) {
    return core::Error::Validation("备注不能超过 500 个字符", "note");
  }
  RehabRecord record;
  record.resident_id = input.resident_id;
  record.place_code = person->first;
  record.facility_id = facility->id;
  record.kind = input.kind;
  record.served_on = identity::FormatDate(served);
  record.minutes = input.minutes;
  record.note = input.note;
  record.recorded_by_name = caller.name_for_people();
  record.created_at = clock_.NowMillis();
  // The audit detail names the kind and the facility, never the note.
  auto entry =
      caller.AuditEntry(audit::AuditAction::kCreate, kSubject, "",
                        person->first.substr(0, std::min<size_t>(person->first.size(), 12)),
                        "{\"kind\":\"" + std::string(kRehabKindNames.Name(input.kind)) +
                            "\",\"facility_id\":" + std::to_string(facility->id) +
                            ",\"resident_id\":" + std::to_string(input.resident_id) + "}",
                        record.created_at);
  return repository_.Insert(record, entry);
}

core::Result<core::Page<RehabRecord>> Rehabilitation::List(RehabQuery query, const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  const core::Scope health = caller.ScopeFor(Permission::kCareHealth);
  if (query.kind == RehabKind::kMentalHealth && health.Empty()) {
    return core::Error::PermissionDenied("精神障碍社区康复记录仅健康联络员及民政干部可查看");
  }
  query.with_mental_health = !health.Empty();
  ASSIGN_OR_RETURN(auto page,
                   repository_.List(query, caller.ScopeFor(Permission::kCareRead), health));
  if (!page.items.empty()) {
    TRY(audit_.Append(caller.AuditEntry(audit::AuditAction::kRead, kSubject, "list",
                                        query.place_prefix, audit::IdsDetail(page.items),
                                        clock_.NowMillis())));
  }
  return page;
}

core::Result<int64_t> Rehabilitation::SeedSynthetic(uint64_t seed) {
  ASSIGN_OR_RETURN(auto today, identity::ParseDate(Today()));
  const int64_t today_days = identity::DaysFromCivil(today);
  int64_t written = 0;
  for (int back : {75, 45, 15}) {
    const std::string day = identity::FormatDate(identity::CivilFromDays(today_days - back));
    ASSIGN_OR_RETURN(int64_t n,
                     repository_.InsertSynthetic(day, 60, seed + static_cast<uint64_t>(back),
                                                 clock_.NowMillis()));
    written += n;
  }
  return written;
}

}  // namespace linli::care

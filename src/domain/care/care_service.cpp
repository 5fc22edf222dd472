#include "domain/care/care_service.hpp"

#include <algorithm>
#include <set>

#include "core/division_code.hpp"
#include "core/identity/date.hpp"
#include "core/text.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::care {

namespace {

using access::Caller;
using access::Permission;

constexpr size_t kMaxNoteCharacters = 500;
constexpr size_t kMaxNeedCharacters = 200;
constexpr size_t kMaxNeedsPerVisit = 10;
constexpr const char* kArchiveSubject = "care_archive";
constexpr const char* kVisitSubject = "care_visit";
constexpr const char* kNeedSubject = "care_need";

std::optional<Permission> RestrictedPermission(Restriction restriction) {
  switch (restriction) {
    case Restriction::kNone:
      return std::nullopt;
    case Restriction::kMinors:
      return Permission::kCareMinors;
    case Restriction::kHealth:
      return Permission::kCareHealth;
  }
  return std::nullopt;
}

// The division code a place code belongs to for audit views (a grid's community).
std::string DivisionOf(std::string_view place) {
  return std::string(place.substr(0, std::min<size_t>(place.size(), 12)));
}

core::Result<std::string> CheckedDate(std::string_view text, std::string_view field,
                                      const std::string& today) {
  auto date = identity::ParseDate(text, field);
  if (!date.ok()) {
    return core::Error::Validation(std::string(field) + " 应为 YYYY-MM-DD 格式的日期",
                                   std::string(field));
  }
  if (std::string(text) > today) {
    return core::Error::Validation(std::string(field) + " 不能晚于今天", std::string(field));
  }
  return std::string(text);
}

core::Status CheckPlainText(std::string_view text, std::string_view field, size_t max,
                            bool required) {
  TRY(core::CheckText(text, field, core::TextRule::kMultiLine));
  if (required && text.empty()) {
    return core::Error::Validation(std::string(field) + " 不能为空", std::string(field));
  }
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation(
        std::string(field) + " 不能超过 " + std::to_string(max) + " 个字符", std::string(field));
  }
  return core::Ok();
}

// A place filter: "" (the scope) or a division or grid code.
core::Status CheckPlace(std::string_view place) {
  if (!place.empty() && !core::LevelOfCode(place)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  return core::Ok();
}

core::Result<std::string> CheckedMonth(std::string_view month) {
  if (month.size() != 7 || !MonthIndex(month)) {
    return core::Error::InvalidArgument("month 应为 YYYY-MM 格式", "month");
  }
  return std::string(month);
}

void Add(ComplianceCounts& into, const ComplianceCounts& counts) {
  into.planned += counts.planned;
  into.on_time += counts.on_time;
  into.late += counts.late;
  into.missed += counts.missed;
  into.due += counts.due;
}

}  // namespace

CareService::CareService(CareRepository& repository, people::PeopleRepository& people,
                         audit::AuditLog& audit, notifications::Notifier& notifier,
                         Categories categories, const core::Clock& clock, core::FileStore* photos,
                         NeedReferrals* referrals)
    : repository_(repository),
      people_(people),
      audit_(audit),
      notifier_(notifier),
      categories_(std::move(categories)),
      clock_(clock),
      photos_(photos),
      referrals_(referrals) {}

std::string CareService::Today() const {
  return calendar::ChinaDateOf(clock_.NowMillis()).ToString();
}

std::string CareService::ThisMonth() const { return Today().substr(0, 7); }

std::vector<const Category*> CareService::ReadableAt(std::string_view place,
                                                     const Caller& caller) const {
  std::vector<const Category*> out;
  for (const auto& category : categories_.categories) {
    const auto permission = RestrictedPermission(category.restricted);
    if (!permission) {
      out.push_back(&category);
      continue;
    }
    const core::Scope scope = caller.ScopeFor(*permission);
    if (scope.all) {
      out.push_back(&category);
      continue;
    }
    // No place: the caller's whole reading scope must be covered.
    const core::Scope reading = caller.ScopeFor(Permission::kCareRead);
    const bool covered =
        place.empty() ? !reading.all && !reading.prefixes.empty() &&
                            std::all_of(reading.prefixes.begin(), reading.prefixes.end(),
                                        [&](const std::string& p) { return scope.Covers(p); })
                      : scope.Covers(place);
    if (covered) out.push_back(&category);
  }
  return out;
}

core::Status CareService::CheckCategoryAccess(const Category& category, std::string_view place,
                                              const Caller& caller) const {
  const auto permission = RestrictedPermission(category.restricted);
  if (!permission) return core::Ok();
  if (!caller.ScopeFor(*permission).Covers(place)) {
    return core::Error::NotFound("档案不存在");
  }
  return core::Ok();
}

core::Result<Archive> CareService::FindArchive(int64_t id, const Caller& caller,
                                               Permission permission) {
  ASSIGN_OR_RETURN(auto found, repository_.FindArchive(id, caller.ScopeFor(permission)));
  if (!found) return core::Error::NotFound("档案不存在");
  const Category* category = categories_.Find(found->category);
  if (category == nullptr) return core::Error::NotFound("档案不存在");
  TRY(CheckCategoryAccess(*category, found->place_code, caller));
  return *found;
}

core::Result<std::optional<std::string>> CareService::CheckWorker(std::optional<int64_t> account_id,
                                                                  std::string_view place,
                                                                  std::string_view field) {
  if (!account_id) return std::optional<std::string>();
  ASSIGN_OR_RETURN(auto name, repository_.WorkerAt(*account_id, place));
  if (!name) {
    return core::Error::Validation("该账号不存在、已停用或不负责此地", std::string(field));
  }
  return name;
}

core::Result<core::Page<Archive>> CareService::ListArchives(const ArchiveFilter& filter,
                                                            const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kCareRead);
  TRY(CheckPlace(filter.place));
  // A place outside the scope lists nothing (as every list does).
  if (!filter.place.empty() && !scope.Intersects(filter.place)) return core::Page<Archive>{};
  ArchiveQuery query;
  query.place_prefix = filter.place;
  query.status = filter.status;
  query.resident_id = filter.resident_id;
  query.name = filter.name;
  query.deceased_only = filter.deceased_only;
  query.page = filter.page;
  TRY(CheckPlainText(filter.name, "name", 20, false));
  if (!filter.category.empty() && categories_.Find(filter.category) == nullptr) {
    return core::Error::InvalidArgument("未知类别：" + filter.category, "category");
  }
  // A restricted category is listed only where the caller's permission covers the whole place
  // asked for (its widest scope when none is given).
  for (const Category* category : ReadableAt(filter.place, caller)) {
    if (!filter.category.empty() && category->code != filter.category) continue;
    if (!filter.group.empty() && category->group != filter.group) continue;
    query.categories.push_back(category->code);
  }
  if (query.categories.empty()) return core::Page<Archive>{};
  ASSIGN_OR_RETURN(auto page, repository_.ListArchives(query, scope));
  if (!page.items.empty()) {
    TRY(audit_.Append(caller.AuditEntry(audit::AuditAction::kRead, kArchiveSubject, "list",
                                        DivisionOf(filter.place), audit::IdsDetail(page.items),
                                        clock_.NowMillis())));
  }
  return page;
}

core::Result<ArchiveDetail> CareService::GetArchive(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto archive, FindArchive(id, caller, Permission::kCareRead));
  ArchiveDetail detail;
  VisitQuery query;
  query.archive_id = id;
  query.page.limit = 24;
  ASSIGN_OR_RETURN(auto visits, repository_.ListVisits(query, core::Scope::Everything()));
  detail.visits = std::move(visits.items);
  TRY(audit_.Append(caller.AuditEntry(audit::AuditAction::kRead, kArchiveSubject,
                                      std::to_string(id), DivisionOf(archive.place_code), "{}",
                                      clock_.NowMillis())));
  detail.archive = std::move(archive);
  return detail;
}

core::Result<Archive> CareService::OpenArchive(const NewArchive& input, const Caller& caller) {
  const Category* category = categories_.Find(input.category);
  if (category == nullptr) {
    return core::Error::Validation("未知类别：" + input.category, "category");
  }
  ASSIGN_OR_RETURN(auto resident, repository_.ResidentPlace(
                                      input.resident_id, caller.ScopeFor(Permission::kCareManage)));
  if (!resident) return core::Error::NotFound("居民不存在或不在管辖范围内");
  const std::string& place = resident->first;
  if (RestrictedPermission(category->restricted) &&
      !caller.ScopeFor(*RestrictedPermission(category->restricted)).Covers(place)) {
    return core::Error::PermissionDenied(
        category->name + "档案需要" + std::string(kRestrictionNames.Label(category->restricted)) +
            "权限",
        "category");
  }
  const std::string today = Today();
  Archive archive;
  archive.resident_id = input.resident_id;
  archive.category = category->code;
  ASSIGN_OR_RETURN(archive.fields, CheckFields(*category, input.fields));
  if (input.opened_on.empty()) {
    archive.opened_on = today;
  } else {
    ASSIGN_OR_RETURN(archive.opened_on, CheckedDate(input.opened_on, "opened_on", today));
  }
  if (input.review_on.empty()) {
    archive.review_on = AddMonthsToDate(archive.opened_on, category->review_months);
  } else {
    if (!identity::ParseDate(input.review_on).ok() || input.review_on < archive.opened_on) {
      return core::Error::Validation("review_on 应为建档之后的日期", "review_on");
    }
    archive.review_on = input.review_on;
  }
  ASSIGN_OR_RETURN(auto responsible, CheckWorker(input.responsible_id, place, "responsible_id"));
  archive.responsible_id = input.responsible_id;
  archive.responsible_name = responsible.value_or("");
  archive.visit_anchor = *MonthIndex(archive.opened_on);
  archive.created_by = caller.account_id();
  archive.created_by_name = caller.name_for_people();
  archive.created_at = archive.updated_at = clock_.NowMillis();
  auto entry =
      caller.AuditEntry(audit::AuditAction::kCreate, kArchiveSubject, "", DivisionOf(place),
                        "{\"category\":\"" + category->code +
                            "\",\"resident_id\":" + std::to_string(input.resident_id) + "}",
                        archive.created_at);
  ASSIGN_OR_RETURN(auto stored, repository_.InsertArchive(archive, entry));
  stored.place_code = place;
  stored.resident_name = resident->second;
  return stored;
}

core::Result<Archive> CareService::UpdateArchive(int64_t id, const ArchivePatch& patch,
                                                 const Caller& caller) {
  ASSIGN_OR_RETURN(auto archive, FindArchive(id, caller, Permission::kCareManage));
  if (archive.status != ArchiveStatus::kOpen) {
    return core::Error::FailedPrecondition("档案已关档，不能修改");
  }
  const Category& category = *categories_.Find(archive.category);
  std::string changed;
  if (patch.fields) {
    ASSIGN_OR_RETURN(archive.fields, CheckFields(category, *patch.fields));
    changed += "\"fields\"";
  }
  if (patch.responsible_id) {
    ASSIGN_OR_RETURN(auto name,
                     CheckWorker(*patch.responsible_id, archive.place_code, "responsible_id"));
    archive.responsible_id = *patch.responsible_id;
    archive.responsible_name = name.value_or("");
    changed += std::string(changed.empty() ? "" : ",") + "\"responsible_id\"";
  }
  if (patch.review_on) {
    if (!identity::ParseDate(*patch.review_on).ok() || *patch.review_on < archive.opened_on) {
      return core::Error::Validation("review_on 应为建档之后的日期", "review_on");
    }
    archive.review_on = *patch.review_on;
    changed += std::string(changed.empty() ? "" : ",") + "\"review_on\"";
  }
  archive.updated_at = clock_.NowMillis();
  TRY(repository_.UpdateArchive(
      archive, caller.AuditEntry(audit::AuditAction::kUpdate, kArchiveSubject, std::to_string(id),
                                 DivisionOf(archive.place_code), "{\"changed\":[" + changed + "]}",
                                 archive.updated_at)));
  return archive;
}

core::Result<Archive> CareService::CloseArchive(int64_t id, std::string_view closed_on,
                                                std::string_view reason, const Caller& caller) {
  ASSIGN_OR_RETURN(auto archive, FindArchive(id, caller, Permission::kCareManage));
  TRY(CheckPlainText(reason, "reason", kMaxNoteCharacters, true));
  const std::string today = Today();
  std::string date = today;
  if (!closed_on.empty()) {
    ASSIGN_OR_RETURN(date, CheckedDate(closed_on, "closed_on", today));
  }
  if (date < archive.opened_on) {
    return core::Error::Validation("closed_on 不能早于建档日期", "closed_on");
  }
  if (archive.status != ArchiveStatus::kOpen) return core::Error::FailedPrecondition("档案已关档");
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(
      bool closed,
      repository_.CloseArchive(
          id, date, reason, now,
          caller.AuditEntry(audit::AuditAction::kUpdate, kArchiveSubject, std::to_string(id),
                            DivisionOf(archive.place_code), "{\"action\":\"close\"}", now)));
  if (!closed) return core::Error::FailedPrecondition("档案已关档");
  archive.status = ArchiveStatus::kClosed;
  archive.closed_on = date;
  archive.close_reason = std::string(reason);
  archive.updated_at = now;
  return archive;
}

core::Result<core::Page<Visit>> CareService::ListVisits(const VisitFilter& filter,
                                                        const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kCareRead);
  TRY(CheckPlace(filter.place));
  if (!filter.place.empty() && !scope.Intersects(filter.place)) return core::Page<Visit>{};
  VisitQuery query;
  query.place_prefix = filter.place;
  if (filter.month.empty()) {
    query.month = ThisMonth();
  } else {
    ASSIGN_OR_RETURN(query.month, CheckedMonth(filter.month));
  }
  if (filter.mine) query.assignee_id = caller.account_id();
  query.status = filter.status;
  query.page = filter.page;
  for (const Category* category : ReadableAt(filter.place, caller)) {
    if (category->visit_every_months > 0) query.categories.push_back(category->code);
  }
  if (query.categories.empty()) return core::Page<Visit>{};
  return repository_.ListVisits(query, scope);
}

core::Result<std::vector<Need>> CareService::NeedsOf(const std::vector<NeedInput>& inputs,
                                                     int64_t resident_id,
                                                     const std::string& place_code,
                                                     const Caller& caller, int64_t now) {
  if (inputs.size() > kMaxNeedsPerVisit) {
    return core::Error::Validation("一次最多记录 10 项需求", "needs");
  }
  std::vector<Need> needs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string field = "needs[" + std::to_string(i) + "]";
    TRY(CheckPlainText(inputs[i].what, field + ".what", kMaxNeedCharacters, true));
    if (!inputs[i].due_on.empty() && !identity::ParseDate(inputs[i].due_on).ok()) {
      return core::Error::Validation("due_on 应为 YYYY-MM-DD 格式的日期", field + ".due_on");
    }
    Need need;
    need.resident_id = resident_id;
    need.place_code = place_code;
    need.what = inputs[i].what;
    need.urgency = inputs[i].urgency;
    need.due_on = inputs[i].due_on;
    need.created_by = caller.account_id();
    need.created_by_name = caller.name_for_people();
    need.created_at = need.updated_at = now;
    needs.push_back(std::move(need));
  }
  return needs;
}

core::Result<std::pair<Visit, std::vector<int64_t>>> CareService::RecordVisit(
    int64_t id, const VisitRecordInput& input, const Caller& caller) {
  ASSIGN_OR_RETURN(auto found, FindVisit(id, caller, Permission::kCareVisit));
  auto& [visit, category] = found;
  if (visit.status != VisitStatus::kDue && visit.status != VisitStatus::kMissed) {
    return core::Error::FailedPrecondition(
        "走访任务" + std::string(kVisitStatusNames.Label(visit.status)) + "，不能再记录");
  }
  const std::string today = Today();
  if (input.visited_on.empty()) {
    visit.visited_on = today;
  } else {
    ASSIGN_OR_RETURN(visit.visited_on, CheckedDate(input.visited_on, "visited_on", today));
  }
  if (visit.visited_on.substr(0, 7) < visit.month) {
    return core::Error::Validation("visited_on 不能早于走访月份", "visited_on");
  }
  for (const auto& [item, fine] : input.findings) {
    if (std::find(category->checklist.begin(), category->checklist.end(), item) ==
        category->checklist.end()) {
      return core::Error::Validation("走访清单没有此项：" + item, "findings");
    }
  }
  TRY(CheckPlainText(input.note, "note", kMaxNoteCharacters, false));
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto needs,
                   NeedsOf(input.needs, visit.resident_id, visit.place_code, caller, now));
  visit.status = VisitStatus::kDone;
  visit.mode = input.mode;
  visit.findings = input.findings;
  visit.note = input.note;
  visit.late = visit.visited_on.substr(0, 7) > visit.month;
  visit.recorded_by = caller.account_id();
  visit.recorded_by_name = caller.name_for_people();
  visit.recorded_at = now;
  for (auto& need : needs) need.visit_id = id;
  ASSIGN_OR_RETURN(
      auto need_ids,
      repository_.RecordVisit(
          visit, needs,
          caller.AuditEntry(
              audit::AuditAction::kUpdate, kVisitSubject, std::to_string(id),
              DivisionOf(visit.place_code),
              "{\"action\":\"record\",\"needs\":" + std::to_string(needs.size()) + "}", now)));
  if (!need_ids) return core::Error::FailedPrecondition("走访任务已被他人记录");
  ASSIGN_OR_RETURN(auto stored, repository_.FindVisit(id, core::Scope::Everything()));
  return std::make_pair(stored.value_or(visit), std::move(*need_ids));
}

core::Result<Visit> CareService::AssignVisit(int64_t id, std::optional<int64_t> assignee_id,
                                             const Caller& caller) {
  ASSIGN_OR_RETURN(auto found, FindVisit(id, caller, Permission::kCareManage));
  Visit& visit = found.first;
  if (visit.status != VisitStatus::kDue && visit.status != VisitStatus::kMissed) {
    return core::Error::FailedPrecondition("只能分派待走访或逾期的任务");
  }
  ASSIGN_OR_RETURN(auto name, CheckWorker(assignee_id, visit.place_code, "assignee_id"));
  TRY(repository_.AssignVisit(id, assignee_id, name.value_or(""),
                              caller.AuditEntry(audit::AuditAction::kUpdate, kVisitSubject,
                                                std::to_string(id), DivisionOf(visit.place_code),
                                                "{\"action\":\"assign\"}", clock_.NowMillis())));
  visit.assignee_id = assignee_id;
  visit.assignee_name = name.value_or("");
  return visit;
}

core::Result<ComplianceReport> CareService::Compliance(std::string_view place,
                                                       std::string_view month,
                                                       const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kCareRead);
  const auto level = core::LevelOfCode(place);
  if (!level) return core::Error::InvalidArgument("地区代码格式不正确", "place");
  if (!scope.Intersects(place)) return core::Error::NotFound("地区不存在或不在管辖范围内");
  ComplianceReport report;
  report.place_code = std::string(place);
  if (month.empty()) {
    report.month = ThisMonth();
  } else {
    ASSIGN_OR_RETURN(report.month, CheckedMonth(month));
  }
  std::vector<std::string> categories;
  for (const Category* category : ReadableAt(place, caller)) {
    if (category->visit_every_months > 0) categories.push_back(category->code);
  }
  if (categories.empty()) return report;
  // The level below: county 6, town 9, community 12, grid 15 characters.
  const size_t length = place.size() >= 12 ? 15 : place.size() + (place.size() < 6 ? 2 : 3);
  if (place.size() < 15) {
    ASSIGN_OR_RETURN(report.places, repository_.Compliance(report.month, report.place_code, length,
                                                           false, categories, scope));
  }
  if (place.size() >= 12) {
    ASSIGN_OR_RETURN(report.workers, repository_.Compliance(report.month, report.place_code, 0,
                                                            true, categories, scope));
  }
  for (const auto& row : place.size() < 15 ? report.places : report.workers) {
    Add(report.total, row.counts);
  }
  return report;
}

core::Result<std::vector<Need>> CareService::ListNeeds(const std::string& place,
                                                       std::optional<NeedStatus> status, bool mine,
                                                       const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kCareRead);
  TRY(CheckPlace(place));
  if (!place.empty() && !scope.Intersects(place)) return std::vector<Need>();
  NeedQuery query;
  query.place_prefix = place;
  query.status = status;
  query.limit = 1000;
  if (mine) query.assignee_id = caller.account_id();
  return repository_.ListNeeds(query, scope);
}

core::Result<Need> CareService::CreateNeed(const NewNeed& input, const Caller& caller) {
  ASSIGN_OR_RETURN(auto resident, repository_.ResidentPlace(
                                      input.resident_id, caller.ScopeFor(Permission::kCareVisit)));
  if (!resident) return core::Error::NotFound("居民不存在或不在管辖范围内");
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto needs,
                   NeedsOf({input.need}, input.resident_id, resident->first, caller, now));
  ASSIGN_OR_RETURN(auto stored, repository_.InsertNeed(
                                    needs.front(),
                                    caller.AuditEntry(audit::AuditAction::kCreate, kNeedSubject, "",
                                                      DivisionOf(resident->first), "{}", now)));
  stored.resident_name = resident->second;
  return stored;
}

core::Result<Need> CareService::AssignNeed(int64_t id, int64_t assignee_id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto need, repository_.FindNeed(id, caller.ScopeFor(Permission::kCareManage)));
  if (!need) return core::Error::NotFound("需求不存在");
  if (need->status == NeedStatus::kClosed) return core::Error::FailedPrecondition("需求已办结");
  ASSIGN_OR_RETURN(auto name, CheckWorker(assignee_id, need->place_code, "assignee_id"));
  need->assignee_id = assignee_id;
  need->assignee_name = name.value_or("");
  need->status = NeedStatus::kAssigned;
  need->updated_at = clock_.NowMillis();
  TRY(repository_.UpdateNeed(
      *need, caller.AuditEntry(audit::AuditAction::kUpdate, kNeedSubject, std::to_string(id),
                               DivisionOf(need->place_code), "{\"action\":\"assign\"}",
                               need->updated_at)));
  return *need;
}

core::Result<Need> CareService::CloseNeed(int64_t id, std::string_view outcome,
                                          const Caller& caller) {
  ASSIGN_OR_RETURN(auto need, repository_.FindNeed(id, caller.ScopeFor(Permission::kCareVisit)));
  if (!need) return core::Error::NotFound("需求不存在");
  if (need->status == NeedStatus::kClosed) return core::Error::FailedPrecondition("需求已办结");
  TRY(CheckPlainText(outcome, "outcome", kMaxNoteCharacters, true));
  need->status = NeedStatus::kClosed;
  need->outcome = std::string(outcome);
  need->updated_at = clock_.NowMillis();
  TRY(repository_.UpdateNeed(
      *need,
      caller.AuditEntry(audit::AuditAction::kUpdate, kNeedSubject, std::to_string(id),
                        DivisionOf(need->place_code), "{\"action\":\"close\"}", need->updated_at)));
  return *need;
}

core::Result<std::pair<Visit, const Category*>> CareService::FindVisit(int64_t id,
                                                                       const Caller& caller,
                                                                       Permission permission) {
  ASSIGN_OR_RETURN(auto found, repository_.FindVisit(id, caller.ScopeFor(permission)));
  if (!found) return core::Error::NotFound("走访任务不存在");
  const Category* category = categories_.Find(found->category);
  if (category == nullptr) return core::Error::NotFound("走访任务不存在");
  TRY(CheckCategoryAccess(*category, found->place_code, caller));
  return std::make_pair(std::move(*found), category);
}

core::Result<VisitDetail> CareService::GetVisit(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto found, FindVisit(id, caller, Permission::kCareRead));
  VisitDetail detail;
  detail.visit = std::move(found.first);
  ASSIGN_OR_RETURN(detail.photos, repository_.ListVisitPhotos(id));
  NeedQuery query;
  query.visit_id = id;
  query.limit = kMaxNeedsPerVisit;
  ASSIGN_OR_RETURN(detail.needs, repository_.ListNeeds(query, core::Scope::Everything()));
  return detail;
}

core::Result<VisitPhoto> CareService::AddVisitPhoto(int64_t visit_id, std::string_view bytes,
                                                    const Caller& caller) {
  if (photos_ == nullptr) return core::Error::FailedPrecondition("未配置走访照片的存储位置");
  ASSIGN_OR_RETURN(auto found, FindVisit(visit_id, caller, Permission::kCareVisit));
  const Visit& visit = found.first;
  if (visit.status != VisitStatus::kDone) {
    return core::Error::FailedPrecondition("请先记录走访，再上传照片");
  }
  if (bytes.empty()) return core::Error::InvalidArgument("请上传照片（作为请求体）", "file");
  if (bytes.size() > kMaxVisitPhotoBytes) {
    return core::Error::PayloadTooLarge(
        "照片过大（最多 " + std::to_string(kMaxVisitPhotoBytes / 1024 / 1024) + " MiB）", "file");
  }
  const std::string_view type = core::SniffImageType(bytes);
  if (type.empty()) {
    return core::Error::Validation("照片须为 JPEG 或 PNG 图片（按文件内容识别）", "file");
  }
  ASSIGN_OR_RETURN(auto existing, repository_.ListVisitPhotos(visit_id));
  const auto full = [] {
    return core::Error::FailedPrecondition("每次走访最多 " + std::to_string(kMaxVisitPhotos) +
                                           " 张照片");
  };
  if (static_cast<int>(existing.size()) >= kMaxVisitPhotos) return full();
  ASSIGN_OR_RETURN(std::string name, photos_->Save(bytes));
  VisitPhoto photo;
  photo.visit_id = visit_id;
  photo.content_type = std::string(type);
  photo.byte_size = static_cast<int64_t>(bytes.size());
  photo.storage_name = name;
  photo.created_by = caller.account_id();
  photo.created_by_name = caller.name_for_people();
  photo.created_at = clock_.NowMillis();
  auto stored = repository_.InsertVisitPhoto(
      photo, kMaxVisitPhotos,
      caller.AuditEntry(audit::AuditAction::kUpdate, kVisitSubject, std::to_string(visit_id),
                        DivisionOf(visit.place_code), "{\"action\":\"photo\"}", photo.created_at));
  if (!stored.ok() || !*stored) photos_->Remove(name);  // nothing half-written stays behind
  if (!stored.ok()) return stored.error();
  if (!*stored) return full();
  return std::move(**stored);
}

core::Result<std::pair<VisitPhoto, std::string>> CareService::VisitPhotoBytes(
    int64_t visit_id, int64_t photo_id, const Caller& caller) {
  if (photos_ == nullptr) return core::Error::NotFound("照片不存在");
  ASSIGN_OR_RETURN(auto found, FindVisit(visit_id, caller, Permission::kCareRead));
  ASSIGN_OR_RETURN(auto photos, repository_.ListVisitPhotos(visit_id));
  for (auto& photo : photos) {
    if (photo.id != photo_id) continue;
    ASSIGN_OR_RETURN(std::string bytes, photos_->Read(photo.storage_name));
    TRY(audit_.Append(
        caller.AuditEntry(audit::AuditAction::kRead, kVisitSubject, std::to_string(visit_id),
                          DivisionOf(found.first.place_code),
                          "{\"photo_id\":" + std::to_string(photo_id) +
                              ",\"resident_id\":" + std::to_string(found.first.resident_id) + "}",
                          clock_.NowMillis())));
    return std::make_pair(std::move(photo), std::move(bytes));
  }
  return core::Error::NotFound("照片不存在");
}

core::Result<Need> CareService::ReferNeed(int64_t id, const NeedReferral& referral,
                                          const Caller& caller) {
  if (referrals_ == nullptr) return core::Error::FailedPrecondition("未配置需求转办");
  ASSIGN_OR_RETURN(auto need, repository_.FindNeed(id, caller.ScopeFor(Permission::kCareVisit)));
  if (!need) return core::Error::NotFound("需求不存在");
  if (need->status == NeedStatus::kClosed) return core::Error::FailedPrecondition("需求已办结");
  if (need->event_id || need->request_id) {
    return core::Error::FailedPrecondition(
        need->event_id ? "需求已转为事件 #" + std::to_string(*need->event_id)
                       : "需求已转为服务申请 #" + std::to_string(*need->request_id));
  }
  if (referral.code.empty()) {
    return core::Error::Validation(
        referral.kind == ReferralKind::kEvent ? "请选择事件类别" : "请选择服务事项", "code");
  }
  TRY(CheckPlainText(referral.code, "code", 64, true));
  TRY(CheckPlainText(referral.handling_mode, "handling_mode", 32, false));
  // One key per need and kind: a retry after a failure below finds the record made before.
  const std::string key =
      "care-need-" + std::to_string(id) + "-" + std::string(kReferralKindNames.Name(referral.kind));
  if (referral.kind == ReferralKind::kEvent) {
    ASSIGN_OR_RETURN(int64_t event_id, referrals_->ReportEvent(*need, referral, key, caller));
    need->event_id = event_id;
  } else {
    ASSIGN_OR_RETURN(int64_t request_id, referrals_->FileRequest(*need, referral, key, caller));
    need->request_id = request_id;
  }
  need->status = NeedStatus::kAssigned;
  need->updated_at = clock_.NowMillis();
  TRY(repository_.UpdateNeed(
      *need, caller.AuditEntry(audit::AuditAction::kUpdate, kNeedSubject, std::to_string(id),
                               DivisionOf(need->place_code),
                               "{\"action\":\"refer\",\"to\":\"" +
                                   std::string(kReferralKindNames.Name(referral.kind)) + "\"}",
                               need->updated_at)));
  return *need;
}

core::Result<int64_t> CareService::CloseFinishedReferrals() {
  if (referrals_ == nullptr) return int64_t{0};
  NeedQuery query;
  query.status = NeedStatus::kAssigned;
  query.referred = true;
  query.limit = 500;
  int64_t closed = 0;
  while (true) {
    ASSIGN_OR_RETURN(auto page, repository_.ListNeeds(query, core::Scope::Everything()));
    for (Need& need : page) {
      ASSIGN_OR_RETURN(auto outcome, referrals_->FinishedOutcome(need));
      if (!outcome) continue;
      need.status = NeedStatus::kClosed;
      need.outcome = std::move(*outcome);
      need.updated_at = clock_.NowMillis();
      TRY(repository_.UpdateNeed(
          need, Caller::System().AuditEntry(audit::AuditAction::kUpdate, kNeedSubject,
                                            std::to_string(need.id), DivisionOf(need.place_code),
                                            "{\"action\":\"close\",\"by\":\"referral\"}",
                                            need.updated_at)));
      ++closed;
    }
    if (page.size() < query.limit) break;
    query.below_id = page.back().id;
  }
  return closed;
}

core::Result<int64_t> CareService::PlanMonth(std::string_view month) {
  ASSIGN_OR_RETURN(auto checked, CheckedMonth(month));
  return repository_.PlanVisits(checked, categories_.categories, clock_.NowMillis());
}

core::Result<MonthClose> CareService::CloseMonth(std::string_view month) {
  ASSIGN_OR_RETURN(auto checked, CheckedMonth(month));
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto missed, repository_.MarkMissed(checked, now));
  MonthClose close;
  std::vector<notifications::Notice> notices;
  std::map<std::string, int64_t> by_town;
  for (const auto& [community, count] : missed) {
    close.missed += count;
    by_town[community.substr(0, 9)] += count;
    ASSIGN_OR_RETURN(auto workers,
                     repository_.AccountsWithGrant(access::Role::kCommunityWorker, community));
    for (int64_t account : workers) {
      notices.push_back(
          {account, "care_visit_missed",
           checked + " 有 " + std::to_string(count) + " 户关爱对象未按期走访，请尽快补访",
           std::nullopt, false, now});
    }
  }
  for (const auto& [town, count] : by_town) {
    ASSIGN_OR_RETURN(auto officials,
                     repository_.AccountsWithGrant(access::Role::kTownOfficial, town));
    for (int64_t account : officials) {
      notices.push_back({account, "care_visit_missed",
                         checked + " 辖区内有 " + std::to_string(count) + " 次关爱走访逾期未完成",
                         std::nullopt, false, now});
    }
  }
  close.notices = static_cast<int64_t>(notices.size());
  if (!notices.empty()) TRY(notifier_.Post(std::move(notices)));
  return close;
}

core::Result<std::vector<MonthlyVisitFigures>> CareService::MonthlyFigures(
    std::string_view month, const std::vector<std::string>& categories) {
  return repository_.MonthlyFigures(month, categories);
}

core::Result<int64_t> CareService::SeedSynthetic(const std::vector<std::string>& communities,
                                                 uint64_t seed, int months) {
  const int64_t now = clock_.NowMillis();
  const std::string today = Today();
  const int current = *MonthIndex(today);
  // Archives opened when the history starts, so that every month of it has its plan.
  const std::string opened = MonthOfIndex(current - months + 1) + "-01";
  audit::AuditEntry entry = Caller::System().AuditEntry(
      audit::AuditAction::kImport, kArchiveSubject, "synthetic", "", "{\"synthetic\":true}", now);
  ASSIGN_OR_RETURN(int64_t written, repository_.OpenFromTags(communities, categories_.categories,
                                                             opened, true, now, entry));
  if (written == 0) return int64_t{0};
  for (int index = current - months + 1; index <= current; ++index) {
    const std::string month = MonthOfIndex(index);
    TRY(repository_.PlanVisits(month, categories_.categories, now));
    if (index < current) {
      TRY(repository_.SettleSyntheticMonth(month, seed, 0.93, now));
      TRY(repository_.MarkMissed(month, now));
    }
  }
  return written;
}

core::Result<scheduler::Job> VisitPlanJob(CareService& service) {
  scheduler::Job job;
  job.name = std::string(kVisitPlanJobName);
  job.title = "生成每月关爱走访计划（并结清上月逾期）";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::MonthlyOn(1, 0, 30));
  job.catch_up = scheduler::CatchUp::kReplay;
  job.lease_ms = 30 * 60 * 1000;
  job.retry_after_ms = 10 * 60 * 1000;
  job.run = [&service](int64_t scheduled_at) -> core::Status {
    const std::string month = indicators::PeriodOf(scheduled_at);
    const int index = *MonthIndex(month);
    TRY(service.CloseMonth(MonthOfIndex(index - 1)));
    TRY(service.PlanMonth(month));
    return core::Ok();
  };
  return job;
}

core::Result<scheduler::Job> ReferralCloseJob(CareService& service) {
  scheduler::Job job;
  job.name = std::string(kReferralCloseJobName);
  job.title = "转办的关爱需求随事件、服务申请办结";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::EveryMinutes(30));
  job.run = [&service](int64_t) -> core::Status {
    TRY(service.CloseFinishedReferrals());
    return core::Ok();
  };
  return job;
}

core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry, CareService& care,
                                      EligibilityService& eligibility) {
  TRY(registry.Register(
      {"care",
       {"C2c"},
       [&care](
           std::string_view period, const indicators::PeriodSpan&,
           const indicators::PlaceIndex&) -> core::Result<std::vector<indicators::Measurement>> {
         ASSIGN_OR_RETURN(auto figures,
                          care.MonthlyFigures(period, {"elderly_special_difficulty"}));
         std::vector<indicators::Measurement> out;
         out.reserve(figures.size());
         for (const auto& row : figures) {
           out.push_back({"C2c", row.community_code, static_cast<double>(row.visited),
                          static_cast<double>(row.planned), ""});
         }
         return out;
       }}));
  return registry.Register(
      {"care",
       {"C1"},
       [&care, &eligibility](std::string_view period, const indicators::PeriodSpan&,
                             const indicators::PlaceIndex& places)
           -> core::Result<std::vector<indicators::Measurement>> {
         const DiscoveryRule& rule = care.categories().discovery;
         ASSIGN_OR_RETURN(auto visits,
                          care.MonthlyFigures(period, care.categories().VisitedIn(rule.groups)));
         ASSIGN_OR_RETURN(auto contacts, eligibility.ContactFiguresOf(period, rule.finding_days));
         std::map<std::string, DiscoveryFigures, std::less<>> by_community;
         for (const auto& row : visits) {
           auto& figures = by_community[row.community_code];
           figures.visits_due = row.planned;
           figures.visits_on_time = row.visited;
         }
         for (const auto& row : contacts) {
           auto& figures = by_community[row.community_code];
           figures.findings_due = row.due;
           figures.findings_with_outcome = row.with_outcome;
         }
         std::vector<indicators::Measurement> out;
         for (const auto& [code, place] : places) {
           if (place.level != core::DivisionLevel::kCommunity) continue;
           const auto it = by_community.find(code);
           const bool met = it != by_community.end() && HasDiscoveryMechanism(rule, it->second);
           out.push_back({"C1", code, met ? 1.0 : 0.0, 1.0, ""});
         }
         return out;
       }});
}

}  // namespace linli::care

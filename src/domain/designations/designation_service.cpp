#include "domain/designations/designation_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/files.hpp"
#include "core/identity/date.hpp"
#include "core/text.hpp"

namespace linli::designations {

namespace {

using access::Caller;
using access::Permission;
using indicators::DesignationKind;

bool IsDate(std::string_view text) { return identity::ParseDate(text).ok(); }

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

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

DesignationService::DesignationService(DesignationRepository& repository,
                                       indicators::IndicatorService& indicators,
                                       const core::Clock& clock)
    : repository_(repository), indicators_(indicators), clock_(clock) {}

const std::vector<DesignationKind>& DesignationService::Kinds() const {
  return indicators_.plan().designations;
}

core::Status DesignationService::CheckKindForCaller(const DesignationKind& kind,
                                                    const Caller& caller) const {
  // A department officer records the kinds counting an indicator of its department.
  bool department_only = true;
  std::string department;
  for (const auto& grant : caller.grants()) {
    const auto& permissions = access::RolePermissions(grant.role);
    if (std::find(permissions.begin(), permissions.end(), Permission::kIndicatorsReport) ==
        permissions.end()) {
      continue;
    }
    if (grant.role != access::Role::kDepartmentOfficer) department_only = false;
    department = grant.department;
  }
  if (!department_only || department.empty()) return core::Ok();
  for (const auto& id : kind.indicators) {
    const auto* indicator = indicators_.plan().Find(id);
    if (indicator != nullptr &&
        std::find(indicator->responsible.begin(), indicator->responsible.end(), department) !=
            indicator->responsible.end()) {
      return core::Ok();
    }
  }
  return core::Error::PermissionDenied("这类命名不计入" + department + "负责的指标", "kind");
}

core::Result<Designation> DesignationService::Create(const NewDesignation& input,
                                                     const Caller& caller) {
  const DesignationKind* kind = indicators_.plan().FindDesignation(input.kind);
  if (kind == nullptr) return core::Error::Validation("没有这类命名或试点", "kind");
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  const auto place = places->find(input.place_code);
  if (place == places->end() ||
      !caller.ScopeFor(Permission::kIndicatorsReport).Covers(input.place_code)) {
    return core::Error::NotFound("地区不存在或不在您的管辖范围内");
  }
  if (place->second.level != kind->level) {
    return core::Error::Validation(
        kind->name + "应命名到" +
            (kind->level == core::DivisionLevel::kTown     ? "乡镇（街道）"
             : kind->level == core::DivisionLevel::kCounty ? "县（市、区）"
                                                           : "村（社区）"),
        "place");
  }
  TRY(CheckKindForCaller(*kind, caller));
  TRY(CheckLine(input.title, "title", "名称", 100, true));
  if (!IsDate(input.designated_on)) {
    return core::Error::Validation("命名日期应为 YYYY-MM-DD", "designated_on");
  }
  const std::string today = indicators::LastDayOf(indicators_.CurrentPeriod());
  if (input.designated_on > today) {
    return core::Error::Validation("命名日期不能晚于今天", "designated_on");
  }
  TRY(CheckLine(input.approved_by, "approved_by", "批准单位", 60, true));
  const auto level = kApprovalLevelNames.From(input.approval_level);
  if (!level) {
    return core::Error::Validation("批准层级应为 national、province、city 或 county",
                                   "approval_level");
  }
  TRY(core::CheckText(input.note, "note", core::TextRule::kMultiLine));
  if (core::CodePointCount(input.note) > 500) {
    return core::Error::Validation("说明不能超过 500 字", "note");
  }
  const int64_t now = clock_.NowMillis();
  Designation designation;
  designation.kind = kind->kind;
  designation.place_code = place->first;
  designation.place_name = place->second.name;
  designation.title = input.title;
  designation.designated_on = input.designated_on;
  designation.approved_by = input.approved_by;
  designation.approval_level = *level;
  designation.note = input.note;
  designation.created_by = caller.account_id();
  designation.created_by_name = caller.name_for_people();
  designation.created_at = now;
  designation.updated_at = now;
  const DesignationEvent event{0,
                               "create",
                               kind->name + " · " + input.designated_on,
                               caller.account_id(),
                               caller.name_for_people(),
                               now};
  const auto entry = caller.AuditEntry(
      audit::AuditAction::kCreate, "designation", "", designation.place_code,
      "{\"kind\":" + Quoted(kind->kind) + ",\"designated_on\":" + Quoted(input.designated_on) + "}",
      now);
  return repository_.Insert(designation, event, entry);
}

core::Result<Designation> DesignationService::Find(int64_t id, const Caller& caller,
                                                   Permission permission) {
  ASSIGN_OR_RETURN(auto found, repository_.Find(id, caller.ScopeFor(permission)));
  if (!found) return core::Error::NotFound("命名记录不存在或不在您的管辖范围内");
  return *found;
}

core::Result<Designation> DesignationService::Revoke(int64_t id, std::string_view revoked_on,
                                                     std::string_view reason,
                                                     const Caller& caller) {
  ASSIGN_OR_RETURN(Designation designation, Find(id, caller, Permission::kIndicatorsReport));
  const DesignationKind* kind = indicators_.plan().FindDesignation(designation.kind);
  if (kind != nullptr) TRY(CheckKindForCaller(*kind, caller));
  if (!designation.revoked_on.empty()) {
    return core::Error::FailedPrecondition("该命名已于 " + designation.revoked_on + " 撤销");
  }
  if (!IsDate(revoked_on)) return core::Error::Validation("撤销日期应为 YYYY-MM-DD", "revoked_on");
  if (revoked_on < designation.designated_on) {
    return core::Error::Validation("撤销日期不能早于命名日期", "revoked_on");
  }
  if (revoked_on > indicators::LastDayOf(indicators_.CurrentPeriod())) {
    return core::Error::Validation("撤销日期不能晚于今天", "revoked_on");
  }
  if (reason.empty()) return core::Error::Validation("请写明撤销原因", "reason");
  TRY(core::CheckText(reason, "reason", core::TextRule::kMultiLine));
  if (core::CodePointCount(reason) > 500) {
    return core::Error::Validation("撤销原因不能超过 500 字", "reason");
  }
  const int64_t now = clock_.NowMillis();
  const DesignationEvent event{id,
                               "revoke",
                               std::string(revoked_on) + " · " + std::string(reason),
                               caller.account_id(),
                               caller.name_for_people(),
                               now};
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kUpdate, "designation", std::to_string(id),
                        designation.place_code, "{\"revoked_on\":" + Quoted(revoked_on) + "}", now);
  ASSIGN_OR_RETURN(bool revoked, repository_.Revoke(id, revoked_on, reason, now, event, entry));
  if (!revoked) return core::Error::FailedPrecondition("该命名刚被他人撤销");
  return Find(id, caller, Permission::kIndicatorsRead);
}

core::Result<Designation> DesignationService::AttachEvidence(int64_t id, std::string_view name,
                                                             std::string_view bytes,
                                                             const Caller& caller) {
  ASSIGN_OR_RETURN(Designation designation, Find(id, caller, Permission::kIndicatorsReport));
  if (bytes.empty()) return core::Error::Validation("文件是空的", "file");
  if (bytes.size() > kMaxEvidenceBytes) {
    return core::Error::PayloadTooLarge("证明文件不能超过 10 MB", "file");
  }
  const std::string type(core::SniffFileType(bytes));
  if (type.empty()) return core::Error::Validation("证明文件应为 PDF、PNG 或 JPEG", "file");
  const std::string file_name = name.empty() ? "证明文件" : std::string(name);
  TRY(CheckLine(file_name, "name", "文件名", 100, true));
  const int64_t now = clock_.NowMillis();
  const DesignationEvent event{
      id, "evidence", file_name, caller.account_id(), caller.name_for_people(), now};
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kUpdate, "designation", std::to_string(id),
                        designation.place_code, "{\"evidence\":" + Quoted(type) + "}", now);
  TRY(repository_.SetEvidence(id, file_name, type, bytes, now, event, entry));
  return Find(id, caller, Permission::kIndicatorsRead);
}

core::Result<Designation> DesignationService::Get(int64_t id, const Caller& caller) {
  return Find(id, caller, Permission::kIndicatorsRead);
}

core::Result<std::vector<DesignationEvent>> DesignationService::History(int64_t id,
                                                                        const Caller& caller) {
  TRY(Find(id, caller, Permission::kIndicatorsRead));
  return repository_.History(id);
}

core::Result<std::vector<Designation>> DesignationService::List(const DesignationQuery& query,
                                                                const Caller& caller) {
  if (!query.kind.empty() && indicators_.plan().FindDesignation(query.kind) == nullptr) {
    return core::Error::InvalidArgument("没有这类命名或试点", "kind");
  }
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  DesignationQuery bounded = query;
  bounded.limit = std::min<size_t>(query.limit == 0 ? 500 : query.limit, 1000);
  return repository_.List(bounded, caller.ScopeFor(Permission::kIndicatorsRead));
}

core::Result<EvidenceFile> DesignationService::Evidence(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(Designation designation, Find(id, caller, Permission::kIndicatorsRead));
  if (designation.evidence_name.empty()) return core::Error::NotFound("该命名没有上传证明文件");
  ASSIGN_OR_RETURN(std::string bytes, repository_.Evidence(id));
  return EvidenceFile{designation.evidence_name, designation.evidence_type, std::move(bytes)};
}

core::Result<int64_t> DesignationService::SeedSynthetic(const std::vector<std::string>& communities,
                                                        uint64_t seed) {
  DesignationQuery any;
  any.limit = 1;
  ASSIGN_OR_RETURN(auto existing, repository_.List(any, core::Scope::Everything()));
  if (!existing.empty()) return int64_t{0};
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  const int64_t now = clock_.NowMillis();
  std::vector<Designation> out;
  std::set<std::string> towns;
  size_t n = 0;
  for (const auto& code : communities) {
    towns.insert(code.substr(0, 9));
    const auto place = places->find(code);
    if (place == places->end()) continue;
    // A deterministic spread: about one community in three is child-friendly, one in four
    // 颐养 (urban ones), one in six has a 红色物业 point, one in ten a demonstration point.
    const uint64_t h = (seed * 1315423911ULL) ^ std::hash<std::string>{}(code);
    const auto add = [&](const char* kind, const std::string& title, int year, int month) {
      Designation d;
      d.kind = kind;
      d.place_code = code;
      d.title = title;
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02d-15", year, month);
      d.designated_on = date;
      d.approved_by = "扬州市民政局";
      d.approval_level = ApprovalLevel::kCity;
      d.note = "合成数据";
      d.created_by_name = "合成数据";
      d.created_at = now;
      d.updated_at = now;
      d.synthetic = true;
      out.push_back(std::move(d));
    };
    const int year = 2023 + static_cast<int>(h % 3);
    const int month = 1 + static_cast<int>((h >> 8) % 12);
    if ((h >> 16) % 3 == 0)
      add("child_friendly_community", place->second.name + "儿童友好示范社区", year, month);
    if (place->second.kind == "urban" && (h >> 20) % 4 == 0)
      add("yiyang_community", place->second.name + "颐养社区", year, month);
    if ((h >> 24) % 6 == 0)
      add("red_property_point", place->second.name + "红色物业党群服务阵地", year, month);
    if ((h >> 28) % 10 == 0)
      add("property_demonstration_point", place->second.name + "物业管理服务示范点", year, month);
    // Brand organisations and projects (A4e) are rare: about one community in 60 each.
    if ((h >> 32) % 60 == 0)
      add("brand_social_organisation", place->second.name + "邻里互助社", year, month);
    if ((h >> 38) % 60 == 0)
      add("brand_service_project", place->second.name + "“银龄互助”服务项目", year, month);
    if (++n == 1)
      add("disaster_reduction_community", place->second.name + "全国综合减灾示范社区", 2024, 5);
  }
  for (const auto& town : towns) {
    const auto place = places->find(town);
    if (place == places->end()) continue;
    Designation d;
    d.kind = "remote_notarisation_town";
    d.place_code = town;
    d.title = place->second.name + "远程公证服务试点";
    d.designated_on = "2024-03-01";
    d.approved_by = "扬州市司法局";
    d.approval_level = ApprovalLevel::kCity;
    d.note = "合成数据";
    d.created_by_name = "合成数据";
    d.created_at = now;
    d.updated_at = now;
    d.synthetic = true;
    out.push_back(std::move(d));
  }
  const auto entry = Caller::System().AuditEntry(
      audit::AuditAction::kImport, "designation", "synthetic", indicators_.plan().city_code,
      "{\"designations\":" + std::to_string(out.size()) + "}", now);
  return repository_.InsertMany(out, entry);
}

core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      const indicators::Plan& plan,
                                      DesignationRepository& repository) {
  std::vector<std::string> ids;
  std::vector<std::string> kinds;
  for (const auto& kind : plan.designations) {
    kinds.push_back(kind.kind);
    for (const auto& id : kind.indicators) {
      // Two kinds may count toward one indicator (A4e: brand organisations and brand projects).
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  if (ids.empty()) return core::Ok();
  return registry.Register(
      {"designations", ids,
       [&plan, &repository, kinds](std::string_view period, const indicators::PeriodSpan&,
                                   const indicators::PlaceIndex& places)
           -> core::Result<std::vector<indicators::Measurement>> {
         ASSIGN_OR_RETURN(auto in_force,
                          repository.InForceOn(kinds, indicators::LastDayOf(period)));
         std::vector<indicators::Measurement> out;
         for (const auto& kind : plan.designations) {
           std::map<std::string, int64_t> per_place;
           for (const auto& designation : in_force) {
             if (designation.kind != kind.kind) continue;
             if (kind.since_plan_start && designation.designated_on < plan.start) continue;
             ++per_place[designation.place_code];
           }
           for (const auto& id : kind.indicators) {
             const auto* indicator = plan.Find(id);
             if (indicator == nullptr) continue;
             if (indicator->kind == indicators::Kind::kShare) {
               for (const auto& [code, place] : places) {
                 if (place.level != kind.level) continue;
                 out.push_back({id, code, per_place.contains(code) ? 1.0 : 0.0, 1.0, ""});
               }
             } else {
               for (const auto& [code, count] : per_place) {
                 out.push_back({id, code, static_cast<double>(count), 0.0, ""});
               }
             }
           }
         }
         return out;
       }});
}

}  // namespace linli::designations

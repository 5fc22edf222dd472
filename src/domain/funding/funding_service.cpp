#include "domain/funding/funding_service.hpp"

#include <algorithm>
#include <cmath>

#include "core/text.hpp"

namespace linli::funding {

namespace {

using access::Caller;
using access::Permission;

// The department a department officer writes for ("" for anyone else).
std::string OwnDepartment(const Caller& caller) {
  std::string department;
  for (const auto& grant : caller.grants()) {
    const auto& permissions = access::RolePermissions(grant.role);
    if (std::find(permissions.begin(), permissions.end(), Permission::kIndicatorsReport) ==
        permissions.end()) {
      continue;
    }
    if (grant.role != access::Role::kDepartmentOfficer) return "";
    department = grant.department;
  }
  return department;
}

core::Status CheckLine(std::string_view text, const char* field, const char* what, size_t max) {
  if (text.empty()) return core::Error::Validation("请填写" + std::string(what), field);
  TRY(core::CheckText(text, field, core::TextRule::kSingleLine));
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation(std::string(what) + "不能超过 " + std::to_string(max) + " 字",
                                   field);
  }
  return core::Ok();
}

}  // namespace

FundingService::FundingService(ProjectRepository& repository,
                               indicators::IndicatorService& indicators, const core::Clock& clock)
    : repository_(repository), indicators_(indicators), clock_(clock) {}

core::Result<Project> FundingService::Create(const NewProject& input, const Caller& caller) {
  const auto& plan = indicators_.plan();
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  if (places->find(input.place_code) == places->end() ||
      !caller.ScopeFor(Permission::kIndicatorsReport).Covers(input.place_code)) {
    return core::Error::NotFound("地区不存在或不在您的管辖范围内");
  }
  TRY(CheckLine(input.name, "name", "项目名称", 100));
  if (std::find(plan.departments.begin(), plan.departments.end(), input.department) ==
      plan.departments.end()) {
    return core::Error::Validation("方案中没有这个部门", "department");
  }
  const std::string own = OwnDepartment(caller);
  if (!own.empty() && own != input.department) {
    return core::Error::PermissionDenied("只能登记本部门（" + own + "）的项目", "department");
  }
  const indicators::Task* task = plan.FindTask(input.task);
  if (task == nullptr) return core::Error::Validation("方案中没有这项任务", "task");
  if (!std::isfinite(input.amount) || input.amount <= 0 || input.amount > kMaxAmount) {
    return core::Error::Validation("金额应为大于 0 的元数", "amount");
  }
  const auto source = kFundingSourceNames.From(input.source);
  if (!source) return core::Error::Validation("资金来源不正确", "source");
  const int current_year = std::stoi(indicators_.CurrentPeriod().substr(0, 4));
  if (input.year < 2000 || input.year > current_year + 1) {
    return core::Error::Validation("年度应在 2000 到明年之间", "year");
  }
  TRY(core::CheckText(input.note, "note", core::TextRule::kMultiLine));
  if (core::CodePointCount(input.note) > 500) {
    return core::Error::Validation("说明不能超过 500 字", "note");
  }
  const int64_t now = clock_.NowMillis();
  Project project;
  project.name = input.name;
  project.department = input.department;
  project.task = task->id;
  project.place_code = input.place_code;
  project.place_name = places->at(input.place_code).name;
  project.amount = std::round(input.amount * 100.0) / 100.0;
  project.source = *source;
  project.year = static_cast<int>(input.year);
  project.note = input.note;
  project.created_by = caller.account_id();
  project.created_by_name = caller.name_for_people();
  project.created_at = now;
  const auto entry = caller.AuditEntry(audit::AuditAction::kCreate, "funded_project", "",
                                       project.place_code, "{}", now);
  return repository_.Insert(project, entry);
}

core::Result<ProjectList> FundingService::List(const ProjectQuery& query, const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  ProjectQuery bounded = query;
  bounded.limit = std::min<size_t>(query.limit == 0 ? 500 : query.limit, 1000);
  ProjectList out;
  ASSIGN_OR_RETURN(out.items,
                   repository_.List(bounded, caller.ScopeFor(Permission::kIndicatorsRead)));
  for (const auto& project : out.items) out.total_amount += project.amount;
  return out;
}

core::Status FundingService::Delete(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.Find(id, caller.ScopeFor(Permission::kIndicatorsReport)));
  if (!found) return core::Error::NotFound("项目不存在或不在您的管辖范围内");
  const std::string own = OwnDepartment(caller);
  if (!own.empty() && own != found->department) {
    return core::Error::PermissionDenied("只能删除本部门的项目");
  }
  const auto entry = caller.AuditEntry(
      audit::AuditAction::kDelete, "funded_project", std::to_string(id), found->place_code,
      "{\"name\":\"" + std::to_string(found->id) + "\"}", clock_.NowMillis());
  ASSIGN_OR_RETURN(bool deleted, repository_.Delete(id, entry));
  if (!deleted) return core::Error::NotFound("项目不存在或不在您的管辖范围内");
  return core::Ok();
}

}  // namespace linli::funding

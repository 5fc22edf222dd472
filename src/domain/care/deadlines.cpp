#include "domain/care/deadlines.hpp"

#include <string>

#include "core/json_reader.hpp"

namespace linli::care {

namespace {

namespace json = core::json;

constexpr int64_t kMaxWorkingDays = 60;

core::Result<const boost::json::object*> Section(const boost::json::object& root,
                                                 std::string_view key) {
  const auto* section = root.if_contains(key);
  const std::string path = json::JoinPath("$", key);
  if (section == nullptr) return core::Error::Validation("缺少字段 " + std::string(key), path);
  if (!section->is_object()) return core::Error::Validation("应为对象", path);
  return &section->as_object();
}

core::Status ReadDays(const boost::json::object& section, std::string_view key,
                      const std::string& path, int* days) {
  ASSIGN_OR_RETURN(int64_t value, json::ReadInteger(section, key, path, true, 0));
  if (value < 1 || value > kMaxWorkingDays) {
    return core::Error::Validation("工作日数应为 1–60 之间的整数", json::JoinPath(path, key));
  }
  *days = static_cast<int>(value);
  return core::Ok();
}

}  // namespace

core::Result<CareDeadlines> ParseCareDeadlines(std::string_view text) {
  ASSIGN_OR_RETURN(auto document, json::ParseJson(text, "办理时限文件"));
  if (!document.is_object()) return core::Error::Validation("办理时限文件应为对象", "$");
  const auto& root = document.as_object();
  CareDeadlines out;
  ASSIGN_OR_RETURN(const auto* reports, Section(root, "mandatory_reports"));
  TRY(ReadDays(*reports, "acknowledge", "$.mandatory_reports",
               &out.report_acknowledge_working_days));
  TRY(ReadDays(*reports, "close", "$.mandatory_reports", &out.report_close_working_days));
  if (out.report_close_working_days < out.report_acknowledge_working_days) {
    return core::Error::Validation("办结时限不能短于受理时限", "$.mandatory_reports.close");
  }
  ASSIGN_OR_RETURN(const auto* applications, Section(root, "applications"));
  TRY(ReadDays(*applications, "town_review", "$.applications", &out.town_review_working_days));
  TRY(ReadDays(*applications, "county_approval", "$.applications",
               &out.county_approval_working_days));
  TRY(ReadDays(*applications, "emergency", "$.applications", &out.emergency_working_days));
  return out;
}

}  // namespace linli::care

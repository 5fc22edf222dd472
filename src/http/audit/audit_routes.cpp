#include "http/audit/audit_routes.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cstdio>

#include "core/identity/date.hpp"
#include "core/tabular/xlsx_writer.hpp"
#include "domain/audit/audit_chain.hpp"
#include "http/import_response.hpp"
#include "http/json_body.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

core::Result<int64_t> IntegerParam(const std::string& text, const char* field) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return core::Error::InvalidArgument(std::string("参数无效：") + field, field);
  }
  return value;
}

// The filters of GET /api/v1/audit and its export; every one is optional.
core::Result<audit::AuditQuery> QueryFrom(const Request& request) {
  audit::AuditQuery query;
  query.subject_type = request.Query("subject_type").value_or("");
  query.subject_id = request.Query("subject_id").value_or("");
  if (query.subject_type.size() > 64 || query.subject_id.size() > 200) {
    return core::Error::InvalidArgument("对象条件过长", "subject_id");
  }
  if (auto actor = request.Query("actor")) {
    ASSIGN_OR_RETURN(int64_t id, IntegerParam(*actor, "actor"));
    query.actor_id = id;
  }
  if (auto action = request.Query("action"); action && !action->empty()) {
    query.action = audit::ParseAuditAction(*action);
    if (!query.action) return core::Error::InvalidArgument("未知的操作类型", "action");
  }
  if (auto from = request.Query("from")) {
    ASSIGN_OR_RETURN(int64_t at, IntegerParam(*from, "from"));
    query.from_at = at;
  }
  if (auto until = request.Query("until")) {
    ASSIGN_OR_RETURN(int64_t at, IntegerParam(*until, "until"));
    query.until_at = at;
  }
  return query;
}

json::object EntryJson(const audit::StoredAuditEntry& stored) {
  const audit::AuditEntry& entry = stored.entry;
  json::object out;
  out["sequence"] = stored.sequence;
  out["at"] = entry.at;
  out["actor_id"] = entry.actor_id;
  out["actor_name"] = entry.actor_name;
  out["action"] = audit::AuditActionName(entry.action);
  out["subject_type"] = entry.subject_type;
  out["subject_id"] = entry.subject_id;
  out["division_code"] = entry.division_code;
  boost::system::error_code error;
  json::value detail = json::parse(entry.detail, error);
  out["detail"] = error ? json::value(entry.detail) : std::move(detail);
  out["remote_address"] = entry.remote_address;
  out["request_id"] = entry.request_id;
  out["hash"] = stored.hash;
  return out;
}

// Beijing time, as the officials reading the export count it.
std::string BeijingTime(int64_t unix_millis) {
  const identity::Date date = identity::DateFromUnixMillis(unix_millis);
  const int64_t seconds_of_day = ((unix_millis / 1000 + 8 * 3600) % 86400 + 86400) % 86400;
  char clock[16];
  std::snprintf(clock, sizeof clock, " %02d:%02d:%02d", int(seconds_of_day / 3600),
                int(seconds_of_day / 60 % 60), int(seconds_of_day % 60));
  return identity::FormatDate(date) + clock;
}

core::Result<Response> Export(audit::AuditService& audit, const Request& request) {
  ASSIGN_OR_RETURN(auto query, QueryFrom(request));
  const core::Scope scope = request.Caller().ScopeFor(access::Permission::kAuditRead);
  tabular::Table table;
  table.header.cells = {"序号", "时间（北京）", "操作人", "操作人编号", "操作",    "对象类型",
                        "对象", "区划",         "详情",   "来源地址",   "请求编号"};
  core::PageRequest page{core::kMaxPageLimit, ""};
  while (true) {
    ASSIGN_OR_RETURN(auto result, audit.List(scope, query, page));
    for (const auto& stored : result.items) {
      const auto& e = stored.entry;
      table.rows.push_back(tabular::TableRow{
          0,
          {std::to_string(stored.sequence), BeijingTime(e.at), e.actor_name,
           std::to_string(e.actor_id), std::string(audit::AuditActionName(e.action)),
           e.subject_type, e.subject_id, e.division_code, e.detail, e.remote_address,
           e.request_id}});
    }
    if (table.rows.size() > kMaxAuditExportRows) {
      return core::Error::Validation("符合条件的记录超过 " + std::to_string(kMaxAuditExportRows) +
                                         " 条，请缩小时间范围后再导出",
                                     "from");
    }
    if (!result.next_cursor) break;
    ASSIGN_OR_RETURN(page.after, core::DecodeCursor(*result.next_cursor));
  }
  tabular::XlsxWriteOptions options;
  options.sheet_name = "审计日志";
  options.numeric_columns = {0, 3};
  ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
  return XlsxAttachment(std::move(bytes), "audit-log.xlsx", "审计日志.xlsx");
}

}  // namespace

std::vector<Route> AuditRoutes(audit::AuditService& audit) {
  std::vector<Route> routes;
  routes.push_back(Route{
      "GET", "/api/v1/audit", access::Permission::kAuditRead,
      [&audit](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto query, QueryFrom(request));
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(
            auto result,
            audit.List(request.Caller().ScopeFor(access::Permission::kAuditRead), query, page));
        return Response::Json(PageJson(result, EntryJson));
      },
      "审计日志（管辖范围内，最新在前；按操作人、对象、操作、时间筛选）"});
  routes.push_back(
      Route{"GET", "/api/v1/audit/export", access::Permission::kAuditRead,
            [&audit](Request& request) -> core::Result<Response> { return Export(audit, request); },
            "导出审计日志（.xlsx，与列表相同的筛选，最多 10 万条）"});
  return routes;
}

}  // namespace linli::http

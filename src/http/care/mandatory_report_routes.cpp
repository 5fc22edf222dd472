// HTTP handlers of mandatory reports (docs/api.md, "Mandatory reports"): a mandated reporter files
// one and follows its receipts (minors.report); the children's director and the county's officers
// read, acknowledge and close them (care.minors).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/care/care_routes.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"

namespace linli::care {
BOOST_DESCRIBE_STRUCT(MandatoryReport, (),
                      (id, receipt_code, reporter_name, institution, contact_phone, place_code,
                       place_name, urgent, child_name, child_age, child_address, description,
                       filed_at, acknowledge_due_at, close_due_at, acknowledged_at,
                       acknowledged_by_name, closed_at, closed_by_name, outcome, escalations))
}  // namespace linli::care

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using care::MandatoryReport;

json::object ReportJson(const MandatoryReport& r, int64_t now) {
  json::object out = FieldsJson(r);
  out["kind"] = care::kHarmKindNames.Name(r.kind);
  out["kind_label"] = care::kHarmKindNames.Label(r.kind);
  out["status"] = care::kReportStatusNames.Name(r.status);
  out["status_label"] = care::kReportStatusNames.Label(r.status);
  out["referral"] = care::kReferralNames.Name(r.referral);
  out["referral_label"] = care::kReferralNames.Label(r.referral);
  const bool late_ack = r.status == care::ReportStatus::kReceived && now >= r.acknowledge_due_at;
  const bool late_close = r.status == care::ReportStatus::kAcknowledged && now >= r.close_due_at;
  out["overdue"] = late_ack || late_close;
  return out;
}

// What the reporter sees of its own report: the receipt and where it stands, nothing of the
// handling.
json::object ReceiptJson(const MandatoryReport& r) {
  return json::object{{"id", r.id},
                      {"receipt_code", r.receipt_code},
                      {"filed_at", r.filed_at},
                      {"place_code", r.place_code},
                      {"place_name", r.place_name},
                      {"kind", care::kHarmKindNames.Name(r.kind)},
                      {"kind_label", care::kHarmKindNames.Label(r.kind)},
                      {"urgent", r.urgent},
                      {"status", care::kReportStatusNames.Name(r.status)},
                      {"status_label", care::kReportStatusNames.Label(r.status)},
                      {"acknowledge_due_at", r.acknowledge_due_at},
                      {"acknowledged_at", OrNull(r.acknowledged_at)},
                      {"closed_at", OrNull(r.closed_at)}};
}

}  // namespace

std::vector<Route> MandatoryReportRoutes(care::MandatoryReports& reports,
                                         const core::Clock& clock) {
  std::vector<Route> routes;

  routes.push_back(
      Route{"POST", "/api/v1/mandatory-reports", Permission::kMinorsReport,
            [&reports](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              care::NewReport in;
              ASSIGN_OR_RETURN(in.institution, RequiredString(body, "institution"));
              ASSIGN_OR_RETURN(in.contact_phone, RequiredString(body, "contact_phone"));
              ASSIGN_OR_RETURN(in.place_code, RequiredString(body, "place_code"));
              ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
              const auto parsed = care::kHarmKindNames.From(kind);
              if (!parsed) return core::Error::Validation("kind 取值无效：" + kind, "kind");
              in.kind = *parsed;
              ASSIGN_OR_RETURN(auto urgent, OptionalBool(body, "urgent"));
              in.urgent = urgent.value_or(false);
              ASSIGN_OR_RETURN(auto child_name, OptionalString(body, "child_name"));
              in.child_name = child_name.value_or("");
              ASSIGN_OR_RETURN(in.child_age, OptionalInt(body, "child_age"));
              ASSIGN_OR_RETURN(auto address, OptionalString(body, "child_address"));
              in.child_address = address.value_or("");
              ASSIGN_OR_RETURN(in.description, RequiredString(body, "description"));
              ASSIGN_OR_RETURN(auto report, reports.File(in, request.Caller()));
              return Response::Json(ReceiptJson(report), 201);
            },
            "a mandated reporter files a report of harm to a child (强制报告): its receipt"});

  routes.push_back(Route{"GET", "/api/v1/mandatory-reports/mine", Permission::kMinorsReport,
                         [&reports](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto mine, reports.Mine(request.Caller()));
                           json::array items;
                           for (const auto& r : mine) items.push_back(ReceiptJson(r));
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "a reporter's own receipts and where each stands"});

  routes.push_back(Route{
      "GET", "/api/v1/mandatory-reports", Permission::kCareMinors,
      [&reports, &clock](Request& request) -> core::Result<Response> {
        care::ReportQuery query;
        query.place_prefix = request.Query("place").value_or("");
        ASSIGN_OR_RETURN(query.status, EnumQuery(request, "status", care::kReportStatusNames));
        ASSIGN_OR_RETURN(query.overdue_only, FlagQuery(request, "overdue"));
        ASSIGN_OR_RETURN(query.page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto page, reports.List(query, request.Caller()));
        const int64_t now = clock.NowMillis();
        return Response::Json(
            PageJson(page, [now](const MandatoryReport& r) { return ReportJson(r, now); }));
      },
      "mandatory reports about the children in scope (audited read)"});

  routes.push_back(Route{"GET", "/api/v1/mandatory-reports/{id}", Permission::kCareMinors,
                         [&reports, &clock](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "报告"));
                           ASSIGN_OR_RETURN(auto report, reports.Get(id, request.Caller()));
                           return Response::Json(ReportJson(report, clock.NowMillis()));
                         },
                         "one mandatory report (audited read)"});

  routes.push_back(Route{"POST", "/api/v1/mandatory-reports/{id}/acknowledge",
                         Permission::kCareMinors,
                         [&reports, &clock](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "报告"));
                           ASSIGN_OR_RETURN(auto report, reports.Acknowledge(id, request.Caller()));
                           return Response::Json(ReportJson(report, clock.NowMillis()));
                         },
                         "acknowledge a report (受理)"});

  routes.push_back(Route{
      "POST", "/api/v1/mandatory-reports/{id}/close", Permission::kCareMinors,
      [&reports, &clock](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "报告"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(std::string outcome, RequiredString(body, "outcome"));
        ASSIGN_OR_RETURN(auto referral_name, OptionalString(body, "referral"));
        const auto referral = care::kReferralNames.From(referral_name.value_or("none"));
        if (!referral) return core::Error::Validation("referral 取值无效", "referral");
        ASSIGN_OR_RETURN(auto report, reports.Close(id, outcome, *referral, request.Caller()));
        return Response::Json(ReportJson(report, clock.NowMillis()));
      },
      "close a report with its outcome and where it was referred (办结)"});

  return routes;
}

}  // namespace linli::http

#include "http/indicators/indicator_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "core/tabular/xlsx_writer.hpp"
#include "http/json_body.hpp"

namespace linli::indicators {
BOOST_DESCRIBE_STRUCT(Report, (),
                      (id, indicator_id, variant, place_code, place_name, period, numerator,
                       denominator, note, approved_level, return_reason, entered_by,
                       entered_by_name, entered_at, updated_at, synthetic))
BOOST_DESCRIBE_STRUCT(ReportStep, (), (action, level, reason, actor_id, actor_name, at))
}  // namespace linli::indicators

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using indicators::IndicatorService;

json::array Strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

json::value Number(const std::optional<double>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::object IndicatorJson(const indicators::Indicator& indicator) {
  json::object out;
  out["id"] = indicator.id;
  out["task"] = indicator.task;
  out["name"] = indicator.name;
  out["kind"] = indicators::kKindNames.Name(indicator.kind);
  out["unit"] = indicator.unit;
  out["factor"] = indicator.factor;
  out["numerator"] = indicator.numerator;
  out["denominator"] = indicator.denominator;
  out["standard"] = indicator.standard;
  out["unit_level"] = core::DivisionLevelName(indicator.unit_level);
  out["target_level"] = core::DivisionLevelName(indicator.target_level);
  out["target"] = Number(indicator.target);
  out["comparator"] = indicators::kComparatorNames.Name(indicator.comparator);
  out["deadline"] =
      indicator.deadline.empty() ? json::value(nullptr) : json::value(indicator.deadline);
  out["period"] = indicators::kPeriodKindNames.Name(indicator.period);
  out["period_label"] = indicators::kPeriodKindNames.Label(indicator.period);
  json::array variants;
  for (const auto& variant : indicator.variants) {
    json::object v;
    v["id"] = variant.id;
    v["name"] = variant.name;
    v["target"] = variant.target;
    v["community_kinds"] = Strings(variant.filter.community_kinds);
    v["county_kinds"] = Strings(variant.filter.county_kinds);
    variants.push_back(std::move(v));
  }
  out["variants"] = std::move(variants);
  out["community_kinds"] = Strings(indicator.filter.community_kinds);
  out["county_kinds"] = Strings(indicator.filter.county_kinds);
  out["responsible"] = Strings(indicator.responsible);
  return out;
}

json::object RowJson(const indicators::IndicatorRow& row, const IndicatorService& service) {
  const auto& indicator = *row.indicator;
  json::object out;
  out["id"] = indicator.id;
  out["variant"] = row.variant.empty() ? json::value(nullptr) : json::value(row.variant);
  out["variant_name"] = row.variant_name;
  out["name"] = indicator.name;
  out["task"] = indicator.task;
  out["kind"] = indicators::kKindNames.Name(indicator.kind);
  out["value"] = Number(row.value);
  out["numerator"] = row.numerator;
  out["denominator"] = row.denominator;
  out["units"] = row.units;
  out["unit"] = indicator.kind == indicators::Kind::kPerUnit ? std::string("%") : indicator.unit;
  out["target"] = Number(row.target);
  out["comparator"] = indicators::kComparatorNames.Name(indicator.comparator);
  out["deadline"] =
      indicator.deadline.empty() ? json::value(nullptr) : json::value(indicator.deadline);
  out["period_kind"] = indicators::kPeriodKindNames.Name(indicator.period);
  out["unit_level"] = core::DivisionLevelName(indicator.unit_level);
  out["status"] =
      row.status ? json::value(indicators::kStatusNames.Name(*row.status)) : json::value(nullptr);
  out["status_label"] = row.status ? json::value(indicators::kStatusNames.Label(*row.status))
                                   : json::value("本地区贡献");
  out["source"] = indicators::kSourceNames.Name(row.source);
  out["computed_by"] = [&]() -> json::value {
    const auto* source = service.sources().SourceOf(indicator.id);
    return source ? json::value(source->module) : json::value(nullptr);
  }();
  out["approval"] = row.approval.empty() ? json::value(nullptr) : json::value(row.approval);
  out["reason"] = row.reason;
  out["shortfalls"] = row.shortfalls;
  out["responsible"] = Strings(indicator.responsible);
  return out;
}

json::object ReportJson(const indicators::Report& report) {
  json::object out = FieldsJson(report);
  out["state"] = indicators::kReportStateNames.Name(report.state);
  out["state_label"] = indicators::kReportStateNames.Label(report.state);
  if (const auto next = indicators::NextApprover(report)) {
    out["next_level"] = core::DivisionLevelName(*next);
  } else {
    out["next_level"] = nullptr;
  }
  return out;
}

json::object ItemsJson(const std::vector<indicators::Report>& reports) {
  json::array items;
  for (const auto& report : reports) items.push_back(ReportJson(report));
  json::object out;
  out["items"] = std::move(items);
  return out;
}

std::string QueryText(const Request& request, const char* name) {
  return request.Query(name).value_or("");
}

}  // namespace

std::vector<Route> IndicatorRoutes(IndicatorService& service, ImportGate& imports) {
  std::vector<Route> routes;

  routes.push_back(Route{
      "GET", "/api/v1/indicator-reports/import-template.xlsx", Permission::kIndicatorsReport,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto table,
                         service.ImportTemplate(QueryText(request, "place"),
                                                QueryText(request, "period"), request.Caller()));
        tabular::XlsxWriteOptions options;
        options.sheet_name = "指标填报";
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
        return XlsxAttachment(std::move(bytes), "indicator-reports-template.xlsx");
      },
      "the import template of a place and month (.xlsx)"});

  routes.push_back(Route{
      "GET", "/api/v1/indicators/report.xlsx", Permission::kIndicatorsRead,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto sheets, service.MonthlyReport(
                                          QueryText(request, "place"), QueryText(request, "period"),
                                          QueryText(request, "department"), request.Caller()));
        std::vector<tabular::XlsxSheet> parts;
        for (const auto& sheet : sheets) {
          tabular::XlsxWriteOptions options;
          options.sheet_name = sheet.name;
          options.numeric_columns = {7, 8, 9};
          parts.push_back({&sheet.table, options});
        }
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxSheetsToBytes(parts));
        return XlsxAttachment(std::move(bytes), "indicator-report.xlsx", "规划指标月度报告.xlsx");
      },
      "the monthly progress report of a place (.xlsx, a sheet per level)"});

  routes.push_back(Route{
      "GET", "/api/v1/indicators/report.pdf", Permission::kIndicatorsRead,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto bytes, service.MonthlyReportPdf(
                                         QueryText(request, "place"), QueryText(request, "period"),
                                         QueryText(request, "department"), request.Caller()));
        return PdfAttachment(std::move(bytes), "indicator-report.pdf", "规划指标月度报告.pdf");
      },
      "the monthly progress report of a place (.pdf, a section per level and a chart)"});

  routes.push_back(imports.MakeRoute(
      "/api/v1/indicator-reports/import", Permission::kIndicatorsReport,
      ImportRoute{&IndicatorService::ErrorCopy, "indicator-import-errors.xlsx", "", true},
      [&service](Request& request, const tabular::Table& table,
                 const tabular::ImportOptions& options) -> core::Result<ImportAnswer> {
        ASSIGN_OR_RETURN(auto outcome, service.Import(table, request.Caller(), options));
        json::object body;
        body["rows"] = outcome.rows;
        body["imported"] = outcome.imported;
        body["skipped"] = outcome.skipped;
        body["written"] = outcome.written;
        body["dry_run"] = options.dry_run;
        return ImportAnswer{std::move(outcome), std::move(body)};
      },
      "import reported figures from an .xlsx or .csv body (all or nothing)"));

  routes.push_back(Route{"GET", "/api/v1/plan", Permission::kIndicatorsRead,
                         [&service](Request&) -> core::Result<Response> {
                           const auto& plan = service.plan();
                           json::object out;
                           out["id"] = plan.id;
                           out["name"] = plan.name;
                           out["city_code"] = plan.city_code;
                           out["start"] = plan.start;
                           out["end"] = plan.end;
                           out["lead"] = Strings(plan.lead);
                           out["departments"] = Strings(plan.departments);
                           json::array tasks;
                           for (const auto& task : plan.tasks) {
                             json::object t;
                             t["id"] = task.id;
                             t["title"] = task.title;
                             t["responsible"] = Strings(task.responsible);
                             tasks.push_back(std::move(t));
                           }
                           out["tasks"] = std::move(tasks);
                           json::array indicators;
                           for (const auto& indicator : plan.indicators) {
                             json::object item = IndicatorJson(indicator);
                             const auto* source = service.sources().SourceOf(indicator.id);
                             item["computed_by"] =
                                 source ? json::value(source->module) : json::value(nullptr);
                             indicators.push_back(std::move(item));
                           }
                           out["indicators"] = std::move(indicators);
                           return Response::Json(out);
                         },
                         "the plan: tasks, indicators, targets and departments"});

  routes.push_back(Route{"GET", "/api/v1/indicators", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           const auto place = request.Query("place");
                           if (!place || place->empty()) {
                             return core::Error::InvalidArgument("缺少参数 place", "place");
                           }
                           ASSIGN_OR_RETURN(auto result,
                                            service.ForPlace(*place, QueryText(request, "period"),
                                                             request.Caller()));
                           json::object out;
                           out["place"] = result.place_code;
                           out["place_name"] = result.place_name;
                           out["level"] = result.level;
                           out["period"] = result.period;
                           json::array rows;
                           for (const auto& row : result.rows)
                             rows.push_back(RowJson(row, service));
                           out["indicators"] = std::move(rows);
                           return Response::Json(out);
                         },
                         "every indicator of the plan for a place and month, with status"});

  routes.push_back(Route{
      "GET", "/api/v1/indicators/{id}/trend", Permission::kIndicatorsRead,
      [&service](Request& request) -> core::Result<Response> {
        const std::string id = PathParam(request, "id");
        ASSIGN_OR_RETURN(auto points,
                         service.Trend(QueryText(request, "place"), id,
                                       QueryText(request, "variant"), request.Caller()));
        json::array items;
        for (const auto& point : points) {
          json::object item;
          item["period"] = point.period;
          item["value"] = Number(point.value);
          item["numerator"] = point.numerator;
          item["denominator"] = point.denominator;
          item["status"] = point.status ? json::value(indicators::kStatusNames.Name(*point.status))
                                        : json::value(nullptr);
          items.push_back(std::move(item));
        }
        json::object out;
        out["id"] = id;
        out["place"] = QueryText(request, "place");
        out["items"] = std::move(items);
        return Response::Json(out);
      },
      "one indicator of a place month by month"});

  routes.push_back(Route{"GET", "/api/v1/indicators/{id}/breakdown", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(
                               auto breakdown,
                               service.BreakdownOf(PathParam(request, "id"),
                                                   QueryText(request, "variant"),
                                                   QueryText(request, "place"),
                                                   QueryText(request, "period"), request.Caller()));
                           json::array items;
                           for (const auto& entry : breakdown.rows) {
                             json::object item = RowJson(entry.row, service);
                             item["place_code"] = entry.place->code;
                             item["place_name"] = entry.place->name;
                             item["level"] = core::DivisionLevelName(entry.place->level);
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["id"] = breakdown.indicator->id;
                           out["place"] = breakdown.place_code;
                           out["place_name"] = breakdown.place_name;
                           out["period"] = breakdown.period;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "one indicator at the places one level below a place, worst first"});

  routes.push_back(Route{"GET", "/api/v1/indicators/{id}/shortfalls", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           const std::string id = PathParam(request, "id");
                           ASSIGN_OR_RETURN(auto shortfalls,
                                            service.Shortfalls(QueryText(request, "place"),
                                                               QueryText(request, "period"), id,
                                                               request.Caller()));
                           json::array items;
                           for (const auto& shortfall : shortfalls) {
                             json::object item;
                             item["place_code"] = shortfall.place_code;
                             item["subject"] = shortfall.subject;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the units of a per-unit indicator that fall short, under a place"});

  routes.push_back(Route{"GET", "/api/v1/indicator-reports", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           indicators::ReportQuery query;
                           query.place_prefix = QueryText(request, "place");
                           query.period = QueryText(request, "period");
                           query.indicator_id = QueryText(request, "indicator");
                           if (const auto state = request.Query("state");
                               state && !state->empty()) {
                             query.state = indicators::kReportStateNames.From(*state);
                             if (!query.state) {
                               return core::Error::InvalidArgument(
                                   "state 应为 submitted、returned 或 approved", "state");
                             }
                           }
                           ASSIGN_OR_RETURN(auto reports, service.Reports(query, request.Caller()));
                           return Response::Json(ItemsJson(reports));
                         },
                         "reported figures in scope, newest first"});

  routes.push_back(Route{"GET", "/api/v1/indicator-approvals", Permission::kIndicatorsApprove,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto reports,
                                            service.AwaitingApproval(request.Caller()));
                           return Response::Json(ItemsJson(reports));
                         },
                         "reported figures awaiting the caller's approval"});

  routes.push_back(Route{"POST", "/api/v1/indicator-reports", Permission::kIndicatorsReport,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           indicators::NewReport input;
                           ASSIGN_OR_RETURN(input.indicator_id, RequiredString(body, "indicator"));
                           ASSIGN_OR_RETURN(auto variant, OptionalString(body, "variant"));
                           input.variant = variant.value_or("");
                           ASSIGN_OR_RETURN(input.place_code, RequiredString(body, "place"));
                           ASSIGN_OR_RETURN(input.period, RequiredString(body, "period"));
                           ASSIGN_OR_RETURN(input.numerator, RequiredNumber(body, "numerator"));
                           ASSIGN_OR_RETURN(auto denominator, OptionalNumber(body, "denominator"));
                           input.denominator = denominator.value_or(0.0);
                           ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
                           input.note = note.value_or("");
                           ASSIGN_OR_RETURN(auto report, service.Submit(input, request.Caller()));
                           return Response::Json(ReportJson(report), 201);
                         },
                         "enter a figure for an indicator no module computes"});

  routes.push_back(Route{"GET", "/api/v1/indicator-reports/{id}", Permission::kIndicatorsRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "填报"));
                           ASSIGN_OR_RETURN(auto detail, service.GetReport(id, request.Caller()));
                           json::object out = ReportJson(detail.report);
                           json::array steps;
                           for (const auto& step : detail.steps) steps.push_back(FieldsJson(step));
                           out["steps"] = std::move(steps);
                           return Response::Json(out);
                         },
                         "one reported figure with its approval steps"});

  routes.push_back(Route{
      "PUT", "/api/v1/indicator-reports/{id}", Permission::kIndicatorsReport,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "填报"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(double numerator, RequiredNumber(body, "numerator"));
        ASSIGN_OR_RETURN(auto denominator, OptionalNumber(body, "denominator"));
        ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
        ASSIGN_OR_RETURN(auto report, service.Resubmit(id, numerator, denominator.value_or(0.0),
                                                       note.value_or(""), request.Caller()));
        return Response::Json(ReportJson(report));
      },
      "enter a returned or not yet approved figure again"});

  routes.push_back(Route{"POST", "/api/v1/indicator-reports/{id}/approve",
                         Permission::kIndicatorsApprove,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "填报"));
                           ASSIGN_OR_RETURN(auto report, service.Approve(id, request.Caller()));
                           return Response::Json(ReportJson(report));
                         },
                         "approve a reported figure at the caller's level"});

  routes.push_back(
      Route{"POST", "/api/v1/indicator-reports/{id}/return", Permission::kIndicatorsApprove,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "填报"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(auto reason, RequiredString(body, "reason"));
              ASSIGN_OR_RETURN(auto report, service.Return(id, reason, request.Caller()));
              return Response::Json(ReportJson(report));
            },
            "return a reported figure with a reason"});

  return routes;
}

}  // namespace linli::http

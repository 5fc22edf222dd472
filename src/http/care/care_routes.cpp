#include "http/care/care_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "core/tabular/xlsx_writer.hpp"
#include "http/import_response.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"

namespace linli::care {
BOOST_DESCRIBE_STRUCT(Archive, (),
                      (id, resident_id, resident_name, resident_status, sex, birth_date, place_code,
                       place_name, category, fields, opened_on, closed_on, close_reason,
                       responsible_id, responsible_name, review_on, created_by, created_by_name,
                       created_at, updated_at, synthetic))
BOOST_DESCRIBE_STRUCT(Visit, (),
                      (id, archive_id, resident_id, resident_name, address, category, place_code,
                       place_name, month, assignee_id, assignee_name, visited_on, findings, note,
                       late, recorded_by, recorded_by_name, recorded_at, synthetic))
BOOST_DESCRIBE_STRUCT(Need, (),
                      (id, resident_id, resident_name, place_code, place_name, visit_id, what,
                       due_on, assignee_id, assignee_name, outcome, event_id, request_id,
                       created_by, created_by_name, created_at, updated_at, synthetic))
BOOST_DESCRIBE_STRUCT(ComplianceCounts, (), (planned, on_time, late, missed, due))
BOOST_DESCRIBE_STRUCT(Signal, (),
                      (id, resident_id, resident_name, place_code, place_name, signal_on, source,
                       note, imported_by, imported_by_name, imported_at))
BOOST_DESCRIBE_STRUCT(Finding, (),
                      (id, resident_id, resident_name, place_code, place_name, benefit, found_on,
                       outcome_note, worker_id, worker_name, updated_at, synthetic))
}  // namespace linli::care

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using care::CareService;

std::string CategoryName(const CareService& service, const std::string& code) {
  const care::Category* category = service.categories().Find(code);
  return category ? category->name : code;
}

json::object ArchiveJson(const care::Archive& archive, const CareService& service) {
  json::object out = FieldsJson(archive);
  out["category_name"] = CategoryName(service, archive.category);
  const care::Category* category = service.categories().Find(archive.category);
  out["group"] = category ? category->group : "";
  out["status"] = care::kArchiveStatusNames.Name(archive.status);
  out["status_label"] = care::kArchiveStatusNames.Label(archive.status);
  return out;
}

json::object VisitJson(const care::Visit& visit, const CareService& service) {
  json::object out = FieldsJson(visit);
  out["category_name"] = CategoryName(service, visit.category);
  out["status"] = care::kVisitStatusNames.Name(visit.status);
  out["status_label"] = care::kVisitStatusNames.Label(visit.status);
  out["mode"] = visit.mode ? json::value(care::kVisitModeNames.Name(*visit.mode)) : nullptr;
  out["mode_label"] = visit.mode ? care::kVisitModeNames.Label(*visit.mode) : "";
  json::array checklist;
  if (const care::Category* category = service.categories().Find(visit.category)) {
    for (const auto& item : category->checklist) checklist.emplace_back(item);
  }
  out["checklist"] = std::move(checklist);
  return out;
}

json::object NeedJson(const care::Need& need) {
  json::object out = FieldsJson(need);
  out["urgency"] = care::kUrgencyNames.Name(need.urgency);
  out["urgency_label"] = care::kUrgencyNames.Label(need.urgency);
  out["status"] = care::kNeedStatusNames.Name(need.status);
  out["status_label"] = care::kNeedStatusNames.Label(need.status);
  return out;
}

json::object VisitPhotoJson(const care::VisitPhoto& photo) {
  json::object out;
  out["id"] = photo.id;
  out["content_type"] = photo.content_type;
  out["byte_size"] = photo.byte_size;
  out["url"] = "/api/v1/care/visits/" + std::to_string(photo.visit_id) + "/photos/" +
               std::to_string(photo.id);
  out["created_by_name"] = photo.created_by_name;
  out["created_at"] = photo.created_at;
  return out;
}

json::object ComplianceRowJson(const care::ComplianceRow& row) {
  json::object out = FieldsJson(row.counts);
  out["key"] = row.key;
  out["name"] = row.name;
  const int64_t done = row.counts.on_time + row.counts.late;
  out["rate"] = row.counts.planned > 0
                    ? json::value(static_cast<double>(row.counts.on_time) / row.counts.planned)
                    : json::value(nullptr);
  out["done"] = done;
  return out;
}

json::object CategoryJson(const care::Category& category) {
  json::object out;
  out["code"] = category.code;
  out["name"] = category.name;
  out["group"] = category.group;
  out["restricted"] = care::kRestrictionNames.Name(category.restricted);
  out["restricted_label"] = category.restricted == care::Restriction::kNone
                                ? json::value(nullptr)
                                : json::value(care::kRestrictionNames.Label(category.restricted));
  json::array fields;
  for (const auto& field : category.fields) {
    json::object item;
    item["key"] = field.key;
    item["label"] = field.label;
    item["type"] = care::kFieldTypeNames.Name(field.type);
    json::array options;
    for (const auto& option : field.options) options.emplace_back(option);
    item["options"] = std::move(options);
    item["required"] = field.required;
    fields.push_back(std::move(item));
  }
  out["fields"] = std::move(fields);
  out["visit_every_months"] = category.visit_every_months;
  json::array checklist;
  for (const auto& item : category.checklist) checklist.emplace_back(item);
  out["checklist"] = std::move(checklist);
  out["review_months"] = category.review_months;
  return out;
}

// An object of text values ({"key": "value"}): numbers and booleans are taken as their text.
core::Result<std::optional<std::map<std::string, std::string>>> ReadFieldValues(
    const json::object& body) {
  const json::value* value = body.if_contains("fields");
  if (value == nullptr || value->is_null()) {
    return std::optional<std::map<std::string, std::string>>();
  }
  if (!value->is_object()) return core::Error::InvalidArgument("fields 应为对象", "fields");
  std::map<std::string, std::string> out;
  for (const auto& [key, item] : value->as_object()) {
    const std::string where = "fields." + std::string(key);
    if (item.is_string()) {
      out[std::string(key)] = std::string(item.as_string());
    } else if (item.is_bool()) {
      out[std::string(key)] = item.as_bool() ? "true" : "false";
    } else if (item.is_int64() || item.is_uint64()) {
      out[std::string(key)] = json::serialize(item);
    } else if (item.is_double()) {
      out[std::string(key)] = json::serialize(item);
    } else if (!item.is_null()) {
      return core::Error::InvalidArgument(where + " 应为文本、数值或是否", where);
    }
  }
  return std::optional<std::map<std::string, std::string>>(std::move(out));
}

core::Result<std::string> Text(const json::object& body, const char* field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  return value.value_or("");
}

core::Result<std::vector<care::NeedInput>> ReadNeeds(const json::object& body) {
  std::vector<care::NeedInput> out;
  const json::value* value = body.if_contains("needs");
  if (value == nullptr || value->is_null()) return out;
  if (!value->is_array()) return core::Error::InvalidArgument("needs 应为数组", "needs");
  for (const auto& item : value->as_array()) {
    if (!item.is_object()) return core::Error::InvalidArgument("needs 的每一项应为对象", "needs");
    care::NeedInput need;
    ASSIGN_OR_RETURN(need.what, Text(item.as_object(), "what"));
    ASSIGN_OR_RETURN(need.due_on, Text(item.as_object(), "due_on"));
    ASSIGN_OR_RETURN(std::string urgency, Text(item.as_object(), "urgency"));
    if (!urgency.empty()) {
      const auto parsed = care::kUrgencyNames.From(urgency);
      if (!parsed) return core::Error::Validation("urgency 应为 low、normal 或 urgent", "needs");
      need.urgency = *parsed;
    }
    out.push_back(std::move(need));
  }
  return out;
}

json::object FindingJson(const care::Finding& finding, const care::EligibilityService& rules) {
  json::object out = FieldsJson(finding);
  const care::Benefit* benefit = rules.benefits().Find(finding.benefit);
  out["benefit_name"] = benefit ? benefit->name : finding.benefit;
  out["kind"] = care::kFindingKindNames.Name(finding.kind);
  out["kind_label"] = care::kFindingKindNames.Label(finding.kind);
  out["status"] = care::kFindingStatusNames.Name(finding.status);
  out["status_label"] = care::kFindingStatusNames.Label(finding.status);
  return out;
}

}  // namespace

std::vector<Route> CareRoutes(CareService& service, care::EligibilityService& eligibility,
                              ImportGate& imports) {
  std::vector<Route> routes;

  routes.push_back(Route{"GET", "/api/v1/care/benefits", Permission::kCareRead,
                         [&eligibility](Request&) -> core::Result<Response> {
                           json::array items;
                           for (const auto& benefit : eligibility.benefits().benefits) {
                             json::object item;
                             item["code"] = benefit.code;
                             item["name"] = benefit.name;
                             item["department"] = benefit.department;
                             item["basis"] = benefit.basis;
                             item["rule"] = care::Describe(benefit.when);
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "政策找人: the benefits and their rules"});

  routes.push_back(Route{
      "GET", "/api/v1/care/findings", Permission::kCareRead,
      [&eligibility](Request& request) -> core::Result<Response> {
        care::FindingFilter filter;
        filter.place = request.Query("place").value_or("");
        filter.benefit = request.Query("benefit").value_or("");
        ASSIGN_OR_RETURN(filter.kind, EnumQuery(request, "kind", care::kFindingKindNames));
        ASSIGN_OR_RETURN(filter.status, EnumQuery(request, "status", care::kFindingStatusNames));
        ASSIGN_OR_RETURN(filter.page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto page, eligibility.List(filter, request.Caller()));
        return Response::Json(PageJson(page, [&eligibility](const care::Finding& finding) {
          return FindingJson(finding, eligibility);
        }));
      },
      "政策找人: people the rules found, in scope (audited read)"});

  routes.push_back(Route{
      "GET", "/api/v1/care/signals/import-template.xlsx", Permission::kCareManage,
      [](Request&) -> core::Result<Response> {
        tabular::XlsxWriteOptions options;
        options.sheet_name = "部门信号";
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(
                                         care::EligibilityService::SignalTemplate(), options));
        return XlsxAttachment(std::move(bytes), "care-signals-template.xlsx",
                              "部门信号导入模板.xlsx");
      },
      "the template of signals from other departments (.xlsx)"});

  routes.push_back(imports.MakeRoute(
      "/api/v1/care/signals/import", Permission::kCareManage,
      ImportRoute{&care::EligibilityService::SignalErrorCopy, "care-signal-import-errors.xlsx",
                  "部门信号导入错误.xlsx"},
      [&eligibility](Request& request, const tabular::Table& table,
                     const tabular::ImportOptions& options) -> core::Result<ImportAnswer> {
        ASSIGN_OR_RETURN(auto outcome, eligibility.ImportSignals(table, request.Caller(), options));
        json::object body;
        body["rows"] = outcome.rows;
        body["imported"] = outcome.imported;
        body["findings"] = outcome.findings;
        body["written"] = outcome.written;
        body["dry_run"] = options.dry_run;
        return ImportAnswer{std::move(outcome), std::move(body)};
      },
      "import signals from other departments; the rules re-run for the people they name"));

  routes.push_back(Route{"GET", "/api/v1/care/signals", Permission::kCareRead,
                         [&eligibility](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto signals, eligibility.ListSignals(
                                                              request.Query("place").value_or(""),
                                                              request.Caller()));
                           json::array items;
                           for (const auto& signal : signals) {
                             json::object item = FieldsJson(signal);
                             item["kind"] = care::kSignalKindNames.Name(signal.kind);
                             item["kind_label"] = care::kSignalKindNames.Label(signal.kind);
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the newest signals from other departments in scope"});

  routes.push_back(
      Route{"POST", "/api/v1/care/findings/{id}/outcome", Permission::kCareManage,
            [&eligibility](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "线索"));
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              ASSIGN_OR_RETURN(std::string status_name, RequiredString(body, "status"));
              const auto status = care::kFindingStatusNames.From(status_name);
              if (!status)
                return core::Error::Validation("status 取值无效：" + status_name, "status");
              ASSIGN_OR_RETURN(std::string note, Text(body, "note"));
              ASSIGN_OR_RETURN(auto finding,
                               eligibility.RecordOutcome(id, *status, note, request.Caller()));
              return Response::Json(FindingJson(finding, eligibility));
            },
            "record the outcome of contacting a person the rules found"});

  routes.push_back(Route{"GET", "/api/v1/care/categories", Permission::kCareRead,
                         [&service](Request& request) -> core::Result<Response> {
                           json::array groups;
                           for (const auto& group : service.categories().groups) {
                             json::object item;
                             item["code"] = group.code;
                             item["name"] = group.name;
                             groups.push_back(std::move(item));
                           }
                           json::array items;
                           const auto readable = service.ReadableAt("", request.Caller());
                           for (const auto& category : service.categories().categories) {
                             json::object item = CategoryJson(category);
                             bool can = false;
                             for (const auto* r : readable) can = can || r == &category;
                             item["readable"] = can;
                             items.push_back(std::move(item));
                           }
                           json::object out;
                           out["groups"] = std::move(groups);
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the care categories, their fields and visit rules"});

  routes.push_back(Route{
      "GET", "/api/v1/care/archives", Permission::kCareRead,
      [&service](Request& request) -> core::Result<Response> {
        care::ArchiveFilter filter;
        filter.place = request.Query("place").value_or("");
        filter.category = request.Query("category").value_or("");
        filter.group = request.Query("group").value_or("");
        filter.name = request.Query("q").value_or("");
        ASSIGN_OR_RETURN(filter.status, EnumQuery(request, "status", care::kArchiveStatusNames));
        ASSIGN_OR_RETURN(filter.resident_id, IdQuery(request, "resident"));
        ASSIGN_OR_RETURN(filter.deceased_only, FlagQuery(request, "deceased"));
        ASSIGN_OR_RETURN(filter.page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto page, service.ListArchives(filter, request.Caller()));
        return Response::Json(PageJson(page, [&service](const care::Archive& archive) {
          return ArchiveJson(archive, service);
        }));
      },
      "care archives in scope (audited read)"});

  routes.push_back(
      Route{"POST", "/api/v1/care/archives", Permission::kCareManage,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              care::NewArchive input;
              ASSIGN_OR_RETURN(input.resident_id, RequiredInt(body, "resident_id"));
              ASSIGN_OR_RETURN(input.category, RequiredString(body, "category"));
              ASSIGN_OR_RETURN(auto fields, ReadFieldValues(body));
              input.fields = fields.value_or(std::map<std::string, std::string>());
              ASSIGN_OR_RETURN(input.opened_on, Text(body, "opened_on"));
              ASSIGN_OR_RETURN(input.review_on, Text(body, "review_on"));
              ASSIGN_OR_RETURN(input.responsible_id, OptionalInt(body, "responsible_id"));
              ASSIGN_OR_RETURN(auto made, service.OpenArchive(input, request.Caller()));
              return Response::Json(ArchiveJson(made, service), 201);
            },
            "open a care archive for a resident"});

  routes.push_back(
      Route{"GET", "/api/v1/care/archives/import-template.xlsx", Permission::kCareManage,
            [](Request&) -> core::Result<Response> {
              tabular::XlsxWriteOptions options;
              options.sheet_name = "关爱档案";
              ASSIGN_OR_RETURN(auto bytes,
                               tabular::WriteXlsxToBytes(CareService::ArchiveTemplate(), options));
              return XlsxAttachment(std::move(bytes), "care-archives-template.xlsx",
                                    "关爱档案导入模板.xlsx");
            },
            "the care archives import template (.xlsx)"});

  routes.push_back(imports.MakeRoute(
      "/api/v1/care/archives/import", Permission::kCareManage,
      ImportRoute{&CareService::ArchiveErrorCopy, "care-archive-import-errors.xlsx",
                  "关爱档案导入错误.xlsx"},
      [&service](Request& request, const tabular::Table& table,
                 const tabular::ImportOptions& options) -> core::Result<ImportAnswer> {
        ASSIGN_OR_RETURN(auto outcome, service.ImportArchives(table, request.Caller(), options));
        json::object body;
        body["rows"] = outcome.rows;
        body["imported"] = outcome.imported;
        body["written"] = outcome.written;
        body["dry_run"] = options.dry_run;
        return ImportAnswer{std::move(outcome), std::move(body)};
      },
      "import care archives from an .xlsx or .csv body (all or nothing)"));

  routes.push_back(Route{
      "GET", "/api/v1/care/archives/export.xlsx", Permission::kCareRead,
      [&service](Request& request) -> core::Result<Response> {
        care::ArchiveFilter filter;
        filter.place = request.Query("place").value_or("");
        filter.category = request.Query("category").value_or("");
        filter.group = request.Query("group").value_or("");
        ASSIGN_OR_RETURN(filter.status, EnumQuery(request, "status", care::kArchiveStatusNames));
        ASSIGN_OR_RETURN(auto table, service.ExportArchives(filter, request.Caller()));
        tabular::XlsxWriteOptions options;
        options.sheet_name = "关爱档案";
        ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
        return XlsxAttachment(std::move(bytes), "care-archives.xlsx", "关爱档案.xlsx");
      },
      "the archives in scope as .xlsx (ID numbers masked unless personal data may be seen)"});

  routes.push_back(Route{"GET", "/api/v1/care/archives/{id}", Permission::kCareRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "档案"));
                           ASSIGN_OR_RETURN(auto detail, service.GetArchive(id, request.Caller()));
                           json::object out = ArchiveJson(detail.archive, service);
                           json::array visits;
                           for (const auto& visit : detail.visits) {
                             visits.push_back(VisitJson(visit, service));
                           }
                           out["visits"] = std::move(visits);
                           return Response::Json(out);
                         },
                         "a care archive with its visits (audited read)"});

  routes.push_back(Route{"PATCH", "/api/v1/care/archives/{id}", Permission::kCareManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "档案"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           care::ArchivePatch patch;
                           ASSIGN_OR_RETURN(patch.fields, ReadFieldValues(body));
                           if (const auto* responsible = body.if_contains("responsible_id")) {
                             if (responsible->is_null()) {
                               patch.responsible_id = std::optional<int64_t>();
                             } else {
                               ASSIGN_OR_RETURN(auto value, OptionalInt(body, "responsible_id"));
                               patch.responsible_id = value;
                             }
                           }
                           ASSIGN_OR_RETURN(patch.review_on, OptionalString(body, "review_on"));
                           ASSIGN_OR_RETURN(auto changed,
                                            service.UpdateArchive(id, patch, request.Caller()));
                           return Response::Json(ArchiveJson(changed, service));
                         },
                         "change an archive's fields, responsible worker or review date"});

  routes.push_back(Route{"POST", "/api/v1/care/archives/{id}/close", Permission::kCareManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "档案"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(std::string closed_on, Text(body, "closed_on"));
                           ASSIGN_OR_RETURN(std::string reason, Text(body, "reason"));
                           ASSIGN_OR_RETURN(auto closed, service.CloseArchive(id, closed_on, reason,
                                                                              request.Caller()));
                           return Response::Json(ArchiveJson(closed, service));
                         },
                         "close an archive (its visits still due are cancelled)"});

  routes.push_back(Route{
      "GET", "/api/v1/care/visits", Permission::kCareRead,
      [&service](Request& request) -> core::Result<Response> {
        care::VisitFilter filter;
        filter.place = request.Query("place").value_or("");
        filter.month = request.Query("month").value_or("");
        ASSIGN_OR_RETURN(filter.mine, FlagQuery(request, "mine"));
        ASSIGN_OR_RETURN(filter.status, EnumQuery(request, "status", care::kVisitStatusNames));
        ASSIGN_OR_RETURN(filter.page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto page, service.ListVisits(filter, request.Caller()));
        return Response::Json(PageJson(
            page, [&service](const care::Visit& visit) { return VisitJson(visit, service); }));
      },
      "the month's visits in scope (or the caller's own), a page"});

  routes.push_back(Route{
      "POST", "/api/v1/care/visits/{id}/record", Permission::kCareVisit,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "走访任务"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        care::VisitRecordInput input;
        ASSIGN_OR_RETURN(input.visited_on, Text(body, "visited_on"));
        ASSIGN_OR_RETURN(std::string mode, Text(body, "mode"));
        if (!mode.empty()) {
          const auto parsed = care::kVisitModeNames.From(mode);
          if (!parsed) {
            return core::Error::Validation("mode 应为 in_person、phone 或 video", "mode");
          }
          input.mode = *parsed;
        }
        if (const auto* findings = body.if_contains("findings");
            findings != nullptr && !findings->is_null()) {
          if (!findings->is_object()) {
            return core::Error::InvalidArgument("findings 应为对象", "findings");
          }
          for (const auto& [key, value] : findings->as_object()) {
            if (!value.is_bool()) {
              return core::Error::InvalidArgument("findings 的值应为 true 或 false", "findings");
            }
            input.findings[std::string(key)] = value.as_bool();
          }
        }
        ASSIGN_OR_RETURN(input.note, Text(body, "note"));
        ASSIGN_OR_RETURN(input.needs, ReadNeeds(body));
        ASSIGN_OR_RETURN(auto recorded, service.RecordVisit(id, input, request.Caller()));
        json::object out = VisitJson(recorded.first, service);
        json::array ids;
        for (int64_t need : recorded.second) ids.emplace_back(need);
        out["need_ids"] = std::move(ids);
        return Response::Json(out);
      },
      "record a visit and the needs it found"});

  routes.push_back(Route{"GET", "/api/v1/care/visits/{id}", Permission::kCareRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "走访任务"));
                           ASSIGN_OR_RETURN(auto detail, service.GetVisit(id, request.Caller()));
                           json::object out = VisitJson(detail.visit, service);
                           json::array photos;
                           for (const auto& photo : detail.photos) {
                             photos.push_back(VisitPhotoJson(photo));
                           }
                           out["photos"] = std::move(photos);
                           json::array needs;
                           for (const auto& need : detail.needs) needs.push_back(NeedJson(need));
                           out["needs"] = std::move(needs);
                           return Response::Json(out);
                         },
                         "a visit with its photos and the needs it found"});

  Route photo{"POST", "/api/v1/care/visits/{id}/photos", Permission::kCareVisit,
              [&service](Request& request) -> core::Result<Response> {
                ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "走访任务"));
                ASSIGN_OR_RETURN(auto photo,
                                 service.AddVisitPhoto(id, request.body, request.Caller()));
                return Response::Json(VisitPhotoJson(photo), 201);
              },
              "add a photo to a recorded visit (raw JPEG or PNG body, at most 5 MiB, 6 a visit)"};
  photo.body_limit = care::kMaxVisitPhotoBytes + 64 * 1024;
  routes.push_back(std::move(photo));

  routes.push_back(Route{"GET", "/api/v1/care/visits/{id}/photos/{photo_id}", Permission::kCareRead,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "走访任务"));
                           ASSIGN_OR_RETURN(int64_t photo_id, PathId(request, "photo_id", "照片"));
                           ASSIGN_OR_RETURN(
                               auto photo, service.VisitPhotoBytes(id, photo_id, request.Caller()));
                           Response response;
                           response.content_type = photo.first.content_type;
                           response.body = std::move(photo.second);
                           response.headers.emplace_back("Cache-Control", "private, no-store");
                           response.headers.emplace_back("X-Content-Type-Options", "nosniff");
                           return response;
                         },
                         "a visit photo's bytes (audited read)"});

  routes.push_back(Route{"POST", "/api/v1/care/visits/{id}/assign", Permission::kCareManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "走访任务"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto assignee, OptionalInt(body, "assignee_id"));
                           ASSIGN_OR_RETURN(auto visit,
                                            service.AssignVisit(id, assignee, request.Caller()));
                           return Response::Json(VisitJson(visit, service));
                         },
                         "give a visit to another worker"});

  routes.push_back(Route{
      "GET", "/api/v1/care/compliance", Permission::kCareRead,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(std::string place, [&]() -> core::Result<std::string> {
          auto value = request.Query("place");
          if (!value || value->empty()) {
            return core::Error::InvalidArgument("缺少参数 place", "place");
          }
          return *value;
        }());
        ASSIGN_OR_RETURN(auto report, service.Compliance(place, request.Query("month").value_or(""),
                                                         request.Caller()));
        json::object out;
        out["place"] = report.place_code;
        out["month"] = report.month;
        out["total"] = ComplianceRowJson({report.place_code, "", report.total});
        json::array places;
        for (const auto& row : report.places) places.push_back(ComplianceRowJson(row));
        out["places"] = std::move(places);
        json::array workers;
        for (const auto& row : report.workers) workers.push_back(ComplianceRowJson(row));
        out["workers"] = std::move(workers);
        return Response::Json(out);
      },
      "visits made against visits due, by place below and by worker"});

  routes.push_back(
      Route{"GET", "/api/v1/care/needs", Permission::kCareRead,
            [&service](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto status, EnumQuery(request, "status", care::kNeedStatusNames));
              ASSIGN_OR_RETURN(bool mine, FlagQuery(request, "mine"));
              ASSIGN_OR_RETURN(auto needs, service.ListNeeds(request.Query("place").value_or(""),
                                                             status, mine, request.Caller()));
              json::array items;
              for (const auto& need : needs) items.push_back(NeedJson(need));
              json::object out;
              out["items"] = std::move(items);
              return Response::Json(out);
            },
            "needs found for people in scope, most urgent first"});

  routes.push_back(Route{"POST", "/api/v1/care/needs", Permission::kCareVisit,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           care::NewNeed input;
                           ASSIGN_OR_RETURN(input.resident_id, RequiredInt(body, "resident_id"));
                           json::object wrapper;
                           wrapper["needs"] = json::array{body};
                           ASSIGN_OR_RETURN(auto needs, ReadNeeds(wrapper));
                           input.need = needs.at(0);
                           ASSIGN_OR_RETURN(auto need, service.CreateNeed(input, request.Caller()));
                           return Response::Json(NeedJson(need), 201);
                         },
                         "record a need for a person"});

  routes.push_back(Route{"POST", "/api/v1/care/needs/{id}/assign", Permission::kCareManage,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "需求"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(int64_t assignee, RequiredInt(body, "assignee_id"));
                           ASSIGN_OR_RETURN(auto need,
                                            service.AssignNeed(id, assignee, request.Caller()));
                           return Response::Json(NeedJson(need));
                         },
                         "assign a need to a worker"});

  routes.push_back(Route{
      "POST", "/api/v1/care/needs/{id}/refer", Permission::kCareVisit,
      [&service](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "需求"));
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        ASSIGN_OR_RETURN(std::string to, Text(body, "to"));
        const auto kind = care::kReferralKindNames.From(to);
        if (!kind) return core::Error::Validation("to 应为 event 或 service_request", "to");
        care::NeedReferral referral;
        referral.kind = *kind;
        ASSIGN_OR_RETURN(referral.code, Text(body, "code"));
        ASSIGN_OR_RETURN(referral.handling_mode, Text(body, "handling_mode"));
        ASSIGN_OR_RETURN(auto need, service.ReferNeed(id, referral, request.Caller()));
        return Response::Json(NeedJson(need));
      },
      "hand a need on in one step: an event of a category, or a service request for the person"});

  routes.push_back(Route{"POST", "/api/v1/care/needs/{id}/close", Permission::kCareVisit,
                         [&service](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "需求"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(std::string outcome, Text(body, "outcome"));
                           ASSIGN_OR_RETURN(auto need,
                                            service.CloseNeed(id, outcome, request.Caller()));
                           return Response::Json(NeedJson(need));
                         },
                         "close a need with its outcome"});

  return routes;
}

}  // namespace linli::http

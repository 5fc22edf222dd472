#include "http/service_requests/service_request_routes.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <memory>

#include "http/import_response.hpp"
#include "http/json_body.hpp"

// The fields each record sends as they are (FieldsJson); the writers below add the rest.
// A material's storage_name (its file in the store) is never sent.
namespace linli::service_requests {
BOOST_DESCRIBE_STRUCT(ServiceRequest, (),
                      (id, item_code, item_version, item_name, fully_online, promised_working_days,
                       applicant_id, applicant_name, community_code, place_code, note, slot_id,
                       received_at, deadline_at, overdue, completed_at, handling_working_days,
                       on_time, outcome, rating, rating_comment, rated_at, filed_by, filed_by_name,
                       created_at, updated_at))
BOOST_DESCRIBE_STRUCT(TransitionRecord, (), (id, action, actor_id, actor_name, reason, at))
BOOST_DESCRIBE_STRUCT(SampleForm, (),
                      (id, item_code, name, content_type, size_bytes, sm3_digest, uploaded_at))
BOOST_DESCRIBE_STRUCT(Material, (),
                      (id, request_id, name, content_type, size_bytes, sm3_digest, uploaded_by,
                       uploaded_by_name, uploaded_at))
}  // namespace linli::service_requests

namespace linli::http {

namespace json = boost::json;
namespace sr = service_requests;

namespace {

using access::Permission;

core::Result<std::optional<bool>> QueryBool(const Request& request, const char* name) {
  auto value = request.Query(name);
  if (!value || value->empty()) return std::optional<bool>();
  if (*value == "true" || *value == "1") return std::optional<bool>(true);
  if (*value == "false" || *value == "0") return std::optional<bool>(false);
  return core::Error::InvalidArgument(std::string("参数 ") + name + " 应为 true 或 false", name);
}

json::object SlotJson(const sr::AppointmentSlot& slot) {
  json::object out;
  out["id"] = slot.id;
  out["community_code"] = slot.community_code;
  out["desk"] = slot.desk;
  out["starts_at"] = slot.starts_at;
  out["ends_at"] = slot.ends_at;
  out["capacity"] = slot.capacity;
  out["booked"] = slot.booked;
  out["available"] = std::max(0, slot.capacity - slot.booked);
  return out;
}

json::object TransitionJson(const sr::TransitionRecord& record) {
  json::object out = FieldsJson(record);
  out["from_state"] =
      record.from_state
          ? json::value(std::string(service_requests::RequestStateName(*record.from_state)))
          : json::value(nullptr);
  out["to_state"] = service_requests::RequestStateName(record.to_state);
  return out;
}

json::object MaterialJson(const sr::Material& material) { return FieldsJson(material); }

// Public: who uploaded a form is not shown.
json::object SampleFormJson(const sr::SampleForm& form) {
  json::object out = FieldsJson(form);
  out["download_url"] =
      "/api/v1/service-items/" + form.item_code + "/forms/" + std::to_string(form.id);
  return out;
}

json::array SampleFormsJson(const std::vector<sr::SampleForm>& forms) {
  json::array out;
  for (const auto& form : forms) out.push_back(SampleFormJson(form));
  return out;
}

json::value Rate(int64_t part, int64_t whole) {
  if (whole <= 0) return nullptr;
  return static_cast<double>(part) / static_cast<double>(whole);
}

json::object FiguresRowJson(const sr::FiguresRow& row) {
  json::object out;
  out["key"] = row.key;
  out["name"] = row.name;
  out["requests"] = row.requests;
  out["online"] = row.online;
  out["online_rate"] = Rate(row.online, row.requests);
  out["completed"] = row.completed;
  out["on_time"] = row.on_time;
  out["on_time_rate"] = Rate(row.on_time, row.completed);
  out["mean_handling_working_days"] =
      row.completed > 0 ? json::value(static_cast<double>(row.handling_working_days_total) /
                                      static_cast<double>(row.completed))
                        : json::value(nullptr);
  out["overdue_open"] = row.overdue_open;
  return out;
}

// A request to file, from the body and the Idempotency-Key header.
core::Result<sr::NewRequest> ParseNewRequest(const Request& request) {
  ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
  sr::NewRequest input;
  ASSIGN_OR_RETURN(auto item_code, OptionalString(body, "item_code"));
  ASSIGN_OR_RETURN(auto channel, OptionalString(body, "channel"));
  ASSIGN_OR_RETURN(auto mode, OptionalString(body, "handling_mode"));
  ASSIGN_OR_RETURN(auto applicant, OptionalInt(body, "applicant_id"));
  ASSIGN_OR_RETURN(input.slot_id, OptionalInt(body, "slot_id"));
  ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
  input.item_code = item_code.value_or("");
  input.channel = channel.value_or("");
  input.handling_mode = mode.value_or("");
  input.applicant_id = applicant.value_or(0);
  input.note = note.value_or("");
  const std::string_view key = request.Header("idempotency-key");
  if (!key.empty()) input.idempotency_key = std::string(key);
  return input;
}

Response FiledResponse(const sr::FiledRequest& filed, PlaceNamer& namer) {
  Response response = Response::Json(RequestDetailJson(filed.detail, &namer), 201);
  if (filed.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

core::Result<sr::TransitionRequest> ParseTransition(const Request& request) {
  ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
  sr::TransitionRequest input;
  ASSIGN_OR_RETURN(auto action, OptionalString(body, "action"));
  if (!action || action->empty()) return core::Error::Validation("请选择操作", "action");
  input.action = *action;
  ASSIGN_OR_RETURN(auto reason, OptionalString(body, "reason"));
  ASSIGN_OR_RETURN(auto rating, OptionalInt(body, "rating"));
  ASSIGN_OR_RETURN(auto comment, OptionalString(body, "comment"));
  ASSIGN_OR_RETURN(auto outcome, OptionalString(body, "outcome"));
  input.reason = reason.value_or("");
  if (rating) {
    if (*rating < -1000 || *rating > 1000) {
      return core::Error::Validation("评价应为 1 到 5 星", "rating");
    }
    input.rating = static_cast<int>(*rating);
  }
  input.comment = comment.value_or("");
  input.outcome = outcome.value_or("");
  return input;
}

// A material's name: the query's `name`, else the X-File-Name header.
std::string MaterialName(const Request& request) {
  std::string name = request.Query("name").value_or("");
  if (name.empty()) name = std::string(request.Header("x-file-name"));
  return name;
}

Response MaterialDownload(std::pair<sr::Material, std::string> material) {
  Response response;
  response.content_type = material.first.content_type;
  response.body = std::move(material.second);
  response.headers.emplace_back("Content-Disposition", "attachment");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

json::object SlotsJson(const std::vector<sr::AppointmentSlot>& slots) {
  json::array items;
  for (const auto& slot : slots) items.push_back(SlotJson(slot));
  json::object out;
  out["items"] = std::move(items);
  return out;
}

core::Result<std::string> RequiredText(const json::object& body, const char* field,
                                       const char* message) {
  ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  if (!value || value->empty()) return core::Error::Validation(message, field);
  return std::move(*value);
}

}  // namespace

json::object CatalogueEntryJson(const sr::CatalogueEntry& entry) {
  json::object out = json::parse(service_requests::ServiceItemToJson(entry.item)).as_object();
  out["version"] = entry.item.version;
  out["category_label"] = service_requests::ServiceCategoryLabel(entry.item.category);
  out["current"] = entry.current;
  out["retired"] = entry.retired;
  out["created_at"] = entry.created_at;
  out["created_by"] = entry.created_by;
  out["offers_online_application"] = service_requests::OffersOnlineApplication(entry.item);
  out["offers_appointment"] = service_requests::OffersAppointment(entry.item);
  return out;
}

json::object ServiceRequestJson(const sr::ServiceRequest& r, PlaceNamer* namer) {
  json::object out = FieldsJson(r);
  const std::string& place = r.place_code.empty() ? r.community_code : r.place_code;
  out["place_name"] = namer ? (*namer)(place) : std::string();
  out["channel"] = service_requests::ChannelName(r.channel);
  out["handling_mode"] = service_requests::HandlingModeName(r.handling_mode);
  out["state"] = service_requests::RequestStateName(r.state);
  out["state_label"] = service_requests::RequestStateLabel(r.state);
  return out;
}

json::object RequestDetailJson(const sr::RequestDetail& detail, PlaceNamer* namer) {
  json::object out = ServiceRequestJson(detail.request, namer);
  json::array transitions;
  for (const auto& record : detail.transitions) transitions.push_back(TransitionJson(record));
  out["transitions"] = std::move(transitions);
  json::array materials;
  for (const auto& material : detail.materials) materials.push_back(MaterialJson(material));
  out["materials"] = std::move(materials);
  json::array actions;
  for (auto action : detail.allowed_actions)
    actions.push_back(json::value(service_requests::RequestActionName(action)));
  out["allowed_actions"] = std::move(actions);
  out["slot"] = detail.slot ? json::value(SlotJson(*detail.slot)) : json::value(nullptr);
  return out;
}

std::vector<Route> ServiceRequestRoutes(sr::CatalogueService& catalogue,
                                        sr::RequestService& requests, PlaceName place_name) {
  std::vector<Route> routes;
  // Routes hold their own copy of the lookup (each answer's namer refers to it).
  auto names = std::make_shared<const PlaceName>(std::move(place_name));

  // ----- catalogue (public reads) -----
  routes.push_back(Route{
      "GET", "/api/v1/service-items", std::nullopt,
      [&catalogue](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        sr::CatalogueQuery query;
        if (auto category = request.Query("category"); category && !category->empty()) {
          query.category = service_requests::ServiceCategoryFromName(*category);
          if (!query.category) return core::Error::Validation("不认识的事项类别", "category");
        }
        if (auto channel = request.Query("channel"); channel && !channel->empty()) {
          query.channel = service_requests::ChannelFromName(*channel);
          if (!query.channel) return core::Error::Validation("不认识的渠道", "channel");
        }
        if (auto mode = request.Query("mode"); mode && !mode->empty()) {
          query.mode = service_requests::HandlingModeFromName(*mode);
          if (!query.mode) return core::Error::Validation("不认识的办理方式", "mode");
        }
        ASSIGN_OR_RETURN(query.fully_online, QueryBool(request, "fully_online"));
        ASSIGN_OR_RETURN(auto retired, QueryBool(request, "include_retired"));
        query.include_retired = retired.value_or(false);
        query.text = request.Query("q").value_or("");
        ASSIGN_OR_RETURN(auto result, catalogue.List(query, page));
        return Response::Json(PageJson(result, CatalogueEntryJson));
      },
      "service catalogue (public; filters category, channel, mode, fully_online, q)"});

  routes.push_back(Route{
      "GET", "/api/v1/service-items/{code}", std::nullopt,
      [&catalogue](Request& request) -> core::Result<Response> {
        const std::string code = PathParam(request, "code");
        std::optional<int> version;
        if (auto text = request.Query("version"); text && !text->empty()) {
          int value = 0;
          auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
          if (error != std::errc() || end != text->data() + text->size() || value < 1) {
            return core::Error::InvalidArgument("参数 version 应为正整数", "version");
          }
          version = value;
        }
        ASSIGN_OR_RETURN(auto entry, catalogue.Get(code, version));
        ASSIGN_OR_RETURN(auto versions, catalogue.Versions(code));
        json::object out = CatalogueEntryJson(entry);
        json::array history;
        for (const auto& v : versions) {
          json::object item;
          item["version"] = v.item.version;
          item["name"] = v.item.name;
          item["current"] = v.current;
          item["created_at"] = v.created_at;
          item["created_by"] = v.created_by;
          history.push_back(std::move(item));
        }
        out["versions"] = std::move(history);
        ASSIGN_OR_RETURN(auto forms, catalogue.SampleForms(code));
        out["sample_forms"] = SampleFormsJson(forms);
        return Response::Json(out);
      },
      "one service item (the service guide) with its version history (public)"});

  // ----- catalogue edits -----
  routes.push_back(
      Route{"POST", "/api/v1/service-items", Permission::kCatalogueManage,
            [&catalogue](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto item, service_requests::ServiceItemFromJson(request.body));
              ASSIGN_OR_RETURN(auto entry, catalogue.Create(std::move(item), request.Caller()));
              return Response::Json(CatalogueEntryJson(entry), 201);
            },
            "add a service item (version 1)"});

  routes.push_back(Route{
      "PUT", "/api/v1/service-items/{code}", Permission::kCatalogueManage,
      [&catalogue](Request& request) -> core::Result<Response> {
        const std::string code = PathParam(request, "code");
        // The code and version in the body are ignored: the path names the item.
        ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
        body["code"] = code;
        body["version"] = 1;
        ASSIGN_OR_RETURN(auto item, service_requests::ServiceItemFromJson(json::serialize(body)));
        ASSIGN_OR_RETURN(auto entry, catalogue.Revise(code, std::move(item), request.Caller()));
        return Response::Json(CatalogueEntryJson(entry));
      },
      "revise a service item (a new version; requests keep theirs)"});

  for (const bool retire : {true, false}) {
    routes.push_back(Route{
        "POST",
        retire ? "/api/v1/service-items/{code}/retire" : "/api/v1/service-items/{code}/restore",
        Permission::kCatalogueManage,
        [&catalogue, retire](Request& request) -> core::Result<Response> {
          ASSIGN_OR_RETURN(auto entry, catalogue.SetRetired(PathParam(request, "code"), retire,
                                                            request.Caller()));
          return Response::Json(CatalogueEntryJson(entry));
        },
        retire ? "retire a service item (no new requests)" : "put a retired item back"});
  }

  // ----- sample forms (样表下载) -----
  routes.push_back(Route{"GET", "/api/v1/service-items/{code}/forms", std::nullopt,
                         [&catalogue](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto forms,
                                            catalogue.SampleForms(PathParam(request, "code")));
                           json::object out;
                           out["items"] = SampleFormsJson(forms);
                           return Response::Json(out);
                         },
                         "an item's sample forms (public)"});

  Route form_upload{
      "POST", "/api/v1/service-items/{code}/forms", Permission::kCatalogueManage,
      [&catalogue](Request& request) -> core::Result<Response> {
        std::string name = request.Query("name").value_or("");
        if (name.empty()) name = std::string(request.Header("x-file-name"));
        ASSIGN_OR_RETURN(auto form, catalogue.AddSampleForm(PathParam(request, "code"), name,
                                                            request.Header("content-type"),
                                                            request.body, request.Caller()));
        return Response::Json(SampleFormJson(form), 201);
      },
      "upload a sample form (raw body: PDF, DOCX or XLSX, up to 10 MiB; ?name= file name)"};
  form_upload.body_limit = static_cast<std::size_t>(sr::kMaxSampleFormBytes);
  routes.push_back(std::move(form_upload));

  routes.push_back(Route{
      "GET", "/api/v1/service-items/{code}/forms/{form_id}", std::nullopt,
      [&catalogue](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t form_id, PathId(request, "form_id", "样表"));
        ASSIGN_OR_RETURN(auto form, catalogue.ReadSampleForm(PathParam(request, "code"), form_id));
        const std::string& name = form.first.name;
        const size_t dot = name.rfind('.');
        const std::string extension = dot == std::string::npos ? "" : name.substr(dot);
        Response response;
        response.content_type = form.first.content_type;
        response.body = std::move(form.second);
        response.headers.emplace_back(
            "Content-Disposition",
            AttachmentDisposition("sample-form-" + std::to_string(form_id) + extension, name));
        return response;
      },
      "download one sample form (public; Content-Disposition with the Chinese file name)"});

  routes.push_back(Route{
      "DELETE", "/api/v1/service-items/{code}/forms/{form_id}", Permission::kCatalogueManage,
      [&catalogue](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t form_id, PathId(request, "form_id", "样表"));
        TRY(catalogue.DeleteSampleForm(PathParam(request, "code"), form_id, request.Caller()));
        return Response::NoContent();
      },
      "delete a sample form"});

  // ----- slots -----
  routes.push_back(
      Route{"POST", "/api/v1/appointment-slots", Permission::kServicesHandle,
            [&requests](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
              sr::NewSlot slot;
              ASSIGN_OR_RETURN(slot.community_code,
                               RequiredText(body, "community_code", "请填写社区编码（12 位）"));
              ASSIGN_OR_RETURN(slot.desk, RequiredText(body, "desk", "请填写办理窗口"));
              ASSIGN_OR_RETURN(slot.starts_at, RequiredInt(body, "starts_at"));
              ASSIGN_OR_RETURN(slot.ends_at, RequiredInt(body, "ends_at"));
              ASSIGN_OR_RETURN(int64_t capacity, RequiredInt(body, "capacity"));
              if (capacity < 1 || capacity > 1000) {
                return core::Error::Validation("容量应为 1 到 1000", "capacity");
              }
              slot.capacity = static_cast<int>(capacity);
              ASSIGN_OR_RETURN(auto created, requests.CreateSlot(slot, request.Caller()));
              return Response::Json(SlotJson(created), 201);
            },
            "open an appointment slot at a community desk"});

  routes.push_back(Route{"GET", "/api/v1/appointment-slots", Permission::kServicesRead,
                         [&requests](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto slots,
                                            requests.Slots(request.Query("community").value_or(""),
                                                           request.Query("date").value_or(""),
                                                           request.Caller()));
                           return Response::Json(SlotsJson(slots));
                         },
                         "slots of a community on a day"});

  // ----- requests -----
  routes.push_back(Route{"POST", "/api/v1/service-requests", Permission::kServicesHandle,
                         [&requests, names](Request& request) -> core::Result<Response> {
                           PlaceNamer namer(*names);
                           ASSIGN_OR_RETURN(auto input, ParseNewRequest(request));
                           ASSIGN_OR_RETURN(auto filed, requests.File(input, request.Caller()));
                           return FiledResponse(filed, namer);
                         },
                         "file a request for a resident at the window (Idempotency-Key header)"});

  routes.push_back(Route{
      "GET", "/api/v1/service-requests", Permission::kServicesRead,
      [&requests, names](Request& request) -> core::Result<Response> {
        PlaceNamer namer(*names);
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        sr::RequestQuery query;
        query.place_prefix = request.Query("place").value_or("");
        if (!query.place_prefix.empty() &&
            (query.place_prefix.size() > 17 ||
             query.place_prefix.find_first_not_of("0123456789") != std::string::npos)) {
          return core::Error::Validation("地区编码应为数字", "place");
        }
        if (auto state = request.Query("state"); state && !state->empty()) {
          query.state = service_requests::RequestStateFromName(*state);
          if (!query.state) return core::Error::Validation("不认识的状态", "state");
        }
        query.item_code = request.Query("item").value_or("");
        if (auto applicant = request.Query("applicant"); applicant && !applicant->empty()) {
          auto id = ParseId(*applicant, "申请人");
          if (!id.ok()) return core::Error::Validation("申请人编号应为正整数", "applicant");
          query.applicant_id = *id;
        }
        ASSIGN_OR_RETURN(auto overdue, QueryBool(request, "overdue"));
        query.overdue_only = overdue.value_or(false);
        ASSIGN_OR_RETURN(auto result, requests.List(query, request.Caller(), page));
        return Response::Json(PageJson(result, [&namer](const sr::ServiceRequest& r) {
          return ServiceRequestJson(r, &namer);
        }));
      },
      "requests in scope (filters place, state, item, applicant, overdue)"});

  routes.push_back(Route{"GET", "/api/v1/service-requests/{id}", Permission::kServicesRead,
                         [&requests, names](Request& request) -> core::Result<Response> {
                           PlaceNamer namer(*names);
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
                           ASSIGN_OR_RETURN(auto detail, requests.Get(id, request.Caller()));
                           return Response::Json(RequestDetailJson(detail, &namer));
                         },
                         "one request with transitions, materials and allowed actions"});

  routes.push_back(Route{
      "POST", "/api/v1/service-requests/{id}/transitions", Permission::kServicesHandle,
      [&requests, names](Request& request) -> core::Result<Response> {
        PlaceNamer namer(*names);
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
        ASSIGN_OR_RETURN(auto input, ParseTransition(request));
        ASSIGN_OR_RETURN(auto detail, requests.Apply(id, input, request.Caller()));
        return Response::Json(RequestDetailJson(detail, &namer));
      },
      "apply an action (accept, reject, start, return_for_material, resubmit, complete, close, "
      "withdraw, rate)"});

  Route upload{
      "POST", "/api/v1/service-requests/{id}/materials", Permission::kServicesHandle,
      [&requests](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
        ASSIGN_OR_RETURN(auto material, requests.AddMaterial(id, MaterialName(request),
                                                             request.Header("content-type"),
                                                             request.body, request.Caller()));
        return Response::Json(MaterialJson(material), 201);
      },
      "upload one material (raw body: application/pdf, image/jpeg or image/png, up to 10 MiB)"};
  upload.body_limit = static_cast<std::size_t>(sr::kMaxMaterialBytes);
  routes.push_back(std::move(upload));

  routes.push_back(Route{
      "GET", "/api/v1/service-requests/{id}/materials/{material_id}", Permission::kServicesRead,
      [&requests](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
        ASSIGN_OR_RETURN(int64_t material_id, PathId(request, "material_id", "材料"));
        ASSIGN_OR_RETURN(auto material, requests.ReadMaterial(id, material_id, request.Caller()));
        return MaterialDownload(std::move(material));
      },
      "download one material"});

  // ----- desk and figures -----
  routes.push_back(Route{"GET", "/api/v1/service-desk/queue", Permission::kServicesRead,
                         [&requests, names](Request& request) -> core::Result<Response> {
                           PlaceNamer namer(*names);
                           ASSIGN_OR_RETURN(auto queue,
                                            requests.Queue(request.Query("community").value_or(""),
                                                           request.Caller()));
                           json::object out;
                           out["community_code"] = queue.community_code;
                           out["date"] = queue.date;
                           out["overdue_count"] = queue.overdue_count;
                           json::array open;
                           for (const auto& item : queue.requests)
                             open.push_back(ServiceRequestJson(item, &namer));
                           out["requests"] = std::move(open);
                           json::array appointments;
                           for (const auto& [item, slot] : queue.appointments) {
                             json::object entry;
                             entry["request"] = ServiceRequestJson(item, &namer);
                             entry["slot"] = SlotJson(slot);
                             appointments.push_back(std::move(entry));
                           }
                           out["appointments"] = std::move(appointments);
                           return Response::Json(out);
                         },
                         "the one-window desk's queue of the day for a community"});

  routes.push_back(Route{
      "GET", "/api/v1/service-figures", Permission::kServicesRead,
      [&requests](Request& request) -> core::Result<Response> {
        sr::FiguresRequest input;
        input.group_by = request.Query("group_by").value_or("community");
        input.place = request.Query("division").value_or("");
        input.from = request.Query("from").value_or("");
        input.to = request.Query("to").value_or("");
        ASSIGN_OR_RETURN(auto figures, requests.ComputeFigures(input, request.Caller()));
        json::object out;
        out["group_by"] = sr::FiguresGroupingName(figures.group_by);
        json::array rows;
        for (const auto& row : figures.rows) rows.push_back(FiguresRowJson(row));
        out["rows"] = std::move(rows);
        out["total"] = FiguresRowJson(figures.total);
        return Response::Json(out);
      },
      "online handling rate, on-time rate, mean handling time by item/community/town/county"});

  // ----- a resident's own requests (self.services; decision 0026) -----
  routes.push_back(Route{
      "GET", "/api/v1/me/requests", Permission::kSelfServices,
      [&requests, names](Request& request) -> core::Result<Response> {
        PlaceNamer namer(*names);
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        sr::RequestQuery query;
        if (auto state = request.Query("state"); state && !state->empty()) {
          query.state = service_requests::RequestStateFromName(*state);
          if (!query.state) return core::Error::Validation("不认识的状态", "state");
        }
        ASSIGN_OR_RETURN(auto result, requests.ListOwn(query, request.Caller(), page));
        return Response::Json(PageJson(result, [&namer](const sr::ServiceRequest& r) {
          return ServiceRequestJson(r, &namer);
        }));
      },
      "my own requests, newest first (filter state)"});

  routes.push_back(Route{"POST", "/api/v1/me/requests", Permission::kSelfServices,
                         [&requests, names](Request& request) -> core::Result<Response> {
                           PlaceNamer namer(*names);
                           ASSIGN_OR_RETURN(auto input, ParseNewRequest(request));
                           ASSIGN_OR_RETURN(auto filed, requests.FileOwn(input, request.Caller()));
                           return FiledResponse(filed, namer);
                         },
                         "apply online for myself (channel web or mobile; Idempotency-Key)"});

  routes.push_back(Route{"GET", "/api/v1/me/requests/{id}", Permission::kSelfServices,
                         [&requests, names](Request& request) -> core::Result<Response> {
                           PlaceNamer namer(*names);
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
                           ASSIGN_OR_RETURN(auto detail, requests.GetOwn(id, request.Caller()));
                           return Response::Json(RequestDetailJson(detail, &namer));
                         },
                         "one of my requests with its progress and materials"});

  routes.push_back(Route{"POST", "/api/v1/me/requests/{id}/transitions", Permission::kSelfServices,
                         [&requests, names](Request& request) -> core::Result<Response> {
                           PlaceNamer namer(*names);
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
                           ASSIGN_OR_RETURN(auto input, ParseTransition(request));
                           ASSIGN_OR_RETURN(auto detail,
                                            requests.ApplyOwn(id, input, request.Caller()));
                           return Response::Json(RequestDetailJson(detail, &namer));
                         },
                         "withdraw, resubmit or rate one of my requests"});

  Route own_upload{"POST", "/api/v1/me/requests/{id}/materials", Permission::kSelfServices,
                   [&requests](Request& request) -> core::Result<Response> {
                     ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
                     ASSIGN_OR_RETURN(auto material,
                                      requests.AddOwnMaterial(id, MaterialName(request),
                                                              request.Header("content-type"),
                                                              request.body, request.Caller()));
                     return Response::Json(MaterialJson(material), 201);
                   },
                   "upload a material to one of my requests (as the desk's upload)"};
  own_upload.body_limit = static_cast<std::size_t>(sr::kMaxMaterialBytes);
  routes.push_back(std::move(own_upload));

  routes.push_back(
      Route{"GET", "/api/v1/me/requests/{id}/materials/{material_id}", Permission::kSelfServices,
            [&requests](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "申请"));
              ASSIGN_OR_RETURN(int64_t material_id, PathId(request, "material_id", "材料"));
              ASSIGN_OR_RETURN(auto material,
                               requests.ReadOwnMaterial(id, material_id, request.Caller()));
              return MaterialDownload(std::move(material));
            },
            "download a material of one of my requests"});

  routes.push_back(Route{"GET", "/api/v1/me/appointment-slots", Permission::kSelfServices,
                         [&requests](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto slots,
                                            requests.OwnSlots(request.Query("date").value_or(""),
                                                              request.Caller()));
                           return Response::Json(SlotsJson(slots));
                         },
                         "my community's appointment slots on a day"});

  return routes;
}

}  // namespace linli::http

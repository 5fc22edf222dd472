// HTTP handlers of home services (docs/api.md, "Home services"): the services and subsidies,
// providers (homecare.read / homecare.manage), statements, orders (homecare.read /
// homecare.order), entitlements, and a provider's staff serving its orders (homecare.serve).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cmath>
#include <string>

#include "core/tabular/xlsx_writer.hpp"
#include "engines/accessibility/geo.hpp"
#include "http/care/care_routes.hpp"
#include "http/import_response.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"

namespace linli::care {
BOOST_DESCRIBE_STRUCT(HomeOrder, (),
                      (id, resident_id, resident_name, place_code, place_name, address, provider_id,
                       provider_name, service, units, note, wanted_on, scheduled_at, checkin_at,
                       checkout_at, service_note, rating, rating_note, cancel_reason,
                       created_by_name, created_at, updated_at, synthetic))
}  // namespace linli::care

namespace linli::http {

namespace json = boost::json;

namespace {

using access::Permission;
using care::HomeServices;

double Yuan(int64_t cents) { return static_cast<double>(cents) / 100.0; }

core::Result<int64_t> Cents(double yuan, const char* field) {
  if (!std::isfinite(yuan) || yuan < 0 || yuan > 10000) {
    return core::Error::Validation("价格应在 0–10000 元之间", field);
  }
  return static_cast<int64_t>(std::llround(yuan * 100.0));
}

std::string ServiceName(const HomeServices& s, const std::string& code) {
  const auto* service = s.rules().Find(code);
  return service ? service->name : code;
}

std::string UnitOf(const HomeServices& s, const std::string& code) {
  const auto* service = s.rules().Find(code);
  return service ? service->unit : "";
}

json::array PlacesJson(const std::vector<care::Place>& places) {
  json::array out;
  for (const auto& p : places) out.push_back(json::object{{"code", p.code}, {"name", p.name}});
  return out;
}

json::object ProviderJson(const care::Provider& p, const HomeServices& s, bool detail) {
  json::object out;
  out["id"] = p.id;
  out["name"] = p.name;
  out["kind"] = care::kProviderKindNames.Name(p.kind);
  out["kind_label"] = care::kProviderKindNames.Label(p.kind);
  out["facility_id"] = OrNull(p.facility_id);
  out["facility_name"] = p.facility_name;
  out["credit_code"] = p.credit_code;
  out["place_code"] = p.place_code;
  out["place_name"] = p.place_name;
  out["areas"] = PlacesJson(p.areas);
  json::array services;
  for (const auto& offer : p.services) {
    services.push_back(json::object{{"service", offer.service},
                                    {"service_name", ServiceName(s, offer.service)},
                                    {"unit", UnitOf(s, offer.service)},
                                    {"price", Yuan(offer.price_cents)}});
  }
  out["services"] = std::move(services);
  json::array qualifications;
  for (const auto& q : p.qualifications) {
    qualifications.push_back(
        json::object{{"name", q.name}, {"number", q.number}, {"valid_until", q.valid_until}});
  }
  out["qualifications"] = std::move(qualifications);
  out["contact_name"] = p.contact_name;
  out["contact_phone"] = p.contact_phone;
  out["status"] = care::kProviderStatusNames.Name(p.status);
  out["status_label"] = care::kProviderStatusNames.Label(p.status);
  if (detail) {
    json::array staff;
    for (const auto& [username, display_name] : p.staff) {
      staff.push_back(json::object{{"username", username}, {"display_name", display_name}});
    }
    out["staff"] = std::move(staff);
  }
  out["created_at"] = p.created_at;
  out["updated_at"] = p.updated_at;
  out["synthetic"] = p.synthetic;
  return out;
}

json::value DistanceJson(const care::HomeOrder& o, const std::optional<double>& lat,
                         const std::optional<double>& lon) {
  if (!lat || !lon || !o.home_lat || !o.home_lon) return nullptr;
  return std::round(accessibility::HaversineMetres({*lat, *lon}, {*o.home_lat, *o.home_lon}));
}

json::object OrderJson(const care::HomeOrder& o, const HomeServices& s,
                       const std::optional<std::string>& phone) {
  json::object out = FieldsJson(o);
  out["service_name"] = ServiceName(s, o.service);
  out["unit"] = UnitOf(s, o.service);
  out["price"] = Yuan(o.price_cents);
  out["status"] = care::kOrderStatusNames.Name(o.status);
  out["status_label"] = care::kOrderStatusNames.Label(o.status);
  out["ordered_by"] = care::kOrderedByNames.Name(o.ordered_by);
  out["ordered_by_label"] = care::kOrderedByNames.Label(o.ordered_by);
  out["checkin_distance_m"] = DistanceJson(o, o.checkin_lat, o.checkin_lon);
  out["checkout_distance_m"] = DistanceJson(o, o.checkout_lat, o.checkout_lon);
  const bool done = o.status == care::OrderStatus::kDone;
  out["amount"] = done ? json::value(Yuan(o.amount_cents)) : json::value(nullptr);
  out["subsidy"] = done ? json::value(Yuan(o.subsidy_cents)) : json::value(nullptr);
  out["self_pay"] =
      done ? json::value(Yuan(o.amount_cents - o.subsidy_cents)) : json::value(nullptr);
  out["subsidy_units"] = o.subsidy_units;
  out["contact_phone"] = phone ? TextOrNull(*phone) : json::value(nullptr);
  return out;
}

json::object ViewJson(const care::OrderView& view, const HomeServices& s) {
  return OrderJson(view.order, s, view.contact_phone);
}

json::object TotalsJson(const care::StatementTotals& t) {
  return json::object{{"orders", t.orders},
                      {"units", t.units},
                      {"amount", Yuan(t.amount_cents)},
                      {"subsidy", Yuan(t.subsidy_cents)},
                      {"self_pay", Yuan(t.amount_cents - t.subsidy_cents)}};
}

json::object StatementJson(const care::Statement& st, const HomeServices& s) {
  json::object out;
  out["provider_id"] = st.provider.id;
  out["provider_name"] = st.provider.name;
  out["month"] = st.month;
  json::array lines;
  for (const auto& line : st.lines) {
    lines.push_back(json::object{{"order_id", line.order_id},
                                 {"resident_name", line.resident_name},
                                 {"service", line.service},
                                 {"service_name", ServiceName(s, line.service)},
                                 {"done_at", line.done_at},
                                 {"units", line.units},
                                 {"price", Yuan(line.price_cents)},
                                 {"amount", Yuan(line.amount_cents)},
                                 {"subsidy", Yuan(line.subsidy_cents)},
                                 {"self_pay", Yuan(line.amount_cents - line.subsidy_cents)}});
  }
  out["lines"] = std::move(lines);
  out["totals"] = TotalsJson(st.totals);
  if (st.closed) {
    json::object closed = TotalsJson(st.closed->totals);
    closed["closed_at"] = st.closed->closed_at;
    closed["closed_by_name"] = st.closed->closed_by_name;
    out["closed"] = std::move(closed);
    out["balances"] = st.closed->totals == st.totals;
  } else {
    out["closed"] = nullptr;
    out["balances"] = nullptr;
  }
  return out;
}

core::Result<std::vector<std::string>> StringList(const json::object& body, const char* field) {
  std::vector<std::string> out;
  const json::value* value = body.if_contains(field);
  if (value == nullptr || value->is_null()) return out;
  if (!value->is_array())
    return core::Error::InvalidArgument(std::string(field) + " 应为数组", field);
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) {
      return core::Error::InvalidArgument(std::string(field) + " 的每一项应为文本", field);
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

core::Result<care::ProviderInput> ReadProvider(const json::object& body, bool update) {
  care::ProviderInput in;
  ASSIGN_OR_RETURN(in.name, RequiredString(body, "name"));
  ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
  const auto parsed_kind = care::kProviderKindNames.From(kind);
  if (!parsed_kind) return core::Error::Validation("kind 应为 organisation 或 facility", "kind");
  in.kind = *parsed_kind;
  ASSIGN_OR_RETURN(in.facility_id, OptionalInt(body, "facility_id"));
  ASSIGN_OR_RETURN(auto credit, OptionalString(body, "credit_code"));
  in.credit_code = credit.value_or("");
  ASSIGN_OR_RETURN(in.place_code, RequiredString(body, "place_code"));
  ASSIGN_OR_RETURN(in.areas, StringList(body, "areas"));
  const json::value* services = body.if_contains("services");
  if (services == nullptr || !services->is_array()) {
    return core::Error::InvalidArgument("services 应为数组", "services");
  }
  for (const auto& item : services->as_array()) {
    if (!item.is_object())
      return core::Error::InvalidArgument("services 的每一项应为对象", "services");
    care::ProviderOffer offer;
    ASSIGN_OR_RETURN(offer.service, RequiredString(item.as_object(), "service"));
    ASSIGN_OR_RETURN(auto price, OptionalNumber(item.as_object(), "price"));
    if (!price) return core::Error::InvalidArgument("缺少字段 price", "services");
    ASSIGN_OR_RETURN(offer.price_cents, Cents(*price, "services"));
    in.services.push_back(std::move(offer));
  }
  if (const json::value* list = body.if_contains("qualifications"); list && !list->is_null()) {
    if (!list->is_array()) {
      return core::Error::InvalidArgument("qualifications 应为数组", "qualifications");
    }
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) {
        return core::Error::InvalidArgument("qualifications 的每一项应为对象", "qualifications");
      }
      care::Qualification q;
      ASSIGN_OR_RETURN(auto name, OptionalString(item.as_object(), "name"));
      ASSIGN_OR_RETURN(auto number, OptionalString(item.as_object(), "number"));
      ASSIGN_OR_RETURN(auto until, OptionalString(item.as_object(), "valid_until"));
      q.name = name.value_or("");
      q.number = number.value_or("");
      q.valid_until = until.value_or("");
      in.qualifications.push_back(std::move(q));
    }
  }
  ASSIGN_OR_RETURN(in.contact_name, RequiredString(body, "contact_name"));
  ASSIGN_OR_RETURN(in.contact_phone, RequiredString(body, "contact_phone"));
  if (update) {
    ASSIGN_OR_RETURN(auto status, OptionalString(body, "status"));
    if (status) {
      const auto parsed = care::kProviderStatusNames.From(*status);
      if (!parsed) return core::Error::Validation("status 应为 active 或 suspended", "status");
      in.status = *parsed;
    }
  }
  return in;
}

core::Result<care::OrderQuery> ReadOrderQuery(const Request& request) {
  care::OrderQuery query;
  query.place_prefix = request.Query("place").value_or("");
  ASSIGN_OR_RETURN(query.provider_id, IdQuery(request, "provider"));
  ASSIGN_OR_RETURN(query.status, EnumQuery(request, "status", care::kOrderStatusNames));
  query.service = request.Query("service").value_or("");
  query.month = request.Query("month").value_or("");
  ASSIGN_OR_RETURN(query.resident_id, IdQuery(request, "resident"));
  query.date = request.Query("date").value_or("");
  ASSIGN_OR_RETURN(query.page,
                   core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
  return query;
}

core::Result<std::pair<std::optional<double>, std::optional<double>>> ReadLocation(
    const json::object& body) {
  ASSIGN_OR_RETURN(auto lat, OptionalNumber(body, "lat"));
  ASSIGN_OR_RETURN(auto lon, OptionalNumber(body, "lon"));
  return std::make_pair(lat, lon);
}

core::Result<json::object> BodyOrEmpty(const Request& request) {
  if (request.body.empty()) return json::object();
  return ParseJsonObject(request.body);
}

// Cancelling and rating an order read the same body whoever asks: the workers' routes
// (homecare.order, by place) and the person's own (self.services, by the account's binding) differ
// only in the service call that finds the order.
using CancelCall = core::Result<care::OrderView> (HomeServices::*)(int64_t, std::string_view,
                                                                   const access::Caller&);
using RateCall = core::Result<care::OrderView> (HomeServices::*)(int64_t, int64_t, std::string_view,
                                                                 const access::Caller&);

Route CancelRoute(HomeServices& s, std::string pattern, Permission permission, CancelCall cancel,
                  std::string summary) {
  return Route{"POST", std::move(pattern), permission,
               [&s, cancel](Request& request) -> core::Result<Response> {
                 ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "订单"));
                 ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                 ASSIGN_OR_RETURN(std::string reason, RequiredString(body, "reason"));
                 ASSIGN_OR_RETURN(auto view, (s.*cancel)(id, reason, request.Caller()));
                 return Response::Json(ViewJson(view, s));
               },
               std::move(summary)};
}

Route RateRoute(HomeServices& s, std::string pattern, Permission permission, RateCall rate,
                std::string summary) {
  return Route{"POST", std::move(pattern), permission,
               [&s, rate](Request& request) -> core::Result<Response> {
                 ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "订单"));
                 ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                 ASSIGN_OR_RETURN(int64_t rating, RequiredInt(body, "rating"));
                 ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
                 ASSIGN_OR_RETURN(auto view,
                                  (s.*rate)(id, rating, note.value_or(""), request.Caller()));
                 return Response::Json(ViewJson(view, s));
               },
               std::move(summary)};
}

}  // namespace

std::vector<Route> HomeServiceRoutes(HomeServices& s, ImportGate& imports) {
  std::vector<Route> routes;

  routes.push_back(
      Route{"GET", "/api/v1/home-services", Permission::kHomecareRead,
            [&s](Request&) -> core::Result<Response> {
              json::array services;
              for (const auto& service : s.rules().services) {
                services.push_back(json::object{
                    {"code", service.code}, {"name", service.name}, {"unit", service.unit}});
              }
              json::array subsidies;
              for (const auto& subsidy : s.rules().subsidies) {
                json::object monthly;
                for (const auto& [code, units] : subsidy.monthly) {
                  monthly[code] = units;
                }
                subsidies.push_back(json::object{{"code", subsidy.code},
                                                 {"name", subsidy.name},
                                                 {"basis", subsidy.basis},
                                                 {"condition", care::Describe(subsidy.when)},
                                                 {"monthly", std::move(monthly)}});
              }
              json::object out;
              out["services"] = std::move(services);
              out["subsidies"] = std::move(subsidies);
              out["elderly_age"] = s.rules().elderly_age;
              return Response::Json(out);
            },
            "home services for the elderly and the subsidies that pay for them"});

  // A query of the providers list (also the export's).
  const auto provider_query = [](Request& request) -> core::Result<care::ProviderQuery> {
    care::ProviderQuery query;
    query.place_prefix = request.Query("place").value_or("");
    query.service = request.Query("service").value_or("");
    ASSIGN_OR_RETURN(query.status, EnumQuery(request, "status", care::kProviderStatusNames));
    query.name = request.Query("q").value_or("");
    return query;
  };

  routes.push_back(Route{
      "GET", "/api/v1/providers", Permission::kHomecareRead,
      [&s, provider_query](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto query, provider_query(request));
        ASSIGN_OR_RETURN(query.page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto page, s.ListProviders(query, request.Caller()));
        return Response::Json(
            PageJson(page, [&s](const care::Provider& p) { return ProviderJson(p, s, false); }));
      },
      "home-service providers registered or serving in scope"});

  routes.push_back(Route{
      "GET", "/api/v1/providers/import-template.xlsx", Permission::kHomecareManage,
      [](Request&) -> core::Result<Response> {
        tabular::XlsxWriteOptions options;
        options.sheet_name = "服务商";
        ASSIGN_OR_RETURN(auto bytes,
                         tabular::WriteXlsxToBytes(HomeServices::ProviderTemplate(), options));
        return XlsxAttachment(std::move(bytes), "providers-template.xlsx", "服务商导入模板.xlsx");
      },
      "the providers import template (.xlsx)"});

  routes.push_back(imports.MakeRoute(
      "/api/v1/providers/import", Permission::kHomecareManage,
      ImportRoute{&HomeServices::ProviderErrorCopy, "provider-import-errors.xlsx",
                  "服务商导入错误.xlsx"},
      [&s](Request& request, const tabular::Table& table,
           const tabular::ImportOptions& options) -> core::Result<ImportAnswer> {
        ASSIGN_OR_RETURN(auto outcome, s.ImportProviders(table, request.Caller(), options));
        json::object body;
        body["rows"] = outcome.rows;
        body["imported"] = outcome.imported;
        body["written"] = outcome.written;
        body["dry_run"] = options.dry_run;
        return ImportAnswer{std::move(outcome), std::move(body)};
      },
      "import providers from an .xlsx or .csv body (all or nothing)"));

  routes.push_back(Route{"GET", "/api/v1/providers/export.xlsx", Permission::kHomecareRead,
                         [&s, provider_query](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto query, provider_query(request));
                           ASSIGN_OR_RETURN(auto table, s.ExportProviders(query, request.Caller()));
                           tabular::XlsxWriteOptions options;
                           options.sheet_name = "服务商";
                           ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsxToBytes(table, options));
                           return XlsxAttachment(std::move(bytes), "providers.xlsx", "服务商.xlsx");
                         },
                         "the providers in scope as .xlsx"});

  routes.push_back(Route{"POST", "/api/v1/providers", Permission::kHomecareManage,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto input, ReadProvider(body, false));
                           ASSIGN_OR_RETURN(auto provider,
                                            s.CreateProvider(input, request.Caller()));
                           return Response::Json(ProviderJson(provider, s, true), 201);
                         },
                         "register a provider"});

  routes.push_back(Route{"GET", "/api/v1/providers/{id}", Permission::kHomecareRead,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "服务商"));
                           ASSIGN_OR_RETURN(auto provider, s.GetProvider(id, request.Caller()));
                           return Response::Json(ProviderJson(provider, s, true));
                         },
                         "a provider with its staff"});

  routes.push_back(Route{"PUT", "/api/v1/providers/{id}", Permission::kHomecareManage,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "服务商"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(auto input, ReadProvider(body, true));
                           ASSIGN_OR_RETURN(auto provider,
                                            s.UpdateProvider(id, input, request.Caller()));
                           return Response::Json(ProviderJson(provider, s, true));
                         },
                         "change or suspend a provider"});

  routes.push_back(
      Route{"GET", "/api/v1/providers/{id}/statements/{month}", Permission::kHomecareRead,
            [&s](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "服务商"));
              ASSIGN_OR_RETURN(auto statement,
                               s.GetStatement(id, request.path_params["month"], request.Caller()));
              return Response::Json(StatementJson(statement, s));
            },
            "a provider's monthly statement: the done orders, totals, and whether it balances"});

  routes.push_back(Route{
      "POST", "/api/v1/providers/{id}/statements/{month}/close", Permission::kHomecareManage,
      [&s](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "服务商"));
        ASSIGN_OR_RETURN(auto statement,
                         s.CloseStatement(id, request.path_params["month"], request.Caller()));
        return Response::Json(StatementJson(statement, s));
      },
      "close a provider's month: its totals frozen"});

  routes.push_back(Route{"GET", "/api/v1/home-orders", Permission::kHomecareRead,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto query, ReadOrderQuery(request));
                           ASSIGN_OR_RETURN(auto page, s.ListOrders(query, request.Caller()));
                           return Response::Json(PageJson(page, [&s](const care::HomeOrder& o) {
                             return OrderJson(o, s, std::nullopt);
                           }));
                         },
                         "home-service orders in scope, newest first"});

  routes.push_back(Route{"POST", "/api/v1/home-orders", Permission::kHomecareOrder,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           care::NewOrder in;
                           ASSIGN_OR_RETURN(in.resident_id, RequiredInt(body, "resident_id"));
                           ASSIGN_OR_RETURN(in.provider_id, RequiredInt(body, "provider_id"));
                           ASSIGN_OR_RETURN(in.service, RequiredString(body, "service"));
                           ASSIGN_OR_RETURN(in.units, RequiredInt(body, "units"));
                           ASSIGN_OR_RETURN(in.wanted_on, RequiredString(body, "wanted_on"));
                           ASSIGN_OR_RETURN(std::string by, RequiredString(body, "ordered_by"));
                           const auto ordered_by = care::kOrderedByNames.From(by);
                           if (!ordered_by) {
                             return core::Error::Validation(
                                 "ordered_by 应为 self、relative 或 worker", "ordered_by");
                           }
                           in.ordered_by = *ordered_by;
                           ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
                           in.note = note.value_or("");
                           ASSIGN_OR_RETURN(auto view, s.PlaceOrder(in, request.Caller()));
                           return Response::Json(ViewJson(view, s), 201);
                         },
                         "place an order for an elderly person"});

  routes.push_back(Route{"GET", "/api/v1/home-orders/{id}", Permission::kHomecareRead,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "订单"));
                           ASSIGN_OR_RETURN(auto view, s.GetOrder(id, request.Caller()));
                           return Response::Json(ViewJson(view, s));
                         },
                         "an order (its contact phone masked unless the caller may see it)"});

  routes.push_back(CancelRoute(s, "/api/v1/home-orders/{id}/cancel", Permission::kHomecareOrder,
                               &HomeServices::CancelOrder, "cancel an order not yet served"));

  routes.push_back(RateRoute(s, "/api/v1/home-orders/{id}/rating", Permission::kHomecareOrder,
                             &HomeServices::RateOrder,
                             "the elderly person's rating of a done order"));

  // The elderly person's own orders (the account bound to the person; never by place).
  routes.push_back(Route{"GET", "/api/v1/me/home-providers", Permission::kSelfServices,
                         [&s](Request& request) -> core::Result<Response> {
                           const std::string service = request.Query("service").value_or("");
                           ASSIGN_OR_RETURN(auto offers, s.OwnOffers(service, request.Caller()));
                           json::array items;
                           for (const auto& offer : offers) {
                             items.push_back(
                                 json::object{{"id", offer.provider_id},
                                              {"name", offer.provider_name},
                                              {"phone", offer.phone},
                                              {"service", offer.service},
                                              {"service_name", ServiceName(s, offer.service)},
                                              {"unit", UnitOf(s, offer.service)},
                                              {"price", Yuan(offer.price_cents)}});
                           }
                           json::object out;
                           out["items"] = std::move(items);
                           return Response::Json(out);
                         },
                         "the providers' offers that reach the signed-in person"});

  routes.push_back(Route{
      "GET", "/api/v1/me/home-orders", Permission::kSelfServices,
      [&s](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        ASSIGN_OR_RETURN(auto orders, s.OwnOrders(page, request.Caller()));
        return Response::Json(
            PageJson(orders, [&s](const care::OrderView& v) { return ViewJson(v, s); }));
      },
      "the signed-in person's own home-service orders, newest first"});

  routes.push_back(Route{"POST", "/api/v1/me/home-orders", Permission::kSelfServices,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           care::NewOrder in;
                           ASSIGN_OR_RETURN(in.provider_id, RequiredInt(body, "provider_id"));
                           ASSIGN_OR_RETURN(in.service, RequiredString(body, "service"));
                           ASSIGN_OR_RETURN(in.units, RequiredInt(body, "units"));
                           ASSIGN_OR_RETURN(in.wanted_on, RequiredString(body, "wanted_on"));
                           ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
                           in.note = note.value_or("");
                           ASSIGN_OR_RETURN(auto view, s.PlaceOwnOrder(in, request.Caller()));
                           return Response::Json(ViewJson(view, s), 201);
                         },
                         "the signed-in elderly person orders a home service"});

  routes.push_back(CancelRoute(s, "/api/v1/me/home-orders/{id}/cancel", Permission::kSelfServices,
                               &HomeServices::CancelOwnOrder,
                               "cancel one's own order not yet served"));

  routes.push_back(RateRoute(s, "/api/v1/me/home-orders/{id}/rating", Permission::kSelfServices,
                             &HomeServices::RateOwnOrder, "rate one's own done order"));

  routes.push_back(
      Route{"GET", "/api/v1/home-entitlements/{resident_id}", Permission::kHomecareRead,
            [&s](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "resident_id", "居民"));
              std::string month = request.Query("month").value_or("");
              if (month.empty()) month = s.ThisMonth();
              ASSIGN_OR_RETURN(auto entitlements, s.EntitlementsOf(id, month, request.Caller()));
              json::array services;
              for (const auto& e : entitlements) {
                json::array codes;
                for (const auto& code : e.subsidies) codes.emplace_back(code);
                services.push_back(json::object{{"service", e.service},
                                                {"service_name", ServiceName(s, e.service)},
                                                {"unit", UnitOf(s, e.service)},
                                                {"entitled", e.entitled},
                                                {"used", e.used},
                                                {"remaining", e.remaining()},
                                                {"subsidies", std::move(codes)}});
              }
              json::object out;
              out["resident_id"] = id;
              out["month"] = month;
              out["services"] = std::move(services);
              return Response::Json(out);
            },
            "a person's monthly subsidised units by the rules, and those used"});

  routes.push_back(Route{"GET", "/api/v1/provider-orders", Permission::kHomecareServe,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(auto query, ReadOrderQuery(request));
                           ASSIGN_OR_RETURN(auto page, s.ServingOrders(query, request.Caller()));
                           return Response::Json(PageJson(page, [&s](const care::OrderView& view) {
                             return ViewJson(view, s);
                           }));
                         },
                         "a provider's staff: its provider's orders"});

  routes.push_back(Route{"GET", "/api/v1/provider-orders/{id}", Permission::kHomecareServe,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "订单"));
                           ASSIGN_OR_RETURN(auto view, s.GetServingOrder(id, request.Caller()));
                           return Response::Json(ViewJson(view, s));
                         },
                         "a provider's staff: one of its orders"});

  routes.push_back(Route{"POST", "/api/v1/provider-orders/{id}/schedule",
                         Permission::kHomecareServe,
                         [&s](Request& request) -> core::Result<Response> {
                           ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "订单"));
                           ASSIGN_OR_RETURN(auto body, ParseJsonObject(request.body));
                           ASSIGN_OR_RETURN(int64_t at, RequiredInt(body, "scheduled_at"));
                           ASSIGN_OR_RETURN(auto view, s.Schedule(id, at, request.Caller()));
                           return Response::Json(ViewJson(view, s));
                         },
                         "schedule (or move) an order's visit"});

  routes.push_back(
      Route{"POST", "/api/v1/provider-orders/{id}/check-in", Permission::kHomecareServe,
            [&s](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "订单"));
              ASSIGN_OR_RETURN(auto body, BodyOrEmpty(request));
              ASSIGN_OR_RETURN(auto at, ReadLocation(body));
              ASSIGN_OR_RETURN(auto view, s.CheckIn(id, at.first, at.second, request.Caller()));
              return Response::Json(ViewJson(view, s));
            },
            "check in at the person's home (time and place)"});

  routes.push_back(
      Route{"POST", "/api/v1/provider-orders/{id}/check-out", Permission::kHomecareServe,
            [&s](Request& request) -> core::Result<Response> {
              ASSIGN_OR_RETURN(int64_t id, PathId(request, "id", "订单"));
              ASSIGN_OR_RETURN(auto body, BodyOrEmpty(request));
              ASSIGN_OR_RETURN(auto at, ReadLocation(body));
              ASSIGN_OR_RETURN(auto units, OptionalInt(body, "units"));
              ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
              ASSIGN_OR_RETURN(auto view, s.CheckOut(id, at.first, at.second, units,
                                                     note.value_or(""), request.Caller()));
              return Response::Json(ViewJson(view, s));
            },
            "check out: the order done and settled against the person's entitlement"});

  return routes;
}

}  // namespace linli::http

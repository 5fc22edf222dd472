// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over events.
#include <boost/json.hpp>
#include <charconv>
#include <cstdio>

#include "core/text.hpp"
#include "engines/calendar/working_calendar.hpp"
#include "http/events/event_routes.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

enum class Format { kJson, kXml };

// "services.json" -> ("services", json); nullopt for another suffix.
std::optional<std::pair<std::string, Format>> SplitFile(std::string_view file) {
  auto dot = file.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view suffix = file.substr(dot + 1);
  Format format;
  if (suffix == "json") {
    format = Format::kJson;
  } else if (suffix == "xml") {
    format = Format::kXml;
  } else {
    return std::nullopt;
  }
  return std::make_pair(std::string(file.substr(0, dot)), format);
}

// A flat record: ordered (name, value) pairs; value nullopt = empty element / JSON null.
using Field = std::pair<std::string, std::optional<json::value>>;
using Record = std::vector<Field>;

// A number as GeoReport clients read it: plain decimals (32.393, not 3.2393E1).
std::string Number(const json::value& value) {
  if (!value.is_double()) return json::serialize(value);
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", value.get_double());
  std::string out(text);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

std::string XmlValue(const json::value& value) {
  if (value.is_string()) return core::XmlEscaped(value.as_string());
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  return Number(value);
}

Response Render(Format format, const std::string& list_tag, const std::string& item_tag,
                const std::vector<Record>& records, int status = 200) {
  Response response;
  response.status = status;
  if (format == Format::kJson) {
    // Written by hand so that numbers keep their plain decimal form.
    std::string body = "[";
    for (const auto& record : records) {
      if (body.size() > 1) body += ',';
      body += '{';
      bool first = true;
      for (const auto& [name, value] : record) {
        if (!first) body += ',';
        first = false;
        body += json::serialize(json::string(name)) + ':';
        body += value ? Number(*value) : "null";
      }
      body += '}';
    }
    body += ']';
    response.body = std::move(body);
    return response;
  }
  response.content_type = "text/xml; charset=utf-8";
  std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<" + list_tag + ">";
  for (const auto& record : records) {
    body += "<" + item_tag + ">";
    for (const auto& [name, value] : record) {
      if (!value || value->is_null()) {
        body += "<" + name + "/>";
      } else if (value->is_array()) {
        body += "<" + name + ">";
        for (const auto& item : value->as_array()) {
          body += "<" + name.substr(0, name.size() - 1) + ">" + XmlValue(item) + "</" +
                  name.substr(0, name.size() - 1) + ">";
        }
        body += "</" + name + ">";
      } else {
        body += "<" + name + ">" + XmlValue(*value) + "</" + name + ">";
      }
    }
    body += "</" + item_tag + ">";
  }
  body += "</" + list_tag + ">\n";
  response.body = std::move(body);
  return response;
}

Response SpecError(Format format, int code, const std::string& description) {
  Record record{{"code", json::value(code)}, {"description", json::value(description)}};
  return Render(format, "errors", "error", {record}, code);
}

int SpecStatus(const core::Error& error) {
  switch (error.code) {
    case core::ErrorCode::kPermissionDenied:
    case core::ErrorCode::kUnauthenticated:
      return 403;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kInvalidArgument:
    case core::ErrorCode::kValidationFailed:
      return 400;
    case core::ErrorCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

Response SpecError(Format format, const core::Error& error) {
  const int status = SpecStatus(error);
  return SpecError(format, status, status == 500 ? "internal error" : error.message);
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() + 0 && i + 2 <= text.size() - 1 + 1) {
      int value = 0;
      auto [end, error] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (error == std::errc() && end == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

// application/x-www-form-urlencoded body, then the query string, first value wins.
std::map<std::string, std::string> FormFields(const Request& request) {
  std::map<std::string, std::string> fields;
  std::string_view body = request.body;
  while (!body.empty()) {
    auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    auto eq = pair.find('=');
    std::string name = PercentDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
    if (!name.empty()) fields.emplace(std::move(name), std::move(value));
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  for (const auto& [name, value] : request.query) fields.emplace(name, value);
  return fields;
}

std::optional<double> ParseDouble(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

Record ServiceRecord(const events::Category& category, const std::string& group) {
  json::array keywords;
  for (const auto& k : category.keywords) keywords.emplace_back(k);
  std::string keyword_text;
  for (const auto& k : category.keywords) keyword_text += (keyword_text.empty() ? "" : ",") + k;
  return Record{{"service_code", json::value(category.code)},
                {"service_name", json::value(category.name)},
                {"description", json::value(category.description)},
                {"metadata", json::value(false)},
                {"type", json::value("realtime")},
                {"keywords", json::value(keyword_text)},
                {"group", json::value(group)}};
}

Record RequestRecord(const events::Event& e) {
  auto dt = [](const std::optional<int64_t>& millis) -> std::optional<json::value> {
    if (!millis) return std::nullopt;
    return json::value(Open311DateTime(*millis));
  };
  const bool open = events::IsEventOpen(e.state);
  return Record{
      {"service_request_id", json::value(std::to_string(e.id))},
      {"status", json::value(open ? "open" : "closed")},
      // The state only: notes typed while handling are internal (issue 15 item 10).
      {"status_notes", json::value(std::string(events::EventStateLabel(e.state)))},
      {"service_name", json::value(e.category_name)},
      {"service_code", json::value(e.category_code)},
      {"description", json::value(e.description)},
      {"agency_responsible", json::value(e.handler_name)},
      {"service_notice", json::value("")},
      {"requested_datetime", dt(e.created_at)},
      {"updated_datetime", dt(e.updated_at)},
      {"expected_datetime", open ? dt(e.expected_at) : std::nullopt},
      {"address", json::value(e.address)},
      {"address_id", e.building_id
                         ? std::optional<json::value>(json::value(std::to_string(*e.building_id)))
                         : std::nullopt},
      {"zipcode", std::nullopt},
      {"lat", e.lat ? std::optional<json::value>(json::value(*e.lat)) : std::nullopt},
      {"long", e.lon ? std::optional<json::value>(json::value(*e.lon)) : std::nullopt},
      {"media_url", std::nullopt},
  };
}

}  // namespace

std::string Open311DateTime(int64_t millis) {
  const calendar::Date date = calendar::ChinaDateOf(millis);
  const int64_t seconds_of_day = (millis - calendar::StartOfChinaDay(date)) / 1000;
  char buffer[24];
  std::snprintf(buffer, sizeof(buffer), "T%02lld:%02lld:%02lld+08:00",
                static_cast<long long>(seconds_of_day / 3600),
                static_cast<long long>(seconds_of_day / 60 % 60),
                static_cast<long long>(seconds_of_day % 60));
  return date.ToString() + buffer;
}

std::optional<int64_t> ParseOpen311DateTime(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  auto number = [&](size_t at, size_t length, int& out) {
    if (at + length > text.size()) return false;
    auto [end, error] = std::from_chars(text.data() + at, text.data() + at + length, out);
    return error == std::errc() && end == text.data() + at + length;
  };
  if (!number(0, 4, year) || text.size() < 10 || text[4] != '-' || !number(5, 2, month) ||
      text[7] != '-' || !number(8, 2, day) || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  int64_t offset = calendar::kChinaOffsetMillis;
  size_t at = 10;
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != ' ') || !number(11, 2, hour) || text.size() < 16 ||
        text[13] != ':' || !number(14, 2, minute)) {
      return std::nullopt;
    }
    at = 16;
    if (at < text.size() && text[at] == ':') {
      if (!number(17, 2, second)) return std::nullopt;
      at = 19;
    }
    if (at < text.size() && text[at] == '.') {
      ++at;
      while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
    }
    if (at < text.size()) {
      if (text[at] == 'Z') {
        offset = 0;
        ++at;
      } else if (text[at] == '+' || text[at] == '-') {
        int offset_hours = 0, offset_minutes = 0;
        if (!number(at + 1, 2, offset_hours)) return std::nullopt;
        size_t minutes_at = at + 3;
        if (minutes_at < text.size() && text[minutes_at] == ':') ++minutes_at;
        if (!number(minutes_at, 2, offset_minutes)) return std::nullopt;
        offset =
            (text[at] == '+' ? 1 : -1) * (offset_hours * 3'600'000LL + offset_minutes * 60'000LL);
        at = minutes_at + 2;
      }
    }
    if (at != text.size() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  }
  const auto date = calendar::Date::FromCivil(year, month, day);
  if (!date) return std::nullopt;
  const int64_t days = date->days_since_epoch();
  return days * calendar::kMillisPerDay + (hour * 3600LL + minute * 60LL + second) * 1000LL -
         offset;
}

std::vector<Route> Open311Routes(events::Open311Service& service) {
  std::vector<Route> routes;
  // jurisdiction_id is optional; when given it must be this deployment's city.
  auto wrong_jurisdiction = [&service](const Request& request,
                                       const std::map<std::string, std::string>* form) {
    std::optional<std::string> jurisdiction = request.Query("jurisdiction_id");
    if (!jurisdiction && form != nullptr) {
      if (auto it = form->find("jurisdiction_id"); it != form->end()) jurisdiction = it->second;
    }
    return jurisdiction && !jurisdiction->empty() && *jurisdiction != service.options().city_code;
  };
  routes.push_back(
      Route{"GET", "/open311/v2/{file}", std::nullopt,
            [&service, wrong_jurisdiction](Request& request) -> core::Result<Response> {
              auto file = SplitFile(request.path_params["file"]);
              if (!file || (file->first != "services" && file->first != "requests")) {
                return SpecError(file ? file->second : Format::kJson, 404, "not found");
              }
              const Format format = file->second;
              if (wrong_jurisdiction(request, nullptr)) {
                return SpecError(format, 404, "jurisdiction_id not found");
              }
              if (file->first == "services") {
                auto services = service.Services();
                if (!services.ok()) return SpecError(format, services.error());
                auto all = service.Categories();
                std::map<std::string, std::string> names;
                if (all.ok()) {
                  for (const auto& c : *all) names[c.code] = c.name;
                }
                std::vector<Record> records;
                for (const auto& category : *services) {
                  records.push_back(ServiceRecord(category, names[category.parent_code]));
                }
                return Render(format, "services", "service", records);
              }
              events::PublicQuery query;
              if (auto ids = request.Query("service_request_id"); ids && !ids->empty()) {
                std::string_view rest = *ids;
                while (!rest.empty()) {
                  auto comma = rest.find(',');
                  auto id = ParseId(rest.substr(0, comma));
                  if (!id) return SpecError(format, 400, "service_request_id is not a list of ids");
                  query.ids.push_back(*id);
                  if (comma == std::string_view::npos) break;
                  rest.remove_prefix(comma + 1);
                }
              }
              if (auto codes = request.Query("service_code"); codes && !codes->empty()) {
                std::string_view rest = *codes;
                while (!rest.empty()) {
                  auto comma = rest.find(',');
                  query.service_codes.emplace_back(rest.substr(0, comma));
                  if (comma == std::string_view::npos) break;
                  rest.remove_prefix(comma + 1);
                }
              }
              for (const char* name : {"start_date", "end_date"}) {
                if (auto text = request.Query(name); text && !text->empty()) {
                  auto millis = ParseOpen311DateTime(*text);
                  if (!millis)
                    return SpecError(format, 400, std::string(name) + " is not ISO 8601");
                  (std::string_view(name) == "start_date" ? query.start_at : query.end_at) = millis;
                }
              }
              if (auto status = request.Query("status"); status && !status->empty()) {
                bool open = false, closed = false;
                std::string_view rest = *status;
                while (true) {
                  const auto comma = rest.find(',');
                  const std::string_view one = rest.substr(0, comma);
                  if (one == "open") {
                    open = true;
                  } else if (one == "closed") {
                    closed = true;
                  } else {
                    return SpecError(format, 400, "status must be open, closed or both");
                  }
                  if (comma == std::string_view::npos) break;
                  rest.remove_prefix(comma + 1);
                }
                if (open != closed) query.open = open;
              }
              // The spec: service_request_id overrides every other filter.
              if (!query.ids.empty()) {
                query.service_codes.clear();
                query.start_at.reset();
                query.end_at.reset();
                query.open.reset();
              }
              // Spec default window: the last 90 days, at most 1000 results (we page at 200).
              query.limit = 200;
              auto list = service.Requests(query);
              if (!list.ok()) return SpecError(format, list.error());
              std::vector<Record> records;
              for (const auto& event : *list) records.push_back(RequestRecord(event));
              return Render(format, "service_requests", "request", records);
            },
            "Open311: services.json|xml (service list) and requests.json|xml (public requests)"});
  routes.push_back(
      Route{"GET", "/open311/v2/services/{file}", std::nullopt,
            [&service, wrong_jurisdiction](Request& request) -> core::Result<Response> {
              auto file = SplitFile(request.path_params["file"]);
              if (!file) return SpecError(Format::kJson, 404, "not found");
              if (wrong_jurisdiction(request, nullptr)) {
                return SpecError(file->second, 404, "jurisdiction_id not found");
              }
              auto category = service.Service(file->first);
              if (!category.ok()) return SpecError(file->second, 404, "service_code not found");
              if (file->second == Format::kJson) {
                json::object out;
                out["service_code"] = category->code;
                out["attributes"] = json::array();
                Response response;
                response.body = json::serialize(out);
                return response;
              }
              Response response;
              response.content_type = "text/xml; charset=utf-8";
              response.body =
                  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_definition>"
                  "<service_code>" +
                  core::XmlEscaped(category->code) +
                  "</service_code><attributes/></service_definition>\n";
              return response;
            },
            "Open311: a service definition ({code}.json|xml; no attributes)"});
  routes.push_back(
      Route{"GET", "/open311/v2/requests/{file}", std::nullopt,
            [&service, wrong_jurisdiction](Request& request) -> core::Result<Response> {
              auto file = SplitFile(request.path_params["file"]);
              if (!file) return SpecError(Format::kJson, 404, "not found");
              if (wrong_jurisdiction(request, nullptr)) {
                return SpecError(file->second, 404, "jurisdiction_id not found");
              }
              auto id = ParseId(file->first);
              if (!id) return SpecError(file->second, 404, "service_request_id not found");
              auto event = service.Request(*id);
              if (!event.ok()) return SpecError(file->second, event.error());
              return Render(file->second, "service_requests", "request", {RequestRecord(*event)});
            },
            "Open311: one request ({id}.json|xml)"});
  routes.push_back(
      Route{"POST", "/open311/v2/{file}", std::nullopt,
            [&service, wrong_jurisdiction](Request& request) -> core::Result<Response> {
              auto file = SplitFile(request.path_params["file"]);
              if (!file || file->first != "requests") {
                return SpecError(file ? file->second : Format::kJson, 404, "not found");
              }
              const Format format = file->second;
              const auto form = FormFields(request);
              // Text is checked at the boundary: nothing stored can break requests.json/.xml.
              for (const auto& [name, value] : form) {
                const auto rule = name == "description" ? core::TextRule::kMultiLine
                                                        : core::TextRule::kSingleLine;
                if (core::TextProblem(name, core::TextRule::kSingleLine)) {
                  return SpecError(format, 400, "a field name is not valid text");
                }
                if (auto problem = core::TextProblem(value, rule)) {
                  return SpecError(format, 400, name + ": " + *problem);
                }
              }
              if (wrong_jurisdiction(request, &form)) {
                return SpecError(format, 404, "jurisdiction_id not found");
              }
              auto field = [&form](const char* name) {
                auto it = form.find(name);
                return it == form.end() ? std::string() : it->second;
              };
              events::Open311Submission submission;
              submission.api_key = field("api_key");
              submission.service_code = field("service_code");
              submission.description = field("description");
              submission.address_string = field("address_string");
              submission.media_url = field("media_url");
              const std::string lat = field("lat");
              const std::string lon = field("long");
              if (!lat.empty() || !lon.empty()) {
                submission.lat = ParseDouble(lat);
                submission.lon = ParseDouble(lon);
                if (!submission.lat || !submission.lon) {
                  return SpecError(format, 400, "lat and long must be decimal degrees");
                }
              }
              if (auto address_id = field("address_id"); !address_id.empty()) {
                submission.address_id = ParseId(address_id);
                if (!submission.address_id)
                  return SpecError(format, 400, "address_id is not an id");
              }
              // Contact fields (email, first_name, last_name, phone, device_id) are accepted and
              // not stored: Linli keeps no personal data of anonymous reporters.
              auto receipt = service.Submit(submission);
              if (!receipt.ok()) return SpecError(format, receipt.error());
              Record record{
                  {"service_request_id", json::value(std::to_string(receipt->service_request_id))},
                  {"service_notice", json::value(receipt->service_notice)}};
              // GeoReport v2 answers a created request with 200 (account_id absent: none kept).
              return Render(format, "service_requests", "request", {record});
            },
            "Open311: create a request (form-encoded; api_key required)"});
  return routes;
}

}  // namespace linli::http

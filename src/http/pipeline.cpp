#include "http/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <cctype>
#include <exception>
#include <random>

#include "http/path.hpp"

namespace linli::http {

namespace {

std::string ContentSecurityPolicy(const std::vector<std::string>& image_sources) {
  std::string policy = "default-src 'self'; img-src 'self' data: blob: https:";
  for (const auto& source : image_sources) (policy += ' ') += source;
  return policy + "; style-src 'self' 'unsafe-inline'";
}

// API paths answer errors as JSON, never with the web app's page (Open311 included).
bool IsApiPath(std::string_view path) {
  return path == "/api" || path.starts_with("/api/") || path.starts_with("/open311/");
}

bool IsWriteMethod(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Query parameters whose values the access log may show: codes, dates, enums and numbers
// (issue 15 item 9). Every other value — free text that may be a name (q, name), ID and phone
// numbers, applicants, cursors (which carry the last row's sort key, a name or a birth date),
// tokens and anything unknown — is written as name=***.
bool IsLoggableName(std::string_view name) {
  static constexpr std::string_view kLoggable[] = {"age_max",
                                                   "age_min",
                                                   "area",
                                                   "category",
                                                   "channel",
                                                   "circle",
                                                   "community",
                                                   "date",
                                                   "department",
                                                   "depth",
                                                   "division",
                                                   "dry_run",
                                                   "end_date",
                                                   "from",
                                                   "fully_online",
                                                   "grid",
                                                   "group_by",
                                                   "include_retired",
                                                   "item",
                                                   "jurisdiction_id",
                                                   "level",
                                                   "limit",
                                                   "mine",
                                                   "mode",
                                                   "on",
                                                   "overdue",
                                                   "parent",
                                                   "place",
                                                   "report",
                                                   "service_code",
                                                   "service_request_id",
                                                   "sort",
                                                   "start_date",
                                                   "state",
                                                   "status",
                                                   "tag",
                                                   "tag_match",
                                                   "to",
                                                   "type",
                                                   "unread",
                                                   "version"};
  const std::string lower = Lower(name);
  for (std::string_view allowed : kLoggable) {
    if (lower == allowed) return true;
  }
  return false;
}

// Constant-time comparison for the CSRF token.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    std::size_t end = header.find(';');
    std::string_view pair = Trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && Trim(pair.substr(0, equals)) == name) {
      return Trim(pair.substr(equals + 1));
    }
  }
  return {};
}

bool HasHeader(const Response& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(),
                     [&](const auto& header) { return Lower(header.first) == Lower(name); });
}

}  // namespace

Pipeline::Pipeline(const Router& router, access::Authenticator& authenticator,
                   PipelineOptions options, std::shared_ptr<spdlog::logger> logger,
                   std::shared_ptr<spdlog::logger> access_logger)
    : router_(router),
      authenticator_(authenticator),
      static_files_(options.web_root, options.static_cache_bytes),
      inline_routes_(router.routes().size(), false),
      logger_(std::move(logger)),
      access_logger_(std::move(access_logger)),
      trusted_proxies_(std::move(options.trusted_proxies)),
      content_security_policy_(ContentSecurityPolicy(options.image_sources)) {
  for (std::size_t index : options.inline_routes) {
    if (index < inline_routes_.size()) inline_routes_[index] = true;
  }
  std::vector<std::string> labels;
  for (const auto& route : router.routes()) labels.push_back(route.pattern);
  static_index_ = labels.size();
  labels.push_back("static");
  unmatched_index_ = labels.size();
  labels.push_back("unmatched");
  metrics_ = std::make_unique<Metrics>(std::move(labels));
}

std::string Pipeline::RequestIdFor(std::string_view incoming) {
  bool sane = !incoming.empty() && incoming.size() <= 64 &&
              std::all_of(incoming.begin(), incoming.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                       c == '.' || c == ':';
              });
  if (sane) return std::string(incoming);
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = generator();
  std::string id = "r-";
  for (int i = 0; i < 16; ++i) {
    id += kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

std::string Pipeline::RedactTarget(std::string_view path, std::string_view raw_query) {
  std::string out(path);
  // Raw bytes go into a log line: no control characters, quotes or backslashes.
  auto sanitize = [](std::string& text) {
    for (char& c : text) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '"' || c == '\\') c = '?';
    }
  };
  if (raw_query.empty()) {
    sanitize(out);
    return out;
  }
  out += '?';
  bool first = true;
  while (!raw_query.empty()) {
    std::size_t end = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, end);
    raw_query = end == std::string_view::npos ? std::string_view() : raw_query.substr(end + 1);
    if (pair.empty()) continue;
    if (!first) out += '&';
    first = false;
    std::size_t equals = pair.find('=');
    std::string_view name = pair.substr(0, equals);
    if (equals != std::string_view::npos && !IsLoggableName(name)) {
      out += name;
      out += "=***";
    } else {
      out += pair;
    }
  }
  sanitize(out);
  return out;
}

Response Pipeline::ErrorResponse(const core::Error& error, std::string_view request_id) {
  boost::json::object inner;
  inner["code"] = ErrorCodeName(error.code);
  inner["message"] = error.message;
  if (!error.field.empty()) inner["field"] = error.field;
  inner["request_id"] = request_id;
  boost::json::object envelope;
  envelope["error"] = std::move(inner);
  return Response::Json(envelope, core::HttpStatusOf(error.code));
}

void Pipeline::Begin(IncomingRequest incoming, Exchange& exchange) const {
  Request& request = exchange.request;
  request.method = std::move(incoming.method);
  request.headers = std::move(incoming.headers);
  request.body = std::move(incoming.body);
  request.remote_address =
      trusted_proxies_.empty()
          ? std::move(incoming.remote_address)
          : trusted_proxies_.Resolve(incoming.remote_address, request.Header("x-forwarded-for"));
  request.request_id = RequestIdFor(request.Header("x-request-id"));
  exchange.metrics_index = unmatched_index_;

  std::string_view target = incoming.target;
  std::size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  std::string_view raw_query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  std::size_t fragment = raw_query.find('#');
  if (fragment != std::string_view::npos) raw_query = raw_query.substr(0, fragment);
  exchange.log_target = RedactTarget(raw_path.substr(0, 512), raw_query.substr(0, 512));

  auto segments = DecodePath(raw_path);
  if (!segments.ok()) {
    exchange.response = ErrorResponse(segments.error(), request.request_id);
    return;
  }
  request.path = JoinPath(*segments);
  auto query = ParseQuery(raw_query);
  if (!query.ok()) {
    exchange.response = ErrorResponse(query.error(), request.request_id);
    return;
  }
  request.query = std::move(*query);

  RouteMatch match = router_.Match(request.method, *segments);
  if (match.kind == RouteMatch::Kind::kFound) {
    exchange.route = match.route;
    exchange.metrics_index = match.route_index;
    request.path_params = std::move(match.path_params);
    if ((match.route_index < inline_routes_.size() && inline_routes_[match.route_index] &&
         !match.route->permission) ||
        match.route->runs_inline) {
      RunHandler(exchange);
    } else {
      exchange.run_on_pool = true;
    }
    return;
  }
  if (match.kind == RouteMatch::Kind::kNoMethod) {
    std::string allow;
    for (const auto& method : match.allowed_methods) {
      if (!allow.empty()) allow += ", ";
      allow += method;
    }
    Response response = ErrorResponse({core::ErrorCode::kMethodNotAllowed,
                                       "该接口不支持 " + request.method.substr(0, 16) + " 方法",
                                       {}},
                                      request.request_id);
    response.headers.emplace_back("Allow", allow);
    exchange.response = std::move(response);
    return;
  }
  if (!IsApiPath(request.path) && (request.method == "GET" || request.method == "HEAD")) {
    if (auto file = static_files_.Serve(*segments)) {
      exchange.metrics_index = static_index_;
      exchange.response = std::move(*file);
      return;
    }
  }
  exchange.response =
      ErrorResponse(core::Error::NotFound(IsApiPath(request.path) ? "接口不存在" : "页面不存在"),
                    request.request_id);
}

core::Result<access::Principal> Pipeline::Authenticate(std::string_view authorization,
                                                       std::string_view cookie) const {
  std::string_view token;
  bool via_cookie = false;
  if (authorization.size() > 7 && Lower(authorization.substr(0, 7)) == "bearer ") {
    token = Trim(authorization.substr(7));
  } else {
    token = CookieValue(cookie, "linli_session");
    via_cookie = !token.empty();
  }
  if (token.empty()) return core::Error::Unauthenticated("未登录或会话已过期，请重新登录");
  return authenticator_.Authenticate(token, via_cookie);
}

void Pipeline::Authorize(Exchange& exchange) const {
  Request& request = exchange.request;
  auto principal = Authenticate(request.Header("authorization"), request.Header("cookie"));
  if (!principal.ok()) {
    exchange.response = ErrorResponse(principal.error(), request.request_id);
    return;
  }
  if (principal->must_change_password && !exchange.route->open_before_password_change) {
    exchange.response =
        ErrorResponse(core::Error::PermissionDenied("请先修改密码（POST /api/v1/session/password）",
                                                    "must_change_password"),
                      request.request_id);
    return;
  }
  if (!principal->Has(*exchange.route->permission)) {
    exchange.response =
        ErrorResponse(core::Error::PermissionDenied("没有权限执行此操作"), request.request_id);
    return;
  }
  if (principal->via_cookie && IsWriteMethod(request.method)) {
    std::string_view sent = request.Header("x-csrf-token");
    if (sent.empty() || principal->csrf_token.empty() || !SameSecret(sent, principal->csrf_token)) {
      exchange.response = ErrorResponse(
          core::Error::PermissionDenied(sent.empty() ? "缺少 CSRF 令牌（请求头 X-CSRF-Token）"
                                                     : "CSRF 令牌无效（请求头 X-CSRF-Token）"),
          request.request_id);
      return;
    }
  }
  request.caller.emplace(std::move(*principal), request.remote_address, request.request_id);
}

void Pipeline::RunHandler(Exchange& exchange) const {
  Request& request = exchange.request;
  try {
    if (exchange.route->permission) {
      Authorize(exchange);
      if (exchange.response) return;
    }
    core::Result<Response> result = exchange.route->handler(request);
    if (result.ok()) {
      exchange.response = std::move(*result);
    } else {
      // A driver's words stay in the log, under the request id the client is shown.
      if (!result.error().detail.empty()) {
        logger_->warn("request_id={} {} {}: {}", request.request_id, request.method,
                      exchange.route->pattern, result.error().detail);
      }
      exchange.response = ErrorResponse(result.error(), request.request_id);
    }
  } catch (const std::exception& exception) {
    logger_->error("request_id={} {} {} handler threw: {}", request.request_id, request.method,
                   exchange.route->pattern, exception.what());
    exchange.response = ErrorResponse(core::Error::Internal("服务器内部错误"), request.request_id);
  } catch (...) {
    logger_->error("request_id={} {} {} handler threw a non-standard exception", request.request_id,
                   request.method, exchange.route->pattern);
    exchange.response = ErrorResponse(core::Error::Internal("服务器内部错误"), request.request_id);
  }
}

void Pipeline::Finish(Exchange& exchange) const {
  Response& response = *exchange.response;
  auto& headers = response.headers;
  headers.emplace_back("X-Request-Id", exchange.request.request_id);
  headers.emplace_back("X-Content-Type-Options", "nosniff");
  headers.emplace_back("Referrer-Policy", "same-origin");
  headers.emplace_back("X-Frame-Options", "DENY");
  headers.emplace_back("Content-Security-Policy", content_security_policy_);
  if (!HasHeader(response, "cache-control")) {
    if (IsApiPath(exchange.request.path) || response.status >= 400 ||
        exchange.request.path.empty()) {
      headers.emplace_back("Cache-Control", "no-store");
    }
  }
}

void Pipeline::Record(const Exchange& exchange, std::size_t bytes_written) const {
  auto elapsed = std::chrono::steady_clock::now() - exchange.started;
  double seconds = std::chrono::duration<double>(elapsed).count();
  int status = exchange.response ? exchange.response->status : 0;
  metrics_->Record(exchange.metrics_index, exchange.request.method, status, seconds);
  const Request& request = exchange.request;
  access_logger_->info(
      "request_id={} method={} target=\"{}\" status={} bytes={} duration_ms={:.3f} remote={} "
      "account={}",
      request.request_id, request.method.substr(0, 16), exchange.log_target, status, bytes_written,
      seconds * 1e3, request.remote_address, request.caller ? request.caller->account_id() : 0);
}

Exchange Pipeline::ProtocolError(const core::Error& error, std::string method, std::string target,
                                 std::string remote_address) const {
  Exchange exchange;
  exchange.request.method = std::move(method);
  exchange.request.remote_address = std::move(remote_address);
  exchange.request.request_id = RequestIdFor({});
  exchange.metrics_index = unmatched_index_;
  std::string_view view = target;
  exchange.log_target =
      RedactTarget(view.substr(0, std::min<std::size_t>(view.find('?'), 512)), {});
  exchange.response = ErrorResponse(error, exchange.request.request_id);
  return exchange;
}

}  // namespace linli::http

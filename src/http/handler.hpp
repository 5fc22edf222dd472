// The contract between the HTTP server and the resource handlers.
//
// A handler parses a Request into a typed params struct, calls one service method and maps
// the result to a Response. It never touches SQL. Errors are returned as core::Error and
// turned into the one JSON error envelope by the server:
//   {"error":{"code":"invalid_argument","message":"…","field":"…","request_id":"…"}}
// Handlers are synchronous; the server runs them off the I/O threads.
// Thread-safety: handlers are called concurrently and must not share mutable state.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/access/caller.hpp"

namespace linli::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query, e.g. "/api/v1/divisions/3210"
  std::multimap<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> path_params;  // from the route pattern: {code} -> "3210"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string request_id;
  std::string remote_address;
  // Who is asking, set for routes that need a permission (the account, its grants, and this
  // request's address and id).
  std::optional<access::Caller> caller;

  // First header with that (lower-case) name, or "".
  std::string_view Header(std::string_view lower_name) const;
  // First query value, or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
  // REQUIRES: caller (true for every route that declares a permission).
  const access::Caller& Caller() const { return *caller; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)

  static Response Json(const boost::json::value& value, int status = 200);
  static Response NoContent();
};

using Handler = std::function<core::Result<Response>(Request&)>;

struct Route {
  std::string method;   // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string pattern;  // "/api/v1/divisions/{code}"; {name} matches one path segment
  std::optional<access::Permission> permission;  // nullopt: public
  Handler handler;
  std::string summary;  // one line, for logs and the OpenAPI cross-check
  // True when the handler answers from memory and never waits on the database in the
  // common case (e.g. the cached division tree): the server then runs it on the I/O thread
  // and saves two thread hand-offs. Authentication stays the same (cached sessions).
  bool runs_inline = false;
  // Largest request body accepted, in bytes; 0: the server's default (ServerOptions).
  std::size_t body_limit = 0;
  // True for the few routes an account that must change its password may still call (its
  // session and the change itself); every other authenticated route answers 403 until then.
  bool open_before_password_change = false;
};

// A path parameter of the matched route ("" when the route has none of that name).
std::string PathParam(const Request& request, const char* name);
// A positive numeric id from text (a path or body value): anything else is kNotFound
// "<what>不存在", so that a malformed id reads like a missing record.
core::Result<int64_t> ParseId(const std::string& text, const char* what);
// ParseId of a path parameter.
core::Result<int64_t> PathId(const Request& request, const char* name, const char* what);

}  // namespace linli::http

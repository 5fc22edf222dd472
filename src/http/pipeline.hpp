// The middleware of the HTTP server in one place, independent of sockets and Beast:
// request id, path and query decoding, routing (404/405), static files, authentication,
// permission and CSRF checks, the handler call with its catch-all, the error envelope, the
// headers every response carries, metrics and the access log.
//
// The server calls Begin on an I/O thread; when it leaves exchange.response empty, the
// route's handler has to run, and the server calls RunHandler on the blocking pool (both
// authentication and handlers may wait on the database). Finish and Record run on the I/O
// thread again.
// Thread-safety: all methods may be called concurrently for different exchanges.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/access/authenticator.hpp"
#include "http/client_address.hpp"
#include "http/handler.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace spdlog {
class logger;
}

namespace linli::http {

// What the transport read off the wire.
struct IncomingRequest {
  std::string method;
  std::string target;  // raw request-target: "/api/v1/divisions?q=%E4%B8%9C"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
};

// One request on its way through the pipeline.
struct Exchange {
  Request request;
  const Route* route = nullptr;   // set when a route matched
  bool run_on_pool = false;       // true: the server must call RunHandler
  std::size_t metrics_index = 0;  // series of Metrics
  std::string log_target;         // path plus query with sensitive values redacted
  std::optional<Response> response;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct PipelineOptions {
  std::string web_root;  // "" serves no static files
  std::size_t static_cache_bytes = 64u << 20;
  std::vector<std::size_t> inline_routes;  // route indexes cheap enough for the I/O thread
  TrustedProxies trusted_proxies;          // peers whose X-Forwarded-For names the client
  // More img-src sources of the Content-Security-Policy: a plain-http tile server of the base
  // map (BaseMapImageSources); https: images are allowed anyway.
  std::vector<std::string> image_sources;
};

class Pipeline {
 public:
  // REQUIRES: router is complete (no Add afterwards); router, authenticator and the loggers
  // outlive the pipeline. access_logger may equal logger.
  Pipeline(const Router& router, access::Authenticator& authenticator, PipelineOptions options,
           std::shared_ptr<spdlog::logger> logger, std::shared_ptr<spdlog::logger> access_logger);

  void Begin(IncomingRequest incoming, Exchange& exchange) const;
  // Authentication, permission, CSRF, then the handler. Sets exchange.response. Never throws.
  void RunHandler(Exchange& exchange) const;
  // Adds X-Request-Id, security headers and Cache-Control. REQUIRES: exchange.response.
  void Finish(Exchange& exchange) const;
  // Metrics and one access-log line.
  void Record(const Exchange& exchange, std::size_t bytes_written) const;

  // For failures the transport detects before a request exists (431, 413, 400).
  Exchange ProtocolError(const core::Error& error, std::string method, std::string target,
                         std::string remote_address) const;

  // The principal of a request's credentials (the Authorization bearer token, else the session
  // cookie); 401 when there are none or they are not valid. The server calls it from the
  // header alone, before reading the body of a route that needs a signed-in caller, so that
  // an anonymous upload is refused before its bytes are read (issue 15 item 14).
  core::Result<access::Principal> Authenticate(std::string_view authorization,
                                               std::string_view cookie) const;

  // The error envelope: {"error":{"code","message","field"?,"request_id"}}.
  static Response ErrorResponse(const core::Error& error, std::string_view request_id);
  // "r-" + 16 hex digits, or the incoming X-Request-Id when it is 1..64 of [A-Za-z0-9._:-].
  static std::string RequestIdFor(std::string_view incoming);
  // Path plus query with the values of token/password/secret/session/key/cursor names hidden.
  static std::string RedactTarget(std::string_view path, std::string_view raw_query);

  Metrics& metrics() const { return *metrics_; }

 private:
  void Authorize(Exchange& exchange) const;

  const Router& router_;
  access::Authenticator& authenticator_;
  StaticFiles static_files_;
  std::vector<bool> inline_routes_;
  std::unique_ptr<Metrics> metrics_;
  std::size_t static_index_;
  std::size_t unmatched_index_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<spdlog::logger> access_logger_;
  TrustedProxies trusted_proxies_;
  std::string content_security_policy_;
};

}  // namespace linli::http

// The HTTP/1.1 server: Boost.Beast over Asio with C++20 coroutines.
//
// One io_context runs on io_threads threads and does all socket work (keep-alive, header and
// body limits, the read deadline that stops slow clients). Route handlers, which may block on
// the database, run on a separate pool of handler_threads threads; the connection's coroutine
// waits for them without holding an I/O thread. Everything between the socket and the handler
// (routing, auth, CSRF, errors, headers, metrics, access log) is in Pipeline.
//
// The server adds the operational routes GET /healthz, /readyz, /metrics and
// /api/v1/openapi.json to the router (unless the router already has them).
// Run() blocks until SIGTERM/SIGINT or Stop(): it stops accepting, lets in-flight requests
// finish (at most drain_timeout_ms), closes idle connections and returns.
// Thread-safety: Stop() and port() may be called from any thread; Run() once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/access/authenticator.hpp"
#include "http/client_address.hpp"
#include "http/router.hpp"

namespace spdlog {
class logger;
}

namespace linli::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port, [v6]:port; port 0 picks a free one
  int io_threads = 0;                     // 0: one per hardware thread
  int handler_threads = 0;                // 0: two per hardware thread
  std::size_t header_limit = 16u << 10;   // request line + headers; over it: 431
  std::size_t body_limit = 1u << 20;      // over it: 413 payload_too_large and close
  int read_timeout_ms = 10000;            // whole request, headers included (slowloris)
  int idle_timeout_ms = 60000;            // keep-alive wait for the next request
  int drain_timeout_ms = 10000;           // graceful stop: wait for in-flight requests
  std::string web_root;                   // built web app; "" serves none
  TrustedProxies trusted_proxies;         // reverse proxies whose X-Forwarded-For is believed
  std::size_t static_cache_bytes = 64u << 20;
  std::string server_name;                 // "Server" header; "" sends none
  bool handle_signals = true;              // SIGTERM/SIGINT call Stop()
  std::vector<std::string> image_sources;  // more CSP img-src sources (PipelineOptions)
};

struct ServerHooks {
  std::function<bool()> ready;                    // /readyz; empty: always ready
  std::function<std::string()> extra_metrics;     // appended to /metrics
  std::shared_ptr<spdlog::logger> logger;         // lifecycle and errors; null: stderr logger
  std::shared_ptr<spdlog::logger> access_logger;  // one line per request; null: logger
};

class Server {
 public:
  // REQUIRES: router and authenticator outlive the server; no routes are added to the router
  // after this constructor.
  Server(ServerOptions options, Router& router, access::Authenticator& authenticator,
         ServerHooks hooks = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket (Run does it when not done yet). unavailable when the address
  // cannot be bound, invalid_argument when it does not parse.
  core::Status Listen();
  // Serves until Stop() or a signal; then drains and returns.
  core::Status Run();
  void Stop();
  // The bound port (after Listen), e.g. when options.listen ends in ":0".
  uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace linli::http

#include "http/server.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <thread>
#include <tuple>
#include <vector>

#include "http/openapi.hpp"
#include "http/pipeline.hpp"

namespace linli::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

int DefaultThreads(int requested, int per_core) {
  if (requested > 0) return requested;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(cores) * per_core;
}

core::Result<tcp::endpoint> ParseListen(const std::string& listen) {
  std::string host;
  std::string port;
  if (!listen.empty() && listen.front() == '[') {
    std::size_t close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return core::Error::InvalidArgument("监听地址无效：" + listen, "listen");
    }
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    std::size_t colon = listen.rfind(':');
    if (colon == std::string::npos) {
      return core::Error::InvalidArgument("监听地址应为 主机:端口：" + listen, "listen");
    }
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  if (host.empty() || host == "localhost") host = "127.0.0.1";
  boost::system::error_code error;
  asio::ip::address address = asio::ip::make_address(host, error);
  char* end = nullptr;
  long number = std::strtol(port.c_str(), &end, 10);
  if (error || port.empty() || *end != '\0' || number < 0 || number > 65535) {
    return core::Error::InvalidArgument("监听地址无效：" + listen, "listen");
  }
  return tcp::endpoint(address, static_cast<uint16_t>(number));
}

std::shared_ptr<spdlog::logger> DefaultLogger() {
  return std::make_shared<spdlog::logger>("http",
                                          std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Router& router;
  std::size_t largest_body_limit = 0;  // of the default and every route's (set at start)
  ServerHooks hooks;
  std::unique_ptr<Pipeline> pipeline;

  asio::io_context io_context;
  tcp::acceptor acceptor{io_context};
  asio::signal_set signals{io_context};
  std::unique_ptr<asio::thread_pool> handler_pool;
  std::atomic<bool> stopping{false};
  std::atomic<bool> run_started{false};
  std::atomic<uint16_t> bound_port{0};
  std::atomic<int64_t> in_flight{0};
  std::mutex listen_mutex;

  Impl(ServerOptions server_options, Router& server_router, ServerHooks server_hooks)
      : options(std::move(server_options)), router(server_router), hooks(std::move(server_hooks)) {
    largest_body_limit = options.body_limit;
    for (const auto& route : router.routes()) {
      largest_body_limit = std::max(largest_body_limit, route.body_limit);
    }
    if (!hooks.logger) hooks.logger = DefaultLogger();
    if (!hooks.access_logger) hooks.access_logger = hooks.logger;
  }

  void AddOperationalRoutes(std::vector<std::size_t>& inline_routes) {
    auto add = [&](std::string pattern, std::string summary, Handler handler, bool cheap) {
      for (const auto& route : router.routes()) {
        if (route.method == "GET" && route.pattern == pattern) return;
      }
      std::size_t index = router.routes().size();
      auto status = router.Add(Route{"GET", pattern, std::nullopt, std::move(handler), summary});
      if (status.ok() && cheap) inline_routes.push_back(index);
    };
    add(
        "/healthz", "存活检查",
        [](Request&) -> core::Result<Response> {
          return Response::Json(boost::json::object{{"status", "ok"}});
        },
        true);
    add(
        "/readyz", "就绪检查",
        [this](Request&) -> core::Result<Response> {
          if (hooks.ready && !hooks.ready()) return core::Error::Unavailable("服务暂不可用");
          return Response::Json(boost::json::object{{"status", "ready"}});
        },
        false);
    add(
        "/metrics", "Prometheus 指标",
        [this](Request&) -> core::Result<Response> {
          Response response;
          response.content_type = "text/plain; version=0.0.4; charset=utf-8";
          response.body = pipeline->metrics().Render();
          if (hooks.extra_metrics) response.body += hooks.extra_metrics();
          return response;
        },
        false);
    add(
        "/api/v1/openapi.json", "OpenAPI 文档",
        [](Request&) -> core::Result<Response> {
          Response response;
          response.body = std::string(OpenApiDocument());
          return response;
        },
        true);
  }

  asio::awaitable<void> Accept() {
    while (!stopping.load()) {
      auto [error, socket] =
          co_await acceptor.async_accept(asio::make_strand(io_context), kNoThrow);
      if (error) {
        if (error == asio::error::operation_aborted || stopping.load()) co_return;
        hooks.logger->warn("accept failed: {}", error.message());
        continue;
      }
      socket.set_option(tcp::no_delay(true), error);
      auto executor = socket.get_executor();
      asio::co_spawn(executor, Session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  // Writes one response; returns the bytes written (0 on failure).
  asio::awaitable<std::size_t> Write(beast::tcp_stream& stream, Exchange& exchange,
                                     unsigned version, bool head, bool keep_alive) {
    pipeline->Finish(exchange);
    Response& response = *exchange.response;
    bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status),
                                                version};
    if (!options.server_name.empty()) message.set(bhttp::field::server, options.server_name);
    if (!response.content_type.empty()) {
      message.set(bhttp::field::content_type, response.content_type);
    }
    for (const auto& [name, value] : response.headers) message.insert(name, value);
    message.body() = std::move(response.body);
    message.keep_alive(keep_alive);
    message.prepare_payload();
    if (head) message.body().clear();
    stream.expires_after(std::chrono::milliseconds(std::max(options.read_timeout_ms, 1000)));
    auto [error, written] = co_await bhttp::async_write(stream, message, kNoThrow);
    if (error) co_return 0;
    co_return written;
  }

  asio::awaitable<void> Session(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    std::string remote;
    {
      boost::system::error_code error;
      auto endpoint = stream.socket().remote_endpoint(error);
      if (!error) remote = endpoint.address().to_string();
    }
    for (;;) {
      if (stopping.load()) break;
      if (buffer.size() == 0) {
        // Keep-alive: wait for the first byte of the next request.
        stream.expires_after(std::chrono::milliseconds(options.idle_timeout_ms));
        auto [error, read] = co_await stream.async_read_some(buffer.prepare(4096), kNoThrow);
        if (error) break;
        buffer.commit(read);
      }
      // From the first byte on, the whole request must arrive within read_timeout_ms.
      stream.expires_after(std::chrono::milliseconds(options.read_timeout_ms));
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(
          static_cast<std::uint32_t>(std::min<std::size_t>(options.header_limit, UINT32_MAX)));
      // The header first: the route may allow a larger body (uploads) than the default. Beast
      // checks Content-Length against the limit while parsing the header, so the header is read
      // under the largest limit of any route and the route's own limit is applied after it.
      std::size_t body_limit = options.body_limit;
      parser.body_limit(largest_body_limit);
      auto [error, read] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
      if (!error) {
        std::string_view target = parser.get().target();
        target = target.substr(0, target.find('?'));
        RouteMatch match = router.Match(parser.get().method_string(), target);
        if (match.kind == RouteMatch::Kind::kFound && match.route->body_limit > 0) {
          body_limit = match.route->body_limit;
        }
        parser.body_limit(body_limit);
        const bool has_body = !parser.is_done();
        if (parser.content_length() && *parser.content_length() > body_limit) {
          error = bhttp::error::body_limit;
        } else if (has_body && match.kind == RouteMatch::Kind::kFound && match.route->permission) {
          // Credentials are checked from the header before any byte of the body is read: an
          // anonymous upload gets its 401 at once and the connection closes unread.
          const auto& header = parser.get();
          auto principal = pipeline->Authenticate(header[bhttp::field::authorization],
                                                  header[bhttp::field::cookie]);
          if (!principal.ok()) {
            Exchange exchange =
                pipeline->ProtocolError(principal.error(), std::string(header.method_string()),
                                        std::string(header.target()), remote);
            std::size_t written = co_await Write(stream, exchange, 11, false, false);
            pipeline->Record(exchange, written);
            co_await DiscardInput(stream);
            break;
          }
          std::tie(error, read) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
        } else {
          std::tie(error, read) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
        }
      }
      if (error) {
        std::optional<core::Error> answer;
        if (error == bhttp::error::header_limit) {
          answer = core::Error::PayloadTooLarge("请求头过大");
        } else if (error == bhttp::error::body_limit) {
          answer = core::Error::PayloadTooLarge("请求体过大（上限 " + std::to_string(body_limit) +
                                                " 字节）");
        } else if (error.category() ==
                       bhttp::make_error_code(bhttp::error::bad_target).category() &&
                   error != bhttp::error::end_of_stream && error != bhttp::error::partial_message) {
          answer = core::Error::InvalidArgument("请求格式错误");
        }
        if (answer) {
          bool header_too_large = error == bhttp::error::header_limit;
          std::string method;
          std::string target;
          if (parser.is_header_done()) {
            method = std::string(parser.get().method_string());
            target = std::string(parser.get().target());
          }
          Exchange exchange = pipeline->ProtocolError(*answer, method, target, remote);
          if (header_too_large) exchange.response->status = 431;
          std::size_t written = co_await Write(stream, exchange, 11, false, false);
          pipeline->Record(exchange, written);
          co_await DiscardInput(stream);
        }
        break;
      }
      auto& message = parser.get();
      in_flight.fetch_add(1);
      pipeline->metrics().Enter();
      IncomingRequest incoming;
      incoming.method = std::string(message.method_string());
      incoming.target = std::string(message.target());
      incoming.remote_address = remote;
      incoming.headers.reserve(16);
      for (const auto& field : message) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        incoming.headers.emplace_back(std::move(name), std::string(field.value()));
      }
      incoming.body = std::move(message.body());
      bool head = message.method() == bhttp::verb::head;
      unsigned version = message.version();
      bool keep_alive = message.keep_alive();

      Exchange exchange;
      pipeline->Begin(std::move(incoming), exchange);
      if (exchange.run_on_pool) {
        // The handler may block on the database: run it off the I/O threads.
        co_await asio::co_spawn(
            handler_pool->get_executor(),
            [&]() -> asio::awaitable<void> {
              pipeline->RunHandler(exchange);
              co_return;
            },
            asio::use_awaitable);
      }
      keep_alive = keep_alive && !stopping.load();
      std::size_t written = co_await Write(stream, exchange, version, head, keep_alive);
      pipeline->Record(exchange, written);
      pipeline->metrics().Leave();
      in_flight.fetch_sub(1);
      if (written == 0 || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
  }

  // After an early error answer: half-close, then read and drop what the client is still
  // sending (bounded), so that closing does not reset the connection before it reads the answer.
  asio::awaitable<void> DiscardInput(beast::tcp_stream& stream) {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::milliseconds(500));
    std::array<char, 16384> scratch;
    std::size_t total = 0;
    while (total < (4u << 20)) {
      auto [error, read] = co_await stream.async_read_some(asio::buffer(scratch), kNoThrow);
      if (error) break;
      total += read;
    }
  }

  asio::awaitable<void> Drain() {
    asio::steady_timer timer(io_context);
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options.drain_timeout_ms);
    while (in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(kNoThrow);
    }
    if (in_flight.load() > 0) {
      hooks.logger->warn("stopping with {} requests still in flight", in_flight.load());
    }
    io_context.stop();
  }

  void BeginStop() {
    if (stopping.exchange(true)) return;
    asio::post(io_context, [this] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
      asio::co_spawn(io_context, Drain(), asio::detached);
    });
  }
};

Server::Server(ServerOptions options, Router& router, access::Authenticator& authenticator,
               ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(hooks))) {
  PipelineOptions pipeline_options;
  pipeline_options.web_root = impl_->options.web_root;
  pipeline_options.trusted_proxies = impl_->options.trusted_proxies;
  pipeline_options.static_cache_bytes = impl_->options.static_cache_bytes;
  pipeline_options.image_sources = impl_->options.image_sources;
  impl_->AddOperationalRoutes(pipeline_options.inline_routes);
  impl_->pipeline = std::make_unique<Pipeline>(router, authenticator, std::move(pipeline_options),
                                               impl_->hooks.logger, impl_->hooks.access_logger);
}

Server::~Server() {
  if (impl_->handler_pool) impl_->handler_pool->join();
}

core::Status Server::Listen() {
  std::lock_guard lock(impl_->listen_mutex);
  if (impl_->acceptor.is_open()) return core::Ok();
  ASSIGN_OR_RETURN(tcp::endpoint endpoint, ParseListen(impl_->options.listen));
  boost::system::error_code error;
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    return core::Error::Unavailable("无法监听 " + impl_->options.listen + "：" + error.message());
  }
  impl_->bound_port = acceptor.local_endpoint().port();
  return core::Ok();
}

core::Status Server::Run() {
  if (impl_->run_started.exchange(true)) {
    return core::Error::FailedPrecondition("服务器已经运行过");
  }
  TRY(Listen());
  Impl& impl = *impl_;
  impl.handler_pool = std::make_unique<asio::thread_pool>(
      static_cast<std::size_t>(DefaultThreads(impl.options.handler_threads, 2)));
  if (impl.options.handle_signals) {
    impl.signals.add(SIGTERM);
    impl.signals.add(SIGINT);
    impl.signals.async_wait([&impl](const boost::system::error_code& error, int signal) {
      if (error) return;
      impl.hooks.logger->info("signal {} received, stopping", signal);
      impl.BeginStop();
    });
  }
  asio::co_spawn(impl.io_context, impl.Accept(), asio::detached);
  impl.hooks.logger->info("listening on {} (port {})", impl.options.listen, port());
  int io_threads = DefaultThreads(impl.options.io_threads, 1);
  std::vector<std::thread> threads;
  for (int i = 1; i < io_threads; ++i) threads.emplace_back([&impl] { impl.io_context.run(); });
  impl.io_context.run();
  for (auto& thread : threads) thread.join();
  impl.handler_pool->join();
  impl.hooks.logger->info("stopped");
  return core::Ok();
}

void Server::Stop() { impl_->BeginStop(); }

uint16_t Server::port() const { return impl_->bound_port.load(); }

}  // namespace linli::http

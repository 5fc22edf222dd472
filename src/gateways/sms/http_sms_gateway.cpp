#include "gateways/sms/http_sms_gateway.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <chrono>
#include <exception>
#include <filesystem>
#include <utility>

#include "core/text.hpp"
#include "gateways/sms/sms_template.hpp"

namespace linli::gateways {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using notifications::SmsRequest;
using notifications::SmsSendResult;

constexpr size_t kMaxHeaderBytes = 16 << 10;
constexpr size_t kMaxMessageIdBytes = 128;

core::Error Refused(std::string_view field, const std::string& why) {
  return core::Error::InvalidArgument("配置项 " + std::string(field) + " " + why,
                                      std::string(field));
}

// Where the messages go, from the URL.
struct Target {
  bool https = false;
  std::string host;         // as resolved: no brackets around an IPv6 address
  std::string port;         // "443" when the URL names none
  std::string host_header;  // the URL's host[:port]
  std::string resource;     // path and query, "/" at least
};

core::Result<Target> ParseTarget(const std::string& text) {
  constexpr std::string_view kField = "sms_gateway_url";
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return Refused(kField, "不是完整的 http:// 或 https:// 地址");
  const boost::urls::url_view url = *parsed;
  Target target;
  if (url.scheme() == "https") {
    target.https = true;
  } else if (url.scheme() != "http") {
    return Refused(kField, "应以 http:// 或 https:// 开头");
  }
  if (url.has_userinfo()) {
    return Refused(kField,
                   "不能含用户名或密码：凭据只从环境变量 LINLI_SMS_GATEWAY_AUTHORIZATION 读取");
  }
  if (url.encoded_host_address().empty()) return Refused(kField, "缺少主机名");
  if (url.has_fragment()) return Refused(kField, "不能含 # 片段");
  target.host = url.host_address();
  if (url.has_port()) {
    if (url.port().empty() || url.port_number() == 0) return Refused(kField, "的端口无效");
    target.port = std::string(url.port());
  } else {
    target.port = target.https ? "443" : "80";
  }
  target.host_header = std::string(url.encoded_host_and_port());
  target.resource = std::string(url.encoded_resource());
  if (target.resource.empty() || target.resource.front() != '/') {
    target.resource.insert(0, "/");
  }
  return target;
}

// A header value we send: printable, one line.
core::Status CheckHeaderValue(std::string_view value, std::string_view field) {
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) return Refused(field, "不能含控制字符或换行");
  }
  return core::Ok();
}

// What one exchange came to: a status (0: none) or an error.
struct Answer {
  bool finished = false;
  unsigned status = 0;
  std::string body;
  bool body_truncated = false;
  std::string retry_after;
  std::string error;
};

std::string Describe(const boost::system::error_code& error) {
  if (error == beast::error::timeout) return "超时";
  return error.message();
}

int64_t RetryAfterMs(std::string_view text) {
  int64_t seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || seconds < 0) return 0;
  return std::min<int64_t>(seconds, 24 * 3600) * 1000;
}

// The gateway's id for the message: a string or integer at the top level of a JSON object,
// kept when it is short, valid text.
std::string MessageIdOf(const std::string& body, const std::string& field) {
  if (field.empty() || body.empty()) return "";
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(body, error);
  if (error || !value.is_object()) return "";
  const auto* found = value.as_object().if_contains(field);
  if (found == nullptr) return "";
  std::string id;
  if (found->is_string()) {
    id = std::string(found->as_string());
  } else if (found->is_int64()) {
    id = std::to_string(found->as_int64());
  } else if (found->is_uint64()) {
    id = std::to_string(found->as_uint64());
  }
  if (id.size() > kMaxMessageIdBytes || core::TextProblem(id, core::TextRule::kSingleLine)) {
    return "";
  }
  return id;
}

class HttpSmsGateway final : public notifications::SmsGateway {
 public:
  HttpSmsGateway(HttpSmsGatewayOptions options, Target target, SmsTemplate body_template,
                 std::unique_ptr<ssl::context> tls)
      : options_(std::move(options)),
        target_(std::move(target)),
        template_(std::move(body_template)),
        tls_(std::move(tls)) {}

  SmsSendResult Send(const SmsRequest& request) override {
    std::string body = template_.Render(request);
    Answer answer;
    try {
      asio::io_context io;
      asio::co_spawn(io, Exchange(body, answer), [&answer](std::exception_ptr failure) {
        answer.finished = true;
        if (!failure) return;
        try {
          std::rethrow_exception(failure);
        } catch (const boost::system::system_error& error) {
          answer.error = Describe(error.code());
        } catch (const std::exception& error) {
          answer.error = error.what();
        }
      });
      // The stream's deadline bounds every step but name resolution; this bounds that too.
      io.run_for(std::chrono::milliseconds(options_.timeout_ms + 500));
      if (!answer.finished) answer.error = "超时";
    } catch (const std::exception& error) {
      answer.error = error.what();
    }
    std::fill(body.begin(), body.end(), '\0');
    return Classify(answer);
  }

 private:
  asio::awaitable<void> Exchange(const std::string& body, Answer& answer) {
    auto executor = co_await asio::this_coro::executor;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.timeout_ms);
    tcp::resolver resolver(executor);
    const auto endpoints =
        co_await resolver.async_resolve(target_.host, target_.port, asio::use_awaitable);
    http::request<http::string_body> request{http::verb::post, target_.resource, 11};
    request.set(http::field::host, target_.host_header);
    request.set(http::field::user_agent, "linli-sms");
    request.set(http::field::content_type, options_.content_type);
    request.set(http::field::accept, "application/json, */*;q=0.5");
    request.set(http::field::connection, "close");
    if (!options_.authorization.empty()) {
      request.set(http::field::authorization, options_.authorization);
    }
    request.body() = body;
    request.prepare_payload();
    if (target_.https) {
      beast::ssl_stream<beast::tcp_stream> stream(executor, *tls_);
      boost::system::error_code not_an_address;
      asio::ip::make_address(target_.host, not_an_address);
      // SNI names a host, never an address (RFC 6066).
      if (not_an_address &&
          !SSL_set_tlsext_host_name(stream.native_handle(), target_.host.c_str())) {
        throw std::runtime_error("TLS SNI 设置失败");
      }
      stream.set_verify_callback(ssl::host_name_verification(target_.host));
      beast::get_lowest_layer(stream).expires_at(deadline);
      co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
      co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
      co_await WriteAndRead(stream, request, answer);
      // No close_notify exchange: a gateway that never answers it would cost the timeout.
    } else {
      beast::tcp_stream stream(executor);
      stream.expires_at(deadline);
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      co_await WriteAndRead(stream, request, answer);
      boost::system::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
    std::fill(request.body().begin(), request.body().end(), '\0');
  }

  template <typename Stream>
  asio::awaitable<void> WriteAndRead(Stream& stream, http::request<http::string_body>& request,
                                     Answer& answer) {
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(options_.max_response_bytes);
    boost::system::error_code error;
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, error));
    // A body past the limit still has its status: the answer is judged by it, the body dropped.
    if (error == http::error::body_limit && parser.is_header_done()) {
      answer.body_truncated = true;
    } else if (error) {
      throw boost::system::system_error(error);
    }
    const auto& response = parser.get();
    answer.status = response.result_int();
    answer.retry_after = std::string(response[http::field::retry_after]);
    if (!answer.body_truncated) answer.body = response.body();
  }

  SmsSendResult Classify(const Answer& answer) const {
    SmsSendResult result;
    if (answer.status == 0) {
      result.kind = SmsSendResult::Kind::kRetry;
      result.error = "连接短信网关失败：" + (answer.error.empty() ? "未知错误" : answer.error);
      return result;
    }
    const std::string status = "HTTP " + std::to_string(answer.status);
    if (answer.status >= 200 && answer.status < 300) {
      result.kind = SmsSendResult::Kind::kSent;
      result.gateway_message_id = MessageIdOf(answer.body, options_.message_id_field);
      return result;
    }
    if (answer.status >= 500 || answer.status == 408 || answer.status == 429) {
      result.kind = SmsSendResult::Kind::kRetry;
      result.error = "短信网关暂不可用：" + status;
      result.retry_after_ms = RetryAfterMs(answer.retry_after);
      return result;
    }
    result.kind = SmsSendResult::Kind::kRejected;
    result.error = "短信网关拒绝：" + status;
    return result;
  }

  HttpSmsGatewayOptions options_;
  Target target_;
  SmsTemplate template_;
  std::unique_ptr<ssl::context> tls_;
};

// Certificates checked against the system's store or the configured file; TLS 1.2 at least.
core::Result<std::unique_ptr<ssl::context>> MakeTlsContext(const std::string& ca_file) {
  auto tls = std::make_unique<ssl::context>(ssl::context::tls_client);
  boost::system::error_code error;
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   error);
  tls->set_verify_mode(ssl::verify_peer, error);
  if (ca_file.empty()) {
    tls->set_default_verify_paths(error);
    if (error)
      return Refused("sms_gateway_ca_file", "为空时须能读取系统证书库：" + error.message());
  } else {
    tls->load_verify_file(ca_file, error);
    if (error) {
      return Refused("sms_gateway_ca_file",
                     "无法读取 CA 证书文件 " + ca_file + "：" + error.message());
    }
  }
  return tls;
}

class LoggingSmsGateway final : public notifications::SmsGateway {
 public:
  SmsSendResult Send(const SmsRequest& request) override {
    // Never the phone or the text: the text can name residents.
    spdlog::info("sms {} to account {} (logging adapter: no gateway configured, not sent)",
                 request.message_id, request.account_id);
    return SmsSendResult{};
  }
};

}  // namespace

core::Result<std::unique_ptr<notifications::SmsGateway>> MakeHttpSmsGateway(
    const HttpSmsGatewayOptions& options) {
  ASSIGN_OR_RETURN(Target target, ParseTarget(options.url));
  TRY(CheckHeaderValue(options.content_type, "sms_gateway_content_type"));
  ASSIGN_OR_RETURN(BodyEncoding encoding,
                   BodyEncodingFor(options.content_type, "sms_gateway_content_type"));
  ASSIGN_OR_RETURN(SmsTemplate body_template,
                   SmsTemplate::Parse(options.body_template, encoding, "sms_gateway_template"));
  TRY(CheckHeaderValue(options.authorization, "LINLI_SMS_GATEWAY_AUTHORIZATION"));
  if (options.timeout_ms < 100 || options.timeout_ms > 120000) {
    return Refused("sms_gateway_timeout_ms", "应为 100 到 120000 之间的整数");
  }
  if (options.message_id_field.size() > 64 ||
      core::TextProblem(options.message_id_field, core::TextRule::kSingleLine)) {
    return Refused("sms_gateway_id_field", "应为不超过 64 字节的字段名");
  }
  std::unique_ptr<ssl::context> tls;
  if (target.https) {
    ASSIGN_OR_RETURN(tls, MakeTlsContext(options.ca_file));
  } else if (!options.ca_file.empty() && !std::filesystem::exists(options.ca_file)) {
    return Refused("sms_gateway_ca_file", "指向的文件不存在：" + options.ca_file);
  }
  return std::unique_ptr<notifications::SmsGateway>(std::make_unique<HttpSmsGateway>(
      options, std::move(target), std::move(body_template), std::move(tls)));
}

std::string GatewayOrigin(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "";
  return std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port());
}

std::unique_ptr<notifications::SmsGateway> MakeLoggingSmsGateway() {
  return std::make_unique<LoggingSmsGateway>();
}

}  // namespace linli::gateways

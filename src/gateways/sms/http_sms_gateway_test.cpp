// The HTTP SMS gateway against small local servers of this test (plain HTTP, and HTTPS with a
// self-signed certificate made here): the body, headers, path and query it POSTs; how answers
// are judged (2xx sent with the gateway's id, 5xx/408/429 retried with Retry-After, other 4xx
// and redirects refused, a body past the limit); a gateway that never answers is given up after
// the timeout; a closed port; HTTPS verifies the certificate (its CA and its host name) and
// sends SNI; errors never carry the phone or the text; bad settings are refused by field name.
#include "gateways/sms/http_sms_gateway.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

namespace linli::gateways {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using notifications::SmsRequest;
using notifications::SmsSendResult;

constexpr char kPhone[] = "13812345678";
constexpr char kText[] = "新事件分派给您：张三家门口垃圾堆放";

// What the server answers next.
struct Reply {
  unsigned status = 200;
  std::string body = R"({"id":"gw-1"})";
  std::vector<std::pair<std::string, std::string>> headers;
  bool hang = false;  // read the request, never answer
};

// What the server was sent.
struct Received {
  std::string target;
  std::string host;
  std::string content_type;
  std::string authorization;
  std::string body;
  std::string server_name;  // TLS SNI
};

// A local HTTP(S) server on 127.0.0.1 with a port of its own, on a thread of its own.
class TestServer {
 public:
  explicit TestServer(ssl::context* tls = nullptr)
      : tls_(tls), acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    asio::co_spawn(io_, Accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestServer() {
    io_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void Answer(Reply reply) {
    std::lock_guard lock(mutex_);
    replies_.push_back(std::move(reply));
  }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  asio::awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
      asio::co_spawn(io_, Serve(std::move(socket)), asio::detached);
    }
  }
  asio::awaitable<void> Serve(tcp::socket socket) {
    try {
      if (tls_) {
        ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
        co_await stream.async_handshake(ssl::stream_base::server, asio::use_awaitable);
        const char* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        co_await Handle(stream, name ? name : "");
      } else {
        co_await Handle(socket, "");
      }
    } catch (const std::exception&) {
      // A client that refused our certificate, or went away: nothing to answer.
    }
  }
  template <typename Stream>
  asio::awaitable<void> Handle(Stream& stream, std::string server_name) {
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    co_await http::async_read(stream, buffer, request, asio::use_awaitable);
    Reply reply;
    {
      std::lock_guard lock(mutex_);
      received_.push_back(Received{std::string(request.target()),
                                   std::string(request[http::field::host]),
                                   std::string(request[http::field::content_type]),
                                   std::string(request[http::field::authorization]), request.body(),
                                   std::move(server_name)});
      if (!replies_.empty()) {
        reply = std::move(replies_.front());
        replies_.pop_front();
      }
    }
    if (reply.hang) {
      asio::steady_timer never(co_await asio::this_coro::executor, std::chrono::hours(1));
      co_await never.async_wait(asio::use_awaitable);
    }
    http::response<http::string_body> response{http::status(reply.status), 11};
    for (const auto& [name, value] : reply.headers) response.set(name, value);
    response.body() = reply.body;
    response.prepare_payload();
    co_await http::async_write(stream, response, asio::use_awaitable);
  }

  ssl::context* tls_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<Reply> replies_;
  std::vector<Received> received_;
};

// A self-signed certificate for `alt_names` ("DNS:localhost") and its key, PEM.
struct Pem {
  std::string certificate;
  std::string key;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, size_t(size));
}

Pem SelfSigned(const char* alt_names) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* certificate = X509_new();
  X509_set_version(certificate, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 24 * 3600);
  X509_set_pubkey(certificate, key);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("linli test gateway"), -1, -1,
                             0);
  X509_set_issuer_name(certificate, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, alt_names},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            std::pair{NID_key_usage, "critical,digitalSignature,keyCertSign"}}) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
  }
  X509_sign(certificate, key, EVP_sha256());
  BIO* certificate_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(certificate_bio, certificate);
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  Pem pem{BioText(certificate_bio), BioText(key_bio)};
  BIO_free(certificate_bio);
  BIO_free(key_bio);
  X509_free(certificate);
  EVP_PKEY_free(key);
  return pem;
}

SmsRequest Message() { return SmsRequest{42, 7, kPhone, kText}; }

// Errors name the failure, never the phone or the text.
void ExpectNothingPersonal(const SmsSendResult& result) {
  EXPECT_EQ(result.error.find(kPhone), std::string::npos) << result.error;
  EXPECT_EQ(result.error.find("张三"), std::string::npos) << result.error;
}

class HttpSmsGatewayTest : public ::testing::Test {
 protected:
  std::unique_ptr<notifications::SmsGateway> Gateway(HttpSmsGatewayOptions options) {
    auto gateway = MakeHttpSmsGateway(options);
    EXPECT_TRUE(gateway.ok()) << gateway.error().message;
    return gateway.ok() ? std::move(gateway).value() : nullptr;
  }
  std::string Url(const char* scheme, const char* host, unsigned short port,
                  const char* path = "/sms/send?account=linli") {
    return std::string(scheme) + "://" + host + ":" + std::to_string(port) + path;
  }
};

TEST_F(HttpSmsGatewayTest, PostsTheTemplateWithItsHeadersAndReadsTheGatewaysId) {
  TestServer server;
  HttpSmsGatewayOptions options;
  options.url = Url("http", "127.0.0.1", server.port());
  options.authorization = "Bearer s3cret";
  auto gateway = Gateway(options);
  ASSERT_NE(gateway, nullptr);
  const SmsSendResult result = gateway->Send(Message());
  EXPECT_EQ(result.kind, SmsSendResult::Kind::kSent) << result.error;
  EXPECT_EQ(result.gateway_message_id, "gw-1");
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].target, "/sms/send?account=linli");
  EXPECT_EQ(received[0].host, "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(received[0].content_type, "application/json");
  EXPECT_EQ(received[0].authorization, "Bearer s3cret");
  const auto body = boost::json::parse(received[0].body).as_object();
  EXPECT_EQ(body.at("phone").as_string(), kPhone);
  EXPECT_EQ(body.at("text").as_string(), kText);
  // No credentials configured: no Authorization header at all.
  options.authorization.clear();
  ASSERT_EQ(Gateway(options)->Send(Message()).kind, SmsSendResult::Kind::kSent);
  EXPECT_EQ(server.received().at(1).authorization, "");
}

TEST_F(HttpSmsGatewayTest, JudgesTheAnswerByItsStatus) {
  TestServer server;
  HttpSmsGatewayOptions options;
  options.url = Url("http", "127.0.0.1", server.port(), "");
  options.message_id_field = "message_id";
  auto gateway = Gateway(options);
  ASSERT_NE(gateway, nullptr);
  struct Case {
    Reply reply;
    SmsSendResult::Kind kind;
    const char* error;
    int64_t retry_after_ms;
    const char* id;
  };
  const std::vector<Case> cases = {
      {{201, R"({"message_id":123456789})", {}, false},
       SmsSendResult::Kind::kSent,
       "",
       0,
       "123456789"},
      {{200, "not json", {}, false}, SmsSendResult::Kind::kSent, "", 0, ""},
      {{200, R"({"message_id":{"nested":1}})", {}, false}, SmsSendResult::Kind::kSent, "", 0, ""},
      {{503, "busy " + std::string(kPhone), {{"Retry-After", "120"}}, false},
       SmsSendResult::Kind::kRetry,
       "短信网关暂不可用：HTTP 503",
       120'000,
       ""},
      {{500, "", {}, false}, SmsSendResult::Kind::kRetry, "短信网关暂不可用：HTTP 500", 0, ""},
      {{429, "", {{"Retry-After", "soon"}}, false},
       SmsSendResult::Kind::kRetry,
       "短信网关暂不可用：HTTP 429",
       0,
       ""},
      {{408, "", {}, false}, SmsSendResult::Kind::kRetry, "短信网关暂不可用：HTTP 408", 0, ""},
      {{400, std::string("bad phone ") + kPhone, {}, false},
       SmsSendResult::Kind::kRejected,
       "短信网关拒绝：HTTP 400",
       0,
       ""},
      {{401, "", {}, false}, SmsSendResult::Kind::kRejected, "短信网关拒绝：HTTP 401", 0, ""},
      {{302, "", {{"Location", "http://elsewhere/"}}, false},
       SmsSendResult::Kind::kRejected,
       "短信网关拒绝：HTTP 302",
       0,
       ""},
  };
  for (const Case& c : cases) {
    server.Answer(c.reply);
    const SmsSendResult result = gateway->Send(Message());
    SCOPED_TRACE(c.reply.status);
    EXPECT_EQ(result.kind, c.kind) << result.error;
    EXPECT_EQ(result.error, c.error);
    EXPECT_EQ(result.retry_after_ms, c.retry_after_ms);
    EXPECT_EQ(result.gateway_message_id, c.id);
    ExpectNothingPersonal(result);
  }
  EXPECT_EQ(server.received().front().target, "/");  // a URL without a path posts to /
}

TEST_F(HttpSmsGatewayTest, ABodyPastTheLimitIsJudgedByItsStatusAndDropped) {
  TestServer server;
  HttpSmsGatewayOptions options;
  options.url = Url("http", "127.0.0.1", server.port());
  options.max_response_bytes = 1024;
  server.Answer(Reply{200, R"({"id":"x","pad":")" + std::string(4096, 'a') + "\"}", {}, false});
  const SmsSendResult result = Gateway(options)->Send(Message());
  EXPECT_EQ(result.kind, SmsSendResult::Kind::kSent) << result.error;
  EXPECT_EQ(result.gateway_message_id, "");
}

TEST_F(HttpSmsGatewayTest, AGatewayThatNeverAnswersIsGivenUpAfterTheTimeout) {
  TestServer server;
  HttpSmsGatewayOptions options;
  options.url = Url("http", "127.0.0.1", server.port());
  options.timeout_ms = 300;
  server.Answer(Reply{200, "", {}, true});
  const auto began = std::chrono::steady_clock::now();
  const SmsSendResult result = Gateway(options)->Send(Message());
  const auto took = std::chrono::steady_clock::now() - began;
  EXPECT_EQ(result.kind, SmsSendResult::Kind::kRetry);
  EXPECT_EQ(result.error, "连接短信网关失败：超时");
  EXPECT_GE(took, std::chrono::milliseconds(250));
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_F(HttpSmsGatewayTest, AClosedPortIsWorthARetry) {
  unsigned short port = 0;
  {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = acceptor.local_endpoint().port();
  }
  HttpSmsGatewayOptions options;
  options.url = Url("http", "127.0.0.1", port);
  const SmsSendResult result = Gateway(options)->Send(Message());
  EXPECT_EQ(result.kind, SmsSendResult::Kind::kRetry);
  EXPECT_EQ(result.error.rfind("连接短信网关失败：", 0), 0u) << result.error;
  ExpectNothingPersonal(result);
}

class HttpsGatewayTest : public HttpSmsGatewayTest {
 protected:
  void SetUp() override {
    const Pem pem = SelfSigned("DNS:localhost");
    tls_.use_certificate_chain(asio::buffer(pem.certificate));
    tls_.use_private_key(asio::buffer(pem.key), ssl::context::pem);
    ca_file_ = std::filesystem::temp_directory_path() /
               ("linli_sms_ca_" + std::to_string(::getpid()) + ".pem");
    std::ofstream(ca_file_) << pem.certificate;
  }
  void TearDown() override { std::filesystem::remove(ca_file_); }

  ssl::context tls_{ssl::context::tls_server};
  std::filesystem::path ca_file_;
};

TEST_F(HttpsGatewayTest, VerifiesTheCertificateAndItsHostNameAndSendsSni) {
  TestServer server(&tls_);
  HttpSmsGatewayOptions options;
  options.url = Url("https", "localhost", server.port());
  options.ca_file = ca_file_.string();
  const SmsSendResult sent = Gateway(options)->Send(Message());
  EXPECT_EQ(sent.kind, SmsSendResult::Kind::kSent) << sent.error;
  EXPECT_EQ(sent.gateway_message_id, "gw-1");
  ASSERT_EQ(server.received().size(), 1u);
  EXPECT_EQ(server.received()[0].server_name, "localhost");
  EXPECT_EQ(boost::json::parse(server.received()[0].body).at("phone").as_string(), kPhone);

  // The system's store does not know our CA: refused before anything is sent.
  options.ca_file.clear();
  const SmsSendResult untrusted = Gateway(options)->Send(Message());
  EXPECT_EQ(untrusted.kind, SmsSendResult::Kind::kRetry);
  EXPECT_NE(untrusted.error.find("certificate verify failed"), std::string::npos)
      << untrusted.error;
  // A trusted certificate for another name: refused too.
  options.ca_file = ca_file_.string();
  options.url = Url("https", "127.0.0.1", server.port());
  const SmsSendResult wrong_name = Gateway(options)->Send(Message());
  EXPECT_EQ(wrong_name.kind, SmsSendResult::Kind::kRetry);
  EXPECT_NE(wrong_name.error.find("certificate verify failed"), std::string::npos)
      << wrong_name.error;
  EXPECT_EQ(server.received().size(), 1u);  // the refused ones never sent a request
}

TEST(HttpSmsGatewaySettingsTest, RefusesBadSettingsByName) {
  struct Case {
    HttpSmsGatewayOptions options;
    const char* field;
  };
  const auto with = [](auto change) {
    HttpSmsGatewayOptions options;
    options.url = "https://sms.example.com/send";
    change(options);
    return options;
  };
  const std::vector<Case> cases = {
      {with([](auto& o) { o.url = "ftp://sms.example.com/"; }), "sms_gateway_url"},
      {with([](auto& o) { o.url = "sms.example.com/send"; }), "sms_gateway_url"},
      {with([](auto& o) { o.url = "https://user:pw@sms.example.com/"; }), "sms_gateway_url"},
      {with([](auto& o) { o.url = "http:///send"; }), "sms_gateway_url"},
      {with([](auto& o) { o.url = "https://sms.example.com/#x"; }), "sms_gateway_url"},
      {with([](auto& o) { o.url = "https://sms.example.com:0/"; }), "sms_gateway_url"},
      {with([](auto& o) { o.content_type = "text/plain"; }), "sms_gateway_content_type"},
      {with([](auto& o) { o.content_type = "application/json\r\nX-Evil: 1"; }),
       "sms_gateway_content_type"},
      {with([](auto& o) { o.body_template = R"({"phone":"{phone}"})"; }), "sms_gateway_template"},
      {with([](auto& o) { o.authorization = "Bearer a\r\nX-Evil: 1"; }),
       "LINLI_SMS_GATEWAY_AUTHORIZATION"},
      {with([](auto& o) { o.timeout_ms = 50; }), "sms_gateway_timeout_ms"},
      {with([](auto& o) { o.message_id_field = std::string(65, 'x'); }), "sms_gateway_id_field"},
      {with([](auto& o) { o.ca_file = "/no/such/ca.pem"; }), "sms_gateway_ca_file"},
  };
  for (const Case& c : cases) {
    auto gateway = MakeHttpSmsGateway(c.options);
    ASSERT_FALSE(gateway.ok()) << c.options.url << " " << c.field;
    EXPECT_EQ(gateway.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(gateway.error().field, c.field) << gateway.error().message;
  }
  EXPECT_TRUE(MakeHttpSmsGateway(with([](auto&) {})).ok());
  EXPECT_EQ(GatewayOrigin("https://sms.example.com:8443/send?key=secret"),
            "https://sms.example.com:8443");
}

TEST(LoggingSmsGatewayTest, ReportsTheMessageSent) {
  auto gateway = MakeLoggingSmsGateway();
  EXPECT_EQ(gateway->Send(Message()).kind, SmsSendResult::Kind::kSent);
}

}  // namespace
}  // namespace linli::gateways

// The SMS gateway adapters (decision 0018): notifications::SmsGateway over an HTTP(S) gateway,
// and the logging adapter that is the default when no gateway is configured.
//
// HTTP: each message is one POST to the configured URL (http or https) with the body of the
// template (sms_template.hpp), the configured content type, and the Authorization header when
// credentials are given (from the environment only, LINLI_SMS_GATEWAY_AUTHORIZATION, never from
// the configuration file). HTTPS verifies the gateway's certificate against the system's CA
// store (or the configured CA file) and its host name, and sends SNI; TLS 1.2 at least
// (Boost.Asio SSL over OpenSSL 3). The whole exchange — resolving, connecting, TLS, writing and
// reading — ends within the timeout; the answer's header is read up to 16 KiB and its body up to
// max_response_bytes. 2xx is sent (the gateway's message id read from a top-level field of a
// JSON answer when configured); a network or TLS error, a timeout, 408, 429 or 5xx is worth a
// retry (with the answer's Retry-After in seconds); anything else is a refusal. Errors name the
// status or the network failure, never the phone, the text or the answer's body (which may echo
// either). Nothing is logged but the gateway's scheme, host and port at start-up.
// Logging: logs the message and account ids only (the text can name residents) and reports the
// message sent.
// Thread-safety: Send may be called from several threads at once (each call has its own I/O
// context and connection; the TLS context is shared read-only).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "domain/notifications/sms.hpp"

namespace linli::gateways {

struct HttpSmsGatewayOptions {
  std::string url;  // http://… or https://…; no user:password (credentials go in authorization)
  std::string body_template = R"({"phone":"{phone}","text":"{text}"})";
  std::string content_type = "application/json";
  std::string authorization;  // the Authorization header's value; "" = none
  int timeout_ms = 10000;
  size_t max_response_bytes = 64 << 10;
  std::string message_id_field = "id";  // top-level field of a JSON answer; "" = none
  std::string ca_file;                  // PEM file of trusted CAs; "" = the system's store
};

// Checks the options and builds the adapter. kInvalidArgument naming the configuration field at
// fault (sms_gateway_url, sms_gateway_template, sms_gateway_content_type,
// sms_gateway_timeout_ms, sms_gateway_id_field, sms_gateway_ca_file, or the variable
// LINLI_SMS_GATEWAY_AUTHORIZATION) with a Chinese message.
core::Result<std::unique_ptr<notifications::SmsGateway>> MakeHttpSmsGateway(
    const HttpSmsGatewayOptions& options);

// "https://sms.example.com:443": what may be logged of a gateway URL (its path and query may
// carry keys). REQUIRES: a URL MakeHttpSmsGateway accepted.
std::string GatewayOrigin(const std::string& url);

// The default adapter: logs "sms <message id> to account <account id>" and reports it sent.
std::unique_ptr<notifications::SmsGateway> MakeLoggingSmsGateway();

}  // namespace linli::gateways

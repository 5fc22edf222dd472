// The body an HTTP SMS gateway is sent: a configured template (sms_gateway_template) whose
// placeholders {phone}, {text} and {id} (our message id, for gateways that deduplicate) are
// replaced, each escaped for the body's content type, so that a text can never break out of
// its place in the body: JSON string escaping (the template puts the placeholder between
// quotes), percent-encoding for a form, entity escaping for XML.
// A placeholder is "{" + lower-case letters or "_" + "}"; an unknown one is an error at start-up
// (a typo would otherwise send the braces), and other braces (a JSON object's) are text.
// Thread-safety: an SmsTemplate is immutable; pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/notifications/sms.hpp"

namespace linli::gateways {

enum class BodyEncoding {
  kJson,  // application/json, and any */*+json
  kForm,  // application/x-www-form-urlencoded
  kXml,   // application/xml, text/xml, and any */*+xml
};

// The encoding of a content type (its parameters ignored, any case). kInvalidArgument on
// `field` for any other type.
core::Result<BodyEncoding> BodyEncodingFor(std::string_view content_type, std::string_view field);

// The escapes, exposed for tests (XML's is core::XmlEscaped). JsonEscaped leaves out the quotes.
std::string JsonEscaped(std::string_view text);
std::string FormEncoded(std::string_view text);

class SmsTemplate {
 public:
  // kInvalidArgument naming `field`: empty or longer than 4096 bytes, not valid text, an unknown
  // placeholder, {phone} or {text} missing, or (JSON) a body that is not JSON once filled in.
  static core::Result<SmsTemplate> Parse(std::string_view text, BodyEncoding encoding,
                                         std::string_view field);

  std::string Render(const notifications::SmsRequest& request) const;
  BodyEncoding encoding() const { return encoding_; }

 private:
  enum class Slot { kText, kPhone, kMessageText, kMessageId };
  struct Part {
    Slot slot = Slot::kText;
    std::string text;  // kText only
  };
  std::string Escaped(std::string_view value) const;

  BodyEncoding encoding_ = BodyEncoding::kJson;
  std::vector<Part> parts_;
};

}  // namespace linli::gateways

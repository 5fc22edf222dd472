// The gateway's body template: placeholders replaced and escaped for the content type, so that a
// text with quotes, backslashes, line breaks, ampersands or a forged field stays one value; the
// refusals at start-up (unknown placeholder, {phone} or {text} missing, a JSON template that is
// not JSON once filled, an unsupported content type).
#include "gateways/sms/sms_template.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace linli::gateways {
namespace {

notifications::SmsRequest Request(std::string text) {
  return notifications::SmsRequest{42, 7, "13812345678", std::move(text)};
}

TEST(SmsTemplateTest, TheDefaultJsonTemplateKeepsAHostileTextInsideItsString) {
  auto body_template = SmsTemplate::Parse(R"({"phone":"{phone}","text":"{text}","ref":{id}})",
                                          BodyEncoding::kJson, "sms_gateway_template");
  ASSERT_TRUE(body_template.ok()) << body_template.error().message;
  const std::string hostile = "张三\",\"phone\":\"110\\\n\t\x01 {phone} </x>";
  const std::string body = body_template->Render(Request(hostile));
  const boost::json::value parsed = boost::json::parse(body);
  const auto& object = parsed.as_object();
  EXPECT_EQ(object.size(), 3u);  // no forged field
  EXPECT_EQ(object.at("phone").as_string(), "13812345678");
  EXPECT_EQ(object.at("text").as_string(), hostile);  // the exact text, round trip
  EXPECT_EQ(object.at("ref").as_int64(), 42);
  EXPECT_NE(body.find("\\u0001"), std::string::npos);
}

TEST(SmsTemplateTest, EscapesForAFormAndForXml) {
  EXPECT_EQ(FormEncoded("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(JsonEscaped("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  auto form = SmsTemplate::Parse("to={phone}&msg={text}&sign=linli", BodyEncoding::kForm, "f");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->Render(Request("预警 & 督办=1")),
            "to=13812345678&msg=%E9%A2%84%E8%AD%A6+%26+%E7%9D%A3%E5%8A%9E%3D1&sign=linli");
  auto xml =
      SmsTemplate::Parse("<sms><to>{phone}</to><body>{text}</body></sms>", BodyEncoding::kXml, "f");
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(xml->Render(Request("a<b>&c")),
            "<sms><to>13812345678</to><body>a&lt;b&gt;&amp;c</body></sms>");
}

TEST(SmsTemplateTest, BracesThatAreNoPlaceholderAreText) {
  auto body_template = SmsTemplate::Parse(R"({"to":["{phone}"],"body":{"t":"{text}","x":"{}"}})",
                                          BodyEncoding::kJson, "f");
  ASSERT_TRUE(body_template.ok()) << body_template.error().message;
  EXPECT_EQ(body_template->Render(Request("hi")),
            R"({"to":["13812345678"],"body":{"t":"hi","x":"{}"}})");
}

TEST(SmsTemplateTest, RefusesWhatWouldSendTheWrongBody) {
  struct Case {
    const char* text;
    BodyEncoding encoding;
  };
  for (const Case& bad : std::vector<Case>{
           {R"({"phone":"{phone}","text":"{txt}"})", BodyEncoding::kJson},  // a typo
           {R"({"text":"{text}"})", BodyEncoding::kJson},                   // no phone
           {R"({"phone":"{phone}"})", BodyEncoding::kJson},                 // no text
           {R"({"phone":"{phone}","text":{text}})", BodyEncoding::kJson},   // text unquoted
           {"", BodyEncoding::kForm},
           {"to={phone}&msg={text}\x01", BodyEncoding::kForm},
       }) {
    auto parsed = SmsTemplate::Parse(bad.text, bad.encoding, "sms_gateway_template");
    ASSERT_FALSE(parsed.ok()) << bad.text;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, "sms_gateway_template");
  }
  EXPECT_FALSE(SmsTemplate::Parse(std::string(5000, 'x'), BodyEncoding::kForm, "f").ok());
}

TEST(SmsTemplateTest, TheContentTypeChoosesTheEscaping) {
  EXPECT_EQ(BodyEncodingFor("application/json; charset=utf-8", "f").value(), BodyEncoding::kJson);
  EXPECT_EQ(BodyEncodingFor("Application/JSON", "f").value(), BodyEncoding::kJson);
  EXPECT_EQ(BodyEncodingFor("application/vnd.sms+json", "f").value(), BodyEncoding::kJson);
  EXPECT_EQ(BodyEncodingFor("application/x-www-form-urlencoded", "f").value(), BodyEncoding::kForm);
  EXPECT_EQ(BodyEncodingFor("text/xml", "f").value(), BodyEncoding::kXml);
  auto refused = BodyEncodingFor("text/plain", "sms_gateway_content_type");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "sms_gateway_content_type");
  EXPECT_FALSE(BodyEncodingFor("+json", "f").ok());
}

}  // namespace
}  // namespace linli::gateways

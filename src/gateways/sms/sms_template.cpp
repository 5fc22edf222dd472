#include "gateways/sms/sms_template.hpp"

#include <boost/json.hpp>
#include <cstdio>

#include "core/text.hpp"

namespace linli::gateways {

namespace {

constexpr size_t kMaxTemplateBytes = 4096;
constexpr size_t kMaxPlaceholderName = 32;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool IsNameCharacter(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

}  // namespace

core::Result<BodyEncoding> BodyEncodingFor(std::string_view content_type, std::string_view field) {
  const std::string type = Lower(Trimmed(content_type.substr(0, content_type.find(';'))));
  if (type == "application/json" ||
      (type.find('/') != std::string::npos && EndsWith(type, "+json"))) {
    return BodyEncoding::kJson;
  }
  if (type == "application/x-www-form-urlencoded") return BodyEncoding::kForm;
  if (type == "application/xml" || type == "text/xml" ||
      (type.find('/') != std::string::npos && EndsWith(type, "+xml"))) {
    return BodyEncoding::kXml;
  }
  return core::Error::InvalidArgument(
      "配置项 " + std::string(field) +
          " 应为 application/json、application/x-www-form-urlencoded 或 application/xml（"
          "决定占位符如何转义）",
      std::string(field));
}

std::string JsonEscaped(std::string_view text) {
  // Boost.JSON writes a valid string literal (control characters as \u00XX); drop its quotes.
  const std::string quoted = boost::json::serialize(boost::json::string(text));
  return quoted.substr(1, quoted.size() - 2);
}

std::string FormEncoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '*') {
      out += char(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

core::Result<SmsTemplate> SmsTemplate::Parse(std::string_view text, BodyEncoding encoding,
                                             std::string_view field) {
  const auto refused = [&](const std::string& why) {
    return core::Error::InvalidArgument("配置项 " + std::string(field) + " " + why,
                                        std::string(field));
  };
  if (text.empty() || text.size() > kMaxTemplateBytes) return refused("应为 1 到 4096 字节的模板");
  if (auto problem = core::TextProblem(text, core::TextRule::kMultiLine)) return refused(*problem);
  SmsTemplate out;
  out.encoding_ = encoding;
  bool has_phone = false;
  bool has_text = false;
  std::string literal;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = at + 1;
    while (end < text.size() && end - at - 1 <= kMaxPlaceholderName && IsNameCharacter(text[end])) {
      ++end;
    }
    const bool placeholder =
        text[at] == '{' && end > at + 1 && end < text.size() && text[end] == '}';
    if (!placeholder) {
      literal += text[at++];
      continue;
    }
    const std::string_view name = text.substr(at + 1, end - at - 1);
    Slot slot;
    if (name == "phone") {
      slot = Slot::kPhone;
      has_phone = true;
    } else if (name == "text") {
      slot = Slot::kMessageText;
      has_text = true;
    } else if (name == "id") {
      slot = Slot::kMessageId;
    } else {
      return refused("有未知的占位符 {" + std::string(name) + "}（可用 {phone}、{text}、{id}）");
    }
    if (!literal.empty()) out.parts_.push_back(Part{Slot::kText, std::move(literal)});
    literal.clear();
    out.parts_.push_back(Part{slot, ""});
    at = end + 1;
  }
  if (!literal.empty()) out.parts_.push_back(Part{Slot::kText, std::move(literal)});
  if (!has_phone || !has_text) return refused("须含占位符 {phone} 和 {text}");
  if (encoding == BodyEncoding::kJson) {
    notifications::SmsRequest sample{1, 1, "13800000000", "示例 \"短信\"\n"};
    boost::system::error_code error;
    boost::json::parse(out.Render(sample), error);
    if (error) return refused("填入示例后不是合法的 JSON（占位符应写在引号内，如 \"{text}\"）");
  }
  return out;
}

std::string SmsTemplate::Escaped(std::string_view value) const {
  switch (encoding_) {
    case BodyEncoding::kJson:
      return JsonEscaped(value);
    case BodyEncoding::kForm:
      return FormEncoded(value);
    case BodyEncoding::kXml:
      return core::XmlEscaped(value);
  }
  return std::string(value);
}

std::string SmsTemplate::Render(const notifications::SmsRequest& request) const {
  std::string out;
  for (const Part& part : parts_) {
    switch (part.slot) {
      case Slot::kText:
        out += part.text;
        break;
      case Slot::kPhone:
        out += Escaped(request.phone);
        break;
      case Slot::kMessageText:
        out += Escaped(request.text);
        break;
      case Slot::kMessageId:
        out += std::to_string(request.message_id);
        break;
    }
  }
  return out;
}

}  // namespace linli::gateways

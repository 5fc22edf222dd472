#include "http/json_body.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "core/text.hpp"

namespace linli::http {

namespace json = boost::json;

namespace {

// Fields whose text may hold line breaks and tabs; every other string is one line.
constexpr std::array<std::string_view, 9> kMultiLineFields = {
    "description", "reason",        "note",   "comment", "outcome",
    "feedback",    "opening_hours", "remark", "detail"};

core::TextRule RuleFor(std::string_view key) {
  return std::find(kMultiLineFields.begin(), kMultiLineFields.end(), key) != kMultiLineFields.end()
             ? core::TextRule::kMultiLine
             : core::TextRule::kSingleLine;
}

// Every string of the body — keys and values, at any depth — passes the boundary rule
// (core/text.hpp); the error names the field by its path ("grants[0].department").
core::Status CheckStrings(const json::value& value, const std::string& path, std::string_view key) {
  switch (value.kind()) {
    case json::kind::string:
      return core::CheckText(value.get_string(), path.empty() ? "body" : path, RuleFor(key));
    case json::kind::array: {
      const auto& array = value.get_array();
      for (size_t i = 0; i < array.size(); ++i) {
        TRY(CheckStrings(array[i], path + "[" + std::to_string(i) + "]", key));
      }
      return core::Ok();
    }
    case json::kind::object:
      for (const auto& item : value.get_object()) {
        const std::string child =
            path.empty() ? std::string(item.key()) : path + "." + std::string(item.key());
        TRY(core::CheckText(item.key(), child, core::TextRule::kSingleLine));
        TRY(CheckStrings(item.value(), child, item.key()));
      }
      return core::Ok();
    default:
      return core::Ok();
  }
}

}  // namespace

core::Result<json::object> ParseJsonObject(std::string_view body) {
  if (body.empty()) return core::Error::InvalidArgument("请求体为空，应为 JSON 对象");
  json::parse_options options;
  options.max_depth = 32;
  // Strings are checked below, so that a bad one is refused naming its field.
  options.allow_invalid_utf8 = true;
  boost::system::error_code ec;
  json::value value = json::parse(body, ec, {}, options);
  if (ec) return core::Error::InvalidArgument("请求体不是有效的 JSON：" + ec.message());
  if (!value.is_object()) return core::Error::InvalidArgument("请求体应为 JSON 对象");
  TRY(CheckStrings(value, "", ""));
  return std::move(value.as_object());
}

namespace {
const json::value* Find(const json::object& object, std::string_view field) {
  auto it = object.find(field);
  if (it == object.end() || it->value().is_null()) return nullptr;
  return &it->value();
}
core::Error WrongType(std::string_view field, std::string_view expected) {
  return core::Error::InvalidArgument(
      "字段 " + std::string(field) + " 应为" + std::string(expected), std::string(field));
}
}  // namespace

core::Result<std::optional<std::string>> OptionalString(const json::object& object,
                                                        std::string_view field) {
  const json::value* v = Find(object, field);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(field, "字符串");
  return std::optional<std::string>(std::string(v->as_string()));
}

core::Result<std::optional<int64_t>> OptionalInt(const json::object& object,
                                                 std::string_view field) {
  const json::value* v = Find(object, field);
  if (!v) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= uint64_t(INT64_MAX)) {
    return std::optional<int64_t>(int64_t(v->as_uint64()));
  }
  return WrongType(field, "整数");
}

core::Result<std::optional<bool>> OptionalBool(const json::object& object, std::string_view field) {
  const json::value* v = Find(object, field);
  if (!v) return std::optional<bool>();
  if (!v->is_bool()) return WrongType(field, "布尔值");
  return std::optional<bool>(v->as_bool());
}

namespace {

// Sets `out` from the reader's answer for `field` when the field is present.
template <typename T, typename Reader>
core::Status ReadInto(const json::object& object, std::string_view field, T& out, Reader read) {
  ASSIGN_OR_RETURN(auto value, read(object, field));
  if (value) out = std::move(*value);
  return core::Ok();
}

}  // namespace

core::Status ReadField(const json::object& object, std::string_view field,
                       std::optional<std::string>& out) {
  ASSIGN_OR_RETURN(out, OptionalString(object, field));
  return core::Ok();
}
core::Status ReadField(const json::object& object, std::string_view field,
                       std::optional<int64_t>& out) {
  ASSIGN_OR_RETURN(out, OptionalInt(object, field));
  return core::Ok();
}
core::Status ReadField(const json::object& object, std::string_view field,
                       std::optional<double>& out) {
  ASSIGN_OR_RETURN(out, OptionalNumber(object, field));
  return core::Ok();
}
core::Status ReadField(const json::object& object, std::string_view field,
                       std::optional<bool>& out) {
  ASSIGN_OR_RETURN(out, OptionalBool(object, field));
  return core::Ok();
}
core::Status ReadField(const json::object& object, std::string_view field, std::string& out) {
  return ReadInto(object, field, out, OptionalString);
}
core::Status ReadField(const json::object& object, std::string_view field, int64_t& out) {
  return ReadInto(object, field, out, OptionalInt);
}
core::Status ReadField(const json::object& object, std::string_view field, double& out) {
  return ReadInto(object, field, out, OptionalNumber);
}
core::Status ReadField(const json::object& object, std::string_view field, bool& out) {
  return ReadInto(object, field, out, OptionalBool);
}

core::Result<std::string> RequiredString(const json::object& object, std::string_view field) {
  ASSIGN_OR_RETURN(auto value, OptionalString(object, field));
  if (!value) {
    return core::Error::InvalidArgument("缺少字段 " + std::string(field), std::string(field));
  }
  return std::move(*value);
}

core::Result<int64_t> RequiredInt(const json::object& object, std::string_view field) {
  ASSIGN_OR_RETURN(auto value, OptionalInt(object, field));
  if (!value) {
    return core::Error::InvalidArgument("缺少字段 " + std::string(field), std::string(field));
  }
  return *value;
}

core::Result<std::optional<double>> OptionalNumber(const boost::json::object& object,
                                                   std::string_view field) {
  const boost::json::value* value = object.if_contains(field);
  if (value == nullptr || value->is_null()) return std::optional<double>();
  if (value->is_double()) return std::optional<double>(value->get_double());
  if (value->is_int64()) return std::optional<double>(static_cast<double>(value->get_int64()));
  if (value->is_uint64()) return std::optional<double>(static_cast<double>(value->get_uint64()));
  return core::Error::InvalidArgument("字段 " + std::string(field) + " 应为数字",
                                      std::string(field));
}

core::Result<double> RequiredNumber(const boost::json::object& object, std::string_view field) {
  ASSIGN_OR_RETURN(auto value, OptionalNumber(object, field));
  if (!value) {
    return core::Error::InvalidArgument("缺少字段 " + std::string(field), std::string(field));
  }
  return *value;
}

boost::json::value TextOrNull(std::string_view text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

bool IsJsonContentType(std::string_view value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  constexpr std::string_view kJson = "application/json";
  if (value.size() != kJson.size()) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kJson[i]) return false;
  }
  return true;
}

Response UnsupportedMediaType(std::string_view request_id) {
  boost::json::object inner;
  inner["code"] = "unsupported_media_type";
  inner["message"] = "请求体必须是 application/json";
  inner["request_id"] = request_id;
  boost::json::object envelope;
  envelope["error"] = std::move(inner);
  return Response::Json(envelope, 415);
}

}  // namespace linli::http

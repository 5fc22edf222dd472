#include "http/json_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

namespace linli::http {

namespace json = boost::json;

core::Result<json::object> ParseJsonObject(std::string_view body) {
  if (body.empty()) return core::Error::InvalidArgument("请求体为空，应为 JSON 对象");
  json::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  json::value value = json::parse(body, ec, {}, options);
  if (ec) return core::Error::InvalidArgument("请求体不是有效的 JSON：" + ec.message());
  if (!value.is_object()) return core::Error::InvalidArgument("请求体应为 JSON 对象");
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

}  // namespace linli::http

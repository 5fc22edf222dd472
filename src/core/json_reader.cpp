#include "core/json_reader.hpp"

namespace linli::core::json {

std::string JoinPath(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

core::Result<boost::json::value> ParseJson(std::string_view text, std::string_view what) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error) {
    return core::Error::InvalidArgument(std::string(what) + "不是有效的 JSON：" + error.message());
  }
  return value;
}

core::Result<std::string> ReadString(const boost::json::object& object, std::string_view key,
                                     const std::string& path, bool required) {
  const std::string field = JoinPath(path, key);
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    if (required) return core::Error::Validation("缺少字段 " + std::string(key), field);
    return std::string();
  }
  if (!value->is_string()) {
    return core::Error::Validation(std::string(key) + " 应为字符串", field);
  }
  return std::string(value->as_string());
}

core::Result<std::vector<std::string>> ReadStringArray(const boost::json::object& object,
                                                       std::string_view key,
                                                       const std::string& path, bool required) {
  const std::string field = JoinPath(path, key);
  const boost::json::value* value = object.if_contains(key);
  std::vector<std::string> out;
  if (value == nullptr || value->is_null()) {
    if (required) return core::Error::Validation("缺少字段 " + std::string(key), field);
    return out;
  }
  if (!value->is_array()) {
    return core::Error::Validation(std::string(key) + " 应为字符串数组", field);
  }
  const boost::json::array& array = value->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      return core::Error::Validation(std::string(key) + " 的元素应为字符串",
                                     field + "[" + std::to_string(i) + "]");
    }
    out.emplace_back(array[i].as_string());
  }
  return out;
}

core::Result<int64_t> ReadInteger(const boost::json::object& object, std::string_view key,
                                  const std::string& path, bool required, int64_t fallback) {
  const std::string field = JoinPath(path, key);
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    if (required) return core::Error::Validation("缺少字段 " + std::string(key), field);
    return fallback;
  }
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= INT64_MAX) {
    return static_cast<int64_t>(value->as_uint64());
  }
  return core::Error::Validation(std::string(key) + " 应为整数", field);
}

core::Result<bool> ReadBool(const boost::json::object& object, std::string_view key,
                            const std::string& path, bool required, bool fallback) {
  const std::string field = JoinPath(path, key);
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    if (required) return core::Error::Validation("缺少字段 " + std::string(key), field);
    return fallback;
  }
  if (!value->is_bool())
    return core::Error::Validation(std::string(key) + " 应为 true 或 false", field);
  return value->as_bool();
}

}  // namespace linli::core::json

#include "http/handler.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>

namespace linli::http {

std::string PathParam(const Request& request, const char* name) {
  auto it = request.path_params.find(name);
  return it == request.path_params.end() ? std::string() : it->second;
}

core::Result<int64_t> ParseId(const std::string& text, const char* what) {
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return core::Error::NotFound(std::string(what) + "不存在");
  }
  return id;
}

core::Result<int64_t> PathId(const Request& request, const char* name, const char* what) {
  return ParseId(PathParam(request, name), what);
}

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::optional<std::string> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response Response::Json(const boost::json::value& value, int status) {
  Response response;
  response.status = status;
  response.body = boost::json::serialize(value);
  return response;
}

Response Response::NoContent() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

}  // namespace linli::http

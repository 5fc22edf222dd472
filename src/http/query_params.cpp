#include "http/query_params.hpp"

namespace linli::http {

core::Result<std::optional<int64_t>> IdQuery(const Request& request, const char* name) {
  const std::string text = request.Query(name).value_or("");
  if (text.empty()) return std::optional<int64_t>();
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    return core::Error::InvalidArgument(std::string(name) + " 应为数字", name);
  }
  return std::optional<int64_t>(std::stoll(text));
}

core::Result<bool> FlagQuery(const Request& request, const char* name) {
  const std::string text = request.Query(name).value_or("");
  if (text.empty() || text == "false") return false;
  if (text == "true") return true;
  return core::Error::InvalidArgument(std::string(name) + " 应为 true 或 false", name);
}

}  // namespace linli::http

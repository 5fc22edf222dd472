#include "http/openapi.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>

namespace linli::http {

namespace internal {
extern const char kOpenApiJson[];
extern const std::size_t kOpenApiJsonSize;
}  // namespace internal

std::string_view OpenApiDocument() {
  return std::string_view(internal::kOpenApiJson, internal::kOpenApiJsonSize);
}

std::vector<std::string> OpenApiOperations() {
  std::vector<std::string> operations;
  boost::system::error_code error;
  boost::json::value document = boost::json::parse(OpenApiDocument(), error);
  if (error || !document.is_object()) return operations;
  const auto* paths = document.as_object().if_contains("paths");
  if (!paths || !paths->is_object()) return operations;
  for (const auto& [path, item] : paths->as_object()) {
    if (!item.is_object()) continue;
    for (const auto& [method, operation] : item.as_object()) {
      std::string upper(method);
      if (upper != "get" && upper != "put" && upper != "post" && upper != "delete" &&
          upper != "patch" && upper != "head" && upper != "options") {
        continue;  // "parameters", "summary", ...
      }
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      operations.push_back(upper + " " + std::string(path));
    }
  }
  std::sort(operations.begin(), operations.end());
  return operations;
}

}  // namespace linli::http

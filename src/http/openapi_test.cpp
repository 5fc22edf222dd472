#include "http/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <functional>

namespace linli::http {
namespace {

namespace json = boost::json;

const json::value* Resolve(const json::value& document, std::string_view reference) {
  if (!reference.starts_with("#/")) return nullptr;
  const json::value* node = &document;
  std::string_view rest = reference.substr(2);
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    std::string_view key = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (!node->is_object()) return nullptr;
    node = node->as_object().if_contains(key);
    if (!node) return nullptr;
  }
  return node;
}

TEST(OpenApiTest, DocumentParsesAndEveryOperationIsDescribed) {
  boost::system::error_code error;
  json::value document = json::parse(OpenApiDocument(), error);
  ASSERT_FALSE(error) << error.message();
  ASSERT_TRUE(document.is_object());
  EXPECT_EQ(document.at("openapi").as_string(), "3.0.3");
  ASSERT_TRUE(document.at("components").at("schemas").as_object().contains("Error"));
  int operations = 0;
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      ++operations;
      SCOPED_TRACE(std::string(method) + " " + std::string(path));
      const auto& object = operation.as_object();
      ASSERT_TRUE(object.contains("summary"));
      EXPECT_FALSE(object.at("summary").as_string().empty());
      ASSERT_TRUE(object.contains("responses"));
      EXPECT_FALSE(object.at("responses").as_object().empty());
      // Every {param} of the path is declared.
      std::string text(path);
      for (std::size_t open = text.find('{'); open != std::string::npos;
           open = text.find('{', open + 1)) {
        std::string name = text.substr(open + 1, text.find('}', open) - open - 1);
        EXPECT_NE(json::serialize(item).find("\"name\":\"" + name + "\""), std::string::npos)
            << name;
      }
    }
  }
  EXPECT_EQ(static_cast<std::size_t>(operations), OpenApiOperations().size());

  // Every $ref points at something that exists.
  std::function<void(const json::value&)> check = [&](const json::value& node) {
    if (node.is_object()) {
      for (const auto& [key, child] : node.as_object()) {
        if (key == "$ref") {
          ASSERT_TRUE(child.is_string());
          EXPECT_NE(Resolve(document, child.as_string()), nullptr) << child.as_string();
        } else {
          check(child);
        }
      }
    } else if (node.is_array()) {
      for (const auto& child : node.as_array()) check(child);
    }
  };
  check(document);
}

TEST(OpenApiTest, OperationsListTheDocumentedRoutes) {
  auto operations = OpenApiOperations();
  for (const char* expected :
       {"GET /api/v1/divisions/{code}", "POST /api/v1/session", "DELETE /api/v1/session",
        "POST /api/v1/grids/{code}/close", "GET /healthz", "GET /readyz", "GET /metrics",
        "GET /api/v1/openapi.json", "POST /api/v1/accounts/{username}/password"}) {
    EXPECT_NE(std::find(operations.begin(), operations.end(), expected), operations.end())
        << expected;
  }
  EXPECT_TRUE(std::is_sorted(operations.begin(), operations.end()));
}

}  // namespace
}  // namespace linli::http

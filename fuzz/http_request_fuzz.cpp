// Fuzzes what a client controls in an HTTP request before any handler sees it: the query
// string, the path (decoding and route matching) and JSON bodies with the field readers.
// Run: build/fuzz/fuzz/http_request_fuzz fuzz/corpus/http -max_total_time=20
#include <boost/json/src.hpp>  // compiled in: coverage of the JSON parser
#include <boost/url/src.hpp>   // compiled in: coverage of percent-decoding
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/json_body.hpp"
#include "http/path.hpp"
#include "http/router.hpp"

namespace {

using linli::http::Request;
using linli::http::Response;
using linli::http::Route;
using linli::http::Router;

#define FUZZ_CHECK(condition)           \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)

const Router& TestRouter() {
  static const Router* router = [] {
    auto* built = new Router();
    auto handler = [](Request&) -> linli::core::Result<Response> { return Response::NoContent(); };
    for (const char* pattern : {"/api/v1/session", "/api/v1/divisions", "/api/v1/divisions/{code}",
                                "/api/v1/divisions/{code}/unresolved", "/api/v1/grids/{code}",
                                "/api/v1/grids/{code}/close", "/api/v1/grids/summary",
                                "/api/v1/accounts/{username}/password"}) {
      (void)built->Add(Route{"GET", pattern, std::nullopt, handler, "fuzz"});
      (void)built->Add(Route{"POST", pattern, std::nullopt, handler, "fuzz"});
    }
    return built;
  }();
  return *router;
}

void FuzzQuery(std::string_view input) {
  auto query = linli::http::ParseQuery(input);
  if (!query.ok()) {
    FUZZ_CHECK(query.error().code == linli::core::ErrorCode::kInvalidArgument);
    return;
  }
  FUZZ_CHECK(query->size() <= linli::http::kMaxQueryParameters);
  for (const auto& [name, value] : *query) {
    FUZZ_CHECK(!name.empty());
    FUZZ_CHECK(linli::http::IsValidUtf8(name) && linli::http::IsValidUtf8(value));
  }
}

void FuzzPath(std::string_view input, std::string_view method) {
  std::string path = "/" + std::string(input.substr(0, input.find('?')));
  auto segments = linli::http::DecodePath(path);
  if (!segments.ok()) return;
  for (const auto& segment : *segments) {
    FUZZ_CHECK(!segment.empty() && segment != "." && segment != "..");
    FUZZ_CHECK(segment.find('/') == std::string::npos);
    FUZZ_CHECK(segment.find('\0') == std::string::npos);
    FUZZ_CHECK(linli::http::IsValidUtf8(segment));
  }
  auto match = TestRouter().Match(method, *segments);
  if (match.kind == linli::http::RouteMatch::Kind::kFound) {
    FUZZ_CHECK(match.route != nullptr);
    for (const auto& [name, value] : match.path_params) FUZZ_CHECK(!value.empty());
  } else if (match.kind == linli::http::RouteMatch::Kind::kNoMethod) {
    FUZZ_CHECK(!match.allowed_methods.empty());
  }
}

void FuzzJson(std::string_view input) {
  auto object = linli::http::ParseJsonObject(input);
  if (!object.ok()) return;
  for (const auto& [key, value] : *object) {
    (void)linli::http::OptionalString(*object, key);
    (void)linli::http::OptionalInt(*object, key);
    (void)linli::http::OptionalBool(*object, key);
    auto required = linli::http::RequiredString(*object, key);
    if (!required.ok()) FUZZ_CHECK(required.error().field == key);
    (void)linli::http::RequiredInt(*object, key);
  }
  (void)linli::http::RequiredString(*object, "name");
  (void)linli::http::OptionalInt(*object, "planned_households");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  static constexpr std::string_view kMethods[] = {"GET", "POST", "DELETE", "HEAD"};
  std::string_view method = kMethods[size % 4];
  FuzzQuery(input);
  FuzzPath(input, method);
  FuzzJson(input);
  return 0;
}

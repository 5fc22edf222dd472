#include "http/router.hpp"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

Route MakeRoute(std::string method, std::string pattern) {
  return Route{std::move(method), std::move(pattern), std::nullopt,
               [](Request&) -> core::Result<Response> { return Response::NoContent(); }, "test"};
}

TEST(RouterTest, MatchesLiteralsBeforeParameters) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/api/v1/grids/{code}")).ok());
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/api/v1/grids/summary")).ok());
  ASSERT_TRUE(router.Add(MakeRoute("POST", "/api/v1/grids/{code}/close")).ok());

  auto literal = router.Match("GET", "/api/v1/grids/summary");
  ASSERT_EQ(literal.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(literal.route->pattern, "/api/v1/grids/summary");
  EXPECT_TRUE(literal.path_params.empty());

  auto parameter = router.Match("GET", "/api/v1/grids/321002001001001");
  ASSERT_EQ(parameter.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(parameter.route_index, 0u);
  EXPECT_EQ(parameter.path_params.at("code"), "321002001001001");

  auto close = router.Match("POST", "/api/v1/grids/%E4%B8%9C/close");
  ASSERT_EQ(close.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(close.path_params.at("code"), "东");
}

TEST(RouterTest, FallsBackToParameterWhenLiteralLacksMethod) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/things/new")).ok());
  ASSERT_TRUE(router.Add(MakeRoute("DELETE", "/things/{id}")).ok());
  auto match = router.Match("DELETE", "/things/new");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.route->pattern, "/things/{id}");
}

TEST(RouterTest, DistinguishesNoPathFromNoMethod) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/api/v1/session")).ok());
  ASSERT_TRUE(router.Add(MakeRoute("DELETE", "/api/v1/session")).ok());
  EXPECT_EQ(router.Match("GET", "/api/v1/nothing").kind, RouteMatch::Kind::kNoPath);
  auto wrong = router.Match("PUT", "/api/v1/session");
  ASSERT_EQ(wrong.kind, RouteMatch::Kind::kNoMethod);
  EXPECT_EQ(wrong.allowed_methods, (std::vector<std::string>{"DELETE", "GET", "HEAD"}));
  EXPECT_EQ(router.Match("HEAD", "/api/v1/session").kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(router.Match("GET", "/api/v1/session/extra").kind, RouteMatch::Kind::kNoPath);
  EXPECT_EQ(router.Match("GET", "/api/v1").kind, RouteMatch::Kind::kNoPath);
}

TEST(RouterTest, RejectsBadRoutes) {
  Router router;
  ASSERT_TRUE(router.Add(MakeRoute("GET", "/a/{id}")).ok());
  EXPECT_FALSE(router.Add(MakeRoute("GET", "/a/{id}")).ok());       // duplicate
  EXPECT_FALSE(router.Add(MakeRoute("PATCH", "/a/{other}")).ok());  // different name, same node
  EXPECT_FALSE(router.Add(MakeRoute("FETCH", "/b")).ok());
  EXPECT_FALSE(router.Add(MakeRoute("GET", "b")).ok());
  EXPECT_FALSE(router.Add(MakeRoute("GET", "/b/{x}/{x}")).ok());
  EXPECT_EQ(router.Operations(), (std::vector<std::string>{"GET /a/{id}"}));
}

}  // namespace
}  // namespace linli::http

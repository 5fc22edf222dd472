// The workbench route: the caller's cards as JSON, absent values as null.
#include "http/workbench/workbench_routes.hpp"

#include <gtest/gtest.h>

#include "http/testing/route_call.hpp"

namespace linli::http {
namespace {

using access::Role;
using testing::BodyOf;
using testing::CallRoute;

TEST(WorkbenchRoutesTest, AnswersTheCardsOfTheCallersRoles) {
  workbench::Workbench bench;
  ASSERT_TRUE(
      bench
          .Register({"x.queue",
                     "今日待办",
                     {Role::kCommunityWorker},
                     1,
                     [](const access::Caller&) -> core::Result<std::optional<workbench::Card>> {
                       workbench::Card card;
                       card.figure = 3;
                       card.unit = "件";
                       card.tone = workbench::Tone::kWarning;
                       card.items.push_back({"开具证明", "期限 2026-12-08", std::nullopt,
                                             workbench::Tone::kDanger,
                                             workbench::Link{"service_request", "41", {}}});
                       card.link = workbench::Link{"services_desk", "", {{"overdue", "1"}}};
                       return std::optional<workbench::Card>(card);
                     }})
          .ok());
  ASSERT_TRUE(
      bench
          .Register({"x.city",
                     "全市",
                     {Role::kCityAdmin},
                     2,
                     [](const access::Caller&) -> core::Result<std::optional<workbench::Card>> {
                       return core::Error::Unavailable("数据库不可用");
                     }})
          .ok());
  const auto routes = WorkbenchRoutes(bench);

  auto worker = CallRoute(routes, "GET", "/api/v1/workbench", {},
                          {Role::kCommunityWorker, "321002001001", ""});
  ASSERT_TRUE(worker.ok());
  auto cards = BodyOf(worker).at("cards").as_array();
  ASSERT_EQ(cards.size(), 1u);
  const auto& card = cards[0].as_object();
  EXPECT_EQ(card.at("id").as_string(), "x.queue");
  EXPECT_EQ(card.at("title").as_string(), "今日待办");
  EXPECT_EQ(card.at("figure").as_int64(), 3);
  EXPECT_EQ(card.at("tone").as_string(), "warning");
  EXPECT_TRUE(card.at("error").is_null());
  EXPECT_EQ(card.at("link").at("page").as_string(), "services_desk");
  EXPECT_TRUE(card.at("link").at("id").is_null());
  EXPECT_EQ(card.at("link").at("query").at("overdue").as_string(), "1");
  const auto& item = card.at("items").as_array().at(0).as_object();
  EXPECT_EQ(item.at("label").as_string(), "开具证明");
  EXPECT_TRUE(item.at("figure").is_null());
  EXPECT_EQ(item.at("tone").as_string(), "danger");
  EXPECT_EQ(item.at("link").at("id").as_string(), "41");

  auto admin = CallRoute(routes, "GET", "/api/v1/workbench", {}, {Role::kCityAdmin, "3210", ""});
  ASSERT_TRUE(admin.ok());
  const auto admin_body = BodyOf(admin);
  const auto& failed = admin_body.at("cards").as_array().at(0).as_object();
  EXPECT_EQ(failed.at("error").as_string(), "数据库不可用");
  EXPECT_TRUE(failed.at("figure").is_null());
  EXPECT_TRUE(failed.at("link").is_null());

  auto grid =
      CallRoute(routes, "GET", "/api/v1/workbench", {}, {Role::kGridWorker, "321002001001001", ""});
  ASSERT_TRUE(grid.ok());
  EXPECT_TRUE(BodyOf(grid).at("cards").as_array().empty());
}

}  // namespace
}  // namespace linli::http

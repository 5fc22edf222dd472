// The workbench: who sees which card, in which order, and what a failing or silent source gives.
#include "domain/workbench/workbench.hpp"

#include <gtest/gtest.h>

namespace linli::workbench {
namespace {

using access::Role;

access::Caller CallerWith(std::vector<access::RoleGrant> grants) {
  access::Principal principal;
  principal.account_id = 7;
  principal.username = "w";
  principal.grants = std::move(grants);
  return access::Caller(principal, "127.0.0.1", "r-1");
}

CardSource Source(std::string id, std::vector<Role> roles, int order,
                  std::function<core::Result<std::optional<Card>>(const access::Caller&)> build) {
  return CardSource{std::move(id), "卡片" + std::to_string(order), std::move(roles), order,
                    std::move(build)};
}

core::Result<std::optional<Card>> Figure(int64_t n) {
  Card card;
  card.figure = n;
  return std::optional<Card>(card);
}

TEST(WorkbenchTest, ACallerSeesTheCardsOfItsRolesInOrder) {
  Workbench bench;
  ASSERT_TRUE(bench
                  .Register(Source("b.grid", {Role::kGridWorker}, 20,
                                   [](const access::Caller&) { return Figure(2); }))
                  .ok());
  ASSERT_TRUE(bench
                  .Register(Source("a.both", {Role::kGridWorker, Role::kCommunityWorker}, 10,
                                   [](const access::Caller&) { return Figure(1); }))
                  .ok());
  ASSERT_TRUE(bench
                  .Register(Source("c.town", {Role::kTownOfficial}, 5,
                                   [](const access::Caller&) { return Figure(3); }))
                  .ok());

  auto grid = bench.CardsFor(CallerWith({{Role::kGridWorker, "321002001001001", ""}}));
  ASSERT_EQ(grid.size(), 2u);
  EXPECT_EQ(grid[0].id, "a.both");
  EXPECT_EQ(grid[0].title, "卡片10");
  EXPECT_EQ(grid[0].figure, 1);
  EXPECT_EQ(grid[1].id, "b.grid");

  auto town = bench.CardsFor(CallerWith({{Role::kTownOfficial, "321002001", ""}}));
  ASSERT_EQ(town.size(), 1u);
  EXPECT_EQ(town[0].id, "c.town");

  // Two grants: the cards of both roles, each once.
  auto both = bench.CardsFor(CallerWith(
      {{Role::kTownOfficial, "321002001", ""}, {Role::kCommunityWorker, "321002001001", ""}}));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].id, "c.town");
  EXPECT_EQ(both[1].id, "a.both");

  EXPECT_TRUE(bench.CardsFor(access::Caller::System()).empty());
}

TEST(WorkbenchTest, AFailingSourceGivesItsCardWithTheErrorAndTheOthersStillShow) {
  Workbench bench;
  ASSERT_TRUE(bench
                  .Register(Source("a.broken", {Role::kCityAdmin}, 1,
                                   [](const access::Caller&) -> core::Result<std::optional<Card>> {
                                     return core::Error::Unavailable("数据库不可用");
                                   }))
                  .ok());
  ASSERT_TRUE(bench
                  .Register(Source("b.silent", {Role::kCityAdmin}, 2,
                                   [](const access::Caller&) -> core::Result<std::optional<Card>> {
                                     return std::optional<Card>();
                                   }))
                  .ok());
  ASSERT_TRUE(bench
                  .Register(Source("c.fine", {Role::kCityAdmin}, 3,
                                   [](const access::Caller&) { return Figure(9); }))
                  .ok());
  auto cards = bench.CardsFor(CallerWith({{Role::kCityAdmin, "3210", ""}}));
  ASSERT_EQ(cards.size(), 2u);
  EXPECT_EQ(cards[0].id, "a.broken");
  EXPECT_EQ(cards[0].error, "数据库不可用");
  EXPECT_FALSE(cards[0].figure.has_value());
  EXPECT_EQ(cards[1].id, "c.fine");
  EXPECT_EQ(cards[1].figure, 9);
}

TEST(WorkbenchTest, RegistrationRefusesIncompleteAndDuplicateSources) {
  Workbench bench;
  auto build = [](const access::Caller&) { return Figure(1); };
  EXPECT_EQ(bench.Register(Source("", {Role::kCityAdmin}, 1, build)).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bench.Register(Source("x.none", {}, 1, build)).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bench.Register(Source("x.nobuild", {Role::kCityAdmin}, 1, nullptr)).error().code,
            core::ErrorCode::kInvalidArgument);
  ASSERT_TRUE(bench.Register(Source("x.one", {Role::kCityAdmin}, 1, build)).ok());
  EXPECT_EQ(bench.Register(Source("x.one", {Role::kGridWorker}, 2, build)).error().code,
            core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(bench.sources().size(), 1u);
}

TEST(WorkbenchTest, FirstItemsKeepsTheFirstFiveAndWorstToneIsTheWorst) {
  std::vector<int> rows{1, 2, 3, 4, 5, 6, 7};
  auto items = FirstItems(rows, [](int n) {
    return CardItem{std::to_string(n), "", n, n == 3 ? Tone::kDanger : Tone::kWarning, {}};
  });
  ASSERT_EQ(items.size(), kMaxItems);
  EXPECT_EQ(items.back().label, "5");
  EXPECT_EQ(WorstTone(items), Tone::kDanger);
  EXPECT_EQ(WorstTone({}), Tone::kNormal);
}

}  // namespace
}  // namespace linli::workbench

// The grids repository on SQLite (a temporary file) and, when LINLI_TEST_PG_URL is set, on
// PostgreSQL (a schema of its own), under the grid service and the division tree it answers
// to: grid creation, scopes, counts, closing and history.
#include "storage/grids/grid_repository.hpp"

#include <gtest/gtest.h>

#include "storage/testing/divisions_fixture.hpp"

namespace linli::storage {
namespace {

using core::Scope;

constexpr int64_t kNow = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

class GridRepositoryTest : public ::testing::TestWithParam<Engine>, public DivisionsFixture {
 protected:
  void SetUp() override {
    const bool postgres = GetParam() == Engine::kPostgres;
    LINLI_OPENED_OR_SKIP(OpenDivisions(postgres), postgres);
  }

  void Import(const std::string& city) {
    auto report = ImportDivisions(city);
    EXPECT_TRUE(report.ok()) << report.error().message;
  }

  grids::Grid Create(grids::NewGrid request, const access::Caller& scope = Over({"3210"})) {
    auto created = grids_->Create(request, scope);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? *created : grids::Grid{};
  }
};

// The grid tests keep the suite name they had in storage/divisions, so that test names stay
// the same across the move.
using DivisionRepositoriesTest = GridRepositoryTest;

TEST_P(DivisionRepositoriesTest, GridsCodesScopesCountsAndHistory) {
  Import("3210");
  const std::string community = "321002001002";
  grids::NewGrid request;
  request.community_code = community;
  request.name = "一网格";
  request.planned_households = 300;
  request.valid_from = "2024-01-01";
  grids::Grid first = Create(request);
  EXPECT_EQ(first.code, community + "001");
  EXPECT_EQ(first.created_at, kNow);
  request.code = community + "005";
  EXPECT_EQ(Create(request).code, community + "005");
  auto duplicate = grids_->Create(request, Over({"3210"}));
  EXPECT_EQ(duplicate.error().code, core::ErrorCode::kAlreadyExists);
  request.code = "321002001001001";
  EXPECT_EQ(grids_->Create(request, Over({"3210"})).error().field, "code");
  request.code.reset();
  EXPECT_EQ(Create(request).code, community + "002");
  request.valid_from.reset();
  EXPECT_EQ(Create(request).valid_from, "2026-01-01");

  grids::NewGrid bad = request;
  bad.name = "";
  EXPECT_EQ(grids_->Create(bad, Over({"3210"})).error().field, "name");
  bad = request;
  bad.planned_households = 5001;
  EXPECT_EQ(grids_->Create(bad, Over({"3210"})).error().field, "planned_households");
  bad = request;
  bad.community_code = "321002001";
  EXPECT_EQ(grids_->Create(bad, Over({"3210"})).error().field, "community_code");
  bad = request;
  bad.community_code = "321002001999";
  EXPECT_EQ(grids_->Create(bad, Over({"3210"})).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(grids_->Create(request, Over({"321002001001"})).error().code,
            core::ErrorCode::kNotFound);

  grids::NewGrid micro;
  micro.parent_code = first.code;
  micro.name = "微网格一";
  micro.valid_from = "2024-06-01";
  grids::Grid micro_grid = Create(micro, Over({community}));
  EXPECT_EQ(micro_grid.code, first.code + "01");
  EXPECT_EQ(micro_grid.level, grids::GridLevel::kMicroGrid);
  EXPECT_EQ(micro_grid.community_code, community);

  auto node = divisions_->Get(community, Over({"3210"}));
  ASSERT_TRUE(node.ok());
  EXPECT_EQ(node->counts.grids, 4);
  EXPECT_EQ(node->grids.size(), 4u);
  EXPECT_EQ(divisions_->Get("3210", Over({"3210"}))->counts.grids, 4);
  EXPECT_EQ(divisions_->Get(community, Over({first.code}))->counts.grids, 1);

  auto detail = grids_->Get(first.code, Over({first.code}));
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->micro_grids.size(), 1u);
  EXPECT_EQ(grids_->Get(first.code, Over({"321003"})).error().code,
            core::ErrorCode::kNotFound);

  EXPECT_EQ(grids_->Close(first.code, "2023-12-31", Over({"3210"})).error().field,
            "valid_until");
  auto closed = grids_->Close(first.code, "2025-06-30", Over({"3210"}));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, grids::GridStatus::kClosed);
  auto micro_after = grids_->Get(micro_grid.code, Over({"3210"}));
  EXPECT_EQ(micro_after->grid.status, grids::GridStatus::kClosed);
  EXPECT_EQ(micro_after->grid.valid_until, "2025-06-30");
  EXPECT_EQ(grids_->Close(first.code, "2025-07-01", Over({"3210"})).error().code,
            core::ErrorCode::kFailedPrecondition);
  grids::GridUpdate rename;
  rename.name = "改名";
  EXPECT_EQ(grids_->Update(first.code, rename, Over({"3210"})).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(divisions_->Get(community, Over({"3210"}))->counts.grids, 3);

  auto codes = [&](grids::GridListRequest list, const access::Caller& scope) {
    std::vector<std::string> out;
    auto page = grids_->List(list, scope, {200, ""});
    EXPECT_TRUE(page.ok()) << page.error().message;
    if (page.ok()) {
      for (const auto& grid : page->items) out.push_back(grid.code);
    }
    return out;
  };
  grids::GridListRequest list;
  list.community_code = community;
  list.on = "2025-01-01";
  EXPECT_EQ(codes(list, Over({"3210"})),
            (std::vector<std::string>{community + "001", community + "00101", community + "002",
                                      community + "005"}));
  list.on = "2025-12-01";
  EXPECT_EQ(codes(list, Over({"3210"})),  // 003 starts today, 2026-01-01
            (std::vector<std::string>{community + "002", community + "005"}));
  list.on.reset();
  EXPECT_EQ(codes(list, Over({"3210"})).size(), 3u);  // active
  list.status = "closed";
  EXPECT_EQ(codes(list, Over({"3210"})).size(), 2u);
  list.status = "all";
  EXPECT_EQ(codes(list, Over({"321003"})).size(), 0u);
  list.status = "weird";
  EXPECT_FALSE(grids_->List(list, Over({"3210"}), {200, ""}).ok());

  grids::GridUpdate update;
  update.kind = "dedicated";
  update.planned_households = 120;
  auto updated = grids_->Update(community + "002", update, Over({community}));
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->kind, grids::GridKind::kDedicated);
  EXPECT_EQ((*grid_repository_->Find(community + "002"))->planned_households, 120);
}

TEST_P(GridRepositoryTest, MalformedCursorIsInvalidArgument) {
  Import("3210");
  const std::string after = "\xff\xfe";
  ExpectCursorRefused(grid_repository_->List(grids::GridQuery{}, Scope::Of({"3210"}), {10, after}),
                      after);
}

INSTANTIATE_TEST_SUITE_P(Engines, DivisionRepositoriesTest, BothEngines(), EngineName);
INSTANTIATE_TEST_SUITE_P(Engines, GridRepositoryTest, BothEngines(), EngineName);

}  // namespace
}  // namespace linli::storage

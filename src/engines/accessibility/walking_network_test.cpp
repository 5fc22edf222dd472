#include "engines/accessibility/walking_network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engines/accessibility/test_networks.hpp"

namespace linli::accessibility {
namespace {

using testing::Offset;

TEST(WalkingNetworkTest, MeasuresEdgesWithHaversineInDecimetres) {
  WalkingNetworkBuilder builder;
  const int32_t a = builder.AddNode(Offset(0, 0));
  const int32_t b = builder.AddNode(Offset(100, 0));
  const int32_t c = builder.AddNode(Offset(100, 250));
  const int32_t way[] = {a, b, c};
  builder.AddWay(way);
  auto network = builder.Build();
  ASSERT_TRUE(network.ok()) << network.error().message;
  EXPECT_EQ(network->node_count(), 3);
  EXPECT_EQ(network->edge_count(), 2);
  EXPECT_EQ(network->arc_count(), 4);
  EXPECT_EQ(network->dropped_node_count(), 0);

  const int32_t node_b = network->NodeOfInputId(b);
  const int32_t node_c = network->NodeOfInputId(c);
  bool found = false;
  for (const Arc& arc : network->ArcsOf(node_b)) {
    if (arc.head != node_c) continue;
    found = true;
    const double metres = HaversineMetres(Offset(100, 0), Offset(100, 250));
    EXPECT_NEAR(metres, 250.0, 0.5);
    EXPECT_EQ(arc.length_decimetres, MetresToDecimetres(metres));
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(network->ArcsOf(network->NodeOfInputId(a)).size(), 1u);
}

TEST(WalkingNetworkTest, KeepsOnlyTheLargestComponent) {
  WalkingNetworkBuilder builder;
  for (int i = 0; i < 7; ++i) builder.AddNode(Offset(i * 50.0, 0));
  builder.AddEdge(0, 1);
  builder.AddEdge(1, 2);
  builder.AddEdge(2, 3);  // component {0,1,2,3}
  builder.AddEdge(4, 5);  // component {4,5}; node 6 is on no way
  auto network = builder.Build();
  ASSERT_TRUE(network.ok());
  EXPECT_EQ(network->node_count(), 4);
  EXPECT_EQ(network->dropped_node_count(), 3);
  for (int32_t id : {0, 1, 2, 3}) {
    const int32_t node = network->NodeOfInputId(id);
    ASSERT_GE(node, 0);
    EXPECT_EQ(network->InputIdOfNode(node), id);
  }
  for (int32_t id : {4, 5, 6, 99, -1}) EXPECT_EQ(network->NodeOfInputId(id), -1);
}

// A chain of `nodes` nodes 50 m apart going east from (east, north) metres off the origin.
void AddChain(WalkingNetworkBuilder& builder, double east, double north, int nodes) {
  int32_t previous = -1;
  for (int i = 0; i < nodes; ++i) {
    const int32_t id = builder.AddNode(Offset(east + i * 50.0, north));
    if (previous >= 0) builder.AddEdge(previous, id);
    previous = id;
  }
}

// Issue 16 item 7: two towns whose streets never meet are both kept when buildings are near
// both; a fragment too small is dropped even beside a building; a piece far from every building
// is dropped; and a network near none of them is refused.
TEST(WalkingNetworkTest, KeepsEveryComponentThatReachesAnAnchor) {
  WalkingNetworkBuilder builder;
  AddChain(builder, 0, 0, 80);        // town A's streets: 80 nodes
  AddChain(builder, 0, 20'000, 60);   // town B, 20 km north: 60 nodes
  AddChain(builder, 10'000, 0, 5);    // a 5-node courtyard path beside a building
  AddChain(builder, 0, -30'000, 70);  // 70 nodes 30 km south, near nothing
  const LatLon anchors[] = {Offset(1000, 100), Offset(500, 20'150), Offset(10'100, 50)};
  ComponentRule rule;
  rule.anchors = anchors;
  auto network = builder.Build(rule);
  ASSERT_TRUE(network.ok()) << network.error().message;
  EXPECT_EQ(network->node_count(), 140);
  const ComponentReport& report = network->components();
  EXPECT_EQ(report.kept, 2);
  EXPECT_EQ(report.dropped_small, 1);
  EXPECT_EQ(report.dropped_unreached, 1);
  EXPECT_EQ(report.dropped_not_largest, 0);
  EXPECT_EQ(report.dropped_nodes, 75);
  EXPECT_GE(network->NodeOfInputId(80), 0);    // town B's first node
  EXPECT_EQ(network->NodeOfInputId(140), -1);  // the courtyard path
  EXPECT_EQ(network->NodeOfInputId(145), -1);  // the far piece

  // 310 m from the nearest node is out of reach; 290 m is in.
  const LatLon just_out[] = {Offset(0, -30'310)};
  rule.anchors = just_out;
  auto far = builder.Build(rule);
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().field, "anchors");
  const LatLon just_in[] = {Offset(0, -30'290)};
  rule.anchors = just_in;
  auto near = builder.Build(rule);
  ASSERT_TRUE(near.ok());
  EXPECT_EQ(near->node_count(), 70);

  // Without anchors: the largest only, the others counted as not the largest.
  auto largest = builder.Build();
  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(largest->node_count(), 80);
  EXPECT_EQ(largest->components().dropped_not_largest, 3);
  // keep_all: every component.
  ComponentRule all;
  all.keep_all = true;
  auto every = builder.Build(all);
  ASSERT_TRUE(every.ok());
  EXPECT_EQ(every->node_count(), 215);
  EXPECT_EQ(every->components().kept, 4);
  EXPECT_EQ(every->components().dropped(), 0);
}

TEST(WalkingNetworkTest, DropsLoopsAndDuplicateEdges) {
  WalkingNetworkBuilder builder;
  builder.AddNode(Offset(0, 0));
  builder.AddNode(Offset(10, 0));
  const int32_t way[] = {0, 1, 1, 0, 0};
  builder.AddWay(way);
  builder.AddEdge(1, 0);
  auto network = builder.Build();
  ASSERT_TRUE(network.ok());
  EXPECT_EQ(network->edge_count(), 1);
  EXPECT_EQ(network->arc_count(), 2);
}

TEST(WalkingNetworkTest, RejectsBadInputWithChineseMessages) {
  {
    WalkingNetworkBuilder empty;
    auto result = empty.Build();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::ErrorCode::kValidationFailed);
    EXPECT_EQ(result.error().field, "nodes");
    EXPECT_NE(result.error().message.find("为空"), std::string::npos);
  }
  {
    WalkingNetworkBuilder no_ways;
    no_ways.AddNode(Offset(0, 0));
    auto result = no_ways.Build();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, "ways");
  }
  {
    WalkingNetworkBuilder outside;
    outside.AddNode(Offset(0, 0));
    outside.AddNode({60.0, 119.0});  // north of China
    outside.AddEdge(0, 1);
    auto result = outside.Build();
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("超出中国范围"), std::string::npos);
    EXPECT_NE(result.error().message.find("第 1 个"), std::string::npos);
  }
  {
    WalkingNetworkBuilder not_a_number;
    not_a_number.AddNode(Offset(0, 0));
    not_a_number.AddNode({std::numeric_limits<double>::quiet_NaN(), 119.0});
    not_a_number.AddEdge(0, 1);
    auto result = not_a_number.Build();
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("不是数字"), std::string::npos);
  }
  {
    WalkingNetworkBuilder dangling;
    dangling.AddNode(Offset(0, 0));
    dangling.AddEdge(0, 5);
    auto result = dangling.Build();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, "ways");
    EXPECT_NE(result.error().message.find("不存在的节点 5"), std::string::npos);
  }
}

TEST(WalkingNetworkTest, GridHasExpectedSizeAndSymmetricArcs) {
  const WalkingNetwork network = testing::GridNetwork(10, 8, 100.0);
  EXPECT_EQ(network.node_count(), 80);
  EXPECT_EQ(network.edge_count(), 9 * 8 + 10 * 7);
  EXPECT_EQ(network.arc_count(), 2 * network.edge_count());
  for (int32_t node = 0; node < network.node_count(); ++node) {
    for (const Arc& arc : network.ArcsOf(node)) {
      EXPECT_NEAR(arc.length_decimetres, 1000.0, 2.0);
      bool back = false;
      for (const Arc& reverse : network.ArcsOf(arc.head)) back |= reverse.head == node;
      EXPECT_TRUE(back);
    }
  }
  EXPECT_GT(network.lower_bound_factor(), 0.95);
  EXPECT_LE(network.lower_bound_factor(), 1.0);
}

}  // namespace
}  // namespace linli::accessibility

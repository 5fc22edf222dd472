// The queue ticket's state machine written out as a table (every state × every action), and the
// ticket numbers.
#include "domain/kiosks/kiosks.hpp"

#include <gtest/gtest.h>

#include <string_view>

#include "core/state_machine_testing.hpp"

namespace linli::kiosks {
namespace {

constexpr std::string_view kTicketTable = R"(
state   | call   | recall | serve  | skip    | close
waiting | called | -      | -      | -       | closed
called  | -      | called | served | skipped | closed
served  | -      | -      | served | -       | -
skipped | -      | called | -      | -       | closed
closed  | -      | -      | -      | -       | -
)";

TicketContext AnyContext(TicketAction) { return {}; }

TEST(QueueTicketTest, EveryStateTimesEveryAction) {
  core::testing::CheckMachine<TicketState, TicketAction, TicketContext>(
      core::testing::ParseTable(kTicketTable), AllTicketStates(), AllTicketActions(),
      &TicketStateName, &TicketStateLabel, &TicketActionName, &TicketActionLabel, "号票",
      &AnyContext);
}

TEST(QueueTicketTest, RefusalNamesStateAndAction) {
  auto refused = Transition(TicketState::kServed, TicketAction::kSkip);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "号票当前为「已办理」状态，不能执行「过号」操作");
}

TEST(QueueTicketTest, NumbersAreThreeDigitsAtLeast) {
  EXPECT_EQ(TicketCode(1), "A001");
  EXPECT_EQ(TicketCode(42), "A042");
  EXPECT_EQ(TicketCode(999), "A999");
  EXPECT_EQ(TicketCode(1000), "A1000");
}

TEST(QueueTicketTest, NamesGoBothWays) {
  for (TicketState state : AllTicketStates()) {
    EXPECT_EQ(kTicketStateNames.From(TicketStateName(state)), state);
  }
  EXPECT_EQ(kDeviceKindNames.From("display"), DeviceKind::kDisplay);
  EXPECT_FALSE(kDeviceKindNames.From("phone").has_value());
}

}  // namespace
}  // namespace linli::kiosks

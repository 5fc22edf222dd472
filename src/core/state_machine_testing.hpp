// Test support for table-driven state machines: a machine is written down as a text table of
// every state × every action (the expected next state, or "-" for refused with 409), and
// CheckMachine compares the machine's Transition against every cell. Used by the lifecycle tests
// of service requests, events and escalations. Header-only; for tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace linli::core::testing {

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> SplitCells(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t bar = line.find('|', start);
    cells.push_back(Trim(line.substr(start, bar == std::string_view::npos ? bar : bar - start)));
    if (bar == std::string_view::npos) return cells;
    start = bar + 1;
  }
}

// (state, action) → expected next state name, or "-".
struct Table {
  std::vector<std::string> actions;
  std::vector<std::string> states;
  std::map<std::pair<std::string, std::string>, std::string> cells;
};

Table ParseTable(std::string_view text) {
  Table table;
  size_t start = 0;
  bool header = true;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (Trim(line).empty()) continue;
    std::vector<std::string> cells = SplitCells(line);
    if (header) {
      table.actions.assign(cells.begin() + 1, cells.end());
      header = false;
      continue;
    }
    EXPECT_EQ(cells.size(), table.actions.size() + 1) << "row: " << line;
    table.states.push_back(cells[0]);
    for (size_t i = 1; i < cells.size() && i <= table.actions.size(); ++i) {
      table.cells[{cells[0], table.actions[i - 1]}] = cells[i];
    }
  }
  return table;
}

template <typename Enum>
std::vector<std::string> Names(const std::vector<Enum>& values, std::string_view (*name)(Enum)) {
  std::vector<std::string> out;
  for (Enum value : values) out.emplace_back(name(value));
  return out;
}

// Checks the machine against the table.
template <typename State, typename Action, typename Context, typename ContextFor>
void CheckMachine(const Table& table, const std::vector<State>& states,
                  const std::vector<Action>& actions, std::string_view (*state_name)(State),
                  std::string_view (*state_label)(State), std::string_view (*action_name)(Action),
                  std::string_view (*action_label)(Action), std::string_view subject,
                  ContextFor context_for) {
  // Every state and action has a row / column, and nothing else does.
  EXPECT_EQ(std::set<std::string>(table.states.begin(), table.states.end()), [&] {
    auto names = Names(states, state_name);
    return std::set<std::string>(names.begin(), names.end());
  }());
  EXPECT_EQ(table.states.size(), states.size()) << "a state is listed twice";
  EXPECT_EQ(Names(actions, action_name), table.actions);
  int allowed = 0;
  for (State state : states) {
    for (Action action : actions) {
      const std::string key_state(state_name(state));
      const std::string key_action(action_name(action));
      auto cell = table.cells.find({key_state, key_action});
      ASSERT_NE(cell, table.cells.end()) << key_state << " × " << key_action;
      const Context context = context_for(action);
      auto result = Transition(state, action, context);
      if (cell->second == "-") {
        ASSERT_FALSE(result.ok()) << key_state << " × " << key_action << " should be refused";
        EXPECT_EQ(result.error().code, core::ErrorCode::kFailedPrecondition);
        EXPECT_EQ(core::HttpStatusOf(result.error().code), 409);
        EXPECT_EQ(result.error().message,
                  std::string(subject) + "当前为「" + std::string(state_label(state)) +
                      "」状态，不能执行「" + std::string(action_label(action)) + "」操作");
      } else {
        ++allowed;
        ASSERT_TRUE(result.ok()) << key_state << " × " << key_action << ": "
                                 << result.error().message;
        EXPECT_EQ(state_name(*result), cell->second) << key_state << " × " << key_action;
      }
    }
  }
  EXPECT_GT(allowed, 0);
}

// Context builders (the contexts are aggregates; these keep the tests short).
template <typename Context>
Context Reason(std::string reason) {
  Context context;
  context.reason = std::move(reason);
  return context;
}
template <typename Context>
Context Rated(int rating, bool already_rated = false) {
  Context context;
  context.rating = rating;
  context.already_rated = already_rated;
  return context;
}
}  // namespace linli::core::testing

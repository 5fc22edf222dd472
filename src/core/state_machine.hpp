// The shared shape of table-driven state machines (service requests, events, escalations, and
// the modules that follow): a list of allowed (from, action, to) transitions, enumeration of an
// enum through its name function, and the Chinese refusal message (409). Tests check each
// machine against a written table with core/state_machine_testing.hpp.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::core {

template <typename State, typename Action>
struct TransitionRule {
  State from;
  Action action;
  State to;
};

template <typename State, typename Action>
std::optional<State> FindTransition(std::span<const TransitionRule<State, Action>> rules,
                                    State from, Action action) {
  for (const auto& rule : rules) {
    if (rule.from == from && rule.action == action) return rule.to;
  }
  return std::nullopt;
}

// Every value 0, 1, 2, ... of Enum for which name_of returns a non-empty name. Name functions
// are exhaustive switches (so -Wswitch flags a forgotten case) returning "" after the switch.
template <typename Enum, typename NameFunction>
std::vector<Enum> EnumerateNamed(NameFunction name_of) {
  std::vector<Enum> values;
  for (int i = 0;; ++i) {
    const Enum value = static_cast<Enum>(i);
    if (name_of(value).empty()) break;
    values.push_back(value);
  }
  return values;
}

// "申请当前为「已办结」状态，不能执行「受理」操作" → kFailedPrecondition (409).
inline core::Error RefusedTransition(std::string_view subject, std::string_view state_label,
                                     std::string_view action_label) {
  return core::Error::FailedPrecondition(std::string(subject) + "当前为「" +
                                         std::string(state_label) + "」状态，不能执行「" +
                                         std::string(action_label) + "」操作");
}

}  // namespace linli::core

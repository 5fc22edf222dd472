#include "domain/kiosks/kiosks.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <span>

#include "core/state_machine.hpp"

namespace linli::kiosks {

namespace {

using Rule = core::TransitionRule<TicketState, TicketAction>;
using S = TicketState;
using A = TicketAction;

// A skipped ticket (过号) may be called again when its holder comes back; closing is the
// after-hours job's, for every ticket not yet served.
constexpr std::array<Rule, 9> kRules = {{
    {S::kWaiting, A::kCall, S::kCalled},
    {S::kWaiting, A::kClose, S::kClosed},
    {S::kCalled, A::kRecall, S::kCalled},
    {S::kCalled, A::kServe, S::kServed},
    {S::kCalled, A::kSkip, S::kSkipped},
    {S::kCalled, A::kClose, S::kClosed},
    {S::kSkipped, A::kRecall, S::kCalled},
    {S::kSkipped, A::kClose, S::kClosed},
    {S::kServed, A::kServe, S::kServed},  // a second 完成 (two taps) changes nothing
}};

}  // namespace

int64_t TokenExpiresAt(int64_t token_issued_at, std::optional<int64_t> last_seen_at) {
  const int64_t seen = std::max(token_issued_at, last_seen_at.value_or(token_issued_at));
  return std::min(token_issued_at + kTokenLifetimeMillis, seen + kTokenIdleMillis);
}

bool TokenExpired(const Kiosk& kiosk, int64_t now) {
  return now >= TokenExpiresAt(kiosk.token_issued_at, kiosk.last_seen_at);
}

std::string_view TicketStateName(TicketState state) { return kTicketStateNames.Name(state); }
std::string_view TicketStateLabel(TicketState state) { return kTicketStateNames.Label(state); }
std::string_view TicketActionName(TicketAction action) { return kTicketActionNames.Name(action); }
std::string_view TicketActionLabel(TicketAction action) { return kTicketActionNames.Label(action); }

std::vector<TicketState> AllTicketStates() {
  std::vector<TicketState> out;
  for (const auto& entry : kTicketStateNames.entries) out.push_back(entry.value);
  return out;
}
std::vector<TicketAction> AllTicketActions() {
  std::vector<TicketAction> out;
  for (const auto& entry : kTicketActionNames.entries) out.push_back(entry.value);
  return out;
}

core::Result<TicketState> Transition(TicketState state, TicketAction action, const TicketContext&) {
  auto next = core::FindTransition(std::span<const Rule>(kRules), state, action);
  if (!next) {
    return core::RefusedTransition("号票", TicketStateLabel(state), TicketActionLabel(action));
  }
  return *next;
}

std::string TicketCode(int64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%03lld", static_cast<long long>(number));
  return std::string(kTicketPrefix) + digits;
}

}  // namespace linli::kiosks

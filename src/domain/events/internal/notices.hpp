// The notifications of the events context (internal to domain/events): what each one is about,
// which go out as an SMS too, and handing them to the Notifier once their change committed.
// Thread-safety: pure functions; Deliver calls the (thread-safe) notifier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/events/events.hpp"
#include "domain/notifications/notifications.hpp"

namespace linli::events::internal {

notifications::Subject EventSubject(int64_t event_id);
notifications::Subject EscalationSubject(int64_t escalation_id);

// A notification of `kind` to `account`. What needs someone at once goes out as an SMS too:
// assignments, whistles, deadline warnings (yellow: approaching; red: overdue) and supervision.
// Copies, feedback and extension answers stay in the bell.
EventNotice Notify(int64_t account, std::string kind, std::string text,
                   std::optional<notifications::Subject> subject, int64_t now);

// After the write that holds `notices` committed: their SMS.
void Deliver(notifications::Notifier& notifier, const std::vector<EventNotice>& notices);

}  // namespace linli::events::internal

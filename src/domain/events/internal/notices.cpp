#include "domain/events/internal/notices.hpp"

#include <utility>

namespace linli::events::internal {

notifications::Subject EventSubject(int64_t event_id) {
  return {notifications::SubjectType::kEvent, event_id};
}

notifications::Subject EscalationSubject(int64_t escalation_id) {
  return {notifications::SubjectType::kEscalation, escalation_id};
}

EventNotice Notify(int64_t account, std::string kind, std::string text,
                   std::optional<notifications::Subject> subject, int64_t now) {
  const bool sms =
      kind == "assignment" || kind == "escalation" || kind == "warning" || kind == "supervision";
  EventNotice out;
  out.notice = notifications::Notice{account, std::move(kind), std::move(text), subject, sms, now};
  return out;
}

void Deliver(notifications::Notifier& notifier, const std::vector<EventNotice>& notices) {
  if (notices.empty()) return;
  std::vector<notifications::Notice> plain;
  plain.reserve(notices.size());
  for (const auto& notice : notices) plain.push_back(notice.notice);
  notifier.Deliver(plain);
}

}  // namespace linli::events::internal

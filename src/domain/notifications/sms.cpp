#include "domain/notifications/sms.hpp"

namespace linli::notifications {

std::string_view SmsStatusName(SmsStatus status) {
  switch (status) {
    case SmsStatus::kQueued:
      return "queued";
    case SmsStatus::kSent:
      return "sent";
    case SmsStatus::kFailed:
      return "failed";
    case SmsStatus::kNoPhone:
      return "no_phone";
  }
  return "queued";
}

const std::vector<SmsStatus>& AllSmsStatuses() {
  static const std::vector<SmsStatus> statuses = {SmsStatus::kQueued, SmsStatus::kSent,
                                                  SmsStatus::kFailed, SmsStatus::kNoPhone};
  return statuses;
}

std::optional<SmsStatus> SmsStatusFromName(std::string_view name) {
  for (SmsStatus status : AllSmsStatuses()) {
    if (SmsStatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace linli::notifications

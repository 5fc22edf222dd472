#include "domain/notifications/notifications.hpp"

namespace linli::notifications {

std::string_view SubjectTypeName(SubjectType type) {
  switch (type) {
    case SubjectType::kEvent:
      return "event";
    case SubjectType::kEscalation:
      return "escalation";
    case SubjectType::kMandatoryReport:
      return "mandatory_report";
    case SubjectType::kApplication:
      return "application";
  }
  return "event";
}

std::optional<SubjectType> SubjectTypeFromName(std::string_view name) {
  for (auto type : {SubjectType::kEvent, SubjectType::kEscalation, SubjectType::kMandatoryReport,
                    SubjectType::kApplication}) {
    if (SubjectTypeName(type) == name) return type;
  }
  return std::nullopt;
}

}  // namespace linli::notifications

#include "domain/calendar/calendar_service.hpp"

#include <utility>

namespace linli::calendar {

CalendarService::CalendarService(CalendarRepository& repository, const core::Clock& clock)
    : repository_(repository), clock_(clock) {}

core::Result<bool> CalendarService::LoadIfEmpty(std::string_view calendar_json) {
  ASSIGN_OR_RETURN(auto current, repository_.CurrentCalendar());
  if (current) return false;
  TRY(WorkingCalendar::FromJson(calendar_json));
  CalendarDocument document;
  document.version = 1;
  document.json = std::string(calendar_json);
  document.created_at = clock_.NowMillis();
  document.created_by = "system";
  TRY(repository_.InsertCalendar(document));
  std::lock_guard lock(mutex_);
  calendar_.reset();
  return true;
}

core::Result<CalendarDocument> CalendarService::DocumentInForce() {
  ASSIGN_OR_RETURN(auto current, repository_.CurrentCalendar());
  if (!current) return core::Error::NotFound("尚未设置节假日日历");
  return std::move(*current);
}

core::Result<CalendarDocument> CalendarService::Replace(std::string_view calendar_json,
                                                        const access::Caller& caller) {
  if (!caller.Has(access::Permission::kCatalogueManage)) {
    return core::Error::PermissionDenied("无权编辑节假日日历");
  }
  ASSIGN_OR_RETURN(auto working, WorkingCalendar::FromJson(calendar_json));
  ASSIGN_OR_RETURN(auto current, repository_.CurrentCalendar());
  CalendarDocument document;
  document.version = current ? current->version + 1 : 1;
  document.json = std::string(calendar_json);
  document.created_at = clock_.NowMillis();
  document.created_by = caller.username();
  TRY(repository_.InsertCalendar(document));
  std::lock_guard lock(mutex_);
  calendar_ = std::make_shared<const WorkingCalendar>(std::move(working));
  return document;
}

core::Result<std::shared_ptr<const WorkingCalendar>> CalendarService::InForce() {
  {
    std::lock_guard lock(mutex_);
    if (calendar_) return calendar_;
  }
  ASSIGN_OR_RETURN(auto current, repository_.CurrentCalendar());
  std::shared_ptr<const WorkingCalendar> built;
  if (current) {
    ASSIGN_OR_RETURN(auto working, WorkingCalendar::FromJson(current->json));
    built = std::make_shared<const WorkingCalendar>(std::move(working));
  } else {
    built = std::make_shared<const WorkingCalendar>();
  }
  std::lock_guard lock(mutex_);
  if (!calendar_) calendar_ = built;
  return calendar_;
}

}  // namespace linli::calendar

// care::NeedReferrals on the event and service-request services: a need found on a visit handed
// on as an event report or a service request filed at the window for the person (issue 19 item 2,
// decision 0039). The caller's own permissions there apply; each record is made under an
// idempotency key, so a retry finds the record made before.
// Thread-safety: as thread-safe as the services it calls.
#pragma once

#include "domain/care/care_service.hpp"
#include "domain/events/event_service.hpp"
#include "domain/service_requests/request_service.hpp"

namespace linli::app {

class ServiceNeedReferrals final : public care::NeedReferrals {
 public:
  // Either service may be absent (not started): handing on to it then answers
  // kFailedPrecondition. REQUIRES: the services outlive this object.
  ServiceNeedReferrals(events::EventService* events, service_requests::RequestService* requests)
      : events_(events), requests_(requests) {}

  core::Result<int64_t> ReportEvent(const care::Need& need, const care::NeedReferral& referral,
                                    std::string_view key, const access::Caller& caller) override;
  core::Result<int64_t> FileRequest(const care::Need& need, const care::NeedReferral& referral,
                                    std::string_view key, const access::Caller& caller) override;
  // Reads the record as the system (no personal data leaves it: only its state).
  core::Result<std::optional<std::string>> FinishedOutcome(const care::Need& need) override;

 private:
  events::EventService* events_;
  service_requests::RequestService* requests_;
};

}  // namespace linli::app

// The use cases of the service desk's requests side.
//
// CatalogueService: the public catalogue and service guide (list with filters, one item with
// its version history, its sample forms to download), administrators' create / revise (a new
// version) / retire, and the sample forms' upload and removal (type checked against the bytes'
// magic numbers — PDF, DOCX, XLSX — size-limited, bytes in their own core::FileStore). The current
// version of each item looked up is cached in the service and dropped when an administrator
// edits the catalogue through it (the catalogue is edited only through CatalogueService).
//
// RequestService: filing a request (applicant from the registry, channel and handling mode
// checked against the item version, appointment slot booked, idempotency key), transitions
// through service_requests::Transition (each recorded with caller and time), materials (type
// checked against the bytes' magic numbers, size-limited, stored by a core::FileStore), slots, the
// one-window desk's queue of the day and the figures.
//
// Definitions (docs/api.md, "Service requests"):
//   deadline      RequestDeadline(calendar, received_at, promised_working_days); received_at is
//                 the submission, or the last resubmission (补正期间不计入办理时限).
//   overdue       IsOverdue(state, deadline_at, now): clock running and now >= deadline.
//   on time       completed before the deadline (completed_at < deadline_at).
//   handling time ElapsedWorkingDays(received_at, completed_at), in working days.
//   online rate   (一网通办率) requests of a fully_online item version filed through web or
//                 mobile, over all requests filed in the period (withdrawn ones excluded).
// Scopes: reads use services.read, filing and handling services.handle; outside answers 404.
// Residents (self.services; decision 0026) reach their own requests through the person their
// account is bound to, never by place (the *Own methods): they file through web or mobile —
// which is what makes a request 网上办理 — book their community's slots, upload materials,
// withdraw, resubmit and rate; a worker files at the window (channel window only).
// Deadlines count working days on the calendar in force, read through
// calendar::WorkingCalendarSource (the calendar context owns the holiday calendar).
// Thread-safety: methods may be called concurrently; the item cache has its own mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/caller.hpp"
#include "domain/calendar/holiday_calendar.hpp"
#include "domain/people/people.hpp"
#include "domain/service_requests/service_requests.hpp"

namespace linli::service_requests {

inline constexpr int64_t kMaxMaterialBytes = 10 * 1024 * 1024;
inline constexpr int kMaxMaterialsPerRequest = 50;
inline constexpr int kDeskQueueLimit = 500;
inline constexpr int64_t kMaxSampleFormBytes = 10 * 1024 * 1024;
inline constexpr int kMaxSampleFormsPerItem = 10;

class CatalogueService {
 public:
  // `forms` holds the sample forms' bytes (public files: not the residents' material store).
  CatalogueService(ServiceRequestRepository& repository, core::FileStore& forms,
                   const core::Clock& clock);

  // Startup: loads the catalogue file into an empty catalogue. Returns the number of items
  // loaded (0 when already there).
  core::Result<int> LoadCatalogueIfEmpty(std::string_view catalogue_json);

  core::Result<core::Page<CatalogueEntry>> List(const CatalogueQuery& query,
                                                const core::PageRequest& page);
  // The current version (or `version`), and every version of the code.
  core::Result<CatalogueEntry> Get(std::string_view code, std::optional<int> version = {});
  core::Result<std::vector<CatalogueEntry>> Versions(std::string_view code);
  // The current version of `code` (nullopt when unknown), from the cache when looked up before.
  core::Result<std::optional<CatalogueEntry>> CurrentItem(std::string_view code);
  core::Result<CatalogueEntry> Create(service_requests::ServiceItem item,
                                      const access::Caller& caller);
  // A new version with the fields of `revised` (its code and version are ignored).
  core::Result<CatalogueEntry> Revise(std::string_view code, service_requests::ServiceItem revised,
                                      const access::Caller& caller);
  core::Result<CatalogueEntry> SetRetired(std::string_view code, bool retired,
                                          const access::Caller& caller);

  // Sample forms (样表) of an item code. Reads are public (kNotFound for an unknown code);
  // adding and deleting need catalogue.manage. `name` is the file name offered on download:
  // 1–100 characters, no path separators; the extension of the sniffed type is added when
  // missing.
  core::Result<std::vector<SampleForm>> SampleForms(std::string_view code);
  core::Result<SampleForm> AddSampleForm(std::string_view code, std::string_view name,
                                         std::string_view content_type, std::string_view bytes,
                                         const access::Caller& caller);
  core::Result<std::pair<SampleForm, std::string>> ReadSampleForm(std::string_view code,
                                                                  int64_t form_id);
  core::Status DeleteSampleForm(std::string_view code, int64_t form_id,
                                const access::Caller& caller);

 private:
  ServiceRequestRepository& repository_;
  core::FileStore& forms_;
  const core::Clock& clock_;
  void ForgetItems();
  std::mutex items_mutex_;
  // Current versions looked up so far; nullopt = no such code. Guarded by items_mutex_.
  std::map<std::string, std::optional<CatalogueEntry>, std::less<>> items_;
};

struct NewRequest {
  std::string item_code;
  std::string channel;
  std::string handling_mode;
  int64_t applicant_id = 0;
  std::optional<int64_t> slot_id;
  std::string note;
  std::optional<std::string> idempotency_key;
};

struct TransitionRequest {
  std::string action;
  std::string reason;
  std::optional<int> rating;
  std::string comment;  // rate
  std::string outcome;  // complete
};

struct RequestDetail {
  ServiceRequest request;
  std::vector<TransitionRecord> transitions;
  std::vector<Material> materials;
  std::vector<service_requests::RequestAction> allowed_actions;
  std::optional<AppointmentSlot> slot;
};

struct FiledRequest {
  RequestDetail detail;
  bool replayed = false;  // the idempotency key was used before: this is the first result
};

struct NewSlot {
  std::string community_code;
  std::string desk;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  int capacity = 1;
};

struct DeskQueue {
  std::string community_code;
  std::string date;                      // YYYY-MM-DD (China)
  std::vector<ServiceRequest> requests;  // clock running: overdue first, then by deadline
  std::vector<std::pair<ServiceRequest, AppointmentSlot>> appointments;  // today's, by start
  int64_t overdue_count = 0;
};

struct FiguresRequest {
  std::string group_by = "community";
  std::string place;  // division code; "" = the caller's whole scope
  std::string from;   // YYYY-MM-DD inclusive; "" = 1970
  std::string to;     // YYYY-MM-DD inclusive; "" = today
};

struct Figures {
  FiguresGrouping group_by = FiguresGrouping::kCommunity;
  std::vector<FiguresRow> rows;
  FiguresRow total;
};

class RequestService {
 public:
  // name_of: display name of a division code ("" when unknown). Dependencies must outlive it.
  RequestService(ServiceRequestRepository& repository, CatalogueService& catalogue,
                 calendar::WorkingCalendarSource& calendars, people::PeopleRepository& people,
                 core::FileStore& materials, const core::Clock& clock,
                 std::function<std::string(std::string_view)> name_of);

  core::Result<FiledRequest> File(const NewRequest& request, const access::Caller& caller);
  core::Result<RequestDetail> Get(int64_t id, const access::Caller& caller);
  core::Result<core::Page<ServiceRequest>> List(const RequestQuery& query,
                                                const access::Caller& caller,
                                                const core::PageRequest& page);
  core::Result<RequestDetail> Apply(int64_t id, const TransitionRequest& request,
                                    const access::Caller& caller);

  core::Result<Material> AddMaterial(int64_t request_id, std::string_view name,
                                     std::string_view content_type, std::string_view bytes,
                                     const access::Caller& caller);
  // The material's metadata and bytes (read scope).
  core::Result<std::pair<Material, std::string>> ReadMaterial(int64_t request_id,
                                                              int64_t material_id,
                                                              const access::Caller& caller);

  core::Result<AppointmentSlot> CreateSlot(const NewSlot& slot, const access::Caller& caller);
  // Slots of a community on a China date (YYYY-MM-DD; "" = today).
  core::Result<std::vector<AppointmentSlot>> Slots(std::string_view community_code,
                                                   std::string_view date,
                                                   const access::Caller& caller);

  core::Result<DeskQueue> Queue(std::string_view community_code, const access::Caller& caller);

  // A resident's own requests (self.services), through the account's bound person: 409 when the
  // account is not bound. FileOwn takes the applicant from the binding (applicant_id must be 0
  // or the person's) and channel web or mobile; ApplyOwn allows withdraw, resubmit and rate.
  core::Result<FiledRequest> FileOwn(NewRequest request, const access::Caller& caller);
  core::Result<RequestDetail> GetOwn(int64_t id, const access::Caller& caller);
  core::Result<core::Page<ServiceRequest>> ListOwn(const RequestQuery& query,
                                                   const access::Caller& caller,
                                                   const core::PageRequest& page);
  core::Result<RequestDetail> ApplyOwn(int64_t id, const TransitionRequest& request,
                                       const access::Caller& caller);
  core::Result<Material> AddOwnMaterial(int64_t request_id, std::string_view name,
                                        std::string_view content_type, std::string_view bytes,
                                        const access::Caller& caller);
  core::Result<std::pair<Material, std::string>> ReadOwnMaterial(int64_t request_id,
                                                                 int64_t material_id,
                                                                 const access::Caller& caller);
  // Slots of the person's community on a China date ("" = today), for booking.
  core::Result<std::vector<AppointmentSlot>> OwnSlots(std::string_view date,
                                                      const access::Caller& caller);
  core::Result<Figures> ComputeFigures(const FiguresRequest& request, const access::Caller& caller);

 private:
  // with_materials = false for a request just filed (it has none yet).
  core::Result<RequestDetail> Detail(ServiceRequest request, bool with_materials = true);
  void MarkOverdue(ServiceRequest& request) const;
  core::Result<std::vector<AppointmentSlot>> SlotsOn(std::string_view community_code,
                                                     std::string_view date,
                                                     const core::Scope& scope);
  // The registered person a resident's account is bound to (self.services).
  core::Result<people::Resident> OwnPerson(const access::Caller& caller);
  core::Result<ServiceRequest> OwnRequest(int64_t id, const access::Caller& caller);
  // Filing once the applicant is known and the channel allowed for who files.
  core::Result<FiledRequest> FileFor(const NewRequest& request, const people::Resident& applicant,
                                     const access::Caller& caller);
  core::Result<RequestDetail> ApplyTo(ServiceRequest request, const TransitionRequest& input,
                                      const access::Caller& caller);
  core::Result<Material> AddMaterialTo(const ServiceRequest& request, std::string_view name,
                                       std::string_view content_type, std::string_view bytes,
                                       const access::Caller& caller);
  core::Result<std::pair<Material, std::string>> ReadMaterialOf(int64_t request_id,
                                                                int64_t material_id);

  ServiceRequestRepository& repository_;
  CatalogueService& catalogue_;
  calendar::WorkingCalendarSource& calendars_;
  people::PeopleRepository& people_;
  core::FileStore& materials_;
  const core::Clock& clock_;
  std::function<std::string(std::string_view)> name_of_;
};

}  // namespace linli::service_requests

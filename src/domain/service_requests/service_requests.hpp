// Service requests (办事申请) and the catalogue behind them, as stored: the versioned catalogue
// entries, appointment slots, requests with their transitions, materials and ratings, the desk
// queue and the figures — plus the repository and the material store interfaces the services
// use (SQL in storage/service_requests, files on disk). The holiday calendar belongs to the
// calendar context (domain/calendar).
//
// Scoping: a request carries its applicant's place_code (grid, or community when the resident
// has no grid) and community_code; every repository read of requests and slots takes a
// core::Scope and filters in SQL, so anything outside it is simply not found.
// Thread-safety: plain values; repository and store implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/service_requests/request_lifecycle.hpp"
#include "domain/service_requests/service_item.hpp"

namespace linli::service_requests {

// One version of a catalogue item as stored.
struct CatalogueEntry {
  service_requests::ServiceItem item;  // item.version is the entry's version
  bool current = true;                 // the latest version of its code
  bool retired = false;                // withdrawn from the catalogue (no new requests)
  int64_t created_at = 0;
  std::string created_by;
};

struct CatalogueQuery {
  std::optional<service_requests::ServiceCategory> category;
  std::optional<service_requests::Channel> channel;
  std::optional<service_requests::HandlingMode> mode;
  std::optional<bool> fully_online;
  std::string text;  // name or code contains
  bool include_retired = false;
};

struct AppointmentSlot {
  int64_t id = 0;
  std::string community_code;
  std::string desk;  // "社区党群服务中心 1 号窗口"
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  int capacity = 1;
  int booked = 0;
  int64_t created_at = 0;
  std::string created_by;
};

struct ServiceRequest {
  int64_t id = 0;
  std::string item_code;
  int item_version = 1;
  std::string item_name;
  bool fully_online = false;
  int promised_working_days = 0;
  int64_t applicant_id = 0;
  std::string applicant_name;
  std::string community_code;
  std::string place_code;
  service_requests::Channel channel = service_requests::Channel::kWindow;
  service_requests::HandlingMode handling_mode = service_requests::HandlingMode::kAppointment;
  service_requests::RequestState state = service_requests::RequestState::kSubmitted;
  std::string note;
  std::optional<int64_t> slot_id;
  int64_t received_at = 0;
  int64_t deadline_at = 0;
  std::optional<int64_t> completed_at;
  std::optional<int> handling_working_days;
  std::optional<bool> on_time;
  std::optional<std::string> outcome;
  std::optional<int> rating;
  std::optional<std::string> rating_comment;
  std::optional<int64_t> rated_at;
  int64_t filed_by = 0;
  std::string filed_by_name;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool overdue = false;  // computed by the service at read time (IsOverdue)
};

struct TransitionRecord {
  int64_t id = 0;
  int64_t request_id = 0;
  std::string action;  // "submit", or a RequestActionName
  std::optional<service_requests::RequestState> from_state;
  service_requests::RequestState to_state = service_requests::RequestState::kSubmitted;
  int64_t actor_id = 0;
  std::string actor_name;
  std::string reason;
  int64_t at = 0;
};

struct Material {
  int64_t id = 0;
  int64_t request_id = 0;
  std::string name;
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sm3_digest;    // hex
  std::string storage_name;  // random file name in the material store (never shown)
  int64_t uploaded_by = 0;
  std::string uploaded_by_name;
  int64_t uploaded_at = 0;
};

// A sample form (样表) of a catalogue item, for residents to download from the guide. Attached
// to the item code, not a version (decision 0024): a revision keeps its forms.
struct SampleForm {
  int64_t id = 0;
  std::string item_code;
  std::string name;          // the file name shown and offered on download ("申请表.docx")
  std::string content_type;  // application/pdf | the DOCX or XLSX type
  int64_t size_bytes = 0;
  std::string sm3_digest;    // hex
  std::string storage_name;  // random file name in the form store (never shown)
  int64_t uploaded_by = 0;
  std::string uploaded_by_name;
  int64_t uploaded_at = 0;
};

inline constexpr std::string_view kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct RequestQuery {
  std::string place_prefix;  // community / town / grid code; "" = all in scope
  std::optional<service_requests::RequestState> state;
  std::string item_code;
  std::optional<int64_t> applicant_id;
  bool overdue_only = false;
  int64_t now = 0;  // for overdue_only
};

// Column changes of one transition; the repository writes them with the state change only
// when the request is still in `from` (otherwise kFailedPrecondition: changed meanwhile).
struct StateChange {
  service_requests::RequestState from = service_requests::RequestState::kSubmitted;
  service_requests::RequestState to = service_requests::RequestState::kSubmitted;
  std::optional<int64_t> received_at;
  std::optional<int64_t> deadline_at;
  std::optional<int64_t> completed_at;
  std::optional<int> handling_working_days;
  std::optional<bool> on_time;
  std::optional<std::string> outcome;
  std::optional<int> rating;
  std::optional<std::string> rating_comment;
  bool release_slot = false;  // give the booked place back
  TransitionRecord record;    // request_id, action, actor, reason, at
};

// The request as it is once `change` is written (the columns the repository sets).
void ApplyToRequest(const StateChange& change, ServiceRequest& request);

enum class FiguresGrouping { kItem, kCommunity, kTown, kCounty };
std::string_view FiguresGroupingName(FiguresGrouping grouping);
std::optional<FiguresGrouping> FiguresGroupingFromName(std::string_view name);

struct FiguresQuery {
  FiguresGrouping group_by = FiguresGrouping::kCommunity;
  std::string place_prefix;  // "" = all in scope
  int64_t from = 0;          // created_at >= from
  int64_t to = 0;            // created_at < to
  int64_t now = 0;
};

// Raw counts of one group (requests filed in the period, withdrawn ones excluded).
struct FiguresRow {
  std::string key;   // item code / community / town / county code
  std::string name;  // item name or division name (filled by the service)
  int64_t requests = 0;
  int64_t online = 0;     // fully_online item version AND channel web or mobile
  int64_t completed = 0;  // completed_at set
  int64_t on_time = 0;    // completed before the deadline
  int64_t handling_working_days_total = 0;
  int64_t overdue_open = 0;  // clock running and past the deadline now
};

class ServiceRequestRepository {
 public:
  virtual ~ServiceRequestRepository() = default;

  // Catalogue. Insert writes version 1 (kAlreadyExists, field code, when the code exists);
  // InsertVersion writes item.version and clears `current` of the others in one transaction
  // (kFailedPrecondition when item.version - 1 is not the current version: edited meanwhile).
  virtual core::Status InsertItem(const CatalogueEntry& entry) = 0;
  virtual core::Status InsertItemVersion(const CatalogueEntry& entry) = 0;
  virtual core::Status SetItemRetired(std::string_view code, bool retired) = 0;
  virtual core::Result<std::optional<CatalogueEntry>> FindItem(std::string_view code,
                                                               std::optional<int> version) = 0;
  // Every version of a code, oldest first.
  virtual core::Result<std::vector<CatalogueEntry>> ItemVersions(std::string_view code) = 0;
  // Current versions ordered by code; page.after is the last code seen.
  virtual core::Result<core::Page<CatalogueEntry>> ListItems(const CatalogueQuery& query,
                                                             const core::PageRequest& page) = 0;
  virtual core::Result<int64_t> CountItems() = 0;
  // Writes every entry (version 1) in one transaction.
  virtual core::Status InsertItems(const std::vector<CatalogueEntry>& entries) = 0;

  // Sample forms of an item code, oldest first. Delete answers whether a row went.
  virtual core::Result<SampleForm> InsertSampleForm(const SampleForm& form) = 0;
  virtual core::Result<std::vector<SampleForm>> SampleForms(std::string_view item_code) = 0;
  virtual core::Result<std::optional<SampleForm>> FindSampleForm(std::string_view item_code,
                                                                 int64_t form_id) = 0;
  virtual core::Result<bool> DeleteSampleForm(std::string_view item_code, int64_t form_id) = 0;

  // Slots.
  virtual core::Result<AppointmentSlot> InsertSlot(const AppointmentSlot& slot) = 0;
  virtual core::Result<std::optional<AppointmentSlot>> FindSlot(int64_t id,
                                                                const core::Scope& scope) = 0;
  // Slots of a community starting in [from, to), by start.
  virtual core::Result<std::vector<AppointmentSlot>> ListSlots(std::string_view community_code,
                                                               int64_t from, int64_t to,
                                                               const core::Scope& scope) = 0;

  // Requests. Insert books the slot (kFailedPrecondition "该预约时段已约满" when full) and
  // records the "submit" transition in one transaction; kAlreadyExists (field
  // idempotency_key) when the (account, key) pair was used already.
  virtual core::Result<ServiceRequest> InsertRequest(const ServiceRequest& request,
                                                     const std::optional<std::string>& key,
                                                     const TransitionRecord& submitted) = 0;
  virtual core::Result<std::optional<ServiceRequest>> FindRequestByIdempotencyKey(
      int64_t account_id, std::string_view key) = 0;
  virtual core::Result<std::optional<ServiceRequest>> FindRequest(int64_t id,
                                                                  const core::Scope& scope) = 0;
  // The request when its applicant is `applicant_id` (a resident's own; decision 0026).
  virtual core::Result<std::optional<ServiceRequest>> FindApplicantRequest(
      int64_t id, int64_t applicant_id) = 0;
  // Newest first; page.after is the decimal id of the last one seen.
  virtual core::Result<core::Page<ServiceRequest>> ListRequests(const RequestQuery& query,
                                                                const core::Scope& scope,
                                                                const core::PageRequest& page) = 0;
  virtual core::Status ApplyStateChange(int64_t request_id, const StateChange& change) = 0;
  virtual core::Result<std::vector<TransitionRecord>> Transitions(int64_t request_id) = 0;

  // Materials.
  virtual core::Result<Material> InsertMaterial(const Material& material) = 0;
  virtual core::Result<std::vector<Material>> Materials(int64_t request_id) = 0;
  virtual core::Result<std::optional<Material>> FindMaterial(int64_t request_id,
                                                             int64_t material_id) = 0;

  // The desk: requests of a community whose clock runs, overdue first then by deadline (at
  // most `limit`), and the requests with a slot starting in [day_start, day_end) that are not
  // withdrawn or rejected, by slot start.
  virtual core::Result<std::vector<ServiceRequest>> OpenRequests(std::string_view community_code,
                                                                 int64_t now, int limit,
                                                                 const core::Scope& scope) = 0;
  virtual core::Result<std::vector<std::pair<ServiceRequest, AppointmentSlot>>> Appointments(
      std::string_view community_code, int64_t day_start, int64_t day_end,
      const core::Scope& scope) = 0;

  virtual core::Result<std::vector<FiguresRow>> Figures(const FiguresQuery& query,
                                                        const core::Scope& scope) = 0;
};

// The content type of a sample form the bytes show: "application/pdf", kDocxType (a ZIP whose
// central directory holds [Content_Types].xml and word/ entries), kXlsxType (the same with xl/
// entries), or "" when none of these (an image, a bare ZIP, an old .doc/.xls, a truncated file).
std::string_view SniffSampleFormType(std::string_view bytes);

}  // namespace linli::service_requests

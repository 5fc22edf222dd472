// EventService: the use cases of events, the whistle (街社吹哨、部门报到), notifications and the
// Open311 GeoReport v2 view of events.
//
// Reporting: the category comes from the taxonomy, the place from a building of the registry or
// a community/grid code (coordinates must lie inside China); the routing rules
// (events::Router) pick the handler — community, town, county or a named department — and
// record skip-level copies. An event routed to a department is escalated to it at once.
// The whistle: a community or town escalates an event to departments (one Escalation each); each
// stage (check in, handle, verify) runs on the clock of events::EscalationPolicy::Default
// with yellow/red warnings; extensions need a supervisor's approval; supervision rises by steps.
// Warnings are computed when an escalation is read; notifications for them (and automatic
// supervision once overdue) are written by Sweep(), which runs whenever a department board or a
// notification list is read (no background thread: tests move a ManualClock and read; a
// deployment's bell polling keeps warnings timely). Sweep is idempotent (warned_level).
// Permissions: events.report (report, read own), events.read (read in scope), events.handle
// (the event's own transitions), events.escalate (blow the whistle, verify, withdraw, rate as
// the community), events.department (a department officer's check-in, feedback, extension
// requests; scope and department from the grant), events.supervise (approve extensions,
// supervise), events.manage (taxonomy, Open311 keys). Outside the caller's sight: kNotFound.
// The taxonomy is kept in memory once read and dropped when it is edited through the service
// (SeedCategories, SaveCategory: the only writers).
// Thread-safety: thread-safe (the taxonomy cache has its own mutex; the repository serialises
// writes with guards).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/events/events.hpp"
#include "domain/events/routing.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::events {

struct EventOptions {
  std::string city_code = "3210";  // the Open311 jurisdiction_id and the city's prefix
  size_t max_photo_bytes = 5 * 1024 * 1024;
  int max_photos_per_event = 9;
  double open311_max_degrees = 0.02;  // nearest building search radius (about 2 km)
};

struct NewEvent {
  std::string category;
  std::string description;
  std::string urgency = "normal";
  std::optional<int64_t> building_id;
  std::string place_code;  // community or grid code, when no building
  std::optional<double> lat;
  std::optional<double> lon;
  std::string address;
  std::string idempotency_key;  // Idempotency-Key header; "" = none
};

struct EscalationView {
  Escalation escalation;
  std::string event_category;
  std::string event_description;
  events::WarningLevel warning = events::WarningLevel::kNone;
  int percent_used = 0;
  std::vector<std::string> allowed_actions;
};

// One escalation as its department sees it (GET /escalations/{id}): the escalation, and the
// event it is about with its photos and the timeline rows that concern this escalation (the
// event's own rows and this escalation's, not other departments'). `event` is empty when the
// caller may see the escalation but not the event.
struct EscalationDetail {
  EscalationView view;
  std::optional<Event> event;
  std::vector<Photo> photos;
  std::vector<TransitionRecord> transitions;
};

struct EventDetail {
  Event event;
  std::vector<EventCopy> copies;
  std::vector<TransitionRecord> transitions;
  std::vector<Photo> photos;
  std::vector<EscalationView> escalations;
  std::vector<std::string> allowed_actions;
  bool created = false;  // Report: false when an idempotent replay returned the earlier event
};

struct EventActionRequest {
  std::string action;
  std::string reason;
  std::string assignee;  // assign: a division code (community, town, county) or a department
};

struct EscalateRequest {
  std::vector<std::string> departments;
  std::string reason;
};

struct EscalationActionRequest {
  std::string action;
  std::string reason;
  std::string feedback;
  int amount = 0;  // request_extension, in the stage's unit
  std::optional<int> rating;
};

struct RankingRow {
  int rank = 0;
  std::string department;
  int64_t escalations = 0;
  double on_time_check_in_rate = 0;    // 0..1
  double on_time_completion_rate = 0;  // 0..1
  std::optional<double> mean_rating;   // 1..5
  int64_t ratings = 0;
};

struct NotificationPage {
  core::Page<Notification> page;
  int64_t unread_count = 0;
};

struct Open311Key {
  int64_t id = 0;
  std::string name;
  std::string api_key;  // shown once
};

struct Open311Submission {
  std::string api_key;
  std::string service_code;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string address_string;
  std::optional<int64_t> address_id;
  std::string description;
  std::string media_url;
};

struct Open311Receipt {
  int64_t service_request_id = 0;
  std::string service_notice;
};

// The working calendar in force (the holiday calendar administrators edit); read on every use
// so that an edit applies to the next deadline computed.
using CalendarSource = std::function<std::shared_ptr<const calendar::WorkingCalendar>()>;

class EventService {
 public:
  // REQUIRES: calendar outlives the service.
  EventService(EventRepository& repository, PhotoStore& photos, SmsSender& sms,
               const calendar::WorkingCalendar& calendar, const events::Router& router,
               core::Clock& clock, EventOptions options = {});
  // REQUIRES: calendar() never returns null.
  EventService(EventRepository& repository, PhotoStore& photos, SmsSender& sms,
               CalendarSource calendar, const events::Router& router, core::Clock& clock,
               EventOptions options = {});

  // {"categories":[{"code","name","description","keywords"}]} (data/events/categories.json).
  static core::Result<std::vector<Category>> CategoriesFromJson(std::string_view json_text);
  // Adds the categories that are missing (start-up seeding; edits stay).
  core::Status SeedCategories(const std::vector<Category>& categories);
  core::Result<std::vector<Category>> Categories();
  core::Result<Category> SaveCategory(const Category& category, const access::Caller& caller);

  core::Result<EventDetail> Report(const NewEvent& request, const access::Caller& caller);
  core::Result<EventDetail> Get(int64_t id, const access::Caller& caller);
  core::Result<core::Page<Event>> List(const EventQuery& query, const access::Caller& caller);
  core::Result<EventDetail> Act(int64_t id, const EventActionRequest& request,
                                const access::Caller& caller);
  // Photo bytes: JPEG or PNG by magic number, at most max_photo_bytes.
  core::Result<Photo> AddPhoto(int64_t event_id, std::string_view bytes,
                               const access::Caller& caller);
  core::Result<std::pair<Photo, std::string>> GetPhoto(int64_t event_id, int64_t photo_id,
                                                       const access::Caller& caller);

  core::Result<std::vector<EscalationView>> Escalate(int64_t event_id,
                                                     const EscalateRequest& request,
                                                     const access::Caller& caller);
  core::Result<EscalationView> GetEscalation(int64_t id, const access::Caller& caller);
  // GetEscalation with the event, its photos and the escalation's timeline.
  core::Result<EscalationDetail> GetEscalationDetail(int64_t id, const access::Caller& caller);
  // The city's named departments a whistle is addressed to (the routing rules' list), in the
  // order listed. Anyone who takes part in the whistle may read it (events.read, .escalate,
  // .department or .supervise); others kPermissionDenied.
  core::Result<std::vector<events::Department>> Departments(const access::Caller& caller) const;
  core::Result<EscalationView> ActOnEscalation(int64_t id, const EscalationActionRequest& request,
                                               const access::Caller& caller);
  // Open escalations of the caller's department (or `department` when the caller has several),
  // overdue first (earliest stage deadline first), with warning levels. A supervisor
  // (events.supervise) names any department and sees its escalations inside the supervisor's
  // jurisdiction. kPermissionDenied without events.department or events.supervise;
  // kValidationFailed (field department) when no department is named or granted.
  core::Result<std::vector<EscalationView>> Board(const std::string& department,
                                                  const access::Caller& caller);
  // Departments ranked over escalations created in [from, until] (China dates), inside the
  // caller's events.read scope.
  core::Result<std::vector<RankingRow>> Ranking(std::string_view from, std::string_view until,
                                                const access::Caller& caller);
  // Notifies new yellow/red warnings and raises supervision that overdue time calls for.
  // Returns the number of escalations changed.
  core::Result<int> Sweep();

  core::Result<NotificationPage> Notifications(const access::Caller& caller, bool unread_only,
                                               const core::PageRequest& page);
  core::Status MarkRead(const access::Caller& caller, int64_t id);
  core::Result<int64_t> MarkAllRead(const access::Caller& caller);

  core::Result<Open311Key> CreateOpen311Key(std::string_view name, const access::Caller& caller);
  // Services = the active leaf categories.
  core::Result<std::vector<Category>> Open311Services();
  core::Result<Category> Open311Service(std::string_view code);
  // kPermissionDenied for a missing or unknown key; kInvalidArgument for bad fields.
  core::Result<Open311Receipt> Open311Submit(const Open311Submission& submission);
  core::Result<std::vector<Event>> Open311Requests(PublicQuery query);
  core::Result<Event> Open311Request(int64_t id);
  const EventOptions& options() const { return options_; }

 private:
  struct Routed;
  core::Result<Routed> RouteEvent(Event& event, const std::optional<int64_t>& actor_id,
                                  const std::string& actor_name);
  // new_event_copies: the copies of an event just created (no photo yet; nothing re-read).
  core::Result<EventDetail> Detail(const Event& event, const access::Caller& caller,
                                   const std::vector<EventCopy>* new_event_copies = nullptr);
  core::Result<Event> VisibleEvent(int64_t id, const access::Caller& caller);
  EscalationView View(const Escalation& escalation, const access::Caller* caller);
  bool CanSeeEscalation(const Escalation& escalation, const access::Caller& caller) const;
  // Whether `caller` may take `action` on an escalation to `department` of an event at
  // `place_code`: the department its own steps, a supervisor the extensions and supervision,
  // the whistler (escalating scope) verification, withdrawal and reopening; the rating also the
  // event's reporter.
  bool MayAct(events::EscalationAction action, std::string_view department,
              std::string_view place_code, const access::Caller& caller, bool reporter) const;
  core::Result<std::vector<int64_t>> RecipientsFor(std::string_view level,
                                                   std::string_view division_code,
                                                   std::string_view department);
  std::string HandlerName(std::string_view level, std::string_view code,
                          std::string_view department);
  Escalation NewEscalation(const Event& event, const std::string& department,
                           const std::string& reason, const std::optional<int64_t>& actor_id,
                           const std::string& actor_name, int64_t now) const;
  void EnterStage(Escalation& escalation, int64_t now) const;
  void SendSms(const std::vector<Notification>& notifications);
  std::shared_ptr<const calendar::WorkingCalendar> Calendar() const { return calendar_source_(); }
  // The taxonomy, read once and kept until SeedCategories / SaveCategory change it.
  core::Result<std::shared_ptr<const std::vector<Category>>> CachedCategories();
  void ForgetCategories();

  EventRepository& repository_;
  PhotoStore& photos_;
  SmsSender& sms_;
  CalendarSource calendar_source_;
  const events::Router& router_;
  core::Clock& clock_;
  EventOptions options_;
  std::mutex categories_mutex_;
  std::shared_ptr<const std::vector<Category>> categories_;  // guarded by categories_mutex_
};

}  // namespace linli::events

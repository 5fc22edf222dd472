// Events (事件) and the whistle (街社吹哨、部门报到): the model, the repository interface the
// storage layer implements, and the photo store the services need.
//
// An event belongs to a place (place_code: its grid, or its community when it has none); every
// read is filtered by the caller's jurisdiction in the repository (storage::ScopeClause) and a
// reporter always sees what they reported. An Escalation is one department's part of a whistle
// (one per event and department) with the clock of its current stage (events::StageClock).
// Every state change of an event or escalation is written as a TransitionRecord row in the same
// transaction as the change (EventWrite), guarded by the state the change was computed from, so
// two concurrent changes never both apply. The notifications a change sends (EventNotice: a
// notifications::Notice with a typed subject) are written in that same transaction.
// Thread-safety: plain values; repository and photo store implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/access/principal.hpp"
#include "domain/events/escalation.hpp"
#include "domain/events/event_lifecycle.hpp"
#include "domain/events/routing.hpp"
#include "domain/notifications/notifications.hpp"

namespace linli::events {

struct Category {
  std::string code;  // "environment.garbage"
  std::string name;
  std::string parent_code;  // "" for a top-level group
  std::string description;
  std::vector<std::string> keywords;
  bool active = true;
};

enum class Channel { kApp, kOpen311 };
std::string_view ChannelName(Channel channel);

struct Event {
  int64_t id = 0;
  std::string category_code;
  std::string category_name;  // filled by reads
  std::string description;
  events::Urgency urgency = events::Urgency::kNormal;
  events::EventState state = events::EventState::kReported;
  std::string community_code;
  std::string place_code;
  std::string community_name;  // filled by reads (names for people, codes for identity)
  std::string grid_name;       // filled by reads: the grid's when the place is a grid, else ""
  std::optional<int64_t> building_id;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string address;
  Channel channel = Channel::kApp;
  std::optional<int64_t> reporter_account_id;
  std::string reporter_role;
  std::optional<int64_t> open311_key_id;
  std::string idempotency_key;
  TargetLevel handler_level = TargetLevel::kCommunity;
  std::string handler_code;
  std::string handler_department;
  std::string handler_name;
  std::string routing_rule_id;
  bool skip_level = false;
  std::string status_note;
  std::optional<int64_t> expected_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // When a handler made it public (EventService::SetPublic); nullopt: not made public.
  std::optional<int64_t> public_at;
  // Listed by the anonymous Open311 requests: submitted through Open311, or made public.
  bool IsPublic() const { return channel == Channel::kOpen311 || public_at.has_value(); }
};

struct EventCopy {
  std::string level;  // community | town | county | department
  std::string division_code;
  std::string department;
  std::string name;
};

struct Photo {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string content_type;  // image/jpeg | image/png
  int64_t byte_size = 0;
  std::string storage_path;  // relative to the uploads folder
  std::string media_url;     // Open311 media_url (not stored by us)
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

struct TransitionRecord {
  int64_t id = 0;
  int64_t event_id = 0;
  std::optional<int64_t> escalation_id;
  // For writes: escalation inserted by the same EventWrite (index into escalation_inserts).
  std::optional<size_t> new_escalation_index;
  std::string place_code;
  std::optional<int64_t> actor_account_id;  // nullopt: the system
  std::string actor_name;
  std::string action;
  std::string from_state;
  std::string to_state;
  std::string note;
  int64_t at = 0;
};

struct Escalation {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string department;
  std::string place_code;
  events::Urgency urgency = events::Urgency::kNormal;
  events::EscalationState state = events::EscalationState::kAwaitingCheckIn;
  std::string reason;
  std::optional<int64_t> whistler_account_id;
  std::string whistler_name;
  bool has_stage = true;  // false in closed, declined, withdrawn
  events::StageClock clock;
  std::optional<int64_t> stage_deadline_at;
  int warned_level = 0;  // 0 none, 1 yellow, 2 red (already notified)
  int pending_extension_amount = 0;
  std::string pending_extension_reason;
  events::SupervisionLevel supervision_level = events::SupervisionLevel::kNone;
  int64_t check_in_deadline_at = 0;
  std::optional<int64_t> checked_in_at;
  std::optional<bool> checked_in_on_time;
  std::optional<int64_t> handle_deadline_at;
  std::string feedback;
  std::optional<int64_t> feedback_at;
  std::optional<bool> completed_on_time;
  std::optional<int64_t> closed_at;
  std::optional<int> reporter_rating;
  std::optional<int> community_rating;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Filled by reads (joined from the event and its category); ignored by writes.
  std::string event_category;  // the category's name
  std::string event_description;
};

// An escalation as a caller sees it: its warning on the calendar in force and what the caller may
// do with it.
struct EscalationView {
  Escalation escalation;
  std::string event_category;
  std::string event_description;
  events::WarningLevel warning = events::WarningLevel::kNone;
  int percent_used = 0;
  std::vector<std::string> allowed_actions;
};

// A notification written by an EventWrite, in its transaction. Kinds: assignment | copy |
// escalation | warning | supervision | extension | feedback. The subject is something the
// recipient can open (none for a department only copied); it may be a row the same write
// inserts, whose id only the repository learns: the event being created (CreateEvent) or one
// of escalation_inserts.
struct EventNotice {
  notifications::Notice notice;
  bool about_new_event = false;
  std::optional<size_t> about_new_escalation;  // index into escalation_inserts
};

// A building as the events context needs it: where it is.
struct BuildingPlace {
  int64_t id = 0;
  std::string community_code;
  std::string place_code;
  std::string address;
  std::optional<double> lat;
  std::optional<double> lon;
};

// One atomic change: the event (guarded by expected_state and expected_updated_at), escalations
// inserted and updated (each guarded by its expected state and updated_at), and the transition,
// copy and notification rows that go with it. Any guard that fails rolls everything back with
// kFailedPrecondition ("已被他人更新").
struct EscalationUpdate {
  Escalation escalation;
  events::EscalationState expected_state;
  int64_t expected_updated_at = 0;
};
struct EventWrite {
  std::optional<Event> event_update;
  events::EventState expected_event_state = events::EventState::kReported;
  int64_t expected_event_updated_at = 0;
  std::vector<Escalation> escalation_inserts;
  std::vector<EscalationUpdate> escalation_updates;
  std::vector<TransitionRecord> transitions;
  std::vector<EventCopy> copies;
  std::vector<EventNotice> notices;
};

struct EventQuery {
  std::optional<events::EventState> state;
  std::string category;  // code or parent code prefix
  std::string place;     // division or grid code prefix
  bool mine = false;     // only what the caller reported
  bool open = false;     // only open ones: reported, assigned, in progress, escalated
  core::PageRequest page;
};

// Open311 public listing (no jurisdiction beyond the city).
struct PublicQuery {
  std::string city_code;
  std::vector<int64_t> ids;
  std::vector<std::string> service_codes;
  std::optional<int64_t> start_at;
  std::optional<int64_t> end_at;
  std::optional<bool> open;  // status=open|closed
  int limit = 50;
};

struct DepartmentFigures {
  std::string department;
  int64_t escalations = 0;  // escalations created in the period, withdrawn excluded
  int64_t checked_in_on_time = 0;
  int64_t completion_counted = 0;  // escalations that were not declined
  int64_t completed_on_time = 0;
  int64_t ratings = 0;
  int64_t rating_sum = 0;
};

class EventRepository {
 public:
  virtual ~EventRepository() = default;

  // Taxonomy. only_if_missing: keep an existing row (seeding from data at start-up).
  virtual core::Status UpsertCategory(const Category& category, bool only_if_missing,
                                      int64_t now) = 0;
  virtual core::Result<std::vector<Category>> ListCategories() = 0;

  // Places.
  virtual core::Result<std::optional<BuildingPlace>> FindBuilding(int64_t id) = 0;
  // The building with coordinates nearest to (lat, lon) within max_degrees, inside city_code.
  virtual core::Result<std::optional<BuildingPlace>> NearestBuilding(double lat, double lon,
                                                                     double max_degrees,
                                                                     std::string_view city) = 0;
  virtual core::Result<std::optional<BuildingPlace>> BuildingByAddress(std::string_view address,
                                                                       std::string_view city) = 0;
  // An existing community (12 digits) or active grid / micro-grid code.
  virtual core::Result<bool> PlaceExists(std::string_view code) = 0;
  virtual core::Result<std::string> DivisionName(std::string_view code) = 0;

  // Events. Visible = inside `scope` or reported by `reporter_account_id` (0: nobody).
  virtual core::Result<std::optional<Event>> FindByIdempotencyKey(int64_t reporter_account_id,
                                                                  std::string_view key) = 0;
  // Inserts the event and `write` (whose transitions, copies and escalations get its id);
  // kAlreadyExists when the idempotency key was used by that reporter.
  virtual core::Result<int64_t> CreateEvent(const Event& event, const EventWrite& write) = 0;
  virtual core::Status Apply(const EventWrite& write) = 0;
  virtual core::Result<std::optional<Event>> GetEvent(int64_t id, const core::Scope& scope,
                                                      int64_t reporter_account_id) = 0;
  virtual core::Result<core::Page<Event>> ListEvents(const EventQuery& query,
                                                     const core::Scope& scope,
                                                     int64_t reporter_account_id) = 0;
  // Open events (as EventQuery::open) visible as ListEvents shows them, counted by the first
  // `group_digits` digits of their place (0: one row, key "", for all of them); key order.
  virtual core::Result<std::vector<std::pair<std::string, int64_t>>> CountOpenEvents(
      const core::Scope& scope, int64_t reporter_account_id, size_t group_digits) = 0;
  virtual core::Result<std::vector<EventCopy>> ListCopies(int64_t event_id) = 0;
  virtual core::Result<std::vector<TransitionRecord>> ListTransitions(int64_t event_id) = 0;
  virtual core::Result<int64_t> AddPhoto(const Photo& photo) = 0;
  virtual core::Result<std::vector<Photo>> ListPhotos(int64_t event_id) = 0;

  // Escalations (unscoped reads: the service decides who may see one).
  virtual core::Result<std::optional<Escalation>> GetEscalation(int64_t id) = 0;
  virtual core::Result<std::vector<Escalation>> EscalationsOfEvent(int64_t event_id) = 0;
  // Open escalations of a department ("": of every department) inside `scope`, earliest stage
  // deadline first.
  virtual core::Result<std::vector<Escalation>> Board(std::string_view department,
                                                      const core::Scope& scope, int limit) = 0;
  // Open escalations with a stage clock whose warning was not yet notified as red or whose
  // supervision can still rise, by (stage deadline, id), the first `limit` after `after` (the
  // key of the last one of the previous page; nullopt: from the start).
  struct SweepKey {
    int64_t stage_deadline_at = 0;
    int64_t id = 0;
  };
  virtual core::Result<std::vector<Escalation>> SweepCandidates(int limit,
                                                                std::optional<SweepKey> after) = 0;
  virtual core::Result<std::vector<DepartmentFigures>> Ranking(int64_t from, int64_t until,
                                                               const core::Scope& scope) = 0;

  // Accounts that receive notifications.
  virtual core::Result<std::vector<int64_t>> DepartmentAccounts(std::string_view department,
                                                                std::string_view place_code) = 0;
  // Enabled accounts granted `role` on exactly `scope_code`.
  virtual core::Result<std::vector<int64_t>> AccountsWithGrant(access::Role role,
                                                               std::string_view scope_code) = 0;

  // Open311.
  virtual core::Result<int64_t> CreateOpen311Key(std::string_view name, std::string_view key_hash,
                                                 int64_t created_by, int64_t now) = 0;
  virtual core::Result<std::optional<int64_t>> FindOpen311Key(std::string_view key_hash) = 0;
  virtual core::Result<std::vector<Event>> ListPublic(const PublicQuery& query) = 0;
  virtual core::Result<std::optional<Event>> GetPublic(int64_t id, std::string_view city) = 0;
};

// Where photo bytes live (outside the web root). Paths are relative names the store made.
class PhotoStore {
 public:
  virtual ~PhotoStore() = default;
  virtual core::Result<std::string> Save(int64_t event_id, std::string_view extension,
                                         std::string_view bytes) = 0;
  virtual core::Result<std::string> Load(std::string_view relative_path) = 0;
};

}  // namespace linli::events

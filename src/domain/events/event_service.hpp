// EventService: the use cases of events themselves — the taxonomy, reporting, reading, the
// event's own transitions and photos. The whistle is EscalationService's, the public Open311
// view Open311Service's; the three share EventDependencies and the rules in internal/.
//
// Reporting: the category comes from the taxonomy, the place from a building of the registry or
// a community/grid code (coordinates must lie inside China); the routing rules
// (events::Router) pick the handler — community, town, county or a named department — and
// record skip-level copies. An event routed to a department is escalated to it at once.
// Notifications (assignments, copies) are written with the change and go through the
// notifications::Notifier (SMS for what needs someone at once).
// Permissions: events.report (report, read own), events.read (read in scope), events.handle
// (the event's own transitions), events.escalate (sees "escalate" among the allowed actions),
// events.manage (taxonomy). A department officer sees the events escalated to their
// department. Outside the caller's sight: kNotFound.
// The taxonomy is kept in memory once read and dropped when it is edited through the service
// (SeedCategories, SaveCategory: the only writers); Open311Service reads it from here.
// Thread-safety: thread-safe (the taxonomy cache has its own mutex; the repository serialises
// writes with guards).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/events/dependencies.hpp"
#include "domain/events/events.hpp"

namespace linli::events {

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

struct EventDetail {
  Event event;
  std::vector<EventCopy> copies;
  std::vector<TransitionRecord> transitions;
  std::vector<Photo> photos;
  std::vector<EscalationView> escalations;
  std::vector<std::string> allowed_actions;
  bool may_set_public = false;  // the caller may make it public or private (SetPublic)
  bool created = false;  // Report: false when an idempotent replay returned the earlier event
};

struct EventActionRequest {
  std::string action;
  std::string reason;
  std::string assignee;  // assign: a division code (community, town, county) or a department
};

class EventService {
 public:
  EventService(const EventDependencies& dependencies, PhotoStore& photos,
               EventOptions options = {});

  // {"categories":[{"code","name","description","keywords"}]} (data/events/categories.json).
  static core::Result<std::vector<Category>> CategoriesFromJson(std::string_view json_text);
  // Adds the categories that are missing (start-up seeding; edits stay).
  core::Status SeedCategories(const std::vector<Category>& categories);
  core::Result<std::vector<Category>> Categories();
  core::Result<Category> SaveCategory(const Category& category, const access::Caller& caller);
  // The taxonomy, read once and kept until SeedCategories / SaveCategory change it.
  core::Result<std::shared_ptr<const std::vector<Category>>> CachedCategories();

  core::Result<EventDetail> Report(const NewEvent& request, const access::Caller& caller);
  core::Result<EventDetail> Get(int64_t id, const access::Caller& caller);
  core::Result<core::Page<Event>> List(const EventQuery& query, const access::Caller& caller);
  // Open events the caller sees in List, counted by place: by the first `group_digits` digits
  // of their place code (0: one total), each with the place's name; code order.
  struct PlaceCount {
    std::string code;
    std::string name;
    int64_t count = 0;
  };
  core::Result<std::vector<PlaceCount>> OpenCounts(size_t group_digits,
                                                   const access::Caller& caller);
  core::Result<EventDetail> Act(int64_t id, const EventActionRequest& request,
                                const access::Caller& caller);
  // Makes an event public or private again (issue 15 item 10): whoever may handle it (events.handle
  // covering its place) decides that its public view (PublicView: category, description,
  // road-level address, coarse position, state; never notes) joins the anonymous Open311
  // requests. Recorded in the event's history (actions "publish" / "unpublish", the state
  // unchanged). Idempotent; an Open311 submission is public by its channel (kFailedPrecondition
  // when asked to make it private).
  core::Result<EventDetail> SetPublic(int64_t id, bool make_public, const access::Caller& caller);
  // Photo bytes: JPEG or PNG by magic number, at most max_photo_bytes.
  core::Result<Photo> AddPhoto(int64_t event_id, std::string_view bytes,
                               const access::Caller& caller);
  core::Result<std::pair<Photo, std::string>> GetPhoto(int64_t event_id, int64_t photo_id,
                                                       const access::Caller& caller);

  const EventOptions& options() const { return options_; }

 private:
  // new_event_copies: the copies of an event just created (no photo yet; nothing re-read).
  core::Result<EventDetail> Detail(const Event& event, const access::Caller& caller,
                                   const std::vector<EventCopy>* new_event_copies = nullptr);
  void ForgetCategories();

  EventDependencies dependencies_;
  PhotoStore& photos_;
  EventOptions options_;
  std::mutex categories_mutex_;
  std::shared_ptr<const std::vector<Category>> categories_;  // guarded by categories_mutex_
};

}  // namespace linli::events

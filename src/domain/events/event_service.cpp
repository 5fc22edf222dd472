#include "domain/events/event_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/crypto/primitives.hpp"
#include "core/division_code.hpp"

namespace linli::events {

using access::Caller;
using access::Permission;
using access::Role;

std::string_view ChannelName(Channel channel) {
  return channel == Channel::kOpen311 ? "open311" : "app";
}

namespace {

constexpr size_t kMaxDescription = 2000;

bool InsideChina(double lat, double lon) {
  return lat >= 3.8 && lat <= 53.6 && lon >= 73.5 && lon <= 135.1;
}

bool ValidCategoryCode(std::string_view code) {
  if (code.empty() || code.size() > 64 || code.front() == '.' || code.back() == '.') return false;
  char previous = '.';
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok || (c == '.' && previous == '.')) return false;
    previous = c;
  }
  return true;
}

std::string ParentOf(std::string_view code) {
  auto dot = code.rfind('.');
  return dot == std::string_view::npos ? std::string() : std::string(code.substr(0, dot));
}

// The grants of a department officer for one department.
core::Scope DepartmentScope(const Caller& caller, std::string_view department) {
  std::vector<std::string> prefixes;
  for (const auto& grant : caller.grants()) {
    if (grant.role == Role::kDepartmentOfficer && grant.department == department) {
      prefixes.push_back(grant.scope_code);
    }
  }
  return core::Scope::Of(std::move(prefixes));
}

core::Error Hidden(std::string_view what) {
  return core::Error::NotFound(std::string(what) + "不存在");
}

std::string EventLink(int64_t id) { return "/events/" + std::to_string(id); }
std::string EscalationLink(int64_t id) { return "/escalations/" + std::to_string(id); }

}  // namespace

struct EventService::Routed {
  events::RoutingDecision decision;
  EventWrite write;
  std::optional<size_t> escalation_index;
};

EventService::EventService(EventRepository& repository, PhotoStore& photos, SmsSender& sms,
                           const calendar::WorkingCalendar& calendar, const events::Router& router,
                           core::Clock& clock, EventOptions options)
    : EventService(repository, photos, sms, CalendarSource([&calendar] {
                     // Non-owning: the caller keeps the calendar alive.
                     return std::shared_ptr<const calendar::WorkingCalendar>(
                         std::shared_ptr<const calendar::WorkingCalendar>(), &calendar);
                   }),
                   router, clock, std::move(options)) {}

EventService::EventService(EventRepository& repository, PhotoStore& photos, SmsSender& sms,
                           CalendarSource calendar, const events::Router& router,
                           core::Clock& clock, EventOptions options)
    : repository_(repository),
      photos_(photos),
      sms_(sms),
      calendar_source_(std::move(calendar)),
      router_(router),
      clock_(clock),
      options_(std::move(options)) {}

// ---------------------------------------------------------------------------------------------
// Taxonomy

core::Result<std::vector<Category>> EventService::CategoriesFromJson(std::string_view json_text) {
  boost::system::error_code error;
  auto value = boost::json::parse(json_text, error);
  if (error || !value.is_object() || !value.as_object().contains("categories") ||
      !value.as_object().at("categories").is_array()) {
    return core::Error::InvalidArgument("事件分类文件格式错误", "categories");
  }
  std::vector<Category> out;
  for (const auto& item : value.as_object().at("categories").as_array()) {
    if (!item.is_object()) return core::Error::InvalidArgument("事件分类格式错误", "categories");
    const auto& object = item.as_object();
    Category category;
    auto text = [&](const char* key) -> std::string {
      const auto* v = object.if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    category.code = text("code");
    category.name = text("name");
    category.description = text("description");
    category.parent_code = ParentOf(category.code);
    if (const auto* keywords = object.if_contains("keywords"); keywords && keywords->is_array()) {
      for (const auto& keyword : keywords->as_array()) {
        if (keyword.is_string()) category.keywords.emplace_back(keyword.as_string());
      }
    }
    if (!ValidCategoryCode(category.code) || category.name.empty()) {
      return core::Error::InvalidArgument("事件分类代码或名称无效: " + category.code, "code");
    }
    out.push_back(std::move(category));
  }
  return out;
}

core::Status EventService::SeedCategories(const std::vector<Category>& categories) {
  const int64_t now = clock_.NowMillis();
  auto seeded = [&]() -> core::Status {
    for (const auto& category : categories) {
      TRY(repository_.UpsertCategory(category, true, now));
    }
    return core::Ok();
  }();
  ForgetCategories();
  return seeded;
}

core::Result<std::vector<Category>> EventService::Categories() {
  ASSIGN_OR_RETURN(auto categories, CachedCategories());
  return *categories;
}

core::Result<std::shared_ptr<const std::vector<Category>>> EventService::CachedCategories() {
  {
    std::lock_guard lock(categories_mutex_);
    if (categories_) return categories_;
  }
  ASSIGN_OR_RETURN(auto listed, repository_.ListCategories());
  auto loaded = std::make_shared<const std::vector<Category>>(std::move(listed));
  std::lock_guard lock(categories_mutex_);
  categories_ = loaded;
  return loaded;
}

void EventService::ForgetCategories() {
  std::lock_guard lock(categories_mutex_);
  categories_.reset();
}

core::Result<Category> EventService::SaveCategory(const Category& request, const Caller& caller) {
  if (!caller.Has(Permission::kEventsManage)) {
    return core::Error::PermissionDenied("无权维护事件分类");
  }
  Category category = request;
  if (!ValidCategoryCode(category.code)) {
    return core::Error::Validation("分类代码只能由小写字母、数字、下划线和点组成", "code");
  }
  if (category.name.empty() || category.name.size() > 120) {
    return core::Error::Validation("分类名称不能为空", "name");
  }
  category.parent_code = ParentOf(category.code);
  ASSIGN_OR_RETURN(auto existing, repository_.ListCategories());
  if (!category.parent_code.empty() &&
      std::none_of(existing.begin(), existing.end(),
                   [&](const Category& c) { return c.code == category.parent_code; })) {
    return core::Error::Validation("上级分类不存在: " + category.parent_code, "code");
  }
  auto saved = repository_.UpsertCategory(category, false, clock_.NowMillis());
  ForgetCategories();
  TRY(std::move(saved));
  return category;
}

// ---------------------------------------------------------------------------------------------
// Helpers

std::string EventService::HandlerName(std::string_view level, std::string_view code,
                                      std::string_view department) {
  if (level == "department") return std::string(department);
  auto name = repository_.DivisionName(code);
  return name.ok() && !name->empty() ? *name : std::string(code);
}

core::Result<std::vector<int64_t>> EventService::RecipientsFor(std::string_view level,
                                                               std::string_view division_code,
                                                               std::string_view department) {
  if (level == "department") return repository_.DepartmentAccounts(department);
  std::string_view role = level == "community" ? "community_worker"
                          : level == "town"    ? "town_official"
                                               : "county_official";
  return repository_.AccountsWithGrant(role, division_code);
}

// What needs someone at once goes out as an SMS too: assignments, whistles, deadline warnings
// (yellow: approaching; red: overdue) and supervision. Copies, feedback and extension answers
// stay in the bell.
void EventService::SendSms(const std::vector<Notification>& notifications) {
  for (const auto& notification : notifications) {
    if (notification.kind == "assignment" || notification.kind == "escalation" ||
        notification.kind == "warning" || notification.kind == "supervision") {
      sms_.Send(notification.account_id, notification.text);
    }
  }
}

void EventService::EnterStage(Escalation& escalation, int64_t now) const {
  auto stage = events::StageOf(escalation.state);
  if (!stage) {
    escalation.has_stage = false;
    escalation.stage_deadline_at.reset();
    return;
  }
  const auto policy = events::EscalationPolicy::Default(escalation.urgency);
  escalation.has_stage = true;
  escalation.clock = events::StageClock{*stage, now, policy.LimitFor(*stage), 0, 0};
  escalation.stage_deadline_at = events::StageDeadline(escalation.clock, *Calendar());
  escalation.warned_level = 0;
  if (*stage == events::EscalationStage::kHandle) {
    escalation.handle_deadline_at = escalation.stage_deadline_at;
  }
}

Escalation EventService::NewEscalation(const Event& event, const std::string& department,
                                       const std::string& reason,
                                       const std::optional<int64_t>& actor_id,
                                       const std::string& actor_name, int64_t now) const {
  Escalation escalation;
  escalation.event_id = event.id;
  escalation.department = department;
  escalation.place_code = event.place_code;
  escalation.urgency = event.urgency;
  escalation.state = events::EscalationState::kAwaitingCheckIn;
  escalation.reason = reason;
  escalation.whistler_account_id = actor_id;
  escalation.whistler_name = actor_name;
  EnterStage(escalation, now);
  escalation.check_in_deadline_at = escalation.stage_deadline_at.value_or(now);
  escalation.created_at = now;
  escalation.updated_at = now;
  return escalation;
}

core::Result<EventService::Routed> EventService::RouteEvent(Event& event,
                                                            const std::optional<int64_t>& actor_id,
                                                            const std::string& actor_name) {
  Routed routed;
  ASSIGN_OR_RETURN(routed.decision, router_.Route(events::RoutingQuery{
                                        event.category_code, event.place_code, event.urgency}));
  const auto& target = routed.decision.target;
  const int64_t now = event.created_at;
  event.handler_level = std::string(events::TargetLevelName(target.level));
  event.handler_code = target.division_code;
  event.handler_department = target.department;
  event.handler_name = HandlerName(event.handler_level, target.division_code, target.department);
  event.routing_rule_id = routed.decision.rule_id;
  event.skip_level = routed.decision.skip_level;

  auto transition = [&](std::string action, events::EventState from, events::EventState to,
                        std::string note) {
    TransitionRecord t;
    t.place_code = event.place_code;
    t.actor_account_id = actor_id;
    t.actor_name = actor_name;
    t.action = std::move(action);
    t.from_state =
        from == to && action == "report" ? "" : std::string(events::EventStateName(from));
    t.to_state = std::string(events::EventStateName(to));
    t.note = std::move(note);
    t.at = now;
    return t;
  };
  TransitionRecord reported =
      transition("report", events::EventState::kReported, events::EventState::kReported, "上报");
  reported.from_state = "";
  routed.write.transitions.push_back(reported);

  std::string note = "按规则 " + routed.decision.rule_id + " 分派至 " + event.handler_name;
  if (routed.decision.skip_level) note += "（越级上报）";
  ASSIGN_OR_RETURN(auto assigned,
                   events::Transition(events::EventState::kReported, events::EventAction::kAssign,
                                      {"", event.handler_name}));
  routed.write.transitions.push_back(
      transition("assign", events::EventState::kReported, assigned, note));
  event.state = assigned;
  event.status_note = "已分派至" + event.handler_name;

  ASSIGN_OR_RETURN(auto recipients,
                   RecipientsFor(event.handler_level, target.division_code, target.department));
  const std::string category =
      event.category_name.empty() ? event.category_code : event.category_name;
  // A department's officers open the escalation made below, not the event.
  const bool to_department = target.level == events::TargetLevel::kDepartment;
  for (int64_t account : recipients) {
    Notification notification{0,
                              account,
                              "assignment",
                              "新事件分派给您：" + category + "（" + event.address + "）",
                              to_department ? "" : EventLink(0),
                              now,
                              std::nullopt};
    if (to_department) notification.new_escalation_index = 0;
    routed.write.notifications.push_back(std::move(notification));
  }
  for (const auto& copy : routed.decision.copies) {
    EventCopy row;
    row.level = std::string(events::TargetLevelName(copy.level));
    row.division_code = copy.division_code;
    row.department = copy.department;
    row.name = HandlerName(row.level, copy.division_code, copy.department);
    routed.write.copies.push_back(row);
    ASSIGN_OR_RETURN(auto copied, RecipientsFor(row.level, copy.division_code, copy.department));
    for (int64_t account : copied) {
      // A department copied has no escalation of its own: nothing it could open.
      routed.write.notifications.push_back(
          Notification{0, account, "copy", "抄送：" + category + " 已分派至 " + event.handler_name,
                       row.level == "department" ? "" : EventLink(0), now, std::nullopt});
    }
  }
  if (target.level == events::TargetLevel::kDepartment) {
    // A department target is a whistle at once: the department must check in.
    ASSIGN_OR_RETURN(auto escalated,
                     events::Transition(event.state, events::EventAction::kEscalate, {note, ""}));
    routed.write.transitions.push_back(
        transition("escalate", event.state, escalated, "按规则向 " + target.department + " 吹哨"));
    event.state = escalated;
    Escalation escalation =
        NewEscalation(event, target.department, note, actor_id, "分派规则", now);
    routed.write.escalation_inserts.push_back(escalation);
    routed.escalation_index = 0;
    TransitionRecord t;
    t.place_code = event.place_code;
    t.new_escalation_index = 0;
    t.actor_account_id = actor_id;
    t.actor_name = actor_name;
    t.action = "escalate";
    t.to_state = std::string(events::EscalationStateName(escalation.state));
    t.note = note;
    t.at = now;
    routed.write.transitions.push_back(t);
  }
  const auto policy = events::EscalationPolicy::Default(event.urgency);
  event.expected_at = events::StageDeadline(
      events::StageClock{events::EscalationStage::kHandle, now, policy.handle, 0, 0}, *Calendar());
  return routed;
}

// ---------------------------------------------------------------------------------------------
// Events

core::Result<EventDetail> EventService::Report(const NewEvent& request, const Caller& caller) {
  if (!caller.Has(Permission::kEventsReport)) return core::Error::PermissionDenied("无权上报事件");
  if (request.idempotency_key.size() > 100) {
    return core::Error::InvalidArgument("Idempotency-Key 过长（最多100个字符）", "Idempotency-Key");
  }
  if (!request.idempotency_key.empty()) {
    ASSIGN_OR_RETURN(auto earlier, repository_.FindByIdempotencyKey(caller.account_id(),
                                                                    request.idempotency_key));
    if (earlier) {
      ASSIGN_OR_RETURN(auto detail, Detail(*earlier, caller));
      detail.created = false;
      return detail;
    }
  }
  Event event;
  ASSIGN_OR_RETURN(auto categories, CachedCategories());
  auto category = std::find_if(categories->begin(), categories->end(), [&](const Category& c) {
    return c.code == request.category && c.active;
  });
  if (category == categories->end()) {
    return core::Error::Validation("事件分类不存在: " + request.category, "category");
  }
  event.category_code = category->code;
  event.category_name = category->name;
  if (request.description.empty()) {
    return core::Error::Validation("请填写事件描述", "description");
  }
  if (request.description.size() > kMaxDescription) {
    return core::Error::Validation("事件描述过长（最多2000字节）", "description");
  }
  event.description = request.description;
  auto urgency = events::UrgencyFromName(request.urgency);
  if (!urgency) return core::Error::Validation("紧急程度应为 normal 或 urgent", "urgency");
  event.urgency = *urgency;
  if (request.lat.has_value() != request.lon.has_value()) {
    return core::Error::Validation("经纬度须同时填写", request.lat ? "lon" : "lat");
  }
  if (request.lat && !InsideChina(*request.lat, *request.lon)) {
    return core::Error::Validation("坐标不在中国境内（WGS-84 纬度、经度）", "lat");
  }
  const core::Scope scope = caller.ScopeFor(Permission::kEventsReport);
  if (request.building_id) {
    ASSIGN_OR_RETURN(auto building, repository_.FindBuilding(*request.building_id));
    if (!building || !scope.Covers(building->place_code)) {
      return core::Error::NotFound("楼栋不存在");
    }
    event.building_id = building->id;
    event.community_code = building->community_code;
    event.place_code = building->place_code;
    event.address = building->address;
    event.lat = building->lat;
    event.lon = building->lon;
  } else {
    if (request.place_code.empty()) {
      return core::Error::Validation("请选择楼栋或填写所在社区/网格代码", "place_code");
    }
    auto level = core::LevelOfCode(request.place_code);
    const bool place_level = level && (*level == core::DivisionLevel::kCommunity ||
                                       *level == core::DivisionLevel::kGrid ||
                                       *level == core::DivisionLevel::kMicroGrid);
    if (!place_level) {
      return core::Error::Validation("地点代码应为社区、网格或微网格代码", "place_code");
    }
    ASSIGN_OR_RETURN(bool exists, repository_.PlaceExists(request.place_code));
    if (!exists || !scope.Covers(request.place_code)) {
      return core::Error::NotFound("地点不存在或不在管辖范围内");
    }
    event.place_code = request.place_code;
    event.community_code = request.place_code.substr(0, 12);
  }
  if (request.lat) {
    event.lat = request.lat;
    event.lon = request.lon;
  }
  if (!request.address.empty()) event.address = request.address.substr(0, 300);
  event.channel = Channel::kApp;
  event.reporter_account_id = caller.account_id();
  for (const auto& grant : caller.grants()) {
    if (grant.scope_code.size() && scope.Covers(event.place_code)) {
      event.reporter_role = std::string(access::RoleName(grant.role));
      break;
    }
  }
  event.idempotency_key = request.idempotency_key;
  event.created_at = event.updated_at = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto routed, RouteEvent(event, caller.account_id(), caller.display_name()));
  auto id = repository_.CreateEvent(event, routed.write);
  if (!id.ok() && id.error().code == core::ErrorCode::kAlreadyExists &&
      !request.idempotency_key.empty()) {
    // A concurrent duplicate won the race: answer with it.
    ASSIGN_OR_RETURN(auto earlier, repository_.FindByIdempotencyKey(caller.account_id(),
                                                                    request.idempotency_key));
    if (earlier) {
      ASSIGN_OR_RETURN(auto detail, Detail(*earlier, caller));
      detail.created = false;
      return detail;
    }
  }
  if (!id.ok()) return std::move(id).error();
  SendSms(routed.write.notifications);
  // The row is `event` as written (its reporter, the caller, sees it): no re-read.
  event.id = *id;
  ASSIGN_OR_RETURN(auto detail, Detail(event, caller, &routed.write.copies));
  detail.created = true;
  return detail;
}

core::Result<Event> EventService::VisibleEvent(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(
      auto event,
      repository_.GetEvent(id, caller.ScopeFor(Permission::kEventsRead),
                           caller.Has(Permission::kEventsReport) ? caller.account_id() : 0));
  if (!event) {
    // A department officer sees the events escalated to their department.
    ASSIGN_OR_RETURN(auto escalations, repository_.EscalationsOfEvent(id));
    for (const auto& escalation : escalations) {
      if (DepartmentScope(caller, escalation.department).Covers(escalation.place_code)) {
        ASSIGN_OR_RETURN(event, repository_.GetEvent(id, core::Scope::Everything(), 0));
        break;
      }
    }
  }
  if (!event) return Hidden("事件");
  return *event;
}

core::Result<EventDetail> EventService::Detail(const Event& event, const Caller& caller,
                                               const std::vector<EventCopy>* new_event_copies) {
  EventDetail detail;
  detail.event = event;
  if (new_event_copies != nullptr) {
    // Just reported: its copies are those written, and it has no photo yet.
    detail.copies = *new_event_copies;
  } else {
    ASSIGN_OR_RETURN(detail.copies, repository_.ListCopies(event.id));
    ASSIGN_OR_RETURN(detail.photos, repository_.ListPhotos(event.id));
  }
  ASSIGN_OR_RETURN(detail.transitions, repository_.ListTransitions(event.id));
  ASSIGN_OR_RETURN(auto escalations, repository_.EscalationsOfEvent(event.id));
  for (const auto& escalation : escalations) {
    if (CanSeeEscalation(escalation, caller))
      detail.escalations.push_back(View(escalation, &caller));
  }
  if (caller.ScopeFor(Permission::kEventsHandle).Covers(event.place_code)) {
    for (auto action : events::AllowedEventActions(event.state)) {
      if (action == events::EventAction::kEscalate) continue;  // the whistle has its own route
      detail.allowed_actions.emplace_back(events::EventActionName(action));
    }
  }
  if (caller.ScopeFor(Permission::kEventsEscalate).Covers(event.place_code) &&
      events::NextEventState(event.state, events::EventAction::kEscalate)) {
    detail.allowed_actions.emplace_back("escalate");
  }
  return detail;
}

core::Result<EventDetail> EventService::Get(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto event, VisibleEvent(id, caller));
  return Detail(event, caller);
}

core::Result<core::Page<Event>> EventService::List(const EventQuery& query, const Caller& caller) {
  const core::Scope scope =
      query.mine ? core::Scope::Nothing() : caller.ScopeFor(Permission::kEventsRead);
  return repository_.ListEvents(query, scope, caller.account_id());
}

core::Result<EventDetail> EventService::Act(int64_t id, const EventActionRequest& request,
                                            const Caller& caller) {
  ASSIGN_OR_RETURN(auto event, VisibleEvent(id, caller));
  auto action = events::EventActionFromName(request.action);
  if (!action || *action == events::EventAction::kEscalate) {
    return core::Error::Validation(
        "未知操作: " + request.action + "（向部门吹哨请用 /escalations）", "action");
  }
  if (!caller.ScopeFor(Permission::kEventsHandle).Covers(event.place_code)) {
    return core::Error::PermissionDenied("无权处置此事件");
  }
  ASSIGN_OR_RETURN(auto next,
                   events::Transition(event.state, *action, {request.reason, request.assignee}));
  const int64_t now = clock_.NowMillis();
  EventWrite write;
  write.expected_event_state = event.state;
  write.expected_event_updated_at = event.updated_at;
  Event updated = event;
  updated.state = next;
  updated.updated_at = std::max(now, event.updated_at + 1);
  std::string note = request.reason;
  if (*action == events::EventAction::kAssign) {
    auto level = core::LevelOfCode(request.assignee);
    if (level && (*level == core::DivisionLevel::kCommunity ||
                  *level == core::DivisionLevel::kTown || *level == core::DivisionLevel::kCounty)) {
      if (request.assignee.compare(0, std::min(request.assignee.size(), event.place_code.size()),
                                   event.place_code, 0, request.assignee.size()) != 0) {
        return core::Error::Validation("承办单位须为事件所在的社区、街道或县区", "assignee");
      }
      updated.handler_level = *level == core::DivisionLevel::kCommunity ? "community"
                              : *level == core::DivisionLevel::kTown    ? "town"
                                                                        : "county";
      updated.handler_code = request.assignee;
      updated.handler_department.clear();
    } else {
      updated.handler_level = "department";
      updated.handler_code.clear();
      updated.handler_department = request.assignee;
    }
    updated.handler_name =
        HandlerName(updated.handler_level, updated.handler_code, updated.handler_department);
    note = "分派至 " + updated.handler_name + (note.empty() ? "" : "：" + note);
    ASSIGN_OR_RETURN(auto recipients, RecipientsFor(updated.handler_level, updated.handler_code,
                                                    updated.handler_department));
    for (int64_t account : recipients) {
      // Officers of a department cannot open an event that was not escalated to them.
      write.notifications.push_back(Notification{
          0, account, "assignment",
          "事件分派给您：" + event.category_name + "（" + event.address + "）",
          updated.handler_level == "department" ? "" : EventLink(event.id), now, std::nullopt});
    }
  }
  updated.status_note =
      std::string(events::EventStateLabel(next)) + (note.empty() ? "" : "：" + note);
  write.event_update = updated;
  write.transitions.push_back(TransitionRecord{
      0, event.id, std::nullopt, std::nullopt, event.place_code, caller.account_id(),
      caller.display_name(), std::string(events::EventActionName(*action)),
      std::string(events::EventStateName(event.state)), std::string(events::EventStateName(next)),
      note, now});
  TRY(repository_.Apply(write));
  SendSms(write.notifications);
  // The guarded update succeeded: the row is `updated` (no re-read; the caller handles it).
  return Detail(updated, caller);
}

core::Result<Photo> EventService::AddPhoto(int64_t event_id, std::string_view bytes,
                                           const Caller& caller) {
  ASSIGN_OR_RETURN(auto event, VisibleEvent(event_id, caller));
  const bool reporter = event.reporter_account_id == caller.account_id();
  if (!reporter && !caller.ScopeFor(Permission::kEventsHandle).Covers(event.place_code)) {
    return core::Error::PermissionDenied("无权为此事件添加照片");
  }
  if (bytes.empty()) return core::Error::InvalidArgument("请上传照片（作为请求体）", "file");
  if (bytes.size() > options_.max_photo_bytes) {
    return core::Error{
        core::ErrorCode::kPayloadTooLarge,
        "照片过大（最多 " + std::to_string(options_.max_photo_bytes / 1024 / 1024) + " MiB）",
        "file"};
  }
  std::string content_type;
  std::string extension;
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8 &&
      static_cast<unsigned char>(bytes[2]) == 0xFF) {
    content_type = "image/jpeg";
    extension = "jpg";
  } else if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    content_type = "image/png";
    extension = "png";
  } else {
    return core::Error::Validation("照片须为 JPEG 或 PNG 图片（按文件内容识别）", "file");
  }
  ASSIGN_OR_RETURN(auto existing, repository_.ListPhotos(event_id));
  if (static_cast<int>(existing.size()) >= options_.max_photos_per_event) {
    return core::Error::FailedPrecondition(
        "每个事件最多 " + std::to_string(options_.max_photos_per_event) + " 张照片");
  }
  ASSIGN_OR_RETURN(auto path, photos_.Save(event_id, extension, bytes));
  Photo photo;
  photo.event_id = event_id;
  photo.content_type = content_type;
  photo.byte_size = static_cast<int64_t>(bytes.size());
  photo.storage_path = path;
  photo.created_by = caller.account_id();
  photo.created_at = clock_.NowMillis();
  ASSIGN_OR_RETURN(photo.id, repository_.AddPhoto(photo));
  return photo;
}

core::Result<std::pair<Photo, std::string>> EventService::GetPhoto(int64_t event_id,
                                                                   int64_t photo_id,
                                                                   const Caller& caller) {
  ASSIGN_OR_RETURN(auto event, VisibleEvent(event_id, caller));
  ASSIGN_OR_RETURN(auto photos, repository_.ListPhotos(event.id));
  for (auto& photo : photos) {
    if (photo.id == photo_id && !photo.storage_path.empty()) {
      ASSIGN_OR_RETURN(auto bytes, photos_.Load(photo.storage_path));
      return std::make_pair(photo, std::move(bytes));
    }
  }
  return Hidden("照片");
}

// ---------------------------------------------------------------------------------------------
// Escalations

bool EventService::CanSeeEscalation(const Escalation& escalation, const Caller& caller) const {
  return caller.ScopeFor(Permission::kEventsRead).Covers(escalation.place_code) ||
         DepartmentScope(caller, escalation.department).Covers(escalation.place_code);
}

bool EventService::MayAct(events::EscalationAction action, std::string_view department,
                          std::string_view place_code, const Caller& caller, bool reporter) const {
  switch (action) {
    case events::EscalationAction::kCheckIn:
    case events::EscalationAction::kDecline:
    case events::EscalationAction::kRequestExtension:
    case events::EscalationAction::kGiveFeedback:
      return DepartmentScope(caller, department).Covers(place_code);
    case events::EscalationAction::kApproveExtension:
    case events::EscalationAction::kRejectExtension:
    case events::EscalationAction::kSupervise:
      return caller.ScopeFor(Permission::kEventsSupervise).Covers(place_code);
    case events::EscalationAction::kVerifyPass:
    case events::EscalationAction::kVerifyFail:
    case events::EscalationAction::kWithdraw:
    case events::EscalationAction::kReopen:
      return caller.ScopeFor(Permission::kEventsEscalate).Covers(place_code);
    case events::EscalationAction::kRate:
      return reporter || caller.ScopeFor(Permission::kEventsEscalate).Covers(place_code);
  }
  return false;
}

EscalationView EventService::View(const Escalation& escalation, const Caller* caller) {
  EscalationView view;
  view.escalation = escalation;
  view.event_category = escalation.event_category;
  view.event_description = escalation.event_description;
  const int64_t now = clock_.NowMillis();
  if (escalation.has_stage) {
    const auto calendar = Calendar();
    view.warning = events::StageWarning(escalation.clock, now, *calendar);
    view.percent_used = events::StagePercentUsed(escalation.clock, now, *calendar);
  }
  if (caller != nullptr) {
    for (auto action : events::AllowedEscalationActions(escalation.state)) {
      // What the caller's scopes allow (the escalation does not name the event's reporter).
      const bool may = MayAct(action, escalation.department, escalation.place_code, *caller,
                              /*reporter=*/false);
      if (may) view.allowed_actions.emplace_back(events::EscalationActionName(action));
    }
  }
  return view;
}

core::Result<std::vector<EscalationView>> EventService::Escalate(int64_t event_id,
                                                                 const EscalateRequest& request,
                                                                 const Caller& caller) {
  ASSIGN_OR_RETURN(auto event, VisibleEvent(event_id, caller));
  if (!caller.ScopeFor(Permission::kEventsEscalate).Covers(event.place_code)) {
    return core::Error::PermissionDenied("只有社区或街道可以向部门吹哨");
  }
  std::set<std::string> departments;
  for (const auto& department : request.departments) {
    if (department.empty() || department.size() > 100) {
      return core::Error::Validation("部门名称无效", "departments");
    }
    departments.insert(department);
  }
  if (departments.empty()) return core::Error::Validation("请至少选择一个部门", "departments");
  if (request.reason.empty()) return core::Error::Validation("请填写吹哨事由", "reason");
  ASSIGN_OR_RETURN(auto existing, repository_.EscalationsOfEvent(event_id));
  for (const auto& escalation : existing) {
    if (departments.count(escalation.department)) {
      return core::Error::AlreadyExists("已向 " + escalation.department + " 吹哨", "departments");
    }
  }
  const int64_t now = clock_.NowMillis();
  EventWrite write;
  write.expected_event_state = event.state;
  write.expected_event_updated_at = event.updated_at;
  if (event.state != events::EventState::kEscalated) {
    ASSIGN_OR_RETURN(auto next, events::Transition(event.state, events::EventAction::kEscalate,
                                                   {request.reason, ""}));
    Event updated = event;
    updated.state = next;
    updated.updated_at = std::max(now, event.updated_at + 1);
    updated.status_note = "已吹哨：" + request.reason;
    write.event_update = updated;
    write.transitions.push_back(TransitionRecord{
        0, event.id, std::nullopt, std::nullopt, event.place_code, caller.account_id(),
        caller.display_name(), "escalate", std::string(events::EventStateName(event.state)),
        std::string(events::EventStateName(next)), request.reason, now});
  } else {
    Event updated = event;
    updated.updated_at = std::max(now, event.updated_at + 1);
    write.event_update = updated;
  }
  for (const auto& department : departments) {
    Escalation escalation = NewEscalation(event, department, request.reason, caller.account_id(),
                                          caller.display_name(), now);
    write.escalation_inserts.push_back(escalation);
    TransitionRecord t;
    t.event_id = event.id;
    t.new_escalation_index = write.escalation_inserts.size() - 1;
    t.place_code = event.place_code;
    t.actor_account_id = caller.account_id();
    t.actor_name = caller.display_name();
    t.action = "escalate";
    t.to_state = std::string(events::EscalationStateName(escalation.state));
    t.note = "向 " + department + " 吹哨：" + request.reason;
    t.at = now;
    write.transitions.push_back(t);
    ASSIGN_OR_RETURN(auto recipients, repository_.DepartmentAccounts(department));
    for (int64_t account : recipients) {
      // The officers open their escalation (the repository links the inserted row).
      Notification notification{
          0,
          account,
          "escalation",
          "吹哨报到：" + event.category_name + "（" + event.address + "），请在时限内报到",
          "",
          now,
          std::nullopt};
      notification.new_escalation_index = write.escalation_inserts.size() - 1;
      write.notifications.push_back(std::move(notification));
    }
  }
  TRY(repository_.Apply(write));
  SendSms(write.notifications);
  ASSIGN_OR_RETURN(auto all, repository_.EscalationsOfEvent(event_id));
  std::vector<EscalationView> out;
  for (const auto& escalation : all) {
    if (departments.count(escalation.department)) out.push_back(View(escalation, &caller));
  }
  return out;
}

core::Result<EscalationView> EventService::GetEscalation(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto escalation, repository_.GetEscalation(id));
  const bool reporter_sees = [&] {
    if (!escalation) return false;
    auto event =
        repository_.GetEvent(escalation->event_id, core::Scope::Nothing(), caller.account_id());
    return event.ok() && event->has_value();
  }();
  if (!escalation || !(CanSeeEscalation(*escalation, caller) || reporter_sees)) {
    return Hidden("吹哨记录");
  }
  auto view = View(*escalation, &caller);
  if (reporter_sees && escalation->state == events::EscalationState::kClosed &&
      !escalation->reporter_rating &&
      std::find(view.allowed_actions.begin(), view.allowed_actions.end(), "rate") ==
          view.allowed_actions.end()) {
    view.allowed_actions.emplace_back("rate");
  }
  return view;
}

core::Result<EscalationDetail> EventService::GetEscalationDetail(int64_t id, const Caller& caller) {
  EscalationDetail detail;
  ASSIGN_OR_RETURN(detail.view, GetEscalation(id, caller));
  auto event = VisibleEvent(detail.view.escalation.event_id, caller);
  if (!event.ok()) {
    if (event.error().code == core::ErrorCode::kNotFound) return detail;
    return std::move(event).error();
  }
  ASSIGN_OR_RETURN(detail.photos, repository_.ListPhotos(event->id));
  ASSIGN_OR_RETURN(auto transitions, repository_.ListTransitions(event->id));
  for (auto& transition : transitions) {
    if (!transition.escalation_id || *transition.escalation_id == id) {
      detail.transitions.push_back(std::move(transition));
    }
  }
  detail.event = std::move(*event);
  return detail;
}

core::Result<std::vector<events::Department>> EventService::Departments(
    const Caller& caller) const {
  if (!caller.Has(Permission::kEventsRead) && !caller.Has(Permission::kEventsEscalate) &&
      !caller.Has(Permission::kEventsDepartment) && !caller.Has(Permission::kEventsSupervise)) {
    return core::Error::PermissionDenied("无权查看部门名单");
  }
  return router_.departments();
}

core::Result<EscalationView> EventService::ActOnEscalation(int64_t id,
                                                           const EscalationActionRequest& request,
                                                           const Caller& caller) {
  ASSIGN_OR_RETURN(auto found, repository_.GetEscalation(id));
  if (!found) return Hidden("吹哨记录");
  Escalation escalation = *found;
  ASSIGN_OR_RETURN(auto event_found,
                   repository_.GetEvent(escalation.event_id, core::Scope::Everything(), 0));
  if (!event_found) return Hidden("吹哨记录");
  const Event event = *event_found;
  const bool reporter = event.reporter_account_id == caller.account_id();
  if (!CanSeeEscalation(escalation, caller) && !reporter) return Hidden("吹哨记录");
  auto action = events::EscalationActionFromName(request.action);
  if (!action) return core::Error::Validation("未知操作: " + request.action, "action");

  const bool allowed = MayAct(*action, escalation.department, event.place_code, caller, reporter);
  if (!allowed) {
    return core::Error::PermissionDenied("无权执行此操作: " +
                                         std::string(events::EscalationActionLabel(*action)));
  }

  events::EscalationTransitionContext context;
  context.reason = request.reason;
  context.feedback = request.feedback;
  context.extension_pending = escalation.pending_extension_amount > 0;
  context.supervision_level = escalation.supervision_level;
  context.rating = request.rating;
  const bool rate_as_reporter = *action == events::EscalationAction::kRate && reporter;
  context.already_rated = rate_as_reporter ? escalation.reporter_rating.has_value()
                                           : escalation.community_rating.has_value();
  ASSIGN_OR_RETURN(auto next, events::Transition(escalation.state, *action, context));

  const int64_t now = clock_.NowMillis();
  const auto previous_state = escalation.state;
  EventWrite write;
  EscalationUpdate update{escalation, escalation.state, escalation.updated_at};
  Escalation& changed = update.escalation;
  changed.state = next;
  changed.updated_at = std::max(now, escalation.updated_at + 1);
  std::string note = request.reason;
  std::vector<int64_t> notify_department;
  std::string notify_kind;
  std::string notify_text;

  switch (*action) {
    case events::EscalationAction::kCheckIn:
      changed.checked_in_at = now;
      changed.checked_in_on_time = now < escalation.check_in_deadline_at;
      note = changed.checked_in_on_time.value() ? "按时报到" : "超时报到";
      break;
    case events::EscalationAction::kGiveFeedback:
      changed.feedback = request.feedback;
      changed.feedback_at = now;
      changed.completed_on_time =
          escalation.stage_deadline_at ? now < *escalation.stage_deadline_at : true;
      note = request.feedback;
      break;
    case events::EscalationAction::kRequestExtension: {
      events::ExtensionRequest extension{request.amount, request.reason};
      TRY(events::ValidateExtensionRequest(escalation.clock, extension));
      changed.pending_extension_amount = request.amount;
      changed.pending_extension_reason = request.reason;
      note = "申请延期 " + std::to_string(request.amount) + " " +
             std::string(events::LimitUnitName(escalation.clock.limit.unit)) + "：" +
             request.reason;
      break;
    }
    case events::EscalationAction::kApproveExtension: {
      events::ExtensionRequest extension{escalation.pending_extension_amount,
                                         escalation.pending_extension_reason};
      ASSIGN_OR_RETURN(changed.clock, events::ApplyApprovedExtension(escalation.clock, extension));
      changed.stage_deadline_at = events::StageDeadline(changed.clock, *Calendar());
      changed.handle_deadline_at = changed.stage_deadline_at;
      changed.warned_level = 0;
      changed.pending_extension_amount = 0;
      changed.pending_extension_reason.clear();
      note = "批准延期" + (request.reason.empty() ? "" : "：" + request.reason);
      notify_kind = "extension";
      notify_text = "延期申请已批准：" + event.category_name;
      break;
    }
    case events::EscalationAction::kRejectExtension:
      changed.pending_extension_amount = 0;
      changed.pending_extension_reason.clear();
      notify_kind = "extension";
      notify_text = "延期申请未获批准：" + request.reason;
      break;
    case events::EscalationAction::kSupervise: {
      ASSIGN_OR_RETURN(changed.supervision_level,
                       events::RaiseSupervision(escalation.supervision_level));
      note = std::string(events::SupervisionLevelLabel(changed.supervision_level)) +
             (request.reason.empty() ? "" : "：" + request.reason);
      notify_kind = "supervision";
      notify_text = std::string(events::SupervisionLevelLabel(changed.supervision_level)) + "：" +
                    event.category_name + "（" + event.address + "）" +
                    (request.reason.empty() ? "" : "，" + request.reason);
      break;
    }
    case events::EscalationAction::kVerifyPass:
      changed.closed_at = now;
      note = request.reason.empty() ? "核查通过" : request.reason;
      break;
    case events::EscalationAction::kVerifyFail:
      notify_kind = "feedback";
      notify_text = "核查未通过，请继续办理：" + request.reason;
      break;
    case events::EscalationAction::kReopen:
      if (event.state == events::EventState::kClosed ||
          event.state == events::EventState::kVerified ||
          event.state == events::EventState::kCancelled) {
        return core::Error::FailedPrecondition("事件已核查或结案，请先重新打开事件");
      }
      changed.closed_at.reset();
      notify_kind = "feedback";
      notify_text = "吹哨事项被重新打开：" + request.reason;
      break;
    case events::EscalationAction::kRate:
      if (rate_as_reporter) {
        changed.reporter_rating = request.rating;
      } else {
        changed.community_rating = request.rating;
      }
      note = (rate_as_reporter ? "上报人评价 " : "社区评价 ") + std::to_string(*request.rating) +
             " 分" + (request.reason.empty() ? "" : "：" + request.reason);
      break;
    case events::EscalationAction::kDecline:
    case events::EscalationAction::kWithdraw:
      break;
  }
  if (next != previous_state) {
    EnterStage(changed, now);
    if (*action == events::EscalationAction::kGiveFeedback)
      changed.handle_deadline_at = escalation.stage_deadline_at;
  }
  write.escalation_updates.push_back(update);
  write.transitions.push_back(TransitionRecord{
      0, event.id, escalation.id, std::nullopt, event.place_code, caller.account_id(),
      caller.display_name(), std::string(events::EscalationActionName(*action)),
      std::string(events::EscalationStateName(previous_state)),
      std::string(events::EscalationStateName(next)), note, now});
  if (!notify_kind.empty()) {
    ASSIGN_OR_RETURN(notify_department, repository_.DepartmentAccounts(escalation.department));
    for (int64_t account : notify_department) {
      write.notifications.push_back(Notification{0, account, notify_kind, notify_text,
                                                 EscalationLink(id), now, std::nullopt});
    }
  }
  if (*action == events::EscalationAction::kGiveFeedback ||
      *action == events::EscalationAction::kDecline ||
      *action == events::EscalationAction::kRequestExtension) {
    if (escalation.whistler_account_id) {
      write.notifications.push_back(Notification{
          0, *escalation.whistler_account_id, "feedback",
          escalation.department + " " + std::string(events::EscalationActionLabel(*action)) + "：" +
              event.category_name,
          EscalationLink(id), now, std::nullopt});
    }
  }

  // The event follows its escalations: when the last open one is verified, the event is
  // resolved and verified (the community then closes it); a reopened one escalates it again.
  auto open_state = [](events::EscalationState state) {
    return state == events::EscalationState::kAwaitingCheckIn ||
           state == events::EscalationState::kHandling ||
           state == events::EscalationState::kAwaitingVerification;
  };
  Event updated_event = event;
  std::vector<std::pair<events::EventAction, std::string>> event_steps;
  if (*action == events::EscalationAction::kVerifyPass &&
      event.state == events::EventState::kEscalated) {
    ASSIGN_OR_RETURN(auto siblings, repository_.EscalationsOfEvent(event.id));
    bool other_open = false;
    for (const auto& sibling : siblings) {
      if (sibling.id != escalation.id && open_state(sibling.state)) other_open = true;
    }
    if (!other_open) {
      event_steps = {{events::EventAction::kResolve, "各部门均已办结"},
                     {events::EventAction::kVerify, "社区核查通过"}};
    }
  } else if (*action == events::EscalationAction::kReopen &&
             event.state == events::EventState::kResolved) {
    event_steps = {
        {events::EventAction::kRejectVerification, "吹哨事项重新打开：" + request.reason},
        {events::EventAction::kEscalate, "重新办理：" + request.reason}};
  }
  if (!event_steps.empty()) {
    for (const auto& [event_action, event_note] : event_steps) {
      ASSIGN_OR_RETURN(auto event_next,
                       events::Transition(updated_event.state, event_action, {event_note, ""}));
      write.transitions.push_back(TransitionRecord{
          0, event.id, std::nullopt, std::nullopt, event.place_code, caller.account_id(),
          caller.display_name(), std::string(events::EventActionName(event_action)),
          std::string(events::EventStateName(updated_event.state)),
          std::string(events::EventStateName(event_next)), event_note, now});
      updated_event.state = event_next;
      updated_event.status_note = event_note;
    }
    updated_event.updated_at = std::max(now, event.updated_at + 1);
    write.event_update = updated_event;
    write.expected_event_state = event.state;
    write.expected_event_updated_at = event.updated_at;
  } else if (*action == events::EscalationAction::kGiveFeedback) {
    updated_event.status_note = escalation.department + "已反馈：" + request.feedback;
    updated_event.updated_at = std::max(now, event.updated_at + 1);
    write.event_update = updated_event;
    write.expected_event_state = event.state;
    write.expected_event_updated_at = event.updated_at;
  }
  TRY(repository_.Apply(write));
  SendSms(write.notifications);
  // The guarded update succeeded: the row is `changed` (no re-read). As GetEscalation: the
  // event's reporter may rate a closed escalation.
  auto view = View(changed, &caller);
  if (reporter && changed.state == events::EscalationState::kClosed && !changed.reporter_rating &&
      std::find(view.allowed_actions.begin(), view.allowed_actions.end(), "rate") ==
          view.allowed_actions.end()) {
    view.allowed_actions.emplace_back("rate");
  }
  return view;
}

core::Result<std::vector<EscalationView>> EventService::Board(const std::string& department,
                                                              const Caller& caller) {
  std::string chosen = department;
  if (chosen.empty()) {
    for (const auto& grant : caller.grants()) {
      if (grant.role == Role::kDepartmentOfficer && !grant.department.empty()) {
        chosen = grant.department;
        break;
      }
    }
  }
  // Department officers see their department's board; supervisors (events.supervise: city,
  // county and town officials) look at any named department's board, restricted to the
  // escalations inside their own jurisdiction, so that they can supervise (督办) it.
  const bool officer = caller.Has(Permission::kEventsDepartment);
  const bool supervisor = caller.Has(Permission::kEventsSupervise);
  if (!officer && !supervisor) return core::Error::PermissionDenied("无权查看部门报到看板");
  if (chosen.empty()) {
    return core::Error::Validation("请指定部门（department）", "department");
  }
  core::Scope scope = DepartmentScope(caller, chosen);
  if (scope.Empty() && supervisor) scope = caller.ScopeFor(Permission::kEventsSupervise);
  if (scope.Empty()) return core::Error::NotFound("部门不存在或不在管辖范围内");
  (void)Sweep();  // warnings approaching are notified when boards are read
  ASSIGN_OR_RETURN(auto escalations, repository_.Board(chosen, scope, 500));
  std::vector<EscalationView> out;
  out.reserve(escalations.size());
  for (const auto& escalation : escalations) out.push_back(View(escalation, &caller));
  // Overdue first (red), then yellow, each by deadline; the repository already sorted by
  // deadline, so a stable sort by warning keeps that order.
  std::stable_sort(out.begin(), out.end(), [](const EscalationView& a, const EscalationView& b) {
    return static_cast<int>(a.warning) > static_cast<int>(b.warning);
  });
  return out;
}

core::Result<std::vector<RankingRow>> EventService::Ranking(std::string_view from,
                                                            std::string_view until,
                                                            const Caller& caller) {
  ASSIGN_OR_RETURN(auto from_date, calendar::Date::Parse(from));
  ASSIGN_OR_RETURN(auto until_date, calendar::Date::Parse(until));
  if (until_date < from_date) return core::Error::InvalidArgument("结束日期早于开始日期", "to");
  const int64_t start =
      from_date.days_since_epoch() * calendar::kMillisPerDay - calendar::kChinaOffsetMillis;
  const int64_t end =
      (until_date.days_since_epoch() + 1) * calendar::kMillisPerDay - calendar::kChinaOffsetMillis;
  ASSIGN_OR_RETURN(auto figures,
                   repository_.Ranking(start, end, caller.ScopeFor(Permission::kEventsRead)));
  std::vector<RankingRow> rows;
  for (const auto& figure : figures) {
    RankingRow row;
    row.department = figure.department;
    row.escalations = figure.escalations;
    row.on_time_check_in_rate =
        figure.escalations ? double(figure.checked_in_on_time) / double(figure.escalations) : 0;
    row.on_time_completion_rate = figure.completion_counted ? double(figure.completed_on_time) /
                                                                  double(figure.completion_counted)
                                                            : 0;
    if (figure.ratings) row.mean_rating = double(figure.rating_sum) / double(figure.ratings);
    row.ratings = figure.ratings;
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [](const RankingRow& a, const RankingRow& b) {
    if (a.on_time_completion_rate != b.on_time_completion_rate)
      return a.on_time_completion_rate > b.on_time_completion_rate;
    if (a.on_time_check_in_rate != b.on_time_check_in_rate)
      return a.on_time_check_in_rate > b.on_time_check_in_rate;
    if (a.mean_rating.value_or(0) != b.mean_rating.value_or(0))
      return a.mean_rating.value_or(0) > b.mean_rating.value_or(0);
    return a.department < b.department;
  });
  for (size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int>(i + 1);
  return rows;
}

core::Result<int> EventService::Sweep() {
  ASSIGN_OR_RETURN(auto candidates, repository_.SweepCandidates(1000));
  const int64_t now = clock_.NowMillis();
  const auto calendar = Calendar();
  int changed_count = 0;
  std::map<std::string, std::vector<int64_t>> department_accounts;  // read once per sweep
  for (const auto& escalation : candidates) {
    if (!escalation.has_stage) continue;
    const auto warning = events::StageWarning(escalation.clock, now, *calendar);
    const int level = warning == events::WarningLevel::kRed      ? 2
                      : warning == events::WarningLevel::kYellow ? 1
                                                                 : 0;
    const auto automatic = events::AutomaticSupervisionLevel(escalation.clock, now, *calendar);
    const bool raise = static_cast<int>(automatic) > static_cast<int>(escalation.supervision_level);
    if (level <= escalation.warned_level && !raise) continue;
    EventWrite write;
    EscalationUpdate update{escalation, escalation.state, escalation.updated_at};
    update.escalation.warned_level = std::max(level, escalation.warned_level);
    update.escalation.updated_at = std::max(now, escalation.updated_at + 1);
    auto known = department_accounts.find(escalation.department);
    if (known == department_accounts.end()) {
      ASSIGN_OR_RETURN(auto accounts, repository_.DepartmentAccounts(escalation.department));
      known = department_accounts.emplace(escalation.department, std::move(accounts)).first;
    }
    std::vector<int64_t> recipients = known->second;
    if (escalation.whistler_account_id) recipients.push_back(*escalation.whistler_account_id);
    const std::string stage(events::EscalationStageName(escalation.clock.stage));
    const std::string stage_label = stage == "check_in" ? "报到"
                                    : stage == "handle" ? "办理"
                                                        : "核查";
    if (level > escalation.warned_level) {
      const std::string text = (level == 2 ? "红色预警：" : "黄色预警：") + escalation.department +
                               " 的吹哨事项" + stage_label + (level == 2 ? "已超时" : "时限将到");
      for (int64_t account : recipients) {
        write.notifications.push_back(Notification{
            0, account, "warning", text, EscalationLink(escalation.id), now, std::nullopt});
      }
    }
    if (raise) {
      update.escalation.supervision_level = automatic;
      const std::string label(events::SupervisionLevelLabel(automatic));
      write.transitions.push_back(TransitionRecord{
          0, escalation.event_id, escalation.id, std::nullopt, escalation.place_code, std::nullopt,
          "系统", "supervise", std::string(events::EscalationStateName(escalation.state)),
          std::string(events::EscalationStateName(escalation.state)), "超时自动" + label, now});
      for (int64_t account : recipients) {
        write.notifications.push_back(Notification{
            0, account, "supervision",
            "自动" + label + "：" + escalation.department + " 的吹哨事项" + stage_label + "已超时",
            EscalationLink(escalation.id), now, std::nullopt});
      }
    }
    write.escalation_updates.push_back(update);
    auto applied = repository_.Apply(write);
    if (!applied.ok()) {
      if (applied.error().code == core::ErrorCode::kFailedPrecondition) continue;  // raced
      return applied.error();
    }
    SendSms(write.notifications);
    ++changed_count;
  }
  return changed_count;
}

// ---------------------------------------------------------------------------------------------
// Notifications

core::Result<NotificationPage> EventService::Notifications(const Caller& caller, bool unread_only,
                                                           const core::PageRequest& page) {
  NotificationPage out;
  (void)Sweep();  // approaching deadlines become notifications before the bell is read
  ASSIGN_OR_RETURN(out.page, repository_.ListNotifications(caller.account_id(), unread_only, page));
  ASSIGN_OR_RETURN(out.unread_count, repository_.UnreadCount(caller.account_id()));
  return out;
}

core::Status EventService::MarkRead(const Caller& caller, int64_t id) {
  ASSIGN_OR_RETURN(bool found, repository_.MarkRead(caller.account_id(), id, clock_.NowMillis()));
  if (!found) return Hidden("通知");
  return core::Ok();
}

core::Result<int64_t> EventService::MarkAllRead(const Caller& caller) {
  return repository_.MarkAllRead(caller.account_id(), clock_.NowMillis());
}

// ---------------------------------------------------------------------------------------------
// Open311

core::Result<Open311Key> EventService::CreateOpen311Key(std::string_view name,
                                                        const Caller& caller) {
  if (!caller.Has(Permission::kEventsManage)) {
    return core::Error::PermissionDenied("无权创建 Open311 API 密钥");
  }
  if (name.empty() || name.size() > 100) {
    return core::Error::Validation("请填写密钥名称（使用方）", "name");
  }
  ASSIGN_OR_RETURN(auto random, crypto::RandomBytes(24));
  Open311Key key;
  key.name = std::string(name);
  key.api_key = "l311_" + crypto::HexEncode(random);
  ASSIGN_OR_RETURN(auto hash, crypto::Sm3(key.api_key));
  ASSIGN_OR_RETURN(key.id, repository_.CreateOpen311Key(name, crypto::HexEncode(hash),
                                                        caller.account_id(), clock_.NowMillis()));
  return key;
}

core::Result<std::vector<Category>> EventService::Open311Services() {
  ASSIGN_OR_RETURN(auto cached, CachedCategories());
  std::vector<Category> categories = *cached;
  std::set<std::string> parents;
  for (const auto& category : categories) {
    if (!category.parent_code.empty()) parents.insert(category.parent_code);
  }
  std::vector<Category> out;
  for (auto& category : categories) {
    if (category.active && !parents.count(category.code)) out.push_back(std::move(category));
  }
  return out;
}

core::Result<Category> EventService::Open311Service(std::string_view code) {
  ASSIGN_OR_RETURN(auto services, Open311Services());
  for (auto& service : services) {
    if (service.code == code) return std::move(service);
  }
  return core::Error::NotFound("service_code not found: " + std::string(code));
}

core::Result<Open311Receipt> EventService::Open311Submit(const Open311Submission& submission) {
  if (submission.api_key.empty()) {
    return core::Error::PermissionDenied("api_key 缺失 (api_key is required)");
  }
  ASSIGN_OR_RETURN(auto hash, crypto::Sm3(submission.api_key));
  ASSIGN_OR_RETURN(auto key_id, repository_.FindOpen311Key(crypto::HexEncode(hash)));
  if (!key_id) return core::Error::PermissionDenied("api_key 无效 (invalid api_key)");
  if (submission.service_code.empty()) {
    return core::Error::InvalidArgument("缺少 service_code (service_code is required)",
                                        "service_code");
  }
  auto service = Open311Service(submission.service_code);
  if (!service.ok()) {
    return core::Error::InvalidArgument(
        "service_code 不存在 (unknown service_code " + submission.service_code + ")",
        "service_code");
  }
  if (submission.description.empty()) {
    return core::Error::InvalidArgument("缺少 description (description is required)",
                                        "description");
  }
  if (submission.description.size() > 4000) {
    return core::Error::InvalidArgument("description 过长 (at most 4000 bytes)", "description");
  }
  if (submission.lat.has_value() != submission.lon.has_value()) {
    return core::Error::InvalidArgument("lat 与 long 须同时提供 (lat and long go together)", "lat");
  }
  std::optional<BuildingPlace> building;
  if (submission.address_id) {
    ASSIGN_OR_RETURN(building, repository_.FindBuilding(*submission.address_id));
    if (building && building->place_code.rfind(options_.city_code, 0) != 0) building.reset();
    if (!building) {
      return core::Error::InvalidArgument("address_id 不存在 (unknown address_id)", "address_id");
    }
  } else if (submission.lat) {
    if (!InsideChina(*submission.lat, *submission.lon)) {
      return core::Error::InvalidArgument("坐标不在中国境内 (lat/long outside China)", "lat");
    }
    ASSIGN_OR_RETURN(building,
                     repository_.NearestBuilding(*submission.lat, *submission.lon,
                                                 options_.open311_max_degrees, options_.city_code));
  } else if (!submission.address_string.empty()) {
    ASSIGN_OR_RETURN(building,
                     repository_.BuildingByAddress(submission.address_string, options_.city_code));
  } else {
    return core::Error::InvalidArgument(
        "需要位置：lat/long、address_string 或 address_id (a location is required)", "lat");
  }
  if (!building) {
    return core::Error::InvalidArgument(
        "无法确定位置所属社区 (location is outside the jurisdiction)", "lat");
  }
  Event event;
  event.category_code = service->code;
  event.category_name = service->name;
  event.description = submission.description;
  event.urgency = events::Urgency::kNormal;
  event.community_code = building->community_code;
  event.place_code = building->place_code;
  event.building_id = building->id;
  event.address = submission.address_string.empty() ? building->address
                                                    : submission.address_string.substr(0, 300);
  event.lat = submission.lat ? submission.lat : building->lat;
  event.lon = submission.lon ? submission.lon : building->lon;
  event.channel = Channel::kOpen311;
  event.open311_key_id = *key_id;
  event.created_at = event.updated_at = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto routed, RouteEvent(event, std::nullopt, "Open311"));
  ASSIGN_OR_RETURN(auto id, repository_.CreateEvent(event, routed.write));
  if (!submission.media_url.empty()) {
    Photo photo;
    photo.event_id = id;
    photo.content_type = "text/uri-list";
    photo.media_url = submission.media_url.substr(0, 1000);
    photo.created_at = event.created_at;
    ASSIGN_OR_RETURN(auto photo_id, repository_.AddPhoto(photo));
    (void)photo_id;
  }
  SendSms(routed.write.notifications);
  return Open311Receipt{id, "已受理，分派至" + event.handler_name};
}

core::Result<std::vector<Event>> EventService::Open311Requests(PublicQuery query) {
  query.city_code = options_.city_code;
  if (query.limit <= 0 || query.limit > 200) query.limit = 50;
  return repository_.ListPublic(query);
}

core::Result<Event> EventService::Open311Request(int64_t id) {
  ASSIGN_OR_RETURN(auto event, repository_.GetPublic(id, options_.city_code));
  if (!event) return core::Error::NotFound("service_request_id not found");
  return *event;
}

}  // namespace linli::events

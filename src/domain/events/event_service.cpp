#include "domain/events/event_service.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/division_code.hpp"
#include "core/files.hpp"
#include "domain/events/internal/escalation_stages.hpp"
#include "domain/events/internal/new_events.hpp"
#include "domain/events/internal/notices.hpp"
#include "domain/events/internal/visibility.hpp"

namespace linli::events {

using access::Caller;
using access::Permission;

std::string_view ChannelName(Channel channel) {
  return channel == Channel::kOpen311 ? "open311" : "app";
}

namespace {

constexpr size_t kMaxDescription = 2000;

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

}  // namespace

EventService::EventService(const EventDependencies& dependencies, PhotoStore& photos,
                           EventOptions options)
    : dependencies_(dependencies), photos_(photos), options_(std::move(options)) {}

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
  const int64_t now = dependencies_.clock.NowMillis();
  auto seeded = [&]() -> core::Status {
    for (const auto& category : categories) {
      TRY(dependencies_.repository.UpsertCategory(category, true, now));
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
  ASSIGN_OR_RETURN(auto listed, dependencies_.repository.ListCategories());
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
  ASSIGN_OR_RETURN(auto existing, dependencies_.repository.ListCategories());
  if (!category.parent_code.empty() &&
      std::none_of(existing.begin(), existing.end(),
                   [&](const Category& c) { return c.code == category.parent_code; })) {
    return core::Error::Validation("上级分类不存在: " + category.parent_code, "code");
  }
  auto saved =
      dependencies_.repository.UpsertCategory(category, false, dependencies_.clock.NowMillis());
  ForgetCategories();
  TRY(std::move(saved));
  return category;
}

// ---------------------------------------------------------------------------------------------
// Events

core::Result<EventDetail> EventService::Report(const NewEvent& request, const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  if (!caller.Has(Permission::kEventsReport)) return core::Error::PermissionDenied("无权上报事件");
  if (request.idempotency_key.size() > 100) {
    return core::Error::InvalidArgument("Idempotency-Key 过长（最多100个字符）", "Idempotency-Key");
  }
  if (!request.idempotency_key.empty()) {
    ASSIGN_OR_RETURN(auto earlier,
                     repository.FindByIdempotencyKey(caller.account_id(), request.idempotency_key));
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
  auto urgency = UrgencyFromName(request.urgency);
  if (!urgency) return core::Error::Validation("紧急程度应为 normal 或 urgent", "urgency");
  event.urgency = *urgency;
  if (request.lat.has_value() != request.lon.has_value()) {
    return core::Error::Validation("经纬度须同时填写", request.lat ? "lon" : "lat");
  }
  if (request.lat && !internal::InsideChina(*request.lat, *request.lon)) {
    return core::Error::Validation("坐标不在中国境内（WGS-84 纬度、经度）", "lat");
  }
  const core::Scope scope = caller.ScopeFor(Permission::kEventsReport);
  if (request.building_id) {
    ASSIGN_OR_RETURN(auto building, repository.FindBuilding(*request.building_id));
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
    ASSIGN_OR_RETURN(bool exists, repository.PlaceExists(request.place_code));
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
  event.created_at = event.updated_at = dependencies_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());
  ASSIGN_OR_RETURN(auto routed, internal::RouteNewEvent(dependencies_, event, caller.account_id(),
                                                        caller.name_for_people(), *calendar));
  auto id = repository.CreateEvent(event, routed.write);
  if (!id.ok() && id.error().code == core::ErrorCode::kAlreadyExists &&
      !request.idempotency_key.empty()) {
    // A concurrent duplicate won the race: answer with it.
    ASSIGN_OR_RETURN(auto earlier,
                     repository.FindByIdempotencyKey(caller.account_id(), request.idempotency_key));
    if (earlier) {
      ASSIGN_OR_RETURN(auto detail, Detail(*earlier, caller));
      detail.created = false;
      return detail;
    }
  }
  if (!id.ok()) return std::move(id).error();
  internal::Deliver(dependencies_.notifier, routed.write.notices);
  // The row is `event` as written (its reporter, the caller, sees it): no re-read.
  event.id = *id;
  ASSIGN_OR_RETURN(auto detail, Detail(event, caller, &routed.write.copies));
  detail.created = true;
  return detail;
}

core::Result<EventDetail> EventService::Detail(const Event& event, const Caller& caller,
                                               const std::vector<EventCopy>* new_event_copies) {
  EventRepository& repository = dependencies_.repository;
  EventDetail detail;
  detail.event = event;
  if (new_event_copies != nullptr) {
    // Just reported: its copies are those written, and it has no photo yet.
    detail.copies = *new_event_copies;
  } else {
    ASSIGN_OR_RETURN(detail.copies, repository.ListCopies(event.id));
    ASSIGN_OR_RETURN(detail.photos, repository.ListPhotos(event.id));
  }
  ASSIGN_OR_RETURN(detail.transitions, repository.ListTransitions(event.id));
  ASSIGN_OR_RETURN(auto escalations, repository.EscalationsOfEvent(event.id));
  if (!escalations.empty()) {
    ASSIGN_OR_RETURN(auto calendar, dependencies_.calendars.InForce());
    const int64_t now = dependencies_.clock.NowMillis();
    for (const auto& escalation : escalations) {
      if (internal::CanSeeEscalation(escalation, caller)) {
        detail.escalations.push_back(internal::ViewOf(escalation, &caller, now, *calendar));
      }
    }
  }
  if (caller.ScopeFor(Permission::kEventsHandle).Covers(event.place_code)) {
    detail.may_set_public = event.channel != Channel::kOpen311;
    for (auto action : AllowedEventActions(event.state)) {
      if (action == EventAction::kEscalate) continue;  // the whistle has its own route
      detail.allowed_actions.emplace_back(EventActionName(action));
    }
  }
  if (caller.ScopeFor(Permission::kEventsEscalate).Covers(event.place_code) &&
      NextEventState(event.state, EventAction::kEscalate)) {
    detail.allowed_actions.emplace_back("escalate");
  }
  return detail;
}

core::Result<EventDetail> EventService::Get(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto event, internal::VisibleEvent(dependencies_.repository, id, caller));
  return Detail(event, caller);
}

core::Result<core::Page<Event>> EventService::List(const EventQuery& query, const Caller& caller) {
  const core::Scope scope =
      query.mine ? core::Scope::Nothing() : caller.ScopeFor(Permission::kEventsRead);
  return dependencies_.repository.ListEvents(query, scope, caller.account_id());
}

core::Result<std::vector<EventService::PlaceCount>> EventService::OpenCounts(size_t group_digits,
                                                                             const Caller& caller) {
  ASSIGN_OR_RETURN(auto counts, dependencies_.repository.CountOpenEvents(
                                    caller.ScopeFor(Permission::kEventsRead), caller.account_id(),
                                    group_digits));
  std::vector<PlaceCount> out;
  out.reserve(counts.size());
  for (auto& [code, count] : counts) {
    PlaceCount row{code, "", count};
    if (!code.empty()) {
      ASSIGN_OR_RETURN(row.name, dependencies_.repository.DivisionName(code));
    }
    out.push_back(std::move(row));
  }
  return out;
}

core::Result<EventDetail> EventService::Act(int64_t id, const EventActionRequest& request,
                                            const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  ASSIGN_OR_RETURN(auto event, internal::VisibleEvent(repository, id, caller));
  auto action = EventActionFromName(request.action);
  if (!action || *action == EventAction::kEscalate) {
    return core::Error::Validation(
        "未知操作: " + request.action + "（向部门吹哨请用 /escalations）", "action");
  }
  if (!caller.ScopeFor(Permission::kEventsHandle).Covers(event.place_code)) {
    return core::Error::PermissionDenied("无权处置此事件");
  }
  ASSIGN_OR_RETURN(auto next, Transition(event.state, *action, {request.reason, request.assignee}));
  const int64_t now = dependencies_.clock.NowMillis();
  EventWrite write;
  write.expected_event_state = event.state;
  write.expected_event_updated_at = event.updated_at;
  Event updated = event;
  updated.state = next;
  updated.updated_at = std::max(now, event.updated_at + 1);
  std::string note = request.reason;
  if (*action == EventAction::kAssign) {
    auto level = core::LevelOfCode(request.assignee);
    if (level && (*level == core::DivisionLevel::kCommunity ||
                  *level == core::DivisionLevel::kTown || *level == core::DivisionLevel::kCounty)) {
      if (request.assignee.compare(0, std::min(request.assignee.size(), event.place_code.size()),
                                   event.place_code, 0, request.assignee.size()) != 0) {
        return core::Error::Validation("承办单位须为事件所在的社区、街道或县区", "assignee");
      }
      updated.handler_level = *level == core::DivisionLevel::kCommunity ? TargetLevel::kCommunity
                              : *level == core::DivisionLevel::kTown    ? TargetLevel::kTown
                                                                        : TargetLevel::kCounty;
      updated.handler_code = request.assignee;
      updated.handler_department.clear();
    } else {
      updated.handler_level = TargetLevel::kDepartment;
      updated.handler_code.clear();
      updated.handler_department = request.assignee;
    }
    updated.handler_name = internal::HandlerName(repository, updated.handler_level,
                                                 updated.handler_code, updated.handler_department);
    note = "分派至 " + updated.handler_name + (note.empty() ? "" : "：" + note);
    ASSIGN_OR_RETURN(auto recipients, internal::RecipientsFor(
                                          repository, updated.handler_level, updated.handler_code,
                                          updated.handler_department, updated.place_code));
    for (int64_t account : recipients) {
      // Officers of a department cannot open an event that was not escalated to them.
      const auto subject = updated.handler_level == TargetLevel::kDepartment
                               ? std::nullopt
                               : std::optional(internal::EventSubject(event.id));
      write.notices.push_back(internal::Notify(
          account, "assignment",
          "事件分派给您：" + event.category_name + "（" + event.address + "）", subject, now));
    }
  }
  updated.status_note = std::string(EventStateLabel(next)) + (note.empty() ? "" : "：" + note);
  write.event_update = updated;
  write.transitions.push_back(TransitionRecord{
      0, event.id, std::nullopt, std::nullopt, event.place_code, caller.account_id(),
      caller.name_for_people(), std::string(EventActionName(*action)),
      std::string(EventStateName(event.state)), std::string(EventStateName(next)), note, now});
  TRY(repository.Apply(write));
  internal::Deliver(dependencies_.notifier, write.notices);
  // The guarded update succeeded: the row is `updated` (no re-read; the caller handles it).
  return Detail(updated, caller);
}

core::Result<EventDetail> EventService::SetPublic(int64_t id, bool make_public,
                                                  const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  ASSIGN_OR_RETURN(auto event, internal::VisibleEvent(repository, id, caller));
  if (!caller.ScopeFor(Permission::kEventsHandle).Covers(event.place_code)) {
    return core::Error::PermissionDenied("无权处置此事件");
  }
  if (event.channel == Channel::kOpen311) {
    if (make_public) return Detail(event, caller);
    return core::Error::FailedPrecondition("通过 Open311 提交的事件本身就是公开的，不能撤回公开");
  }
  if (event.public_at.has_value() == make_public) return Detail(event, caller);
  const int64_t now = dependencies_.clock.NowMillis();
  EventWrite write;
  write.expected_event_state = event.state;
  write.expected_event_updated_at = event.updated_at;
  Event updated = event;
  updated.updated_at = std::max(now, event.updated_at + 1);
  updated.public_at = make_public ? std::optional<int64_t>(now) : std::nullopt;
  write.event_update = updated;
  const std::string state(EventStateName(event.state));
  write.transitions.push_back(TransitionRecord{
      0, event.id, std::nullopt, std::nullopt, event.place_code, caller.account_id(),
      caller.name_for_people(), make_public ? "publish" : "unpublish", state, state,
      make_public ? "在 Open311 公开列表中公开（道路级地址、约 100 米精度位置，不含处理意见）"
                  : "撤回公开",
      now});
  TRY(repository.Apply(write));
  return Detail(updated, caller);
}

core::Result<Photo> EventService::AddPhoto(int64_t event_id, std::string_view bytes,
                                           const Caller& caller) {
  EventRepository& repository = dependencies_.repository;
  ASSIGN_OR_RETURN(auto event, internal::VisibleEvent(repository, event_id, caller));
  const bool reporter = event.reporter_account_id == caller.account_id();
  if (!reporter && !caller.ScopeFor(Permission::kEventsHandle).Covers(event.place_code)) {
    return core::Error::PermissionDenied("无权为此事件添加照片");
  }
  if (bytes.empty()) return core::Error::InvalidArgument("请上传照片（作为请求体）", "file");
  if (bytes.size() > options_.max_photo_bytes) {
    return core::Error::PayloadTooLarge(
        "照片过大（最多 " + std::to_string(options_.max_photo_bytes / 1024 / 1024) + " MiB）",
        "file");
  }
  const std::string_view content_type = core::SniffImageType(bytes);
  if (content_type.empty()) {
    return core::Error::Validation("照片须为 JPEG 或 PNG 图片（按文件内容识别）", "file");
  }
  const std::string_view extension = content_type == core::kPngType ? "png" : "jpg";
  ASSIGN_OR_RETURN(auto existing, repository.ListPhotos(event_id));
  if (static_cast<int>(existing.size()) >= options_.max_photos_per_event) {
    return core::Error::FailedPrecondition(
        "每个事件最多 " + std::to_string(options_.max_photos_per_event) + " 张照片");
  }
  ASSIGN_OR_RETURN(auto path, photos_.Save(event_id, extension, bytes));
  Photo photo;
  photo.event_id = event_id;
  photo.content_type = std::string(content_type);
  photo.byte_size = static_cast<int64_t>(bytes.size());
  photo.storage_path = path;
  photo.created_by = caller.account_id();
  photo.created_at = dependencies_.clock.NowMillis();
  ASSIGN_OR_RETURN(photo.id, repository.AddPhoto(photo));
  return photo;
}

core::Result<std::pair<Photo, std::string>> EventService::GetPhoto(int64_t event_id,
                                                                   int64_t photo_id,
                                                                   const Caller& caller) {
  ASSIGN_OR_RETURN(auto event, internal::VisibleEvent(dependencies_.repository, event_id, caller));
  ASSIGN_OR_RETURN(auto photos, dependencies_.repository.ListPhotos(event.id));
  for (auto& photo : photos) {
    if (photo.id == photo_id && !photo.storage_path.empty()) {
      ASSIGN_OR_RETURN(auto bytes, photos_.Load(photo.storage_path));
      return std::make_pair(photo, std::move(bytes));
    }
  }
  return internal::Hidden("照片");
}

}  // namespace linli::events

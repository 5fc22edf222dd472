#include "domain/service_requests/request_service.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/crypto/primitives.hpp"
#include "core/text.hpp"

namespace linli::service_requests {

using access::Permission;

namespace {

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Length in characters (UTF-8 code points).
size_t CharacterCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

core::Status CheckLength(std::string_view text, size_t max, const char* field, const char* label) {
  if (CharacterCount(text) > max) {
    return core::Error::Validation(std::string(label) + "不能超过 " + std::to_string(max) + " 个字",
                                   field);
  }
  return core::Ok();
}

std::string Place(const people::Resident& resident) {
  return resident.grid_code.empty() ? resident.community_code : resident.grid_code;
}

// The actions a resident takes on their own request: withdraw, resubmit, rate.
std::vector<service_requests::RequestAction> OwnActions(
    const std::vector<service_requests::RequestAction>& actions) {
  std::vector<service_requests::RequestAction> own;
  for (auto action : actions) {
    if (action == service_requests::RequestAction::kWithdraw ||
        action == service_requests::RequestAction::kResubmit ||
        action == service_requests::RequestAction::kRate) {
      own.push_back(action);
    }
  }
  return own;
}

bool IsCommunityCode(std::string_view code) {
  return code.size() == 12 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// CatalogueService

CatalogueService::CatalogueService(ServiceRequestRepository& repository, core::FileStore& forms,
                                   const core::Clock& clock)
    : repository_(repository), forms_(forms), clock_(clock) {}

core::Result<int> CatalogueService::LoadCatalogueIfEmpty(std::string_view catalogue_json) {
  ASSIGN_OR_RETURN(int64_t count, repository_.CountItems());
  if (count > 0) return 0;
  ASSIGN_OR_RETURN(auto items, service_requests::ParseCatalogueJson(catalogue_json));
  std::vector<CatalogueEntry> entries;
  const int64_t now = clock_.NowMillis();
  for (auto& item : items) {
    CatalogueEntry entry;
    item.version = 1;
    entry.item = std::move(item);
    entry.created_at = now;
    entry.created_by = "system";
    entries.push_back(std::move(entry));
  }
  TRY(repository_.InsertItems(entries));
  ForgetItems();
  return static_cast<int>(entries.size());
}

core::Result<core::Page<CatalogueEntry>> CatalogueService::List(const CatalogueQuery& query,
                                                                const core::PageRequest& page) {
  TRY(CheckLength(query.text, 50, "q", "搜索词"));
  return repository_.ListItems(query, page);
}

void CatalogueService::ForgetItems() {
  std::lock_guard lock(items_mutex_);
  items_.clear();
}

core::Result<std::optional<CatalogueEntry>> CatalogueService::CurrentItem(std::string_view code) {
  {
    std::lock_guard lock(items_mutex_);
    if (auto found = items_.find(code); found != items_.end()) return found->second;
  }
  ASSIGN_OR_RETURN(auto entry, repository_.FindItem(code, std::nullopt));
  std::lock_guard lock(items_mutex_);
  // Bounded: unknown codes typed by callers are not remembered once the cache is large.
  if (entry || items_.size() < 4096) items_.insert_or_assign(std::string(code), entry);
  return entry;
}

core::Result<CatalogueEntry> CatalogueService::Get(std::string_view code,
                                                   std::optional<int> version) {
  if (!version) {
    ASSIGN_OR_RETURN(auto current, CurrentItem(code));
    if (!current) return core::Error::NotFound("服务事项不存在");
    return std::move(*current);
  }
  ASSIGN_OR_RETURN(auto entry, repository_.FindItem(code, version));
  if (!entry) return core::Error::NotFound("服务事项不存在");
  return std::move(*entry);
}

core::Result<std::vector<CatalogueEntry>> CatalogueService::Versions(std::string_view code) {
  return repository_.ItemVersions(code);
}

core::Result<CatalogueEntry> CatalogueService::Create(service_requests::ServiceItem item,
                                                      const access::Caller& caller) {
  if (!caller.Has(Permission::kCatalogueManage))
    return core::Error::PermissionDenied("无权编辑服务事项清单");
  item.version = 1;
  TRY(service_requests::ValidateServiceItem(item));
  CatalogueEntry entry;
  entry.item = std::move(item);
  entry.created_at = clock_.NowMillis();
  entry.created_by = caller.username();
  TRY(repository_.InsertItem(entry));
  ForgetItems();
  return entry;
}

core::Result<CatalogueEntry> CatalogueService::Revise(std::string_view code,
                                                      service_requests::ServiceItem revised,
                                                      const access::Caller& caller) {
  if (!caller.Has(Permission::kCatalogueManage))
    return core::Error::PermissionDenied("无权编辑服务事项清单");
  ASSIGN_OR_RETURN(CatalogueEntry current, Get(code));
  ASSIGN_OR_RETURN(service_requests::ServiceItem item,
                   service_requests::ReviseServiceItem(current.item, std::move(revised)));
  CatalogueEntry entry;
  entry.item = std::move(item);
  entry.retired = current.retired;
  entry.created_at = clock_.NowMillis();
  entry.created_by = caller.username();
  auto inserted = repository_.InsertItemVersion(entry);
  ForgetItems();  // also when another edit won meanwhile: what is cached may be stale
  TRY(std::move(inserted));
  return entry;
}

core::Result<CatalogueEntry> CatalogueService::SetRetired(std::string_view code, bool retired,
                                                          const access::Caller& caller) {
  if (!caller.Has(Permission::kCatalogueManage))
    return core::Error::PermissionDenied("无权编辑服务事项清单");
  ASSIGN_OR_RETURN(CatalogueEntry current, Get(code));
  if (current.retired == retired) {
    return core::Error::FailedPrecondition(retired ? "该服务事项已停用" : "该服务事项未停用");
  }
  auto changed = repository_.SetItemRetired(code, retired);
  ForgetItems();
  TRY(std::move(changed));
  current.retired = retired;
  return current;
}

core::Result<std::vector<SampleForm>> CatalogueService::SampleForms(std::string_view code) {
  ASSIGN_OR_RETURN(auto current, CurrentItem(code));
  if (!current) return core::Error::NotFound("服务事项不存在");
  return repository_.SampleForms(code);
}

core::Result<SampleForm> CatalogueService::AddSampleForm(std::string_view code,
                                                         std::string_view name,
                                                         std::string_view content_type,
                                                         std::string_view bytes,
                                                         const access::Caller& caller) {
  if (!caller.Has(Permission::kCatalogueManage))
    return core::Error::PermissionDenied("无权编辑服务事项清单");
  ASSIGN_OR_RETURN(auto current, CurrentItem(code));
  if (!current) return core::Error::NotFound("服务事项不存在");
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type != "application/pdf" && type != kDocxType && type != kXlsxType) {
    return core::Error::Validation("样表只接受 PDF、Word（.docx）或 Excel（.xlsx）文件",
                                   "content_type");
  }
  if (static_cast<int64_t>(bytes.size()) > kMaxSampleFormBytes) {
    return core::Error::PayloadTooLarge("样表文件不能超过 10 MB", "file");
  }
  if (bytes.empty()) return core::Error::Validation("样表文件是空的", "file");
  if (SniffSampleFormType(bytes) != type) {
    return core::Error::Validation("文件内容与声明的类型不符", "file");
  }
  std::string file_name(name);
  TRY(core::CheckText(file_name, "name", core::TextRule::kSingleLine));
  if (Blank(file_name)) return core::Error::Validation("请填写样表的文件名", "name");
  if (file_name.find_first_of("/\\") != std::string::npos) {
    return core::Error::Validation("样表文件名不能含有 / 或 \\", "name");
  }
  const std::string_view extension = type == "application/pdf" ? ".pdf"
                                     : type == kDocxType       ? ".docx"
                                                               : ".xlsx";
  std::string lower = file_name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!lower.ends_with(extension)) file_name += extension;
  TRY(CheckLength(file_name, 100, "name", "样表文件名"));
  ASSIGN_OR_RETURN(auto existing, repository_.SampleForms(code));
  if (existing.size() >= static_cast<size_t>(kMaxSampleFormsPerItem)) {
    return core::Error::FailedPrecondition("每个事项最多上传 10 份样表");
  }
  ASSIGN_OR_RETURN(std::string digest, crypto::Sm3(bytes));
  ASSIGN_OR_RETURN(std::string storage_name, forms_.Save(bytes));
  SampleForm form;
  form.item_code = std::string(code);
  form.name = file_name;
  form.content_type = type;
  form.size_bytes = static_cast<int64_t>(bytes.size());
  form.sm3_digest = crypto::HexEncode(digest);
  form.storage_name = storage_name;
  form.uploaded_by = caller.account_id();
  form.uploaded_by_name = caller.name_for_people();
  form.uploaded_at = clock_.NowMillis();
  auto inserted = repository_.InsertSampleForm(form);
  if (!inserted.ok()) forms_.Remove(storage_name);
  return inserted;
}

core::Result<std::pair<SampleForm, std::string>> CatalogueService::ReadSampleForm(
    std::string_view code, int64_t form_id) {
  ASSIGN_OR_RETURN(auto form, repository_.FindSampleForm(code, form_id));
  if (!form) return core::Error::NotFound("样表不存在");
  ASSIGN_OR_RETURN(std::string bytes, forms_.Read(form->storage_name));
  return std::make_pair(std::move(*form), std::move(bytes));
}

core::Status CatalogueService::DeleteSampleForm(std::string_view code, int64_t form_id,
                                                const access::Caller& caller) {
  if (!caller.Has(Permission::kCatalogueManage))
    return core::Error::PermissionDenied("无权编辑服务事项清单");
  ASSIGN_OR_RETURN(auto form, repository_.FindSampleForm(code, form_id));
  if (!form) return core::Error::NotFound("样表不存在");
  ASSIGN_OR_RETURN(bool deleted, repository_.DeleteSampleForm(code, form_id));
  if (!deleted) return core::Error::NotFound("样表不存在");
  forms_.Remove(form->storage_name);  // after the row: a failed delete leaves the file served
  return core::Ok();
}

// ---------------------------------------------------------------------------------------------
// RequestService

RequestService::RequestService(ServiceRequestRepository& repository, CatalogueService& catalogue,
                               calendar::WorkingCalendarSource& calendars,
                               people::PeopleRepository& people, core::FileStore& materials,
                               const core::Clock& clock,
                               std::function<std::string(std::string_view)> name_of)
    : repository_(repository),
      catalogue_(catalogue),
      calendars_(calendars),
      people_(people),
      materials_(materials),
      clock_(clock),
      name_of_(std::move(name_of)) {}

void RequestService::MarkOverdue(ServiceRequest& request) const {
  request.overdue =
      service_requests::IsOverdue(request.state, request.deadline_at, clock_.NowMillis());
}

core::Result<RequestDetail> RequestService::Detail(ServiceRequest request, bool with_materials) {
  RequestDetail detail;
  MarkOverdue(request);
  ASSIGN_OR_RETURN(detail.transitions, repository_.Transitions(request.id));
  if (with_materials) {
    ASSIGN_OR_RETURN(detail.materials, repository_.Materials(request.id));
  }
  detail.allowed_actions = service_requests::AllowedRequestActions(request.state);
  if (request.rating) {
    detail.allowed_actions.erase(
        std::remove(detail.allowed_actions.begin(), detail.allowed_actions.end(),
                    service_requests::RequestAction::kRate),
        detail.allowed_actions.end());
  }
  if (request.slot_id) {
    ASSIGN_OR_RETURN(detail.slot,
                     repository_.FindSlot(*request.slot_id, core::Scope::Everything()));
  }
  detail.request = std::move(request);
  return detail;
}

core::Result<FiledRequest> RequestService::File(const NewRequest& input,
                                                const access::Caller& caller) {
  // A worker files at the window; 网上办理 is what residents do themselves (FileOwn), so that the
  // online-handling rate counts residents, not a channel a worker picked (decision 0026).
  if (service_requests::ChannelFromName(input.channel) &&
      input.channel != service_requests::ChannelName(service_requests::Channel::kWindow)) {
    return core::Error::Validation(
        "工作人员代为提交的申请记为窗口端（window）；网上办理须由居民本人在网上提交", "channel");
  }
  if (input.applicant_id <= 0) return core::Error::Validation("请选择申请人", "applicant_id");
  ASSIGN_OR_RETURN(
      auto applicant,
      people_.FindResident(input.applicant_id, caller.ScopeFor(Permission::kServicesHandle)));
  if (!applicant) return core::Error::Validation("申请人不存在", "applicant_id");
  return FileFor(input, *applicant, caller);
}

core::Result<people::Resident> RequestService::OwnPerson(const access::Caller& caller) {
  if (!caller.Has(Permission::kSelfServices)) {
    return core::Error::PermissionDenied("没有自助办事的权限");
  }
  if (!caller.resident_id()) {
    return core::Error::FailedPrecondition(
        "账号尚未绑定居民登记信息：请用身份证号和手机验证码注册，或到社区服务中心绑定");
  }
  // By the bound person's own id: the one person this account may act for.
  ASSIGN_OR_RETURN(auto person,
                   people_.FindResident(*caller.resident_id(), core::Scope::Everything()));
  if (!person) return core::Error::FailedPrecondition("绑定的居民登记信息已不存在，请联系社区");
  return std::move(*person);
}

core::Result<ServiceRequest> RequestService::OwnRequest(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(people::Resident person, OwnPerson(caller));
  ASSIGN_OR_RETURN(auto request, repository_.FindApplicantRequest(id, person.id));
  if (!request) return core::Error::NotFound("申请不存在");
  return std::move(*request);
}

core::Result<FiledRequest> RequestService::FileOwn(NewRequest input, const access::Caller& caller) {
  ASSIGN_OR_RETURN(people::Resident person, OwnPerson(caller));
  if (input.applicant_id != 0 && input.applicant_id != person.id) {
    return core::Error::Validation("只能为本人申请；为家人办理请到社区服务中心", "applicant_id");
  }
  input.applicant_id = person.id;
  if (input.channel.empty()) input.channel = "web";
  // The resident's own end: web, the phone, or the community hall's kiosk (decision 0027).
  if (input.channel != service_requests::ChannelName(service_requests::Channel::kWeb) &&
      input.channel != service_requests::ChannelName(service_requests::Channel::kMobile) &&
      input.channel != service_requests::ChannelName(service_requests::Channel::kKiosk)) {
    return core::Error::Validation("本人申请的渠道应为 web、mobile 或 kiosk", "channel");
  }
  ASSIGN_OR_RETURN(FiledRequest filed, FileFor(input, person, caller));
  filed.detail.allowed_actions = OwnActions(filed.detail.allowed_actions);
  return filed;
}

core::Result<FiledRequest> RequestService::FileFor(const NewRequest& input,
                                                   const people::Resident& applicant_record,
                                                   const access::Caller& caller) {
  if (input.idempotency_key) {
    const std::string& key = *input.idempotency_key;
    if (key.empty() || key.size() > 100 ||
        !std::all_of(key.begin(), key.end(), [](char c) { return c > 32 && c < 127; })) {
      return core::Error::Validation("Idempotency-Key 应为 1 到 100 个可见 ASCII 字符",
                                     "idempotency_key");
    }
    ASSIGN_OR_RETURN(auto earlier,
                     repository_.FindRequestByIdempotencyKey(caller.account_id(), key));
    if (earlier) {
      ASSIGN_OR_RETURN(auto detail, Detail(std::move(*earlier)));
      return FiledRequest{std::move(detail), true};
    }
  }
  if (Blank(input.item_code)) return core::Error::Validation("请选择服务事项", "item_code");
  auto entry = catalogue_.CurrentItem(input.item_code);
  if (!entry.ok()) return std::move(entry).error();
  if (!*entry || (*entry)->retired) {
    return core::Error::Validation("服务事项不存在或已停用", "item_code");
  }
  const service_requests::ServiceItem& item = (*entry)->item;
  const auto channel = service_requests::ChannelFromName(input.channel);
  if (!channel) {
    return core::Error::Validation("渠道应为 web、mobile、kiosk 或 window", "channel");
  }
  const auto mode = service_requests::HandlingModeFromName(input.handling_mode);
  if (!mode) {
    return core::Error::Validation(
        "办理方式应为 home_visit、appointment、self_service、entrusted 或 grid_proxy",
        "handling_mode");
  }
  TRY(service_requests::CheckRequestAllowed(item, *channel, *mode));
  TRY(CheckLength(input.note, 1000, "note", "备注"));
  const people::Resident* applicant = &applicant_record;
  if (applicant->status == people::ResidentStatus::kDeceased ||
      applicant->status == people::ResidentStatus::kMovedOut) {
    return core::Error::Validation("申请人已死亡或已迁出，不能申请", "applicant_id");
  }
  const int64_t now = clock_.NowMillis();
  if (*mode == service_requests::HandlingMode::kAppointment) {
    if (!input.slot_id) return core::Error::Validation("预约办理请选择预约时段", "slot_id");
    ASSIGN_OR_RETURN(auto slot, repository_.FindSlot(*input.slot_id, core::Scope::Everything()));
    if (!slot || slot->community_code != applicant->community_code) {
      return core::Error::Validation("预约时段不存在或不属于申请人所在社区", "slot_id");
    }
    if (slot->starts_at <= now) return core::Error::Validation("预约时段已开始或已过", "slot_id");
  } else if (input.slot_id) {
    return core::Error::Validation("只有预约办理才能选择预约时段", "slot_id");
  }
  ASSIGN_OR_RETURN(auto working, calendars_.InForce());

  ServiceRequest request;
  request.item_code = item.code;
  request.item_version = item.version;
  request.item_name = item.name;
  request.fully_online = item.fully_online;
  request.promised_working_days = item.promised_working_days;
  request.applicant_id = applicant->id;
  request.applicant_name = applicant->name;
  request.community_code = applicant->community_code;
  request.place_code = Place(*applicant);
  request.channel = *channel;
  request.handling_mode = *mode;
  request.state = service_requests::RequestState::kSubmitted;
  request.note = input.note;
  request.slot_id = input.slot_id;
  request.received_at = now;
  request.deadline_at =
      service_requests::RequestDeadline(*working, now, item.promised_working_days);
  request.filed_by = caller.account_id();
  request.filed_by_name = caller.name_for_people();
  request.created_at = now;
  request.updated_at = now;

  TransitionRecord submitted;
  submitted.action = "submit";
  submitted.to_state = service_requests::RequestState::kSubmitted;
  submitted.actor_id = caller.account_id();
  submitted.actor_name = caller.name_for_people();
  submitted.at = now;
  auto inserted = repository_.InsertRequest(request, input.idempotency_key, submitted);
  if (!inserted.ok()) {
    // A concurrent duplicate with the same key won the race: answer with its result.
    if (input.idempotency_key && inserted.error().code == core::ErrorCode::kAlreadyExists) {
      ASSIGN_OR_RETURN(auto earlier, repository_.FindRequestByIdempotencyKey(
                                         caller.account_id(), *input.idempotency_key));
      if (earlier) {
        ASSIGN_OR_RETURN(auto detail, Detail(std::move(*earlier)));
        return FiledRequest{std::move(detail), true};
      }
    }
    return std::move(inserted).error();
  }
  ASSIGN_OR_RETURN(auto detail, Detail(std::move(inserted).value(), /*with_materials=*/false));
  return FiledRequest{std::move(detail), false};
}

core::Result<RequestDetail> RequestService::Get(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto request,
                   repository_.FindRequest(id, caller.ScopeFor(Permission::kServicesRead)));
  if (!request) return core::Error::NotFound("申请不存在");
  return Detail(std::move(*request));
}

core::Result<core::Page<ServiceRequest>> RequestService::List(const RequestQuery& query,
                                                              const access::Caller& caller,
                                                              const core::PageRequest& page) {
  RequestQuery scoped = query;
  scoped.now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto result, repository_.ListRequests(
                                    scoped, caller.ScopeFor(Permission::kServicesRead), page));
  for (auto& request : result.items) MarkOverdue(request);
  return result;
}

core::Result<RequestDetail> RequestService::Apply(int64_t id, const TransitionRequest& input,
                                                  const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindRequest(id, caller.ScopeFor(Permission::kServicesHandle)));
  if (!found) return core::Error::NotFound("申请不存在");
  return ApplyTo(std::move(*found), input, caller);
}

core::Result<RequestDetail> RequestService::ApplyTo(ServiceRequest request,
                                                    const TransitionRequest& input,
                                                    const access::Caller& caller) {
  const int64_t id = request.id;
  const auto action = service_requests::RequestActionFromName(input.action);
  if (!action) return core::Error::Validation("不认识的操作", "action");
  TRY(CheckLength(input.reason, 500, "reason", "理由"));
  TRY(CheckLength(input.comment, 500, "comment", "评价内容"));
  TRY(CheckLength(input.outcome, 500, "outcome", "办理结果"));
  service_requests::RequestTransitionContext context;
  context.reason = input.reason;
  context.rating = input.rating;
  context.already_rated = request.rating.has_value();
  ASSIGN_OR_RETURN(service_requests::RequestState next,
                   service_requests::Transition(request.state, *action, context));

  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto working, calendars_.InForce());
  StateChange change;
  change.from = request.state;
  change.to = next;
  change.record.request_id = id;
  change.record.action = std::string(service_requests::RequestActionName(*action));
  change.record.from_state = request.state;
  change.record.to_state = next;
  change.record.actor_id = caller.account_id();
  change.record.actor_name = caller.name_for_people();
  change.record.reason = input.reason;
  change.record.at = now;
  switch (*action) {
    case service_requests::RequestAction::kResubmit:
      change.received_at = now;
      change.deadline_at =
          service_requests::RequestDeadline(*working, now, request.promised_working_days);
      break;
    case service_requests::RequestAction::kComplete:
      change.completed_at = now;
      change.handling_working_days = working->ElapsedWorkingDays(request.received_at, now);
      change.on_time = now < request.deadline_at;
      if (!Blank(input.outcome)) change.outcome = input.outcome;
      break;
    case service_requests::RequestAction::kRate:
      change.rating = input.rating;
      change.rating_comment = input.comment;
      break;
    case service_requests::RequestAction::kWithdraw:
    case service_requests::RequestAction::kReject:
      change.release_slot = request.slot_id.has_value();
      break;
    default:
      break;
  }
  TRY(repository_.ApplyStateChange(id, change));
  // The guarded update succeeded: the row is `request` with the change's columns (no re-read).
  ApplyToRequest(change, request);
  return Detail(std::move(request));
}

core::Result<Material> RequestService::AddMaterial(int64_t request_id, std::string_view name,
                                                   std::string_view content_type,
                                                   std::string_view bytes,
                                                   const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto request, repository_.FindRequest(
                                     request_id, caller.ScopeFor(Permission::kServicesHandle)));
  if (!request) return core::Error::NotFound("申请不存在");
  return AddMaterialTo(*request, name, content_type, bytes, caller);
}

core::Result<Material> RequestService::AddMaterialTo(const ServiceRequest& found,
                                                     std::string_view name,
                                                     std::string_view content_type,
                                                     std::string_view bytes,
                                                     const access::Caller& caller) {
  const ServiceRequest* request = &found;
  const int64_t request_id = found.id;
  const std::string_view declared = content_type.substr(0, content_type.find(';'));
  std::string type(declared);
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type != "application/pdf" && type != "image/jpeg" && type != "image/png") {
    return core::Error::Validation("材料只接受 PDF、JPEG 或 PNG 文件", "content_type");
  }
  if (static_cast<int64_t>(bytes.size()) > kMaxMaterialBytes) {
    return core::Error::PayloadTooLarge("材料文件不能超过 10 MB", "file");
  }
  if (bytes.empty()) return core::Error::Validation("材料文件是空的", "file");
  if (core::SniffFileType(bytes) != type) {
    return core::Error::Validation("文件内容与声明的类型不符", "file");
  }
  const std::string display_name = Blank(name) ? std::string("材料") : std::string(name);
  TRY(CheckLength(display_name, 100, "name", "材料名称"));
  switch (request->state) {
    case service_requests::RequestState::kSubmitted:
    case service_requests::RequestState::kAccepted:
    case service_requests::RequestState::kInProgress:
    case service_requests::RequestState::kReturned:
    case service_requests::RequestState::kResubmitted:
      break;
    default:
      return core::Error::FailedPrecondition(
          "申请当前为「" + std::string(service_requests::RequestStateLabel(request->state)) +
          "」状态，不能再上传材料");
  }
  ASSIGN_OR_RETURN(auto existing, repository_.Materials(request_id));
  if (existing.size() >= static_cast<size_t>(kMaxMaterialsPerRequest)) {
    return core::Error::FailedPrecondition("每件申请最多上传 50 份材料");
  }
  ASSIGN_OR_RETURN(std::string digest, crypto::Sm3(bytes));
  ASSIGN_OR_RETURN(std::string storage_name, materials_.Save(bytes));
  Material material;
  material.request_id = request_id;
  material.name = display_name;
  material.content_type = type;
  material.size_bytes = static_cast<int64_t>(bytes.size());
  material.sm3_digest = crypto::HexEncode(digest);
  material.storage_name = storage_name;
  material.uploaded_by = caller.account_id();
  material.uploaded_by_name = caller.name_for_people();
  material.uploaded_at = clock_.NowMillis();
  auto inserted = repository_.InsertMaterial(material);
  if (!inserted.ok()) materials_.Remove(storage_name);
  return inserted;
}

core::Result<std::pair<Material, std::string>> RequestService::ReadMaterial(
    int64_t request_id, int64_t material_id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto request,
                   repository_.FindRequest(request_id, caller.ScopeFor(Permission::kServicesRead)));
  if (!request) return core::Error::NotFound("申请不存在");
  return ReadMaterialOf(request_id, material_id);
}

core::Result<std::pair<Material, std::string>> RequestService::ReadMaterialOf(int64_t request_id,
                                                                              int64_t material_id) {
  ASSIGN_OR_RETURN(auto material, repository_.FindMaterial(request_id, material_id));
  if (!material) return core::Error::NotFound("材料不存在");
  ASSIGN_OR_RETURN(std::string bytes, materials_.Read(material->storage_name));
  return std::make_pair(std::move(*material), std::move(bytes));
}

// ---------------------------------------------------------------------------------------------
// A resident's own requests (decision 0026)

core::Result<RequestDetail> RequestService::GetOwn(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(ServiceRequest request, OwnRequest(id, caller));
  ASSIGN_OR_RETURN(RequestDetail detail, Detail(std::move(request)));
  detail.allowed_actions = OwnActions(detail.allowed_actions);
  return detail;
}

core::Result<core::Page<ServiceRequest>> RequestService::ListOwn(const RequestQuery& query,
                                                                 const access::Caller& caller,
                                                                 const core::PageRequest& page) {
  ASSIGN_OR_RETURN(people::Resident person, OwnPerson(caller));
  RequestQuery own;
  own.state = query.state;
  own.applicant_id = person.id;
  own.now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto result, repository_.ListRequests(own, core::Scope::Everything(), page));
  for (auto& request : result.items) MarkOverdue(request);
  return result;
}

core::Result<RequestDetail> RequestService::ApplyOwn(int64_t id, const TransitionRequest& input,
                                                     const access::Caller& caller) {
  const auto action = service_requests::RequestActionFromName(input.action);
  if (!action) return core::Error::Validation("不认识的操作", "action");
  if (OwnActions({*action}).empty()) {
    return core::Error::Validation("居民本人只能撤回、补正后重新提交或评价", "action");
  }
  ASSIGN_OR_RETURN(ServiceRequest request, OwnRequest(id, caller));
  ASSIGN_OR_RETURN(RequestDetail detail, ApplyTo(std::move(request), input, caller));
  detail.allowed_actions = OwnActions(detail.allowed_actions);
  return detail;
}

core::Result<Material> RequestService::AddOwnMaterial(int64_t request_id, std::string_view name,
                                                      std::string_view content_type,
                                                      std::string_view bytes,
                                                      const access::Caller& caller) {
  ASSIGN_OR_RETURN(ServiceRequest request, OwnRequest(request_id, caller));
  return AddMaterialTo(request, name, content_type, bytes, caller);
}

core::Result<std::pair<Material, std::string>> RequestService::ReadOwnMaterial(
    int64_t request_id, int64_t material_id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(ServiceRequest request, OwnRequest(request_id, caller));
  return ReadMaterialOf(request.id, material_id);
}

core::Result<std::vector<AppointmentSlot>> RequestService::OwnSlots(std::string_view date,
                                                                    const access::Caller& caller) {
  ASSIGN_OR_RETURN(people::Resident person, OwnPerson(caller));
  return SlotsOn(person.community_code, date, core::Scope::Everything());
}

core::Result<AppointmentSlot> RequestService::CreateSlot(const NewSlot& input,
                                                         const access::Caller& caller) {
  if (!IsCommunityCode(input.community_code)) {
    return core::Error::Validation("请填写社区编码（12 位）", "community_code");
  }
  if (!caller.ScopeFor(Permission::kServicesHandle).Covers(input.community_code)) {
    return core::Error::NotFound("社区不存在");
  }
  if (Blank(input.desk)) return core::Error::Validation("请填写办理窗口", "desk");
  TRY(CheckLength(input.desk, 100, "desk", "办理窗口"));
  if (input.starts_at <= clock_.NowMillis()) {
    return core::Error::Validation("预约时段应在将来", "starts_at");
  }
  if (input.ends_at <= input.starts_at ||
      input.ends_at - input.starts_at > calendar::kMillisPerDay) {
    return core::Error::Validation("结束时间应晚于开始时间且不超过一天", "ends_at");
  }
  if (input.capacity < 1 || input.capacity > 1000) {
    return core::Error::Validation("容量应为 1 到 1000", "capacity");
  }
  AppointmentSlot slot;
  slot.community_code = input.community_code;
  slot.desk = input.desk;
  slot.starts_at = input.starts_at;
  slot.ends_at = input.ends_at;
  slot.capacity = input.capacity;
  slot.created_at = clock_.NowMillis();
  slot.created_by = caller.username();
  return repository_.InsertSlot(slot);
}

core::Result<std::vector<AppointmentSlot>> RequestService::Slots(std::string_view community_code,
                                                                 std::string_view date,
                                                                 const access::Caller& caller) {
  return SlotsOn(community_code, date, caller.ScopeFor(Permission::kServicesRead));
}

core::Result<std::vector<AppointmentSlot>> RequestService::SlotsOn(std::string_view community_code,
                                                                   std::string_view date,
                                                                   const core::Scope& scope) {
  if (!IsCommunityCode(community_code)) {
    return core::Error::Validation("请填写社区编码（12 位）", "community");
  }
  calendar::Date day = calendar::ChinaDateOf(clock_.NowMillis());
  if (!date.empty()) {
    auto parsed = calendar::Date::Parse(date);
    if (!parsed.ok()) return core::Error::Validation("日期格式应为 YYYY-MM-DD", "date");
    day = *parsed;
  }
  const int64_t from = calendar::StartOfChinaDay(day);
  return repository_.ListSlots(community_code, from, from + calendar::kMillisPerDay, scope);
}

core::Result<DeskQueue> RequestService::Queue(std::string_view community_code,
                                              const access::Caller& caller) {
  if (!IsCommunityCode(community_code)) {
    return core::Error::Validation("请填写社区编码（12 位）", "community");
  }
  if (!caller.ScopeFor(Permission::kServicesRead).Intersects(community_code))
    return core::Error::NotFound("社区不存在");
  const int64_t now = clock_.NowMillis();
  const calendar::Date today = calendar::ChinaDateOf(now);
  DeskQueue queue;
  queue.community_code = std::string(community_code);
  queue.date = today.ToString();
  ASSIGN_OR_RETURN(queue.requests,
                   repository_.OpenRequests(community_code, now, kDeskQueueLimit,
                                            caller.ScopeFor(Permission::kServicesRead)));
  for (auto& request : queue.requests) {
    MarkOverdue(request);
    if (request.overdue) ++queue.overdue_count;
  }
  const int64_t start = calendar::StartOfChinaDay(today);
  ASSIGN_OR_RETURN(queue.appointments,
                   repository_.Appointments(community_code, start, start + calendar::kMillisPerDay,
                                            caller.ScopeFor(Permission::kServicesRead)));
  for (auto& [request, slot] : queue.appointments) MarkOverdue(request);
  return queue;
}

core::Result<Figures> RequestService::ComputeFigures(const FiguresRequest& input,
                                                     const access::Caller& caller) {
  const auto grouping = FiguresGroupingFromName(input.group_by);
  if (!grouping) {
    return core::Error::Validation("分组应为 item、community、town 或 county", "group_by");
  }
  if (!input.place.empty()) {
    if (input.place.size() > 12 || !std::all_of(input.place.begin(), input.place.end(),
                                                [](char c) { return c >= '0' && c <= '9'; })) {
      return core::Error::Validation("区划编码应为数字", "division");
    }
    if (!caller.ScopeFor(Permission::kServicesRead).Intersects(input.place))
      return core::Error::NotFound("区划不存在");
  }
  const int64_t now = clock_.NowMillis();
  FiguresQuery query;
  query.group_by = *grouping;
  query.place_prefix = input.place;
  query.now = now;
  query.from = 0;
  query.to = calendar::StartOfChinaDay(calendar::ChinaDateOf(now)) + calendar::kMillisPerDay;
  if (!input.from.empty()) {
    auto from = calendar::Date::Parse(input.from);
    if (!from.ok()) return core::Error::Validation("日期格式应为 YYYY-MM-DD", "from");
    query.from = calendar::StartOfChinaDay(*from);
  }
  if (!input.to.empty()) {
    auto to = calendar::Date::Parse(input.to);
    if (!to.ok()) return core::Error::Validation("日期格式应为 YYYY-MM-DD", "to");
    query.to = calendar::StartOfChinaDay(*to) + calendar::kMillisPerDay;
  }
  if (query.to <= query.from) return core::Error::Validation("结束日期应不早于开始日期", "to");
  Figures figures;
  figures.group_by = *grouping;
  ASSIGN_OR_RETURN(figures.rows,
                   repository_.Figures(query, caller.ScopeFor(Permission::kServicesRead)));
  figures.total.key = input.place;
  figures.total.name = input.place.empty() ? "合计" : name_of_(input.place);
  for (auto& row : figures.rows) {
    if (*grouping != FiguresGrouping::kItem && name_of_) row.name = name_of_(row.key);
    figures.total.requests += row.requests;
    figures.total.online += row.online;
    figures.total.completed += row.completed;
    figures.total.on_time += row.on_time;
    figures.total.handling_working_days_total += row.handling_working_days_total;
    figures.total.overdue_open += row.overdue_open;
  }
  return figures;
}

}  // namespace linli::service_requests

#include "domain/kiosks/kiosk_service.hpp"

#include <algorithm>
#include <utility>

#include "core/text.hpp"
#include "domain/access/secret.hpp"
#include "domain/service_requests/service_item.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::kiosks {

namespace {

using access::Permission;

bool IsDigits(std::string_view code) {
  return !code.empty() &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsCommunityCode(std::string_view code) { return code.size() == 12 && IsDigits(code); }

// A trimmed single-line text of 1..max characters.
core::Result<std::string> Text(std::string_view value, const char* field, const char* missing,
                               size_t max_characters) {
  const auto first = value.find_first_not_of(" \t");
  const auto last = value.find_last_not_of(" \t");
  std::string text = first == std::string_view::npos
                         ? std::string()
                         : std::string(value.substr(first, last - first + 1));
  if (text.empty()) return core::Error::Validation(missing, field);
  TRY(core::CheckText(text, field, core::TextRule::kSingleLine));
  if (core::CodePointCount(text) > max_characters) {
    return core::Error::Validation(
        std::string(field) + " 不能超过 " + std::to_string(max_characters) + " 个字", field);
  }
  return text;
}

core::Status CheckCategory(std::string_view category) {
  if (category.empty()) return core::Error::Validation("请选择办事类别", "category");
  if (!service_requests::ServiceCategoryFromName(category)) {
    return core::Error::Validation("办事类别不存在：" + std::string(category), "category");
  }
  return core::Ok();
}

core::Error NoCommunity() { return core::Error::NotFound("社区不存在"); }

}  // namespace

KioskService::KioskService(KioskRepository& repository, const core::Clock& clock)
    : repository_(repository), clock_(clock) {}

std::string KioskService::Today() const {
  return calendar::ChinaDateOf(clock_.NowMillis()).ToString();
}

core::Result<KioskRepository::Community> KioskService::CommunityIn(std::string_view code,
                                                                   const core::Scope& scope,
                                                                   const char* field) {
  if (!IsCommunityCode(code)) return core::Error::Validation("请填写社区编码（12 位）", field);
  if (!scope.Covers(code)) return NoCommunity();
  ASSIGN_OR_RETURN(auto community, repository_.FindCommunity(code));
  if (!community) return NoCommunity();
  return *community;
}

core::Result<RegisteredKiosk> KioskService::Register(const NewKiosk& input,
                                                     const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto community,
                   CommunityIn(input.community_code, caller.ScopeFor(Permission::kKiosksManage),
                               "community_code"));
  Kiosk kiosk;
  kiosk.community_code = input.community_code;
  kiosk.community_name = community.name;
  ASSIGN_OR_RETURN(kiosk.name, Text(input.name, "name", "请填写终端名称", 40));
  if (!input.location.empty()) {
    ASSIGN_OR_RETURN(kiosk.location, Text(input.location, "location", "请填写位置", 80));
  }
  const auto kind = kDeviceKindNames.From(input.kind.empty() ? "kiosk" : input.kind);
  if (!kind) return core::Error::Validation("终端类型应为 kiosk 或 display", "kind");
  kiosk.kind = *kind;
  kiosk.enabled = true;
  kiosk.created_at = clock_.NowMillis();
  kiosk.created_by = caller.account_id();
  kiosk.created_by_name = caller.name_for_people();
  kiosk.token_issued_at = kiosk.created_at;
  kiosk.token_expires_at = TokenExpiresAt(kiosk.token_issued_at, std::nullopt);
  ASSIGN_OR_RETURN(auto token, access::RandomToken(32));
  ASSIGN_OR_RETURN(auto stored, repository_.Insert(kiosk, access::Sha256Hex(token)));
  stored.community_name = community.name;
  return RegisteredKiosk{std::move(stored), std::move(token)};
}

core::Result<std::vector<Kiosk>> KioskService::List(std::string_view community_code,
                                                    const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kKiosksManage);
  if (!community_code.empty()) {
    TRY(CommunityIn(community_code, scope, "community"));
  }
  return repository_.List(community_code, scope);
}

core::Result<Kiosk> KioskService::Disable(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto kiosk, repository_.Find(id, caller.ScopeFor(Permission::kKiosksManage)));
  if (!kiosk) return core::Error::NotFound("终端不存在");
  if (!kiosk->enabled) return *kiosk;
  return repository_.Disable(id, clock_.NowMillis());
}

core::Result<RegisteredKiosk> KioskService::ReplaceToken(int64_t id, const access::Caller& caller) {
  ASSIGN_OR_RETURN(auto kiosk, repository_.Find(id, caller.ScopeFor(Permission::kKiosksManage)));
  if (!kiosk) return core::Error::NotFound("终端不存在");
  const auto disabled = core::Error::FailedPrecondition("终端已停用，不能更换令牌；请重新登记");
  if (!kiosk->enabled) return disabled;
  ASSIGN_OR_RETURN(auto token, access::RandomToken(32));
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(bool replaced, repository_.ReplaceTokenHash(id, access::Sha256Hex(token), now));
  if (!replaced) return disabled;
  kiosk->token_issued_at = now;
  kiosk->last_seen_at.reset();
  kiosk->token_expires_at = TokenExpiresAt(now, std::nullopt);
  return RegisteredKiosk{*std::move(kiosk), std::move(token)};
}

core::Result<KioskRepository::Expiring> KioskService::ExpiringTokens(size_t limit,
                                                                     const access::Caller& caller) {
  if (!caller.Has(Permission::kKiosksManage)) return KioskRepository::Expiring{};
  return repository_.ExpiringTokens(clock_.NowMillis() + kTokenWarningMillis, limit,
                                    caller.ScopeFor(Permission::kKiosksManage));
}

core::Result<KioskCoverage> KioskService::Coverage(std::string_view division_code,
                                                   const access::Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kKiosksManage);
  const size_t length = division_code.size();
  if (!IsDigits(division_code) || (length != 4 && length != 6 && length != 9)) {
    return core::Error::Validation("请填写市、区县或街道编码", "division");
  }
  if (!scope.Intersects(division_code)) return core::Error::NotFound("地区不存在");
  const size_t group_length = length == 4 ? 6 : length == 6 ? 9 : 12;
  return repository_.Coverage(division_code, group_length, scope);
}

core::Result<Kiosk> KioskService::Authenticate(std::string_view device_token) {
  if (device_token.empty() || device_token.size() > 100) {
    return core::Error::Unauthenticated("请先用设备令牌登记本终端");
  }
  ASSIGN_OR_RETURN(auto kiosk,
                   repository_.Authenticate(access::Sha256Hex(device_token), clock_.NowMillis()));
  if (!kiosk) return core::Error::Unauthenticated("设备令牌无效或终端已停用");
  if (TokenExpired(*kiosk, clock_.NowMillis())) {
    return core::Error::Unauthenticated("设备令牌已过期，请社区工作人员在终端管理中更换令牌");
  }
  return *kiosk;
}

core::Result<QueueTicket> KioskService::Take(std::string_view community_code,
                                             std::string_view category,
                                             std::optional<int64_t> kiosk_id,
                                             std::optional<int64_t> taken_by) {
  TRY(CheckCategory(category));
  QueueTicket ticket;
  ticket.community_code = std::string(community_code);
  ticket.service_date = Today();
  ticket.category = std::string(category);
  ticket.state = TicketState::kWaiting;
  ticket.kiosk_id = kiosk_id;
  ticket.taken_by = taken_by;
  ticket.taken_at = clock_.NowMillis();
  return repository_.TakeTicket(ticket);
}

core::Result<Kiosk> KioskService::AuthenticateKiosk(std::string_view device_token) {
  ASSIGN_OR_RETURN(auto kiosk, Authenticate(device_token));
  if (kiosk.kind != DeviceKind::kKiosk) {
    return core::Error::PermissionDenied("大厅显示屏不能取号或登录");
  }
  return kiosk;
}

core::Result<QueueTicket> KioskService::TakeTicketAtKiosk(std::string_view device_token,
                                                          std::string_view category) {
  ASSIGN_OR_RETURN(auto kiosk, AuthenticateKiosk(device_token));
  return Take(kiosk.community_code, category, kiosk.id, std::nullopt);
}

core::Result<HallBoard> KioskService::DeviceBoard(std::string_view device_token) {
  ASSIGN_OR_RETURN(auto kiosk, Authenticate(device_token));
  ASSIGN_OR_RETURN(auto board,
                   repository_.Board(kiosk.community_code, Today(), kBoardCalled, kBoardWaiting));
  board.community_name = kiosk.community_name;
  return board;
}

core::Result<QueueTicket> KioskService::TakeTicketAtDesk(std::string_view community_code,
                                                         std::string_view category,
                                                         const access::Caller& caller) {
  TRY(CommunityIn(community_code, caller.ScopeFor(Permission::kServicesHandle), "community_code"));
  return Take(community_code, category, std::nullopt, caller.account_id());
}

core::Result<std::optional<QueueTicket>> KioskService::CallNext(std::string_view community_code,
                                                                std::string_view desk,
                                                                const access::Caller& caller) {
  TRY(CommunityIn(community_code, caller.ScopeFor(Permission::kServicesHandle), "community_code"));
  ASSIGN_OR_RETURN(auto window, Text(desk, "desk", "请填写窗口名称", 20));
  const std::string today = Today();
  // Two desks calling at once may pick the same first ticket: the guarded move lets one win
  // and the other takes the next one.
  for (int attempt = 0; attempt < 20; ++attempt) {
    ASSIGN_OR_RETURN(auto first, repository_.FirstWaiting(community_code, today));
    if (!first) return std::optional<QueueTicket>();
    ASSIGN_OR_RETURN(auto next, Transition(first->state, TicketAction::kCall));
    ASSIGN_OR_RETURN(bool moved, repository_.MoveTicket(first->id, first->state, next, window,
                                                        clock_.NowMillis()));
    if (moved) {
      ASSIGN_OR_RETURN(auto called, repository_.FindTicket(first->id, core::Scope::Everything()));
      if (called) return called;
    }
  }
  return core::Error::Unavailable("叫号繁忙，请重试");
}

core::Result<QueueTicket> KioskService::Act(int64_t ticket_id, std::string_view action,
                                            std::string_view desk, const access::Caller& caller) {
  const auto parsed = kTicketActionNames.From(action);
  if (!parsed || *parsed == TicketAction::kCall || *parsed == TicketAction::kClose) {
    return core::Error::Validation("操作应为 recall、serve 或 skip", "action");
  }
  ASSIGN_OR_RETURN(auto ticket,
                   repository_.FindTicket(ticket_id, caller.ScopeFor(Permission::kServicesHandle)));
  if (!ticket) return core::Error::NotFound("号票不存在");
  ASSIGN_OR_RETURN(auto next, Transition(ticket->state, *parsed));
  std::string window = ticket->desk;
  if (*parsed == TicketAction::kRecall && !desk.empty()) {
    ASSIGN_OR_RETURN(window, Text(desk, "desk", "请填写窗口名称", 20));
  }
  if (next == ticket->state && *parsed != TicketAction::kRecall) return *ticket;
  ASSIGN_OR_RETURN(bool moved, repository_.MoveTicket(ticket->id, ticket->state, next, window,
                                                      clock_.NowMillis()));
  if (!moved) return core::Error::FailedPrecondition("号票已被其他窗口处理，请刷新");
  ASSIGN_OR_RETURN(auto after, repository_.FindTicket(ticket->id, core::Scope::Everything()));
  if (!after) return core::Error::NotFound("号票不存在");
  return *after;
}

core::Result<HallBoard> KioskService::Board(std::string_view community_code,
                                            const access::Caller& caller) {
  ASSIGN_OR_RETURN(
      auto community,
      CommunityIn(community_code, caller.ScopeFor(Permission::kServicesRead), "community"));
  ASSIGN_OR_RETURN(auto board,
                   repository_.Board(community_code, Today(), kBoardCalled, kBoardWaiting));
  board.community_name = community.name;
  return board;
}

core::Result<std::vector<QueueTicket>> KioskService::Tickets(std::string_view community_code,
                                                             const access::Caller& caller) {
  TRY(CommunityIn(community_code, caller.ScopeFor(Permission::kServicesRead), "community"));
  return repository_.Tickets(community_code, Today());
}

core::Result<int64_t> KioskService::CloseDay(int64_t at) {
  return repository_.CloseThrough(calendar::ChinaDateOf(at).ToString(), clock_.NowMillis());
}

core::Result<scheduler::Job> CloseTicketsJob(KioskService& service, std::string_view close_time) {
  scheduler::Job job;
  job.name = std::string(kCloseTicketsJobName);
  job.title = "关闭当日未办理的排队号票";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::DailyAtText(close_time, "queue_close_time"));
  job.catch_up = scheduler::CatchUp::kMerge;  // one close after a stop covers every day missed
  job.lease_ms = 10 * 60 * 1000;
  job.retry_after_ms = 5 * 60 * 1000;
  job.run = [&service](int64_t scheduled_at) -> core::Status {
    TRY(service.CloseDay(scheduled_at));
    return core::Ok();
  };
  return job;
}

}  // namespace linli::kiosks

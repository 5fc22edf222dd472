// Kiosks (自助终端) of community halls and the hall's queue tickets (叫号), issue 17 item 5.
//
// A kiosk is a device registered to one community (a touch kiosk that gives out tickets, or a
// hall display that only shows them); registering gives a one-time device token, stored only as
// its SHA-256, which reaches the kiosk routes of that community and nothing else. B2a of the plan
// (urban communities with a kiosk) counts urban communities with at least one enabled kiosk.
//
// A queue ticket is a number of one community's window on one China date: one sequence per
// community and day ("A001", "A002", …) whatever the category, so the hall is served in arrival
// order. Its life is a table-driven state machine (waiting → called → served | skipped, a called
// or skipped ticket may be called again, unserved tickets are closed after hours).
// Thread-safety: plain values and pure functions; the repository is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"

namespace linli::kiosks {

enum class DeviceKind {
  kKiosk,    // kiosk 自助终端: the guide and 取号
  kDisplay,  // display 大厅显示屏: shows the numbers being called
};
inline constexpr core::EnumNames<DeviceKind, 2> kDeviceKindNames{{
    {DeviceKind::kKiosk, "kiosk", "自助终端"},
    {DeviceKind::kDisplay, "display", "大厅显示屏"},
}};

struct Kiosk {
  int64_t id = 0;
  std::string community_code;
  std::string community_name;
  std::string name;      // "一楼大厅 1 号机"
  std::string location;  // where in the hall
  DeviceKind kind = DeviceKind::kKiosk;
  bool enabled = true;
  int64_t created_at = 0;
  int64_t created_by = 0;
  std::string created_by_name;
  std::optional<int64_t> disabled_at;
  std::optional<int64_t> last_seen_at;
  int64_t token_issued_at = 0;   // when the current device token was given
  int64_t token_expires_at = 0;  // TokenExpiresAt (filled by the repository)
};

// A device token stops working a year after it was given, or 30 days after the device was last
// seen with it (a device taken out of the hall), whichever comes first (decision 0050). It is
// replaced from the kiosk list (更换令牌) before that; the list and the workbench warn two weeks
// ahead.
inline constexpr int64_t kDayMillis = 24LL * 3600 * 1000;
inline constexpr int64_t kTokenLifetimeMillis = 365 * kDayMillis;
inline constexpr int64_t kTokenIdleMillis = 30 * kDayMillis;
inline constexpr int64_t kTokenWarningMillis = 14 * kDayMillis;
// The moment the kiosk's token stops working: the earlier of issue + lifetime and the last
// sighting (or the issue, when the token was never used) + the idle limit.
int64_t TokenExpiresAt(int64_t token_issued_at, std::optional<int64_t> last_seen_at);
// Whether the kiosk's token no longer works at `now`.
bool TokenExpired(const Kiosk& kiosk, int64_t now);

struct NewKiosk {
  std::string community_code;
  std::string name;
  std::string location;
  std::string kind = "kiosk";
};

// A kiosk just registered, with its device token (shown once).
struct RegisteredKiosk {
  Kiosk kiosk;
  std::string device_token;
};

enum class TicketState { kWaiting, kCalled, kServed, kSkipped, kClosed };
enum class TicketAction { kCall, kRecall, kServe, kSkip, kClose };

inline constexpr core::EnumNames<TicketState, 5> kTicketStateNames{{
    {TicketState::kWaiting, "waiting", "等候中"},
    {TicketState::kCalled, "called", "已叫号"},
    {TicketState::kServed, "served", "已办理"},
    {TicketState::kSkipped, "skipped", "已过号"},
    {TicketState::kClosed, "closed", "已关闭"},
}};
inline constexpr core::EnumNames<TicketAction, 5> kTicketActionNames{{
    {TicketAction::kCall, "call", "叫号"},
    {TicketAction::kRecall, "recall", "重新叫号"},
    {TicketAction::kServe, "serve", "完成"},
    {TicketAction::kSkip, "skip", "过号"},
    {TicketAction::kClose, "close", "关闭"},
}};

std::string_view TicketStateName(TicketState state);
std::string_view TicketStateLabel(TicketState state);
std::string_view TicketActionName(TicketAction action);
std::string_view TicketActionLabel(TicketAction action);
std::vector<TicketState> AllTicketStates();
std::vector<TicketAction> AllTicketActions();

struct TicketContext {};  // no action needs more than the state
// The next state, or kFailedPrecondition (409) naming state and action.
core::Result<TicketState> Transition(TicketState state, TicketAction action,
                                     const TicketContext& context = {});

// The ticket's printed number: the prefix and the day's sequence number, three digits at least
// ("A", 7 → "A007"; 1234 → "A1234").
inline constexpr std::string_view kTicketPrefix = "A";
std::string TicketCode(int64_t number);

struct QueueTicket {
  int64_t id = 0;
  std::string community_code;
  std::string service_date;  // China date "YYYY-MM-DD"
  int64_t number = 0;
  std::string code;      // "A001"
  std::string category;  // a service category of the catalogue (service_requests)
  TicketState state = TicketState::kWaiting;
  std::string desk;  // the window that called it ("" until called)
  std::optional<int64_t> kiosk_id;
  std::optional<int64_t> taken_by;  // the worker who took it at the desk
  int64_t taken_at = 0;
  std::optional<int64_t> called_at;
  int64_t call_count = 0;
  std::optional<int64_t> finished_at;
};

// What the hall display and the desk show of one community's day.
struct HallBoard {
  std::string community_code;
  std::string community_name;
  std::string service_date;
  std::vector<QueueTicket> called;   // called tickets, the latest call first
  std::vector<QueueTicket> waiting;  // waiting tickets in order (at most the limit asked)
  int64_t waiting_count = 0;
};

// B2a: urban communities and those with at least one enabled kiosk, by place.
struct KioskCoverageRow {
  std::string code;
  std::string name;
  int64_t urban_communities = 0;
  int64_t with_kiosk = 0;
};
struct KioskCoverage {
  std::string division_code;
  std::vector<KioskCoverageRow> rows;
  KioskCoverageRow total;
};

class KioskRepository {
 public:
  virtual ~KioskRepository() = default;
  // The community's name and kind ("urban", "village", …) when `code` is an active community.
  struct Community {
    std::string name;
    std::string kind;
  };
  virtual core::Result<std::optional<Community>> FindCommunity(std::string_view code) = 0;
  virtual core::Result<Kiosk> Insert(const Kiosk& kiosk, std::string_view token_hash) = 0;
  virtual core::Result<std::vector<Kiosk>> List(std::string_view community_code,
                                                const core::Scope& scope) = 0;
  virtual core::Result<std::optional<Kiosk>> Find(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<Kiosk> Disable(int64_t id, int64_t at) = 0;
  // Replaces the token hash of an enabled kiosk, issued at `at` and not yet seen; false when it
  // was disabled meanwhile.
  virtual core::Result<bool> ReplaceTokenHash(int64_t id, std::string_view token_hash,
                                              int64_t at) = 0;
  // The enabled kiosk holding this token hash; marks it seen at `now` (at most once a minute)
  // unless its token has expired (TokenExpired), so an expired token stays expired.
  virtual core::Result<std::optional<Kiosk>> Authenticate(std::string_view token_hash,
                                                          int64_t now) = 0;
  virtual core::Result<KioskCoverage> Coverage(std::string_view division_code, size_t group_length,
                                               const core::Scope& scope) = 0;
  // The enabled kiosks in scope whose token expires before `before`, soonest first (at most
  // `limit`), and how many there are in all.
  struct Expiring {
    std::vector<Kiosk> kiosks;
    int64_t total = 0;
  };
  virtual core::Result<Expiring> ExpiringTokens(int64_t before, size_t limit,
                                                const core::Scope& scope) = 0;
  // Communities with a kiosk (not a display) registered before `at` and not disabled by then
  // (B2a as of a date; unscoped).
  virtual core::Result<std::vector<std::string>> CommunitiesWithKioskAt(int64_t at) = 0;

  // Takes the community's next number of the day and inserts the waiting ticket, in one
  // transaction (concurrent takes get distinct numbers on both engines).
  virtual core::Result<QueueTicket> TakeTicket(const QueueTicket& ticket) = 0;
  virtual core::Result<std::optional<QueueTicket>> FindTicket(int64_t id,
                                                              const core::Scope& scope) = 0;
  // Moves the ticket from `from` to `to` if it is still in `from` (false otherwise).
  virtual core::Result<bool> MoveTicket(int64_t id, TicketState from, TicketState to,
                                        std::string_view desk, int64_t at) = 0;
  // The day's first waiting ticket of the community.
  virtual core::Result<std::optional<QueueTicket>> FirstWaiting(std::string_view community_code,
                                                                std::string_view date) = 0;
  virtual core::Result<HallBoard> Board(std::string_view community_code, std::string_view date,
                                        size_t called_limit, size_t waiting_limit) = 0;
  // Every day's tickets; ordered by number.
  virtual core::Result<std::vector<QueueTicket>> Tickets(std::string_view community_code,
                                                         std::string_view date) = 0;
  // Closes waiting, called and skipped tickets of dates up to `through_date`; the count closed.
  virtual core::Result<int64_t> CloseThrough(std::string_view through_date, int64_t at) = 0;
};

}  // namespace linli::kiosks

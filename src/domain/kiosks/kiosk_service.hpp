// KioskService: registering kiosks and hall displays per community (kiosks.manage), their device
// tokens, queue tickets taken at a kiosk or at the desk (services.handle), 叫号 from the desk, the
// hall board, B2a coverage (urban communities with an enabled kiosk) and the after-hours close.
//
// A device token is 32 random bytes (base64url), returned once by Register and stored only as its
// SHA-256 (as session tokens are); a token reaches only its own community, and a disabled kiosk's
// token stops working at once. Places outside the caller's scope read as missing (404).
// Thread-safety: thread-safe (no state of its own beyond the references it holds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/kiosks/kiosks.hpp"
#include "domain/scheduler/scheduler.hpp"

namespace linli::kiosks {

// How many called and waiting tickets a board shows.
inline constexpr size_t kBoardCalled = 6;
inline constexpr size_t kBoardWaiting = 10;

class KioskService {
 public:
  // REQUIRES: repository and clock outlive the service.
  KioskService(KioskRepository& repository, const core::Clock& clock);

  // ----- kiosks (kiosks.manage) -----
  core::Result<RegisteredKiosk> Register(const NewKiosk& input, const access::Caller& caller);
  // The kiosks of one community (or of the whole scope when community_code is empty).
  core::Result<std::vector<Kiosk>> List(std::string_view community_code,
                                        const access::Caller& caller);
  core::Result<Kiosk> Disable(int64_t id, const access::Caller& caller);
  // A new device token for an enabled kiosk (shown once): the old one stops at once, so a token
  // seen by someone else is replaced without registering the device again. 409 when disabled.
  core::Result<RegisteredKiosk> ReplaceToken(int64_t id, const access::Caller& caller);
  // The enabled kiosks in the caller's scope whose device token stops working within two weeks
  // (or has stopped), soonest first, at most `limit` of them with the total (none without
  // kiosks.manage).
  core::Result<KioskRepository::Expiring> ExpiringTokens(size_t limit,
                                                         const access::Caller& caller);
  // B2a by place under division_code (a city by county, a county by town, a town by community).
  core::Result<KioskCoverage> Coverage(std::string_view division_code,
                                       const access::Caller& caller);

  // ----- the device (its token) -----
  // The enabled kiosk of the token; kUnauthenticated for a missing, unknown or disabled one.
  core::Result<Kiosk> Authenticate(std::string_view device_token);
  // The same, for what only a kiosk may do (not a hall display): 403 for a display.
  core::Result<Kiosk> AuthenticateKiosk(std::string_view device_token);
  // A ticket from a kiosk (not a display) for its own community.
  core::Result<QueueTicket> TakeTicketAtKiosk(std::string_view device_token,
                                              std::string_view category);
  core::Result<HallBoard> DeviceBoard(std::string_view device_token);

  // ----- the desk (services.handle / services.read) -----
  core::Result<QueueTicket> TakeTicketAtDesk(std::string_view community_code,
                                             std::string_view category,
                                             const access::Caller& caller);
  // 叫号: the day's first waiting ticket becomes called at `desk`; nullopt when none waits.
  core::Result<std::optional<QueueTicket>> CallNext(std::string_view community_code,
                                                    std::string_view desk,
                                                    const access::Caller& caller);
  // recall, serve or skip one ticket (call and close are not the desk's to send by id).
  core::Result<QueueTicket> Act(int64_t ticket_id, std::string_view action, std::string_view desk,
                                const access::Caller& caller);
  core::Result<HallBoard> Board(std::string_view community_code, const access::Caller& caller);
  // Every ticket of the community's day, by number.
  core::Result<std::vector<QueueTicket>> Tickets(std::string_view community_code,
                                                 const access::Caller& caller);

  // ----- the after-hours job -----
  // Closes every unserved ticket of the China date of `at` and earlier; the count closed.
  core::Result<int64_t> CloseDay(int64_t at);

 private:
  core::Result<KioskRepository::Community> CommunityIn(std::string_view code,
                                                       const core::Scope& scope, const char* field);
  core::Result<QueueTicket> Take(std::string_view community_code, std::string_view category,
                                 std::optional<int64_t> kiosk_id, std::optional<int64_t> taken_by);
  std::string Today() const;

  KioskRepository& repository_;
  const core::Clock& clock_;
};

inline constexpr std::string_view kCloseTicketsJobName = "kiosks.close_tickets";
// The job that closes the day's unserved tickets each day at close_time ("HH:MM", China time).
core::Result<scheduler::Job> CloseTicketsJob(KioskService& service, std::string_view close_time);

}  // namespace linli::kiosks

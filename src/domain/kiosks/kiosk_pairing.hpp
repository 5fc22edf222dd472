// Signing in at a kiosk by scanning a code shown on it with one's signed-in phone (issue 17
// item 5; decision 0028) — the alternative to phone + SMS code (decision 0027).
//
// The kiosk (an enabled kiosk of kind `kiosk`: KioskService::AuthenticateKiosk, the gate of the
// SMS sign-in, so 401 without its token and 403 for a hall display) opens a one-time challenge:
// 32 random bytes (base64url), returned once and stored only as their SHA-256, bound to the
// kiosk and good for kPairingLifetimeMs. The kiosk shows it as a QR code of the web app's
// /kiosk-pair?c=<secret> and polls the challenge by its id. A resident signed in on their phone
// (an account bound to a registered person: self.services and resident_id) opens that page,
// sees which hall's kiosk asks and approves: once, before it expires, while the kiosk is
// enabled. The kiosk's next poll consumes the approved challenge, exactly once (a guarded
// UPDATE), and the route starts the resident's short kiosk session
// (self_service::kKioskSessionTtlMs).
//
// Unknown, expired, approved, consumed or replaced challenges are one error to the phone
// (404 "二维码已失效…"), which says nothing of whether the secret ever existed. Approvals and
// sign-ins are audited as the SMS sign-in's are (action `verification`, subject type
// `kiosk_pairing`, step `approved` / `signed_in`) under the resident's community. A kiosk has
// one live challenge (a new one replaces the older), and every new challenge deletes the expired
// ones of every kiosk: the table stays about one row per kiosk.
// Thread-safety: thread-safe (no state of its own beyond the references it holds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "domain/access/account.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/kiosks/kiosk_service.hpp"

namespace linli::kiosks {

// How long a kiosk's code may be scanned and approved.
inline constexpr int64_t kPairingLifetimeMs = 2 * 60 * 1000;

enum class PairingState {
  kPending,   // shown, not yet approved
  kApproved,  // approved by a phone; the kiosk's next poll signs the resident in
  kExpired,   // expired, consumed, replaced or unknown: the kiosk asks for a new one
};
inline constexpr core::EnumNames<PairingState, 3> kPairingStateNames{{
    {PairingState::kPending, "pending", "等待手机确认"},
    {PairingState::kApproved, "approved", "已确认"},
    {PairingState::kExpired, "expired", "已失效"},
}};

// One challenge as stored (table kiosk_pairings).
struct Pairing {
  int64_t id = 0;
  int64_t kiosk_id = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> approved_at;
  std::optional<int64_t> account_id;  // the approving account
  std::optional<int64_t> consumed_at;
};

// A challenge just opened, with its secret (shown once, in the QR code).
struct OpenedPairing {
  int64_t id = 0;
  std::string secret;
  int64_t expires_at = 0;
};

// What the phone shows before approving: which community hall's kiosk asks.
struct PairingRequest {
  int64_t id = 0;
  int64_t kiosk_id = 0;
  std::string kiosk_name;
  std::string location;
  std::string community_code;
  std::string community_name;
  int64_t expires_at = 0;
};

// A kiosk's poll. `account` is set only on the poll that consumed the approved challenge: the
// caller starts that account's kiosk session.
struct PairingPoll {
  PairingState state = PairingState::kPending;
  int64_t expires_at = 0;
  std::optional<access::Account> account;
};

class PairingRepository {
 public:
  virtual ~PairingRepository() = default;
  // In one transaction: deletes the kiosk's other challenges and every challenge expired at
  // `pairing.created_at`, and inserts this one. Returns its id.
  virtual core::Result<int64_t> Open(const Pairing& pairing, std::string_view secret_hash) = 0;
  // The kiosk's challenge `id` (nullopt for another kiosk's or a deleted one).
  virtual core::Result<std::optional<Pairing>> Find(int64_t id, int64_t kiosk_id) = 0;
  // The challenge of this secret when it is pending at `now` (not approved, not consumed, not
  // expired) and its kiosk is enabled, with the kiosk and its community.
  virtual core::Result<std::optional<PairingRequest>> FindPending(std::string_view secret_hash,
                                                                  int64_t now) = 0;
  // Approves the challenge for the account if it is still pending at `now`; false otherwise.
  virtual core::Result<bool> Approve(int64_t id, int64_t account_id, int64_t now) = 0;
  // Consumes the challenge if it is approved, not consumed and not expired at `now`; false
  // otherwise (two polls at once: one wins).
  virtual core::Result<bool> Consume(int64_t id, int64_t now) = 0;
  // How many challenges are stored (tests and the bound).
  virtual core::Result<int64_t> Count() = 0;
};

struct PairingDependencies {
  PairingRepository& pairings;
  KioskService& kiosks;                 // the kiosk's gate (AuthenticateKiosk)
  access::AccountRepository& accounts;  // the approving account, read again at sign-in
  audit::AuditLog* audit_log = nullptr;
  const core::Clock& clock;
  std::string city_code;  // where audit records without a resident's place go
  int64_t lifetime_ms = kPairingLifetimeMs;
};

class KioskPairingService {
 public:
  explicit KioskPairingService(PairingDependencies dependencies);

  // ----- the kiosk (its device token; 401 without, 403 for a hall display) -----
  // A new challenge for the kiosk; its older ones stop.
  core::Result<OpenedPairing> Open(std::string_view device_token);
  // The state of the kiosk's challenge `id`. An approved one is consumed by this call (once) and
  // its account returned, when that account is still an enabled resident account bound to a
  // person (otherwise expired). `caller` is the anonymous caller at the kiosk (audit).
  core::Result<PairingPoll> Poll(std::string_view device_token, int64_t id,
                                 const access::Caller& caller);

  // ----- the resident's phone (self.services, bound to a person) -----
  // Which kiosk asks; 404 (kExpiredCode) for anything but a pending challenge.
  core::Result<PairingRequest> Describe(std::string_view secret, const access::Caller& caller);
  // Approves the challenge for the caller's account; the same 404 otherwise.
  core::Result<PairingRequest> Approve(std::string_view secret, const access::Caller& caller);

 private:
  core::Status CheckResident(const access::Caller& caller) const;
  core::Result<std::optional<PairingRequest>> Pending(std::string_view secret) const;

  PairingDependencies d_;
};

}  // namespace linli::kiosks

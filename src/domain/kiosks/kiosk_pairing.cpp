#include "domain/kiosks/kiosk_pairing.hpp"

#include <algorithm>
#include <utility>

#include "domain/access/secret.hpp"

namespace linli::kiosks {

namespace {

using access::Permission;

constexpr size_t kSecretBytes = 32;  // 256 bits; base64url: 43 characters
constexpr size_t kMaxSecretLength = 100;

// The one answer to the phone for a secret that is not a pending challenge, whatever it is.
core::Error ExpiredCode() {
  return core::Error::NotFound("二维码已失效，请重新扫描自助终端上的二维码");
}

bool WellFormedSecret(std::string_view secret) {
  return !secret.empty() && secret.size() <= kMaxSecretLength &&
         std::all_of(secret.begin(), secret.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

bool IsResidentAccount(const access::Account& account) {
  return !account.disabled && account.resident_id &&
         std::any_of(
             account.grants.begin(), account.grants.end(),
             [](const access::RoleGrant& grant) { return grant.role == access::Role::kResident; });
}

}  // namespace

KioskPairingService::KioskPairingService(PairingDependencies dependencies)
    : d_(std::move(dependencies)) {}

core::Result<OpenedPairing> KioskPairingService::Open(std::string_view device_token) {
  ASSIGN_OR_RETURN(Kiosk kiosk, d_.kiosks.AuthenticateKiosk(device_token));
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(std::string secret, access::RandomToken(kSecretBytes));
  Pairing pairing;
  pairing.kiosk_id = kiosk.id;
  pairing.created_at = now;
  pairing.expires_at = now + d_.lifetime_ms;
  ASSIGN_OR_RETURN(int64_t id, d_.pairings.Open(pairing, access::Sha256Hex(secret)));
  return OpenedPairing{id, std::move(secret), pairing.expires_at};
}

core::Result<PairingPoll> KioskPairingService::Poll(std::string_view device_token, int64_t id,
                                                    const access::Caller& caller) {
  ASSIGN_OR_RETURN(Kiosk kiosk, d_.kiosks.AuthenticateKiosk(device_token));
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto pairing, d_.pairings.Find(id, kiosk.id));
  PairingPoll poll;
  poll.state = PairingState::kExpired;
  if (!pairing || pairing->consumed_at || pairing->expires_at <= now) return poll;
  if (!pairing->approved_at || !pairing->account_id) {
    poll.state = PairingState::kPending;
    poll.expires_at = pairing->expires_at;
    return poll;
  }
  // Approved: this poll signs the resident in, once.
  ASSIGN_OR_RETURN(bool consumed, d_.pairings.Consume(pairing->id, now));
  if (!consumed) return poll;
  ASSIGN_OR_RETURN(auto account, d_.accounts.FindById(*pairing->account_id));
  // Disabled or unbound since approving: no session.
  if (!account || !IsResidentAccount(*account)) return poll;
  if (d_.audit_log != nullptr) {
    TRY(d_.audit_log->Append(caller.AuditEntry(
        audit::AuditAction::kVerification, "kiosk_pairing", "signed_in",
        account->grants.empty() ? d_.city_code : account->grants.front().scope_code,
        "{\"account\":\"" + account->username + "\",\"kiosk\":" + std::to_string(kiosk.id) + "}",
        now)));
  }
  account->password_hash.clear();
  poll.state = PairingState::kApproved;
  poll.expires_at = pairing->expires_at;
  poll.account = std::move(*account);
  return poll;
}

core::Status KioskPairingService::CheckResident(const access::Caller& caller) const {
  if (!caller.Has(Permission::kSelfServices)) {
    return core::Error::PermissionDenied("只有居民账号可以扫码登录自助终端");
  }
  if (!caller.resident_id()) {
    return core::Error::FailedPrecondition(
        "账号尚未绑定居民登记信息：请用身份证号和手机验证码注册，或到社区服务中心绑定");
  }
  return core::Ok();
}

core::Result<std::optional<PairingRequest>> KioskPairingService::Pending(
    std::string_view secret) const {
  if (!WellFormedSecret(secret)) return std::optional<PairingRequest>();
  return d_.pairings.FindPending(access::Sha256Hex(secret), d_.clock.NowMillis());
}

core::Result<PairingRequest> KioskPairingService::Describe(std::string_view secret,
                                                           const access::Caller& caller) {
  TRY(CheckResident(caller));
  ASSIGN_OR_RETURN(auto pending, Pending(secret));
  if (!pending) return ExpiredCode();
  return std::move(*pending);
}

core::Result<PairingRequest> KioskPairingService::Approve(std::string_view secret,
                                                          const access::Caller& caller) {
  TRY(CheckResident(caller));
  ASSIGN_OR_RETURN(auto pending, Pending(secret));
  if (!pending) return ExpiredCode();
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(bool approved, d_.pairings.Approve(pending->id, caller.account_id(), now));
  if (!approved) return ExpiredCode();  // approved or expired meanwhile
  if (d_.audit_log != nullptr) {
    const std::string place = caller.PlaceOf({access::Role::kResident});
    TRY(d_.audit_log->Append(caller.AuditEntry(audit::AuditAction::kVerification, "kiosk_pairing",
                                               "approved", place.empty() ? d_.city_code : place,
                                               "{\"kiosk\":" + std::to_string(pending->kiosk_id) +
                                                   ",\"kiosk_community\":\"" +
                                                   pending->community_code + "\"}",
                                               now)));
  }
  return std::move(*pending);
}

}  // namespace linli::kiosks

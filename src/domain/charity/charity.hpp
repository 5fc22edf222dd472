// Community charity (社区慈善, plan row A7; glossary CommunityFund, DonationPoint): a community's
// charity funds (CommunityFund), the donations they receive — money in fen or goods in kind, at a
// donation point (a facility of type donation_point) — the charity needs a community posts, and
// the disbursements from a fund to a need or a named purpose, approved by the fund's managers.
// Money is an integer number of fen throughout. Every money movement is one entry of the fund's
// ledger, append-only; a mistake is corrected by a reversing entry. The repository keeps each
// fund's stored balance in the same transaction as its entries and never lets it go negative.
// Thread-safety: plain values; the repository is implemented by storage/charity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::charity {

enum class FundStatus { kActive, kClosed };
inline constexpr core::EnumNames<FundStatus, 2> kFundStatusNames{{
    {FundStatus::kActive, "active", "运行中"},
    {FundStatus::kClosed, "closed", "已关闭"},
}};

enum class DonationKind { kMoney, kInKind };
inline constexpr core::EnumNames<DonationKind, 2> kDonationKindNames{{
    {DonationKind::kMoney, "money", "资金"},
    {DonationKind::kInKind, "in_kind", "物资"},
}};

enum class NeedStatus { kOpen, kPartly, kFulfilled, kClosed };
inline constexpr core::EnumNames<NeedStatus, 4> kNeedStatusNames{{
    {NeedStatus::kOpen, "open", "待资助"},
    {NeedStatus::kPartly, "partly", "部分资助"},
    {NeedStatus::kFulfilled, "fulfilled", "已满足"},
    {NeedStatus::kClosed, "closed", "已关闭"},
}};

enum class DisbursementStatus { kPending, kApproved, kRejected, kReversed };
inline constexpr core::EnumNames<DisbursementStatus, 4> kDisbursementStatusNames{{
    {DisbursementStatus::kPending, "pending", "待审批"},
    {DisbursementStatus::kApproved, "approved", "已拨付"},
    {DisbursementStatus::kRejected, "rejected", "未批准"},
    {DisbursementStatus::kReversed, "reversed", "已冲正"},
}};

enum class EntryKind { kDonation, kDisbursement, kReversal };
inline constexpr core::EnumNames<EntryKind, 3> kEntryKindNames{{
    {EntryKind::kDonation, "donation", "捐赠收入"},
    {EntryKind::kDisbursement, "disbursement", "资助支出"},
    {EntryKind::kReversal, "reversal", "冲正"},
}};

struct Fund {
  int64_t id = 0;
  std::string community_code;
  std::string community_name;  // filled by the repository
  std::string name;
  std::string opened_on;  // YYYY-MM-DD
  FundStatus status = FundStatus::kActive;
  std::string managing_organisation;
  int64_t balance_fen = 0;  // stored; equals the sum of the ledger's entries
  int64_t created_by = 0;
  int64_t created_at = 0;
  bool synthetic = false;
};

struct Donation {
  int64_t id = 0;
  int64_t fund_id = 0;
  std::string community_code;  // the fund's, filled by the repository
  DonationKind kind = DonationKind::kMoney;
  int64_t amount_fen = 0;  // money only
  std::string item;        // in kind only
  int64_t quantity = 0;
  std::string unit;
  int64_t estimated_value_fen = 0;
  std::string donor_name;  // "" when anonymous
  bool anonymous = false;
  std::string donor_phone;  // normalised, "" when not given; masked by the service
  std::string donated_on;   // YYYY-MM-DD
  std::optional<int64_t> facility_id;
  std::string facility_name;  // filled by the repository
  bool reversed = false;
  int64_t recorded_by = 0;
  std::string recorded_by_name;
  int64_t recorded_at = 0;
  bool synthetic = false;
};

struct Need {
  int64_t id = 0;
  std::string community_code;
  std::string community_name;  // filled by the repository
  std::string title;
  std::string description;
  int64_t amount_fen = 0;
  int64_t disbursed_fen = 0;
  NeedStatus status = NeedStatus::kOpen;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  bool synthetic = false;
};

struct Disbursement {
  int64_t id = 0;
  int64_t fund_id = 0;
  std::string community_code;  // the fund's, filled by the repository
  std::string fund_name;       // filled by the repository
  std::optional<int64_t> need_id;
  std::string need_title;  // filled by the repository
  std::string purpose;
  int64_t amount_fen = 0;
  DisbursementStatus status = DisbursementStatus::kPending;
  int64_t requested_by = 0;
  std::string requested_by_name;
  int64_t requested_at = 0;
  int64_t decided_by = 0;
  std::string decided_by_name;
  int64_t decided_at = 0;
  std::string decision_note;
  std::string paid_on;  // YYYY-MM-DD once approved
  bool synthetic = false;
};

struct LedgerEntry {
  int64_t id = 0;
  int64_t fund_id = 0;
  EntryKind kind = EntryKind::kDonation;
  int64_t amount_fen = 0;  // signed
  std::optional<int64_t> donation_id;
  std::optional<int64_t> disbursement_id;
  std::optional<int64_t> reverses_entry_id;
  std::string entry_on;  // YYYY-MM-DD
  std::string note;
  int64_t at = 0;
  int64_t actor_id = 0;
  std::string actor_name;
  bool synthetic = false;
};

// One fund's balance recomputed from its entries beside the stored one.
struct FundCheck {
  int64_t fund_id = 0;
  std::string fund_name;
  std::string community_code;
  int64_t stored_fen = 0;
  int64_t recomputed_fen = 0;
  int64_t entries = 0;
  bool balanced() const { return stored_fen == recomputed_fen; }
};

// Who posts an entry, and when (the audit entry of the same transaction is separate).
struct Posting {
  std::string entry_on;  // YYYY-MM-DD
  int64_t at = 0;
  int64_t actor_id = 0;
  std::string actor_name;
  std::string note;
};

class CharityRepository {
 public:
  virtual ~CharityRepository() = default;

  virtual core::Result<Fund> InsertFund(const Fund& fund, const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Fund>> FindFund(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<std::vector<Fund>> ListFunds(const std::string& place_prefix,
                                                    const core::Scope& scope) = 0;

  // Inserts the donation; a money donation also posts its entry and raises the balance. All
  // with the audit record, in one transaction.
  virtual core::Result<Donation> RecordDonation(const Donation& donation, const Posting& posting,
                                                const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::vector<Donation>> ListDonations(int64_t fund_id, size_t limit) = 0;

  virtual core::Result<Need> InsertNeed(const Need& need, const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Need>> FindNeed(int64_t id, const core::Scope& scope) = 0;
  virtual core::Result<std::vector<Need>> ListNeeds(const std::string& place_prefix,
                                                    std::optional<NeedStatus> status,
                                                    const core::Scope& scope) = 0;
  // Closes an open or partly met need (false when it was neither).
  virtual core::Result<bool> CloseNeed(int64_t id, const audit::AuditEntry& entry) = 0;

  virtual core::Result<Disbursement> InsertDisbursement(const Disbursement& disbursement,
                                                        const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::optional<Disbursement>> FindDisbursement(int64_t id,
                                                                     const core::Scope& scope) = 0;
  // fund_id 0: every fund in scope.
  virtual core::Result<std::vector<Disbursement>> ListDisbursements(
      int64_t fund_id, std::optional<DisbursementStatus> status, const core::Scope& scope) = 0;
  // Approves a pending disbursement: posts its (negative) entry, lowers the balance and adds to
  // the need it meets. kFailedPrecondition and nothing changed when the balance is short or the
  // disbursement is no longer pending.
  virtual core::Result<Disbursement> ApproveDisbursement(int64_t id, const Posting& posting,
                                                         const audit::AuditEntry& entry) = 0;
  virtual core::Result<Disbursement> RejectDisbursement(int64_t id, const Posting& posting,
                                                        const audit::AuditEntry& entry) = 0;

  // Posts the reversing entry of entry `entry_id` of fund `fund_id` and marks its donation or
  // disbursement reversed. kFailedPrecondition, nothing changed, when it is a reversal, already
  // reversed, or would leave the balance negative.
  virtual core::Result<LedgerEntry> Reverse(int64_t fund_id, int64_t entry_id,
                                            const Posting& posting,
                                            const audit::AuditEntry& entry) = 0;
  virtual core::Result<std::vector<LedgerEntry>> ListEntries(int64_t fund_id) = 0;
  // Every fund in scope recomputed from its entries.
  virtual core::Result<std::vector<FundCheck>> Verify(const core::Scope& scope) = 0;
};

}  // namespace linli::charity

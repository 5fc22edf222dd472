// CharityService: community charity funds, donations, needs and disbursements (charity.hpp).
// Reads use charity.read in the caller's scope; writes charity.manage; approving or rejecting a
// disbursement charity.approve (the fund's managers: officials whose scope covers the fund's
// community), never by the account that asked for it. Donor phones are masked unless the caller
// holds people.personal_data over the fund's community; such an unmasked read is audited. Every
// write is audited in its own transaction; a failed request changes nothing.
// The public disclosure of a fund (no sign-in) names no phone and masks every donor.
// Thread-safety: thread-safe (no state beyond the references it holds).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/access/caller.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/charity/charity.hpp"

namespace linli::charity {

struct NewFund {
  std::string community_code;
  std::string name;
  std::string opened_on;
  std::string managing_organisation;
};

struct NewDonation {
  int64_t fund_id = 0;
  std::string kind;  // money | in_kind
  int64_t amount_fen = 0;
  std::string item;
  int64_t quantity = 0;
  std::string unit;
  int64_t estimated_value_fen = 0;
  std::string donor_name;
  bool anonymous = false;
  std::string donor_phone;
  std::string donated_on;
  std::optional<int64_t> facility_id;
};

struct NewNeed {
  std::string community_code;
  std::string title;
  std::string description;
  int64_t amount_fen = 0;
};

struct NewDisbursement {
  int64_t fund_id = 0;
  std::optional<int64_t> need_id;
  std::string purpose;
  int64_t amount_fen = 0;
};

struct DonationList {
  std::vector<Donation> items;
  bool phones_unmasked = false;
};

// A fund's public disclosure: what came in and went out each month, each donation with its
// donor masked, each disbursement paid and the need it met.
struct MonthTotals {
  std::string month;  // YYYY-MM
  int64_t income_fen = 0;
  int64_t spending_fen = 0;
};
struct PublicDonation {
  int64_t id = 0;
  std::string donor;  // 张** or 匿名
  std::string kind;
  int64_t amount_fen = 0;
  std::string item;
  int64_t quantity = 0;
  std::string unit;
  int64_t estimated_value_fen = 0;
  std::string donated_on;
};
struct PublicDisbursement {
  int64_t id = 0;
  std::string purpose;
  std::optional<int64_t> need_id;
  std::string need_title;
  int64_t amount_fen = 0;
  std::string paid_on;
};
struct Disclosure {
  Fund fund;
  std::vector<MonthTotals> months;
  std::vector<PublicDonation> donations;
  std::vector<PublicDisbursement> disbursements;
  int64_t income_fen = 0;
  int64_t spending_fen = 0;
};

// The largest amount of one donation, need or disbursement: 100 million yuan in fen.
inline constexpr int64_t kMaxFen = int64_t{10'000'000'000};

// "张**" for a name (its first character kept), "匿名" when anonymous or empty.
std::string MaskDonor(const std::string& name, bool anonymous);

class CharityService {
 public:
  // REQUIRES: the repository, the audit log and the clock outlive the service.
  CharityService(CharityRepository& repository, audit::AuditLog& audit, const core::Clock& clock);

  core::Result<Fund> CreateFund(const NewFund& input, const access::Caller& caller);
  core::Result<std::vector<Fund>> ListFunds(const std::string& place_prefix,
                                            const access::Caller& caller);
  core::Result<Fund> GetFund(int64_t id, const access::Caller& caller);

  core::Result<Donation> RecordDonation(const NewDonation& input, const access::Caller& caller);
  core::Result<DonationList> ListDonations(int64_t fund_id, const access::Caller& caller);

  core::Result<Need> PostNeed(const NewNeed& input, const access::Caller& caller);
  core::Result<std::vector<Need>> ListNeeds(const std::string& place_prefix,
                                            const std::string& status,
                                            const access::Caller& caller);
  core::Result<Need> CloseNeed(int64_t id, const access::Caller& caller);

  core::Result<Disbursement> RequestDisbursement(const NewDisbursement& input,
                                                 const access::Caller& caller);
  core::Result<std::vector<Disbursement>> ListDisbursements(int64_t fund_id,
                                                            const std::string& status,
                                                            const access::Caller& caller);
  core::Result<Disbursement> Approve(int64_t id, const std::string& note,
                                     const access::Caller& caller);
  core::Result<Disbursement> Reject(int64_t id, const std::string& note,
                                    const access::Caller& caller);

  core::Result<std::vector<LedgerEntry>> Ledger(int64_t fund_id, const access::Caller& caller);
  core::Result<LedgerEntry> Reverse(int64_t fund_id, int64_t entry_id, const std::string& reason,
                                    const access::Caller& caller);
  // Each fund in the caller's charity.read scope (everything for the command line).
  core::Result<std::vector<FundCheck>> Verify(const access::Caller& caller);

  // Synthetic funds for `linli seed` (marked synthetic): in every fourth of `communities` (at most
  // 40), a fund opened a year before today with a year of donations (money and in kind), needs,
  // and monthly disbursements approved within the balance — deterministic for a seed. Does
  // nothing (0) when synthetic funds exist already. Returns the funds written.
  core::Result<int64_t> SeedSynthetic(const std::vector<std::string>& communities, uint64_t seed);

  // No sign-in: any fund by id.
  core::Result<Disclosure> PublicDisclosure(int64_t fund_id);

 private:
  core::Result<Fund> FundIn(int64_t id, const core::Scope& scope);
  Posting PostingBy(const access::Caller& caller, std::string note) const;

  CharityRepository& repository_;
  audit::AuditLog& audit_;
  const core::Clock& clock_;
};

}  // namespace linli::charity

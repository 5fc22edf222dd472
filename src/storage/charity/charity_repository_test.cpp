// Community charity over the SQL repository, on SQLite and (LINLI_TEST_PG_URL) PostgreSQL: money
// donations post to the ledger and the balance; a disbursement approved by a manager pays a need;
// one larger than the balance is refused and changes nothing; reversals correct; the ledger
// refuses UPDATE and DELETE; the balance check finds a tampered balance or a removed entry; donor
// phones are masked unless the caller may see personal data (then audited); the public
// disclosure masks every donor and names no phone.
#include "storage/charity/charity_repository.hpp"

#include <gtest/gtest.h>

#include "domain/charity/charity_service.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::charity {
namespace {

using access::Caller;
using access::Role;
using people::testing::CallerWith;
using people::testing::kCommunityA;
using people::testing::kCommunityC;

class CharityRepositoryTest : public people::testing::PeopleEnginesTest {
 protected:
  void SetUp() override {
    PeopleEnginesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    repository_ = storage::MakeSqlCharityRepository(f_.db(), f_.keys_.get());
    service_ = std::make_unique<CharityService>(*repository_, *f_.audit_log_, f_.clock_);
    NewFund input{kCommunityA, "东关社区慈善基金", "2025-03-01", "东关社区居委会"};
    auto fund = service_->CreateFund(input, worker_);
    ASSERT_TRUE(fund.ok()) << fund.error().message;
    fund_ = fund->id;
  }

  Donation Give(int64_t fen, const std::string& donor = "张三丰",
                const std::string& phone = "13812345678") {
    NewDonation d;
    d.fund_id = fund_;
    d.kind = "money";
    d.amount_fen = fen;
    d.donor_name = donor;
    d.donor_phone = phone;
    d.donated_on = "2025-06-15";
    auto stored = service_->RecordDonation(d, worker_);
    EXPECT_TRUE(stored.ok()) << stored.error().message;
    return stored.ok() ? *stored : Donation{};
  }

  int64_t Balance() { return service_->GetFund(fund_, worker_)->balance_fen; }
  size_t EntryCount() { return service_->Ledger(fund_, worker_)->size(); }

  core::Status Exec(const std::string& sql) {
    ASSIGN_OR_RETURN(auto connection, f_.db().Acquire());
    ASSIGN_OR_RETURN(auto ignored, connection->Query(sql));
    return core::Ok();
  }

  Caller worker_ = CallerWith(Role::kCommunityWorker, kCommunityA, 11);
  Caller clerk_ = CallerWith(Role::kCommunityWorker, kCommunityA, 12);
  Caller town_ = CallerWith(Role::kTownOfficial, "321002001", 21);
  Caller far_town_ = CallerWith(Role::kTownOfficial, kCommunityC, 22);
  std::unique_ptr<CharityRepository> repository_;
  std::unique_ptr<CharityService> service_;
  int64_t fund_ = 0;
};

TEST_P(CharityRepositoryTest, DonationsPostToTheLedgerAndApprovedDisbursementsPayNeeds) {
  Give(50'000);
  NewDonation goods;
  goods.fund_id = fund_;
  goods.kind = "in_kind";
  goods.item = "大米";
  goods.quantity = 20;
  goods.unit = "袋";
  goods.estimated_value_fen = 100'00 * 20;
  goods.anonymous = true;
  goods.donated_on = "2025-07-01";
  ASSERT_TRUE(service_->RecordDonation(goods, worker_).ok());
  EXPECT_EQ(Balance(), 50'000);  // goods are not money
  EXPECT_EQ(EntryCount(), 1u);

  auto need =
      service_->PostNeed({kCommunityA, "困难家庭冬衣", "为 5 户困难家庭购置冬衣", 40'000}, worker_);
  ASSERT_TRUE(need.ok()) << need.error().message;
  auto asked = service_->RequestDisbursement({fund_, need->id, "", 30'000}, worker_);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->status, DisbursementStatus::kPending);
  EXPECT_EQ(Balance(), 50'000);  // nothing moves before approval

  // The asker never approves; a community worker holds no charity.approve.
  EXPECT_EQ(service_->Approve(asked->id, "", worker_).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->Approve(asked->id, "", far_town_).error().code, core::ErrorCode::kNotFound);
  auto approved = service_->Approve(asked->id, "同意", town_);
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->status, DisbursementStatus::kApproved);
  EXPECT_EQ(approved->decided_by, 21);
  EXPECT_EQ(Balance(), 20'000);
  EXPECT_EQ(service_->Approve(asked->id, "", town_).error().code,
            core::ErrorCode::kFailedPrecondition);
  auto needs = service_->ListNeeds("", "", worker_);
  ASSERT_TRUE(needs.ok());
  ASSERT_EQ(needs->size(), 1u);
  EXPECT_EQ(needs->at(0).status, NeedStatus::kPartly);
  EXPECT_EQ(needs->at(0).disbursed_fen, 30'000);

  auto rest = service_->RequestDisbursement({fund_, need->id, "", 10'000}, worker_);
  ASSERT_TRUE(rest.ok());
  ASSERT_TRUE(service_->Approve(rest->id, "", town_).ok());
  EXPECT_EQ(service_->ListNeeds("", "fulfilled", worker_)->size(), 1u);

  auto checks = service_->Verify(town_);
  ASSERT_TRUE(checks.ok());
  ASSERT_EQ(checks->size(), 1u);
  EXPECT_TRUE(checks->at(0).balanced());
  EXPECT_EQ(checks->at(0).stored_fen, 10'000);
  EXPECT_EQ(checks->at(0).entries, 3);
  EXPECT_TRUE(service_->Verify(far_town_)->empty());

  int audited = 0;
  for (const auto& row : f_.AuditRows()) audited += row[1].rfind("charity_", 0) == 0 ? 1 : 0;
  // fund, two donations, need, two requests, two approvals
  EXPECT_EQ(audited, 8);
}

TEST_P(CharityRepositoryTest, ADisbursementLargerThanTheBalanceIsRefusedAndChangesNothing) {
  Give(10'000);
  EXPECT_EQ(
      service_->RequestDisbursement({fund_, std::nullopt, "慰问", 10'001}, worker_).error().code,
      core::ErrorCode::kFailedPrecondition);
  // Two requests each within the balance; the second approval finds it short.
  auto first = service_->RequestDisbursement({fund_, std::nullopt, "慰问孤寡老人", 8'000}, worker_);
  auto second = service_->RequestDisbursement({fund_, std::nullopt, "助学", 8'000}, worker_);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(service_->Approve(first->id, "", town_).ok());
  const size_t audit_before = f_.AuditRows().size();
  auto refused = service_->Approve(second->id, "", town_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Balance(), 2'000);
  EXPECT_EQ(EntryCount(), 2u);
  EXPECT_EQ(f_.AuditRows().size(), audit_before);
  auto still = service_->ListDisbursements(fund_, "pending", worker_);
  ASSERT_TRUE(still.ok());
  ASSERT_EQ(still->size(), 1u);
  EXPECT_EQ(still->at(0).id, second->id);
  EXPECT_EQ(still->at(0).decided_by, 0);
  ASSERT_TRUE(service_->Reject(second->id, "余额不足", town_).ok());
}

TEST_P(CharityRepositoryTest, ReversalsCorrectTheLedgerOnce) {
  const Donation gift = Give(5'000);
  Give(3'000);
  auto entries = service_->Ledger(fund_, worker_);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  const int64_t first_entry = entries->at(0).id;
  auto reversal = service_->Reverse(fund_, first_entry, "金额录错", worker_);
  ASSERT_TRUE(reversal.ok()) << reversal.error().message;
  EXPECT_EQ(reversal->amount_fen, -5'000);
  EXPECT_EQ(reversal->kind, EntryKind::kReversal);
  EXPECT_EQ(Balance(), 3'000);
  EXPECT_EQ(service_->Reverse(fund_, first_entry, "再次", worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->Reverse(fund_, reversal->id, "冲正的冲正", worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->Reverse(fund_, first_entry, "", worker_).error().code,
            core::ErrorCode::kValidationFailed);
  auto donations = service_->ListDonations(fund_, worker_);
  ASSERT_TRUE(donations.ok());
  for (const auto& d : donations->items) EXPECT_EQ(d.reversed, d.id == gift.id);

  // Spent money cannot be taken back by reversing its donation.
  auto paid = service_->RequestDisbursement({fund_, std::nullopt, "助学", 3'000}, worker_);
  ASSERT_TRUE(paid.ok());
  ASSERT_TRUE(service_->Approve(paid->id, "", town_).ok());
  EXPECT_EQ(service_->Reverse(fund_, entries->at(1).id, "误录", worker_).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Balance(), 0);
  EXPECT_TRUE(service_->Verify(worker_)->at(0).balanced());
}

TEST_P(CharityRepositoryTest, TheLedgerIsAppendOnlyAndTheCheckFindsTampering) {
  Give(5'000);
  Give(7'000);
  EXPECT_FALSE(Exec("UPDATE charity_ledger SET amount_fen = 1").ok());
  EXPECT_FALSE(Exec("DELETE FROM charity_ledger").ok());
  if (GetParam()) {
    EXPECT_FALSE(Exec("TRUNCATE charity_ledger CASCADE").ok());
  }
  EXPECT_TRUE(service_->Verify(worker_)->at(0).balanced());

  // The stored balance changed behind the ledger's back.
  ASSERT_TRUE(Exec("UPDATE charity_funds SET balance_fen = balance_fen + 100").ok());
  auto checks = service_->Verify(worker_);
  ASSERT_TRUE(checks.ok());
  EXPECT_FALSE(checks->at(0).balanced());
  EXPECT_EQ(checks->at(0).stored_fen, 12'100);
  EXPECT_EQ(checks->at(0).recomputed_fen, 12'000);
  ASSERT_TRUE(Exec("UPDATE charity_funds SET balance_fen = balance_fen - 100").ok());

  // An entry removed by someone who dropped the triggers first.
  if (GetParam()) {
    ASSERT_TRUE(Exec("DROP TRIGGER charity_ledger_no_change ON charity_ledger").ok());
  } else {
    ASSERT_TRUE(Exec("DROP TRIGGER charity_ledger_no_delete").ok());
  }
  ASSERT_TRUE(Exec("DELETE FROM charity_ledger WHERE amount_fen = 7000").ok());
  checks = service_->Verify(worker_);
  ASSERT_TRUE(checks.ok());
  EXPECT_FALSE(checks->at(0).balanced());
  EXPECT_EQ(checks->at(0).recomputed_fen, 5'000);
  EXPECT_EQ(checks->at(0).entries, 1);
}

TEST_P(CharityRepositoryTest, DonorPhonesAreMaskedUnlessPersonalDataAndThenAudited) {
  Give(1'000);
  const size_t audit_before = f_.AuditRows().size();
  auto masked = service_->ListDonations(fund_, town_);
  ASSERT_TRUE(masked.ok());
  EXPECT_FALSE(masked->phones_unmasked);
  EXPECT_EQ(masked->items.at(0).donor_phone, "138****5678");
  EXPECT_EQ(f_.AuditRows().size(), audit_before);
  auto unmasked = service_->ListDonations(fund_, worker_);
  ASSERT_TRUE(unmasked.ok());
  EXPECT_TRUE(unmasked->phones_unmasked);
  EXPECT_EQ(unmasked->items.at(0).donor_phone, "13812345678");
  const auto rows = f_.AuditRows();
  ASSERT_EQ(rows.size(), audit_before + 1);
  EXPECT_EQ(rows.back()[0], "read");
  EXPECT_EQ(rows.back()[1], "charity_donation");
}

TEST_P(CharityRepositoryTest, ThePublicDisclosureMasksDonorsAndNamesNoPhone) {
  Give(20'000, "张三丰");
  NewDonation anonymous;
  anonymous.fund_id = fund_;
  anonymous.kind = "money";
  anonymous.amount_fen = 500;
  anonymous.anonymous = true;
  anonymous.donor_phone = "13912345678";
  anonymous.donated_on = "2025-07-02";
  ASSERT_TRUE(service_->RecordDonation(anonymous, worker_).ok());
  auto need = service_->PostNeed({kCommunityA, "助学金", "资助两名学生", 10'000}, worker_);
  ASSERT_TRUE(need.ok());
  auto asked = service_->RequestDisbursement({fund_, need->id, "", 10'000}, worker_);
  ASSERT_TRUE(asked.ok());
  ASSERT_TRUE(service_->Approve(asked->id, "", town_).ok());

  auto disclosure = service_->PublicDisclosure(fund_);
  ASSERT_TRUE(disclosure.ok()) << disclosure.error().message;
  ASSERT_EQ(disclosure->donations.size(), 2u);
  EXPECT_EQ(disclosure->donations.at(0).donor, "匿名");
  EXPECT_EQ(disclosure->donations.at(1).donor, "张**");
  ASSERT_EQ(disclosure->disbursements.size(), 1u);
  EXPECT_EQ(disclosure->disbursements.at(0).need_title, "助学金");
  EXPECT_EQ(disclosure->income_fen, 20'500);
  EXPECT_EQ(disclosure->spending_fen, 10'000);
  ASSERT_EQ(disclosure->months.size(), 3u);  // June, July, and the approval's month (2026-01)
  EXPECT_EQ(disclosure->months.at(0).month, "2025-06");
  EXPECT_EQ(disclosure->months.at(0).income_fen, 20'000);
  EXPECT_EQ(disclosure->months.at(2).spending_fen, 10'000);
  EXPECT_EQ(service_->PublicDisclosure(999'999).error().code, core::ErrorCode::kNotFound);
}

TEST_P(CharityRepositoryTest, InputIsCheckedAtTheBoundary) {
  NewDonation bad;
  bad.fund_id = fund_;
  bad.kind = "money";
  bad.amount_fen = 0;
  bad.donor_name = "王五";
  bad.donated_on = "2025-06-01";
  EXPECT_EQ(service_->RecordDonation(bad, worker_).error().field, "amount_fen");
  bad.amount_fen = 100;
  bad.donated_on = "2099-01-01";
  EXPECT_EQ(service_->RecordDonation(bad, worker_).error().field, "donated_on");
  bad.donated_on = "2025-06-01";
  bad.donor_name = "王\n五";
  EXPECT_EQ(service_->RecordDonation(bad, worker_).error().field, "donor_name");
  bad.donor_name = "王五";
  bad.facility_id = 424242;
  EXPECT_EQ(service_->RecordDonation(bad, worker_).error().field, "facility_id");
  bad.facility_id.reset();
  bad.kind = "stocks";
  EXPECT_EQ(service_->RecordDonation(bad, worker_).error().field, "kind");
  EXPECT_EQ(Balance(), 0);
  EXPECT_EQ(EntryCount(), 0u);
  // Out of scope reads as missing.
  EXPECT_EQ(service_->GetFund(fund_, far_town_).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(service_->CreateFund({kCommunityC, "x", "2025-01-01", "y"}, worker_).error().code,
            core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, CharityRepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::charity

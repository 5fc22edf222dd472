#include "domain/charity/charity_service.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <random>

#include "core/division_code.hpp"
#include "core/identity/date.hpp"
#include "core/identity/phone.hpp"
#include "core/text.hpp"

namespace linli::charity {

namespace {

using access::Caller;
using access::Permission;

constexpr const char* kFundSubject = "charity_fund";
constexpr const char* kDonationSubject = "charity_donation";
constexpr const char* kNeedSubject = "charity_need";
constexpr const char* kDisbursementSubject = "charity_disbursement";
constexpr const char* kEntrySubject = "charity_ledger";

core::Status CheckLine(std::string_view text, const char* field, const char* what, size_t max,
                       bool required = true) {
  if (text.empty()) {
    if (!required) return core::Ok();
    return core::Error::Validation("请填写" + std::string(what), field);
  }
  TRY(core::CheckText(text, field, core::TextRule::kSingleLine));
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation(std::string(what) + "不能超过 " + std::to_string(max) + " 字",
                                   field);
  }
  return core::Ok();
}

core::Status CheckNote(std::string_view text, const char* field, size_t max) {
  TRY(core::CheckText(text, field, core::TextRule::kMultiLine));
  if (core::CodePointCount(text) > max) {
    return core::Error::Validation("不能超过 " + std::to_string(max) + " 字", field);
  }
  return core::Ok();
}

core::Status CheckFen(int64_t fen, const char* field) {
  if (fen <= 0 || fen > kMaxFen) {
    return core::Error::Validation("金额应为大于 0 的整数（分），且不超过 1 亿元", field);
  }
  return core::Ok();
}

// A date that is not in the future (a charity record is of what happened).
core::Result<std::string> PastDate(const std::string& text, const char* field, int64_t now) {
  ASSIGN_OR_RETURN(auto date, identity::ParseDate(text, field));
  const std::string formatted = identity::FormatDate(date);
  if (formatted > identity::FormatDate(identity::DateFromUnixMillis(now))) {
    return core::Error::Validation("日期不能晚于今天", field);
  }
  return formatted;
}

std::string Json(std::initializer_list<std::pair<const char*, std::string>> fields) {
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ",";
    out += "\"" + std::string(key) + "\":\"" + value + "\"";
  }
  return out + "}";
}

}  // namespace

std::string MaskDonor(const std::string& name, bool anonymous) {
  if (anonymous || name.empty()) return "匿名";
  // The first code point of well-formed UTF-8 (the boundary checked the name).
  size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  const size_t rest = std::max<size_t>(core::CodePointCount(name) - 1, 1);
  return name.substr(0, first) + std::string(std::min<size_t>(rest, 2), '*');
}

CharityService::CharityService(CharityRepository& repository, audit::AuditLog& audit,
                               const core::Clock& clock)
    : repository_(repository), audit_(audit), clock_(clock) {}

Posting CharityService::PostingBy(const Caller& caller, std::string note) const {
  Posting posting;
  posting.at = clock_.NowMillis();
  posting.entry_on = identity::FormatDate(identity::DateFromUnixMillis(posting.at));
  posting.actor_id = caller.account_id();
  posting.actor_name = caller.name_for_people();
  posting.note = std::move(note);
  return posting;
}

core::Result<Fund> CharityService::FundIn(int64_t id, const core::Scope& scope) {
  ASSIGN_OR_RETURN(auto fund, repository_.FindFund(id, scope));
  if (!fund) return core::Error::NotFound("慈善基金不存在或不在您的管辖范围内");
  return *fund;
}

core::Result<Fund> CharityService::CreateFund(const NewFund& input, const Caller& caller) {
  if (core::LevelOfCode(input.community_code) != core::DivisionLevel::kCommunity) {
    return core::Error::Validation("请选择一个社区", "community");
  }
  if (!caller.ScopeFor(Permission::kCharityManage).Covers(input.community_code)) {
    return core::Error::NotFound("社区不存在或不在您的管辖范围内");
  }
  TRY(CheckLine(input.name, "name", "基金名称", 60));
  TRY(CheckLine(input.managing_organisation, "managing_organisation", "管理机构", 100));
  const int64_t now = clock_.NowMillis();
  Fund fund;
  ASSIGN_OR_RETURN(fund.opened_on, PastDate(input.opened_on, "opened_on", now));
  fund.community_code = input.community_code;
  fund.name = input.name;
  fund.managing_organisation = input.managing_organisation;
  fund.created_by = caller.account_id();
  fund.created_at = now;
  return repository_.InsertFund(fund, caller.AuditEntry(audit::AuditAction::kCreate, kFundSubject,
                                                        "", fund.community_code, "{}", now));
}

core::Result<std::vector<Fund>> CharityService::ListFunds(const std::string& place_prefix,
                                                          const Caller& caller) {
  if (!place_prefix.empty() && !core::LevelOfCode(place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  return repository_.ListFunds(place_prefix, caller.ScopeFor(Permission::kCharityRead));
}

core::Result<Fund> CharityService::GetFund(int64_t id, const Caller& caller) {
  return FundIn(id, caller.ScopeFor(Permission::kCharityRead));
}

core::Result<Donation> CharityService::RecordDonation(const NewDonation& input,
                                                      const Caller& caller) {
  ASSIGN_OR_RETURN(auto fund, FundIn(input.fund_id, caller.ScopeFor(Permission::kCharityManage)));
  if (fund.status != FundStatus::kActive) {
    return core::Error::FailedPrecondition("基金已关闭，不能再接收捐赠");
  }
  const auto kind = kDonationKindNames.From(input.kind);
  if (!kind) return core::Error::Validation("捐赠类型应为 money 或 in_kind", "kind");
  const int64_t now = clock_.NowMillis();
  Donation donation;
  donation.fund_id = fund.id;
  donation.community_code = fund.community_code;
  donation.kind = *kind;
  if (*kind == DonationKind::kMoney) {
    TRY(CheckFen(input.amount_fen, "amount_fen"));
    if (!input.item.empty() || input.quantity != 0 || !input.unit.empty() ||
        input.estimated_value_fen != 0) {
      return core::Error::Validation("资金捐赠不填物品", "item");
    }
    donation.amount_fen = input.amount_fen;
  } else {
    if (input.amount_fen != 0) {
      return core::Error::Validation("物资捐赠不填金额，请填估值", "amount_fen");
    }
    TRY(CheckLine(input.item, "item", "物品名称", 60));
    if (input.quantity <= 0 || input.quantity > 1'000'000) {
      return core::Error::Validation("数量应为 1 到 1000000 的整数", "quantity");
    }
    TRY(CheckLine(input.unit, "unit", "单位", 10));
    if (input.estimated_value_fen < 0 || input.estimated_value_fen > kMaxFen) {
      return core::Error::Validation("估值应为不小于 0 的整数（分）", "estimated_value_fen");
    }
    donation.item = input.item;
    donation.quantity = input.quantity;
    donation.unit = input.unit;
    donation.estimated_value_fen = input.estimated_value_fen;
  }
  donation.anonymous = input.anonymous;
  if (!input.anonymous) {
    TRY(CheckLine(input.donor_name, "donor_name", "捐赠人姓名或单位", 60));
    donation.donor_name = input.donor_name;
  } else if (!input.donor_name.empty()) {
    return core::Error::Validation("匿名捐赠不填姓名", "donor_name");
  }
  if (!input.donor_phone.empty()) {
    auto phone = identity::ParsePhone(input.donor_phone);
    if (!phone.ok()) return core::Error::Validation(phone.error().message, "donor_phone");
    donation.donor_phone = phone->text;
  }
  ASSIGN_OR_RETURN(donation.donated_on, PastDate(input.donated_on, "donated_on", now));
  if (donation.donated_on < fund.opened_on) {
    return core::Error::Validation("捐赠日期早于基金设立日期", "donated_on");
  }
  donation.facility_id = input.facility_id;
  donation.recorded_by = caller.account_id();
  donation.recorded_by_name = caller.name_for_people();
  donation.recorded_at = now;
  Posting posting = PostingBy(caller, "");
  posting.entry_on = donation.donated_on;
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kCreate, kDonationSubject, "", fund.community_code,
                        Json({{"fund_id", std::to_string(fund.id)},
                              {"kind", std::string(kDonationKindNames.Name(*kind))},
                              {"amount_fen", std::to_string(donation.amount_fen)}}),
                        now);
  ASSIGN_OR_RETURN(auto stored, repository_.RecordDonation(donation, posting, entry));
  if (!stored.donor_phone.empty()) stored.donor_phone = identity::MaskPhone(stored.donor_phone);
  return stored;
}

core::Result<DonationList> CharityService::ListDonations(int64_t fund_id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto fund, FundIn(fund_id, caller.ScopeFor(Permission::kCharityRead)));
  DonationList out;
  ASSIGN_OR_RETURN(out.items, repository_.ListDonations(fund.id, 2000));
  out.phones_unmasked =
      caller.ScopeFor(Permission::kPeoplePersonalData).Covers(fund.community_code);
  bool any_phone = false;
  for (auto& donation : out.items) {
    if (donation.donor_phone.empty()) continue;
    any_phone = true;
    if (!out.phones_unmasked) donation.donor_phone = identity::MaskPhone(donation.donor_phone);
  }
  if (out.phones_unmasked && any_phone) {
    TRY(audit_.Append(
        caller.AuditEntry(audit::AuditAction::kRead, kDonationSubject, "list", fund.community_code,
                          Json({{"fund_id", std::to_string(fund.id)}}), clock_.NowMillis())));
  }
  return out;
}

core::Result<Need> CharityService::PostNeed(const NewNeed& input, const Caller& caller) {
  if (core::LevelOfCode(input.community_code) != core::DivisionLevel::kCommunity) {
    return core::Error::Validation("请选择一个社区", "community");
  }
  if (!caller.ScopeFor(Permission::kCharityManage).Covers(input.community_code)) {
    return core::Error::NotFound("社区不存在或不在您的管辖范围内");
  }
  TRY(CheckLine(input.title, "title", "需求标题", 60));
  if (input.description.empty()) return core::Error::Validation("请填写所需内容", "description");
  TRY(CheckNote(input.description, "description", 1000));
  TRY(CheckFen(input.amount_fen, "amount_fen"));
  const int64_t now = clock_.NowMillis();
  Need need;
  need.community_code = input.community_code;
  need.title = input.title;
  need.description = input.description;
  need.amount_fen = input.amount_fen;
  need.created_by = caller.account_id();
  need.created_by_name = caller.name_for_people();
  need.created_at = now;
  return repository_.InsertNeed(need, caller.AuditEntry(audit::AuditAction::kCreate, kNeedSubject,
                                                        "", need.community_code, "{}", now));
}

core::Result<std::vector<Need>> CharityService::ListNeeds(const std::string& place_prefix,
                                                          const std::string& status,
                                                          const Caller& caller) {
  if (!place_prefix.empty() && !core::LevelOfCode(place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  std::optional<NeedStatus> wanted;
  if (!status.empty()) {
    wanted = kNeedStatusNames.From(status);
    if (!wanted) return core::Error::InvalidArgument("状态不正确", "status");
  }
  return repository_.ListNeeds(place_prefix, wanted, caller.ScopeFor(Permission::kCharityRead));
}

core::Result<Need> CharityService::CloseNeed(int64_t id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto need,
                   repository_.FindNeed(id, caller.ScopeFor(Permission::kCharityManage)));
  if (!need) return core::Error::NotFound("需求不存在或不在您的管辖范围内");
  ASSIGN_OR_RETURN(
      bool closed,
      repository_.CloseNeed(id, caller.AuditEntry(audit::AuditAction::kUpdate, kNeedSubject,
                                                  std::to_string(id), need->community_code,
                                                  "{\"status\":\"closed\"}", clock_.NowMillis())));
  if (!closed) return core::Error::FailedPrecondition("只有待资助或部分资助的需求可以关闭");
  need->status = NeedStatus::kClosed;
  return *need;
}

core::Result<Disbursement> CharityService::RequestDisbursement(const NewDisbursement& input,
                                                               const Caller& caller) {
  ASSIGN_OR_RETURN(auto fund, FundIn(input.fund_id, caller.ScopeFor(Permission::kCharityManage)));
  if (fund.status != FundStatus::kActive) return core::Error::FailedPrecondition("基金已关闭");
  TRY(CheckFen(input.amount_fen, "amount_fen"));
  Disbursement d;
  d.fund_id = fund.id;
  d.community_code = fund.community_code;
  d.fund_name = fund.name;
  if (input.need_id) {
    ASSIGN_OR_RETURN(
        auto need, repository_.FindNeed(*input.need_id, caller.ScopeFor(Permission::kCharityRead)));
    if (!need) return core::Error::Validation("需求不存在或不在您的管辖范围内", "need_id");
    if (need->community_code != fund.community_code) {
      return core::Error::Validation("只能资助本基金所在社区的需求", "need_id");
    }
    if (need->status != NeedStatus::kOpen && need->status != NeedStatus::kPartly) {
      return core::Error::Validation("该需求已满足或已关闭", "need_id");
    }
    TRY(CheckLine(input.purpose, "purpose", "用途", 100, false));
    d.need_id = need->id;
    d.need_title = need->title;
    d.purpose = input.purpose.empty() ? need->title : input.purpose;
  } else {
    TRY(CheckLine(input.purpose, "purpose", "用途", 100));
    d.purpose = input.purpose;
  }
  if (input.amount_fen > fund.balance_fen) {
    return core::Error::FailedPrecondition("拨付金额超过基金余额");
  }
  const int64_t now = clock_.NowMillis();
  d.amount_fen = input.amount_fen;
  d.requested_by = caller.account_id();
  d.requested_by_name = caller.name_for_people();
  d.requested_at = now;
  return repository_.InsertDisbursement(
      d,
      caller.AuditEntry(audit::AuditAction::kCreate, kDisbursementSubject, "", fund.community_code,
                        Json({{"fund_id", std::to_string(fund.id)},
                              {"amount_fen", std::to_string(d.amount_fen)}}),
                        now));
}

core::Result<std::vector<Disbursement>> CharityService::ListDisbursements(int64_t fund_id,
                                                                          const std::string& status,
                                                                          const Caller& caller) {
  std::optional<DisbursementStatus> wanted;
  if (!status.empty()) {
    wanted = kDisbursementStatusNames.From(status);
    if (!wanted) return core::Error::InvalidArgument("状态不正确", "status");
  }
  const core::Scope scope = caller.ScopeFor(Permission::kCharityRead);
  if (fund_id != 0) TRY(FundIn(fund_id, scope));
  return repository_.ListDisbursements(fund_id, wanted, scope);
}

core::Result<Disbursement> CharityService::Approve(int64_t id, const std::string& note,
                                                   const Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindDisbursement(id, caller.ScopeFor(Permission::kCharityApprove)));
  if (!found) return core::Error::NotFound("拨付申请不存在或不在您的管辖范围内");
  if (found->requested_by == caller.account_id()) {
    return core::Error::PermissionDenied("不能审批自己提出的拨付申请");
  }
  TRY(CheckNote(note, "note", 500));
  if (found->status != DisbursementStatus::kPending) {
    return core::Error::FailedPrecondition("该拨付申请已处理");
  }
  const Posting posting = PostingBy(caller, note);
  return repository_.ApproveDisbursement(
      id, posting,
      caller.AuditEntry(
          audit::AuditAction::kUpdate, kDisbursementSubject, std::to_string(id),
          found->community_code,
          Json({{"status", "approved"}, {"amount_fen", std::to_string(found->amount_fen)}}),
          posting.at));
}

core::Result<Disbursement> CharityService::Reject(int64_t id, const std::string& note,
                                                  const Caller& caller) {
  ASSIGN_OR_RETURN(auto found,
                   repository_.FindDisbursement(id, caller.ScopeFor(Permission::kCharityApprove)));
  if (!found) return core::Error::NotFound("拨付申请不存在或不在您的管辖范围内");
  TRY(CheckNote(note, "note", 500));
  if (found->status != DisbursementStatus::kPending) {
    return core::Error::FailedPrecondition("该拨付申请已处理");
  }
  const Posting posting = PostingBy(caller, note);
  return repository_.RejectDisbursement(
      id, posting,
      caller.AuditEntry(audit::AuditAction::kUpdate, kDisbursementSubject, std::to_string(id),
                        found->community_code, "{\"status\":\"rejected\"}", posting.at));
}

core::Result<std::vector<LedgerEntry>> CharityService::Ledger(int64_t fund_id,
                                                              const Caller& caller) {
  ASSIGN_OR_RETURN(auto fund, FundIn(fund_id, caller.ScopeFor(Permission::kCharityRead)));
  return repository_.ListEntries(fund.id);
}

core::Result<LedgerEntry> CharityService::Reverse(int64_t fund_id, int64_t entry_id,
                                                  const std::string& reason, const Caller& caller) {
  ASSIGN_OR_RETURN(auto fund, FundIn(fund_id, caller.ScopeFor(Permission::kCharityManage)));
  TRY(CheckLine(reason, "reason", "冲正原因", 200));
  const Posting posting = PostingBy(caller, reason);
  return repository_.Reverse(
      fund.id, entry_id, posting,
      caller.AuditEntry(audit::AuditAction::kCreate, kEntrySubject, "", fund.community_code,
                        Json({{"fund_id", std::to_string(fund.id)},
                              {"reverses_entry_id", std::to_string(entry_id)}}),
                        posting.at));
}

core::Result<std::vector<FundCheck>> CharityService::Verify(const Caller& caller) {
  return repository_.Verify(caller.ScopeFor(Permission::kCharityRead));
}

core::Result<int64_t> CharityService::SeedSynthetic(const std::vector<std::string>& communities,
                                                    uint64_t seed) {
  ASSIGN_OR_RETURN(auto existing, repository_.ListFunds("", core::Scope::Everything()));
  for (const auto& fund : existing) {
    if (fund.synthetic) return int64_t{0};
  }
  static constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                              "周", "吴", "徐", "孙", "朱", "马", "胡", "郭"};
  static constexpr const char* kGiven[] = {"建国", "秀英", "志强", "丽华", "伟",   "芳",
                                           "海燕", "明",   "桂兰", "俊杰", "晓东", "玉梅"};
  static constexpr const char* kCompanies[] = {"扬州某某商贸有限公司", "东关街商户联合会",
                                               "社区爱心超市", "某某物业服务中心"};
  static constexpr std::array<std::array<const char*, 2>, 4> kGoods = {
      {{"大米", "袋"}, {"食用油", "桶"}, {"棉被", "床"}, {"书包", "个"}}};
  static constexpr std::array<std::array<const char*, 2>, 5> kNeeds = {
      {{"独居老人冬季取暖", "为独居老人购置取暖器和棉被"},
       {"困难学生助学", "资助困难家庭学生的学习用品和交通费"},
       {"重病家庭临时救助", "为因病致困家庭提供临时救助"},
       {"残疾人康复辅具", "为残疾人购置康复辅具"},
       {"社区助餐补贴", "为高龄困难老人提供助餐补贴"}}};
  const access::Caller caller = access::Caller::System();
  const int64_t now = clock_.NowMillis();
  const identity::Date today = identity::DateFromUnixMillis(now);
  // The first day of the month `back` months before today's.
  auto month_day = [&](int back, int day) {
    int year = today.year;
    int month = today.month - back;
    while (month <= 0) {
      month += 12;
      --year;
    }
    identity::Date date{year, month, std::min(day, identity::DaysInMonth(year, month))};
    return identity::FormatDate(date);
  };
  int64_t written = 0;
  for (size_t index = 0; index < communities.size() && written < 40; index += 4) {
    const std::string& community = communities[index];
    std::mt19937_64 random(seed * 1'000'003 + std::hash<std::string>{}(community));
    auto pick = [&](int64_t low, int64_t high) {
      return low + static_cast<int64_t>(random() % static_cast<uint64_t>(high - low + 1));
    };
    Fund fund;
    fund.community_code = community;
    fund.name = "社区慈善基金";
    fund.opened_on = month_day(12, 1);
    fund.managing_organisation = "社区居民委员会";
    fund.created_at = now;
    fund.synthetic = true;
    ASSIGN_OR_RETURN(
        fund, repository_.InsertFund(
                  fund, caller.AuditEntry(audit::AuditAction::kCreate, kFundSubject, "", community,
                                          "{\"synthetic\":true}", now)));
    std::vector<Need> needs;
    for (int n = 0; n < 3; ++n) {
      Need need;
      need.community_code = community;
      const auto& text = kNeeds[static_cast<size_t>(pick(0, kNeeds.size() - 1))];
      need.title = text[0];
      need.description = text[1];
      need.amount_fen = pick(20, 80) * 100'00;
      need.created_by_name = "系统";
      need.created_at = now;
      need.synthetic = true;
      ASSIGN_OR_RETURN(need,
                       repository_.InsertNeed(
                           need, caller.AuditEntry(audit::AuditAction::kCreate, kNeedSubject, "",
                                                   community, "{\"synthetic\":true}", now)));
      needs.push_back(need);
    }
    int64_t balance = 0;
    for (int back = 11; back >= 0; --back) {
      const int donations = static_cast<int>(pick(3, 6));
      for (int d = 0; d < donations; ++d) {
        Donation donation;
        donation.fund_id = fund.id;
        donation.community_code = community;
        donation.donated_on =
            month_day(back, static_cast<int>(pick(1, back == 0 ? today.day : 28)));
        const int64_t who = pick(0, 9);
        if (who == 0) {
          donation.anonymous = true;
        } else if (who == 1) {
          donation.donor_name = kCompanies[pick(0, 3)];
        } else {
          donation.donor_name = std::string(kSurnames[pick(0, 15)]) + kGiven[pick(0, 11)];
        }
        if (pick(0, 5) == 0) {
          const auto& goods = kGoods[static_cast<size_t>(pick(0, 3))];
          donation.kind = DonationKind::kInKind;
          donation.item = goods[0];
          donation.unit = goods[1];
          donation.quantity = pick(2, 30);
          donation.estimated_value_fen = donation.quantity * pick(20, 120) * 100;
        } else {
          donation.kind = DonationKind::kMoney;
          donation.amount_fen = pick(1, 200) * 1000;
          balance += donation.amount_fen;
        }
        donation.recorded_by_name = "系统";
        donation.recorded_at = now;
        donation.synthetic = true;
        Posting posting;
        posting.entry_on = donation.donated_on;
        posting.at = now;
        posting.actor_name = "system";
        TRY(repository_.RecordDonation(
            donation, posting,
            caller.AuditEntry(audit::AuditAction::kCreate, kDonationSubject, "", community,
                              "{\"synthetic\":true}", now)));
      }
      // Every other month, part of the balance to an open need.
      if (back % 2 == 1 && balance > 0) {
        Need& need = needs[static_cast<size_t>(pick(0, 2))];
        const int64_t left = need.amount_fen - need.disbursed_fen;
        const int64_t amount = std::min(left, balance / 2 / 100 * 100);
        if (amount <= 0) continue;
        Disbursement d;
        d.fund_id = fund.id;
        d.community_code = community;
        d.need_id = need.id;
        d.purpose = need.title;
        d.amount_fen = amount;
        d.requested_by_name = "系统";
        d.requested_at = now;
        d.synthetic = true;
        ASSIGN_OR_RETURN(
            d, repository_.InsertDisbursement(
                   d, caller.AuditEntry(audit::AuditAction::kCreate, kDisbursementSubject, "",
                                        community, "{\"synthetic\":true}", now)));
        Posting posting;
        posting.entry_on = month_day(back, 28);
        posting.at = now;
        posting.actor_name = "system";
        TRY(repository_.ApproveDisbursement(
            d.id, posting,
            caller.AuditEntry(audit::AuditAction::kUpdate, kDisbursementSubject,
                              std::to_string(d.id), community, "{\"synthetic\":true}", now)));
        balance -= amount;
        need.disbursed_fen += amount;
      }
    }
    ++written;
  }
  return written;
}

core::Result<Disclosure> CharityService::PublicDisclosure(int64_t fund_id) {
  ASSIGN_OR_RETURN(auto fund, FundIn(fund_id, core::Scope::Everything()));
  Disclosure out;
  out.fund = fund;
  std::map<std::string, MonthTotals> months;
  ASSIGN_OR_RETURN(auto entries, repository_.ListEntries(fund.id));
  for (const auto& entry : entries) {
    auto& month = months[entry.entry_on.substr(0, 7)];
    month.month = entry.entry_on.substr(0, 7);
    if (entry.donation_id) {
      month.income_fen += entry.amount_fen;
      out.income_fen += entry.amount_fen;
    } else {
      month.spending_fen -= entry.amount_fen;
      out.spending_fen -= entry.amount_fen;
    }
  }
  for (auto& [key, month] : months) out.months.push_back(month);
  ASSIGN_OR_RETURN(auto donations, repository_.ListDonations(fund.id, 5000));
  for (const auto& d : donations) {
    if (d.reversed) continue;
    PublicDonation p;
    p.id = d.id;
    p.donor = MaskDonor(d.donor_name, d.anonymous);
    p.kind = kDonationKindNames.Name(d.kind);
    p.amount_fen = d.amount_fen;
    p.item = d.item;
    p.quantity = d.quantity;
    p.unit = d.unit;
    p.estimated_value_fen = d.estimated_value_fen;
    p.donated_on = d.donated_on;
    out.donations.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(auto disbursements,
                   repository_.ListDisbursements(fund.id, DisbursementStatus::kApproved,
                                                 core::Scope::Everything()));
  for (const auto& d : disbursements) {
    out.disbursements.push_back(
        PublicDisbursement{d.id, d.purpose, d.need_id, d.need_title, d.amount_fen, d.paid_on});
  }
  return out;
}

}  // namespace linli::charity

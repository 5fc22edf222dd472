#include "storage/charity/charity_repository.hpp"

#include <string>
#include <vector>

#include "storage/audit/audit_repository.hpp"
#include "storage/scope_sql.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using namespace charity;  // NOLINT(google-build-using-namespace): this file implements it

constexpr const char* kFundColumns =
    "f.id, f.community_code, COALESCE(dv.name, ''), f.name, f.opened_on, f.status, "
    "f.managing_organisation, f.balance_fen, f.created_by, f.created_at, f.synthetic";
constexpr const char* kFundFrom =
    " FROM charity_funds f LEFT JOIN divisions dv ON dv.code = f.community_code";

Fund FundFromRow(const Row& row) {
  Fund f;
  f.id = row.Int(0);
  f.community_code = row.Text(1);
  f.community_name = row.Text(2);
  f.name = row.Text(3);
  f.opened_on = row.Text(4);
  f.status = kFundStatusNames.From(row.Text(5)).value_or(FundStatus::kClosed);
  f.managing_organisation = row.Text(6);
  f.balance_fen = row.Int(7);
  f.created_by = row.Int(8);
  f.created_at = row.Int(9);
  f.synthetic = row.Int(10) != 0;
  return f;
}

constexpr const char* kDonationColumns =
    "d.id, d.fund_id, f.community_code, d.kind, d.amount_fen, d.item, d.quantity, d.unit, "
    "d.estimated_value_fen, d.donor_name, d.anonymous, d.donor_phone, d.donated_on, "
    "d.facility_id, COALESCE(fa.name, ''), d.reversed, d.recorded_by, d.recorded_by_name, "
    "d.recorded_at, d.synthetic";
constexpr const char* kDonationFrom =
    " FROM charity_donations d JOIN charity_funds f ON f.id = d.fund_id "
    "LEFT JOIN facilities fa ON fa.id = d.facility_id";

Donation DonationFromRow(const Row& row) {
  Donation d;
  d.id = row.Int(0);
  d.fund_id = row.Int(1);
  d.community_code = row.Text(2);
  d.kind = kDonationKindNames.From(row.Text(3)).value_or(DonationKind::kMoney);
  d.amount_fen = row.Int(4);
  d.item = row.Text(5);
  d.quantity = row.Int(6);
  d.unit = row.Text(7);
  d.estimated_value_fen = row.Int(8);
  d.donor_name = row.Text(9);
  d.anonymous = row.Int(10) != 0;
  d.donor_phone = row.Text(11);
  d.donated_on = row.Text(12);
  d.facility_id = IntOrNullopt(row, 13);
  d.facility_name = row.Text(14);
  d.reversed = row.Int(15) != 0;
  d.recorded_by = row.Int(16);
  d.recorded_by_name = row.Text(17);
  d.recorded_at = row.Int(18);
  d.synthetic = row.Int(19) != 0;
  return d;
}

constexpr const char* kNeedColumns =
    "n.id, n.community_code, COALESCE(dv.name, ''), n.title, n.description, n.amount_fen, "
    "n.disbursed_fen, n.status, n.created_by, n.created_by_name, n.created_at, n.synthetic";
constexpr const char* kNeedFrom =
    " FROM charity_needs n LEFT JOIN divisions dv ON dv.code = n.community_code";

Need NeedFromRow(const Row& row) {
  Need n;
  n.id = row.Int(0);
  n.community_code = row.Text(1);
  n.community_name = row.Text(2);
  n.title = row.Text(3);
  n.description = row.Text(4);
  n.amount_fen = row.Int(5);
  n.disbursed_fen = row.Int(6);
  n.status = kNeedStatusNames.From(row.Text(7)).value_or(NeedStatus::kClosed);
  n.created_by = row.Int(8);
  n.created_by_name = row.Text(9);
  n.created_at = row.Int(10);
  n.synthetic = row.Int(11) != 0;
  return n;
}

constexpr const char* kDisbursementColumns =
    "b.id, b.fund_id, f.community_code, f.name, b.need_id, COALESCE(n.title, ''), b.purpose, "
    "b.amount_fen, b.status, b.requested_by, b.requested_by_name, b.requested_at, b.decided_by, "
    "b.decided_by_name, b.decided_at, b.decision_note, b.paid_on, b.synthetic";
constexpr const char* kDisbursementFrom =
    " FROM charity_disbursements b JOIN charity_funds f ON f.id = b.fund_id "
    "LEFT JOIN charity_needs n ON n.id = b.need_id";

Disbursement DisbursementFromRow(const Row& row) {
  Disbursement b;
  b.id = row.Int(0);
  b.fund_id = row.Int(1);
  b.community_code = row.Text(2);
  b.fund_name = row.Text(3);
  b.need_id = IntOrNullopt(row, 4);
  b.need_title = row.Text(5);
  b.purpose = row.Text(6);
  b.amount_fen = row.Int(7);
  b.status = kDisbursementStatusNames.From(row.Text(8)).value_or(DisbursementStatus::kRejected);
  b.requested_by = row.Int(9);
  b.requested_by_name = row.Text(10);
  b.requested_at = row.Int(11);
  b.decided_by = row.Int(12);
  b.decided_by_name = row.Text(13);
  b.decided_at = row.Int(14);
  b.decision_note = row.Text(15);
  b.paid_on = row.Text(16);
  b.synthetic = row.Int(17) != 0;
  return b;
}

constexpr const char* kEntryColumns =
    "id, fund_id, kind, amount_fen, donation_id, disbursement_id, reverses_entry_id, entry_on, "
    "note, at, actor_id, actor_name, synthetic";

LedgerEntry EntryFromRow(const Row& row) {
  LedgerEntry e;
  e.id = row.Int(0);
  e.fund_id = row.Int(1);
  e.kind = kEntryKindNames.From(row.Text(2)).value_or(EntryKind::kReversal);
  e.amount_fen = row.Int(3);
  e.donation_id = IntOrNullopt(row, 4);
  e.disbursement_id = IntOrNullopt(row, 5);
  e.reverses_entry_id = IntOrNullopt(row, 6);
  e.entry_on = row.Text(7);
  e.note = row.Text(8);
  e.at = row.Int(9);
  e.actor_id = row.Int(10);
  e.actor_name = row.Text(11);
  e.synthetic = row.Int(12) != 0;
  return e;
}

// Appends one entry and moves the fund's balance by its amount, refusing (kFailedPrecondition)
// a balance below zero. REQUIRES: an open transaction.
core::Result<LedgerEntry> Post(Connection& c, LedgerEntry entry) {
  ASSIGN_OR_RETURN(auto moved,
                   c.Query("UPDATE charity_funds SET balance_fen = balance_fen + ? "
                           "WHERE id = ? AND balance_fen + ? >= 0 RETURNING balance_fen",
                           {entry.amount_fen, entry.fund_id, entry.amount_fen}));
  if (moved.rows.empty()) return core::Error::FailedPrecondition("基金余额不足");
  ASSIGN_OR_RETURN(
      auto inserted,
      c.Query("INSERT INTO charity_ledger (fund_id, kind, amount_fen, donation_id, "
              "disbursement_id, reverses_entry_id, entry_on, note, at, actor_id, actor_name, "
              "synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {entry.fund_id, std::string(kEntryKindNames.Name(entry.kind)), entry.amount_fen,
               OptionalInt(entry.donation_id), OptionalInt(entry.disbursement_id),
               OptionalInt(entry.reverses_entry_id), entry.entry_on, entry.note, entry.at,
               entry.actor_id, entry.actor_name, int64_t{entry.synthetic ? 1 : 0}}));
  entry.id = inserted.rows.at(0).Int(0);
  return entry;
}

LedgerEntry EntryOf(int64_t fund_id, EntryKind kind, int64_t amount_fen, const Posting& posting) {
  LedgerEntry e;
  e.fund_id = fund_id;
  e.kind = kind;
  e.amount_fen = amount_fen;
  e.entry_on = posting.entry_on;
  e.note = posting.note;
  e.at = posting.at;
  e.actor_id = posting.actor_id;
  e.actor_name = posting.actor_name;
  return e;
}

// The need's disbursed amount moved by delta and its status following (open, partly, fulfilled;
// a closed need stays closed).
core::Status MoveNeed(Connection& c, int64_t need_id, int64_t delta) {
  ASSIGN_OR_RETURN(
      auto ignored,
      c.Query("UPDATE charity_needs SET disbursed_fen = disbursed_fen + ?, status = CASE "
              "WHEN status = 'closed' THEN 'closed' "
              "WHEN disbursed_fen + ? >= amount_fen THEN 'fulfilled' "
              "WHEN disbursed_fen + ? > 0 THEN 'partly' ELSE 'open' END WHERE id = ?",
              {delta, delta, delta, need_id}));
  return core::Ok();
}

class SqlCharityRepository final : public CharityRepository {
 public:
  SqlCharityRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Fund> InsertFund(const Fund& fund, const audit::AuditEntry& entry) override {
    return Write<Fund>([&](Connection& c) -> core::Result<Fund> {
      ASSIGN_OR_RETURN(auto place,
                       c.Query("SELECT name FROM divisions WHERE code = ?", {fund.community_code}));
      if (place.rows.empty()) return core::Error::NotFound("社区不存在");
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO charity_funds (community_code, name, opened_on, status, "
                  "managing_organisation, balance_fen, created_by, created_at, synthetic) "
                  "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
                  {fund.community_code, fund.name, fund.opened_on,
                   std::string(kFundStatusNames.Name(fund.status)), fund.managing_organisation,
                   fund.created_by, fund.created_at, int64_t{fund.synthetic ? 1 : 0}}));
      Fund stored = fund;
      stored.id = inserted.rows.at(0).Int(0);
      stored.community_name = place.rows.at(0).Text(0);
      stored.balance_fen = 0;
      TRY(Audit(c, entry, stored.id));
      return stored;
    });
  }

  core::Result<std::optional<Fund>> FindFund(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_,
                          std::string("SELECT ") + kFundColumns + kFundFrom + " WHERE f.id = ?",
                          {id}, scope, "f.community_code", FundFromRow);
  }

  core::Result<std::vector<Fund>> ListFunds(const std::string& place_prefix,
                                            const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kFundColumns + kFundFrom + " WHERE " +
                      ScopeClause(scope, "f.community_code", params);
    if (!place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({place_prefix}), "f.community_code", params);
    }
    sql += " ORDER BY f.community_code, f.id LIMIT 1000";
    return Rows<Fund>(sql, params, FundFromRow);
  }

  core::Result<Donation> RecordDonation(const Donation& donation, const Posting& posting,
                                        const audit::AuditEntry& entry) override {
    return Write<Donation>([&](Connection& c) -> core::Result<Donation> {
      Donation stored = donation;
      if (donation.facility_id) {
        ASSIGN_OR_RETURN(auto point,
                         c.Query("SELECT community_code, type_code, name FROM facilities "
                                 "WHERE id = ?",
                                 {*donation.facility_id}));
        if (point.rows.empty() || point.rows.at(0).Text(0) != donation.community_code ||
            point.rows.at(0).Text(1) != "donation_point") {
          return core::Error::Validation("捐赠点应为本社区的捐赠点设施", "facility_id");
        }
        stored.facility_name = point.rows.at(0).Text(2);
      }
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query(
              "INSERT INTO charity_donations (fund_id, kind, amount_fen, item, quantity, "
              "unit, estimated_value_fen, donor_name, anonymous, donor_phone, donated_on, "
              "facility_id, recorded_by, recorded_by_name, recorded_at, synthetic) VALUES "
              "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {donation.fund_id, std::string(kDonationKindNames.Name(donation.kind)),
               donation.amount_fen, donation.item, donation.quantity, donation.unit,
               donation.estimated_value_fen, donation.donor_name,
               int64_t{donation.anonymous ? 1 : 0}, donation.donor_phone, donation.donated_on,
               OptionalInt(donation.facility_id), donation.recorded_by, donation.recorded_by_name,
               donation.recorded_at, int64_t{donation.synthetic ? 1 : 0}}));
      stored.id = inserted.rows.at(0).Int(0);
      if (donation.kind == DonationKind::kMoney) {
        LedgerEntry e =
            EntryOf(donation.fund_id, EntryKind::kDonation, donation.amount_fen, posting);
        e.donation_id = stored.id;
        e.synthetic = donation.synthetic;
        TRY(Post(c, e));
      }
      TRY(Audit(c, entry, stored.id));
      return stored;
    });
  }

  core::Result<std::vector<Donation>> ListDonations(int64_t fund_id, size_t limit) override {
    return Rows<Donation>(std::string("SELECT ") + kDonationColumns + kDonationFrom +
                              " WHERE d.fund_id = ? ORDER BY d.donated_on DESC, d.id DESC LIMIT " +
                              std::to_string(limit),
                          {fund_id}, DonationFromRow);
  }

  core::Result<Need> InsertNeed(const Need& need, const audit::AuditEntry& entry) override {
    return Write<Need>([&](Connection& c) -> core::Result<Need> {
      ASSIGN_OR_RETURN(auto place,
                       c.Query("SELECT name FROM divisions WHERE code = ?", {need.community_code}));
      if (place.rows.empty()) return core::Error::NotFound("社区不存在");
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query(
              "INSERT INTO charity_needs (community_code, title, description, amount_fen, "
              "disbursed_fen, status, created_by, created_by_name, created_at, synthetic) "
              "VALUES (?, ?, ?, ?, 0, 'open', ?, ?, ?, ?) RETURNING id",
              {need.community_code, need.title, need.description, need.amount_fen, need.created_by,
               need.created_by_name, need.created_at, int64_t{need.synthetic ? 1 : 0}}));
      Need stored = need;
      stored.id = inserted.rows.at(0).Int(0);
      stored.community_name = place.rows.at(0).Text(0);
      stored.status = NeedStatus::kOpen;
      TRY(Audit(c, entry, stored.id));
      return stored;
    });
  }

  core::Result<std::optional<Need>> FindNeed(int64_t id, const core::Scope& scope) override {
    return FindOneInScope(database_,
                          std::string("SELECT ") + kNeedColumns + kNeedFrom + " WHERE n.id = ?",
                          {id}, scope, "n.community_code", NeedFromRow);
  }

  core::Result<std::vector<Need>> ListNeeds(const std::string& place_prefix,
                                            std::optional<NeedStatus> status,
                                            const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kNeedColumns + kNeedFrom + " WHERE " +
                      ScopeClause(scope, "n.community_code", params);
    if (!place_prefix.empty()) {
      sql += " AND " + ScopeClause(core::Scope::Of({place_prefix}), "n.community_code", params);
    }
    if (status) {
      sql += " AND n.status = ?";
      params.emplace_back(std::string(kNeedStatusNames.Name(*status)));
    }
    sql += " ORDER BY n.created_at DESC, n.id DESC LIMIT 1000";
    return Rows<Need>(sql, params, NeedFromRow);
  }

  core::Result<bool> CloseNeed(int64_t id, const audit::AuditEntry& entry) override {
    return Write<bool>([&](Connection& c) -> core::Result<bool> {
      ASSIGN_OR_RETURN(auto changed,
                       c.Query("UPDATE charity_needs SET status = 'closed' WHERE id = ? AND "
                               "status IN ('open', 'partly') RETURNING id",
                               {id}));
      if (changed.rows.empty()) return false;
      TRY(Audit(c, entry, id));
      return true;
    });
  }

  core::Result<Disbursement> InsertDisbursement(const Disbursement& d,
                                                const audit::AuditEntry& entry) override {
    return Write<Disbursement>([&](Connection& c) -> core::Result<Disbursement> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO charity_disbursements (fund_id, need_id, purpose, amount_fen, "
                  "status, requested_by, requested_by_name, requested_at, synthetic) VALUES "
                  "(?, ?, ?, ?, 'pending', ?, ?, ?, ?) RETURNING id",
                  {d.fund_id, OptionalInt(d.need_id), d.purpose, d.amount_fen, d.requested_by,
                   d.requested_by_name, d.requested_at, int64_t{d.synthetic ? 1 : 0}}));
      Disbursement stored = d;
      stored.id = inserted.rows.at(0).Int(0);
      stored.status = DisbursementStatus::kPending;
      TRY(Audit(c, entry, stored.id));
      return stored;
    });
  }

  core::Result<std::optional<Disbursement>> FindDisbursement(int64_t id,
                                                             const core::Scope& scope) override {
    return FindOneInScope(
        database_,
        std::string("SELECT ") + kDisbursementColumns + kDisbursementFrom + " WHERE b.id = ?", {id},
        scope, "f.community_code", DisbursementFromRow);
  }

  core::Result<std::vector<Disbursement>> ListDisbursements(
      int64_t fund_id, std::optional<DisbursementStatus> status,
      const core::Scope& scope) override {
    std::vector<Value> params;
    std::string sql = std::string("SELECT ") + kDisbursementColumns + kDisbursementFrom +
                      " WHERE " + ScopeClause(scope, "f.community_code", params);
    if (fund_id != 0) {
      sql += " AND b.fund_id = ?";
      params.emplace_back(fund_id);
    }
    if (status) {
      sql += " AND b.status = ?";
      params.emplace_back(std::string(kDisbursementStatusNames.Name(*status)));
    }
    sql += " ORDER BY b.requested_at DESC, b.id DESC LIMIT 2000";
    return Rows<Disbursement>(sql, params, DisbursementFromRow);
  }

  core::Result<Disbursement> ApproveDisbursement(int64_t id, const Posting& posting,
                                                 const audit::AuditEntry& entry) override {
    return Write<Disbursement>([&](Connection& c) -> core::Result<Disbursement> {
      ASSIGN_OR_RETURN(
          auto decided,
          c.Query("UPDATE charity_disbursements SET status = 'approved', "
                  "decided_by = ?, decided_by_name = ?, decided_at = ?, "
                  "decision_note = ?, paid_on = ? WHERE id = ? AND "
                  "status = 'pending' RETURNING fund_id, need_id, amount_fen, synthetic",
                  {posting.actor_id, posting.actor_name, posting.at, posting.note, posting.entry_on,
                   id}));
      if (decided.rows.empty()) return core::Error::FailedPrecondition("该拨付申请已处理");
      const Row& row = decided.rows.at(0);
      LedgerEntry e = EntryOf(row.Int(0), EntryKind::kDisbursement, -row.Int(2), posting);
      e.disbursement_id = id;
      e.synthetic = row.Int(3) != 0;
      auto posted = Post(c, e);
      if (!posted.ok()) {
        if (posted.error().code == core::ErrorCode::kFailedPrecondition) {
          return core::Error::FailedPrecondition("拨付金额超过基金余额，未拨付");
        }
        return std::move(posted).error();
      }
      if (const auto need = IntOrNullopt(row, 1)) TRY(MoveNeed(c, *need, row.Int(2)));
      TRY(Audit(c, entry, id));
      return FindIn(c, id);
    });
  }

  core::Result<Disbursement> RejectDisbursement(int64_t id, const Posting& posting,
                                                const audit::AuditEntry& entry) override {
    return Write<Disbursement>([&](Connection& c) -> core::Result<Disbursement> {
      ASSIGN_OR_RETURN(
          auto decided,
          c.Query("UPDATE charity_disbursements SET status = 'rejected', "
                  "decided_by = ?, decided_by_name = ?, decided_at = ?, "
                  "decision_note = ? WHERE id = ? AND status = 'pending' "
                  "RETURNING id",
                  {posting.actor_id, posting.actor_name, posting.at, posting.note, id}));
      if (decided.rows.empty()) return core::Error::FailedPrecondition("该拨付申请已处理");
      TRY(Audit(c, entry, id));
      return FindIn(c, id);
    });
  }

  core::Result<LedgerEntry> Reverse(int64_t fund_id, int64_t entry_id, const Posting& posting,
                                    const audit::AuditEntry& entry) override {
    return Write<LedgerEntry>([&](Connection& c) -> core::Result<LedgerEntry> {
      ASSIGN_OR_RETURN(auto found, c.Query(std::string("SELECT ") + kEntryColumns +
                                               " FROM charity_ledger WHERE id = ? AND fund_id = ?",
                                           {entry_id, fund_id}));
      if (found.rows.empty()) return core::Error::NotFound("账目不存在");
      const LedgerEntry original = EntryFromRow(found.rows.at(0));
      if (original.kind == EntryKind::kReversal) {
        return core::Error::FailedPrecondition("冲正记录不能再冲正");
      }
      ASSIGN_OR_RETURN(
          auto already,
          c.Query("SELECT COUNT(*) FROM charity_ledger WHERE reverses_entry_id = ?", {entry_id}));
      if (already.rows.at(0).Int(0) > 0) return core::Error::FailedPrecondition("该账目已冲正");
      LedgerEntry e = EntryOf(fund_id, EntryKind::kReversal, -original.amount_fen, posting);
      e.reverses_entry_id = original.id;
      e.donation_id = original.donation_id;
      e.disbursement_id = original.disbursement_id;
      auto posted = Post(c, e);
      if (!posted.ok()) {
        if (posted.error().code == core::ErrorCode::kFailedPrecondition) {
          return core::Error::FailedPrecondition("冲正后基金余额将为负，未冲正");
        }
        return std::move(posted).error();
      }
      if (original.donation_id) {
        ASSIGN_OR_RETURN(auto ignored,
                         c.Query("UPDATE charity_donations SET reversed = 1 WHERE id = ?",
                                 {*original.donation_id}));
      }
      if (original.disbursement_id) {
        ASSIGN_OR_RETURN(auto reversed,
                         c.Query("UPDATE charity_disbursements SET status = 'reversed' "
                                 "WHERE id = ? RETURNING need_id",
                                 {*original.disbursement_id}));
        if (!reversed.rows.empty()) {
          if (const auto need = IntOrNullopt(reversed.rows.at(0), 0)) {
            TRY(MoveNeed(c, *need, original.amount_fen));  // original is negative
          }
        }
      }
      TRY(Audit(c, entry, posted->id));
      return *posted;
    });
  }

  core::Result<std::vector<LedgerEntry>> ListEntries(int64_t fund_id) override {
    return Rows<LedgerEntry>(std::string("SELECT ") + kEntryColumns +
                                 " FROM charity_ledger WHERE fund_id = ? ORDER BY id",
                             {fund_id}, EntryFromRow);
  }

  core::Result<std::vector<FundCheck>> Verify(const core::Scope& scope) override {
    std::vector<Value> params;
    const std::string sql =
        "SELECT f.id, f.name, f.community_code, f.balance_fen, "
        "COALESCE(SUM(l.amount_fen), 0), COUNT(l.id) FROM charity_funds f "
        "LEFT JOIN charity_ledger l ON l.fund_id = f.id WHERE " +
        ScopeClause(scope, "f.community_code", params) +
        " GROUP BY f.id, f.name, f.community_code, f.balance_fen ORDER BY f.id";
    return Rows<FundCheck>(sql, params, [](const Row& row) {
      FundCheck check;
      check.fund_id = row.Int(0);
      check.fund_name = row.Text(1);
      check.community_code = row.Text(2);
      check.stored_fen = row.Int(3);
      check.recomputed_fen = row.Int(4);
      check.entries = row.Int(5);
      return check;
    });
  }

 private:
  template <typename T, typename F>
  core::Result<T> Write(F&& body) {
    if (keys_ == nullptr) return core::Error::FailedPrecondition("未配置密钥，无法记录审计日志");
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<T>(*connection, std::forward<F>(body));
  }

  template <typename T, typename FromRow>
  core::Result<std::vector<T>> Rows(const std::string& sql, const std::vector<Value>& params,
                                    FromRow&& from_row) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query(sql, params));
    std::vector<T> out;
    out.reserve(result.rows.size());
    for (const auto& row : result.rows) out.push_back(from_row(row));
    return out;
  }

  core::Status Audit(Connection& c, const audit::AuditEntry& entry, int64_t id) {
    audit::AuditEntry audited = entry;
    if (audited.subject_id.empty()) audited.subject_id = std::to_string(id);
    return AppendAuditIn(c, *keys_, audited);
  }

  core::Result<Disbursement> FindIn(Connection& c, int64_t id) {
    ASSIGN_OR_RETURN(auto found, c.Query(std::string("SELECT ") + kDisbursementColumns +
                                             kDisbursementFrom + " WHERE b.id = ?",
                                         {id}));
    return DisbursementFromRow(found.rows.at(0));
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<charity::CharityRepository> MakeSqlCharityRepository(Database& database,
                                                                     const crypto::KeyRing* keys) {
  return std::make_unique<SqlCharityRepository>(database, keys);
}

}  // namespace linli::storage

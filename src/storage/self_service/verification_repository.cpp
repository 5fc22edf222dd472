#include "storage/self_service/verification_repository.hpp"

#include "domain/notifications/notifications.hpp"
#include "storage/notifications/notification_repository.hpp"
#include "storage/notifications/sms_outbox.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using self_service::CodePurpose;
using self_service::CodeRequest;

std::string PurposeText(CodePurpose purpose) {
  return std::string(self_service::CodePurposeName(purpose));
}

Value OrNull(const std::optional<int64_t>& value) { return value ? Value(*value) : Value(Null{}); }

class SqlVerificationRepository final : public self_service::VerificationRepository {
 public:
  SqlVerificationRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<self_service::RequestCounts> Count(CodePurpose purpose, std::string_view subject,
                                                  std::string_view remote_address,
                                                  int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto by_subject,
        connection->Query(
            "SELECT COALESCE(SUM(CASE WHEN created_at > ? THEN 1 ELSE 0 END), 0), COUNT(*) FROM "
            "verification_codes WHERE purpose = ? AND subject = ? AND created_at > ?",
            {now - self_service::kSubjectGapMs, PurposeText(purpose), std::string(subject),
             now - 24LL * 3600 * 1000}));
    ASSIGN_OR_RETURN(auto by_address,
                     connection->Query("SELECT COUNT(*) FROM verification_codes WHERE "
                                       "remote_address = ? AND created_at > ?",
                                       {std::string(remote_address), now - 3600LL * 1000}));
    self_service::RequestCounts counts;
    counts.subject_last_minute = by_subject.rows[0].Int(0);
    counts.subject_last_day = by_subject.rows[0].Int(1);
    counts.address_last_hour = by_address.rows[0].Int(0);
    return counts;
  }

  core::Result<int64_t> Record(const CodeRequest& request,
                               const std::optional<self_service::CodeMessage>& message) override {
    if (message && keys_ == nullptr) {
      return core::Error::FailedPrecondition("缺少个人信息加密密钥，无法发送验证码");
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      ASSIGN_OR_RETURN(
          auto inserted,
          c.Query("INSERT INTO verification_codes (purpose, subject, remote_address, code_hash, "
                  "resident_id, account_id, failures, expires_at, created_at) VALUES (?, ?, ?, "
                  "?, ?, ?, 0, ?, ?) RETURNING id",
                  {PurposeText(request.purpose), request.subject, request.remote_address,
                   request.code_hash ? Value(*request.code_hash) : Value(Null{}),
                   OrNull(request.resident_id), OrNull(request.account_id), request.expires_at,
                   request.created_at}));
      if (inserted.rows.empty()) return core::Error::Internal("验证码记录没有返回编号");
      if (message) {
        if (!message->phone.empty()) {
          TRY(InsertSealedSmsToPhoneIn(c, message->phone, message->sms_text, *keys_,
                                       request.created_at));
        } else {
          notifications::Notice notice;
          notice.account_id = message->account_id;
          notice.kind = "account";
          notice.text = message->notice_text;
          notice.created_at = request.created_at;
          notice.sms = true;
          TRY(InsertNoticeWithSealedSmsIn(c, notice, message->sms_text, *keys_));
        }
      }
      return inserted.rows[0].Int(0);
    });
  }

  core::Result<std::optional<CodeRequest>> Live(CodePurpose purpose, std::string_view subject,
                                                int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "SELECT id, remote_address, code_hash, resident_id, account_id, failures, expires_at, "
            "created_at FROM verification_codes WHERE purpose = ? AND subject = ? AND code_hash "
            "IS NOT NULL AND consumed_at IS NULL AND expires_at > ? AND failures < ? ORDER BY "
            "created_at DESC, id DESC LIMIT 1",
            {PurposeText(purpose), std::string(subject), now,
             int64_t{self_service::kMaxCodeFailures}}));
    if (result.rows.empty()) return std::optional<CodeRequest>();
    const Row& row = result.rows[0];
    CodeRequest request;
    request.id = row.Int(0);
    request.purpose = purpose;
    request.subject = std::string(subject);
    request.remote_address = row.Text(1);
    request.code_hash = row.Text(2);
    request.resident_id = IntOrNullopt(row, 3);
    request.account_id = IntOrNullopt(row, 4);
    request.failures = int(row.Int(5));
    request.expires_at = row.Int(6);
    request.created_at = row.Int(7);
    return std::optional<CodeRequest>(std::move(request));
  }

  core::Status CountFailure(int64_t id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("UPDATE verification_codes SET failures = failures + 1 WHERE id = ?",
                          {id}));
    return core::Ok();
  }

  core::Result<bool> Consume(int64_t id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE verification_codes SET consumed_at = ? WHERE id = "
                                       "? AND consumed_at IS NULL",
                                       {now, id}));
    return result.affected_rows == 1;
  }

  core::Status Release(int64_t id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("UPDATE verification_codes SET consumed_at = NULL WHERE id = ?", {id}));
    return core::Ok();
  }

  core::Result<int64_t> DeleteBefore(int64_t before) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("DELETE FROM verification_codes WHERE created_at < ?", {before}));
    return result.affected_rows;
  }

 private:
  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<self_service::VerificationRepository> MakeSqlVerificationRepository(
    Database& database, const crypto::KeyRing* keys) {
  return std::make_unique<SqlVerificationRepository>(database, keys);
}

}  // namespace linli::storage

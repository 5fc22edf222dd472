#include "storage/notifications/sms_outbox.hpp"

#include <map>

#include "storage/keyset.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using notifications::ClaimedSms;
using notifications::SmsCount;
using notifications::SmsMessage;
using notifications::SmsOutcome;
using notifications::SmsStatus;

core::Result<SmsMessage> MessageFromRow(const Row& row) {
  SmsMessage message;
  message.id = row.Int(0);
  message.notification_id = row.IsNull(1) ? 0 : row.Int(1);
  message.account_id = row.IsNull(2) ? 0 : row.Int(2);
  message.username = row.Text(3);
  message.kind = row.Text(4);
  const auto status = notifications::SmsStatusFromName(row.Text(5));
  if (!status) return core::Error::Internal("短信状态无效：" + row.Text(5));
  message.status = *status;
  message.attempts = int(row.Int(6));
  message.next_attempt_at = row.Int(7);
  message.last_error = row.Text(8);
  message.gateway_message_id = row.Text(9);
  message.created_at = row.Int(10);
  message.updated_at = row.Int(11);
  message.sent_at = IntOrNullopt(row, 12);
  return message;
}

std::string StatusText(SmsStatus status) {
  return std::string(notifications::SmsStatusName(status));
}

class SqlSmsOutbox final : public notifications::SmsOutbox {
 public:
  SqlSmsOutbox(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<std::vector<int64_t>> DueIds(int64_t now, int limit) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id FROM sms_messages WHERE status = 'queued' AND "
                                       "next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                                       {now, int64_t{limit}}));
    std::vector<int64_t> ids;
    ids.reserve(result.rows.size());
    for (const auto& row : result.rows) ids.push_back(row.Int(0));
    return ids;
  }

  core::Result<std::optional<ClaimedSms>> Claim(int64_t id, int64_t now,
                                                int64_t claimed_until) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    // One statement: of two runners, the second finds the row no longer due (PostgreSQL
    // re-checks the WHERE clause on the row the first one updated; SQLite writes one at a time).
    ASSIGN_OR_RETURN(
        auto claimed,
        connection->Query("UPDATE sms_messages SET attempts = attempts + 1, next_attempt_at = ?, "
                          "updated_at = ? WHERE id = ? AND status = 'queued' AND "
                          "next_attempt_at <= ? RETURNING attempts, account_id, notification_id, "
                          "body_cipher, phone_cipher",
                          {claimed_until, now, id, now}));
    if (claimed.rows.empty()) return std::optional<ClaimedSms>();
    ClaimedSms message;
    message.id = id;
    message.attempt = int(claimed.rows[0].Int(0));
    message.account_id = claimed.rows[0].IsNull(1) ? 0 : claimed.rows[0].Int(1);
    if (!claimed.rows[0].IsNull(3)) {
      // A secret of its own, opened for this attempt only (decisions 0020, 0026).
      if (keys_ == nullptr) {
        message.unopened = "缺少个人信息加密密钥";
        return std::optional<ClaimedSms>(std::move(message));
      }
      auto opened = keys_->Decrypt(claimed.rows[0].Text(3), SmsBodyAt(id));
      if (opened.ok()) {
        message.text = std::move(*opened);
      } else {
        message.unopened = opened.error().message;
      }
      if (opened.ok() && !claimed.rows[0].IsNull(4)) {
        auto phone = keys_->Decrypt(claimed.rows[0].Text(4), SmsPhoneAt(id));
        if (phone.ok()) {
          message.phone = std::move(*phone);
        } else {
          message.unopened = phone.error().message;
        }
      }
      return std::optional<ClaimedSms>(std::move(message));
    }
    ASSIGN_OR_RETURN(auto text, connection->Query("SELECT text FROM notifications WHERE id = ?",
                                                  {claimed.rows[0].Int(2)}));
    if (text.rows.empty()) return core::Error::Internal("短信对应的通知不存在");
    message.text = text.rows[0].Text(0);
    return std::optional<ClaimedSms>(std::move(message));
  }

  core::Result<bool> Record(int64_t id, int attempt, const SmsOutcome& outcome) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const bool sent = outcome.status == SmsStatus::kSent;
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "UPDATE sms_messages SET status = ?, next_attempt_at = ?, last_error = ?, "
            "gateway_message_id = ?, sent_at = ?, updated_at = ?, body_cipher = CASE WHEN ? = 1 "
            "THEN body_cipher ELSE NULL END, phone_cipher = CASE WHEN ? = 1 THEN phone_cipher "
            "ELSE NULL END WHERE id = ? AND attempts = ? AND status = 'queued'",
            {StatusText(outcome.status),
             outcome.status == SmsStatus::kQueued ? outcome.next_attempt_at : outcome.at,
             outcome.error, outcome.gateway_message_id, sent ? Value(outcome.at) : Value(Null{}),
             outcome.at, int64_t{outcome.status == SmsStatus::kQueued ? 1 : 0},
             int64_t{outcome.status == SmsStatus::kQueued ? 1 : 0}, id, int64_t{attempt}}));
    return result.affected_rows == 1;
  }

  core::Result<core::Page<SmsMessage>> List(std::optional<SmsStatus> status,
                                            const core::PageRequest& page) override {
    std::vector<Value> params;
    std::string sql =
        "SELECT m.id, m.notification_id, m.account_id, COALESCE(a.username, ''), COALESCE(n.kind, "
        "'" +
        std::string(notifications::kVerificationCodeKind) +
        "'), m.status, m.attempts, "
        "m.next_attempt_at, m.last_error, m.gateway_message_id, m.created_at, m.updated_at, "
        "m.sent_at FROM sms_messages m LEFT JOIN accounts a ON a.id = m.account_id LEFT JOIN "
        "notifications n ON n.id = m.notification_id WHERE 1=1";
    if (status) {
      sql += " AND m.status = ?";
      params.emplace_back(StatusText(*status));
    }
    return KeysetPage(database_, std::move(sql), std::move(params),
                      Keyset::ById("m.id", SortOrder::kDescending), page, MessageFromRow,
                      [](const SmsMessage& message) { return message.id; });
  }

  core::Result<std::vector<SmsCount>> Count() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT status, COUNT(*) FROM sms_messages "
                                                    "GROUP BY status"));
    std::map<std::string, int64_t> by_name;
    for (const auto& row : result.rows) by_name[row.Text(0)] = row.Int(1);
    std::vector<SmsCount> counts;
    for (SmsStatus status : notifications::AllSmsStatuses()) {
      auto found = by_name.find(StatusText(status));
      counts.push_back(SmsCount{status, found == by_name.end() ? 0 : found->second});
    }
    return counts;
  }

 private:
  Database& database_;
  const crypto::KeyRing* keys_;
};

}  // namespace

std::unique_ptr<notifications::SmsOutbox> MakeSqlSmsOutbox(Database& database,
                                                           const crypto::KeyRing* keys) {
  return std::make_unique<SqlSmsOutbox>(database, keys);
}

crypto::FieldLocation SmsBodyAt(int64_t message_id) { return {"sms_messages", "body", message_id}; }

crypto::FieldLocation SmsPhoneAt(int64_t message_id) {
  return {"sms_messages", "phone", message_id};
}

core::Result<int64_t> InsertSealedSmsToPhoneIn(Connection& connection, std::string_view phone,
                                               std::string_view text, const crypto::KeyRing& keys,
                                               int64_t now) {
  if (phone.empty() || text.empty()) return core::Error::Internal("短信缺少手机号或正文");
  ASSIGN_OR_RETURN(auto inserted,
                   connection.Query("INSERT INTO sms_messages (status, attempts, next_attempt_at, "
                                    "last_error, created_at, updated_at) VALUES ('queued', 0, ?, "
                                    "'', ?, ?) RETURNING id",
                                    {now, now, now}));
  if (inserted.rows.empty()) return core::Error::Internal("新短信没有返回编号");
  const int64_t id = inserted.rows[0].Int(0);
  // Sealed once the row has its id, which both ciphertexts are bound to.
  ASSIGN_OR_RETURN(std::string sealed_phone, keys.Encrypt(phone, SmsPhoneAt(id)));
  ASSIGN_OR_RETURN(std::string sealed_text, keys.Encrypt(text, SmsBodyAt(id)));
  TRY(connection.Query("UPDATE sms_messages SET phone_cipher = ?, body_cipher = ? WHERE id = ?",
                       {sealed_phone, sealed_text, id}));
  return id;
}

}  // namespace linli::storage

#include "storage/notifications/notification_repository.hpp"

#include "domain/notifications/sms.hpp"
#include "storage/keyset.hpp"
#include "storage/notifications/sms_outbox.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using notifications::Notice;
using notifications::Notification;
using notifications::Subject;

std::optional<Subject> SubjectOf(const Row& row, size_t type_column, size_t id_column) {
  if (row.IsNull(type_column) || row.IsNull(id_column)) return std::nullopt;
  auto type = notifications::SubjectTypeFromName(row.Text(type_column));
  if (!type) return std::nullopt;  // written by a newer version: nothing this one can open
  return Subject{*type, row.Int(id_column)};
}

Notification NotificationFromRow(const Row& row) {
  Notification n;
  n.id = row.Int(0);
  n.account_id = row.Int(1);
  n.kind = row.Text(2);
  n.text = row.Text(3);
  n.subject = SubjectOf(row, 4, 5);
  n.created_at = row.Int(6);
  n.read_at = IntOrNullopt(row, 7);
  return n;
}

class SqlNotificationRepository final : public notifications::NotificationRepository {
 public:
  explicit SqlNotificationRepository(Database& database) : database_(database) {}

  core::Status Insert(const std::vector<Notice>& notices) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      return InsertNotificationsIn(c, notices);
    });
  }

  core::Result<core::Page<Notification>> List(int64_t account_id, bool unread_only,
                                              const core::PageRequest& page) override {
    std::vector<Value> params{account_id};
    std::string sql =
        "SELECT id, account_id, kind, text, subject_type, subject_id, created_at, read_at FROM "
        "notifications WHERE account_id = ?";
    if (unread_only) sql += " AND read_at IS NULL";
    return KeysetPage(database_, std::move(sql), std::move(params),
                      Keyset::ById("id", SortOrder::kDescending), page, NotificationFromRow,
                      [](const Notification& notification) { return notification.id; });
  }

  core::Result<int64_t> UnreadCount(int64_t account_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT COUNT(*) FROM notifications WHERE account_id = ? "
                                       "AND read_at IS NULL",
                                       {account_id}));
    return result.rows.at(0).Int(0);
  }

  core::Result<bool> MarkRead(int64_t account_id, int64_t id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE notifications SET read_at = COALESCE(read_at, ?) "
                                       "WHERE id = ? AND account_id = ?",
                                       {now, id, account_id}));
    return result.affected_rows > 0;
  }

  core::Result<int64_t> MarkAllRead(int64_t account_id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE notifications SET read_at = ? WHERE account_id = "
                                       "? AND read_at IS NULL",
                                       {now, account_id}));
    return result.affected_rows;
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<notifications::NotificationRepository> MakeSqlNotificationRepository(
    Database& database) {
  return std::make_unique<SqlNotificationRepository>(database);
}

namespace {

// One notice and, when it asks for one, its SMS; the SMS's own text sealed when `sealed` is set.
core::Status InsertNotice(Connection& connection, const Notice& n, std::string_view sealed_text,
                          const crypto::KeyRing* keys) {
  ASSIGN_OR_RETURN(
      auto inserted,
      connection.Query(
          "INSERT INTO notifications (account_id, kind, text, subject_type, subject_id, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
          {n.account_id, n.kind, n.text,
           n.subject ? Value(std::string(notifications::SubjectTypeName(n.subject->type)))
                     : Value(Null{}),
           n.subject ? Value(n.subject->id) : Value(Null{}), n.created_at}));
  if (!n.sms) return core::Ok();
  if (inserted.rows.empty()) return core::Error::Internal("新通知没有返回编号");
  // The SMS outbox's message, committed with its notification (decision 0018): due at once,
  // or logged as no_phone at once when the account has no phone (nothing to queue).
  ASSIGN_OR_RETURN(
      auto queued,
      connection.Query(
          "INSERT INTO sms_messages (notification_id, account_id, status, attempts, "
          "next_attempt_at, last_error, created_at, updated_at) SELECT ?, a.id, CASE WHEN "
          "a.phone_cipher IS NULL THEN 'no_phone' ELSE 'queued' END, 0, ?, CASE WHEN "
          "a.phone_cipher IS NULL THEN ? ELSE '' END, ?, ? FROM accounts a WHERE a.id = ? "
          "RETURNING id, status",
          {inserted.rows[0].Int(0), n.created_at, std::string(notifications::kNoPhoneError),
           n.created_at, n.created_at, n.account_id}));
  if (keys == nullptr || queued.rows.empty() || queued.rows[0].Text(1) != "queued") {
    return core::Ok();
  }
  // Sealed once the row has its id, which the ciphertext is bound to (decision 0020).
  const int64_t message_id = queued.rows[0].Int(0);
  ASSIGN_OR_RETURN(std::string sealed, keys->Encrypt(sealed_text, SmsBodyAt(message_id)));
  TRY(connection.Query("UPDATE sms_messages SET body_cipher = ? WHERE id = ?",
                       {sealed, message_id}));
  return core::Ok();
}

}  // namespace

core::Status InsertNotificationsIn(Connection& connection, const std::vector<Notice>& notices) {
  for (const auto& n : notices) TRY(InsertNotice(connection, n, "", nullptr));
  return core::Ok();
}

core::Status InsertNoticeWithSealedSmsIn(Connection& connection, const Notice& notice,
                                         std::string_view sms_text, const crypto::KeyRing& keys) {
  if (!notice.sms || sms_text.empty()) {
    return core::Error::Internal("加密短信正文只用于发短信的通知");
  }
  return InsertNotice(connection, notice, sms_text, &keys);
}

}  // namespace linli::storage

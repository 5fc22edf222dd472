// Notifications (通知) as a context of their own: what a module tells an account — the bell in
// the web app, and an SMS for what needs someone at once — with a typed subject (what it is
// about: an event, an escalation, …) instead of a web path, so that the domain never writes
// pages of the web app; the web maps subjects to its pages (http/notifications sends the
// matching `link` too, for older clients).
//
// Posting: a module hands notices to a Notifier. Notices that must be written exactly when a
// change of the module is (the events context: assignments, whistles, warnings) are written by
// the module's repository in that change's transaction (storage::InsertNotificationsIn) and then
// handed to Notifier::Deliver; other modules call Notifier::Post, which writes and delivers.
// Writing a notice that asks for an SMS also queues the message in the SMS outbox, in the same
// transaction (sms.hpp); delivering only asks the delivery job to run soon. Notices that come
// due with time (deadline warnings) are written by the module's scheduled job
// (domain/scheduler), never by reading the bell.
// Thread-safety: plain values; implementations of the interfaces are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"

namespace linli::notifications {

// What a notification is about. Each type is a page of the web app (web/src/components/
// notifications.js) and of http/notifications' `link`; a new module adds its type here, there
// and in the web's map. Stored by name (notifications.subject_type).
// A mandatory report (强制报告) and an application for assistance (救助申请) are care's: their
// notices go only to accounts that may read them (decisions 0034, 0035).
enum class SubjectType { kEvent, kEscalation, kMandatoryReport, kApplication };
// "event", "escalation", "mandatory_report", "application"
std::string_view SubjectTypeName(SubjectType type);
std::optional<SubjectType> SubjectTypeFromName(std::string_view name);

struct Subject {
  SubjectType type = SubjectType::kEvent;
  int64_t id = 0;
  bool operator==(const Subject&) const = default;
};

// A notification to write: its recipient, kind (the module's word: assignment, escalation,
// warning, …), text, subject (nullopt: nothing the recipient can open) and whether it also goes
// out as an SMS (same text, to the account's mobile number; queued in the SMS outbox).
struct Notice {
  int64_t account_id = 0;
  std::string kind;
  std::string text;
  std::optional<Subject> subject;
  bool sms = false;
  int64_t created_at = 0;  // 0 = when posted (Notifier::Post)
};

// A notification as stored and listed.
struct Notification {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string kind;
  std::string text;
  std::optional<Subject> subject;
  int64_t created_at = 0;
  std::optional<int64_t> read_at;
};

struct NotificationPage {
  core::Page<Notification> page;
  int64_t unread_count = 0;
};

class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  // Writes every notice in one transaction, with the SMS outbox's message of each notice that
  // asks for one.
  virtual core::Status Insert(const std::vector<Notice>& notices) = 0;
  // One account's notifications, newest first; page.after is the last id seen.
  virtual core::Result<core::Page<Notification>> List(int64_t account_id, bool unread_only,
                                                      const core::PageRequest& page) = 0;
  virtual core::Result<int64_t> UnreadCount(int64_t account_id) = 0;
  // false when the notification is not the account's.
  virtual core::Result<bool> MarkRead(int64_t account_id, int64_t id, int64_t now) = 0;
  virtual core::Result<int64_t> MarkAllRead(int64_t account_id, int64_t now) = 0;
};

// How a module notifies, without depending on the notification service.
class Notifier {
 public:
  virtual ~Notifier() = default;
  // Writes the notices (one transaction, their SMS queued with them), then delivers them.
  virtual core::Status Post(std::vector<Notice> notices) = 0;
  // After notices the caller wrote itself committed (storage::InsertNotificationsIn, inside the
  // transaction of its own change): asks for their SMS to go out soon. Never blocks on the
  // gateway; the SMS are already queued, so nothing is lost when this is not called.
  virtual void Deliver(const std::vector<Notice>& notices) = 0;
};

}  // namespace linli::notifications

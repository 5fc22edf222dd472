// In-memory repositories for the access services' unit tests (the SQL ones are tested in
// src/storage/access). Counts calls so tests can see when the database is touched.
// Thread-safety: one mutex per repository.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "domain/access/account.hpp"
#include "domain/audit/audit_log.hpp"

namespace linli::access::testing {

class FakeAccountRepository final : public AccountRepository {
 public:
  core::Result<Account> Insert(const Account& account) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, existing] : rows_) {
      if (existing.username == account.username) {
        return core::Error::AlreadyExists("用户名已存在", "username");
      }
    }
    Account stored = account;
    stored.id = ++last_id_;
    rows_[stored.id] = stored;
    return stored;
  }
  core::Result<std::optional<Account>> FindByUsername(std::string_view username) override {
    std::lock_guard lock(mutex_);
    ++reads;
    for (const auto& [id, account] : rows_) {
      if (account.username == username) return std::optional<Account>(account);
    }
    return std::optional<Account>();
  }
  core::Result<std::optional<Account>> FindById(int64_t id) override {
    std::lock_guard lock(mutex_);
    ++reads;
    auto it = rows_.find(id);
    if (it == rows_.end()) return std::optional<Account>();
    return std::optional<Account>(it->second);
  }
  core::Result<core::Page<Account>> List(const AccountQuery& query, const core::Scope& scope,
                                         const core::PageRequest& page) override {
    std::lock_guard lock(mutex_);
    std::vector<Account> matching;
    for (const auto& [id, account] : rows_) {
      if (!query.text.empty() && account.username.find(query.text) == std::string::npos &&
          account.display_name.find(query.text) == std::string::npos) {
        continue;
      }
      const bool inside =
          std::all_of(account.grants.begin(), account.grants.end(),
                      [&](const RoleGrant& g) { return scope.Covers(g.scope_code); });
      if (inside && account.username > page.after) matching.push_back(account);
    }
    std::sort(matching.begin(), matching.end(),
              [](const Account& a, const Account& b) { return a.username < b.username; });
    core::Page<Account> result;
    for (const auto& account : matching) {
      if (static_cast<int>(result.items.size()) == page.limit) {
        result.next_cursor = core::EncodeCursor(result.items.back().username);
        break;
      }
      result.items.push_back(account);
    }
    return result;
  }
  core::Status SetDisabled(int64_t id, bool disabled, int64_t now) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).disabled = disabled;
    rows_.at(id).updated_at = now;
    return core::Ok();
  }
  core::Status SetPasswordHash(int64_t id, std::string_view hash, bool must_change,
                               int64_t now) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).password_hash = std::string(hash);
    rows_.at(id).must_change_password = must_change;
    rows_.at(id).updated_at = now;
    return core::Ok();
  }
  core::Status SetPasswordHashWithSms(int64_t id, std::string_view hash,
                                      const ResetMessage& message, int64_t now) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).password_hash = std::string(hash);
    rows_.at(id).must_change_password = true;
    rows_.at(id).updated_at = now;
    reset_messages.emplace_back(id, message);
    return core::Ok();
  }
  core::Status SetMustChangePassword(int64_t id, int64_t now) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).must_change_password = true;
    rows_.at(id).updated_at = now;
    return core::Ok();
  }
  core::Status SetPhone(int64_t id, const std::optional<std::string>& phone, int64_t now) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).phone = phone;
    rows_.at(id).updated_at = now;
    return core::Ok();
  }
  core::Status ReplaceGrants(int64_t id, const std::vector<RoleGrant>& grants,
                             int64_t now) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).grants = grants;
    rows_.at(id).updated_at = now;
    return core::Ok();
  }
  core::Status SetResident(int64_t id, std::optional<int64_t> resident_id, int64_t now) override {
    std::lock_guard lock(mutex_);
    for (const auto& [other, account] : rows_) {
      if (other != id && resident_id && account.resident_id == resident_id) {
        return core::Error::AlreadyExists("该居民已绑定其他账号", "resident_id");
      }
    }
    rows_.at(id).resident_id = resident_id;
    rows_.at(id).updated_at = now;
    return core::Ok();
  }
  core::Result<std::optional<Account>> FindByResident(int64_t resident_id) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, account] : rows_) {
      if (account.resident_id == resident_id) return std::optional<Account>(account);
    }
    return std::optional<Account>();
  }
  core::Result<int64_t> Count() override {
    std::lock_guard lock(mutex_);
    return static_cast<int64_t>(rows_.size());
  }

  int reads = 0;
  // What SetPasswordHashWithSms wrote: (account id, message).
  std::vector<std::pair<int64_t, ResetMessage>> reset_messages;

 private:
  std::mutex mutex_;
  int64_t last_id_ = 0;
  std::map<int64_t, Account> rows_;
};

class FakeSessionRepository final : public SessionRepository {
 public:
  core::Result<int64_t> Insert(const SessionRecord& session) override {
    std::lock_guard lock(mutex_);
    SessionRecord stored = session;
    stored.id = ++last_id_;
    rows_[stored.id] = stored;
    return stored.id;
  }
  core::Result<std::optional<SessionRecord>> FindByTokenHash(std::string_view hash) override {
    std::lock_guard lock(mutex_);
    ++lookups;
    for (const auto& [id, session] : rows_) {
      if (session.token_hash == hash) return std::optional<SessionRecord>(session);
    }
    return std::optional<SessionRecord>();
  }
  core::Result<std::optional<SessionRecord>> FindById(int64_t id) override {
    std::lock_guard lock(mutex_);
    auto it = rows_.find(id);
    if (it == rows_.end()) return std::optional<SessionRecord>();
    return std::optional<SessionRecord>(it->second);
  }
  core::Status Revoke(int64_t session_id, int64_t now) override {
    std::lock_guard lock(mutex_);
    auto it = rows_.find(session_id);
    if (it != rows_.end() && !it->second.revoked_at) it->second.revoked_at = now;
    return core::Ok();
  }
  core::Status RevokeAllForAccount(int64_t account_id, int64_t now) override {
    std::lock_guard lock(mutex_);
    for (auto& [id, session] : rows_) {
      if (session.account_id == account_id && !session.revoked_at) session.revoked_at = now;
    }
    return core::Ok();
  }
  core::Result<int64_t> DeleteEndedBefore(int64_t before) override {
    std::lock_guard lock(mutex_);
    int64_t count = 0;
    for (auto it = rows_.begin(); it != rows_.end();) {
      const bool ended = it->second.expires_at < before ||
                         (it->second.revoked_at && *it->second.revoked_at < before);
      if (ended) {
        it = rows_.erase(it);
        ++count;
      } else {
        ++it;
      }
    }
    return count;
  }
  size_t size() {
    std::lock_guard lock(mutex_);
    return rows_.size();
  }

  int lookups = 0;

 private:
  std::mutex mutex_;
  int64_t last_id_ = 0;
  std::map<int64_t, SessionRecord> rows_;
};

class FakeLoginFailureRepository final : public LoginFailureRepository {
 public:
  core::Result<LoginFailureState> Get(std::string_view username) override {
    std::lock_guard lock(mutex_);
    auto it = rows_.find(std::string(username));
    return it == rows_.end() ? LoginFailureState{} : it->second;
  }
  core::Result<LoginFailureState> Update(
      std::string_view username,
      const std::function<LoginFailureState(const LoginFailureState&)>& change) override {
    std::lock_guard lock(mutex_);
    LoginFailureState& state = rows_[std::string(username)];
    state = change(state);
    const LoginFailureState result = state;
    if (result.failure_count == 0 && result.window_started_at == 0 && result.locked_until == 0) {
      rows_.erase(std::string(username));
    }
    return result;
  }
  core::Status Clear(std::string_view username) override {
    std::lock_guard lock(mutex_);
    rows_.erase(std::string(username));
    return core::Ok();
  }
  size_t size() {
    std::lock_guard lock(mutex_);
    return rows_.size();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, LoginFailureState, std::less<>> rows_;
};

// Keeps what is appended, in order.
class RecordingAuditLog final : public audit::AuditLog {
 public:
  core::Status Append(const audit::AuditEntry& entry) override {
    entries.push_back(entry);
    return core::Ok();
  }
  std::vector<audit::AuditEntry> entries;
};

}  // namespace linli::access::testing

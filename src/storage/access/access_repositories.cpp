#include "storage/access/access_repositories.hpp"

#include <map>

#include "domain/notifications/notifications.hpp"
#include "storage/keyset.hpp"
#include "storage/notifications/notification_repository.hpp"
#include "storage/scope_sql.hpp"
#include "storage/sql_text.hpp"
#include "storage/values.hpp"

namespace linli::storage {

namespace {

using access::Account;
using access::LoginFailureState;
using access::RoleGrant;
using access::SessionRecord;

constexpr std::string_view kAccountColumns =
    "a.id, a.username, a.display_name, a.password_hash, a.disabled, a.created_at, a.updated_at, "
    "a.must_change_password, a.phone_cipher, a.resident_id";

// The account's phone sealed for its row. kFailedPrecondition without a key ring.
core::Result<std::string> SealPhone(const crypto::KeyRing* keys, std::string_view phone,
                                    int64_t account_id) {
  if (keys == nullptr) {
    return core::Error::FailedPrecondition(
        "缺少个人信息加密密钥（运行 linli keys init 或设置 LINLI_KEYS），无法保存手机号");
  }
  return keys->Encrypt(phone, AccountPhoneAt(account_id));
}

core::Result<Account> AccountFromRow(const Row& row, const crypto::KeyRing* keys) {
  Account account;
  account.id = row.Int(0);
  account.username = row.Text(1);
  account.display_name = row.Text(2);
  account.password_hash = row.Text(3);
  account.disabled = row.Int(4) != 0;
  account.created_at = row.Int(5);
  account.updated_at = row.Int(6);
  account.must_change_password = row.Int(7) != 0;
  if (!row.IsNull(8)) {
    if (keys == nullptr) {
      return core::Error::FailedPrecondition(
          "缺少个人信息加密密钥（运行 linli keys init 或设置 LINLI_KEYS），无法读取账号手机号");
    }
    ASSIGN_OR_RETURN(account.phone, keys->Decrypt(row.Text(8), AccountPhoneAt(account.id)));
  }
  account.resident_id = IntOrNullopt(row, 9);
  return account;
}

core::Result<RoleGrant> GrantFromRow(const Row& row, size_t first) {
  const auto role = access::RoleFromName(row.Text(first));
  if (!role) return core::Error::Internal("账号角色数据无效：" + row.Text(first));
  const auto duty = access::DutyFromName(row.Text(first + 3));
  if (!duty) return core::Error::Internal("账号职责数据无效：" + row.Text(first + 3));
  RoleGrant grant{*role, row.Text(first + 1), row.Text(first + 2), *duty};
  if (!row.IsNull(first + 4)) grant.provider_id = row.Int(first + 4);
  grant.provider_name = row.Text(first + 5);
  if (!row.IsNull(first + 6)) grant.organisation_id = row.Int(first + 6);
  grant.organisation_name = row.Text(first + 7);
  return grant;
}

core::Status InsertGrants(Connection& c, int64_t account_id, const std::vector<RoleGrant>& grants) {
  for (const auto& grant : grants) {
    TRY(c.Query(
        "INSERT INTO account_grants (account_id, role, scope_code, department, duty, provider_id, "
        "organisation_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {account_id, std::string(access::RoleName(grant.role)), grant.scope_code, grant.department,
         std::string(access::DutyName(grant.duty)),
         grant.provider_id ? Value(*grant.provider_id) : Value(Null{}),
         grant.organisation_id ? Value(*grant.organisation_id) : Value(Null{})}));
  }
  return core::Ok();
}

// Loads the grants of the accounts (in insertion order) into them.
core::Status LoadGrants(Connection& connection, std::vector<Account>& accounts) {
  if (accounts.empty()) return core::Ok();
  std::string sql =
      "SELECT g.account_id, g.role, g.scope_code, g.department, g.duty, g.provider_id, "
      "COALESCE(p.name, ''), g.organisation_id, COALESCE(o.name, '') FROM account_grants g LEFT "
      "JOIN home_providers p ON p.id = g.provider_id LEFT JOIN social_orgs o ON o.id = "
      "g.organisation_id WHERE g.account_id IN (";
  std::vector<Value> params;
  std::map<int64_t, Account*> by_id;
  for (auto& account : accounts) {
    sql += params.empty() ? "?" : ",?";
    params.emplace_back(account.id);
    by_id[account.id] = &account;
  }
  sql += ") ORDER BY g.id";
  ASSIGN_OR_RETURN(auto result, connection.Query(sql, params));
  for (const auto& row : result.rows) {
    auto it = by_id.find(row.Int(0));
    if (it == by_id.end()) continue;
    ASSIGN_OR_RETURN(auto grant, GrantFromRow(row, 1));
    it->second->grants.push_back(std::move(grant));
  }
  return core::Ok();
}

core::Result<std::optional<Account>> FindOne(Connection& connection, const crypto::KeyRing* keys,
                                             std::string_view where, const Value& key) {
  const std::string sql =
      "SELECT " + std::string(kAccountColumns) + " FROM accounts a WHERE " + std::string(where);
  ASSIGN_OR_RETURN(auto result, connection.Query(sql, {key}));
  if (result.rows.empty()) return std::optional<Account>();
  ASSIGN_OR_RETURN(Account found, AccountFromRow(result.rows.front(), keys));
  std::vector<Account> accounts{std::move(found)};
  TRY(LoadGrants(connection, accounts));
  return std::optional<Account>(std::move(accounts.front()));
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

class SqlAccountRepository final : public access::AccountRepository {
 public:
  SqlAccountRepository(Database& database, const crypto::KeyRing* keys)
      : database_(database), keys_(keys) {}

  core::Result<Account> Insert(const Account& account) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto inserted =
        InTransaction<Account>(*connection, [&](Connection& c) -> core::Result<Account> {
          ASSIGN_OR_RETURN(auto existing, c.Query("SELECT id FROM accounts WHERE username = ?",
                                                  {account.username}));
          if (!existing.rows.empty()) return UsernameTaken();
          if (account.resident_id) {
            ASSIGN_OR_RETURN(auto bound, c.Query("SELECT id FROM accounts WHERE resident_id = ?",
                                                 {*account.resident_id}));
            if (!bound.rows.empty()) return ResidentTaken();
          }
          ASSIGN_OR_RETURN(
              auto result,
              c.Query("INSERT INTO accounts (username, display_name, password_hash, disabled, "
                      "created_at, updated_at, must_change_password, resident_id) VALUES (?, ?, ?, "
                      "?, ?, ?, ?, ?) RETURNING id",
                      {account.username, account.display_name, account.password_hash,
                       int64_t{account.disabled ? 1 : 0}, account.created_at, account.updated_at,
                       int64_t{account.must_change_password ? 1 : 0},
                       account.resident_id ? Value(*account.resident_id) : Value(Null{})}));
          if (result.rows.empty()) return core::Error::Internal("新账号没有返回编号");
          Account stored = account;
          stored.id = result.rows.front().Int(0);
          TRY(InsertGrants(c, stored.id, account.grants));
          // Sealed once the row has its id, which the ciphertext is bound to.
          if (account.phone) {
            ASSIGN_OR_RETURN(std::string sealed, SealPhone(keys_, *account.phone, stored.id));
            TRY(c.Query("UPDATE accounts SET phone_cipher = ? WHERE id = ?", {sealed, stored.id}));
          }
          return stored;
        });
    if (!inserted.ok() && inserted.error().code == core::ErrorCode::kAlreadyExists &&
        inserted.error().field != "resident_id") {
      return UsernameTaken();  // a concurrent insert won the race on the UNIQUE index
    }
    return inserted;
  }

  core::Result<std::optional<Account>> FindByUsername(std::string_view username) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return FindOne(*connection, keys_, "a.username = ?", std::string(username));
  }

  core::Result<std::optional<Account>> FindById(int64_t id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return FindOne(*connection, keys_, "a.id = ?", id);
  }

  core::Result<core::Page<Account>> List(const access::AccountQuery& query,
                                         const core::Scope& scope,
                                         const core::PageRequest& page) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + std::string(kAccountColumns) + " FROM accounts a WHERE 1=1";
    if (!query.text.empty()) {
      const std::string text = LowerAscii(query.text);
      sql += " AND (" + LikeClause("a.username", text, LikeMatch::kContains, params) + " OR " +
             LikeClause("LOWER(a.display_name)", text, LikeMatch::kContains, params) + ")";
    }
    if (!scope.all) {
      // Every grant inside the scope (and at least one grant).
      sql += " AND EXISTS (SELECT 1 FROM account_grants g WHERE g.account_id = a.id)";
      sql += " AND NOT EXISTS (SELECT 1 FROM account_grants g WHERE g.account_id = a.id AND NOT ";
      sql += ScopeClause(scope, "g.scope_code", params);
      sql += ")";
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto out, KeysetPage(
                      *connection, std::move(sql), std::move(params), Keyset::ByText("a.username"),
                      page, [this](const Row& row) { return AccountFromRow(row, keys_); },
                      [](const Account& account) { return account.username; }));
    TRY(LoadGrants(*connection, out.items));
    return out;
  }

  core::Status SetDisabled(int64_t id, bool disabled, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("UPDATE accounts SET disabled = ?, updated_at = ? WHERE id = ?",
                          {int64_t{disabled ? 1 : 0}, now, id}));
    return core::Ok();
  }

  core::Status SetPasswordHash(int64_t id, std::string_view password_hash,
                               bool must_change_password, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query(
        "UPDATE accounts SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE "
        "id = ?",
        {std::string(password_hash), int64_t{must_change_password ? 1 : 0}, now, id}));
    return core::Ok();
  }

  core::Status SetPasswordHashWithSms(int64_t id, std::string_view password_hash,
                                      const access::ResetMessage& message, int64_t now) override {
    if (keys_ == nullptr) {
      return core::Error::FailedPrecondition(
          "缺少个人信息加密密钥（运行 linli keys init 或设置 LINLI_KEYS），无法发送临时密码短信");
    }
    notifications::Notice notice;
    notice.account_id = id;
    notice.kind = "account";
    notice.text = message.notice_text;
    notice.sms = true;
    notice.created_at = now;
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query(
          "UPDATE accounts SET password_hash = ?, must_change_password = 1, updated_at = ? WHERE "
          "id = ?",
          {std::string(password_hash), now, id}));
      return InsertNoticeWithSealedSmsIn(c, notice, message.sms_text, *keys_);
    });
  }

  core::Status SetMustChangePassword(int64_t id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query(
        "UPDATE accounts SET must_change_password = 1, updated_at = ? WHERE id = ?", {now, id}));
    return core::Ok();
  }

  core::Status SetPhone(int64_t id, const std::optional<std::string>& phone, int64_t now) override {
    Value sealed = Null{};
    if (phone) {
      ASSIGN_OR_RETURN(std::string text, SealPhone(keys_, *phone, id));
      sealed = std::move(text);
    }
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("UPDATE accounts SET phone_cipher = ?, updated_at = ? WHERE id = ?",
                          {sealed, now, id}));
    return core::Ok();
  }

  core::Status ReplaceGrants(int64_t id, const std::vector<RoleGrant>& grants,
                             int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction(*connection, [&](Connection& c) -> core::Status {
      TRY(c.Query("DELETE FROM account_grants WHERE account_id = ?", {id}));
      TRY(InsertGrants(c, id, grants));
      TRY(c.Query("UPDATE accounts SET updated_at = ? WHERE id = ?", {now, id}));
      return core::Ok();
    });
  }

  core::Status SetResident(int64_t id, std::optional<int64_t> resident_id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    auto updated =
        connection->Query("UPDATE accounts SET resident_id = ?, updated_at = ? WHERE id = ?",
                          {resident_id ? Value(*resident_id) : Value(Null{}), now, id});
    if (!updated.ok() && updated.error().code == core::ErrorCode::kAlreadyExists) {
      return ResidentTaken();
    }
    if (!updated.ok()) return std::move(updated).error();
    return core::Ok();
  }

  core::Result<std::optional<Account>> FindByResident(int64_t resident_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return FindOne(*connection, keys_, "a.resident_id = ?", resident_id);
  }

  core::Result<int64_t> Count() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT COUNT(*) FROM accounts"));
    return result.rows.empty() ? 0 : result.rows.front().Int(0);
  }

 private:
  static core::Error UsernameTaken() {
    return core::Error::AlreadyExists("用户名已存在", "username");
  }
  static core::Error ResidentTaken() {
    return core::Error::AlreadyExists("该居民已绑定其他账号", "resident_id");
  }

  Database& database_;
  const crypto::KeyRing* keys_;
};

constexpr std::string_view kSessionColumns =
    "SELECT id, account_id, token_hash, csrf_token, created_at, expires_at, revoked_at, "
    "remote_address FROM sessions WHERE ";

SessionRecord SessionFromRow(const Row& row) {
  SessionRecord session;
  session.id = row.Int(0);
  session.account_id = row.Int(1);
  session.token_hash = row.Text(2);
  session.csrf_token = row.Text(3);
  session.created_at = row.Int(4);
  session.expires_at = row.Int(5);
  if (!row.IsNull(6)) session.revoked_at = row.Int(6);
  session.remote_address = row.Text(7);
  return session;
}

class SqlSessionRepository final : public access::SessionRepository {
 public:
  explicit SqlSessionRepository(Database& database) : database_(database) {}

  core::Result<int64_t> Insert(const SessionRecord& session) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "INSERT INTO sessions (account_id, token_hash, csrf_token, created_at, "
            "expires_at, revoked_at, remote_address) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            {session.account_id, session.token_hash, session.csrf_token, session.created_at,
             session.expires_at, session.revoked_at ? Value(*session.revoked_at) : Value(Null{}),
             session.remote_address}));
    if (result.rows.empty()) return core::Error::Internal("新会话没有返回编号");
    return result.rows.front().Int(0);
  }

  core::Result<std::optional<SessionRecord>> FindByTokenHash(std::string_view token_hash) override {
    return FindOne("token_hash = ?", std::string(token_hash));
  }

  core::Result<std::optional<SessionRecord>> FindById(int64_t id) override {
    return FindOne("id = ?", id);
  }

  core::Status Revoke(int64_t session_id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                          {now, session_id}));
    return core::Ok();
  }

  core::Status RevokeAllForAccount(int64_t account_id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query(
        "UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
        {now, account_id}));
    return core::Ok();
  }

  core::Result<int64_t> DeleteEndedBefore(int64_t before) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("DELETE FROM sessions WHERE expires_at < ? OR "
                                                    "(revoked_at IS NOT NULL AND revoked_at < ?)",
                                                    {before, before}));
    return result.affected_rows;
  }

 private:
  core::Result<std::optional<SessionRecord>> FindOne(std::string_view where, Value key) {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query(std::string(kSessionColumns) + std::string(where), {key}));
    if (result.rows.empty()) return std::optional<SessionRecord>();
    return std::optional<SessionRecord>(SessionFromRow(result.rows.front()));
  }

  Database& database_;
};

class SqlLoginFailureRepository final : public access::LoginFailureRepository {
 public:
  explicit SqlLoginFailureRepository(Database& database) : database_(database) {}

  core::Result<LoginFailureState> Get(std::string_view username) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return Read(*connection, username, false);
  }

  core::Result<LoginFailureState> Update(
      std::string_view username,
      const std::function<LoginFailureState(const LoginFailureState&)>& change) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    const std::string name(username);
    return InTransaction<LoginFailureState>(
        *connection, [&](Connection& c) -> core::Result<LoginFailureState> {
          // Make sure the row exists, then lock it (PostgreSQL: FOR UPDATE; SQLite: the
          // transaction already holds the write lock), so concurrent failures all count.
          TRY(
              c.Query("INSERT INTO login_failures (username, failure_count, window_started_at, "
                      "locked_until) VALUES (?, 0, 0, 0) ON CONFLICT (username) DO NOTHING",
                      {name}));
          ASSIGN_OR_RETURN(LoginFailureState old, Read(c, name, true));
          const LoginFailureState next = change(old);
          if (next.failure_count == 0 && next.window_started_at == 0 && next.locked_until == 0) {
            TRY(c.Query("DELETE FROM login_failures WHERE username = ?", {name}));
            return next;
          }
          TRY(c.Query(
              "UPDATE login_failures SET failure_count = ?, window_started_at = ?, "
              "locked_until = ? WHERE username = ?",
              {int64_t{next.failure_count}, next.window_started_at, next.locked_until, name}));
          return next;
        });
  }

  core::Status Clear(std::string_view username) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    TRY(connection->Query("DELETE FROM login_failures WHERE username = ?",
                          {std::string(username)}));
    return core::Ok();
  }

 private:
  static core::Result<LoginFailureState> Read(Connection& connection, std::string_view username,
                                              bool for_update) {
    std::string sql =
        "SELECT failure_count, window_started_at, locked_until FROM login_failures "
        "WHERE username = ?";
    if (for_update && connection.dialect() == Dialect::kPostgres) sql += " FOR UPDATE";
    ASSIGN_OR_RETURN(auto result, connection.Query(sql, {std::string(username)}));
    if (result.rows.empty()) return LoginFailureState{};
    const Row& row = result.rows.front();
    return LoginFailureState{static_cast<int>(row.Int(0)), row.Int(1), row.Int(2)};
  }

  Database& database_;
};

class SqlLookupQuotaRepository final : public access::LookupQuotaRepository {
 public:
  explicit SqlLookupQuotaRepository(Database& database) : database_(database) {}

  core::Result<int64_t> Used(int64_t account_id, std::string_view day) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT used FROM personal_data_lookups "
                                                    "WHERE account_id = ? AND day = ?",
                                                    {account_id, std::string(day)}));
    return result.rows.empty() ? int64_t{0} : result.rows.front().Int(0);
  }

  core::Result<int64_t> Charge(int64_t account_id, std::string_view day, int64_t count) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    // One statement: concurrent charges add up on both engines.
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query("INSERT INTO personal_data_lookups (account_id, day, used) "
                          "VALUES (?, ?, ?) ON CONFLICT (account_id, day) "
                          "DO UPDATE SET used = personal_data_lookups.used + excluded.used "
                          "RETURNING used",
                          {account_id, std::string(day), count}));
    if (result.rows.empty()) return core::Error::Internal("查询次数未记录");
    return result.rows.front().Int(0);
  }

 private:
  Database& database_;
};

}  // namespace

crypto::FieldLocation AccountPhoneAt(int64_t account_id) {
  return {"accounts", "phone", account_id};
}

std::unique_ptr<access::AccountRepository> MakeSqlAccountRepository(Database& database,
                                                                    const crypto::KeyRing* keys) {
  return std::make_unique<SqlAccountRepository>(database, keys);
}

std::unique_ptr<access::SessionRepository> MakeSqlSessionRepository(Database& database) {
  return std::make_unique<SqlSessionRepository>(database);
}

std::unique_ptr<access::LoginFailureRepository> MakeSqlLoginFailureRepository(Database& database) {
  return std::make_unique<SqlLoginFailureRepository>(database);
}

std::unique_ptr<access::LookupQuotaRepository> MakeSqlLookupQuotaRepository(Database& database) {
  return std::make_unique<SqlLookupQuotaRepository>(database);
}

core::Result<std::vector<int64_t>> AccountsWithGrantIn(Connection& connection, access::Role role,
                                                       std::string_view scope_code) {
  ASSIGN_OR_RETURN(
      auto result,
      connection.Query("SELECT DISTINCT g.account_id FROM account_grants g JOIN "
                       "accounts a ON a.id = g.account_id WHERE a.disabled = 0 AND "
                       "g.role = ? AND g.scope_code = ? ORDER BY g.account_id",
                       {std::string(access::RoleName(role)), std::string(scope_code)}));
  std::vector<int64_t> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(row.Int(0));
  return out;
}

}  // namespace linli::storage

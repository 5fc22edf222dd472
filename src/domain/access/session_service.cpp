#include "domain/access/session_service.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <unordered_map>

#include "domain/access/secret.hpp"

namespace linli::access {

namespace {

constexpr size_t kCacheShards = 16;
constexpr size_t kMaxTokenLength = 256;
constexpr int64_t kPurgeGraceMillis = 24LL * 3600 * 1000;

core::Error BadCredentials() { return core::Error::Unauthenticated("用户名或密码错误"); }
core::Error NotSignedIn() { return core::Error::Unauthenticated("未登录或登录已过期，请重新登录"); }

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int64_t CeilDiv(int64_t a, int64_t b) { return a <= 0 ? 0 : (a + b - 1) / b; }

}  // namespace

// token hash -> principal, in shards so that concurrent requests rarely share a lock.
class SessionService::Cache {
 public:
  explicit Cache(size_t capacity) : shard_capacity_(std::max<size_t>(1, capacity / kCacheShards)) {}

  // The generation to pass to Put: an invalidation in between makes that Put a no-op, so a
  // lookup racing with a logout cannot put the revoked session back.
  uint64_t Generation() const { return generation_.load(std::memory_order_acquire); }

  std::optional<Principal> Find(const std::string& token_hash, int64_t now) {
    Shard& shard = ShardOf(token_hash);
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(token_hash);
    if (it == shard.entries.end()) return std::nullopt;
    if (it->second.trusted_until <= now || it->second.expires_at <= now) {
      shard.entries.erase(it);
      return std::nullopt;
    }
    return it->second.principal;
  }

  void Put(const std::string& token_hash, const Principal& principal, int64_t expires_at,
           int64_t trusted_until, uint64_t generation, int64_t now) {
    Shard& shard = ShardOf(token_hash);
    std::lock_guard lock(shard.mutex);
    if (generation != Generation()) return;
    if (shard.entries.size() >= shard_capacity_) {
      for (auto it = shard.entries.begin(); it != shard.entries.end();) {
        const bool stale = it->second.trusted_until <= now || it->second.expires_at <= now;
        it = stale ? shard.entries.erase(it) : std::next(it);
      }
      if (shard.entries.size() >= shard_capacity_) shard.entries.clear();
    }
    shard.entries[token_hash] = Entry{principal, expires_at, trusted_until};
  }

  template <typename Predicate>
  void EraseIf(Predicate predicate) {
    generation_.fetch_add(1, std::memory_order_acq_rel);
    for (Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      for (auto it = shard.entries.begin(); it != shard.entries.end();) {
        it = predicate(it->second.principal) ? shard.entries.erase(it) : std::next(it);
      }
    }
  }

 private:
  struct Entry {
    Principal principal;
    int64_t expires_at = 0;     // the session's own expiry
    int64_t trusted_until = 0;  // when to look at the database again
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  Shard& ShardOf(const std::string& token_hash) {
    return shards_[std::hash<std::string>{}(token_hash) % kCacheShards];
  }

  const size_t shard_capacity_;
  std::atomic<uint64_t> generation_{0};
  std::array<Shard, kCacheShards> shards_;
};

Principal PrincipalOf(const Account& account, const SessionRecord& session) {
  Principal principal;
  principal.account_id = account.id;
  principal.username = account.username;
  principal.display_name = account.display_name;
  principal.grants = account.grants;
  principal.resident_id = account.resident_id;
  principal.session_id = session.id;
  principal.csrf_token = session.csrf_token;
  principal.must_change_password = account.must_change_password;
  return principal;
}

SessionService::SessionService(AccountRepository& accounts, SessionRepository& sessions,
                               LoginFailureRepository& failures, const core::Clock& clock,
                               SessionOptions options)
    : accounts_(accounts),
      sessions_(sessions),
      failures_(failures),
      clock_(clock),
      options_(std::move(options)),
      rate_limiter_(clock, options_.login_attempts_per_minute),
      cache_(std::make_unique<Cache>(options_.cache_capacity)) {
  // A hash of a random password with the real parameters: verifying against it costs what
  // verifying a real account costs.
  auto secret = RandomToken(16);
  if (secret.ok()) {
    auto hash = HashPassword(*secret, options_.password_hash);
    if (hash.ok()) dummy_hash_ = std::move(hash).value();
  }
}

SessionService::~SessionService() = default;

core::Error SessionService::LockedError(int64_t locked_until) const {
  const int64_t minutes = std::max<int64_t>(1, CeilDiv(locked_until - clock_.NowMillis(), 60000));
  return core::Error::ResourceExhausted("登录失败次数过多，账号已临时锁定，请 " +
                                        std::to_string(minutes) + " 分钟后再试");
}

LoginFailureState AfterFailedLogin(const LoginFailureState& old, int64_t now,
                                   const SessionOptions& options) {
  // While locked, the lock stands as it is: a failure neither lifts it nor starts a new window.
  if (old.locked_until > now) return old;
  LoginFailureState state = old;
  const bool lock_over = state.locked_until != 0;  // and in the past, see above
  const bool window_over =
      state.failure_count == 0 || now - state.window_started_at >= options.failure_window_ms;
  if (lock_over || window_over) state = LoginFailureState{0, now, 0};
  ++state.failure_count;
  // The count is kept: the next failure after this one must not read a fresh window.
  if (state.failure_count >= options.max_failed_logins) {
    state.locked_until = now + options.lockout_ms;
  }
  return state;
}

LoginFailureState AfterSuccessfulLogin(const LoginFailureState& old, int64_t now) {
  if (old.locked_until > now) return old;  // locked: the right password does not help
  return LoginFailureState{};              // forgotten (the repository deletes the row)
}

core::Result<LoginFailureState> SessionService::RecordFailure(std::string_view username) {
  const int64_t now = clock_.NowMillis();
  return failures_.Update(
      username, [&](const LoginFailureState& old) { return AfterFailedLogin(old, now, options_); });
}

core::Result<LoginResult> SessionService::Login(std::string_view username,
                                                std::string_view password,
                                                std::string_view remote_address) {
  if (!rate_limiter_.TryAcquire(remote_address)) {
    const int64_t seconds =
        std::max<int64_t>(1, CeilDiv(rate_limiter_.RetryAfterMillis(remote_address), 1000));
    return core::Error::ResourceExhausted("登录尝试过于频繁，请 " + std::to_string(seconds) +
                                          " 秒后再试");
  }
  const std::string name = LowerAscii(username);
  // Names that cannot exist are not recorded, so junk does not fill login_failures.
  const bool well_formed = IsValidUsername(name);
  std::optional<Account> account;
  LoginFailureState state;
  if (well_formed) {
    ASSIGN_OR_RETURN(state, failures_.Get(name));
    if (state.locked_until > clock_.NowMillis()) return LockedError(state.locked_until);
    ASSIGN_OR_RETURN(account, accounts_.FindByUsername(name));
  }
  bool verified = false;
  if (account) {
    verified = VerifyPassword(password, account->password_hash);
  } else {
    (void)VerifyPassword(password, dummy_hash_);  // same work as for a real account
  }
  if (!verified) {
    if (well_formed) {
      const bool was_locked = state.locked_until > clock_.NowMillis();
      ASSIGN_OR_RETURN(state, RecordFailure(name));
      if (account) {
        TRY(AuditAccount(audit::AuditAction::kLoginFailed, *account, 0, remote_address,
                         "{\"failures\":" + std::to_string(state.failure_count) + "}"));
      }
      if (state.locked_until > clock_.NowMillis()) {
        if (account && !was_locked) {
          TRY(AuditAccount(audit::AuditAction::kLock, *account, 0, remote_address,
                           "{\"locked_until\":" + std::to_string(state.locked_until) + "}"));
        }
        return LockedError(state.locked_until);
      }
    }
    if (!account) TRY(AuditUnknownName(remote_address));
    return BadCredentials();
  }
  // The lock is decided in the same transaction that records failures: a lock set by a
  // concurrent attempt since the check above is seen here.
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(state, failures_.Update(name, [&](const LoginFailureState& old) {
    return AfterSuccessfulLogin(old, now);
  }));
  if (state.locked_until > now) return LockedError(state.locked_until);
  if (account->disabled) return core::Error::Unauthenticated("账号已停用，请联系管理员");
  rate_limiter_.Refund(remote_address);
  // A stored password set before the policy (or under a weaker one): choose another now.
  if (!account->must_change_password &&
      !options_.password_policy.Satisfies(password, account->username)) {
    TRY(accounts_.SetMustChangePassword(account->id, now));
    account->must_change_password = true;
  }
  ASSIGN_OR_RETURN(auto started, StartSession(*account, remote_address));
  TRY(AuditAccount(audit::AuditAction::kLogin, *account, account->id, remote_address, "{}"));
  return started;
}

core::Status SessionService::AuditAccount(audit::AuditAction action, const Account& account,
                                          int64_t actor_id, std::string_view remote_address,
                                          std::string detail) {
  if (!options_.audit_log) return core::Ok();
  audit::AuditEntry entry;
  entry.at = clock_.NowMillis();
  entry.actor_id = actor_id;
  entry.actor_name = actor_id ? account.username : "anonymous";
  entry.action = action;
  entry.subject_type = "account";
  entry.subject_id = account.username;
  entry.division_code =
      account.grants.empty() ? options_.city_code : account.grants.front().scope_code;
  entry.detail = std::move(detail);
  entry.remote_address = std::string(remote_address);
  return options_.audit_log->Append(entry);
}

constexpr size_t kMaxUnknownAddressesPerMinute = 100000;

core::Status SessionService::AuditUnknownName(std::string_view remote_address) {
  if (!options_.audit_log) return core::Ok();
  const int64_t minute = clock_.NowMillis() / 60000;
  {
    std::lock_guard lock(unknown_mutex_);
    // Entries of earlier minutes are no longer needed: the map holds one minute's addresses.
    if (!unknown_audited_.empty() && unknown_audited_.begin()->second != minute) {
      std::erase_if(unknown_audited_, [&](const auto& item) { return item.second != minute; });
    }
    // Bounded: past this many addresses in one minute the rest of that minute is not itemised.
    if (unknown_audited_.size() >= kMaxUnknownAddressesPerMinute) return core::Ok();
    auto [it, inserted] = unknown_audited_.emplace(std::string(remote_address), minute);
    if (!inserted) return core::Ok();  // this address's minute is already in the log
  }
  audit::AuditEntry entry;
  entry.at = clock_.NowMillis();
  entry.actor_name = "anonymous";
  entry.action = audit::AuditAction::kLoginFailed;
  entry.subject_type = "login";
  entry.subject_id = "unknown username";
  entry.division_code = options_.city_code;
  entry.detail = "{\"aggregated\":\"once per address and minute\"}";
  entry.remote_address = std::string(remote_address);
  return options_.audit_log->Append(entry);
}

core::Result<LoginResult> SessionService::StartSession(const Account& account,
                                                       std::string_view remote_address,
                                                       std::optional<int64_t> ttl_ms) {
  const int64_t now = clock_.NowMillis();
  LoginResult result;
  ASSIGN_OR_RETURN(result.token, RandomToken(32));
  ASSIGN_OR_RETURN(result.csrf_token, RandomToken(32));
  SessionRecord session;
  session.account_id = account.id;
  session.token_hash = Sha256Hex(result.token);
  session.csrf_token = result.csrf_token;
  session.created_at = now;
  session.expires_at = now + ttl_ms.value_or(options_.session_ttl_ms);
  session.remote_address = std::string(remote_address.substr(0, 64));
  const uint64_t generation = cache_->Generation();
  ASSIGN_OR_RETURN(session.id, sessions_.Insert(session));
  result.expires_at = session.expires_at;
  result.account = account;
  result.account.password_hash.clear();
  result.principal = PrincipalOf(account, session);
  cache_->Put(session.token_hash, result.principal, session.expires_at, now + options_.cache_ttl_ms,
              generation, now);
  return result;
}

core::Result<Principal> SessionService::Authenticate(std::string_view token, bool via_cookie) {
  if (token.empty() || token.size() > kMaxTokenLength) return NotSignedIn();
  const std::string token_hash = Sha256Hex(token);
  const int64_t now = clock_.NowMillis();
  if (auto cached = cache_->Find(token_hash, now)) {
    cached->via_cookie = via_cookie;
    return std::move(*cached);
  }
  const uint64_t generation = cache_->Generation();
  ASSIGN_OR_RETURN(auto session, sessions_.FindByTokenHash(token_hash));
  if (!session || session->revoked_at || session->expires_at <= now) return NotSignedIn();
  ASSIGN_OR_RETURN(auto account, accounts_.FindById(session->account_id));
  if (!account) return NotSignedIn();
  if (account->disabled) return core::Error::Unauthenticated("账号已停用，请联系管理员");
  Principal principal = PrincipalOf(*account, *session);
  cache_->Put(token_hash, principal, session->expires_at, now + options_.cache_ttl_ms, generation,
              now);
  principal.via_cookie = via_cookie;
  return principal;
}

core::Status SessionService::Logout(const Caller& caller) {
  const int64_t session_id = caller.principal().session_id;
  if (session_id == 0) return NotSignedIn();
  cache_->EraseIf([&](const Principal& p) { return p.session_id == session_id; });
  TRY(sessions_.Revoke(session_id, clock_.NowMillis()));
  // Once more, in case a concurrent lookup cached it between the erase and the revoke.
  cache_->EraseIf([&](const Principal& p) { return p.session_id == session_id; });
  if (!options_.audit_log) return core::Ok();
  const auto& grants = caller.principal().grants;
  return options_.audit_log->Append(
      caller.AuditEntry(audit::AuditAction::kLogout, "account", caller.principal().username,
                        grants.empty() ? "" : grants.front().scope_code, "{}", clock_.NowMillis()));
}

core::Result<SessionView> SessionService::Describe(const Caller& caller) {
  ASSIGN_OR_RETURN(auto session, sessions_.FindById(caller.principal().session_id));
  const int64_t now = clock_.NowMillis();
  if (!session || session->revoked_at || session->expires_at <= now) return NotSignedIn();
  ASSIGN_OR_RETURN(auto account, accounts_.FindById(caller.account_id()));
  if (!account || account->disabled) return NotSignedIn();
  SessionView view;
  view.csrf_token = session->csrf_token;
  view.expires_at = session->expires_at;
  view.account = std::move(*account);
  view.account.password_hash.clear();
  return view;
}

core::Status SessionService::EndAllSessions(int64_t account_id) {
  cache_->EraseIf([&](const Principal& p) { return p.account_id == account_id; });
  TRY(sessions_.RevokeAllForAccount(account_id, clock_.NowMillis()));
  cache_->EraseIf([&](const Principal& p) { return p.account_id == account_id; });
  return core::Ok();
}

core::Status SessionService::ClearLockout(std::string_view username) {
  return failures_.Clear(LowerAscii(username));
}

core::Result<int64_t> SessionService::PurgeEndedSessions() {
  return sessions_.DeleteEndedBefore(clock_.NowMillis() - kPurgeGraceMillis);
}

}  // namespace linli::access

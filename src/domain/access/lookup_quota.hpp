// LookupQuota: a daily limit per account on personal-data lookups that answer about people
// outside the caller's scope (issue 15 item 8). A duplicate-ID answer on create or import that
// names a registration elsewhere in the city tells its caller something about a person it may
// not read; each such hit is charged to the account's count for the day (China Standard Time),
// and once the count reaches the limit, the account's personal-data lookups (exact searches by
// ID or phone, creates and imports that check ID numbers) are refused with kResourceExhausted
// until the next day. Hits inside the caller's scope are free, so a large import of one's own
// residents does not use the quota up. The system caller (command line, seeder) is not limited.
// Thread-safety: thread-safe (the repository decides each charge in one transaction).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"

namespace linli::access {

class LookupQuotaRepository {
 public:
  virtual ~LookupQuotaRepository() = default;
  // The account's charged lookups on day ("YYYY-MM-DD"); 0 when none.
  virtual core::Result<int64_t> Used(int64_t account_id, std::string_view day) = 0;
  // Adds count to the day's total in one transaction and returns the new total. The total may
  // pass the limit: the charge records what was answered; the next Check refuses.
  virtual core::Result<int64_t> Charge(int64_t account_id, std::string_view day, int64_t count) = 0;
};

class LookupQuota {
 public:
  // daily_limit <= 0: unlimited (lookups are still audited by their services).
  LookupQuota(LookupQuotaRepository& repository, const core::Clock& clock, int64_t daily_limit)
      : repository_(repository), clock_(clock), daily_limit_(daily_limit) {}

  // Before a lookup: the hits the caller may still be answered today (INT64_MAX when not
  // limited); kResourceExhausted when the account has used the day's quota.
  core::Result<int64_t> Check(const Caller& caller);
  // After it: hits about people outside the caller's scope (count > 0).
  core::Status Charge(const Caller& caller, int64_t count);
  // The refusal of an answer with more hits than remain (charged with what remained, so that
  // splitting the question finds the quota used).
  core::Status Refuse(const Caller& caller, int64_t remaining);
  int64_t daily_limit() const { return daily_limit_; }

 private:
  std::string Today() const;
  core::Error Exhausted() const;

  LookupQuotaRepository& repository_;
  const core::Clock& clock_;
  int64_t daily_limit_;
};

}  // namespace linli::access

#include "domain/access/lookup_quota.hpp"

#include "core/identity/date.hpp"

namespace linli::access {

namespace {

// Accounts only: the system and command-line callers carry no account.
bool Limited(const Caller& caller, int64_t daily_limit) {
  return daily_limit > 0 && !caller.IsSystem() && caller.account_id() > 0;
}

}  // namespace

std::string LookupQuota::Today() const {
  return identity::FormatDate(identity::DateFromUnixMillis(clock_.NowMillis()));
}

core::Error LookupQuota::Exhausted() const {
  return core::Error::ResourceExhausted(
      "今日查询辖区外个人信息的次数已达上限（" + std::to_string(daily_limit_) +
      " 次），身份证号、电话的精确查询和登记查重暂停至明日；如确需办理，请联系上级管理员");
}

core::Result<int64_t> LookupQuota::Check(const Caller& caller) {
  if (!Limited(caller, daily_limit_)) return std::numeric_limits<int64_t>::max();
  ASSIGN_OR_RETURN(int64_t used, repository_.Used(caller.account_id(), Today()));
  if (used >= daily_limit_) return Exhausted();
  return daily_limit_ - used;
}

core::Status LookupQuota::Refuse(const Caller& caller, int64_t remaining) {
  TRY(Charge(caller, remaining));
  return Exhausted();
}

core::Status LookupQuota::Charge(const Caller& caller, int64_t count) {
  if (count <= 0 || !Limited(caller, daily_limit_)) return core::Ok();
  TRY(repository_.Charge(caller.account_id(), Today(), count));
  return core::Ok();
}

}  // namespace linli::access

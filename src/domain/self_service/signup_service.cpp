#include "domain/self_service/signup_service.hpp"

#include <algorithm>

#include "core/crypto/primitives.hpp"
#include "core/identity/id_number.hpp"
#include "core/identity/phone.hpp"

namespace linli::self_service {

namespace {

constexpr std::string_view kWrongCode = "验证码不正确或已过期";
// People looked at for one phone at a kiosk's sign-in (a family shares a phone; more is noise).
constexpr int kMaxPeoplePerPhone = 20;

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(' ');
  return std::string(text.substr(first, last - first + 1));
}

// Six digits from the system's random source, without modulo bias.
core::Result<std::string> NewCode() {
  while (true) {
    ASSIGN_OR_RETURN(std::string bytes, crypto::RandomBytes(4));
    uint32_t value = 0;
    for (unsigned char c : bytes) value = (value << 8) | c;
    constexpr uint32_t kLimit = 4294000000U;  // a multiple of 1,000,000
    if (value >= kLimit) continue;
    std::string code = std::to_string(value % 1000000);
    return std::string(6 - code.size(), '0') + code;
  }
}

bool WellFormedCode(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

core::Result<std::string> Phone(std::string_view text) {
  ASSIGN_OR_RETURN(auto phone, access::ParseAccountPhone(text));
  if (!phone) return core::Error::Validation("请填写手机号", "phone");
  return std::move(*phone);
}

bool Living(const people::Resident& resident) {
  return resident.status != people::ResidentStatus::kDeceased &&
         resident.status != people::ResidentStatus::kMovedOut;
}

}  // namespace

std::string_view CodePurposeName(CodePurpose purpose) {
  switch (purpose) {
    case CodePurpose::kSignUp:
      return "sign_up";
    case CodePurpose::kPasswordReset:
      return "password_reset";
    case CodePurpose::kSignIn:
      return "sign_in";
  }
  return "sign_up";
}

SignupService::SignupService(SignupDependencies dependencies) : d_(std::move(dependencies)) {}

core::Result<std::string> SignupService::Subject(std::string_view field,
                                                 std::string_view value) const {
  if (d_.keys == nullptr) {
    return core::Error::FailedPrecondition(
        "未配置个人信息加密密钥，暂不能用短信验证码注册或找回密码，请到社区服务中心办理");
  }
  return d_.keys->BlindIndex(field, value);
}

core::Result<std::string> SignupService::CodeHash(std::string_view subject,
                                                  std::string_view code) const {
  return Subject("verification.code", std::string(subject) + ":" + std::string(code));
}

core::Status SignupService::Audit(const access::Caller& caller, CodePurpose purpose,
                                  std::string step, std::string division_code, std::string detail) {
  if (d_.audit_log == nullptr) return core::Ok();
  return d_.audit_log->Append(caller.AuditEntry(
      audit::AuditAction::kVerification, std::string(CodePurposeName(purpose)), std::move(step),
      std::move(division_code), std::move(detail), d_.clock.NowMillis()));
}

core::Status SignupService::CheckLimits(CodePurpose purpose, const std::string& subject,
                                        const access::Caller& caller, int64_t now) {
  if (!d_.sms_soon) {
    return core::Error::FailedPrecondition(
        "本系统未接入短信服务，暂不能用短信验证码注册或找回密码，请到社区服务中心办理");
  }
  ASSIGN_OR_RETURN(RequestCounts counts,
                   d_.codes.Count(purpose, subject, caller.remote_address(), now));
  if (counts.subject_last_minute > 0) {
    return core::Error::ResourceExhausted("验证码已发送，请 60 秒后再试");
  }
  if (counts.subject_last_day >= kSubjectDailyRequests ||
      counts.address_last_hour >= kAddressHourlyRequests) {
    TRY(Audit(caller, purpose, "limited", d_.city_code, "{}"));
    return core::Error::ResourceExhausted("获取验证码过于频繁，请明天再试");
  }
  return core::Ok();
}

CodeRequest SignupService::NewRequest(CodePurpose purpose, const std::string& subject,
                                      const access::Caller& caller, int64_t now) const {
  CodeRequest record;
  record.purpose = purpose;
  record.subject = subject;
  record.remote_address = caller.remote_address();
  record.expires_at = now + kCodeLifetimeMs;
  record.created_at = now;
  return record;
}

core::Status SignupService::Send(const CodeRequest& record, std::optional<CodeMessage>& message,
                                 const access::Caller& caller, const std::string& division) {
  auto recorded = d_.codes.Record(record, message);
  if (message) std::fill(message->sms_text.begin(), message->sms_text.end(), '\0');
  TRY(recorded);
  TRY(Audit(caller, record.purpose, "request", division,
            message ? "{\"sent\":true}" : "{\"sent\":false}"));
  if (message) d_.sms_soon();
  return core::Ok();
}

core::Status SignupService::RequestSignUpCode(const SignUpCodeRequest& request,
                                              const access::Caller& caller) {
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto id_number, identity::ParseIdNumber(Trim(request.id_number),
                                                           identity::DateFromUnixMillis(now)));
  ASSIGN_OR_RETURN(std::string phone, Phone(request.phone));
  ASSIGN_OR_RETURN(std::string subject, Subject("verification.phone", phone));
  TRY(CheckLimits(CodePurpose::kSignUp, subject, caller, now));

  CodeRequest record = NewRequest(CodePurpose::kSignUp, subject, caller, now);
  std::optional<CodeMessage> message;
  std::string division = d_.city_code;
  ASSIGN_OR_RETURN(auto found, d_.people.FindResidentsByIdNumbers({id_number.text}));
  for (const auto& person : found) {
    if (person.id_number != id_number.text || person.phone != phone || !Living(person)) continue;
    division = person.community_code;
    record.resident_id = person.id;
    ASSIGN_OR_RETURN(auto bound, d_.account_repository.FindByResident(person.id));
    message.emplace();
    message->phone = phone;
    if (bound) {
      // Already signed up: the holder of the phone is told the username, and nothing else.
      message->sms_text = "【邻里】您已注册居民账号 " + bound->username +
                          "，无需再次注册。忘记密码可在登录页选择“忘记密码”。如非本人操作请忽略。";
    } else {
      ASSIGN_OR_RETURN(std::string code, NewCode());
      ASSIGN_OR_RETURN(record.code_hash, CodeHash(subject, code));
      message->sms_text = "【邻里】您正在注册居民账号，验证码 " + code +
                          "，10 分钟内有效。请勿告诉他人，如非本人操作请忽略。";
      std::fill(code.begin(), code.end(), '\0');
    }
    break;
  }
  return Send(record, message, caller, division);
}

core::Result<CodeRequest> SignupService::CheckCode(CodePurpose purpose, const std::string& subject,
                                                   std::string_view code,
                                                   const access::Caller& caller) {
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto live, d_.codes.Live(purpose, subject, now));
  if (!WellFormedCode(code) || !live || !live->code_hash) {
    if (live) TRY(d_.codes.CountFailure(live->id));
    TRY(Audit(caller, purpose, "wrong_code", d_.city_code, "{}"));
    return core::Error::Validation(std::string(kWrongCode), "code");
  }
  ASSIGN_OR_RETURN(std::string hash, CodeHash(subject, code));
  if (!crypto::ConstantTimeEquals(hash, *live->code_hash)) {
    TRY(d_.codes.CountFailure(live->id));
    TRY(Audit(caller, purpose, "wrong_code", d_.city_code, "{}"));
    return core::Error::Validation(std::string(kWrongCode), "code");
  }
  return std::move(*live);
}

core::Result<access::Account> SignupService::SignUp(const SignUpRequest& request,
                                                    const access::Caller& caller) {
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto id_number, identity::ParseIdNumber(Trim(request.id_number),
                                                           identity::DateFromUnixMillis(now)));
  ASSIGN_OR_RETURN(std::string phone, Phone(request.phone));
  ASSIGN_OR_RETURN(std::string subject, Subject("verification.phone", phone));
  ASSIGN_OR_RETURN(CodeRequest live,
                   CheckCode(CodePurpose::kSignUp, subject, Trim(request.code), caller));
  // The code went to this phone for one person: the ID number typed now must be theirs.
  ASSIGN_OR_RETURN(auto found, d_.people.FindResidentsByIdNumbers({id_number.text}));
  const people::Resident* person = nullptr;
  for (const auto& candidate : found) {
    if (live.resident_id && candidate.id == *live.resident_id && candidate.phone == phone &&
        Living(candidate)) {
      person = &candidate;
    }
  }
  if (person == nullptr) {
    TRY(d_.codes.CountFailure(live.id));
    TRY(Audit(caller, CodePurpose::kSignUp, "wrong_code", d_.city_code, "{}"));
    return core::Error::Validation(std::string(kWrongCode), "code");
  }
  ASSIGN_OR_RETURN(bool consumed, d_.codes.Consume(live.id, now));
  if (!consumed) return core::Error::Validation(std::string(kWrongCode), "code");
  access::ResidentSignup signup;
  signup.username = Trim(request.username);
  signup.display_name = Blank(request.display_name) ? person->name : request.display_name;
  signup.password = request.password;
  signup.phone = phone;
  signup.resident_id = person->id;
  signup.place_code = person->community_code;
  auto created = d_.accounts.SignUpResident(caller, signup);
  if (!created.ok()) {
    // The account's own errors (a taken username, a weak password): the code stays good.
    TRY(d_.codes.Release(live.id));
    return std::move(created).error();
  }
  TRY(Audit(caller, CodePurpose::kSignUp, "signed_up", person->community_code,
            "{\"account\":\"" + created->username + "\"}"));
  return created;
}

core::Status SignupService::RequestResetCode(const ResetCodeRequest& request,
                                             const access::Caller& caller) {
  const int64_t now = d_.clock.NowMillis();
  const std::string username = Trim(request.username);
  if (!access::IsValidUsername(username)) {
    return core::Error::Validation("用户名须为 3 到 32 位小写字母、数字或 _ . -", "username");
  }
  ASSIGN_OR_RETURN(std::string phone, Phone(request.phone));
  ASSIGN_OR_RETURN(std::string subject, Subject("verification.account", username));
  TRY(CheckLimits(CodePurpose::kPasswordReset, subject, caller, now));

  CodeRequest record = NewRequest(CodePurpose::kPasswordReset, subject, caller, now);
  std::optional<CodeMessage> message;
  std::string division = d_.city_code;
  ASSIGN_OR_RETURN(auto account, d_.account_repository.FindByUsername(username));
  if (account && !account->disabled && account->phone && *account->phone == phone) {
    if (!account->grants.empty()) division = account->grants.front().scope_code;
    record.account_id = account->id;
    ASSIGN_OR_RETURN(std::string code, NewCode());
    ASSIGN_OR_RETURN(record.code_hash, CodeHash(subject, code));
    message.emplace();
    message->account_id = account->id;
    message->notice_text = "有人正在用短信验证码找回您账号的密码，验证码已发送到 " +
                           identity::MaskPhone(phone) + "；如果不是您本人操作，请忽略并告知社区";
    message->sms_text = "【邻里】您正在找回账号 " + username + " 的密码，验证码 " + code +
                        "，10 分钟内有效。请勿告诉他人，如非本人操作请忽略。";
    std::fill(code.begin(), code.end(), '\0');
  }
  return Send(record, message, caller, division);
}

core::Status SignupService::ResetPassword(const ResetRequest& request,
                                          const access::Caller& caller) {
  const int64_t now = d_.clock.NowMillis();
  const std::string username = Trim(request.username);
  if (!access::IsValidUsername(username)) {
    return core::Error::Validation("用户名须为 3 到 32 位小写字母、数字或 _ . -", "username");
  }
  ASSIGN_OR_RETURN(std::string subject, Subject("verification.account", username));
  ASSIGN_OR_RETURN(CodeRequest live,
                   CheckCode(CodePurpose::kPasswordReset, subject, Trim(request.code), caller));
  std::optional<access::Account> account;
  if (live.account_id) {
    ASSIGN_OR_RETURN(account, d_.account_repository.FindById(*live.account_id));
  }
  if (!account || account->disabled || account->username != username) {
    TRY(d_.codes.CountFailure(live.id));
    return core::Error::Validation(std::string(kWrongCode), "code");
  }
  ASSIGN_OR_RETURN(bool consumed, d_.codes.Consume(live.id, now));
  if (!consumed) return core::Error::Validation(std::string(kWrongCode), "code");
  const core::Status set = d_.accounts.SetForgottenPassword(caller, *account, request.password);
  if (!set.ok()) {
    TRY(d_.codes.Release(live.id));  // a weak password: the code stays good
    return set;
  }
  return Audit(caller, CodePurpose::kPasswordReset, "password_set",
               account->grants.empty() ? d_.city_code : account->grants.front().scope_code, "{}");
}

core::Result<std::vector<access::Account>> SignupService::ResidentAccountsOfPhone(
    const std::string& phone, int64_t now) {
  people::ResidentQuery query;
  query.phone = phone;
  query.today = identity::FormatDate(identity::DateFromUnixMillis(now));
  core::PageRequest page;
  page.limit = kMaxPeoplePerPhone;
  ASSIGN_OR_RETURN(auto found, d_.people.SearchResidents(query, core::Scope::Everything(), page));
  std::vector<access::Account> accounts;
  for (const auto& person : found.items) {
    if (person.phone != phone || !Living(person)) continue;
    ASSIGN_OR_RETURN(auto account, d_.account_repository.FindByResident(person.id));
    if (!account || account->disabled || !account->phone || *account->phone != phone) continue;
    const bool resident = std::any_of(
        account->grants.begin(), account->grants.end(),
        [](const access::RoleGrant& grant) { return grant.role == access::Role::kResident; });
    if (resident) accounts.push_back(std::move(*account));
  }
  return accounts;
}

core::Status SignupService::RequestSignInCode(const SignInCodeRequest& request,
                                              const access::Caller& caller) {
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(std::string phone, Phone(request.phone));
  ASSIGN_OR_RETURN(std::string subject, Subject("verification.phone", phone));
  TRY(CheckLimits(CodePurpose::kSignIn, subject, caller, now));

  CodeRequest record = NewRequest(CodePurpose::kSignIn, subject, caller, now);
  std::optional<CodeMessage> message;
  std::string division = d_.city_code;
  ASSIGN_OR_RETURN(auto accounts, ResidentAccountsOfPhone(phone, now));
  if (accounts.size() == 1) {
    const access::Account& account = accounts.front();
    division = account.grants.front().scope_code;
    record.account_id = account.id;
    ASSIGN_OR_RETURN(std::string code, NewCode());
    ASSIGN_OR_RETURN(record.code_hash, CodeHash(subject, code));
    message.emplace();
    message->account_id = account.id;
    message->notice_text =
        "您的账号正在社区自助终端用短信验证码登录；如果不是您本人操作，请告知社区";
    message->sms_text = "【邻里】您正在社区自助终端登录居民账号 " + account.username + "，验证码 " +
                        code + "，10 分钟内有效。请勿告诉他人，如非本人操作请忽略。";
    std::fill(code.begin(), code.end(), '\0');
  } else if (accounts.size() > 1) {
    // Several people of one family may share a phone: the holder is told to use a username.
    message.emplace();
    message->phone = phone;
    message->sms_text =
        "【邻里】此手机号对应多个居民账号，不能用验证码在自助终端登录，请用用户名和密码登录"
        "或到窗口办理。如非本人操作请忽略。";
  }
  return Send(record, message, caller, division);
}

core::Result<access::Account> SignupService::SignIn(const SignInRequest& request,
                                                    const access::Caller& caller) {
  const int64_t now = d_.clock.NowMillis();
  ASSIGN_OR_RETURN(std::string phone, Phone(request.phone));
  ASSIGN_OR_RETURN(std::string subject, Subject("verification.phone", phone));
  ASSIGN_OR_RETURN(CodeRequest live,
                   CheckCode(CodePurpose::kSignIn, subject, Trim(request.code), caller));
  std::optional<access::Account> account;
  if (live.account_id) {
    ASSIGN_OR_RETURN(account, d_.account_repository.FindById(*live.account_id));
  }
  // Disabled, rebound or given another phone since the code was sent: the code is no good.
  if (!account || account->disabled || !account->phone || *account->phone != phone ||
      !account->resident_id) {
    TRY(d_.codes.CountFailure(live.id));
    TRY(Audit(caller, CodePurpose::kSignIn, "wrong_code", d_.city_code, "{}"));
    return core::Error::Validation(std::string(kWrongCode), "code");
  }
  ASSIGN_OR_RETURN(bool consumed, d_.codes.Consume(live.id, now));
  if (!consumed) return core::Error::Validation(std::string(kWrongCode), "code");
  TRY(Audit(caller, CodePurpose::kSignIn, "signed_in",
            account->grants.empty() ? d_.city_code : account->grants.front().scope_code,
            "{\"account\":\"" + account->username + "\"}"));
  account->password_hash.clear();
  return std::move(*account);
}

core::Result<int64_t> SignupService::Prune() {
  return d_.codes.DeleteBefore(d_.clock.NowMillis() - kKeepRequestsMs);
}

core::Result<scheduler::Job> PruneCodesJob(SignupService& service) {
  scheduler::Job job;
  job.name = "self_service.prune";
  job.title = "清理过期的短信验证码记录";
  ASSIGN_OR_RETURN(job.schedule, scheduler::Schedule::EveryMinutes(60));
  job.catch_up = scheduler::CatchUp::kMerge;
  job.run = [&service](int64_t) -> core::Status {
    TRY(service.Prune());
    return core::Ok();
  };
  return job;
}

}  // namespace linli::self_service

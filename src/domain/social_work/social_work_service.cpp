#include "domain/social_work/social_work_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "core/division_code.hpp"
#include "core/identity/date.hpp"
#include "core/text.hpp"
#include "domain/indicators/indicators.hpp"

namespace linli::social_work {

namespace {

using access::Caller;
using access::Permission;

bool IsDate(std::string_view text) { return identity::ParseDate(text).ok(); }

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A certificate number: 4 to 32 letters, digits or hyphens (the printed numbers of the
// certificates differ by year and province; decision 0046).
bool IsCertificateNumber(std::string_view text) {
  if (text.size() < 4 || text.size() > 32) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

// Whether the caller records as a social worker only (through the duty): then only for the
// workers bound to their account.
bool RecordsOnlyAsDuty(const Caller& caller) {
  for (const auto& grant : caller.grants()) {
    const auto& permissions = access::RolePermissions(grant.role);
    if (std::find(permissions.begin(), permissions.end(), Permission::kSocialWorkRecord) !=
        permissions.end()) {
      return false;
    }
  }
  return true;
}

}  // namespace

Window WindowOf(std::string_view period) {
  // Twelve months: from the first day of the month eleven months before the period.
  std::string first(period);
  for (int i = 0; i < 11; ++i) first = indicators::PreviousPeriod(first);
  return {indicators::FirstDayOf(first), indicators::LastDayOf(period)};
}

SocialWorkService::SocialWorkService(SocialWorkRepository& repository,
                                     indicators::IndicatorService& indicators,
                                     const core::Clock& clock)
    : repository_(repository), indicators_(indicators), clock_(clock) {}

std::string SocialWorkService::Today() const {
  using namespace std::chrono;
  const sys_days day =
      floor<days>(sys_time<milliseconds>(milliseconds(clock_.NowMillis() + 8 * 3600 * 1000)));
  const year_month_day ymd(day);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

core::Result<Station> SocialWorkService::GetStation(int64_t facility_id, const Caller& caller) {
  ASSIGN_OR_RETURN(auto station, repository_.FindStation(
                                     facility_id, caller.ScopeFor(Permission::kSocialWorkRead)));
  if (!station) return core::Error::NotFound("社工站（室）不存在或不在您的管辖范围内");
  return *station;
}

core::Result<std::vector<std::pair<std::string, std::string>>> SocialWorkService::Reach(
    int64_t facility_id, const Caller& caller) {
  TRY(GetStation(facility_id, caller));
  return repository_.Reach(facility_id);
}

core::Result<std::vector<std::pair<std::string, std::string>>> SocialWorkService::SetReach(
    int64_t facility_id, const std::vector<std::string>& communities, const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kSocialWorkManage);
  ASSIGN_OR_RETURN(auto station, repository_.FindStation(facility_id, scope));
  if (!station) return core::Error::NotFound("社工站（室）不存在或不在您的管辖范围内");
  if (station->type_code != kStationType) {
    return core::Error::Validation("只有乡镇（街道）社工站设置服务覆盖的村（社区）", "facility_id");
  }
  if (communities.size() > 200) {
    return core::Error::Validation("一个社工站最多覆盖 200 个村（社区）", "communities");
  }
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  std::set<std::string> unique;
  for (const auto& code : communities) {
    const auto place = places->find(code);
    if (place == places->end() || place->second.level != core::DivisionLevel::kCommunity ||
        !scope.Covers(code)) {
      return core::Error::Validation("村（社区）" + code + " 不存在或不在您的管辖范围内",
                                     "communities");
    }
    if (code.rfind(station->place_code, 0) != 0) {
      return core::Error::Validation(
          "村（社区）" + place->second.name + "不属于" + station->place_name, "communities");
    }
    unique.insert(code);
  }
  const std::vector<std::string> list(unique.begin(), unique.end());
  const auto entry = caller.AuditEntry(audit::AuditAction::kUpdate, "social_work_station",
                                       std::to_string(facility_id), station->place_code,
                                       "{\"communities\":" + std::to_string(list.size()) + "}",
                                       clock_.NowMillis());
  TRY(repository_.SetReach(facility_id, list, entry));
  return repository_.Reach(facility_id);
}

core::Result<SocialWorker> SocialWorkService::AddWorker(const NewWorker& input,
                                                        const Caller& caller) {
  if (input.name.empty()) return core::Error::Validation("请填写姓名", "name");
  TRY(core::CheckText(input.name, "name", core::TextRule::kSingleLine));
  if (core::CodePointCount(input.name) > 30) {
    return core::Error::Validation("姓名不能超过 30 字", "name");
  }
  const auto level = kCertificateLevelNames.From(input.certificate_level);
  if (!level) {
    return core::Error::Validation("证书等级应为 none、assistant、social_worker 或 senior",
                                   "certificate_level");
  }
  if (*level == CertificateLevel::kNone) {
    if (!input.certificate_number.empty()) {
      return core::Error::Validation("没有证书时不填证书编号", "certificate_number");
    }
  } else if (input.certificate_number.empty()) {
    return core::Error::Validation("请填写证书编号", "certificate_number");
  } else if (!IsCertificateNumber(input.certificate_number)) {
    return core::Error::Validation("证书编号应为 4 到 32 位字母、数字或连字符",
                                   "certificate_number");
  }
  if (!IsDate(input.started_on)) {
    return core::Error::Validation("入职日期应为 YYYY-MM-DD", "started_on");
  }
  if (input.started_on > Today()) {
    return core::Error::Validation("入职日期不能晚于今天", "started_on");
  }
  if (input.account_id && *input.account_id <= 0) {
    return core::Error::Validation("账号编号不正确", "account_id");
  }
  ASSIGN_OR_RETURN(
      auto station,
      repository_.FindStation(input.facility_id, caller.ScopeFor(Permission::kSocialWorkManage)));
  if (!station) return core::Error::NotFound("社工站（室）不存在或不在您的管辖范围内");
  const int64_t now = clock_.NowMillis();
  SocialWorker worker;
  worker.name = input.name;
  worker.certificate_level = *level;
  worker.certificate_number = input.certificate_number;
  worker.facility_id = station->facility_id;
  worker.facility_name = station->name;
  worker.place_code = station->place_code;
  worker.place_name = station->place_name;
  worker.account_id = input.account_id;
  worker.started_on = input.started_on;
  worker.created_by = caller.account_id();
  worker.created_at = now;
  worker.updated_at = now;
  const auto entry = caller.AuditEntry(
      audit::AuditAction::kCreate, "social_worker", "", station->place_code,
      "{\"facility_id\":" + std::to_string(station->facility_id) +
          ",\"certificate_level\":" + Quoted(kCertificateLevelNames.Name(*level)) + "}",
      now);
  return repository_.InsertWorker(worker, entry);
}

core::Result<SocialWorker> SocialWorkService::FindWorker(int64_t id, const Caller& caller,
                                                         Permission permission) {
  ASSIGN_OR_RETURN(auto found, repository_.FindWorker(id, caller.ScopeFor(permission)));
  if (!found) return core::Error::NotFound("社会工作者不存在或不在您的管辖范围内");
  return *found;
}

core::Result<SocialWorker> SocialWorkService::EndWorker(int64_t id, std::string_view ended_on,
                                                        const Caller& caller) {
  ASSIGN_OR_RETURN(SocialWorker worker, FindWorker(id, caller, Permission::kSocialWorkManage));
  if (!worker.ended_on.empty()) {
    return core::Error::FailedPrecondition("该社会工作者已于 " + worker.ended_on + " 离岗");
  }
  if (!IsDate(ended_on)) return core::Error::Validation("离岗日期应为 YYYY-MM-DD", "ended_on");
  if (ended_on < worker.started_on) {
    return core::Error::Validation("离岗日期不能早于入职日期", "ended_on");
  }
  if (ended_on > Today()) return core::Error::Validation("离岗日期不能晚于今天", "ended_on");
  const int64_t now = clock_.NowMillis();
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kUpdate, "social_worker", std::to_string(id),
                        worker.place_code, "{\"ended_on\":" + Quoted(ended_on) + "}", now);
  ASSIGN_OR_RETURN(bool ended, repository_.EndWorker(id, ended_on, now, entry));
  if (!ended) return core::Error::FailedPrecondition("该社会工作者刚被他人登记离岗");
  return FindWorker(id, caller, Permission::kSocialWorkRead);
}

core::Result<SocialWorker> SocialWorkService::GetWorker(int64_t id, const Caller& caller) {
  return FindWorker(id, caller, Permission::kSocialWorkRead);
}

core::Result<std::vector<SocialWorker>> SocialWorkService::ListWorkers(const WorkerQuery& query,
                                                                       const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  WorkerQuery bounded = query;
  bounded.limit = std::min<size_t>(query.limit == 0 ? 500 : query.limit, 1000);
  return repository_.ListWorkers(bounded, caller.ScopeFor(Permission::kSocialWorkRead));
}

core::Result<std::vector<SocialWorker>> SocialWorkService::MyWorkers(const Caller& caller) {
  ASSIGN_OR_RETURN(auto all, repository_.WorkersOfAccount(caller.account_id()));
  const core::Scope scope = caller.ScopeFor(Permission::kSocialWorkRead);
  std::vector<SocialWorker> out;
  for (auto& worker : all) {
    if (scope.Covers(worker.place_code)) out.push_back(std::move(worker));
  }
  return out;
}

core::Result<ServiceRecord> SocialWorkService::Record(const NewRecord& input,
                                                      const Caller& caller) {
  const core::Scope scope = caller.ScopeFor(Permission::kSocialWorkRecord);
  ASSIGN_OR_RETURN(auto worker, repository_.FindWorker(input.worker_id, scope));
  if (!worker) return core::Error::NotFound("社会工作者不存在或不在您的管辖范围内");
  if (RecordsOnlyAsDuty(caller) &&
      (!worker->account_id || *worker->account_id != caller.account_id())) {
    return core::Error::PermissionDenied("社会工作者只能登记本人的服务记录", "worker_id");
  }
  if (!IsDate(input.served_on)) {
    return core::Error::Validation("服务日期应为 YYYY-MM-DD", "served_on");
  }
  if (input.served_on > Today()) {
    return core::Error::Validation("服务日期不能晚于今天", "served_on");
  }
  if (input.served_on < worker->started_on ||
      (!worker->ended_on.empty() && input.served_on > worker->ended_on)) {
    return core::Error::Validation("服务日期不在该社会工作者的在岗期间", "served_on");
  }
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  const auto place = places->find(input.community_code);
  if (place == places->end() || place->second.level != core::DivisionLevel::kCommunity ||
      !scope.Covers(input.community_code)) {
    return core::Error::Validation("村（社区）不存在或不在您的管辖范围内", "community");
  }
  // Where the worker serves: the room's community, the station's town, or its reach.
  bool serves = input.community_code.rfind(worker->place_code, 0) == 0;
  if (!serves) {
    ASSIGN_OR_RETURN(auto reach, repository_.Reach(worker->facility_id));
    for (const auto& [code, name] : reach) serves = serves || code == input.community_code;
  }
  if (!serves) {
    return core::Error::Validation(
        place->second.name + "不在" + worker->facility_name + "的服务范围内", "community");
  }
  const auto method = kServiceMethodNames.From(input.method);
  if (!method) {
    return core::Error::Validation("服务方式应为 case、group 或 community", "method");
  }
  if (input.people_served < 1 || input.people_served > 10000) {
    return core::Error::Validation("服务人数应为 1 到 10000", "people_served");
  }
  if (input.summary.empty()) return core::Error::Validation("请填写服务摘要", "summary");
  TRY(core::CheckText(input.summary, "summary", core::TextRule::kMultiLine));
  if (core::CodePointCount(input.summary) > 1000) {
    return core::Error::Validation("服务摘要不能超过 1000 字", "summary");
  }
  const int64_t now = clock_.NowMillis();
  ServiceRecord record;
  record.worker_id = worker->id;
  record.worker_name = worker->name;
  record.community_code = input.community_code;
  record.community_name = place->second.name;
  record.served_on = input.served_on;
  record.method = *method;
  record.people_served = input.people_served;
  record.summary = input.summary;
  record.recorded_by = caller.account_id();
  record.recorded_by_name = caller.name_for_people();
  record.created_at = now;
  const auto entry =
      caller.AuditEntry(audit::AuditAction::kCreate, "social_work_record", "", input.community_code,
                        "{\"worker_id\":" + std::to_string(worker->id) +
                            ",\"served_on\":" + Quoted(input.served_on) + "}",
                        now);
  return repository_.InsertRecord(record, entry);
}

core::Result<std::vector<ServiceRecord>> SocialWorkService::ListRecords(const RecordQuery& query,
                                                                        const Caller& caller) {
  if (!query.place_prefix.empty() && !core::LevelOfCode(query.place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  if (!query.from.empty() && !IsDate(query.from)) {
    return core::Error::InvalidArgument("from 应为 YYYY-MM-DD", "from");
  }
  if (!query.to.empty() && !IsDate(query.to)) {
    return core::Error::InvalidArgument("to 应为 YYYY-MM-DD", "to");
  }
  RecordQuery bounded = query;
  bounded.limit = std::min<size_t>(query.limit == 0 ? 500 : query.limit, 5000);
  return repository_.ListRecords(bounded, caller.ScopeFor(Permission::kSocialWorkRead));
}

core::Result<std::vector<CommunityCoverage>> SocialWorkService::Coverage(
    std::string_view place_prefix, const Caller& caller) {
  if (!place_prefix.empty() && !core::LevelOfCode(place_prefix)) {
    return core::Error::InvalidArgument("地区代码格式不正确", "place");
  }
  const core::Scope scope = caller.ScopeFor(Permission::kSocialWorkRead);
  if (!place_prefix.empty() && !scope.Covers(place_prefix)) {
    return core::Error::NotFound("地区不存在或不在您的管辖范围内");
  }
  const Window window = WindowOf(indicators_.CurrentPeriod());
  ASSIGN_OR_RETURN(auto all, repository_.Coverage(place_prefix, window.from, window.to));
  std::vector<CommunityCoverage> out;
  for (auto& row : all) {
    if (scope.Covers(row.community_code)) out.push_back(std::move(row));
  }
  return out;
}

core::Result<int64_t> SocialWorkService::SeedSynthetic(uint64_t seed) {
  ASSIGN_OR_RETURN(bool any, repository_.AnyWorker());
  if (any) return int64_t{0};
  ASSIGN_OR_RETURN(auto stations, repository_.AllStations());
  ASSIGN_OR_RETURN(auto places, indicators_.Places());
  const int64_t now = clock_.NowMillis();
  const std::string today = Today();
  const std::string period = indicators_.CurrentPeriod();
  std::vector<std::string> months;  // the twelve months ending with this one, oldest first
  for (std::string m = period; months.size() < 12; m = indicators::PreviousPeriod(m)) {
    months.insert(months.begin(), m);
  }
  static constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                              "周", "吴", "徐", "孙", "朱", "马", "胡", "郭"};
  static constexpr const char* kGiven[] = {"敏", "静", "丽", "强", "磊", "军", "洋",   "勇",
                                           "艳", "杰", "娟", "涛", "明", "超", "秀英", "桂英"};
  static constexpr const char* kSummaries[] = {"探访独居老人，评估照护需求并链接居家服务",
                                               "困境儿童个案跟进，协调学校与监护人",
                                               "开展长者健康互助小组活动",
                                               "组织居民议事会，商议小区公共空间改造",
                                               "为残疾人家庭链接康复资源",
                                               "开展青少年暑期成长小组",
                                               "社区邻里节策划与志愿者动员"};
  std::vector<std::pair<int64_t, std::string>> reach;
  std::vector<SocialWorker> workers;
  std::vector<ServiceRecord> records;
  uint64_t state = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  const auto next = [&state]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  int64_t serial = 0;
  for (const Station& station : stations) {
    const bool is_station = station.type_code == kStationType;
    // A room gets a worker in about one case in three.
    if (!is_station && next() % 3 != 0) continue;
    std::vector<std::string> served;
    if (is_station) {
      for (auto it = places->lower_bound(station.place_code);
           it != places->end() && it->first.rfind(station.place_code, 0) == 0; ++it) {
        if (it->second.level != core::DivisionLevel::kCommunity) continue;
        // Most communities of the town, not all: about one in eight (never the first) is not
        // reached yet.
        if (!served.empty() && next() % 8 == 0) continue;
        served.push_back(it->first);
        reach.emplace_back(station.facility_id, it->first);
      }
    } else {
      served.push_back(station.place_code);
    }
    if (served.empty()) continue;
    const int count = is_station ? 2 : 1;
    for (int k = 0; k < count; ++k) {
      SocialWorker worker;
      worker.name = std::string(kSurnames[next() % 16]) + kGiven[next() % 16];
      const uint64_t level = next() % 10;
      worker.certificate_level = !is_station && level < 3 ? CertificateLevel::kNone
                                 : level < 6              ? CertificateLevel::kAssistant
                                 : level < 9              ? CertificateLevel::kSocialWorker
                                                          : CertificateLevel::kSenior;
      if (worker.certificate_level != CertificateLevel::kNone) {
        char number[32];
        std::snprintf(number, sizeof number, "SYN-%08lld", static_cast<long long>(++serial));
        worker.certificate_number = number;
      }
      worker.facility_id = station.facility_id;
      worker.place_code = station.place_code;
      worker.started_on = indicators::FirstDayOf(months.front());
      worker.created_at = now;
      worker.updated_at = now;
      worker.synthetic = true;
      const int64_t index = static_cast<int64_t>(workers.size());
      workers.push_back(std::move(worker));
      for (const auto& month : months) {
        for (int r = 0; r < 2; ++r) {
          ServiceRecord record;
          record.worker_id = index;
          record.community_code = served[next() % served.size()];
          const int day = 1 + static_cast<int>(next() % 28);
          record.served_on = month + (day < 10 ? "-0" : "-") + std::to_string(day);
          if (record.served_on > today) continue;
          record.method = static_cast<ServiceMethod>(next() % 3);
          record.people_served =
              record.method == ServiceMethod::kCase ? 1 : 5 + static_cast<int64_t>(next() % 40);
          record.summary = kSummaries[next() % 7];
          record.recorded_by_name = "合成数据";
          record.created_at = now;
          record.synthetic = true;
          records.push_back(std::move(record));
        }
      }
    }
  }
  if (workers.empty()) return int64_t{0};
  const auto entry = Caller::System().AuditEntry(
      audit::AuditAction::kImport, "social_worker", "synthetic", indicators_.plan().city_code,
      "{\"workers\":" + std::to_string(workers.size()) +
          ",\"records\":" + std::to_string(records.size()) + "}",
      now);
  return repository_.InsertSynthetic(reach, workers, records, entry);
}

core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      const indicators::Plan& plan,
                                      SocialWorkRepository& repository) {
  if (plan.Find("A5") == nullptr) return core::Ok();
  return registry.Register(
      {"social_work",
       {"A5"},
       [&repository](std::string_view period, const indicators::PeriodSpan&,
                     const indicators::PlaceIndex& places)
           -> core::Result<std::vector<indicators::Measurement>> {
         const Window window = WindowOf(period);
         ASSIGN_OR_RETURN(auto coverage, repository.Coverage("", window.from, window.to));
         std::set<std::string> reached;
         for (const auto& row : coverage) {
           if (row.records > 0) reached.insert(row.community_code);
         }
         std::vector<indicators::Measurement> out;
         for (const auto& [code, place] : places) {
           if (place.level != core::DivisionLevel::kCommunity) continue;
           out.push_back({"A5", code, reached.contains(code) ? 1.0 : 0.0, 1.0, ""});
         }
         return out;
       }});
}

}  // namespace linli::social_work

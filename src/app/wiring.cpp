#include "app/wiring.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/jobs.hpp"
#include "app/need_referrals.hpp"
#include "app/paths.hpp"
#include "core/division_code.hpp"
#include "domain/care/workbench_cards.hpp"
#include "domain/events/workbench_cards.hpp"
#include "domain/facilities/indicator_sources.hpp"
#include "domain/indicators/workbench_cards.hpp"
#include "domain/kiosks/indicator_sources.hpp"
#include "domain/kiosks/workbench_cards.hpp"
#include "domain/people/workbench_cards.hpp"
#include "domain/scheduler/workbench_cards.hpp"
#include "domain/service_requests/indicator_sources.hpp"
#include "domain/service_requests/workbench_cards.hpp"
#include "domain/social_work/workbench_cards.hpp"
#include "domain/volunteers/workbench_cards.hpp"
#include "gateways/sms/http_sms_gateway.hpp"
#include "http/access/access_routes.hpp"
#include "http/audit/audit_routes.hpp"
#include "http/calendar/calendar_routes.hpp"
#include "http/care/care_routes.hpp"
#include "http/charity/charity_routes.hpp"
#include "http/designations/designation_routes.hpp"
#include "http/divisions/division_routes.hpp"
#include "http/events/event_routes.hpp"
#include "http/facilities/facility_routes.hpp"
#include "http/funding/funding_routes.hpp"
#include "http/grids/grid_routes.hpp"
#include "http/indicators/indicator_routes.hpp"
#include "http/kiosks/kiosk_routes.hpp"
#include "http/notifications/notification_routes.hpp"
#include "http/notifications/sms_routes.hpp"
#include "http/people/people_routes.hpp"
#include "http/people/resident_file_routes.hpp"
#include "http/scheduler/scheduler_routes.hpp"
#include "http/self_service/self_service_routes.hpp"
#include "http/service_requests/service_request_routes.hpp"
#include "http/social_orgs/social_org_routes.hpp"
#include "http/social_work/social_work_routes.hpp"
#include "http/volunteers/volunteer_routes.hpp"
#include "http/workbench/workbench_routes.hpp"
#include "storage/access/access_repositories.hpp"
#include "storage/audit/audit_repository.hpp"
#include "storage/calendar/calendar_repository.hpp"
#include "storage/care/application_repository.hpp"
#include "storage/care/care_repository.hpp"
#include "storage/care/eligibility_repository.hpp"
#include "storage/care/home_service_repository.hpp"
#include "storage/care/mandatory_report_repository.hpp"
#include "storage/care/rehabilitation_repository.hpp"
#include "storage/charity/charity_repository.hpp"
#include "storage/designations/designation_repository.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/events/event_repository.hpp"
#include "storage/facilities/facility_repository.hpp"
#include "storage/file_store.hpp"
#include "storage/funding/project_repository.hpp"
#include "storage/grids/grid_repository.hpp"
#include "storage/indicators/indicator_repository.hpp"
#include "storage/kiosks/kiosk_repository.hpp"
#include "storage/kiosks/pairing_repository.hpp"
#include "storage/migrations.hpp"
#include "storage/notifications/notification_repository.hpp"
#include "storage/notifications/sms_outbox.hpp"
#include "storage/people/people_repository.hpp"
#include "storage/self_service/verification_repository.hpp"
#include "storage/service_requests/service_request_repository.hpp"
#include "storage/social_orgs/incubation_repository.hpp"
#include "storage/social_orgs/social_org_repository.hpp"
#include "storage/social_work/social_work_repository.hpp"
#include "storage/volunteers/volunteer_repository.hpp"

namespace linli::app {

namespace {

core::Result<std::string> ReadDataFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::Unavailable("无法读取数据文件 " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The working calendar: the holiday calendar file is loaded into an empty table (a missing file
// only leaves it empty, with a warning: plain Monday–Friday weeks until an administrator sets
// one).
core::Status WireCalendar(Services& services) {
  services.calendar_repository = storage::MakeSqlCalendarRepository(*services.database);
  services.calendars =
      std::make_unique<calendar::CalendarService>(*services.calendar_repository, services.clock);
  if (auto text = ReadDataFile(services.config.holiday_calendar_file); text.ok()) {
    TRY(services.calendars->LoadIfEmpty(*text));
  } else {
    spdlog::warn("holiday calendar file not loaded: {}", text.error().message);
  }
  return core::Ok();
}

// The SMS gateway adapter the configuration asks for (checked here, so that a bad gateway
// setting stops the start with the field's name): HTTP when sms_gateway_url is set, with the
// credentials of LINLI_SMS_GATEWAY_AUTHORIZATION; else the logging adapter.
core::Status WireSmsGateway(Services& services) {
  const Config& config = services.config;
  if (config.sms_gateway_url.empty()) {
    services.sms_gateway = gateways::MakeLoggingSmsGateway();
    services.sms_gateway_description = "logging adapter (no sms_gateway_url: nothing is sent)";
    return core::Ok();
  }
  gateways::HttpSmsGatewayOptions options;
  options.url = config.sms_gateway_url;
  options.body_template = config.sms_gateway_template;
  options.content_type = config.sms_gateway_content_type;
  options.timeout_ms = config.sms_gateway_timeout_ms;
  options.message_id_field = config.sms_gateway_id_field;
  options.ca_file = config.sms_gateway_ca_file;
  if (const char* authorization = std::getenv("LINLI_SMS_GATEWAY_AUTHORIZATION")) {
    options.authorization = authorization;
  }
  ASSIGN_OR_RETURN(services.sms_gateway, gateways::MakeHttpSmsGateway(options));
  services.sms_gateway_description = "HTTP gateway " + gateways::GatewayOrigin(options.url) +
                                     (options.authorization.empty() ? "" : " (with credentials)");
  return core::Ok();
}

// Notifications: the bell, the SMS outbox and gateway, and (with the key ring, which opens the
// accounts' phones) the delivery job's service. A notice asking for an SMS nudges the job.
core::Status WireNotifications(Services& services) {
  services.notification_repository = storage::MakeSqlNotificationRepository(*services.database);
  Services* raw = &services;
  services.notifications = std::make_unique<notifications::NotificationService>(
      *services.notification_repository, services.clock, [raw] {
        if (raw->scheduler) raw->scheduler->RunSoon(notifications::kSmsDeliveryJobName);
      });
  // The ring opens the sealed text of a reset's SMS (decision 0020).
  services.sms_outbox =
      storage::MakeSqlSmsOutbox(*services.database, services.keys ? &*services.keys : nullptr);
  TRY(WireSmsGateway(services));
  notifications::SmsDeliveryOptions options;
  options.max_attempts = services.config.sms_max_attempts;
  ASSIGN_OR_RETURN(
      options.retry_delays_ms,
      notifications::ParseRetrySeconds(services.config.sms_retry_seconds, "sms_retry_seconds"));
  // A claim outlasts one attempt (the gateway's timeout) by a minute.
  options.claim_ms = int64_t(services.config.sms_gateway_timeout_ms) + 60 * 1000;
  if (services.keys) {
    services.sms_delivery = std::make_unique<notifications::SmsDelivery>(
        *services.sms_outbox, *services.account_repository, *services.sms_gateway, services.clock,
        std::move(options));
  }
  return core::Ok();
}

// Events: routing rules and the taxonomy from data files; deadlines on the calendar in force;
// notifications through the notification service, whose bell sweeps the whistle's warnings.
core::Status WireEvents(Services& services) {
  ASSIGN_OR_RETURN(auto rules,
                   ReadDataFile(DataFile(services.config, "events/routing-rules.json")));
  ASSIGN_OR_RETURN(auto router, events::Router::FromJson(rules));
  services.event_router.emplace(std::move(router));
  services.event_repository = storage::MakeSqlEventRepository(*services.database);
  services.event_photos =
      storage::MakeFilePhotoStore(services.config.uploads_dir);  // under uploads_dir/events
  events::EventOptions options;
  options.city_code = services.config.city_code;
  const events::EventDependencies dependencies{*services.event_repository, *services.notifications,
                                               *services.calendars, *services.event_router,
                                               services.clock};
  services.event_service =
      std::make_unique<events::EventService>(dependencies, *services.event_photos, options);
  services.escalations = std::make_unique<events::EscalationService>(dependencies);
  services.open311 =
      std::make_unique<events::Open311Service>(dependencies, *services.event_service, options);
  ASSIGN_OR_RETURN(auto taxonomy,
                   ReadDataFile(DataFile(services.config, "events/categories.json")));
  ASSIGN_OR_RETURN(auto categories, events::EventService::CategoriesFromJson(taxonomy));
  TRY(services.event_service->SeedCategories(categories));
  return core::Ok();
}

// Service requests: the catalogue is loaded into an empty table (a missing file only leaves it
// empty, with a warning); the request service needs the registry.
core::Status WireServiceRequests(Services& services) {
  services.service_request_repository =
      storage::MakeSqlServiceRequestRepository(*services.database);
  services.sample_forms =
      storage::MakeFileStore(std::filesystem::path(services.config.uploads_dir) / "sample-forms");
  services.catalogue = std::make_unique<service_requests::CatalogueService>(
      *services.service_request_repository, *services.sample_forms, services.clock);
  if (auto text = ReadDataFile(services.config.catalogue_file); text.ok()) {
    ASSIGN_OR_RETURN(int loaded, services.catalogue->LoadCatalogueIfEmpty(*text));
    if (loaded > 0) spdlog::info("service catalogue: loaded {} items", loaded);
  } else {
    spdlog::warn("service catalogue file not loaded: {}", text.error().message);
  }
  if (!services.people_repository) return core::Ok();
  services.service_materials =
      storage::MakeFileStore(std::filesystem::path(services.config.uploads_dir) / "materials");
  Services* raw = &services;
  services.service_requests = std::make_unique<service_requests::RequestService>(
      *services.service_request_repository, *services.catalogue, *services.calendars,
      *services.people_repository, *services.service_materials, services.clock,
      [raw](std::string_view code) { return ScopeName(*raw, code); });
  return core::Ok();
}

// Facilities: the taxonomy and the five circles from data files.
core::Status WireFacilities(Services& services) {
  ASSIGN_OR_RETURN(auto types, ReadDataFile(DataFile(services.config, "facilities/types.json")));
  ASSIGN_OR_RETURN(auto taxonomy, facilities::Taxonomy::FromJson(types));
  ASSIGN_OR_RETURN(auto circles_text,
                   ReadDataFile(DataFile(services.config, "facilities/circles.json")));
  ASSIGN_OR_RETURN(auto circles, facilities::ParseCircles(circles_text, taxonomy));
  services.facility_repository = storage::MakeSqlFacilityRepository(*services.database);
  services.facilities = std::make_unique<facilities::FacilityService>(
      *services.facility_repository, std::move(taxonomy), std::move(circles), services.clock);
  return core::Ok();
}

// The workbench (工作台): every module's cards; a module that did not start adds none.
// Residents' sign-up and forgotten passwords by SMS code (decision 0026): with the registry,
// and codes only where a gateway sends for real and the key ring seals the outbox.
void WireSelfService(Services& services) {
  if (!services.people_repository) return;
  services.verification_repository = storage::MakeSqlVerificationRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  Services* raw = &services;
  self_service::SignupDependencies dependencies{*services.verification_repository,
                                                *services.people_repository,
                                                *services.account_repository,
                                                *services.accounts,
                                                services.keys ? &*services.keys : nullptr,
                                                services.audit_log.get(),
                                                services.clock,
                                                services.config.city_code,
                                                {}};
  if (!services.config.sms_gateway_url.empty() && services.keys) {
    dependencies.sms_soon = [raw] {
      if (raw->scheduler) raw->scheduler->RunSoon(notifications::kSmsDeliveryJobName);
    };
  }
  services.signup = std::make_unique<self_service::SignupService>(std::move(dependencies));
}

// Care (issue 19): the categories file and the service over the registry (needs the key ring for
// its audit records, as the registry does).
core::Status WireCare(Services& services) {
  if (!services.people_repository) return core::Ok();
  ASSIGN_OR_RETURN(std::string text, ReadDataFile(services.config.care_file));
  auto categories = care::ParseCategories(text);
  if (!categories.ok()) {
    core::Error error = categories.error();
    error.message = services.config.care_file + "：" + error.message +
                    (error.field.empty() ? "" : "（" + error.field + "）");
    return error;
  }
  services.care_repository =
      storage::MakeSqlCareRepository(*services.database, services.keys ? &*services.keys : nullptr);
  // 政策找人: the rules may name the registry's tags and the care categories.
  ASSIGN_OR_RETURN(std::string rules, ReadDataFile(services.config.benefits_file));
  care::NamesByCode category_names;
  for (const auto& category : categories->categories) {
    category_names[category.code] = category.name;
  }
  ASSIGN_OR_RETURN(auto tags, services.people_repository->TagDefinitions());
  care::NamesByCode tag_names;
  for (const auto& tag : tags) tag_names[tag.code] = tag.name;
  auto benefits = care::ParseBenefits(rules, tag_names, category_names);
  if (!benefits.ok()) {
    core::Error error = benefits.error();
    error.message = services.config.benefits_file + "：" + error.message +
                    (error.field.empty() ? "" : "（" + error.field + "）");
    return error;
  }
  services.eligibility_repository = storage::MakeSqlEligibilityRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.eligibility = std::make_unique<care::EligibilityService>(
      *services.eligibility_repository, *services.people_repository, *services.audit_log,
      std::move(*benefits), services.clock);
  services.care_photos =
      storage::MakeFileStore(std::filesystem::path(services.config.uploads_dir) / "visit-photos");
  services.need_referrals = std::make_unique<ServiceNeedReferrals>(services.event_service.get(),
                                                                   services.service_requests.get());
  services.care = std::make_unique<care::CareService>(
      *services.care_repository, *services.people_repository, *services.audit_log,
      *services.notifications, std::move(*categories), services.clock, services.care_photos.get(),
      services.need_referrals.get());
  // Home services: subsidies written in the benefits' language.
  ASSIGN_OR_RETURN(std::string home_text, ReadDataFile(services.config.home_services_file));
  auto home_rules = care::ParseHomeServices(home_text, tag_names, category_names);
  if (!home_rules.ok()) {
    core::Error error = home_rules.error();
    error.message = services.config.home_services_file + "：" + error.message +
                    (error.field.empty() ? "" : "（" + error.field + "）");
    return error;
  }
  services.home_service_repository = storage::MakeSqlHomeServiceRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.home_services = std::make_unique<care::HomeServices>(
      *services.home_service_repository, *services.eligibility_repository,
      *services.people_repository, *services.audit_log, std::move(*home_rules), services.clock);
  // The deadlines of reports and applications, in working days of the calendar in force.
  ASSIGN_OR_RETURN(std::string deadlines_text, ReadDataFile(services.config.care_deadlines_file));
  auto deadlines = care::ParseCareDeadlines(deadlines_text);
  if (!deadlines.ok()) {
    core::Error error = deadlines.error();
    error.message = services.config.care_deadlines_file + "：" + error.message +
                    (error.field.empty() ? "" : "（" + error.field + "）");
    return error;
  }
  // Mandatory reports (强制报告).
  services.mandatory_report_repository = storage::MakeSqlMandatoryReportRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.mandatory_reports = std::make_unique<care::MandatoryReports>(
      *services.mandatory_report_repository, *services.audit_log, *services.notifications,
      *services.calendars, *deadlines, services.clock);
  // Applications for assistance: the approval ladder and the emergency path.
  services.application_repository = storage::MakeSqlApplicationRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.applications = std::make_unique<care::Applications>(
      *services.application_repository, *services.eligibility, *services.people_repository,
      *services.notifications, *services.calendars, *deadlines, services.clock);
  // Rehabilitation records at the 残疾人之家 and mental-health rehabilitation stations.
  services.rehabilitation_repository = storage::MakeSqlRehabilitationRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.rehabilitation = std::make_unique<care::Rehabilitation>(
      *services.rehabilitation_repository, *services.care_repository, services.care->categories(),
      *services.audit_log, services.clock);
  return core::Ok();
}

// The plan's indicators: the plan file, the sources of the modules that started, the service.
core::Status WireIndicators(Services& services) {
  ASSIGN_OR_RETURN(std::string text, ReadDataFile(services.config.plan_file));
  auto plan = indicators::ParsePlan(text);
  if (!plan.ok()) {
    core::Error error = plan.error();
    error.message = services.config.plan_file + "：" + error.message +
                    (error.field.empty() ? "" : "（" + error.field + "）");
    return error;
  }
  services.indicator_sources = std::make_unique<indicators::SourceRegistry>();
  indicators::SourceRegistry& sources = *services.indicator_sources;
  if (services.facilities) {
    TRY(facilities::RegisterIndicatorSources(sources, *services.facility_repository,
                                             services.facilities->taxonomy(), *plan));
  }
  if (services.kiosk_repository) {
    TRY(kiosks::RegisterIndicatorSources(sources, *services.kiosk_repository));
  }
  if (services.service_requests) {
    TRY(service_requests::RegisterIndicatorSources(sources, *services.service_requests));
  }
  if (services.care) {
    TRY(care::RegisterIndicatorSources(sources, *services.care, *services.eligibility));
  }
  if (services.home_services) {
    TRY(care::RegisterHomeServiceIndicators(sources, *services.home_services));
  }
  services.indicator_repository = storage::MakeSqlIndicatorRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.indicators = std::make_unique<indicators::IndicatorService>(
      std::move(*plan), sources, *services.indicator_repository, *services.divisions,
      services.clock);
  services.designation_repository = storage::MakeSqlDesignationRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  TRY(designations::RegisterIndicatorSources(sources, services.indicators->plan(),
                                             *services.designation_repository));
  services.designations = std::make_unique<designations::DesignationService>(
      *services.designation_repository, *services.indicators, services.clock);
  services.social_work_repository = storage::MakeSqlSocialWorkRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  TRY(social_work::RegisterIndicatorSources(sources, services.indicators->plan(),
                                            *services.social_work_repository));
  services.social_work = std::make_unique<social_work::SocialWorkService>(
      *services.social_work_repository, *services.indicators, services.clock);
  services.project_repository = storage::MakeSqlProjectRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.funding = std::make_unique<funding::FundingService>(
      *services.project_repository, *services.indicators, services.clock);
  // Community social organisations: their rules, registry and the A4c/A4d source.
  ASSIGN_OR_RETURN(std::string social_text, ReadDataFile(services.config.social_orgs_file));
  auto social_rules = social_orgs::ParseRules(social_text);
  if (!social_rules.ok()) {
    core::Error error = social_rules.error();
    error.message = services.config.social_orgs_file + "：" + error.message +
                    (error.field.empty() ? "" : "（" + error.field + "）");
    return error;
  }
  services.social_org_repository = storage::MakeSqlOrganisationRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  services.social_orgs = std::make_unique<social_orgs::SocialOrgService>(
      std::move(*social_rules), *services.social_org_repository, *services.indicators,
      *services.audit_log, services.clock);
  TRY(social_orgs::RegisterIndicatorSources(sources, services.social_orgs->rules(),
                                            *services.social_org_repository));
  // Incubation bases are facilities of type incubation_base, open (the facilities registry).
  services.incubation_repository = storage::MakeSqlIncubationRepository(
      *services.database, services.keys ? &*services.keys : nullptr);
  Services* raw = &services;
  services.incubations = std::make_unique<social_orgs::IncubationService>(
      *services.incubation_repository, *services.social_org_repository,
      [raw](int64_t id) -> core::Result<std::optional<social_orgs::IncubationBase>> {
        using Out = std::optional<social_orgs::IncubationBase>;
        if (!raw->facility_repository) return Out();
        ASSIGN_OR_RETURN(auto facility,
                         raw->facility_repository->FindFacility(id, core::Scope::Everything()));
        if (!facility || facility->type_code != "incubation_base" ||
            facility->status != facilities::FacilityStatus::kOpen) {
          return Out();
        }
        return Out(
            social_orgs::IncubationBase{facility->id, facility->name, facility->community_code});
      },
      services.clock);
  return core::Ok();
}

core::Status WireWorkbench(Services& services) {
  services.workbench = std::make_unique<workbench::Workbench>();
  workbench::Workbench& bench = *services.workbench;
  TRY(scheduler::RegisterWorkbenchCards(bench, *services.scheduler, services.clock));
  if (services.residents) TRY(people::RegisterWorkbenchCards(bench, *services.residents));
  if (services.service_requests) {
    TRY(service_requests::RegisterWorkbenchCards(bench, *services.service_requests,
                                                 services.clock));
  }
  if (services.event_service && services.escalations) {
    TRY(events::RegisterWorkbenchCards(bench, *services.event_service, *services.escalations));
  }
  if (services.indicators) TRY(indicators::RegisterWorkbenchCards(bench, *services.indicators));
  if (services.social_work) TRY(social_work::RegisterWorkbenchCards(bench, *services.social_work));
  if (services.care) {
    TRY(care::RegisterWorkbenchCards(bench, *services.care, *services.eligibility,
                                     *services.mandatory_reports, *services.applications,
                                     services.clock));
  }
  if (services.kiosks) TRY(kiosks::RegisterWorkbenchCards(bench, *services.kiosks, services.clock));
  if (services.volunteers) TRY(volunteers::RegisterWorkbenchCards(bench, *services.volunteers));
  return core::Ok();
}

}  // namespace

Services::~Services() {
  workbench.reset();  // its cards hold references to the services below
  scheduler.reset();  // its jobs hold references to the services below
  volunteers.reset();
  incubations.reset();
  social_orgs.reset();
  funding.reset();
  charity.reset();
  social_work.reset();
  designations.reset();
  indicators.reset();  // its sources hold references to the services below
  indicator_sources.reset();
  eligibility.reset();
  care.reset();
  sms_delivery.reset();
  kiosk_pairing.reset();
  kiosks.reset();
  facilities.reset();
  // Services hold references into the repositories and the database: drop them first.
  open311.reset();
  escalations.reset();
  event_service.reset();
  notifications.reset();
  service_requests.reset();
  catalogue.reset();
  calendars.reset();
  buildings.reset();
  households.reset();
  residents.reset();
  grids.reset();
  divisions.reset();
  accounts.reset();
  sessions.reset();
  if (database) database->Close();
}

core::Status ResolveCity(divisions::DivisionRepository& divisions, Config& config) {
  if (!config.city_code.empty()) return core::Ok();
  ASSIGN_OR_RETURN(auto cities, divisions.CityCodes());
  if (cities.size() > 1) {
    std::string list;
    for (const auto& code : cities) list += (list.empty() ? "" : "、") + code;
    return core::Error::FailedPrecondition(
        "数据库中有多个城市的区划（" + list +
        "），请用 LINLI_CITY 或配置项 city 指定本系统服务的城市");
  }
  config.city_code = cities.empty() ? kDefaultCity : cities.front();
  return core::Ok();
}

core::Result<std::unique_ptr<Services>> Wire(const Config& input) {
  auto services = std::make_unique<Services>();
  services->config = input;
  // From here on the services' own copy, with the city resolved.
  const Config& config = services->config;
  // main() resolves the paths; a caller that did not gets them from the executable's place.
  if (services->config.data_dir.empty()) {
    TRY(ResolvePaths(services->config, DetectLayout(ExecutablePath())));
  }
  storage::OpenOptions open_options;
  open_options.pool_size = config.db_pool_size;
  ASSIGN_OR_RETURN(services->database, storage::OpenDatabase(config.db_url, open_options));
  TRY(storage::Migrate(*services->database));

  storage::Database& database = *services->database;
  services->division_repository = storage::MakeSqlDivisionRepository(database);
  TRY(ResolveCity(*services->division_repository, services->config));
  services->session_repository = storage::MakeSqlSessionRepository(database);
  services->login_failure_repository = storage::MakeSqlLoginFailureRepository(database);
  services->lookup_quota_repository = storage::MakeSqlLookupQuotaRepository(database);
  services->lookup_quota = std::make_unique<access::LookupQuota>(
      *services->lookup_quota_repository, services->clock, config.lookup_daily_limit);
  services->grid_repository = storage::MakeSqlGridRepository(database);

  // The key ring first: the audit chain is keyed with it (decision 0015). Without it the
  // registry is not wired and audit records cannot be written.
  const char* environment_keys = std::getenv("LINLI_KEYS");
  auto keys = crypto::LoadKeyRing(config.keys_file, environment_keys ? environment_keys : "");
  if (keys.ok()) {
    services->keys = std::move(*keys);
  } else {
    services->keys_error = keys.error();
  }
  const crypto::KeyRing* ring = services->keys ? &*services->keys : nullptr;
  // Accounts' phones are sealed with the ring too (decision 0018).
  services->account_repository = storage::MakeSqlAccountRepository(database, ring);
  services->audit_log = storage::MakeSqlAuditLog(database, ring);
  services->audit_repository = storage::MakeSqlAuditRepository(database, ring);
  services->audit = std::make_unique<audit::AuditService>(*services->audit_repository);
  access::SessionOptions session_options;
  session_options.audit_log = services->audit_log.get();
  session_options.city_code = config.city_code;
  session_options.session_ttl_ms = int64_t(config.session_ttl_minutes) * 60 * 1000;
  ASSIGN_OR_RETURN(session_options.password_policy,
                   access::PasswordPolicy::LoadFile(config.common_passwords_file));
  services->sessions = std::make_unique<access::SessionService>(
      *services->account_repository, *services->session_repository,
      *services->login_failure_repository, services->clock, session_options);
  services->divisions =
      std::make_unique<divisions::DivisionService>(*services->division_repository, services->clock);
  services->grids = std::make_unique<grids::GridService>(*services->grid_repository,
                                                         *services->divisions, services->clock);

  Services* raw = services.get();
  // Grants may name a division or a grid (grid workers); both must exist.
  access::DivisionExists exists = [raw](std::string_view code) {
    auto level = core::LevelOfCode(code);
    if (!level) return false;
    if (*level == core::DivisionLevel::kGrid || *level == core::DivisionLevel::kMicroGrid) {
      auto grid = raw->grids->Get(code, access::Caller::System());
      return grid.ok();
    }
    auto division = raw->divisions->Find(code);
    return division.ok() && division->has_value();
  };
  access::AccountHooks hooks;
  hooks.division_exists = std::move(exists);
  // Department officers name a department of the routing rules' list (when it is loaded).
  hooks.department_exists = [raw](std::string_view name) {
    if (!raw->event_router || raw->event_router->departments().empty()) return true;
    const auto& departments = raw->event_router->departments();
    return std::any_of(departments.begin(), departments.end(),
                       [name](const events::Department& d) { return d.name == name; });
  };
  // Provider staff name an active provider registered at their grant's place (decision 0033).
  hooks.provider_place =
      [raw](int64_t provider_id) -> std::optional<std::pair<std::string, std::string>> {
    if (!raw->home_services) return std::nullopt;
    return raw->home_services->ActiveProviderPlace(provider_id);
  };
  // A social organisation's account names an organisation of its grant's place (decision 0045).
  hooks.organisation_place =
      [raw](int64_t organisation_id) -> std::optional<std::pair<std::string, std::string>> {
    if (!raw->social_orgs) return std::nullopt;
    auto place = raw->social_orgs->BindablePlace(organisation_id);
    return place.ok() ? *place : std::nullopt;
  };
  hooks.audit_log = services->audit_log.get();
  // The holder's bell (a notice that cannot be written is logged, never fails the change).
  hooks.notify = [raw](int64_t account_id, std::string text) {
    if (!raw->notifications || account_id == 0) return;
    notifications::Notice notice;
    notice.account_id = account_id;
    notice.kind = "account";
    notice.text = std::move(text);
    if (auto posted = raw->notifications->Post({std::move(notice)}); !posted.ok()) {
      spdlog::warn("account notice not written: {}", posted.error().message);
    }
  };
  // Where an SMS gateway sends for real (not the logging adapter) and the key ring seals the
  // outbox's text, a reset's temporary password goes to the holder's phone (decision 0020).
  if (!config.sms_gateway_url.empty() && services->keys) {
    hooks.sms_soon = [raw] {
      if (raw->scheduler) raw->scheduler->RunSoon(notifications::kSmsDeliveryJobName);
    };
  }
  // A resident account is bound to a person the binding worker may manage (decision 0026).
  hooks.resident_place =
      [raw](int64_t resident_id,
            const access::Caller& caller) -> core::Result<std::optional<std::string>> {
    if (!raw->people_repository) return std::optional<std::string>();
    ASSIGN_OR_RETURN(auto person,
                     raw->people_repository->FindResident(
                         resident_id, caller.ScopeFor(access::Permission::kPeopleManage)));
    if (!person) return std::optional<std::string>();
    return std::optional<std::string>(person->grid_code.empty() ? person->community_code
                                                                : person->grid_code);
  };
  services->accounts = std::make_unique<access::AccountService>(
      *services->account_repository, *services->sessions, services->clock, std::move(hooks));

  if (services->keys) {
    services->people_repository = storage::MakeSqlPeopleRepository(database, *services->keys);
    services->residents = std::make_unique<people::ResidentService>(
        *services->people_repository, *services->divisions, *services->grid_repository,
        *services->audit_log, services->clock, services->lookup_quota.get());
    services->households = std::make_unique<people::HouseholdService>(
        *services->people_repository, *services->audit_log, services->clock);
    services->buildings = std::make_unique<people::BuildingService>(
        *services->people_repository, *services->divisions, *services->grid_repository,
        services->clock);
    services->resident_files = std::make_unique<people::ResidentFileService>(
        *services->people_repository, *services->residents, *services->divisions,
        *services->grid_repository, services->clock);
  }
  TRY(WireCalendar(*services));
  TRY(WireNotifications(*services));
  TRY(WireServiceRequests(*services));
  WireSelfService(*services);
  if (auto wired = WireFacilities(*services); !wired.ok()) {
    services->facilities.reset();
    services->facilities_error = wired.error();
  }
  if (auto wired = WireEvents(*services); !wired.ok()) {
    services->open311.reset();
    services->escalations.reset();
    services->event_service.reset();
    services->events_error = wired.error();
  }
  if (auto wired = WireCare(*services); !wired.ok()) {
    services->care.reset();
    services->eligibility.reset();
    services->home_services.reset();
    services->mandatory_reports.reset();
    services->applications.reset();
    services->rehabilitation.reset();
    services->care_error = wired.error();
    spdlog::warn("care not started: {}", wired.error().message);
  }
  {
    // Volunteers: the skills file is data; the ledger's audit records need the key ring.
    ASSIGN_OR_RETURN(std::string skills_text,
                     ReadDataFile(config.data_dir + "/volunteers/skills.json"));
    auto skills = volunteers::ParseSkills(skills_text);
    if (!skills.ok()) return skills.error();
    services->volunteer_repository =
        storage::MakeSqlVolunteerRepository(database, services->keys ? &*services->keys : nullptr);
    services->volunteers = std::make_unique<volunteers::VolunteerService>(
        *services->volunteer_repository, std::move(*skills), services->clock);
  }
  services->kiosk_repository = storage::MakeSqlKioskRepository(database);
  services->kiosks =
      std::make_unique<kiosks::KioskService>(*services->kiosk_repository, services->clock);
  services->charity_repository =
      storage::MakeSqlCharityRepository(database, services->keys ? &*services->keys : nullptr);
  services->charity = std::make_unique<charity::CharityService>(
      *services->charity_repository, *services->audit_log, services->clock);
  if (auto wired = WireIndicators(*services); !wired.ok()) {
    services->incubations.reset();
    services->social_orgs.reset();
    services->funding.reset();
    services->social_work.reset();
    services->designations.reset();
    services->indicators.reset();
    services->indicators_error = wired.error();
    spdlog::warn("plan indicators not started: {}", wired.error().message);
  }
  services->pairing_repository = storage::MakeSqlPairingRepository(database);
  services->kiosk_pairing =
      std::make_unique<kiosks::KioskPairingService>(kiosks::PairingDependencies{
          *services->pairing_repository, *services->kiosks, *services->account_repository,
          services->audit_log.get(), services->clock, services->config.city_code});
  TRY(RegisterJobs(*services));
  TRY(WireWorkbench(*services));
  return services;
}

std::string ScopeName(Services& services, std::string_view code) {
  auto level = core::LevelOfCode(code);
  if (level &&
      (*level == core::DivisionLevel::kGrid || *level == core::DivisionLevel::kMicroGrid)) {
    auto grid = services.grids->Get(code, access::Caller::System());
    if (grid.ok())
      return services.divisions->NameOf(grid->grid.community_code) + " " + grid->grid.name;
    return "";
  }
  return services.divisions->NameOf(code);
}

http::ImportLimits ImportLimitsOf(const Config& config) {
  http::ImportLimits limits;
  limits.body_bytes = config.import_body_limit_bytes;
  limits.max_cells = config.import_max_cells;
  limits.max_text_bytes = config.import_max_text_bytes;
  limits.concurrent = config.import_concurrency;
  return limits;
}

core::Result<http::BaseMap> BaseMapOf(const Config& config) {
  http::BaseMapSettings settings;
  settings.provider = config.base_map;
  settings.tianditu_key = config.tianditu_key;
  settings.url = config.base_map_url;
  settings.attribution = config.base_map_attribution;
  return http::MakeBaseMap(settings);
}

core::Result<http::Router> BuildRouter(Services& services) {
  http::Router router;
  http::SessionCookieOptions cookie;
  cookie.secure = services.config.cookie_secure;
  Services* raw = &services;
  TRY(router.AddAll(
      http::AccessRoutes(*services.sessions, *services.accounts, cookie,
                         [raw](std::string_view code) { return ScopeName(*raw, code); })));
  ASSIGN_OR_RETURN(auto base_map, BaseMapOf(services.config));
  TRY(router.AddAll(http::DivisionRoutes(
      *services.divisions, {services.config.city_code, services.config.display_name, base_map})));
  TRY(router.AddAll(http::GridRoutes(*services.grids)));
  TRY(router.AddAll(http::AuditRoutes(*services.audit)));
  TRY(router.AddAll(http::SchedulerRoutes(*services.scheduler)));
  if (!services.residents) {
    return core::Error::FailedPrecondition(
        "缺少个人信息加密密钥（运行 linli keys init 或设置 LINLI_KEYS）: " +
        services.keys_error.message);
  }
  TRY(router.AddAll(
      http::PeopleRoutes(*services.residents, *services.households, *services.buildings,
                         [raw](std::string_view code) { return ScopeName(*raw, code); })));
  if (!services.imports) {
    services.imports = std::make_unique<http::ImportGate>(ImportLimitsOf(services.config));
  }
  TRY(router.AddAll(http::ResidentFileRoutes(*services.resident_files, *services.imports)));
  if (!services.facilities) {
    return core::Error::FailedPrecondition("设施模块未能启动: " +
                                           services.facilities_error.message);
  }
  TRY(router.AddAll(
      http::FacilityRoutes(*services.facilities, *services.imports,
                           [raw](std::string_view code) { return ScopeName(*raw, code); })));
  TRY(router.AddAll(
      http::ServiceRequestRoutes(*services.catalogue, *services.service_requests,
                                 [raw](std::string_view code) { return ScopeName(*raw, code); })));
  if (services.signup) TRY(router.AddAll(http::SelfServiceRoutes(*services.signup)));
  TRY(router.AddAll(http::CalendarRoutes(*services.calendars)));
  TRY(router.AddAll(http::NotificationRoutes(*services.notifications)));
  // Wired whenever the registry is (both need the key ring).
  TRY(router.AddAll(http::SmsRoutes(*services.sms_delivery,
                                    services.config.sms_gateway_url.empty() ? "log" : "http")));
  if (!services.event_service) {
    return core::Error::FailedPrecondition("事件模块未能启动: " + services.events_error.message);
  }
  TRY(router.AddAll(
      http::EventRoutes(*services.event_service, *services.escalations, *services.open311)));
  TRY(router.AddAll(http::Open311Routes(*services.open311)));
  TRY(router.AddAll(http::WorkbenchRoutes(*services.workbench)));
  TRY(router.AddAll(http::KioskRoutes(*services.kiosks)));
  TRY(router.AddAll(http::CharityRoutes(*services.charity)));
  if (services.indicators) {
    TRY(router.AddAll(http::IndicatorRoutes(*services.indicators, *services.imports)));
    TRY(router.AddAll(http::DesignationRoutes(*services.designations)));
    if (services.social_work) TRY(router.AddAll(http::SocialWorkRoutes(*services.social_work)));
    TRY(router.AddAll(http::FundingRoutes(*services.funding)));
    TRY(router.AddAll(http::SocialOrgRoutes(*services.social_orgs)));
    TRY(router.AddAll(http::IncubationRoutes(*services.incubations)));
  }
  if (!services.care) {
    return core::Error::FailedPrecondition("关爱模块未能启动: " + services.care_error.message);
  }
  TRY(router.AddAll(http::CareRoutes(*services.care, *services.eligibility, *services.imports)));
  TRY(router.AddAll(http::HomeServiceRoutes(*services.home_services, *services.imports)));
  TRY(router.AddAll(http::MandatoryReportRoutes(*services.mandatory_reports, services.clock)));
  TRY(router.AddAll(
      http::ApplicationRoutes(*services.applications, *services.eligibility, services.clock)));
  TRY(router.AddAll(http::RehabilitationRoutes(*services.rehabilitation)));
  TRY(router.AddAll(http::VolunteerRoutes(*services.volunteers)));
  if (services.signup) {
    TRY(router.AddAll(
        http::KioskSignInRoutes(*services.signup, *services.sessions, *services.kiosks, cookie,
                                [raw](std::string_view code) { return ScopeName(*raw, code); })));
  }
  TRY(router.AddAll(
      http::KioskPairingRoutes(*services.kiosk_pairing, *services.sessions, cookie,
                               [raw](std::string_view code) { return ScopeName(*raw, code); })));
  return router;
}

}  // namespace linli::app

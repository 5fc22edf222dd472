// Wiring: builds every object of a running Linli from a Config — database, repositories,
// services, routes — and owns them. No globals: main() holds one Services.
// Thread-safety: built once on the main thread; the services it owns are thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/crypto/field_cipher.hpp"
#include "core/result.hpp"
#include "domain/access/account_service.hpp"
#include "domain/access/lookup_quota.hpp"
#include "domain/access/session_service.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/care/applications.hpp"
#include "domain/care/care_service.hpp"
#include "domain/care/eligibility_service.hpp"
#include "domain/care/home_service_service.hpp"
#include "domain/care/mandatory_reports.hpp"
#include "domain/care/rehabilitation.hpp"
#include "domain/charity/charity_service.hpp"
#include "domain/designations/designation_service.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/events/escalation_service.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/open311_service.hpp"
#include "domain/events/routing.hpp"
#include "domain/facilities/facility_service.hpp"
#include "domain/funding/funding_service.hpp"
#include "domain/grids/grid_service.hpp"
#include "domain/indicators/indicator_service.hpp"
#include "domain/kiosks/kiosk_pairing.hpp"
#include "domain/kiosks/kiosk_service.hpp"
#include "domain/notifications/notification_service.hpp"
#include "domain/notifications/sms_delivery.hpp"
#include "domain/people/place_services.hpp"
#include "domain/people/resident_files.hpp"
#include "domain/people/resident_service.hpp"
#include "domain/scheduler/scheduler.hpp"
#include "domain/self_service/signup_service.hpp"
#include "domain/self_service/verification.hpp"
#include "domain/service_requests/request_service.hpp"
#include "domain/social_orgs/incubations.hpp"
#include "domain/social_orgs/social_org_service.hpp"
#include "domain/social_work/social_work_service.hpp"
#include "domain/volunteers/volunteer_service.hpp"
#include "domain/workbench/workbench.hpp"
#include "http/base_map.hpp"
#include "http/import_response.hpp"
#include "http/router.hpp"
#include "storage/db.hpp"

namespace linli::app {

struct Services {
  Config config;
  core::SystemClock clock;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<access::AccountRepository> account_repository;
  std::unique_ptr<access::SessionRepository> session_repository;
  std::unique_ptr<access::LoginFailureRepository> login_failure_repository;
  std::unique_ptr<access::LookupQuotaRepository> lookup_quota_repository;
  std::unique_ptr<access::LookupQuota> lookup_quota;  // personal-data lookups outside scope
  std::unique_ptr<divisions::DivisionRepository> division_repository;
  std::unique_ptr<grids::GridRepository> grid_repository;
  std::unique_ptr<access::SessionService> sessions;
  std::unique_ptr<access::AccountService> accounts;
  std::unique_ptr<divisions::DivisionService> divisions;
  std::unique_ptr<grids::GridService> grids;
  std::unique_ptr<audit::AuditLog> audit_log;
  std::unique_ptr<audit::AuditRepository> audit_repository;
  std::unique_ptr<audit::AuditService> audit;  // the audit log page (audit.read)
  // The registry needs the personal-data keys; without them (no key file, no LINLI_KEYS)
  // these stay empty and commands that need them say so (keys_error).
  std::optional<crypto::KeyRing> keys;
  core::Error keys_error;
  std::unique_ptr<people::PeopleRepository> people_repository;
  std::unique_ptr<people::ResidentService> residents;
  std::unique_ptr<people::HouseholdService> households;
  std::unique_ptr<people::BuildingService> buildings;
  std::unique_ptr<people::ResidentFileService> resident_files;
  std::unique_ptr<self_service::VerificationRepository> verification_repository;
  std::unique_ptr<self_service::SignupService> signup;  // residents' sign-up, forgotten passwords

  // The working calendar: the holiday calendar (loaded from config.holiday_calendar_file into
  // an empty table) and the calendar in force that service requests and events count on.
  std::unique_ptr<calendar::CalendarRepository> calendar_repository;
  std::unique_ptr<calendar::CalendarService> calendars;

  // Notifications: the bell of every account. Their SMS: the outbox (written with the
  // notifications), the gateway adapter (HTTP when sms_gateway_url is set, else the logging one;
  // its description for the log and the delivery log page) and the delivery job's service,
  // which needs the key ring (account phones are sealed): empty without it.
  std::unique_ptr<notifications::NotificationRepository> notification_repository;
  std::unique_ptr<notifications::NotificationService> notifications;
  std::unique_ptr<notifications::SmsOutbox> sms_outbox;
  std::unique_ptr<notifications::SmsGateway> sms_gateway;
  std::string sms_gateway_description;
  std::unique_ptr<notifications::SmsDelivery> sms_delivery;

  // Events, the whistle and Open311 (data files under config.data_dir's events/; photos under
  // config.uploads_dir/events, outside the web root). Empty with events_error set when a data file
  // cannot be read.
  std::optional<events::Router> event_router;
  std::unique_ptr<events::EventRepository> event_repository;
  std::unique_ptr<events::PhotoStore> event_photos;
  std::unique_ptr<events::EventService> event_service;
  std::unique_ptr<events::EscalationService> escalations;
  std::unique_ptr<events::Open311Service> open311;
  core::Error events_error;

  // Service requests: the catalogue (loaded from config.catalogue_file into an empty table),
  // requests, materials under uploads_dir/materials.
  std::unique_ptr<service_requests::ServiceRequestRepository> service_request_repository;
  std::unique_ptr<core::FileStore> service_materials;
  std::unique_ptr<core::FileStore> sample_forms;  // the guide's 样表 (public)
  std::unique_ptr<service_requests::CatalogueService> catalogue;
  std::unique_ptr<service_requests::RequestService> service_requests;

  // Facilities and life circles (taxonomy and circles from data_dir/facilities). Empty with
  // facilities_error set when a data file cannot be read.
  std::unique_ptr<facilities::FacilityRepository> facility_repository;
  std::unique_ptr<facilities::FacilityService> facilities;
  core::Error facilities_error;

  // Kiosks (自助终端), hall displays and queue tickets (叫号).
  std::unique_ptr<kiosks::KioskRepository> kiosk_repository;
  std::unique_ptr<kiosks::KioskService> kiosks;
  // A resident's sign-in at a kiosk by scanning its code with their phone (decision 0028).
  std::unique_ptr<kiosks::PairingRepository> pairing_repository;
  std::unique_ptr<kiosks::KioskPairingService> kiosk_pairing;

  // The plan's indicators (config.plan_file): the sources the modules register, the snapshots
  // and reported figures. Empty with indicators_error set when the plan file cannot be read.
  std::unique_ptr<indicators::SourceRegistry> indicator_sources;
  std::unique_ptr<indicators::IndicatorRepository> indicator_repository;
  std::unique_ptr<indicators::IndicatorService> indicators;
  core::Error indicators_error;
  // Care: archives, visits and needs (categories from the care file); null without the registry.
  std::unique_ptr<core::FileStore> care_photos;  // visit photos (uploads_dir/visit-photos)
  std::unique_ptr<care::NeedReferrals> need_referrals;
  std::unique_ptr<care::CareRepository> care_repository;
  std::unique_ptr<care::CareService> care;
  std::unique_ptr<care::EligibilityRepository> eligibility_repository;
  std::unique_ptr<care::EligibilityService> eligibility;
  std::unique_ptr<care::HomeServiceRepository> home_service_repository;
  std::unique_ptr<care::HomeServices> home_services;
  std::unique_ptr<care::MandatoryReportRepository> mandatory_report_repository;
  std::unique_ptr<care::MandatoryReports> mandatory_reports;
  std::unique_ptr<care::ApplicationRepository> application_repository;
  std::unique_ptr<care::Applications> applications;
  std::unique_ptr<care::RehabilitationRepository> rehabilitation_repository;
  std::unique_ptr<care::Rehabilitation> rehabilitation;
  core::Error care_error;
  // Designations and pilots (kinds from the plan file), with the indicators.
  std::unique_ptr<designations::DesignationRepository> designation_repository;
  std::unique_ptr<designations::DesignationService> designations;
  // Volunteers and the hours ledger (skills from DATA_DIR/volunteers/skills.json).
  std::unique_ptr<volunteers::VolunteerRepository> volunteer_repository;
  std::unique_ptr<volunteers::VolunteerService> volunteers;
  // Professional social work (issue 20 item 2), with its indicator A5.
  std::unique_ptr<social_work::SocialWorkRepository> social_work_repository;
  std::unique_ptr<social_work::SocialWorkService> social_work;
  // Funding per project (the department workspace).
  std::unique_ptr<funding::ProjectRepository> project_repository;
  std::unique_ptr<funding::FundingService> funding;
  // Community charity: funds, donations, needs, disbursements and the funds' ledgers.
  std::unique_ptr<charity::CharityRepository> charity_repository;
  std::unique_ptr<charity::CharityService> charity;
  // Community social organisations (issue 20 item 1; decision 0045), with the indicators.
  std::unique_ptr<social_orgs::OrganisationRepository> social_org_repository;
  std::unique_ptr<social_orgs::SocialOrgService> social_orgs;
  std::unique_ptr<social_orgs::IncubationRepository> incubation_repository;
  std::unique_ptr<social_orgs::IncubationService> incubations;

  // The scheduler and every module's jobs (app/jobs.cpp); `serve` runs them, `linli jobs` too.
  std::unique_ptr<scheduler::JobRepository> job_repository;
  std::unique_ptr<scheduler::Scheduler> scheduler;
  // The first screen of every role: the cards the modules register (WireWorkbench).
  std::unique_ptr<workbench::Workbench> workbench;
  // The one gate of every spreadsheet import route (config.import_*): upload size, cells and
  // decoded text per upload, imports at once.
  std::unique_ptr<http::ImportGate> imports;

  ~Services();
};

// Opens the database, migrates it (the schema is always current when the app runs) and
// builds the services. Data paths left empty in `config` are resolved first (ResolvePaths).
// The city is the configured one or, when none is, the one city whose divisions the database
// holds (kDefaultCity before any import; more than one: kFailedPrecondition asking for
// LINLI_CITY). Callers read it from the services' config.
core::Result<std::unique_ptr<Services>> Wire(const Config& config);
// Fills config.city_code when it is empty (see Wire).
core::Status ResolveCity(divisions::DivisionRepository& divisions, Config& config);

// Every route of the API, as `linli serve` mounts them. Fails when the personal-data keys
// are missing.
core::Result<http::Router> BuildRouter(Services& services);

// The import gate's limits from the configuration (config.import_*).
http::ImportLimits ImportLimitsOf(const Config& config);

// The web maps' base map from the configuration, checked (decision 0022): a wrong setting
// stops the start with the field's name.
core::Result<http::BaseMap> BaseMapOf(const Config& config);

// Display name of a division or grid code ("" when unknown).
std::string ScopeName(Services& services, std::string_view code);

}  // namespace linli::app

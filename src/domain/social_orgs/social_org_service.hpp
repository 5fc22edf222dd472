// SocialOrgService: the community social-organisation registry and its activities
// (social_orgs.hpp). Workers and officials read with socialorgs.read and write with
// socialorgs.manage, scoped on the organisation's home community (outside the scope reads as
// missing, 404). An organisation's own account (role social_org, its grant naming the organisation:
// organisation_id) reads and records through socialorgs.report by that organisation, never by
// place. The contact phone is masked unless the caller holds people.personal_data over the home
// community; an unmasked read is audited. Every write is audited in its transaction. Thread-safety:
// thread-safe (no state beyond the references it holds).
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/indicators/indicator_service.hpp"
#include "domain/social_orgs/social_orgs.hpp"

namespace linli::social_orgs {

struct OrganisationInput {
  std::string name;
  std::string category;
  std::string status;  // registered | filed
  std::string credit_code;
  std::string filing_number;
  std::string place_code;
  std::vector<std::string> areas;  // communities; the home community is added
  std::string contact_name;
  std::string contact_phone;
  std::string founded_on;
  std::string note;
};

struct ActivityInput {
  std::string title;
  std::string held_on;
  std::string place_code;  // "" = the organisation's home community
  int64_t served = 0;
  std::string note;
};

// What an organisation's own account sees: its record and its latest activities.
struct OwnOrganisation {
  Organisation organisation;
  std::vector<Activity> activities;
};

class SocialOrgService {
 public:
  // REQUIRES: every reference outlives the service.
  SocialOrgService(Rules rules, OrganisationRepository& repository,
                   indicators::IndicatorService& indicators, audit::AuditLog& audit,
                   const core::Clock& clock);

  const Rules& rules() const { return rules_; }

  core::Result<Organisation> Create(const OrganisationInput& input, const access::Caller& caller);
  core::Result<Organisation> Update(int64_t id, const OrganisationInput& input,
                                    const access::Caller& caller);
  core::Result<Organisation> Deregister(int64_t id, std::string_view on, std::string_view reason,
                                        const access::Caller& caller);
  core::Result<Organisation> Get(int64_t id, const access::Caller& caller);
  core::Result<std::vector<Organisation>> List(const OrganisationQuery& query,
                                               const access::Caller& caller);
  core::Result<std::vector<Activity>> Activities(int64_t id, const access::Caller& caller);
  // A worker in scope (socialorgs.manage) records an activity of an organisation.
  core::Result<Activity> AddActivity(int64_t id, const ActivityInput& input,
                                     const access::Caller& caller);

  // The signed-in organisation's own (socialorgs.report; its grant's organisation_id).
  core::Result<OwnOrganisation> Own(const access::Caller& caller);
  core::Result<Activity> AddOwnActivity(const ActivityInput& input, const access::Caller& caller);

  // The id of an organisation not deregistered and its home community and name (nullopt: none
  // such): how a social_org account's grant is checked.
  core::Result<std::optional<std::pair<std::string, std::string>>> BindablePlace(int64_t id);

  // The seeder's synthetic organisations in these communities (8–14 per urban community, 3–7 per
  // village) with a year of activities up to today; the number written (0 when any exist).
  core::Result<int64_t> SeedSynthetic(const std::vector<std::string>& communities, uint64_t seed);

 private:
  core::Result<Organisation> CheckedOrganisation(const OrganisationInput& input,
                                                 const access::Caller& caller,
                                                 const indicators::PlaceIndex& places);
  core::Result<Activity> RecordActivity(const Organisation& organisation,
                                        const ActivityInput& input, const access::Caller& caller);
  core::Result<Organisation> FindFor(int64_t id, const access::Caller& caller,
                                     access::Permission permission);
  core::Status Reveal(std::vector<Organisation>& organisations, const access::Caller& caller);
  std::optional<int64_t> OwnId(const access::Caller& caller) const;
  std::string Today() const;
  std::string WindowStart() const;

  Rules rules_;
  OrganisationRepository& repository_;
  indicators::IndicatorService& indicators_;
  audit::AuditLog& audit_;
  const core::Clock& clock_;
};

// A4c and A4d computed from the activities: per community, the organisations based there that
// are regularly active in the month measured (numerator), over the one community (denominator);
// the plan's community_kinds keep urban communities for A4c and villages for A4d.
// REQUIRES: rules and repository outlive the registry.
core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry, const Rules& rules,
                                      OrganisationRepository& repository);

// The first day of the month `months - 1` months before `period` ("YYYY-MM"): the window's start.
std::string WindowStartOf(std::string_view period, int months);

}  // namespace linli::social_orgs

// DesignationService: designations and pilots recorded, revoked with a reason, their evidence
// documents, and the indicators source that counts them (designations.hpp).
// Scopes: reads use indicators.read, writes indicators.report (a department officer only for
// kinds that count an indicator its department is responsible for); a place or record outside
// the scope reads as missing (404). Every write is audited in its transaction.
// Thread-safety: thread-safe (no state beyond the references it holds).
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/designations/designations.hpp"
#include "domain/indicators/indicator_service.hpp"

namespace linli::designations {

struct NewDesignation {
  std::string kind;
  std::string place_code;
  std::string title;
  std::string designated_on;
  std::string approved_by;
  std::string approval_level;  // national | province | city | county
  std::string note;
};

struct EvidenceFile {
  std::string name;
  std::string type;
  std::string bytes;
};

class DesignationService {
 public:
  // REQUIRES: repository, indicators (the plan and its places) and clock outlive the service.
  DesignationService(DesignationRepository& repository, indicators::IndicatorService& indicators,
                     const core::Clock& clock);

  const std::vector<indicators::DesignationKind>& Kinds() const;
  core::Result<Designation> Create(const NewDesignation& input, const access::Caller& caller);
  core::Result<Designation> Revoke(int64_t id, std::string_view revoked_on, std::string_view reason,
                                   const access::Caller& caller);
  // A PDF, PNG or JPEG (checked against its first bytes), at most kMaxEvidenceBytes.
  core::Result<Designation> AttachEvidence(int64_t id, std::string_view name,
                                           std::string_view bytes, const access::Caller& caller);
  core::Result<Designation> Get(int64_t id, const access::Caller& caller);
  core::Result<std::vector<DesignationEvent>> History(int64_t id, const access::Caller& caller);
  core::Result<std::vector<Designation>> List(const DesignationQuery& query,
                                              const access::Caller& caller);
  core::Result<EvidenceFile> Evidence(int64_t id, const access::Caller& caller);

  // The seeder's synthetic designations in these communities (some of each community kind, a
  // pilot town or two), dated across the plan's years; the number written (0 when any exist).
  core::Result<int64_t> SeedSynthetic(const std::vector<std::string>& communities, uint64_t seed);

 private:
  core::Result<Designation> Find(int64_t id, const access::Caller& caller,
                                 access::Permission permission);
  core::Status CheckKindForCaller(const indicators::DesignationKind& kind,
                                  const access::Caller& caller) const;

  DesignationRepository& repository_;
  indicators::IndicatorService& indicators_;
  const core::Clock& clock_;
};

// The indicators computed from designations (the plan's kinds): a share counts the places of
// the kind's level holding one in force at the month's end, a count the designations in force
// (made since the plan's start where the kind says so).
// REQUIRES: plan and repository outlive the registry.
core::Status RegisterIndicatorSources(indicators::SourceRegistry& registry,
                                      const indicators::Plan& plan,
                                      DesignationRepository& repository);

}  // namespace linli::designations

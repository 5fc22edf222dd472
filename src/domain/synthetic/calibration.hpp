// The public figures the synthetic population is calibrated to (sources and assumptions in
// docs/synthetic-population.md). Tests compare generated shares with these targets.
// Thread-safety: constants only.
#pragma once

#include <cstdint>

namespace linli::synthetic::calibration {

// Yangzhou, 7th national census (2020-11-01): resident population and family households.
inline constexpr int64_t kCityResidents = 4'559'797;
inline constexpr int64_t kCityFamilyHouseholds = 1'606'252;
// Age shares of the resident population (census 2020, Yangzhou).
inline constexpr double kShare0To14 = 0.1157;
inline constexpr double kShare15To59 = 0.6242;
inline constexpr double kShare60Plus = 0.2601;
inline constexpr double kShare65Plus = 0.1999;
// Men per 100 women (census 2020, Yangzhou: 99.20).
inline constexpr double kSexRatio = 99.20;

// Relative size of a community by kind: an urban community holds this many times the
// residents of a village (assumption, chosen so that ~70% live in urban communities and the
// city has ~500,000 buildings; Yangzhou's urbanisation rate 2020 ≈ 70%).
inline constexpr double kUrbanWeight = 5.5;
inline constexpr double kVillageWeight = 1.0;
inline constexpr double kVirtualWeight = 0.4;
inline constexpr double kUnresolvedWeight = 2.0;

// Tag prevalence targets (share of all generated residents unless said otherwise).
inline constexpr double kDisability = 0.0634;            // 2nd national disability survey 2006
inline constexpr double kSevereMentalDisorder = 0.0043;  // registered patients 2018: 0.43%
inline constexpr double kPartyMember = 0.069;            // 96.712M members end 2021 / 1.41bn
inline constexpr double kDibao = 0.010;                  // assumption, Jiangsu ~1%
inline constexpr double kTuberculosis = 0.00025;         // assumption from ~50/100k/year
inline constexpr double kVeteranOfMenOver25 = 0.03;      // assumption
inline constexpr double kVolunteerOfAdults = 0.10;       // assumption

// The sequence lanes of the ID numbers: the 3-digit sequence code is 2 × lane + sex bit, so
// each community owns one lane (0..499) per area code, and more than 500 communities of one
// area code split the birth dates between them too (CommunitySite::id_day_class).
inline constexpr int kIdLanes = 500;

}  // namespace linli::synthetic::calibration

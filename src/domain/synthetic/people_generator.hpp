// The people module of the synthetic Yangzhou: for one community, grids of a few hundred
// households, buildings (urban blocks of 4–33 floors, or village houses of 1–3 floors, one
// household each), households built from family templates (elderly alone, couples, nuclear,
// three-generation, skip-generation with parents away), residents with valid ID numbers,
// phones, ethnicity, statuses and tags. See docs/synthetic-population.md for the model.
//
// ID numbers are unique by construction: area code + birth date + sequence code, where the
// sequence code is 2 × the community's lane + the sex bit, and no two residents of one
// community share (area code, birth date, sex) — a clash moves the birth date by a day.
// Thread-safety: the generator is stateless; Generate may run on several threads at once.
#pragma once

#include <memory>
#include <string_view>

#include "domain/synthetic/seeder.hpp"

namespace linli::synthetic {

inline constexpr std::string_view kPeopleModuleName = "people";
inline constexpr std::string_view kSyntheticTagSource = "合成数据";
// Grids are cut at about this many households (never splitting a building).
inline constexpr int kGridTargetHouseholds = 350;
// Grid validity starts on this date (the grid system's roll-out; assumption).
inline constexpr std::string_view kGridValidFrom = "2016-01-01";

std::unique_ptr<ModuleGenerator> MakePeopleGenerator();

}  // namespace linli::synthetic

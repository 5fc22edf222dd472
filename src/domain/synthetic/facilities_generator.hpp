// The seeder's facilities module ("facilities"): places each community's facilities at its
// generated buildings (facilities::SyntheticFacilities over the taxonomy), after the people
// module. Needs the buildings' coordinates; a community without buildings gets none.
// Thread-safety: Generate may run on several threads at once (the module holds only the
// taxonomy, read-only).
#pragma once

#include <memory>

#include "domain/facilities/facilities.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::synthetic {

std::unique_ptr<ModuleGenerator> MakeFacilitiesGenerator(facilities::Taxonomy taxonomy);

}  // namespace linli::synthetic

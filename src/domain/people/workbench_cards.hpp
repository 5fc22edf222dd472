// The registry's workbench cards (workbench.hpp): the people and households of a grid worker's
// grid or a community worker's community, with the largest care groups (tags); the residents
// and households of an official's or administrator's whole jurisdiction; the changes of the
// grid's or community's people in the last 30 days (births, moves, status changes, deaths).
// Thread-safety: as ResidentService.
#pragma once

#include "core/result.hpp"
#include "domain/people/resident_service.hpp"
#include "domain/workbench/workbench.hpp"

namespace linli::people {

// REQUIRES: residents outlives the workbench.
core::Status RegisterWorkbenchCards(workbench::Workbench& bench, ResidentService& residents);

}  // namespace linli::people

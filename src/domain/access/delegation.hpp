// Delegation: which roles an account manager may grant, and at which level of place (issue 15
// item 1, docs/decisions/0013-delegation-as-data.md).
//
// Delegation is data, one row per (manager role, granted role, level of the granted scope):
// a town official grants community workers over one community and grid workers over one grid
// inside its town; a county official also grants town officials over one town; a city
// administrator also grants county officials, department officers (a department of the
// city's list, over the city or one county), social organisations, volunteers and residents.
// Nobody grants their own role through the API (a peer never makes or manages a peer); city
// administrators are made on the command line, which may grant every role inside its city.
// A grant is allowed when one of the caller's grants delegates the role at the grant's level
// and the grant's scope lies inside that grant's scope; resets, disabling and editing grants
// of an account follow the same rule for every grant the account holds.
// Thread-safety: pure functions over constant tables.
#pragma once

#include <span>
#include <string_view>

#include "core/division_code.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/access/principal.hpp"

namespace linli::access {

struct Delegation {
  Role manager;
  Role granted;
  core::DivisionLevel level;  // the level of the granted scope
};

// Every row of the table, for the decision record, the web app and the tests.
std::span<const Delegation> Delegations();

// The levels a grant of this role may have as its scope (a community worker's is a community,
// never a town): the same for every manager, the command line included.
std::span<const core::DivisionLevel> ScopeLevels(Role role);

// OK when the caller may give this grant (scope well-formed and of the role's level, inside
// the scope of a caller's grant that delegates the role at that level). 422 (field "grants")
// for a scope of the wrong level, 404 for a scope outside every managing grant, 403 for a role
// the caller may not grant.
core::Status CheckDelegation(const Caller& caller, const RoleGrant& grant);

}  // namespace linli::access

// The resident search as SQL (SqlPeopleRepository::SearchResidents), planned from the query
// alone so that its choices are unit-tested (resident_search_test.cpp).
//
// One statement in two steps: the ids of the page, from indexes alone (the filters and sort
// keys are all indexed columns), then the rows of those ids. Sorting whole rows of a town or
// county to keep 21 of them is what made wide lists slow. The ids come from one of three
// sources:
// - kNameGrams: a name text over more than one community (migration 0009,
//   docs/decisions/0007-name-search.md). The rows of one gram of the text carry the name and
//   place, in name order, so a page by name reads about as many index entries as it keeps
//   instead of every name of the county.
// - kTags: otherwise, a tag filter (migration 0010). A tag row carries its resident's place and
//   birth date, so a town's tagged people in age order come from one stretch of that index; a
//   resident row is read only for filters it alone holds.
// - kResidents: otherwise, the residents' own indexes.
// Pages are keyset pages (storage/keyset.hpp) by the sort's key and the id.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/page.hpp"
#include "core/result.hpp"
#include "core/scope.hpp"
#include "domain/people/people.hpp"
#include "storage/db.hpp"

namespace linli::storage::people_internal {

enum class ResidentSource { kResidents, kNameGrams, kTags };

// Where the ids of a search come from (see above). kNameGrams for a name text over more than
// one community (by scope and place), sorted by name (the gram index's own order, so a page
// stops as soon as it is full) or of two or more characters (whose gram is rare enough to sort
// all its rows in scope).
ResidentSource ChooseResidentSource(const people::ResidentQuery& query, const core::Scope& scope);

// What a plan needs from the database and the key ring, looked up before planning.
struct ResidentSearchLookups {
  std::string gram;             // kNameGrams: the gram to walk (the rarest of the name text's)
  std::string id_number_index;  // the blind index of query.id_number, when it is given
  std::string phone_index;      // the blind index of query.phone, when it is given
};

struct ResidentSearchPlan {
  ResidentSource source = ResidentSource::kResidents;
  // kResidentSelect of the page's residents (limit + 1 of them), in the sort's order.
  std::string sql;
  std::vector<Value> params;
};

// InvalidArgument on "cursor" when page.after is not a key of the query's sort.
core::Result<ResidentSearchPlan> PlanResidentSearch(const people::ResidentQuery& query,
                                                    const core::Scope& scope,
                                                    const core::PageRequest& page,
                                                    const ResidentSearchLookups& lookups);

// The cursor naming `resident` as the last of a page sorted by `sort`.
std::string ResidentCursor(const people::Resident& resident, people::ResidentSort sort);

}  // namespace linli::storage::people_internal

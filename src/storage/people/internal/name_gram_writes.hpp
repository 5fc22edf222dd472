// The rows of resident_name_grams (migration 0009; the grams themselves: name_grams.hpp),
// written by every path that changes a resident's name or place, inside the caller's
// transaction. Private to storage/people.
// Thread-safety: uses the caller's connection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "storage/db.hpp"
#include "storage/people/name_grams.hpp"

namespace linli::storage::people_internal {

// Residents whose grams are to be written: names[i] of resident ids[i] at places[i].
struct NameGramSource {
  std::vector<std::string> names;
  std::vector<int64_t> ids;
  std::vector<std::string> places;
};

// Writes `rows` (NameGramsInIndexOrder of `source`), in their order.
core::Status InsertNameGrams(Connection& c, const NameGramSource& source,
                             const std::vector<NameGramRow>& rows);

// The grams of one resident's name.
core::Status InsertNameGrams(Connection& c, int64_t id, const std::string& name,
                             const std::string& place);

// The rows of one resident are found through the gram index from the name they were
// written with.
core::Status DeleteNameGrams(Connection& c, int64_t id, const std::string& name);

// Moves the grams of a resident to the place `place`.
core::Status MoveNameGrams(Connection& c, int64_t id, const std::string& place);

}  // namespace linli::storage::people_internal

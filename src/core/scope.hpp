// Jurisdiction scope: which places a principal may see for one permission.
//
// Every row that belongs to a place carries that place's code (a division code of 2..12
// digits, or a grid code of 15, micro-grid 17). Codes are hierarchical by prefix: a
// scope of "321002" covers every code that starts with it. A Scope is the union of the
// prefixes a principal may see; `all` means the whole database. The storage layer turns
// it into SQL (storage/scope_sql.hpp) for every query that returns people, events or places.
// Thread-safety: plain value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace linli::core {

struct Scope {
  bool all = false;
  std::vector<std::string> prefixes;  // minimal set: no prefix is a prefix of another

  static Scope Everything() { return Scope{true, {}}; }
  static Scope Nothing() { return Scope{false, {}}; }
  static Scope Of(std::vector<std::string> prefixes);  // normalises to a minimal set
  bool Covers(std::string_view code) const;            // code lies inside the scope
  bool Intersects(std::string_view code) const;        // code's subtree overlaps the scope
  bool Empty() const { return !all && prefixes.empty(); }
};

}  // namespace linli::core

// Names of places for people (issue 17 item 2: codes are identity, names are for people). A
// route's answer writes `*_name` beside each division or grid code it carries, looked up through
// a PlaceName that the app wires (app::ScopeName: a division's name; a grid's community and grid
// names), once per code in each answer (PlaceNamer).
// Thread-safety: a PlaceName must be callable concurrently; a PlaceNamer belongs to one answer.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace linli::http {

// The name of a division or grid code for people ("" when unknown or not wired).
using PlaceName = std::function<std::string(std::string_view code)>;

// The names of one answer's places: each code looked up once.
class PlaceNamer {
 public:
  // REQUIRES: lookup outlives the namer.
  explicit PlaceNamer(const PlaceName& lookup) : lookup_(lookup) {}
  const std::string& operator()(const std::string& code) {
    auto [it, inserted] = names_.try_emplace(code);
    if (inserted && lookup_ && !code.empty()) it->second = lookup_(code);
    return it->second;
  }

 private:
  const PlaceName& lookup_;
  std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace linli::http

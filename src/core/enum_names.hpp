// The names of an enum's values, written once as a table: the wire name (and, where people
// read it, a Chinese label) of each value, and the way back from a name. One table replaces a
// switch per direction, so that adding a value is one line and the two directions cannot drift.
//
//   inline constexpr core::EnumNames<Status, 2> kStatusNames{{
//       {Status::kOpen, "open", "运营中"},
//       {Status::kClosed, "closed", "已关闭"},
//   }};
//   kStatusNames.Name(Status::kOpen) == "open";  kStatusNames.From("运营中") == Status::kOpen
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace linli::core {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;        // the wire name: stored, sent and accepted
  std::string_view label = {};  // the Chinese label people read (empty when there is none)
};

template <typename E, size_t N>
struct EnumNames {
  EnumName<E> entries[N];  // NOLINT(*-avoid-c-arrays): aggregate-initialised from the table

  // The wire name of `value` (the first entry's for a value outside the table).
  constexpr std::string_view Name(E value) const { return Find(value).name; }
  // The label of `value`, or its wire name when the table has no label for it.
  constexpr std::string_view Label(E value) const {
    const EnumName<E>& entry = Find(value);
    return entry.label.empty() ? entry.name : entry.label;
  }
  // The value named `text` by its wire name or, when `labels_too`, by its label.
  constexpr std::optional<E> From(std::string_view text, bool labels_too = false) const {
    for (const EnumName<E>& entry : entries) {
      if (text == entry.name || (labels_too && !entry.label.empty() && text == entry.label)) {
        return entry.value;
      }
    }
    return std::nullopt;
  }

 private:
  constexpr const EnumName<E>& Find(E value) const {
    for (const EnumName<E>& entry : entries) {
      if (entry.value == value) return entry;
    }
    return entries[0];
  }
};

}  // namespace linli::core

// Workbench (工作台): the first screen of every role, built from cards that the modules register.
//
// A card source names who sees it (roles) and builds its card for a caller: a figure, a short
// list, where it is handled (a page of the web app, by name) and a tone. The workbench runs the
// sources the caller's roles select, in their order. A source may answer "nothing for this
// caller" (nullopt: a community worker whose grant is not a community has no queue); a source
// that fails gives its card with the error text instead of failing the screen, so that one
// broken module never blanks the first screen of every account. Modules register their sources
// in app/wiring.cpp — the indicator, care and volunteer modules add theirs there, without
// touching this context.
//
// Links name pages, not paths: the web maps each page name (docs/api.md, "Workbench") to its
// route, as it maps notification subjects.
// Thread-safety: sources are registered before serving; after that the workbench is read-only
// and CardsFor may be called on any thread (the sources' services are thread-safe).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/access/caller.hpp"

namespace linli::workbench {

enum class Tone { kNormal, kWarning, kDanger };
std::string_view ToneName(Tone tone);  // "normal", "warning", "danger"

// A page of the web app by name ("services_desk", "service_request", …), the record it opens
// (`id`, "" for a list page) and its filters.
struct Link {
  std::string page;
  std::string id;
  std::vector<std::pair<std::string, std::string>> query;
};

// One line of a card's list: a name for people (never a code), a short second line, an optional
// figure, and what it opens.
struct CardItem {
  std::string label;
  std::string note;
  std::optional<int64_t> figure;
  Tone tone = Tone::kNormal;
  std::optional<Link> link;
};

struct Card {
  std::string id;     // the source's id: "<module>.<card>", the web's text key
  std::string title;  // the source's Chinese title
  std::optional<int64_t> figure;
  std::string unit;  // of the figure: "件", "人", "户"
  Tone tone = Tone::kNormal;
  std::vector<CardItem> items;
  std::optional<Link> link;  // where what it counts is handled
  std::string error;         // the source failed: what went wrong (no figure, no items)
};

struct CardSource {
  std::string id;
  std::string title;
  std::vector<access::Role> roles;  // who sees it: a caller holding a grant of one of them
  int order = 0;                    // place on the screen, smallest first
  // The card for this caller, or nullopt when it has nothing for them. `id`, `title` and `error`
  // are filled by the workbench.
  std::function<core::Result<std::optional<Card>>(const access::Caller&)> build;
};

// Cards list at most this many items; a card's figure counts them all.
inline constexpr size_t kMaxItems = 5;

class Workbench {
 public:
  // kInvalidArgument without id, title, roles or build; kAlreadyExists for a second source with
  // the same id.
  core::Status Register(CardSource source);

  // The cards of the sources the caller's roles select, by order then id.
  std::vector<Card> CardsFor(const access::Caller& caller) const;

  const std::vector<CardSource>& sources() const { return sources_; }

 private:
  std::vector<CardSource> sources_;
};

// The first `kMaxItems` of `rows` through `item` (the helper every source lists with).
template <typename Row, typename ToItem>
std::vector<CardItem> FirstItems(const std::vector<Row>& rows, ToItem item) {
  std::vector<CardItem> items;
  for (size_t i = 0; i < rows.size() && i < kMaxItems; ++i) items.push_back(item(rows[i]));
  return items;
}

// The worst tone of the items (kNormal for none).
Tone WorstTone(const std::vector<CardItem>& items);

}  // namespace linli::workbench

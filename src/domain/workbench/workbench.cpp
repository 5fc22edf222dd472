#include "domain/workbench/workbench.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace linli::workbench {

std::string_view ToneName(Tone tone) {
  switch (tone) {
    case Tone::kNormal:
      return "normal";
    case Tone::kWarning:
      return "warning";
    case Tone::kDanger:
      return "danger";
  }
  return "normal";
}

Tone WorstTone(const std::vector<CardItem>& items) {
  Tone worst = Tone::kNormal;
  for (const auto& item : items) worst = std::max(worst, item.tone);
  return worst;
}

core::Status Workbench::Register(CardSource source) {
  if (source.id.empty() || source.title.empty() || source.roles.empty() || !source.build) {
    return core::Error::InvalidArgument("工作台卡片缺少编号、标题、角色或内容: " + source.id);
  }
  for (const auto& existing : sources_) {
    if (existing.id == source.id) {
      return core::Error::AlreadyExists("工作台卡片编号重复: " + source.id);
    }
  }
  sources_.push_back(std::move(source));
  std::stable_sort(sources_.begin(), sources_.end(), [](const CardSource& a, const CardSource& b) {
    return a.order != b.order ? a.order < b.order : a.id < b.id;
  });
  return core::Ok();
}

std::vector<Card> Workbench::CardsFor(const access::Caller& caller) const {
  std::vector<Card> cards;
  for (const auto& source : sources_) {
    const bool shown = std::any_of(source.roles.begin(), source.roles.end(),
                                   [&](access::Role role) { return caller.HasRole(role); });
    if (!shown) continue;
    auto built = source.build(caller);
    Card card;
    if (!built.ok()) {
      // The error's text is the module's message for people; the log gets the card and request.
      spdlog::warn("workbench card {} failed (request {}): {}", source.id, caller.request_id(),
                   built.error().message);
      card.error = built.error().message;
    } else if (!built->has_value()) {
      continue;
    } else {
      card = std::move(**built);
    }
    card.id = source.id;
    card.title = source.title;
    cards.push_back(std::move(card));
  }
  return cards;
}

}  // namespace linli::workbench

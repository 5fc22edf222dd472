#include "storage/people/name_grams.hpp"

#include <algorithm>

namespace linli::storage {

namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool IsLeadByte(char c) { return static_cast<unsigned char>(c) >= 0xC0; }

void AddOnce(std::vector<std::string_view>& grams, std::string_view gram) {
  if (std::find(grams.begin(), grams.end(), gram) == grams.end()) grams.push_back(gram);
}

// Characters i and i + 1 as one view (they are adjacent in the text).
std::string_view Pair(const std::vector<std::string_view>& characters, size_t i) {
  return {characters[i].data(), characters[i].size() + characters[i + 1].size()};
}

}  // namespace

std::vector<std::string_view> NameCharacters(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    // As SQLite's SQLITE_SKIP_UTF8: a lead byte takes the continuation bytes after it; any
    // other byte is a character of its own (the same for valid UTF-8, the only kind
    // PostgreSQL stores).
    size_t end = i + 1;
    if (IsLeadByte(text[i])) {
      while (end < text.size() && IsContinuationByte(text[end])) ++end;
    }
    out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

std::vector<std::string_view> NameGrams(std::string_view name) {
  const auto characters = NameCharacters(name);
  std::vector<std::string_view> grams;
  grams.reserve(2 * characters.size());
  for (auto character : characters) AddOnce(grams, character);
  for (size_t i = 0; i + 1 < characters.size(); ++i) AddOnce(grams, Pair(characters, i));
  return grams;
}

std::vector<std::string_view> SearchGrams(std::string_view text) {
  const auto characters = NameCharacters(text);
  std::vector<std::string_view> grams;
  if (characters.empty()) return grams;
  if (characters.size() <= 2) return {text};
  for (size_t i = 0; i + 1 < characters.size(); ++i) AddOnce(grams, Pair(characters, i));
  return grams;
}

}  // namespace linli::storage
